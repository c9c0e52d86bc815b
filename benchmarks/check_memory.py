"""Benchmark: peak memory and time of ``cocreate check`` on a large CSV (default 200 MB).

Generates synthetic files with DuckDB in a temporary folder (never in the repository):

* ``experiment``  participant, variant, completed, time_s, errors, sus, satisfaction;
* ``eventlog``    case_id, activity, timestamp (checked as ``cocreate check journey``).

Each measurement runs in a fresh subprocess, and its peak resident memory is that
process's own ``ru_maxrss`` (from ``os.wait4``):

* ``kit``     ``python -m cocreate_kit.cli check KIND FILE`` (exit status must be 0);
* ``pandas``  the baseline: plain ``pandas.read_csv(FILE)`` of the same file, nothing else.

Reported: file size, peak RSS, RSS / file size (goal below 3), seconds, and the kit's RSS
and time as ratios of the baseline measured in the same run.

Usage:  .venv/bin/python benchmarks/check_memory.py [--mb 200] [--kinds experiment eventlog]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Bytes per row measured on these generators (used to size the file; the report shows the
# real size).
GEN = {
    "experiment": (
        32,
        "SELECT 'P' || lpad(CAST(i AS VARCHAR), 9, '0') AS participant,"
        " CASE WHEN hash(i) % 2 = 0 THEN 'A' ELSE 'B' END AS variant,"
        " CAST(hash(i * 3) % 100 < 60 AS INTEGER) AS completed,"
        " round(60 + (hash(i * 5) % 60000) / 100.0, 1) AS time_s,"
        " CAST(hash(i * 7) % 5 AS INTEGER) AS errors,"
        " (hash(i * 11) % 41) * 2.5 AS sus,"
        " CAST(1 + hash(i * 13) % 5 AS INTEGER) AS satisfaction"
        " FROM range({n}) AS t(i)",
    ),
    "eventlog": (
        38,
        "SELECT 'C' || CAST(i // 8 AS VARCHAR) AS case_id,"
        " ['call','apply','book','visit','docs','decide','contact','start']"
        "   [1 + CAST(i % 8 AS INTEGER)] AS activity,"
        " strftime(TIMESTAMP '2026-01-01' + to_seconds(CAST((i // 8) * 60 + (i % 8) * 3600"
        "   AS BIGINT)), '%Y-%m-%d %H:%M:%S') AS timestamp"
        " FROM range({n}) AS t(i)",
    ),
}
CLI_KIND = {"experiment": "experiment", "eventlog": "journey"}


def generate(kind: str, mb: float, folder: Path) -> Path:
    import duckdb

    per_row, sql = GEN[kind]
    n = int(mb * 1e6 / per_row)
    path = folder / f"{kind}.csv"
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"COPY ({sql.format(n=n)}) TO '{path}' (HEADER, DELIMITER ',')")
    con.close()
    return path


def measure(cmd: list[str]) -> tuple[float, float, int, str]:
    """Run ``cmd``; return (peak RSS in MiB, seconds, exit status, stderr tail)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - t, proc.returncode, err[-500:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200.0, help="size of each generated CSV")
    ap.add_argument("--kinds", nargs="+", default=list(GEN), choices=list(GEN))
    args = ap.parse_args()
    py = sys.executable
    print(f"{'kind':<11} {'run':<7} {'file MiB':>8} {'peak RSS MiB':>12} {'RSS/file':>9} "
          f"{'seconds':>8} {'vs pandas':>18}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="cocreate_check_mem_") as d:
        for kind in args.kinds:
            path = generate(kind, args.mb, Path(d))
            size = path.stat().st_size / 2**20  # MiB, like ru_maxrss / 1024
            base_rss, base_s, code, err = measure(
                [py, "-c", "import sys, pandas as pd; pd.read_csv(sys.argv[1])", str(path)]
            )
            assert code == 0, err
            rss, secs, code, err = measure(
                [py, "-m", "cocreate_kit.cli", "check", CLI_KIND[kind], str(path)]
            )
            if code != 0:
                print(f"{kind}: check exited {code}: {err}")
            for run, r, s in (("pandas", base_rss, base_s), ("kit", rss, secs)):
                ratio = (
                    "" if run == "pandas" else f"RSS x{r / base_rss:.2f}, time x{s / base_s:.2f}"
                )
                print(f"{kind:<11} {run:<7} {size:>8.0f} {r:>12.0f} {r / size:>9.2f} "
                      f"{s:>8.1f} {ratio:>18}")  # fmt: skip
            path.unlink()


if __name__ == "__main__":
    main()
