"""Small, dependency-free HTML helpers shared by results, charts and apps.

Tables are written by hand rather than with ``DataFrame.to_html`` so that they are
accessible: a ``<caption>``, ``<th scope="col">`` headers and no empty index header cell
(axe rule ``empty-table-header``).

Data text is untrusted (a journey title, a comment or a column name may hold
``<script>``, Markdown or bidi tricks). The rules every page the kit draws follows:

* **Escaped.** Text reaches HTML only through :func:`esc` and Markdown only through
  :func:`md_escape`; nothing data-derived is ever formatted into markup unescaped.
* **No direction controls.** :func:`esc` and :func:`clip` remove the invisible bidi
  controls ``U+202A``-``U+202E`` (embeddings, overrides), ``U+2066``-``U+2069``
  (isolates) and the marks ``U+200E``, ``U+200F``, ``U+061C``. A right-to-left override
  can make ``exe.pdf`` read as ``fdp.exe`` or reverse a number; the kit's pages are Danish
  and English, and right-to-left scripts still display correctly without the controls,
  through the browser's own bidi algorithm.
* **Bounded length.** :func:`clip` cuts text with an ellipsis: chart labels, titles and
  option labels at ``MAX_LABEL`` (120) characters, table cells and captions at
  ``MAX_TEXT`` (2,000). :func:`html_table` and every chart (:mod:`cocreate_kit.charts`)
  apply it, so a 200,000-character step title costs no more than a short one.
* **Sanitised output.** :func:`sanitize_html` keeps only an allow-list of elements,
  attributes and URLs; ``cocreate export`` passes every HTML and Markdown output through it.
"""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from .i18n import LOCALES, _, fmt_int, fmt_number, get_language

__all__ = [
    "esc",
    "clip",
    "strip_bidi",
    "md_escape",
    "sanitize_html",
    "html_table",
    "fmt_value",
    "lang_attr",
    "MAX_LABEL",
    "MAX_TEXT",
]

#: Longest chart label, chart title or option label shown (characters, ellipsis included).
MAX_LABEL = 120
#: Longest table cell, caption or paragraph of data text shown.
MAX_TEXT = 2000

#: Invisible direction controls removed from every text the kit shows.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi(text: Any) -> str:
    """``text`` as a string without bidi embedding, override and isolate controls.

    Examples
    --------
    >>> strip_bidi("invoice\u202egnp.exe")
    'invoicegnp.exe'
    """
    return str(text).translate(_NO_BIDI)


def clip(text: Any, limit: int = MAX_TEXT) -> str:
    """``text`` without bidi controls, cut to at most ``limit`` characters with an ellipsis.

    Examples
    --------
    >>> clip("Apply for home care", 10)
    'Apply for…'
    >>> clip("short", 10)
    'short'
    """
    out = strip_bidi(text)
    if len(out) <= limit:
        return out
    return out[: max(limit - 1, 0)].rstrip() + "…"


