"""Journey charts in the kit theme, each with a computed description and a table alternative.

Also the pillar's text helpers: :func:`fixed` keeps a fixed number of decimals ("3.0
hours"; :func:`cocreate_kit.i18n.fmt_number` drops trailing zeros) in the current locale
("3,0 timer"), and :func:`display_table` translates the headers people read, while the
documented DataFrames keep their English column names (the API).

Every function aggregates first and charts only the aggregate (no free text from
participants, no personal data): the blueprint shows the journey's own design text, the
emotion and pain charts show suppressed group statistics.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .._html import MAX_LABEL, clip
from ..charts import DIVERGING_5, PALETTE, Figure, figure
from ..i18n import LOCALES, N_, _, fmt_int, fmt_number, fmt_percent, get_language, ngettext
from ..thresholds import DEFAULT_K
from ._model import LANES, Journey

__all__ = [
    "blueprint_chart",
    "blueprint_description",
    "blueprint_table",
    "funnel_description",
    "emotion_curve_chart",
    "funnel_chart",
    "activity_funnel_chart",
    "cost_waterfall_chart",
    "pain_heatmap_chart",
    "display_table",
    "fixed",
]
#: Column name -> header shown to people (translated where shown).
HEADERS = {
    "stage": N_("Stage"),
    "step": N_("Step"),
    "channel": N_("Channel"),
    "physical_evidence": N_("Physical evidence"),
    "customer_action": N_("Customer action"),
    "frontstage": N_("Frontstage"),
    "backstage": N_("Backstage"),
    "support": N_("Support"),
    "actor": N_("Actor"),
    "pain_points": N_("Pain points"),
    "opportunities": N_("Opportunities"),
    "fail_point": N_("Fail point"),
    "wait_point": N_("Wait point"),
    "persona_name": N_("Persona"),
    "position": N_("Position"),
    "step_title": N_("Step"),
    "n": N_("Participants (n)"),
    "mean": N_("Mean"),
    "sd": N_("SD"),
    "min": N_("Lowest"),
    "max": N_("Highest"),
    "suppressed": N_("Hidden (small group)"),
    "stage_name": N_("Stage"),
    "cases": N_("Cases"),
    "drop_offs": N_("Stopped here"),
    "drop_off_rate": N_("Share stopping here"),
    "participants": N_("Participants"),
    "ratings": N_("Ratings"),
    "pain_ratings": N_("Painful ratings"),
    "pain_share": N_("Share painful"),
    "bar": N_("Bar"),
    "kind": N_("Kind"),
}


def fixed(value: Any, digits: int = 1, *, sign: bool = False) -> str:
    """``value`` with exactly ``digits`` decimals in the current locale, optionally signed.

    Examples
    --------
    >>> fixed(3.0), fixed(-1234.25, 0), fixed(0.42, sign=True)
    ('3.0', '-1,234', '+0.4')
    """
    if digits <= 0:
        text = fmt_number(round(float(value)), 0)
    else:
        from babel.numbers import format_decimal

        pattern = "#,##0." + "0" * digits
        locale = LOCALES.get(get_language(), get_language())
        text = format_decimal(value, format=pattern, locale=locale)
    if sign and not text.startswith(("-", "−")):
        text = "+" + text
    return text


def display_table(df: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with translated headers (``labels`` first, then :data:`HEADERS`).

    Examples
    --------
    >>> list(display_table(pd.DataFrame({"stage": [1], "other": [2]})).columns)
    ['Stage', 'other']
    """
    names = {**HEADERS, **dict(labels or {})}
    return df.rename(columns={c: _(names[c]) for c in df.columns if c in names})


_LANE_LABELS = {
    "stage": N_("Stage"),
    "step": N_("Step"),
    "physical_evidence": N_("Physical evidence"),
    "customer_action": N_("Customer action"),
    "frontstage": N_("Frontstage"),
    "backstage": N_("Backstage"),
    "support": N_("Support"),
    "pain_points": N_("Pain points"),
}


def _wrap(text: str | None, width: int = 18, lines: int = 4) -> str:
    if not text:
        return ""
    out = textwrap.wrap(clip(text, MAX_LABEL), width=width)  # cut first: wrap is O(n^2)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return "\n".join(out)


