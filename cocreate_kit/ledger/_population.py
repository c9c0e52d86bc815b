"""Population tables for representativeness: Statistics Denmark StatBank CSV or plain shares.

:func:`read_population` gives a :class:`Population`: one tidy table ``dimension, category,
share, count`` per dimension (``age_band``, ``sex``, ``area``, ...), the marginal shares a
group of participants is compared with.

Decisions, for experts who need to know:

* **Two formats.** (a) A StatBank CSV as FOLK1A exports it: ``;``-separated, a header such
  as ``OMRÅDE;KØN;ALDER;TID;INDHOLD`` (one column per variable, ``TID`` the period,
  ``INDHOLD`` the count). (b) A plain ``dimension,category,share`` CSV (an optional
  ``count`` column is kept; a file with ``count`` but no ``share`` gets shares from the
  counts). The format is decided by the header: an ``INDHOLD`` column means StatBank.
* **Encodings** are the kit's (:mod:`cocreate_kit.io`): UTF-8 with or without BOM, else
  cp1252, which reads latin-1 Danish letters (æ, ø, å) identically.
* **StatBank symbols.** ``..`` (confidential) and ``.`` (not available) are *missing*: the
  cell is left out of every sum and listed in a warning, never read as 0; ``-`` (nil) is 0.
  A dimension with a missing cell therefore has slightly low counts for its categories.
* **Variables.** ``OMRÅDE``/``REGION`` -> ``area`` (labels kept as they are),
  ``KØN``/``SEX`` -> ``sex`` (``Mænd``/``Men`` -> ``male``, ``Kvinder``/``Women`` ->
  ``female``), ``ALDER``/``AGE`` -> ``age_band``; any other variable keeps its name in
  lower case. ``TID``/``TIME`` is the period: the latest one is used unless ``period=`` names
  another (``2025K1`` quarters, ``2025M01`` months and ``2025`` years sort correctly).
  Past parsing, only the rows of that period are read and checked, so a long history
  costs little (``benchmarks/participation_read.py``).
* **Totals** (``I alt``, ``Alder i alt``, ``Alle aldre``, ``Hele landet``, ``Total``,
  ``Both sexes``) are dropped from a variable that also has other categories, so every
  remaining row is one cell of the full cross-classification and each dimension's counts
  are sums over the others. A variable with totals only (``Hele landet`` as the sole area)
  is no dimension.
* **Ages.** Single years (``18 år``, ``100 år+``, ``100 år og derover``, ``18 years``) and
  age groups (``18-19 år``) are summed into ``bands`` (default the ledger sample's
  ``18-29, 30-49, 50-64, 65-79, 80+``). Ages outside every band (children, for adult bands)
  are left out of the population and said so in a warning; a group that straddles two bands
  (``25-34 år`` for ``18-29``/``30-49``) is an error, as its people cannot be divided.
* **One level per variable.** Rows are summed as given, so a file mixing regions and the
  municipalities inside them would count people twice: select one level in StatBank.
  Overlapping age labels (``18 år`` next to ``18-19 år``) are refused for the same reason.
* **Plain shares** must be numbers of 0 or more summing to 1 within 1e-6 per dimension (a
  dimension summing to 100 gets one problem with the hint that these are percentages).

Every problem in the file is reported at once in one :class:`~cocreate_kit.DataError` with
file, row, column, value and what was expected.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import DataError, ProblemCollector
from .._result import Result
from ..i18n import _, fmt_int, fmt_percent
from ..io import parse_number, read_table
from ._labels import label
from ._statbank import _SEX, _VALUE, _read_statbank, _row, _text

__all__ = ["DEFAULT_BANDS", "Population", "read_population"]

#: The age bands of the ledger sample's participants (the default ``bands=``).
DEFAULT_BANDS = ("18-29", "30-49", "50-64", "65-79", "80+")
#: Tolerance on a dimension's shares summing to 1.
SHARE_TOLERANCE = 1e-6


class Population(Result):
    """Population shares per dimension, to compare participants with.

    Attributes
    ----------
    table : DataFrame
        ``dimension, category, share, count``: one row per category, shares summing to 1
        within each dimension; ``count`` is missing for a shares-only file.
    source : str or None
        File name (None for a DataFrame without one).
    format : str
        ``"statbank"`` or ``"shares"``.
    period : str or None
        The StatBank period used (``TID``), None for plain shares.
    periods : list of str
        Every period in the StatBank file, oldest first.
    bands : tuple of str or None
        The age bands StatBank ages were summed into.
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Population")

    def __init__(
        self,
        table: pd.DataFrame,
        *,
        source: str | None,
        format: str,
        period: str | None = None,
        periods: Sequence[str] = (),
        bands: Sequence[str] | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        self.table = table.reset_index(drop=True)
        self.source = source
        self.format = format
        self.period = period
        self.periods = list(periods)
        self.bands = tuple(bands) if bands is not None else None
        self._warnings = list(warnings)

    @property
    def dimensions(self) -> list[str]:
        """The dimensions, in table order."""
        return list(dict.fromkeys(self.table["dimension"]))

    def shares(self, dimension: str) -> pd.Series:
        """The shares of one dimension, indexed by category.

        Examples
        --------
        >>> pop = read_population(pd.DataFrame({"dimension": ["sex", "sex"],
        ...     "category": ["female", "male"], "share": [0.52, 0.48]}))
        >>> pop.shares("sex").to_dict()
        {'female': 0.52, 'male': 0.48}
        """
        if dimension not in self.dimensions:
            msg = _("The population has no dimension {dimension}; it has: {names}.").format(
                dimension=repr(dimension), names=", ".join(self.dimensions) or _("(none)")
            )
            raise KeyError(msg)
        part = self.table[self.table["dimension"] == dimension]
        return pd.Series(part["share"].to_numpy(), index=part["category"].tolist(), name="share")

    def summary(self) -> str:
        where = " " + _("from {source}").format(source=self.source) if self.source else ""
        when = ", " + _("period {period}").format(period=self.period) if self.period else ""
        counts = self.table.groupby("dimension", sort=False)["count"].sum(min_count=1)
        total = counts.dropna()
        size = " " + _("of {n} people").format(n=fmt_int(total.iloc[0])) if len(total) else ""
        dims = "; ".join(
            _("{dimension}: {n} categories, largest {category} ({share})").format(
                dimension=label(d),
                n=len(self.shares(d)),
                category=_(str(self.shares(d).idxmax())),
                share=fmt_percent(self.shares(d).max()),
            )
            for d in self.dimensions
        )
        return _("Population{size}{where}{when} ({format}). {dimensions}.").format(
            size=size, where=where, when=when, format=self.format, dimensions=dims
        )

    def chart(self) -> Any:
        """Population share of each category, one panel per dimension."""
        import altair as alt

        from ..charts import PALETTE, figure

        df = self.table.assign(percent=(self.table["share"] * 100).round(1))
        bars = (
            alt.Chart(df)
            .mark_bar(color=PALETTE[0])
            .encode(
                y=alt.Y("category:N", title=None, sort=None),
                x=alt.X(
                    "percent:Q",
                    title=_("Share of the population (%)"),
                    axis=alt.Axis(format=",.0f"),
                ),
                tooltip=[
                    alt.Tooltip("dimension:N", title=_("Dimension")),
                    alt.Tooltip("category:N", title=_("Category")),
                    alt.Tooltip("percent:Q", title=_("Share (%)"), format=",.1f"),
                ],
            )
            .properties(width=320)
            .facet(row=alt.Row("dimension:N", title=None, sort=self.dimensions))
            .resolve_scale(y="independent")
        )
        big = self.table.loc[self.table["share"].idxmax()]
        desc = _(
            "Shares of the population in {n} dimensions; the largest category is {category} "
            "({dimension}, {share})."
        ).format(
            n=len(self.dimensions),
            category=_(str(big["category"])),
            dimension=label(big["dimension"]),
            share=fmt_percent(big["share"]),
        )
        return figure(bars, title=_("Population shares"), description=desc, table=df)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(_("Population shares"), self.table)]


