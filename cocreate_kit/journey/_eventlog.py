"""Journey metrics from a service event log, computed in SQL by DuckDB.

Input is a table of events with a case id, an activity name and a timestamp. It may be a
DataFrame, a CSV or Parquet file that DuckDB scans directly (a 10M-event file is never
loaded whole into pandas), an XES or ``.xes.gz`` file (streamed into DuckDB) or an Excel
workbook. Which column is which is inferred (XES standard names, Disco/Celonis export
names; :func:`infer_roles` says which and why) or given with ``columns=``. Time stamps
with UTC offsets are converted to UTC; day-first and Excel serial dates are read (see
:mod:`cocreate_kit.journey._timestamps`). The SQL is written once, in DuckDB's dialect,
using only constructs every target engine shares (window functions, aggregates, an ordered
``STRING_AGG``, durations as ``DATE_DIFF('microsecond', ...)``);
:func:`event_log_sql` prints it for DuckDB or, transpiled by sqlglot
(:mod:`cocreate_kit._sql`), for Spark, BigQuery, Snowflake or Postgres.
``event_log_metrics(spark_df_or_table, engine="spark")`` runs that same SQL on a
SparkSession and gives the same tables.

Definitions
-----------
Event order
    Within a case, events are ordered by timestamp. Events with *equal* timestamps are
    ordered by ``tie_break``: ``"activity"`` (the default) by activity name (Unicode code
    point order), which depends only on the data, never on the input row order, so sorted
    and unsorted input (and DuckDB, a warehouse or Spark) give identical results;
    ``"file"`` by the order of the rows in the file (as pm4py does), right when the file
    was written in the order things happened, as logs with time stamps to the day often
    are. Exact duplicate events (same case, activity and timestamp) count as separate
    occurrences.
Ties
    ``tied_events`` counts events sharing their case's time stamp with another event of
    the case; from :data:`TIE_WARN_SHARE` of all events the result warns, with the share,
    since their order (and so paths and drop-offs) comes from the tie-break, not from time.
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
    ``PERCENTILE_CONT``'s (linear interpolation between order statistics; numpy's default
    ``"linear"`` method), computed exactly from ``(activity, gap, count)`` rows (so 100M
    events spill to disk). Missing when no event of the activity has a successor.
rework_cases
    Cases doing the activity more than once (loops and repeats).
variants
    A case's path is its activities in event order joined by ``" > "``; ``cases`` counts
    cases with that exact path and ``share`` is ``cases / all cases``. To spill at 100M
    events, each case gets a key in a plain ``GROUP BY`` (its length and three sums of
    40-bit hashes of (position, activity)); paths are spelt out for one case per key only.
    Paths collide only if all three sums do: about 2**-120 per pair (README, "At scale").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._result import Result
from .._sql import quantiles_from_counts
from ..i18n import _, fmt_int, fmt_percent, ngettext
from ..roles import Roles
from ..thresholds import SMALL_N_INTERVAL
from ._cards import event_log_cards, event_log_notes
from ._charts import activity_funnel_chart
from ._source import connect, describe, lit, prepare, prepare_spark, q, show_progress

__all__ = ["TIE_WARN_SHARE", "event_log_metrics", "EventLogMetrics", "event_log_sql", "infer_roles"]

#: The per-activity quantiles of the gap to the next event: column -> level.
QUANTILES = {"median_to_next_s": 0.5, "p90_to_next_s": 0.9}

#: Share of events tied with another event of their case from which a result warns.
TIE_WARN_SHARE = 0.05

#: A case's path key: its length and, per hash, the sum over its events of the hash of
#: (position, activity) modulo 2**40 (sums stay far below 2**63 up to 2**23 events per
#: case, so no engine overflows). Three differently seeded hashes: 120 bits.
_KEY_HASHES = ("HASH(pos, activity)", "HASH(activity, pos)", "HASH(pos, 'ck', activity)")
_KEY_MOD = 2**40


def event_log_sql(
    table: str = "events",
    *,
    case: str = "case_id",
    activity: str = "activity",
    timestamp: str = "timestamp",
    end_activities: Sequence[str] | None = None,
    tie_break: str = "activity",
    row: str = "row_number",
    dialect: str = "duckdb",
) -> dict[str, str]:
    """The SQL behind :func:`event_log_metrics`, for running on a warehouse or Spark.

    Generated from the one DuckDB-dialect source the kit runs, by sqlglot for other
    engines (see :func:`cocreate_kit._sql.sql_for`), never written by hand per dialect.

    Parameters
    ----------
    table : str
        Name of the events table (timestamps already of a TIMESTAMP type).
    case, activity, timestamp : str
        Column names.
    end_activities : sequence of str, optional
        End activities; if omitted the SQL picks the most common final activity.
    tie_break : {"activity", "file"}
        Order of events with equal timestamps: by activity name, or by column ``row``
        (the file's row order).
    row : str
        With ``tie_break="file"``: the column giving the row order.
    dialect : str
        ``"duckdb"`` (what the kit runs), or any sqlglot dialect: ``"spark"``,
        ``"databricks"``, ``"bigquery"``, ``"snowflake"``, ``"postgres"`` ...

    Returns
    -------
    dict
        ``{"ordered", "per_case", "steps", "variants", "totals"}``: materialise
        ``ordered`` as table ``ordered``, then ``per_case`` (which reads it) as table
        ``per_case``; the other three are queries over those two tables.

    Examples
    --------
    >>> sql = event_log_sql("events")
    >>> "ROW_NUMBER() OVER" in sql["ordered"] and "GROUP BY activity, gap_s" in sql["steps"]
    True
    >>> spark = event_log_sql("events", dialect="spark")
    >>> "PERCENTILE" not in spark["steps"], "LISTAGG(" in spark["variants"]
    (True, True)
    """
    by_file = tie_break == "file"
    w = f"PARTITION BY case_id ORDER BY ts, {'row_order' if by_file else 'activity'}"
    ordered = (
        "SELECT case_id, activity, ts,\n"
        f"       ROW_NUMBER() OVER ({w}) AS pos,\n"
        f"       LAG(ts) OVER ({w}) AS prev_ts,\n"
        f"       LEAD(ts) OVER ({w}) AS next_ts\n"
        f"FROM (SELECT {q(case)} AS case_id,\n"
        f"             CAST({q(activity)} AS VARCHAR) AS activity,\n"
        f"             {q(timestamp)} AS ts"
        + (f",\n             {q(row)} AS row_order" if by_file else "")
        + f"\n      FROM {table}) AS e"
    )
    per_case = (
        "SELECT case_id, activity, COUNT(*) AS n,\n"
        "       MAX(CASE WHEN next_ts IS NULL THEN 1 ELSE 0 END) AS is_last,\n"
        "       SUM(CASE WHEN ts = prev_ts OR ts = next_ts THEN 1 ELSE 0 END) AS tied\n"
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
        values = ", ".join(f"({lit(a)})" for a in end_activities) or "(NULL)"
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
        "gap_counts AS (\n"
        "  SELECT activity, gap_s, COUNT(*) AS k\n"
        "  FROM (SELECT activity,\n"
        "               CAST(DATE_DIFF('microsecond', ts, next_ts) AS DOUBLE) / 1000000 AS gap_s\n"
        "        FROM ordered WHERE next_ts IS NOT NULL) AS g\n"
        "  GROUP BY activity, gap_s\n"
        "),\n"
        f"gaps AS (\n{quantiles_from_counts('gap_counts', QUANTILES, value='gap_s')}\n)\n"
        "SELECT c.activity, c.cases, c.drop_offs,\n"
        "       CAST(c.drop_offs AS DOUBLE) / c.cases AS drop_off_rate,\n"
        "       g.median_to_next_s, g.p90_to_next_s, c.rework_cases\n"
        "FROM counts AS c LEFT JOIN gaps AS g ON c.activity = g.activity\n"
        "ORDER BY c.cases DESC, c.activity"
    )
    variants = (
        "WITH keyed AS (\n"
        "  SELECT case_id, COUNT(*) AS len"
        + "".join(f",\n         SUM({h} % {_KEY_MOD}) AS k{i}" for i, h in enumerate(_KEY_HASHES))
        + "\n  FROM ordered GROUP BY case_id\n"
        "),\n"
        "keys AS (\n"
        "  SELECT MIN(case_id) AS rep, COUNT(*) AS cases FROM keyed\n"
        f"  GROUP BY len, {', '.join(f'k{i}' for i in range(len(_KEY_HASHES)))}\n"
        "),\n"
        "paths AS (\n"
        "  SELECT case_id, STRING_AGG(activity, ' > ' ORDER BY pos) AS path\n"
        "  FROM ordered WHERE case_id IN (SELECT rep FROM keys) GROUP BY case_id\n"
        ")\n"
        "SELECT p.path, k.cases\n"
        "FROM keys AS k JOIN paths AS p ON p.case_id = k.rep\n"
        "ORDER BY k.cases DESC, p.path"
    )
    totals = (
        f"WITH {ends}\n"
        "SELECT COUNT(DISTINCT case_id) AS n_cases, SUM(n) AS n_events,\n"
        "       SUM(CASE WHEN is_last = 1 AND activity IN (SELECT activity FROM ends)\n"
        "                THEN 1 ELSE 0 END) AS completed,\n"
        "       COUNT(DISTINCT CASE WHEN n > 1 THEN case_id END) AS rework_cases,\n"
        "       SUM(tied) AS tied_events,\n"
        "       (SELECT STRING_AGG(activity, '|' ORDER BY activity) FROM ends) AS ends\n"
        "FROM per_case"
    )
    out = {
        "ordered": ordered,
        "per_case": per_case,
        "steps": steps,
        "variants": variants,
        "totals": totals,
    }
    if dialect != "duckdb":
        from .._sql import sql_for

        out = {k: sql_for(v, dialect) for k, v in out.items()}
    return out


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
    roles : Roles or None
        The role each column of the input got (case, activity, timestamp with its
        format, lifecycle, resource, ignored), and notes (format, lifecycle filter).
    tie_break : str
        ``"activity"`` or ``"file"``: how events with equal time stamps were ordered.
    tied_events : int
        Events sharing their case's time stamp with another event of the case.
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Event-log metrics")

    def __init__(
        self,
        steps: pd.DataFrame,
        variants: pd.DataFrame,
        totals: dict[str, Any],
        source: str,
        *,
        roles: Roles | None = None,
        tie_break: str = "activity",
        tied_events: int = 0,
    ) -> None:
        self.steps = steps
        self.variants = variants
        self.n_cases = int(totals["n_cases"])
        self.n_events = int(totals["n_events"])
        self.completed = int(totals["completed"])
        self.rework_cases = int(totals["rework_cases"])
        self.end_activities = [a for a in str(totals["ends"] or "").split("|") if a]
        self.source = source
        self.roles = roles
        self.tie_break = tie_break
        self.tied_events = int(tied_events)
        self._warnings: list[str] = []
        if self.n_cases < SMALL_N_INTERVAL:
            self._warnings.append(
                _("Only {n} cases: shares and percentiles are very uncertain.").format(
                    n=fmt_int(self.n_cases)
                )
            )
        share = self.tied_events / self.n_events if self.n_events else 0.0
        if share >= TIE_WARN_SHARE:
            how = (
                _(
                    "by activity name, not by what happened first; pass tie_break='file' to "
                    "keep the file's row order (as pm4py does) if the file lists events in order"
                )
                if tie_break == "activity"
                else _("by the file's row order (tie_break='file')")
            )
            self._warnings.append(
                _(
                    "{share} of events ({tied} of {n}) share their time stamp with another "
                    "event of the same case (coarse time stamps, e.g. dates only). They are "
                    "ordered {how}; paths and drop-offs depend on it."
                ).format(
                    share=fmt_percent(share),
                    tied=fmt_int(self.tied_events),
                    n=fmt_int(self.n_events),
                    how=how,
                )
            )

    def summary(self) -> str:
        """Cases, completion, the largest drop-off, rework and the most common path."""
        done = self.completed / self.n_cases
        parts = [
            _(
                "{cases} cases and {events} events. {done} of cases ended with an end "
                "activity ({ends})."
            ).format(
                cases=fmt_int(self.n_cases),
                events=fmt_int(self.n_events),
                done=fmt_percent(done),
                ends=", ".join(self.end_activities) or _("none"),
            )
        ]
        drops = self.steps[self.steps["drop_offs"] > 0]
        if len(drops):
            top = drops.sort_values(["drop_offs", "activity"], ascending=[False, True]).iloc[0]
            n = int(top["drop_offs"])
            parts.append(
                ngettext(
                    "Most cases stop after '{activity}': {n} case ({share} of the cases "
                    "that reached it).",
                    "Most cases stop after '{activity}': {n} cases ({share} of the cases "
                    "that reached it).",
                    n,
                ).format(
                    activity=top["activity"], n=fmt_int(n), share=fmt_percent(top["drop_off_rate"])
                )
            )
        parts.append(
            _("{share} of cases repeat at least one activity.").format(
                share=fmt_percent(self.rework_cases / self.n_cases)
            )
        )
        v = self.variants.iloc[0]
        parts.append(
            _("The most common path ({share} of cases) is {path}.").format(
                share=fmt_percent(v["share"]), path=v["path"]
            )
        )
        return " ".join(parts)

    def headline_cards(self) -> list[Any]:
        """Cases that did not finish and where most stop, each with a Wilson interval."""
        return event_log_cards(self)

    def method_notes(self) -> list[str]:
        """Definitions of finishing and stopping, event order and the intervals."""
        return event_log_notes(self)

    def chart(self) -> Any:
        """Cases reaching each activity, with the drop-offs marked."""
        return activity_funnel_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [
            (_("Metrics per activity"), self.steps),
            (_("The 10 most common paths"), self.variants.head(10)),
        ]


def _end_list(end_activities: Any) -> list[str] | None:
    if end_activities is None:
        return None
    if isinstance(end_activities, str):
        return [end_activities]
    return [str(a) for a in end_activities]


def infer_roles(
    source: pd.DataFrame | str | Path, columns: Mapping[str, Any] | None = None
) -> Roles:
    """The role of every column of an event log, and why (overridden by ``columns=``).

    Roles: ``case``, ``activity``, ``timestamp`` (with the format found: "ISO 8601 with
    UTC offsets (+01:00, +02:00), converted to UTC", "day-first dates ..."),
    ``lifecycle``, ``resource``; every other column is ``ignored``. Standard XES names
    are recognised in XES, CSV, Parquet and DataFrames; then common export names (Disco's
    ``Case ID``/``Activity``/``Complete Timestamp``; see
    :mod:`cocreate_kit.journey._roles`). A required role nothing fills is named in the
    notes with the option to add (the analyses raise it as a DataError).

    Parameters
    ----------
    source : DataFrame or path
        A DataFrame, or a .csv, .parquet, .xes, .xes.gz or .xlsx event log.
    columns : mapping, optional
        ``{"case": "Sag", "timestamp": "Tid", "ignore": [...]}``: roles set by the user.

    Returns
    -------
    Roles
        ``.summary()`` gives one line per column with the reason; ``.mapping()`` the
        ``columns=`` mapping (``--write-mapping`` writes it as YAML).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"case:concept:name": ["1", "1"], "concept:name": ["a", "b"],
    ...                     "time:timestamp": ["2026-03-28T23:00:00+01:00",
    ...                                        "2026-03-29T08:00:00+02:00"],
    ...                     "Costs": [50, 60]})
    >>> print(infer_roles(log).summary())
    events: 4 columns.
    DataFrame
    - `case:concept:name`: case (XES standard attribute)
    - `concept:name`: activity (XES standard attribute)
    - `time:timestamp`: timestamp, ISO 8601 with UTC offsets (+01:00, +02:00), converted to UTC (XES standard attribute)
    - `Costs`: ignored (not used by the event-log metrics)
    >>> infer_roles(log, columns={"activity": "Costs"}).column("activity")
    'Costs'
    """
    con = connect()
    try:
        return describe(con, source, columns)
    finally:
        con.close()


def event_log_metrics(
    events: pd.DataFrame | str | Path,
    *,
    columns: Mapping[str, Any] | None = None,
    case: str | None = None,
    activity: str | None = None,
    timestamp: str | None = None,
    end_activities: Sequence[str] | None = None,
    tie_break: str = "activity",
    memory_limit: str | None = None,
    engine: str | None = None,
) -> EventLogMetrics:
    """Per-step journey metrics and path variants from an event log, computed by DuckDB
    (or by Spark, from the same SQL).

    Parameters
    ----------
    events : DataFrame, path of a CSV, Parquet, XES (``.xes.gz``) or Excel file, or Spark
        One row per event. CSV and Parquet files are scanned by DuckDB directly (never
        loaded whole into pandas); XES is streamed into DuckDB. Time stamps with UTC
        offsets are converted to UTC; day-first and Excel serial dates are read. With
        ``engine="spark"``: a Spark DataFrame or the name of a table in the active
        SparkSession (see :func:`cocreate_kit.journey._source.prepare_spark`).
    columns : mapping, optional
        Column roles ``{"case": ..., "activity": ..., "timestamp": ..., "lifecycle":
        ..., "resource": ..., "ignore": [...]}``; roles not given are inferred
        (:func:`infer_roles`). ``result.roles`` says which column got which role.
    case, activity, timestamp : str, optional
        The same as ``columns={"case": ...}`` (kept for existing code).
    end_activities : sequence of str, optional
        Activities that complete a case. Default: the most common final activity (ties by
        name).
    tie_break : {"activity", "file"}
        Order of events with equal time stamps in a case: by activity name (default;
        independent of row order) or by the file's row order (as pm4py does). The result
        warns when at least :data:`TIE_WARN_SHARE` of events are tied.
    memory_limit : str, optional
        DuckDB's memory limit, e.g. ``"500MB"``; beyond it DuckDB spills to a temporary
        folder (slower, bounded). Default: env ``COCREATE_DUCKDB_MEMORY``, else DuckDB's
        own default (80% of RAM). ``cocreate check`` sets one from the file size.
    engine : {"duckdb", "spark"}, optional
        Default: ``"spark"`` for a Spark DataFrame, else ``"duckdb"``. Spark runs the SQL
        of :func:`event_log_sql` transpiled by sqlglot, in the DataFrame's session (or the
        active one for a table name); only the small aggregated tables come back.

    Returns
    -------
    EventLogMetrics
        ``.steps`` (activity, cases, drop_offs, drop_off_rate, median_to_next_s,
        p90_to_next_s, rework_cases) and ``.variants`` (path, cases, share). Definitions
        are in :mod:`cocreate_kit.journey._eventlog`: drop-offs are cases whose LAST
        activity is this activity and it is not an end activity; rework cases do the
        activity more than once; time to next runs from this event to the case's next
        event. When a lifecycle column has both ``complete`` and other transitions,
        only the ``complete`` events are used (``.roles.notes`` says so).

    Raises
    ------
    DataError
        A role no column fills (with the ``columns=`` / ``--map`` option to add), missing
        columns, empty case ids or activities, unparsable timestamps (with row numbers:
        spreadsheet rows for CSV, record numbers for Parquet, event numbers for XES,
        index labels for a DataFrame).

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
    from .._sql import engine_of

    ends = _end_list(end_activities)
    explicit = {"case": case, "activity": activity, "timestamp": timestamp}
    spark = engine_of(events, engine) == "spark"
    con = _spark_connection(events) if spark else connect(memory_limit)
    try:
        if spark:
            prep = prepare_spark(
                con, events, columns=columns, explicit=explicit, tie_break=tie_break
            )
        else:
            prep = prepare(con, events, columns=columns, explicit=explicit, tie_break=tie_break)
            show_progress(con, prep.n_rows)
        steps, variants, totals, tied = _run(con, ends, tie_break)
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
    return EventLogMetrics(
        steps, variants, totals, prep.label, roles=prep.roles, tie_break=tie_break, tied_events=tied
    )


