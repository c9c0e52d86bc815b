"""One accessible chart theme and an offline renderer for every kit chart.

Design decisions
----------------
* **Offline by construction.** Charts are rendered to SVG in Python with ``vl-convert``
  (Vega's own renderer, embedded; no network) and inlined in the HTML output. The same
  markup works in JupyterLab, in Voila and in an exported HTML file opened from
  ``file://``; no JavaScript, CDN or vega-embed is involved, so there is no actions menu.
* **Accessible.** Every chart is a :class:`Figure`: the ``<svg>`` gets ``role="img"``, its
  name from the visible caption (the title) and its description through
  ``aria-describedby`` from a visually hidden span, so the sentence the page already shows
  above the chart is not printed a second time; a table alternative sits in a
  ``<details>`` element right below the chart.
* **Charts sized to their content** (:mod:`cocreate_kit._chart_fit`). Vega places text
  where vl-convert's font measurement says it ends, and Chromium then draws it with its own
  font: with the old ``system-ui`` stack vl-convert measured Liberation Sans while Chromium
  drew DejaVu Sans, 14% wider, so legend titles and labels ran out of the SVG. Charts
  therefore name :data:`FONT`, Arial first, then its metric twin Liberation Sans (what
  vl-convert measures) and Helvetica (same widths): measured = drawn on Windows, macOS and
  Linux with Liberation fonts. For a viewer whose browser falls back to a wider font, every
  chart has a safety margin left and right of 15% of its longest label line. Label limits
  are 0 (never cut): discrete labels on axes, legends and facet headers longer than 28
  characters (16 on a horizontal x axis) are wrapped onto several lines with a
  ``labelExpr``, and a discrete y axis (or horizontal x axis) gets a band per category big
  enough for its lines; an x axis whose wrapped labels would need more than 1,000 px is
  angled instead. A chart is drawn at its natural width up to the page width and shrinks
  with the page down to :data:`MIN_SCALE` (75%: 13 px labels stay near 10 px); on a narrower
  screen (a 390 px phone) it scrolls sideways inside its own focusable region rather than
  shrinking text below legibility. A text that still ends in an ellipsis (data text over
  ``MAX_LABEL``, or a text a chart cuts itself) gets an SVG ``<title>`` tooltip with the
  full text, found in the chart's data and its table alternative.
* **Colour-blind safe.** Categorical colours are the Okabe-Ito palette (Okabe & Ito 2008),
  ordered so the first four have at least 3:1 contrast against white (WCAG 1.4.11). The
  diverging palette (Likert, emotion) is ColorBrewer PuOr, which is safe for the common
  forms of colour-blindness. Text is #1f1f1f / #3d3d3d on white (over 10:1).
* **Large data.** Charts whose data has more than 5,000 rows are compiled with VegaFusion,
  which pre-aggregates in Python, so only the aggregated marks reach the page.
* **Untrusted text.** Before a chart is drawn, every text value in its data and every
  title, subtitle and description in its spec is cut to ``MAX_LABEL`` (120) characters
  with an ellipsis and loses bidi controls (:func:`cocreate_kit._html.clip`). Vega escapes
  text into SVG ``<text>`` nodes, so no data text becomes markup. Two labels that differ
  only after their first 119 characters are drawn as one.

Examples
--------
>>> import altair as alt, pandas as pd
>>> df = pd.DataFrame({"step": ["Apply", "Visit"], "minutes": [30, 45]})
>>> fig = figure(
...     alt.Chart(df).mark_bar().encode(x="step:N", y="minutes:Q"),
...     title="Minutes per step",
...     description="Visit takes longest: 45 minutes.",
...     table=df,
... )
>>> html = fig.to_html()
>>> 'role="img"' in html and "<details" in html and "cdn" not in html
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ._brief import VISUALLY_HIDDEN
from ._chart_fit import chart_texts, fit_labels, full_text_titles
from ._html import MAX_LABEL, MAX_TEXT, clip, esc, html_table
from .i18n import LOCALES, _, get_language, vega_format_locale

__all__ = [
    "PALETTE",
    "DIVERGING_5",
    "TEXT",
    "MUTED_TEXT",
    "Figure",
    "figure",
    "theme_config",
    "contrast_ratio",
    "enable",
]

#: Okabe-Ito, reordered so the first four have >= 3:1 contrast on white.
PALETTE = [
    "#0072B2",  # blue           5.19:1
    "#D55E00",  # vermillion     3.87:1
    "#009E73",  # bluish green   3.42:1
    "#CC79A7",  # reddish purple 3.06:1
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
]
#: ColorBrewer PuOr (5 classes), negative (orange) to positive (purple); colour-blind safe.
DIVERGING_5 = ["#e66101", "#fdb863", "#d9d9d9", "#b2abd2", "#5e3c99"]
TEXT = "#1f1f1f"
MUTED_TEXT = "#3d3d3d"
#: Chart font: Arial and its metric twins, so vl-convert measures what browsers draw.
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"

MAX_INLINE_ROWS = 5000
#: Smallest share of its natural size a chart is drawn at; below it, it scrolls sideways
#: inside its own region (13 px labels stay at least 9.75 px).
MIN_SCALE = 0.75


def contrast_ratio(fg: str, bg: str = "#ffffff") -> float:
    """WCAG 2.1 contrast ratio between two hex colours.

    Examples
    --------
    >>> round(contrast_ratio("#000000"), 1)
    21.0
    """

    def lum(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted([lum(fg), lum(bg)], reverse=True)
    return (a + 0.05) / (b + 0.05)


def theme_config() -> dict[str, Any]:
    """The Vega-Lite ``config`` block of the kit theme."""
    return {
        "background": "#ffffff",
        "font": FONT,
        "padding": 8,
        "view": {"stroke": None, "continuousWidth": 480, "continuousHeight": 280},
        "title": {"fontSize": 16, "color": TEXT, "anchor": "start", "fontWeight": 600},
        "axis": {
            "labelFontSize": 13,
            "titleFontSize": 13,
            "labelColor": MUTED_TEXT,
            "titleColor": TEXT,
            "gridColor": "#e0e0e0",
            "domainColor": "#6b6b6b",
            "tickColor": "#6b6b6b",
            "labelLimit": 0,
        },
        "legend": {
            "labelFontSize": 13,
            "titleFontSize": 13,
            "labelColor": MUTED_TEXT,
            "titleColor": TEXT,
            "labelLimit": 0,
            "titleLimit": 0,
        },
        "header": {
            "labelFontSize": 13,
            "titleFontSize": 13,
            "labelColor": TEXT,
            "labelLimit": 0,
        },
        "text": {"fontSize": 13, "color": TEXT},
        "range": {"category": PALETTE, "diverging": DIVERGING_5},
        "bar": {"color": PALETTE[0]},
        "line": {"color": PALETTE[0], "strokeWidth": 2.5},
        "point": {"color": PALETTE[0], "size": 60, "filled": True},
        "area": {"color": PALETTE[0]},
        "rule": {"color": MUTED_TEXT},
    }


def _largest_dataset(spec: dict[str, Any]) -> int:
    sizes = [0]
    for ds in (spec.get("datasets") or {}).values():
        if isinstance(ds, list):
            sizes.append(len(ds))
    data = spec.get("data")
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        sizes.append(len(data["values"]))
    return max(sizes)


def _row_count(chart: Any) -> int:
    data = getattr(chart, "data", None)
    if isinstance(data, pd.DataFrame):
        return len(data)
    n = 0
    for sub in ("layer", "hconcat", "vconcat", "concat"):
        for c in getattr(chart, sub, None) or []:
            if not isinstance(c, type(None)) and hasattr(c, "data"):
                n = max(n, _row_count(c))
    return n


_TEXT_KEYS = ("title", "subtitle", "description")


def _clip_rows(rows: list[Any]) -> list[Any]:
    return [
        {k: clip(v, MAX_LABEL) if isinstance(v, str) else v for k, v in row.items()}
        if isinstance(row, dict)
        else (clip(row, MAX_LABEL) if isinstance(row, str) else row)
        for row in rows
    ]


def _clip_spec(node: Any) -> Any:
    """Cut data text and titles in a Vega/Vega-Lite spec to ``MAX_LABEL`` (see module doc).

    Examples
    --------
    >>> spec = {"title": "T" * 500, "data": {"values": [{"step": "x" * 500, "n": 1}]}}
    >>> out = _clip_spec(spec)
    >>> len(out["title"]), len(out["data"]["values"][0]["step"]), out["data"]["values"][0]["n"]
    (120, 120, 1)
    """
    if isinstance(node, dict):
        out = {}
        for key, val in node.items():
            if key in _TEXT_KEYS and isinstance(val, str):
                out[key] = clip(val, MAX_LABEL)
            elif key == "values" and isinstance(val, list):
                out[key] = _clip_rows(val)
            elif key == "datasets" and isinstance(val, dict):
                out[key] = {n: _clip_rows(v) if isinstance(v, list) else v for n, v in val.items()}
            elif key == "text" and isinstance(val, list):  # multi-line titles
                out[key] = [clip(t, MAX_LABEL) if isinstance(t, str) else t for t in val]
            else:
                out[key] = _clip_spec(val)
        return out
    if isinstance(node, list):
        return [_clip_spec(v) for v in node]
    return node


def _vega_lite_spec(chart: Any) -> dict[str, Any]:
    import altair as alt

    with alt.data_transformers.disable_max_rows():
        spec = fit_labels(_clip_spec(chart.to_dict()))
    spec.setdefault("config", {})
    base = theme_config()
    for key, val in base.items():
        if isinstance(val, dict) and isinstance(spec["config"].get(key), dict):
            spec["config"][key] = {**val, **spec["config"][key]}
        else:
            spec["config"].setdefault(key, val)
    return spec


@lru_cache(maxsize=8)
def _format_locale(language: str) -> dict[str, Any]:
    """The d3 number locale for ``language``: d3's own (vl-convert ships them) with the
    percent sign spaced as Babel spaces it ("25 %" in Danish, "25%" in English), so axis
    ticks match the text. A language d3 has no locale for (a translator's new one) gets
    one built from Babel's number symbols."""
    import vl_convert as vlc
    from babel import Locale

    babel = Locale.parse(LOCALES.get(language, language))
    try:
        out = dict(vlc.get_format_locale(vega_format_locale(language)))
    except ValueError:
        symbols = babel.number_symbols.get("latn", babel.number_symbols)
        out = {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", ""],
        }
    pattern = babel.percent_formats[None].pattern
    out["percent"] = "\u00a0%" if "\u00a0%" in pattern or " %" in pattern else "%"
    return out


@lru_cache(maxsize=8)
def _time_format_locale(language: str) -> str | dict[str, Any]:
    """d3's time locale name for ``language``, or one built from Babel's month and day
    names when d3 has none."""
    import vl_convert as vlc
    from babel import Locale

    try:
        name = vega_format_locale(language)
        vlc.get_time_format_locale(name)
        return name
    except ValueError:
        babel = Locale.parse(LOCALES.get(language, language))
    months, days = babel.months["format"], babel.days["format"]
    order = [6, 0, 1, 2, 3, 4, 5]  # d3 starts the week on Sunday, Babel on Monday
    return {
        "dateTime": "%x %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": [babel.periods.get("am", "AM"), babel.periods.get("pm", "PM")],
        "days": [days["wide"][i] for i in order],
        "shortDays": [days["abbreviated"][i] for i in order],
        "months": [months["wide"][i] for i in range(1, 13)],
        "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
    }


def _locale_args(language: str) -> dict[str, Any]:
    """``format_locale`` and ``time_format_locale`` for vl-convert, for ``language``."""
    return {
        "format_locale": _format_locale(language),
        "time_format_locale": _time_format_locale(language),
    }


@lru_cache(maxsize=256)
def _svg_cached(spec_json: str, large: bool, language: str = "en") -> str:
    import json

    import vl_convert as vlc

    spec = json.loads(spec_json)
    if large:
        return vlc.vega_to_svg(spec, **_locale_args(language))
    return vlc.vegalite_to_svg(spec, **_locale_args(language))


def render_svg(chart: Any) -> str:
    """Render an Altair chart to an SVG string in the kit theme, offline.

    Numbers and dates on the axes follow the current language
    (:func:`cocreate_kit.i18n.get_language`): vl-convert gets d3's locale for it
    (:func:`cocreate_kit.i18n.vega_format_locale`), so a Danish chart shows "0,5", "1.000"
    and "januar" where an English one shows "0.5", "1,000" and "January". The language is
    part of the SVG cache key.

    Charts with more than 5,000 data rows are first compiled to Vega with VegaFusion, which
    aggregates in Python.
    """
    import json

    import altair as alt

    language = get_language()
    if _row_count(chart) > MAX_INLINE_ROWS:
        chart = chart.configure(**_to_altair_config(theme_config()))
        with alt.data_transformers.enable("vegafusion"):
            vega = _clip_spec(chart.to_dict(format="vega"))
        return _svg_cached(json.dumps(vega, sort_keys=True, default=str), True, language)
    spec = _vega_lite_spec(chart)
    return _svg_cached(json.dumps(spec, sort_keys=True, default=str), False, language)


def _to_altair_config(cfg: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in cfg.items() if k not in ("range",)} | {"range": cfg["range"]}


_ID_RE = re.compile(r'\bid="([^"]+)"')


def _accessible_svg(svg: str, uid: str, label_id: str, desc_id: str) -> str:
    """Give the SVG root role=img and a name, and make its internal ids unique per chart."""
    ids = set(_ID_RE.findall(svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{uid}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    # Inner marks carry ARIA roles from Vega; inside role=img they are presentational.
    svg = re.sub(r'\s(role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    width = re.search(r'<svg [^>]*?\bwidth="([\d.]+)"', svg)
    natural = float(width.group(1)) if width else 0.0
    size = (
        f"width:100%;max-width:{natural:.0f}px;min-width:{MIN_SCALE * natural:.0f}px;"
        if natural
        else "max-width:100%;"
    )
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{label_id}" aria-describedby="{desc_id}" '
        f'focusable="false" style="{size}height:auto" ',
        1,
    )
    return svg


@dataclass(frozen=True)
class Figure:
    """An accessible chart: title, description, table alternative and the Altair chart.

    Use :func:`figure` to make one. Display it in a notebook, call :meth:`to_html` for a
    page, or :meth:`save` to write ``.svg``, ``.png`` or ``.html``.

    Attributes
    ----------
    chart : altair.Chart
        The underlying Altair chart (kit theme applied at render time).
    title : str
        Visible title, also the accessible name.
    description : str
        One or two sentences saying what the chart shows; read by screen readers and shown
        as the caption.
    table : DataFrame
        The data behind the chart, as shown in the table alternative.
    """

    chart: Any
    title: str
    description: str
    table: pd.DataFrame = field(repr=False)
    table_caption: str | None = None

    def _replace(self, **kw: Any) -> Figure:
        return replace(self, **kw)

    def _uid(self) -> str:
        digest = hashlib.sha1(
            (self.title + self.description + self.table.to_csv()).encode()
        ).hexdigest()
        return "ck" + digest[:10]

    def _titled(self, *, title: bool = True) -> Any:
        """The chart with its description and (for standalone SVG/PNG) its title drawn in.

        On a page the ``<figcaption>`` shows the title, so the SVG does not repeat it.
        """
        return self.chart.properties(
            title=clip(self.title, MAX_LABEL) if title else "",
            description=clip(self.description, MAX_TEXT),
        )

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec as drawn, as plain JSON: kit theme, title, description, data.

        Titles and data text are already clipped (see the module docstring). This is what
        chart tests check (marks, encodings, axis titles, data values), not SVG text. A
        chart over 5,000 rows is drawn from the Vega that VegaFusion compiles from this
        spec, with its data pre-aggregated.

        Examples
        --------
        >>> import altair as alt, pandas as pd
        >>> df = pd.DataFrame({"letter": ["A", "B"], "minutes": [30, 45]})
        >>> bars = alt.Chart(df).mark_bar().encode(x=alt.X("letter:N", title="Letter"),
        ...                                       y="minutes:Q")
        >>> s = figure(bars, title="Minutes", description="B is longer.", table=df).spec()
        >>> s["title"], s["encoding"]["x"]["title"], s["mark"]["type"]
        ('Minutes', 'Letter', 'bar')
        >>> next(iter(s["datasets"].values()))[1]
        {'letter': 'B', 'minutes': 45}
        """
        import json

        return json.loads(json.dumps(_vega_lite_spec(self._titled()), default=str))

    def to_svg(self) -> str:
        """The chart as a standalone SVG string (kit theme, no accessibility wrapper)."""
        return render_svg(self._titled())

    def to_html(self) -> str:
        """The chart as an accessible ``<figure>``: inline SVG, caption, table alternative.

        The visible caption is the title; the description is the SVG's
        ``aria-describedby`` text, visually hidden (``ck-visually-hidden``): the page shows
        the same finding in its own summary, so a sighted reader does not read it twice.
        The chart sits in a keyboard-focusable region that scrolls sideways when the page
        is narrower than :data:`MIN_SCALE` times the chart.
        """
        uid = self._uid()
        svg = render_svg(self._titled(title=False))
        svg = _accessible_svg(svg, uid, f"{uid}-title", f"{uid}-desc")
        svg = full_text_titles(svg, chart_texts(self.chart, self.table))
        caption = self.table_caption or _("Data for: {title}").format(title=self.title)
        show = esc(_("Show the data as a table"))
        table = html_table(self.table, caption)
        title = esc(clip(self.title, MAX_LABEL))
        return (
            f'<figure class="ck-figure" aria-labelledby="{uid}-title">'
            f'<figcaption><span class="ck-figure-title" id="{uid}-title">{title}</span> '
            f'<span class="{VISUALLY_HIDDEN}" id="{uid}-desc">{esc(clip(self.description))}'
            f"</span></figcaption>"
            f'<div class="ck-chart" role="region" aria-label="{title}" tabindex="0">{svg}</div>'
            f"<details><summary>{show}</summary>{table}</details>"
            f"</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, path: str | Path, *, scale: float = 2.0) -> Path:
        """Write the chart to ``.svg``, ``.png`` or ``.html`` (self-contained, offline)."""
        import json

        import vl_convert as vlc

        p = Path(path)
        suffix = p.suffix.lower()
        if suffix == ".svg":
            p.write_text(self.to_svg(), encoding="utf-8")
        elif suffix == ".png":
            spec = _vega_lite_spec(self._titled())
            p.write_bytes(
                vlc.vegalite_to_png(
                    json.loads(json.dumps(spec, default=str)),
                    scale=scale,
                    **_locale_args(get_language()),
                )
            )
        elif suffix in (".html", ".htm"):
            from .report import page

            p.write_text(page(clip(self.title, MAX_LABEL), self.to_html()), encoding="utf-8")
        else:
            msg = _("Cannot save a chart as {suffix}; use one of '.svg', '.png', '.html'.")
            msg = msg.format(suffix=repr(suffix))
            raise ValueError(msg)
        return p


def figure(
    chart: Any,
    *,
    title: str,
    description: str,
    table: pd.DataFrame,
    table_caption: str | None = None,
) -> Figure:
    """Wrap an Altair chart as an accessible :class:`Figure`.

    Parameters
    ----------
    chart : altair.Chart or compound chart
    title : str
        Short visible title.
    description : str
        Plain-language statement of what the chart shows (computed, not generic).
    table : DataFrame
        The table alternative. Apply small-cell suppression before passing personal data.
    table_caption : str, optional
        Caption for the table alternative.
    """
    if not title or not description:
        msg = "Every chart needs a title and a description (both were required, got empty)."
        raise ValueError(msg)
    return Figure(chart, title, description, table.reset_index(drop=True), table_caption)


def enable() -> None:
    """Make plain Altair charts render offline in the kit theme in this kernel.

    Registers and enables an Altair renderer ``cocreate`` that returns inline SVG (no CDN
    scripts, no actions menu). Charts shown this way have no table alternative; prefer kit
    :class:`Figure` objects in anything stakeholders see.
    """
    import altair as alt

    def _render(spec: dict[str, Any], **_options: Any) -> dict[str, str]:
        import json

        spec = _clip_spec(dict(spec))
        cfg = spec.setdefault("config", {})
        for k, v in theme_config().items():
            cfg.setdefault(k, v)
        svg = _svg_cached(json.dumps(spec, sort_keys=True, default=str), False, get_language())
        title = spec.get("description") or spec.get("title") or _("Chart")
        if isinstance(title, dict):
            title = title.get("text", _("Chart"))
        label = esc(clip(title, MAX_LABEL))
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
        return {"text/html": svg}

    alt.renderers.register("cocreate", _render)
    alt.renderers.enable("cocreate")
