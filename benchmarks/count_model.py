"""Which count model keeps the verdicts honest at every n? A seeded A/A simulation.

Counts (errors, clicks) per participant are often overdispersed. Each replicate draws two
arms of ``n`` participants from the same distribution (A/A: no true difference): negative
binomial NB2 with mean 1.5 and dispersion alpha in {0.5, 1, 2} (variance mu + alpha mu^2),
and Poisson(1.5) (alpha = 0), at n = 5, 10, 20, 50, 200 per arm. Every candidate model
sees the same replicates. For each cell it reports, with Monte Carlo standard errors
sqrt(p (1 - p) / reps):

* ``p<.05``: share of p-values below 0.05 (type I error of the test);
* ``verdict``: share of false "better"/"worse" verdicts at level 0.95, with the kit's
  small-sample guard (fewer than 20 per arm and overlapping arm intervals: no winner);
* ``cover``: coverage of the 95% rate-ratio interval (it should contain 1);
* ``arm``: coverage of the per-arm 95% interval of the mean (true mean 1.5).

Candidates (an arm with no events uses the same rule in every candidate: the exact
conditional Poisson test, as in the kit):

* ``old``: Poisson Wald, switching to the negative binomial Wald test (alpha by maximum
  likelihood) when the Pearson dispersion exceeds 1.5 (the kit before issue 11);
* ``nb``: always the negative binomial Wald test, alpha by maximum likelihood (Poisson
  when alpha -> 0);
* ``nb_t``: the same, with t(N - 2) instead of normal critical values;
* ``quasi``: quasi-Poisson: the Poisson standard error times sqrt(max(1, Pearson
  dispersion)), t(N - 2) critical values (McCullagh & Nelder 1989, sec. 4.5);
* ``robust``: per-arm (sandwich) variance max(s^2, mean) of the counts on the log scale
  (delta method), Welch-Satterthwaite degrees of freedom, t critical values;
* ``kit``: what ``experiment`` now does, through ``KIND["count"]`` (model, arm, test),
  the same code path as ``compare`` without the data frame preparation.

Run: PYTHONPATH=. .venv/bin/python benchmarks/count_model.py [--reps 2000] [--scale 1]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from scipy import stats
from scipy.special import gammaln

MEAN = 1.5
ALPHAS = (0.0, 0.5, 1.0, 2.0)
NS = (5, 10, 20, 50, 200)
LEVEL = 0.95
SMALL_N = 20
Z = float(stats.norm.ppf(0.975))


def draw(rng: np.random.Generator, alpha: float, reps: int, n: int) -> np.ndarray:
    """(reps, 2, n) counts, A/A, mean 1.5, NB2 dispersion alpha (Poisson when 0)."""
    if alpha == 0:
        return rng.poisson(MEAN, (reps, 2, n))
    r = 1 / alpha
    return rng.negative_binomial(r, r / (r + MEAN), (reps, 2, n))


def nb_alpha_mle(y: np.ndarray) -> np.ndarray:
    """Profile-likelihood NB2 alpha per replicate (group means fixed), golden section on
    log alpha in [-12, 6]: the kit's ``negative_binomial_alpha`` vectorised."""
    mu = np.broadcast_to(y.mean(axis=2, keepdims=True), y.shape)
    yy = y.reshape(len(y), -1).astype(float)
    mm = mu.reshape(len(y), -1)
    logmu = np.log(np.where(mm > 0, mm, 1.0))

    def nll(la: np.ndarray) -> np.ndarray:
        r = np.exp(-la)[:, None]
        ll = gammaln(yy + r) - gammaln(r) + r * np.log(r / (r + mm)) + yy * (logmu - np.log(r + mm))
        return -ll.sum(axis=1)

    lo, hi = np.full(len(y), -12.0), np.full(len(y), 6.0)
    g = (math.sqrt(5) - 1) / 2
    c, d = hi - g * (hi - lo), lo + g * (hi - lo)
    fc, fd = nll(c), nll(d)
    for _ in range(60):
        left = fc < fd
        hi = np.where(left, d, hi)
        lo = np.where(left, lo, c)
        c_new, d_new = hi - g * (hi - lo), lo + g * (hi - lo)
        # one new evaluation per step would need bookkeeping per replicate; two is simpler
        c, d = c_new, d_new
        fc, fd = nll(c), nll(d)
    return np.exp((lo + hi) / 2)


