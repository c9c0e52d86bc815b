"""Event time stamps as DuckDB SQL: every input format to one UTC ``TIMESTAMP``.

Event-log analyses order events and take differences of time stamps, so every time stamp
is turned into the same instant type before anything is computed. The connection runs with
``SET TimeZone = 'UTC'`` (see ``_source._connect``); decisions, for experts:

* **Offsets and zones.** Text with a UTC offset or zone (``2006-07-24T00:00:00+02:00``,
  ``...Z``) is parsed as ``TIMESTAMPTZ`` and converted to UTC, so an interval across a
  daylight-saving change is exact. Typed zone-aware columns (a tz-aware pandas column,
  Parquet ``TIMESTAMP WITH TIME ZONE``, XES ``<date>``) are converted to UTC too.
* **No offset.** A time stamp without offset or zone is taken as it is written (as if it
  were UTC): the kit cannot know the zone, so a local-time log that crosses a
  daylight-saving change keeps a one-hour error there. Export with offsets to avoid it.
* **Day-first dates** (``24-07-2006``, ``24/07/2006 08:19``, ``24.07.2006``). The order of
  day and month is decided by the whole column, never value by value: a first field above
  12 anywhere means day-first; else a second field above 12 means month-first; when every
  value is ambiguous (both fields at most 12) the column is read day-first, the European
  and Danish convention, and the column's description says so. Values that contradict the
  column's order are reported as bad time stamps.
* **Excel serial dates** (``38922.35``: days since 1899-12-30, the fraction is the time of
  day, rounded to the millisecond) are read when the value is a number from 1 to 2,958,465
  (year 9999); a numeric column is read this way as a whole.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..i18n import N_
from ..roles import Phrase

__all__ = ["timestamp_sql"]

_TYPED_NAIVE = ("DATE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S")
_NUMERIC = ("DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT")
_DMY = r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"
_OFFSET = r"(Z|[+-]\d{2}:?\d{2})\s*$"
_ISO = r"^\s*\d{4}-\d{1,2}-\d{1,2}"
_EXCEL_MAX = 2_958_466
_TIMES = ("%H:%M:%S.%f", "%H:%M:%S", "%H:%M", "")

EXPECTED = N_(
    "a date/time: ISO 8601 (2026-03-01 09:30:00, with or without a UTC offset such as "
    "+02:00), day-first (24-07-2006, 24/07/2006 08:19), or an Excel serial date (38922.35)"
)


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _excel(num: str) -> str:
    return (
        f"CASE WHEN {num} >= 1 AND {num} < {_EXCEL_MAX} THEN TIMESTAMP '1899-12-30' + "
        f"to_milliseconds(CAST(round({num} * 86400000) AS BIGINT)) END"
    )


def _dmy(v: str, dayfirst: bool) -> str:
    order = "%d/%m/%Y" if dayfirst else "%m/%d/%Y"
    fmts = ", ".join("'" + (f"{order} {t}" if t else order) + "'" for t in _TIMES)
    norm = f"regexp_replace(TRIM({v}), '{_DMY}', '\\1/\\2/\\3')"
    # "24/07/2006T08:19" is not written; "24-07-2006 08:19" is, so only a space separates.
    return f"try_strptime({norm}, [{fmts}])"


def timestamp_sql(con: Any, rel: str, column: str, col_type: str) -> tuple[str, str]:
    """SQL turning ``column`` of ``rel`` into a UTC ``TIMESTAMP`` (NULL when unparsable),
    and a description of the format found (for the column's role line).

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("SET TimeZone = 'UTC'")
    >>> _ = con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('03/04/2006'), "
    ...                 "('24/07/2006 08:19')) AS v(ts)")
    >>> expr, what = timestamp_sql(con, "t", "ts", "VARCHAR")
    >>> what
    'day-first dates (24/07/2006 08:19: a first field above 12)'
    >>> [str(r[0]) for r in con.execute(f"SELECT {expr} FROM t").fetchall()]
    ['2006-04-03 00:00:00', '2006-07-24 08:19:00']
    """
    c = _q(column)
    kind = col_type.upper()
    if kind in _TYPED_NAIVE:
        return f"CAST({c} AS TIMESTAMP)", N_("date/time values without a time zone")
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return f"CAST(timezone('UTC', {c}) AS TIMESTAMP)", N_("date/time values, converted to UTC")
    if kind in _NUMERIC or kind.startswith("DECIMAL"):
        return _excel(f"CAST({c} AS DOUBLE)"), N_("Excel serial dates (days since 1899-12-30)")
    v = f"CAST({c} AS VARCHAR)"
    n, n_dmy, n_num, n_iso, f1, f2, offsets, sample = con.execute(
        f"SELECT COUNT({v}) FILTER (WHERE TRIM({v}) <> ''), "
        f"COUNT(*) FILTER (WHERE regexp_matches({v}, '{_DMY}')), "
        f"COUNT(*) FILTER (WHERE TRY_CAST(TRIM({v}) AS DOUBLE) IS NOT NULL), "
        f"COUNT(*) FILTER (WHERE regexp_matches({v}, '{_ISO}')), "
        f"MAX(TRY_CAST(regexp_extract({v}, '{_DMY}', 1) AS INTEGER)), "
        f"MAX(TRY_CAST(regexp_extract({v}, '{_DMY}', 2) AS INTEGER)), "
        f"list_sort(list_distinct(list(regexp_extract({v}, '{_OFFSET}', 1)) "
        f"FILTER (WHERE regexp_matches({v}, '{_OFFSET}')))), "
        f"MIN(TRIM({v})) FILTER (WHERE regexp_matches({v}, '{_DMY}') AND "
        f"TRY_CAST(regexp_extract({v}, '{_DMY}', 1) AS INTEGER) > 12) "
        f"FROM {rel}"
    ).fetchone()
    n, n_dmy, n_num, n_iso = int(n or 0), int(n_dmy or 0), int(n_num or 0), int(n_iso or 0)
    iso = f"CAST(timezone('UTC', TRY_CAST(TRIM({v}) AS TIMESTAMPTZ)) AS TIMESTAMP)"
    if n and n_num == n:
        return _excel(f"TRY_CAST(TRIM({v}) AS DOUBLE)"), N_(
            "Excel serial dates (days since 1899-12-30)"
        )
    if n_dmy and n_dmy >= n_iso:
        dayfirst = bool(f1 and f1 > 12) or not (f2 and f2 > 12)
        if f1 and f1 > 12:
            what = Phrase(N_("day-first dates ({sample}: a first field above 12)"), sample=sample)
        elif f2 and f2 > 12:
            what = N_("month-first dates (a second field above 12)")
        else:
            what = N_("day-first dates (every value is ambiguous; read day-first)")
        expr = f"CASE WHEN regexp_matches({v}, '{_DMY}') THEN {_dmy(v, dayfirst)} ELSE {iso} END"
        return expr, what
    shown = [o for o in (offsets or []) if o][:6]
    if shown:
        msgid = N_("ISO 8601 with UTC offsets ({offsets}), converted to UTC")
        what = Phrase(msgid, offsets=partial(", ".join, shown))
    else:
        what = N_("ISO 8601 date/time values without a time zone")
    return iso, what
