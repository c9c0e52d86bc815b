"""Event-log input: a DataFrame, CSV, Parquet, XES (``.xes.gz``) or Excel file, registered
with DuckDB as one validated ``events`` view that every event-log analysis reads.

The view has the columns ``case_id``, ``activity`` (text), ``timestamp`` (a UTC
``TIMESTAMP``, see :mod:`cocreate_kit.journey._timestamps`), ``__row`` (the file's row
order, only for ``tie_break="file"``) and any extra columns asked for (``by``). Which of
the user's columns fill the roles is decided by :mod:`cocreate_kit.journey._roles`.

Lifecycle: when the lifecycle column holds ``complete`` and also other transitions
(``start``, ``schedule``...), only the ``complete`` events are used (one event per activity
instance, ordered by when it finished) and the roles' notes say how many were left out.
An empty lifecycle counts as ``complete``. Without ``complete`` events every event is used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import DataError, ProblemCollector
from ..i18n import N_, _, fmt_int
from ..roles import Phrase, Roles, merge_mapping, shown
from ._roles import REQUIRED, event_roles, missing_hint
from ._timestamps import EXPECTED, timestamp_sql
from ._xes import is_xes, load_xes

__all__ = [
    "PROGRESS_ROWS",
    "Prepared",
    "connect",
    "describe",
    "lit",
    "prepare",
    "prepare_spark",
    "q",
    "show_progress",
]

_MAX_SHOWN = 20
TIE_BREAKS = ("activity", "file")


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def lit(value: str) -> str:
    """A quoted SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def connect(memory_limit: str | None = None) -> Any:
    """An in-memory DuckDB connection in UTC, spilling to the temp folder, env-capped."""
    import tempfile

    import duckdb

    con = duckdb.connect(":memory:")
    spill = Path(tempfile.gettempdir()) / "cocreate_duckdb"
    con.execute(f"SET temp_directory = {lit(str(spill))}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET TimeZone = 'UTC'")
    threads = os.environ.get("COCREATE_DUCKDB_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # e.g. "1GB": DuckDB spills to the temp folder beyond this
    memory = memory_limit or os.environ.get("COCREATE_DUCKDB_MEMORY")
    if memory:
        con.execute(f"SET memory_limit = {lit(memory)}")
    return con


#: From this many events, an analysis run in a notebook shows DuckDB's progress bar.
PROGRESS_ROWS = 10_000_000


def show_progress(con: Any, n_rows: int) -> bool:
    """Turn on DuckDB's progress bar for an analysis of ``n_rows`` events, when they are
    at least :data:`PROGRESS_ROWS` and the code runs in a Jupyter kernel (DuckDB draws it
    there as a widget; printed to a terminal or a log it would be noise). Returns whether
    it was turned on. Apps show their own busy indicator (``apps/_base.py``).
    """
    import sys

    on = n_rows >= PROGRESS_ROWS and "ipykernel" in sys.modules
    if on:
        con.execute("SET enable_progress_bar = true")
        con.execute("SET progress_bar_time = 1000")
    return on


@dataclass(frozen=True)
class _Src:
    rel: str
    label: str
    offset: int
    frame: pd.DataFrame | None
    temp: Path | None
    kind: str
    has_row: bool = False


def _register(con: Any, events: Any, file_order: bool) -> _Src:
    """Register ``events`` with ``con`` (see the module docstring). A Spark DataFrame gets
    one plain TypeError: only ``event_log_metrics`` runs on Spark; the rest reads Parquet."""
    if (type(events).__module__ or "").startswith("pyspark."):
        msg = _(
            "This journey analysis runs on DuckDB on one machine, not on a Spark DataFrame "
            "(on Spark, event_log_metrics(events, engine='spark') gives the step and variant "
            "tables). Write the log to Parquet (events.write.parquet('log.parquet')) and pass "
            "the file's path: DuckDB reads it without loading it into memory."
        )
        raise TypeError(msg)
    if isinstance(events, pd.DataFrame):
        frame = events
        if file_order:
            frame = events.assign(__row=range(len(events)))
        con.register("__events_df", frame)
        return _Src(
            "__events_df",
            str(events.attrs.get("source") or "events"),
            int(events.attrs.get("row_offset", 0)),
            events,
            None,
            str(events.attrs.get("format") or "DataFrame"),
            file_order,
        )
    p = Path(events)
    pc = ProblemCollector(p.name)
    if not p.is_file():
        pc.add(
            expected=_("an existing event-log file (not found: {path})").format(path=repr(str(p)))
        )
        pc.raise_if_any()
    suffix = p.suffix.lower()
    if is_xes(p):
        _keys, what = load_xes(con, p, p.name)
        return _Src("__xes", p.name, 1, None, None, what, True)
    if suffix == ".parquet":
        opt = ", file_row_number = true" if file_order else ""
        rel = f"read_parquet({lit(str(p))}{opt})"
        if file_order:
            rel = f"(SELECT * EXCLUDE (file_row_number), file_row_number AS __row FROM {rel})"
        return _Src(rel, p.name, 1, None, None, N_("Parquet event log"), file_order)
    if suffix in (".xlsx", ".xlsm"):
        from ..io import read_table

        frame = read_table(p)
        if file_order:
            frame = frame.assign(__row=range(len(frame)))
        con.register("__events_df", frame)
        return _Src("__events_df", p.name, 2, frame, None, N_("Excel event log"), file_order)
    if suffix in (".csv", ".txt", ".tsv"):
        from ..io import check_text_table

        fmt = check_text_table(p, allow_blank=True)
        temp = _utf8_copy(p, fmt.encoding) if fmt.encoding in ("cp1252", "utf-16") else None
        # A blank header (pandas' index column) gets a name DuckDB accepts.
        names = [h or f"(unnamed column {i + 1})" for i, h in enumerate(fmt.header)]
        columns = "{" + ", ".join(f"{lit(h)}: 'VARCHAR'" for h in names) + "}"
        # No dialect sniffing: the kit's own sniffing decided the delimiter and header, so a
        # ragged row is reported with its line rather than as "could not sniff".
        opts = (
            f"header = true, auto_detect = false, delim = {lit(fmt.delimiter)}, "
            f"quote = '\"', escape = '\"', columns = {columns}"
        )
        return _Src(
            f"read_csv({lit(str(temp or p))}, {opts})", p.name, 2, None, temp, N_("CSV event log")
        )
    pc.add(
        value=suffix or "(none)",
        expected=_("an event log as a DataFrame, .csv, .parquet, .xes, .xes.gz or .xlsx"),
    )
    pc.raise_if_any()
    raise AssertionError  # pragma: no cover - raise_if_any raised


def _utf8_copy(p: Path, encoding: str) -> Path:
    """Stream ``p`` (in ``encoding``) into a private temporary UTF-8 file; return its path."""
    import codecs
    import tempfile

    fd, name = tempfile.mkstemp(prefix="cocreate_events_", suffix=".csv")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with p.open("rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        while chunk := src.read(1 << 20):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return Path(name)


def _duckdb_problem(exc: Exception, label: str, offset: int) -> ProblemCollector:
    """Turn a DuckDB reading error into one problem naming the file (and line, if given)."""
    import re

    text = str(exc)
    line = re.search(r"(?:Line|line):? (\d+)", text)
    found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    original = re.search(r"Original Line: (.*)", text)
    pc = ProblemCollector(label, row_offset=offset)
    if found:
        want, saw = found.groups()
        more = int(saw) > int(want)
        pc.add(
            row=int(line.group(1)) if line else None,
            value=original.group(1)[:120] if original else _("{n} fields").format(n=saw),
            expected=(
                _(
                    "{n} fields, like the header; this line has more (a value containing the "
                    "delimiter must be in double quotes)"
                )
                if more
                else _(
                    "{n} fields, like the header; this line has fewer (a value containing the "
                    "delimiter must be in double quotes)"
                )
            ).format(n=want),
        )
    else:
        first = " ".join(text.split("\n")[0].split())[:200]
        pc.add(
            row=int(line.group(1)) if line else None,
            expected=_("a readable event log ({error})").format(error=first),
        )
    return pc


@dataclass(frozen=True)
class Prepared:
    """What :func:`prepare` found: the file's label and format, and the roles used."""

    label: str
    kind: str
    roles: Roles
    n_rows: int = 0


#: DuckDB types whose values cannot be blank text: a missing value is NULL.
_NOT_TEXT = tuple(
    "TIMESTAMP DATE TIME TINYINT SMALLINT INTEGER BIGINT HUGEINT UTINYINT USMALLINT UINTEGER "
    "UBIGINT UHUGEINT FLOAT DOUBLE DECIMAL BOOLEAN".split()
)


def _missing(column: str, duck_type: str) -> str:
    """SQL: the cell of ``column`` is missing: NULL, or blank text. Only a column of
    another type (a Parquet time stamp, a number) skips the text test, which would format
    every value as text first (0.12 s of 1.0 s for 1M Parquet events)."""
    if str(duck_type).upper().startswith(_NOT_TEXT):
        return f"{q(column)} IS NULL"
    return f"({q(column)} IS NULL OR TRIM(CAST({q(column)} AS VARCHAR)) = '')"


def _types(con: Any, rel: str) -> dict[str, str]:
    return {r[0]: str(r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()}


def _resolve(
    cols: list[str],
    types: dict[str, str],
    columns: Mapping[str, Any] | None,
    explicit: dict[str, str],
    src: _Src,
) -> Roles:
    """Roles from ``columns=`` and the old ``case=``/``activity=``/``timestamp=`` keywords;
    one DataError lists every missing column and every role nothing fills."""
    pc = ProblemCollector(src.label, row_offset=src.offset)
    shown = ", ".join(map(repr, cols))
    for role, name in explicit.items():
        if name not in cols:
            pc.add(
                row=1 if src.offset else None,
                column=name,
                value=None,
                expected=_("a column named {name} ({role}); the data has: {columns}").format(
                    name=repr(name), role=role, columns=shown
                ),
            )
        given = (columns or {}).get(role)
        if given is not None and given != name:
            pc.add(
                column=role,
                value=name,
                expected=_("one {role} column; columns= says {given}").format(
                    role=role, given=repr(given)
                ),
            )
    present = {r: n for r, n in explicit.items() if n in cols}
    roles = None
    try:
        roles = event_roles(
            cols, columns=merge_mapping(columns, present), types=types, source=src.label
        )
    except DataError as exc:
        pc.extend(exc)
    for role in REQUIRED:
        if roles is not None and roles.column(role) is None and role not in explicit:
            pc.add(
                row=1 if src.offset else None,
                column=role,
                expected=_("{hint}; the data has: {columns}").format(
                    hint=missing_hint(role), columns=shown
                ),
            )
    pc.raise_if_any()
    return roles  # type: ignore[return-value]  # not None: pc raised otherwise


def prepare(
    con: Any,
    events: Any,
    *,
    columns: Mapping[str, Any] | None = None,
    explicit: Mapping[str, str | None] | None = None,
    extra: Sequence[str] = (),
    tie_break: str = "activity",
) -> Prepared:
    """Validate the source and create view ``events``; raise DataError listing all problems."""
    import duckdb

    if tie_break not in TIE_BREAKS:
        pc = ProblemCollector(None)
        pc.add(column="tie_break", value=tie_break, expected=_("'activity' or 'file'"))
        pc.raise_if_any()
    src = _register(con, events, tie_break == "file")
    try:
        return _prepare_source(con, src, columns, dict(explicit or {}), extra, tie_break)
    except duckdb.Error as exc:
        _duckdb_problem(exc, src.label, src.offset).raise_if_any()
        raise  # pragma: no cover - raise_if_any raised
    finally:
        if src.temp is not None:
            src.temp.unlink(missing_ok=True)


def _prepare_source(
    con: Any,
    src: _Src,
    columns: Mapping[str, Any] | None,
    explicit: dict[str, str | None],
    extra: Sequence[str],
    tie_break: str,
) -> Prepared:
    rel, offset = src.rel, src.offset
    types = {c: t for c, t in _types(con, rel).items() if c != "__row"}
    cols = list(types)
    given = {r: str(v) for r, v in explicit.items() if v is not None}
    roles = _resolve(cols, types, columns, given, src)
    pc = ProblemCollector(src.label, row_offset=offset)
    for c in extra:
        if c not in cols:
            pc.add(
                column=c,
                expected=_("a column named {name}; the data has: {columns}").format(
                    name=repr(c), columns=", ".join(cols)
                ),
            )
    pc.raise_if_any()
    case, activity, timestamp = (str(roles.column(r)) for r in REQUIRED)
    lifecycle = roles.column("lifecycle")
    scan = rel
    if rel.startswith("read_csv("):
        # Parse the CSV once: keep the needed columns (as text) in a temp table, in file
        # order when the order is needed (its rowid is then the row's position).
        keep = ", ".join(
            q(c) for c in dict.fromkeys((case, activity, timestamp, *extra, lifecycle)) if c
        )
        if tie_break == "file":
            con.execute("SET preserve_insertion_order = true")
        con.execute(f"CREATE TEMP TABLE __src AS SELECT {keep} FROM {rel}")
        con.execute("SET preserve_insertion_order = false")
        scan = "__src"
    ts_expr, what = timestamp_sql(con, scan, timestamp, types[timestamp])
    raw_ts_expr = ts_expr
    row_expr = "rowid" if scan == "__src" else "__row"
    bad_ts = f"({_missing(timestamp, types[timestamp])} OR {ts_expr} IS NULL)"
    bad_case = _missing(case, types[case])
    bad_act = _missing(activity, types[activity])
    n_rows, n_ts, n_case, n_act = con.execute(
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {bad_ts}), COUNT(*) FILTER (WHERE {bad_case}),"
        f" COUNT(*) FILTER (WHERE {bad_act}) FROM {scan}"
    ).fetchone()
    if n_rows == 0:
        pc.add(expected=_("at least one event"))
    raw_bad_ts = f"({_missing(timestamp, types[timestamp])} OR {raw_ts_expr} IS NULL)"
    checks = [
        (
            timestamp,
            n_ts,
            raw_bad_ts,
            _("{expected}; this column has {found}").format(
                expected=_(EXPECTED), found=shown(what)
            ),
        ),
        (case, n_case, bad_case, _("a case id (not empty)")),
        (activity, n_act, bad_act, _("an activity name (not empty)")),
    ]
    for column, n_bad, cond, expected in checks:
        if n_bad:
            _report(con, pc, src, column, int(n_bad), cond, expected)
    pc.raise_if_any()
    where, notes = _lifecycle(con, scan, lifecycle)
    order = f", {row_expr} AS __row" if tie_break == "file" else ""
    con.execute(
        f"CREATE TEMP VIEW events AS SELECT CAST({q(case)} AS VARCHAR) AS case_id, "
        f"CAST({q(activity)} AS VARCHAR) AS activity, {ts_expr} AS timestamp{order}"
        + "".join(f", {q(c)} AS {q(c)}" for c in extra)
        + f" FROM {scan}{where}"
    )
    return Prepared(src.label, src.kind, _described(roles, what, [src.kind, *notes]), int(n_rows))


def _described(roles: Roles, what: str, notes: list[str]) -> Roles:
    """``roles`` with the time stamp format as the timestamp's detail, and ``notes``."""
    from ..roles import ColumnRole

    out = [
        ColumnRole(r.column, r.role, what if r.role == "timestamp" else r.detail, r.reason, r.given)
        for r in roles.roles
    ]
    return Roles(
        out, source=roles.source, notes=[*notes, *roles.notes], pillar_roles=roles.pillar_roles
    )


def _report(
    con: Any, pc: ProblemCollector, src: _Src, column: str, n_bad: int, cond: str, expected: str
) -> None:
    """Add up to ``_MAX_SHOWN`` problems for the rows of ``src`` where ``cond`` holds."""
    con.execute("SET preserve_insertion_order = true")
    rows = con.execute(
        f"SELECT pos, v FROM (SELECT ROW_NUMBER() OVER () - 1 AS pos, "
        f"CAST({q(column)} AS VARCHAR) AS v, {cond} AS bad FROM {src.rel}) AS t "
        f"WHERE bad ORDER BY pos LIMIT {_MAX_SHOWN}"
    ).fetchall()
    con.execute("SET preserve_insertion_order = false")
    for pos, value in rows:
        if src.frame is not None and not src.offset:
            row = src.frame.index[int(pos)]
            row = row.item() if hasattr(row, "item") else row
            pc.add(row=row, column=column, value=value, expected=expected)
        else:
            pc.add_position(int(pos), column=column, value=value, expected=expected)
    if n_bad > _MAX_SHOWN:
        more = _("{n} more rows").format(n=fmt_int(n_bad - _MAX_SHOWN))
        pc.add(row=None, column=column, value=more, expected=expected)


def _lifecycle(con: Any, scan: str, column: str | None) -> tuple[str, list[str]]:
    """(WHERE clause, notes): keep only ``complete`` events when other transitions occur."""
    if column is None:
        return "", []
    v = f"lower(TRIM(CAST({q(column)} AS VARCHAR)))"
    counts = dict(
        con.execute(
            f"SELECT COALESCE(NULLIF({v}, ''), 'complete') AS t, COUNT(*) FROM {scan} GROUP BY 1"
        ).fetchall()
    )
    others = {t: int(n) for t, n in counts.items() if t != "complete"}
    if "complete" not in counts or not others:
        return "", []
    msgid = N_(
        "Lifecycle `{column}`: both complete and other transitions occur, so only the "
        "{n} complete events are used (left out: {dropped})."
    )
    dropped = partial(_left_out, others)  # numbers formatted when shown
    note = Phrase(msgid, column=column, n=int(counts["complete"]), dropped=dropped)
    return f" WHERE COALESCE(NULLIF({v}, ''), 'complete') = 'complete'", [note]


def _left_out(others: dict[str, int]) -> str:
    return ", ".join(f"{fmt_int(n)} {t}" for t, n in sorted(others.items()))


def describe(con: Any, events: Any, columns: Mapping[str, Any] | None = None) -> Roles:
    """The roles of ``events``' columns with the time stamp format and lifecycle note;
    required roles nothing fills are named in the notes (no error for them here)."""
    src = _register(con, events, False)
    try:
        types = {c: t for c, t in _types(con, src.rel).items() if c != "__row"}
        roles = event_roles(list(types), columns=columns, types=types, source=src.label)
        ts = roles.column("timestamp")
        what = timestamp_sql(con, src.rel, ts, types[ts])[1] if ts else ""
        _where, notes = _lifecycle(con, src.rel, roles.column("lifecycle"))
    finally:
        if src.temp is not None:
            src.temp.unlink(missing_ok=True)
    return _described(roles, what, [src.kind, *notes])


#: Spark column types as the DuckDB type names the role inference reads.
_SPARK_TYPES = {
    "string": "VARCHAR",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "timestamp_ntz": "TIMESTAMP",
    "date": "DATE",
    "bigint": "BIGINT",
    "int": "INTEGER",
    "double": "DOUBLE",
    "float": "FLOAT",
}


def prepare_spark(
    con: Any,
    events: Any,
    *,
    columns: Mapping[str, Any] | None = None,
    explicit: Mapping[str, str | None] | None = None,
    tie_break: str = "activity",
) -> Prepared:
    """Create view ``events`` on a Spark connection (:class:`cocreate_kit._sql.SparkConnection`)
    from a Spark DataFrame or a table name, with the same columns as :func:`prepare`.

    Spark reads what Spark reads: time stamps must be Spark ``TIMESTAMP``/``DATE`` columns or
    text Spark's ``CAST(... AS TIMESTAMP)`` accepts (ISO 8601, with or without an offset);
    day-first text and Excel serial dates are read by the DuckDB path only. With
    ``tie_break="file"`` the row order is ``monotonically_increasing_id()``: partition by
    partition, the order of a single file or of the DataFrame as created. Bad values are
    reported with their count and examples (a distributed table has no row numbers).
    """
    if tie_break not in TIE_BREAKS:
        pc = ProblemCollector(None)
        pc.add(column="tie_break", value=tie_break, expected="'activity' or 'file'")
        pc.raise_if_any()
    from ..i18n import _, fmt_int

    session = con.session
    label = events if isinstance(events, str) else _("Spark DataFrame")
    frame = session.table(events) if isinstance(events, str) else events
    if tie_break == "file":
        from pyspark.sql import functions as F

        # Checkpointed so the row number is a plain column: Spark re-evaluates the
        # (non-deterministic) id otherwise and refuses it inside aggregates.
        frame = frame.withColumn("__row", F.monotonically_increasing_id()).localCheckpoint()
    con.register("__events_src", frame)
    types = {n: _SPARK_TYPES.get(t, t.upper()) for n, t in frame.dtypes if n != "__row"}
    src = _Src("__events_src", label, 0, None, None, "Spark table")
    given = {r: str(v) for r, v in dict(explicit or {}).items() if v is not None}
    roles = _resolve(list(types), types, columns, given, src)
    case, activity, timestamp = (str(roles.column(r)) for r in REQUIRED)
    ts_expr = f"CAST({q(timestamp)} AS TIMESTAMPTZ)"  # Spark: TIMESTAMP, in session zone
    checks = [
        (
            timestamp,
            f"{q(timestamp)} IS NULL OR TRY_{ts_expr} IS NULL",
            _("a date/time Spark reads (a TIMESTAMP column, or ISO 8601 text)"),
        ),
        (
            case,
            f"{q(case)} IS NULL OR TRIM(CAST({q(case)} AS VARCHAR)) = ''",
            _("a case id (not empty)"),
        ),
        (
            activity,
            f"{q(activity)} IS NULL OR TRIM(CAST({q(activity)} AS VARCHAR)) = ''",
            _("an activity name (not empty)"),
        ),
    ]
    counts = con.execute(
        "SELECT COUNT(*)"
        + "".join(f", SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _, cond, _ in checks)
        + " FROM __events_src"
    ).fetchone()
    pc = ProblemCollector(label)
    if not counts[0]:
        pc.add(expected=_("at least one event"))
    for (column, cond, expected), n_bad in zip(checks, counts[1:], strict=True):
        if n_bad:
            shown = con.execute(
                f"SELECT DISTINCT CAST({q(column)} AS VARCHAR) FROM __events_src "
                f"WHERE {cond} LIMIT 5"
            ).fetchall()
            values = ", ".join(repr(v) for (v,) in shown)
            value = _("{n} rows ({values})").format(n=fmt_int(int(n_bad)), values=values)
            pc.add(column=column, value=value, expected=expected)
    pc.raise_if_any()
    where, notes = _lifecycle(con, "__events_src", roles.column("lifecycle"))
    order = ", __row AS __row" if tie_break == "file" else ""
    con.execute(
        f"CREATE TEMP VIEW events AS SELECT CAST({q(case)} AS VARCHAR) AS case_id, "
        f"CAST({q(activity)} AS VARCHAR) AS activity, {ts_expr} AS timestamp{order} "
        f"FROM __events_src{where}"
    )
    kind = _("Spark table")
    return Prepared(label, kind, _described(roles, "", [kind, *notes]), int(counts[0]))
