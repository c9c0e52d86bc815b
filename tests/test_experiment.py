"""Prototype-test pillar: API contract, designs, verdicts, bad input, plan, charts, CLI, app."""

import datetime as dt
import hashlib
import math
import os

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import ttost_ind

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path, read_dataset
from cocreate_kit.experiment import (
    analyse,
    check_file,
    compare,
    compare_counts,
    read_plan,
    sample_size,
    sus_grade,
)
from cocreate_kit.io import read_table

ARMS = ["variant", "n", "estimate", "ci_low", "ci_high"]
TABLE = [
    "variant",
    "effect",
    "effect_ci_low",
    "effect_ci_high",
    "effect_label",
    "p_value",
    "p_adjusted",
    "p_note",
    "prob_better",
    "method",
    "verdict",
]
VERDICTS = {"better", "worse", "equivalent within the margin", "not enough evidence yet"}


def frame(groups, name="y"):
    rows = []
    for v, values in groups.items():
        rows += [{"variant": v, name: x} for x in values]
    df = pd.DataFrame(rows)
    df.insert(0, "participant", [f"P{i}" for i in range(len(df))])
    return df


@pytest.fixture(scope="module")
def sessions():
    return read_dataset("experiment/home_care_form.csv")


@pytest.fixture(scope="module")
def plan_path():
    return dataset_path("experiment/home_care_form_plan.yaml")


@pytest.mark.parametrize(
    "metric,kind",
    [
        ("completed", "binary"),
        ("time_s", "time"),
        ("errors", "count"),
        ("sus", "sus"),
        ("satisfaction", "likert"),
    ],
)
def test_public_contract(sessions, metric, kind):
    r = compare(sessions, variant="variant", metric=metric, kind=kind, control="A")
    assert list(r.arms.columns) == ARMS
    assert list(r.table.columns) == TABLE
    assert r.arms["variant"].tolist() == ["A", "B"]
    assert set(r.table["verdict"]) <= VERDICTS
    assert (r.arms["ci_low"] <= r.arms["estimate"]).all()
    assert (r.arms["estimate"] <= r.arms["ci_high"]).all()
    s = r.summary()
    assert "n = 30" in s and r.table.loc[0, "method"] in s
    assert "more participants per variant" in s or "already large enough" in s
    html = r._repr_html_()
    assert "<svg" in html and "<caption>" in html


def test_binary_arms_match_statsmodels_and_effect_matches_newcombe(sessions):
    from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

    r = compare(sessions, variant="variant", metric="completed", kind="binary", control="A")
    x = sessions.groupby("variant")["completed"].agg(["sum", "count"])
    lo, hi = proportion_confint(x.loc["B", "sum"], x.loc["B", "count"], method="agresti_coull")
    assert (r.arms.loc[1, "ci_low"], r.arms.loc[1, "ci_high"]) == pytest.approx((lo, hi))
    ref = confint_proportions_2indep(
        x.loc["B", "sum"],
        x.loc["B", "count"],
        x.loc["A", "sum"],
        x.loc["A", "count"],
        method="newcomb",
    )
    assert (r.table.loc[0, "effect_ci_low"], r.table.loc[0, "effect_ci_high"]) == (
        pytest.approx(ref)
    )


def test_time_uses_geometric_means_and_welch_on_logs(sessions):
    r = compare(sessions, variant="variant", metric="time_s", kind="time", control="A")
    a = sessions.loc[sessions.variant == "A", "time_s"].to_numpy()
    b = sessions.loc[sessions.variant == "B", "time_s"].to_numpy()
    assert r.arms.loc[0, "estimate"] == pytest.approx(stats.gmean(a))
    ref = stats.ttest_ind(np.log(b), np.log(a), equal_var=False)
    ci = ref.confidence_interval()
    assert r.table.loc[0, "p_value"] == pytest.approx(ref.pvalue)
    assert r.table.loc[0, "effect"] == pytest.approx(stats.gmean(b) / stats.gmean(a))
    assert r.table.loc[0, "effect_ci_low"] == pytest.approx(math.exp(ci.low))
    assert r.table.loc[0, "verdict"] == "better"  # shorter is better


