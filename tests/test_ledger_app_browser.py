"""The ledger app (``notebooks/ledger.ipynb``) served by ``cocreate serve`` and exported by
``cocreate export``, checked in headless Chromium.

Served: the page renders with the headline cards, the chain graph, the participation
panel and the gap list; picking a decision in the drop-down round-trips to the kernel and
draws that decision's chain (fewer nodes, the chosen one marked), then a pain point's;
Tab from the drop-down reaches the graph's nodes and Enter on a node shows that entity in
the list alternative; no request leaves the machine; axe-core finds nothing; no traceback.
Exported: the same page as one HTML file from ``file://``: no scripts, the graph's nodes
reachable with Tab, their text inside their boxes, axe-core clean, nothing external.

The general checks every app gets (landing page, first-control round trip, export) also run
on the ledger app in ``tests/test_browser_apps.py``, which lists every notebook.
"""

from __future__ import annotations

from pathlib import Path

import browser_helpers as bh
import pytest
from conftest import NOTEBOOKS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = NOTEBOOKS / "ledger.ipynb"
NODES = "main svg a.ck-graph-node"


@pytest.fixture
def ledger_export(exports) -> Path:
    """The session's English export of the ledger notebook (``cocreate export``)."""
    return exports[NOTEBOOK.name]


def _node_names(page) -> list[str]:
    return page.eval_on_selector_all(NODES, "els => els.map(a => a.getAttribute('aria-label'))")


def _tab_to_graph(page, start: str | None, limit: int = 60) -> str:
    """Press Tab (from ``start`` if given) until a graph node has focus; its accessible name."""
    if start is not None:
        page.focus(start)
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "() => { const a = document.activeElement;"
            " return a && a.matches('svg a.ck-graph-node') ? a.getAttribute('aria-label') : ''; }"
        )
        if name:
            return name
    raise AssertionError(f"{limit} presses of Tab never reached a node of the chain graph")


def _enter_shows_the_entity(page) -> None:
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=target)
    entry = page.locator(f"li{target}")
    assert entry.count() == 1
    entry.wait_for(state="visible")  # the <details> holding the list opens for its target
    assert bh.really_visible(page, f"li{target}")


def _texts_inside_boxes(page) -> list[str]:
    """Node texts whose drawn box pokes out of their node's box (should be none)."""
    return page.eval_on_selector_all(
        NODES,
        """nodes => nodes.flatMap(a => {
             const box = a.querySelector('rect.ck-graph-box').getBBox();
             return Array.from(a.querySelectorAll('text')).filter(t => {
               const b = t.getBBox();
               return b.x < box.x || b.x + b.width > box.x + box.width
                   || b.y < box.y || b.y + b.height > box.y + box.height; })
               .map(t => a.getAttribute('aria-label') + ' :: ' + t.textContent); })""",
    )


def test_served_ledger_app(voila_server, page) -> None:
    watch = bh.Watch(page)
    page.goto(voila_server.url + "voila/render/ledger.ipynb")
    bh.wait_for_app(page)
    html = page.content()
    assert "Traceback" not in html
    assert page.locator("main select").count() >= 1
    label = page.locator("main .ck-controls label").first.inner_text()
    assert "chain of" in label.lower()
    output = page.locator(".ck-output")
    assert output.locator("h3", has_text="The chain").count() == 1
    for heading in ("Public value scorecard", "Who took part", "Gaps in the chain"):
        assert output.locator("h2", has_text=heading).count() == 1, heading
    assert len(bh.headline_cards(page)) == 4  # the scorecard headline, as cards in the head
    assert "could not be drawn" not in output.inner_html()
    whole = _node_names(page)
    assert len(whole) >= 10
    # The graph scrolls in its own box; its caption wraps inside the page.
    right = page.evaluate(
        "() => [document.querySelector('.ck-output').getBoundingClientRect().right,"
        " document.querySelector('.ck-graph figcaption').getBoundingClientRect().right,"
        " document.querySelector('.ck-graph-scroll').getBoundingClientRect().right]"
    )
    assert right[1] <= right[0] + 1 and right[2] <= right[0] + 1, right

    # Drill from a decision to its evidence: the graph redraws with that decision's chain.
    select = page.locator("main .ck-controls select").first
    # ipywidgets puts each option's label (with no-break spaces shown) in its value
    options = select.evaluate(
        "s => Array.from(s.options).map(o => ({value: o.value, label: o.value}))"
    )
    assert len(options) > 2, options
    decision = next(o for o in options if o["label"].startswith("Decision "))
    pain = next(o for o in options if o["label"].startswith("Pain point "))
    before = bh.output_html(page)
    select.select_option(decision["value"])
    after = bh.wait_output_changed(page, before)
    chosen = decision["label"].split(":")[0].removeprefix("Decision ")
    assert f"The chain of {chosen}" in after
    names = _node_names(page)
    assert 1 < len(names) < len(whole)
    assert [n for n in names if n.endswith("(chosen)")] == [
        next(n for n in names if n.startswith(f"{chosen} · "))
    ]
    assert "could not be drawn" not in after

    # ... and from a pain point to what became of it.
    select.select_option(pain["value"])
    again = bh.wait_output_changed(page, after)
    point = pain["label"].split(":")[0].removeprefix("Pain point ")
    assert f"The chain of {point}" in again
    assert any(n.startswith(f"{point} · ") and n.endswith("(chosen)") for n in _node_names(page))

    # Keyboard: from the drop-down, Tab reaches the graph; Enter shows the entity in words.
    name = _tab_to_graph(page, "main .ck-controls select")
    assert name in _node_names(page)
    _enter_shows_the_entity(page)

    assert "Traceback" not in page.content()
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}
    assert bh.leaked_pii(page.content()) == []


def test_exported_ledger_opens_offline_from_file(ledger_export, page) -> None:
    html = ledger_export.read_text(encoding="utf-8")
    assert "Traceback" not in html and not bh.has_widget_markup(html)
    watch = bh.Watch(page)
    page.goto(ledger_export.as_uri())
    assert page.locator("script").count() == 0
    for heading in ("Public value scorecard", "Who took part", "Gaps in the chain"):
        assert page.locator("main h2", has_text=heading).count() == 1, heading
    names = _node_names(page)
    assert len(names) >= 10
    box = page.locator("main svg.ck-graph-svg").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    assert _texts_inside_boxes(page) == []
    name = _tab_to_graph(page, None, limit=200)
    assert name == names[0], "Tab enters the graph at its first node (column order)"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == names[1]
    _enter_shows_the_entity(page)
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}
    assert bh.leaked_pii(html) == []


# The page pattern of this app (issue 14: its cards, the method notes, the chain graph's
# own scroll region at 390 px, in English and Danish, served and exported) is checked with
# every other app's in test_page_pattern.py.
