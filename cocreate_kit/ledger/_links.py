"""The ledger's tables as complete DataFrames, and its link graph (upstream / downstream).

**Directions.** *Upstream* of an entity is its evidence: what it was decided by, what
supports or contradicts it, an idea's tests and the insights it addresses, a test's or
feedback record's activity, the decision a newer one supersedes. *Downstream* is what became
of it: the reverse of those links. ``tested_by`` is followed both ways: a test is evidence
for its idea and what became of it, and the idea is the test's context, so each is on both
sides of the other (a decision on a test reaches the idea tested and the pain point it
addresses; a pain point reaches the tests of the ideas that address it).

Participants are not graph entities (who took part is the participation panel's question).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ._model import COLUMNS, TABLES

__all__ = ["TITLE_COLUMN", "LinkGraph", "is_blank", "is_set", "ledger_tables"]

#: Tables whose rows are chain entities, and the column holding their title.
TITLE_COLUMN = {
    "activities": "title",
    "insights": "statement",
    "ideas": "title",
    "tests": "title",
    "feedback": "title",
    "decisions": "title",
    "measures": "indicator",
}
_LIST_COLUMNS = {
    ("activities", "participants"),
    ("insights", "steps"),
    ("decisions", "deciders"),
    ("decisions", "consulted"),
    ("decisions", "options"),
}


def ledger_tables(ledger: Any) -> dict[str, pd.DataFrame]:
    """Every table of ``ledger`` as a DataFrame with all its columns (missing ones NA).

    ``ledger`` is a :class:`~cocreate_kit.ledger.Ledger`, or (for tests and notebooks) a
    mapping of table name to DataFrame or list of row dicts, read as given (no validation).

    Examples
    --------
    >>> t = ledger_tables({"ideas": [{"id": "I1", "kind": "idea", "title": "Short form"}]})
    >>> list(t["ideas"].columns), len(t["links"])
    (['id', 'kind', 'title', 'description'], 0)
    """
    raw = ledger.tables() if hasattr(ledger, "tables") else dict(ledger)
    out = {}
    for name in TABLES:
        required, optional = COLUMNS[name]
        value = raw.get(name)
        frame = pd.DataFrame(value) if value is not None else pd.DataFrame()
        frame = frame.copy()
        for col in (*required, *optional):
            if col not in frame.columns:
                empty_list = (name, col) in _LIST_COLUMNS
                frame[col] = pd.Series(
                    [[] if empty_list else pd.NA] * len(frame), index=frame.index, dtype=object
                )
        out[name] = frame.reset_index(drop=True)
    return out


def is_blank(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return False
    return value is None or bool(pd.isna(value)) or str(value).strip() == ""


def is_set(value: Any) -> bool:
    return not is_blank(value) and bool(value)


class LinkGraph:
    """Entities (id -> table, title) and upstream/downstream edges of one ledger."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.tables = tables
        self.table: dict[str, str] = {}
        self.title: dict[str, str] = {}
        for name, col in TITLE_COLUMN.items():
            for row in tables[name].itertuples(index=False):
                key = str(row.id)
                self.table[key] = name
                text = getattr(row, col)
                self.title[key] = "" if is_blank(text) else str(text)
        self.up: dict[str, list[tuple[str, str]]] = {k: [] for k in self.table}
        self.down: dict[str, list[tuple[str, str]]] = {k: [] for k in self.table}
        for link in tables["links"].itertuples(index=False):
            s, r, t = str(link.source), str(link.relation), str(link.target)
            if r in ("tested_by", "addresses", "supersedes"):
                self._edge(basis=t, claim=s, relation=r)
                if r == "tested_by":  # an idea and its test are each other's context
                    self._edge(basis=s, claim=t, relation=r)
            else:
                self._edge(basis=s, claim=t, relation=r)
        for name in ("tests", "feedback"):
            for row in tables[name].itertuples(index=False):
                if not is_blank(row.activity):
                    self._edge(basis=str(row.activity), claim=str(row.id), relation="activity")

    def _edge(self, *, basis: str, claim: str, relation: str) -> None:
        if basis in self.table and claim in self.table:
            self.up[claim].append((basis, relation))
            self.down[basis].append((claim, relation))

    def walk(
        self, start: str, direction: str, relations: tuple[str, ...] | None = None
    ) -> list[dict[str, Any]]:
        """Breadth-first from ``start``: one row per entity reached (its shortest path)."""
        edges = self.up if direction == "upstream" else self.down
        seen = {start}
        rows: list[dict[str, Any]] = []
        queue = deque([(start, 0, ())])
        while queue:
            node, depth, path = queue.popleft()
            for nxt, rel in edges[node]:
                if nxt in seen or (relations is not None and rel not in relations):
                    continue
                seen.add(nxt)
                rows.append(
                    {
                        "direction": direction,
                        "depth": depth + 1,
                        "entity": nxt,
                        "table": self.table[nxt],
                        "title": self.title[nxt],
                        "relation": rel,
                        "via": node,
                        "path": " / ".join((*path, rel)),
                    }
                )
                queue.append((nxt, depth + 1, (*path, rel)))
        return rows


def took_part(participants: Any, people: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """For a ledger, keep the participants listed in at least one activity: someone
    recruited who came to nothing did not take part (the scorecard counts who took part
    the same way). A bare participants table is used as given. Returns the kept rows and
    how many were left out."""
    acts = getattr(participants, "activities", None)
    if not isinstance(acts, pd.DataFrame) or "participants" not in acts.columns:
        return people, 0
    listed = {str(i) for ids in acts["participants"] for i in ids}
    kept = people[people["id"].astype(str).isin(listed)]
    kept.attrs = dict(people.attrs)
    return kept, len(people) - len(kept)