def test_sus_grade_and_benchmark(sessions):
    r = compare(sessions, variant="variant", metric="sus", kind="sus", control="A")
    a = sessions.loc[sessions.variant == "A", "sus"]
    assert r.arm_details.loc[0, "p_vs_68"] == pytest.approx(stats.ttest_1samp(a, 68).pvalue)
    assert r.arm_details.loc[0, "grade"] == sus_grade(a.mean())
    assert [sus_grade(x) for x in (84.1, 84.0, 65.0, 64.9, 51.7, 51.6)] == [
        "A+",
        "A",
        "C",
        "C-",
        "D",
        "F",
    ]


def test_likert_ties_use_brunner_munzel_and_top2(sessions):
    r = compare(sessions, variant="variant", metric="satisfaction", kind="likert", control="A")
    a = sessions.loc[sessions.variant == "A", "satisfaction"].to_numpy()
    b = sessions.loc[sessions.variant == "B", "satisfaction"].to_numpy()
    assert r.table.loc[0, "method"] == "Brunner-Munzel test"
    assert r.table.loc[0, "p_value"] == pytest.approx(stats.brunnermunzel(a, b).pvalue)
    assert r.arms.loc[1, "estimate"] == pytest.approx((b >= 4).mean())
    assert r.arm_details.loc[1, "median"] == np.median(b)


def test_likert_complete_separation_falls_back_to_mann_whitney():
    df = frame({"A": [1, 2, 2, 1, 2, 1], "B": [4, 5, 5, 4, 5, 5]})
    r = compare(df, variant="variant", metric="y", kind="likert", control="A")
    assert r.table.loc[0, "method"] == "Mann-Whitney U test"
    ref = stats.mannwhitneyu([4, 5, 5, 4, 5, 5], [1, 2, 2, 1, 2, 1], method="asymptotic")
    assert r.table.loc[0, "p_value"] == pytest.approx(ref.pvalue)
    assert r.table.loc[0, "effect"] == 1.0


def test_count_widens_errors_when_overdispersed():
    """Quasi-Poisson (issue 11): the Poisson error times sqrt(Pearson dispersion) when
    that exceeds 1, t on the residual df; Poisson-like counts keep the Poisson error."""
    import statsmodels.api as sm

    rng = np.random.default_rng(1)
    ya, yb = rng.negative_binomial(1, 1 / 4, 80), rng.negative_binomial(1, 1 / 3, 80)
    r = compare(frame({"A": ya, "B": yb}), variant="variant", metric="y", kind="count", control="A")
    assert r.table.loc[0, "method"] == "quasi-Poisson rate ratio (t)"
    assert "vary more than a Poisson model" in r.summary()
    y = np.concatenate([yb, ya]).astype(float)
    x = sm.add_constant(np.r_[np.ones(80), np.zeros(80)])
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2", use_t=True)
    assert r.table.loc[0, "p_value"] == pytest.approx(fit.pvalues[1], rel=1e-5)
    lo, hi = np.exp(fit.conf_int()[1])
    assert r.table.loc[0, ["effect_ci_low", "effect_ci_high"]].tolist() == pytest.approx([lo, hi])
    calm = frame({"A": [2, 2, 1, 3, 2, 2] * 10, "B": [1, 2, 1, 2, 1, 2] * 10})  # dispersion < 1
    r2 = compare(calm, variant="variant", metric="y", kind="count", control="A")
    fit2 = sm.GLM(
        calm["y"].astype(float),
        sm.add_constant((calm["variant"] == "B").astype(float)),
        family=sm.families.Poisson(),
    ).fit(use_t=True)
    assert r2.table.loc[0, "p_value"] == pytest.approx(fit2.pvalues.iloc[1], rel=1e-5)
    assert "vary more" not in r2.summary()


def test_n5_all_success_vs_all_failure():
    df = frame({"A": [0] * 5, "B": [1] * 5})
    r = compare(df, variant="variant", metric="y", kind="binary", control="A")
    assert r.arms["estimate"].tolist() == [0.0, 1.0]
    assert r.arms.loc[0, "ci_low"] == 0.0 and r.arms.loc[1, "ci_high"] == 1.0
    # smallest expected count is 2.5 >= 1, so the N-1 test applies
    assert r.table.loc[0, "method"].startswith("N-1")
    pearson = stats.chi2_contingency([[5, 0], [0, 5]], correction=False).statistic
    assert r.table.loc[0, "p_value"] == pytest.approx(stats.chi2.sf(pearson * 9 / 10, 1))
    assert r.table.loc[0, "verdict"] == "better"  # p < 0.05 and arm intervals do not overlap


