"""One SQL definition, several engines: DuckDB runs it as written, others get it transpiled.

The kit's event-log metrics are SQL run by DuckDB, written once in DuckDB's dialect;
sqlglot transpiles that one source to Spark SQL, BigQuery, Snowflake or Postgres. Why
sqlglot and not ibis is in the README ("Running the same SQL on a warehouse or Spark").
:func:`sql_for` gives the generated SQL for any sqlglot dialect, so a team on another
engine can run it themselves.

Engines run here: ``"duckdb"`` (default, in process) and ``"spark"`` (a ``SparkSession``,
``pyspark`` from the ``cocreate-kit[spark]`` extra).

Where sqlglot's output is wrong, the SQL source is written in a form every engine shares
(durations as ``DATE_DIFF('microsecond', a, b)``, not ``EPOCH``), and what cannot be
rewritten is fixed on the transpiled tree by one documented transform per construct
(:data:`_FIXES`), never by a second hand-written dialect:

- Spark: ``PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)`` is transpiled by sqlglot 30 to
  ``PERCENTILE_APPROX(x, p)``, an approximation. It becomes ``PERCENTILE(x, p)``, Spark's
  exact percentile with linear interpolation (the same definition as DuckDB's).
- DuckDB's 64-bit ``HASH(a, ...)`` would stay ``HASH`` (Spark's is 32-bit; BigQuery and
  Postgres have none): Spark and Databricks get ``XXHASH64(a, ...)``, BigQuery
  ``FARM_FINGERPRINT`` and Postgres ``HASHTEXTEXTENDED(..., 0)`` of the arguments joined
  as text; Snowflake's ``HASH`` is 64-bit already. Hash values differ between engines; the
  kit only uses them as grouping keys (event-log variants), so results do not.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

__all__ = [
    "ENGINES",
    "Engine",
    "SparkConnection",
    "engine_of",
    "quantiles_from_counts",
    "query",
    "sql_for",
]

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[str, ...] = ("duckdb", "spark")


def engine_of(data: Any, engine: str | None = None) -> str:
    """The engine to use: ``engine`` if given (checked), else ``"spark"`` for a Spark
    DataFrame and ``"duckdb"`` for anything else.

    Examples
    --------
    >>> import pandas as pd
    >>> engine_of(pd.DataFrame()), engine_of("log.parquet", "duckdb")
    ('duckdb', 'duckdb')
    """
    if engine is not None:
        if engine not in ENGINES:
            msg = f"engine must be one of {', '.join(map(repr, ENGINES))}, got {engine!r}."
            raise ValueError(msg)
        return engine
    module = type(data).__module__ or ""
    return "spark" if module.startswith("pyspark.") else "duckdb"


def quantiles_from_counts(
    counts: str,
    columns: Mapping[str, float],
    *,
    by: str = "activity",
    value: str = "x",
    count: str = "k",
) -> str:
    """SQL for exact quantiles per group from ``(by, value, count)`` rows, one per distinct value.

    The definition is ``PERCENTILE_CONT``'s and numpy's default ``"linear"``: with ``n``
    values sorted, ``h = p * (n - 1)`` (in DOUBLE) and the quantile is
    ``x[lo] + (x[hi] - x[lo]) * (h - lo)`` with ``lo = FLOOR(h)``, ``hi = CEIL(h)``, in
    DuckDB's order of operations. ``x[i]`` (0-based) is the smallest value whose running
    count exceeds ``i``. Only a window over the distinct values and a ``GROUP BY`` are
    needed, both of which spill to disk, where a holistic ``PERCENTILE_CONT`` holds every
    value of a group in memory (and cannot spill); and any engine has them (BigQuery has
    no exact percentile aggregate).

    Parameters
    ----------
    counts : str
        A table name or parenthesised query with alias, of distinct ``(by, value)`` rows.
    columns : mapping
        Output column -> quantile level in [0, 1].
    by, value, count : str
        Column names in ``counts``: group, value (numeric, not NULL), number of rows with it.

    Examples
    --------
    >>> import duckdb
    >>> rows = "(VALUES ('a', 1.0, 2), ('a', 3.0, 1), ('b', 5.0, 1)) AS t(g, x, k)"
    >>> sql = quantiles_from_counts(rows, {"med": 0.5, "q3": 0.75}, by="g")
    >>> duckdb.sql(sql + " ORDER BY g").fetchall()  # a: 1, 1, 3
    [('a', 1.0, 2.0), ('b', 5.0, 5.0)]
    """
    tags = {p: f"h{i}_" for i, p in enumerate(sorted(set(columns.values())))}
    ranks = "".join(
        f",\n         CAST({p!r} AS DOUBLE) * (SUM({count}) OVER (PARTITION BY {by}) - 1) AS {h}"
        for p, h in tags.items()
    )
    items = []
    for name, p in columns.items():
        h = tags[p]
        lo = f"MIN(CASE WHEN upto_ > FLOOR({h}) THEN {value} END)"
        hi = f"MIN(CASE WHEN upto_ > CEIL({h}) THEN {value} END)"
        items.append(
            f",\n       {lo}\n         + ({hi} - {lo})\n         * MAX({h} - FLOOR({h})) AS {name}"
        )
    return (
        f"SELECT {by}{''.join(items)}\n"
        f"FROM (SELECT {by}, {value},\n"
        f"         SUM({count}) OVER (PARTITION BY {by} ORDER BY {value}\n"
        f"                            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto_"
        f"{ranks}\n      FROM {counts}) AS c_\n"
        f"GROUP BY {by}"
    )


def _spark_percentile(node: Any) -> Any:
    """``PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)`` -> ``PERCENTILE(x, p)`` (exact)."""
    from sqlglot import exp

    if isinstance(node, exp.WithinGroup) and isinstance(node.this, exp.PercentileCont):
        order = node.expression.expressions[0].this
        return exp.Anonymous(this="PERCENTILE", expressions=[order.copy(), node.this.this.copy()])
    return node


def _hash_as(function: str, *, text: bool = False, extra: tuple[Any, ...] = ()) -> Any:
    """A transform: DuckDB's 64-bit ``HASH(a, ...)`` -> ``function(a, ...)``, or with
    ``text`` -> ``function(CONCAT(a, '|', ...), *extra)`` for engines whose 64-bit hash
    takes one string."""

    def fix(node: Any) -> Any:
        from sqlglot import exp

        if not (isinstance(node, exp.Anonymous) and str(node.this).upper() == "HASH"):
            return node
        args = [e.copy() for e in node.expressions]
        if text:
            parts: list[Any] = []
            for e in args:
                parts += [exp.cast(e, "text"), exp.Literal.string("|")]
            args = [exp.Concat(expressions=parts[:-1]), *(exp.Literal.number(x) for x in extra)]
        return exp.Anonymous(this=function, expressions=args)

    return fix


#: Transforms of the parsed (DuckDB) tree before generating a dialect's SQL.
_FIXES: dict[str, tuple[Any, ...]] = {
    "spark": (_spark_percentile, _hash_as("XXHASH64")),
    "databricks": (_spark_percentile, _hash_as("XXHASH64")),
    "bigquery": (_hash_as("FARM_FINGERPRINT", text=True),),
    "postgres": (_hash_as("HASHTEXTEXTENDED", text=True, extra=(0,)),),
}


@lru_cache(maxsize=256)
def sql_for(sql: str, dialect: str, rename: tuple[tuple[str, str], ...] = ()) -> str:
    """``sql`` (DuckDB dialect) transpiled to another sqlglot dialect (``"spark"``,
    ``"bigquery"``, ``"snowflake"``, ``"postgres"`` ...); DuckDB gets it unchanged.

    ``rename``: ``(name, new_name)`` pairs of tables the SQL reads under another name (the
    kit's own temporary views on Spark, see :class:`SparkConnection`).

    Examples
    --------
    >>> print(sql_for("SELECT epoch(t) AS s FROM log", "spark"))
    SELECT UNIX_TIMESTAMP(t) AS s FROM log
    >>> print(sql_for("SELECT PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY x) AS p FROM t", "spark"))
    SELECT PERCENTILE(x, 0.9) AS p FROM t
    >>> print(sql_for("SELECT HASH(pos, a) % 7 AS h FROM t", "spark"))
    SELECT XXHASH64(pos, a) % 7 AS h FROM t
    >>> print(sql_for("SELECT * FROM t JOIN u USING (k)", "spark", (("t", "__ck_1_t"),)))
    SELECT * FROM __ck_1_t JOIN u USING (k)
    """
    if dialect == "duckdb" and not rename:
        return sql
    import sqlglot
    from sqlglot import exp

    names = dict(rename)
    out = []
    for tree in sqlglot.parse(sql, read="duckdb"):
        if tree is None:
            continue
        for table in tree.find_all(exp.Table):
            if not table.db and table.name in names:
                table.set("this", exp.to_identifier(names[table.name]))
        for fix in _FIXES.get(dialect, ()):
            tree = tree.transform(fix)
        out.append(tree.sql(dialect=dialect))
    return ";\n".join(out)


def _collect(frame: Any) -> Any:
    """A small Spark result as a pandas DataFrame, through ``collect()``: ``toPandas()``
    warns on pandas 3 (PySpark 4.x) and needs Arrow settings for speed; an aggregate has
    a handful of rows."""
    import pandas as pd

    rows = [tuple(r) for r in frame.collect()]
    return pd.DataFrame.from_records(rows, columns=list(frame.columns))


def query(
    sql: str,
    tables: Mapping[str, Any],
    *,
    engine: str = "duckdb",
    connection: Any = None,
) -> Any:
    """Run ``sql`` (DuckDB dialect) on ``engine`` with ``tables`` bound by name; a pandas
    DataFrame of the (small, aggregated) result.

    Parameters
    ----------
    sql : str
        One SELECT in DuckDB's dialect, reading the names in ``tables``.
    tables : mapping of str to table
        DuckDB: pandas DataFrames, Arrow tables or DuckDB relations. Spark: Spark
        DataFrames (registered as temporary views) or names of existing tables/views.
    engine : {"duckdb", "spark"}
    connection : duckdb.DuckDBPyConnection or SparkSession, optional
        DuckDB: a connection (default: a new in-memory one). Spark: the session (default:
        the active one). On Spark, ``tables`` are bound as temporary views under names unique
        to the call (never replacing a view of the user's) and dropped afterwards.
    """
    if engine == "duckdb":
        import duckdb

        con = connection if connection is not None else duckdb.connect()
        for name, table in tables.items():
            con.register(name, table)
        try:
            return con.execute(sql).df()
        finally:
            for name in tables:
                con.unregister(name)
    if engine == "spark":
        from pyspark.sql import SparkSession

        session = connection or SparkSession.getActiveSession()
        if session is None:
            msg = "engine='spark' needs an active SparkSession (SparkSession.builder...getOrCreate())."
            raise ValueError(msg)
        con = SparkConnection(session)
        try:
            for name, table in tables.items():
                if not isinstance(table, str):
                    con.register(name, table)
                elif table != name:
                    con.register(name, session.table(table))
            result = con.execute(sql)
            return result.df() if result is not None else None
        finally:
            con.close()
    engine_of(None, engine)  # raises the error naming the engines
    return None


class _SparkResult:
    """The DuckDB result methods the kit uses (``df``, ``fetchall``, ``fetchone``)."""

    def __init__(self, frame: Any) -> None:
        self._frame = frame

    def df(self) -> Any:
        return _collect(self._frame)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self._frame.collect()]

    def fetchone(self) -> tuple[Any, ...] | None:
        rows = self._frame.limit(1).collect()
        return tuple(rows[0]) if rows else None


class SparkConnection:
    """A SparkSession behind DuckDB's ``execute(sql)`` interface, so one piece of code
    drives either engine with the same DuckDB-dialect SQL (transpiled by :func:`sql_for`).

    ``CREATE TEMP TABLE name AS SELECT ...`` becomes a cached temporary view (Spark has no
    session temp tables); ``CREATE TEMP VIEW`` a temporary view; ``SET`` statements (DuckDB
    settings) are ignored; anything else runs as Spark SQL. ``register`` binds a Spark
    DataFrame as a temporary view. ``close`` drops the views and cached tables it made.

    Temporary views live in the session, next to the user's: each name the SQL gives
    (``events``, ``ordered``...) is a view named ``__ck_<12 hex digits>_<name>``, unique to
    this connection, and the SQL is rewritten to read those, so a user's own view
    ``events`` is neither read nor replaced, and two analyses in one session do not meet.
    """

    def __init__(self, session: Any) -> None:
        import uuid

        self.session = session
        self._views: list[str] = []
        self._prefix = f"__ck_{uuid.uuid4().hex[:12]}_"
        self._names: dict[str, str] = {}

    def _sql(self, sql: str) -> str:
        return sql_for(sql, "spark", tuple(sorted(self._names.items())))

    def register(self, name: str, frame: Any) -> None:
        unique = self._names.setdefault(name, self._prefix + name)
        frame.createOrReplaceTempView(unique)
        if unique not in self._views:
            self._views.append(unique)

    def execute(self, sql: str, *_: Any) -> _SparkResult | None:
        import re

        text = sql.strip()
        if re.match(r"(?i)SET\s", text):
            return None
        made = re.match(r"(?is)CREATE\s+TEMP(?:ORARY)?\s+(TABLE|VIEW)\s+(\w+)\s+AS\s+(.*)", text)
        if made:
            kind, name, body = made.groups()
            frame = self.session.sql(self._sql(body))
            if kind.upper() == "TABLE":
                frame = frame.cache()
            self.register(name, frame)
            return None
        return _SparkResult(self.session.sql(self._sql(text)))

    def close(self) -> None:
        for name in reversed(self._views):
            if self.session.catalog.isCached(name):
                self.session.catalog.uncacheTable(name)
            self.session.catalog.dropTempView(name)
        self._views.clear()
