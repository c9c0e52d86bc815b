"""Calibration of the representativeness test: type I error under the null (seeded simulation).

Under the null hypothesis (participants drawn at random from the population), a test at
level 0.05 should reject at most 5% of the time. For workshop-sized samples (n = 8, 15, 30)
and a larger one (n = 100), this script draws ``--reps`` seeded samples from
Multinomial(n, p), with p the sample population's age-band and area shares
(``sample_data/ledger/population.csv``), and reports the rejection rate with its Monte Carlo
standard error sqrt(a (1 - a) / reps) for

* ``auto``: the test the kit picks (:func:`cocreate_kit.ledger._gof.pick_method`);
* ``chi_square``: Pearson's chi-square forced at every n (the baseline a user would reach
  for, whose approximation needs expected counts of 5 or more);
* ``monte_carlo``: the Monte Carlo multinomial test forced (``n_sim`` draws per test).

For the exact test the size can also be computed without simulation (the probability of
all tables whose exact p-value is at most 0.05); it is printed as ``exact size`` where the
enumeration is feasible, and the simulated rate must agree with it within its SE.

Run: ``python benchmarks/participation_calibration.py --reps 2000``
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from cocreate_kit.datasets import dataset_path
from cocreate_kit.ledger import read_population
from cocreate_kit.ledger._gof import (
    EXACT_MAX_COMPOSITIONS,
    _compositions,
    _log_pmf,
    goodness_of_fit,
    pick_method,
)

ALPHA = 0.05


def exact_size(n: int, p: np.ndarray) -> float:
    """P(exact p-value <= ALPHA) under the null, by enumeration (NaN if infeasible)."""
    m = len(p)
    if math.comb(n + m - 1, m - 1) > EXACT_MAX_COMPOSITIONS:
        return math.nan
    lp = _log_pmf(_compositions(n, m), np.log(p), n)
    prob = np.exp(lp)
    order = np.argsort(lp, kind="stable")
    sorted_lp, sorted_prob = lp[order], prob[order]
    cum = np.cumsum(sorted_prob)
    # p-value of a table = total probability of tables no more probable (ties included)
    cut = sorted_lp + 1e-7 * np.maximum(1.0, np.abs(sorted_lp))
    pvals = cum[np.searchsorted(sorted_lp, cut, side="right") - 1]
    return float(sorted_prob[pvals <= ALPHA].sum())


def rejection_rate(n: int, p: np.ndarray, method: str, reps: int, seed: int, n_sim: int):
    rng = np.random.default_rng(seed)
    cache: dict[tuple[int, ...], float] = {}
    rejected = 0
    for i, obs in enumerate(rng.multinomial(n, p, size=reps)):
        key = tuple(int(x) for x in obs)
        # deterministic tests depend on the table only; Monte Carlo gets its own seed
        if method == "monte_carlo" or key not in cache:
            res = goodness_of_fit(obs, p, method=method, n_sim=n_sim, seed=seed + i)
            cache[key] = res["p_value"]
        rejected += cache[key] <= ALPHA
    rate = rejected / reps
    return rate, math.sqrt(rate * (1 - rate) / reps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=2000)
    parser.add_argument("--n-sim", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()
    pop = read_population(dataset_path("ledger/population.csv"))
    print(
        f"type I error at level {ALPHA}, {args.reps} seeded samples per row, "
        f"Monte Carlo test with {args.n_sim} draws"
    )
    print(
        f"{'dimension':<9} {'n':>4} {'auto picks':<12} {'method':<12} {'rate':>7} "
        f"{'MC SE':>7} {'exact size':>10} {'seconds':>8}"
    )
    for dim in ("age_band", "area"):
        p = pop.shares(dim).to_numpy()
        for n in (8, 15, 30, 100):
            picked = pick_method(n, n * p)
            size = exact_size(n, p)
            for method in ("auto", "chi_square", "monte_carlo"):
                t0 = time.perf_counter()
                rate, se = rejection_rate(n, p, method, args.reps, args.seed, args.n_sim)
                secs = time.perf_counter() - t0
                shown = f"{size:.4f}" if method == "auto" and picked == "exact" else ""
                print(
                    f"{dim:<9} {n:>4} {picked:<12} {method:<12} {rate:>7.4f} {se:>7.4f} "
                    f"{shown:>10} {secs:>8.1f}"
                )


if __name__ == "__main__":
    main()
