"""Standard Cost Model arithmetic and the as-is vs to-be comparison, checked by hand."""

import pytest

from cocreate_kit.datasets import dataset_path
from cocreate_kit.journey import (
    Assumptions,
    Journey,
    Persona,
    Rating,
    Stage,
    Step,
    compare,
    load,
    step_costs,
)

STAGES = (Stage("s1", 1, "Apply"), Stage("s2", 2, "Decision"))
AS_IS = Journey(
    "old",
    "t",
    "s",
    "as_is",
    stages=STAGES,
    personas=(
        Persona("c", "Citizen", "citizen", population=600),
        Persona("r", "Relative", "relative", population=5000),
        Persona("d", "Daughter", "citizen", population=400),
    ),
    steps=(
        Step("a", "s1", 1, "Form", citizen_minutes=60, staff_minutes=30),
        Step(
            "b",
            "s2",
            1,
            "Letter",
            citizen_minutes=20,
            staff_minutes=10,
            frequency=0.5,
            waiting_days=10,
        ),
    ),
)
TO_BE = Journey(
    "new",
    "t",
    "s",
    "to_be",
    based_on="old",
    stages=STAGES,
    steps=(
        Step("a", "s1", 1, "Form", channel="web", citizen_minutes=30, staff_minutes=20),
        Step("c", "s2", 2, "SMS", citizen_minutes=5, staff_minutes=5, frequency=2),
    ),
)
FLAT = Assumptions(
    staff_hourly_cost=400,
    citizen_hourly_value=200,
    population=1000,
    rate_uncertainty=0,
    as_is_uncertainty=0,
    to_be_uncertainty=0,
)


def test_step_costs_hand_computed():
    t = step_costs(AS_IS, FLAT).set_index("step")
    # a: 1000 cases x 1 x 30 min / 60 = 500 staff hours x 400 = 200,000
    assert t.loc["a", "staff_hours"] == pytest.approx(500)
    assert t.loc["a", "staff_cost"] == pytest.approx(200_000)
    # b: 1000 x 0.5 x 20 / 60 = 166.67 citizen hours x 200 = 33,333.33
    assert t.loc["b", "citizen_hours"] == pytest.approx(1000 * 0.5 * 20 / 60)
    assert t.loc["b", "citizen_cost"] == pytest.approx(1000 * 0.5 * 20 / 60 * 200)
    assert t.loc["b", "waiting_days_per_case"] == 5


def test_population_defaults_to_citizen_personas():
    t = step_costs(AS_IS, Assumptions())  # 600 + 400 citizens; the relative is not counted
    assert set(t["population"]) == {1000.0}


def test_step_population_overrides():
    j = AS_IS._replace(
        steps=(AS_IS.steps[0].__class__(**{**AS_IS.steps[0].__dict__, "population": 250}),)
    )
    assert step_costs(j, FLAT).loc[0, "staff_hours"] == pytest.approx(250 * 30 / 60)


def test_compare_central_values_and_changes():
    cmp = compare(AS_IS, TO_BE, assumptions=FLAT)
    tot = cmp.totals.set_index("measure")
    # staff minutes per case: as-is 30 + 0.5*10 = 35; to-be 20 + 2*5 = 30
    assert tot.loc["staff_cost", "as_is"] == pytest.approx(1000 * 35 / 60 * 400)
    assert tot.loc["staff_cost", "to_be"] == pytest.approx(1000 * 30 / 60 * 400)
    assert tot.loc["staff_cost", "saving_pct"] == pytest.approx(5 / 35)
    # citizen hours per case: (60 + 10) / 60 -> (30 + 10) / 60
    assert tot.loc["citizen_hours_per_case", "saving"] == pytest.approx(0.5)
    assert tot.loc["waiting_days_per_case", "saving"] == pytest.approx(5)
    status = dict(zip(cmp.changes["step"], cmp.changes["status"], strict=True))
    assert status == {"a": "changed", "b": "removed", "c": "added"}
    a = cmp.changes.set_index("step").loc["a"]
    assert a["fields_changed"] == "channel, citizen_minutes, staff_minutes"
    assert a["staff_cost_change"] == pytest.approx(1000 * (20 - 30) / 60 * 400)
    assert cmp.headline() == (
        "The to-be journey saves 14% (14% to 14%) of staff cost and "
        "0.5 hours (0.5 to 0.5) per citizen."
    )


