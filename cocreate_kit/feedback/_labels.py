"""Answer label sets: the words survey tools write instead of numbers, English and Danish.

A column answered with labels is read with ONE label set, chosen per column: the first set
in :data:`LABEL_SETS` that holds every label the column uses. The order matters where sets
share words with different values: the 5-point sets come first, then the 7-point sets
("Agree" is 4 of 5 on the English 5-point scale but 6 of 7 on the 7-point scale, so a column
that also uses "Somewhat agree" is read as 7-point), and last the mixed 5-point table the
kit has always accepted (e.g. Danish and English labels in one column).

Decisions:

* SUS, Likert, A-11 and CSAT are 5-point in this kit (Brooke's SUS formula, the 5-bucket
  Likert chart, the CSAT top-2-box): a column answered with a 7-point set is refused with a
  message naming the set, not silently squeezed onto 1-5. UMUX-Lite is 7-point and reads
  the 7-point sets.
* "Don't know", "Ved ikke", "Not applicable", "Ikke relevant" ... mean no answer
  (:data:`~cocreate_kit.feedback._scales.DONT_KNOW`).
* A number with its label, as some tools export choice text ("5 - Strongly agree",
  "1 = Helt uenig"), is read as the number.
* Every cell that is neither a number on the scale, a label of the chosen set nor "don't
  know" is reported (row, column, value) in one :class:`~cocreate_kit.DataError`, whose last
  line lists the accepted sets.

Examples
--------
>>> import pandas as pd
>>> v, bad, name = read_answers(pd.Series(["Somewhat agree", "Strongly disagree", "Ved ikke"]), 1, 5)
>>> v.tolist()[:2], bad.tolist(), name
([4.0, 1.0], [False, False, False], 'Qualtrics agreement, 5-point')
>>> read_answers(pd.Series(["Agree", "Somewhat agree"]), 1, 7)[0].tolist()
[6.0, 5.0]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._scales import _WITH_NUMBER, DONT_KNOW, LIKERT_5, _convert, _norm

__all__ = ["LABEL_SETS", "accepted_sets", "label_set_of", "read_answers"]


def _set(*groups: tuple[str, ...]) -> dict[str, int]:
    return {lab: i + 1 for i, labs in enumerate(groups) for lab in labs}


_NEITHER = ("neither agree nor disagree", "neither", "neutral")
_HVERKEN = ("hverken enig eller uenig", "hverken/eller", "hverken eller")
_NEITHER_SAT = ("neither satisfied nor dissatisfied", "neutral")
_HVERKEN_SAT = ("hverken tilfreds eller utilfreds", "hverken/eller")

#: (name, points, {normalised label: value}) in the order they are tried.
LABEL_SETS: tuple[tuple[str, int, dict[str, int]], ...] = (
    (
        "English agreement, 5-point",
        5,
        _set(("strongly disagree",), ("disagree",), _NEITHER, ("agree",), ("strongly agree",)),
    ),
    (
        "Qualtrics agreement, 5-point",
        5,
        _set(
            ("strongly disagree",),
            ("somewhat disagree",),
            _NEITHER,
            ("somewhat agree",),
            ("strongly agree",),
        ),
    ),
    (
        "Danish agreement, 5-point",
        5,
        _set(
            ("helt uenig", "meget uenig"),
            ("uenig",),
            _HVERKEN,
            ("enig",),
            ("helt enig", "meget enig"),
        ),
    ),
    (
        "Danish agreement (delvist), 5-point",
        5,
        _set(
            ("helt uenig",),
            ("delvist uenig", "overvejende uenig"),
            _HVERKEN,
            ("delvist enig", "overvejende enig"),
            ("helt enig",),
        ),
    ),
    (
        "English satisfaction, 5-point",
        5,
        _set(
            ("very dissatisfied", "extremely dissatisfied"),
            ("dissatisfied", "somewhat dissatisfied"),
            _NEITHER_SAT,
            ("satisfied", "somewhat satisfied"),
            ("very satisfied", "extremely satisfied"),
        ),
    ),
    (
        "Danish satisfaction, 5-point",
        5,
        _set(
            ("meget utilfreds",),
            ("utilfreds",),
            _HVERKEN_SAT,
            ("tilfreds",),
            ("meget tilfreds",),
        ),
    ),
    (
        "English quality, 5-point",
        5,
        _set(
            ("very poor",), ("poor",), ("neither good nor poor", "fair"), ("good",), ("very good",)
        ),
    ),
    (
        "Danish quality, 5-point",
        5,
        _set(
            ("meget dårlig",),
            ("dårlig",),
            ("hverken god eller dårlig",),
            ("god",),
            ("meget god",),
        ),
    ),
    (
        "English agreement, 7-point",
        7,
        _set(
            ("strongly disagree",),
            ("disagree",),
            ("somewhat disagree", "slightly disagree"),
            _NEITHER,
            ("somewhat agree", "slightly agree"),
            ("agree",),
            ("strongly agree",),
        ),
    ),
    (
        "Danish agreement, 7-point",
        7,
        _set(
            ("helt uenig",),
            ("uenig",),
            ("delvist uenig", "lidt uenig"),
            _HVERKEN,
            ("delvist enig", "lidt enig"),
            ("enig",),
            ("helt enig",),
        ),
    ),
    (
        "English satisfaction, 7-point",
        7,
        _set(
            ("very dissatisfied", "extremely dissatisfied"),
            ("dissatisfied", "moderately dissatisfied"),
            ("somewhat dissatisfied", "slightly dissatisfied"),
            _NEITHER_SAT,
            ("somewhat satisfied", "slightly satisfied"),
            ("satisfied", "moderately satisfied"),
            ("very satisfied", "extremely satisfied"),
        ),
    ),
    (
        "Danish satisfaction, 7-point",
        7,
        _set(
            ("meget utilfreds",),
            ("utilfreds",),
            ("lidt utilfreds", "delvist utilfreds"),
            _HVERKEN_SAT,
            ("lidt tilfreds", "delvist tilfreds"),
            ("tilfreds",),
            ("meget tilfreds",),
        ),
    ),
    ("mixed Danish/English labels, 5-point", 5, dict(LIKERT_5)),
)

_FIRST = {name: next(iter(m)) for name, _, m in LABEL_SETS}
_LAST = {name: next(lab for lab, v in m.items() if v == p) for name, p, m in LABEL_SETS}


def _is_missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def _labels_used(series: pd.Series) -> set[str]:
    out = set()
    for v in pd.unique(series.dropna()).tolist():
        if _is_missing(v) or isinstance(v, (int, float, np.number)):
            continue
        s = _norm(v)
        if s and s not in DONT_KNOW and not _WITH_NUMBER.match(s):
            try:
                float(s.replace(",", "."))
            except ValueError:
                out.add(s)
    return out


def label_set_of(series: pd.Series) -> tuple[str, int, dict[str, int]] | None:
    """The first label set holding every label of ``series`` (None without labels or when
    no single set holds them all).

    Examples
    --------
    >>> label_set_of(pd.Series(["Helt enig", "Uenig", "3"]))[0]
    'Danish agreement, 5-point'
    >>> label_set_of(pd.Series([1, 2])) is None
    True
    """
    used = _labels_used(series)
    if not used:
        return None
    return next((s for s in LABEL_SETS if used <= s[2].keys()), None)


def _best_set(series: pd.Series) -> tuple[str, int, dict[str, int]] | None:
    """:func:`label_set_of`, else the set holding most of the labels (the others are bad)."""
    used = _labels_used(series)
    if not used:
        return None
    found = next((s for s in LABEL_SETS if used <= s[2].keys()), None)
    if found is not None:
        return found
    best = max(LABEL_SETS, key=lambda s: len(used & s[2].keys()))
    return best if used & best[2].keys() else None


def accepted_sets(points: tuple[int, ...] = (5,)) -> str:
    """The accepted label sets of ``points`` as one readable line (for error messages).

    Examples
    --------
    >>> accepted_sets((7,)).split("; ")[0]
    "English agreement, 7-point ('Strongly disagree' ... 'Strongly agree')"
    """
    return "; ".join(
        f"{name} ({_FIRST[name].capitalize()!r} ... {_LAST[name].capitalize()!r})"
        for name, p, _ in LABEL_SETS
        if p in points
    )


def read_answers(
    series: pd.Series, low: int, high: int, *, labels: bool = True
) -> tuple[pd.Series, pd.Series, str | None]:
    """Answers as numbers on ``low..high``, reading labels with the column's label set.

    Returns
    -------
    (values, bad, set_name)
        ``values`` as floats (NaN = no answer), ``bad`` marks cells that are neither on the
        scale, a label of the set, nor "don't know"; ``set_name`` names the set used (None
        for numbers only).
    """
    points = high - low + 1
    chosen = _best_set(series) if labels and low == 1 and points in (5, 7) else None
    mapping = chosen[2] if chosen is not None and chosen[1] == points else {}
    values, bad = _convert(series, low, high, mapping, choice_text=True)
    return values, bad, chosen[0] if chosen is not None else None
