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
    data, plan = within_subject(tmp_path)
    assert read_plan(plan).paired is True
    out = check_file(data, plan=plan)
    assert "Variants: A (12 rows), B (12 rows)." in out
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
