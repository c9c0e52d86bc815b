"""Every experiment method checked against an independent reference (scipy, statsmodels,
numerical integration, a published worked example)."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats
from statsmodels.stats import proportion as smp
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.weightstats import ttost_ind

from cocreate_kit.experiment import _bayes as bayes
from cocreate_kit.experiment import _methods as m
from cocreate_kit.experiment import sample_size

# (x1, n1, x2, n2): n=5, all-success, all-failure, unequal arms, large
TABLES = [
    (5, 5, 3, 5),
    (0, 5, 5, 5),
    (5, 5, 5, 5),
    (0, 8, 0, 12),
    (11, 12, 5, 10),
    (7, 30, 19, 31),
    (180, 1000, 150, 1200),
    (24, 30, 20, 30),
    (1, 6, 4, 9),
]


@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
@pytest.mark.parametrize("n", [1, 5, 10, 37, 200])
def test_agresti_coull_matches_statsmodels(n, level):
    for x in range(n + 1):
        lo, hi = m.agresti_coull(x, n, level)
        ref = smp.proportion_confint(x, n, alpha=1 - level, method="agresti_coull")
        assert (lo, hi) == pytest.approx((max(0, ref[0]), min(1, ref[1])), abs=1e-12)
        assert 0 <= lo <= x / n <= hi <= 1


@pytest.mark.parametrize("x1,n1,x2,n2", TABLES)
def test_newcombe_matches_statsmodels(x1, n1, x2, n2):
    for level in (0.9, 0.95):
        t = m.newcombe_diff(x1, n1, x2, n2, level)
        lo, hi = smp.confint_proportions_2indep(
            x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - level
        )
        assert t.effect == pytest.approx(x1 / n1 - x2 / n2)
        assert (t.ci_low, t.ci_high) == pytest.approx((lo, hi), abs=1e-10)


def test_n1_two_proportion_published_example():
    # Sauro & Lewis, Quantifying the User Experience, ch. 5 worked example: 11 of 12 vs
    # 5 of 10. The book prints Yates chi-square 2.905 (p = 0.0883) for this table, which
    # pins down the table; the N-1 values (chi-square 4.557, p = 0.0328) are the hand
    # calculation 22 (11*5 - 1*5)^2 / (12*10*16*6) * 21/22.
    table = [[11, 1], [5, 5]]
    yates = stats.chi2_contingency(table, correction=True)
    assert round(yates.statistic, 3) == 2.905 and round(yates.pvalue, 4) == 0.0883
    z, p = m.n1_two_proportion(11, 12, 5, 10)
    assert round(z * z, 3) == 4.557
    assert round(p, 4) == 0.0328


@pytest.mark.parametrize("x1,n1,x2,n2", [t for t in TABLES if 0 < t[0] + t[2] < t[1] + t[3]])
def test_n1_equals_pearson_times_n_minus_1_over_n(x1, n1, x2, n2):
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    pearson = stats.chi2_contingency(table, correction=False).statistic
    big_n = n1 + n2
    z, p = m.n1_two_proportion(x1, n1, x2, n2)
    assert z * z == pytest.approx(pearson * (big_n - 1) / big_n, rel=1e-10)
    assert p == pytest.approx(stats.chi2.sf(pearson * (big_n - 1) / big_n, 1), rel=1e-9)


def test_n1_all_success_both_arms_is_no_difference():
    assert m.n1_two_proportion(5, 5, 8, 8) == (0.0, 1.0)


@pytest.mark.parametrize("x1,n1,x2,n2", TABLES)
def test_fisher_matches_scipy(x1, n1, x2, n2):
    ref = stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue
    assert m.fisher_exact(x1, n1, x2, n2) == pytest.approx(ref, rel=1e-9)


def test_min_expected_count():
    # 4/5 vs 5/5: one failure in ten, so each arm expects 0.5 failures
    assert m.min_expected_count(4, 5, 5, 5) == pytest.approx(0.5)


RNG = np.random.default_rng(7)
SAMPLES = [
    (RNG.normal(10, 2, 5), RNG.normal(12, 5, 5)),  # n = 5
    (RNG.normal(10, 2, 8), RNG.normal(11, 6, 40)),  # unequal arms
    (np.array([3.0, 3, 4, 4, 4, 5]), np.array([1.0, 2, 2, 3, 3, 3, 3])),  # ties
    (RNG.lognormal(5, 0.5, 200), RNG.lognormal(5.1, 0.4, 180)),
]


@pytest.mark.parametrize("x1,x2", SAMPLES)
def test_welch_matches_scipy(x1, x2):
    t = m.welch(x1, x2, 0.95)
    ref = stats.ttest_ind(x1, x2, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert t.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert t.statistic == pytest.approx(ref.statistic, rel=1e-9)
    assert t.df == pytest.approx(ref.df, rel=1e-9)
    assert (t.ci_low, t.ci_high) == pytest.approx((ci.low, ci.high), rel=1e-9)


@pytest.mark.parametrize("x1,x2", SAMPLES)
def test_welch_tost_matches_statsmodels(x1, x2):
    for low, upp in [(-1, 1), (-3, 2), (-0.2, 0.2)]:
        ref = ttost_ind(x1, x2, low, upp, usevar="unequal")[0]
        assert m.welch_tost(x1, x2, low, upp) == pytest.approx(ref, rel=1e-8)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' odds ratio at 0%/100%
@pytest.mark.parametrize("x1,n1,x2,n2", TABLES)
def test_agresti_caffo_tost_matches_statsmodels(x1, n1, x2, n2):
    ref = smp.tost_proportions_2indep(x1, n1, x2, n2, -0.1, 0.15, method="agresti-caffo")
    assert m.agresti_caffo_tost(x1, n1, x2, n2, -0.1, 0.15) == pytest.approx(ref.pvalue, rel=1e-8)


@pytest.mark.parametrize("x1,x2", SAMPLES)
def test_geometric_mean_interval_matches_scipy(x1, x2):
    x = np.abs(x1) + 0.1
    mean, lo, hi = m.t_interval(np.log(x), 0.9)
    ref = stats.ttest_1samp(np.log(x), 0).confidence_interval(0.9)
    assert math.exp(mean) == pytest.approx(stats.gmean(x), rel=1e-12)
    assert (lo, hi) == pytest.approx((ref.low, ref.high), rel=1e-9)


def test_one_sample_t_matches_scipy():
    x = np.array([72.5, 65, 80, 57.5, 90, 77.5, 70])
    t, p = m.one_sample_t(x, 68)
    ref = stats.ttest_1samp(x, 68)
    assert (t, p) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-10)


@pytest.mark.parametrize(
    "x1,x2", SAMPLES + [(np.array([1.0, 2, 2, 3, 5]), np.array([2.0, 2, 4, 4, 5, 5, 5]))]
)
def test_brunner_munzel_matches_scipy(x1, x2):
    t = m.brunner_munzel(x1, x2)
    ref = stats.brunnermunzel(x2, x1)  # scipy estimates P(first < second)
    assert t.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert t.statistic == pytest.approx(ref.statistic, rel=1e-9)
    diff = np.subtract.outer(x1, x2)
    direct = ((diff > 0).sum() + 0.5 * (diff == 0).sum()) / diff.size
    assert t.effect == pytest.approx(direct, rel=1e-12)


def test_brunner_munzel_undefined_on_complete_separation():
    assert m.brunner_munzel(np.array([4.0, 5, 5, 4, 5]), np.array([1.0, 2, 1, 2, 1])) is None


@pytest.mark.parametrize(
    "x1,x2", SAMPLES + [(np.array([4.0, 5, 5, 4, 5]), np.array([1.0, 2, 1, 2, 1]))]
)
def test_mann_whitney_matches_scipy(x1, x2):
    t = m.mann_whitney(x1, x2)
    ref = stats.mannwhitneyu(x1, x2, method="asymptotic", use_continuity=True)
    assert t.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert t.effect == pytest.approx(ref.statistic / (len(x1) * len(x2)))


@pytest.mark.parametrize("seed", range(4))
def test_paired_t_and_wilcoxon_match_scipy(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(50, 10, 12)
    b = a + rng.normal(3, 4, 12)
    t = m.paired_t(b - a)
    ref = stats.ttest_rel(b, a)
    assert (t.statistic, t.p_value) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-9)
    ci = ref.confidence_interval()
    assert (t.ci_low, t.ci_high) == pytest.approx((ci.low, ci.high), rel=1e-9)
    # exact branch: no ties, no zeros
    stat, p, name = m.wilcoxon_signed_rank(b - a)
    assert "exact" in name
    assert p == pytest.approx(stats.wilcoxon(b, a, method="exact").pvalue, rel=1e-9)
    # approximate branch: Likert-type ties and zeros
    la = rng.integers(1, 6, 30).astype(float)
    lb = np.clip(la + rng.integers(-1, 3, 30), 1, 5)
    stat, p, name = m.wilcoxon_signed_rank(lb - la)
    ref = stats.wilcoxon(lb, la, zero_method="wilcox", method="approx", correction=False)
    assert "normal" in name
    assert p == pytest.approx(ref.pvalue, rel=1e-9)


@pytest.mark.parametrize("b,c", [(0, 0), (0, 5), (3, 9), (10, 10), (1, 12), (40, 22)])
def test_mcnemar_exact_matches_statsmodels(b, c):
    ref = mcnemar([[10, b], [c, 7]], exact=True).pvalue
    assert m.mcnemar_exact(b, c) == pytest.approx(ref, rel=1e-10)


def test_poisson_rate_ratio_matches_glm():
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    ya, yb = rng.poisson(2.0, 40), rng.poisson(1.2, 35)
    y = np.concatenate([yb, ya])
    x = sm.add_constant(np.r_[np.ones(35), np.zeros(40)])
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(tol=1e-13)
    t = m.poisson_rate_ratio(yb.sum(), 35, ya.sum(), 40)
    assert t.effect == pytest.approx(fit.params[1], rel=1e-8)
    assert t.se == pytest.approx(fit.bse[1], rel=1e-5)
    assert t.p_value == pytest.approx(fit.pvalues[1], rel=1e-5)
    lo, hi = fit.conf_int()[1]
    assert (t.ci_low, t.ci_high) == pytest.approx((lo, hi), rel=1e-5)


def test_negative_binomial_matches_statsmodels():
    import statsmodels.api as sm
    from statsmodels.discrete.discrete_model import NegativeBinomial

    rng = np.random.default_rng(5)
    ya = rng.negative_binomial(2, 2 / (2 + 3.0), 60)
    yb = rng.negative_binomial(2, 2 / (2 + 1.5), 50)
    y = np.concatenate([yb, ya]).astype(float)
    g = np.r_[np.ones(50), np.zeros(60)]
    x = sm.add_constant(g)
    alpha = m.negative_binomial_alpha(y, g)
    ml = NegativeBinomial(y, x).fit(disp=0)
    assert alpha == pytest.approx(ml.params[-1], rel=1e-3)
    assert m.pearson_dispersion(y, g) > 1.5
    fit = sm.GLM(y, x, family=sm.families.NegativeBinomial(alpha=alpha)).fit(tol=1e-13)
    t = m.negative_binomial_rate_ratio(yb.sum(), 50, ya.sum(), 60, alpha)
    assert t.effect == pytest.approx(fit.params[1], rel=1e-8)
    assert t.se == pytest.approx(fit.bse[1], rel=1e-5)
    assert t.p_value == pytest.approx(fit.pvalues[1], rel=1e-5)


def test_quasi_poisson_matches_glm_with_pearson_scale_and_t():
    """The kit's count test: Poisson GLM with the Pearson chi-square scale and t(df_resid)
    inference (statsmodels ``fit(scale="X2", use_t=True)``)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(5)
    ya = rng.negative_binomial(1, 1 / (1 + 2.0), 12)
    yb = rng.negative_binomial(1, 1 / (1 + 1.2), 9)
    y = np.concatenate([yb, ya]).astype(float)
    g = np.r_[np.ones(9), np.zeros(12)]
    fit = sm.GLM(y, sm.add_constant(g), family=sm.families.Poisson()).fit(
        scale="X2", use_t=True, tol=1e-13
    )
    phi = m.pearson_dispersion(y, g)
    assert phi == pytest.approx(fit.scale, rel=1e-8) and phi > 1
    t = m.quasi_poisson_rate_ratio(yb.sum(), 9, ya.sum(), 12, phi, fit.df_resid)
    assert t.effect == pytest.approx(fit.params[1], rel=1e-8)
    assert t.se == pytest.approx(fit.bse[1], rel=1e-5)
    assert t.p_value == pytest.approx(fit.pvalues[1], rel=1e-5)
    lo, hi = fit.conf_int()[1]
    assert (t.ci_low, t.ci_high) == pytest.approx((lo, hi), rel=1e-5)


