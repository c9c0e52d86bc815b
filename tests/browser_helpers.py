"""Shared browser checks for the app, landing-page, export and JupyterLab tests (and benchmarks).

Every check is a plain function over a Playwright page so the tests and ``benchmarks/serve.py``
use exactly the same definitions of "rendered", "interactive", "offline" and "accessible".
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
PLANTED_PII = ROOT / "tests" / "data" / "planted_pii.json"


def launch(playwright: Any, env: dict[str, str] | None = None) -> Any:
    """Debian Chromium, headless, with the quiet-network flags (never downloads a browser).

    ``env`` should be the isolated test environment, so Chromium's config and crash folders
    (``XDG_CONFIG_HOME``, ``XDG_CACHE_HOME``) land in a temporary folder, not under ``$HOME``.
    """
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, env=env
    )


def export_with_cli(
    notebook: Path,
    target: Path,
    env: dict[str, str],
    timeout: float = 300,
    language: str | None = None,
) -> subprocess.CompletedProcess:
    """``cocreate export NOTEBOOK -o TARGET [-p language LANG]`` as users run it (the CLI,
    in a subprocess)."""
    cmd = [sys.executable, "-m", "cocreate_kit.cli", "export", str(notebook), "-o", str(target)]
    if language:
        cmd += ["-p", "language", language]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def export_all(
    notebooks: list[Path] | dict[str, Path],
    out_dir: Path,
    env: dict[str, str],
    language: str | None = None,
    workers: int = 2,
    timeout: float = 300,
) -> dict[str, Path]:
    """Every notebook exported with :func:`export_with_cli` into ``out_dir``, ``workers`` at
    a time (each export is its own kernel process, so two overlap on a 2-core CI machine).

    ``notebooks``: paths, named by their file names, or ``{name: path}`` when two share a
    file name. Returns ``{name: exported file}``; raises ``AssertionError`` naming every
    export that failed, with the end of its stderr.
    """
    from concurrent.futures import ThreadPoolExecutor

    named = notebooks if isinstance(notebooks, dict) else {nb.name: nb for nb in notebooks}
    suffix = f".{language}" if language else ""
    targets = {name: out_dir / f"{Path(name).stem}{suffix}.html" for name in named}

    def one(name: str) -> subprocess.CompletedProcess:
        return export_with_cli(named[name], targets[name], env, timeout, language=language)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        procs = dict(zip(targets, pool.map(one, targets), strict=True))
    failed = {name: proc.stderr[-1500:] for name, proc in procs.items() if proc.returncode != 0}
    if failed:
        detail = "\n".join(f"--- {name}:\n{err}" for name, err in failed.items())
        msg = f"cocreate export failed for {', '.join(failed)} (language {language}):\n{detail}"
        raise AssertionError(msg)
    return targets


def has_widget_markup(html: str) -> bool:
    """True when ``html`` holds live-widget markup (an element of class
    ``jupyter-widgets`` or a widget view): a static export must have none. The kit
    stylesheet inlined in every export names the class in a selector, which is not markup."""
    import re

    return bool(
        re.search(r'class="[^"]*\bjupyter-widgets\b', html)
        or "application/vnd.jupyter.widget-view" in html
    )


def is_external(url: str) -> bool:
    """True for a request that would leave the machine (not loopback, file, data or blob)."""
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about", "chrome", "chrome-extension"):
        return False
    return (parts.hostname or "") not in LOOPBACK


class Watch:
    """Records every request, every non-loopback request and every console error of a page."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.external: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def _on_request(self, request: Any) -> None:
        self.requests.append(request.url)
        if is_external(request.url):
            self.external.append(request.url)

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def problems(self) -> dict[str, list[str]]:
        """Non-empty lists of what went wrong (empty dict = clean)."""
        out = {
            "external requests": self.external,
            "console errors": self.console_errors,
            "page errors": self.page_errors,
        }
        return {k: v for k, v in out.items() if v}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core results (WCAG 2.0/2.1 A and AA tags) as a short list of violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools rather than added as a <script>: exported pages carry
        # a Content-Security-Policy that (rightly) blocks every inline script.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' +
                                                    (n.failureSummary || ''))}));
        }""",
        AXE_TAGS,
    )
    return list(result)


def wait_for_app(page: Any, timeout_ms: float = 90_000) -> None:
    """Wait until the app's controls are visible (widgets rendered and connected)."""
    page.wait_for_selector(".ck-controls", state="visible", timeout=timeout_ms)
    page.wait_for_selector(".ck-output", state="visible", timeout=timeout_ms)