def esc(text: Any) -> str:
    """HTML-escape any value's text (quotes included) and drop bidi controls.

    Examples
    --------
    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(strip_bidi(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def md_escape(text: Any) -> str:
    r"""Make data text literal inside Markdown: no markup, links, HTML or math.

    Backslash-escapes every Markdown punctuation character (``$`` too, so no LaTeX),
    HTML-escapes ``<``, ``>`` and ``&``, drops bidi controls and folds line breaks into
    spaces (a line break could start a heading or a list).

    Examples
    --------
    >>> print(md_escape("[x](javascript:alert(1)) <b>"))
    \[x\]\(javascript\:alert\(1\)\) &lt;b&gt;
    """
    flat = " ".join(strip_bidi(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def fmt_value(value: Any, digits: int = 3) -> str:
    """Format one cell for display in the current language's locale (Babel).

    Floats get at most ``digits`` decimals (trailing zeros dropped) and the locale's
    thousands separator, at any size: 3,900,000 DKK is "3,900,000" ("3.900.000" in Danish),
    never "3.9e+06". A non-zero float too small to show with ``digits`` decimals keeps
    ``digits`` significant digits instead ("0.000123"), written out, not in e-notation.
    Missing values are an en dash. Whole numbers of integer type (years, ids, counts) are
    shown as they are, without grouping, as are timestamps (ISO, minutes) and text.

    Examples
    --------
    >>> fmt_value(3.9e6), fmt_value(1234.5678), fmt_value(0.000123456), fmt_value(float("nan"))
    ('3,900,000', '1,234.568', '0.000123', '–')
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     fmt_value(3.9e6), fmt_value(1234.5678), fmt_value(2026)
    ('3.900.000', '1.234,568', '2026')
    """
    if value is None:
        return "–"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if math.isinf(value):
            return str(value)
        if value != 0 and abs(value) < 10 ** (-digits):
            from babel.numbers import format_decimal

            pattern = "@" + "#" * max(digits - 1, 0)
            locale = LOCALES.get(get_language(), get_language())
            return format_decimal(value, format=pattern, locale=locale)
        return fmt_number(value, digits)
    try:
        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


def html_table(
    df: pd.DataFrame,
    caption: str,
    *,
    max_rows: int = 200,
    digits: int = 3,
    css_class: str = "ck-table",
) -> str:
    """Render ``df`` as an accessible HTML table with a caption.

    Parameters
    ----------
    df : DataFrame
        Rendered without its index; reset the index first if it carries data.
    caption : str
        Visible caption that names the table.
    max_rows : int
        Rows shown; a note says how many were left out.

    Column names and the caption are cut to ``MAX_LABEL`` characters, cells to
    ``MAX_TEXT`` (:func:`clip`), all escaped.

    Examples
    --------
    >>> import pandas as pd
    >>> print(html_table(pd.DataFrame({"a": [1.5]}), "Demo"))  # doctest: +NORMALIZE_WHITESPACE
    <div class="ck-table-wrap" role="region" aria-label="Demo" tabindex="0"><table class="ck-table"><caption>Demo</caption><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>1.5</td></tr></tbody></table></div>
    """
    head = "".join(f'<th scope="col">{esc(clip(c, MAX_LABEL))}</th>' for c in df.columns)
    body_rows = []
    for row in df.head(max_rows).itertuples(index=False, name=None):
        cells = "".join(f"<td>{esc(clip(fmt_value(v, digits)))}</td>" for v in row)
        body_rows.append(f"<tr>{cells}</tr>")
    note = ""
    if len(df) > max_rows:
        shown = _("Showing {n} of {total} rows.").format(
            n=fmt_int(max_rows), total=fmt_int(len(df))
        )
        note = f'<p class="ck-note">{esc(shown)}</p>'
    caption = esc(clip(caption, MAX_LABEL))
    return (
        f'<div class="ck-table-wrap" role="region" aria-label="{caption}" tabindex="0">'
        f'<table class="{esc(css_class)}"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody></table></div>{note}"
    )


# --------------------------------------------------------------------------- sanitizer
# The allow-list below is what the kit's own outputs need (accessible tables, <details>,
# headings, lists, code, figures with inline SVG charts and their ARIA attributes) plus
# plain Markdown. Everything else is dropped: unknown tags lose their markup but keep
# their text; the elements in _DROP_CONTENT lose their content too.
_HTML_TAGS = frozenset(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark ol p pre q s samp section "
    "small span strong sub summary sup table tbody td tfoot th thead tr u ul var wbr".split()
)
_SVG_TAGS = frozenset(
    "svg a g path rect circle ellipse line polyline polygon text tspan title desc defs "
    "clippath lineargradient radialgradient stop marker mask pattern symbol use image".split()
)
_VOID = frozenset("br col hr img wbr".split())
_DROP_CONTENT = frozenset(
    "script style iframe object embed template noscript textarea select option frameset "
    "frame applet math foreignobject animate animatemotion animatetransform set xmp "
    "plaintext noembed noframes head".split()
)
_GLOBAL_ATTRS = frozenset("class id title lang role tabindex style hidden".split())  # no dir: bidi
_TAG_ATTRS = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "table": {"border"},
}
_SVG_ATTRS = frozenset(
    """
    xmlns xmlns:xlink version viewbox preserveaspectratio width height x y x1 x2 y1 y2 cx
    cy r rx ry d points dx dy transform fill fill-opacity fill-rule stroke stroke-width
    stroke-opacity stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin
    stroke-miterlimit opacity display visibility pointer-events font-family font-size
    font-weight font-style font-variant text-anchor dominant-baseline alignment-baseline
    baseline-shift letter-spacing clip-path clip-rule clippathunits mask maskunits
    gradientunits gradienttransform offset stop-color stop-opacity marker-start marker-mid
    marker-end markerwidth markerheight refx refy orient patternunits shape-rendering
    text-rendering vector-effect focusable href xlink:href textlength lengthadjust
    """.split()
)
# html.parser lowercases names; the browser's HTML parser restores SVG's camelCase names
# itself, but writing them back keeps the markup readable and valid as XML.
_SVG_CASE = {
    n.lower(): n
    for n in (
        "viewBox preserveAspectRatio clipPath clipPathUnits linearGradient radialGradient "
        "gradientUnits gradientTransform maskUnits markerWidth markerHeight refX refY "
        "patternUnits textLength lengthAdjust"
    ).split()
}
_CSS_PROPS = frozenset(
    """
    color background-color font-weight font-style font-size font-family font-variant
    text-align text-decoration text-transform vertical-align white-space word-break
    overflow-wrap line-height letter-spacing width height max-width min-width max-height
    min-height margin margin-top margin-right margin-bottom margin-left padding padding-top
    padding-right padding-bottom padding-left border border-top border-right border-bottom
    border-left border-color border-width border-style border-radius border-collapse
    display opacity fill fill-opacity stroke stroke-width list-style-type
    """.split()
)
_URL_OK = re.compile(r"url\(\s*['\"]?#[\w.:-]+['\"]?\s*\)", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _url_kind(value: str) -> str:
    """'fragment', 'data-image', 'web' (http, https, mailto) or 'bad' for a URL value."""
    v = _CONTROL.sub("", value).lower()
    if v.startswith("#"):
        return "fragment"
    if _DATA_IMAGE.match(v):
        return "data-image"
    if v.startswith(("http:", "https:", "mailto:", "//")):
        return "web"
    return "bad"


def _clean_style(value: str) -> str:
    keep = []
    for decl in value.split(";"):
        prop, sep, val = decl.partition(":")
        prop, val = prop.strip().lower(), val.strip()
        low = val.lower()
        if not sep or prop not in _CSS_PROPS or not val:
            continue
        if any(bad in low for bad in ("url(", "expression", "\\", "@", "javascript", "<")):
            continue
        keep.append(f"{prop}:{val}")
    return ";".join(keep)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skip: list[str] = []  # open elements whose content is dropped
        self.links: list[str | None] = []  # web addresses of open <a>, shown after the text

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]], svg: bool) -> str:
        allowed = _TAG_ATTRS.get(tag, set())
        parts = []
        for name, raw in attrs:
            value = "" if raw is None else raw
            ok = (
                name in _GLOBAL_ATTRS
                or name in allowed
                or name.startswith("aria-")
                or (svg and name in _SVG_ATTRS)
            )
            if not ok or name.startswith("on"):
                continue
            if name == "style":
                value = _clean_style(value)
                if not value:
                    continue
            elif name == "tabindex" and value.strip() not in ("0", "-1"):
                continue
            elif name in ("href", "xlink:href", "src"):
                kind = _url_kind(value)
                if tag == "a" and not svg and kind == "web":
                    self.links[-1] = value.strip()
                    continue
                if kind == "fragment" and tag in ("a", "use"):
                    pass
                elif kind == "data-image" and tag in ("img", "image"):
                    pass
                else:
                    continue
            elif "url(" in value.lower() and not _URL_OK.fullmatch(value.strip()):
                continue
            elif name in ("xmlns", "xmlns:xlink"):
                value = {
                    "xmlns": "http://www.w3.org/2000/svg",
                    "xmlns:xlink": "http://www.w3.org/1999/xlink",
                }[name]
            name = _SVG_CASE.get(name, name) if svg else name
            parts.append(f' {name}="{esc(value)}"')
        return "".join(parts)

    def _in_svg(self) -> bool:
        return "svg" in self.stack

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.skip:
            if tag in _DROP_CONTENT and not closed:
                self.skip.append(tag)
            return
        if tag in _DROP_CONTENT or (tag == "title" and not self._in_svg()):
            if not closed:
                self.skip.append(tag)
            return
        svg = tag == "svg" or self._in_svg()
        if svg and tag not in _SVG_TAGS:
            return
        if not svg and tag not in _HTML_TAGS:
            return
        if tag == "a":
            self.links.append(None)
        text = self._attrs(tag, attrs, svg)
        if tag == "img" and ' src="' not in text:
            alt = dict(attrs).get("alt") or ""
            if alt:
                self.out.append(esc(alt))
            return
        if tag == "a" and closed:
            self.links.pop()
        name = _SVG_CASE.get(tag, tag) if svg else tag
        if closed and svg:
            self.out.append(f"<{name}{text}/>")
        elif tag in _VOID:
            self.out.append(f"<{name}{text}>")
        else:
            self.out.append(f"<{name}{text}>")
            if not closed:
                self.stack.append(tag)
            else:
                self.out.append(f"</{name}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, True)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        svg = tag == "svg" or self._in_svg()
        self.out.append(f"</{_SVG_CASE.get(tag, tag) if svg else tag}>")
        if tag == "a":
            link = self.links.pop() if self.links else None
            if link:
                self.out.append(f" ({esc(link)})")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(esc(data))

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop())


def sanitize_html(fragment: str) -> str:
    """Keep only allow-listed, inert markup from an HTML fragment.

    What survives: the elements and attributes the kit's own output and plain Markdown
    use (text structure, lists, tables, ``<details>``, figures, inline SVG with its
    presentation and ARIA attributes); ``style`` attributes with layout and colour
    properties only; links to ``#fragments``; images as ``data:image/...`` only.
    Removed: ``<script>``, ``<style>``, ``<iframe>``, ``<object>``, ``<form>`` controls,
    SVG animation and ``foreignObject`` (with their content); every ``on*`` attribute;
    ``javascript:``/``vbscript:``/remote URLs in ``href``/``src``/``xlink:href`` and any
    ``url(...)`` other than ``url(#id)``. A link to a web address becomes its text followed
    by the address in brackets; an image that is not a data URI becomes its ``alt`` text.
    Unclosed elements are closed, so a fragment cannot swallow the rest of the page.

    Examples
    --------
    >>> sanitize_html('<p onclick="x()">Hi <script>alert(1)</script><b>you</b></p>')
    '<p>Hi <b>you</b></p>'
    >>> sanitize_html('<a href="javascript:alert(1)">x</a><img src="http://e.example/a.png" alt="A">')
    '<a>x</a>A'
    """
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def lang_attr(text: Any) -> str:
    """``' lang="da"'`` when ``text`` is detectably in another language than the page's
    (the current :func:`cocreate_kit.i18n.get_language`), else ``''``.

    For quotes: a Danish quote on an English page (and vice versa) is read by screen readers
    with the right voice (WCAG 2.1 SC 3.1.2, language of parts).

    Examples
    --------
    >>> lang_attr("Hjælperen kom for sent, og det er ikke godt.")
    ' lang="da"'
    >>> lang_attr("The carer was late and it is not good.")
    ''
    """
    from ._langdetect import detect_language

    found = detect_language(text) if isinstance(text, str) else "unknown"
    return f' lang="{found}"' if found not in ("unknown", get_language()) else ""
