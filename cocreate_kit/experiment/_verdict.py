"""Verdicts: four honest states computed from the comparison, with a caveat.

Decision rules, applied in this order to each variant against control:

1. **equivalent within the margin** - only when a ``margin`` was declared: the two
   one-sided tests (TOST) both reject at ``alpha`` (the 1 - 2 alpha interval lies within
   +/- margin). This wins over "better"/"worse": a detectable but smaller-than-margin
   difference is reported as practically equivalent, with the difference in the caveat.
2. **better / worse** - the Holm-adjusted p-value is below ``alpha`` *and* the effect's
   confidence interval excludes "no difference"; the sign, read with the metric's
   direction (shorter times and fewer errors are better), decides which.
3. **Small-sample guard** - when the smaller arm has fewer than :data:`SMALL_N` (20)
   participants and the two arms' own intervals overlap, rule 2 is withheld: no winner is
   declared from tiny samples with overlapping intervals. An arm interval of zero width
   (values without spread) counts as overlapping. The p-value shown beside a held-back
   verdict is labelled "not used for the verdict" (``Comparison.table["p_note"]``).
4. Otherwise: **not enough evidence yet**. This includes data without spread, whose
   p-value and interval are NaN (not computable; see :mod:`._methods`).

Every verdict carries a caveat sentence and the sentence "about N more participants per
variant would detect a difference of X" (80% power, same alpha, the per-participant variance
taken from the data). X is the plan's minimum detectable effect for the primary metric; else,
after a better/worse verdict, the observed effect; else the larger of the observed effect
and the kind's default smallest meaningful difference (:data:`DEFAULT_MDE`). With the
small-sample guard active, at least :data:`SMALL_N` per variant is asked for.
"""

from __future__ import annotations

import math

from ..thresholds import SMALL_N_VERDICT

__all__ = [
    "BETTER",
    "WORSE",
    "EQUIVALENT",
    "UNCLEAR",
    "VERDICTS",
    "SMALL_N",
    "DEFAULT_MDE",
    "decide",
]

BETTER = "better"
WORSE = "worse"
EQUIVALENT = "equivalent within the margin"
UNCLEAR = "not enough evidence yet"
#: The four verdicts, in the order charts and apps list them.
VERDICTS = (BETTER, WORSE, EQUIVALENT, UNCLEAR)

#: Below this many participants in the smaller arm, overlapping arm intervals block a winner
#: (:data:`cocreate_kit.thresholds.SMALL_N_VERDICT`; the old name is kept as an alias).
SMALL_N = SMALL_N_VERDICT

#: Smallest meaningful difference per kind, on the test scale, when no plan gives one:
#: 10 percentage points; 20% shorter times (log 1.25); 5 SUS points; probability of
#: superiority 0.6; 20% fewer events (log 1.25). Continuous uses half a standard deviation.
DEFAULT_MDE = {
    "binary": 0.10,
    "time": math.log(1.25),
    "sus": 5.0,
    "likert": 0.10,
    "count": math.log(1.25),
}


def decide(
    *,
    p_adjusted: float,
    ci_low: float,
    ci_high: float,
    null: float,
    direction: int,
    alpha: float,
    small_overlap: bool,
    p_tost: float | None = None,
) -> str:
    """Apply the decision rules above and return one of the four verdicts.

    Examples
    --------
    >>> decide(p_adjusted=0.01, ci_low=0.05, ci_high=0.3, null=0, direction=1, alpha=0.05,
    ...        small_overlap=False)
    'better'
    >>> decide(p_adjusted=0.01, ci_low=0.05, ci_high=0.3, null=0, direction=1, alpha=0.05,
    ...        small_overlap=True)
    'not enough evidence yet'
    >>> decide(p_adjusted=0.01, ci_low=-0.6, ci_high=-0.1, null=0, direction=-1, alpha=0.05,
    ...        small_overlap=False)
    'better'
    """
    if p_tost is not None and p_tost < alpha:
        return EQUIVALENT
    excludes = ci_low > null or ci_high < null
    if p_adjusted < alpha and excludes and not small_overlap:
        mid = (ci_low + ci_high) / 2
        return BETTER if (mid - null) * direction > 0 else WORSE
    return UNCLEAR
