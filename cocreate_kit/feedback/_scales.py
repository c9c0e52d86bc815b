"""Answer scales: Likert labels in Danish and English mapped to 1..k.

Labels are matched after lower-casing, trimming and collapsing spaces. "Don't know" style
answers (``ved ikke``, ``don't know``, ``not applicable``, ``n/a``) become missing, not an
error. Any other text is reported as a problem naming the allowed labels.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, _

__all__ = ["LIKERT_5", "LIKERT_LABELS_EN", "DONT_KNOW", "to_scale"]

#: English labels of the 5-point agreement scale, 1..5 (used for chart legends).
LIKERT_LABELS_EN = [
    N_("Strongly disagree"),
    N_("Disagree"),
    N_("Neither agree nor disagree"),
    N_("Agree"),
    N_("Strongly agree"),
]

_AGREE = {
    1: ["strongly disagree", "helt uenig", "meget uenig"],
    2: ["disagree", "uenig", "delvist uenig", "overvejende uenig"],
    3: [
        "neither agree nor disagree",
        "neither",
        "neutral",
        "hverken enig eller uenig",
        "hverken/eller",
        "hverken eller",
    ],
    4: ["agree", "enig", "delvist enig", "overvejende enig"],
    5: ["strongly agree", "helt enig", "meget enig"],
}
_SATISFIED = {
    1: ["very dissatisfied", "meget utilfreds", "very poor", "meget dårlig"],
    2: ["dissatisfied", "utilfreds", "poor", "dårlig"],
    3: [
        "neither satisfied nor dissatisfied",
        "hverken tilfreds eller utilfreds",
        "neither good nor poor",
        "hverken god eller dårlig",
    ],
    4: ["satisfied", "tilfreds", "good", "god"],
    5: ["very satisfied", "meget tilfreds", "very good", "meget god"],
}

#: Label -> value for the 5-point agreement and satisfaction scales, Danish and English.
LIKERT_5: dict[str, int] = {
    lab: v for table in (_AGREE, _SATISFIED) for v, labs in table.items() for lab in labs
}

#: Answers treated as missing rather than as errors.
DONT_KNOW = {
    "ved ikke",
    "don't know",
    "dont know",
    "do not know",
    "not applicable",
    "n/a",
    "na",
    "ikke relevant",
    "vil ikke svare",
    "prefer not to say",
}


def _norm(v: Any) -> str:
    return re.sub(r"\s+", " ", str(v).strip().lower()).replace("\u2019", "'")


def to_scale(
    series: pd.Series,
    low: int,
    high: int,
    *,
    labels: bool = True,
) -> tuple[pd.Series, pd.Series]:
    """Convert answers to numbers on ``low..high``.

    Parameters
    ----------
    series : Series
        Numbers, numeric text, or (when ``labels`` and the scale is 1..5) Likert labels.
    low, high : int
        Inclusive scale ends.
    labels : bool
        Accept the Danish/English labels of :data:`LIKERT_5` (only for 1..5 scales).

    Returns
    -------
    (values, bad) : (Series of float, Series of bool)
        ``bad`` marks non-empty answers that are neither on the scale nor "don't know".

    Examples
    --------
    >>> v, bad = to_scale(pd.Series(["Helt enig", "2", "ved ikke", "maybe", 7]), 1, 5)
    >>> v.tolist()[:3], bad.tolist()
    ([5.0, 2.0, nan], [False, False, False, True, True])
    """
    use_labels = labels and (low, high) == (1, 5)
    return _convert(series, low, high, LIKERT_5 if use_labels else {})


# "5 - Strongly agree", "1 = Helt uenig": a number exported with its choice text.
_WITH_NUMBER = re.compile(r"^(\d+)\s*(?:[-=:.)]|\u2013)\s*\D")


def _convert(
    series: pd.Series,
    low: int,
    high: int,
    mapping: dict[str, int],
    *,
    choice_text: bool = False,
) -> tuple[pd.Series, pd.Series]:
    """Labels in ``mapping``, whole numbers on ``low..high`` (and, with ``choice_text``,
    "5 - label") to floats; "don't know" and empty to NaN; anything else marked bad."""
    # Each distinct answer is read once (a 30,000-row survey has a handful per column).
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    num = np.full(len(uniques) + 1, np.nan)  # the last slot: missing answers
    wrong = np.zeros(len(uniques) + 1, dtype=bool)
    for i, v in enumerate(uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)):
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            continue
        s = _norm(v)
        if s == "" or s in DONT_KNOW:
            continue
        if s in mapping:
            num[i] = mapping[s]
            continue
        m = _WITH_NUMBER.match(s) if choice_text else None
        try:
            x = float(m.group(1) if m else s.replace(",", "."))
        except ValueError:
            wrong[i] = True
            continue
        if x != int(x) or not low <= x <= high:
            wrong[i] = True
            continue
        num[i] = x
    idx = np.where(codes < 0, len(uniques), codes)
    return (
        pd.Series(num[idx], index=series.index, name=series.name),
        pd.Series(wrong[idx], index=series.index),
    )


def expectation(low: int, high: int, labels: bool = True) -> str:
    """Words for what a valid answer on ``low..high`` looks like."""
    if labels and (low, high) == (1, 5):
        text = _(
            "a whole number from {low} to {high} or a label such as 'Helt uenig'...'Helt enig', "
            "'Strongly disagree'...'Strongly agree', 'Meget utilfreds'...'Meget tilfreds' "
            "(or empty / 'ved ikke' for no answer)"
        )
    else:
        text = _("a whole number from {low} to {high} (or empty / 'ved ikke' for no answer)")
    return text.format(low=low, high=high)
