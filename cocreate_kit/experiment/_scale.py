"""Analyse a trial where it lives: a Parquet file through DuckDB, or a Spark DataFrame.

:func:`compare_all` runs the aggregation of :mod:`._suffstats` (one ``GROUP BY`` over all
metrics, the time histograms included; before it, a small ungrouped pass for the time
metrics' ranges and repeated participant ids; for paired designs a per-participant pivot)
through :func:`cocreate_kit._sql.query`, checks the data from the aggregates (bad cells,
empty variants, repeated participants, incomplete pairs: one :class:`DataError`), and runs
every metric's methods on the aggregates. No row reaches pandas.

Decisions: the columns are read as typed (a Parquet or Spark numeric column, or text holding
plain numbers); the text forms the row path accepts (decimal commas, ``mm:ss`` durations,
yes/no words) are reported as bad cells here, because a file of this size comes from a
system, not a spreadsheet. A bad cell's row is not named (a database scan has no stable row
number); its value and count are. Analyses over :data:`PROGRESS_ROWS` rows or more turn on
DuckDB's progress bar (in a notebook it is a widget).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._sql import query
from ..i18n import _, ngettext
from ._compare import _analyse
from ._comparison import Comparison
from ._design import Design
from ._kinds import KIND
from ._plan import Plan
from ._prepare import check_control, left_out_note, too_few_expected
from ._suffstats import (
    MetricStats,
    StatsOps,
    Summary,
    arms_sql,
    bad_values_sql,
    differences_sql,
    literal,
    paired_sql,
    range_sql,
    variant_sql,
)

__all__ = ["PROGRESS_ROWS", "is_scale_input", "compare_all", "sample_rows"]

#: From this many rows on, DuckDB shows its progress bar.
PROGRESS_ROWS = 10_000_000


def is_scale_input(data: Any, engine: str | None) -> bool:
    """True for a Parquet path, a Spark DataFrame or an explicit ``engine``."""
    if engine is not None:
        return True
    if isinstance(data, (str, Path)):
        return str(data).lower().endswith(".parquet")
    return (type(data).__module__ or "").startswith("pyspark.")


_DATABASE: Any = None


def _cursor() -> Any:
    """A new connection to the process's in-memory DuckDB database, opened once: opening a
    database costs about 20 ms, a cursor nothing. Each analysis binds its data on its own
    cursor (``register`` and ``TEMP`` views are private to a connection), so analyses never
    see each other's tables."""
    import duckdb

    global _DATABASE
    if _DATABASE is None:
        _DATABASE = duckdb.connect()
    return _DATABASE.cursor()


class _Runner:
    """Runs SQL on the trial (bound as ``trial``) on one engine."""

    def __init__(self, data: Any, engine: str | None) -> None:
        from .._sql import engine_of

        self.engine = engine_of(data, engine)
        self.source = str(data) if isinstance(data, (str, Path)) else None
        self.con = None
        self.tables: dict[str, Any] = {"trial": data}
        if self.engine == "spark" and self.source is not None and "/" in self.source:
            self.tables = {"trial": self._session().read.parquet(self.source)}  # a path
        if self.engine == "duckdb":
            import duckdb

            self.con = _cursor()
            try:
                if self.source is not None:
                    path = literal(self.source)
                    self.con.execute(
                        f"CREATE TEMP VIEW trial AS SELECT * FROM read_parquet({path})"
                    )
                    self.tables = {}
                rows = (
                    len(data)
                    if isinstance(data, pd.DataFrame)
                    else int(self.run("SELECT count(*) AS n FROM trial").iloc[0, 0])
                )
            except duckdb.Error as exc:
                pc = ProblemCollector(self.source)
                pc.add(
                    row=None,
                    column=None,
                    value=str(exc).splitlines()[0],
                    expected=_("a readable Parquet file"),
                )
                pc.raise_if_any()
                raise  # pragma: no cover - raise_if_any raised
            if rows >= PROGRESS_ROWS:
                self.con.execute("SET enable_progress_bar = true")

    @staticmethod
    def _session() -> Any:
        from pyspark.sql import SparkSession

        return SparkSession.getActiveSession()

    def run(self, sql: str) -> pd.DataFrame:
        return query(sql, self.tables, engine=self.engine, connection=self.con)

    def columns(self) -> dict[str, bool]:
        """Column name -> numeric or boolean (read as numbers)."""
        if self.engine == "spark":
            frame = self.tables["trial"]
            if isinstance(frame, str):
                frame = self._session().table(frame)
            numbers = ("tinyint", "smallint", "int", "bigint", "float", "double", "boolean")
            return {c: t in numbers or t.startswith("decimal") for c, t in frame.dtypes}
        empty = self.run("SELECT * FROM trial LIMIT 0")
        return {
            str(c): pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)
            for c, t in empty.dtypes.items()
        }


