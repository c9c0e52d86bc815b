"""The :class:`Ledger` result: one validated redesign project, one DataFrame per table.

Build one with :func:`~cocreate_kit.ledger.load` or
:func:`~cocreate_kit.ledger.ledger_from_tables` (which validate); the constructor itself
takes tables that are already canonical. Column dtypes are listed in ``_schema``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .._result import Result
from ..thresholds import DEFAULT_K
from ._model import ACTIVITY_KINDS, DECISION_STATUSES, TABLES

__all__ = ["Ledger"]

_NOUNS = {
    "participants": ("participant", "participants"),
    "activities": ("activity", "activities"),
    "insights": ("insight", "insights"),
    "ideas": ("idea", "ideas"),
    "tests": ("test", "tests"),
    "feedback": ("feedback item", "feedback items"),
    "decisions": ("decision", "decisions"),
    "measures": ("measure", "measures"),
    "links": ("link", "links"),
}
_ROW_IS = {
    "project": "the redesign project",
    "participants": "a person who took part (pseudonymous)",
    "activities": "an interview, observation, workshop, prototype test or survey",
    "insights": "an insight or pain point",
    "ideas": "an idea or prototype",
    "tests": "a test of an idea, with its design",
    "feedback": "a survey or coding result and its 'you said, we did'",
    "decisions": "a decision record (MADR)",
    "measures": "a public value measure",
    "links": "a typed link between two entities",
}


def _count(n: int, table: str) -> str:
    one, many = _NOUNS[table]
    return f"{n} {one if n == 1 else many}"


class Ledger(Result):
    """A co-creation ledger: the tables of one redesign project.

    Attributes
    ----------
    project, participants, activities, insights, ideas, tests, feedback, decisions, \
