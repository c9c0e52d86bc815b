"""Chains: everything upstream (evidence) and downstream (what became of it) of one entity.

:func:`chain` follows every relation (``contradicts`` and ``supersedes`` included) and gives
tidy rows, one per entity reached. The directions are defined in :mod:`._links`;
participants are not chain entities (who took part is the participation panel's question).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._html import MAX_LABEL, clip
from .._result import Result
from ..i18n import _
from ._evidence import CLAIMS, GRADED, claim_row, item_grades
from ._labels import SINGULAR, count_of, label
from ._links import TITLE_COLUMN, LinkGraph, is_blank, ledger_tables

__all__ = ["NOUNS", "Chain", "chain"]

#: Table -> (singular, plural) noun for sentences.
NOUNS = {
    "activities": ("activity", "activities"),
    "insights": ("insight", "insights"),
    "ideas": ("idea", "ideas"),
    "tests": ("test", "tests"),
    "feedback": ("feedback record", "feedback records"),
    "decisions": ("decision", "decisions"),
    "measures": ("measure", "measures"),
}


class Chain(Result):
    """Everything upstream (evidence) and downstream (what became of it) of one entity.

    Attributes
    ----------
    entity : str
        The entity the chain starts from.
    rows : DataFrame
        One row per entity reached, shortest path first: ``direction`` (``self``,
        ``upstream``, ``downstream``), ``depth`` (links from the start; 0 for itself),
        ``entity``, ``table``, ``title``, ``relation`` (the last link), ``via`` (the entity
        it was reached from) and ``path`` (relations from the start, ``" / "``-joined).
    evidence_level : int or <NA>
        The start's evidence level (a test or measure's own, a claim's weakest link).
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Chain of {entity}").format(entity=self.entity)

    def __init__(self, entity: str, rows: pd.DataFrame, evidence_level: Any) -> None:
        self.entity = entity
        self.rows = rows
        self.evidence_level = evidence_level
        self._warnings = []

    def upstream(self) -> pd.DataFrame:
        """The evidence rows (``direction == "upstream"``)."""
        return self.rows[self.rows["direction"] == "upstream"].reset_index(drop=True)

    def downstream(self) -> pd.DataFrame:
        """What became of the entity (``direction == "downstream"``)."""
        return self.rows[self.rows["direction"] == "downstream"].reset_index(drop=True)

    def summary(self) -> str:
        me = self.rows.iloc[0]
        kind = _(SINGULAR[str(me["table"])])

        def count(frame: pd.DataFrame) -> str:
            if not len(frame):
                return _("nothing")
            per = frame["table"].value_counts()
            per = per.reindex([t for t in NOUNS if t in per.index])
            return ", ".join(count_of(n, t) for t, n in per.items())

        level = (
            _("no evidence level")
            if pd.isna(self.evidence_level)
            else _("evidence level {level}").format(level=self.evidence_level)
        )
        return _(
            "{kind} {entity} ('{title}'), {level}. Upstream (evidence): {upstream}. "
            "Downstream (what became of it): {downstream}."
        ).format(
            kind=kind[:1].upper() + kind[1:],
            entity=self.entity,
            title=clip(me["title"], MAX_LABEL),
            level=level,
            upstream=count(self.upstream()),
            downstream=count(self.downstream()),
        )

    def chart(self) -> Any:
        """The chain as lanes: one row per table, evidence left of the start, outcomes right."""
        import altair as alt

        from ..charts import PALETTE, figure

        sign = self.rows["direction"].map({"upstream": -1, "self": 0, "downstream": 1})
        table = self.rows.assign(
            position=sign * self.rows["depth"],
            label=self.rows["entity"] + ": " + self.rows["title"].map(lambda t: clip(t, 40)),
            table=self.rows["table"].map(label),
            relation=self.rows["relation"].map(lambda r: r if is_blank(r) else label(r)),
            direction=self.rows["direction"].map(label),
            path=self.rows["path"].map(
                lambda p: p if is_blank(p) else " / ".join(label(r) for r in str(p).split(" / "))
            ),
        )[["position", "table", "entity", "label", "relation", "direction", "path"]]
        base = alt.Chart(table).encode(
            x=alt.X(
                "position:Q",
                title=_("Links from the start (negative: evidence; positive: what became of it)"),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=alt.Y("table:N", title=None, sort=[label(t) for t in TITLE_COLUMN]),
            tooltip=[
                alt.Tooltip("entity:N", title=_("Id")),
                alt.Tooltip("table:N", title=_("Table")),
                alt.Tooltip("relation:N", title=_("Relation")),
                alt.Tooltip("path:N", title=_("Path")),
            ],
        )
        directions = [label(d) for d in ("upstream", "self", "downstream")]
        dots = base.mark_point(filled=True, size=120).encode(
            shape=alt.Shape("direction:N", title=_("Direction")),
            color=alt.Color(
                "direction:N",
                scale=alt.Scale(domain=directions, range=PALETTE[:3]),
                title=_("Direction"),
            ),
        )
        text = base.mark_text(align="left", dx=8, fontSize=11).encode(text="label:N")
        desc = clip(self.summary(), MAX_LABEL * 3)
        return figure(
            alt.layer(dots, text).properties(width=520),
            title=self.title,
            description=desc,
            table=table.drop(columns=["label"]).rename(columns=_chain_headers()),
        )

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        shown = self.rows.assign(
            direction=self.rows["direction"].map(label),
            table=self.rows["table"].map(label),
            relation=self.rows["relation"].map(lambda r: r if is_blank(r) else label(r)),
        ).rename(columns=_chain_headers())
        return [(_("Entities linked to {entity}").format(entity=self.entity), shown)]


def _chain_headers() -> dict[str, str]:
    return {
        "position": _("Position"),
        "direction": _("Direction"),
        "depth": _("Depth"),
        "entity": _("Id"),
        "table": _("Table"),
        "title": _("Title"),
        "relation": _("Relation"),
        "via": _("Via"),
        "path": _("Path"),
    }


def chain(ledger: Any, id: str) -> Chain:
    """Everything upstream (evidence) and downstream (what became of it) of one entity.

    Follows every link relation (``contradicts`` and ``supersedes`` included) and the
    ``activity`` a test or feedback record names, breadth-first, so each entity appears
    once, at its shortest distance. Drill from a decision to its evidence
    (:meth:`Chain.upstream`) and from a pain point to what became of it
    (:meth:`Chain.downstream`).

    Examples
    --------
    >>> ledger = {
    ...     "insights": [{"id": "P1", "kind": "pain_point", "statement": "Form too long"}],
    ...     "ideas": [{"id": "I1", "kind": "prototype", "title": "Short form"}],
    ...     "tests": [{"id": "T1", "title": "A/B", "design": "randomised"}],
    ...     "decisions": [{"id": "D1", "title": "Adopt", "status": "accepted",
    ...                    "date": "2026-05-01"}],
    ...     "links": [{"source": "I1", "relation": "addresses", "target": "P1"},
    ...               {"source": "I1", "relation": "tested_by", "target": "T1"},
    ...               {"source": "T1", "relation": "decided_by", "target": "D1"}],
    ... }
    >>> c = chain(ledger, "P1")
    >>> c.downstream()[["entity", "depth", "path"]].values.tolist()
    [['I1', 1, 'addresses'], ['T1', 2, 'addresses / tested_by'], ['D1', 3, 'addresses / tested_by / decided_by']]
    >>> chain(ledger, "D1").upstream()["entity"].tolist()
    ['T1', 'I1', 'P1']
    """
    tables = ledger_tables(ledger)
    graph = LinkGraph(tables)
    key = str(id)
    if key not in graph.table:
        known = ", ".join(sorted(graph.table)[:12]) or _("none")
        msg = _(
            "No activity, insight, idea, test, feedback, decision or measure has the id "
            "{id}. Known ids: {known}."
        ).format(id=repr(key), known=known)
        raise ValueError(msg)
    me = {
        "direction": "self",
        "depth": 0,
        "entity": key,
        "table": graph.table[key],
        "title": graph.title[key],
        "relation": None,
        "via": None,
        "path": "",
    }
    rows = pd.DataFrame([me, *graph.walk(key, "upstream"), *graph.walk(key, "downstream")])
    items = item_grades(tables)
    if graph.table[key] in GRADED:
        level: Any = int(items.set_index("entity").loc[key, "evidence_level"])
    elif graph.table[key] in CLAIMS:
        level = claim_row(graph, items, key)["evidence_level"]
    else:
        level = pd.NA
    return Chain(key, rows, level)
