"""The public value scorecard: cells from measures and pillar result records, democracy
cells, suppression, the headline, and the sample ledger."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cocreate_kit import DataError, datasets, experiment, feedback, journey
from cocreate_kit import ledger as lg

PROJECT = [{"id": "PRJ", "title": "Home care", "service": "Home care"}]


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Result records written by the pillars on the bundled samples (never typed in)."""
    folder = tmp_path_factory.mktemp("records")
    jo, ex, fb = (datasets.sample_project(n) for n in ("journey", "experiment", "feedback"))
    cost = journey.compare(journey.load(jo.data), journey.load(jo.to_be))
    report = experiment.analyse(ex.data, plan=ex.plan)
    survey = feedback.load_survey(fb.data)
    sus = feedback.sus_summary(feedback.sus_scores(survey.data))
    seg = feedback.metrics_by_segment(survey, survey.segments[0])
    for name, result in (("cost", cost), ("ab", report), ("sus", sus), ("seg", seg)):
        (folder / f"{name}.json").write_text(result.to_json(), encoding="utf-8")
    (folder / "plan.yaml").write_bytes(ex.plan.read_bytes())
    (folder / "data.csv").write_bytes(ex.data.read_bytes())
    return {"folder": folder, "cost": cost, "ab": report, "sus": sus, "seg": seg}


def _ledger(records, **tables):
    base = {"project": PROJECT, **tables}
    return lg.ledger_from_tables(base, base=records["folder"])


def _cells(card, key):
    return card.cells[card.cells["key"] == key].reset_index(drop=True)


def test_journey_record_gives_staff_cost_and_citizen_time_with_the_cost_models_range(records):
    led = _ledger(
        records,
        tests=[
            {"id": "T1", "title": "Cost model", "design": "before_after", "result": "cost.json"}
        ],
    )
    card = lg.scorecard(led)
    totals = records["cost"].totals.set_index("measure")
    pct = _cells(card, "staff_cost_saved_pct").iloc[0]
    s = totals.loc["staff_cost"]
    assert pct["value"] == pytest.approx(100 * s["saving_pct"])
    assert (pct["low"], pct["high"]) == pytest.approx(
        (100 * s["saving_pct_low"], 100 * s["saving_pct_high"])
    )
    assert pct["interval"] == "range (cost model assumptions)" and pd.isna(pct["level"])
    hours = _cells(card, "citizen_hours_saved").iloc[0]
    assert hours["value"] == pytest.approx(totals.loc["citizen_hours_per_case", "saving"])
    assert _cells(card, "staff_cost_saved").iloc[0]["unit"] == "DKK"
    # before/after: level 1, flagged, and the headline says so plainly
    assert pct["evidence_level"] == 1 and pct["flagged"] and not pct["supported"]
    assert card.headline().startswith(
        f"Saves {100 * s['saving_pct']:.0f}% ({100 * s['saving_pct_low']:.0f}% to "
        f"{100 * s['saving_pct_high']:.0f}%) of staff cost [level 1 evidence only "
        "(before/after, no comparison group): not shown to be an effect]"
    )


