"""Sufficient statistics: the per-arm aggregates of every metric, in SQL, and the methods on them.

:func:`arms_sql` writes ONE ``GROUP BY variant`` over all metrics (DuckDB dialect, run as
written on DuckDB or transpiled for Spark by :mod:`cocreate_kit._sql`). What each kind
needs is :attr:`Kind.sufficient_statistics`:

* binary: participants and successes (paired: the 2x2 table per variant);
* time: n, mean, sample variance, minimum and maximum of log times, the mean and median of
  the times, and the counts per histogram bin (paired: the same of the log-time
  differences); the bins' edges need the smallest and largest time first, which a small
  pass before (:func:`range_sql`, one column each, no grouping) finds;
* continuous and SUS: n, mean, sample variance, minimum and maximum (paired: of the
  differences);
* Likert: counts per level 1..scale (paired: positive, negative and zero differences);
* count: n, total and sample variance (the quasi-Poisson model needs no more; paired: both
  totals, variances, the covariance and the frequency table of the differences, for the
  signed-rank test).

The variance is ``var_samp`` (sum of squares about the mean) rather than a raw sum of
squares, so that no precision is lost to cancellation; minimum and maximum keep the "data
without spread" rule exact. Paired designs pivot each participant's rows first
(:func:`paired_sql`). The methods themselves are in :mod:`._fromstats`; :class:`StatsOps`
gives :func:`._compare._analyse` the same five operations the row-level path has, so every
verdict, sentence and chart is produced by the same code. Every method runs on aggregates
(the exact tests too: Fisher, McNemar, sign and signed-rank tests need only counts), so the
``path`` column of ``Comparison.details`` says ``"aggregates"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .._sus import SUS_BENCHMARK, sus_grade
from . import _fromstats as fs
from . import _methods as m
from ._fromstats import Moments
from ._kind import Arm, Kind

__all__ = [
    "Summary",
    "StatsOps",
    "arms_sql",
    "range_sql",
    "paired_sql",
    "ident",
    "literal",
    "bad_values_sql",
    "variant_sql",
]

_BIG = "1.7976931348623157e308"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string."""
    return "'" + str(text).replace("'", "''") + "'"


def _valid(kind: str, scale: int) -> str:
    """The SQL condition on ``y`` (a finite double) for a valid value of ``kind``."""
    return {
        "binary": "y IN (0, 1)",
        "time": "y > 0",
        "likert": f"y >= 1 AND y <= {int(scale)} AND y = round(y)",
        "count": "y >= 0 AND y = round(y)",
        "sus": "y >= 0 AND y <= 100",
    }.get(kind, "TRUE")


def variant_sql(variant: str, *, raw: bool = False) -> str:
    """The variant as text, trimmed; ``raw``: the column as it is (a text column whose
    values need no trimming groups faster, see :func:`._scale.compare_all`)."""
    return ident(variant) if raw else f"trim(CAST({ident(variant)} AS VARCHAR))"


def cleaned(
    metrics: list[tuple[str, str]], numeric: dict[str, bool], scale: int, *, fast: bool = False
) -> list[str]:
    """Per metric: SELECT items ``y{i}`` (clean value or NULL) and ``b{i}`` (a bad cell).

    ``fast``: numeric columns are taken as they are and ``b{i}`` also flags NaN; right
    whenever no cell is flagged (the caller reruns without ``fast`` otherwise)."""
    out = []
    for i, (col, kind) in enumerate(metrics):
        raw = ident(col)
        if fast and numeric.get(col, False):
            y = f"CAST({raw} AS DOUBLE)"
            ok = f"{y} BETWEEN -{_BIG} AND {_BIG} AND ({_valid(kind, scale).replace('y', y)})"
            out.append(f"{y} AS y{i}")
            out.append(f"({raw} IS NOT NULL AND NOT coalesce({ok}, FALSE)) AS b{i}")
            continue
        if numeric.get(col, False):
            y = f"CAST({raw} AS DOUBLE)"
            present = f"({raw} IS NOT NULL AND NOT isnan({y}))"
        else:
            text = f"trim(CAST({raw} AS VARCHAR))"
            y = f"TRY_CAST({text} AS DOUBLE)"
            present = f"({raw} IS NOT NULL AND {text} <> '')"
        ok = f"{y} BETWEEN -{_BIG} AND {_BIG} AND ({_valid(kind, scale).replace('y', y)})"
        out.append(f"CASE WHEN {present} AND {ok} THEN {y} END AS y{i}")
        out.append(f"({present} AND NOT coalesce({ok}, FALSE)) AS b{i}")
    return out


