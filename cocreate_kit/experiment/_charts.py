"""Charts of the prototype-test pillar; every chart is built from aggregated tables.

This module is a leaf of the pillar: it reads a result's public tables and its
:class:`~cocreate_kit.experiment.Design` (axis titled with the user's own variant column,
interval label from the design's level) and never imports the result classes, which call it.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..charts import DIVERGING_5, PALETTE, Figure, figure
from ._kinds import KIND
from ._verdict import BETTER, EQUIVALENT, UNCLEAR, WORSE

__all__ = ["arms_chart", "forest_chart", "time_chart", "likert_chart", "power_chart"]


def _pct(kind: str) -> bool:
    return KIND[kind].percent


def _v(kind: str, x: float) -> str:
    if _pct(kind):
        return f"{x:.0%}"
    return f"{x:.1f}"


def arms_chart(res: Any) -> Figure:
    """Each arm's estimate as a point with its confidence interval as a bar.

    ``res`` is a :class:`~cocreate_kit.experiment.Comparison`; the axis is titled with its
    design's variant column and interval level.
    """
    import altair as alt

    estimate = KIND[res.kind].estimate
    data = res.arms.copy()
    fmt = "%" if _pct(res.kind) else ",.1f"
    title = f"{res.metric}: {estimate} per variant"
    base = alt.Chart(data).encode(
        y=alt.Y("variant:N", title=res.design.variant_title, sort=list(data.variant))
    )
    bars = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(
            "ci_low:Q",
            title=f"{estimate} ({res.design.interval_label})",
            axis=alt.Axis(format=fmt),
        ),
        x2="ci_high:Q",
    )
    pts = base.mark_point(size=110).encode(
        x="estimate:Q", color=alt.Color("variant:N", legend=None, scale=alt.Scale(range=PALETTE))
    )
    hi = data.loc[data["estimate"].idxmax()]
    lo = data.loc[data["estimate"].idxmin()]
    verdicts = "; ".join(f"{v}: {d}" for v, d in res.verdicts.items())
    desc = (
        f"{hi.variant} has the highest {estimate}, {_v(res.kind, hi.estimate)} "
        f"(interval {_v(res.kind, hi.ci_low)} to {_v(res.kind, hi.ci_high)}, n = "
        f"{int(hi.n):,}); {lo.variant} the lowest, {_v(res.kind, lo.estimate)} "
        f"(n = {int(lo.n):,}). Verdict against {res.control}: {verdicts}."
    )
    return figure(
        (bars + pts).properties(height=max(80, 40 * len(data))),
        title=title,
        description=desc,
        table=data,
    )


def forest_chart(report: Any) -> Figure:
    """Effects of every variant on every metric, each panel on its own scale.

    ``report`` is a :class:`~cocreate_kit.experiment.Report`.
    """
    import altair as alt

    rows = []
    for name, res in report.results.items():
        null = KIND[res.kind].display(KIND[res.kind].null)
        for r in res.table.itertuples():
            rows.append(
                {
                    "metric": name,
                    "variant": r.variant,
                    "effect": r.effect,
                    "effect_ci_low": r.effect_ci_low,
                    "effect_ci_high": r.effect_ci_high,
                    "no_difference": null,
                    "effect_label": r.effect_label,
                    "verdict": r.verdict,
                }
            )
    table = pd.DataFrame(rows)
    for col in ("effect_ci_low", "effect_ci_high"):
        table[col] = table[col].where(table[col].map(math.isfinite))
    panels = []
    for name, sub in table.groupby("metric", sort=False):
        log = KIND[report.results[name].kind].ratio
        scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
        base = alt.Chart(sub).encode(y=alt.Y("variant:N", title=None))
        ci = base.mark_rule(strokeWidth=3).encode(
            x=alt.X("effect_ci_low:Q", scale=scale, title=sub["effect_label"].iloc[0]),
            x2="effect_ci_high:Q",
        )
        pt = base.mark_point(size=90).encode(
            x="effect:Q",
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(
                    domain=[BETTER, WORSE, EQUIVALENT, UNCLEAR],
                    range=[PALETTE[2], PALETTE[1], PALETTE[0], "#6b6b6b"],
                ),
                title="Verdict",
            ),
        )
        null = alt.Chart(sub.head(1)).mark_rule(strokeDash=[4, 4]).encode(x="no_difference:Q")
        panels.append(
            (ci + pt + null).properties(title=str(name), height=30 * len(sub) + 20, width=420)
        )
    chart = alt.vconcat(*panels)
    decided = table[table["verdict"] != UNCLEAR]
    if len(decided):
        found = "; ".join(f"{r.variant} is {r.verdict} on {r.metric}" for r in decided.itertuples())
    else:
        found = "no variant is clearly better, worse or equivalent on any metric"
    desc = (
        f"{len(table)} effects across {table['metric'].nunique()} metrics, each with its "
        f"interval and a dashed line at no difference: {found}."
    )
    return figure(
        chart,
        title="Effects against control, all metrics",
        description=desc,
        table=table.drop(columns=["no_difference"]),
    )


def time_chart(res: Any) -> Figure:
    """Histogram of task times per arm on log-spaced bins (aggregated before charting)."""
    import altair as alt

    data = res.distribution
    chart = (
        alt.Chart(data)
        .mark_bar(opacity=0.85)
        .encode(
            x=alt.X(
                "seconds_from:Q",
                scale=alt.Scale(type="log", nice=False),
                title="Seconds (log scale)",
            ),
            x2="seconds_to:Q",
            y=alt.Y("share:Q", title="Share", axis=alt.Axis(format="%")),
            y2=alt.datum(0),
            color=alt.Color("variant:N", scale=alt.Scale(range=PALETTE), legend=None),
            row=alt.Row("variant:N", title=None, header=alt.Header(labelAngle=0)),
        )
        .properties(height=110, width=440)
    )
    parts = []
    for a, d in zip(res.arms.itertuples(), res.arm_details.itertuples(), strict=True):
        parts.append(f"{a.variant} geometric mean {a.estimate:.1f} s, median {d.median:.1f} s")
    desc = f"Task times are right-skewed, so bins are equal on a log scale: {'; '.join(parts)}."
    return figure(
        chart, title=f"{res.metric}: distribution of task times", description=desc, table=data
    )


def likert_chart(res: Any) -> Figure:
    """Stacked share of each response per arm."""
    import altair as alt

    data = res.distribution.copy()
    k = int(data["response"].max())
    colours = DIVERGING_5 if k == 5 else None
    scale = alt.Scale(range=colours) if colours else alt.Scale(scheme="purpleorange", reverse=True)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("variant:N", title=res.design.variant_title),
            x=alt.X(
                "share:Q",
                stack="normalize",
                title="Share of participants",
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color("response:O", scale=scale, title=f"Response (1-{k})"),
            order=alt.Order("response:O"),
        )
        .properties(height=max(80, 40 * data["variant"].nunique()))
    )
    parts = [
        f"{a.variant} top-2-box {a.estimate:.0%}, median {d.median:g}"
        for a, d in zip(res.arms.itertuples(), res.arm_details.itertuples(), strict=True)
    ]
    desc = f"Responses on the 1-{k} scale per variant: {'; '.join(parts)}."
    return figure(chart, title=f"{res.metric}: responses per variant", description=desc, table=data)


def power_chart(res: Any) -> Figure:
    """Power curve of a :class:`~cocreate_kit.experiment.SampleSize`, planned sample marked."""
    import altair as alt

    data = res.curve()
    line = (
        alt.Chart(data)
        .mark_line()
        .encode(
            x=alt.X("participants_per_variant:Q", title="Participants per variant (control)"),
            y=alt.Y(
                "power:Q",
                title="Power",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
        )
    )
    mark = pd.DataFrame({"participants_per_variant": [res.n_control], "power": [res.power]})
    rule = alt.Chart(mark).mark_rule(strokeDash=[4, 4]).encode(x="participants_per_variant:Q")
    dot = alt.Chart(mark).mark_point(size=90).encode(x="participants_per_variant:Q", y="power:Q")
    lo = data.iloc[0]
    desc = (
        f"Power rises from {lo['power']:.0%} with {int(lo['participants_per_variant'])} "
        f"participants per variant to {res.power:.0%} at {res.n_control:,}, the "
        f"planned sample, for {res.difference_text}."
    )
    return figure(line + rule + dot, title="Power curve", description=desc, table=data)