def _read_shares(frame: pd.DataFrame, pc: ProblemCollector) -> pd.DataFrame:
    """Checked ``dimension, category, share, count`` from a plain shares table."""
    cols = {str(c).strip().lower(): c for c in frame.columns}
    has_share, has_count = "share" in cols, "count" in cols
    rows = []
    seen: dict[tuple[str, str], int] = {}
    for pos in range(len(frame)):
        dim = _text(frame[cols["dimension"]].iloc[pos])
        cat = _text(frame[cols["category"]].iloc[pos])
        row = _row(frame, pos)
        if not dim:
            pc.add(
                row=row,
                column=str(cols["dimension"]),
                value="",
                expected=_("a dimension name such as age_band, sex or area"),
            )
        if not cat:
            pc.add(row=row, column=str(cols["category"]), value="", expected=_("a category"))
        if dim == "sex":
            cat = _SEX.get(cat.lower(), cat)
        nums = {}
        for what in ("share", "count"):
            if what not in cols:
                nums[what] = math.nan
                continue
            raw = frame[cols[what]].iloc[pos]
            num = parse_number(raw, frame.attrs.get("decimal", ".")) if _text(raw) else None
            # a share over 1 is left to the sum check, which recognises percentages
            if num is None or not 0 <= num < math.inf:
                if what == "share" or _text(raw):
                    pc.add(
                        row=row,
                        column=str(cols[what]),
                        value=_text(raw),
                        expected=_("a share from 0 to 1")
                        if what == "share"
                        else _("a count of 0 or more"),
                    )
                num = math.nan
            nums[what] = num
        if (dim, cat) in seen and dim and cat:
            pc.add(
                row=row,
                column=str(cols["category"]),
                value=cat,
                expected=_(
                    "each category once per dimension ({dimension} has it in row {row})"
                ).format(dimension=repr(dim), row=seen[(dim, cat)]),
            )
        seen[(dim, cat)] = row
        rows.append((dim, cat, nums["share"], nums["count"]))
    table = pd.DataFrame(rows, columns=["dimension", "category", "share", "count"])
    if pc:
        return table
    if not has_share and has_count:
        sums = table.groupby("dimension", sort=False)["count"].transform("sum")
        table["share"] = table["count"] / sums
    for dim, part in table.groupby("dimension", sort=False):
        total = float(part["share"].sum())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            hint = (
                "; " + _("these look like percentages: divide by 100")
                if abs(total - 100) < 1
                else ""
            )
            pc.add(
                column=str(cols.get("share", "share")),
                value=round(total, 9),
                expected=_(
                    "shares of dimension {dimension} summing to 1 (within {tolerance})"
                ).format(dimension=repr(dim), tolerance=f"{SHARE_TOLERANCE:g}")
                + hint,
            )
    return table


