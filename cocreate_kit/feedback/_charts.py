"""Every feedback chart, built from a result's own tables (a leaf: imports no feedback module).

Each function takes a finished result (:class:`SUSSummary`, :class:`NPSResult`,
:class:`SegmentMetrics`, :class:`LikertResult`, :class:`AgreementResult`,
:class:`ThemeResult`) and returns an accessible :class:`~cocreate_kit.charts.Figure` whose
Vega-Lite spec (``fig.chart.to_dict()``) is what the tests check. The results' ``chart()``
methods call these, so dependencies point one way: metrics and loaders -> results -> charts.
Nothing here computes a statistic: the numbers come from the result's tables; interval
titles quote the result's own ``level``.

Examples
--------
>>> from cocreate_kit.feedback import nps
>>> spec = nps_chart(nps([10, 9, 8, 0, 6])).chart.to_dict()
>>> spec["encoding"]["x"]["title"]
'% of answers'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._sus import SUS_BENCHMARK
from ..charts import DIVERGING_5, PALETTE, figure
from ._scales import LIKERT_LABELS_EN

__all__ = [
    "agreement_chart",
    "likert_chart",
    "nps_chart",
    "segment_chart",
    "sus_chart",
    "theme_chart",
]


def _alt() -> Any:
    import altair as alt

    return alt


def _benchmark_rule() -> Any:
    alt = _alt()
    ref = pd.DataFrame({"x": [SUS_BENCHMARK]})
    return alt.Chart(ref).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")


def sus_chart(result: Any) -> Any:
    """Mean SUS with its interval on 0-100 and the benchmark 68 (a :class:`SUSSummary`)."""
    alt = _alt()
    t = result.table()
    base = alt.Chart(t).encode(y=alt.Y("grade:N", title=None))
    bar = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("ci_low:Q", title="SUS score (0-100)", scale=alt.Scale(domain=[0, 100])),
        x2="ci_high:Q",
    )
    pt = base.mark_point(size=120).encode(x="mean:Q")
    return figure(
        (bar + pt + _benchmark_rule()).properties(height=60),
        title="Mean SUS score",
        description=result.summary(),
        table=t,
    )


def nps_chart(result: Any) -> Any:
    """Promoters, passives and detractors as one stacked bar (an :class:`NPSResult`)."""
    alt = _alt()
    groups = ["Detractors (0-6)", "Passives (7-8)", "Promoters (9-10)"]
    t = pd.DataFrame({"group": groups, "n": [result.detractors, result.passives, result.promoters]})
    t["percent"] = 100 * t["n"] / max(result.n, 1)
    ch = (
        alt.Chart(t)
        .mark_bar()
        .encode(
            x=alt.X("percent:Q", stack="zero", title="% of answers"),
            color=alt.Color(
                "group:N",
                sort=list(t["group"]),
                title=None,
                scale=alt.Scale(range=[PALETTE[1], "#9e9e9e", PALETTE[0]]),
            ),
            order=alt.Order("order:Q"),
        )
        .transform_calculate(
            order="indexof(['Detractors (0-6)','Passives (7-8)','Promoters (9-10)'], datum.group)"
        )
        .properties(height=50)
    )
    return figure(
        ch, title="Promoters, passives and detractors", description=result.summary(), table=t
    )


def segment_chart(result: Any) -> Any:
    """Mean SUS per shown group with its interval (a :class:`SegmentMetrics`).

    The axis title quotes the result's interval ``level`` (e.g. "95% interval").
    """
    alt = _alt()
    by = result.by
    t = result.table[~result.table["suppressed"]].dropna(subset=["sus_mean"])
    t = t[[by, "n", "sus_mean", "sus_ci_low", "sus_ci_high"]].copy()
    t["label"] = t[by].astype(str) + " (n=" + t["n"].astype(int).astype(str) + ")"
    base = alt.Chart(t).encode(y=alt.Y("label:N", title=None, sort="-x"))
    rule = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(
            "sus_ci_low:Q",
            title=f"Mean SUS with {result.level:.0%} interval",
            scale=alt.Scale(domain=[0, 100]),
        ),
        x2="sus_ci_high:Q",
    )
    pt = base.mark_point(size=100).encode(x="sus_mean:Q")
    return figure(
        rule + pt + _benchmark_rule(),
        title=f"Mean SUS by {by}",
        description=result.summary(),
        table=t.drop(columns="label"),
    )


def likert_chart(result: Any) -> Any:
    """Diverging stacked bars of a :class:`LikertResult` (neutral split across zero)."""
    alt = _alt()
    d = result.chart_data()
    order = list(dict.fromkeys(d.sort_values("net", ascending=False)["row"]))
    ch = (
        alt.Chart(d)
        .mark_bar()
        .encode(
            y=alt.Y("row:N", sort=order, title=None),
            x=alt.X(
                "start:Q",
                title="% of answers (left: disagree, right: agree)",
                scale=alt.Scale(domain=[-100, 100]),
            ),
            x2="end:Q",
            color=alt.Color(
                "answer:N",
                sort=LIKERT_LABELS_EN,
                title="Answer",
                scale=alt.Scale(domain=LIKERT_LABELS_EN, range=DIVERGING_5),
            ),
            tooltip=["row:N", "answer:N", alt.Tooltip("percent:Q", format=".0f")],
        )
        .properties(height=max(60, 26 * len(order)))
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule().encode(x="x:Q")
    tbl = result.table[~result.table["suppressed"]].drop(columns=["suppressed"])
    return figure(ch + zero, title=result.title, description=result.summary(), table=tbl)


def agreement_chart(result: Any) -> Any:
    """The coefficient per code with Krippendorff's reading lines (.667 and .800) from
    ``result.reading_lines`` (an :class:`AgreementResult`)."""
    alt = _alt()
    t = result.per_code[["code", "value", "n_units"]].dropna(subset=["value"])
    bars = (
        alt.Chart(t)
        .mark_bar()
        .encode(
            y=alt.Y("code:N", sort="-x", title=None),
            x=alt.X("value:Q", title=result.name, scale=alt.Scale(domain=[-0.2, 1])),
            tooltip=["code:N", alt.Tooltip("value:Q", format=".3f"), "n_units:Q"],
        )
    )
    lines = pd.DataFrame({"x": list(result.reading_lines)})
    rules = alt.Chart(lines).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    desc = result.summary()
    if len(t):
        lowest = t.sort_values("value").iloc[0]
        desc += f" Lowest per code: {lowest['code']} at {lowest['value']:.3f}."
    return figure(bars + rules, title=f"{result.name} per code", description=desc, table=t)


def theme_chart(result: Any) -> Any:
    """Comments per theme (a :class:`ThemeResult`)."""
    alt = _alt()
    t = result.themes[["label", "n_texts", "share"]].copy()
    ch = (
        alt.Chart(t)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title=None),
            x=alt.X("n_texts:Q", title="Comments"),
            tooltip=["label:N", "n_texts:Q", alt.Tooltip("share:Q", format=".0f")],
        )
    )
    return figure(ch, title="Comments per theme", description=result.summary(), table=t)
