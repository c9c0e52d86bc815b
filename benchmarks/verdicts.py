"""Calibration of the prototype-test verdicts: type I error, coverage and realised power.

Every cell runs the kit's own analysis step (``experiment._compare._analyse``, what
``experiment.compare`` runs after validating the rows) on generated arms, so it measures
what a user sees: the method the kind picks, the small-sample guard and the verdict.

Designs (level 0.95; n = 5, 10, 20, 50, 200 per arm, or pairs when paired):

* **binary**: by EXACT ENUMERATION of every outcome (no simulation). Between-subject:
  every (x_variant, x_control) with binomial probabilities, at p = 0.2 and 0.5 (no
  difference) and 0.5 vs 0.65 (coverage under a difference). Paired: every
  (n11, n10, n01, n00) of the 2x2 table of pairs, cell probabilities (0.4, 0.1, 0.1, 0.4)
  and (0.4, 0.15, 0.05, 0.4). Outcomes are enumerated in the central region holding all
  but at most 1e-9 of the probability; the mass left out is printed and bounds the error.
* **time**: log-normal times, geometric mean 60 s, SD of log times 0.5; difference: ratio
  0.8. Paired: log time = participant effect N(0, 0.4) + noise N(0, 0.3).
* **continuous**: normal, mean 60, SD 15; difference +7.5. Paired: participant N(0, 12) +
  noise N(0, 9).
* **sus**: normal, mean 68, SD 12.5, clipped to 0..100 and rounded to the 2.5-point grid
  SUS scores live on; difference +5 on the latent mean (the true difference of the rounded
  scores is computed exactly from the grid probabilities).
* **likert**: five-point answers from an ordered-probit model, control shares
  (0.10, 0.15, 0.25, 0.30, 0.20); difference: latent shift giving a probability of
  superiority of 0.65 (computed exactly). Paired: latent bivariate normal, correlation 0.6;
  the within-pair probability of superiority is computed from the 25 cell probabilities.
* **count**: negative binomial, mean 1.5, alpha 1 (Var = mu + mu^2), the audit's
  overdispersed errors; difference: rate ratio 0.7. Paired: Poisson counts sharing a
  participant's Gamma(1, 1) frailty (so each arm is the same negative binomial).

Reported per cell, with Monte Carlo standard errors (0 for enumerated cells):

* type I error of verdicts (share "better"/"worse" when there is no difference) and the
  share of p-values below 0.05;
* coverage of the effect's 95% interval, with no difference and with the difference above;
* realised power at the n that ``experiment.sample_size`` plans for 80% power (binary by
  enumeration; the others simulated), as the share of "better" verdicts.

Replications: ``2000 * scale`` per simulated no-difference cell (MC SE 0.0049 at a rate
of 0.05, so a true 5% shows above 0.06 in about 2% of cells), ``1000 * scale`` per cell
with a difference (coverage; MC SE 0.0069 at 0.95) and ``3000 * scale`` per power cell
(MC SE 0.0073 at 0.80, so 0.03 is about 4 SE). Seeded (``--seed``); every cell has its
own stream from ``numpy.random.SeedSequence``.

Acceptance (printed at the end, exit status 1 when it fails): type I error of verdicts
<= 0.06 in every cell; realised power within 0.03 of the planned power. A simulated cell
beyond its limit by less than 2 MC SE is listed as within Monte Carlo noise, not failed
(at ``--scale 1`` the power SE is 0.007; at ``--scale 0.05`` it is about 0.03, so a
quick look cannot fail on noise alone).
Coverage cells outside [0.93, 0.98] are listed, for the reader to check against the
cells conservative by construction (README, "Calibration").

Run: ``python benchmarks/verdicts.py [--scale 1] [--jobs 2] [--seed 2026] [--out FILE]``
(``--scale 0.1`` for a quick look). Exit status 1 when an acceptance check fails.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import product

import numpy as np
from scipy import stats

NS = (5, 10, 20, 50, 200)
LEVEL = 0.95
ALPHA = 1 - LEVEL
REPS = 1000
POWER_REPS = 3000
TAIL = 1e-9
LIKERT_CONTROL = np.array([0.10, 0.15, 0.25, 0.30, 0.20])
KIND_ORDER = ("binary", "time", "continuous", "sus", "likert", "count")
#: Power cells; "likert-noether" is planned without the control's shares (informational:
#: Noether's untied formula is conservative on tied answers by construction).
POWER_KINDS = (*KIND_ORDER, "likert-noether")


# ------------------------------------------------------------------------------ the kit


def analyse(
    kind: str, b: np.ndarray, a: np.ndarray, paired: bool
) -> tuple[str, float, float, float]:
    """The kit's verdict, p-value and displayed interval for variant ``b`` vs control ``a``."""
    from cocreate_kit.experiment._compare import _analyse
    from cocreate_kit.experiment._design import Design
    from cocreate_kit.experiment._kinds import KIND
    from cocreate_kit.experiment._prepare import Prepared

    b = np.asarray(b, dtype=float)
    a = np.asarray(a, dtype=float)
    pairs = {"B": (b, a)} if paired else {}
    prep = Prepared({"A": a, "B": b}, ["A", "B"], "A", pairs, [], {"A": len(a), "B": len(b)})
    r = _analyse(
        prep,
        metric="y",
        kind_name=kind,
        design=Design(control="A", paired=paired, level=LEVEL),
        direction=KIND[kind].direction,
        plan=None,
        distribution=False,
    )
    row = r.table.iloc[0]
    return (
        str(row["verdict"]),
        float(row["p_value"]),
        float(row["effect_ci_low"]),
        float(row["effect_ci_high"]),
    )