def test_poisson_exact_conditional_with_a_zero_arm():
    from statsmodels.stats.rates import test_poisson_2indep

    t = m.poisson_exact_conditional(0, 10, 6, 12)
    ref = test_poisson_2indep(0, 10, 6, 12, method="exact-cond").pvalue
    assert t.p_value == pytest.approx(ref, rel=1e-9)
    assert t.ci_low == -math.inf and t.ci_high < 0.5


def test_garwood_and_clopper_pearson_match_statsmodels():
    from statsmodels.stats.rates import confint_poisson

    for total, n in [(0, 10), (7, 10), (130, 60)]:
        assert m.garwood(total, n) == pytest.approx(
            tuple(confint_poisson(total, n, method="exact-c")), rel=1e-9
        )
    for x, n in [(0, 5), (3, 5), (5, 5), (40, 97)]:
        assert m.clopper_pearson(x, n) == pytest.approx(
            smp.proportion_confint(x, n, method="beta"), abs=1e-12
        )


@pytest.mark.parametrize(
    "p", [[0.01, 0.04, 0.03], [0.2, 0.001, 0.5, 0.04], [0.05, 0.05, 0.05], [0.9]]
)
def test_holm_matches_statsmodels(p):
    ref = multipletests(p, method="holm")[1]
    assert m.holm(p) == pytest.approx(ref, abs=1e-12)


