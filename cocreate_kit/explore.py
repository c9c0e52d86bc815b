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

Text follows the current language (:mod:`cocreate_kit.i18n`): measure labels, the summary
sentence, the chart and its table are built when shown, with numbers and months in the
locale ("1.234", "73,5 %", "marts 2026" in Danish). Channel names are data: the Danish
sample (``sample_data/da/explorer_visits.csv``, picked by
:func:`~cocreate_kit.datasets.sample_project` in Danish) names them in Danish, with the
same numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._brief import Card
from ._result import Result
from .i18n import N_, _, fmt_int, fmt_month, fmt_number, fmt_percent, ngettext
from .validate import Column, validate_frame

__all__ = [
    "MEASURES",
    "ALL_CHANNELS",
    "COLUMNS",
    "Exploration",
    "Overview",
    "channel_label",
    "channels",
    "explore",
    "load_visits",
    "measure_options",
    "overview",
]

#: Measure name -> (label, how it combines over channels: "sum" or "weighted"). The labels
#: are English msgids: show them with ``_(label)``.
MEASURES: dict[str, tuple[str, str]] = {
    "contacts": (N_("Contacts"), "sum"),
    "handling_minutes": (N_("Handling time per contact (minutes)"), "weighted"),
    "satisfied_share": (N_("Share of satisfied users"), "weighted"),
    "cost_dkk": (N_("Cost (DKK)"), "sum"),
}
#: The choice meaning every channel (a value; shown as ``_(ALL_CHANNELS)``).
ALL_CHANNELS = N_("All channels")
# Translators: the summary's opening: "Web: contacts totalled 5,123 over 12 months; ...".
_TOTALLED = {
    "contacts": N_("{channel}: contacts totalled {total}"),
    "cost_dkk": N_("{channel}: the cost totalled {total}"),
}

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
    """``value`` of ``measure`` as text in the current locale ("73.5%", "6.1 minutes")."""
    if measure == "satisfied_share":
        return fmt_percent(value, 1)
    if measure == "handling_minutes":
        return _("{n} minutes").format(n=fmt_number(value, 1))
    if measure == "cost_dkk":
        return _("{n} DKK").format(n=fmt_int(value))
    return fmt_int(value)


def channel_label(channel: str) -> str:
    """How a channel choice is shown: :data:`ALL_CHANNELS` translated, a channel as named.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     channel_label(ALL_CHANNELS), channel_label("Web")
    ('Alle kanaler', 'Web')
    """
    return _(ALL_CHANNELS) if channel == ALL_CHANNELS else channel


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
    return {_(label): key for key, (label, _how) in MEASURES.items()}


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
        return _("{measure} per month, {channel}").format(
            measure=self.label, channel=channel_label(self.channel).lower()
        )

    @property
    def label(self) -> str:
        """Display label of the measure, in the current language."""
        return _(MEASURES[self.measure][0])

    def summary(self) -> str:
        """Computed sentence: total or average over the year, highest and lowest month."""
        s = self.monthly.set_index("month")[self.measure]
        hi, lo = s.idxmax(), s.idxmin()
        channel = channel_label(self.channel)
        if MEASURES[self.measure][1] == "sum":
            head = _(_TOTALLED[self.measure]).format(
                channel=channel, total=_fmt(self.measure, float(s.sum()))
            )
        else:
            head = _("{channel}: {measure} ranged from {low} to {high}").format(
                channel=channel,
                measure=self.label.lower(),
                low=_fmt(self.measure, float(s.min())),
                high=_fmt(self.measure, float(s.max())),
            )
        return _(
            "{head} over {n} months; the highest month was {high_month} ({high}) and the "
            "lowest {low_month} ({low})."
        ).format(
            head=head,
            n=fmt_int(len(s)),
            high_month=fmt_month(hi),
            high=_fmt(self.measure, float(s[hi])),
            low_month=fmt_month(lo),
            low=_fmt(self.measure, float(s[lo])),
        )

    def chart(self) -> Any:
        """Line chart of the measure per month (accessible :class:`Figure`)."""
        import altair as alt

        from .charts import figure

        y_fmt = ".0%" if self.measure == "satisfied_share" else ",.0f"
        # Months as the locale names them ("March 2026" / "marts 2026"), in calendar order.
        shown = self.monthly.assign(month=self.monthly["month"].map(fmt_month))
        chart = (
            alt.Chart(shown)
            .mark_line(point=True)
            .encode(
                x=alt.X("month:O", title=_("Month"), sort=shown["month"].tolist()),
                y=alt.Y(f"{self.measure}:Q", title=self.label, axis=alt.Axis(format=y_fmt)),
            )
            # 40 px per month: the months and a title of ~50 characters ("Henvendelser pr.
            # måned, alle kanaler") fit inside the SVG; it scales down on a phone.
            .properties(width=alt.Step(40))
        )
        return figure(chart, title=self.title, description=self.summary(), table=self.table())

    def table(self) -> pd.DataFrame:
        """The monthly values with readable column names and month names, in the current
        language (a display copy: :attr:`monthly` keeps ``month`` and the measure's name)."""
        shown = self.monthly.assign(month=self.monthly["month"].map(fmt_month))
        return shown.rename(columns={"month": _("Month"), self.measure: self.label})

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
        msg = _("Unknown measure {measure}; choose one of: {options}.").format(
            measure=repr(measure), options=", ".join(MEASURES)
        )
        raise ValueError(msg)
    df = _channel_rows(data, channel)
    if MEASURES[measure][1] == "sum":
        monthly = df.groupby("month", sort=True)[measure].sum()
    else:
        weighted = (df[measure] * df["contacts"]).groupby(df["month"], sort=True).sum()
        monthly = weighted / df.groupby("month", sort=True)["contacts"].sum()
    out = monthly.rename(measure).reset_index()
    return Exploration(out, measure, channel)


