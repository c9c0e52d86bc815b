"""Cost and burden per step after the Standard Cost Model, and the as-is vs to-be comparison.

Method (Standard Cost Model, as used for administrative burden in Denmark and the EU)
-------------------------------------------------------------------------------------
For every step, with ``P`` the cases per year reaching the journey (the step's own
``population`` if set, else the assumption's ``population``, else the summed population
of the journey's citizen personas):

* occurrences per year = ``P × frequency``
* citizen hours per year = ``P × frequency × citizen_minutes / 60``;
  citizen cost = citizen hours × ``citizen_hourly_value``
* staff hours per year = ``P × frequency × staff_minutes / 60``;
  staff cost = staff hours × ``staff_hourly_cost``
* citizen minutes per case = ``frequency × citizen_minutes``; waiting days per case =
  ``frequency × waiting_days``.

Sensitivity range
-----------------
Each assumption has a low and a high value: the hourly rates and the population vary by
``± rate_uncertainty`` and ``± population_uncertainty``; as-is minutes and frequencies by
``± as_is_uncertainty`` (measured) and to-be ones by ``± to_be_uncertainty`` (estimated).
Every reported quantity is multilinear in these factors, so its smallest and largest
values lie at corners of the box: the low-high range is the minimum and maximum over all
2^5 = 32 corners.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .._brief import Card
from .._result import Result
from ..i18n import _, fmt_int, fmt_percent
from ..thresholds import DEFAULT_K
from ._cards import comparison_cards, comparison_notes
from ._charts import cost_waterfall_chart, fixed
from ._model import Journey
from ._ratings import stage_emotion

__all__ = ["Assumptions", "step_costs", "compare", "JourneyComparison"]

_CHANGE_FIELDS = (
    "stage",
    "title",
    "channel",
    "citizen_minutes",
    "staff_minutes",
    "frequency",
    "waiting_days",
    "population",
    "customer_action",
    "frontstage",
    "backstage",
    "support",
    "physical_evidence",
    "actor",
)


@dataclass(frozen=True)
class Assumptions:
    """Cost assumptions with the uncertainty used for the low/high range.

    Parameters
    ----------
    staff_hourly_cost : float
        Full cost of one staff hour (salary plus overhead), in ``currency``.
    citizen_hourly_value : float
        Value of one hour of citizens' time, in ``currency``.
    population : float, optional
        Cases per year. Default: the summed population of the as-is journey's personas of
        kind ``citizen`` (steps with their own population use that).
    currency : str
    rate_uncertainty, population_uncertainty, as_is_uncertainty, to_be_uncertainty : float
        Relative ± ranges (0.1 = ±10%).
    """

    staff_hourly_cost: float = 450.0
    citizen_hourly_value: float = 200.0
    population: float | None = None
    currency: str = "DKK"
    rate_uncertainty: float = 0.1
    population_uncertainty: float = 0.0
    as_is_uncertainty: float = 0.05
    to_be_uncertainty: float = 0.15

    def _replace(self, **kw: Any) -> Assumptions:
        return replace(self, **kw)


def _population(journey: Journey, assumptions: Assumptions) -> float:
    if assumptions.population is not None:
        return float(assumptions.population)
    pops = [p.population for p in journey.personas if p.kind == "citizen" and p.population]
    return float(sum(pops)) if pops else 1.0


def step_costs(
    journey: Journey, assumptions: Assumptions | None = None, *, population: float | None = None
) -> pd.DataFrame:
    """Per-step burden and cost of one journey (central values).

    Returns
    -------
    DataFrame
        ``step, stage, title, population, frequency, citizen_minutes_per_case,
        staff_minutes_per_case, waiting_days_per_case, citizen_hours, staff_hours,
        citizen_cost, staff_cost`` (hours and costs per year).

    Examples
    --------
    >>> from cocreate_kit.journey import Journey, Stage, Step
    >>> j = Journey("j", "t", "s", "as_is", stages=(Stage("s1", 1, "Apply"),),
    ...             steps=(Step("a", "s1", 1, "Fill in form", citizen_minutes=30,
    ...                         staff_minutes=12, frequency=1.5),))
    >>> t = step_costs(j, Assumptions(staff_hourly_cost=400, population=1000))
    >>> float(t.loc[0, "staff_hours"]), float(t.loc[0, "staff_cost"])
    (300.0, 120000.0)
    """
    a = assumptions or Assumptions()
    base = population if population is not None else _population(journey, a)
    rows = []
    for s in journey.ordered_steps():
        pop = s.population if s.population is not None else base
        rows.append(
            {
                "step": s.id,
                "stage": s.stage,
                "title": s.title,
                "population": pop,
                "frequency": s.frequency,
                "citizen_minutes_per_case": s.frequency * s.citizen_minutes,
                "staff_minutes_per_case": s.frequency * s.staff_minutes,
                "waiting_days_per_case": s.frequency * s.waiting_days,
                "citizen_hours": pop * s.frequency * s.citizen_minutes / 60,
                "staff_hours": pop * s.frequency * s.staff_minutes / 60,
            }
        )
    df = pd.DataFrame(
        rows,
        columns=[
            "step",
            "stage",
            "title",
            "population",
            "frequency",
            "citizen_minutes_per_case",
            "staff_minutes_per_case",
            "waiting_days_per_case",
            "citizen_hours",
            "staff_hours",
        ],
    )
    df["citizen_cost"] = df["citizen_hours"] * a.citizen_hourly_value
    df["staff_cost"] = df["staff_hours"] * a.staff_hourly_cost
    return df


def _totals(t: pd.DataFrame, base_pop: float) -> dict[str, float]:
    """Totals for one journey; per-case values weight each step by its share of cases."""
    share = t["population"] / base_pop if base_pop else 1.0
    return {
        "staff_cost": float(t["staff_cost"].sum()),
        "staff_cost_per_case": float(t["staff_cost"].sum() / base_pop) if base_pop else np.nan,
        "citizen_cost": float(t["citizen_cost"].sum()),
        "staff_hours": float(t["staff_hours"].sum()),
        "citizen_hours": float(t["citizen_hours"].sum()),
        "citizen_hours_per_case": float((t["citizen_minutes_per_case"] * share).sum() / 60),
        "staff_minutes_per_case": float((t["staff_minutes_per_case"] * share).sum()),
        "waiting_days_per_case": float((t["waiting_days_per_case"] * share).sum()),
    }


def _scale(journey: Journey, factor: float) -> Journey:
    steps = tuple(
        replace(
            s,
            citizen_minutes=s.citizen_minutes * factor,
            staff_minutes=s.staff_minutes * factor,
            waiting_days=s.waiting_days * factor,
        )
        for s in journey.steps
    )
    return journey._replace(steps=steps)


class JourneyComparison(Result):
    """As-is vs to-be: step changes, cost totals with ranges, emotion change per stage.

    Named ``JourneyComparison`` so it is not confused with
    :class:`cocreate_kit.experiment.Comparison` (variants of a prototype test); the old name
    ``journey.Comparison`` still works and warns with ``DeprecationWarning``.

    Attributes
    ----------
    totals : DataFrame
        One row per measure (``staff_cost``, ``staff_cost_per_case``, ``citizen_cost``,
        ``staff_hours``,
        ``citizen_hours``, ``citizen_hours_per_case``, ``staff_minutes_per_case``,
        ``waiting_days_per_case``): ``as_is, to_be, saving, saving_low, saving_high,
        saving_pct, saving_pct_low, saving_pct_high``.
    changes : DataFrame
        One row per step id in either journey: ``step, title, stage, status`` (added,
        removed, changed, unchanged), ``fields_changed``, staff and citizen cost as-is and
        to-be and the difference.
    stages : DataFrame
        Per stage: staff cost as-is / to-be / change and mean emotion as-is / to-be /
        change (emotion hidden when fewer than ``k`` participants).
    assumptions : Assumptions
    population : float
        Cases a year the costs are computed for (``assumptions.population``, else the
        summed population of the as-is journey's citizen personas).
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("As-is vs to-be")

    def __init__(
        self,
        totals: pd.DataFrame,
        changes: pd.DataFrame,
        stages: pd.DataFrame,
        assumptions: Assumptions,
        as_is: Journey,
        to_be: Journey,
        warnings: list[str],
        population: float | None = None,
    ) -> None:
        self.totals = totals
        self.changes = changes
        self.stages = stages
        self.assumptions = assumptions
        self.as_is = as_is
        self.to_be = to_be
        self._warnings = warnings
        self.population = float(
            population if population is not None else _population(as_is, assumptions)
        )

    def _record(self) -> dict[str, Any]:
        """The computed tables and assumptions; the journeys by id only (their evidence and
        ratings are not part of this record)."""
        return {
            "as_is_id": self.as_is.id,
            "to_be_id": self.to_be.id,
            "totals": self.totals,
            "changes": self.changes,
            "stages": self.stages,
            "assumptions": self.assumptions,
            "population": self.population,
        }

    def _row(self, measure: str) -> pd.Series:
        return self.totals.set_index("measure").loc[measure]

    def headline(self) -> str:
        """One computed sentence on staff cost and citizen time."""
        s = self._row("staff_cost")
        c = self._row("citizen_hours_per_case")
        saves = s["saving"] >= 0
        pct, lo, hi = (abs(s["saving_pct"]), s["saving_pct_low"], s["saving_pct_high"])
        if not saves:
            lo, hi = -s["saving_pct_high"], -s["saving_pct_low"]
        cost = {"pct": fmt_percent(pct), "low": fmt_percent(lo), "high": fmt_percent(hi)}
        hours = c["saving"]
        if hours >= 0:
            time = {
                "hours": fixed(hours),
                "hours_low": fixed(c["saving_low"]),
                "hours_high": fixed(c["saving_high"]),
            }
            text = (
                _(
                    "The to-be journey saves {pct} ({low} to {high}) of staff cost and "
                    "{hours} hours ({hours_low} to {hours_high}) per citizen."
                )
                if saves
                else _(
                    "The to-be journey adds {pct} ({low} to {high}) to staff cost and saves "
                    "{hours} hours ({hours_low} to {hours_high}) per citizen."
                )
            )
        else:
            time = {
                "hours": fixed(-hours),
                "hours_low": fixed(-c["saving_high"]),
                "hours_high": fixed(-c["saving_low"]),
            }
            text = (
                _(
                    "The to-be journey saves {pct} ({low} to {high}) of staff cost and "
                    "costs each citizen {hours} hours more ({hours_low} to {hours_high})."
                )
                if saves
                else _(
                    "The to-be journey adds {pct} ({low} to {high}) to staff cost and "
                    "costs each citizen {hours} hours more ({hours_low} to {hours_high})."
                )
            )
        return text.format(**cost, **time)

    def summary(self) -> str:
        """The headline, the step changes and the yearly amounts."""
        counts = self.changes["status"].value_counts()
        s = self._row("staff_cost")
        cur = self.assumptions.currency
        steps = _("{added} added, {removed} removed, {changed} changed").format(
            **{k: fmt_int(counts.get(k, 0)) for k in ("added", "removed", "changed")}
        )
        emo = self.stages.dropna(subset=["emotion_change"])
        emo_txt = ""
        if len(emo):
            best = emo.sort_values(["emotion_change", "order"], ascending=[False, True]).iloc[0]
            emo_txt = _(
                " Emotion improves most in '{stage}' ({change} on the -2..+2 scale)."
            ).format(stage=best["stage_name"], change=fixed(best["emotion_change"], sign=True))
        return _(
            "{headline} Staff cost per year: {as_is} {currency} as-is, {to_be} {currency} "
            "to-be. Steps: {steps}.{emotion}"
        ).format(
            headline=self.headline(),
            as_is=fixed(s["as_is"], 0),
            to_be=fixed(s["to_be"], 0),
            currency=cur,
            steps=steps,
            emotion=emo_txt,
        )

    def headline_cards(self) -> list[Card]:
        """Staff cost, citizen time, staff time and waiting per case: change from as-is to
        to-be with its sensitivity range (not a confidence interval: these are computed
        under stated assumptions, see :mod:`cocreate_kit.journey._cards`)."""
        return comparison_cards(self)

    def method_notes(self) -> list[str]:
        """The Standard Cost Model, the assumptions used and how the ranges are found."""
        return comparison_notes(self)

    def chart(self) -> Any:
        """Cost waterfall from as-is to to-be staff cost, one bar per stage."""
        return cost_waterfall_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [
            (_("Totals per year, with low-high range"), self.totals),
            (_("Changes per step"), self.changes),
            (_("Changes per stage"), self.stages),
        ]


def compare(
    as_is: Journey,
    to_be: Journey,
    *,
    assumptions: Assumptions | dict[str, Any] | None = None,
    k: int = DEFAULT_K,
) -> JourneyComparison:
    """Compare an as-is journey with its to-be redesign (Standard Cost Model).

    Parameters
    ----------
    as_is, to_be : Journey
        Steps are matched by id: ids only in ``to_be`` are added, only in ``as_is``
        removed; a step is changed if its stage, title, channel, lanes, actor or any cost
        input differ.
    assumptions : Assumptions or dict, optional
        Rates, population and uncertainty (defaults: :class:`Assumptions`); a dict is
        passed to :class:`Assumptions`.
    k : int, default 5
        Emotion per stage is hidden when fewer than ``k`` participants rated it.

    Returns
    -------
    JourneyComparison
        ``.totals``, ``.changes``, ``.stages`` and ``.summary()``/``.headline()``: one
        computed sentence such as "The to-be journey saves 23% (18% to 27%) of staff cost
        and 3.1 hours (2.5 to 3.6) per citizen."

    Examples
    --------
    >>> from cocreate_kit.journey import Journey, Stage, Step
    >>> st = (Stage("s1", 1, "Apply"),)
    >>> old = Journey("old", "t", "s", "as_is", stages=st,
    ...               steps=(Step("a", "s1", 1, "Form", citizen_minutes=60, staff_minutes=30),))
    >>> new = Journey("new", "t", "s", "to_be", based_on="old", stages=st,
    ...               steps=(Step("a", "s1", 1, "Form", citizen_minutes=30, staff_minutes=20),))
    >>> cmp = compare(old, new, assumptions=Assumptions(population=100, as_is_uncertainty=0,
    ...               to_be_uncertainty=0, rate_uncertainty=0))
    >>> cmp.headline()
    'The to-be journey saves 33% (33% to 33%) of staff cost and 0.5 hours (0.5 to 0.5) per citizen.'
    """
    if isinstance(assumptions, dict):
        unknown = sorted(set(assumptions) - set(Assumptions.__dataclass_fields__))
        if unknown:
            msg = (
                f"Unknown assumption(s) {', '.join(map(repr, unknown))}; valid names are: "
                f"{', '.join(Assumptions.__dataclass_fields__)}."
            )
            raise ValueError(msg)
        assumptions = Assumptions(**assumptions)
    a = assumptions or Assumptions()
    base = _population(as_is, a)
    warnings: list[str] = []
    if to_be.based_on is not None and to_be.based_on != as_is.id:
        warnings.append(
            _(
                "The to-be journey says it redesigns {based_on}, but the as-is journey "
                "compared with it is {as_is}."
            ).format(based_on=repr(to_be.based_on), as_is=repr(as_is.id))
        )
    central_a = _totals(step_costs(as_is, a, population=base), base)
    central_b = _totals(step_costs(to_be, a, population=base), base)
    corners: dict[str, list[float]] = {m: [] for m in central_a}
    pct_corners: dict[str, list[float]] = {m: [] for m in central_a}
    ua, ub = a.as_is_uncertainty, a.to_be_uncertainty
    ur, up = a.rate_uncertainty, a.population_uncertainty
    for fa, fb, fr, fp in itertools.product(
        (1 - ua, 1 + ua), (1 - ub, 1 + ub), (1 - ur, 1 + ur), (1 - up, 1 + up)
    ):
        aa = a._replace(
            staff_hourly_cost=a.staff_hourly_cost * fr,
            citizen_hourly_value=a.citizen_hourly_value * fr,
        )
        ta = _totals(step_costs(_scale(as_is, fa), aa, population=base * fp), base * fp)
        tb = _totals(step_costs(_scale(to_be, fb), aa, population=base * fp), base * fp)
        for m in central_a:
            corners[m].append(ta[m] - tb[m])
            pct_corners[m].append((ta[m] - tb[m]) / ta[m] if ta[m] else np.nan)
    rows = []
    for m in central_a:
        sav = central_a[m] - central_b[m]
        rows.append(
            {
                "measure": m,
                "as_is": central_a[m],
                "to_be": central_b[m],
                "saving": sav,
                "saving_low": min(corners[m]),
                "saving_high": max(corners[m]),
                "saving_pct": sav / central_a[m] if central_a[m] else np.nan,
                "saving_pct_low": np.nanmin(pct_corners[m]) if central_a[m] else np.nan,
                "saving_pct_high": np.nanmax(pct_corners[m]) if central_a[m] else np.nan,
            }
        )
    totals = pd.DataFrame(rows)
    changes = _changes(as_is, to_be, a, base)
    stages = _stage_table(as_is, to_be, a, base, k)
    return JourneyComparison(totals, changes, stages, a, as_is, to_be, warnings, base)


def _changes(as_is: Journey, to_be: Journey, a: Assumptions, base: float) -> pd.DataFrame:
    ca = step_costs(as_is, a, population=base).set_index("step")
    cb = step_costs(to_be, a, population=base).set_index("step")
    old = {s.id: s for s in as_is.steps}
    new = {s.id: s for s in to_be.steps}
    ids = [s.id for s in as_is.ordered_steps()]
    ids += [s.id for s in to_be.ordered_steps() if s.id not in old]
    rows = []
    for sid in ids:
        o, n = old.get(sid), new.get(sid)
        if o is None:
            status, changed = "added", ""
        elif n is None:
            status, changed = "removed", ""
        else:
            diff = [f for f in _CHANGE_FIELDS if getattr(o, f) != getattr(n, f)]
            status, changed = ("changed" if diff else "unchanged"), ", ".join(diff)
        ref = n or o
        sa = float(ca.loc[sid, "staff_cost"]) if sid in ca.index else 0.0
        sb = float(cb.loc[sid, "staff_cost"]) if sid in cb.index else 0.0
        za = float(ca.loc[sid, "citizen_hours"]) if sid in ca.index else 0.0
        zb = float(cb.loc[sid, "citizen_hours"]) if sid in cb.index else 0.0
        rows.append(
            {
                "step": sid,
                "title": ref.title,
                "stage": ref.stage,
                "status": status,
                "fields_changed": changed,
                "staff_cost_as_is": sa,
                "staff_cost_to_be": sb,
                "staff_cost_change": sb - sa,
                "citizen_hours_as_is": za,
                "citizen_hours_to_be": zb,
                "citizen_hours_change": zb - za,
            }
        )
    return pd.DataFrame(rows)


def _stage_table(
    as_is: Journey, to_be: Journey, a: Assumptions, base: float, k: int
) -> pd.DataFrame:
    stages: dict[str, tuple[int, str]] = {}
    for j in (as_is, to_be):
        for s in j.ordered_stages():
            stages.setdefault(s.id, (s.order, s.name))
    out = pd.DataFrame(
        [{"stage": sid, "order": o, "stage_name": nm} for sid, (o, nm) in stages.items()]
    )
    ca = step_costs(as_is, a, population=base).groupby("stage")["staff_cost"].sum()
    cb = step_costs(to_be, a, population=base).groupby("stage")["staff_cost"].sum()
    out["staff_cost_as_is"] = out["stage"].map(ca).fillna(0.0).astype("float64")
    out["staff_cost_to_be"] = out["stage"].map(cb).fillna(0.0).astype("float64")
    out["staff_cost_change"] = out["staff_cost_to_be"] - out["staff_cost_as_is"]
    ea = stage_emotion(as_is, k=k).set_index("stage")["mean_emotion"]
    eb = stage_emotion(to_be, k=k).set_index("stage")["mean_emotion"]
    out["emotion_as_is"] = out["stage"].map(ea).astype("float64")
    out["emotion_to_be"] = out["stage"].map(eb).astype("float64")
    out["emotion_change"] = out["emotion_to_be"] - out["emotion_as_is"]
    return out.sort_values(["order", "stage"], kind="stable").reset_index(drop=True)
