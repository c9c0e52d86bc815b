"""A small explorer of contacts per channel and month: the foundation's end-to-end example.

The bundled, synthetic ``explorer_visits.csv`` has one row per month and contact channel
(``month, channel, contacts, handling_minutes, satisfied_share, cost_dkk``).
:func:`explore` aggregates one measure per month, for all channels or one channel, and
returns an :class:`Exploration` (a :class:`~cocreate_kit._result.Result`) with a computed
summary sentence, an accessible chart and a table.

Aggregation methods
-------------------
* ``contacts`` and ``cost_dkk`` are totals: summed over the selected channels.
* ``handling_minutes`` and ``satisfied_share`` are per-contact averages, so combining
  channels uses the **contact-weighted mean** :math:`\\sum_i n_i x_i / \\sum_i n_i`
  (a plain mean of channel averages would give a letter the same weight as a web visit).

Examples
--------
>>> from cocreate_kit.datasets import read_dataset
>>> ex = explore(read_dataset("explorer_visits.csv"), measure="contacts", channel="Web")
>>> ex.monthly.shape
(12, 2)
>>> ex.summary().startswith("Web: contacts totalled")
True
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._result import Result
from .validate import Column, validate_frame

__all__ = [
    "MEASURES",
    "ALL_CHANNELS",
    "COLUMNS",
    "Exploration",
    "channels",
    "explore",
    "load_visits",
    "measure_options",
]

#: Measure name -> (label, how it combines over channels: "sum" or "weighted").
MEASURES: dict[str, tuple[str, str]] = {
    "contacts": ("Contacts", "sum"),
    "handling_minutes": ("Handling time per contact (minutes)", "weighted"),
    "satisfied_share": ("Share of satisfied users", "weighted"),
    "cost_dkk": ("Cost (DKK)", "sum"),
}
ALL_CHANNELS = "All channels"
_NOUN = {"contacts": "contacts", "cost_dkk": "the cost"}

COLUMNS = [
    Column("month", "string", description="calendar month, YYYY-MM"),
    Column("channel", "category", description="contact channel"),
    Column("contacts", "integer", min=0, description="number of contacts"),
    Column("handling_minutes", "number", min=0, description="mean minutes per contact"),
    Column("satisfied_share", "number", min=0, max=1, description="share satisfied, 0-1"),
    Column("cost_dkk", "number", min=0, description="cost of handling, DKK"),
]


def load_visits(path: Any) -> pd.DataFrame:
    """Read and validate a visits file (CSV, xlsx or JSON) with the kit's loader.

    Raises :class:`~cocreate_kit.DataError` listing every problem.
    """
    from .io import read_table

    return validate_frame(read_table(path), COLUMNS)


def _fmt(measure: str, value: float) -> str:
    if measure == "satisfied_share":
        return f"{value:.1%}"
    if measure == "handling_minutes":
        return f"{value:.1f} minutes"
    if measure == "cost_dkk":
        return f"{value:,.0f} DKK"
    return f"{value:,.0f}"


def channels(data: pd.DataFrame) -> list[str]:
    """The channel choices for ``data``: ``"All channels"``, then each channel by name.

    Examples
    --------
    >>> import pandas as pd
    >>> channels(pd.DataFrame({"channel": ["Web", "Phone", "Web"]}))
    ['All channels', 'Phone', 'Web']
    """
    return [ALL_CHANNELS, *sorted(data["channel"].astype(str).unique())]


def measure_options() -> dict[str, str]:
    """Display label -> measure name, in :data:`MEASURES` order (for a measure selector).

    Examples
    --------
    >>> list(measure_options().values())
    ['contacts', 'handling_minutes', 'satisfied_share', 'cost_dkk']
    """
    return {label: key for key, (label, _) in MEASURES.items()}


class Exploration(Result):
    """One measure per month for the chosen channel(s).

    Attributes
    ----------
    monthly : DataFrame
        Columns ``month`` and the measure, one row per month, in calendar order.
    measure, channel : str
        What was aggregated and for which channel (or ``"All channels"``).
    """

    def __init__(self, monthly: pd.DataFrame, measure: str, channel: str) -> None:
        self.monthly = monthly
        self.measure = measure
        self.channel = channel

    @property
    def title(self) -> str:  # type: ignore[override]
        return f"{MEASURES[self.measure][0]} per month, {self.channel.lower()}"

    @property
    def label(self) -> str:
        """Display label of the measure."""
        return MEASURES[self.measure][0]

    def summary(self) -> str:
        """Computed sentence: total or average over the year, highest and lowest month."""
        s = self.monthly.set_index("month")[self.measure]
        hi, lo = s.idxmax(), s.idxmin()
        how = MEASURES[self.measure][1]
        if how == "sum":
            head = f"{self.channel}: {_NOUN[self.measure]} totalled " + _fmt(
                self.measure, float(s.sum())
            )
        else:
            head = (
                f"{self.channel}: {self.label.lower()} ranged from "
                f"{_fmt(self.measure, float(s.min()))} to {_fmt(self.measure, float(s.max()))}"
            )
        return (
            f"{head} over {len(s)} months; the highest month was {hi} "
            f"({_fmt(self.measure, float(s[hi]))}) and the lowest {lo} "
            f"({_fmt(self.measure, float(s[lo]))})."
        )

    def chart(self) -> Any:
        """Line chart of the measure per month (accessible :class:`Figure`)."""
        import altair as alt

        from .charts import figure

        y_fmt = ".0%" if self.measure == "satisfied_share" else ",.0f"
        chart = (
            alt.Chart(self.monthly)
            .mark_line(point=True)
            .encode(
                x=alt.X("month:O", title="Month"),
                y=alt.Y(f"{self.measure}:Q", title=self.label, axis=alt.Axis(format=y_fmt)),
            )
        )
        return figure(chart, title=self.title, description=self.summary(), table=self.table())

    def table(self) -> pd.DataFrame:
        """The monthly values with readable column names."""
        return self.monthly.rename(columns={"month": "Month", self.measure: self.label})

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return []


def explore(
    data: pd.DataFrame, *, measure: str = "contacts", channel: str = ALL_CHANNELS
) -> Exploration:
    """Aggregate ``measure`` per month for ``channel`` (or all channels).

    Parameters
    ----------
    data : DataFrame
        Visits in the ``explorer_visits.csv`` layout (see :data:`COLUMNS`).
    measure : str
        One of :data:`MEASURES`.
    channel : str
        A channel in ``data`` or ``"All channels"``.

    Returns
    -------
    Exploration
        ``monthly`` holds ``month`` and the aggregated measure: sums for totals, the
        contact-weighted mean for per-contact averages.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"month": ["2026-01", "2026-01"], "channel": ["Web", "Phone"],
    ...                    "contacts": [300, 100], "handling_minutes": [4.0, 12.0],
    ...                    "satisfied_share": [0.8, 0.6], "cost_dkk": [1.0, 2.0]})
    >>> explore(df, measure="handling_minutes").monthly["handling_minutes"].tolist()
    [6.0]
    """
    if measure not in MEASURES:
        msg = f"Unknown measure {measure!r}; choose one of: {', '.join(MEASURES)}."
        raise ValueError(msg)
    choices = channels(data)
    if channel not in choices:
        msg = f"Unknown channel {channel!r}; choose {ALL_CHANNELS!r} or one of: {', '.join(choices[1:])}."
        raise ValueError(msg)
    df = data if channel == ALL_CHANNELS else data[data["channel"] == channel]
    if MEASURES[measure][1] == "sum":
        monthly = df.groupby("month", sort=True)[measure].sum()
    else:
        weighted = (df[measure] * df["contacts"]).groupby(df["month"], sort=True).sum()
        monthly = weighted / df.groupby("month", sort=True)["contacts"].sum()
    out = monthly.rename(measure).reset_index()
    return Exploration(out, measure, channel)
