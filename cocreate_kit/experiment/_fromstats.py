"""The pillar's methods computed from per-arm aggregates instead of rows (issue 12).

Every function here reproduces one function of :mod:`._methods` (or :mod:`._ordinal`) from
sufficient statistics, so that a trial of any size is analysed from a handful of numbers per
arm that a database computes in one ``GROUP BY`` (:mod:`._suffstats`). The row-level
functions stay the reference: ``tests/test_experiment_scale.py`` checks every result against
them to 1e-9.

:class:`Moments` (``n``, mean, sample variance, minimum, maximum) carries what the t-based
methods need. Minimum and maximum make the "data without spread" rule exact
(:func:`._methods.no_spread` compares the range with the largest absolute value). The
variance is the database's ``var_samp``, a one-pass (Welford) sum of squares about the mean:
the same information as the sum of squares, without its cancellation error. Rank methods
(Brunner-Munzel, Mann-Whitney, signed rank) use frequency tables: ranks of tied values depend
only on how many values there are at each level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from . import _methods as m
from ._ordinal import paired_superiority_counts

__all__ = [
    "Moments",
    "t_interval",
    "welch",
    "welch_tost",
    "paired_t",
    "one_sample_t",
    "brunner_munzel",
    "mann_whitney",
    "wilcoxon_signed_rank",
    "pearson_dispersion",
    "paired_rate_ratio",
    "paired_superiority_counts",
    "median_of_counts",
]


@dataclass(frozen=True)
class Moments:
    """n, mean, sample variance (ddof 1; NaN below two values), minimum and maximum."""

    n: int
    mean: float
    var: float
    lo: float
    hi: float

    @property
    def sd(self) -> float:
        return math.sqrt(max(self.var, 0.0)) if self.n > 1 else math.nan

    @property
    def flat(self) -> bool:
        """:func:`._methods.no_spread` of the values these moments describe."""
        return not (self.hi - self.lo > 1e-9 * max(abs(self.lo), abs(self.hi), 1e-300))


def _var(x: Moments) -> float:
    return max(x.var, 0.0) if x.n > 1 else math.nan


def t_interval(x: Moments, level: float) -> tuple[float, float, float]:
    """:func:`cocreate_kit._stats.t_interval` from moments."""
    if x.n < 2:
        return x.mean, math.nan, math.nan
    h = float(stats.t.ppf(0.5 + level / 2, x.n - 1)) * x.sd / math.sqrt(x.n)
    return x.mean, x.mean - h, x.mean + h


def _welch_parts(x1: Moments, x2: Moments) -> tuple[float, float, float]:
    v1, v2 = _var(x1) / x1.n, _var(x2) / x2.n
    se = math.sqrt(v1 + v2)
    denom = v1**2 / (x1.n - 1) + v2**2 / (x2.n - 1)
    df = (v1 + v2) ** 2 / denom if denom > 0 else float(x1.n + x2.n - 2)
    return x1.mean - x2.mean, se, float(df)


def welch(x1: Moments, x2: Moments, level: float) -> m.Test:
    """:func:`._methods.welch` from moments."""
    d, se, df = _welch_parts(x1, x2)
    if se == 0 or (x1.flat and x2.flat):
        return m._no_spread_test(d, "Welch t test", df)
    return m.welch_from_parts(d, se, df, level)


def welch_tost(x1: Moments, x2: Moments, low: float, upp: float) -> float:
    """:func:`._methods.welch_tost` from moments."""
    d, se, df = _welch_parts(x1, x2)
    if se == 0 or (x1.flat and x2.flat):
        return math.nan
    return float(max(stats.t.sf((d - low) / se, df), stats.t.cdf((d - upp) / se, df)))


def paired_t(d: Moments, level: float) -> m.Test:
    """:func:`._methods.paired_t` from the moments of the differences."""
    sd = d.sd if d.n > 1 else 0.0
    if sd == 0 or d.flat:
        return m._no_spread_test(d.mean, "paired t test", d.n - 1)
    return m.paired_t_from_parts(d.mean, sd, d.n, level)


def one_sample_t(x: Moments, mu: float) -> tuple[float, float]:
    """:func:`._methods.one_sample_t` from moments."""
    sd = x.sd if x.n > 1 else 0.0
    if sd == 0 or x.flat:
        return math.nan, math.nan
    t = (x.mean - mu) / (sd / math.sqrt(x.n))
    return t, float(2 * stats.t.sf(abs(t), x.n - 1))


# ----------------------------------------------------------------------------- ranks


def _midranks(c1: np.ndarray, c2: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Joint midrank per level, and each sample's own midrank per level (counts per level,
    levels in ascending order)."""
    tot = c1 + c2
    joint = np.cumsum(tot) - tot + (tot + 1) / 2
    own1 = np.cumsum(c1) - c1 + (c1 + 1) / 2
    own2 = np.cumsum(c2) - c2 + (c2 + 1) / 2
    return joint, own1, own2


