"""Headline cards and method notes of the prototype-test pillar (issue 14's page pattern).

A card shows what :class:`~._comparison.Comparison` computed, formatted in the current
language; nothing is worked out again here.

* **Value**: the variant's effect against control (``table["effect"]``), formatted as the
  kind formats effects (``+13.3 points``, ``0.70x``, ``+12.50``); the label names the
  metric, its role and the two variants.
* **Interval**: the effect's confidence interval at the design's level
  (``effect_ci_low``/``effect_ci_high``). Left empty when it is not computable (NaN: data
  without spread); the method notes say why.
* **n**: participants in the two arms compared (``arms["n"]``), as the summary names them.
* **Verdict and tone**: the pillar's verdict (:mod:`._verdict`) as a plain sentence;
  better -> "good", worse -> "bad", equivalent within the margin -> "neutral", not enough
  evidence yet -> "unclear".

Which cards a :class:`~._report.Report` shows: the primary metric first (one card per
non-control variant, at most two), then up to two more metrics: guardrails first (the
variant that is worse, when one is), then secondary metrics with a decided verdict
(better/worse/equivalent) before undecided ones, in plan order. So a two-arm test shows
three cards, the briefing's 2-4.

Counts are participants per arm of a test, not groups of people described by a
characteristic, so the small-cell threshold ``k`` of the survey pillars does not apply;
the verdict's own small-sample guard (:data:`~._verdict.SMALL_N`) does.
"""

from __future__ import annotations

from typing import Any

from .._brief import Card
from ..i18n import N_, _, fmt_int
from ._kinds import KIND
from ._text import method_text, pct, role_text, sig
from ._verdict import BETTER, EQUIVALENT, SMALL_N, UNCLEAR, WORSE

__all__ = ["comparison_cards", "comparison_notes", "report_cards", "report_notes", "TONE"]

#: Card tone per verdict.
TONE = {BETTER: "good", WORSE: "bad", EQUIVALENT: "neutral", UNCLEAR: "unclear"}

_VERDICT_SENTENCE = {
    BETTER: N_("{variant} is better than {control}."),
    WORSE: N_("{variant} is worse than {control}."),
    EQUIVALENT: N_("{variant} and {control} are equivalent within the margin."),
    UNCLEAR: N_("Not enough evidence yet to tell {variant} from {control}."),
}


def _card(res: Any, row: Any, role: str = "") -> Card:
    kind = KIND[res.kind]
    pair = _("{variant} vs {control}").format(variant=row.variant, control=res.control)
    label = (
        _("{metric} ({role}): {pair}").format(metric=res.metric, role=role_text(role), pair=pair)
        if role
        else _("{metric}: {pair}").format(metric=res.metric, pair=pair)
    )
    interval = ""
    if row.effect_ci_low == row.effect_ci_low and row.effect_ci_high == row.effect_ci_high:
        interval = _("{level} CI {low} to {high}").format(
            level=pct(res.level),
            low=kind.fmt(row.effect_ci_low, effect=True),
            high=kind.fmt(row.effect_ci_high, effect=True),
        )
    arms = res.arms.set_index("variant")["n"]
    n = ", ".join(f"{v} n = {fmt_int(arms[v])}" for v in (res.control, row.variant))
    verdict = _(_VERDICT_SENTENCE[row.verdict]).format(variant=row.variant, control=res.control)
    return Card(
        label=label,
        value=kind.fmt(row.effect, effect=True),
        verdict=verdict,
        interval=interval,
        n=n,
        tone=TONE[row.verdict],
    )


def comparison_cards(res: Any, role: str = "") -> list[Card]:
    """One card per non-control variant (at most four), in table order."""
    return [_card(res, row, role) for row in list(res.table.itertuples())[:4]]


def _headline_row(res: Any, role: str) -> Any:
    """The variant a metric's single card is about: a worse one for a guardrail, else
    the first decided one, else the first."""
    rows = list(res.table.itertuples())
    wanted = (WORSE,) if role == "guardrail" else (BETTER, WORSE, EQUIVALENT)
    return next((r for r in rows if r.verdict in wanted), rows[0])


def report_cards(report: Any) -> list[Card]:
    """The report's 2-4 headline cards (see the module docstring for the choice)."""
    primary = report.results[report.primary]
    cards = comparison_cards(primary, "primary")[:2]
    guards = [g for g in report.guardrails if g in report.results]
    others = [m for m in report.results if m != report.primary and m not in guards]
    decided = [
        m for m in others if _headline_row(report.results[m], "secondary").verdict != UNCLEAR
    ]
    order = guards + decided + [m for m in others if m not in decided]
    for metric in order[:2]:
        res, role = report.results[metric], report.role(metric)
        cards.append(_card(res, _headline_row(res, role), role))
    return cards[:4]


def comparison_notes(res: Any) -> list[str]:
    """How one metric was read: test and interval, p-values, adjustment, verdict rule."""
    from ._sentences import render

    methods = "; ".join(method_text(m) for m in sorted(set(res.table["method"])))
    notes = [
        _("{metric}: {methods}; {level} confidence intervals.").format(
            metric=res.metric, methods=methods, level=pct(res.level)
        )
    ]
    kind = KIND[res.kind]
    for row in res.table.itertuples():
        p = (
            _("p not computable (the data has no spread)")
            if row.p_value != row.p_value
            else _("p = {p}, Holm-adjusted p = {adjusted}").format(
                p=sig(row.p_value, 3), adjusted=sig(row.p_adjusted, 3)
            )
        )
        notes.append(
            _(
                "{variant} vs {control}: {label} {effect}; {p}; probability better than "
                "control {prob}."
            ).format(
                variant=row.variant,
                control=res.control,
                label=_(row.effect_label),
                effect=kind.fmt(row.effect, effect=True),
                p=p,
                prob=pct(row.prob_better),
            )
        )
    notes.extend(render(n) for n in res._notes)
    notes.append(_verdict_rule(res.level))
    if res.plan_sha256:
        notes.append(_("Analysis plan SHA-256: {sha}.").format(sha=res.plan_sha256[:12]))
    return notes


def _verdict_rule(level: float) -> str:
    return _(
        "Better or worse needs a Holm-adjusted p-value below {alpha} and an interval that "
        "excludes no difference; with fewer than {small} participants in an arm and "
        "overlapping intervals no winner is declared."
    ).format(alpha=sig(1 - level, 3), small=fmt_int(SMALL_N))


def report_notes(report: Any) -> list[str]:
    """The report's method notes: hypothesis, each metric's method, the verdict rule and
    the plan stamp (deviations from the plan stay visible, as warnings)."""
    notes = []
    if report.plan is not None:
        notes.append(_("Hypothesis: {hypothesis}").format(hypothesis=report.plan.hypothesis))
    for res in report.results.values():
        methods = "; ".join(method_text(m) for m in sorted(set(res.table["method"])))
        notes.append(
            _("{metric}: {methods}; {level} confidence intervals.").format(
                metric=res.metric, methods=methods, level=pct(res.level)
            )
        )
    if any(len(res.table) > 1 for res in report.results.values()):
        notes.append(
            _(
                "With several variants, p-values are Holm-adjusted over the comparisons with the control."
            )
        )
    notes.append(_verdict_rule(report.design.level))
    if report.plan_sha256:
        notes.append(_("Analysis plan SHA-256: {sha}.").format(sha=report.plan_sha256[:12]))
    return notes