def bad_values_sql(table: str, column: str, kind: str, numeric: bool, scale: int) -> str:
    """Up to five distinct bad values of ``column`` (for the error message)."""
    items = cleaned([(column, kind)], {column: numeric}, scale)
    return (
        f"WITH c AS (SELECT CAST({ident(column)} AS VARCHAR) AS raw, {', '.join(items)} "
        f"FROM {table}) SELECT DISTINCT raw FROM c WHERE b0 LIMIT 5"
    )


def _n(cond: str) -> str:
    return f"sum(CASE WHEN {cond} THEN 1 ELSE 0 END)"


def _aggregates(i: int, kind: str, scale: int) -> list[str]:
    y = f"y{i}"
    out = [f"count({y}) AS m{i}_n", f"{_n(f'b{i}')} AS m{i}_bad"]
    if kind == "binary":
        out.append(f"sum({y}) AS m{i}_s")
    elif kind == "likert":
        out += [f"{_n(f'{y} = {k}')} AS m{i}_c{k}" for k in range(1, scale + 1)]
    elif kind == "time":
        ly = f"ln(CASE WHEN {y} > 0 THEN {y} END)"
        out += [
            f"avg({ly}) AS m{i}_mean",
            f"var_samp({ly}) AS m{i}_var",
            f"min({ly}) AS m{i}_lo",
            f"max({ly}) AS m{i}_hi",
            f"avg({y}) AS m{i}_amean",
            f"median({y}) AS m{i}_median",
            f"min({y}) AS m{i}_min",
            f"max({y}) AS m{i}_max",
        ]
    else:
        out += [
            f"sum({y}) AS m{i}_s",
            f"avg({y}) AS m{i}_mean",
            f"var_samp({y}) AS m{i}_var",
            f"min({y}) AS m{i}_lo",
            f"max({y}) AS m{i}_hi",
        ]
    return out


def arms_sql(
    table: str,
    variant: str,
    metrics: list[tuple[str, str]],
    numeric: dict[str, bool],
    scale: int,
    *,
    fast: bool = False,
    bins: dict[int, np.ndarray] | None = None,
) -> str:
    """The one aggregation pass: rows and every metric's aggregates per variant
    (``variant``: an expression from :func:`variant_sql`; ``fast``: see :func:`cleaned`),
    with the histogram counts ``h{i}_{k}`` of the time metrics whose edges ``bins`` gives
    ({index: edges}, from :func:`range_sql`)."""
    items = [f"{variant} AS v", *cleaned(metrics, numeric, scale, fast=fast)]
    aggs = ["v", "count(*) AS rows"]
    for i, (_, kind) in enumerate(metrics):
        aggs += _aggregates(i, kind, scale)
        if bins and i in bins:
            aggs += _histogram(i, bins[i])
    return (
        f"WITH c AS (SELECT {', '.join(items)} FROM {table})\n"
        f"SELECT {', '.join(aggs)} FROM c GROUP BY v"
    )


def _as(item: str, i: int) -> str:
    """A ``cleaned`` SELECT item of metric 0 renamed for metric ``i``."""
    expr, name = item.rsplit(" AS ", 1)
    return f"{expr} AS {name[0]}{i}"


