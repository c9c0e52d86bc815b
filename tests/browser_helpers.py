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
    notebook: Path, target: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess:
    """``cocreate export NOTEBOOK -o TARGET`` as users run it (the CLI, in a subprocess)."""
    return subprocess.run(
        [sys.executable, "-m", "cocreate_kit.cli", "export", str(notebook), "-o", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
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
        if (box.width < 1 || box.height < 1) continue;  // not drawn (e.g. closed <details>)
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


_REPEATED_JS = """(minWords) => {
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
    const blocks = [];
    const sel = 'main h1, main h2, main h3, main h4, main p, main li, main figcaption,' +
                ' main pre, main summary, main dd, main dt, main td';
    for (const el of document.querySelectorAll(sel)) {
        if (el.querySelector('p, li, h1, h2, h3, h4, pre, figcaption, td')) continue; // leaves only
        if (hidden(el)) continue;
        const text = el.innerText.replace(/\\s+/g, ' ').trim();
        if (text) blocks.push(text);
    }
    const sentences = t => t.split(/(?<=[.!?])\\s+/).map(s => s.trim().toLowerCase())
                            .filter(s => s.split(' ').length >= minWords);
    const out = [];
    for (let i = 0; i + 1 < blocks.length; i++) {
        const here = new Set(sentences(blocks[i]));
        for (let j = i + 1; j <= Math.min(i + 2, blocks.length - 1); j++) {
            for (const s of sentences(blocks[j])) {
                if (here.has(s)) out.push(s.slice(0, 120));
            }
        }
        if (blocks[i + 1] === blocks[i] && blocks[i].split(' ').length >= 3) {
            out.push(blocks[i].slice(0, 120));
        }
    }
    return Array.from(new Set(out));
}"""


def repeated_sentences(page: Any, min_words: int = 5) -> list[str]:
    """Sentences (of ``min_words``+ words) shown twice in nearby visible text blocks.

    A block is a leaf heading, paragraph, list item, caption, summary, table cell or
    ``<pre>`` inside ``<main>``, skipping text that is not on screen (``display: none``,
    ``.ck-visually-hidden``, inside a closed ``<details>``). A sentence that appears again
    in one of the next two blocks, or two identical adjacent blocks of 3+ words, is
    repetition. ``[]`` is the goal.
    """
    return list(page.evaluate(_REPEATED_JS, min_words))


def page_scrolls_sideways(page: Any) -> int:
    """How many pixels the page itself scrolls sideways (0 is the goal; a wide table
    must scroll inside its own region, not the page)."""
    return int(
        page.evaluate(
            "() => { const e = document.scrollingElement || document.documentElement;"
            " return Math.max(0, e.scrollWidth - e.clientWidth); }"
        )
    )


def headline_cards(page: Any) -> list[str]:
    """The visible headline cards' texts (``.ck-card`` inside ``.ck-cards``)."""
    return list(
        page.eval_on_selector_all(
            ".ck-cards .ck-card",
            "els => els.filter(e => e.getBoundingClientRect().width > 0)"
            ".map(e => e.innerText.replace(/\\s+/g, ' ').trim())",
        )
    )


def layout_problems(page: Any) -> dict[str, Any]:
    """Every page-pattern check at the page's current viewport width, as one dict of
    problems (``{}`` when the page passes): clipped SVG text, repeated sentences, page-level
    sideways scroll, and fewer than 2 or more than 4 headline cards."""
    cards = headline_cards(page)
    problems: dict[str, Any] = {
        "svg_text_outside": svg_text_outside(page),
        "repeated_sentences": repeated_sentences(page),
        "page_scrolls_sideways_px": page_scrolls_sideways(page),
        "headline_cards": [] if 2 <= len(cards) <= 4 else cards or ["(none)"],
    }
    return {k: v for k, v in problems.items() if v}


def layout_problems_at_widths(page: Any, widths: tuple[int, ...] = WIDTHS) -> dict[int, Any]:
    """:func:`layout_problems` at each viewport width (the page reflows; no reload)."""
    out: dict[int, Any] = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        found = layout_problems(page)
        if found:
            out[width] = found
    return out
