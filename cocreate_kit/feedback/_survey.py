"""Survey loading: validation, wide/long reshaping and redaction of free text on load.

:class:`Survey` is the validated survey every feedback analysis starts from. Its methods
give what an app or a user needs without touching raw data again: :meth:`Survey.groups`
(groups that may be shown, suppressed below ``k``), :meth:`Survey.in_group` and
:meth:`Survey.subset` (one group), :attr:`Survey.ids`, :meth:`Survey.metrics` and
:meth:`Survey.themes`. Metrics live in :mod:`._metrics`, breakdowns in :mod:`._segments`,
Likert in :mod:`._likert`, themes in :mod:`._text`; this module imports them, never the
other way round.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._result import Results
from ..privacy import redact, redaction_report, suppress_counts
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._compat import renamed
from ._metrics import nps, sus_scores, sus_summary
from ._scales import expectation, to_scale
from ._segments import NO_ANSWER, metrics_by_segment
from ._text import ThemeResult, themes

__all__ = ["A11_ITEMS", "Survey", "load_survey"]

#: OMB Circular A-11 section 280 customer-experience items (first version), 1-5 agreement.
A11_ITEMS = {
    "a11_satisfaction": "I am satisfied with the service I received.",
    "a11_confidence": "This interaction increased my confidence in the service.",
    "a11_effectiveness": "My need was addressed.",
    "a11_ease": "It was easy to complete what I needed to do.",
    "a11_efficiency": "It took a reasonable amount of time to do what I needed to do.",
    "a11_equity": "I was treated fairly.",
    "a11_employee": "Employees I interacted with were helpful.",
}


# --------------------------------------------------------------------------------------
# Survey loading
# --------------------------------------------------------------------------------------


@dataclass
class Survey:
    """A validated survey: numeric answers, segments, and REDACTED free text only.

    Attributes
    ----------
    data : DataFrame
        One row per respondent: the id, segment columns, numeric item columns (1..k,
        0-10 for NPS) and the redacted free-text columns. The raw text never stays here.
    respondent : str
        The person id column (the kit calls the person column ``respondent`` in feedback
        and ``participant`` in experiment and journey): one row per respondent, ids unique.
    segments : list of str
        The columns respondents can be grouped ``by`` (role, area, ...).
    likert, sus, umux, a11, text : list of str
    nps, csat : str or None
    source : str or None
    redaction : DataFrame
        :func:`cocreate_kit.privacy.redaction_report` of the free text (counts only).
    names : tuple of str
        The participant deny-list the text was redacted with. It is kept (out of the
        ``repr``) so that later analyses of this survey, such as :meth:`themes` and the
        feedback app's themes view, keep every word of those names out of theme labels.
    """

    data: pd.DataFrame
    respondent: str
    segments: list[str] = field(default_factory=list)
    likert: list[str] = field(default_factory=list)
    sus: list[str] = field(default_factory=list)
    nps: str | None = None
    umux: list[str] = field(default_factory=list)
    a11: list[str] = field(default_factory=list)
    csat: str | None = None
    text: list[str] = field(default_factory=list)
    source: str | None = None
    redaction: pd.DataFrame | None = None
    labels: dict[str, str] = field(default_factory=dict)
    names: tuple[str, ...] = field(default=(), repr=False)

    @property
    def n(self) -> int:
        """Number of respondents."""
        return len(self.data)

    def likert_items(self) -> list[str]:
        """All 1-5 agreement items (Likert plus A-11)."""
        return [*self.likert, *self.a11]

    @property
    def ids(self) -> pd.Series:
        """The respondent ids (the :attr:`respondent` column), one per row of :attr:`data`."""
        return self.data[self.respondent]

    def subset(self, mask: pd.Series | np.ndarray) -> Survey:
        """The same survey restricted to some respondents (e.g. one group).

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
        >>> s.subset(s.in_group("role", "user")).n
        379
        """
        return replace(self, data=self.data.loc[np.asarray(mask, dtype=bool)].copy())

    def in_group(self, by: str | None, value: Any = None) -> pd.Series:
        """Boolean mask (index of :attr:`data`) of the respondents whose ``by`` column is
        ``value``; everyone when ``by`` is None or empty. A missing answer is the group
        ``"(no answer)"``, as in every breakdown.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
        >>> int(s.in_group("role", "relative").sum()), int(s.in_group(None).sum())
        (221, 600)
        """
        if not by:
            return pd.Series(True, index=self.data.index)
        if by not in self.data.columns:
            msg = f"Unknown grouping column {by!r}; the survey's segments are {self.segments}."
            raise ValueError(msg)
        return self.data[by].fillna(NO_ANSWER).astype(str) == str(value)

    def groups(self, *, k: int = DEFAULT_K) -> pd.DataFrame:
        """The groups that may be shown on their own: one row per segment column and value
        with at least ``k`` respondents, after secondary suppression within each column
        (when exactly one value would be hidden, the next smallest is hidden too, so "all
        respondents" minus the shown groups never reveals a hidden one).

        Returns
        -------
        DataFrame
            ``by`` (the segment column), ``value`` and ``n``, in column order then value
            order; hidden groups are left out.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> g = load_survey(dataset_path("feedback/homecare_survey.csv")).groups()
        >>> "Ø-distriktet" in set(g["value"]), list(g.columns)
        (False, ['by', 'value', 'n'])
        """
        parts = []
        for col in self.segments:
            vc = self.data[col].fillna(NO_ANSWER).astype(str).value_counts().sort_index()
            t = pd.DataFrame({"by": col, "value": vc.index, "n": vc.to_numpy()})
            t = suppress_counts(t, "n", k=k)
            parts.append(t.loc[~t["suppressed"], ["by", "value", "n"]])
        if not parts:
            return pd.DataFrame(columns=["by", "value", "n"])
        out = pd.concat(parts, ignore_index=True)
        return out.astype({"n": int})

    def themes(
        self,
        *,
        by: str | None = None,
        k: int = DEFAULT_K,
        segment: str | None = None,
        **kwargs: Any,
    ) -> ThemeResult | None:
        """:func:`~cocreate_kit.feedback.themes` of the first free-text column, grouped
        ``by`` a segment column (default: the first segment column), or None without free
        text.

        The survey's deny-list (:attr:`names`) is passed on unless ``names=`` is given.
        ``segment=`` is the deprecated name of ``by=``.
        """
        by = renamed(by, segment, old="segment", new="by", where="Survey.themes")
        if not self.text:
            return None
        seg = by or (self.segments[0] if self.segments else None)
        kwargs.setdefault("names", self.names)
        return themes(self.data[self.text[0]], by=self.data[seg] if seg else None, k=k, **kwargs)

    def metrics(
        self,
        *,
        k: int = DEFAULT_K,
        by: Sequence[str] | None = None,
        level: float = DEFAULT_LEVEL,
        segments: Sequence[str] | None = None,
    ) -> Results:
        """SUS and NPS for everyone, then the metrics by each grouping column (groups
        under ``k`` suppressed; see :func:`~cocreate_kit.feedback.metrics_by_segment`).

        ``by`` names the segment columns to break down by (default: all of them);
        ``segments=`` is its deprecated name. Intervals are at ``level``.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
        >>> len(s.metrics())  # SUS, NPS and one table per segment column
        6
        >>> len(s.metrics(by=["role"]))
        3
        """
        by = renamed(by, segments, old="segments", new="by", where="Survey.metrics")
        items: list[Any] = []
        if self.sus:
            items.append(sus_summary(sus_scores(self.data, self.sus), level=level))
        if self.nps:
            items.append(nps(self.data[self.nps], level=level))
        cols = self.segments if by is None else by
        items.extend(metrics_by_segment(self, col, k=k, level=level) for col in cols)
        return Results(items)

    def describe(self) -> str:
        """A short multi-line description of what was found (used by the CLI)."""
        lines = [f"{self.n} respondents (id column {self.respondent!r})."]
        if self.segments:
            parts = [f"{s} ({self.data[s].nunique()} groups)" for s in self.segments]
            lines.append("Segments: " + ", ".join(parts) + ".")
        for label, cols in (
            ("Likert items", self.likert),
            ("SUS items", self.sus),
            ("UMUX-Lite items", self.umux),
            ("A-11 items", self.a11),
            ("Free-text columns (redacted on load)", self.text),
        ):
            if cols:
                lines.append(f"{label}: {', '.join(cols)}.")
        if self.nps:
            lines.append(f"NPS column: {self.nps}.")
        if self.csat:
            lines.append(f"CSAT column: {self.csat}.")
        if self.redaction is not None and self.redaction["replacements"].sum():
            r = self.redaction[self.redaction["replacements"] > 0]
            lines.append(
                "Redacted personal data: "
                + ", ".join(
                    f"{int(n)} {t}" for t, n in zip(r["type"], r["replacements"], strict=True)
                )
                + "."
            )
        return "\n".join(lines)


_PREFIXES = {"sus": r"sus_?(\d+)$", "umux": r"umux_?(\d+)$"}


def _auto(cols: list[str], pattern: str) -> list[str]:
    found = [(int(m.group(1)), c) for c in cols if (m := re.match(pattern, c, re.I))]
    return [c for _, c in sorted(found)]


def load_survey(
    source: str | Path | pd.DataFrame,
    *,
    respondent: str | None = None,
    segments: Sequence[str] | None = None,
    likert: Sequence[str] | None = None,
    sus: Sequence[str] | None = None,
    nps: str | None = None,
    umux: Sequence[str] | None = None,
    a11: Sequence[str] | None = None,
    csat: str | None = None,
    text: Sequence[str] | None = None,
    layout: str = "wide",
    item: str = "item",
    value: str = "value",
    names: Sequence[str] = (),
    salt: str | bytes | None = None,
    labels: dict[str, str] | None = None,
) -> Survey:
    """Load and validate a survey, wide or long, redacting free text on the way in.

    Column roles not given are found by name: ``sus_1``..``sus_10``, ``umux_1``/``umux_2``,
    ``nps``, ``csat``, ``a11_*``, ``likert_*`` (or ``q_*``), free text ``comment*`` /
    ``text*`` / ``kommentar*``, segments ``segment*`` / ``seg_*`` plus ``role``,
    ``age_group``, ``area``, ``channel``, ``municipality``; the id is ``respondent_id``,
    ``respondent`` or ``id``.

    Parameters
    ----------
    source : path or DataFrame
        A CSV / xlsx / JSON file (read with :func:`cocreate_kit.io.read_table`) or a frame.
    layout : {"wide", "long"}
        Long data has one row per respondent x item with columns ``item`` and ``value``;
        segment and text columns are taken from each respondent's first row.
    names, salt
        Passed to :func:`cocreate_kit.privacy.redact` for every free-text column. The raw
        text is replaced in the returned data; it is never kept.
    labels : dict, optional
        Column -> question wording shown in charts.

    Raises
    ------
    DataError
        Listing every problem: missing columns, answers outside their scale (Likert labels
        not on the Danish/English 5-point scales, SUS not 1-5, NPS not 0-10, UMUX not 1-7),
        duplicate respondent ids.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    >>> s.n, len(s.sus), s.nps
    (600, 10, 'nps')
    """
    from ..io import read_table

    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.attrs = dict(source.attrs)
    else:
        df = read_table(source)
    file = df.attrs.get("source")
    pc = ProblemCollector(file, row_offset=int(df.attrs.get("row_offset", 0)))
    cols = [str(c) for c in df.columns]
    if respondent is None:
        respondent = next((c for c in ("respondent_id", "respondent", "id") if c in cols), None)
    if respondent is None or respondent not in cols:
        pc.add(
            row=1,
            column=respondent or "respondent_id",
            value=None,
            expected="a respondent id column (respondent_id, respondent or id); "
            f"the file has: {', '.join(cols[:15])}",
        )
        pc.raise_if_any()
    if layout == "long":
        df = _long_to_wide(df, respondent, item, value, pc)
        cols = [str(c) for c in df.columns]
    elif layout != "wide":
        msg = f"layout must be 'wide' or 'long', got {layout!r}."
        raise ValueError(msg)
    low = {c: c.lower() for c in cols}
    sus = list(sus) if sus is not None else _auto(cols, _PREFIXES["sus"])
    umux = list(umux) if umux is not None else _auto(cols, _PREFIXES["umux"])
    a11 = list(a11) if a11 is not None else [c for c in cols if low[c].startswith("a11_")]
    likert = (
        list(likert)
        if likert is not None
        else [c for c in cols if low[c].startswith(("likert_", "q_"))]
    )
    if nps is None:
        nps = next((c for c in cols if low[c] == "nps"), None)
    if csat is None:
        csat = next((c for c in cols if low[c] == "csat"), None)
    text = (
        list(text)
        if text is not None
        else [c for c in cols if low[c].startswith(("comment", "text", "kommentar", "fritekst"))]
    )
    if segments is None:
        named = ("role", "age_group", "area", "channel", "municipality", "rolle", "kommune")
        segments = [c for c in cols if low[c].startswith(("segment", "seg_")) or low[c] in named]
    segments = list(segments)
    for c in [*segments, *likert, *sus, *umux, *a11, *text, nps, csat]:
        if c is not None and c not in cols:
            pc.add(
                row=1 if "row_offset" in df.attrs else None,
                column=c,
                value=None,
                expected=f"a column named {c!r}; the file has: {', '.join(cols[:15])}",
            )
    if sus and len(sus) != 10:
        pc.add(
            column=", ".join(sus),
            value=f"{len(sus)} SUS columns",
            expected="all 10 SUS items sus_1 ... sus_10",
        )
    if len(umux) not in (0, 2):
        pc.add(
            column=", ".join(umux),
            value=f"{len(umux)} UMUX-Lite columns",
            expected="the 2 UMUX-Lite items umux_1 and umux_2",
        )
    pc.raise_if_any()
    out = df.copy()
    ids = df[respondent]
    dup = ids.duplicated(keep="first") & ids.notna()
    for pos in np.flatnonzero(dup.to_numpy()):
        pc.add_position(
            pos,
            column=respondent,
            value=ids.iloc[pos],
            expected="a respondent id not used in an earlier row",
        )
    for pos in np.flatnonzero(ids.isna().to_numpy()):
        pc.add_position(pos, column=respondent, value=None, expected="a respondent id")

    def scale(c: str, lo: int, hi: int, lab: bool) -> None:
        v, bad = to_scale(df[c], lo, hi, labels=lab)
        for pos in np.flatnonzero(bad.to_numpy())[:20]:
            pc.add_position(pos, column=c, value=df[c].iloc[pos], expected=expectation(lo, hi, lab))
        out[c] = v

    for c in [*likert, *a11]:
        scale(c, 1, 5, True)
    for c in sus:
        scale(c, 1, 5, False)
    for c in umux:
        scale(c, 1, 7, False)
    if nps:
        scale(nps, 0, 10, False)
    if csat:
        scale(csat, 1, 5, True)
    for c in segments:
        out[c] = df[c].where(df[c].isna(), df[c].astype(str).str.strip())
    pc.raise_if_any()
    reports = []
    for c in text:
        raw = df[c].where(df[c].isna(), df[c].astype(str))
        reports.append(redaction_report(raw, names=names, salt=salt))
        out[c] = redact(raw, names=names, salt=salt)
    rep = None
    if reports:
        rep = reports[0].copy()
        for r in reports[1:]:
            rep[["replacements", "texts"]] += r[["replacements", "texts"]].to_numpy()
    keep = [
        respondent,
        *segments,
        *likert,
        *a11,
        *sus,
        *umux,
        *([nps] if nps else []),
        *([csat] if csat else []),
        *text,
    ]
    out = out[list(dict.fromkeys(keep))].reset_index(drop=True)
    out.attrs = {"source": file}
    lab = {**A11_ITEMS, **(labels or {})}
    return Survey(
        out,
        respondent,
        segments,
        likert,
        sus,
        nps,
        umux,
        a11,
        csat,
        text,
        file,
        rep,
        {c: lab.get(c, c) for c in [*likert, *a11]},
        tuple(str(n) for n in ([names] if isinstance(names, str) else names)),
    )


def _long_to_wide(
    df: pd.DataFrame, respondent: str, item: str, value: str, pc: ProblemCollector
) -> pd.DataFrame:
    for c in (item, value):
        if c not in df.columns:
            pc.add(
                row=1,
                column=c,
                value=None,
                expected=f"a column {c!r} in long layout (one row per respondent x item)",
            )
    pc.raise_if_any()
    dup = df.duplicated([respondent, item], keep="first")
    for pos in np.flatnonzero(dup.to_numpy()):
        pc.add_position(
            pos,
            column=item,
            value=df[item].iloc[pos],
            expected="one row per respondent and item (this pair is repeated)",
        )
    pc.raise_if_any()
    wide = df.pivot(index=respondent, columns=item, values=value)
    wide.columns = [str(c) for c in wide.columns]
    other = [c for c in df.columns if c not in (item, value, respondent)]
    first = df.groupby(respondent, sort=False)[other].first() if other else None
    out = wide if first is None else first.join(wide)
    out = out.reset_index()
    out.attrs = {"source": df.attrs.get("source")}
    return out