def sample_rows(data: Any, engine: str | None, n: int = 10_000) -> pd.DataFrame:
    """The first ``n`` rows (to infer column roles when no plan names them); with ``n = 0``
    and a DataFrame, its column names without starting DuckDB."""
    if n == 0 and isinstance(data, pd.DataFrame):
        return pd.DataFrame(columns=[str(c) for c in data.columns])
    runner = _Runner(data, engine)
    if n == 0:
        return pd.DataFrame(columns=list(runner.columns()))
    return runner.run(f"SELECT * FROM trial LIMIT {int(n)}").infer_objects()


def _stats_of(row: pd.Series, prefix: str) -> dict[str, float]:
    return {k[len(prefix) :]: row[k] for k in row.index if k.startswith(prefix)}


def compare_all(
    data: Any,
    *,
    metrics: dict[str, str],
    order: list[str],
    design: Design,
    plan: Plan | None,
    primary: str,
    engine: str | None = None,
) -> dict[str, Comparison]:
    """Every metric of ``order`` compared from aggregates (see the module notes)."""
    runner = _Runner(data, engine)
    numeric = runner.columns()
    pc = ProblemCollector(runner.source)
    variant, participant = design.variant, design.participant
    if participant is None and "participant" in numeric:
        participant = "participant"
    shown = ", ".join(repr(c) for c in list(numeric)[:15])
    needed = [(variant, _("the variant each participant saw"))]
    needed += [(name, _("the metric")) for name in order]
    if participant is not None:
        needed.append((participant, _("participant id")))
    for name, what in needed:
        if name not in numeric:
            pc.add(
                row=None,
                column=name,
                value=None,
                expected=_("a column named {name} ({what}); the data has: {shown}").format(
                    name=repr(name), what=what, shown=shown
                ),
            )
    if design.paired and participant is None:
        pc.add(column="participant", value=None, expected=_("a participant column (paired)"))
    pc.raise_if_any()

    mets = [(name, metrics[name]) for name in order]
    scale = design.scale
    repeats = participant if participant is not None and not design.paired else None
    times = {i: name for i, (name, kind) in enumerate(mets) if kind == "time"}
    ranges = (
        runner.run(range_sql("trial", times, numeric, repeats)).iloc[0]
        if times or repeats
        else None
    )
    bins = {}
    for i in times:
        lo, hi = ranges[f"lo{i}"], ranges[f"hi{i}"]
        if pd.notna(lo) and pd.notna(hi):
            bins[i] = KIND["time"].edges(float(lo), float(hi))
    vexpr, agg = _aggregate(runner, variant, mets, numeric, scale, bins)
    empty = agg["v"].isna() | (agg["v"].astype("string") == "")
    if empty.any():
        pc.add(
            column=variant,
            value=None,
            expected=_("the name of the variant the participant saw ({n} rows lack it)").format(
                n=f"{int(agg.loc[empty, 'rows'].sum()):,}"
            ),
        )
    agg = agg[~empty].assign(v=lambda f: f["v"].astype(str)).set_index("v")
    variants = sorted(agg.index.tolist())
    for i, (name, kind) in enumerate(mets):
        bad = int(agg[f"m{i}_bad"].sum())
        if bad:
            sql = bad_values_sql("trial", name, kind, numeric[name], scale)
            examples = ", ".join(repr(x) for x in runner.run(sql)["raw"])
            pc.add(
                column=name,
                value=ngettext("{values} ({n} cell)", "{values} ({n} cells)", bad).format(
                    values=examples, n=f"{bad:,}"
                ),
                expected=KIND[kind]._expected(scale),
            )
    notes: list[Any] = []
    control = check_control(pc, variant, design.control, variants, notes)
    if repeats is not None:
        rep = ranges["repeated"]
        if int(rep):
            pc.add(
                column=participant,
                value=_("{n} repeated ids").format(n=f"{int(rep):,}"),
                expected=_(
                    "each participant once (between-subject design: one variant per person); "
                    "if the same people tried every variant, say so with paired=True or with "
                    "'paired: true' in the analysis plan"
                ),
            )
    pc.raise_if_any()
    control = str(control)
    arms_order = [control] + [v for v in variants if v != control]
    n_assigned = {v: int(agg.loc[v, "rows"]) for v in arms_order}
    stats: dict[str, MetricStats] = {}
    for i, (name, kind) in enumerate(mets):
        arms = {v: _stats_of(agg.loc[v], f"m{i}_") for v in arms_order}
        stats[name] = MetricStats(arms)
        for v, a in arms.items():
            need = KIND[kind].min_values
            if int(a["n"]) < need:
                pc.add(
                    column=name,
                    value=v,
                    expected=too_few_expected(need, name, v, int(a["n"])),
                )
    pc.raise_if_any()
    if design.paired:
        _paired(runner, pc, stats, mets, numeric, vexpr, participant, scale, arms_order)
    for i, edges in bins.items():
        cols = [f"h{i}_{k}" for k in range(len(edges) - 1)]
        counts = {v: agg.loc[v, cols].to_numpy(float) for v in arms_order}
        stats[mets[i][0]].hist = (edges, counts)

    results: dict[str, Comparison] = {}
    for name, kind in mets:
        summary_notes = list(notes)
        missing = sum(n_assigned[v] - int(stats[name].arms[v]["n"]) for v in arms_order)
        if missing:
            summary_notes.append(left_out_note(missing, name))
        summary = Summary(arms_order, control, summary_notes, n_assigned)
        results[name] = _analyse(
            summary,
            metric=name,
            kind_name=kind,
            design=design,
            direction=KIND[kind].direction,
            plan=plan if name == primary else None,
            ops=StatsOps(KIND[kind], stats[name], summary, scale),
        )
    return results


