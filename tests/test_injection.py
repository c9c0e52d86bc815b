"""Data text is inert: every payload in every text field, every app served and exported.

The payloads (``injection_payloads.py``) are HTML that runs script, links and images to an
outside host, Markdown and LaTeX tricks, a right-to-left override and a 200,000-character
step title, placed in journey titles, persona and stage names, step titles and lanes,
evidence quotes, rating comments, experiment variant labels and a column name, survey
comments, group values and a column name, explorer channel names, the notebooks' ``title``
parameter and their metadata (title, ``lang``). Each app runs through ``cocreate serve``
and each app and template through ``cocreate export``; Chromium opens every page with a
dialog listener, a console listener and a request watcher.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import browser_helpers as bh
import injection_payloads as ip
import pytest
from conftest import ROOT, start_server, stop_process

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APP_NAMES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
EXPORT_NAMES = APP_NAMES + sorted(f"t_{p.stem}" for p in (ROOT / "templates").glob("*.ipynb"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Payload data sets and notebooks pointing at them: ``apps/`` and ``templates/``."""
    base = tmp_path_factory.mktemp("hostile")
    data = ip.build(base / "data")
    written = ip.notebooks(base / "all", data)
    (base / "apps").mkdir()
    (base / "templates").mkdir()
    out = {}
    for nb in written:
        kind, name = nb.name.split("_", 1)
        target = base / ("apps" if kind == "app" else "templates") / name
        nb.rename(target)
        out[("" if kind == "app" else "t_") + Path(name).stem] = target
    out["_apps"] = base / "apps"
    return out


class Observed:
    """Dialogs, requests and errors of one page (on top of :class:`browser_helpers.Watch`)."""

    def __init__(self, page: Any) -> None:
        self.watch = bh.Watch(page)
        self.dialogs: list[str] = []

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)


def _layout(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const scope = document.querySelector('main') || document.body;
          const handlers = [];
          for (const el of scope.querySelectorAll('*')) {
            for (const a of el.attributes) {
              if (a.name.startsWith('on')) handlers.push(el.tagName + ' ' + a.name);
              if (/^\\s*(javascript|vbscript):/i.test(a.value)) handlers.push(el.tagName + ' ' + a.name);
            }
          }
          const wide = [];
          for (const el of scope.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > window.innerWidth + 2 && el.closest('.ck-table-wrap, .ck-chart,'
                + ' .jupyter-widgets, pre') === null) wide.push(el.tagName + '.' + el.className);
          }
          return {
            pwned: typeof window.__pwned !== 'undefined',
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            footer: !!document.querySelector('footer.ck-footer'),
            handlers: handlers.slice(0, 10),
            wide: wide.slice(0, 10),
            text: document.body.innerText,
            // Voila's own page scripts sit in <main>; output areas hold only widget views.
            scripts: Array.from(document.querySelectorAll(
                '.jp-OutputArea-output script, .ck-output script, .ck-app script'))
              .filter(x => !(x.type || '').startsWith('application/vnd.jupyter')).length,
            iframes: document.querySelectorAll('iframe, object, embed').length,
          };
        }"""
    )


def _check_page(page: Any, seen: Observed, where: str) -> str:
    """The shared assertions; returns the page's text."""
    page.wait_for_timeout(1500)  # let any onerror / delayed payload fire
    info = _layout(page)
    assert seen.dialogs == [], f"{where}: a payload opened a dialog: {seen.dialogs}"
    assert not info["pwned"], f"{where}: a <script> payload ran"
    assert seen.watch.external == [], f"{where}: requests left the machine: {seen.watch.external}"
    problems = {k: v for k, v in seen.watch.problems().items() if k != "external requests"}
    assert problems == {}, f"{where}: {problems}"
    assert info["handlers"] == [], f"{where}: live event handlers or script URLs in the page"
    assert info["scripts"] == 0 and info["iframes"] == 0, f"{where}: injected elements"
    assert info["footer"], f"{where}: the footer is gone (layout broken)"
    assert info["scrollWidth"] <= info["innerWidth"] + 16, (
        f"{where}: the page is {info['scrollWidth']} px wide in a {info['innerWidth']} px "
        f"window; too wide: {info['wide']}"
    )
    text = info["text"]
    # Shown as text in the page, or (a notebook's metadata title, which the page header no
    # longer repeats under the app's own h1) as the document title, never run.
    shown = ip.VISIBLE in text or page.title() == ip.VISIBLE
    assert shown, f"{where}: the <script> payload is not shown as text"
    assert ip.RLO not in text, f"{where}: a right-to-left override reached the page"
    assert ip.LONG not in text, f"{where}: a 200,000-character text was shown uncut"
    assert "Traceback" not in text
    return text


@pytest.fixture(scope="module")
def hostile_server(hostile: dict[str, Path], isolated_env: dict[str, str], tmp_path_factory):
    log = tmp_path_factory.mktemp("hostile_serve") / "serve.log"
    server = start_server(hostile["_apps"], isolated_env, log)
    try:
        yield server
    finally:
        stop_process(server.proc)


@pytest.mark.parametrize("name", APP_NAMES)
def test_served_app_is_inert(name: str, hostile, hostile_server, page) -> None:
    seen = Observed(page)
    nb = hostile[name]
    page.goto(f"{hostile_server.url}voila/render/{nb.name}")
    bh.wait_for_app(page, timeout_ms=240_000)
    assert page.get_attribute("html", "lang") == "en", "hostile lang metadata was written raw"
    assert page.title() == ip.VISIBLE, "the metadata title is not shown as text"
    _check_page(page, seen, f"served {name}")
    # Interact once: the redrawn output is just as inert.
    before = bh.output_html(page)
    bh.change_first_control(page)
    bh.wait_output_changed(page, before, timeout_s=180)
    _check_page(page, seen, f"served {name} after a change")
    assert "could not be drawn" not in bh.output_html(page)


@pytest.fixture(scope="module")
def hostile_exports(hostile, isolated_env, tmp_path_factory) -> dict[str, Path]:
    """Every hostile notebook exported with the CLI, two at a time (each export is its own
    kernel, on private Unix sockets, so two never collide)."""
    named = {name: hostile[name] for name in EXPORT_NAMES}
    out_dir = tmp_path_factory.mktemp("hostile_exports")
    return bh.export_all(named, out_dir, isolated_env, timeout=900)


@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_export_is_inert(name: str, hostile_exports, page) -> None:
    path = hostile_exports[name]
    html = path.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html.lower()
    low = html.lower()
    for bad in ('src="http', 'href="javascript', 'onerror="', 'onload="', "<iframe"):
        assert bad not in low, f"export {name}: {bad} in the file"
    seen = Observed(page)
    page.goto(path.as_uri())
    assert page.get_attribute("html", "lang") == "en"
    assert page.title() == ip.VISIBLE
    _check_page(page, seen, f"export {name}")
    charts = page.locator("main svg")
    assert charts.count() >= 1, f"export {name}: no chart drawn"
    box = charts.first.bounding_box()
    assert box and box["width"] > 10 and box["height"] > 10
    assert bh.axe_violations(page) == []