def _spark_connection(events: Any) -> Any:
    """A :class:`~cocreate_kit._sql.SparkConnection` on the DataFrame's session (or the
    active session, for a table name)."""
    from .._sql import SparkConnection

    session = getattr(events, "sparkSession", None)
    if session is None:
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()
    if session is None:
        msg = "engine='spark' needs an active SparkSession (SparkSession.builder...getOrCreate())."
        raise ValueError(msg)
    return SparkConnection(session)


def ordered_tables(con: Any, ends: list[str] | None, tie_break: str) -> dict[str, str]:
    """Materialise ``ordered`` and ``per_case`` from view ``events``; return the SQL."""
    sql = event_log_sql("events", end_activities=ends, tie_break=tie_break, row="__row")
    con.execute(f"CREATE TEMP TABLE ordered AS {sql['ordered']}")
    con.execute(f"CREATE TEMP TABLE per_case AS {sql['per_case']}")
    return sql


def _run(
    con: Any, ends: list[str] | None, tie_break: str
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any], int]:
    sql = ordered_tables(con, ends, tie_break)
    steps = con.execute(sql["steps"]).df()
    variants = con.execute(sql["variants"]).df()
    totals = con.execute(sql["totals"]).df().iloc[0].to_dict()
    # Events are ordered by time within a case, so an event shares its time stamp with
    # another event of the case exactly when its neighbour in that order does.
    return steps, variants, totals, int(totals.pop("tied_events"))


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