def range_sql(
    table: str,
    times: dict[int, str],
    numeric: dict[str, bool],
    participant: str | None = None,
) -> str:
    """The small pass before :func:`arms_sql`: the smallest and largest valid value of every
    time metric (``times``: {index: column}), which the histogram's edges need, and with
    ``participant``, how many ids repeat (``count - count(DISTINCT)``). Columns ``lo{i}``,
    ``hi{i}`` and ``repeated``; it reads only those columns and groups nothing."""
    items: list[str] = []
    aggs: list[str] = []
    for i, col in times.items():
        items.append(_as(cleaned([(col, "time")], numeric, 5)[0], i))
        aggs += [f"min(y{i}) AS lo{i}", f"max(y{i}) AS hi{i}"]
    if participant is not None:
        items.append(f"{ident(participant)} AS p")
        aggs.append("count(p) - count(DISTINCT p) AS repeated")
    return f"WITH c AS (SELECT {', '.join(items)} FROM {table})\nSELECT {', '.join(aggs)} FROM c"


def _histogram(i: int, edges: np.ndarray) -> list[str]:
    """Counts per bin of time metric ``i``: bin k holds edges[k] <= y < edges[k + 1]
    (``numpy.histogram``; every y is below the last edge, see ``TimeKind.edges``)."""
    out = []
    for k in range(len(edges) - 1):
        lo, hi = (f"CAST('{float(e)!r}' AS DOUBLE)" for e in edges[k : k + 2])
        out.append(f"{_n(f'y{i} >= {lo} AND y{i} < {hi}')} AS h{i}_{k}")
    return out


def paired_sql(
    table: str,
    variant: str,
    participant: str,
    metrics: list[tuple[str, str]],
    numeric: dict[str, bool],
    scale: int,
    order: list[str],
) -> str:
    """Per participant, each variant's value (a pivot), then per metric and variant the
    aggregates of the within-participant comparison with the control (``order[0]``) over
    participants with a value for every variant; also the problems (participants without
    id, repeated (participant, variant), incomplete pairs)."""
    items = [
        f"{variant} AS v",
        f"trim(CAST({ident(participant)} AS VARCHAR)) AS p",
        *cleaned(metrics, numeric, scale),
    ]
    pivot = ["p"]
    for j, name in enumerate(order):
        pivot.append(f"{_n(f'v = {literal(name)}')} AS r{j}")
        for i in range(len(metrics)):
            pivot.append(f"max(CASE WHEN v = {literal(name)} THEN y{i} END) AS x{i}_{j}")
    for i in range(len(metrics)):
        pivot.append(f"count(y{i}) AS k{i}")
    aggs = [
        f"{_n('p IS NULL OR p = ' + literal(''))} AS no_id",
        f"{_n(' OR '.join(f'r{j} > 1' for j in range(len(order))))} AS repeated",
    ]
    for i, (_, kind) in enumerate(metrics):
        every = " AND ".join(f"x{i}_{j} IS NOT NULL" for j in range(len(order)))
        aggs.append(f"{_n(f'k{i} > 0 AND NOT ({every})')} AS m{i}_lacking")
        for j in range(1, len(order)):
            b, a, pre = f"x{i}_{j}", f"x{i}_0", f"m{i}_{j}"
            on = f"CASE WHEN {every} THEN {{}} END"
            if kind == "binary":
                for cell, (vb, va) in {
                    "n11": (1, 1),
                    "n10": (1, 0),
                    "n01": (0, 1),
                    "n00": (0, 0),
                }.items():
                    aggs.append(f"{_n(f'{every} AND {b} = {vb} AND {a} = {va}')} AS {pre}_{cell}")
                continue
            if kind == "likert":
                aggs.append(f"{_n(f'{every} AND {b} > {a}')} AS {pre}_pos")
                aggs.append(f"{_n(f'{every} AND {b} < {a}')} AS {pre}_neg")
                aggs.append(f"{_n(every)} AS {pre}_n")
                continue
            d = f"ln({b}) - ln({a})" if kind == "time" else f"{b} - {a}"
            dd = on.format(d)
            aggs += [
                f"count({dd}) AS {pre}_n",
                f"avg({dd}) AS {pre}_mean",
                f"var_samp({dd}) AS {pre}_var",
                f"min({dd}) AS {pre}_lo",
                f"max({dd}) AS {pre}_hi",
            ]
            if kind == "count":
                bb, aa = on.format(b), on.format(a)
                aggs += [
                    f"sum({bb}) AS {pre}_sb",
                    f"sum({aa}) AS {pre}_sa",
                    f"var_samp({bb}) AS {pre}_vb",
                    f"var_samp({aa}) AS {pre}_va",
                    f"covar_samp({bb}, {aa}) AS {pre}_cov",
                ]
    return (
        f"WITH c AS (SELECT {', '.join(items)} FROM {table}),\n"
        f"w AS (SELECT {', '.join(pivot)} FROM c GROUP BY p)\n"
        f"SELECT {', '.join(aggs)} FROM w"
    )


