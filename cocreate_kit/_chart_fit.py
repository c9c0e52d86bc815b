"""Prepare a chart spec's text for drawing: clip untrusted text, then size labels to it.

Clipping (:func:`_clip_spec`) is described under "Untrusted text" in
:mod:`cocreate_kit.charts`. Sizing: wrap long labels, lift label limits, grow steps.

Used by :mod:`cocreate_kit.charts` on every Vega-Lite spec before it is drawn (see the
"Charts sized to their content" section of that module's docstring for the decisions).

* Discrete labels (nominal/ordinal fields on an axis, a legend or a facet header) longer
  than a line are wrapped onto several lines by a Vega ``labelExpr`` that looks the label up
  in two array literals (labels, wrapped lines), never through an object, so a label such as
  ``"constructor"`` cannot reach a JavaScript prototype.
* Label and title limits are 0 (no limit) in the kit theme, and a limit a chart sets on
  such a guide itself is lifted to 0: with wrapped labels the longest line is bounded, and
  Vega then measures the real text and sizes the chart around it instead of cutting it
  with an ellipsis.
* A discrete y axis (or an x axis with horizontal labels) whose labels now take several
  lines gets a band per category tall (wide) enough for them.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from typing import Any

import pandas as pd

from ._html import MAX_LABEL, clip, esc

#: Characters per line of wrapped labels on a y axis, a legend or a facet header
#: (about 200 px of 13 px Arial).
WRAP_CHARS = 28
#: Characters per line of wrapped labels along a horizontal x axis.
WRAP_CHARS_X = 16
#: Average advance of one 13 px Arial/Liberation Sans character in px, rounded up.
CHAR_PX = 7.5
#: Height of one line of 13 px label text in px (Vega's default line height is the size).
LINE_PX = 15
#: Width an x axis may take before horizontal wrapped labels give way to angled ones.
MAX_X_PX = 1000
#: Extra room on each side, as a share of the longest label line: a viewer without Arial
#: or a metric twin (Liberation Sans) falls back to a wider font, at most about 14% wider
#: (DejaVu Sans, measured in Chromium).
SAFETY = 0.15
#: Vega padding around every kit chart, in px.
PADDING = 8

_AXIS = ("x", "y")
_LEGEND = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")
_HEADER = ("row", "column", "facet")


# --- untrusted text: clip before drawing (see cocreate_kit.charts) -----------------------


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


def wrap_label(label: str, chars: int) -> list[str]:
    """``label`` as lines of at most ``chars`` characters (long words are broken).

    Examples
    --------
    >>> wrap_label("1. Search the municipality's website", 16)
    ['1. Search the', "municipality's", 'website']
    >>> wrap_label("short", 16)
    ['short']
    """
    return textwrap.wrap(label, width=chars, break_long_words=True) or [label]


def _field_values(spec: dict[str, Any]) -> dict[str, list[str]]:
    """Every string value of every field, over all datasets of the spec, in order."""
    out: dict[str, list[str]] = {}

    def add(rows: Any) -> None:
        if not isinstance(rows, list):
            return
        for row in rows:
            if isinstance(row, dict):
                for key, val in row.items():
                    if isinstance(val, str):
                        seen = out.setdefault(key, [])
                        if val not in seen:
                            seen.append(val)

    for rows in (spec.get("datasets") or {}).values():
        add(rows)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict):
                add(data.get("values"))
            for val in node.values():
                walk(val)
        elif isinstance(node, list):
            for val in node:
                walk(val)

    walk({k: v for k, v in spec.items() if k != "datasets"})
    return out


def _labels(fdef: dict[str, Any], values: dict[str, list[str]]) -> list[str]:
    labels = list(values.get(str(fdef.get("field")), []))
    sort = fdef.get("sort")
    if isinstance(sort, list):
        labels += [s for s in sort if isinstance(s, str) and s not in labels]
    return labels


def _label_expr(labels: list[str], chars: int) -> tuple[str | None, int]:
    """A Vega ``labelExpr`` wrapping the labels longer than ``chars``, and the most lines."""
    long = [s for s in labels if len(s) > chars]
    if not long:
        return None, 1
    lines = [wrap_label(s, chars) for s in long]
    keys = json.dumps(long, ensure_ascii=False)
    vals = json.dumps(lines, ensure_ascii=False)
    expr = f"indexof({keys}, datum.label) < 0 ? datum.label : {vals}[indexof({keys}, datum.label)]"
    return expr, max(len(x) for x in lines)


def _size(view: dict[str, Any], key: str, per_item: float, n: int) -> None:
    """Make ``view[key]`` (width/height) give each of ``n`` categories ``per_item`` px."""
    current = view.get(key)
    if isinstance(current, int | float):
        view[key] = max(current, round(per_item * n))
    elif isinstance(current, dict) and "step" in current:
        current["step"] = max(current["step"], round(per_item))
    elif current is None:
        view[key] = {"step": round(per_item)}


def _fit_channel(
    channel: str, fdef: dict[str, Any], values: dict[str, list[str]], view: dict[str, Any]
) -> float:
    """Fit one discrete channel's guide; returns its longest label line in px (0 if none)."""
    if fdef.get("type") not in ("nominal", "ordinal") or "aggregate" in fdef:
        return 0.0
    labels = _labels(fdef, values)
    if not labels:
        return 0.0
    key = "axis" if channel in _AXIS else "legend" if channel in _LEGEND else "header"
    guide = fdef.get(key, {})
    if guide is None:  # the guide is switched off
        return 0.0
    guide = dict(guide)
    lift = [k for k in ("labelLimit", "titleLimit") if k in guide]
    for k in lift:  # a limit the chart set itself (the theme's is 0: no limit)
        guide[k] = 0
    if "labelExpr" in guide:  # the chart maps labels itself; only lift the limits
        if lift:
            fdef[key] = guide
        return 0.0
    angled = channel == "x" and guide.get("labelAngle", 0) != 0
    chars = WRAP_CHARS_X if channel == "x" and not angled else WRAP_CHARS
    line_px = min(max(len(s) for s in labels), chars) * CHAR_PX
    if channel == "x" and not angled and line_px * len(labels) > MAX_X_PX:
        guide["labelAngle"] = -40  # too many long labels side by side: angle them
        angled, chars = True, WRAP_CHARS
    expr, lines = _label_expr(labels, chars)
    if expr:
        guide["labelExpr"] = expr
        guide.setdefault("labelLineHeight", LINE_PX)
    if expr or lift or "labelAngle" in guide:
        fdef[key] = guide
    if channel == "y" and expr:
        _size(view, "height", max(20, lines * LINE_PX + 6), len(labels))
    elif channel == "x" and not angled and expr:
        guide.setdefault("labelAngle", 0)
        _size(view, "width", line_px + 10, len(labels))
    return line_px


