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
