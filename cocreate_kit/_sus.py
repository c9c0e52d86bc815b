"""SUS reference values shared by the prototype-test and feedback pillars.

The curved grading scale is Sauro & Lewis's (Quantifying the User Experience, 2nd ed.,
Table 8.5): the lower bound of each grade for a mean SUS score. A mean of 68 is about the
50th percentile of their benchmark data and is the usual comparison value.
"""

from __future__ import annotations

import math

__all__ = ["SUS_BENCHMARK", "SUS_GRADES", "sus_grade"]

#: Mean SUS score at about the 50th percentile (Sauro & Lewis).
SUS_BENCHMARK = 68.0

#: (lower bound, grade) pairs, highest first; below 51.7 is an F.
SUS_GRADES = (
    (84.1, "A+"),
    (80.8, "A"),
    (78.9, "A-"),
    (77.2, "B+"),
    (74.1, "B"),
    (72.6, "B-"),
    (71.1, "C+"),
    (65.0, "C"),
    (62.7, "C-"),
    (51.7, "D"),
)


def sus_grade(score: float | None) -> str:
    """Sauro-Lewis curved grade of a mean SUS score; "–" for a missing score.

    Examples
    --------
    >>> sus_grade(68.0), sus_grade(85), sus_grade(40), sus_grade(float("nan"))
    ('C', 'A+', 'F', '–')
    """
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "–"
    for low, grade in SUS_GRADES:
        if score >= low:
            return grade
    return "F"