def test_srm_matches_scipy_chisquare():
    obs = np.array([20028, 19908, 19930])
    chi, p = m.srm_chisquare(obs, np.array([1, 1, 1]))
    ref = stats.chisquare(obs)
    assert (chi, p) == pytest.approx((ref.statistic, ref.pvalue), rel=1e-10)
    chi, p = m.srm_chisquare(np.array([510, 490]), np.array([0.6, 0.4]))
    ref = stats.chisquare([510, 490], f_exp=[600, 400])
    assert p == pytest.approx(ref.pvalue, rel=1e-10)


@pytest.mark.parametrize(
    "xa,na,xb,nb",
    [(8, 10, 10, 10), (0, 5, 5, 5), (3, 5, 3, 5), (120, 1000, 150, 1000), (12, 40, 9, 25)],
)
def test_beta_prob_better_and_loss_match_numerical_integration(xa, na, xb, nb):
    aa, ba, ab, bb = 1 + xa, 1 + na - xa, 1 + xb, 1 + nb - xb
    pa, pb = stats.beta(aa, ba), stats.beta(ab, bb)
    ref, _ = integrate.quad(lambda x: pb.pdf(x) * pa.cdf(x), 0, 1, limit=200, epsabs=1e-12)
    assert bayes.prob_b_beats_a(aa, ba, ab, bb) == pytest.approx(ref, abs=1e-7)
    # E[max(0, A - B)] = integral of P(A - B > t) over t in (0, 1)... computed directly:
    loss_ref, _ = integrate.dblquad(
        lambda b, a: (a - b) * pa.pdf(a) * pb.pdf(b), 0, 1, 0, lambda a: a, epsabs=1e-10
    )
    assert bayes.beta_expected_loss(aa, ba, ab, bb) == pytest.approx(loss_ref, abs=1e-6)


