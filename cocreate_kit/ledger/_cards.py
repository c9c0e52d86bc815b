"""The scorecard's headline cards and method notes (the page pattern, :mod:`cocreate_kit._brief`).

Up to four cards, one per question a minister asks of a redesign, each read from the
scorecard's own cells (nothing is recomputed here; only formatted, in the current language):

1. **Productivity**: the staff-cost saving of the journey cost comparison
   (``staff_cost_saved_pct``), else citizen time saved, else the best productivity cell.
2. **Service experience**: the satisfaction change of a test (SUS, then an ordinal
   satisfaction item), else a survey's SUS score or top-2 box, else the best service
   experience cell (the cells the headline sentence uses, in the same order).
3. **Decisions backed by evidence**: decisions taken whose weakest link is level 3-5
   evidence (``decisions_evidenced``).
4. **Participation**: people who took part (``took_part``), by role, and whether the citizens
   who took part differ from the population (the representativeness tests).

"The best cell" of a bottom line is the first with a value, supported cells first, then
higher evidence levels. A card is left out when its cell is missing, so a ledger with less
data gets fewer cards (never an empty one).

**Intervals.** A card's interval is the cell's own: a confidence interval at its level, a
measure's declared range, or the journey cost model's low/high range (labelled as a range of
assumptions, not a sampling interval). Counts and shares of the ledger's own records
(decisions, people) are a census: they have no interval, and the card says "all records
counted" instead. The cost comparison carries no n (it is a model, not a sample).

**Tone** follows the scorecard's verdict: a change that is *supported* (interval excludes no
effect and evidence level 3 or more) is ``good`` or ``bad`` by its direction (a saving, a
higher rating); an unsupported one is ``unclear``; a level (a survey score) is ``neutral``.
Decisions are ``good`` when every decision taken rests on level 3-5 evidence, else
``unclear``. Participation is ``bad`` when the citizens differ from the population on some
dimension (goodness-of-fit p below 1 - level), ``unclear`` when no difference was found
(small groups only detect large differences), ``neutral`` without a population table.

**Privacy.** Role counts below ``k`` are hidden by the scorecard (primary and secondary
suppression); a card lists only roles whose count is shown, and when the total itself is
hidden the card says "fewer than k".
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._brief import Card
from ..i18n import N_, _, fmt_int, fmt_number, fmt_percent
from ._labels import label, plural

__all__ = ["scorecard_cards", "scorecard_notes", "support"]

# ``card`` arguments are :class:`._scorecard.Scorecard` objects (typed ``Any``: that module
# imports this one, and the kit allows no import cycle, not even for type checking).

_PRODUCTIVITY = ("staff_cost_saved_pct", "citizen_hours_saved")
_EXPERIENCE = ("sus_change", "satisfaction_change", "sus_score", "csat_top2")
#: Card labels of the scorecard's own keys (other cells use their indicator).
_LABELS = {
    "staff_cost_saved_pct": N_("Staff cost saved"),
    "citizen_hours_saved": N_("Citizen time saved per case"),
    "sus_change": N_("Satisfaction (SUS), new vs old"),
    "satisfaction_change": N_("Satisfaction, new vs old"),
    "sus_score": N_("Satisfaction (SUS score)"),
    "csat_top2": N_("Satisfied users (top-2 box)"),
}
#: Keys whose value is a change (saving, difference) rather than a level.
_SAVINGS = ("staff_cost_saved_pct", "staff_cost_saved", "citizen_hours_saved")


def _blank(x: Any) -> bool:
    return x is None or bool(pd.isna(x))


def _amount(x: float, unit: str, digits: int, signed: bool = False) -> str:
    """``x`` in ``unit``: "%" and "share" as percentages, other units after the number."""
    sign = "+" if signed and x > 0 else ""
    if unit == "%":
        return sign + fmt_percent(x / 100, digits)
    if unit == "share":
        return sign + fmt_percent(x, digits)
    shown = _(unit) if unit else ""
    if shown.startswith("%"):
        return f"{sign}{fmt_number(x, digits)}{shown}"
    return f"{sign}{fmt_number(x, digits)} {shown}".strip()


def _digits(cell: pd.Series) -> int:
    """Whole percentages (as the headline sentence), one decimal for scores and hours."""
    if cell["unit"] in ("%", "share") or str(cell["unit"] or "").startswith("%"):
        return 0
    return 0 if abs(float(cell["value"])) >= 100 else 1


def _interval(cell: pd.Series, digits: int) -> str:
    """The cell's interval in words: "95% CI 6 to 19", "Range 8% to 38% (...)", or ""."""
    if _blank(cell["low"]) or _blank(cell["high"]):
        return ""
    unit = str(cell["unit"] or "")
    unit = unit if unit in ("%", "share") else ""  # the value shows the unit once
    lo, hi = (_amount(float(cell[c]), unit, digits) for c in ("low", "high"))
    if not _blank(cell["level"]):
        return _("{level} CI {low} to {high}").format(
            level=fmt_percent(float(cell["level"])), low=lo, high=hi
        )
    if str(cell["interval"]).startswith("range ("):
        return _("Range {low} to {high} (cost model assumptions)").format(low=lo, high=hi)
    return _("Range {low} to {high}").format(low=lo, high=hi)