def test_n5_expected_count_below_one_uses_fisher():
    df = frame({"A": [1, 1, 1, 1, 0], "B": [1] * 5})
    r = compare(df, variant="variant", metric="y", kind="binary", control="A")
    assert r.table.loc[0, "method"].startswith("Fisher")
    assert r.table.loc[0, "p_value"] == pytest.approx(stats.fisher_exact([[5, 0], [4, 1]]).pvalue)
    assert r.table.loc[0, "verdict"] == "not enough evidence yet"


def test_both_arms_at_100_percent_is_not_a_winner():
    df = frame({"A": [1] * 10, "B": [1] * 10})
    r = compare(df, variant="variant", metric="y", kind="binary", control="A")
    assert r.table.loc[0, "p_value"] == pytest.approx(1.0)
    assert r.table.loc[0, "verdict"] == "not enough evidence yet"
    assert r.table.loc[0, "prob_better"] == pytest.approx(0.5)


def test_tiny_samples_with_overlapping_intervals_never_declare_a_winner():
    # p < 0.05, but 10 per arm and the arm intervals overlap: no winner (rule 3)
    df = frame({"A": [1] * 5 + [0] * 5, "B": [1] * 10})
    r = compare(df, variant="variant", metric="y", kind="binary", control="A")
    assert r.table.loc[0, "p_value"] < 0.05
    assert r.table.loc[0, "verdict"] == "not enough evidence yet"
    assert "overlapping intervals" in r.details.loc[0, "caveat"]
    assert r.details.loc[0, "more_per_variant"] >= 10


def test_identical_arms_at_n100_are_not_a_winner():
    df = frame({"A": [1] * 60 + [0] * 40, "B": [1] * 60 + [0] * 40})
    r = compare(df, variant="variant", metric="y", kind="binary", control="A")
    assert r.table.loc[0, "verdict"] == "not enough evidence yet"
    assert "includes no difference" in r.details.loc[0, "caveat"]


def test_three_variants_holm_and_unequal_arms():
    rng = np.random.default_rng(11)
    df = frame(
        {
            "A": rng.normal(50, 10, 12),
            "B": rng.normal(58, 10, 30),
            "C": rng.normal(51, 20, 7),
            "D": rng.normal(65, 5, 20),
        }
    )
    r = compare(df, variant="variant", metric="y", kind="continuous", control="A")
    assert r.table["variant"].tolist() == ["B", "C", "D"]
    ref = multipletests(r.table["p_value"], method="holm")[1]
    assert r.table["p_adjusted"].to_numpy() == pytest.approx(ref)
    assert "Holm" in r.summary()
    for row in r.table.itertuples():
        x = df.loc[df.variant == row.variant, "y"]
        a = df.loc[df.variant == "A", "y"]
        assert row.p_value == pytest.approx(stats.ttest_ind(x, a, equal_var=False).pvalue)


def test_compare_counts_equals_compare_on_rows():
    df = frame({"A": [1] * 7 + [0] * 5, "B": [1] * 11 + [0] * 2, "C": [1] * 3 + [0] * 9})
    rows = compare(df, variant="variant", metric="y", kind="binary", control="A")
    counts = compare_counts(
        {"A": 7, "B": 11, "C": 3}, {"A": 12, "B": 13, "C": 12}, control="A", metric="y"
    )
    pd.testing.assert_frame_equal(rows.table, counts.table)
    pd.testing.assert_frame_equal(rows.arms, counts.arms)


