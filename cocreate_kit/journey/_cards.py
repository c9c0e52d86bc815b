"""Headline cards and method notes of the journey results (the page pattern of issue 14).

Every number on a card is a field the result computed, formatted in the current language;
nothing here computes a cost, a count or a mean again. Two kinds of range appear, and the
card says which:

* **Cost and time** (:class:`~cocreate_kit.journey.JourneyComparison`) come from the
  Standard Cost Model under stated assumptions. They have no sampling interval; the card's
  range is the *sensitivity range* the comparison computed (smallest and largest value over
  every combination of low and high assumptions). Its n is the number of cases a year the
  costs are computed for, an assumption, not a sample size.
* **Shares of cases** (:class:`~cocreate_kit.journey.EventLogMetrics`) get a 95% Wilson
  score interval (statsmodels ``proportion_confint(method="wilson")``): the cases in the log
  are read as a sample of the service's cases over time, so the interval shows how much the
  share could move by chance, not errors in the log.
* **Ratings** (:class:`~cocreate_kit.journey.EmotionCurve`) get a 95% t interval of the mean
  from the curve's own mean, standard deviation and n, clipped to the -2..+2 scale. Only
  groups the curve shows (``k`` or more participants) get a card.

Tone: "good" when the whole range points to an improvement for citizens or the service,
"bad" when all of it points the other way, "unclear" when it includes no change, "neutral"
for a number without a direction (how many cases stop).
"""

from __future__ import annotations

import math
from typing import Any

from .._brief import Card
from .._html import MAX_LABEL, clip
from ..i18n import _, fmt_int, fmt_percent
from ..thresholds import DEFAULT_LEVEL
from ._charts import fixed

__all__ = [
    "comparison_cards",
    "comparison_notes",
    "event_log_cards",
    "event_log_notes",
    "emotion_cards",
    "emotion_notes",
]


def _tone(low: float, high: float) -> str:
    """good: the whole range is a saving; bad: the whole range is a cost; else unclear."""
    if low > 0:
        return "good"
    if high < 0:
        return "bad"
    return "unclear"


def _signed(value: float, digits: int) -> str:
    """A change with its sign ("-24", "+3.0"); a change of zero has no sign."""
    if round(float(value), digits) == 0:
        return fixed(0.0, digits)
    return fixed(value, digits, sign=True)


def _signed_percent(value: float) -> str:
    text = fmt_percent(value)
    return text if text.startswith(("-", "−")) or round(value * 100) == 0 else "+" + text


def comparison_cards(cmp: Any) -> list[Card]:
    """Staff cost per case, citizen time, staff time and waiting per case, today vs redesign.

    Values are changes from as-is to to-be (negative: the redesign needs less); the
    interval is the comparison's sensitivity range of that change, and n the cases a year
    the Standard Cost Model was computed for (``cmp.population``).
    """
    rows = cmp.totals.set_index("measure")
    cur = cmp.assumptions.currency
    n = _("For {n} cases a year (assumed)").format(n=fmt_int(round(cmp.population)))
    cards = []
    # (measure, label, digits, unit, verdict): the change is to_be - as_is = -saving.
    specs = [
        (
            "staff_cost_per_case",
            _("Staff cost per case"),
            0,
            cur,
            _("From {as_is} to {to_be} {unit} per case."),
        ),
        (
            "citizen_hours_per_case",
            _("Citizen time per case"),
            1,
            _("hours"),
            _("From {as_is} to {to_be} {unit} of a citizen's time per case."),
        ),
        (
            "staff_minutes_per_case",
            _("Staff time per case"),
            0,
            _("min"),
            _("From {as_is} to {to_be} {unit} of staff time per case."),
        ),
        (
            "waiting_days_per_case",
            _("Waiting per case"),
            0,
            _("days"),
            _("From {as_is} to {to_be} {unit} of waiting per case."),
        ),
    ]
    for measure, label, digits, unit, verdict in specs:
        r = rows.loc[measure]
        if measure == "staff_cost_per_case":
            value = _signed_percent(-r["saving_pct"])
            interval = _("Range {low} to {high} under the assumptions").format(
                low=_signed_percent(-r["saving_pct_high"]),
                high=_signed_percent(-r["saving_pct_low"]),
            )
        else:
            value = f"{_signed(-r['saving'], digits)} {unit}"
            interval = _("Range {low} to {high} {unit} under the assumptions").format(
                low=_signed(-r["saving_high"], digits),
                high=_signed(-r["saving_low"], digits),
                unit=unit,
            )
        cards.append(
            Card(
                label,
                value,
                verdict.format(
                    as_is=fixed(r["as_is"], digits), to_be=fixed(r["to_be"], digits), unit=unit
                ),
                interval=interval,
                n=n,
                tone=_tone(r["saving_low"], r["saving_high"]),
            )
        )
    return cards


def comparison_notes(cmp: Any) -> list[str]:
    """How the comparison's costs, times and ranges were computed, with its assumptions."""
    a = cmp.assumptions
    return [
        _(
            "Costs and times follow the Standard Cost Model: for each step, cases a year × "
            "how often the step happens per case × minutes ÷ 60 × the hourly rate. Per case, "
            "each step counts with its share of the cases."
        ),
        _(
            "Assumptions: a staff hour costs {staff} {currency} (salary and overhead), a "
            "citizen's hour is valued at {citizen} {currency}, {n} cases a year."
        ).format(
            staff=fixed(a.staff_hourly_cost, 0),
            citizen=fixed(a.citizen_hourly_value, 0),
            currency=a.currency,
            n=fmt_int(round(cmp.population)),
        ),
        _(
            "The ranges are sensitivity ranges, not statistical confidence intervals: the "
            "smallest and largest result over every combination of low and high values of "
            "the hourly rates (±{rate}), cases a year (±{population}), today's measured "
            "times (±{as_is}) and the redesign's estimated times (±{to_be})."
        ).format(
            rate=fmt_percent(a.rate_uncertainty),
            population=fmt_percent(a.population_uncertainty),
            as_is=fmt_percent(a.as_is_uncertainty),
            to_be=fmt_percent(a.to_be_uncertainty),
        ),
    ]


