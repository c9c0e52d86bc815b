"""Every app and every export reads as a briefing, at 1280 px and on a 390 px phone (issue 14).

For each app notebook of ``notebooks/`` served by the session's ``cocreate serve`` (in
English and with ``?language=da``) and for each ``cocreate export`` of it (English and
``-p language da``), the page is loaded once and then checked at 1280 and at 390 px by
resizing the viewport (no reload), with :func:`browser_helpers.layout_problems_at_widths`:

- no SVG text drawn outside its SVG (clipped chart labels);
- no sentence repeated in adjacent blocks;
- no page-level sideways scroll, and nothing cut off at the right edge; a region that
  scrolls sideways is labelled and keyboard-focusable;
- 2-4 headline cards, each with label, value and verdict;
- exactly one visible ``<h1>``, then the cards, then the detail;

and axe-core finds no WCAG 2.1 A/AA violation at 390 px (the other browser tests run axe
at 1280 px). Every page also shows the synthetic-data banner with its method notes
collapsed, an export has no script, and each pillar's own expectations
(:data:`PILLAR_CHECKS`: its cards, the ledger graph's scroll region) are checked in the
same page load. The checks themselves are tested on synthetic pages in
``test_layout_checks.py``. A failure lists every problem of the page, by width.
"""

from __future__ import annotations

from pathlib import Path

import browser_helpers as bh
import pytest
from conftest import app_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APPS = app_notebooks()
LANGUAGES = ("en", "da")
EXPORTS = {"en": "exports", "da": "exports_da"}


def _check(page, where: str) -> None:
    """All page-pattern checks at both widths, axe at the last (390 px); one readable
    failure listing every problem."""
    problems = bh.layout_problems_at_widths(page, bh.WIDTHS)
    narrow = bh.WIDTHS[-1]
    violations = bh.axe_violations(page)  # the viewport is still at the narrow width
    if violations:
        problems.setdefault(narrow, {})["axe_violations"] = [
            f"{v['id']} ({v['impact']}): {v['help']} at {'; '.join(v['nodes'][:2])}"
            for v in violations
        ]
    if problems:  # pytest.fail, not assert: the report alone, without a dict diff
        report = bh.format_problems(
            {f"{where} at {width} px": found for width, found in problems.items()}
        )
        pytest.fail("page pattern broken:\n" + report, pytrace=False)


# --- What each pillar's page shows beyond the common pattern -----------------------------
# Checked in the same page load, served and exported. (They used to load the same pages
# again from each pillar's own test file, with its own server and exports: minutes of CI.)

#: The scroll box of the ledger's chain graph: a labelled, keyboard-focusable region.
GRAPH_REGION_JS = """() => {
    const r = document.querySelector('.ck-graph-scroll');
    const label = (r.getAttribute('aria-labelledby') || '').split(' ')
        .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    const page = document.scrollingElement || document.documentElement;
    return {role: r.getAttribute('role'), tabindex: r.getAttribute('tabindex'), label,
            scrolls: r.scrollWidth - r.clientWidth, within: r.getBoundingClientRect().right
            <= page.clientWidth + 1};
}"""


def _feedback(page, language: str) -> None:
    """Four cards, SUS and respondents among them, in the page's language."""
    words = {"en": ("Usability (SUS", "Respondents"), "da": ("Brugervenlighed", "Respondenter")}
    cards = bh.headline_cards(page)
    assert len(cards) == 4 and all(w in " ".join(cards) for w in words[language]), cards


def _journey(page, language: str) -> None:
    """Four cards; the notebook-only cell that prints the headline is left out."""
    assert len(bh.headline_cards(page)) == 4
    assert page.locator("main pre").count() == 0


def _ledger(page, language: str) -> None:
    """Four cards, staff cost saved first; the method notes' summary in the page's
    language; at 390 px the chain graph scrolls sideways in its own labelled, focusable
    region, with the arrow keys, and the page does not."""
    cards = bh.headline_cards(page)
    first = {"en": "Staff cost saved", "da": "Sparet personaleomkostning"}[language]
    assert len(cards) == 4 and cards[0].startswith(first), cards
    summary = {"en": "How this was computed", "da": "Sådan er det beregnet"}[language]
    assert page.locator("details.ck-method summary").last.inner_text().strip() == summary
    page.set_viewport_size({"width": 390, "height": 900})
    region = page.evaluate(GRAPH_REGION_JS)
    assert region["role"] == "region" and region["tabindex"] == "0", region
    assert region["label"] and region["scrolls"] > 0 and region["within"], region
    page.focus(".ck-graph-scroll")
    before = page.evaluate("() => document.querySelector('.ck-graph-scroll').scrollLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "b => document.querySelector('.ck-graph-scroll').scrollLeft > b", arg=before
    )
    assert bh.page_scrolls_sideways(page) == 0


