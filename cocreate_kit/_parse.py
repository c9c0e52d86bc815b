"""Cell values as researchers type them: durations, yes/no answers, decimal-comma numbers.

Usability-test sheets are kept by hand in Excel or Google Sheets, in English or Danish, and
their values are written the way people read them: ``04:31`` for a task time, ``ja`` for a
completed task, ``72,5`` for a SUS score. This core module turns such columns into numbers,
and says which cells it could not read, so a validator can name every bad cell at once.

Each column function returns ``(values, bad)``: float values (NaN for empty and for bad
cells) and the mask of non-empty cells that could not be read. Values are parsed once per
distinct text (a column of 100,000 times written in 300 ways is parsed 300 times).

Decisions, for experts who need to know:

* **Durations** (:func:`parse_duration`, :func:`durations`), in seconds:

  - ``m:ss`` / ``mm:ss`` (two parts are minutes and seconds: a task time, never
    hours and minutes), ``h:mm:ss``; seconds may have a decimal point or comma
    (``04:31,5``); the minutes and seconds after the first part must be below 60;
  - words: ``4 min 31 s``, ``4m31s``, ``1 h 2 min``, ``4 minutes 31 seconds`` and Danish
    ``4 min. 31 sek.``, ``4 minutter 31 sekunder``, ``1 t 5 min`` (``t``/``time``/``timer``
    is Danish for hour), each unit at most once, largest first;
  - ISO 8601 durations ``PT4M31S``, ``PT1H2M3.5S``, ``P0DT4M`` (days are 24 hours; years
    and months are refused, their length is not fixed);
  - plain numbers of seconds with a decimal point or comma (``271``, ``271,5``).

  - workbook time cells (:class:`datetime.time`, :class:`datetime.timedelta`): Excel reads
    ``04:31`` typed into a cell as 4 hours 31 minutes (it wants ``0:04:31`` for minutes and
    seconds). A researcher typing task times as ``mm:ss`` gets a column of times whose
    seconds are all zero; :func:`durations` reads such a column (every time cell with zero
    seconds, none of a day or more) as minutes:seconds, ``04:31`` -> 271 s, the way it
    was typed and is shown. A column with any non-zero seconds is read as h:mm:ss.
    :func:`parse_duration` alone reads a time cell as h:mm:ss (it sees one cell).

  A negative duration is not a task time and is refused. :data:`DURATION_EXPECTED` is the
  expectation a bad cell is reported with.
* **Yes/no** (:func:`parse_bool`, :func:`booleans`), case-insensitive, surrounding spaces
  ignored: yes/no, y/n, ja/nej, j/n, true/false, sand/falsk, 1/0, completed/failed,
  complete/incomplete, success/failure, passed/failed, done/not done, gennemført/ikke
  gennemført (also written ``gennemfoert``), fuldført/ikke fuldført. Words, not
  percentages: ``50%`` is refused.
* **Numbers** (:func:`parse_number`, :func:`numbers`): one decimal mark, point or comma
  (``72.5``, ``72,5``). Thousands separators are not accepted: ``1,234`` could be 1.234
  (Danish) or 1234 (English), so a value of one to three digits, a comma or point, and
  exactly three digits after a comma is refused as ambiguous rather than guessed. Files
  read by :func:`cocreate_kit.io.read_table` with ``;`` as delimiter already have numeric
  columns (decimal comma); these functions are for text cells (comma-separated files,
  workbooks with numbers typed as text, DataFrames).

Examples
--------
>>> parse_duration("04:31"), parse_duration("1:02:03"), parse_duration("4 min. 31 sek.")
(271.0, 3723.0, 271.0)
>>> parse_duration("PT4M31S"), parse_duration("271,5"), parse_duration("soon")
(271.0, 271.5, None)
>>> parse_bool("Ja"), parse_bool("ikke gennemført"), parse_bool("maybe")
(True, False, None)
>>> parse_number("72,5"), parse_number("1,234")
(72.5, None)
"""

from __future__ import annotations

import datetime as dt
import math
import numbers as _numbers
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .i18n import N_

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BOOL_FALSE",
    "BOOL_TRUE",
    "DURATION_EXPECTED",
    "NUMBER_EXPECTED",
    "booleans",
    "duration_format",
    "durations",
    "numbers",
    "parse_bool",
    "parse_duration",
    "parse_number",
    "workbook_minutes",
]

#: How a bad duration cell is explained (English msgid: show it as ``_(DURATION_EXPECTED)``).
DURATION_EXPECTED = N_("a duration like 04:31, 1:02:03, 4 min 31 s or PT4M31S")
#: How a bad number cell is explained (English msgid: show it as ``_(NUMBER_EXPECTED)``).
NUMBER_EXPECTED = N_("a number with one decimal point or comma (e.g. 72.5 or 72,5)")

