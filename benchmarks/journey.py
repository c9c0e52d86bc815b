"""Benchmark: event-log metrics at 1M and 10M events (time and peak memory).

Generates synthetic event logs (Parquet and CSV) in a temporary folder (never in the
repository), then runs each measurement in a fresh subprocess so peak memory
(``ru_maxrss``) belongs to that measurement alone:

* ``kit``       cocreate_kit.journey.event_log_metrics(path): DuckDB scans the file;
* ``pandas``    the baseline: read the whole file into pandas, sort, shift, groupby
                (the same definitions as the kit; see tests/test_journey_eventlog.py);
* ``pm4py``     pm4py's directly-follows graph + performance DFG + variants, only when an
                interpreter with pm4py exists (env PM4PY_PYTHON, or /tmp/pm4py-venv). pm4py is
                AGPL-3.0 and is never a dependency of the kit; it runs in its own venv.

With ``--formats xes`` the same log is written as XES: the kit streams it (expat, chunks into
DuckDB); the baseline parses it whole with ``xml.etree.ElementTree.parse`` into pandas, as a
reader without streaming does, then computes the same metrics.

Usage:  .venv/bin/python benchmarks/journey.py [--sizes 1000000 10000000] [--formats parquet
csv xes] [--keep]
Ratios are reported against the pandas baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GEN_SQL = """
COPY (
  SELECT 'C' || CAST(i // 8 AS VARCHAR) AS case_id,
         ['call','apply','book','visit','docs','decide','contact','start','docs','remind']
           [1 + CAST(((i % 8) + CASE WHEN hash(i) % 5 = 0 THEN 2 ELSE 0 END) % 10 AS INTEGER)]
           AS activity,
         TIMESTAMP '2026-01-01' + to_seconds(CAST((i // 8) * 60 + (i % 8) * 3600
                                                 + hash(i * 7) % 3000 AS BIGINT)) AS timestamp
  FROM range({n}) AS t(i)
  WHERE NOT ((i // 8) % 10 = 0 AND i % 8 >= 4)
) TO '{path}' ({fmt})
"""

KIT = """
import resource, sys, time, json
t = time.perf_counter()
from cocreate_kit.journey import event_log_metrics
m = event_log_metrics(sys.argv[1])
el = time.perf_counter() - t
print(json.dumps({"seconds": el, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "events": m.n_events, "cases": m.n_cases, "activities": len(m.steps),
                  "variants": len(m.variants)}))
"""

PANDAS = """
import resource, sys, time, json
import numpy as np, pandas as pd
t = time.perf_counter()
p = sys.argv[1]
if p.endswith(".xes"):
    import xml.etree.ElementTree as ET
    recs = []
    for tr in ET.parse(p).getroot().iter("trace"):
        case = next(a.get("value") for a in tr if a.get("key") == "concept:name")
        for ev in tr.iter("event"):
            d = {a.get("key"): a.get("value") for a in ev}
            recs.append((case, d["concept:name"], d["time:timestamp"]))
    df = pd.DataFrame(recs, columns=["case_id", "activity", "timestamp"])
else:
    df = pd.read_parquet(p) if p.endswith(".parquet") else pd.read_csv(p)
df["ts"] = pd.to_datetime(df["timestamp"], utc=True)
df = df.sort_values(["case_id", "ts", "activity"], kind="stable")
df["next_ts"] = df.groupby("case_id")["ts"].shift(-1)
df["gap"] = (df["next_ts"] - df["ts"]).dt.total_seconds()
last = df.groupby("case_id").tail(1)
end = last["activity"].value_counts().idxmax()
per = df.groupby(["activity", "case_id"]).size()
cases = per.groupby(level=0).size()
rework = (per > 1).groupby(level=0).sum()
drops = last[last["activity"] != end]["activity"].value_counts()
gaps = df.groupby("activity")["gap"].quantile([0.5, 0.9])
paths = df.groupby("case_id")["activity"].agg(" > ".join).value_counts()
el = time.perf_counter() - t
print(json.dumps({"seconds": el, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "events": len(df), "cases": int(df["case_id"].nunique()),
                  "activities": len(cases), "variants": len(paths)}))
"""

PM4PY = """
import resource, sys, time, json
import pandas as pd
t = time.perf_counter()
import pm4py
imported = time.perf_counter() - t
p = sys.argv[1]
df = pd.read_parquet(p) if p.endswith(".parquet") else pd.read_csv(p)
df["timestamp"] = pd.to_datetime(df["timestamp"])
df = pm4py.format_dataframe(df, case_id="case_id", activity_key="activity",
                            timestamp_key="timestamp")
dfg, starts, ends = pm4py.discover_dfg(df)
perf, _, _ = pm4py.discover_performance_dfg(df)
variants = pm4py.get_variants(df)
el = time.perf_counter() - t
print(json.dumps({"seconds": el, "import_s": imported,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "events": len(df), "dfg_edges": len(dfg), "variants": len(variants)}))
"""


def run(python: str, code: str, path: Path, timeout: float) -> dict:
    env = dict(os.environ)
    try:
        out = subprocess.run(
            [python, "-c", code, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": "no result printed"}


def write_xes(parquet: Path, path: Path) -> None:
    """Write the generated log as XES (one trace per case, events in time order)."""
    import duckdb

    rows = duckdb.execute(
        f"SELECT case_id, activity, strftime(timestamp, '%Y-%m-%dT%H:%M:%S.000+00:00') "
        f"FROM read_parquet('{parquet}') ORDER BY case_id, timestamp"
    ).fetchall()
    with path.open("w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n<log>\n")
        case = None
        for c, a, t in rows:
            if c != case:
                if case is not None:
                    out.write("  </trace>\n")
                out.write(f'  <trace>\n    <string key="concept:name" value="{c}"/>\n')
                case = c
            out.write(
                f'    <event><string key="concept:name" value="{a}"/>'
                f'<date key="time:timestamp" value="{t}"/></event>\n'
            )
        out.write("  </trace>\n</log>\n")


def pm4py_python() -> str | None:
    cand = os.environ.get("PM4PY_PYTHON") or "/tmp/pm4py-venv/bin/python"
    return cand if Path(cand).exists() else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--formats", nargs="+", default=["parquet", "csv"])
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--keep", action="store_true", help="keep the generated logs")
    args = ap.parse_args()

    import duckdb

    tmp = Path(tempfile.mkdtemp(prefix="cocreate_bench_journey_"))
    pm = pm4py_python()
    print(
        f"python {sys.version.split()[0]}, duckdb {duckdb.__version__}, "
        f"cpus {os.cpu_count()}, pm4py interpreter: {pm or 'not found (skipped)'}"
    )
    print(f"logs in {tmp}")
    rows = []
    try:
        for n in args.sizes:
            for fmt in args.formats:
                path = tmp / f"events_{n}.{fmt}"
                t = time.perf_counter()
                opts = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
                gen = tmp / f"events_{n}.gen.parquet" if fmt == "xes" else path
                duckdb.execute(GEN_SQL.format(n=n, path=gen, fmt=opts))
                if fmt == "xes":
                    write_xes(gen, path)
                    gen.unlink()
                size = path.stat().st_size / 1e6
                print(
                    f"\n{n:,} events requested, {fmt}: {size:,.0f} MB, generated in "
                    f"{time.perf_counter() - t:.1f} s"
                )
                res = {
                    "kit": run(sys.executable, KIT, path, args.timeout),
                    "pandas": run(sys.executable, PANDAS, path, args.timeout),
                }
                if pm and fmt == "parquet":
                    res["pm4py"] = run(pm, PM4PY, path, args.timeout)
                base = res["pandas"]
                for name, r in res.items():
                    if "error" in r:
                        print(f"  {name:7s} {r['error']}")
                        continue
                    ratio = ""
                    if "seconds" in base and name != "pandas":
                        ratio = (
                            f"  time {r['seconds'] / base['seconds']:.2f}x pandas, "
                            f"memory {r['rss_mb'] / base['rss_mb']:.2f}x pandas"
                        )
                    print(
                        f"  {name:7s} {r['seconds']:7.2f} s  peak RSS {r['rss_mb']:7.0f} MB"
                        f"  events {r.get('events', 0):,}{ratio}"
                    )
                    rows.append({"n": n, "format": fmt, "tool": name, **r})
                if not args.keep:
                    path.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    kit_pm = [
        (r["n"], r["seconds"]) for r in rows if r["tool"] in ("kit",) and r["format"] == "parquet"
    ]
    for n, sec in kit_pm:
        other = [
            r for r in rows if r["n"] == n and r["tool"] == "pm4py" and r["format"] == "parquet"
        ]
        if other:
            print(
                f"\n{n:,} events (parquet): pm4py DFG+performance+variants takes "
                f"{other[0]['seconds'] / sec:.1f}x the kit's time "
                f"and {other[0]['rss_mb'] / next(r['rss_mb'] for r in rows if r['n'] == n and r['tool'] == 'kit' and r['format'] == 'parquet'):.1f}x its memory."
            )


if __name__ == "__main__":
    main()