def _n(cell: pd.Series) -> str:
    return "" if _blank(cell["n"]) else _("n = {n}").format(n=fmt_int(int(cell["n"])))


def support(cell: dict[str, Any]) -> tuple[bool, str]:
    """(supported, why not) of one scorecard cell, in the current language."""
    level = cell["evidence_level"]
    if cell["value"] is None or pd.isna(cell["value"]):
        return False, _("no value")
    if cell["low"] is None or pd.isna(cell["low"]) or cell["high"] is None:
        return False, _("no interval")
    null = cell["null"]
    if null is not None and not pd.isna(null) and cell["low"] <= null <= cell["high"]:
        return False, _("the interval includes no effect")
    if level is not None and not pd.isna(level) and level <= 2:
        return False, _("level {level} evidence only ({evidence})").format(
            level=int(level), evidence=cell["evidence"]
        )
    return True, ""


def _best_of_line(card: Any, line: str) -> pd.Series | None:
    """The line's first cell with a value: supported first, then higher evidence levels."""
    hit = card.cells[(card.cells["bottom_line"] == line) & card.cells["value"].notna()]
    if not len(hit):
        return None
    order = pd.DataFrame(
        {
            "supported": hit["supported"].astype("boolean").fillna(False).astype(int),
            "level": hit["evidence_level"].astype("Float64").fillna(0),
        },
        index=hit.index,
    ).sort_values(["supported", "level"], ascending=False, kind="stable")
    return hit.loc[order.index[0]]


def _measured(cell: pd.Series, up_is_good: bool = True) -> Card:
    """A productivity or experience card: value, interval, n, verdict from its support."""
    key = str(cell["key"])
    change = key.endswith("_change") or key in _SAVINGS
    digits = _digits(cell)
    value = float(cell["value"])
    text = _amount(value, str(cell["unit"] or ""), digits, signed=key.endswith("_change"))
    name = _(_LABELS[key]) if key in _LABELS else _(str(cell["indicator"]))
    supported = bool(cell["supported"]) if not _blank(cell["supported"]) else False
    lvl = cell["evidence_level"]
    evidence = (
        ""
        if _blank(lvl)
        else _("level {level} evidence ({evidence})").format(
            level=int(lvl), evidence=cell["evidence"]
        )
    )
    if supported and change:
        null = 0.0 if _blank(cell["null"]) else float(cell["null"])
        better = (value > null) == up_is_good
        verdict = (
            _("Shown to be better, on {evidence}.")
            if better
            else _("Shown to be worse, on {evidence}.")
        ).format(evidence=evidence)
        tone = "good" if better else "bad"
    elif supported:
        verdict = _("Measured on {evidence}.").format(evidence=evidence)
        tone = "neutral"
    else:
        verdict = _("Not shown to be an effect: {why}.").format(why=support(cell.to_dict())[1])
        tone = "unclear" if change else "neutral"
    return Card(name, text, verdict, interval=_interval(cell, digits), n=_n(cell), tone=tone)


