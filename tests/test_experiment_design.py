"""Issue 8: one experiment Design carried everywhere; regression tests for its three bugs."""

import numpy as np
import pandas as pd
import pytest

from cocreate_kit.experiment import analyse, check_file, read_plan

VARIANTS = ["B_short", "C_long", "Z_current"]


@pytest.fixture(scope="module")
def three_variants():
    """Between-subject test with three variants; the control ``Z_current`` sorts last."""
    rng = np.random.default_rng(8)
    rows = []
    for i, v in enumerate(np.repeat(VARIANTS, 30)):
        rows.append(
            {
                "participant": f"P{i:03d}",
                "letter": v,
                "completed": int(rng.random() < {"B_short": 0.8, "C_long": 0.5}.get(v, 0.6)),
                "errors": int(rng.poisson({"B_short": 1.0, "C_long": 3.0}.get(v, 2.0))),
                "time_s": float(rng.lognormal(4 + (v == "C_long") * 0.3, 0.4)),
            }
        )
    return pd.DataFrame(rows)


PLAN3 = {
    "hypothesis": "The short letter works better than the current one.",
    "primary_metric": "completed",
    "metrics": {"completed": "binary", "errors": "count", "time_s": "time"},
    "guardrails": ["errors"],
    "control": "Z_current",
    "variant_column": "letter",
}


def test_plan_control_reaches_every_metric(three_variants):
    """Bug 1: the plan's control was passed only to the primary metric."""
    rep = analyse(three_variants, plan=PLAN3)
    for name, res in rep.results.items():
        assert res.control == "Z_current", name
        assert list(res.arms["variant"]) == ["Z_current", "B_short", "C_long"], name
        assert list(res.table["variant"]) == ["B_short", "C_long"], name


def within_subject(path, paired_line="paired: true"):
    rng = np.random.default_rng(3)
    rows = []
    for p in range(12):
        for v in ("A", "B"):
            rows.append(
                {
                    "participant": f"P{p:02d}",
                    "variant": v,
                    "completed": int(rng.random() < 0.7),
                    "time_s": round(float(rng.lognormal(4, 0.3)), 1),
                }
            )
    data = path / "within.csv"
    pd.DataFrame(rows).to_csv(data, index=False)
    plan = path / "plan.yaml"
    plan.write_text(
        "hypothesis: B is faster.\nprimary_metric: time_s\n"
        "metrics: {time_s: time, completed: binary}\ncontrol: A\n" + paired_line + "\n",
        encoding="utf-8",
    )
    return data, plan


def test_check_accepts_a_within_subject_study_when_the_plan_says_paired(tmp_path):
    """Bug 2: check hard-coded paired=False and a plan could not say paired."""
    from cocreate_kit import DataError

    data, plan = within_subject(tmp_path)
    assert read_plan(plan).paired is True
    out = check_file(data, plan=plan)
    assert "Variants: A (12 rows), B (12 rows)." in out
    assert "Design: within-subject (paired)" in out
    with pytest.raises(DataError, match="'paired: true' in the analysis plan"):
        check_file(data)  # without the plan: between-subject, and the advice names the plan
    rep = analyse(pd.read_csv(data), plan=plan)
    assert rep.results["time_s"].paired and "paired t test" in rep.results["time_s"].table.method[0]


def test_check_cli_within_subject(tmp_path):
    from cocreate_kit import cli

    data, plan = within_subject(tmp_path)
    assert cli.main(["check", "experiment", str(data), "--plan", str(plan)]) == 0
    data, plan = within_subject(tmp_path, paired_line="paired: false")
    assert cli.main(["check", "experiment", str(data), "--plan", str(plan)]) == 2


def test_plan_paired_is_validated():
    from cocreate_kit import DataError

    bad = {**PLAN3, "paired": "sometimes"}
    with pytest.raises(DataError, match="paired"):
        read_plan(bad)
    assert read_plan(PLAN3).paired is False


# ----------------------------------------------------------------------------- Design


