"""The page-pattern checks of ``browser_helpers`` (issue 14) fail and pass when they should.

Each check is run on a small synthetic page (``page.set_content``, no server) that has the
defect, and on the same page fixed: clipped SVG text, a sentence repeated in the next
block, a 2000 px table outside a scroll region, content cut off by ``overflow-x: hidden``,
a scroll region without name or keyboard focus, missing or incomplete headline cards, two
``<h1>`` and cards below the controls. The cross-app test (``test_page_pattern.py``) relies
on these definitions, so a check that could not fail would hide a broken page.
"""

from __future__ import annotations

import browser_helpers as bh
import pytest

pytestmark = [pytest.mark.browser]

CARD = (
    '<li class="ck-card ck-card-good"><p class="ck-card-label">{label}</p>'
    '<p class="ck-card-value">{value}</p><p class="ck-card-interval">95% CI 1 to 3</p>'
    '<p class="ck-card-n">n = 40</p><p class="ck-card-verdict">{verdict}</p></li>'
)
TWO_CARDS = (
    '<ul class="ck-cards">'
    + CARD.format(label="Cost per case", value="-24%", verdict="The redesign saves 24%.")
    + CARD.format(label="Time to decision", value="12 days", verdict="Five days faster.")
    + "</ul>"
)
STYLE = (
    "<style>body{margin:0;font:16px sans-serif} .ck-visually-hidden{position:absolute;"
    "width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}</style>"
)