def differences_sql(paired_sql_text: str, pairs: list[tuple[int, int]], k: int) -> str:
    """The frequency table (metric, variant, difference, count) of the paired count
    differences ``pairs`` [(metric index, variant index)], from :func:`paired_sql`'s pivot."""
    head = paired_sql_text.rsplit("\nSELECT ", 1)[0]
    every = {i: " AND ".join(f"x{i}_{j} IS NOT NULL" for j in range(k)) for i, _ in pairs}
    parts = [
        f"SELECT {i} AS mi, {j} AS vj, x{i}_{j} - x{i}_0 AS d FROM w WHERE {every[i]}"
        for i, j in pairs
    ]
    return f"{head}\nSELECT mi, vj, d, count(*) AS c FROM ({' UNION ALL '.join(parts)}) AS u GROUP BY mi, vj, d"


# ----------------------------------------------------------------------------- results


@dataclass
class Summary:
    """What :func:`._compare._analyse` needs besides the operations: arms in order (control
    first), the control, notes and rows per variant (for the sample-ratio check)."""

    order: list[str]
    control: str
    notes: list[str]
    n_assigned: dict[str, int]


@dataclass
class MetricStats:
    """One metric's aggregates: ``arms[v]`` (keys without the ``m{i}_`` prefix), and when
    paired ``pairs[v]``, ``freq[v]`` (values, counts) and, for time, ``hist[v]``."""

    arms: dict[str, dict[str, float]]
    pairs: dict[str, dict[str, float]] = field(default_factory=dict)
    freq: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    hist: tuple[np.ndarray, dict[str, np.ndarray]] | None = None


def _moments(a: dict[str, float], prefix: str = "") -> Moments:
    return Moments(
        int(a[prefix + "n"]),
        float(a[prefix + "mean"]),
        float(a[prefix + "var"]),
        float(a[prefix + "lo"]),
        float(a[prefix + "hi"]),
    )