def read_population(
    path_or_frame: str | Path | pd.DataFrame,
    *,
    period: str | None = None,
    bands: Sequence[str] = DEFAULT_BANDS,
) -> Population:
    """Read population shares from a StatBank CSV (e.g. FOLK1A) or a plain shares CSV.

    Parameters
    ----------
    path_or_frame : str, Path or DataFrame
        A ``;``-separated StatBank export with an ``INDHOLD`` column (``OMRÅDE;KØN;ALDER;
        TID;INDHOLD``), or a ``dimension,category,share`` table; CSV, .xlsx or JSON, or a
        DataFrame of either shape. The file is never modified.
    period : str, optional
        The StatBank period (``TID``) to use, e.g. ``"2025K1"``; default the latest.
    bands : sequence of str
        Age bands (``"18-29"``, ``"80+"``) StatBank ages are summed into; increasing, not
        overlapping. Default :data:`DEFAULT_BANDS`.

    Returns
    -------
    Population

    Raises
    ------
    DataError
        Every problem at once (file, row, column, value, expected): unknown format, labels
        that are neither categories nor totals, counts that are not numbers, age groups
        straddling two bands, duplicate cells, shares not summing to 1, an unknown period.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> pop = read_population(dataset_path("ledger/population.csv"))
    >>> pop.format, pop.period, pop.dimensions
    ('statbank', '2026K1', ['area', 'sex', 'age_band'])
    >>> round(float(pop.shares("sex").sum()), 9)
    1.0
    """
    if isinstance(path_or_frame, pd.DataFrame):
        frame = path_or_frame
        source = frame.attrs.get("source")
    else:
        frame = read_table(path_or_frame)
        source = frame.attrs.get("source", Path(str(path_or_frame)).name)
    pc = ProblemCollector(source)
    lower = {str(c).strip().lower() for c in frame.columns}
    if _VALUE in lower:
        table, used, periods, warnings = _read_statbank(frame, pc, period=period, bands=bands)
        pc.raise_if_any()
        return Population(
            table,
            source=source,
            format="statbank",
            period=used,
            periods=periods,
            bands=bands,
            warnings=warnings,
        )
    if {"dimension", "category"} <= lower and lower & {"share", "count"}:
        table = _read_shares(frame, pc)
        pc.raise_if_any()
        return Population(table, source=source, format="shares")
    pc.add(
        row=1,
        value=", ".join(map(str, frame.columns))[:200],
        expected=_(
            "a StatBank table with an INDHOLD column (such as OMRÅDE;KØN;ALDER;TID;INDHOLD) or "
            "a table with columns dimension, category, share"
        ),
    )
    pc.raise_if_any()
    raise DataError(pc.problems, file=source)  # pragma: no cover - raise_if_any raised
