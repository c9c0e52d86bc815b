"""Screenshots of every app for the README's gallery (issue 14).

Serves ``notebooks/`` exactly as ``cocreate serve notebooks`` does (the CLI, in a
subprocess, with HOME, Jupyter, IPython and XDG state in a temporary folder), opens each
app in headless Debian Chromium (the kit's test flags) and saves

- ``docs/gallery/<app>-1280.png`` and ``docs/gallery/<app>-390.png`` (English; the 390 px
  shot is the same page resized, not reloaded), and
- ``docs/gallery/<app>-da-1280.png`` (Danish, ``?language=da``),

as full-page PNGs at device scale 1, cut at ``--max-height`` pixels so the repository stays
small. Then it rewrites the README's gallery between ``<!-- gallery:start -->`` and
``<!-- gallery:end -->`` (:func:`gallery_markdown`). The server and Chromium are stopped
also when a page fails.

Usage: ``python scripts/gallery.py [--max-height 2400] [--apps journey_map ...]``
(``make gallery``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import browser_helpers as bh  # noqa: E402  (the tests' one definition of launch/wait)
from conftest import ISOLATED_VARS, app_notebooks, start_server, stop_process  # noqa: E402

GALLERY = ROOT / "docs" / "gallery"
README = ROOT / "README.md"
START, END = "<!-- gallery:start -->", "<!-- gallery:end -->"
#: (language, width) of each screenshot; the first language's widths share one page load.
SHOTS = (("en", 1280), ("en", 390), ("da", 1280))


def shot_name(stem: str, language: str, width: int) -> str:
    """File name of one screenshot: ``<app>-<width>.png``, Danish ``<app>-da-<width>.png``."""
    lang = "" if language == "en" else f"-{language}"
    return f"{stem}{lang}-{width}.png"


def app_title(notebook: Path) -> str:
    """The app's title from the notebook's ``metadata.cocreate.title`` (else its stem)."""
    meta = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("cocreate", {})
    return str(meta.get("title") or notebook.stem)


def gallery_markdown(notebooks: list[Path]) -> str:
    """The README gallery: per app a heading and its screenshots with alt text, in
    ``SHOTS`` order (a phone shot is shown narrower, as on a phone)."""
    lines = [
        START,
        "",
        "Made by `make gallery` (`scripts/gallery.py`): each app served by `cocreate serve` on",
        "the bundled synthetic sample, in headless Chromium, full page cut at 2400 px.",
        "",
    ]
    names = {"en": "English", "da": "Danish"}
    for nb in notebooks:
        title = app_title(nb)
        lines.append(f"### {title} (`{nb.name}`)")
        lines.append("")
        for language, width in SHOTS:
            alt = f"Screenshot of the {title} app, {width} px wide, in {names[language]}"
            src = f"docs/gallery/{shot_name(nb.stem, language, width)}"
            shown = 200 if width < 600 else 640
            lines.append(f'<img src="{src}" alt="{alt}" width="{shown}">')
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def update_readme(notebooks: list[Path], readme: Path = README) -> None:
    """Replace the text between the gallery markers (markers included) in ``readme``."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        msg = f"{readme}: the gallery markers {START} and {END} are missing."
        raise SystemExit(msg)
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(head + gallery_markdown(notebooks) + tail, encoding="utf-8")


def _screenshot(page, path: Path, max_height: int) -> None:
    height = min(max_height, page.evaluate("() => document.documentElement.scrollHeight"))
    width = page.viewport_size["width"]
    page.screenshot(
        path=str(path),
        full_page=True,
        clip={"x": 0, "y": 0, "width": width, "height": height},
        animations="disabled",
        caret="hide",
    )


def take_screenshots(notebooks: list[Path], max_height: int) -> list[Path]:
    """Serve ``notebooks/``, screenshot each app (``SHOTS``), stop everything."""
    from playwright.sync_api import sync_playwright

    GALLERY.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="cocreate-gallery-") as tmp:
        base = Path(tmp)
        env = dict(os.environ)
        for var, sub in {**ISOLATED_VARS, "HOME": "home"}.items():
            (base / sub).mkdir()
            env[var] = str(base / sub)
        env.pop("COCREATE_STATIC", None)
        server = start_server(ROOT / "notebooks", env, base / "serve.log")
        try:
            with sync_playwright() as pw:
                browser = bh.launch(pw, env=env)
                try:
                    for nb in notebooks:
                        for language in dict.fromkeys(lang for lang, _ in SHOTS):
                            widths = [w for lang, w in SHOTS if lang == language]
                            context = browser.new_context(
                                viewport={"width": widths[0], "height": 900},
                                device_scale_factor=1,
                            )
                            try:
                                page = context.new_page()
                                page.set_default_timeout(120_000)
                                page.goto(f"{server.url}voila/render/{nb.name}?language={language}")
                                bh.wait_for_app(page, timeout_ms=180_000)
                                bh.wait_until_settled(page)
                                for width in widths:
                                    bh.set_width(page, width)
                                    path = GALLERY / shot_name(nb.stem, language, width)
                                    _screenshot(page, path, max_height)
                                    written.append(path)
                                    print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} B")
                            finally:
                                context.close()
                finally:
                    browser.close()
        finally:
            stop_process(server.proc)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-height", type=int, default=2400, help="cut pages at this height")
    parser.add_argument("--apps", nargs="*", help="notebook stems (default: every app)")
    args = parser.parse_args(argv)
    notebooks = app_notebooks()
    chosen = [nb for nb in notebooks if not args.apps or nb.stem in args.apps]
    written = take_screenshots(chosen, args.max_height)
    update_readme(notebooks)
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} screenshots, {total:,} B; README gallery updated.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