def _wilson(count: int, n: int, level: float = DEFAULT_LEVEL) -> tuple[float, float]:
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(count, n, alpha=1 - level, method="wilson")
    return float(low), float(high)


def _ci_text(low: float, high: float, level: float = DEFAULT_LEVEL) -> str:
    return _("{level} CI {low} to {high}").format(
        level=fmt_percent(level), low=fmt_percent(low), high=fmt_percent(high)
    )


def event_log_cards(metrics: Any) -> list[Card]:
    """Share of cases that did not end with an end activity, and where most cases stop.

    Both are shares of cases with a Wilson interval; the second card is left out when no
    case stops before an end activity.
    """
    n_cases = metrics.n_cases
    if not n_cases:
        return []
    stopped = n_cases - metrics.completed
    low, high = _wilson(stopped, n_cases)
    ends = ", ".join(metrics.end_activities) or _("none")
    cards = [
        Card(
            _("Cases that did not finish"),
            fmt_percent(stopped / n_cases),
            _("{stopped} of {n} cases stopped before reaching {ends}.").format(
                stopped=fmt_int(stopped), n=fmt_int(n_cases), ends=clip(ends, MAX_LABEL)
            ),
            interval=_ci_text(low, high),
            n=_("n = {n} cases in the event log").format(n=fmt_int(n_cases)),
            tone="neutral",
        )
    ]
    drops = metrics.steps[metrics.steps["drop_offs"] > 0]
    if len(drops):
        top = drops.sort_values(["drop_offs", "activity"], ascending=[False, True]).iloc[0]
        dropped, reached = int(top["drop_offs"]), int(top["cases"])
        low, high = _wilson(dropped, reached)
        cards.append(
            Card(
                _("Most cases stop after"),
                clip(str(top["activity"]), MAX_LABEL),
                _("{dropped} of the {reached} cases that got this far went no further.").format(
                    dropped=fmt_int(dropped), reached=fmt_int(reached)
                ),
                interval=_("{share} of those cases ({ci})").format(
                    share=fmt_percent(top["drop_off_rate"]), ci=_ci_text(low, high)
                ),
                n=_("n = {n} cases reached it").format(n=fmt_int(reached)),
                tone="neutral",
            )
        )
    return cards


def event_log_notes(metrics: Any) -> list[str]:
    """Definitions behind the event-log numbers and their intervals."""
    ends = ", ".join(metrics.end_activities) or _("none")
    order = (
        _("by activity name") if metrics.tie_break == "activity" else _("by the file's row order")
    )
    return [
        _(
            "A case finished when its last event is an end activity ({ends}); a case "
            "stops after an activity when that is its last event and not an end activity. "
            "Cases still open when the log was extracted count as stopped."
        ).format(ends=clip(ends, MAX_LABEL)),
        _(
            "Events are ordered by time within a case; events with the same time stamp {order}."
        ).format(order=order),
        _(
            "Intervals of shares are 95% Wilson score intervals: the cases are read as a "
            "sample of the service's cases over time, so the interval shows how much the "
            "share could move by chance."
        ),
    ]


def _t_interval(mean: float, sd: float, n: int, level: float = DEFAULT_LEVEL) -> tuple[float, ...]:
    from scipy import stats

    if n < 2 or not math.isfinite(sd):
        return (math.nan, math.nan)
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return (max(-2.0, mean - half), min(2.0, mean + half))


def emotion_cards(curve: Any) -> list[Card]:
    """Each shown persona's lowest-rated step (mean, t interval, n participants); at most
    two personas, in the curve's order. Suppressed groups (fewer than ``k``) get no card."""
    shown = curve.shown
    cards: list[Card] = []
    for _pid, g in shown.groupby("persona", sort=False):
        if len(cards) == 2:
            break
        low = g.sort_values(["mean", "position"]).iloc[0]
        lo, hi = _t_interval(float(low["mean"]), float(low["sd"]), int(low["n"]))
        interval = (
            _("{level} CI {low} to {high}").format(
                level=fmt_percent(DEFAULT_LEVEL),
                low=fixed(lo, sign=True),
                high=fixed(hi, sign=True),
            )
            if math.isfinite(lo)
            else ""
        )
        cards.append(
            Card(
                _("Lowest point: {persona}").format(persona=clip(low["persona_name"], 60)),
                fixed(low["mean"], sign=True),
                _("Rated lowest at '{step}', on a scale from -2 to +2.").format(
                    step=clip(low["step_title"], MAX_LABEL)
                ),
                interval=interval,
                n=_("n = {n} participants").format(n=fmt_int(low["n"])),
                tone=_tone(lo, hi) if math.isfinite(lo) else "unclear",
            )
        )
    return cards


def emotion_notes(curve: Any) -> list[str]:
    """How the emotion curve and its intervals were computed."""
    return [
        _(
            "Participants rated each step from -2 (very bad) to +2 (very good). The curve "
            "shows the mean with a band of ± one standard deviation; point size shows how "
            "many rated the step."
        ),
        _(
            "Groups rated by fewer than {k} participants are hidden to protect them. A "
            "headline's interval is the 95% t interval of the mean, cut to the scale."
        ).format(k=fmt_int(curve.k)),
    ]