def wait_until_settled(page: Any, quiet_ms: int = 1000, timeout_s: float = 60.0) -> None:
    """Wait until ``<main>`` stops changing for ``quiet_ms`` (outputs and charts that the
    kernel sends after the controls appear have arrived), at most ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = page.evaluate(
            "() => { const m = document.querySelector('main') || document.body;"
            " return m.innerHTML.length + ':' + m.querySelectorAll('*').length; }"
        )
        if now != last:
            last, since = now, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return
        page.wait_for_timeout(150)


def output_html(page: Any) -> str:
    """Inner HTML of the first app's output area."""
    return page.eval_on_selector(".ck-output", "el => el.innerHTML")


def change_first_control(page: Any) -> str:
    """Pick another option in the first control of ``.ck-controls`` (Dropdown/ToggleButtons).

    Returns a description of what was chosen.
    """
    first = page.locator(".ck-controls > *").first
    select = first.locator("select")
    if select.count():
        values = select.first.evaluate("s => Array.from(s.options).map(o => o.value)")
        current = select.first.input_value()
        other = next(v for v in values if v != current)
        select.first.select_option(other)
        return f"select option {other!r}"
    buttons = first.locator("button")
    n = buttons.count()
    if n < 2:
        raise AssertionError(
            "the first control in .ck-controls is neither a Dropdown nor "
            "ToggleButtons (app convention)"
        )
    for i in range(n):
        b = buttons.nth(i)
        if "mod-active" not in (b.get_attribute("class") or ""):
            label = b.inner_text()
            b.click()
            return f"toggle button {label!r}"
    raise AssertionError("no inactive toggle button to click")