def exact_conditional(s1: np.ndarray, s2: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
    """Exact conditional test (equal n: s1 | s1 + s2 ~ Binomial(total, 1/2)), its
    Clopper-Pearson interval mapped to the log rate ratio."""
    total = s1 + s2
    k = np.minimum(s1, s2)
    p = np.where(total > 0, np.minimum(1.0, 2 * stats.binom.cdf(k, total, 0.5)), 1.0)
    a = 1 - LEVEL
    with np.errstate(divide="ignore", invalid="ignore"):
        plo = np.where(s1 == 0, 0.0, stats.beta.ppf(a / 2, s1, total - s1 + 1))
        phi = np.where(s1 == total, 1.0, stats.beta.ppf(1 - a / 2, s1 + 1, total - s1))
        lo = np.log(plo / (1 - plo))
        hi = np.log(phi / (1 - phi))
    return p, np.nan_to_num(lo, nan=-np.inf), np.nan_to_num(hi, nan=np.inf)


def garwood(total: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    a = 1 - LEVEL
    lo = np.where(total > 0, stats.chi2.ppf(a / 2, 2 * np.maximum(total, 1)) / 2, 0.0)
    hi = stats.chi2.ppf(1 - a / 2, 2 * total + 2) / 2
    return lo / n, hi / n


def evaluate(y: np.ndarray, kit_cells: bool) -> dict[str, dict[str, np.ndarray]]:
    """Per candidate: p-value, effect interval, per-arm intervals (reps arrays)."""
    reps, _, n = y.shape
    s = y.sum(axis=2).astype(float)  # (reps, 2)
    mean = s / n
    var = y.var(axis=2, ddof=1)
    zero = (s == 0).any(axis=1)
    big_n = 2 * n
    with np.errstate(divide="ignore", invalid="ignore"):
        pearson = np.where(mean > 0, ((y - mean[..., None]) ** 2).sum(axis=2) / mean, 0.0)
        disp = pearson.sum(axis=1) / (big_n - 2)
        log_rr = np.log(mean[:, 1] / mean[:, 0])
    alpha_mle = nb_alpha_mle(y)
    p_ec, lo_ec, hi_ec = exact_conditional(s[:, 1], s[:, 0], n)
    g_lo, g_hi = garwood(s, n)
    t_n2 = float(stats.t.ppf(0.975, big_n - 2))
    out: dict[str, dict[str, np.ndarray]] = {}

    def wald(se: np.ndarray, crit: np.ndarray | float, df: np.ndarray | float) -> tuple:
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = np.abs(log_rr) / se
            if np.isscalar(df) and math.isinf(df):
                p = 2 * stats.norm.sf(stat)
            else:
                p = 2 * stats.t.sf(stat, df)
            return p, log_rr - crit * se, log_rr + crit * se

    def nb_arm(alpha: np.ndarray, crit: float) -> tuple[np.ndarray, np.ndarray]:
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.sqrt((1 + alpha[:, None] * mean) / (n * mean))
        lo, hi = mean * np.exp(-crit * se), mean * np.exp(crit * se)
        return np.where(s > 0, lo, g_lo), np.where(s > 0, hi, g_hi)

    def nb_se(alpha: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.sqrt(((1 + alpha[:, None] * mean) / (n * mean)).sum(axis=1))

    def put(name: str, p, lo, hi, alo, ahi) -> None:
        out[name] = {
            "p": np.where(zero, p_ec, p),
            "lo": np.where(zero, lo_ec, lo),
            "hi": np.where(zero, hi_ec, hi),
            "alo": alo,
            "ahi": ahi,
        }

    # old: Poisson unless Pearson dispersion > 1.5 (and N >= 10), then NB (alpha MLE)
    over = (disp > 1.5) & (big_n >= 10)
    a_old = np.where(over, alpha_mle, 0.0)
    p, lo, hi = wald(nb_se(a_old), Z, math.inf)
    alo, ahi = nb_arm(a_old, Z)
    put("old", p, lo, hi, np.where(over[:, None], alo, g_lo), np.where(over[:, None], ahi, g_hi))
    # nb: always NB (alpha MLE), z; nb_t: with t(N - 2)
    p, lo, hi = wald(nb_se(alpha_mle), Z, math.inf)
    put("nb", p, lo, hi, *nb_arm(alpha_mle, Z))
    p, lo, hi = wald(nb_se(alpha_mle), t_n2, big_n - 2)
    put("nb_t", p, lo, hi, *nb_arm(alpha_mle, t_n2))
    # quasi-Poisson: phi = max(1, Pearson dispersion), t(N - 2)
    phi = np.maximum(1.0, disp)
    with np.errstate(divide="ignore", invalid="ignore"):
        se_q = np.sqrt(phi * (1 / s[:, 1] + 1 / s[:, 0]))
        arm_se_q = np.sqrt(phi[:, None] / s)
    p, lo, hi = wald(se_q, t_n2, big_n - 2)
    put(
        "quasi",
        p,
        lo,
        hi,
        np.where(s > 0, mean * np.exp(-t_n2 * arm_se_q), g_lo),
        np.where(s > 0, mean * np.exp(t_n2 * arm_se_q), g_hi),
    )
    # quasi0: quasi-Poisson also when an arm has no events (0.5 added to both totals)
    with np.errstate(divide="ignore", invalid="ignore"):
        s_c = np.where(zero[:, None], s + 0.5, s)
        lrr_c = np.log(s_c[:, 1] / s_c[:, 0])
        se_c = np.sqrt(phi * (1 / s_c[:, 1] + 1 / s_c[:, 0]))
        p_c = 2 * stats.t.sf(np.abs(lrr_c) / se_c, big_n - 2)
    pois_ok = phi <= 1
    out["quasi0"] = {
        "p": np.where(zero & pois_ok, p_ec, p_c),
        "lo": np.where(zero & pois_ok, lo_ec, lrr_c - t_n2 * se_c),
        "hi": np.where(zero & pois_ok, hi_ec, lrr_c + t_n2 * se_c),
        "alo": out["quasi"]["alo"],
        "ahi": out["quasi"]["ahi"],
    }
    # robust (sandwich) per-arm variance on the log scale, Welch df
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.maximum(var, mean) / (n * mean**2)
        df = v.sum(axis=1) ** 2 / (v**2 / (n - 1)).sum(axis=1)
        crit = stats.t.ppf(0.975, df)
        t_arm = float(stats.t.ppf(0.975, n - 1))
    p, lo, hi = wald(np.sqrt(v.sum(axis=1)), crit, df)
    put(
        "robust",
        p,
        lo,
        hi,
        np.where(s > 0, mean * np.exp(-t_arm * np.sqrt(v)), g_lo),
        np.where(s > 0, mean * np.exp(t_arm * np.sqrt(v)), g_hi),
    )
    if kit_cells:
        out["kit"] = kit(y)
    return out


def kit(y: np.ndarray) -> dict[str, np.ndarray]:
    """The kit's own count path (``KIND["count"]``), replicate by replicate."""
    from cocreate_kit.experiment._kinds import KIND

    count = KIND["count"]
    res: dict[str, list[float]] = {k: [] for k in ("p", "lo", "hi")}
    alo, ahi = [], []
    for a, b in y.astype(float):
        model, _ = count.model([a, b])
        t = count.test(b, a, LEVEL, model)
        res["p"].append(t.p_value)
        res["lo"].append(t.ci_low)
        res["hi"].append(t.ci_high)
        arms = [count.arm(v, x, LEVEL, 5, model) for v, x in (("A", a), ("B", b))]
        alo.append([arm.lo for arm in arms])
        ahi.append([arm.hi for arm in arms])
    out = {k: np.asarray(v, float) for k, v in res.items()}
    return out | {"alo": np.asarray(alo), "ahi": np.asarray(ahi)}


def summarise(c: dict[str, np.ndarray], n: int) -> dict[str, float]:
    """Rates for one candidate in one cell."""
    p, lo, hi = c["p"], c["lo"], c["hi"]
    reject = p < 0.05
    overlap = ~((c["alo"][:, 1] > c["ahi"][:, 0]) | (c["ahi"][:, 1] < c["alo"][:, 0]))
    degenerate = (c["ahi"] - c["alo"] <= 0).any(axis=1)
    guard = (n < SMALL_N) & (overlap | degenerate)
    excludes = (lo > 0) | (hi < 0)
    verdict = reject & excludes & ~guard
    arm_cover = ((c["alo"] <= MEAN) & (MEAN <= c["ahi"])).mean()
    return {
        "p<.05": float(reject.mean()),
        "verdict": float(verdict.mean()),
        "cover": float(((lo <= 0) & (0 <= hi)).mean()),
        "arm": float(arm_cover),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=2000, help="replicates per cell (default 2000)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply --reps (e.g. 0.1, 5)")
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--no-kit", action="store_true", help="skip the (slower) kit column")
    args = ap.parse_args()
    reps = max(50, int(args.reps * args.scale))
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    print(f"A/A counts, mean {MEAN}, {reps:,} replicates per cell, seed {args.seed}, level 0.95")
    print(f"Monte Carlo SE of a rate near 0.05: +/- {math.sqrt(0.05 * 0.95 / reps):.4f}\n")
    worst: dict[str, dict[str, float]] = {}
    header = (
        f"{'alpha':>5} {'n':>4} {'model':>7} {'p<.05':>14} {'verdict':>14} {'cover':>14} {'arm':>6}"
    )
    print(header)
    print("-" * len(header))
    for alpha in ALPHAS:
        for n in NS:
            y = draw(rng, alpha, reps, n)
            cells = evaluate(y, kit_cells=not args.no_kit)
            for name, c in cells.items():
                r = summarise(c, n)
                se = {k: math.sqrt(v * (1 - v) / reps) for k, v in r.items()}
                print(
                    f"{alpha:>5} {n:>4} {name:>7} "
                    f"{r['p<.05']:.3f} ({se['p<.05']:.3f})  "
                    f"{r['verdict']:.3f} ({se['verdict']:.3f})  "
                    f"{r['cover']:.3f} ({se['cover']:.3f})  {r['arm']:.3f}"
                )
                w = worst.setdefault(name, {"p<.05": 0, "verdict": 0, "cover_lo": 1, "cover_hi": 0})
                w["p<.05"] = max(w["p<.05"], r["p<.05"])
                w["verdict"] = max(w["verdict"], r["verdict"])
                w["cover_lo"] = min(w["cover_lo"], r["cover"])
                w["cover_hi"] = max(w["cover_hi"], r["cover"])
            print()
    print("Worst cell per model (max type I of p and of verdicts; coverage range):")
    for name, w in worst.items():
        print(
            f"  {name:>7}: p<.05 max {w['p<.05']:.3f}, verdict max {w['verdict']:.3f}, "
            f"coverage {w['cover_lo']:.3f}-{w['cover_hi']:.3f}"
        )
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
