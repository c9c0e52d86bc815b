"""A copy of a ledger with personal data redacted from its free text, for stakeholders.

A ledger is the team's working record: titles, statements, rationales and "you said, we did"
replies may quote citizens, and a quote may carry a name, an e-mail address, a phone or a
CPR number. The stakeholder app (and so its export) shows :func:`redacted` ledgers only, like
the public accountability export; the team's own file is never changed.

What is redacted: every free-text cell (``kind="string"`` in the schema) and the text lists
``deciders``, ``consulted`` and ``options``, through :func:`cocreate_kit.privacy.redact`
(e-mails, phone and CPR numbers, addresses, URLs, and the names on the deny-list given as
``names``). What is kept as it is: ids and the ids a cell refers to (``source``,
``target``, ``participants``, ``steps``, ``activity``, ``journey``), paths, closed
vocabularies (roles, kinds, statuses, designs), numbers, dates and yes/no cells, since the
chain, the evidence levels and the scorecard are computed from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._ledger import Ledger
from ._schema import LIST_COLUMNS, REFERENCE_COLUMNS, _columns, column_kind

__all__ = ["redacted"]

#: Text-list columns whose items are words, not ids (``participants`` and ``steps`` hold ids).
_TEXT_LISTS = frozenset(
    {("decisions", "deciders"), ("decisions", "consulted"), ("decisions", "options")}
)
#: String columns holding ids, or codes the ledger's computations join on.
_KEPT_NAMES = frozenset({"id", "source", "target"})
_KEPT = frozenset(
    {
        ("activities", "journey"),
        ("insights", "journey"),
        ("participants", "age_band"),
        ("participants", "area"),
        ("participants", "channel"),
    }
)


def redacted(ledger: Ledger, *, names: Iterable[str] = ()) -> Ledger:
    """A copy of ``ledger`` whose free text is redacted (see the module docstring).

    Parameters
    ----------
    ledger : Ledger
        What :func:`cocreate_kit.ledger.load` returned; it is not changed.
    names : iterable of str, optional
        Deny-list of names to redact as well (redaction cannot find a name by pattern alone).

    Returns
    -------
    Ledger

    Examples
    --------
    >>> from cocreate_kit import datasets, ledger
    >>> led = ledger.load(datasets.dataset_path("ledger/home_care_ledger.json"))
    >>> tables = led.tables()
    >>> tables["insights"].loc[0, "statement"] = "Mail anna@example.dk or call 20 30 40 50"
    >>> shown = ledger.redacted(ledger.ledger_from_tables(tables, base=led.base))
    >>> "anna@example.dk" in shown.insights.loc[0, "statement"]
    False
    >>> shown.insights.loc[0, "id"] == led.insights.loc[0, "id"]
    True
    """
    from ..privacy import redact

    deny = list(names)

    def clean(value: Any) -> Any:
        return redact(value, names=deny) if isinstance(value, str) and value else value

    tables = ledger.tables()
    for table, frame in tables.items():
        for col in _columns()[table]:
            key = (table, col.name)
            kept = col.name in _KEPT_NAMES or key in _KEPT or key in REFERENCE_COLUMNS
            if col.name not in frame.columns or kept:
                continue
            kind = column_kind(table, col)
            if kind == "string":
                frame[col.name] = frame[col.name].map(clean)
            elif kind == "list" and key in _TEXT_LISTS and key in LIST_COLUMNS:
                frame[col.name] = frame[col.name].map(lambda items: [clean(i) for i in items])
    return Ledger(tables, base=ledger.base, source=ledger.source)