def _weighted_var(values: np.ndarray, weights: np.ndarray) -> float:
    n = weights.sum()
    mean = (values * weights).sum() / n
    return float((weights * (values - mean) ** 2).sum() / (n - 1))


def brunner_munzel(c1: np.ndarray, c2: np.ndarray, level: float) -> m.Test | None:
    """:func:`._methods.brunner_munzel` from counts per level (variant ``c1``, control
    ``c2``, the same ascending levels)."""
    c1, c2 = np.asarray(c1, float), np.asarray(c2, float)
    n1, n2 = int(c1.sum()), int(c2.sum())
    if n1 < 2 or n2 < 2:
        return None
    joint, own1, own2 = _midranks(c1, c2)
    s1 = _weighted_var(joint - own1, c1)
    s2 = _weighted_var(joint - own2, c2)
    if s1 == 0 and s2 == 0:
        return None
    phat = (float((joint * c1).sum() / n1) - (n1 + 1) / 2) / n2
    return m.brunner_munzel_from_parts(phat, s1, s2, n1, n2, level)


def mann_whitney(c1: np.ndarray, c2: np.ndarray, level: float) -> m.Test:
    """:func:`._methods.mann_whitney` from counts per level."""
    c1, c2 = np.asarray(c1, float), np.asarray(c2, float)
    n1, n2 = int(c1.sum()), int(c2.sum())
    joint, _, _ = _midranks(c1, c2)
    u = float((joint * c1).sum() - n1 * (n1 + 1) / 2)
    tot = (c1 + c2)[(c1 + c2) > 0]
    return m.mann_whitney_from_parts(u, float((tot**3 - tot).sum()), n1, n2, level)


def wilcoxon_signed_rank(values: np.ndarray, counts: np.ndarray) -> tuple[float, float, str]:
    """:func:`._methods.wilcoxon_signed_rank` from the frequency table of the paired
    differences (``values`` with ``counts``; zeros are dropped as there)."""
    values, counts = np.asarray(values, float), np.asarray(counts, float)
    keep = (values != 0) & (counts > 0)
    values, counts = values[keep], counts[keep]
    n = int(counts.sum())
    if n == 0:
        return 0.0, 1.0, "Wilcoxon signed-rank test"
    mags = np.abs(values)
    levels, inverse = np.unique(mags, return_inverse=True)
    per_level = np.bincount(inverse, weights=counts)
    midrank = np.cumsum(per_level) - per_level + (per_level + 1) / 2
    ranks = midrank[inverse]
    t_plus = float((ranks * counts)[values > 0].sum())
    tied = np.repeat(ranks, counts.astype(int)) if n < m.TIED_EXACT_BELOW else None
    return m.signed_rank_from_parts(t_plus, n, per_level, tied)


def pearson_dispersion(arms: list[tuple[int, float, float]]) -> float:
    """:func:`._methods.pearson_dispersion` from (n, mean, sample variance) per arm."""
    total = 0.0
    for n, mu, var in arms:
        if mu > 0 and n > 1:
            total += var * (n - 1) / mu
    df = sum(a[0] for a in arms) - len(arms)
    return total / df if df > 0 else math.nan


def paired_rate_ratio(
    n: int, sb: float, sa: float, var_b: float, var_a: float, cov: float, level: float
) -> m.Test:
    """:func:`._methods.paired_rate_ratio` from n, the two totals, the sample variances and
    the sample covariance of the paired counts."""
    return m.paired_rate_ratio_from_parts(n, sb, sa, var_b, var_a, cov, level)


def median_of_counts(levels: np.ndarray, counts: np.ndarray) -> float:
    """The median (``numpy.median``) of values given as a frequency table."""
    levels, counts = np.asarray(levels, float), np.asarray(counts, float)
    order = np.argsort(levels)
    levels, counts = levels[order], counts[order]
    n = int(counts.sum())
    cum = np.cumsum(counts)
    lo = levels[np.searchsorted(cum, (n - 1) // 2 + 1)]
    hi = levels[np.searchsorted(cum, n // 2 + 1)]
    return float((lo + hi) / 2)