def test_sensitivity_range_hand_computed():
    a = FLAT._replace(as_is_uncertainty=0.1, to_be_uncertainty=0.2, rate_uncertainty=0.1)
    tot = compare(AS_IS, TO_BE, assumptions=a).totals.set_index("measure")
    # worst case: as-is minutes x0.9 (31.5), to-be x1.2 (36); best: 38.5 vs 24
    assert tot.loc["staff_cost", "saving_pct_low"] == pytest.approx((31.5 - 36) / 31.5)
    assert tot.loc["staff_cost", "saving_pct_high"] == pytest.approx((38.5 - 24) / 38.5)
    # money also varies with the rate (+-10%): extremes at rate x1.1
    assert tot.loc["staff_cost", "saving_low"] == pytest.approx(1000 / 60 * 440 * (31.5 - 36))
    assert tot.loc["staff_cost", "saving_high"] == pytest.approx(1000 / 60 * 440 * (38.5 - 24))
    c = tot.loc["citizen_hours_per_case"]
    assert (c["saving_low"], c["saving_high"]) == pytest.approx(
        ((70 * 0.9 - 40 * 1.2) / 60, (70 * 1.1 - 40 * 0.8) / 60)
    )


def test_headline_when_to_be_costs_more():
    cmp = compare(TO_BE._replace(state="as_is"), AS_IS, assumptions=FLAT)
    assert cmp.headline() == (
        "The to-be journey adds 17% (17% to 17%) to staff cost and "
        "costs each citizen 0.5 hours more (0.5 to 0.5)."
    )
    assert "redesigns" not in " ".join(cmp.warnings())


def test_based_on_mismatch_warns():
    cmp = compare(AS_IS, TO_BE._replace(based_on="other"), assumptions=FLAT)
    assert "redesigns 'other'" in cmp.warnings()[0]


def test_assumptions_as_dict_and_unknown_names():
    cmp = compare(AS_IS, TO_BE, assumptions={"population": 1000, "to_be_uncertainty": 0})
    assert cmp.assumptions.population == 1000
    with pytest.raises(ValueError, match="Unknown assumption"):
        compare(AS_IS, TO_BE, assumptions={"popul": 1})


def test_emotion_change_per_stage():
    def rated(j, emo):
        rs = tuple(Rating(f"p{i}", "c", "a", emo) for i in range(6))
        return j._replace(personas=(Persona("c", "Citizen"),), ratings=rs)

    cmp = compare(rated(AS_IS, -2), rated(TO_BE, 1), assumptions=FLAT)
    st = cmp.stages.set_index("stage")
    assert st.loc["s1", "emotion_change"] == 3
    assert st.loc["s2", "emotion_change"] != st.loc["s2", "emotion_change"]  # NaN: no ratings
    assert "Emotion improves most in 'Apply' (+3.0" in cmp.summary()


def test_sample_comparison_summary_is_consistent():
    a = load(dataset_path("journey/home_care_as_is.json"))
    b = load(dataset_path("journey/home_care_to_be.json"))
    cmp = compare(a, b)
    tot = cmp.totals.set_index("measure").loc["staff_cost"]
    assert f"saves {tot['saving_pct']:.0%}" in cmp.headline()
    assert tot["saving_low"] <= tot["saving"] <= tot["saving_high"]
    assert cmp.stages["staff_cost_change"].sum() == pytest.approx(-tot["saving"])
