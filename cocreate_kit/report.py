"""Standalone, offline HTML pages: the shell used by ``cocreate export`` and ``Figure.save``.

A page inlines the kit stylesheet and nothing else: no scripts, fonts or styles are loaded
from anywhere, so it works opened from ``file://`` on a machine with no network.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ._html import esc

__all__ = ["page", "kit_css"]


@lru_cache(maxsize=1)
def kit_css() -> str:
    """The kit stylesheet as text."""
    return (Path(__file__).parent / "_static" / "kit.css").read_text(encoding="utf-8")


def page(title: str, body_html: str, *, lang: str = "en", subtitle: str = "") -> str:
    """Wrap ``body_html`` in a complete accessible HTML page.

    The page has ``lang``, a ``<title>``, a skip link, ``header``/``main``/``footer``
    landmarks and the kit stylesheet inlined.

    Examples
    --------
    >>> html = page("Report", "<p>Hello</p>")
    >>> '<html lang="en">' in html and '<main id="main"' in html
    True
    """
    sub = f"<p>{esc(subtitle)}</p>" if subtitle else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{kit_css()}</style>\n</head>\n"
        '<body class="ck-page">\n<a class="ck-skip" href="#main">Skip to content</a>\n'
        f'<header class="ck-header"><p><strong>cocreate-kit</strong> · {esc(title)}</p>{sub}'
        "</header>\n"
        f'<main id="main" class="ck-main" tabindex="-1">\n{body_html}\n</main>\n'
        '<footer class="ck-footer"><p>Made with cocreate-kit. This report works offline.</p>'
        "</footer>\n</body>\n</html>\n"
    )