def blueprint_table(journey: Journey) -> pd.DataFrame:
    """The whole map as one accessible table: a row per step, a column per lane.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> t = blueprint_table(load(dataset_path("journey/home_care_as_is.json")))
    >>> list(t.columns)[:4]
    ['stage', 'step', 'channel', 'physical_evidence']
    """
    stage_names = {s.id: s.name for s in journey.stages}
    rows = []
    for s in journey.ordered_steps():
        row = {
            "stage": stage_names.get(s.stage, s.stage),
            "step": s.title,
            "channel": s.channel or "",
        }
        for lane in LANES:
            row[lane] = getattr(s, lane) or ""
        row["actor"] = s.actor or ""
        row["pain_points"] = "; ".join(s.pain_points)
        row["opportunities"] = "; ".join(s.opportunities)
        row["fail_point"] = _("yes") if s.fail_point else ""
        row["wait_point"] = _("yes") if s.wait_point else ""
        rows.append(row)
    return pd.DataFrame(rows)


def blueprint_description(journey: Journey) -> str:
    """Computed sentence on a blueprint: steps, stages, pain, fail and wait points.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> blueprint_description(load(dataset_path("journey/home_care_as_is.json")))[:30]
    '12 steps in 5 stages across fi'
    """
    steps = journey.ordered_steps()
    n_pain = sum(len(s.pain_points) for s in steps)
    worst = max(steps, key=lambda s: (len(s.pain_points), -steps.index(s)), default=None)
    desc = _(
        "{steps} steps in {stages} stages across five blueprint lanes. "
        "{pains} pain points on {painful} steps"
    ).format(
        steps=fmt_int(len(steps)),
        stages=fmt_int(len(journey.stages)),
        pains=fmt_int(n_pain),
        painful=fmt_int(sum(1 for s in steps if s.pain_points)),
    )
    if worst is not None and worst.pain_points:
        desc += _("; most at '{step}' ({n})").format(
            step=clip(worst.title, MAX_LABEL), n=fmt_int(len(worst.pain_points))
        )
    return desc + _(". {fail} fail points, {wait} wait points.").format(
        fail=fmt_int(sum(s.fail_point for s in steps)),
        wait=fmt_int(sum(s.wait_point for s in steps)),
    )


def blueprint_chart(journey: Journey) -> Figure:
    """Service blueprint swimlane: stages × lanes, pain points marked.

    Columns are the steps in map order; rows are the stage, the five blueprint lanes
    (Bitner, Ostrom & Morgan 2008) and a pain-point row. Steps with pain points get a
    vermillion marker with the count; fail and wait points are labelled.
    """
    import altair as alt

    steps = journey.ordered_steps()
    stage_names = {s.id: s.name for s in journey.stages}
    rows = []
    lane_order = ["stage", "step", *LANES, "pain_points"]
    for i, s in enumerate(steps, start=1):
        label = str(i)
        for lane in lane_order:
            if lane == "stage":
                text = stage_names.get(s.stage, s.stage)
            elif lane == "step":
                text = s.title
            elif lane == "pain_points":
                marks = []
                if s.pain_points:
                    n = len(s.pain_points)
                    marks.append(
                        ngettext("{n} pain point", "{n} pain points", n).format(n=fmt_int(n))
                    )
                if s.fail_point:
                    marks.append(_("fail point"))
                if s.wait_point:
                    marks.append(_("wait point"))
                text = ", ".join(marks)
            else:
                text = getattr(s, lane) or ""
            rows.append(
                {
                    "step": label,
                    "lane": _(_LANE_LABELS[lane]),
                    "text": _wrap(text),
                    "pain": len(s.pain_points) if lane == "pain_points" else 0,
                }
            )
    df = pd.DataFrame(rows)
    x_order = [str(i) for i in range(1, len(steps) + 1)]
    y_order = [_(_LANE_LABELS[lane]) for lane in lane_order]
    x = alt.X(
        "step:N", sort=x_order, title=_("Step number"), axis=alt.Axis(orient="top", labelAngle=0)
    )
    y = alt.Y("lane:N", sort=y_order, title=None)
    base = alt.Chart(df).encode(x=x, y=y)
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.condition(alt.datum.pain > 0, alt.value("#fbe3d3"), alt.value("#f2f4f7"))
    )
    text = base.mark_text(fontSize=10, lineBreak="\n", color="#1f1f1f").encode(text="text:N")
    pains = df[df["pain"] > 0]
    marker = (
        alt.Chart(pains)
        .mark_point(shape="triangle-up", filled=True, size=120, color=PALETTE[1], yOffset=-22)
        .encode(x=x, y=y)
    )
    chart = (cells + text + marker).properties(
        width=max(110 * len(steps), 300), height=60 * len(lane_order)
    )
    return figure(
        chart,
        title=_("Service blueprint: {journey}").format(journey=journey.title),
        description=blueprint_description(journey),
        table=display_table(blueprint_table(journey)),
        table_caption=_("The whole map: one row per step, one column per lane"),
    )


