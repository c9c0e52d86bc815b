"""Declarative column checks that report every problem at once.

Pillars describe the columns they need with :class:`Column` and call
:func:`validate_frame`. It coerces types (numbers, integers, datetimes, categories) and
raises one :class:`~cocreate_kit.DataError` naming file, row, column, value and expectation
for every bad cell, instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._errors import ProblemCollector
from .i18n import N_, _, fmt_int, fmt_number

__all__ = ["Column", "validate_frame", "collector_for"]

Kind = Literal["number", "integer", "string", "category", "datetime", "bool", "any"]

_MAX_PER_COLUMN = 20


@dataclass(frozen=True)
class Column:
    """What one column must hold.

    Parameters
    ----------
    name : str
        Column name in the data.
    kind : {"number", "integer", "string", "category", "datetime", "bool", "any"}
        Expected type. Numbers accept decimal commas already parsed by the loader.
    required : bool
        The column must exist.
    nullable : bool
        Empty cells are allowed.
    min, max : float, optional
        Inclusive numeric bounds.
    allowed : sequence, optional
        Allowed values (for ``category``; compared as text, case-sensitive).
    unique : bool
        Values must not repeat.
    description : str
        What the column holds; used in messages and the published schema.
    """

    name: str
    kind: Kind = "any"
    required: bool = True
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    allowed: Sequence[Any] | None = None
    unique: bool = False
    description: str = ""

    def expectation(self) -> str:
        """Describe in words what a valid value looks like."""
        base = _(_KIND_EXPECTATION[self.kind])
        if self.allowed is not None:
            vals = ", ".join(repr(v) for v in list(self.allowed)[:12])
            base = _("one of {values}").format(values=vals)
        lo, hi = (
            None if v is None else fmt_number(v, 6, group=False) for v in (self.min, self.max)
        )
        if lo is not None and hi is not None:
            base = _("{what} from {min} to {max}").format(what=base, min=lo, max=hi)
        elif lo is not None:
            base = _("{what} of at least {min}").format(what=base, min=lo)
        elif hi is not None:
            base = _("{what} of at most {max}").format(what=base, max=hi)
        return base


#: What a valid value of each kind looks like (translated where shown).
_KIND_EXPECTATION = {
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "string": N_("text"),
    "category": N_("one of the allowed values"),
    "datetime": N_("a date/time such as 2026-03-01 09:30"),
    "bool": N_("yes/no (true/false, 1/0, ja/nej)"),
    "any": N_("a value"),
}


def collector_for(data: pd.DataFrame, file: str | None = None) -> ProblemCollector:
    """A :class:`ProblemCollector` that knows the file and row numbering of ``data``."""
    return ProblemCollector(
        file or data.attrs.get("source"), row_offset=int(data.attrs.get("row_offset", 0))
    )


def _row_label(data: pd.DataFrame, pos: int) -> Any:
    if "row_offset" in data.attrs:
        return int(pos) + int(data.attrs["row_offset"])
    return data.index[pos] if isinstance(data.index[pos], (int, np.integer, str)) else pos


_TRUE = {"true", "1", "yes", "y", "ja", "j", "sand"}
_FALSE = {"false", "0", "no", "n", "nej", "falsk"}


def _coerce(col: Column, s: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """Return (coerced series, mask of non-empty cells that failed to coerce)."""
    present = s.notna() & (s.astype("string").str.strip() != "")
    if col.kind in ("number", "integer"):
        if pd.api.types.is_numeric_dtype(s):
            out = pd.to_numeric(s, errors="coerce")
        else:
            from .io import parse_number

            out = pd.Series(
                [
                    parse_number(v, decimal) if p else np.nan
                    for v, p in zip(s, present, strict=True)
                ],
                index=s.index,
                dtype="float64",
            )
        bad = present & out.isna()
        if col.kind == "integer":
            frac = out.notna() & (out != np.floor(out.fillna(0)))
            bad |= frac
        return out.astype("float64"), bad
    if col.kind == "datetime":
        if pd.api.types.is_datetime64_any_dtype(s):
            return s, pd.Series(False, index=s.index)
        out = pd.to_datetime(s, errors="coerce", format="mixed")
        return out, present & out.isna()
    if col.kind == "bool":
        txt = s.astype("string").str.strip().str.lower()
        out = pd.Series(pd.NA, index=s.index, dtype="boolean")
        out[txt.isin(_TRUE).fillna(False)] = True
        out[txt.isin(_FALSE).fillna(False)] = False
        return out, present & out.isna()
    if col.kind in ("string", "category"):
        out = s.where(s.isna(), s.astype(str).str.strip())
        return out, pd.Series(False, index=s.index)
    return s, pd.Series(False, index=s.index)


def validate_frame(
    data: pd.DataFrame,
    columns: Iterable[Column],
    *,
    file: str | None = None,
    collector: ProblemCollector | None = None,
) -> pd.DataFrame:
    """Check and coerce ``data`` against ``columns``, raising every problem at once.

    Parameters
    ----------
    data : DataFrame
        Data as loaded by :func:`cocreate_kit.io.read_table` (or any DataFrame).
    columns : iterable of Column
        The expected columns. Extra columns are kept untouched.
    file : str, optional
        File name to report; defaults to ``data.attrs["source"]``.
    collector : ProblemCollector, optional
        Add problems here instead of raising, so callers can add their own checks first.

    Returns
    -------
    DataFrame
        A copy with the listed columns coerced to their kinds.

    Raises
    ------
    DataError
        Listing every missing column and bad cell (up to 20 per column, then a count).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"minutes": ["5", "x", "-1"]})
    >>> validate_frame(df, [Column("minutes", "number", min=0)], file="steps.csv")
    Traceback (most recent call last):
    ...
    cocreate_kit._errors.DataError: 2 problems in 'steps.csv':
      - row 1, column 'minutes': value 'x'; expected a number of at least 0
      - row 2, column 'minutes': value -1.0; expected a number of at least 0
    """
    own = collector is None
    pc = collector if collector is not None else collector_for(data, file)
    if file is not None:
        pc.file = file
    out = data.copy()
    for col in columns:
        if col.name not in data.columns:
            if col.required:
                close = ", ".join(repr(c) for c in list(data.columns)[:15])
                pc.add(
                    row=1 if "row_offset" in data.attrs else None,
                    column=col.name,
                    value=None,
                    expected=_(
                        "a column named {name} ({expected}); the file has: {columns}"
                    ).format(name=repr(col.name), expected=col.expectation(), columns=close),
                )
            continue
        raw = data[col.name]
        coerced, bad = _coerce(col, raw, data.attrs.get("decimal", "."))
        empty = raw.isna() | (raw.astype("string").str.strip() == "")
        if not col.nullable:
            bad = bad | empty.fillna(True)
        if col.kind in ("number", "integer"):
            if col.min is not None:
                bad |= coerced.notna() & (coerced < col.min)
            if col.max is not None:
                bad |= coerced.notna() & (coerced > col.max)
        if col.allowed is not None:
            allowed = {str(a) for a in col.allowed}
            txt = coerced.astype("string")
            if col.kind in ("number", "integer"):
                txt = coerced.map(lambda v: f"{v:g}" if pd.notna(v) else v).astype("string")
            bad |= ~empty & ~txt.isin(allowed).fillna(False)
        if col.unique:
            bad |= ~empty & coerced.duplicated(keep="first")
        positions = np.flatnonzero(bad.to_numpy(dtype=bool))
        for pos in positions[:_MAX_PER_COLUMN]:
            value = raw.iloc[pos]
            if col.kind in ("number", "integer") and pd.notna(coerced.iloc[pos]):
                value = coerced.iloc[pos]
            expected = col.expectation()
            if col.unique and not empty.iloc[pos] and coerced.duplicated(keep="first").iloc[pos]:
                expected = _("a value not used in an earlier row (must be unique)")
            pc.add(row=_row_label(data, pos), column=col.name, value=value, expected=expected)
        if len(positions) > _MAX_PER_COLUMN:
            pc.add(
                row=None,
                column=col.name,
                value=_("{n} more rows").format(n=fmt_int(len(positions) - _MAX_PER_COLUMN)),
                expected=col.expectation(),
            )
        out[col.name] = coerced
    if own:
        pc.raise_if_any()
    return out