def test_experiment_record_and_plan_plus_data_give_the_same_cells(records):
    rec = _ledger(
        records,
        tests=[
            {"id": "T1", "title": "A/B", "design": "randomised", "sites": 1, "result": "ab.json"}
        ],
    )
    run = _ledger(
        records,
        tests=[
            {
                "id": "T1",
                "title": "A/B",
                "design": "randomised",
                "sites": 1,
                "plan": "plan.yaml",
                "data": "data.csv",
            }
        ],
    )
    a, b = lg.scorecard(rec).cells, lg.scorecard(run).cells
    cols = ["key", "indicator", "value", "low", "high", "level", "null", "n", "evidence_level"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    assert b.loc[0, "source"] == "plan.yaml + data.csv (experiment.analyse)"
    res = records["ab"].results
    card = lg.scorecard(rec)
    sus = _cells(card, "sus_change").iloc[0]
    row = res["sus"].table.iloc[0]
    assert (sus["value"], sus["low"], sus["high"]) == pytest.approx(
        (row["effect"], row["effect_ci_low"], row["effect_ci_high"])
    )
    assert sus["n"] == res["sus"].arms["n"].sum() and sus["level"] == 0.95
    # binary effect in percentage points; its interval includes 0: not supported
    done = _cells(card, "completion_change").iloc[0]
    assert done["value"] == pytest.approx(100 * res["completed"].table["effect"].iloc[0])
    assert done["unit"] == "percentage points" and not done["supported"]
    assert "the interval includes no effect" in done["note"]
    # a ratio of times as a percent change (0 = no change); Likert's no-effect value is 50
    t = _cells(card, "time_change").iloc[0]
    assert t["value"] == pytest.approx(100 * (res["time_s"].table["effect"].iloc[0] - 1))
    assert _cells(card, "satisfaction_change").iloc[0]["null"] == 50
    assert card.headline() == (
        f"Satisfaction +{row['effect']:.0f} SUS points ({row['effect_ci_low']:.0f} to "
        f"{row['effect_ci_high']:.0f}); evidence: level 3 (randomised test, one site)."
    )


def test_survey_records_are_levels_at_evidence_level_1(records):
    led = _ledger(
        records,
        feedback=[
            {"id": "F1", "title": "SUS survey", "result": "sus.json"},
            {"id": "F2", "title": "By segment", "result": "seg.json"},
        ],
    )
    card = lg.scorecard(led)
    sus = _cells(card, "sus_score")
    assert sus["entity"].tolist() == ["F1", "F2"]
    assert sus.loc[0, "value"] == pytest.approx(records["sus"].mean)
    assert sus.loc[0, "n"] == records["sus"].n and pd.isna(sus.loc[0, "null"])
    seg = records["seg"]
    everyone = seg.table.set_index(seg.by).loc["All respondents"]
    assert sus.loc[1, "value"] == pytest.approx(everyone["sus_mean"])
    assert _cells(card, "nps").loc[0, "value"] == pytest.approx(everyone["nps"])
    assert (card.cells["evidence_level"].dropna() == 1).all()
    assert "level 1 evidence only (one point in time, no comparison)" in card.headline()


def test_each_record_is_read_once_and_measures_keep_their_declared_value(records):
    led = _ledger(
        records,
        tests=[{"id": "T1", "title": "Cost", "design": "before_after", "result": "cost.json"}],
        measures=[
            {
                "id": "M1",
                "bottom_line": "productivity",
                "indicator": "Staff cost per year",
                "value": 3902850.0,
                "baseline": 5131350.0,
                "design": "before_after",
                "result": "cost.json",
                "kpi": "cost_per_transaction",
                "unit": "DKK",
            },
            {
                "id": "M2",
                "bottom_line": "results",
                "indicator": "Falls per 1,000 visits",
                "value": 3.1,
                "baseline": 4.0,
                "low": 2.5,
                "high": 3.8,
                "level": 0.9,
                "design": "difference_in_differences",
                "sites": 2,
                "independent": True,
            },
        ],
    )
    card = lg.scorecard(led)
    assert (card.cells["key"] == "staff_cost_saved_pct").sum() == 1
    m = card.cells.set_index("entity").loc[["M1", "M2"]]
    assert m["value"].tolist() == [3902850.0, 3.1]
    assert m.loc["M1", "source"] == "measure M1 (cost.json)"
    assert m.loc["M2", "evidence_level"] == 3 and m.loc["M2", "supported"]
    assert card.kpis()["entity"].tolist() == ["M1"]
    assert card.cells["bottom_line"].tolist()[:4] == ["productivity"] * 4


def test_a_measure_range_without_a_level_is_not_called_a_confidence_interval():
    """The sample's cost-model measures (M01, M02, M07) give low..high with no level: a
    range, as the journey cells say, not a confidence interval (which has a level)."""
    from cocreate_kit import datasets

    led = lg.load(datasets.dataset_path("ledger/home_care_ledger.json"))
    cells = lg.scorecard(led).cells.set_index("entity")
    measures = cells[cells["key"] == "measure"]
    assert measures.loc[["M01", "M02", "M07"], "interval"].tolist() == ["range"] * 3
    assert measures.loc[["M03", "M04", "M05"], "interval"].tolist() == ["confidence interval"] * 3
    assert measures.loc["M06", "interval"] == ""


def test_democracy_counts_suppression_consultation_and_loops():
    roles = ["citizen"] * 7 + ["staff"] * 3 + ["relative"] * 6
    people = [{"id": f"p{i}", "role": r, "consent": True} for i, r in enumerate(roles)]
    tables = {
        "project": PROJECT,
        "participants": people,
        "activities": [
            {
                "id": "A1",
                "kind": "workshop",
                "title": "W1",
                "date": "2026-01-01",
                "participants": [f"p{i}" for i in range(16)],
            },
            {
                "id": "A2",
                "kind": "interview",
                "title": "Staff",
                "date": "2026-01-02",
                "participants": ["p7", "p8"],
            },
        ],
        "insights": [{"id": "P1", "kind": "pain_point", "statement": "Slow"}],
        "ideas": [{"id": "I1", "kind": "idea", "title": "Faster"}],
        "feedback": [
            {"id": "F1", "title": "a", "you_said": "x", "we_did": "y"},
            {"id": "F2", "title": "b", "you_said": "x"},
            {"id": "F3", "title": "c"},
        ],
        "decisions": [
            {
                "id": "D1",
                "title": "Via citizens' workshop",
                "status": "accepted",
                "date": "2026-02-01",
            },
            {"id": "D2", "title": "Staff only", "status": "rejected", "date": "2026-02-01"},
            {
                "id": "D3",
                "title": "Named",
                "status": "accepted",
                "date": "2026-02-01",
                "consulted": ["Borgerpanelet"],
            },
            {"id": "D4", "title": "Not yet", "status": "proposed", "date": "2026-02-01"},
        ],
        "links": [
            {"source": "A1", "relation": "supports", "target": "P1"},
            {"source": "I1", "relation": "addresses", "target": "P1"},
            {"source": "I1", "relation": "decided_by", "target": "D1"},
            {"source": "A2", "relation": "supports", "target": "D2"},
            {"source": "A2", "relation": "supports", "target": "D3"},
            {"source": "A2", "relation": "supports", "target": "D4"},
        ],
    }
    card = lg.scorecard(lg.ledger_from_tables(tables), k=5)
    d = card.cells.set_index("key")
    assert d.loc["took_part", "value"] == 16
    # staff (3) is under k; the next smallest (relative, 6) is hidden too, so the total
    # minus the citizens cannot reveal it
    assert pd.isna(d.loc["took_part_staff", "value"]) and pd.isna(
        d.loc["took_part_relative", "value"]
    )
    assert d.loc["took_part_citizen", "value"] == 7
    assert d.loc["took_part_staff", "note"] == "fewer than 5 (hidden)"
    # D1 (citizens in the chain) and D3 ("Borger..." consulted) of D1-D3; D4 is proposed
    assert d.loc["citizens_consulted", "value"] == pytest.approx(200 / 3)
    assert d.loc["citizens_consulted", "n"] == 3
    assert d.loc["loops_closed", "value"] == 50 and d.loc["loops_closed", "n"] == 2
    # D1-D3 rest on activities only (level 1): none of the 3 decisions taken is level 3-5
    assert d.loc["decisions_evidenced", "value"] == 0 and d.loc["decisions_evidenced", "n"] == 3
    assert d.loc[["took_part", "loops_closed"], "evidence_level"].isna().all()
    assert d["supported"].isna().all() and not d["flagged"].any()
    assert card.headline().startswith("No measured result yet")
    rows = next(iter(card.chart().spec()["datasets"].values()))
    assert {r["bottom_line"]: r["cells"] for r in rows if r["evidence"].startswith("not")}[
        "democracy"
    ] == 7


def test_representativeness_cells_come_from_the_participation_part():
    led = lg.load(datasets.dataset_path("ledger/home_care_ledger.json"))
    card = lg.scorecard(led)
    # the ledger, so that as in the scorecard only citizens listed in an activity count
    rep = lg.representativeness(led, led.base / led.project["population"].iloc[0])
    tests = rep.tests.set_index("dimension")
    d = card.cells.set_index("key")
    for dim in ("age_band", "sex", "area"):
        assert d.loc[f"dissimilarity_{dim}", "value"] == pytest.approx(100 * tests.loc[dim, "D"])
        assert f"p = {tests.loc[dim, 'p_value']:.3f}" in d.loc[f"dissimilarity_{dim}", "note"]
    assert card.representativeness is not None
    # the headline names every dimension whose test says the citizens differ (p < 1 - level)
    differ = tests[tests["p_value"] < 1 - rep.level]
    named = " and ".join(
        f"{d.replace('_', ' ')} (D = {tests.loc[d, 'D']:.0%})" for d in differ.index
    )
    assert len(differ) >= 1
    assert card.headline().endswith(
        f"; the {rep.n} citizens compared differ from the population by {named}."
    )


def test_a_record_missing_a_documented_key_is_one_clear_error(records, tmp_path):
    bad = {"type": "SUSSummary", "summary": "Mean SUS 70", "mean": 70.0, "n": 10}
    (records["folder"] / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    led = _ledger(records, feedback=[{"id": "F1", "title": "SUS", "result": "bad.json"}])
    with pytest.raises(DataError) as err:
        lg.scorecard(led)
    text = str(err.value)
    assert "bad.json" in text and "'ci_low'" in text and "'level'" in text


def test_sample_ledger_scorecard_headline_and_record():
    led = lg.load(datasets.dataset_path("ledger/home_care_ledger.json"))
    card = lg.scorecard(led)
    cost = next(
        json.loads((led.base / r).read_text()) for r in led.tests["result"] if "journey" in str(r)
    )
    staff = next(t for t in cost["totals"] if t["measure"] == "staff_cost")
    assert card.headline().startswith(f"Saves {100 * staff['saving_pct']:.0f}% (")
    assert (
        "satisfaction +12 SUS points (6 to 19) [evidence: level 3 (randomised test, one site)]"
        in (card.headline())
    )
    record = json.loads(card.to_json())
    assert record["type"] == "Scorecard" and len(record["cells"]) == len(card.cells)
    assert set(card.cells["bottom_line"]) == {
        "productivity",
        "service_experience",
        "results",
        "democracy",
    }
    assert card.cells.loc[card.cells["evidence_level"] <= 2, "flagged"].all()
    assert "<svg" in card.to_html()


@pytest.mark.parametrize(
    ("record", "column"),
    [
        ({"type": "JourneyComparison", "assumptions": {}, "totals": "x"}, "totals"),
        (
            {
                "type": "JourneyComparison",
                "assumptions": {},
                "totals": [{"measure": "staff_cost", "saving": 1.0}],
            },
            "totals.staff_cost.saving_low",
        ),
        (
            {
                "type": "Comparison",
                "metric": "sus",
                "kind": "sus",
                "level": 0.95,
                "arms": [{"n": 5}],
                "table": [{"effect": "big"}],
            },
            "table.effect",
        ),
        (
            {
                "type": "Comparison",
                "metric": "sus",
                "kind": "sus",
                "level": 0.95,
                "arms": {"n": 5},
                "table": [],
            },
            "arms",
        ),
        ({"type": "Report", "results": [1, 2]}, "results"),
        (
            {"type": "NPSResult", "value": 1, "ci_low": 0, "ci_high": 2, "n": "ten", "level": 0.95},
            "n",
        ),
        ([1, 2], None),
    ],
)
def test_hostile_records_give_one_error_naming_file_and_key(records, record, column):
    if isinstance(record, dict):  # the ledger's validation asks for 'type' and 'summary'
        record = {**record, "summary": "hostile"}
    (records["folder"] / "hostile.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(DataError) as err:
        led = _ledger(records, feedback=[{"id": "F1", "title": "x", "result": "hostile.json"}])
        lg.scorecard(led)
    text = str(err.value)
    assert "hostile.json" in text
    if column is not None:
        assert f"column '{column}'" in text


def test_an_empty_ledger_with_a_population_gives_an_honest_empty_scorecard():
    base = datasets.dataset_path("ledger/population.csv").parent
    project = [{**PROJECT[0], "population": "population.csv"}]
    led = lg.ledger_from_tables({"project": project}, base=base)
    card = lg.scorecard(led)
    assert card.warnings() == [
        "No participant has the role citizen: representativeness was not computed."
    ]
    assert card.representativeness is None
    assert card.cells.set_index("key")["value"].to_dict()["took_part"] == 0
    assert card.headline().startswith("No measured result yet")
    assert json.loads(card.to_json())["cells"][1]["value"] is None  # 0 of 0 decisions


def test_dimensions_nobody_recorded_are_said_so_not_formatted_as_nan():
    base = datasets.dataset_path("ledger/population.csv").parent
    project = [{**PROJECT[0], "population": "population.csv"}]
    people = [
        {"id": "a", "role": "citizen", "consent": True},
        {"id": "b", "role": "citizen", "consent": True, "sex": "female"},
    ]
    card = lg.scorecard(
        lg.ledger_from_tables({"project": project, "participants": people}, base=base)
    )
    d = card.cells.set_index("key")
    assert pd.isna(d.loc["dissimilarity_age_band", "value"])
    assert d.loc["dissimilarity_age_band", "note"] == "no participants with a recorded value"
    assert "nan" not in " ".join(card.cells["note"].astype(str))