PILLAR_CHECKS = {
    "feedback_analysis.ipynb": _feedback,
    "journey_map.ipynb": _journey,
    "ledger.ipynb": _ledger,
}


def _common(page) -> None:
    """Every page: the synthetic-data banner (the bundled samples are synthetic), and the
    method notes collapsed under their summary."""
    assert page.locator("main .ck-banner").count() == 1
    assert page.locator("main details.ck-method[open]").count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("nb", APPS, ids=[p.stem for p in APPS])
def test_app_follows_the_page_pattern(voila_server, page, nb: Path, language: str) -> None:
    watch = bh.Watch(page)
    page.goto(f"{voila_server.url}voila/render/{nb.name}?language={language}")
    bh.wait_for_app(page)
    bh.wait_until_settled(page)
    assert page.get_attribute("html", "lang") == language
    assert "Traceback" not in page.content()
    _check(page, f"app {nb.name} ({language})")
    _common(page)
    PILLAR_CHECKS.get(nb.name, lambda *_: None)(page, language)
    assert watch.external == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("nb", APPS, ids=[p.stem for p in APPS])
def test_export_follows_the_page_pattern(request, page, nb: Path, language: str) -> None:
    exported = request.getfixturevalue(EXPORTS[language])[nb.name]
    watch = bh.Watch(page)
    page.goto(exported.as_uri())
    assert page.get_attribute("html", "lang") == language
    assert page.locator("script").count() == 0
    _check(page, f"export of {nb.name} ({language})")
    _common(page)
    PILLAR_CHECKS.get(nb.name, lambda *_: None)(page, language)
    assert watch.external == []


# --- The same exports on paper -----------------------------------------------------------
# ``tests/test_pdf_export.py`` checks ``cocreate export --pdf`` itself on a synthetic
# briefing (exact page breaks). Here every real export is printed the same way
# (``export.html_to_pdf``, the function ``--pdf`` calls, so no notebook runs twice) and read
# back with pypdf.

A4_POINTS = (595, 842)


def _printed_layout(page, path: Path) -> dict:
    """What the print stylesheet shows, read in the browser with print media, and how many
    pages Playwright's Chromium prints of it (same engine, the page's own A4 ``@page``)."""
    import io

    from pypdf import PdfReader

    page.goto(path.as_uri())
    expected = len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)
    page.emulate_media(media="print")
    try:
        layout = page.evaluate(
            """() => ({
                title: (document.querySelector('h1') || {innerText: ''}).innerText.trim(),
                cards: Array.from(document.querySelectorAll('.ck-card-value'))
                    .map(e => e.innerText.trim()),
                links: Array.from(document.querySelectorAll('main a[href^="http"]'))
                    .map(a => a.href),
            })"""
        )
    finally:
        page.emulate_media(media="screen")
    return {**layout, "pages": expected}


def _squash(text: str) -> str:
    """Text without spaces, ligatures unfolded (pypdf reads "fi" as U+FB01 "ﬁ")."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("nb", APPS, ids=[p.stem for p in APPS])
def test_export_prints_to_a4_with_the_headline_on_page_one(
    exports, page, nb: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from cocreate_kit.export import html_to_pdf

    path = exports[nb.name]
    layout = _printed_layout(page, path)
    pdf = html_to_pdf(path.read_text(encoding="utf-8"), tmp_path / f"{nb.stem}.pdf")
    reader = PdfReader(pdf)
    pages = [_squash(p.extract_text() or "") for p in reader.pages]
    where = f"PDF of the {nb.name} export"
    for i, sheet in enumerate(reader.pages, 1):
        size = (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height)))
        assert size == A4_POINTS, f"{where}: page {i} is {size} pt, not A4"
        assert pages[i - 1] or sheet.images, f"{where}: page {i} is blank"
    # Expected pages: what the same Chromium prints of the same page through Playwright;
    # fewer means `--pdf` lost content (printed too early), more means it laid out otherwise.
    assert len(pages) == layout["pages"], (
        f"{where}: {len(pages)} pages; the page prints on {layout['pages']}"
    )
    # The headline is on page 1: the title and every card's value. The your-data app is a
    # workbench: its page 1 shows the file and the roles given to its columns, and the
    # analysis of that file (with its cards first) follows; its cards must be printed.
    assert layout["title"], f"{where}: the page has no <h1>"
    assert len(layout["cards"]) >= 2, f"{where}: no headline cards to print"
    everything = "".join(pages)
    assert _squash(layout["title"]) in pages[0], f"{where}: the title is not on page 1"
    first = everything if nb.stem == "your_data" else pages[0]
    for text in layout["cards"]:
        assert _squash(text) in first, f"{where}: card value {text!r} is not on page 1"
    # Links print their URL (paper has no hover).
    for url in layout["links"]:
        assert _squash(url) in everything, f"{where}: the URL {url} is not printed"