def emotion_curve_chart(curve: Any) -> Figure:
    """Mean emotion per step and persona with a mean ± SD band; point size shows n."""
    import altair as alt

    t = curve.table
    shown = t[~t["suppressed"]].copy()
    shown["label"] = shown["position"].astype(int).astype(str) + ". " + shown["step_title"]
    order = t.drop_duplicates("position").sort_values("position")
    x_order = [
        f"{int(p)}. {s}" for p, s in zip(order["position"], order["step_title"], strict=True)
    ]
    x = alt.X(
        "label:N", sort=x_order, title=_("Step"), axis=alt.Axis(labelAngle=-40, labelLimit=160)
    )
    colour = alt.Color("persona_name:N", title=_("Persona"), scale=alt.Scale(range=PALETTE))
    base = alt.Chart(shown).encode(x=x, color=colour)
    band = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
        y=alt.Y(
            "low:Q",
            title=_("Emotion (-2 to +2)"),
            scale=alt.Scale(domain=[-2, 2]),
            axis=alt.Axis(format=",.1~f"),
        ),
        y2="high:Q",
    )
    line = base.mark_line(strokeWidth=2.5).encode(y="mean:Q")
    pts = base.mark_point(filled=True).encode(
        y="mean:Q",
        size=alt.Size(
            "n:Q",
            title=_("Participants (n)"),
            scale=alt.Scale(range=[30, 200]),
            legend=alt.Legend(format=",d"),
        ),
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    chart = (zero + band + line + pts).properties(width=max(60 * len(x_order), 360), height=260)
    desc = curve.summary()
    if t["suppressed"].any():
        desc += _(" Groups under {k} participants are not shown.").format(k=fmt_int(curve.k))
    table = display_table(
        t[["persona_name", "position", "step_title", "n", "mean", "sd", "min", "max", "suppressed"]]
    )
    return figure(chart, title=_("Emotion per step, by persona"), description=desc, table=table)


def funnel_description(funnel: pd.DataFrame) -> str:
    """Computed sentence on a funnel: cases at the first stage and the largest drop-off.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"stage_name": ["Ask", "Get"], "order": [1, 2], "cases": [10, 6],
    ...                   "drop_offs": [4, 0], "drop_off_rate": [0.4, 0.0]})
    >>> funnel_description(f)
    "10 cases reach 'Ask'. Most cases stop in 'Ask': 4 (40% of those reaching it)."
    """
    top = funnel.sort_values(["drop_offs", "order"], ascending=[False, True]).iloc[0]
    first = funnel.sort_values("order").iloc[0]
    return _(
        "{cases} cases reach '{first}'. Most cases stop in '{stage}': {stopped} "
        "({share} of those reaching it)."
    ).format(
        cases=fmt_int(first["cases"]),
        first=first["stage_name"],
        stage=top["stage_name"],
        stopped=fmt_int(top["drop_offs"]),
        share=fmt_percent(top["drop_off_rate"]),
    )


def funnel_chart(funnel: pd.DataFrame, *, unit: str = N_("Stage")) -> Figure:
    """Cases reaching each stage (bars) and dropping off there (darker part).

    ``unit`` names what the bars are (the axis and table header; an English msgid,
    translated here): ``"Stage"``, or ``"Activity"`` for an event log's activities.
    """
    import altair as alt

    df = funnel.copy()
    df["continued"] = df["cases"] - df["drop_offs"]
    long = df.melt(
        id_vars=["stage_name", "order"],
        value_vars=["continued", "drop_offs"],
        var_name="part",
        value_name="n",
    )
    continued, stopped = _("Continued or completed"), _("Stopped here")
    long["part"] = long["part"].map({"continued": continued, "drop_offs": stopped})
    order = df.sort_values("order")["stage_name"].tolist()
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("stage_name:N", sort=order, title=_(unit)),
            x=alt.X("n:Q", title=_("Cases"), stack="zero", axis=alt.Axis(format=",d")),
            color=alt.Color(
                "part:N",
                title=None,
                scale=alt.Scale(
                    domain=[continued, stopped],
                    range=[PALETTE[0], PALETTE[1]],
                ),
            ),
            order=alt.Order("part:N", sort="ascending"),
        )
        .properties(width=440, height=40 * len(df))
    )
    return figure(
        chart,
        title=_("Cases reaching each stage"),
        description=funnel_description(funnel),
        table=display_table(
            df[["stage_name", "cases", "drop_offs", "drop_off_rate"]], {"stage_name": unit}
        ),
    )


def activity_funnel_chart(metrics: Any) -> Figure:
    """Cases reaching each activity of an event log, drop-offs stacked."""
    df = metrics.steps.rename(columns={"activity": "stage_name"}).copy()
    df["order"] = range(len(df))
    fig = funnel_chart(df, unit=N_("Activity"))
    return fig._replace(title=_("Cases reaching each activity"))


