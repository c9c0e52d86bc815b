"""Paired ordinal comparison: within-pair probability of superiority, sign test, Tango interval.

For a within-subject Likert item each participant gives a difference d = variant - control.
The effect shown is the within-pair probability of superiority
theta = P(d > 0) + 0.5 P(d = 0); "no difference" is theta = 0.5. Writing
Delta = P(d > 0) - P(d < 0), theta = 0.5 + Delta / 2, and Delta is the difference of two
paired proportions (the pairs with d > 0 and with d < 0 are the discordant cells of a
McNemar table, the ties the concordant ones). So:

* **test**: the exact sign test (ties dropped): two-sided binomial test of the n+ positive
  against the n- negative differences, p = 0.5 (``scipy.stats.binomtest``; the same as the
  exact McNemar test). It tests theta = 0.5 exactly, and is exact at every n.
* **interval**: Tango's (1998) score interval for Delta, mapped to theta. Its score
  statistic at Delta = 0 is (n+ - n-) / sqrt(n+ + n-), the McNemar/sign-test score, so the
  interval excludes 0.5 exactly when the asymptotic sign test rejects; the exact test is
  never less conservative than that (checked for every n+ + n- <= 400 in the tests), so a
  verdict (which needs both) follows the exact test.

Decision: differences that are all equal are not "data without spread" here (the rule of
issue 11 for tests whose standard error comes from the spread): the sign test and Tango's
interval use counts. Ten of ten participants rating the variant higher gives the exact
p = 0.002; ten ties give theta in [0.36, 0.64] (no discordant pair among ten bounds the
discordance, as the rule of three bounds a rate), which is an honest interval, not a
degenerate one.

Decision: the Wilcoxon signed-rank test, used before, tests symmetry of the differences
about 0 and weighs a 1 -> 3 change twice a 4 -> 5 change, which a Likert item does not
support, and it does not test theta = 0.5; with the adjusted-Wald interval on the scores
it came with, coverage was 0.985-0.993 and verdicts fired far less often than p < 0.05.

References
----------
* Tango T (1998). Equivalence test and confidence interval for the difference in
  proportions for the paired-sample design. Statistics in Medicine 17:891-908.
* Newcombe RG (1998). Improved confidence intervals for the difference between binomial
  proportions based on paired data. Statistics in Medicine 17:2635-2650.
* Dixon WJ, Mood AM (1946). The statistical sign test. JASA 41:557-566.
* Noether GE (1987). Sample size determination for some common nonparametric tests.
  JASA 82:645-647.
* Happ M, Bathke AC, Brunner E (2019). Optimal sample size planning for the
  Wilcoxon-Mann-Whitney test. Statistics in Medicine 38:363-375.

The planning helpers at the end (:func:`superiority`, :func:`shifted_shares`,
:func:`rank_power_sds`) size the Brunner-Munzel comparison of two Likert arms from the
control's answer shares (Happ et al. 2019, with ties), see :mod:`._power`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, stats

from ._methods import Test, mcnemar_exact, z_crit

__all__ = [
    "tango_score",
    "tango_interval",
    "paired_superiority",
    "paired_superiority_counts",
    "superiority",
    "shifted_shares",
    "superiority_range",
    "rank_power_sds",
]


def tango_score(b: int, c: int, n: int, delta: float) -> float:
    """Tango's score statistic for H0: p10 - p01 = ``delta``, with ``b`` = n10, ``c`` = n01
    and ``n`` pairs: (b - c - n delta) / sqrt(n (2 q + delta (1 - delta))), where q is the
    restricted maximum-likelihood estimate of p01 (closed form, Tango 1998 eq. 3).

    Examples
    --------
    >>> round(tango_score(6, 1, 20, 0.0), 4)  # (6 - 1) / sqrt(6 + 1), the McNemar score
    1.8898
    """
    a_ = 2 * n
    b_ = -b - c + (2 * n - b + c) * delta
    c_ = -c * delta * (1 - delta)
    q = (math.sqrt(max(b_ * b_ - 4 * a_ * c_, 0.0)) - b_) / (2 * a_)
    var = n * (2 * q + delta * (1 - delta))
    num = b - c - n * delta
    if var <= 0:
        return 0.0 if num == 0 else math.copysign(math.inf, num)
    return num / math.sqrt(var)


def tango_interval(b: int, c: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Tango's score interval for p10 - p01: every delta whose score is within +/- z.

    Examples
    --------
    >>> lo, hi = tango_interval(0, 0, 10)  # ten ties
    >>> round(lo, 4), round(hi, 4)
    (-0.2775, 0.2775)
    """
    z = z_crit(level)
    est = (b - c) / n
    eps = 1e-12

    def root(target: float, lo: float, hi: float, edge: float) -> float:
        f = lambda d: tango_score(b, c, n, d) - target  # noqa: E731
        if f(edge) * f(est) > 0:
            return edge
        return float(optimize.brentq(f, lo, hi, xtol=1e-12))

    low = root(z, -1 + eps, est, -1 + eps) if est > -1 + eps else -1.0
    high = root(-z, est, 1 - eps, 1 - eps) if est < 1 - eps else 1.0
    return max(-1.0, low), min(1.0, high)


