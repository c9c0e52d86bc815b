"""Goodness-of-fit tests of observed category counts against population shares.

Three tests of the same null hypothesis (the participants are a random sample of the
population: counts ~ Multinomial(n, p)), and the rule that picks one:

* **Exact multinomial test.** Every composition of ``n`` into the ``m`` categories is
  enumerated; the p-value is the total probability of the compositions no more probable
  than the observed one (probability ordering, as in Fisher's exact test; ties within a
  relative 1e-7 count as "no more probable"). Exact, and conservative like every discrete
  test: its size is at most the nominal level.
* **Monte Carlo multinomial test.** The same statistic (the multinomial probability of
  the counts), with its null distribution simulated by ``n_sim`` seeded multinomial
  draws. p = (b + 1) / (n_sim + 1), where b draws are no more probable than the observed
  counts (Davison & Hinkley 1997, eq. 4.11, which keeps the test valid); its Monte Carlo
  standard error sqrt(p (1 - p) / n_sim) is reported.
* **Pearson chi-square** (:func:`scipy.stats.chisquare`, m - 1 degrees of freedom), whose
  chi-square approximation holds when every expected count is at least 5 (Cochran 1954).

The rule (``method="auto"``): exact when the number of compositions C(n + m - 1, m - 1) is
at most :data:`EXACT_MAX_COMPOSITIONS` (workshop-sized samples: n = 30 over 5 age bands is
46,376 compositions); otherwise Monte Carlo when any expected count n * p is below 5;
otherwise chi-square. ``benchmarks/participation_calibration.py`` measures the type I
error of this rule by simulation.
"""

from __future__ import annotations

import functools
import math
from itertools import combinations
from typing import Any

import numpy as np

from ..i18n import _

__all__ = ["EXACT_MAX_COMPOSITIONS", "METHODS", "goodness_of_fit", "pick_method"]

#: Largest number of compositions the exact test enumerates (about 0.3 s, 10 MB).
EXACT_MAX_COMPOSITIONS = 200_000
#: Names of the tests, as ``method=`` takes them and the results report them.
METHODS = ("exact", "monte_carlo", "chi_square")
_TIE = 1e-7


def _log_pmf(counts: np.ndarray, log_p: np.ndarray, n: int) -> np.ndarray:
    from scipy.special import gammaln

    return gammaln(n + 1) - gammaln(counts + 1).sum(axis=-1) + (counts * log_p).sum(axis=-1)


@functools.lru_cache(maxsize=4)
def _compositions(n: int, m: int) -> np.ndarray:
    """Every vector of ``m`` non-negative integers summing to ``n`` (stars and bars).

    Cached (a few arrays of at most 200,000 rows), read-only.
    """
    bars = np.array(list(combinations(range(n + m - 1), m - 1)), dtype=np.int64)
    bars = bars.reshape(-1, m - 1)
    edges = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), n + m - 1)])
    out = np.diff(edges, axis=1) - 1
    out.setflags(write=False)
    return out


def pick_method(n: int, expected: np.ndarray) -> str:
    """The test ``method="auto"`` uses for ``n`` people over categories with ``expected`` counts.

    Examples
    --------
    >>> pick_method(12, np.array([6.0, 6.0])), pick_method(400, np.array([100.0] * 4 + [1.0] * 3))
    ('exact', 'monte_carlo')
    >>> pick_method(1000, np.array([200.0] * 5))
    'chi_square'
    """
    m = len(expected)
    if math.comb(n + m - 1, m - 1) <= EXACT_MAX_COMPOSITIONS:
        return "exact"
    if (np.asarray(expected) < 5).any():
        return "monte_carlo"
    return "chi_square"


def goodness_of_fit(
    observed: np.ndarray,
    shares: np.ndarray,
    *,
    method: str = "auto",
    n_sim: int = 20_000,
    seed: int | None = 0,
) -> dict[str, Any]:
    """Test observed counts against population shares.

    Parameters
    ----------
    observed : array of int
        Counts per category (at least two categories).
    shares : array of float
        Population shares of the same categories, positive, summing to 1.
    method : {"auto", "exact", "monte_carlo", "chi_square"}
    n_sim : int
        Draws of the Monte Carlo test.
    seed : int or None
        Seed of the Monte Carlo test (the same seed gives the same p-value).

    Returns
    -------
    dict
        ``method``, ``statistic`` (Pearson's X², reported for every method), ``df``,
        ``p_value``, ``mc_se`` (Monte Carlo standard error, NaN otherwise).

    Examples
    --------
    >>> r = goodness_of_fit(np.array([3, 1]), np.array([0.5, 0.5]))
    >>> r["method"], round(r["p_value"], 4)  # P(0,4)+P(1,3)+P(3,1)+P(4,0) = 10/16
    ('exact', 0.625)
    """
    from scipy import stats

    obs = np.asarray(observed, dtype=np.int64)
    p = np.asarray(shares, dtype=float)
    p = p / p.sum()
    n = int(obs.sum())
    m = len(obs)
    if m < 2 or n < 1:
        msg = _("A goodness-of-fit test needs at least two categories and one person.")
        raise ValueError(msg)
    expected = n * p
    chosen = pick_method(n, expected) if method == "auto" else method
    if chosen not in METHODS:
        msg = _("method must be 'auto' or one of {methods}; got {method}.").format(
            methods=", ".join(METHODS), method=repr(method)
        )
        raise ValueError(msg)
    statistic = float(((obs - expected) ** 2 / expected).sum())
    mc_se = math.nan
    log_p = np.log(p)
    if chosen == "chi_square":
        p_value = float(stats.chisquare(obs, expected).pvalue)
    else:
        lp_obs = float(_log_pmf(obs, log_p, n))
        cut = lp_obs + _TIE * max(1.0, abs(lp_obs))
        if chosen == "exact":
            lp = _log_pmf(_compositions(n, m), log_p, n)
            p_value = float(np.exp(lp[lp <= cut]).sum())
        else:
            rng = np.random.default_rng(seed)
            draws = rng.multinomial(n, p, size=int(n_sim))
            b = int((_log_pmf(draws, log_p, n) <= cut).sum())
            p_value = (b + 1) / (int(n_sim) + 1)
            mc_se = math.sqrt(p_value * (1 - p_value) / int(n_sim))
    return {
        "method": chosen,
        "statistic": statistic,
        "df": m - 1,
        "p_value": min(1.0, p_value),
        "mc_se": mc_se,
    }
