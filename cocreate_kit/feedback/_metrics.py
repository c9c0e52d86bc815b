"""The standard usability and satisfaction metrics: SUS, NPS, UMUX-Lite, CSAT.

Methods
-------
* **SUS** (Brooke 1996): ten items on 1-5; odd items contribute ``x - 1``, even items
  ``5 - x``; the sum times 2.5 gives 0-100. A missing item is scored neutral (3) and the
  respondent is flagged; a respondent with no SUS answers gets no score. The mean is
  reported with a Student t interval and graded on the Sauro-Lewis curved scale.
* **NPS** (0-10): % promoters (9-10) minus % detractors (0-6). Standard error of the
  difference of the two proportions (from the same multinomial sample):
  ``sqrt((p+ + p- - (p+ - p-)^2) / n)``; the interval is NPS ± z·SE (Wald), clipped to
  -100..100.
* **UMUX-Lite** (Lewis et al. 2013): two 7-point items, ``((i1 - 1) + (i2 - 1)) * 100 / 12``;
  mean with a t interval.
* **CSAT top-2-box**: share answering 4 or 5 on a 1-5 scale, with an Agresti-Coull interval
  (the adjusted Wald interval recommended by Sauro & Lewis for small samples); the 1-5 mean
  is reported too, as Danish municipal user surveys do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._result import Result
from .._stats import t_interval, z_crit
from .._sus import SUS_BENCHMARK, sus_grade
from ..i18n import _, fmt_int, fmt_percent, lazy, ngettext
from ..thresholds import DEFAULT_LEVEL, SMALL_N_INTERVAL
from ._cards import notes_on_page, nps_card, nps_notes, sus_card, sus_notes
from ._charts import fixed, nps_chart, shown, sus_chart
from ._compat import LevelAlias, renamed
from ._scales import expectation, to_scale

__all__ = [
    "SMALL_N",
    "NPSResult",
    "SUSSummary",
    "csat_top2",
    "nps",
    "sus_grade",
    "sus_scores",
    "sus_summary",
    "umux_lite",
]

#: Below this many answers a metric is shown with a "small sample" warning (the shared
#: :data:`cocreate_kit.thresholds.SMALL_N_INTERVAL`; this name is kept as an alias).
SMALL_N = SMALL_N_INTERVAL


def _t_interval(x: np.ndarray, level: float) -> tuple[float, float, float, float]:
    """(mean, sd, low, high) of the non-missing values, via the shared t interval."""
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return (math.nan,) * 4
    mean, lo, hi = t_interval(x, level)
    sd = float(np.std(x, ddof=1)) if len(x) > 1 else math.nan
    return mean, sd, lo, hi


# --------------------------------------------------------------------------------------
# SUS
# --------------------------------------------------------------------------------------


def sus_scores(
    data: pd.DataFrame, items: Sequence[str] | None = None, *, file: str | None = None
) -> pd.Series:
    """One 0-100 SUS score per respondent (Brooke's scoring).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    items : list of 10 str, optional
        The SUS item columns in questionnaire order; default ``sus_1`` ... ``sus_10``.
    file : str, optional
        File name for error messages (default ``data.attrs["source"]``).

    Returns
    -------
    Series
        Named ``"sus"``, same index as ``data``. ``attrs["imputed"]`` maps the index of each
        respondent with missing items (scored 3) to how many were missing; respondents with
        no SUS answer at all get NaN.

    Raises
    ------
    DataError
        When item columns are missing or an answer is not a whole number 1-5.

    Examples
    --------
    >>> df = pd.DataFrame([[5, 1] * 5, [3] * 10, [4, 2, 4, 2, 4, 2, 4, 2, 4, None]],
    ...                   columns=[f"sus_{i}" for i in range(1, 11)])
    >>> s = sus_scores(df)
    >>> s.tolist(), s.attrs["imputed"]
    ([100.0, 50.0, 72.5], {2: 1})
    """
    items = list(items) if items is not None else [f"sus_{i}" for i in range(1, 11)]
    pc = ProblemCollector(
        file or data.attrs.get("source"), row_offset=int(data.attrs.get("row_offset", 0))
    )
    if len(items) != 10:
        pc.add(
            column=", ".join(items),
            value=len(items),
            expected=_("exactly 10 SUS item columns in questionnaire order"),
        )
        pc.raise_if_any()
    missing = [c for c in items if c not in data.columns]
    for c in missing:
        pc.add(
            row=1 if "row_offset" in data.attrs else None,
            column=c,
            value=None,
            expected=_("a SUS item column named {column} (the file has: {columns})").format(
                column=repr(c), columns=", ".join(map(str, list(data.columns)[:15]))
            ),
        )
    pc.raise_if_any()
    vals = []
    for c in items:
        v, bad = to_scale(data[c], 1, 5, labels=False)
        for pos in np.flatnonzero(bad.to_numpy()):
            pc.add_position(
                pos, column=c, value=data[c].iloc[pos], expected=expectation(1, 5, labels=False)
            )
        vals.append(v.to_numpy())
    pc.raise_if_any()
    m = np.column_stack(vals)
    n_missing = np.isnan(m).sum(axis=1)
    filled = np.where(np.isnan(m), 3.0, m)
    contrib = np.where(np.arange(10) % 2 == 0, filled - 1, 5 - filled)
    score = contrib.sum(axis=1) * 2.5
    score[n_missing == 10] = np.nan
    out = pd.Series(score, index=data.index, name="sus")
    out.attrs["imputed"] = {
        _plain(ix): int(k) for ix, k in zip(data.index, n_missing, strict=True) if 0 < k < 10
    }
    return out


def _plain(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


class SUSSummary(LevelAlias, Result):
    """Mean SUS score with its t interval, Sauro-Lewis grade and n.

    Attributes
    ----------
    mean, ci_low, ci_high, sd : float
    n : int
    grade : str
    level : float
        Interval level (``confidence`` is a deprecated read-only alias).
    n_imputed : int
        Respondents with at least one missing item scored 3.
    """

    title = lazy("System Usability Scale (SUS)")

    def __init__(
        self, scores: pd.Series, level: float = DEFAULT_LEVEL, *, confidence: float | None = None
    ) -> None:
        level = renamed(level, confidence, old="confidence", new="level", where="SUSSummary")
        x = pd.to_numeric(scores, errors="coerce").to_numpy(dtype=float)
        self.mean, self.sd, self.ci_low, self.ci_high = _t_interval(x, level)
        self.n = int((~np.isnan(x)).sum())
        self.grade = sus_grade(self.mean)
        self.level = level
        self.n_imputed = len(getattr(scores, "attrs", {}).get("imputed", {}))

    def warnings(self) -> list[str]:
        """Imputed items and a small sample, in the current language."""
        out = []
        if self.n_imputed:
            out.append(
                ngettext(
                    "{n} respondent skipped at least one SUS item; each missing item was "
                    "scored as the neutral answer 3.",
                    "{n} respondents skipped at least one SUS item; each missing item was "
                    "scored as the neutral answer 3.",
                    self.n_imputed,
                ).format(n=fmt_int(self.n_imputed))
            )
        if 0 < self.n < SMALL_N:
            out.append(
                _("Only {n} respondents: the interval is wide; treat the grade as rough.").format(
                    n=fmt_int(self.n)
                )
            )
        return out

    def table(self) -> pd.DataFrame:
        """One row: n, mean, sd, ci_low, ci_high, grade."""
        return pd.DataFrame(
            [
                {
                    "n": self.n,
                    "mean": self.mean,
                    "sd": self.sd,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                    "grade": self.grade,
                }
            ]
        )

    def summary(self) -> str:
        if self.n == 0:
            return _("No SUS answers.")
        bench = SUS_BENCHMARK
        if self.mean > bench:
            comparison = _("above the benchmark average of {benchmark}")
        elif self.mean < bench:
            comparison = _("below the benchmark average of {benchmark}")
        else:
            comparison = _("at the benchmark average of {benchmark}")
        text = _(
            "Mean SUS score {mean} (n = {n}; {level} confidence interval {low} to {high}), "
            "grade {grade} on the Sauro-Lewis curved scale; {comparison}."
        )
        return text.format(
            mean=fixed(self.mean),
            n=fmt_int(self.n),
            level=fmt_percent(self.level),
            low=fixed(self.ci_low),
            high=fixed(self.ci_high),
            grade=self.grade,
            comparison=comparison.format(benchmark=fixed(bench, 0)),
        )

    def chart(self) -> Any:
        """Mean and interval in front of the grade bands (:func:`._charts.sus_chart`)."""
        return sus_chart(self)

    def headline_cards(self) -> list[Any]:
        """One card: mean SUS, its interval, n and grade (:func:`._cards.sus_card`);
        none without answers."""
        return [sus_card(self)] if self.n else []

    def method_notes(self) -> list[str]:
        """Scoring, interval and grading scale (:func:`._cards.sus_notes`); none when the
        page shows them once for all results (:meth:`Survey.metrics` ``notes=False``)."""
        return [] if notes_on_page(self) else sus_notes(self.level)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(_("SUS summary"), shown(self.table()))]


def sus_summary(
    scores: pd.Series, *, level: float = DEFAULT_LEVEL, confidence: float | None = None
) -> SUSSummary:
    """Mean SUS with a t interval at ``level``, Sauro-Lewis grade and n.

    ``confidence=`` is the deprecated name of ``level=`` (it still works, with a warning).

    Examples
    --------
    >>> s = sus_summary(pd.Series([70.0, 80.0, 90.0]))
    >>> round(s.mean, 1), s.n, s.grade, round(s.ci_low, 2)
    (80.0, 3, 'A-', 55.16)
    """
    level = renamed(level, confidence, old="confidence", new="level", where="sus_summary")
    return SUSSummary(scores, level)


# --------------------------------------------------------------------------------------
# NPS, UMUX-Lite, CSAT
# --------------------------------------------------------------------------------------


class NPSResult(LevelAlias, Result):
    """Net Promoter Score with its standard error and Wald interval (all in points).

    Attributes
    ----------
    value : float
        NPS in points, -100..100.
    se, ci_low, ci_high : float
    n, promoters, passives, detractors : int
    level : float
        Interval level (``confidence`` is a deprecated read-only alias).
    """

    title = lazy("Net Promoter Score (NPS)")

    def __init__(
        self, scores: pd.Series, level: float = DEFAULT_LEVEL, *, confidence: float | None = None
    ) -> None:
        level = renamed(level, confidence, old="confidence", new="level", where="NPSResult")
        x = pd.to_numeric(pd.Series(scores), errors="coerce").dropna().to_numpy()
        bad = x[(x < 0) | (x > 10) | (x != np.floor(x))]
        if len(bad):
            pc = ProblemCollector(getattr(scores, "attrs", {}).get("source"))
            for v in bad[:20]:
                pc.add(
                    column=getattr(scores, "name", None),
                    value=v,
                    expected=_("a whole number from 0 to 10"),
                )
            pc.raise_if_any()
        self.n = len(x)
        self.promoters = int((x >= 9).sum())
        self.detractors = int((x <= 6).sum())
        self.passives = self.n - self.promoters - self.detractors
        self.level = level
        if self.n:
            pp, pd_ = self.promoters / self.n, self.detractors / self.n
            self.value = 100 * (pp - pd_)
            self.se = 100 * math.sqrt((pp + pd_ - (pp - pd_) ** 2) / self.n)
            z = z_crit(level)
            self.ci_low = max(-100.0, self.value - z * self.se)
            self.ci_high = min(100.0, self.value + z * self.se)
        else:
            self.value = self.se = self.ci_low = self.ci_high = math.nan

    def warnings(self) -> list[str]:
        """A small-sample caveat, in the current language."""
        if 0 < self.n < SMALL_N:
            return [_("Only {n} answers: the NPS interval is wide.").format(n=fmt_int(self.n))]
        return []

    def table(self) -> pd.DataFrame:
        """One row: n, promoters, passives, detractors, nps, se, ci_low, ci_high."""
        return pd.DataFrame(
            [
                {
                    "n": self.n,
                    "promoters": self.promoters,
                    "passives": self.passives,
                    "detractors": self.detractors,
                    "nps": self.value,
                    "se": self.se,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                }
            ]
        )

    def summary(self) -> str:
        if not self.n:
            return _("No NPS answers.")
        return _(
            "NPS {nps} (n = {n}: {promoters} promoters, {passives} passives, {detractors} "
            "detractors; {level} interval {low} to {high})."
        ).format(
            nps=fixed(self.value, 0, signed=True),
            n=fmt_int(self.n),
            promoters=fmt_int(self.promoters),
            passives=fmt_int(self.passives),
            detractors=fmt_int(self.detractors),
            level=fmt_percent(self.level),
            low=fixed(self.ci_low, 0, signed=True),
            high=fixed(self.ci_high, 0, signed=True),
        )

    def chart(self) -> Any:
        """Shares of promoters, passives and detractors (:func:`._charts.nps_chart`)."""
        return nps_chart(self)

    def headline_cards(self) -> list[Any]:
        """One card: NPS, its interval, n and which group is larger
        (:func:`._cards.nps_card`); none without answers."""
        return [nps_card(self)] if self.n else []

    def method_notes(self) -> list[str]:
        """How NPS and its interval are computed (:func:`._cards.nps_notes`); none when
        the page shows them (:meth:`Survey.metrics` ``notes=False``)."""
        return [] if notes_on_page(self) else nps_notes(self.level)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(_("NPS"), shown(self.table()))]


def nps(
    scores: pd.Series | Sequence[float],
    *,
    level: float = DEFAULT_LEVEL,
    confidence: float | None = None,
) -> NPSResult:
    """Net Promoter Score with standard error and Wald interval at ``level``.

    ``confidence=`` is the deprecated name of ``level=`` (it still works, with a warning).

    Examples
    --------
    >>> r = nps([10, 9, 8, 7, 6, 0, 10, 10, 3, 9])
    >>> r.value, r.promoters, r.detractors, round(r.se, 2)
    (20.0, 5, 3, 27.57)
    """
    level = renamed(level, confidence, old="confidence", new="level", where="nps")
    return NPSResult(pd.Series(scores) if not isinstance(scores, pd.Series) else scores, level)


def umux_lite(data: pd.DataFrame, items: Sequence[str] = ("umux_1", "umux_2")) -> pd.Series:
    """UMUX-Lite score 0-100 per respondent: ``((i1 - 1) + (i2 - 1)) * 100 / 12``.

    Examples
    --------
    >>> umux_lite(pd.DataFrame({"umux_1": [7, 4], "umux_2": [7, 1]})).tolist()
    [100.0, 25.0]
    """
    a, b = (pd.to_numeric(data[c], errors="coerce") for c in items)
    return ((a - 1) + (b - 1)) * 100 / 12


def csat_top2(
    values: pd.Series, *, level: float = DEFAULT_LEVEL, confidence: float | None = None
) -> dict[str, float]:
    """Top-2-box share (answers 4 or 5 on 1-5) with an Agresti-Coull interval at ``level``,
    and the mean.

    ``confidence=`` is the deprecated name of ``level=`` (it still works, with a warning).

    Examples
    --------
    >>> r = csat_top2(pd.Series([5, 4, 4, 3, 1]))
    >>> r["top2"], r["n"], r["mean"]
    (0.6, 5, 3.4)
    """
    from statsmodels.stats.proportion import proportion_confint

    level = renamed(level, confidence, old="confidence", new="level", where="csat_top2")
    x = pd.to_numeric(values, errors="coerce").dropna()
    n = len(x)
    if n == 0:
        return {"n": 0, "top2": math.nan, "ci_low": math.nan, "ci_high": math.nan, "mean": math.nan}
    k = int((x >= 4).sum())
    lo, hi = proportion_confint(k, n, alpha=1 - level, method="agresti_coull")
    return {
        "n": n,
        "top2": k / n,
        "ci_low": float(max(lo, 0.0)),
        "ci_high": float(min(hi, 1.0)),
        "mean": float(x.mean()),
    }
