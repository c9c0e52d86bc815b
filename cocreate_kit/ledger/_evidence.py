"""Evidence levels of tests and measures, the weakest link of every claim, and chains.

Evidence strength is **derived, never typed in**: a test's or measure's level comes from its
``design`` (see :data:`cocreate_kit.ledger.DESIGNS`) plus ``sites``, ``independent`` and
``scaled``, on two published scales:

* **Nesta Standards of Evidence** (Puttick & Ludlow, *Standards of Evidence: an approach
  that balances the need for evidence with innovation*, Nesta 2013): 1 an account of impact,
  2 correlation (positive change, cause not shown), 3 causation with a control or comparison
  group, 4 independent replication, 5 scaled (manuals and systems for consistent replication);
* **Maryland Scientific Methods Scale** (Sherman et al., *Preventing Crime: What Works, What
  Doesn't, What's Promising*, 1997; as used by the What Works Centre for Local Economic
  Growth): 1 before/after or cross-section with no controls, 2 with control variables,
  3 difference-in-differences with a justified comparison group, 4 quasi-random variation,
  5 randomised controlled trial.

=========================  =====  ==========  ==================================================
design                     SMS    Nesta       note
=========================  =====  ==========  ==================================================
randomised                 5      3 (4, 5)    Nesta 4 needs ``independent`` and ``sites`` >= 2,
                                              Nesta 5 also ``scaled``
quasi_random               4      3 (4, 5)    as above
difference_in_differences  3      3 (4, 5)    as above
controlled                 2      3 (4, 5)    a comparison group with control variables
before_after               1      2           no comparison group: change shown, cause not
cross_section              1      2           one point in time: a correlation
account                    1      1           below the SMS (no measured comparison): floor 1
=========================  =====  ==========  ==================================================

**The ledger's evidence level** of a test or measure is the *lower* of its two levels, so
one number never overstates either reading: a randomised test at one site is level 3 (SMS 5,
Nesta 3: not replicated), a matched comparison level 2 (Nesta 3, SMS 2: control variables
only), a before/after measure level 1. Missing ``sites`` counts as one site, missing
``independent`` / ``scaled`` as not independent / not scaled (replication must be recorded
to count).

**Weakest link of a claim** (insight, idea, decision). Its *evidence chain* is every entity
reached by following links upstream from the claim: the sources of ``decided_by`` and
``supports`` links into it, the tests an idea is ``tested_by``, the insights an idea
``addresses``, and the ``activity`` a test or feedback record names; repeated from each
entity reached. The claim's evidence level is the **lowest** level among the *graded* items
of that chain (tests and measures, whose designs the scales grade): a decision that rests on
a randomised test and on a before/after saving is as strong as the before/after saving.
Activities (interviews, workshops, observations) and feedback records are in the chain but
are not impact evaluations; when the chain holds no test or measure the claim is level 1
(Nesta 1: an account). A claim with nothing upstream has no level (``<NA>``). Decisions:

* ``contradicts`` links do **not** count towards the level (contradicting evidence does not
  support the claim); they are listed in ``contradicted_by``, and the reason says the claim
  is contested;
* ``supersedes`` is not followed: a newer decision does not inherit the older one's
  evidence (it is shown in :func:`chain` as history);
* every claim at level 1 or 2, or with no level, is **flagged** (``flagged``).

The link graph the weakest link walks is in :mod:`._links`; chains are in :mod:`._chain`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .._result import Result
from ..i18n import N_, _, fmt_int, ngettext
from ._labels import label
from ._links import TITLE_COLUMN, LinkGraph, is_blank, is_set, ledger_tables
from ._model import DESIGNS

__all__ = [
    "CLAIMS",
    "GRADED",
    "EvidenceLevels",
    "claim_row",
    "evidence_levels",
    "grade",
    "item_grades",
]

#: Maryland Scientific Methods Scale level of each design.
SMS = {
    "randomised": 5,
    "quasi_random": 4,
    "difference_in_differences": 3,
    "controlled": 2,
    "before_after": 1,
    "cross_section": 1,
    "account": 1,
}
#: Nesta level of each design before replication and scale are considered.
NESTA = {
    "randomised": 3,
    "quasi_random": 3,
    "difference_in_differences": 3,
    "controlled": 3,
    "before_after": 2,
    "cross_section": 2,
    "account": 1,
}
NESTA_LABELS = {
    1: N_("an account of impact"),
    2: N_("correlation"),
    3: N_("causation, with a control group"),
    4: N_("independent replication"),
    5: N_("scaled"),
}
SMS_LABELS = {
    1: N_("no comparison group"),
    2: N_("control variables"),
    3: N_("difference-in-differences"),
    4: N_("quasi-random variation"),
    5: N_("randomised controlled trial"),
}
#: Short words for a design, as the headline and reasons use them (translated when used).
DESIGN_WORDS = {
    "randomised": N_("randomised test"),
    "quasi_random": N_("quasi-random comparison"),
    "difference_in_differences": N_("difference-in-differences"),
    "controlled": N_("comparison with control variables"),
    "before_after": N_("before/after, no comparison group"),
    "cross_section": N_("one point in time, no comparison"),
    "account": N_("an account"),
}
#: Relations followed upstream for a claim's evidence level (not contradicts, supersedes).
GRADE_RELATIONS = ("decided_by", "supports", "tested_by", "addresses", "activity")
CLAIMS = ("insights", "ideas", "decisions")
GRADED = ("tests", "measures")


def grade(
    design: str, *, sites: Any = None, independent: Any = None, scaled: Any = None
) -> dict[str, Any]:
    """Nesta and Maryland SMS levels of one design, the ledger's level and the reason.

    Parameters
    ----------
    design : str
        One of :data:`cocreate_kit.ledger.DESIGNS`.
    sites : int, optional
        Number of sites the intervention was evaluated at (missing: one).
    independent : bool, optional
        Evaluated by someone independent of the team (missing: no).
    scaled : bool, optional
        Run at scale with manuals and procedures for consistent delivery (missing: no).

    Returns
    -------
    dict
        ``nesta``, ``sms``, ``evidence_level`` (the lower of the two), ``short`` (e.g.
        "randomised test, one site") and ``reason`` (the derivation in words).

    Examples
    --------
    >>> g = grade("randomised", sites=1)
    >>> g["nesta"], g["sms"], g["evidence_level"], g["short"]
    (3, 5, 3, 'randomised test, one site')
    >>> grade("randomised", sites=3, independent=True, scaled=True)["evidence_level"]
    5
    >>> grade("before_after")["evidence_level"]
    1
    """
    if design not in SMS:
        msg = f"Unknown design {design!r}; expected one of {', '.join(DESIGNS)}."
        raise ValueError(msg)
    n_sites = 1 if is_blank(sites) else int(sites)
    indep, big = is_set(independent), is_set(scaled)
    sms, nesta = SMS[design], NESTA[design]
    where = ngettext("one site", "{n} sites", n_sites).format(n=fmt_int(n_sites))
    notes = []
    if nesta == 3:
        if indep and n_sites >= 2:
            nesta = 4
            if big:
                nesta = 5
            else:
                notes.append(_("Nesta 5 also needs the intervention scaled"))
        else:
            missing = [
                _(s)
                for s, ok in (
                    (N_("an independent evaluator"), indep),
                    (N_("2+ sites"), n_sites >= 2),
                )
                if not ok
            ]
            notes.append(
                _("Nesta 4 needs {what}").format(what=(" " + _("and") + " ").join(missing))
            )
    elif indep or big or n_sites >= 2:
        notes.append(_("replication and scale count only after causation is shown (Nesta 3)"))
    level = min(nesta, sms)
    words = _(DESIGN_WORDS[design])
    short = words + (f", {where}" if NESTA[design] == 3 else "")
    if indep:
        short += ", " + _("independent")
    if design == "account":
        notes.append(_("an account has no measured comparison, below SMS level 1 (floor 1)"))
    reason = _(
        "{design} ({where}): Nesta {nesta} ({nesta_label}), Maryland SMS {sms} ({sms_label}); "
        "evidence level {level}, the lower of the two"
    ).format(
        design=words,
        where=where,
        nesta=nesta,
        nesta_label=_(NESTA_LABELS[nesta]),
        sms=sms,
        sms_label=_(SMS_LABELS[sms]),
        level=level,
    )
    if notes:
        reason += "; " + "; ".join(notes)
    return {"nesta": nesta, "sms": sms, "evidence_level": level, "short": short, "reason": reason}


# --------------------------------------------------------------------------------------
# Evidence levels
# --------------------------------------------------------------------------------------


def item_grades(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    for name in GRADED:
        col = TITLE_COLUMN[name]
        for row in tables[name].itertuples(index=False):
            g = grade(row.design, sites=row.sites, independent=row.independent, scaled=row.scaled)
            rows.append(
                {
                    "entity": str(row.id),
                    "table": name,
                    "title": "" if is_blank(getattr(row, col)) else str(getattr(row, col)),
                    "design": row.design,
                    "sites": 1 if is_blank(row.sites) else int(row.sites),
                    "independent": is_set(row.independent),
                    "scaled": is_set(row.scaled),
                    "nesta": g["nesta"],
                    "sms": g["sms"],
                    "evidence_level": g["evidence_level"],
                    "short": g["short"],
                    "flagged": g["evidence_level"] <= 2,
                    "reason": g["reason"],
                }
            )
    cols = ["entity", "table", "title", "design", "sites", "independent", "scaled", "nesta"]
    cols += ["sms", "evidence_level", "short", "flagged", "reason"]
    return pd.DataFrame(rows, columns=cols)


def claim_row(graph: LinkGraph, items: pd.DataFrame, claim: str) -> dict[str, Any]:
    levels = items.set_index("entity")["evidence_level"].to_dict()
    short = items.set_index("entity")["short"].to_dict()
    reached = graph.walk(claim, "upstream", GRADE_RELATIONS)
    graded = [r["entity"] for r in reached if r["entity"] in levels]
    other = [r["entity"] for r in reached if r["table"] in ("activities", "feedback")]
    against = sorted(
        {
            basis
            for node in (claim, *(r["entity"] for r in reached))
            for basis, rel in graph.up[node]
            if rel == "contradicts"
        }
    )
    if graded:
        weakest = min(graded, key=lambda e: (levels[e], graded.index(e)))
        level: Any = levels[weakest]
        reason = _(
            "weakest link {weakest} ({short}) at level {level}, of {n} graded item(s): {items}"
        ).format(
            weakest=weakest,
            short=short[weakest],
            level=level,
            n=fmt_int(len(graded)),
            items=", ".join(graded),
        )
    elif other:
        weakest, level = None, 1
        reason = _("no test or measure in its chain: rests on {items} (accounts only)").format(
            items=", ".join(other)
        )
    else:
        weakest, level = None, pd.NA
        reason = _("no evidence linked")
    if against:
        reason += "; " + _("contested: contradicted by {items}").format(items=", ".join(against))
    return {
        "entity": claim,
        "table": graph.table[claim],
        "title": graph.title[claim],
        "evidence_level": level,
        "weakest": weakest,
        "graded": graded,
        "ungraded": other,
        "contradicted_by": against,
        "flagged": bool(pd.isna(level) or level <= 2),
        "reason": reason,
    }


class EvidenceLevels(Result):
    """Evidence levels of every test and measure, and the weakest link of every claim.

    Attributes
    ----------
    items : DataFrame
        One row per test and measure: ``entity, table, title, design, sites, independent,
        scaled, nesta, sms, evidence_level, short, flagged, reason`` (levels 1-5, derived
        from the design; see the module docstring for the mapping and its sources;
        ``flagged`` at level 1-2).
    claims : DataFrame
        One row per insight, idea and decision: ``entity, table, title, evidence_level``
        (nullable integer: ``<NA>`` when nothing is linked), ``weakest`` (the graded item
        that sets the level, or None), ``graded`` (tests and measures in the chain) and
        ``ungraded`` (activities and feedback records in the chain),
        ``contradicted_by``, ``flagged`` (level 1-2 or none) and ``reason``.
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Evidence levels")

    def __init__(self, items: pd.DataFrame, claims: pd.DataFrame) -> None:
        self.items = items
        self.claims = claims
        self._warnings = []

    def warnings(self) -> list[str]:
        contested = self.claims[self.claims["contradicted_by"].map(len) > 0]
        if not len(contested):
            return []
        return [
            _(
                "Contested: {items} (evidence against them is linked; it does not count "
                "towards the level)."
            ).format(items=", ".join(contested["entity"]))
        ]

    def method_notes(self) -> list[str]:
        """How the levels were derived (shown collapsed under "How this was computed")."""
        return [
            _(
                "Evidence levels are derived from each test's and measure's design, never typed "
                "in: the lower of its level on the Nesta Standards of Evidence (1 an account, "
                "2 correlation, 3 a comparison group, 4 independent replication, 5 scaled) and "
                "on the Maryland Scientific Methods Scale (1 before/after, up to 5 a randomised "
                "trial)."
            ),
            _(
                "An insight, idea or decision is as strong as the weakest test or measure in "
                "its chain of links; with only interviews, workshops or feedback in its chain "
                "it is level 1, and with nothing linked it has no level. Contradicting evidence "
                "does not count towards the level."
            ),
        ]

    def level_of(self, entity: str) -> Any:
        """The evidence level of a test, measure or claim (``<NA>`` when it has none).

        Examples
        --------
        >>> ev = evidence_levels({"tests": [{"id": "T1", "title": "A/B",
        ...                                  "design": "randomised"}]})
        >>> ev.level_of("T1")
        3
        """
        for frame in (self.items, self.claims):
            hit = frame.loc[frame["entity"] == entity, "evidence_level"]
            if len(hit):
                return pd.NA if pd.isna(hit.iloc[0]) else int(hit.iloc[0])
        msg = _("No test, measure, insight, idea or decision has the id {id}.").format(
            id=repr(entity)
        )
        raise KeyError(msg)

    def summary(self) -> str:
        if not len(self.items) and not len(self.claims):
            return _("The ledger has no tests, measures or claims to grade.")
        counts = self.items["evidence_level"].value_counts().sort_index()
        graded = ", ".join(
            _("{n} at level {level}").format(n=fmt_int(n), level=lvl) for lvl, n in counts.items()
        ) or _("none")
        flagged = self.claims[self.claims["flagged"]]
        text = _(
            "{n} test(s) and measure(s) graded ({graded}; the lower of the Nesta and Maryland "
            "levels, derived from each design). {flagged} of {claims} claim(s) rest on level "
            "1-2 evidence only or on none"
        ).format(
            n=fmt_int(len(self.items)),
            graded=graded,
            flagged=fmt_int(len(flagged)),
            claims=fmt_int(len(self.claims)),
        )
        if len(flagged):
            text += f": {', '.join(flagged['entity'])}"
        return text + "."

    def chart(self) -> Any:
        """Number of tests and measures at each evidence level (bars), with a table."""
        import altair as alt

        from ..charts import PALETTE, figure

        table = (
            self.items.groupby(["evidence_level", "table"])
            .size()
            .rename("items")
            .reset_index()
            .astype({"evidence_level": int})
        )
        full = pd.MultiIndex.from_product([range(1, 6), list(GRADED)])
        table = (
            table.set_index(["evidence_level", "table"])
            .reindex(full, fill_value=0)
            .rename_axis(["evidence_level", "table"])
            .reset_index()
        )
        table["table"] = table["table"].map(label)
        kinds = [label(t) for t in GRADED]
        bars = (
            alt.Chart(table)
            .mark_bar()
            .encode(
                x=alt.X("evidence_level:O", title=_("Evidence level (1 weakest, 5 strongest)")),
                y=alt.Y(
                    "items:Q",
                    title=_("Tests and measures"),
                    axis=alt.Axis(tickMinStep=1, format=",d"),
                ),
                color=alt.Color(
                    "table:N",
                    title=_("Kind"),
                    scale=alt.Scale(domain=kinds, range=PALETTE[:2]),
                ),
                xOffset="table:N",
                tooltip=[
                    alt.Tooltip("evidence_level:O", title=_("Evidence level")),
                    alt.Tooltip("table:N", title=_("Kind")),
                    alt.Tooltip("items:Q", title=_("Tests and measures")),
                ],
            )
        )
        weak = int(table.loc[table["evidence_level"] <= 2, "items"].sum())
        desc = _(
            "{n} tests and measures by evidence level; {weak} at level 1-2 (no comparison "
            "group, or control variables only)."
        ).format(n=fmt_int(table["items"].sum()), weak=fmt_int(weak))
        shown = table.rename(
            columns={
                "evidence_level": _("Evidence level"),
                "table": _("Kind"),
                "items": _("Tests and measures"),
            }
        )
        return figure(bars, title=self.title, description=desc, table=shown)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        claims = self.claims.assign(
            table=self.claims["table"].map(label),
            graded=self.claims["graded"].map(", ".join),
            ungraded=self.claims["ungraded"].map(", ".join),
            contradicted_by=self.claims["contradicted_by"].map(", ".join),
        )
        items = self.items.assign(
            table=self.items["table"].map(label), design=self.items["design"].map(label)
        )
        return [
            (_("Tests and measures"), items.rename(columns=_evidence_headers())),
            (_("Claims (weakest link)"), claims.rename(columns=_evidence_headers())),
        ]