#: Words read as yes (lower case).
BOOL_TRUE = frozenset(
    {"1", "1.0", "yes", "y", "ja", "j", "true", "sand", "completed", "complete", "success"}
    | {"succeeded", "passed", "pass", "done", "gennemført", "gennemfoert", "fuldført"}
)
#: Words read as no (lower case).
BOOL_FALSE = frozenset(
    {"0", "0.0", "no", "n", "nej", "false", "falsk", "failed", "fail", "failure", "incomplete"}
    | {"not completed", "not done", "ikke gennemført", "ikke gennemfoert", "ikke fuldført"}
)

_NUM = r"(\d+(?:[.,]\d+)?)"
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3},\d{3}$")
_CLOCK = re.compile(r"^(\d+):([0-5]?\d(?:[.,]\d+)?)$")
_CLOCK3 = re.compile(r"^(\d+):([0-5]?\d):([0-5]?\d(?:[.,]\d+)?)$")
_ISO = re.compile(
    rf"^P(?:{_NUM}D)?(?:T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?$",
    re.IGNORECASE,
)
_HOURS = r"h|hr|hrs|hour|hours|t|time|timer"
_MINUTES = r"m|min|mins|minute|minutes|minut|minutter"
_SECONDS = r"s|sec|secs|second|seconds|sek|sekund|sekunder"
_WORDS = re.compile(
    rf"^(?:{_NUM}\s*(?:{_HOURS})\.?)?\s*(?:{_NUM}\s*(?:{_MINUTES})\.?)?\s*"
    rf"(?:{_NUM}\s*(?:{_SECONDS})\.?)?$",
    re.IGNORECASE,
)


def _num(text: str | None) -> float:
    return 0.0 if text is None else float(text.replace(",", "."))


