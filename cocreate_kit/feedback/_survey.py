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

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._result import Results
from ..i18n import N_, _, fmt_int, ngettext
from ..privacy import redact, redaction_report, suppress_counts
from ..roles import Roles, merge_mapping
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._cards import NOTES_ON_PAGE
from ._compat import renamed
from ._exports import read_export
from ._labels import accepted_sets, read_answers
from ._metrics import nps, sus_scores, sus_summary
from ._overview import SurveyOverview, overview
from ._roles import assign_roles
from ._scales import expectation
from ._segments import NO_ANSWER, metrics_by_segment
from ._text import ThemeResult, themes

__all__ = ["A11_ITEMS", "Survey", "load_survey"]

#: OMB Circular A-11 section 280 customer-experience items (first version), 1-5 agreement.
A11_ITEMS = {
    "a11_satisfaction": N_("I am satisfied with the service I received."),
    "a11_confidence": N_("This interaction increased my confidence in the service."),
    "a11_effectiveness": N_("My need was addressed."),
    "a11_ease": N_("It was easy to complete what I needed to do."),
    "a11_efficiency": N_("It took a reasonable amount of time to do what I needed to do."),
    "a11_equity": N_("I was treated fairly."),
    "a11_employee": N_("Employees I interacted with were helpful."),
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
    roles : Roles or None
        The role of every column of the file and why, with the notes (the detected survey
        tool, the identifying columns dropped, "numbered by row"); see
        :func:`~cocreate_kit.feedback.infer_roles`.
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
    roles: Roles | None = field(default=None, repr=False)

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
            msg = _("Unknown grouping column {by}; the survey's segments are {segments}.").format(
                by=repr(by), segments=self.segments
            )
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
        notes: bool = True,
    ) -> Results:
        """SUS and NPS for everyone, then the metrics by each grouping column (groups
        under ``k`` suppressed; see :func:`~cocreate_kit.feedback.metrics_by_segment`).

        ``by`` names the segment columns to break down by (default: all of them);
        ``segments=`` is its deprecated name. Intervals are at ``level``. With
        ``notes=False`` the results leave out their method notes, for a page that shows
        them once at its end (the app shows :meth:`overview`'s notes there, which cover
        SUS, NPS, satisfaction and the suppression rule), so the same "How this was
        computed" is not shown twice in a row.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
        >>> len(s.metrics())  # SUS, NPS and one table per segment column
        6
        >>> len(s.metrics(by=["role"]))
        3
        >>> [r.method_notes() for r in s.metrics(by=["role"], notes=False)]
        [[], [], []]
        """
        by = renamed(by, segments, old="segments", new="by", where="Survey.metrics")
        items: list[Any] = []
        if self.sus:
            items.append(sus_summary(sus_scores(self.data, self.sus), level=level))
        if self.nps:
            items.append(nps(self.data[self.nps], level=level))
        cols = self.segments if by is None else by
        items.extend(metrics_by_segment(self, col, k=k, level=level) for col in cols)
        if not notes:
            items = [item._replace(**{NOTES_ON_PAGE: True}) for item in items]
        return Results(items)

    def overview(self, *, k: int = DEFAULT_K, level: float = DEFAULT_LEVEL) -> SurveyOverview:
        """The whole survey at a glance: headline cards for mean SUS, NPS, share satisfied
        and respondents (:func:`~cocreate_kit.feedback.overview`; none under ``k``).

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
        >>> len(s.overview().headline_cards()), len(s.overview(k=601).headline_cards())
        (4, 0)
        """
        return overview(self, k=k, level=level)

    def headline(self) -> str:
        """One line for the top of a report: respondents and grouping columns, in the
        current language.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> load_survey(dataset_path("feedback/homecare_survey.csv")).headline()
        '600 respondents; 4 ways to group them.'
        """
        return ngettext(
            "{n} respondents; {ways} way to group them.",
            "{n} respondents; {ways} ways to group them.",
            len(self.segments),
        ).format(n=fmt_int(self.n), ways=fmt_int(len(self.segments)))

    def describe(self) -> str:
        """A short multi-line description of what was found (used by the CLI)."""
        lines = [
            _("{n} respondents (id column {column}).").format(
                n=fmt_int(self.n), column=repr(self.respondent)
            )
        ]
        if self.segments:
            parts = [
                _("{column} ({n} groups)").format(column=s, n=fmt_int(self.data[s].nunique()))
                for s in self.segments
            ]
            lines.append(_("Segments: {list}.").format(list=", ".join(parts)))
        for label, cols in (
            (N_("Likert items"), self.likert),
            (N_("SUS items"), self.sus),
            (N_("UMUX-Lite items"), self.umux),
            (N_("A-11 items"), self.a11),
            (N_("Free-text columns (redacted on load)"), self.text),
            (N_("NPS column"), [self.nps] if self.nps else []),
            (N_("CSAT column"), [self.csat] if self.csat else []),
        ):
            if cols:
                lines.append(f"{_(label)}: {', '.join(cols)}.")
        if self.redaction is not None and self.redaction["replacements"].sum():
            r = self.redaction[self.redaction["replacements"] > 0]
            counts = ", ".join(
                f"{fmt_int(n)} {t}" for t, n in zip(r["type"], r["replacements"], strict=True)
            )
            lines.append(_("Redacted personal data: {counts}.").format(counts=counts))
        return "\n".join(lines)


