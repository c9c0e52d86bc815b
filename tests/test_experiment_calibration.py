"""Likert intervals and plans of issue 11 against independent references, and coverage
computed EXACTLY (by enumerating every outcome), so a miscalibrated interval fails.

The full calibration tables (every kind, n = 5..200) are produced by
``benchmarks/verdicts.py``; these tests pin the methods and one small cell each in seconds.
"""

import itertools
import math

import numpy as np
import pytest
from scipy import optimize, stats
from statsmodels.stats.nonparametric import samplesize_rank_compare_onetail
from statsmodels.stats.power import TTestIndPower

from cocreate_kit.experiment import _methods as m
from cocreate_kit.experiment import _ordinal as o
from cocreate_kit.experiment import sample_size
from cocreate_kit.experiment._kinds import KIND
from cocreate_kit.experiment._power import n_per_arm_to_detect

SKEW = np.array([0.05, 0.10, 0.20, 0.35, 0.30])
MID = np.array([0.10, 0.20, 0.40, 0.20, 0.10])
CONTROL = np.array([0.10, 0.15, 0.25, 0.30, 0.20])


# ----------------------------------------------------------------- unpaired: Brunner-Munzel


@pytest.mark.parametrize(
    "x1,x2",
    [
        (np.array([1.0, 2, 2, 3, 5]), np.array([2.0, 2, 4, 4, 5, 5, 5])),
        (np.array([3.0, 3, 4, 4, 4, 5]), np.array([1.0, 2, 2, 3, 3, 3, 3])),
        (np.array([2.0, 3, 5, 4, 1]), np.array([1.0, 1, 2, 2, 4])),
    ],
)
def test_brunner_munzel_logit_interval_from_scipy_statistic(x1, x2):
    """p and the p-value are scipy's; the interval is expit(logit p +/- z se / (p(1-p)))
    with se recovered from scipy's statistic (se = (p - 1/2) / W)."""
    t = m.brunner_munzel(x1, x2)
    ref = stats.brunnermunzel(x2, x1)
    diff = np.subtract.outer(x1, x2)
    p = ((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size
    assert t.effect == pytest.approx(p, rel=1e-12)
    assert t.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    se = (p - 0.5) / ref.statistic
    half = stats.norm.ppf(0.975) * se / (p * (1 - p))
    lo, hi = (1 / (1 + math.exp(-(math.log(p / (1 - p)) + s * half))) for s in (-1, 1))
    assert (t.ci_low, t.ci_high) == pytest.approx((lo, hi), rel=1e-9)
    assert 0 < t.ci_low < t.effect < t.ci_high < 1


def _compositions(n: int, k: int = 5):
    """Every count vector of n answers over k categories."""
    for cuts in itertools.combinations(range(n + k - 1), k - 1):
        edges = (-1, *cuts, n + k - 1)
        yield np.array([edges[i + 1] - edges[i] - 1 for i in range(k)])


def _likert_exact_coverage(pv: np.ndarray, pc: np.ndarray, n: int) -> tuple[float, float]:
    """Exact coverage of the kit's interval (Likert.test: Brunner-Munzel, Mann-Whitney when
    undefined) and of the old p +/- t se interval, over every pair of samples of n."""
    theta = o.superiority(pv, pc)
    comps = list(_compositions(n, len(pv)))
    prob_v = [stats.multinomial.pmf(c, n, pv) for c in comps]
    prob_c = [stats.multinomial.pmf(c, n, pc) for c in comps]
    cats = np.arange(1, len(pv) + 1, dtype=float)
    new = old = 0.0
    for cv, wv in zip(comps, prob_v, strict=True):
        xv = np.repeat(cats, cv)
        for cc, wc in zip(comps, prob_c, strict=True):
            xc = np.repeat(cats, cc)
            t = KIND["likert"].test(xv, xc, 0.95, None)
            new += wv * wc * (t.ci_low <= theta <= t.ci_high)
            if t.method.startswith("Brunner"):
                h = stats.t.ppf(0.975, t.df) * t.se
                old += wv * wc * (t.effect - h <= theta <= t.effect + h)
            else:
                old += wv * wc * (t.ci_low <= theta <= t.ci_high)
    return new, old


def test_likert_interval_exact_coverage_at_five_per_arm():
    """Five answers per arm on a four-point item, every one of the 56 x 56 outcomes weighted
    by its probability: the logit interval covers 0.972 (within [0.93, 0.98]); the plain t
    interval it replaced covers 0.899 in the same cell (no Monte Carlo error either way)."""
    new, old = _likert_exact_coverage(
        np.array([0.1, 0.4, 0.4, 0.1]), np.array([0.05, 0.15, 0.3, 0.5]), 5
    )
    assert 0.93 <= new <= 0.98, new
    assert old < 0.91, old


# ----------------------------------------------------------------- paired: sign test + Tango


def _score_by_optimiser(b: int, c: int, n: int, delta: float) -> float:
    """Tango's score statistic with the restricted MLE of p01 found numerically (maximise
    the multinomial likelihood over p01 with p10 = p01 + delta), not by the closed form."""
    rest = n - b - c

    def nll(q: float) -> float:
        p10, p01 = q + delta, q
        pr = 1 - p10 - p01
        terms = [(b, p10), (c, p01), (rest, pr)]
        return -sum(k * math.log(max(pp, 1e-300)) for k, pp in terms if k > 0)

    lo, hi = max(0.0, -delta), (1 - delta) / 2
    q = optimize.minimize_scalar(nll, bounds=(lo, hi), method="bounded", options={"xatol": 1e-13})
    var = n * (2 * q.x + delta * (1 - delta))
    return (b - c - n * delta) / math.sqrt(var)


@pytest.mark.parametrize(
    "b,c,n,delta",
    [(6, 1, 20, 0.1), (6, 1, 20, 0.5), (3, 3, 10, -0.2), (12, 4, 40, 0.05), (2, 0, 5, 0.3)],
)
def test_tango_score_matches_numerical_restricted_mle(b, c, n, delta):
    assert o.tango_score(b, c, n, delta) == pytest.approx(
        _score_by_optimiser(b, c, n, delta), rel=1e-5
    )


def test_tango_interval_ends_are_where_the_score_crosses_z():
    z = stats.norm.ppf(0.975)
    for b, c, n in [(6, 1, 20), (0, 0, 10), (5, 0, 5), (9, 7, 30), (1, 4, 12)]:
        lo, hi = o.tango_interval(b, c, n)
        est = (b - c) / n
        assert lo <= est <= hi
        for end, target in ((lo, z), (hi, -z)):
            if -1 < end < 1:
                assert _score_by_optimiser(b, c, n, end) == pytest.approx(target, abs=1e-5)


def test_sign_test_is_binomtest_and_verdict_follows_it():
    """p = scipy binomtest on the non-zero differences; and wherever the exact sign test
    rejects at 0.05, the Tango interval excludes 0.5 (so interval and p agree on verdicts),
    for every split of up to 400 discordant pairs."""
    d = np.array([1, 1, 2, 0, 1, -1, 1, 0, 1, 1, 3, -2])
    t = o.paired_superiority(d)
    up, down = int((d > 0).sum()), int((d < 0).sum())
    assert t.p_value == pytest.approx(stats.binomtest(up, up + down).pvalue, rel=1e-12)
    assert t.effect == pytest.approx((up + 0.5 * (d == 0).sum()) / len(d))
    z = stats.norm.ppf(0.975)
    assert m.mcnemar_exact(2, 14) == pytest.approx(stats.binomtest(2, 16).pvalue)
    for total in range(1, 401):
        b = np.arange(total + 1)
        exact = np.minimum(1, 2 * stats.binom.cdf(np.minimum(b, total - b), total, 0.5))
        score = np.abs(2 * b - total) / math.sqrt(total)
        assert (score[exact < 0.05] > z).all(), total
    for b, c, ties in [(5, 0, 0), (8, 1, 3), (12, 3, 10), (1, 6, 2), (2, 14, 0)]:
        tt = o.paired_superiority(np.r_[np.ones(b), -np.ones(c), np.zeros(ties)])
        excludes = tt.ci_low > 0.5 or tt.ci_high < 0.5
        assert excludes == (abs(b - c) / math.sqrt(b + c) > z)  # the asymptotic sign test
        assert excludes or tt.p_value >= 0.05  # exact rejection implies exclusion


def _trinomial_coverage(n: int, up: float, down: float, interval) -> float:
    theta = 0.5 + (up - down) / 2
    cov = 0.0
    for b in range(n + 1):
        for c in range(n - b + 1):
            w = stats.multinomial.pmf([b, c, n - b - c], n, [up, down, 1 - up - down])
            lo, hi = interval(b, c, n)
            cov += w * (lo <= theta <= hi)
    return cov


def test_paired_likert_interval_exact_coverage():
    """Every outcome of n = 12 pairs: Tango's interval covers within [0.93, 0.98]; the
    adjusted-Wald interval on the scores it replaced covered above 0.98 (too wide)."""

    def tango(b, c, n):
        t = o.paired_superiority(np.r_[np.ones(b), -np.ones(c), np.zeros(n - b - c)])
        return t.ci_low, t.ci_high

    def old(b, c, n):
        return m.agresti_coull(b + 0.5 * (n - b - c), n)

    for up, down in [(0.3, 0.3), (0.45, 0.2)]:
        assert 0.93 <= _trinomial_coverage(12, up, down, tango) <= 0.98
    assert _trinomial_coverage(12, 0.3, 0.3, old) > 0.98


# ----------------------------------------------------------------- planning


def test_likert_sample_size_is_noethers_formula():
    """Noether (1987): N = (z_{a/2} + z_b)^2 / (12 t (1 - t) (p - 1/2)^2)."""
    for mde, ratio in [(0.1, 1.0), (0.15, 2.0), (-0.2, 0.5)]:
        t = 1 / (1 + ratio)
        big_n = (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) ** 2 / (12 * t * (1 - t) * mde**2)
        got = sample_size("likert", baseline=0.4, mde=mde, ratio=ratio)
        assert got.n_control == math.ceil(big_n * t - 1e-9)


@pytest.mark.parametrize("shares,mde", [(CONTROL, 0.1), (SKEW, 0.12), (MID, -0.1)])
def test_likert_sample_size_with_shares_matches_statsmodels_happ(shares, mde):
    """Happ et al. (2019) as statsmodels computes it from two (large) samples with exactly
    the planned answer shares: the control's and the shifted variant's."""
    variant = o.shifted_shares(shares, 0.5 + mde)
    assert o.superiority(variant, shares) == pytest.approx(0.5 + mde, abs=1e-9)
    big = 200_000
    ref_sample = np.repeat(np.arange(1, 6), np.round(shares * big).astype(int))
    syn_sample = np.repeat(np.arange(1, 6), np.round(variant * big).astype(int))
    ref = samplesize_rank_compare_onetail(syn_sample, ref_sample, 0.05, 0.8)
    s0, v = o.rank_power_sds(shares, variant, 1.0)
    z = stats.norm.ppf(0.975) * s0 + stats.norm.ppf(0.8) * v
    assert 2 * (z / mde) ** 2 == pytest.approx(ref.nobs_ref, rel=2e-3)
    got = sample_size("likert", baseline=0.5, mde=mde, shares=tuple(shares))
    assert got.n_control == math.ceil(2 * (z / mde) ** 2)
    assert abs(got.n_control - ref.nobs_ref) < 1.3


def test_likert_plan_reaches_its_power_with_scipy_brunnermunzel():
    """Simulated with scipy's own Brunner-Munzel test at the planned n: realised power
    0.80 +/- 0.03 (2000 runs, Monte Carlo SE 0.009)."""
    plan = sample_size("likert", baseline=0.5, mde=0.1, shares=tuple(CONTROL))
    n = plan.n_control
    variant = o.shifted_shares(CONTROL, 0.6)
    rng = np.random.default_rng(11)
    a = rng.choice(5, size=(2000, n), p=CONTROL)
    b = rng.choice(5, size=(2000, n), p=variant)
    p = stats.brunnermunzel(b, a, axis=1).pvalue
    assert abs((p < 0.05).mean() - 0.80) < 0.03


def test_likert_shares_that_cannot_reach_the_effect_are_refused():
    with pytest.raises(ValueError, match="out of reach"):
        sample_size("likert", baseline=0.9, mde=0.3, shares=[0, 0, 0, 0.2, 0.8])
    with pytest.raises(ValueError, match="not used for 'binary'"):
        sample_size("binary", baseline=0.5, mde=0.1, shares=[0.5, 0.5])


def test_more_participants_uses_t_quantiles_like_ttestindpower():
    se, na, nb, delta = 0.2, 10, 10, 0.5
    v = se**2 / (1 / na + 1 / nb)
    ref = TTestIndPower().solve_power(effect_size=delta / math.sqrt(v), alpha=0.05, power=0.8)
    # central-t fixed point vs the noncentral-t solution: 13.594 vs 13.589
    assert n_per_arm_to_detect(se, na, nb, delta, t=True) == pytest.approx(ref, rel=1e-3)
    assert n_per_arm_to_detect(se, na, nb, delta) < ref


def test_time_plan_reaches_its_power_with_scipy_welch_on_logs():
    """Log-normal times, SD of log times 0.5, 20% shorter geometric mean: Welch's t on log
    times (scipy) at the planned n rejects in 0.80 +/- 0.03 of 2000 runs."""
    plan = sample_size("time", baseline=60, mde=0.2, sd=0.5)
    n = plan.n_control
    rng = np.random.default_rng(12)
    a = rng.normal(math.log(60), 0.5, (2000, n))
    b = rng.normal(math.log(60 * 0.8), 0.5, (2000, n))
    p = stats.ttest_ind(b, a, axis=1, equal_var=False).pvalue
    assert abs((p < 0.05).mean() - 0.80) < 0.03


def test_time_and_count_plans_word_a_negative_change_and_the_log_sd():
    """A negative ``mde`` (longer times, more events) is a valid plan; its summary said
    "-20% shorter task times". The time plan names the SD of log times it assumes, so a
    plan made with an SD in seconds shows it."""
    longer = sample_size("time", baseline=60, mde=-0.2, sd=0.5).summary()
    assert "20% longer task times (geometric mean; SD of log times 0.5)" in longer
    assert "-20%" not in longer
    shorter = sample_size("time", baseline=60, mde=0.2, sd=0.5).summary()
    assert "20% shorter task times" in shorter
    more = sample_size("count", baseline=1.5, mde=-0.3).summary()
    assert "30% more events per participant than 1.5" in more and "-30%" not in more


def test_likert_next_round_plans_from_the_control_answers_and_stays_in_reach():
    """next_round passes the control's answer shares, and a difference the control's
    answers cannot allow (most already answer 5) is capped instead of failing."""
    import pandas as pd

    from cocreate_kit.experiment import compare

    ctrl = [5, 5, 5, 5, 5, 5, 4, 4, 5, 5]
    df = pd.DataFrame(
        {"variant": ["A"] * 10 + ["B"] * 10, "y": ctrl + [3, 4, 5, 5, 5, 2, 3, 4, 5, 5]}
    )
    r = compare(df, metric="y", kind="likert", control="A")
    got = r.next_round(0.05)
    ref = sample_size("likert", baseline=1.0, mde=0.05, shares=[0, 0, 0, 0.2, 0.8])
    assert got.n_control == ref.n_control
    capped = r.next_round(0.5)  # the app's slider maximum
    assert capped.mde == pytest.approx(0.09)  # 1 - 0.8 / 2 - 0.5 - 0.01
    assert "0.59" in capped.summary()


def test_paired_likert_all_equal_differences_are_counts_not_zero_spread():
    """All differences +1: exact sign test p = 2 / 2^n (no standard error of 0 involved);
    all ties: Tango's interval is not degenerate and contains 0.5."""
    for n, p in [(5, 0.0625), (10, 2 / 2**10)]:
        t = o.paired_superiority(np.ones(n))
        assert t.p_value == pytest.approx(p) and t.effect == 1.0 and t.ci_high == 1.0
        assert t.p_value == pytest.approx(stats.binomtest(n, n).pvalue)
    ties = o.paired_superiority(np.zeros(10))
    assert ties.p_value == 1.0 and ties.ci_low < 0.5 < ties.ci_high and ties.se > 0
    assert (ties.ci_low, ties.ci_high) == pytest.approx(
        (0.5 - 0.2775 / 2, 0.5 + 0.2775 / 2), abs=1e-4
    )
