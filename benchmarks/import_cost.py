"""Benchmark: time and peak memory of ``import cocreate_kit`` (the top-level package).

Each measurement is a fresh ``python -c`` subprocess; its peak resident memory is that
process's own ``ru_maxrss`` (from ``os.wait4``) and its time is the wall clock of the whole
interpreter run (start-up included), the median of ``--runs`` runs:

* ``python``        the baseline: ``python -c pass`` (interpreter start-up only);
* ``pandas``        ``import pandas`` (what ``import cocreate_kit`` cost before issue 8);
* ``cocreate_kit``  ``import cocreate_kit`` (``DataError``, ``Problem``, lazy submodules);
* ``cocreate_kit.io``  the first data step: the reader loads pandas.

Reported: median seconds, peak RSS in MiB, and each as a ratio of the ``pandas`` row.

Usage:  .venv/bin/python benchmarks/import_cost.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "python": "pass",
    "pandas": "import pandas",
    "cocreate_kit": "import cocreate_kit",
    "cocreate_kit.io": "import cocreate_kit.io",
}


def measure(code: str) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one fresh interpreter running ``code``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        msg = f"{code!r} failed"
        raise SystemExit(msg)
    return took, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows = {}
    for name, code in CASES.items():
        runs = [measure(code) for _ in range(args.runs)]
        rows[name] = (statistics.median(t for t, _ in runs), max(m for _, m in runs))
    base_t, base_m = rows["pandas"]
    print(f"{'case':<18}{'seconds':>9}{'RSS MiB':>9}{'time/pandas':>13}{'RSS/pandas':>12}")
    for name, (t, m) in rows.items():
        print(f"{name:<18}{t:>9.3f}{m:>9.1f}{t / base_t:>13.2f}{m / base_m:>12.2f}")


if __name__ == "__main__":
    main()