def paired_superiority(d: np.ndarray, level: float = 0.95) -> Test:
    """Within-pair probability of superiority of paired differences ``d`` (variant minus
    control), with the exact sign test and Tango's interval (see the module notes).

    ``statistic`` is the number of positive differences; ``se`` is the interval's half
    width over z (for planning and the normal "probability better").

    Examples
    --------
    >>> t = paired_superiority(np.array([1, 1, 2, 0, 1, -1, 1, 0, 1, 1]))
    >>> round(t.effect, 2), round(t.p_value, 4)  # 7 up, 1 down, 2 ties; binomtest(7, 8)
    (0.8, 0.0703)
    """
    d = np.asarray(d, dtype=float)
    return paired_superiority_counts(int((d > 0).sum()), int((d < 0).sum()), len(d), level)


def paired_superiority_counts(b: int, c: int, n: int, level: float = 0.95) -> Test:
    """:func:`paired_superiority` from the numbers of positive (``b``) and negative (``c``)
    differences among ``n`` pairs."""
    lo, hi = tango_interval(b, c, n, level)
    theta = 0.5 + (b - c) / (2 * n)
    se = (hi - lo) / (4 * z_crit(level))
    return Test(
        theta,
        0.5 + lo / 2,
        0.5 + hi / 2,
        mcnemar_exact(b, c),
        se,
        "exact sign test; Tango score interval",
        float(b),
    )


# ----------------------------------------------------------------------------- planning


def _mid_cdf(shares: np.ndarray) -> np.ndarray:
    """P(X < k) + 0.5 P(X = k) for each category k."""
    return np.cumsum(shares) - 0.5 * shares


def superiority(variant: np.ndarray, control: np.ndarray) -> float:
    """P(V > C) + 0.5 P(V = C) for answer shares over the same ordered categories.

    Examples
    --------
    >>> superiority(np.array([0.0, 0.5, 0.5]), np.array([0.5, 0.5, 0.0]))
    0.875
    """
    return float((variant * _mid_cdf(control)).sum())


def superiority_range(control: np.ndarray) -> tuple[float, float]:
    """Probabilities of superiority a variant can have over ``control``: every answer in
    the lowest category gives 0.5 P(C = lowest), every answer in the top one
    1 - 0.5 P(C = top)."""
    return 0.5 * float(control[0]), 1 - 0.5 * float(control[-1])


def shifted_shares(control: np.ndarray, target: float) -> np.ndarray:
    """The variant's answer shares: the control's, shifted on a latent normal scale
    (ordered-probit model, thresholds from the control's cumulative shares) until the
    probability of superiority over the control is ``target``.

    Examples
    --------
    >>> c = np.array([0.1, 0.15, 0.25, 0.3, 0.2])
    >>> round(superiority(shifted_shares(c, 0.6), c), 6)
    0.6
    """
    cuts = stats.norm.ppf(np.clip(np.cumsum(control)[:-1], 0.0, 1.0))

    def shares(shift: float) -> np.ndarray:
        cdf = np.concatenate([[0.0], stats.norm.cdf(cuts - shift), [1.0]])
        return np.diff(cdf)

    shift = optimize.brentq(lambda s: superiority(shares(s), control) - target, -40, 40)
    return shares(float(shift))


def rank_power_sds(control: np.ndarray, variant: np.ndarray, ratio: float) -> tuple[float, float]:
    """(sigma_0, v) of Happ, Bathke & Brunner (2019) for the relative effect of ``variant``
    over ``control``, with ``ratio`` = n_variant / n_control.

    sigma_0^2 is the variance of the mid-distribution function of the equally weighted
    pooled distribution H = (F_c + F_v) / 2 at a draw from H; v^2 = t F-variance
    Var(F_c(V)) + (1 - t) Var(F_v(C)) with t = n_control / N. The sample size is then
    N = (z_{1-alpha/2} sigma_0 + z_power v)^2 / (t (1 - t) (p - 1/2)^2), as statsmodels'
    ``samplesize_rank_compare_onetail`` computes from two samples.
    """
    pooled = (control + variant) / 2
    h = _mid_cdf(pooled)
    s0 = float((pooled * (h - (pooled * h).sum()) ** 2).sum())
    fc, fv = _mid_cdf(control), _mid_cdf(variant)
    var_v = float((variant * (fc - (variant * fc).sum()) ** 2).sum())
    var_c = float((control * (fv - (control * fv).sum()) ** 2).sum())
    t = 1 / (1 + ratio)
    return math.sqrt(s0), math.sqrt(t * var_v + (1 - t) * var_c)