class Overview(Result):
    """The whole file at a glance for one channel (or all): the explorer's headline.

    Methods: ``contacts`` is the sum over every month and channel selected;
    ``satisfied_share`` the contact-weighted mean of the rows' shares
    (:math:`\\sum_i n_i s_i / \\sum_i n_i`, as :func:`explore` combines channels);
    ``cost_per_contact`` the total cost divided by the total contacts. ``monthly_*`` are the
    lowest and highest monthly values of the same quantities.

    The numbers have no sampling interval: contacts and costs are the service's own
    counts (the whole population of contacts, not a sample), and the file holds each
    month's share of satisfied users without the number of people asked, so no confidence
    interval can be computed. The cards show the **monthly range** instead, saying how much
    the months differ. A change against the previous year needs two years of months; the
    bundled sample holds one, so the overview does not claim one.

    Attributes
    ----------
    channel : str
        The channel, or ``"All channels"``.
    months : int
        Number of months in the file.
    contacts, cost_dkk, satisfied_share, cost_per_contact : float
        The totals and contact-weighted averages above.
    busiest_month, busiest_contacts : str, float
        The month with the most contacts and its count.
    monthly_satisfied, monthly_cost_per_contact : tuple of float
        ``(lowest, highest)`` monthly value.
    """

    def __init__(self, channel: str, monthly: pd.DataFrame) -> None:
        self.channel = channel
        self.months = len(monthly)
        self.contacts = float(monthly["contacts"].sum())
        self.cost_dkk = float(monthly["cost_dkk"].sum())
        self.satisfied_share = float(monthly["satisfied"].sum() / monthly["contacts"].sum())
        self.cost_per_contact = self.cost_dkk / self.contacts
        busiest = monthly["contacts"].idxmax()
        self.busiest_month = str(busiest)
        self.busiest_contacts = float(monthly["contacts"].max())
        share = monthly["satisfied"] / monthly["contacts"]
        per_contact = monthly["cost_dkk"] / monthly["contacts"]
        self.monthly_satisfied = (float(share.min()), float(share.max()))
        self.monthly_cost_per_contact = (float(per_contact.min()), float(per_contact.max()))

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("The year at a glance, {channel}").format(
            channel=channel_label(self.channel).lower()
        )

    def summary(self) -> str:
        """One sentence with the overview's numbers."""
        return _(
            "{channel}: {contacts} contacts over {n} months, {share} of them satisfied, at "
            "{cost} per contact."
        ).format(
            channel=channel_label(self.channel),
            contacts=fmt_int(self.contacts),
            n=fmt_int(self.months),
            share=fmt_percent(self.satisfied_share, 1),
            cost=_fmt("cost_dkk", self.cost_per_contact),
        )

    def headline_cards(self) -> list[Card]:
        """Contacts, share satisfied and cost per contact (see the class docstring for why
        the range shown is the monthly range, not a confidence interval).

        Examples
        --------
        >>> from cocreate_kit.datasets import read_dataset
        >>> cards = overview(read_dataset("explorer_visits.csv")).headline_cards()
        >>> [c.value for c in cards]
        ['10,306', '74.5%', '81 DKK']
        """
        months = ngettext("{n} month", "{n} months", self.months).format(n=fmt_int(self.months))
        low, high = self.monthly_satisfied
        cost_low, cost_high = self.monthly_cost_per_contact
        return [
            Card(
                _("Contacts"),
                fmt_int(self.contacts),
                _("Busiest month: {month} ({n} contacts).").format(
                    month=fmt_month(self.busiest_month), n=fmt_int(self.busiest_contacts)
                ),
                n=months,
            ),
            Card(
                _("Share of satisfied users"),
                fmt_percent(self.satisfied_share, 1),
                _("Weighted by the number of contacts."),
                interval=_("Monthly range {low} to {high}").format(
                    low=fmt_percent(low, 1), high=fmt_percent(high, 1)
                ),
                n=_("{n} contacts").format(n=fmt_int(self.contacts)),
            ),
            Card(
                _("Cost per contact"),
                _fmt("cost_dkk", self.cost_per_contact),
                _("Total cost {cost} over {months}.").format(
                    cost=_fmt("cost_dkk", self.cost_dkk), months=months
                ),
                interval=_("Monthly range {low} to {high}").format(
                    low=_fmt("cost_dkk", cost_low), high=_fmt("cost_dkk", cost_high)
                ),
                n=_("{n} contacts").format(n=fmt_int(self.contacts)),
            ),
        ]

    def method_notes(self) -> list[str]:
        """How the overview's numbers were computed."""
        return [
            _(
                "Contacts and cost are sums over every month and channel shown; the share of "
                "satisfied users is the contact-weighted mean of the monthly shares; cost per "
                "contact is the total cost divided by the total contacts."
            ),
            _(
                "These are counts of every contact, not a sample, so there is no confidence "
                "interval; the range shown is the lowest and highest month."
            ),
        ]

    def chart(self) -> Any:
        """The overview has no chart of its own (the explorer's line chart shows months)."""
        raise NotImplementedError

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return []


def overview(data: pd.DataFrame, *, channel: str = ALL_CHANNELS) -> Overview:
    """The year at a glance for ``channel``: contacts, share satisfied, cost per contact.

    Examples
    --------
    >>> from cocreate_kit.datasets import read_dataset
    >>> ov = overview(read_dataset("explorer_visits.csv"))
    >>> ov.months, int(ov.contacts)
    (12, 10306)
    """
    df = _channel_rows(data, channel)
    rows = df.assign(satisfied=df["satisfied_share"] * df["contacts"])
    monthly = rows.groupby("month", sort=True)[["contacts", "cost_dkk", "satisfied"]].sum()
    return Overview(channel, monthly)


def _channel_rows(data: pd.DataFrame, channel: str) -> pd.DataFrame:
    """The rows of ``channel`` (all rows for :data:`ALL_CHANNELS`); an unknown channel is a
    ``ValueError`` listing the valid ones."""
    choices = channels(data)
    if channel not in choices:
        msg = _("Unknown channel {channel}; choose {all} or one of: {options}.").format(
            channel=repr(channel), all=repr(ALL_CHANNELS), options=", ".join(choices[1:])
        )
        raise ValueError(msg)
    return data if channel == ALL_CHANNELS else data[data["channel"] == channel]