def _page(page, body: str, width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.set_content(f"<!doctype html><html lang='en'><head>{STYLE}</head><body>{body}</body>")


def _good(main: str = "", cards: str = TWO_CARDS) -> str:
    return f"<main><h1>Cost of the service</h1><p>What this is.</p>{cards}{main}</main>"


SVG_CLIPPED = '<svg width="200" height="60"><text x="150" y="30">Promoters (9-10)</text></svg>'
SVG_FITS = '<svg width="300" height="60"><text x="10" y="30">Promoters (9-10)</text></svg>'


def test_svg_text_outside_its_svg(page) -> None:
    _page(page, _good(SVG_CLIPPED))
    found = bh.svg_text_outside(page)
    assert [f["text"] for f in found] == ["Promoters (9-10)"]
    assert found[0]["overflow"] > 20
    assert "svg_text_outside" in bh.layout_problems(page)
    _page(page, _good(SVG_FITS))
    assert bh.svg_text_outside(page) == []
    # A chart in a closed <details> is not drawn, so it cannot be clipped on screen.
    _page(page, _good(f"<details><summary>Chart</summary>{SVG_CLIPPED}</details>"))
    assert bh.svg_text_outside(page) == []


SENTENCE = "Participants who finished the form saved 24 minutes on average."


def test_sentence_repeated_in_the_next_block(page) -> None:
    # The summary, then the chart's description as a second visible copy (issue 14).
    _page(
        page,
        _good(
            f"<p>{SENTENCE}</p><figure>{SVG_FITS}<figcaption>{SENTENCE}"
            " Bars show means.</figcaption></figure>"
        ),
    )
    assert bh.repeated_sentences(page) == [SENTENCE.lower()]
    # The headline printed again in monospace (a <pre> right under it).
    _page(page, _good(f"<p>{SENTENCE}</p><pre>{SENTENCE}</pre>"))
    assert bh.repeated_sentences(page) == [SENTENCE.lower()]
    # Widget output: a text-holding <div> repeats the heading above it.
    _page(page, _good(f"<h2>{SENTENCE}</h2><div><div>{SENTENCE}</div></div>"))
    assert bh.repeated_sentences(page) == [SENTENCE.lower()]
    # Fixed: the description is for screen readers only, or collapsed in <details>.
    _page(
        page,
        _good(
            f"<p>{SENTENCE}</p><figure>{SVG_FITS}<figcaption "
            f'class="ck-visually-hidden">{SENTENCE}</figcaption></figure>'
        ),
    )
    assert bh.repeated_sentences(page) == []
    _page(
        page, _good(f"<p>{SENTENCE}</p><details><summary>How</summary><p>{SENTENCE}</p></details>")
    )
    assert bh.repeated_sentences(page) == []
    # A long sentence (8+ words) said again further down is repetition too (the journey
    # app's headline in monospace at the top and again above the charts) ...
    far = f"<pre>{SENTENCE}</pre><p>One.</p><p>Two.</p><p>Three.</p><h3>{SENTENCE}</h3>"
    _page(page, _good(far))
    assert bh.repeated_sentences(page) == [SENTENCE.lower()]
    # ... but not a short one far apart, nor a value repeated down a table's rows.
    short = "Five words in this sentence."
    _page(page, _good(f"<p>{short}</p><p>One.</p><p>Two.</p><p>Three.</p><p>{short}</p>"))
    assert bh.repeated_sentences(page) == []
    rows = "".join(f"<tr><td>{i}</td><td>{SENTENCE}</td></tr>" for i in range(3))
    _page(page, _good(f"<table><caption>Quotes</caption>{rows}</table>"))
    assert bh.repeated_sentences(page) == []


WIDE_TABLE = (
    '<table style="width:2000px"><caption>Cases</caption><tr><th>Step</th><th>Days</th></tr>'
    "<tr><td>Search</td><td>3</td></tr></table>"
)


def test_wide_table_scrolls_the_page(page) -> None:
    _page(page, _good(WIDE_TABLE), width=390)
    assert bh.page_scrolls_sideways(page) > 1500
    assert "page_scrolls_sideways_px" in bh.layout_problems(page)
    # Fixed: the table scrolls inside a labelled, keyboard-focusable region.
    region = (
        '<div style="overflow-x:auto" tabindex="0" role="region" aria-label="Cases">'
        f"{WIDE_TABLE}</div>"
    )
    _page(page, _good(region), width=390)
    assert bh.page_scrolls_sideways(page) == 0
    assert bh.content_outside_viewport(page) == []
    assert bh.unlabelled_scroll_regions(page) == []
    assert bh.layout_problems(page) == {}


def test_hidden_overflow_cuts_content_off(page) -> None:
    """``overflow-x: hidden`` on the body stops the page scrolling but cuts the table."""
    _page(page, f"<div style='overflow-x:hidden'>{_good(WIDE_TABLE)}</div>", width=390)
    page.add_style_tag(content="html, body { overflow-x: hidden; }")
    assert bh.page_scrolls_sideways(page) == 0
    found = bh.content_outside_viewport(page)
    assert found and found[0]["element"].startswith("table") and found[0]["overflow"] > 1500


def test_scroll_region_needs_a_name_and_keyboard_focus(page) -> None:
    _page(page, _good(f'<div style="overflow-x:auto">{WIDE_TABLE}</div>'), width=390)
    found = bh.unlabelled_scroll_regions(page)
    assert len(found) == 1
    assert "keyboard focus" in found[0]["missing"] and "a name" in found[0]["missing"]
    # A region that does not scroll at this width needs neither.
    _page(page, _good('<div style="overflow-x:auto"><p>Short.</p></div>'), width=390)
    assert bh.unlabelled_scroll_regions(page) == []


def test_headline_cards(page) -> None:
    _page(page, _good("<p>No cards here.</p>", cards=""))
    assert bh.headline_cards(page) == []
    assert bh.card_problems(page) == ["0 headline cards (2-4 expected): none"]
    one = '<ul class="ck-cards">' + CARD.format(label="A", value="1", verdict="Ok.") + "</ul>"
    _page(page, _good(cards=one))
    assert bh.card_problems(page)[0].startswith("1 headline cards")
    five = '<ul class="ck-cards">' + CARD.format(label="A", value="1", verdict="V.") * 5 + "</ul>"
    _page(page, _good(cards=five))
    assert bh.card_problems(page)[0].startswith("5 headline cards")
    no_verdict = TWO_CARDS.replace("The redesign saves 24%.", "")
    _page(page, _good(cards=no_verdict))
    assert bh.card_problems(page) == [
        "card 'Cost per case -24% 95% CI 1 to 3 n = 40' has no verdict"
    ]
    _page(page, _good())
    assert len(bh.headline_cards(page)) == 2
    assert bh.card_problems(page) == []
    assert bh.layout_problems(page) == {}


def test_one_h1_and_headline_first(page) -> None:
    controls = (
        '<div class="ck-controls"><label>Group <select><option>All</option></select></label></div>'
    )
    # The notebook's own heading and the app's heading: two <h1>.
    _page(page, f"<main><h1>Journey</h1><h1>Journey</h1>{TWO_CARDS}{controls}</main>")
    assert bh.order_problems(page) == ['2 visible <h1> (exactly 1 expected): "Journey", "Journey"']
    # Controls and a chart before the cards: the reader scrolls to reach the answer.
    _page(page, f"<main><h1>Journey</h1>{controls}{SVG_FITS}{TWO_CARDS}</main>")
    found = bh.order_problems(page)
    assert any(p.startswith(".ck-controls comes before") for p in found), found
    assert any(p.startswith("svg comes before") for p in found), found
    _page(page, f"<main><h1>Journey</h1>{TWO_CARDS}{controls}{SVG_FITS}</main>")
    assert bh.order_problems(page) == []


def test_checks_run_at_each_width_without_reloading(page) -> None:
    """A table that fits at 1280 but not at 390: only the 390 px pass reports it."""
    table = WIDE_TABLE.replace("2000px", "900px")
    _page(page, _good(table))
    page.evaluate("() => { window.__loaded_once = true; }")
    found = bh.layout_problems_at_widths(page, (1280, 390))
    assert list(found) == [390]
    assert found[390]["page_scrolls_sideways_px"] > 400
    assert page.evaluate("() => window.__loaded_once") is True  # same document, resized
    report = bh.format_problems({f"app x at {w} px": f for w, f in found.items()})
    lines = report.splitlines()
    assert lines[:2] == ["app x at 390 px:", "  page_scrolls_sideways_px:"]
    assert lines[2].startswith("    - ") and int(lines[2][6:]) > 400