def fit_labels(spec: dict[str, Any]) -> dict[str, Any]:
    """Wrap long discrete labels and lift their limits, in place; returns ``spec``.

    Examples
    --------
    >>> spec = {"data": {"values": [{"g": "All respondents in the survey (n=600)", "v": 1}]},
    ...         "mark": "bar",
    ...         "encoding": {"y": {"field": "g", "type": "nominal"},
    ...                      "x": {"field": "v", "type": "quantitative"}}}
    >>> axis = fit_labels(spec)["encoding"]["y"]["axis"]
    >>> spec["height"], spec["padding"]["left"]
    ({'step': 36}, 40)
    >>> "['All respondents in the', 'survey (n=600)']" in axis["labelExpr"].replace('"', "'")
    True
    """
    values = _field_values(spec)
    longest = [0.0]

    def fit(channel: str, fdef: dict[str, Any], view: dict[str, Any]) -> None:
        longest.append(_fit_channel(channel, fdef, values, view))

    def walk(node: Any, view: dict[str, Any] | None) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, view)
            return
        if not isinstance(node, dict):
            return
        if view is None and ("mark" in node or "layer" in node):
            view = node  # the outermost unit or layer: where width/height belong
        enc = node.get("encoding")
        if isinstance(enc, dict) and view is not None:
            for channel, fdef in enc.items():
                if isinstance(fdef, dict) and channel in _AXIS + _LEGEND + _HEADER:
                    fit(channel, fdef, view)
        facet = node.get("facet")
        if isinstance(facet, dict):
            for channel, fdef in facet.items():
                if isinstance(fdef, dict) and channel in ("row", "column"):
                    fit(channel, fdef, node)
                elif channel == "field":
                    fit("facet", facet, node)
        for key in ("layer", "hconcat", "vconcat", "concat", "spec"):
            if key in node:
                walk(node[key], view if key == "layer" else None)

    walk(spec, None)
    if "padding" not in spec:
        side = PADDING + round(SAFETY * max(longest))
        spec["padding"] = {"left": side, "right": side, "top": PADDING, "bottom": PADDING}
    return spec


