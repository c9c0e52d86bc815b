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
from ..i18n import N_, _, fmt_date, fmt_int, ngettext
from ..thresholds import DEFAULT_K
from ._labels import count_of, label
from ._model import ACTIVITY_KINDS, DECISION_STATUSES, TABLES

__all__ = ["Ledger"]

_ROW_IS = {
    "project": N_("the redesign project"),
    "participants": N_("a person who took part (pseudonymous)"),
    "activities": N_("an interview, observation, workshop, prototype test or survey"),
    "insights": N_("an insight or pain point"),
    "ideas": N_("an idea or prototype"),
    "tests": N_("a test of an idea, with its design"),
    "feedback": N_("a survey or coding result and its 'you said, we did'"),
    "decisions": N_("a decision record (MADR)"),
    "measures": N_("a public value measure"),
    "links": N_("a typed link between two entities"),
}


def _count(n: int, table: str) -> str:
    if table == "feedback":
        return ngettext("{n} feedback item", "{n} feedback items", n).format(n=fmt_int(n))
    return count_of(n, table)


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

    @property
    def title(self) -> str:  # type: ignore[override]
        if self._name:
            return _("Co-creation ledger: {name}").format(name=self._name)
        return _("Co-creation ledger")

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
        self._name = name

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
        decided = ", ".join(
            f"{fmt_int(status[s])} {label(s)}" for s in DECISION_STATUSES if status.get(s, 0)
        )
        work = self.activities["kind"].value_counts()
        kinds = ", ".join(count_of(work[k], k) for k in ACTIVITY_KINDS if work.get(k, 0))
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
        name = self.project["title"].iloc[0] if len(self.project) else _("(untitled)")
        return _("The ledger of {name} holds {parts}, joined by {links}.").format(
            name=repr(name), parts=", ".join(parts), links=_count(len(self.links), "links")
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
        shown["day"] = shown["date"].map(fmt_date)
        shown["label"] = shown["day"] + " " + shown["title"].str.slice(0, 40)
        shown["kind"] = shown["kind"].map(label)
        kinds = sorted({label(k) for k in self.activities["kind"].dropna().unique()})
        bars = (
            alt.Chart(shown)
            .mark_bar()
            .encode(
                x=alt.X("label:N", sort=None, title=_("Activity (by date)")),
                y=alt.Y("participants:Q", title=_("Participants"), axis=alt.Axis(format=",d")),
                color=alt.Color(
                    "kind:N",
                    title=_("Kind"),
                    scale=alt.Scale(domain=kinds, range=PALETTE[: len(kinds)]),
                ),
                tooltip=[
                    alt.Tooltip("day:N", title=_("Date")),
                    alt.Tooltip("title:N", title=_("Title")),
                    alt.Tooltip("kind:N", title=_("Kind")),
                    alt.Tooltip("participants:Q", title=_("Participants")),
                ],
            )
        )
        hidden = int(t["suppressed"].sum())
        if len(shown):
            top = shown.loc[shown["participants"].idxmax()]
            lead = _(
                "{n} activities are shown; the largest was {title} ({day}) with {people} "
                "participants."
            ).format(
                n=fmt_int(len(shown)),
                title=repr(top["title"]),
                day=top["day"],
                people=fmt_int(top["participants"]),
            )
        else:
            lead = _("No activity had enough participants to show.")
        desc = lead + (
            " "
            + ngettext(
                "{n} activity with fewer than {k} participants is hidden (small-cell suppression).",
                "{n} activities with fewer than {k} participants are hidden (small-cell "
                "suppression).",
                hidden,
            ).format(n=fmt_int(hidden), k=fmt_int(k))
            if hidden
            else ""
        )
        table = t[["date", "activity", "title", "kind", "shown"]].copy()
        table["date"] = table["date"].map(fmt_date)
        table["kind"] = table["kind"].map(label)
        # Lower-case headers, as the table's column names (the English page is unchanged).
        headers = {
            "date": _("date"),
            "activity": _("activity"),
            "title": _("title"),
            "kind": _("kind"),
            "shown": _("participants"),
        }
        return figure(
            bars,
            title=_("Who took part, activity by activity"),
            description=desc,
            table=table.rename(columns=headers),
        )

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        counts = pd.DataFrame(
            {
                _("Table"): [label(n) for n in TABLES],
                _("Rows"): [len(getattr(self, n)) for n in TABLES],
                _("One row per"): [_(_ROW_IS[n]) for n in TABLES],
            }
        )
        return [(_("What the ledger holds"), counts)]
