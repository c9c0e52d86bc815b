"""Journey charts in the kit theme, each with a computed description and a table alternative.

Every function aggregates first and charts only the aggregate (no free text from
participants, no personal data): the blueprint shows the journey's own design text, the
emotion and pain charts show suppressed group statistics.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from .._html import MAX_LABEL, clip
from ..charts import DIVERGING_5, PALETTE, Figure, figure
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
]

_LANE_LABELS = {
    "stage": "Stage",
    "step": "Step",
    "physical_evidence": "Physical evidence",
    "customer_action": "Customer action",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support",
    "pain_points": "Pain points",
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
        row["fail_point"] = "yes" if s.fail_point else ""
        row["wait_point"] = "yes" if s.wait_point else ""
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
    desc = (
        f"{len(steps)} steps in {len(journey.stages)} stages across five blueprint "
        f"lanes. {n_pain} pain points on {sum(1 for s in steps if s.pain_points)} steps"
    )
    if worst is not None and worst.pain_points:
        desc += f"; most at '{clip(worst.title, MAX_LABEL)}' ({len(worst.pain_points)})"
    return desc + (
        f". {sum(s.fail_point for s in steps)} fail points, "
        f"{sum(s.wait_point for s in steps)} wait points."
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
                    marks.append(
                        f"{len(s.pain_points)} pain point{'s' if len(s.pain_points) != 1 else ''}"
                    )
                if s.fail_point:
                    marks.append("fail point")
                if s.wait_point:
                    marks.append("wait point")
                text = ", ".join(marks)
            else:
                text = getattr(s, lane) or ""
            rows.append(
                {
                    "step": label,
                    "lane": _LANE_LABELS[lane],
                    "text": _wrap(text),
                    "pain": len(s.pain_points) if lane == "pain_points" else 0,
                }
            )
    df = pd.DataFrame(rows)
    x_order = [str(i) for i in range(1, len(steps) + 1)]
    y_order = [_LANE_LABELS[lane] for lane in lane_order]
    x = alt.X(
        "step:N", sort=x_order, title="Step number", axis=alt.Axis(orient="top", labelAngle=0)
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
        title=f"Service blueprint: {journey.title}",
        description=blueprint_description(journey),
        table=blueprint_table(journey),
        table_caption="The whole map: one row per step, one column per lane",
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
    x = alt.X("label:N", sort=x_order, title="Step", axis=alt.Axis(labelAngle=-40, labelLimit=160))
    colour = alt.Color("persona_name:N", title="Persona", scale=alt.Scale(range=PALETTE))
    base = alt.Chart(shown).encode(x=x, color=colour)
    band = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
        y=alt.Y("low:Q", title="Emotion (-2 to +2)", scale=alt.Scale(domain=[-2, 2])), y2="high:Q"
    )
    line = base.mark_line(strokeWidth=2.5).encode(y="mean:Q")
    pts = base.mark_point(filled=True).encode(
        y="mean:Q", size=alt.Size("n:Q", title="Participants (n)", scale=alt.Scale(range=[30, 200]))
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    chart = (zero + band + line + pts).properties(width=max(60 * len(x_order), 360), height=260)
    desc = curve.summary()
    if t["suppressed"].any():
        desc += f" Groups under {curve.k} participants are not shown."
    table = t[
        ["persona_name", "position", "step_title", "n", "mean", "sd", "min", "max", "suppressed"]
    ]
    return figure(chart, title="Emotion per step, by persona", description=desc, table=table)


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
    return (
        f"{int(first['cases']):,} cases reach '{first['stage_name']}'. Most cases stop in "
        f"'{top['stage_name']}': {int(top['drop_offs']):,} "
        f"({top['drop_off_rate']:.0%} of those reaching it)."
    )


def funnel_chart(funnel: pd.DataFrame) -> Figure:
    """Cases reaching each stage (bars) and dropping off there (darker part)."""
    import altair as alt

    df = funnel.copy()
    df["continued"] = df["cases"] - df["drop_offs"]
    long = df.melt(
        id_vars=["stage_name", "order"],
        value_vars=["continued", "drop_offs"],
        var_name="part",
        value_name="n",
    )
    long["part"] = long["part"].map(
        {"continued": "Continued or completed", "drop_offs": "Stopped here"}
    )
    order = df.sort_values("order")["stage_name"].tolist()
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("stage_name:N", sort=order, title="Stage"),
            x=alt.X("n:Q", title="Cases", stack="zero"),
            color=alt.Color(
                "part:N",
                title=None,
                scale=alt.Scale(
                    domain=["Continued or completed", "Stopped here"],
                    range=[PALETTE[0], PALETTE[1]],
                ),
            ),
            order=alt.Order("part:N", sort="ascending"),
        )
        .properties(width=440, height=40 * len(df))
    )
    return figure(
        chart,
        title="Cases reaching each stage",
        description=funnel_description(funnel),
        table=df[["stage_name", "cases", "drop_offs", "drop_off_rate"]],
    )


def activity_funnel_chart(metrics: Any) -> Figure:
    """Cases reaching each activity of an event log, drop-offs stacked."""
    df = metrics.steps.rename(columns={"activity": "stage_name"}).copy()
    df["order"] = range(len(df))
    fig = funnel_chart(df)
    return fig._replace(title="Cases reaching each activity")


def cost_waterfall_chart(comparison: Any) -> Figure:
    """Staff cost per year: as-is total, the change in each stage, to-be total."""
    import altair as alt

    st = comparison.stages
    cur = comparison.assumptions.currency
    rows = [
        {
            "label": "As-is",
            "start": 0.0,
            "end": float(st["staff_cost_as_is"].sum()),
            "kind": "Total",
        }
    ]
    running = rows[0]["end"]
    for _, r in st.iterrows():
        ch = float(r["staff_cost_change"])
        if ch == 0:
            continue
        rows.append(
            {
                "label": str(r["stage_name"]),
                "start": running,
                "end": running + ch,
                "kind": "Saving" if ch < 0 else "Extra cost",
            }
        )
        running += ch
    rows.append({"label": "To-be", "start": 0.0, "end": running, "kind": "Total"})
    df = pd.DataFrame(rows)
    df["change"] = df["end"] - df["start"]
    order = df["label"].tolist()
    chart = (
        alt.Chart(df)
        .mark_bar(size=36)
        .encode(
            x=alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("start:Q", title=f"Staff cost per year ({cur})"),
            y2="end:Q",
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=["Total", "Saving", "Extra cost"],
                    range=["#6b6b6b", PALETTE[0], PALETTE[1]],
                ),
            ),
        )
        .properties(width=max(70 * len(df), 320), height=280)
    )
    steps = df[df["kind"] != "Total"]
    biggest = steps.sort_values("change").iloc[0] if len(steps) else None
    desc = comparison.headline()
    if biggest is not None:
        desc += (
            f" The largest change is in '{biggest['label']}': "
            f"{biggest['change']:+,.0f} {cur} per year."
        )
    table = df[["label", "kind", "start", "end", "change"]].rename(
        columns={
            "label": "bar",
            "start": f"from_{cur}",
            "end": f"to_{cur}",
            "change": f"change_{cur}",
        }
    )
    return figure(chart, title="Staff cost from as-is to to-be", description=desc, table=table)


def pain_heatmap_chart(heatmap: pd.DataFrame, journey: Journey, k: int = DEFAULT_K) -> Figure:
    """Share of painful ratings (emotion -1 or -2) by stage and persona; small cells hidden."""
    import altair as alt

    df = heatmap.copy()
    df["pain_pct"] = df["pain_share"] * 100
    df["label"] = df["pain_pct"].map(lambda v: "hidden" if pd.isna(v) else f"{v:.0f}%")
    stages = [s.name for s in journey.ordered_stages()]
    base = alt.Chart(df).encode(
        x=alt.X("stage_name:N", sort=stages, title="Stage", axis=alt.Axis(labelAngle=-20)),
        y=alt.Y("persona_name:N", title="Persona"),
    )
    rect = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color(
            "pain_pct:Q",
            title="Painful ratings (%)",
            scale=alt.Scale(domain=[0, 100], range=["#f7f7f7", DIVERGING_5[0]]),
        )
    )
    txt = base.mark_text(fontSize=12).encode(text="label:N")
    chart = (rect + txt).properties(
        width=max(90 * len(stages), 300), height=50 * max(df["persona"].nunique(), 1)
    )
    shown = df.dropna(subset=["pain_share"])
    if len(shown):
        top = shown.sort_values(["pain_share", "stage"], ascending=[False, True]).iloc[0]
        desc = (
            f"Pain is highest for {top['persona_name']} in '{top['stage_name']}': "
            f"{top['pain_share']:.0%} of {int(top['ratings'])} ratings are -1 or -2."
        )
    else:
        desc = f"No stage and persona has {k} or more participants, so nothing is shown."
    if df["suppressed"].any():
        desc += (
            f" {int(df['suppressed'].sum())} cells with fewer than {k} participants "
            "(or protecting one) are hidden."
        )
    return figure(
        chart,
        title="Pain points by stage and persona",
        description=desc,
        table=df[
            ["stage_name", "persona_name", "participants", "ratings", "pain_ratings", "pain_share"]
        ],
    )