DECIDED = ("better", "worse")


# ------------------------------------------------------------------------------ data


def _thresholds(shares: np.ndarray) -> np.ndarray:
    return stats.norm.ppf(np.cumsum(shares)[:-1])


def _likert_shares(shift: float) -> np.ndarray:
    cuts = np.concatenate([[-np.inf], _thresholds(LIKERT_CONTROL), [np.inf]])
    return np.diff(stats.norm.cdf(cuts - shift))


def superiority(p: np.ndarray, q: np.ndarray) -> float:
    """P(X > Y) + 0.5 P(X = Y) for X ~ p, Y ~ q on the same ordered categories."""
    below = np.concatenate([[0.0], np.cumsum(q)[:-1]])
    return float((p * (below + 0.5 * q)).sum())


def likert_shift(ps: float) -> float:
    """Latent shift of the variant giving probability of superiority ``ps``."""
    from scipy.optimize import brentq

    return float(brentq(lambda s: superiority(_likert_shares(s), LIKERT_CONTROL) - ps, -5, 5))


def _paired_likert_cells(shift: float, rho: float = 0.6) -> np.ndarray:
    """P(control = i, variant = j), i, j = 1..5, latent bivariate normal."""
    cuts = np.concatenate([[-8.0], _thresholds(LIKERT_CONTROL), [8.0]])
    mvn = stats.multivariate_normal([0.0, shift], [[1.0, rho], [rho, 1.0]])
    grid = np.array([[mvn.cdf([x, y]) for y in cuts] for x in cuts])
    return np.diff(np.diff(grid, axis=0), axis=1)


def paired_likert_truth(shift: float) -> float:
    cells = _paired_likert_cells(shift)
    i, j = np.indices(cells.shape)
    return float(cells[j > i].sum() + 0.5 * cells[j == i].sum())


def _sus_grid_probs(mean: float, sd: float = 12.5) -> tuple[np.ndarray, np.ndarray]:
    grid = np.arange(0, 100.001, 2.5)
    edges = np.concatenate([[-np.inf], grid[:-1] + 1.25, [np.inf]])
    return grid, np.diff(stats.norm.cdf(edges, mean, sd))


def sus_true_difference(delta: float) -> float:
    g, p0 = _sus_grid_probs(68.0)
    _, p1 = _sus_grid_probs(68.0 + delta)
    return float((g * p1).sum() - (g * p0).sum())


@dataclass(frozen=True)
class Scenario:
    """One data-generating process: kind, design and the true effect (display scale)."""

    kind: str
    paired: bool
    effect: float  # difference / ratio / shift parameter; 0 (or 1) means no difference
    truth: float  # true effect on the display scale


