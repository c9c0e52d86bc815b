"""Column typing for :mod:`cocreate_kit.io`: decimal comma/point numbers, chunked typing.

Private: :func:`parse_number` is public as :func:`cocreate_kit.io.parse_number`. A column
becomes numeric only when every non-empty value parses as a number (see :mod:`cocreate_kit.io`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._io_text import MemoryFile, readable

_NUM_POINT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NUM_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


def parse_number(value: object, decimal: str = ".") -> float | None:
    """Parse one cell as a number honouring the file's decimal mark; None if it is not one.

    Examples
    --------
    >>> parse_number("1.234,5", ","), parse_number("2.5"), parse_number("abc")
    (1234.5, 2.5, None)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if decimal == "," and _NUM_COMMA.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _NUM_POINT.match(text):
        return float(text)
    return None


def _to_number(series: pd.Series, decimal: str) -> pd.Series | None:
    """Parse a text column as numbers if every non-empty value is one, else return None."""
    return _classify(series, decimal)[0]


def _classify(series: pd.Series, decimal: str) -> tuple[pd.Series | None, str]:
    """(numbers or None, how): ``how`` is "empty", "text", "comma" or "point"."""
    s = series.dropna().astype(str).str.strip()
    s = s[s != ""]
    if s.empty:
        return None, "empty"
    if decimal == "," and s.str.match(_NUM_COMMA).all():
        how = "comma"
        cleaned = series.astype("string").str.strip().str.replace(".", "", regex=False)
        cleaned = cleaned.str.replace(",", ".", regex=False)
    elif s.str.match(_NUM_POINT).all():
        how = "point"
        cleaned = series.astype("string").str.strip()
    else:
        return None, "text"
    return _numbers(cleaned, s), how


def _numbers(cleaned: pd.Series, s: pd.Series) -> pd.Series:
    cleaned = cleaned.replace("", pd.NA)
    out = pd.to_numeric(cleaned, errors="coerce")
    if (out.dropna() == out.dropna().round()).all() and not s.str.contains(r"[.,eE]").any():
        return out.astype("Int64") if out.isna().any() else out.astype("int64")
    return out.astype("float64")


def _combine_chunks(
    parts: list[tuple[pd.Series | None, pd.Series | None, str]],
    p: Path | MemoryFile,
    col: str,
    read: dict[str, Any],
    decimal: str,
) -> pd.Series:
    """Join one column's typed chunks exactly as if the whole column were typed at once.

    Each part is (text or None, numbers or None, how). The column is numeric only if every
    chunk with values was numeric by the same rule (decimal comma or point), and whole
    numbers only if every such chunk was. If chunks disagree (rare), the column's text is
    read again and typed as a whole.
    """
    hows = {how for _, _, how in parts} - {"empty"}
    if len(hows) == 1 and hows <= {"comma", "point"}:
        if all(n is not None and n.dtype == np.int64 for _, n, _ in parts):
            # Whole numbers, no gaps: what the Int64 route below gives, without its copies.
            return pd.concat([n for _, n, _ in parts], ignore_index=True)
        full = [n if n is not None else t.astype("float64") for t, n, _ in parts]
        if all(n is None or n.dtype.kind in "iu" or str(n.dtype) == "Int64" for _, n, _ in parts):
            out = pd.concat([f.astype("Int64") for f in full], ignore_index=True)
            return out if out.isna().any() else out.astype("int64")
        return pd.concat([f.astype("float64") for f in full], ignore_index=True)
    if not hows & {"comma", "point"}:
        return pd.concat([t for t, _, _ in parts], ignore_index=True)
    text = pd.read_csv(readable(p), usecols=[col], **read)[col]
    num = _to_number(text, decimal)
    return num if num is not None else text


def _infer_types(df: pd.DataFrame, decimal: str) -> pd.DataFrame:
    out = {}
    for col in df.columns:
        num = _to_number(df[col], decimal)
        out[col] = num if num is not None else df[col]
    return pd.DataFrame(out, index=df.index)
