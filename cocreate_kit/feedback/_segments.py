"""Survey metrics per group (``by=``), with small-cell suppression.

:func:`metrics_by_segment` computes SUS, NPS, UMUX-Lite and CSAT for everyone and for each
value of one grouping column, with the same methods as :mod:`._metrics`, then hides groups
under ``k`` (:func:`cocreate_kit.privacy.suppress_segments`, with secondary suppression).
A survey is passed duck-typed (anything with ``data``, ``segments``, ``sus``, ``nps``,
``umux`` and ``csat`` like :class:`~cocreate_kit.feedback.Survey`), so this module does not
import the loader and the dependency points one way: survey -> segments -> metrics.
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from .._result import Result
from ..i18n import _, fmt_int, lazy, ngettext
from ..privacy import suppress_segments
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._cards import csat_notes, notes_on_page, nps_notes, suppression_notes, sus_notes
from ._charts import ALL_RESPONDENTS, NO_ANSWER, fixed, group_label, segment_chart, shown
from ._compat import LevelAlias, renamed
from ._metrics import SMALL_N, _t_interval, csat_top2, nps, sus_scores, sus_summary, umux_lite

__all__ = ["ALL_RESPONDENTS", "NO_ANSWER", "SegmentMetrics", "metrics_by_segment"]


class SegmentMetrics(LevelAlias, Result):
    """SUS, NPS, UMUX-Lite and CSAT per group, with intervals, n and suppression.

    Attributes
    ----------
    table : DataFrame
        One row per group plus an ``All respondents`` row: the ``by`` column, ``n``,
        ``sus_mean``, ``sus_ci_low``, ``sus_ci_high``, ``sus_grade``, ``nps``,
        ``nps_ci_low``, ``nps_ci_high``, ``umux_mean``, ``umux_ci_low``, ``umux_ci_high``,
        ``csat_top2`` (percent), ``csat_ci_low``, ``csat_ci_high``, ``csat_mean``,
        ``small_n`` and ``suppressed``. Groups smaller than ``k`` are blanked, with
        secondary suppression.
    by : str
        The grouping column (``segment`` is a deprecated read-only alias).
    k : int
        The suppression threshold used.
    level : float
        Interval level (``confidence`` is a deprecated read-only alias).
    """

    title = lazy("Metrics by segment")

    def __init__(self, table: pd.DataFrame, by: str, k: int, level: float = DEFAULT_LEVEL) -> None:
        self.table = table
        self.by = by
        self.k = k
        self.level = level

    def warnings(self) -> list[str]:
        """Hidden and small segments, in the current language."""
        t = self.table
        hidden = t.loc[t["suppressed"], self.by].tolist()
        small = t.loc[(t["small_n"] == 1).to_numpy(), self.by].tolist()
        out = []
        if hidden:
            out.append(
                ngettext(
                    "{n} segment hidden because it (or a group that could be worked out from "
                    "it) has fewer than {k} respondents.",
                    "{n} segments hidden because they (or a group that could be worked out "
                    "from them) have fewer than {k} respondents.",
                    len(hidden),
                ).format(n=fmt_int(len(hidden)), k=fmt_int(self.k))
            )
        if small:
            out.append(
                _("Fewer than {n} respondents in: {groups}; intervals there are wide.").format(
                    n=fmt_int(SMALL_N), groups=", ".join(map(group_label, small))
                )
            )
        return out

    @property
    def segment(self) -> str:
        """Deprecated: the grouping column, now :attr:`by`."""
        msg = "The result attribute 'segment' is deprecated; use 'by' instead."
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return self.by

    def summary(self) -> str:
        by = self.by
        t = self.table[~self.table["suppressed"] & (self.table[by] != ALL_RESPONDENTS)]
        if t.empty or "sus_mean" not in t or t["sus_mean"].isna().all():
            return ngettext(
                "{n} segment of {by} shown.", "{n} segments of {by} shown.", len(t)
            ).format(n=fmt_int(len(t)), by=repr(by))
        hi = t.loc[t["sus_mean"].idxmax()]
        lo = t.loc[t["sus_mean"].idxmin()]
        return _(
            "Across {n} shown segments of {by}, mean SUS ranges from {low} ({low_group}, "
            "n = {low_n}) to {high} ({high_group}, n = {high_n})."
        ).format(
            n=fmt_int(len(t)),
            by=repr(by),
            low=fixed(lo["sus_mean"]),
            low_group=group_label(lo[by]),
            low_n=fmt_int(lo["n"]),
            high=fixed(hi["sus_mean"]),
            high_group=group_label(hi[by]),
            high_n=fmt_int(hi["n"]),
        )

    def chart(self) -> Any:
        """Mean SUS per shown group with its interval (:func:`._charts.segment_chart`)."""
        return segment_chart(self)

    def method_notes(self) -> list[str]:
        """The suppression rule, then how each metric was computed (none when the page
        shows them: :meth:`Survey.metrics` ``notes=False``)."""
        if notes_on_page(self):
            return []
        notes = suppression_notes(self.k)
        if "sus_mean" in self.table:
            notes += sus_notes(self.level)
        if "nps" in self.table:
            notes += nps_notes(self.level)
        if "csat_top2" in self.table:
            notes += csat_notes(self.level)
        return notes

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        caption = _("Metrics by {by} (segments under {k} hidden)").format(
            by=self.by, k=fmt_int(self.k)
        )
        table = self.table.assign(**{self.by: self.table[self.by].map(group_label)})
        return [(caption, shown(table))]


def metrics_by_segment(
    survey: Any,
    by: str | None = None,
    *,
    k: int = DEFAULT_K,
    level: float = DEFAULT_LEVEL,
    segment: str | None = None,
    confidence: float | None = None,
) -> SegmentMetrics:
    """SUS, NPS, UMUX-Lite and CSAT top-2-box for everyone and each value of ``by``.

    Parameters
    ----------
    survey : Survey
        From :func:`~cocreate_kit.feedback.load_survey`.
    by : str
        The grouping column (one of ``survey.segments``). ``segment=`` is its deprecated
        name.
    k : int
        Groups with fewer respondents are suppressed, and secondary suppression hides the
        next smallest group when exactly one would be hidden (so the total cannot reveal
        it).
    level : float
        Interval level (``confidence=`` is its deprecated name).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_survey
    >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    >>> m = metrics_by_segment(s, "role")
    >>> m.table["role"].tolist(), m.by, m.k
    (['All respondents', 'relative', 'user'], 'role', 5)
    """
    by = renamed(by, segment, old="segment", new="by", where="metrics_by_segment")
    level = renamed(level, confidence, old="confidence", new="level", where="metrics_by_segment")
    if by is None or by not in survey.data.columns:
        msg = _("Unknown segment {by}; the survey's segments are {segments}.").format(
            by=repr(by), segments=survey.segments
        )
        raise ValueError(msg)
    rows = []
    groups = [(ALL_RESPONDENTS, survey.data)]
    seg = survey.data[by].fillna(NO_ANSWER)
    groups += [(str(v), g) for v, g in survey.data.groupby(seg, sort=True)]
    for name, g in groups:
        r: dict[str, Any] = {by: name, "n": len(g)}
        if survey.sus:
            s = sus_summary(sus_scores(g, survey.sus), level=level)
            r.update(sus_mean=s.mean, sus_ci_low=s.ci_low, sus_ci_high=s.ci_high, sus_grade=s.grade)
        if survey.nps:
            p = nps(g[survey.nps], level=level)
            r.update(nps=p.value, nps_ci_low=p.ci_low, nps_ci_high=p.ci_high)
        if survey.umux:
            u = umux_lite(g, survey.umux).to_numpy(dtype=float)
            m, _sd, lo, hi = _t_interval(u, level)
            r.update(umux_mean=m, umux_ci_low=lo, umux_ci_high=hi)
        if survey.csat:
            c = csat_top2(g[survey.csat], level=level)
            r.update(
                csat_top2=100 * c["top2"],
                csat_ci_low=100 * c["ci_low"],
                csat_ci_high=100 * c["ci_high"],
                csat_mean=c["mean"],
            )
        r["small_n"] = len(g) < SMALL_N
        rows.append(r)
    t = pd.DataFrame(rows)
    t = suppress_segments(t, by, k=k, total_label=ALL_RESPONDENTS)
    return SegmentMetrics(t, by, k, level)