def test_design_from_plan_and_keywords():
    from cocreate_kit.experiment import Design

    d = Design.from_plan({**PLAN3, "alpha": 0.1, "mde": 0.2, "likert_scale": 7})
    assert (d.variant, d.participant, d.control, d.paired) == (
        "letter",
        "participant",
        "Z_current",
        False,
    )
    assert d.level == pytest.approx(0.9) and d.alpha == pytest.approx(0.1)
    assert d.scale == 7 and d.mde_for("completed") == 0.2 and d.mde_for("errors") is None
    assert Design.from_plan(PLAN3, control="B_short").control == "B_short"
    with pytest.raises(ValueError, match="level"):
        Design(level=1.5)
    with pytest.raises(ValueError, match="margin"):
        Design(margin=-1)
    with pytest.raises(AttributeError):
        d.level = 0.5  # frozen


def test_design_is_carried_to_every_result(three_variants):
    from cocreate_kit.experiment import Design, compare

    rep = analyse(three_variants, plan={**PLAN3, "alpha": 0.1})
    assert rep.design.variant == "letter" and rep.design.control == "Z_current"
    for res in rep.results.values():
        assert res.design == rep.design and res.level == pytest.approx(0.9)
    d = Design(variant="letter", control="Z_current", level=0.9)
    by_design = compare(three_variants, metric="completed", kind="binary", design=d)
    by_keywords = compare(
        three_variants,
        variant="letter",
        metric="completed",
        kind="binary",
        control="Z_current",
        level=0.9,
    )
    pd.testing.assert_frame_equal(by_design.table, by_keywords.table)
    assert by_design.design == by_keywords.design == d
    assert by_design.table.equals(rep.results["completed"].table)


def test_keywords_override_the_design(three_variants):
    from cocreate_kit.experiment import Design, compare

    d = Design(variant="letter", control="Z_current")
    r = compare(three_variants, metric="errors", kind="count", design=d, control="C_long")
    assert r.control == "C_long" and r.design.control == "C_long"


def test_chart_axis_uses_the_users_column_and_level(three_variants):
    from cocreate_kit.experiment import Design, compare

    d = Design(variant="letter", control="Z_current", level=0.9)
    res = compare(three_variants, metric="time_s", kind="time", design=d)
    spec = res.chart().chart.to_dict()
    y = spec["layer"][0]["encoding"]["y"]
    x = spec["layer"][0]["encoding"]["x"]
    assert y["title"] == "Letter"
    assert x["title"] == "geometric mean (90% interval)"
    assert "95%" not in str(spec)
    rep = analyse(three_variants, plan=PLAN3)
    spec = rep.results["completed"].chart().chart.to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == "proportion (95% interval)"


# ----------------------------------------------------------------------------- next_round


def test_next_round_matches_sample_size_by_hand():
    from cocreate_kit.datasets import dataset_path, read_dataset
    from cocreate_kit.experiment import sample_size

    sessions = read_dataset("experiment/home_care_form.csv")
    rep = analyse(sessions, plan=dataset_path("experiment/home_care_form_plan.yaml"))
    ctrl = sessions[sessions["variant"] == "A"]
    by_hand = {
        "completed": sample_size("binary", baseline=ctrl["completed"].mean(), mde=0.15),
        "errors": sample_size("count", baseline=ctrl["errors"].mean(), mde=0.3),
        "time_s": sample_size(
            "time",
            baseline=float(np.exp(np.log(ctrl["time_s"]).mean())),
            mde=0.2,
            sd=float(np.log(ctrl["time_s"]).std(ddof=1)),
        ),
        "sus": sample_size(
            "sus", baseline=ctrl["sus"].mean(), mde=ctrl["sus"].mean() * 0.1, sd=ctrl["sus"].std()
        ),
    }
    diff = {"completed": 0.15, "errors": 0.3, "time_s": 0.2, "sus": 0.1}
    for metric, ref in by_hand.items():
        got = rep.results[metric].next_round(diff[metric], power=0.8)
        assert (got.n_control, got.n_variant) == (ref.n_control, ref.n_variant), metric
        assert got.summary() == ref.summary()
    t2b = (ctrl["satisfaction"] >= 4).mean()
    shares = [(ctrl["satisfaction"] == k).mean() for k in range(1, 6)]
    ref = sample_size("likert", baseline=t2b, mde=0.2, power=0.9, shares=shares)
    assert ref.n_control != sample_size("likert", baseline=t2b, mde=0.2, power=0.9).n_control
    assert rep.results["satisfaction"].next_round(0.2, power=0.9).n_control == ref.n_control
    assert rep.next_round(0.15).n_control == by_hand["completed"].n_control
    assert rep.next_round(0.3, metric="errors").n_control == by_hand["errors"].n_control


