"""Standalone, offline HTML pages: the shell used by ``cocreate export`` and ``Figure.save``.

A page inlines the kit stylesheet and nothing else: no scripts, fonts or styles are loaded
from anywhere, so it works opened from ``file://`` on a machine with no network. Every page
carries a Content-Security-Policy (:data:`CSP`) that forbids all scripts and every request:
only inline styles and ``data:`` images are allowed, so even markup that slipped past
:func:`cocreate_kit._html.sanitize_html` could not run or call out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._html import MAX_LABEL, MAX_TEXT, clip, esc
from .i18n import _, get_language, languages, use_language

__all__ = ["page", "kit_css", "heading", "safe_lang", "CSP", "Heading"]

#: Content-Security-Policy of every exported page (a ``<meta http-equiv>``).
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

# BCP 47 (RFC 5646) language tag, well-formed: language (2-3 letters, optional extlang,
# or 4-8 letters), script, region, variants, extensions and private use.
_BCP47 = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"
    r"(?:-[a-z]{4})?"
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?",
    re.IGNORECASE,
)
_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)


def safe_lang(value: Any, default: str = "en") -> str:
    """``value`` if it is a well-formed BCP 47 language tag, else ``default``.

    Notebook metadata is data: a ``lang`` of ``en" onload="...`` must not reach an
    attribute. The check is syntactic (RFC 5646), at most 35 characters.

    Examples
    --------
    >>> safe_lang("da"), safe_lang("en-GB"), safe_lang('en" onload="alert(1)'), safe_lang(None)
    ('da', 'en-GB', 'en', 'en')
    """
    text = value.strip() if isinstance(value, str) else ""
    return text if len(text) <= 35 and _BCP47.fullmatch(text) else default


@lru_cache(maxsize=1)
def kit_css() -> str:
    """The kit stylesheet as text."""
    return (Path(__file__).parent / "_static" / "kit.css").read_text(encoding="utf-8")


class Heading:
    """A heading and optional lines of text, shown escaped (see :func:`heading`)."""

    def __init__(self, text: Any, *lines: Any, level: int = 2) -> None:
        self.text = clip(text, MAX_LABEL)
        self.lines = [clip(line) for line in lines if line is not None and str(line) != ""]
        self.level = min(max(int(level), 1), 6)

    def _repr_html_(self) -> str:
        paras = "".join(f"<p>{esc(line)}</p>" for line in self.lines)
        return f"<h{self.level}>{esc(self.text)}</h{self.level}>{paras}"

    def __str__(self) -> str:
        return "\n".join([self.text, *self.lines])

    def __repr__(self) -> str:
        return str(self)


def heading(text: Any, *lines: Any, level: int = 2) -> Heading:
    """A heading built from data, for notebooks: ``display(report.heading(title, ...))``.

    Data never goes into Markdown or HTML in a notebook; this shows ``text`` as an
    ``<h2>`` (or ``level``) and each of ``lines`` as a paragraph, HTML-escaped, without
    bidi controls, the heading cut to 120 characters and lines to 2,000.

    Examples
    --------
    >>> heading("Home care <script>", "as_is, version 3")._repr_html_()
    '<h2>Home care &lt;script&gt;</h2><p>as_is, version 3</p>'
    """
    return Heading(text, *lines, level=level)


def page(title: str, body_html: str, *, lang: str | None = None, subtitle: str = "") -> str:
    """Wrap ``body_html`` in a complete accessible HTML page.

    The page has ``lang`` (a BCP 47 tag, else "en"; ``None``: the current language of
    :mod:`cocreate_kit.i18n`), a ``<title>``, a skip link,
    ``header``/``main``/``footer`` landmarks, the kit stylesheet inlined and the
    :data:`CSP`. ``title`` and ``subtitle`` are escaped and cut to length; ``body_html``
    is trusted markup (the caller escapes or sanitises it).

    The page has one ``<h1>``: ``body_html``'s own when it has one (an app's briefing
    head), else ``title`` as the heading of ``<main>``. The header strip names the kit
    only; it does not repeat the title (the ``<title>`` keeps it).

    Examples
    --------
    >>> html = page("Report", "<p>Hello</p>")
    >>> '<html lang="en">' in html and '<main id="main"' in html
    True
    >>> page("Report", "<p>Hi</p>").count("<h1"), page("R", "<h1>App</h1>").count("<h1")
    (1, 1)
    >>> p = page("R", "", lang='x" onload="y')
    >>> "default-src 'none'" in p and '<html lang="en">' in p
    True
    >>> "Gå til indhold" in page("Rapport", "", lang="da")
    True

    The page's own words (skip link, footer) are in ``lang`` when the kit has a catalogue
    for it, else in the current language.
    """
    lang = safe_lang(get_language() if lang is None else lang)
    code = lang.split("-", 1)[0].lower()
    with use_language(code if code in languages() else None):
        return _page(clip(title, MAX_LABEL), body_html, lang, subtitle)


def _page(title: str, body_html: str, lang: str, subtitle: str) -> str:
    sub = f"<p>{esc(clip(subtitle, MAX_TEXT))}</p>" if subtitle else ""
    # One <h1> per page: the app's briefing head brings its own; any other page gets
    # the title as its heading. The header strip never repeats the title.
    h1 = "" if _H1.search(body_html) else f'<h1 class="ck-page-title">{esc(title)}</h1>\n'
    skip = esc(_("Skip to content"))
    footer = esc(_("Made with cocreate-kit. This report works offline."))
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{kit_css()}</style>\n</head>\n"
        f'<body class="ck-page">\n<a class="ck-skip" href="#main">{skip}</a>\n'
        f'<header class="ck-header"><p><strong>cocreate-kit</strong></p>{sub}</header>\n'
        f'<main id="main" class="ck-main" tabindex="-1">\n{h1}{body_html}\n</main>\n'
        f'<footer class="ck-footer"><p>{footer}</p>'
        "</footer>\n</body>\n</html>\n"
    )
