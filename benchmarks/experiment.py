"""Benchmark of the prototype-test pillar, plus a Monte Carlo coverage check.

1. A synthetic live trial: 1,000,000 participant rows x 5 metrics (binary, time, count,
   continuous, likert) x 3 variants. Times ``experiment.analyse`` over all five metrics and
   measures its peak traced memory (tracemalloc: Python and numpy allocations), and reports
   both as a ratio to a plain pandas ``groupby(variant).mean()`` of the same five columns,
   measured in the same run.
2. Monte Carlo coverage of the 95% adjusted-Wald (Agresti-Coull) interval at
   n = 10, 20, 30, 50, 100, 200 over true proportions 0.05..0.95 (20,000 draws each).

Run: .venv/bin/python benchmarks/experiment.py [--rows N]
"""

import argparse
import time
import tracemalloc

import numpy as np
import pandas as pd

from cocreate_kit.experiment import analyse
from cocreate_kit.experiment._methods import agresti_coull

METRICS = {
    "done": "binary",
    "time_s": "time",
    "errors": "count",
    "score": "continuous",
    "sat": "likert",
}


def make_data(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    variant = rng.choice(np.array(["A", "B", "C"]), rows)
    lift = pd.Series(variant).map({"A": 0.0, "B": 0.01, "C": 0.02}).to_numpy()
    return pd.DataFrame(
        {
            "participant": np.arange(rows),
            "variant": variant,
            "done": (rng.random(rows) < 0.5 + lift).astype(int),
            "time_s": np.round(np.exp(rng.normal(5 - lift, 0.5, rows)), 1),
            "errors": rng.negative_binomial(2, 2 / (2 + 1.5 - 10 * lift)),
            "score": rng.normal(60 + 50 * lift, 15, rows),
            "sat": np.clip(np.round(rng.normal(3.4 + 5 * lift, 1.1, rows)), 1, 5).astype(int),
        }
    )


def measure(fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, seconds, peak


def coverage(ns=(10, 20, 30, 50, 100, 200), draws=20_000, seed=3):
    rng = np.random.default_rng(seed)
    ps = np.linspace(0.05, 0.95, 19)
    print(
        "\nMonte Carlo coverage of the 95% adjusted-Wald interval "
        f"({draws:,} draws per n and p; p = 0.05..0.95)"
    )
    print(f"{'n':>5} {'mean':>8} {'min':>8}")
    worst = 1.0
    for n in ns:
        cis = np.array([agresti_coull(x, n) for x in range(n + 1)])
        covs = []
        for p in ps:
            x = rng.binomial(n, p, draws)
            covs.append(np.mean((cis[x, 0] <= p) & (p <= cis[x, 1])))
        covs = np.array(covs)
        worst = min(worst, covs.mean())
        print(f"{n:>5} {covs.mean():8.4f} {covs.min():8.4f}")
    print(f"lowest mean coverage {worst:.4f} (requirement: >= 0.93)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    data = make_data(args.rows)
    cols = list(METRICS)
    _, base_s, base_mem = measure(lambda: data.groupby("variant")[cols].mean())
    rep, kit_s, kit_mem = measure(
        lambda: analyse(data, metrics=METRICS, control="A", participant="participant")
    )
    print(f"rows: {args.rows:,}; metrics: {len(METRICS)}; variants: 3")
    print(f"pandas groupby mean : {base_s:8.3f} s   peak {base_mem / 2**20:8.1f} MiB")
    print(f"experiment.analyse  : {kit_s:8.3f} s   peak {kit_mem / 2**20:8.1f} MiB")
    print(f"ratio (time)        : {kit_s / base_s:8.1f}x")
    print(f"ratio (peak memory) : {kit_mem / max(base_mem, 1):8.1f}x")
    print(
        rep.overview()[
            ["metric", "variant", "effect", "p_adjusted", "method", "verdict"]
        ].to_string(index=False)
    )
    coverage()


if __name__ == "__main__":
    main()
