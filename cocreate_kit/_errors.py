"""One error type for bad user data, carrying every problem at once.

Every loader and validator in the kit collects problems into a :class:`ProblemCollector`
and raises a single :class:`DataError`. Each problem names the file, the row, the column,
the offending value and what was expected, so a user can fix a whole file in one pass.

Row numbers follow the spreadsheet a user sees: the header is row 1, so the first data row
is row 2. For a DataFrame that did not come from a file, the row is the index label.

This module does not import pandas (``import cocreate_kit`` imports it, for
:class:`DataError` and :class:`Problem`, and should stay light): :meth:`DataError.table`
imports pandas when called, and a missing value is recognised with pandas only when pandas
is already loaded (its ``NA``/``NaT`` cannot exist otherwise).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .i18n import _, fmt_int, ngettext

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DataError", "Problem", "ProblemCollector"]

_MAX_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file."""

    file: str | None
    row: Any
    column: str | None
    value: Any
    expected: str

    def __str__(self) -> str:
        """The problem in the current language: "row 3, column 'x': value 'a'; expected ..."."""
        where = []
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column is not None:
            where.append(_("column {column}").format(column=repr(self.column)))
        loc = ", ".join(where) if where else _("file")
        value = "" if _is_missing(self.value) and self.value is not None else self.value
        shown = _("(empty)") if value is None or value == "" else repr(value)
        # Translators: "row 3, column 'minutes': value 'abc'; expected a number".
        return _("{where}: value {value}; expected {expected}").format(
            where=loc, value=shown, expected=self.expected
        )


def _is_missing(value: Any) -> bool:
    """True for a missing scalar: NaN of any float type, NaT, ``pd.NA``, ``None``.

    Examples
    --------
    >>> _is_missing(float("nan")), _is_missing(None), _is_missing("x"), _is_missing([1])
    (True, True, False, False)
    """
    pandas = sys.modules.get("pandas")
    try:
        if pandas is not None:
            return bool(pandas.isna(value))
        return value is None or bool(value != value)  # NaN and NaT are unequal to themselves
    except (TypeError, ValueError):
        return False


class DataError(ValueError):
    """Bad user data: every problem found, each with file, row, column, value and expectation.

    Attributes
    ----------
    problems : list of Problem
        All problems, in the order they were found.
    file : str or None
        The file they were found in, when there was one.
    """

    def __init__(self, problems: list[Problem], file: str | None = None) -> None:
        self.problems = list(problems)
        self.file = file
        super().__init__(self._message())

    def __str__(self) -> str:
        # Built when shown, so the message follows the language current then (the one of
        # the app or notebook that catches it), not the one current when it was raised.
        return self._message()

    def _message(self) -> str:
        n = len(self.problems)
        if self.file:
            head = ngettext("{n} problem in {file}:", "{n} problems in {file}:", n)
        else:
            head = ngettext("{n} problem:", "{n} problems:", n)
        head = head.format(n=fmt_int(n), file=repr(self.file))
        lines = [f"  - {self._where(p)}{p}" for p in self.problems[:_MAX_SHOWN]]
        if n > _MAX_SHOWN:
            more = _("... and {n} more (see DataError.table())").format(n=fmt_int(n - _MAX_SHOWN))
            lines.append(f"  {more}")
        return "\n".join([head, *lines])

    def _where(self, p: Problem) -> str:
        """The part of a problem's file the heading does not already name (a sheet, a
        table): ``"sheet 'steps': "`` for ``"map.xlsx, sheet 'steps'"`` under ``map.xlsx``."""
        if not p.file or p.file == self.file:
            return ""
        if self.file and p.file.startswith(f"{self.file}, "):
            return p.file[len(self.file) + 2 :] + ": "
        return f"{p.file}: "

    def table(self) -> pd.DataFrame:
        """Return the problems as a DataFrame with columns file, row, column, value, expected."""
        import pandas as pd

        return pd.DataFrame(
            [(p.file, p.row, p.column, p.value, p.expected) for p in self.problems],
            columns=["file", "row", "column", "value", "expected"],
        )


class ProblemCollector:
    """Collect problems, then raise them all at once.

    Parameters
    ----------
    file : str, optional
        File name reported with every problem.
    row_offset : int, default 2
        Added to a 0-based position to give the spreadsheet row (header is row 1).

    Examples
    --------
    >>> pc = ProblemCollector("visits.csv")
    >>> pc.add(row=3, column="minutes", value="abc", expected="a number")
    >>> pc.raise_if_any()
    Traceback (most recent call last):
    ...
    cocreate_kit._errors.DataError: 1 problem in 'visits.csv':
      - row 3, column 'minutes': value 'abc'; expected a number
    """

    def __init__(self, file: str | None = None, *, row_offset: int = 2) -> None:
        self.file = file
        self.row_offset = row_offset
        self.problems: list[Problem] = []

    def add(
        self, *, row: Any = None, column: str | None = None, value: Any = None, expected: str
    ) -> None:
        """Record one problem. ``row`` is already a user-facing row number or label."""
        self.problems.append(Problem(self.file, row, column, _plain(value), expected))

    def add_position(self, pos: int, *, column: str | None, value: Any, expected: str) -> None:
        """Record a problem at 0-based data position ``pos`` (converted to a spreadsheet row)."""
        self.add(row=int(pos) + self.row_offset, column=column, value=value, expected=expected)

    def extend(self, other: DataError | ProblemCollector) -> None:
        """Take over the problems of another collector or error."""
        self.problems.extend(other.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        """Raise one :class:`DataError` holding every problem, if there are any."""
        if self.problems:
            raise DataError(self.problems, file=self.file)


def _plain(value: Any) -> Any:
    """Turn numpy scalars into plain Python values so messages read naturally."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value
