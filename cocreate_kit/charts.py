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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ._brief import VISUALLY_HIDDEN
from ._chart_fit import (
    _clip_spec,
    _row_count,
    chart_texts,
    fit_band_labels,
    fit_labels,
    full_text_titles,
)
from ._chart_locale import _locale_args
from ._html import MAX_LABEL, MAX_TEXT, clip, esc, html_table
from .i18n import _, fmt_number, get_language

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
    "estimate_on_scale",
    "Band",
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
        is narrower than :data:`MIN_SCALE` times the chart. The table's ``<summary>`` names
        the chart for screen readers (visually hidden), so each chart's is distinct.
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
            f'<details><summary>{show}<span class="{VISUALLY_HIDDEN}">: {title}</span>'
            f"</summary>{table}</details>"
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


class Band(NamedTuple):
    """A labelled reference band on a scale, from ``start`` to ``end`` (see
    :func:`estimate_on_scale`)."""

    start: float
    end: float
    label: str


def estimate_on_scale(
    estimate: float,
    low: float,
    high: float,
    *,
    domain: tuple[float, float],
    bands: Sequence[Band | tuple[float, float, str]],
    label: str,
    scale_title: str,
    title: str,
    description: str,
    reference: tuple[float, str] | None = None,
    digits: int = 1,
    width: int = 640,
) -> Figure:
    """A point estimate with its interval on a meaningful scale, reference bands behind it.

    For one number whose meaning comes from where it falls on a known scale, such as a
    mean SUS score (0-100) against the Sauro-Lewis grade bands, instead of a lone dot on
    an empty axis: the labelled bands fill the scale, the interval is a thick rule and the
    estimate a large dot labelled with its value; an optional reference (e.g. the SUS
    benchmark 68) is a dashed line. Band labels alternate between two rows; a label that
    does not fit even then is left out of the chart but stays in the table alternative,
    which lists the estimate, its interval and every band.

    Parameters
    ----------
    estimate, low, high : float
        The estimate and its interval (``low <= estimate <= high``).
    domain : (float, float)
        The scale shown, e.g. ``(0, 100)``.
    bands : sequence of Band or (start, end, label)
        Reference bands; clipped to ``domain``.
    label : str
        What the estimate is ("Mean SUS score"); the table's first row.
    scale_title : str
        Axis title ("SUS score (0-100)").
    title, description : str
        As for :func:`figure`.
    reference : (float, str), optional
        A reference value and its label, drawn as a dashed line.
    digits : int
        Decimals of the value label and the table.
    width : int
        Width of the scale in px (the page shrinks it on a phone, see the module docstring).

    Examples
    --------
    >>> from cocreate_kit._sus import SUS_GRADES
    >>> tops = [100.0] + [low for low, _g in SUS_GRADES]
    >>> grades = [Band(lo, hi, g) for (lo, g), hi in zip(SUS_GRADES, tops)]
    >>> grades.append(Band(0.0, SUS_GRADES[-1][0], "F"))
    >>> fig = estimate_on_scale(62.9, 57.1, 68.7, domain=(0, 100), bands=grades,
    ...     label="Mean SUS score", scale_title="SUS score (0-100)",
    ...     title="Mean SUS score", description="62.9, grade D: below the benchmark 68.",
    ...     reference=(68.0, "Benchmark 68"))
    >>> fig.table.iloc[0].tolist()
    ['Mean SUS score', '62.9', '57.1–68.7']
    >>> len(fig.table), fig.spec()["width"]
    (13, 640)
    """
    import altair as alt

    lo, hi = float(domain[0]), float(domain[1])
    if not lo < hi or not low <= estimate <= high:
        msg = (
            f"estimate_on_scale needs domain low < high and low <= estimate <= high; got "
            f"domain {domain!r}, interval {low!r} to {high!r}, estimate {estimate!r}."
        )
        raise ValueError(msg)
    band_rows = fit_band_labels([Band(*b) for b in bands], lo, hi, width)
    band_df = pd.DataFrame(band_rows)
    x_scale = alt.Scale(domain=[lo, hi], nice=False, zero=False)
    x_axis = alt.Axis(title=scale_title, grid=False, tickCount=10)
    fmt = f",.{digits}f"
    rects = (
        alt.Chart(band_df)
        .mark_rect(stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X("start:Q", scale=x_scale, axis=x_axis),
            x2="end:Q",
            fill=alt.Fill("fill:N", scale=None, legend=None),
        )
    )
    names = (
        alt.Chart(band_df[band_df["shown"]])
        .mark_text(fontSize=12, color=MUTED_TEXT, baseline="top")
        .encode(
            x="mid:Q",
            y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=[0, 1, 2, 3, 4])),
            text="band:N",
        )
    )
    est_df = pd.DataFrame([{"estimate": estimate, "low": low, "high": high, "y": 3}])
    base = alt.Chart(est_df).encode(y=alt.Y("y:O", axis=None))
    interval = base.mark_rule(strokeWidth=4, color=TEXT).encode(x="low:Q", x2="high:Q")
    dot = base.mark_point(filled=True, size=220, color=PALETTE[0], opacity=1).encode(x="estimate:Q")
    value = base.mark_text(dy=-18, fontSize=14, fontWeight=600, color=TEXT).encode(
        x="estimate:Q", text=alt.Text("estimate:Q", format=fmt)
    )
    layers = [rects, names, interval, dot, value]
    if reference is not None:
        ref_df = pd.DataFrame([{"x": float(reference[0]), "text": reference[1], "y": 4}])
        ref = alt.Chart(ref_df)
        layers.insert(1, ref.mark_rule(strokeDash=[5, 4], color=TEXT).encode(x="x:Q"))
        layers.append(
            ref.mark_text(align="left", dx=4, fontSize=12, color=TEXT, baseline="middle").encode(
                x="x:Q", y=alt.Y("y:O", axis=None), text="text:N"
            )
        )
    chart = alt.layer(*layers).properties(width=width, height=130)

    def span(a: float, b: float) -> str:
        return f"{fmt_number(a, digits)}–{fmt_number(b, digits)}"

    rows = [[label, fmt_number(estimate, digits), span(low, high)]]
    if reference is not None:
        rows.append([reference[1], fmt_number(reference[0], digits), ""])
    rows += [[r["band"], "", span(r["start"], r["end"])] for r in band_rows]
    table = pd.DataFrame(rows, columns=[_("Name"), _("Value"), _("Interval")])
    return figure(chart, title=title, description=description, table=table)


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