def test_paired_designs_match_references():
    rng = np.random.default_rng(2)
    n = 14
    a_bin = rng.integers(0, 2, n)
    b_bin = np.where(rng.random(n) < 0.7, 1, a_bin)
    a_t = rng.lognormal(5, 0.4, n)
    b_t = a_t * rng.lognormal(-0.2, 0.2, n)
    a_l = rng.integers(1, 6, n)
    b_l = np.clip(a_l + rng.integers(-1, 3, n), 1, 5)
    df = pd.DataFrame(
        {
            "participant": [f"P{i}" for i in range(n)] * 2,
            "variant": ["A"] * n + ["B"] * n,
            "done": np.r_[a_bin, b_bin],
            "time": np.r_[a_t, b_t],
            "sat": np.r_[a_l, b_l],
        }
    )
    r = compare(
        df,
        variant="variant",
        metric="done",
        kind="binary",
        control="A",
        participant="participant",
        paired=True,
    )
    table = pd.crosstab(a_bin, b_bin).reindex(index=[0, 1], columns=[0, 1], fill_value=0)
    assert r.table.loc[0, "p_value"] == pytest.approx(mcnemar(table.to_numpy(), exact=True).pvalue)
    assert r.table.loc[0, "method"].startswith("McNemar exact")
    r = compare(df, variant="variant", metric="time", kind="time", control="A", paired=True)
    assert r.table.loc[0, "p_value"] == pytest.approx(
        stats.ttest_rel(np.log(b_t), np.log(a_t)).pvalue
    )
    r = compare(df, variant="variant", metric="sat", kind="likert", control="A", paired=True)
    up, down = int((b_l > a_l).sum()), int((b_l < a_l).sum())
    ref = stats.binomtest(up, up + down, 0.5).pvalue  # the exact sign test
    assert r.table.loc[0, "p_value"] == pytest.approx(ref)
    assert "sign test" in r.table.loc[0, "method"]


def test_tost_equivalence_verdict_matches_statsmodels():
    rng = np.random.default_rng(4)
    a, b = rng.normal(70, 8, 400), rng.normal(70.3, 8, 400)
    df = frame({"A": a, "B": b})
    r = compare(df, variant="variant", metric="y", kind="sus", control="A", margin=3)
    assert r.details.loc[0, "p_tost"] == pytest.approx(ttost_ind(b, a, -3, 3, usevar="unequal")[0])
    assert r.table.loc[0, "verdict"] == "equivalent within the margin"
    t = frame({"A": np.exp(a / 20), "B": np.exp(b / 20)})
    r = compare(t, variant="variant", metric="y", kind="time", control="A", margin=0.1)
    ref = ttost_ind(b / 20, a / 20, -math.log(1.1), math.log(1.1), usevar="unequal")[0]
    assert r.details.loc[0, "p_tost"] == pytest.approx(ref)


def test_sample_ratio_mismatch_is_flagged():
    df = frame({"A": [1, 0] * 300, "B": [1, 0] * 200})
    r = compare(df, variant="variant", metric="y", kind="binary", control="A")
    assert r.srm_p == pytest.approx(stats.chisquare([600, 400]).pvalue)
    assert any("Sample ratio mismatch" in w for w in r.warnings())
    ok = compare_counts(
        {"A": 300, "B": 200}, {"A": 600, "B": 400}, control="A", split={"A": 0.6, "B": 0.4}
    )
    assert not any("Sample ratio" in w for w in ok.warnings())


def test_probability_better_respects_direction():
    df = frame(
        {"A": [300.0, 320, 280, 310, 305, 290] * 5, "B": [200.0, 220, 210, 190, 230, 205] * 5}
    )
    r = compare(df, variant="variant", metric="y", kind="time", control="A")
    assert r.table.loc[0, "prob_better"] > 0.99
    r = compare(df, variant="variant", metric="y", kind="continuous", control="A")
    assert r.table.loc[0, "prob_better"] < 0.01
    assert r.table.loc[0, "verdict"] == "worse"


# ------------------------------------------------------------------------- bad input


def test_bad_input_from_a_file_lists_every_problem(tmp_path):
    p = tmp_path / "session.csv"
    p.write_text(
        "participant,variant,time_s,sat\n"
        "P1,A,12.5,4\n"
        "P2,A,abc,3\n"  # row 3: non-numeric time
        "P3,B,-4,9\n"  # row 4: negative time; Likert 9 outside 1..5
        "P1,B,20,2\n"  # row 5: participant twice (between-subject)
        "P5,B,8,0\n",  # row 6: Likert 0
        encoding="utf-8",
    )
    before = hashlib.sha256(p.read_bytes()).hexdigest()
    df = read_table(p)
    with pytest.raises(DataError) as exc:
        compare(df, variant="variant", metric="time_s", kind="time", control="A")
    probs = exc.value.table()
    assert set(probs["file"]) == {"session.csv"}
    assert probs[["row", "column"]].values.tolist() == [
        [3, "time_s"],
        [4, "time_s"],
        [5, "participant"],
    ]
    assert "positive number of seconds" in probs.loc[0, "expected"]
    assert "once" in probs.loc[2, "expected"]
    with pytest.raises(DataError) as exc:
        compare(
            df,
            variant="variant",
            metric="sat",
            kind="likert",
            control="A",
            participant="participant",
        )
    msg = str(exc.value)
    assert "row 4, column 'sat': value 9; expected a whole number on the 1 to 5 scale" in msg
    assert "row 6, column 'sat': value 0" in msg
    assert hashlib.sha256(p.read_bytes()).hexdigest() == before