def cost_waterfall_chart(comparison: Any) -> Figure:
    """Staff cost per year: as-is total, the change in each stage, to-be total."""
    import altair as alt

    st = comparison.stages
    cur = comparison.assumptions.currency
    total, saving, extra = _("Total"), _("Saving"), _("Extra cost")
    rows = [
        {
            "label": _("As-is"),
            "start": 0.0,
            "end": float(st["staff_cost_as_is"].sum()),
            "kind": total,
        }
    ]
    running = rows[0]["end"]
    for _row, r in st.iterrows():
        ch = float(r["staff_cost_change"])
        if ch == 0:
            continue
        rows.append(
            {
                "label": str(r["stage_name"]),
                "start": running,
                "end": running + ch,
                "kind": saving if ch < 0 else extra,
            }
        )
        running += ch
    rows.append({"label": _("To-be"), "start": 0.0, "end": running, "kind": total})
    df = pd.DataFrame(rows)
    df["change"] = df["end"] - df["start"]
    order = df["label"].tolist()
    chart = (
        alt.Chart(df)
        .mark_bar(size=36)
        .encode(
            x=alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30)),
            y=alt.Y(
                "start:Q",
                title=_("Staff cost per year ({currency})").format(currency=cur),
                axis=alt.Axis(format=",.0f"),
            ),
            y2="end:Q",
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=[total, saving, extra],
                    range=["#6b6b6b", PALETTE[0], PALETTE[1]],
                ),
            ),
        )
        .properties(width=max(70 * len(df), 320), height=280)
    )
    steps = df[df["kind"] != total]
    biggest = steps.sort_values("change").iloc[0] if len(steps) else None
    desc = comparison.headline()
    if biggest is not None:
        desc += _(" The largest change is in '{stage}': {change} {currency} per year.").format(
            stage=biggest["label"], change=fixed(biggest["change"], 0, sign=True), currency=cur
        )
    table = df[["label", "kind", "start", "end", "change"]].rename(
        columns={
            "label": "bar",
            "start": f"from_{cur}",
            "end": f"to_{cur}",
            "change": f"change_{cur}",
        }
    )
    table = display_table(table, {"label": N_("Bar")})
    return figure(chart, title=_("Staff cost from as-is to to-be"), description=desc, table=table)


def pain_heatmap_chart(heatmap: pd.DataFrame, journey: Journey, k: int = DEFAULT_K) -> Figure:
    """Share of painful ratings (emotion -1 or -2) by stage and persona; small cells hidden."""
    import altair as alt

    df = heatmap.copy()
    df["pain_pct"] = df["pain_share"] * 100
    hidden = _("hidden")
    df["label"] = df["pain_share"].map(lambda v: hidden if pd.isna(v) else fmt_percent(v))
    stages = [s.name for s in journey.ordered_stages()]
    base = alt.Chart(df).encode(
        x=alt.X("stage_name:N", sort=stages, title=_("Stage"), axis=alt.Axis(labelAngle=-20)),
        y=alt.Y("persona_name:N", title=_("Persona")),
    )
    rect = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color(
            "pain_pct:Q",
            title=_("Painful ratings (%)"),
            scale=alt.Scale(domain=[0, 100], range=["#f7f7f7", DIVERGING_5[0]]),
            legend=alt.Legend(format=",.0f"),
        )
    )
    txt = base.mark_text(fontSize=12).encode(text="label:N")
    chart = (rect + txt).properties(
        width=max(90 * len(stages), 300), height=50 * max(df["persona"].nunique(), 1)
    )
    shown = df.dropna(subset=["pain_share"])
    if len(shown):
        top = shown.sort_values(["pain_share", "stage"], ascending=[False, True]).iloc[0]
        desc = _(
            "Pain is highest for {persona} in '{stage}': {share} of {n} ratings are -1 or -2."
        ).format(
            persona=top["persona_name"],
            stage=top["stage_name"],
            share=fmt_percent(top["pain_share"]),
            n=fmt_int(top["ratings"]),
        )
    else:
        desc = _("No stage and persona has {k} or more participants, so nothing is shown.").format(
            k=fmt_int(k)
        )
    if df["suppressed"].any():
        desc += _(
            " {n} cells with fewer than {k} participants (or protecting one) are hidden."
        ).format(n=fmt_int(df["suppressed"].sum()), k=fmt_int(k))
    columns = [
        "stage_name",
        "persona_name",
        "participants",
        "ratings",
        "pain_ratings",
        "pain_share",
    ]
    return figure(
        chart,
        title=_("Pain points by stage and persona"),
        description=desc,
        table=display_table(df[columns]),
    )