# --- tooltips for text that is still cut ------------------------------------------------
_TEXT_RE = re.compile(r"(<text\b[^>]*>)(.*?)(</text>)", re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG_RE.sub(" ", text)).split())


def full_text_titles(svg: str, texts: list[str]) -> str:
    """Give every SVG ``<text>`` cut with an ellipsis a ``<title>`` with its full text.

    The full text is the one text of ``texts`` (the chart's data and table) that starts
    with what is drawn; browsers show an element's ``<title>`` as its tooltip. Texts
    longer than ``MAX_TEXT`` are cut there (see the module docstring).

    Examples
    --------
    >>> svg = '<svg><text x="1">Apply for home…</text><text>Visit</text></svg>'
    >>> full_text_titles(svg, ["Apply for home care", "Visit"])
    '<svg><text x="1"><title>Apply for home care</title>Apply for home…</text><text>Visit</text></svg>'
    """
    full = {_plain(t): t for t in texts if isinstance(t, str)}

    def add(match: re.Match[str]) -> str:
        drawn = _plain(match.group(2))
        if not drawn.endswith("\u2026") or "<title>" in match.group(2):
            return match.group(0)
        stem = drawn[:-1].rstrip()
        hits = sorted({t for key, t in full.items() if key.startswith(stem) and key != drawn})
        if not hits:
            return match.group(0)
        title = f"<title>{esc(clip(hits[0]))}</title>"
        return match.group(1) + title + match.group(2) + match.group(3)

    return _TEXT_RE.sub(add, svg)


def _strings(frame: Any) -> list[str]:
    """Column names and string cells of a DataFrame (others give nothing)."""
    if not isinstance(frame, pd.DataFrame):
        return []
    out = [str(c) for c in frame.columns]
    for col in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[col]) or pd.api.types.is_bool_dtype(frame[col]):
            continue
        out += [v for v in frame[col].dropna().unique() if isinstance(v, str)]
    return out


def _chart_frames(chart: Any) -> list[Any]:
    out = [getattr(chart, "data", None)]
    for sub in ("layer", "hconcat", "vconcat", "concat"):
        for c in getattr(chart, sub, None) or []:
            out += _chart_frames(c)
    spec = getattr(chart, "spec", None)
    if spec is not None and not isinstance(spec, dict):
        out += _chart_frames(spec)
    return out


def chart_texts(chart: Any, table: Any) -> list[str]:
    """Every text a chart's labels may come from: its data frames' and its table's."""
    out = _strings(table)
    for frame in _chart_frames(chart):
        out += _strings(frame)
    return out


# --- reference bands of charts.estimate_on_scale ----------------------------------------

#: Band fills, alternating, light enough for black text and the estimate on top.
BAND_FILLS = ("#eef1f5", "#dde3ea")


def fit_band_labels(
    bands: list[tuple[float, float, str]], lo: float, hi: float, width: int
) -> list[dict[str, Any]]:
    """Bands in ``[lo, hi]`` with alternating fill, label row and whether the label fits:
    labels alternate between two rows, so a label may use its band and half of each
    neighbour (7 px per character of 12 px text)."""
    rows = []
    for i, (b_start, b_end, b_label) in enumerate(sorted(bands)):
        start, end = max(b_start, lo), min(b_end, hi)
        if end <= start:
            continue
        px = (end - start) / (hi - lo) * width
        label = clip(b_label, MAX_LABEL)
        rows.append(
            {
                "start": start,
                "end": end,
                "mid": (start + end) / 2,
                "band": label,
                "fill": BAND_FILLS[i % 2],
                "row": i % 2,
                "shown": len(label) * 7 <= 2 * px - 4,
            }
        )
    return rows
