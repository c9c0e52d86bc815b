"""Quotas for the next recruitment round, in the Sortition Foundation's CSV format.

The Sortition Foundation's stratified selection tools read a ``feature,value,min,max`` CSV:
for each feature (``age_band``, ``sex``, ``area``) and value, the fewest and most people
the selected panel may have. :func:`quotas` derives them from population shares (the
rounding is documented there); :func:`write_quotas` writes the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import _
from ..io import write_csv
from ._participation import _as_population, _people
from ._population import Population

__all__ = ["quotas", "write_quotas"]


def quotas(
    population: Population | str | Path | pd.DataFrame,
    n: int,
    *,
    by: Sequence[str] = ("age_band", "sex", "area"),
    tolerance: float = 0.0,
    participants: Any = None,
    role: str | None = "citizen",
) -> pd.DataFrame:
    """Recruitment quotas for the next round, as the Sortition Foundation's tools take them.

    For each feature (dimension) and value (category) the target is T = N * p, where N is
    the whole panel after this round (``n`` new people plus those already recruited, if
    ``participants`` is given) and p the population share. Rounding, so that every
    feature's quotas can be met by exactly ``n`` people (sum of min <= n <= sum of max):

    * without earlier participants: ``min = floor(n p (1 - tolerance))`` and
      ``max = ceil(n p (1 + tolerance))``; floors sum to at most n and ceilings to at
      least n;
    * with earlier participants (``a`` already recruited in the category): ``min =
      max(0, floor(T (1 - tolerance) - a))``, ``max = max(0, ceil(T (1 + tolerance) - a))``.
      Where earlier rounds over-recruited some categories the mins of the others can add up
      to more than n; they are then scaled by n / sum(min) and floored, so the round stays
      feasible; the panel cannot be fully balanced in one round and ``max`` still stops
      the over-recruited categories growing.

    Quotas computed with ``participants`` reveal the counts already recruited (by
    subtraction): they are a working file for the recruiting team, not for publication.

    Parameters
    ----------
    population : Population, path or DataFrame
    n : int
        People to recruit in this round.
    by : sequence of str
        Features (dimensions of the population).
    tolerance : float, default 0
        Allowed relative deviation from the target (0.1 = +/-10%).
    participants : DataFrame or Ledger, optional
        Those already recruited (their ``role`` only, see ``role``).
    role : str or None, default "citizen"

    Returns
    -------
    DataFrame
        ``feature, value, min, max`` (the Sortition Foundation CSV columns) plus
        ``target`` (T) and ``recruited`` (a).

    Examples
    --------
    >>> from cocreate_kit.ledger import read_population
    >>> pop = read_population(pd.DataFrame({"dimension": ["sex"] * 2,
    ...     "category": ["female", "male"], "share": [0.52, 0.48]}))
    >>> quotas(pop, 20, by=["sex"])[["feature", "value", "min", "max"]].values.tolist()
    [['sex', 'female', 10, 11], ['sex', 'male', 9, 10]]
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        msg = _("n must be a whole number of people, at least 1; got {n}.").format(n=repr(n))
        raise ValueError(msg)
    if not 0 <= tolerance < 1:
        msg = _("tolerance must be a fraction from 0 to below 1 (0.1 = 10%); got {value}.").format(
            value=repr(tolerance)
        )
        raise ValueError(msg)
    pop = _as_population(population)
    people = _people(participants, role) if participants is not None else None
    rows = []
    for dim in by:
        shares = pop.shares(dim)
        have = pd.Series(0, index=shares.index)
        if people is not None and dim in people.columns:
            text = people[dim].astype("string").str.strip()
            have = text.value_counts().reindex(shares.index, fill_value=0)
        total = int(n) + int(have.sum())
        target = total * shares
        eps = 1e-9  # n * p computed in floating point: 0.29 * 100 is 28.999999999999996
        low = np.maximum(0, np.floor(target * (1 - tolerance) - have + eps)).astype(int)
        high = np.maximum(0, np.ceil(target * (1 + tolerance) - have - eps)).astype(int)
        if low.sum() > n:
            low = np.floor(low * n / low.sum() + eps).astype(int)
        for cat in shares.index:
            rows.append(
                {
                    "feature": dim,
                    "value": cat,
                    "min": int(low[cat]),
                    "max": int(high[cat]),
                    "target": float(target[cat]),
                    "recruited": int(have[cat]),
                }
            )
    return pd.DataFrame(rows, columns=["feature", "value", "min", "max", "target", "recruited"])


def write_quotas(quotas: pd.DataFrame, path: str | Path) -> Path:
    """Write quotas as the Sortition Foundation's ``feature,value,min,max`` CSV.

    Written with the kit's safe CSV writer (UTF-8, formulas neutralised); only the four
    columns the Sortition Foundation's tools read.

    Examples
    --------
    >>> import tempfile
    >>> q = pd.DataFrame({"feature": ["sex"], "value": ["female"], "min": [3], "max": [4]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(write_quotas(q, Path(d) / "quotas.csv").read_text().splitlines())
    ['feature,value,min,max', 'sex,female,3,4']
    """
    return write_csv(quotas[["feature", "value", "min", "max"]], Path(path))