def test_next_round_uses_the_result_level():
    from cocreate_kit.experiment import compare_counts, sample_size

    r = compare_counts({"A": 30, "B": 40}, {"A": 100, "B": 100}, control="A", level=0.9)
    ref = sample_size("binary", baseline=0.3, mde=0.1, alpha=1 - 0.9)
    assert r.next_round(0.1).n_control == ref.n_control
    assert (
        r.next_round(0.1).n_control
        < compare_counts({"A": 30, "B": 40}, {"A": 100, "B": 100}, control="A")
        .next_round(0.1)
        .n_control
    )


# ----------------------------------------------------------------------------- records


def test_results_round_trip_as_json_with_the_design(three_variants):
    import json

    rep = analyse(three_variants, plan=PLAN3)
    rec = json.loads(rep.to_json())
    assert rec["design"]["variant"] == "letter" and rec["design"]["control"] == "Z_current"
    assert rec["primary"] == "completed"
    res = rep.results["errors"]
    one = json.loads(res.to_json())
    assert one["design"] == rec["design"]
    assert [r["variant"] for r in one["table"]] == ["B_short", "C_long"]
    assert one["table"][0]["verdict"] == res.table.loc[0, "verdict"]
    plan = json.loads(rep.next_round(0.1).to_json())
    assert plan["n_control"] == rep.next_round(0.1).n_control
    ctrl = rep.results["completed"].arms["estimate"].iloc[0]
    assert (plan["kind"], plan["baseline"], plan["mde"]) == ("binary", ctrl, 0.1)
    assert plan["alpha"] == pytest.approx(0.05)


def test_no_experiment_module_imports_in_a_cycle():
    import itertools

    import grimp

    g = grimp.build_graph("cocreate_kit", include_external_packages=False)
    mods = sorted(m for m in g.modules if m.startswith("cocreate_kit.experiment"))
    both_ways = [
        (a, b)
        for a, b in itertools.combinations(mods, 2)
        if g.find_shortest_chain(a, b) and g.find_shortest_chain(b, a)
    ]
    assert len(mods) > 10 and both_ways == []


def test_kinds_are_data_not_branches():
    import inspect

    from cocreate_kit.experiment import KIND, _compare
    from cocreate_kit.experiment._power import KINDS

    assert sorted(KIND) == sorted(KINDS)
    src = inspect.getsource(_compare)
    assert "kind ==" not in src and "kind in (" not in src
    assert [KIND[k].direction for k in ("binary", "time", "count")] == [1, -1, -1]
    assert KIND["likert"].null == 0.5 and KIND["time"].display(0.0) == 1.0


# ----------------------------------------------------------------------------- app


def test_app_planner_with_stray_spaces_in_labels(three_variants):
    """Bug 3: the app re-read the raw data for the planner with other cleaning than the
    analysis, so labels with stray spaces broke the planner for time metrics."""
    from cocreate_kit.apps.experiment import prototype_test_app
    from cocreate_kit.experiment import sample_size

    spaced = three_variants.assign(letter=" " + three_variants["letter"] + "  ")
    rep = analyse(spaced, plan=PLAN3)
    assert rep.results["time_s"].control == "Z_current"
    app = prototype_test_app(rep)
    html = app.html(metric="time_s", difference=0.2, power=0.8)
    assert "could not be drawn" not in html
    logs = np.log(three_variants.loc[three_variants["letter"] == "Z_current", "time_s"])
    ref = sample_size(
        "time", baseline=float(np.exp(logs.mean())), mde=0.2, sd=float(logs.std(ddof=1))
    )
    assert f"about {ref.n_control:,} participants per variant" in html