#: Headers of the evidence tables shown to people (the DataFrames keep their column names).
_HEADERS = {
    "entity": N_("Id"),
    "table": N_("Kind"),
    "title": N_("Title"),
    "design": N_("Design"),
    "sites": N_("Sites"),
    "independent": N_("Independent"),
    "scaled": N_("Scaled"),
    "nesta": N_("Nesta"),
    "sms": N_("Maryland SMS"),
    "evidence_level": N_("Evidence level"),
    "short": N_("Evidence"),
    "flagged": N_("Flagged"),
    "reason": N_("Reason"),
    "weakest": N_("Weakest link"),
    "graded": N_("Graded items"),
    "ungraded": N_("Other items"),
    "contradicted_by": N_("Contradicted by"),
}


def _evidence_headers() -> dict[str, str]:
    return {c: _(h) for c, h in _HEADERS.items()}


def evidence_levels(ledger: Any) -> EvidenceLevels:
    """Evidence level of every test and measure, and the weakest link of every claim.

    Levels are derived from each design (module docstring: the mapping, its sources and the
    weakest-link rule); nothing is typed in.

    Examples
    --------
    >>> ledger = {
    ...     "ideas": [{"id": "I1", "kind": "prototype", "title": "Short form"}],
    ...     "tests": [{"id": "T1", "title": "A/B", "design": "randomised", "sites": 1}],
    ...     "measures": [{"id": "M1", "bottom_line": "productivity", "indicator": "cost",
    ...                   "value": 0.2, "design": "before_after"}],
    ...     "decisions": [{"id": "D1", "title": "Adopt", "status": "accepted",
    ...                    "date": "2026-05-01"}],
    ...     "links": [{"source": "I1", "relation": "tested_by", "target": "T1"},
    ...               {"source": "I1", "relation": "decided_by", "target": "D1"},
    ...               {"source": "M1", "relation": "supports", "target": "D1"}],
    ... }
    >>> ev = evidence_levels(ledger)
    >>> ev.level_of("T1"), ev.level_of("I1"), ev.level_of("D1")
    (3, 3, 1)
    >>> ev.claims.set_index("entity").loc["D1", "weakest"]
    'M1'
    """
    tables = ledger_tables(ledger)
    graph = LinkGraph(tables)
    items = item_grades(tables)
    rows = [claim_row(graph, items, str(i)) for name in CLAIMS for i in tables[name]["id"].tolist()]
    cols = ["entity", "table", "title", "evidence_level", "weakest", "graded", "ungraded"]
    cols += ["contradicted_by", "flagged", "reason"]
    claims = pd.DataFrame(rows, columns=cols)
    claims["evidence_level"] = claims["evidence_level"].astype("Int64")
    return EvidenceLevels(items, claims)
