"""Small statistical building blocks shared by the pillars (z critical value, t interval).

scipy is imported when a function is first called, so importing this module stays light.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["z_crit", "t_interval"]


def z_crit(level: float) -> float:
    """Two-sided standard normal critical value for a confidence ``level``.

    Examples
    --------
    >>> round(z_crit(0.95), 4)
    1.96
    """
    from scipy import stats

    return float(stats.norm.ppf(0.5 + level / 2))


def t_interval(x: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``x`` with its two-sided t interval: (mean, low, high).

    With fewer than two values the interval is (nan, nan).

    Examples
    --------
    >>> m, lo, hi = t_interval(np.array([60.0, 70.0, 80.0]))
    >>> m, round(lo, 2), round(hi, 2)
    (70.0, 45.16, 94.84)
    """
    from scipy import stats

    n = len(x)
    m = float(np.mean(x))
    if n < 2:
        return m, math.nan, math.nan
    se = float(np.std(x, ddof=1)) / math.sqrt(n)
    h = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return m, m - h, m + h