class StatsOps:
    """The five operations of :func:`._compare._analyse` on aggregates (``path`` =
    ``"aggregates"``); :class:`._compare.RowOps` is the same on rows."""

    path = "aggregates"

    def __init__(self, kind: Kind, stats: MetricStats, summary: Summary, scale: int) -> None:
        self.kind, self.s, self.summary, self.scale = kind, stats, summary, scale
        self.control = summary.control

    # -- per kind family
    def _counts(self, v: str, scale: int) -> np.ndarray:
        return np.array([self.s.arms[v][f"c{k}"] for k in range(1, scale + 1)], float)

    def model(self) -> tuple[Any, list[str]]:
        if self.kind.name != "count":
            return None, []
        arms = [self.s.arms[v] for v in self.summary.order]
        disp = fs.pearson_dispersion([(int(a["n"]), a["mean"], a["var"]) for a in arms])
        return self.kind.model_from(disp, sum(int(a["n"]) for a in arms), len(arms))

    def arm(self, v: str, level: float, scale: int, model: Any) -> Arm:
        a, name = self.s.arms[v], self.kind.name
        n = int(a["n"])
        if name == "binary":
            x = float(a["s"])
            lo, hi = m.agresti_coull(x, n, level)
            return Arm(v, n, x / n, lo, hi, {"successes": int(x)})
        if name == "count":
            return self.kind.arm_counts(v, float(a["s"]), n, level, model)
        if name == "likert":
            c = self._counts(v, scale)
            top2 = float(c[scale - 2 :].sum())
            lo, hi = m.agresti_coull(top2, n, level)
            levels = np.arange(1, scale + 1)
            extra = {
                "median": fs.median_of_counts(levels, c),
                "mean": float((levels * c).sum() / n),
            }
            return Arm(v, n, top2 / n, lo, hi, extra)
        mom = _moments(a)
        mean, lo, hi = fs.t_interval(mom, level)
        if name == "time":
            extra = {"median": float(a["median"]), "arithmetic_mean": float(a["amean"])}
            return Arm(v, n, math.exp(mean), math.exp(lo), math.exp(hi), extra | {"sd_log": mom.sd})
        out = Arm(v, n, mean, lo, hi, {"sd": mom.sd})
        if name == "sus":
            _, p = fs.one_sample_t(mom, SUS_BENCHMARK)
            out.extra |= {"grade": sus_grade(out.estimate), "p_vs_68": p}
        return out

    def test(self, v: str, level: float, model: Any, paired: bool) -> m.Test:
        name = self.kind.name
        if paired:
            return self._paired(v, level)
        b, a = self.s.arms[v], self.s.arms[self.control]
        if name == "binary":
            return self.kind.test_counts(b["s"], int(b["n"]), a["s"], int(a["n"]), level)
        if name == "count":
            return self.kind.test_counts(b["s"], int(b["n"]), a["s"], int(a["n"]), level, model)
        if name == "likert":
            cb, ca = self._counts(v, self.scale), self._counts(self.control, self.scale)
            bm = fs.brunner_munzel(cb, ca, level)
            return bm if bm is not None else fs.mann_whitney(cb, ca, level)
        t = fs.welch(_moments(b), _moments(a), level)
        return replace(t, method="Welch t test on log times") if name == "time" else t

    def _paired(self, v: str, level: float) -> m.Test:
        p, name = self.s.pairs[v], self.kind.name
        if name == "binary":
            cells = (int(p[k]) for k in ("n11", "n10", "n01", "n00"))
            return self.kind.paired_counts(*cells, level)
        if name == "likert":
            return fs.paired_superiority_counts(int(p["pos"]), int(p["neg"]), int(p["n"]), level)
        if name == "count":
            rr = fs.paired_rate_ratio(
                int(p["n"]), p["sb"], p["sa"], p["vb"], p["va"], p["cov"], level
            )
            return self.kind.paired_from(fs.wilcoxon_signed_rank(*self.s.freq[v]), rr)
        t = fs.paired_t(_moments(p), level)
        return replace(t, method="paired t test on log times") if name == "time" else t

    def tost(self, test: m.Test, v: str, margin: float, paired: bool) -> float:
        name = self.kind.name
        if paired or name in ("likert", "count"):
            return self.kind._tost_from_test(test, margin)
        b, a = self.s.arms[v], self.s.arms[self.control]
        if name == "binary":
            return m.agresti_caffo_tost(b["s"], b["n"], a["s"], a["n"], -margin, margin)
        mg = math.log(1 + margin) if name == "time" else margin
        return fs.welch_tost(_moments(b), _moments(a), -mg, mg)

    def distribution(self, scale: int) -> pd.DataFrame | None:
        order = self.summary.order
        if self.kind.name == "likert":
            return self.kind.table_of_counts({v: self._counts(v, scale) for v in order}, order)
        if self.kind.name == "time" and self.s.hist is not None:
            edges, counts = self.s.hist
            return self.kind.histogram(edges, counts, order)
        return None