def _legacy_mapping(
    respondent: str | None,
    segments: Sequence[str] | None,
    likert: Sequence[str] | None,
    sus: Sequence[str] | None,
    nps: str | None,
    umux: Sequence[str] | None,
    a11: Sequence[str] | None,
    csat: str | None,
    text: Sequence[str] | None,
) -> dict[str, Any]:
    """The keyword arguments of :func:`load_survey` as a ``columns=`` mapping."""
    given = {
        "respondent": respondent,
        "segments": segments,
        "likert": likert,
        "sus_items": sus,
        "nps": nps,
        "umux_lite": umux,
        "a11": a11,
        "csat": csat,
        "text": text,
    }
    return {
        k: (list(v) if not isinstance(v, str) else v) for k, v in given.items() if v is not None
    }


def load_survey(
    source: str | Path | pd.DataFrame,
    *,
    columns: dict[str, Any] | None = None,
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
    """Load and validate a survey export, wide or long, redacting free text on the way in.

    The survey tool is recognised by the file's shape (Qualtrics, Google Forms, Microsoft
    Forms, SurveyXact, LimeSurvey; see :func:`~cocreate_kit.feedback.infer_roles`), its
    extra header rows are removed and identifying metadata (IP address, location, e-mail,
    name ...) is dropped. Every column gets a role, inferred (by name, by the wording of
    SUS/UMUX-Lite/NPS/CSAT questions in English and Danish, by its values) or given in
    ``columns=``; :attr:`Survey.roles` says which, and why. Without an id column,
    respondents are numbered by row in a column ``respondent``.

    Parameters
    ----------
    source : path or DataFrame
        A CSV / xlsx / JSON file (read with :func:`cocreate_kit.io.read_table`) or a frame.
    columns : dict, optional
        Roles to set: ``{"respondent": ..., "segments": [...], "likert": [...],
        "sus_items": {column: k} or "<first of ten columns>", "nps": ..., "umux_lite":
        [...], "a11": [...], "csat": ..., "text": [...], "ignore": [...]}``. A list role
        given is the whole list. The keyword arguments ``respondent=`` ... ``text=`` are the
        older spelling of the same roles and win over ``columns=``.
    layout : {"wide", "long"}
        Long data has one row per respondent x item with columns ``item`` and ``value``;
        segment and text columns are taken from each respondent's first row.
    names, salt
        Passed to :func:`cocreate_kit.privacy.redact` for every free-text column. The raw
        text is replaced in the returned data; it is never kept.
    labels : dict, optional
        Column -> question wording shown in charts (default: the tool's question text).

    Raises
    ------
    DataError
        Listing every problem: unknown roles or columns in ``columns=``, answers outside
        their scale (every cell with an unknown label, and the accepted label sets: see
        :mod:`._labels`; SUS 1-5, NPS 0-10, UMUX-Lite 1-7), duplicate respondent ids.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    >>> s.n, len(s.sus), s.nps
    (600, 10, 'nps')
    >>> s.roles.notes[0]
    'CSV file (no survey tool recognised).'
    """
    export = read_export(source)
    file = export.source
    if layout == "long":
        rid = respondent or next(
            (c for c in ("respondent_id", "respondent", "id") if c in export.data.columns),
            "respondent_id",
        )
        pc = ProblemCollector(file, row_offset=export.row_offset)
        if rid not in export.data.columns:
            pc.add(row=1, column=rid, value=None, expected=_("a respondent id column"))
        pc.raise_if_any()
        wide = _long_to_wide(export.data, rid, item, value, pc)
        wide.attrs = {"source": file, "row_offset": export.row_offset}
        cols = [*wide.columns, *export.dropped]
        export = replace(export, data=wide, columns=cols, held={})
    elif layout != "wide":
        msg = f"layout must be 'wide' or 'long', got {layout!r}."
        raise ValueError(msg)
    legacy = _legacy_mapping(respondent, segments, likert, sus, nps, umux, a11, csat, text)
    roles, plan = assign_roles(export, merge_mapping(columns, legacy))
    df = export.data
    pc = ProblemCollector(file, row_offset=export.row_offset)
    if plan.sus and len(plan.sus) != 10:
        pc.add(
            column=", ".join(plan.sus),
            value=_("{n} SUS columns").format(n=len(plan.sus)),
            expected=_("all 10 SUS items sus_1 ... sus_10"),
        )
    if len(plan.umux) not in (0, 2):
        pc.add(
            column=", ".join(plan.umux),
            value=_("{n} UMUX-Lite columns").format(n=len(plan.umux)),
            expected=_("the 2 UMUX-Lite items umux_1 and umux_2"),
        )
    pc.raise_if_any()
    out = df.copy()
    rid = plan.respondent
    if rid is None:
        rid = "respondent" if "respondent" not in df.columns else "respondent_row"
        out[rid] = np.arange(1, len(df) + 1)
    else:
        ids = df[rid]
        dup = ids.duplicated(keep="first") & ids.notna()
        for pos in np.flatnonzero(dup.to_numpy()):
            pc.add_position(
                pos,
                column=rid,
                value=ids.iloc[pos],
                expected=_("a respondent id not used in an earlier row"),
            )
        for pos in np.flatnonzero(ids.isna().to_numpy()):
            pc.add_position(pos, column=rid, value=None, expected=_("a respondent id"))
    listed: set[int] = set()

    def scale(c: str, lo: int, hi: int, lab: bool) -> None:
        v, bad, used = read_answers(df[c], lo, hi, labels=lab)
        for pos in np.flatnonzero(bad.to_numpy()):
            why = expectation(lo, hi, False)
            if lab:
                # The accepted sets are listed once, in the first bad label's line.
                why = _label_expectation(lo, hi, used, hi - lo + 1 not in listed)
                listed.add(hi - lo + 1)
            pc.add_position(pos, column=c, value=df[c].iloc[pos], expected=why)
        out[c] = v

    for c in [*plan.likert, *plan.a11]:
        scale(c, 1, 5, True)
    for c in plan.sus:
        scale(c, 1, 5, True)
    for c in plan.umux:
        scale(c, 1, 7, True)
    if plan.nps:
        scale(plan.nps, 0, 10, False)
    if plan.csat:
        scale(plan.csat, 1, 5, True)
    for c in plan.segments:
        out[c] = df[c].where(df[c].isna(), df[c].astype(str).str.strip())
    pc.raise_if_any()
    reports = []
    for c in plan.text:
        raw = df[c].where(df[c].isna(), df[c].astype(str))
        reports.append(redaction_report(raw, names=names, salt=salt))
        out[c] = redact(raw, names=names, salt=salt)
    rep = None
    if reports:
        rep = reports[0].copy()
        for r in reports[1:]:
            rep[["replacements", "texts"]] += r[["replacements", "texts"]].to_numpy()
    keep = [
        rid,
        *plan.segments,
        *plan.likert,
        *plan.a11,
        *plan.sus,
        *plan.umux,
        *([plan.nps] if plan.nps else []),
        *([plan.csat] if plan.csat else []),
        *plan.text,
    ]
    out = out[list(dict.fromkeys(keep))].reset_index(drop=True)
    out.attrs = {"source": file}
    wording = {c: " ".join(q.split()) for c, q in export.questions.items()}
    lab = {**A11_ITEMS, **wording, **(labels or {})}
    return Survey(
        out,
        rid,
        plan.segments,
        plan.likert,
        plan.sus,
        plan.nps,
        plan.umux,
        plan.a11,
        plan.csat,
        plan.text,
        file,
        rep,
        {c: lab.get(c, c) for c in [*plan.likert, *plan.a11]},
        tuple(str(n) for n in ([names] if isinstance(names, str) else names)),
        roles,
    )


def _label_expectation(low: int, high: int, used: str | None, full: bool) -> str:
    """What a bad answer should have been; ``full`` lists the accepted label sets."""
    points = high - low + 1
    if used is not None and f"{points}-point" not in used:
        return _(
            "a {points}-point answer: this column uses the {used} labels (the kit reads SUS, "
            "Likert, A-11 and CSAT on 5 points, UMUX-Lite on 7)"
        ).format(points=points, used=used)
    if not full:
        return _(
            "a whole number from {low} to {high} or an answer label of one {points}-point set "
            "(the sets are listed in the first such problem)"
        ).format(low=low, high=high, points=points)
    return _(
        "a whole number from {low} to {high} or an answer label of one {points}-point set, "
        "'Don't know'/'Ved ikke' for no answer. Accepted {points}-point sets: {sets}"
    ).format(low=low, high=high, points=points, sets=accepted_sets((points,)))


def _long_to_wide(
    df: pd.DataFrame, respondent: str, item: str, value: str, pc: ProblemCollector
) -> pd.DataFrame:
    for c in (item, value):
        if c not in df.columns:
            pc.add(
                row=1,
                column=c,
                value=None,
                expected=_(
                    "a column {column} in long layout (one row per respondent x item)"
                ).format(column=repr(c)),
            )
    pc.raise_if_any()
    dup = df.duplicated([respondent, item], keep="first")
    for pos in np.flatnonzero(dup.to_numpy()):
        pc.add_position(
            pos,
            column=item,
            value=df[item].iloc[pos],
            expected=_("one row per respondent and item (this pair is repeated)"),
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
