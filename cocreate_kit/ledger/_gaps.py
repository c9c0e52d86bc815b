"""Gap checks: where the chain from pain point to decision is broken or a loop left open.

Gaps are **warnings**, not validation errors: a ledger with gaps is valid and loads; the
gaps say what the team has not done yet. ``cocreate check ledger FILE`` lists them after
the validation result and still exits 0 (validation problems exit 2).

=========================  =================================================================
kind                       definition
=========================  =================================================================
insight_without_idea       an insight or pain point that no idea ``addresses``
idea_not_tested            an idea or prototype with no ``tested_by`` link
test_without_decision      a test that reaches no decision: no ``decided_by``, ``supports``
                           or ``contradicts`` link from it to a decision, and no decision
                           ``decided_by`` an idea it tests
decision_without_evidence  a decision with no incoming ``decided_by``, ``supports`` or
                           ``contradicts`` link (validation refuses this for decisions that
                           were taken; a *proposed* one is a gap)
feedback_loop_open         a feedback record that says what people said (``you_said``, not
                           blank) but not what was done about it (``we_did`` blank): the
                           "you said, we did" loop is not closed
=========================  =================================================================

A feedback record with neither ``you_said`` nor ``we_did`` is not a loop (it is a result
record only); one with both is a closed loop.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .._result import Result
from ..i18n import N_, _, fmt_int
from ._labels import label
from ._links import is_blank, ledger_tables

__all__ = ["GAP_KINDS", "Gaps", "gaps"]

#: Gap kind -> what to do about it (English msgid; the ``todo`` column holds it, and it is
#: translated where shown).
GAP_KINDS = {
    "insight_without_idea": N_("Hold an ideation session on it, or record why it is out of scope."),
    "idea_not_tested": N_("Test it with users (a prototype test) and link the test (tested_by)."),
    "test_without_decision": N_("Decide what the result means and link it to a decision."),
    "decision_without_evidence": N_("Link the tests, feedback or measures it rests on."),
    "feedback_loop_open": N_("Tell participants what was done (we_did), or why nothing was."),
}
_LABELS = {
    "insight_without_idea": N_("insight(s) with no idea"),
    "idea_not_tested": N_("idea(s) never tested"),
    "test_without_decision": N_("test(s) with no decision"),
    "decision_without_evidence": N_("decision(s) with no evidence"),
    "feedback_loop_open": N_("feedback loop(s) not closed"),
}


class Gaps(Result):
    """Gaps in a ledger's chain, one row per gap.

    Attributes
    ----------
    table : DataFrame
        ``kind`` (see :data:`GAP_KINDS` and the module docstring), ``entity`` (id),
        ``entity_table``, ``title`` and ``todo`` (what to do), in the order of the kinds.
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Gaps in the chain")

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self._warnings = []

    def counts(self) -> pd.DataFrame:
        """Number of gaps per kind (every kind listed, also with 0)."""
        n = self.table["kind"].value_counts()
        return pd.DataFrame(
            {"kind": list(GAP_KINDS), "gaps": [int(n.get(k, 0)) for k in GAP_KINDS]}
        )

    def summary(self) -> str:
        if not len(self.table):
            return _(
                "No gaps: every insight has an idea, every idea a test, every test a "
                "decision, every decision evidence, and every feedback loop is closed."
            )
        parts = [
            f"{fmt_int(n)} {_(_LABELS[k])}" for k, n in self.counts().itertuples(index=False) if n
        ]
        return _("{n} gap(s): {parts}.").format(n=fmt_int(len(self.table)), parts=", ".join(parts))

    def lines(self) -> list[str]:
        """One plain line per gap (``cocreate check ledger`` prints these); titles are cut
        to 120 characters with an ellipsis.

        Examples
        --------
        >>> gaps({"ideas": [{"id": "I1", "kind": "idea", "title": "Chat"}]}).lines()
        ["- idea_not_tested: I1 'Chat'. Test it with users (a prototype test) and link the test (tested_by)."]
        """
        from .._html import MAX_LABEL, clip

        return [
            f"- {r.kind}: {r.entity} '{clip(r.title, MAX_LABEL)}'. {_(r.todo)}"
            for r in self.table.itertuples(index=False)
        ]

    def chart(self) -> Any:
        """Number of gaps per kind (bars), with the table."""
        import altair as alt

        from ..charts import PALETTE, figure

        table = self.counts()
        # The data keep the codes; the axis shows each code's name in the current language.
        names = json.dumps({k: _(v) for k, v in _LABELS.items()}, ensure_ascii=False)
        bars = (
            alt.Chart(table)
            .mark_bar(color=PALETTE[0])
            .encode(
                y=alt.Y(
                    "kind:N",
                    title=None,
                    sort=list(GAP_KINDS),
                    axis=alt.Axis(labelExpr=f"{names}[datum.value]", labelLimit=320),
                ),
                x=alt.X("gaps:Q", title=_("Gaps"), axis=alt.Axis(tickMinStep=1, format=",d")),
                tooltip=[
                    alt.Tooltip("kind:N", title=_("Kind")),
                    alt.Tooltip("gaps:Q", title=_("Gaps")),
                ],
            )
        )
        shown = table.assign(kind=[_(_LABELS[k]) for k in table["kind"]]).rename(
            columns={"kind": _("Kind"), "gaps": _("Gaps")}
        )
        return figure(bars, title=self.title, description=self.summary(), table=shown)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        shown = self.table.assign(
            kind=self.table["kind"].map(lambda k: _(_LABELS.get(k, k))),
            entity_table=self.table["entity_table"].map(label),
            todo=self.table["todo"].map(_),
        ).rename(
            columns={
                "kind": _("Kind"),
                "entity": _("Id"),
                "entity_table": _("Table"),
                "title": _("Title"),
                "todo": _("What to do"),
            }
        )
        return [(_("Gaps"), shown)]