def _aggregate(
    runner: _Runner,
    variant: str,
    mets: list[tuple[str, str]],
    numeric: dict[str, bool],
    scale: int,
    bins: dict[int, np.ndarray],
) -> tuple[str, pd.DataFrame]:
    """The aggregation pass, fast when it can be: grouped by the variant column as it is
    (when its values need no trimming) and with numeric metrics taken as they are (when no
    cell is bad or NaN); otherwise again with every value cleaned. Returns the variant
    expression used and the aggregates (with the histogram counts of ``bins``)."""
    raw = variant_sql(variant, raw=True)
    text_variant = not numeric.get(variant, False)
    vexpr = raw if text_variant else variant_sql(variant)
    agg = runner.run(arms_sql("trial", vexpr, mets, numeric, scale, fast=True, bins=bins))
    keys = [k for k in agg["v"] if isinstance(k, str)]
    if text_variant and (len(keys) < len(agg) or any(k != k.strip() or not k for k in keys)):
        vexpr = variant_sql(variant)
        agg = None
    if agg is None or any(int(agg[f"m{i}_bad"].sum()) for i in range(len(mets))):
        agg = runner.run(arms_sql("trial", vexpr, mets, numeric, scale, bins=bins))
    return vexpr, agg


def _paired(
    runner: _Runner,
    pc: ProblemCollector,
    stats: dict[str, MetricStats],
    mets: list[tuple[str, str]],
    numeric: dict[str, bool],
    variant: str,
    participant: str,
    scale: int,
    order: list[str],
) -> None:
    """The within-participant aggregates of a paired design into ``stats``."""
    sql = paired_sql("trial", variant, participant, mets, numeric, scale, order)  # variant: SQL
    row = runner.run(sql).iloc[0]
    if int(row["no_id"]):
        pc.add(
            column=participant,
            value=None,
            expected=_("a participant id: paired=True matches each person's rows by it"),
        )
    if int(row["repeated"]):
        pc.add(
            column=participant,
            value=_("{n} participants").format(n=f"{int(row['repeated']):,}"),
            expected=_("a participant who appears once per variant"),
        )
    for i, (name, _kind) in enumerate(mets):
        lacking = int(row[f"m{i}_lacking"])
        if lacking:
            pc.add(
                column=participant,
                value=_("{n} participants").format(n=f"{lacking:,}"),
                expected=_("a row for every variant with paired=True ({name})").format(name=name),
            )
    pc.raise_if_any()
    counts = []
    for i, (name, kind) in enumerate(mets):
        for j, v in enumerate(order[1:], start=1):
            stats[name].pairs[v] = _stats_of(row, f"m{i}_{j}_")
            if kind == "count":
                counts.append((i, j))
    if counts:
        freq = runner.run(differences_sql(sql, counts, len(order)))
        for (i, j), part in freq.groupby(["mi", "vj"]):
            name, v = mets[int(i)][0], order[int(j)]
            stats[name].freq[v] = (part["d"].to_numpy(float), part["c"].to_numpy(float))
        for i, j in counts:
            stats[mets[i][0]].freq.setdefault(order[j], (np.zeros(0), np.zeros(0)))