measures, links : DataFrame
        One frame per table (``project`` has one row), with every column of the table in
        schema order and canonical dtypes: text ``object`` (``None`` when missing), lists
        ``object`` holding Python lists (``[]`` when empty), numbers ``float64``, counts
        ``Int64``, yes/no ``boolean``, dates ``datetime64[ns]`` at midnight (``NaT``).
        Treat them as read-only.
    base : Path or None
        The folder that relative paths (``result``, ``plan``, ``data``, ...) resolve against:
        the ledger file's folder, or the CSV folder itself.
    source : str or None
        The file (or folder) name the ledger was read from.

    Examples
    --------
    >>> from cocreate_kit import datasets, ledger
    >>> led = ledger.load(datasets.dataset_path("ledger/home_care_ledger.json"))
    >>> led.project["title"].iloc[0]
    'Applying for home care, redesigned with citizens'
    >>> len(led.participants), sorted(led.tables())[:3]
    (40, ['activities', 'decisions', 'feedback'])
    """

    title = "Co-creation ledger"

    def __init__(
        self,
        tables: dict[str, pd.DataFrame],
        *,
        base: Path | None = None,
        source: str | None = None,
    ) -> None:
        for name in TABLES:
            setattr(self, name, tables[name])
        self.base = Path(base) if base is not None else None
        self.source = source
        name = tables["project"]["title"].iloc[0] if len(tables["project"]) else None
        self.title = f"Co-creation ledger: {name}" if name else "Co-creation ledger"

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the order of ``TABLES`` (copies: safe to change)."""
        return {name: getattr(self, name).copy() for name in TABLES}

    def equals(self, other: Ledger) -> bool:
        """True when every table of ``other`` has the same values and dtypes."""
        return all(
            getattr(self, n).dtypes.equals(getattr(other, n).dtypes)
            and getattr(self, n).equals(getattr(other, n))
            for n in TABLES
        )

    def _record(self) -> dict[str, Any]:
        # The tables and the file name; not ``base``, a local folder that says nothing
        # about the project (and may name a user's home folder).
        return {**{n: getattr(self, n) for n in TABLES}, "source": self.source}

    def summary(self) -> str:
        """Counts per table, in one sentence."""
        dec = self.decisions
        status = dec["status"].value_counts()
        decided = ", ".join(f"{int(status[s])} {s}" for s in DECISION_STATUSES if status.get(s, 0))
        work = self.activities["kind"].value_counts()
        kinds = ", ".join(
            f"{int(work[k])} {k.replace('_', ' ')}{'s' if work[k] != 1 else ''}"
            for k in ACTIVITY_KINDS
            if work.get(k, 0)
        )
        parts = [
            _count(len(self.participants), "participants"),
            _count(len(self.activities), "activities") + (f" ({kinds})" if kinds else ""),
            _count(len(self.insights), "insights"),
            _count(len(self.ideas), "ideas"),
            _count(len(self.tests), "tests"),
            _count(len(self.feedback), "feedback"),
            _count(len(dec), "decisions") + (f" ({decided})" if decided else ""),
            _count(len(self.measures), "measures"),
        ]
        name = self.project["title"].iloc[0] if len(self.project) else "(untitled)"
        return (
            f"The ledger of {name!r} holds {', '.join(parts)}, joined by "
            f"{_count(len(self.links), 'links')}."
        )

    def attendance(self, *, k: int = DEFAULT_K) -> pd.DataFrame:
        """Participants per activity (activities that list participants), by date.

        Counts under ``k`` are suppressed, with the kit's secondary suppression
        (:func:`cocreate_kit.privacy.suppress_counts`): ``participants`` is then missing and
        ``shown`` reads ``<k``.

        Examples
        --------
        >>> from cocreate_kit import datasets, ledger
        >>> led = ledger.load(datasets.dataset_path("ledger/home_care_ledger.json"))
        >>> t = led.attendance()
        >>> list(t.columns)
        ['date', 'activity', 'title', 'kind', 'participants', 'shown', 'suppressed']
        >>> bool((t["participants"].dropna() >= 5).all())
        True
        """
        from ..privacy import suppress_counts

        act = self.activities
        n = act["participants"].map(len)
        t = pd.DataFrame(
            {
                "date": act["date"],
                "activity": act["id"],
                "title": act["title"],
                "kind": act["kind"],
                "participants": n.astype("float64"),
            }
        )[n.to_numpy() > 0]
        t = t.sort_values(["date", "activity"], kind="stable").reset_index(drop=True)
        t = suppress_counts(t, "participants", k=k, columns=["participants"])
        shown = t["participants"].map(lambda v: f"{v:.0f}" if pd.notna(v) else f"<{k}")
        t.insert(5, "shown", shown.astype(object))
        return t

    def chart(self, *, k: int = DEFAULT_K) -> Any:
        """Who took part over time: participants per activity, coloured by kind.

        Activities with fewer than ``k`` participants are suppressed (see
        :meth:`attendance`); the table alternative shows them as ``<k``.
        """
        import altair as alt

        from ..charts import PALETTE, figure

        t = self.attendance(k=k)
        shown = t[~t["suppressed"]].copy()
        shown["day"] = shown["date"].dt.strftime("%Y-%m-%d")
        shown["label"] = shown["day"] + " " + shown["title"].str.slice(0, 40)
        kinds = sorted(self.activities["kind"].dropna().unique())
        bars = (
            alt.Chart(shown)
            .mark_bar()
            .encode(
                x=alt.X("label:N", sort=None, title="Activity (by date)"),
                y=alt.Y("participants:Q", title="Participants"),
                color=alt.Color(
                    "kind:N",
                    title="Kind",
                    scale=alt.Scale(domain=kinds, range=PALETTE[: len(kinds)]),
                ),
                tooltip=["day:N", "title:N", "kind:N", "participants:Q"],
            )
        )
        hidden = int(t["suppressed"].sum())
        if len(shown):
            top = shown.loc[shown["participants"].idxmax()]
            lead = (
                f"{len(shown)} activities are shown; the largest was {top['title']!r} "
                f"({top['day']}) with {top['participants']:.0f} participants."
            )
        else:
            lead = "No activity had enough participants to show."
        many = hidden != 1
        desc = lead + (
            f" {hidden} {'activities' if many else 'activity'} with fewer than {k} "
            f"participants {'are' if many else 'is'} hidden (small-cell suppression)."
            if hidden
            else ""
        )
        table = t[["date", "activity", "title", "kind", "shown"]].copy()
        table["date"] = table["date"].dt.strftime("%Y-%m-%d")
        return figure(
            bars,
            title="Who took part, activity by activity",
            description=desc,
            table=table.rename(columns={"shown": "participants"}),
        )

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        counts = pd.DataFrame(
            {
                "table": list(TABLES),
                "rows": [len(getattr(self, n)) for n in TABLES],
                "one row per": [_ROW_IS[n] for n in TABLES],
            }
        )
        return [("What the ledger holds", counts)]
