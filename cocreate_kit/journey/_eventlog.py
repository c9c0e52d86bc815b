"""Journey metrics from a service event log, computed in SQL by DuckDB.

Input is a table of events with a case id, an activity name and a timestamp. It may be a
DataFrame, or a CSV or Parquet file that DuckDB scans directly (a 10M-event file is never
loaded whole into pandas). The SQL is plain window functions and aggregates
(:func:`event_log_sql` prints it) so it runs on a warehouse or Spark SQL with a few
function renames; see the README section "Running the same SQL on a warehouse or Spark".

Definitions
-----------
Event order
    Within a case, events are ordered by timestamp; events with *equal* timestamps are
    ordered by activity name (Unicode code point order). This tie-break depends only on the
    data, never on the input row order, so sorted and unsorted input (and DuckDB, a
    warehouse or Spark) give identical results. Exact duplicate events (same case,
    activity and timestamp) count as separate occurrences.
End activities
    The activities that complete a case. If not given, the most common final activity
    across cases (ties broken by name) is the only end activity.
cases
    Number of distinct cases with at least one event of the activity ("cases reached").
drop_offs
    Cases whose LAST event is this activity, when it is not an end activity. A case still
    open when the log was extracted also counts: a log cannot tell an open case from an
    abandoned one, so filter out recent cases first if that matters.
drop_off_rate
    ``drop_offs / cases``.
median_to_next_s, p90_to_next_s
    Over every event of the activity that has a next event in the same case: seconds from
    this event's timestamp to the case's next event's timestamp. Percentiles are
    ``PERCENTILE_CONT`` (linear interpolation between order statistics; numpy's default
    ``"linear"`` method). Missing when no event of the activity has a successor.
rework_cases
    Cases doing the activity more than once (loops and repeats).
variants
    A case's path is its activities in event order joined by ``" > "``; ``cases`` counts
    cases with that exact path and ``share`` is ``cases / all cases``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import ProblemCollector
from .._result import Result
from ..thresholds import SMALL_N_INTERVAL
from ._charts import activity_funnel_chart

__all__ = ["event_log_metrics", "EventLogMetrics", "event_log_sql"]

_MAX_SHOWN = 20


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def event_log_sql(
    table: str = "events",
    *,
    case: str = "case_id",
    activity: str = "activity",
    timestamp: str = "timestamp",
    end_activities: Sequence[str] | None = None,
) -> dict[str, str]:
    """The SQL behind :func:`event_log_metrics`, for running on a warehouse or Spark.

    Parameters
    ----------
    table : str
        Name of the events table (timestamps already of a TIMESTAMP type).
    case, activity, timestamp : str
        Column names.
    end_activities : sequence of str, optional
        End activities; if omitted the SQL picks the most common final activity.

    Returns
    -------
    dict
        ``{"ordered", "per_case", "steps", "variants", "totals"}``: materialise
        ``ordered`` as table ``ordered``, then ``per_case`` (which reads it) as table
        ``per_case``; the other three are queries over those two tables.

    Examples
    --------
    >>> sql = event_log_sql("events")
    >>> "ROW_NUMBER() OVER" in sql["ordered"] and "PERCENTILE_CONT(0.9)" in sql["steps"]
    True
    """
    w = "PARTITION BY case_id ORDER BY ts, activity"
    ordered = (
        "SELECT case_id, activity, ts,\n"
        f"       ROW_NUMBER() OVER ({w}) AS pos,\n"
        f"       LEAD(ts) OVER ({w}) AS next_ts\n"
        f"FROM (SELECT {_q(case)} AS case_id,\n"
        f"             CAST({_q(activity)} AS VARCHAR) AS activity,\n"
        f"             {_q(timestamp)} AS ts\n"
        f"      FROM {table}) AS e"
    )
    per_case = (
        "SELECT case_id, activity, COUNT(*) AS n,\n"
        "       MAX(CASE WHEN next_ts IS NULL THEN 1 ELSE 0 END) AS is_last\n"
        "FROM ordered GROUP BY case_id, activity"
    )
    if end_activities is None:
        ends = (
            "ends AS (\n"
            "  SELECT activity FROM per_case WHERE is_last = 1\n"
            "  GROUP BY activity ORDER BY COUNT(*) DESC, activity LIMIT 1\n"
            ")"
        )
    else:
        values = ", ".join(f"({_lit(a)})" for a in end_activities) or "(NULL)"
        ends = f"ends AS (SELECT activity FROM (VALUES {values}) AS v(activity))"
    steps = (
        f"WITH {ends},\n"
        "counts AS (\n"
        "  SELECT activity, COUNT(*) AS cases,\n"
        "         SUM(CASE WHEN is_last = 1 AND activity NOT IN (SELECT activity FROM ends)\n"
        "                  THEN 1 ELSE 0 END) AS drop_offs,\n"
        "         SUM(CASE WHEN n > 1 THEN 1 ELSE 0 END) AS rework_cases\n"
        "  FROM per_case GROUP BY activity\n"
        "),\n"
        "gaps AS (\n"
        "  SELECT activity,\n"
        "         PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY gap_s) AS median_to_next_s,\n"
        "         PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY gap_s) AS p90_to_next_s\n"
        "  FROM (SELECT activity,\n"
        "               EXTRACT(EPOCH FROM next_ts) - EXTRACT(EPOCH FROM ts) AS gap_s\n"
        "        FROM ordered WHERE next_ts IS NOT NULL) AS g\n"
        "  GROUP BY activity\n"
        ")\n"
        "SELECT c.activity, c.cases, c.drop_offs,\n"
        "       CAST(c.drop_offs AS DOUBLE) / c.cases AS drop_off_rate,\n"
        "       g.median_to_next_s, g.p90_to_next_s, c.rework_cases\n"
        "FROM counts AS c LEFT JOIN gaps AS g ON c.activity = g.activity\n"
        "ORDER BY c.cases DESC, c.activity"
    )
    variants = (
        "SELECT path, COUNT(*) AS cases\n"
        "FROM (SELECT case_id, STRING_AGG(activity, ' > ' ORDER BY pos) AS path\n"
        "      FROM ordered GROUP BY case_id) AS p\n"
        "GROUP BY path ORDER BY cases DESC, path"
    )
    totals = (
        f"WITH {ends}\n"
        "SELECT COUNT(DISTINCT case_id) AS n_cases, SUM(n) AS n_events,\n"
        "       SUM(CASE WHEN is_last = 1 AND activity IN (SELECT activity FROM ends)\n"
        "                THEN 1 ELSE 0 END) AS completed,\n"
        "       COUNT(DISTINCT CASE WHEN n > 1 THEN case_id END) AS rework_cases,\n"
        "       (SELECT STRING_AGG(activity, '|' ORDER BY activity) FROM ends) AS ends\n"
        "FROM per_case"
    )
    return {
        "ordered": ordered,
        "per_case": per_case,
        "steps": steps,
        "variants": variants,
        "totals": totals,
    }


def _connect(memory_limit: str | None = None) -> Any:
    import tempfile

    import duckdb

    con = duckdb.connect(":memory:")
    spill = Path(tempfile.gettempdir()) / "cocreate_duckdb"
    con.execute(f"SET temp_directory = {_lit(str(spill))}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    threads = os.environ.get("COCREATE_DUCKDB_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # e.g. "1GB": DuckDB spills to the temp folder beyond this
    memory = memory_limit or os.environ.get("COCREATE_DUCKDB_MEMORY")
    if memory:
        con.execute(f"SET memory_limit = {_lit(memory)}")
    return con


def _source(con: Any, events: Any) -> tuple[str, str, int, bool, Path | None]:
    """Register ``events``; return (relation SQL, file label, row offset, is_dataframe, temp).

    A CSV is checked first (:func:`cocreate_kit.io.check_text_table`: empty, binary, too
    many columns). DuckDB reads UTF-8 only, so a cp1252 or UTF-16 file (the same fallback
    as :func:`cocreate_kit.io.read_table`) is transcoded, streaming, to a temporary UTF-8
    copy that the caller deletes (``temp``); the user's file is never written.
    """
    if isinstance(events, pd.DataFrame):
        con.register("__events_df", events)
        return (
            "__events_df",
            str(events.attrs.get("source") or "events"),
            int(events.attrs.get("row_offset", 0)),
            True,
            None,
        )
    p = Path(events)
    pc = ProblemCollector(p.name)
    if not p.is_file():
        pc.add(expected=f"an existing CSV or Parquet file (not found: {str(p)!r})")
        pc.raise_if_any()
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        return f"read_parquet({_lit(str(p))})", p.name, 1, False, None
    if suffix in (".csv", ".txt", ".tsv"):
        from ..io import check_text_table

        fmt = check_text_table(p)
        temp = None
        if fmt.encoding in ("cp1252", "utf-16"):
            temp = _utf8_copy(p, fmt.encoding)
        read = temp or p
        # No dialect sniffing: the kit's own sniffing decided the delimiter and header, so a
        # ragged row is reported with its line rather than as "could not sniff".
        columns = "{" + ", ".join(f"{_lit(h)}: 'VARCHAR'" for h in fmt.header) + "}"
        opts = (
            f"header = true, auto_detect = false, delim = {_lit(fmt.delimiter)}, "
            f"quote = '\"', escape = '\"', columns = {columns}"
        )
        return f"read_csv({_lit(str(read))}, {opts})", p.name, 2, False, temp
    pc.add(value=suffix or "(none)", expected="an event log as a DataFrame, .csv or .parquet")
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
            value=original.group(1)[:120] if original else f"{saw} fields",
            expected=f"{want} fields, like the header; this line has "
            f"{'more' if more else 'fewer'} (a value containing the delimiter must be in "
            "double quotes)",
        )
    else:
        first = " ".join(text.split("\n")[0].split())[:200]
        pc.add(
            row=int(line.group(1)) if line else None,
            expected=f"a readable CSV or Parquet event log ({first})",
        )
    return pc


def _prepare(
    con: Any, events: Any, case: str, activity: str, timestamp: str, extra: Sequence[str] = ()
) -> str:
    """Validate the source and create view ``events``; raise DataError listing all problems."""
    import duckdb

    rel, label, offset, is_df, temp = _source(con, events)
    try:
        return _prepare_source(
            con, events, rel, label, offset, is_df, case, activity, timestamp, extra
        )
    except duckdb.Error as exc:
        _duckdb_problem(exc, label, offset).raise_if_any()
        raise  # pragma: no cover - raise_if_any raised
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _prepare_source(
    con: Any,
    events: Any,
    rel: str,
    label: str,
    offset: int,
    is_df: bool,
    case: str,
    activity: str,
    timestamp: str,
    extra: Sequence[str],
) -> str:
    pc = ProblemCollector(label, row_offset=offset)
    cols = [d[0] for d in con.execute(f"SELECT * FROM {rel} LIMIT 0").description]
    missing = [c for c in (case, activity, timestamp, *extra) if c not in cols]
    for c in missing:
        pc.add(
            row=1 if offset else None,
            column=c,
            value=None,
            expected=f"a column named {c!r}; the data has: {', '.join(map(repr, cols))}",
        )
    pc.raise_if_any()
    ts_type = con.execute(f"SELECT typeof({_q(timestamp)}) FROM {rel} LIMIT 1").fetchone()
    ts_expr = f"TRY_CAST({_q(timestamp)} AS TIMESTAMP)"
    if ts_type and ts_type[0] in ("DATE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"):
        ts_expr = f"CAST({_q(timestamp)} AS TIMESTAMP)"
    elif ts_type and ts_type[0] == "TIMESTAMP WITH TIME ZONE":
        ts_expr = f"CAST(timezone('UTC', {_q(timestamp)}) AS TIMESTAMP)"
    scan, raw_ts_expr = rel, ts_expr
    if rel.startswith("read_csv("):
        # Parse the CSV once: keep the needed columns and the parsed time in a temp table.
        keep = ", ".join(_q(c) for c in dict.fromkeys((case, activity, timestamp, *extra)))
        con.execute(f"CREATE TEMP TABLE __src AS SELECT {keep}, {ts_expr} AS __ts FROM {rel}")
        scan, ts_expr = "__src", "__ts"
    bad_ts = f"({_q(timestamp)} IS NULL OR {ts_expr} IS NULL)"
    bad_case = f"({_q(case)} IS NULL OR TRIM(CAST({_q(case)} AS VARCHAR)) = '')"
    bad_act = f"({_q(activity)} IS NULL OR TRIM(CAST({_q(activity)} AS VARCHAR)) = '')"
    n_rows, n_ts, n_case, n_act = con.execute(
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {bad_ts}), COUNT(*) FILTER (WHERE {bad_case}),"
        f" COUNT(*) FILTER (WHERE {bad_act}) FROM {scan}"
    ).fetchone()
    if n_rows == 0:
        pc.add(expected="at least one event")
    raw_bad_ts = f"({_q(timestamp)} IS NULL OR {raw_ts_expr} IS NULL)"
    checks = [
        (timestamp, n_ts, raw_bad_ts, "a date/time such as 2026-03-01 09:30:00 (ISO 8601)"),
        (case, n_case, bad_case, "a case id (not empty)"),
        (activity, n_act, bad_act, "an activity name (not empty)"),
    ]
    for column, n_bad, cond, expected in checks:
        if not n_bad:
            continue
        con.execute("SET preserve_insertion_order = true")
        rows = con.execute(
            f"SELECT pos, v FROM (SELECT ROW_NUMBER() OVER () - 1 AS pos, "
            f"CAST({_q(column)} AS VARCHAR) AS v, {cond} AS bad FROM {rel}) AS t "
            f"WHERE bad ORDER BY pos LIMIT {_MAX_SHOWN}"
        ).fetchall()
        for pos, value in rows:
            if is_df and not offset:
                row = events.index[int(pos)]
                row = row.item() if hasattr(row, "item") else row
                pc.add(row=row, column=column, value=value, expected=expected)
            else:
                pc.add_position(int(pos), column=column, value=value, expected=expected)
        if n_bad > _MAX_SHOWN:
            pc.add(
                row=None, column=column, value=f"{n_bad - _MAX_SHOWN} more rows", expected=expected
            )
    pc.raise_if_any()
    con.execute(
        f"CREATE TEMP VIEW events AS SELECT {_q(case)} AS {_q(case)}, "
        f"{_q(activity)} AS {_q(activity)}, {ts_expr} AS {_q(timestamp)}"
        + "".join(f", {_q(c)} AS {_q(c)}" for c in extra)
        + f" FROM {scan}"
    )
    return label


class EventLogMetrics(Result):
    """Per-activity metrics and variants of an event log (see the module docstring).

    Attributes
    ----------
    steps : DataFrame
        One row per activity: ``activity, cases, drop_offs, drop_off_rate,
        median_to_next_s, p90_to_next_s, rework_cases``, sorted by cases (descending),
        then activity.
    variants : DataFrame
        ``path, cases, share``, most common first (ties by path).
    n_cases, n_events, completed, rework_cases : int
        Totals: cases, events, cases whose last activity is an end activity, cases that
        repeat at least one activity.
    end_activities : list of str
    """

    title = "Event-log metrics"

    def __init__(
        self, steps: pd.DataFrame, variants: pd.DataFrame, totals: dict[str, Any], source: str
    ) -> None:
        self.steps = steps
        self.variants = variants
        self.n_cases = int(totals["n_cases"])
        self.n_events = int(totals["n_events"])
        self.completed = int(totals["completed"])
        self.rework_cases = int(totals["rework_cases"])
        self.end_activities = [a for a in str(totals["ends"] or "").split("|") if a]
        self.source = source
        self._warnings: list[str] = []
        if self.n_cases < SMALL_N_INTERVAL:
            self._warnings.append(
                f"Only {self.n_cases} cases: shares and percentiles are very uncertain."
            )

    def summary(self) -> str:
        """Cases, completion, the largest drop-off, rework and the most common path."""
        done = self.completed / self.n_cases
        parts = [
            f"{self.n_cases:,} cases and {self.n_events:,} events. "
            f"{done:.0%} of cases ended with an end activity "
            f"({', '.join(self.end_activities) or 'none'})."
        ]
        drops = self.steps[self.steps["drop_offs"] > 0]
        if len(drops):
            top = drops.sort_values(["drop_offs", "activity"], ascending=[False, True]).iloc[0]
            parts.append(
                f"Most cases stop after '{top['activity']}': {int(top['drop_offs']):,} "
                f"case{'s' if int(top['drop_offs']) != 1 else ''} "
                f"({top['drop_off_rate']:.0%} of the cases that reached it)."
            )
        parts.append(
            f"{self.rework_cases / self.n_cases:.0%} of cases repeat at least one activity."
        )
        v = self.variants.iloc[0]
        parts.append(f"The most common path ({v['share']:.0%} of cases) is {v['path']}.")
        return " ".join(parts)

    def chart(self) -> Any:
        """Cases reaching each activity, with the drop-offs marked."""
        return activity_funnel_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [
            ("Metrics per activity", self.steps),
            ("The 10 most common paths", self.variants.head(10)),
        ]


def _end_list(end_activities: Any) -> list[str] | None:
    if end_activities is None:
        return None
    if isinstance(end_activities, str):
        return [end_activities]
    return [str(a) for a in end_activities]


def event_log_metrics(
    events: pd.DataFrame | str | Path,
    *,
    case: str = "case_id",
    activity: str = "activity",
    timestamp: str = "timestamp",
    end_activities: Sequence[str] | None = None,
    memory_limit: str | None = None,
) -> EventLogMetrics:
    """Per-step journey metrics and path variants from an event log, computed by DuckDB.

    Parameters
    ----------
    events : DataFrame, or path of a CSV or Parquet file
        One row per event. Files are scanned by DuckDB directly (never loaded whole into
        pandas); CSV timestamps are parsed as ISO 8601 (``2026-03-01 09:30:00``).
    case, activity, timestamp : str
        Column names of the case id, activity name and event time.
    end_activities : sequence of str, optional
        Activities that complete a case. Default: the most common final activity (ties by
        name).
    memory_limit : str, optional
        DuckDB's memory limit, e.g. ``"500MB"``; beyond it DuckDB spills to a temporary
        folder (slower, bounded). Default: env ``COCREATE_DUCKDB_MEMORY``, else DuckDB's
        own default (80% of RAM). ``cocreate check`` sets one from the file size.

    Returns
    -------
    EventLogMetrics
        ``.steps`` (activity, cases, drop_offs, drop_off_rate, median_to_next_s,
        p90_to_next_s, rework_cases) and ``.variants`` (path, cases, share). Definitions
        are in :mod:`cocreate_kit.journey._eventlog`: drop-offs are cases whose LAST
        activity is this activity and it is not an end activity; rework cases do the
        activity more than once; time to next runs from this event to the case's next
        event; equal timestamps are ordered by activity name.

    Raises
    ------
    DataError
        Missing columns, empty case ids or activities, unparsable timestamps (with row
        numbers: spreadsheet rows for CSV, record numbers for Parquet, index labels for a
        DataFrame).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "case_id": ["a", "a", "a", "b", "b"],
    ...     "activity": ["apply", "assess", "decide", "apply", "assess"],
    ...     "timestamp": ["2026-01-01 09:00", "2026-01-01 10:00", "2026-01-02 10:00",
    ...                   "2026-01-01 09:00", "2026-01-01 09:30"]})
    >>> m = event_log_metrics(log, end_activities=["decide"])
    >>> m.steps[["activity", "cases", "drop_offs", "median_to_next_s"]]
      activity  cases  drop_offs  median_to_next_s
    0    apply      2          0            2700.0
    1   assess      2          1           86400.0
    2   decide      1          0               NaN
    >>> m.variants
                          path  cases  share
    0           apply > assess      1    0.5
    1  apply > assess > decide      1    0.5
    """
    ends = _end_list(end_activities)
    con = _connect(memory_limit)
    try:
        label = _prepare(con, events, case, activity, timestamp)
        sql = event_log_sql(
            "events", case=case, activity=activity, timestamp=timestamp, end_activities=ends
        )
        con.execute(f"CREATE TEMP TABLE ordered AS {sql['ordered']}")
        con.execute(f"CREATE TEMP TABLE per_case AS {sql['per_case']}")
        steps = con.execute(sql["steps"]).df()
        variants = con.execute(sql["variants"]).df()
        totals = con.execute(sql["totals"]).df().iloc[0].to_dict()
    finally:
        con.close()
    steps = _tidy_steps(steps)
    variants["cases"] = variants["cases"].astype("int64")
    variants["path"] = variants["path"].astype(str)
    variants["share"] = variants["cases"] / int(totals["n_cases"])
    variants = variants.sort_values(
        ["cases", "path"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    if ends is not None:
        totals["ends"] = "|".join(sorted(ends))
    return EventLogMetrics(steps, variants, totals, label)


def _tidy_steps(steps: pd.DataFrame) -> pd.DataFrame:
    for c in ("cases", "drop_offs", "rework_cases"):
        steps[c] = steps[c].astype("int64")
    for c in ("drop_off_rate", "median_to_next_s", "p90_to_next_s"):
        steps[c] = steps[c].astype("float64")
    steps["activity"] = steps["activity"].astype(str)
    steps = steps.sort_values(["cases", "activity"], ascending=[False, True], kind="stable")
    return steps.reset_index(drop=True)[
        [
            "activity",
            "cases",
            "drop_offs",
            "drop_off_rate",
            "median_to_next_s",
            "p90_to_next_s",
            "rework_cases",
        ]
    ]