def test_normal_prob_better_and_loss_match_integration():
    d, se = 0.3, 0.5
    assert bayes.normal_prob_better(d, se) == pytest.approx(stats.norm.sf(0, d, se))
    ref, _ = integrate.quad(lambda x: max(0.0, -x) * stats.norm.pdf(x, d, se), -10, 10, points=[0])
    assert bayes.normal_expected_loss(d, se) == pytest.approx(ref, abs=1e-9)


@pytest.mark.parametrize(
    "p0,mde,ratio", [(0.6, 0.1, 1.0), (0.5, 0.02, 1.0), (0.2, -0.05, 2.0), (0.9, 0.05, 0.5)]
)
def test_sample_size_binary_matches_normal_ind_power(p0, mde, ratio):
    h = smp.proportion_effectsize(p0 + mde, p0)
    ref = NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=ratio)
    got = sample_size("binary", baseline=p0, mde=mde, ratio=ratio)
    assert got.n_control == math.ceil(ref - 1e-6) or abs(got.n_control - ref) < 1


@pytest.mark.parametrize(
    "mde,sd,ratio,power", [(10, 20, 1.0, 0.8), (3, 12.5, 1.5, 0.9), (20, 15, 1.0, 0.8)]
)
def test_sample_size_t_matches_ttest_ind_power(mde, sd, ratio, power):
    ref = TTestIndPower().solve_power(effect_size=mde / sd, alpha=0.05, power=power, ratio=ratio)
    got = sample_size("continuous", baseline=68, mde=mde, sd=sd, ratio=ratio, power=power)
    assert got.n_control == math.ceil(ref - 1e-6)
    t = sample_size("time", baseline=300, mde=0.2, sd=0.5)
    ref_t = TTestIndPower().solve_power(effect_size=abs(math.log(0.8)) / 0.5, alpha=0.05, power=0.8)
    assert t.n_control == math.ceil(ref_t - 1e-6)