def test_unknown_and_missing_control():
    df = frame({"A": [1, 0, 1], "B": [1, 1, 1]})
    with pytest.raises(
        DataError,
        match=r"control to be one of the variants in the data: "
        r"'A', 'B'",
    ) as exc:
        compare(df, variant="variant", metric="y", kind="binary", control="Z")
    assert exc.value.problems[0].value == "Z"
    only_b = frame({"B": [1, 1, 0]})
    with pytest.raises(DataError, match="control to be one of"):
        compare(only_b, variant="variant", metric="y", kind="binary", control="A")


def test_variant_with_no_rows():
    df = frame({"A": [1, 0, 1], "B": [1, 1, 1]})
    df["variant"] = pd.Categorical(df["variant"], categories=["A", "B", "C"])
    with pytest.raises(DataError, match=r"variant 'C' has no rows"):
        compare(df, variant="variant", metric="y", kind="binary", control="A")
    empty_metric = frame({"A": [1.0, 2.0], "B": [np.nan, np.nan]})
    with pytest.raises(DataError, match=r"at least 2 y value\(s\) for variant 'B', found 0"):
        compare(empty_metric, variant="variant", metric="y", kind="continuous", control="A")


def test_missing_columns_listed_together():
    df = frame({"A": [1], "B": [0]})
    with pytest.raises(DataError) as exc:
        compare(df, variant="arm", metric="done", kind="binary")
    assert [p.column for p in exc.value.problems] == ["arm", "done"]


def test_paired_without_pairs():
    df = frame({"A": [1.0, 2.0, 3.0], "B": [2.0, 3.0, 4.0]})  # six different people
    with pytest.raises(DataError) as exc:
        compare(df, variant="variant", metric="y", kind="continuous", control="A", paired=True)
    first = exc.value.problems[0]
    assert first.column == "participant" and "missing: B" in first.expected
    no_id = df.drop(columns="participant")
    with pytest.raises(DataError, match="paired=True needs to know which rows"):
        compare(no_id, variant="variant", metric="y", kind="continuous", paired=True)


def test_bad_arguments_are_value_errors():
    df = frame({"A": [1, 0], "B": [1, 1]})
    with pytest.raises(ValueError, match="level must be between"):
        compare(df, variant="variant", metric="y", kind="binary", level=95)
    with pytest.raises(DataError, match="kind one of binary, time"):
        compare(df, variant="variant", metric="y", kind="percent")
    with pytest.raises(DataError, match="0 <= successes <= trials"):
        compare_counts({"A": 5, "B": 12}, {"A": 10, "B": 10})


# ------------------------------------------------------------------------- plan, report


def test_plan_hash_deviations_and_report(sessions, plan_path):
    plan = read_plan(plan_path)
    assert plan.sha256 == hashlib.sha256(plan_path.read_bytes()).hexdigest()
    rep = analyse(sessions, plan=plan)
    assert rep.primary == "completed" and rep.guardrails == ["errors"]
    assert plan.sha256[:12] in rep.summary()
    assert rep.deviations == []
    short = sessions[sessions.participant.isin(sessions.participant.iloc[:50])]
    rep2 = analyse(short, plan=plan, primary="sus", as_of=dt.date(2026, 1, 1))
    text = " ".join(rep2.deviations)
    assert "not the one the plan named ('completed')" in text
    assert "Fewer participants than planned" in text
    ov = rep.overview()
    assert ov.loc[ov.metric == "errors", "role"].item() == "guardrail"