def wait_output_changed(page: Any, before: str, timeout_s: float = 60.0) -> str:
    """Wait until the output HTML differs from ``before``; return the new HTML."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = output_html(page)
        if now != before:
            return now
        page.wait_for_timeout(100)
    raise AssertionError(
        "the app's output did not change after the control changed (no kernel round trip)"
    )


def planted_pii() -> list[str]:
    """Strings planted in the sample data that must never reach a rendered page.

    ``tests/data/planted_pii.json`` is either a list of strings or an object whose string
    leaves (except its ``description``) are the planted values.
    """
    if not PLANTED_PII.exists():
        return []
    data = json.loads(PLANTED_PII.read_text(encoding="utf-8"))
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if node.strip():
                found.add(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key != "description":
                    walk(value)

    walk(data)
    return sorted(found)


def leaked_pii(html: str) -> list[str]:
    """Planted strings present in ``html``."""
    return [s for s in planted_pii() if s in html]


def really_visible(page: Any, selector: str) -> bool:
    """True if the element is painted where a user would see it (not clipped or covered).

    Playwright's "visible" only means a non-empty box; a panel with ``contain: strict`` or a
    zero-height parent still counts. This scrolls the element into view and asks the
    browser which element is drawn at its centre.
    """
    return bool(
        page.eval_on_selector(
            selector,
            """el => { el.scrollIntoView({block: 'start'});
                   const r = el.getBoundingClientRect();
                   if (r.width < 1 || r.height < 1) return false;
                   const x = Math.max(r.left, 0) + Math.min(r.width / 2, 40);
                   const y = Math.max(r.top, 0) + Math.min(r.height / 2, 10);
                   const hit = document.elementFromPoint(x, y);
                   return !!hit && (el === hit || el.contains(hit)); }""",
        )
    )


# --- Layout checks of the page pattern (issue 14) -------------------------------------------
# One definition each, shared by the app, export, PDF and gallery checks.

WIDTHS = (1280, 390)

_SVG_TEXT_OUTSIDE_JS = """(slack) => {
    const out = [];
    for (const svg of document.querySelectorAll('svg')) {
        if (svg.ownerSVGElement) continue;             // only outermost <svg> elements
        const box = svg.getBoundingClientRect();
        if (box.width < 1 || box.height < 1 || !svg.checkVisibility()) continue;  // not drawn
        if (svg.closest('details:not([open])') && !svg.closest('summary')) continue;
        for (const t of svg.querySelectorAll('text')) {
            const r = t.getBoundingClientRect();
            if (r.width < 1 || !t.textContent.trim()) continue;
            if (r.left < box.left - slack || r.right > box.right + slack ||
                r.top < box.top - slack || r.bottom > box.bottom + slack) {
                out.push({text: t.textContent.trim().slice(0, 80),
                          overflow: Math.round(Math.max(box.left - r.left, r.right - box.right,
                                                        box.top - r.top, r.bottom - box.bottom))});
            }
        }
    }
    return out;
}"""


def svg_text_outside(page: Any, slack: float = 1.0) -> list[dict[str, Any]]:
    """SVG ``<text>`` elements drawn (partly) outside their outermost ``<svg>`` box.

    Such text is clipped on screen. Returns ``[{text, overflow (px)}]``; ``[]`` is the goal.
    Only drawn SVGs count (a chart inside a closed ``<details>`` has no box).
    """
    return list(page.evaluate(_SVG_TEXT_OUTSIDE_JS, slack))


_REPEATED_JS = """([minWords, farWords]) => {
    const hidden = el => {
        for (let e = el; e && e !== document.body; e = e.parentElement) {
            const s = getComputedStyle(e);
            if (s.display === 'none' || s.visibility === 'hidden') return true;
            if (e.classList && e.classList.contains('ck-visually-hidden')) return true;
            if (e.tagName === 'DETAILS' && !e.open && e !== el) {
                // text inside a closed <details> (other than its summary) is not on screen
                if (!el.closest('summary')) return true;
            }
        }
        return false;
    };
    const BLOCK = 'p, li, h1, h2, h3, h4, h5, h6, pre, figcaption, td, th, dd, dt, summary, div';
    const ownText = el => Array.from(el.childNodes).some(
        n => n.nodeType === 3 && n.textContent.trim());
    const blocks = [], cells = [];
    const sel = 'main h1, main h2, main h3, main h4, main h5, main h6, main p, main li,' +
                ' main figcaption, main pre, main summary, main dd, main dt, main td,' +
                ' main th, main div';
    for (const el of document.querySelectorAll(sel)) {
        if (el.closest('svg')) continue;
        if (el.querySelector(BLOCK)) continue;                  // leaves only
        if (el.tagName === 'DIV' && !ownText(el)) continue;     // a div counts when it holds text
        if (hidden(el)) continue;
        const text = el.innerText.replace(/\\s+/g, ' ').trim();
        if (text) blocks.push(text);
        // Table cells and a card's n / interval lines are data: rows and cards may repeat
        // a value ("A n = 30, B n = 30" on every card of one test).
        if (text) cells.push(['TD', 'TH'].includes(el.tagName) ||
                             !!el.closest('.ck-card-n, .ck-card-interval'));
    }
    const sentences = t => t.split(/(?<=[.!?])\\s+/).map(s => s.trim().toLowerCase())
                            .filter(s => s.split(' ').length >= minWords);
    const out = [];
    for (let i = 0; i + 1 < blocks.length; i++) {
        const here = new Set(sentences(blocks[i]));
        for (let j = i + 1; j <= Math.min(i + 2, blocks.length - 1); j++) {
            if (cells[i] && cells[j]) continue;   // a table's rows may repeat a value
            for (const s of sentences(blocks[j])) {
                if (here.has(s)) out.push(s.slice(0, 120));
            }
        }
        if (blocks[i + 1] === blocks[i] && blocks[i].split(' ').length >= 3 &&
            !(cells[i] && cells[i + 1])) {
            out.push(blocks[i].toLowerCase().slice(0, 120));
        }
    }
    // A long sentence said twice anywhere on the page (a headline printed again further
    // down), except in table cells, where rows may legitimately repeat a value.
    const seen = new Set();
    blocks.forEach((block, i) => {
        if (cells[i]) return;
        for (const s of new Set(sentences(block))) {
            if (s.split(' ').length < farWords) continue;
            if (seen.has(s)) out.push(s.slice(0, 120));
            seen.add(s);
        }
    });
    return Array.from(new Set(out));
}"""


def repeated_sentences(page: Any, min_words: int = 5, far_words: int = 8) -> list[str]:
    """Sentences (of ``min_words``+ words) shown twice in nearby visible text blocks.

    A block is a leaf heading, paragraph, list item, caption, summary, table cell,
    ``<pre>`` or text-holding ``<div>`` inside ``<main>`` (not SVG text), skipping text that
    is not on screen (``display: none``, ``.ck-visually-hidden``, inside a closed
    ``<details>``). A sentence that appears again in one of the next two blocks, or two
    identical adjacent blocks of 3+ words, is repetition; so is a sentence of
    ``far_words``+ words shown twice anywhere outside table cells (the headline printed
    again further down). ``[]`` is the goal.
    """
    return list(page.evaluate(_REPEATED_JS, [min_words, far_words]))


def page_scrolls_sideways(page: Any) -> int:
    """How many pixels the page itself scrolls sideways (0 is the goal; a wide table
    must scroll inside its own region, not the page)."""
    return int(
        page.evaluate(
            "() => { const e = document.scrollingElement || document.documentElement;"
            " return Math.max(0, e.scrollWidth - e.clientWidth); }"
        )
    )


_DESCRIBE_JS = """el => {
    const cls = (typeof el.className === 'string' && el.className.trim())
        ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '';
    const text = (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim();
    return el.tagName.toLowerCase() + cls + (text ? ' "' + text.slice(0, 50) + '"' : '');
}"""

_OUTSIDE_VIEWPORT_JS = (
    """() => {
    const describe = """
    + _DESCRIBE_JS
    + """;
    const vw = document.documentElement.clientWidth;
    const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width < 1 || r.height < 1 || r.right <= vw + 1 || r.left >= vw) continue;
        if (!el.checkVisibility({visibilityProperty: true})) continue;  // e.g. closed <details>
        if (el.closest('.ck-visually-hidden, .ck-skip, script, style, head')) continue;
        if (el.ownerSVGElement) continue;                // the outer <svg> is checked
        let inRegion = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (scrolls(a)) { inRegion = true; break; }
        }
        if (inRegion) continue;
        found.push(el);
    }
    const set = new Set(found);
    return found.filter(el => {          // the outermost culprit only
        for (let a = el.parentElement; a; a = a.parentElement) if (set.has(a)) return false;
        return true;
    }).slice(0, 10).map(el => ({element: describe(el),
        overflow: Math.round(el.getBoundingClientRect().right - vw)}));
}"""
)


def content_outside_viewport(page: Any) -> list[dict[str, Any]]:
    """Elements that reach past the right edge of the viewport outside any scroll region.

    Complements :func:`page_scrolls_sideways`: a page that hides its overflow
    (``overflow-x: hidden`` on ``body``) does not scroll but cuts that content off. Content
    inside an element that scrolls sideways (``overflow-x: auto|scroll``) is reachable and
    passes. Returns the outermost culprits ``[{element, overflow (px)}]``; ``[]`` is the goal.
    """
    return list(page.evaluate(_OUTSIDE_VIEWPORT_JS))


_SCROLL_REGIONS_JS = (
    """() => {
    const describe = """
    + _DESCRIBE_JS
    + """;
    const out = [];
    for (const el of document.querySelectorAll('main *')) {
        const s = getComputedStyle(el);
        if (!['auto', 'scroll'].includes(s.overflowX)) continue;
        if (el.clientWidth < 1 || el.scrollWidth <= el.clientWidth + 1) continue;
        const focusable = el.tabIndex >= 0 || !!el.querySelector(
            'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
        const named = !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
        const missing = [];
        if (!focusable) missing.push('keyboard focus (tabindex="0")');
        if (!named) missing.push('a name (aria-label or aria-labelledby)');
        if (missing.length) out.push({element: describe(el), missing: missing.join(', '),
                                      scrolls_px: el.scrollWidth - el.clientWidth});
    }
    return out.slice(0, 10);
}"""
)


def unlabelled_scroll_regions(page: Any) -> list[dict[str, Any]]:
    """Regions inside ``<main>`` that scroll sideways now but cannot be reached by keyboard
    or have no accessible name.

    A table wider than a phone scrolls inside "a labelled, keyboard-focusable region"
    (issue 14; WCAG 2.1.1 and 4.1.2): the region needs ``tabindex="0"`` (or a focusable
    child) and ``aria-label``/``aria-labelledby``. ``[]`` is the goal.
    """
    return list(page.evaluate(_SCROLL_REGIONS_JS))


_CARDS_JS = """() => Array.from(document.querySelectorAll('.ck-cards .ck-card'))
    .filter(e => e.getBoundingClientRect().width > 0 && e.checkVisibility())
    .map(e => {
        const part = c => { const p = e.querySelector(c);
                            return p ? p.innerText.replace(/\\s+/g, ' ').trim() : ''; };
        return {text: e.innerText.replace(/\\s+/g, ' ').trim(), label: part('.ck-card-label'),
                value: part('.ck-card-value'), verdict: part('.ck-card-verdict')};
    })"""


def headline_cards(page: Any) -> list[str]:
    """The visible headline cards' texts (``.ck-card`` inside ``.ck-cards``)."""
    return [card["text"] for card in page.evaluate(_CARDS_JS)]


def card_problems(page: Any) -> list[str]:
    """What is wrong with the headline cards: fewer than 2 or more than 4 visible, or a
    card without its label, big value or verdict. ``[]`` is the goal."""
    cards = page.evaluate(_CARDS_JS)
    out = []
    if not 2 <= len(cards) <= 4:
        shown = "; ".join(card["text"][:60] for card in cards) or "none"
        out.append(f"{len(cards)} headline cards (2-4 expected): {shown}")
    for card in cards:
        empty = [part for part in ("label", "value", "verdict") if not card[part]]
        if empty:
            out.append(f"card {card['text'][:60]!r} has no {', '.join(empty)}")
    return out


_ORDER_JS = """() => {
    const before = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    const h1s = Array.from(document.querySelectorAll('h1'))
        .filter(e => e.getBoundingClientRect().width > 0 && e.checkVisibility());
    const out = [];
    if (h1s.length !== 1) {
        out.push(h1s.length + ' visible <h1> (exactly 1 expected): ' +
                 h1s.map(e => JSON.stringify(e.innerText.trim().slice(0, 50))).join(', '));
    }
    const cards = document.querySelector('.ck-cards');
    if (!cards) return out;
    if (h1s.length && !before(h1s[0], cards)) out.push('the headline cards come before the <h1>');
    // The detail that must follow the cards: in the app (or app section) that shows them.
    // A workbench app (the your-data app) has its file controls first and the analysis of
    // the file below, as a nested app with its own briefing: its cards lead that analysis.
    const scope = cards.closest('.ck-app') || document;
    const detail = ['.ck-controls', 'svg', 'table', 'details.ck-method'];
    for (const sel of detail) {
        const el = scope.querySelector(sel);
        if (el && !before(cards, el) && !cards.contains(el)) {
            out.push(sel + ' comes before the headline cards (headline first)');
        }
    }
    return out;
}"""


def order_problems(page: Any) -> list[str]:
    """The page pattern's order: exactly one visible ``<h1>``, then the headline cards,
    then the detail (controls, charts, tables, method notes) of the app or app section that
    shows the cards (a nested analysis app leads with its own cards). ``[]`` is the goal."""
    return list(page.evaluate(_ORDER_JS))


def layout_problems(page: Any) -> dict[str, Any]:
    """Every page-pattern check at the page's current viewport width, as one dict of
    problems (``{}`` when the page passes): clipped SVG text, repeated sentences, page-level
    sideways scroll, content cut off at the right edge, scroll regions without a name or
    keyboard focus, headline cards (2-4, each complete), one ``<h1>`` and headline first."""
    problems: dict[str, Any] = {
        "svg_text_outside": svg_text_outside(page),
        "repeated_sentences": repeated_sentences(page),
        "page_scrolls_sideways_px": page_scrolls_sideways(page),
        "content_outside_viewport": content_outside_viewport(page),
        "unlabelled_scroll_regions": unlabelled_scroll_regions(page),
        "headline_cards": card_problems(page),
        "order": order_problems(page),
    }
    return {k: v for k, v in problems.items() if v}


def set_width(page: Any, width: int, height: int = 900) -> None:
    """Resize the viewport (no reload) and wait until the page has laid itself out again."""
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(200)


def layout_problems_at_widths(page: Any, widths: tuple[int, ...] = WIDTHS) -> dict[int, Any]:
    """:func:`layout_problems` at each viewport width (the page reflows; no reload).

    The viewport is left at the last width, so callers can run further checks there.
    """
    out: dict[int, Any] = {}
    for width in widths:
        set_width(page, width)
        found = layout_problems(page)
        if found:
            out[width] = found
    return out


def format_problems(problems: dict[Any, Any]) -> str:
    """``{where: {check: [findings]}}`` as an indented, readable report for a test failure."""
    lines: list[str] = []
    for where, checks in problems.items():
        lines.append(f"{where}:")
        if not isinstance(checks, dict):
            checks = {"": checks}
        for check, found in checks.items():
            items = found if isinstance(found, list) else [found]
            lines.append(f"  {check}:" if check else "  -")
            lines.extend(f"    - {item}" for item in items[:12])
            if len(items) > 12:
                lines.append(f"    ... and {len(items) - 12} more")
    return "\n".join(lines)
