"""Guess metric kinds from a data file's columns (when no analysis plan names them)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .._parse import BOOL_FALSE, BOOL_TRUE

__all__ = ["infer_kinds"]

_TIME_NAME = re.compile(r"(time|seconds|duration|_s$|_sec$|_secs$)", re.I)
# yes/no words in English and Danish (cocreate_kit._parse); "1.0"/"0.0" are floats, not words
_BIN_WORDS = (BOOL_TRUE | BOOL_FALSE) - {"1.0", "0.0"}


def infer_kinds(data: pd.DataFrame, *, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Guess each metric column's kind from its name and values.

    Rules, in order: only 0/1 (or yes/no, true/false) -> binary; a name with "sus" and
    values within 0..100 -> sus; a name like time/seconds/duration/``*_s`` -> time (its
    values must then be positive: zero or negative times are reported as errors); whole numbers from 1 to at most 7 -> likert; whole numbers >= 0 ->
    count; other numbers -> continuous. Text columns are not metrics.

    Examples
    --------
    >>> import pandas as pd
    >>> infer_kinds(pd.DataFrame({"done": [0, 1], "time_s": [3.5, 9.0], "sat": [1, 5],
    ...                           "errors": [0, 12], "note": ["a", "b"]}))
    {'done': 'binary', 'time_s': 'time', 'sat': 'likert', 'errors': 'count'}
    """
    out = {}
    for col in data.columns:
        if col in exclude:
            continue
        s = data[col].dropna()
        if _is_binary(s):
            out[col] = "binary"
            continue
        num = pd.to_numeric(s, errors="coerce")
        if len(num) == 0 or num.isna().mean() > 0.5:
            continue
        num = num.dropna()
        whole = bool((num == np.round(num)).all())
        if "sus" in str(col).lower() and num.between(0, 100).all():
            out[col] = "sus"
        elif _TIME_NAME.search(str(col)):
            out[col] = "time"
        elif whole and num.min() >= 1 and num.max() <= 7:
            out[col] = "likert"
        elif whole and num.min() >= 0:
            out[col] = "count"
        else:
            out[col] = "continuous"
    return out


def _is_binary(s: pd.Series) -> bool:
    """True if the non-missing values ``s`` are only 0/1 words (at most two distinct).

    Integer and float columns are decided without turning every value into text (a 5M-row
    column as Python strings takes hundreds of MB), with the same answer as the text rule:
    integers print as "0"/"1", so they are binary exactly when every value is 0 or 1; a
    float always prints with a point, exponent, "inf" or "nan", never as one of the words.
    """
    if pd.api.types.is_float_dtype(s.dtype):
        return False
    if pd.api.types.is_integer_dtype(s.dtype):
        return len(s) > 0 and bool(s.isin([0, 1]).all())
    text = s.astype(str).str.strip().str.lower()
    text = text[text != ""]
    return bool(len(text) and text.isin(_BIN_WORDS).all() and text.nunique() <= 2)