def draw(
    sc: Scenario, n: int, reps: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(variant, control) arrays of shape (reps, n)."""
    k, e = sc.kind, sc.effect
    if k == "time":
        if sc.paired:
            u = rng.normal(0, 0.4, (reps, n))
            a = np.exp(math.log(60) + u + rng.normal(0, 0.3, (reps, n)))
            b = np.exp(math.log(60) + math.log(e) + u + rng.normal(0, 0.3, (reps, n)))
            return b, a
        a = np.exp(rng.normal(math.log(60), 0.5, (reps, n)))
        b = np.exp(rng.normal(math.log(60) + math.log(e), 0.5, (reps, n)))
        return b, a
    if k == "continuous":
        if sc.paired:
            u = rng.normal(0, 12, (reps, n))
            return 60 + e + u + rng.normal(0, 9, (reps, n)), 60 + u + rng.normal(0, 9, (reps, n))
        return rng.normal(60 + e, 15, (reps, n)), rng.normal(60, 15, (reps, n))
    if k == "sus":

        def sus(x: np.ndarray) -> np.ndarray:
            return np.clip(np.round(x / 2.5) * 2.5, 0, 100)

        if sc.paired:
            u = rng.normal(0, 10, (reps, n))
            return sus(68 + e + u + rng.normal(0, 7.5, (reps, n))), sus(
                68 + u + rng.normal(0, 7.5, (reps, n))
            )
        return sus(rng.normal(68 + e, 12.5, (reps, n))), sus(rng.normal(68, 12.5, (reps, n)))
    if k == "likert":
        if sc.paired:
            cells = _paired_likert_cells(e).ravel()
            idx = rng.choice(25, size=(reps, n), p=cells / cells.sum())
            return (idx % 5 + 1).astype(float), (idx // 5 + 1).astype(float)
        pb = _likert_shares(e)
        return (
            rng.choice(5, size=(reps, n), p=pb) + 1.0,
            rng.choice(5, size=(reps, n), p=LIKERT_CONTROL) + 1.0,
        )
    if k == "count":
        if sc.paired:
            g = rng.gamma(1.0, 1.0, (reps, n))
            return rng.poisson(1.5 * e * g).astype(float), rng.poisson(1.5 * g).astype(float)
        return nb(rng, 1.5 * e, (reps, n)), nb(rng, 1.5, (reps, n))
    if k == "count-poisson":
        return rng.poisson(1.5 * e, (reps, n)).astype(float), rng.poisson(1.5, (reps, n)).astype(
            float
        )
    msg = f"no generator for {k}"
    raise ValueError(msg)


def nb(
    rng: np.random.Generator, mu: float, size: tuple[int, int], alpha: float = 1.0
) -> np.ndarray:
    r = 1 / alpha
    return rng.negative_binomial(r, r / (r + mu), size).astype(float)


def scenarios(kind: str, paired: bool) -> tuple[Scenario, Scenario]:
    """(no difference, a difference) for one kind and design."""
    if kind == "time":
        return Scenario(kind, paired, 1.0, 1.0), Scenario(kind, paired, 0.8, 0.8)
    if kind == "continuous":
        return Scenario(kind, paired, 0.0, 0.0), Scenario(kind, paired, 7.5, 7.5)
    if kind == "sus":
        return Scenario(kind, paired, 0.0, 0.0), Scenario(
            kind, paired, 5.0, sus_true_difference(5.0)
        )
    if kind == "likert":
        s = likert_shift(0.65)
        truth = paired_likert_truth(s) if paired else 0.65
        return Scenario(kind, paired, 0.0, 0.5), Scenario(kind, paired, s, truth)
    if kind == "count":
        return Scenario(kind, paired, 1.0, 1.0), Scenario(kind, paired, 0.7, 0.7)
    msg = kind
    raise ValueError(msg)


# ------------------------------------------------------------------------------ cells


@dataclass
class Cell:
    kind: str
    paired: bool
    n: int
    what: str  # "null" | "effect" | "power"
    reps: int  # 0 = exact enumeration
    decided: float  # share of better/worse verdicts
    better: float  # share of "better"
    p_below: float  # share of p < alpha
    coverage: float
    truth: float
    left_out: float = 0.0  # enumeration: probability mass not enumerated
    planned_power: float = math.nan

    def se(self, x: float) -> float:
        """Monte Carlo SE of a share; a share summed from weights 1/reps can exceed 1 by a
        rounding error (50 x 1/50 = 1.0000000000000002), which is a share of 1."""
        return math.sqrt(max(x * (1 - x), 0.0) / self.reps) if self.reps else 0.0


def _tally(kind: str, paired: bool, outcomes, truth: float) -> list[float]:
    """Weighted shares over ``outcomes`` (weight, variant, control): [total weight,
    better/worse, better, p < alpha, interval covers ``truth``]."""
    out = [0.0] * 5
    for w, b, a in outcomes:
        verdict, p, lo, hi = analyse(kind, b, a, paired)
        for i, hit in enumerate((True, verdict in DECIDED, verdict == "better", p < ALPHA)):
            out[i] += w * hit
        out[4] += w * (lo <= truth <= hi)
    return out


def simulate(
    sc: Scenario, n: int, reps: int, seed: tuple[int, ...], what: str, gen: str = ""
) -> Cell:
    rng = np.random.default_rng(np.random.SeedSequence(list(seed)))
    b, a = draw(Scenario(gen or sc.kind, sc.paired, sc.effect, sc.truth), n, reps, rng)
    tot, decided, better, below, covered = _tally(
        sc.kind, sc.paired, ((1 / reps, b[i], a[i]) for i in range(reps)), sc.truth
    )
    return Cell(sc.kind, sc.paired, n, what, reps, decided, better, below, covered, sc.truth)


def _binom_support(n: int, p: float) -> np.ndarray:
    """0..n without the two tails of probability TAIL / 4 each."""
    lo = int(stats.binom.ppf(TAIL / 4, n, p))
    hi = int(stats.binom.isf(TAIL / 4, n, p))
    return np.arange(max(lo, 0), min(hi, n) + 1)


def _ones(k: int, n: int) -> np.ndarray:
    return np.r_[np.ones(k), np.zeros(n - k)]


def enumerate_binary(n: int, p_control: float, p_variant: float, what: str) -> Cell:
    """Every outcome (x_variant, x_control) of two binomial arms with its probability."""
    truth = p_variant - p_control
    outcomes = (
        (
            stats.binom.pmf(xb, n, p_variant) * stats.binom.pmf(xa, n, p_control),
            _ones(xb, n),
            _ones(xa, n),
        )
        for xb in _binom_support(n, p_variant)
        for xa in _binom_support(n, p_control)
    )
    tot, decided, better, below, covered = _tally("binary", False, outcomes, truth)
    return Cell("binary", False, n, what, 0, decided, better, below, covered, truth, 1 - tot)


def _paired_tables(n: int, cells: tuple[float, float, float, float]):
    p11, p10, p01, p00 = cells
    collapse = n >= 50
    for n10 in _binom_support(n, p10):
        for n01 in _binom_support(n - n10, p01 / (1 - p10)):
            rest = n - n10 - n01
            if collapse:
                w = stats.multinomial.pmf([n10, n01, rest], n, [p10, p01, p11 + p00])
                yield w, rest // 2, n10, n01, rest - rest // 2
                continue
            for n11 in _binom_support(rest, p11 / (p11 + p00)):
                n00 = rest - n11
                yield stats.multinomial.pmf([n11, n10, n01, n00], n, cells), n11, n10, n01, n00


def enumerate_paired_binary(n: int, cells: tuple[float, float, float, float], what: str) -> Cell:
    """Every table (n11, n10, n01, n00) of n pairs (multinomial), central region.

    From n = 50 on (no small-sample guard, which looks at the arms) the paired verdict,
    p-value and interval depend on the table only through the discordant counts (n10,
    n01) and n, so the concordant split is summed out exactly (trinomial probabilities)
    and one representative table is analysed per (n10, n01).
    """
    truth = cells[1] - cells[2]
    outcomes = (
        (
            float(w),
            np.r_[np.ones(n11 + n10), np.zeros(n01 + n00)],
            np.r_[np.ones(n11), np.zeros(n10), np.ones(n01), np.zeros(n00)],
        )
        for w, n11, n10, n01, n00 in _paired_tables(n, cells)
    )
    tot, decided, better, below, covered = _tally("binary", True, outcomes, truth)
    return Cell("binary", True, n, what, 0, decided, better, below, covered, truth, 1 - tot)


def power_cell(kind: str, scale: float, seed: int) -> Cell:
    """Realised power at the n ``sample_size`` plans for 80% power."""
    from cocreate_kit.experiment import sample_size

    reps = max(50, int(POWER_REPS * scale))
    gen = ""
    if kind == "binary":
        plan = sample_size("binary", baseline=0.5, mde=0.15)
        n = plan.n_control
        cell = enumerate_binary(n, 0.5, 0.65, "power")
    else:
        if kind == "time":
            plan = sample_size("time", baseline=60, mde=0.2, sd=0.5)
            sc = Scenario("time", False, 0.8, 0.8)
        elif kind == "continuous":
            plan = sample_size("continuous", baseline=60, mde=7.5, sd=15)
            sc = Scenario("continuous", False, 7.5, 7.5)
        elif kind == "sus":
            # the planner is told the difference and SD of the scores as they are recorded
            g, p0 = _sus_grid_probs(68.0)
            sd = math.sqrt(float((p0 * (g - (g * p0).sum()) ** 2).sum()))
            true_diff = sus_true_difference(5.0)
            plan = sample_size("sus", baseline=68, mde=true_diff, sd=sd)
            sc = Scenario("sus", False, 5.0, true_diff)
        elif kind == "likert":  # planned from the control's answer shares (a pilot)
            plan = sample_size("likert", baseline=0.5, mde=0.1, shares=tuple(LIKERT_CONTROL))
            sc = Scenario("likert", False, likert_shift(0.6), 0.6)
        elif kind == "likert-noether":  # no shares: Noether's untied formula, on the safe side
            plan = sample_size("likert", baseline=0.5, mde=0.1)
            sc = Scenario("likert", False, likert_shift(0.6), 0.6)
        else:  # count: the planner assumes Poisson counts, so the data are Poisson here
            plan = sample_size("count", baseline=1.5, mde=0.3)
            sc = Scenario("count", False, 0.7, 0.7)
            gen = "count-poisson"
        n = plan.n_control
        cell = simulate(sc, n, reps, (seed, 99, POWER_KINDS.index(kind)), "power", gen)
    cell.planned_power = plan.power
    cell.kind = kind
    return cell


# ------------------------------------------------------------------------------ run


def tasks(scale: float, seed: int) -> list[tuple]:
    out: list[tuple] = []
    reps = max(50, int(REPS * scale))
    for paired, n in product((False, True), NS):
        if paired:
            out.append(("pbin", n, (0.4, 0.1, 0.1, 0.4), "null"))
            out.append(("pbin", n, (0.4, 0.15, 0.05, 0.4), "effect"))
        else:
            out.append(("bin", n, (0.2, 0.2), "null"))
            out.append(("bin", n, (0.5, 0.5), "null"))
            out.append(("bin", n, (0.5, 0.65), "effect"))
    for ki, kind in enumerate(KIND_ORDER[1:]):
        for paired, (ni, n) in product((False, True), enumerate(NS)):
            null, eff = scenarios(kind, paired)
            for si, (sc, what) in enumerate(((null, "null"), (eff, "effect"))):
                r = 2 * reps if what == "null" else reps
                out.append(("sim", sc, n, r, (seed, ki, int(paired), ni, si), what))
    for kind in POWER_KINDS:
        out.append(("power", kind, scale, seed))
    # longest first, so the two workers finish together
    weight = {"bin": 3, "pbin": 3, "power": 4, "sim": 1}
    return sorted(out, key=lambda t: -weight[t[0]] * (t[1] if isinstance(t[1], int) else 100))


def run(task: tuple) -> Cell | list[Cell]:
    if task[0] == "bin":
        _, n, (pa, pb), what = task
        return enumerate_binary(n, pa, pb, what)
    if task[0] == "pbin":
        _, n, cells, what = task
        return enumerate_paired_binary(n, cells, what)
    if task[0] == "power":
        return power_cell(task[1], task[2], task[3])
    _, sc, n, reps, seed, what = task
    return simulate(sc, n, reps, seed, what)


def fmt(x: float, se: float) -> str:
    return f"{x:.3f}" if se == 0 else f"{x:.3f} ± {se:.3f}"


def label(kind: str, paired: bool) -> str:
    return f"{'paired ' if paired else ''}{kind}"


def report(cells: list[Cell], scale: float, seed: int, seconds: float) -> tuple[str, list[str]]:
    present = {(c.kind, c.paired) for c in cells if c.what != "power"}
    rows = [(k, p) for p in (False, True) for k in KIND_ORDER if (k, p) in present]
    lines = [
        f"Command: `python benchmarks/verdicts.py --scale {scale:g} --seed {seed}` "
        f"({seconds:.0f} s). Level 0.95. Binary cells: exact enumeration (± 0); others: "
        "mean ± Monte Carlo SE.",
        "",
        "**Type I error of verdicts** (share better/worse with no difference) / share p < 0.05",
        "",
        "| design | " + " | ".join(f"n = {n}" for n in NS) + " |",
        "|---|" + "---|" * len(NS),
    ]
    fails: list[str] = []
    noise: list[str] = []
    nulls = [c for c in cells if c.what == "null"]
    for k, p in rows:
        out = []
        for n in NS:
            cs = [c for c in nulls if (c.kind, c.paired, c.n) == (k, p, n)]
            worst = max(cs, key=lambda c: c.decided)
            out.append(f"{fmt(worst.decided, worst.se(worst.decided))} / {worst.p_below:.3f}")
            if worst.decided > 0.06 + 2 * worst.se(worst.decided):
                fails.append(f"type I {label(k, p)} n={n}: {worst.decided:.3f}")
            elif worst.decided > 0.06 + 1e-12:
                noise.append(f"{label(k, p)} n={n}: {fmt(worst.decided, worst.se(worst.decided))}")
        lines.append(f"| {label(k, p)} | " + " | ".join(out) + " |")
    lines += [
        "",
        "Binary rows show the worse of p = 0.2 and p = 0.5 (paired: cells 0.4/0.1/0.1/0.4).",
        "",
        "**Coverage of the 95% interval of the effect**: no difference / with a difference",
        "",
        "| design | " + " | ".join(f"n = {n}" for n in NS) + " |",
        "|---|" + "---|" * len(NS),
    ]
    covs: list[tuple[str, int, float, float]] = []
    for k, p in rows:
        out = []
        for n in NS:
            cs = [c for c in cells if (c.kind, c.paired, c.n) == (k, p, n) and c.what != "power"]
            nul = min((c for c in cs if c.what == "null"), key=lambda c: c.coverage)
            eff = next(c for c in cs if c.what == "effect")
            out.append(
                f"{fmt(nul.coverage, nul.se(nul.coverage))} / {fmt(eff.coverage, eff.se(eff.coverage))}"
            )
            for c in (nul, eff):
                covs.append((label(k, p), n, c.coverage, c.se(c.coverage)))
        lines.append(f"| {label(k, p)} | " + " | ".join(out) + " |")
    outside = [f"{d} n={n}: {c:.3f}" for d, n, c, _ in covs if not 0.93 <= c <= 0.98]
    lines += [
        "",
        "**Realised power** at the planned n (80% planned), share of 'better' verdicts",
        "",
        "| kind | planned n per arm | planned | realised (verdict) | p < 0.05 | within 0.03 |",
        "|---|---|---|---|---|---|",
    ]
    for c in [c for c in cells if c.what == "power"]:
        off = abs(c.better - c.planned_power)
        ok = off <= 0.03
        noisy = not ok and off <= 0.03 + 2 * c.se(c.better)
        if c.kind == "likert-noether":
            side = "conservative" if c.better > c.planned_power else "short"
            lines.append(
                f"| likert, no shares (Noether; not in the acceptance) | {c.n} | "
                f"{c.planned_power:.2f} | {fmt(c.better, c.se(c.better))} | {c.p_below:.3f} | "
                f"{'yes' if ok else f'no, {side}'} |"
            )
            continue
        lines.append(
            f"| {c.kind} | {c.n} | {c.planned_power:.2f} | {fmt(c.better, c.se(c.better))} | "
            f"{c.p_below:.3f} | {'yes' if ok else ('within MC noise' if noisy else 'NO')} |"
        )
        if noisy:
            noise.append(f"power {c.kind}: {fmt(c.better, c.se(c.better))}")
        elif not ok:
            fails.append(f"power {c.kind}: {c.better:.3f} vs {c.planned_power:.2f}")
    left = max((c.left_out for c in cells if c.reps == 0), default=0.0)
    lines += [
        "",
        f"Enumeration: at most {left:.1e} of the probability was left out of any binary cell.",
        "",
        "Coverage cells outside [0.93, 0.98]: " + ("; ".join(outside) or "none") + ".",
        "",
        "Cells off by less than 2 MC SE beyond their limit (type I above 0.06, power off "
        "by more than 0.03; Monte Carlo noise, use a larger --scale): "
        + ("; ".join(noise) or "none")
        + ".",
        "",
        "Acceptance failures (type I > 0.06, power off by > 0.03): "
        + ("; ".join(fails) or "none")
        + ".",
    ]
    return "\n".join(lines), fails


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="replications multiplier")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", help="also write the markdown tables to this file")
    ap.add_argument("--kinds", default=",".join(KIND_ORDER), help="comma-separated subset")
    args = ap.parse_args(argv)
    keep = set(args.kinds.split(","))
    todo = [
        t
        for t in tasks(args.scale, args.seed)
        if (
            ("binary" if t[0] in ("bin", "pbin") else t[1] if t[0] == "power" else t[1].kind).split(
                "-"
            )[0]
            in keep
        )
    ]
    t0 = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            cells = list(pool.map(run, todo))
    else:
        cells = [run(t) for t in todo]
    text, fails = report(cells, args.scale, args.seed, time.perf_counter() - t0)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