def test_sample_size_design_effect_and_power_curve():
    base = sample_size("binary", baseline=0.5, mde=0.1)
    clustered = sample_size("binary", baseline=0.5, mde=0.1, icc=0.05, cluster_size=11)
    assert clustered.design_effect == pytest.approx(1.5)
    assert clustered.n_control == math.ceil(
        ((stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) / smp.proportion_effectsize(0.6, 0.5)) ** 2
        * 2
        * 1.5
    )
    assert clustered.n_control > base.n_control
    curve = base.curve()
    assert curve["power"].is_monotonic_increasing
    at = NormalIndPower().power(
        effect_size=smp.proportion_effectsize(0.6, 0.5),
        nobs1=curve["participants_per_variant"].iloc[3],
        alpha=0.05,
    )
    assert curve["power"].iloc[3] == pytest.approx(at, rel=1e-6)


def test_sample_size_count_formula():
    s = sample_size("count", baseline=2.0, mde=0.25)
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    ref = z**2 * (1 / 2.0 + 1 / 1.5) / math.log(1.5 / 2.0) ** 2
    assert s.n_control == math.ceil(ref)


def test_sample_size_rejects_bad_input_with_all_reasons():
    with pytest.raises(ValueError, match=r"power must be.*sd .*required") as exc:
        sample_size("time", baseline=300, mde=0.2, power=1.5)
    assert "sd" in str(exc.value)


@pytest.mark.parametrize("n", [10, 15, 20, 30, 50, 100, 200])
def test_adjusted_wald_coverage_exact(n):
    """Exact coverage (binomial enumeration, fast) of the 95% adjusted-Wald interval,
    averaged over true proportions 0.01..0.99, stays within 2 points of nominal; the
    Monte Carlo version is in benchmarks/experiment.py."""
    xs = np.arange(n + 1)
    cis = np.array([m.agresti_coull(x, n) for x in xs])
    ps = np.linspace(0.01, 0.99, 99)
    w = stats.binom.pmf(xs[None, :], n, ps[:, None])
    inside = (cis[None, :, 0] <= ps[:, None]) & (ps[:, None] <= cis[None, :, 1])
    coverage = (w * inside).sum(axis=1)
    assert coverage.mean() >= 0.93
    assert coverage.min() >= 0.92


@pytest.mark.parametrize("p11,p10,p01", [(0.5, 0.2, 0.1), (0.3, 0.05, 0.05), (0.8, 0.1, 0.0)])
def test_agresti_min_paired_interval_coverage(p11, p10, p01):
    """No library implements Agresti-Min (2005); check its defining property instead:
    95% intervals for a paired difference cover the true difference about 95% of the time
    (Monte Carlo, n = 30 pairs, fixed seed)."""
    rng = np.random.default_rng(9)
    probs = [p11, p10, p01, 1 - p11 - p10 - p01]
    truth = p10 - p01
    cells = rng.multinomial(30, probs, size=3000)
    hits = 0
    for n11, n10, n01, n00 in cells:
        t = m.agresti_min_paired_diff(n11, n10, n01, n00)
        hits += t.ci_low <= truth <= t.ci_high
    assert hits / len(cells) >= 0.93


