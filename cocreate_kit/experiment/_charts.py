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
from ..i18n import _, fmt_int
from ._kinds import KIND
from ._text import display_table, fixed, pct, sig, verdict_text
from ._verdict import BETTER, EQUIVALENT, UNCLEAR, WORSE

__all__ = ["arms_chart", "forest_chart", "time_chart", "likert_chart", "power_chart"]


def _pct(kind: str) -> bool:
    return KIND[kind].percent


def _v(kind: str, x: float) -> str:
    if _pct(kind):
        return pct(x)
    return fixed(x, 1)


def arms_chart(res: Any) -> Figure:
    """Each arm's estimate as a point with its confidence interval as a bar.

    ``res`` is a :class:`~cocreate_kit.experiment.Comparison`; the axis is titled with its
    design's variant column and interval level.
    """
    import altair as alt

    estimate = _(KIND[res.kind].estimate)
    data = res.arms.copy()
    fmt = "%" if _pct(res.kind) else ",.1f"
    title = _("{metric}: {estimate} per variant").format(metric=res.metric, estimate=estimate)
    base = alt.Chart(data).encode(
        y=alt.Y("variant:N", title=res.design.variant_title, sort=list(data.variant))
    )
    bars = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(
            "ci_low:Q",
            title=_("{estimate} ({interval})").format(
                estimate=estimate, interval=res.design.interval_label
            ),
            axis=alt.Axis(format=fmt),
        ),
        x2="ci_high:Q",
    )
    pts = base.mark_point(size=110).encode(
        x="estimate:Q", color=alt.Color("variant:N", legend=None, scale=alt.Scale(range=PALETTE))
    )
    hi = data.loc[data["estimate"].idxmax()]
    lo = data.loc[data["estimate"].idxmin()]
    verdicts = "; ".join(f"{v}: {verdict_text(d)}" for v, d in res.verdicts.items())
    desc = _(
        "{high} has the highest {estimate}, {high_value} (interval {high_low} to "
        "{high_high}, n = {high_n}); {low} the lowest, {low_value} (n = {low_n}). "
        "Verdict against {control}: {verdicts}."
    ).format(
        high=hi.variant,
        estimate=estimate,
        high_value=_v(res.kind, hi.estimate),
        high_low=_v(res.kind, hi.ci_low),
        high_high=_v(res.kind, hi.ci_high),
        high_n=fmt_int(hi.n),
        low=lo.variant,
        low_value=_v(res.kind, lo.estimate),
        low_n=fmt_int(lo.n),
        control=res.control,
        verdicts=verdicts,
    )
    return figure(
        (bars + pts).properties(height=max(80, 40 * len(data))),
        title=title,
        description=desc,
        table=display_table(data),
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
                    "effect_label": _(r.effect_label),
                    "verdict": verdict_text(r.verdict),
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
            x=alt.X(
                "effect_ci_low:Q",
                scale=scale,
                title=sub["effect_label"].iloc[0],
                axis=alt.Axis(format="%" if _pct(report.results[name].kind) else ",.2f"),
            ),
            x2="effect_ci_high:Q",
        )
        pt = base.mark_point(size=90).encode(
            x="effect:Q",
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(
                    domain=[verdict_text(v) for v in (BETTER, WORSE, EQUIVALENT, UNCLEAR)],
                    range=[PALETTE[2], PALETTE[1], PALETTE[0], "#6b6b6b"],
                ),
                title=_("Verdict"),
            ),
        )
        null = alt.Chart(sub.head(1)).mark_rule(strokeDash=[4, 4]).encode(x="no_difference:Q")
        panels.append(
            (ci + pt + null).properties(title=str(name), height=30 * len(sub) + 20, width=420)
        )
    chart = alt.vconcat(*panels)
    decided = table[table["verdict"] != verdict_text(UNCLEAR)]
    if len(decided):
        found = "; ".join(
            _("{variant} is {verdict} on {metric}").format(
                variant=r.variant, verdict=r.verdict, metric=r.metric
            )
            for r in decided.itertuples()
        )
    else:
        found = _("no variant is clearly better, worse or equivalent on any metric")
    desc = _(
        "{n} effects across {metrics} metrics, each with its interval and a dashed line at "
        "no difference: {found}."
    ).format(n=fmt_int(len(table)), metrics=fmt_int(table["metric"].nunique()), found=found)
    return figure(
        chart,
        title=_("Effects against control, all metrics"),
        description=desc,
        table=display_table(table.drop(columns=["no_difference"])),
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
                title=_("Seconds (log scale)"),
                axis=alt.Axis(format=",d"),
            ),
            x2="seconds_to:Q",
            y=alt.Y("share:Q", title=_("Share"), axis=alt.Axis(format="%")),
            y2=alt.datum(0),
            color=alt.Color("variant:N", scale=alt.Scale(range=PALETTE), legend=None),
            row=alt.Row("variant:N", title=None, header=alt.Header(labelAngle=0)),
        )
        .properties(height=110, width=440)
    )
    parts = []
    for a, d in zip(res.arms.itertuples(), res.arm_details.itertuples(), strict=True):
        parts.append(
            _("{variant} geometric mean {mean} s, median {median} s").format(
                variant=a.variant, mean=fixed(a.estimate, 1), median=fixed(d.median, 1)
            )
        )
    desc = _("Task times are right-skewed, so bins are equal on a log scale: {parts}.").format(
        parts="; ".join(parts)
    )
    return figure(
        chart,
        title=_("{metric}: distribution of task times").format(metric=res.metric),
        description=desc,
        table=display_table(data),
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
                title=_("Share of participants"),
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color("response:O", scale=scale, title=_("Response (1-{k})").format(k=k)),
            order=alt.Order("response:O"),
        )
        .properties(height=max(80, 40 * data["variant"].nunique()))
    )
    parts = [
        _("{variant} top-2-box {share}, median {median}").format(
            variant=a.variant, share=pct(a.estimate), median=sig(d.median, 6)
        )
        for a, d in zip(res.arms.itertuples(), res.arm_details.itertuples(), strict=True)
    ]
    desc = _("Responses on the 1-{k} scale per variant: {parts}.").format(
        k=k, parts="; ".join(parts)
    )
    return figure(
        chart,
        title=_("{metric}: responses per variant").format(metric=res.metric),
        description=desc,
        table=display_table(data),
    )


def power_chart(res: Any) -> Figure:
    """Power curve of a :class:`~cocreate_kit.experiment.SampleSize`, planned sample marked."""
    import altair as alt

    data = res.curve()
    line = (
        alt.Chart(data)
        .mark_line()
        .encode(
            x=alt.X(
                "participants_per_variant:Q",
                title=_("Participants per variant (control)"),
                axis=alt.Axis(format=",d"),
            ),
            y=alt.Y(
                "power:Q",
                title=_("Power"),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
        )
    )
    mark = pd.DataFrame({"participants_per_variant": [res.n_control], "power": [res.power]})
    rule = alt.Chart(mark).mark_rule(strokeDash=[4, 4]).encode(x="participants_per_variant:Q")
    dot = alt.Chart(mark).mark_point(size=90).encode(x="participants_per_variant:Q", y="power:Q")
    lo = data.iloc[0]
    desc = _(
        "Power rises from {low} with {n_low} participants per variant to {power} at "
        "{n}, the planned sample, for {difference}."
    ).format(
        low=pct(lo["power"]),
        n_low=str(int(lo["participants_per_variant"])),
        power=pct(res.power),
        n=fmt_int(res.n_control),
        difference=res.difference_text,
    )
    return figure(
        line + rule + dot, title=_("Power curve"), description=desc, table=display_table(data)
    )
