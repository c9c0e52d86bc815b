"""One SQL definition, several engines: DuckDB runs it as written, others get it transpiled.

Why sqlglot and not ibis (issue 12): the kit's event-log metrics and experiment aggregates are
already SQL run by DuckDB. Writing them once in DuckDB's dialect keeps the definition readable
(it is the SQL a reviewer or a data engineer reads), and sqlglot (pure Python, no
dependencies; ibis itself compiles through it) transpiles that one source to Spark SQL,
BigQuery, Snowflake or Postgres. ibis would put a DataFrame-expression layer and some thirty
packages between the kit and the SQL without changing what runs. :func:`sql_for` gives the
generated SQL for any sqlglot dialect, so a team on another engine can run it themselves.

Engines run here: ``"duckdb"`` (default, in process) and ``"spark"`` (a ``SparkSession``,
``pyspark`` from the ``cocreate-kit[spark]`` extra).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

__all__ = ["ENGINES", "Engine", "engine_of", "query", "sql_for"]

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


@lru_cache(maxsize=256)
def sql_for(sql: str, dialect: str) -> str:
    """``sql`` (DuckDB dialect) transpiled to another sqlglot dialect (``"spark"``,
    ``"bigquery"``, ``"snowflake"``, ``"postgres"`` ...); DuckDB gets it unchanged.

    Examples
    --------
    >>> print(sql_for("SELECT epoch(t) AS s FROM log", "spark"))
    SELECT UNIX_TIMESTAMP(t) AS s FROM log
    """
    if dialect == "duckdb":
        return sql
    import sqlglot

    return ";\n".join(sqlglot.transpile(sql, read="duckdb", write=dialect))


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
        the active one).
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
        for name, table in tables.items():
            if not isinstance(table, str):
                table.createOrReplaceTempView(name)
            elif table != name:
                session.table(table).createOrReplaceTempView(name)
        return _collect(session.sql(sql_for(sql, "spark")))
    engine_of(None, engine)  # raises the error naming the engines
    return None
