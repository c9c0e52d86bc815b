"""Every app ``cocreate serve notebooks`` lists, and every export, checked in headless Chromium.

For each app: the landing page links it; the page renders with visible widgets; changing
the first control round-trips to the kernel and changes the output; no console errors; no
request to a non-loopback host; axe-core (WCAG 2.0/2.1 A and AA) finds nothing; no planted
personal data in the HTML. The same checks, minus the kernel, run on each notebook's
``cocreate export`` opened from ``file://``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urljoin

import browser_helpers as bh
import pytest
from conftest import app_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APPS = app_notebooks()


def _meta(nb: Path) -> dict:
    return json.loads(nb.read_text(encoding="utf-8"))["metadata"].get("cocreate", {})


def _landing_links(page, server) -> dict[str, dict[str, str]]:
    page.goto(server.url)
    links = page.eval_on_selector_all(
        "a.ck-app-link",
        "els => els.map(a => ({href: a.getAttribute('href'), title: a.textContent.trim(),"
        " description: (a.parentElement.querySelector('p') || {textContent: ''})"
        ".textContent.trim()}))",
    )
    return {unquote(link["href"].rsplit("/voila/render/", 1)[-1]): link for link in links}


def test_there_is_at_least_one_app() -> None:
    assert [p.name for p in APPS if p.name == "explorer.ipynb"] == ["explorer.ipynb"]
    # The "your data" app (issue 9) is checked like every other app, with its sample.
    assert "your_data.ipynb" in [p.name for p in APPS]


def test_landing_page(voila_server, page) -> None:
    watch = bh.Watch(page)
    links = _landing_links(page, voila_server)
    # Every notebook is listed, with the title and description from its metadata.
    assert sorted(links) == [p.name for p in APPS]
    for nb in APPS:
        meta = _meta(nb)
        assert meta.get("title") and meta.get("description"), f"{nb.name}: metadata.cocreate"
        assert links[nb.name]["title"] == meta["title"]
        assert links[nb.name]["description"] == meta["description"]
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("header").count() == 1 and page.locator("main").count() == 1
    assert page.locator("footer").count() == 1
    assert page.locator("a.ck-skip[href='#main']").count() == 1
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}
    assert bh.leaked_pii(page.content()) == []


def test_landing_page_ignores_overrides(voila_server, page) -> None:
    """``?classic-tree=false`` (the lab tree) shows the same kit landing page."""
    watch = bh.Watch(page)
    page.goto(voila_server.url + "voila/tree/?classic-tree=false&theme=dark&template=lab")
    assert page.locator("a.ck-app-link").count() == len(APPS)
    assert watch.problems() == {}


@pytest.mark.parametrize("nb", APPS, ids=[p.stem for p in APPS])
def test_app_in_browser(nb: Path, voila_server, page) -> None:
    links = _landing_links(page, voila_server)
    assert nb.name in links, f"{nb.name} is not on the landing page"
    watch = bh.Watch(page)
    page.goto(urljoin(voila_server.url, links[nb.name]["href"]))
    bh.wait_for_app(page)

    # Rendered, in the kit template, with visible widgets.
    meta = _meta(nb)
    assert page.title() == meta["title"]
    assert page.get_attribute("html", "lang")
    assert page.locator("a.ck-skip").count() == 1
    assert page.locator("main .ck-controls").count() >= 1, "the app must sit inside <main>"
    assert bh.really_visible(page, ".ck-controls"), "controls are not painted on screen"
    assert bh.really_visible(page, ".ck-output"), "output is not painted on screen"
    assert "Traceback" not in page.content()

    # One interaction round-trips to the kernel and changes the output.
    before = bh.output_html(page)
    chosen = bh.change_first_control(page)
    after = bh.wait_output_changed(page, before)
    assert after != before, chosen
    assert "ck-warning" not in after or "could not be drawn" not in after, after[:300]

    assert bh.axe_violations(page) == []
    assert watch.problems() == {}
    assert bh.leaked_pii(page.content()) == []


# ``exports`` (one English export per app, per session) is in conftest.py.


@pytest.mark.parametrize("nb", APPS, ids=[p.stem for p in APPS])
def test_export_in_browser(nb: Path, exports, page) -> None:
    path = exports[nb.name]
    html = path.read_text(encoding="utf-8")
    watch = bh.Watch(page)
    page.goto(path.as_uri())
    assert page.title() == _meta(nb)["title"]
    assert page.locator("main").count() == 1
    # No code, no widgets, no scripts: static output only.
    assert page.locator("script").count() == 0
    assert not bh.has_widget_markup(html) and "Traceback" not in html
    # Every chart is painted: inline SVG (kit figures) or images that loaded.
    charts = page.locator("main svg, main img")
    assert charts.count() >= 1, "no chart in the export"
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 10 and box["height"] > 10, f"chart {i} not drawn"
    broken = page.eval_on_selector_all(
        "img", "els => els.filter(i => !i.complete || i.naturalWidth === 0).length"
    )
    assert broken == 0
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}
    assert bh.leaked_pii(html) == []


def _kernel_alive(server, kernel_id: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{server.url}api/kernels/{kernel_id}", timeout=30) as r:
            return r.status == 200
    except urllib.error.HTTPError as exc:
        return exc.code != 404


def test_leaving_the_page_frees_its_kernel(voila_server, browser) -> None:
    """The page's ``pagehide`` beacon shuts its kernel down; other sites cannot."""
    import time
    import urllib.error
    import urllib.request

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(voila_server.url + "voila/render/explorer.ipynb")
        bh.wait_for_app(page)
        kernel_id = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        assert _kernel_alive(voila_server, kernel_id)
        # A cross-site request (foreign Origin, no _xsrf) is refused.
        forged = urllib.request.Request(
            f"{voila_server.url}voila/api/shutdown/{kernel_id}",
            method="POST",
            data=b"",
            headers={"Origin": "http://attacker.example"},
        )
        try:
            urllib.request.urlopen(forged, timeout=30)
            refused = False
        except urllib.error.HTTPError as exc:
            refused = exc.code in (403, 404)
        assert refused and _kernel_alive(voila_server, kernel_id)
        page.goto("about:blank")
        deadline = time.monotonic() + 20
        while _kernel_alive(voila_server, kernel_id) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _kernel_alive(voila_server, kernel_id)
    finally:
        context.close()