def _decisions(card: Any) -> Card | None:
    cell = card._best(("decisions_evidenced",))
    if cell is None or _blank(cell["n"]) or not int(cell["n"]):
        return None
    den = int(cell["n"])
    num = round(float(cell["value"]) * den / 100)
    tone = "good" if num == den else "unclear"
    verdict = (
        _("Every decision taken rests on level 3-5 evidence.")
        if num == den
        else _("{weak} of {n} decisions taken rest on level 1-2 evidence or none.").format(
            weak=fmt_int(den - num), n=fmt_int(den)
        )
    )
    return Card(
        _("Decisions backed by strong evidence"),
        _("{num} of {den}").format(num=fmt_int(num), den=fmt_int(den)),
        verdict,
        interval=_("All decisions counted (no sampling interval)"),
        n=_("n = {n} decisions taken").format(n=fmt_int(den)),
        tone=tone,
    )


def _participation(card: Any) -> Card | None:
    took = card.cells[card.cells["key"] == "took_part"]
    if not len(took):
        return None
    cell = took.iloc[0]
    if _blank(cell["value"]):
        value = _("fewer than {k}").format(k=fmt_int(card.k))
    elif not int(cell["value"]):
        return None
    else:
        value = fmt_int(int(cell["value"]))
    roles = card.cells[card.cells["key"].str.startswith("took_part_") & card.cells["value"].notna()]
    by = ", ".join(
        f"{fmt_int(int(r.value))} {plural(r.key.removeprefix('took_part_'))}"
        for r in roles.itertuples(index=False)
    )
    rep = card.representativeness
    if rep is None:
        verdict, tone = _("No population table: representativeness not assessed."), "neutral"
    else:
        tests = rep.tests.dropna(subset=["p_value"])
        unlike = tests[tests["p_value"] < 1 - rep.level]
        if len(unlike):
            dims = (" " + _("and") + " ").join(
                _("{dimension} (D = {d})").format(dimension=label(t.dimension), d=fmt_percent(t.D))
                for t in unlike.itertuples(index=False)
            )
            verdict = _("The citizens who took part differ from the population by {by}.").format(
                by=dims
            )
            tone = "bad"
        else:
            verdict = _(
                "No clear difference from the population; with {n} citizens only large "
                "differences can be detected."
            ).format(n=fmt_int(rep.n))
            tone = "unclear"
    return Card(
        _("People who took part"),
        value,
        verdict,
        interval=by,
        n=_("Groups under {k} people hidden").format(k=fmt_int(card.k)),
        tone=tone,
    )


def scorecard_cards(card: Any) -> list[Card]:
    """The headline cards of a scorecard, in the current language (module docstring)."""
    productivity = card._best(_PRODUCTIVITY)
    if productivity is None:
        productivity = _best_of_line(card, "productivity")
    experience = card._best(_EXPERIENCE)
    if experience is None:
        experience = _best_of_line(card, "service_experience")
    cards = [
        None if productivity is None else _measured(productivity),
        None if experience is None else _measured(experience),
        _decisions(card),
        _participation(card),
    ]
    return [c for c in cards if c is not None]


def scorecard_notes(card: Any) -> list[str]:
    """How the scorecard's numbers were computed, in plain sentences (current language)."""
    level = fmt_percent(card.level)
    return [
        _(
            "The scorecard follows Christian Bason's four bottom lines of public value: "
            "productivity, service experience, results and democracy. Every cell comes from a "
            "ledger record: a declared measure, a stored journey, experiment or survey result, "
            "or the ledger's own participation and decision records."
        ),
        _(
            "Changes from tests have {level} confidence intervals from the test's own method; "
            "the journey cost comparison has a range from its low and high cost assumptions, "
            "not a sampling interval."
        ).format(level=level),
        _(
            "Evidence levels are derived from each test's or measure's design (the lower of the "
            "Nesta Standards of Evidence and the Maryland Scientific Methods Scale). A cell is "
            "supported when its interval excludes no effect and its evidence is level 3 or "
            "more; a decision is as strong as the weakest link in its chain."
        ),
        _(
            "Participation figures count every record (a census), so they have no interval. "
            "Groups of fewer than {k} people are hidden. Whether the citizens who took part "
            "differ from the population is tested per dimension with an exact, Monte Carlo or "
            "chi-square goodness-of-fit test at the {level} level; D is the share of "
            "participants that would have to move to match the population."
        ).format(k=fmt_int(card.k), level=level),
    ]