def test_plan_looking_early_and_bad_plan(tmp_path):
    good = {
        "hypothesis": "B helps",
        "primary_metric": "done",
        "metrics": {"done": "binary"},
        "end_date": "2026-12-31",
        "stopping_rule": "after 200 per arm",
    }
    plan = read_plan(good)
    dev = plan.deviations(n_per_variant={"A": 10}, as_of=dt.date(2026, 6, 1))
    assert dev and dev[0].startswith("Looking early") and "after 200 per arm" in dev[0]
    bad = tmp_path / "plan.yaml"
    bad.write_text(
        "hypothesis: x\nprimary_metric: speed\nmetrics: {done: percent}\nalpha: 2\nfoo: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as exc:
        read_plan(bad)
    cols = [p.column for p in exc.value.problems]
    assert {"foo", "metrics.done", "primary_metric", "alpha"} <= set(cols)
    assert exc.value.file == "plan.yaml"


def test_analyse_without_plan_infers_and_says_so(sessions):
    rep = analyse(sessions)
    assert "assumed" in " ".join(rep.warnings())
    assert rep.results["time_s"].kind == "time"


def test_check_file_and_cli(tmp_path, plan_path, capsys):
    from cocreate_kit.cli import main

    data = dataset_path("experiment/home_care_form.csv")
    out = check_file(data)
    assert (
        "assumed metric kinds: completed = binary, time_s = time, errors = count, "
        "sus = sus, satisfaction = likert" in out
    )
    out = check_file(data, plan=plan_path)
    assert "primary metric completed" in out and "A (30 rows), B (30 rows)" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("participant;variant;completed;time_s\nP1;A;1;-3\nP1;B;2;4\n", encoding="utf-8")
    assert main(["check", "experiment", str(bad), "--plan", str(plan_path)]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'time_s': value -3" in err
    assert "row 3, column 'completed': value 2" in err
    assert "a column named 'sus'" in err
    # Without a plan, a time column with bad values is still read as time, and every bad
    # value is reported at once.
    bad2 = tmp_path / "bad2.csv"
    bad2.write_text("participant,variant,time_s\np1,A,12\np2,B,-3\np3,B,abc\n", encoding="utf-8")
    assert main(["check", "experiment", str(bad2)]) == 2
    err = capsys.readouterr().err
    assert "row 3, column 'time_s': value '-3'" in err and "positive number of seconds" in err
    assert "row 4, column 'time_s': value 'abc'" in err


# ------------------------------------------------------------------------- charts, app


def test_charts_are_accessible_and_aggregated(sessions, plan_path):
    rep = analyse(sessions, plan=plan_path)
    forest = rep.chart()
    assert "5 effects across 5 metrics" in forest.description
    assert "<svg" in forest.to_html()
    t = rep.results["time_s"]
    fig = t.distribution_chart()
    assert "log scale" in fig.description and f"{t.arms.loc[0, 'estimate']:.1f} s" in (
        fig.description
    )
    assert len(fig.table) < len(sessions) and "participant" not in fig.table.columns
    lk = rep.results["satisfaction"].distribution_chart()
    assert lk.table["participants"].sum() == len(sessions)
    assert "top-2-box" in lk.description
    arms = rep.results["completed"].chart()
    assert "Verdict against A" in arms.description
    power = sample_size("binary", baseline=0.6, mde=0.1).chart()
    assert "356" in power.description
    for f in (fig, lk, arms, power):
        assert 'role="img"' in f.to_html()


def test_app_metric_selector_first_and_planner(sessions, plan_path):
    import ipywidgets as w

    from cocreate_kit.apps.experiment import prototype_test_app

    app = prototype_test_app(analyse(sessions, plan=plan_path))
    first = list(app.controls.values())[0]
    assert isinstance(first, w.Dropdown) and first.value == "completed"
    html = app.html(metric="errors", difference=0.3, power=0.8)
    assert "could not be drawn" not in html
    ref = sample_size("count", baseline=67 / 30, mde=0.3)
    assert f"about {ref.n_control:,} participants per variant" in html
    assert "Plan the next round" in html


def test_import_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, cocreate_kit.experiment; "
        "print(any(m.split('.')[0] in ('ipywidgets', 'voila', 'sklearn') "
        "for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}, check=True
    )
    assert out.stdout.strip() == "False"


def test_report_details_shows_every_metric_and_distributions(sessions, plan_path):
    rep = analyse(sessions, plan=plan_path)
    details = rep.details()
    n_dist = sum(r.kind in ("time", "likert") for r in rep.results.values())
    assert len(details) == len(rep.results) + n_dist
    html = details.to_html()
    assert html.count('class="ck-result"') == len(rep.results)
    assert html.count('class="ck-figure"') >= len(rep.results) + n_dist