def _clean(value: Any) -> str | None:
    """The cell as stripped text, or None when empty or missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).replace("\u00a0", " ").strip()
    return text or None


def parse_number(value: Any) -> float | None:
    """A number from a cell with one decimal point or comma; None if it is not one.

    Examples
    --------
    >>> parse_number(" 3,25 "), parse_number(7), parse_number("7 s")
    (3.25, 7.0, None)
    """
    if isinstance(value, _numbers.Real) and not isinstance(value, bool):
        return None if math.isnan(value) else float(value)
    text = _clean(value)
    if text is None or not _NUMBER.match(text) or _AMBIGUOUS.match(text):
        return None
    return float(text.replace(",", "."))


def duration_format(value: Any) -> str | None:
    """The name of the duration format of one cell (``"mm:ss"``, ``"h:mm:ss"``, ``"4 min
    31 s"``, ``"ISO 8601"``, ``"seconds"``), or None if it is not a duration.

    Examples
    --------
    >>> [duration_format(v) for v in ("4:31", "1:02:03", "4 min", "PT4M", "12,5", "x")]
    ['mm:ss', 'h:mm:ss', '4 min 31 s', 'ISO 8601', 'seconds', None]
    """
    return _duration(value)[1]


def parse_duration(value: Any) -> float | None:
    """Seconds from one cell (see the module notes for the formats); None if unreadable.

    Examples
    --------
    >>> parse_duration("1 h 2 min 3 s"), parse_duration("PT1H2M3.5S"), parse_duration(95)
    (3723.0, 3723.5, 95.0)
    >>> parse_duration("4:75") is None, parse_duration("-3") is None
    (True, True)
    """
    return _duration(value)[0]


def _duration(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, dt.time):
        secs = 3600 * value.hour + 60 * value.minute + value.second + value.microsecond / 1e6
        return float(secs), "h:mm:ss"
    if isinstance(value, dt.timedelta):
        secs = value.total_seconds()
        return (secs, "h:mm:ss") if secs >= 0 else (None, None)
    number = parse_number(value)
    if number is not None:
        return (number, "seconds") if number >= 0 else (None, None)
    text = _clean(value)
    if text is None:
        return None, None
    m = _CLOCK.match(text)
    if m:
        return 60 * _num(m[1]) + _num(m[2]), "mm:ss"
    m = _CLOCK3.match(text)
    if m:
        return 3600 * _num(m[1]) + 60 * _num(m[2]) + _num(m[3]), "h:mm:ss"
    m = _ISO.match(text)
    if m and any(m.groups()) and not text.upper().endswith("T"):
        d, h, mi, s = (_num(g) for g in m.groups())
        return 86400 * d + 3600 * h + 60 * mi + s, "ISO 8601"
    m = _WORDS.match(text)
    if m and any(m.groups()):
        h, mi, s = (_num(g) for g in m.groups())
        return 3600 * h + 60 * mi + s, "4 min 31 s"
    return None, None


def parse_bool(value: Any) -> bool | None:
    """True/False from a yes/no cell (see :data:`BOOL_TRUE`, :data:`BOOL_FALSE`); None if
    it is neither.

    Examples
    --------
    >>> parse_bool(" YES "), parse_bool("Falsk"), parse_bool(0), parse_bool("")
    (True, False, False, None)
    """
    if isinstance(value, bool):
        return value
    text = _clean(value)
    if text is None:
        return None
    low = " ".join(text.lower().split())
    if low in BOOL_TRUE:
        return True
    if low in BOOL_FALSE:
        return False
    return None


def _column(
    raw: pd.Series, parse: Callable[[Any], Any], numeric_ok: bool = True
) -> tuple[pd.Series, pd.Series]:
    """Apply ``parse`` once per distinct non-empty text of ``raw``."""
    import numpy as np
    import pandas as pd

    if numeric_ok and pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        vals = raw.astype("float64")
        return vals, pd.Series(np.zeros(len(raw), bool), index=raw.index)
    codes, uniques = pd.factorize(raw)  # missing -> -1
    parsed = np.array([_as_float(parse(u)) for u in uniques] + [np.nan], dtype="float64")
    empty = np.array([_clean(u) is None for u in uniques] + [True], dtype=bool)
    vals = pd.Series(parsed[codes], index=raw.index)
    bad = pd.Series(~empty[codes] & np.isnan(parsed[codes]), index=raw.index)
    return vals, bad


def _as_float(x: Any) -> float:
    return math.nan if x is None else float(x)


def durations(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Seconds for every cell of ``raw`` and the mask of unreadable non-empty cells.

    A numeric column is taken as seconds as it is.

    Examples
    --------
    >>> import pandas as pd
    >>> secs, bad = durations(pd.Series(["04:31", "PT2M", None, "soon"]))
    >>> secs.tolist()[:3], bad.tolist()
    ([271.0, 120.0, nan], [False, False, False, True])
    """
    vals, bad = _column(raw, parse_duration)
    if workbook_minutes(raw):
        # Excel read "04:31" as 4 h 31 min: every such cell is minutes:seconds
        is_time = raw.map(lambda v: isinstance(v, (dt.time, dt.timedelta)), na_action="ignore")
        mask = is_time.fillna(False).astype(bool)
        vals = vals.where(~mask, vals / 60)
    return vals, bad


def workbook_minutes(raw: pd.Series) -> bool:
    """True when ``raw`` holds workbook time cells that were typed as ``mm:ss`` (every
    time cell has zero seconds; see the module notes).

    Examples
    --------
    >>> import datetime as dt, pandas as pd
    >>> workbook_minutes(pd.Series([dt.time(4, 31), dt.time(6, 10)]))
    True
    >>> workbook_minutes(pd.Series([dt.time(0, 4, 31)])), workbook_minutes(pd.Series(["4:31"]))
    (False, False)
    """
    if raw.dtype != object:
        return False
    times = [v for v in raw.dropna().unique()[:10_000] if isinstance(v, (dt.time, dt.timedelta))]
    return bool(times) and all(_typed_as_minutes(v) for v in times)


def _typed_as_minutes(v: dt.time | dt.timedelta) -> bool:
    """A workbook time cell with zero seconds, under a day: ``mm:ss`` typed into Excel."""
    if isinstance(v, dt.timedelta):
        secs = v.total_seconds()
        return 0 <= secs < 86400 and secs % 60 == 0
    return v.second == 0 and v.microsecond == 0


def booleans(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """1.0/0.0 for every yes/no cell of ``raw`` and the mask of unreadable non-empty cells.

    A numeric column must hold only 0 and 1.

    Examples
    --------
    >>> import pandas as pd
    >>> vals, bad = booleans(pd.Series(["ja", "Nej", "", "kind of"]))
    >>> vals.tolist()[:2], bad.tolist()
    ([1.0, 0.0], [False, False, False, True])
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        vals = raw.astype("float64")
        bad = vals.notna() & ~vals.isin([0.0, 1.0])
        return vals.where(~bad), bad
    return _column(raw, parse_bool, numeric_ok=False)


def numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers (decimal point or comma) for every cell of ``raw`` and the mask of
    unreadable non-empty cells.

    Examples
    --------
    >>> import pandas as pd
    >>> vals, bad = numbers(pd.Series(["72,5", "80", "n/a"]))
    >>> vals.tolist()[:2], bad.tolist()
    ([72.5, 80.0], [False, False, True])
    """
    return _column(raw, parse_number)