def test_app_takes_the_report_and_shows_roles_and_badges(three_variants):
    import ipywidgets as w

    from cocreate_kit.apps.experiment import prototype_test_app

    rep = analyse(three_variants, plan=PLAN3)
    app = prototype_test_app(rep, title="Letters")
    first = list(app.controls.values())[0]
    assert isinstance(first, w.Dropdown) and first.value == "completed"
    assert dict(first.options)["errors (count, guardrail)"] == "errors"
    html = app.html(metric="errors", difference=0.3, power=0.8)
    verdict = rep.results["errors"].verdicts["B_short"]
    badge = {"better": "Better", "worse": "Worse"}.get(verdict, verdict.capitalize())
    assert f"B_short vs Z_current: {badge}" in html
    ref = rep.results["errors"].next_round(0.3, 0.8)
    assert f"about {ref.n_control:,} participants per variant" in html
    with pytest.raises(TypeError, match="analyse"):
        prototype_test_app(rep, plan=PLAN3)


def test_app_from_a_dataframe_is_deprecated_and_analyses_once(three_variants, monkeypatch):
    from cocreate_kit.apps import experiment as app_mod

    calls = []
    real = app_mod.analyse
    monkeypatch.setattr(app_mod, "analyse", lambda *a, **k: calls.append(1) or real(*a, **k))
    with pytest.warns(DeprecationWarning, match="pass the report"):
        app = app_mod.prototype_test_app(three_variants, plan=PLAN3)
    app.html(metric="time_s", difference=0.2, power=0.8)
    app.html(metric="completed", difference=0.1, power=0.9)
    assert calls == [1]
    with pytest.warns(DeprecationWarning, match="planning_inputs"):
        kw = app_mod.planner_inputs(analyse(three_variants, plan=PLAN3), None, "errors", 0.3)
    assert kw["kind"] == "count" and kw["mde"] == 0.3


def test_app_imports_only_public_pillar_names():
    import ast
    import inspect

    from cocreate_kit import experiment
    from cocreate_kit.apps import experiment as app_mod

    tree = ast.parse(inspect.getsource(app_mod))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and "experiment" in (node.module or ""):
            assert node.module == "experiment" and node.level == 2
            assert {a.name for a in node.names} <= set(experiment.__all__)


def test_design_is_hashable_and_owns_its_mappings():
    from cocreate_kit.experiment import Design

    mde = {"completed": 0.1}
    d = Design(mde=mde, split={"A": 1, "B": 1})
    mde["completed"] = 0.5
    assert d.mde_for("completed") == 0.1
    assert hash(d) == hash(Design(mde={"completed": 0.1}, split={"A": 1.0, "B": 1.0}))
    assert len({d, d.replace(level=0.9)}) == 2


def test_forest_and_power_chart_specs(three_variants):
    from cocreate_kit.experiment import VERDICTS

    rep = analyse(three_variants, plan=PLAN3)
    spec = rep.chart().chart.to_dict()
    assert len(spec["vconcat"]) == 3
    panel = {p["title"]: p for p in spec["vconcat"]}
    point = panel["errors"]["layer"][1]["encoding"]
    assert point["color"]["scale"]["domain"] == list(VERDICTS)
    rule = panel["errors"]["layer"][0]["encoding"]["x"]
    assert rule["scale"] == {"type": "log"} and rule["title"] == "rate ratio (variant / control)"
    plan = rep.next_round(0.1)
    pspec = plan.chart().chart.to_dict()
    assert pspec["layer"][0]["encoding"]["x"]["title"] == "Participants per variant (control)"
    marked = pspec["datasets"][pspec["layer"][1]["data"]["name"]]
    assert marked == [{"participants_per_variant": plan.n_control, "power": 0.8}]
