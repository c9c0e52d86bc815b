"""The public value scorecard: Bason's four bottom lines, computed from the ledger.

Bottom lines (Christian Bason, *Leading Public Sector Innovation*, 2010/2018): productivity
(fewer resources per case), service experience (how citizens rate the encounter), results
(outcomes achieved) and democracy (participation, equal treatment, transparency,
accountability). Where measures are tagged ``kpi`` the GOV.UK Service Standard's KPIs (cost
per transaction, user satisfaction, completion rate, digital take-up) are listed too.

Where each cell comes from:

* **measures**: the declared ``value`` (and ``baseline``, ``low`` /
  ``high`` at ``level``), on the measure's bottom line, with its ``kpi`` tag;
* **result records** (a test's, feedback record's or measure's ``result``; see
  :mod:`._records` for the keys read): the journey cost comparison gives staff cost and
  citizen time saved with the cost model's range; an experiment report a change per metric
  with its interval; a survey result SUS / NPS / CSAT with intervals. A test with ``plan``
  and ``data`` is analysed with :func:`cocreate_kit.experiment.analyse`. A measure with a
  ``result`` is computed from it (its declared value is not repeated);
* **democracy**, from the participation records: people who took part (distinct
  participants named by any activity, in total and by role), representativeness (the
  dissimilarity index D per dimension, with the goodness-of-fit p-value, when a population
  table is given or ``project.population`` names one), the share of decisions where
  citizens were consulted, the share of decisions taken whose weakest link is level 3-5
  evidence (accountability: a decision is as strong as the weakest link in its chain,
  :func:`.evidence_levels`) and the share of closed feedback loops.

**Decisions.** Every cell carries the evidence level of the item it comes from (a test's or
measure's design, see :mod:`._evidence`; a survey result is a cross-section, level 1).
Democracy cells are counts and shares of the ledger's own records (a census, not a sample),
so they have no interval and no evidence level. A cell is **supported** when it has an
interval, the interval excludes no effect (for changes), and its evidence level is 3 or
more; otherwise ``flagged``/``supported`` say so and the headline says it plainly.
*Citizens were consulted* on a decision when an activity in its evidence chain
(:func:`.chain` upstream) had a participant with role ``citizen``, or ``consulted``
names citizens (a value containing "citizen" or the Danish "borger"); decisions still
``proposed`` are not counted. Counts of people below ``k`` are hidden (the kit's primary and
secondary suppression, :func:`cocreate_kit.privacy.suppress_counts`).

**Language.** Sentences (headline, summary, chart texts) are written when shown, in the
current language; the text columns of ``cells`` (``note``, ``evidence``, composed
indicators) are written in the language current when the scorecard is computed, and codes
(``bottom_line``, ``kpi``) and the kit's own indicator and unit names are translated at
display (:func:`._labels.display_table`).

Why this module is long: the cells, the headline and their translated wording belong
together (the headline reads the cells it describes); the display helpers are in
:mod:`._labels`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .._result import Result
from ..i18n import N_, _, fmt_int, fmt_number, fmt_percent, ngettext
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._cards import scorecard_cards, scorecard_notes, support
from ._evidence import claim_row, grade, item_grades
from ._labels import display_table, fixed, label, plural
from ._links import LinkGraph, is_blank, ledger_tables
from ._model import BOTTOM_LINES
from ._records import record_cells

__all__ = ["CELL_COLUMNS", "Scorecard", "scorecard"]

CELL_COLUMNS = [
    "bottom_line",
    "key",
    "indicator",
    "kpi",
    "value",
    "low",
    "high",
    "level",
    "interval",
    "null",
    "unit",
    "baseline",
    "n",
    "source",
    "entity",
    "evidence_level",
    "evidence",
    "supported",
    "flagged",
    "note",
]
#: Which cells the headline uses, in order of preference.
_HEADLINE_SATISFACTION = ("sus_change", "satisfaction_change", "sus_score", "csat_top2")
_CONSULTED_WORDS = ("citizen", "borger")


#: Evidence strength groups of the chart (codes; shown through ``_()``).
_STRENGTH = (N_("level 3-5"), N_("level 1-2 (flagged)"), N_("not graded (records)"))


def _fmt(x: float) -> str:
    return fmt_number(x, 0)


def _pct(x: float) -> str:
    return fmt_percent(x / 100)


class Scorecard(Result):
    """Bason's four bottom lines with value, interval, n, source and evidence level.

    Attributes
    ----------
    cells : DataFrame
        One row per cell: ``bottom_line, key`` (machine name, e.g. ``staff_cost_saved_pct``,
        ``sus_change``, ``took_part``), ``indicator, kpi, value, low, high, level`` (interval
        level; NA for a range), ``interval`` (``confidence interval``, ``range (cost model
        assumptions)``, ``range`` for a measure's low..high without a level, or empty), ``null`` (value meaning no effect; NA for levels),
        ``unit, baseline, n, source`` (file or table), ``entity`` (the ledger id),
        ``evidence_level`` (NA for democracy counts), ``evidence`` (the design in words),
        ``supported`` (NA for democracy counts), ``flagged`` (level 1-2) and ``note`` (verdict, why not supported,
        suppression).
    representativeness : Result or None
        The participation helper's representativeness result, when a population was given.
    k, level : int, float
        Suppression threshold and interval level used.
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Public value scorecard")

    def __init__(
        self,
        cells: pd.DataFrame,
        representativeness: Any,
        k: int,
        level: float,
        warnings: list[str],
    ) -> None:
        self.cells = cells
        self.representativeness = representativeness
        self.k = k
        self.level = level
        self._warnings = warnings

    def headline_cards(self) -> list[Any]:
        """Up to four headline cards: the cost saving, the experience change, decisions
        backed by evidence and who took part (:mod:`._cards`: which cell, interval, tone).

        Examples
        --------
        >>> cells = pd.DataFrame([{"bottom_line": "service_experience", "key": "sus_change",
        ...     "value": 11.2, "low": 4.1, "high": 18.3, "level": 0.95, "null": 0.0,
        ...     "evidence_level": 3, "evidence": "randomised test, one site",
        ...     "unit": "SUS points", "n": 60, "supported": True}], columns=CELL_COLUMNS)
        >>> [(c.value, c.interval, c.n, c.tone)
        ...  for c in Scorecard(cells, None, 5, 0.95, []).headline_cards()]
        [('+11.2 SUS points', '95% CI 4.1 to 18.3', 'n = 60', 'good')]
        """
        return scorecard_cards(self)

    def method_notes(self) -> list[str]:
        """How the cells, intervals, evidence levels and participation figures were
        computed (shown collapsed under "How this was computed")."""
        return scorecard_notes(self)

    def kpis(self) -> pd.DataFrame:
        """The cells tagged with a GOV.UK Service Standard KPI."""
        return self.cells[self.cells["kpi"].notna()].reset_index(drop=True)

    def _best(self, keys: tuple[str, ...]) -> pd.Series | None:
        for key in keys:
            hit = self.cells[(self.cells["key"] == key) & self.cells["value"].notna()]
            if len(hit):
                order = hit["evidence_level"].astype("Float64").fillna(0)
                return hit.loc[order.sort_values(ascending=False, kind="stable").index[0]]
        return None

    def _claim(self, cell: pd.Series, text: str) -> tuple[str, str]:
        """(claim with its evidence in brackets, evidence label) of one headline cell."""
        ok, why = support(cell.to_dict())
        lvl = cell["evidence_level"]
        evidence = (
            ""
            if pd.isna(lvl)
            else _("level {level} ({evidence})").format(level=int(lvl), evidence=cell["evidence"])
        )
        if ok:
            return text, evidence
        if not pd.isna(lvl) and lvl <= 2:
            note = _("level {level} evidence only ({evidence}): not shown to be an effect").format(
                level=int(lvl), evidence=cell["evidence"]
            )
        else:
            why_not = _("not supported: {why}").format(why=why)
            note = (
                _("evidence: {evidence}; {why_not}").format(evidence=evidence, why_not=why_not)
                if evidence
                else why_not
            )
        return f"{text} [{note}]", ""

    def _unlike_population(self) -> str:
        """ ", unlike the population by age band (D = 20%)" for every dimension whose
        goodness-of-fit p-value is below 1 - level (the participation verdict's rule)."""
        rep = self.representativeness
        if rep is None:
            return ""
        tests = rep.tests.dropna(subset=["p_value"])
        unlike = tests[tests["p_value"] < 1 - rep.level]
        parts = [
            _("{dimension} (D = {d})").format(dimension=label(t.dimension), d=fmt_percent(t.D))
            for t in unlike.itertuples(index=False)
        ]
        if not parts:
            return ""
        by = (" " + _("and") + " ").join(parts)
        who = _("participants") if rep.role is None else plural(rep.role)
        return _("; the {n} {who} compared differ from the population by {by}").format(
            n=fmt_int(rep.n), who=who, by=by
        )

    def headline(self) -> str:
        """One honest sentence: the staff-cost saving and the satisfaction change with their
        intervals and evidence levels, saying plainly when a claim is not supported.

        Examples
        --------
        >>> cells = pd.DataFrame([{"bottom_line": "service_experience", "key": "sus_change",
        ...     "value": 11.2, "low": 4.1, "high": 18.3, "null": 0.0, "evidence_level": 3,
        ...     "evidence": "randomised test, one site", "unit": "SUS points"}],
        ...     columns=CELL_COLUMNS)
        >>> Scorecard(cells, None, 5, 0.95, []).headline()
        'Satisfaction +11 SUS points (4 to 18); evidence: level 3 (randomised test, one site).'
        """
        parts: list[tuple[str, str]] = []
        staff = self._best(("staff_cost_saved_pct",))
        if staff is not None:
            v, lo, hi = staff["value"], staff["low"], staff["high"]
            if v >= 0:
                text = _("saves {value} ({low} to {high}) of staff cost").format(
                    value=_pct(v), low=_pct(lo), high=_pct(hi)
                )
            else:
                text = _("adds {value} ({low} to {high}) to staff cost").format(
                    value=_pct(-v), low=_pct(-hi), high=_pct(-lo)
                )
            parts.append(self._claim(staff, text))
        sat = self._best(_HEADLINE_SATISFACTION)
        if sat is not None:
            v, lo, hi = sat["value"], sat["low"], sat["high"]
            sign = "+" if str(sat["key"]).endswith("_change") and v >= 0 else ""
            rng = (
                ""
                if pd.isna(lo)
                else " " + _("({low} to {high})").format(low=_fmt(lo), high=_fmt(hi))
            )
            unit = {"SUS points (0-100)": "SUS points"}.get(sat["unit"], sat["unit"])
            claim = (
                _("satisfaction {value} {unit}{range}")
                if sat["key"] != "csat_top2"
                else _("satisfied {value} {unit}{range}")
            )
            value = sign + _fmt(v)
            parts.append(self._claim(sat, claim.format(value=value, unit=_(unit), range=rng)))
        if not parts:
            return _(
                "No measured result yet: the ledger links no cost comparison, test or survey "
                "result, so no saving or satisfaction can be claimed."
            )
        if len({e for _t, e in parts}) == 1 and parts[0][1]:
            text = _("{claims}; evidence: {evidence}").format(
                claims="; ".join(t for t, _e in parts), evidence=parts[0][1]
            )
        else:
            text = "; ".join(
                t + (" [" + _("evidence: {evidence}").format(evidence=e) + "]" if e else "")
                for t, e in parts
            )
        took = self._best(("took_part",))
        if took is not None and took["value"] > 0:
            n = int(took["value"])
            text += "; " + ngettext("{n} person took part", "{n} people took part", n).format(
                n=fmt_int(n)
            )
            text += self._unlike_population()
        return text[0].upper() + text[1:] + "."

    def summary(self) -> str:
        counts = self.cells["bottom_line"].value_counts()
        per = ", ".join(f"{label(b)} {fmt_int(counts.get(b, 0))}" for b in BOTTOM_LINES)
        flagged = int(self.cells["flagged"].sum())
        return (
            self.headline()
            + " "
            + _("Cells per bottom line: {per}; {flagged} rest on level 1-2 evidence only.").format(
                per=per, flagged=fmt_int(flagged)
            )
        )

    def chart(self) -> Any:
        """Cells per bottom line by strength of evidence (stacked bars), with the table."""
        import altair as alt

        from ..charts import PALETTE, figure

        order = [_(s) for s in _STRENGTH]
        strength = self.cells["evidence_level"].map(
            lambda x: order[2] if pd.isna(x) else (order[1] if x <= 2 else order[0])
        )
        lines = [label(b) for b in BOTTOM_LINES]
        table = (
            pd.crosstab(
                pd.Categorical(self.cells["bottom_line"].map(label), categories=lines),
                pd.Categorical(strength, categories=order),
                dropna=False,
            )
            .rename_axis(index="bottom_line", columns="evidence")
            .stack()
            .rename("cells")
            .reset_index()
            .astype({"bottom_line": str, "evidence": str, "cells": int})
        )
        bars = (
            alt.Chart(table)
            .mark_bar()
            .encode(
                y=alt.Y("bottom_line:N", title=None, sort=lines),
                x=alt.X(
                    "sum(cells):Q",
                    title=_("Scorecard cells"),
                    axis=alt.Axis(tickMinStep=1, format=",d"),
                ),
                color=alt.Color(
                    "evidence:N",
                    title=_("Evidence"),
                    scale=alt.Scale(domain=order, range=[PALETTE[0], PALETTE[1], PALETTE[3]]),
                    sort=order,
                ),
                order=alt.Order("evidence:N"),
                tooltip=[
                    alt.Tooltip("bottom_line:N", title=_("Bottom line")),
                    alt.Tooltip("evidence:N", title=_("Evidence")),
                    alt.Tooltip("cells:Q", title=_("Scorecard cells")),
                ],
            )
        )
        flagged = int(table.loc[table["evidence"] == order[1], "cells"].sum())
        desc = _(
            "{n} scorecard cells over the four bottom lines; {flagged} rest on level 1-2 "
            "evidence only."
        ).format(n=fmt_int(len(self.cells)), flagged=fmt_int(flagged))
        shown = table.rename(
            columns={
                "bottom_line": _("Bottom line"),
                "evidence": _("Evidence"),
                "cells": _("Scorecard cells"),
            }
        )
        # The description says what the chart shows; the headline is the summary above it.
        return figure(bars, title=self.title, description=desc, table=shown)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        kpis = self.kpis()
        extra = [(_("GOV.UK Service Standard KPIs"), display_table(kpis))] if len(kpis) else []
        return [(_("Scorecard"), display_table(self.cells)), *extra]


# --------------------------------------------------------------------------------------
# Building the cells
# --------------------------------------------------------------------------------------


def _path(base: Path | None, value: Any) -> Path:
    p = Path(str(value))
    return p if base is None else Path(base) / p


def _read_record(base: Path | None, value: Any) -> Any:
    from ..io import read_json

    return read_json(_path(base, value))


def _graded(row: Any, design: str | None = None) -> dict[str, Any]:
    g = grade(
        design or row.design,
        sites=getattr(row, "sites", None),
        independent=getattr(row, "independent", None),
        scaled=getattr(row, "scaled", None),
    )
    return {"evidence_level": g["evidence_level"], "evidence": g["short"]}


def _measure_interval(row: Any) -> str:
    if is_blank(row.low) and is_blank(row.high):
        return ""
    return N_("range") if is_blank(row.level) else N_("confidence interval")


def _measure_cell(row: Any, ev: dict[str, Any]) -> dict[str, Any]:
    source = _("measure {id}").format(id=row.id) + (
        "" if is_blank(row.source) else f": {row.source}"
    )
    return {
        "bottom_line": row.bottom_line,
        "key": "measure",
        "indicator": str(row.indicator),
        "kpi": None if is_blank(row.kpi) else row.kpi,
        "value": row.value,
        "low": row.low,
        "high": row.high,
        "level": row.level,
        # low..high without a confidence level (e.g. a cost model's range) is a range.
        "interval": _measure_interval(row),
        "null": None,
        "unit": "" if is_blank(row.unit) else str(row.unit),
        "baseline": row.baseline,
        "n": None,
        "source": source + ("" if is_blank(row.result) else f" ({row.result})"),
        "entity": str(row.id),
        "note": _("declared"),
        **ev,
    }


def _record_rows(tables: dict[str, pd.DataFrame], base: Path | None) -> tuple[list, list]:
    """Cells of every measure (as declared) and of every result record, each record read
    once (tests first, then feedback, then measures: the first entity naming a record
    gives its cells their evidence level)."""
    cells, warnings, seen = [], [], set()
    for name in ("tests", "feedback", "measures"):
        for row in tables[name].itertuples(index=False):
            ev = _graded(row, "cross_section") if name == "feedback" else _graded(row)
            found, src = None, ""
            if not is_blank(row.result) and _path(base, row.result).resolve() not in seen:
                seen.add(_path(base, row.result).resolve())
                src = str(row.result)
                found = record_cells(_read_record(base, row.result), row.result)
                # A feedback record with no scorecard number (coded themes, quotes) is
                # evidence for the chain, not a gap; a test whose record yields nothing is.
                if found is None and name == "tests":
                    warnings.append(
                        _(
                            "{id}: {source} is not read by the scorecard (it reads journey cost "
                            "comparisons, experiment reports and SUS, NPS and segment survey "
                            "results)."
                        ).format(id=row.id, source=src)
                    )
            elif name == "tests" and not is_blank(row.plan) and not is_blank(row.data):
                from .. import experiment

                report = experiment.analyse(_path(base, row.data), plan=_path(base, row.plan))
                found = record_cells(report.to_dict(), row.data)
                src = f"{row.plan} + {row.data} (experiment.analyse)"
            cells += [{**c, **ev, "source": src, "entity": str(row.id)} for c in found or []]
            if name == "measures":
                cells.append(_measure_cell(row, ev))
    return cells, warnings


def _democracy(tables: dict[str, pd.DataFrame], k: int) -> list[dict[str, Any]]:
    from ..privacy import suppress_counts

    people = tables["participants"].astype({"id": str})
    named = {str(p) for ps in tables["activities"]["participants"] for p in (ps or [])}
    took = people[people["id"].isin(named)]
    counts = took["role"].fillna("not recorded").value_counts()
    roles = pd.DataFrame({"role": counts.index.astype(str), "n": counts.to_numpy()})
    roles = suppress_counts(
        pd.concat([pd.DataFrame({"role": ["all"], "n": [len(named)]}), roles]), "n", k=k
    )
    cells = []
    for r in roles.itertuples(index=False):
        hidden = bool(r.suppressed)
        cells.append(
            {
                "bottom_line": "democracy",
                "key": "took_part" if r.role == "all" else f"took_part_{r.role}",
                "indicator": _("People who took part")
                if r.role == "all"
                else _("People who took part: {role}").format(role=label(r.role)),
                "value": None if hidden else int(r.n),
                "unit": N_("people"),
                "n": None if hidden else int(r.n),
                "source": N_("activities.participants"),
                "note": _("fewer than {k} (hidden)").format(k=fmt_int(k))
                if hidden
                else _("distinct participants"),
            }
        )
    graph = LinkGraph(tables)
    citizens = set(people.loc[people["role"] == "citizen", "id"])
    with_citizens = {
        str(a.id)
        for a in tables["activities"].itertuples(index=False)
        if {str(p) for p in (a.participants or [])} & citizens
    }
    decided = tables["decisions"][tables["decisions"]["status"] != "proposed"]
    consulted = 0
    for d in decided.itertuples(index=False):
        named_groups = " ".join(str(c).casefold() for c in (d.consulted or []))
        chain_ids = {r["entity"] for r in graph.walk(str(d.id), "upstream")}
        consulted += bool(chain_ids & with_citizens) or any(
            w in named_groups for w in _CONSULTED_WORDS
        )
    # decisions taken whose weakest graded link is at level 3-5 (:func:`.evidence_levels`)
    items = item_grades(tables)
    strong = sum(
        bool(not pd.isna(lvl) and lvl >= 3)
        for lvl in (claim_row(graph, items, str(d))["evidence_level"] for d in decided["id"])
    )
    said = ~tables["feedback"]["you_said"].map(is_blank).astype(bool)
    loops = tables["feedback"].loc[said.to_numpy()]
    closed = int((~loops["we_did"].map(is_blank).astype(bool)).sum())
    for key, text, num, den, src in (
        (
            "citizens_consulted",
            _("Decisions where citizens were consulted"),
            consulted,
            len(decided),
            N_("decisions + chain"),
        ),
        (
            "decisions_evidenced",
            _("Decisions taken resting on level 3-5 evidence (weakest link)"),
            strong,
            len(decided),
            N_("decisions + evidence levels"),
        ),
        (
            "loops_closed",
            _("Feedback loops closed (you said, we did)"),
            closed,
            len(loops),
            "feedback",
        ),
    ):
        cells.append(
            {
                "bottom_line": "democracy",
                "key": key,
                "indicator": text,
                "value": 100 * num / den if den else None,
                "unit": "%",
                "n": den,
                "source": src,
                "note": _("{num} of {den}; all records counted (no sampling interval)").format(
                    num=fmt_int(num), den=fmt_int(den)
                ),
            }
        )
    return cells


def _participation(
    tables: dict[str, pd.DataFrame], population: Any, base: Path | None, k: int, level: float
) -> tuple[list, Any, list[str]]:
    """Representativeness cells (:func:`.representativeness` of the citizens who took part
    against the population), the result, and a warning when there is nobody to compare."""
    if population is None:
        value = tables["project"]["population"].dropna()
        if not len(value) or is_blank(value.iloc[0]):
            return [], None, []
        population = _path(base, value.iloc[0])
    if not (tables["participants"]["role"] == "citizen").any():
        note = _("No participant has the role citizen: representativeness was not computed.")
        return [], None, [note]
    from types import SimpleNamespace

    from ._participation import representativeness

    # participants and activities, so that only those who took part are compared
    took_part = SimpleNamespace(
        participants=tables["participants"], activities=tables["activities"]
    )
    rep = representativeness(took_part, population, k=k, level=level)
    cells = []
    for t in rep.tests.itertuples(index=False):
        cells.append(
            {
                "bottom_line": "democracy",
                "key": f"dissimilarity_{t.dimension}",
                "indicator": _(
                    "Dissimilarity from the population by {dimension} (D, 0 = same mix)"
                ).format(dimension=label(t.dimension)),
                "value": None if pd.isna(t.D) else 100 * t.D,
                "unit": N_("% of participants to move"),
                "n": t.n,
                "source": str(rep.population_source or "population"),
                "note": _(str(t.verdict))
                if pd.isna(t.p_value)
                else _("{method}: p = {p}; {verdict}").format(
                    method=t.method, p=fixed(t.p_value, 3), verdict=_(str(t.verdict))
                ),
            }
        )
    return cells, rep, []


def scorecard(
    ledger: Any,
    *,
    population: Any = None,
    k: int = DEFAULT_K,
    level: float = DEFAULT_LEVEL,
) -> Scorecard:
    """The public value scorecard on Bason's four bottom lines (see the module docstring).

    Parameters
    ----------
    ledger : Ledger
        The ledger (or a mapping of tables; relative paths then resolve against the
        current folder).
    population : path, DataFrame or Population, optional
        Population shares for representativeness; default ``project.population``.
    k : int
        Counts of people below ``k`` are hidden.
    level : float
        Interval level of the representativeness verdict.

    Examples
    --------
    >>> card = scorecard({"measures": [{"id": "M1", "bottom_line": "results",
    ...     "indicator": "Falls per 1,000 visits", "value": 3.1, "baseline": 4.0,
    ...     "design": "before_after"}]})
    >>> cell = card.cells.iloc[0]
    >>> cell["indicator"], int(cell["evidence_level"]), bool(cell["flagged"])
    ('Falls per 1,000 visits', 1, True)
    """
    tables = ledger_tables(ledger)
    base = getattr(ledger, "base", None)
    cells, warnings = _record_rows(tables, base)
    cells += _democracy(tables, k)
    rep_cells, rep, rep_warnings = _participation(tables, population, base, k, level)
    cells += rep_cells
    warnings += rep_warnings
    frame = pd.DataFrame(cells).reindex(columns=CELL_COLUMNS)
    frame = frame.astype({"evidence_level": "Int64"}).astype(
        {c: "Float64" for c in ("value", "low", "high", "level", "null", "baseline")}
    )
    supports = [support(c) for c in frame.to_dict(orient="records")]
    graded = frame["evidence_level"].notna()
    frame["supported"] = pd.array(
        [s if g else pd.NA for (s, _why), g in zip(supports, graded, strict=True)], dtype="boolean"
    )
    frame["flagged"] = frame["evidence_level"].fillna(5).le(2).astype(bool)
    frame["note"] = [
        (
            "; ".join(x for x in (str(n or ""), _("not supported: {why}").format(why=why)) if x)
            if g and not s
            else n
        )
        for n, (s, why), g in zip(frame["note"], supports, graded, strict=True)
    ]
    order = {b: i for i, b in enumerate(BOTTOM_LINES)}
    frame = frame.sort_values("bottom_line", key=lambda s: s.map(order), kind="stable")
    return Scorecard(frame.reset_index(drop=True), rep, int(k), float(level), warnings)
