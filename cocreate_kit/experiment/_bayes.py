"""Probability that a variant beats control, and the expected loss of choosing it.

Binary outcomes use the exact Beta-binomial result with a uniform Beta(1, 1) prior on each
arm's proportion (the stated prior): each arm's posterior is Beta(1 + successes,
1 + failures), and P(B > A) has Evan Miller's closed form (evanmiller.org/bayesian-ab-testing
.html), a finite sum of Beta functions. Other kinds use a normal approximation to the
effect on its test scale (difference, log ratio, probability of superiority minus 0.5):
P(better) = Phi(d / se), with d signed so that positive means better.

Expected loss ("risk") of switching to the variant is E[max(0, control - variant)] on the
better-is-positive scale: what is given up, on average, if the variant is in fact worse.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats
from scipy.special import betaln

__all__ = [
    "prob_b_beats_a",
    "beta_expected_loss",
    "normal_prob_better",
    "normal_expected_loss",
    "PRIOR",
]

#: The stated prior of each arm's proportion.
PRIOR = (1.0, 1.0)


def prob_b_beats_a(a_a: float, b_a: float, a_b: float, b_b: float) -> float:
    """P(p_B > p_A) for p_A ~ Beta(a_a, b_a), p_B ~ Beta(a_b, b_b); ``a_b`` whole number.

    Evan Miller's closed form:
    sum_{i=0}^{a_b-1} B(a_a+i, b_a+b_b) / ((b_b+i) B(1+i, b_b) B(a_a, b_a)).

    Examples
    --------
    >>> round(prob_b_beats_a(1, 1, 1, 1), 6)
    0.5
    >>> round(prob_b_beats_a(1 + 8, 1 + 2, 1 + 10, 1 + 0), 3)
    0.893
    """
    n = int(round(a_b))
    if n > 4 * _GRID:
        # The terms are unimodal in i (checked on 3,000 random trials up to 10^6 per arm):
        # find the mode on a grid of ~_GRID points, then sum exactly every term within
        # e^-_CUT of the largest grid term, one grid step beyond on each side. Each term
        # left out is below e^-_CUT (1e-26) times the largest; a 1M-row trial sums ~10^4
        # terms instead of ~10^5 (0.4 s -> 1 ms), within 1e-15 of the full sum.
        step = -(-n // _GRID)
        grid = np.append(np.arange(0, n, step, dtype=float), n - 1.0)
        near = grid[_terms(a_a, b_a, b_b, grid) > _terms(a_a, b_a, b_b, grid).max() - _CUT]
        i = np.arange(max(0, int(near.min()) - step), min(n, int(near.max()) + step + 1))
    else:
        i = np.arange(n)
    return float(np.clip(np.exp(_terms(a_a, b_a, b_b, i.astype(float))).sum(), 0.0, 1.0))


#: Grid size and cut-off (in log units) of :func:`prob_b_beats_a` for large counts.
_GRID, _CUT = 512, 60.0


def _terms(a_a: float, b_a: float, b_b: float, i: np.ndarray) -> np.ndarray:
    """Logs of the terms of Evan Miller's sum at indices ``i``."""
    return betaln(a_a + i, b_a + b_b) - np.log(b_b + i) - betaln(1 + i, b_b) - betaln(a_a, b_a)


def beta_expected_loss(a_a: float, b_a: float, a_b: float, b_b: float) -> float:
    """E[max(0, p_A - p_B)]: the expected loss of choosing B over A.

    Uses E[p_A 1(p_A > p_B)] = mean_A P(p_A' > p_B) with p_A' ~ Beta(a_a + 1, b_a), and the
    same for B, so both terms reuse :func:`prob_b_beats_a` (needs whole-number a's).
    """
    mean_a = a_a / (a_a + b_a)
    mean_b = a_b / (a_b + b_b)
    term_a = mean_a * prob_b_beats_a(a_b, b_b, a_a + 1, b_a)
    term_b = mean_b * prob_b_beats_a(a_b + 1, b_b, a_a, b_a)
    return float(max(0.0, term_a - term_b))


def normal_prob_better(d: float, se: float) -> float:
    """P(effect > 0) for an effect ~ Normal(d, se); 0.5 / 0 / 1 when se is zero, 0.5 when
    it is infinite, NaN when it is NaN (data without spread: nothing to say)."""
    if math.isnan(se):
        return math.nan
    if se == 0 or not math.isfinite(se):
        return 0.5 if d == 0 or not math.isfinite(se) else float(d > 0)
    return float(stats.norm.cdf(d / se))


def normal_expected_loss(d: float, se: float) -> float:
    """E[max(0, -effect)] for an effect ~ Normal(d, se): se phi(d/se) - d Phi(-d/se)."""
    if se == 0 or not math.isfinite(se):
        return max(0.0, -d) if math.isfinite(se) else math.nan
    z = d / se
    return float(se * stats.norm.pdf(z) - d * stats.norm.cdf(-z))