# ------------------------------------------------------------- paired intervals (references)


def test_agresti_min_equals_wald_on_the_augmented_table():
    """Agresti & Min (2005): add 0.5 to each cell, then the Wald interval. Reference: the
    variance of the mean of per-pair differences (+1, -1, 0) computed as weighted moments."""
    for n11, n10, n01, n00 in [(20, 6, 1, 3), (10, 0, 0, 0), (5, 2, 4, 9), (0, 7, 0, 1)]:
        t = m.agresti_min_paired_diff(n11, n10, n01, n00)
        w = np.array([n10, n01, n11, n00], dtype=float) + 0.5
        vals = np.array([1.0, -1.0, 0.0, 0.0])
        mean = np.average(vals, weights=w)
        var = np.average((vals - mean) ** 2, weights=w) / w.sum()
        half = stats.norm.ppf(0.975) * np.sqrt(var)
        assert t.effect == pytest.approx((n10 - n01) / (n11 + n10 + n01 + n00))
        assert t.ci_low == pytest.approx(max(-1.0, mean - half))
        assert t.ci_high == pytest.approx(min(1.0, mean + half))
        ref = mcnemar([[n11, n10], [n01, n00]], exact=True).pvalue
        assert t.p_value == pytest.approx(ref)


def test_paired_likert_probability_of_superiority_matches_binomtest():
    """Paired Likert: the within-pair probability of superiority by direct count, the
    exact sign test = scipy ``binomtest`` on the non-zero differences, and an interval
    whose ends are where Tango's score statistic crosses +/- z (computed independently in
    tests/test_experiment_calibration.py)."""
    from cocreate_kit.experiment import compare

    rng = np.random.default_rng(5)
    a = rng.integers(1, 6, 25)
    b = np.clip(a + rng.integers(-1, 3, 25), 1, 5)
    df = pd.DataFrame(
        {
            "participant": np.tile(np.arange(25), 2),
            "variant": ["A"] * 25 + ["B"] * 25,
            "sat": np.concatenate([a, b]),
        }
    )
    r = compare(
        df,
        variant="variant",
        metric="sat",
        kind="likert",
        control="A",
        participant="participant",
        paired=True,
    )
    d = b - a
    up, down = int((d > 0).sum()), int((d < 0).sum())
    score = up + 0.5 * (d == 0).sum()
    row = r.table.iloc[0]
    assert row["effect"] == pytest.approx(score / 25)
    assert row["p_value"] == pytest.approx(stats.binomtest(up, up + down, 0.5).pvalue, rel=1e-12)
    assert row["effect_ci_low"] < score / 25 < row["effect_ci_high"]
    assert row["method"] == "exact sign test; Tango score interval"


def test_paired_rate_ratio_matches_cluster_robust_poisson_glm():
    """The delta-method SE of log(mean_b / mean_a) equals the cluster-robust (sandwich) SE
    of a Poisson GLM with participants as clusters, up to the n / (n - 1) factor."""
    import statsmodels.api as sm

    rng = np.random.default_rng(11)
    n = 40
    base = rng.gamma(2.0, 1.5, n)
    a = rng.poisson(base)
    b = rng.poisson(base * 0.7)
    rr = m.paired_rate_ratio(b, a)
    y = np.concatenate([a, b])
    x = sm.add_constant(np.r_[np.zeros(n), np.ones(n)])
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(
        cov_type="cluster",
        cov_kwds={"groups": np.tile(np.arange(n), 2), "use_correction": False},
    )
    assert rr.effect == pytest.approx(fit.params[1])
    assert rr.se == pytest.approx(fit.bse[1] * np.sqrt(n / (n - 1)), rel=1e-6)
    t = stats.t.ppf(0.975, n - 1)  # Student t on n - 1 df (issue 11: z under-covered)
    assert (rr.ci_low, rr.ci_high) == pytest.approx((rr.effect - t * rr.se, rr.effect + t * rr.se))
    zero = m.paired_rate_ratio(np.zeros(5), np.array([1, 0, 2, 1, 0]))
    assert zero.effect == pytest.approx(np.log(0.5 / 4.5))
    assert zero.se == pytest.approx(np.sqrt(1 / 0.5 + 1 / 4.5))