def gaps(ledger: Any) -> Gaps:
    """Insights with no idea, ideas never tested, tests with no decision, decisions with no
    evidence, and open feedback loops (definitions in the module docstring).

    Examples
    --------
    >>> ledger = {
    ...     "insights": [{"id": "P1", "kind": "pain_point", "statement": "Long form"}],
    ...     "feedback": [{"id": "F1", "title": "Survey", "you_said": "Too long"}],
    ... }
    >>> gaps(ledger).table[["kind", "entity"]].values.tolist()
    [['insight_without_idea', 'P1'], ['feedback_loop_open', 'F1']]
    """
    t = ledger_tables(ledger)
    links = t["links"].astype({"source": str, "target": str})
    table_of = {str(i): name for name in ("ideas", "tests", "decisions") for i in t[name]["id"]}

    def targets(relations: tuple[str, ...]) -> set[str]:
        return set(links.loc[links["relation"].isin(relations), "target"])

    def sources(relations: tuple[str, ...]) -> set[str]:
        return set(links.loc[links["relation"].isin(relations), "source"])

    addressed = targets(("addresses",))
    tested = sources(("tested_by",))
    to_decision = links[links["target"].map(table_of.get) == "decisions"]
    decided = set(to_decision.loc[to_decision["relation"] == "decided_by", "source"])
    reaching = set(to_decision["source"])
    tested_by = links[links["relation"] == "tested_by"]
    via_idea = set(tested_by.loc[tested_by["source"].isin(decided), "target"])
    with_evidence = targets(("decided_by", "supports", "contradicts"))

    rows: list[dict[str, Any]] = []

    def add(kind: str, name: str, col: str, keep: Any) -> None:
        for r in t[name].itertuples(index=False):
            if keep(r):
                title = getattr(r, col)
                rows.append(
                    {
                        "kind": kind,
                        "entity": str(r.id),
                        "entity_table": name,
                        "title": "" if is_blank(title) else str(title),
                        "todo": GAP_KINDS[kind],
                    }
                )

    add("insight_without_idea", "insights", "statement", lambda r: str(r.id) not in addressed)
    add("idea_not_tested", "ideas", "title", lambda r: str(r.id) not in tested)
    add(
        "test_without_decision",
        "tests",
        "title",
        lambda r: str(r.id) not in reaching and str(r.id) not in via_idea,
    )
    add(
        "decision_without_evidence",
        "decisions",
        "title",
        lambda r: str(r.id) not in with_evidence,
    )
    add(
        "feedback_loop_open",
        "feedback",
        "title",
        lambda r: not is_blank(r.you_said) and is_blank(r.we_did),
    )
    cols = ["kind", "entity", "entity_table", "title", "todo"]
    return Gaps(pd.DataFrame(rows, columns=cols))
