"""The journey pillar's public API for notebooks and apps: projects with optional inputs,
persona sizes, the blueprint and funnel results, result records, and the renamed comparison."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import warnings
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from cocreate_kit import DataError, journey
from cocreate_kit.datasets import dataset_path, sample_project
from cocreate_kit.journey import (
    Blueprint,
    JourneyComparison,
    NotGiven,
    StageFunnel,
    blueprint,
    blueprint_chart,
    eligible_ratings,
    emotion_curve,
    funnel_chart,
    load,
    load_project,
    persona_sizes,
    stage_funnel,
)

ROOT = Path(__file__).resolve().parents[1]
AS_IS_JSON = dataset_path("journey/home_care_as_is.json")
FILES = sample_project("journey")
PROJECT = load_project(FILES.data, to_be=FILES.to_be, events=FILES.events)
AS_IS = PROJECT.as_is


def _participants_per_persona() -> dict[str, int]:
    """Distinct participants per persona, read from the JSON file with the json module."""
    raw = json.loads(AS_IS_JSON.read_text(encoding="utf-8"))
    seen: dict[str, set[str]] = defaultdict(set)
    for r in raw["ratings"]:
        seen[r["persona"]].add(r["participant"])
    return {p["id"]: len(seen.get(p["id"], ())) for p in raw["personas"]}


# -- optional inputs pass through -----------------------------------------------------
def test_project_without_to_be_or_events_says_what_is_missing():
    p = load_project(FILES.data)
    assert p.to_be is None and p.events is None
    cmp, metrics, funnel = p.compare(), p.event_log_metrics(), p.funnel(by="channel")
    assert all(isinstance(r, NotGiven) for r in (cmp, metrics, funnel))
    assert cmp.headline() == cmp.summary()
    assert cmp.headline().startswith("No to-be journey was given, so there is no as-is vs to-be")
    assert metrics.summary().startswith("No event log was given, so there are no event-log")
    assert "no stage funnel" in funnel.summary()
    html = cmp.to_html()
    assert "No to-be journey was given" in html and "<svg" not in html


def test_project_with_everything_equals_the_direct_calls():
    to_be = load(FILES.to_be)
    a = journey.Assumptions(staff_hourly_cost=500)
    assert PROJECT.to_be == to_be and PROJECT.events == FILES.events
    assert (
        PROJECT.compare(assumptions=a).headline()
        == journey.compare(AS_IS, to_be, assumptions=a).headline()
    )
    assert (
        PROJECT.event_log_metrics().summary() == journey.event_log_metrics(FILES.events).summary()
    )
    f = PROJECT.funnel()
    pd.testing.assert_frame_equal(f.table, stage_funnel(FILES.events, AS_IS))
    assert f.summary() == funnel_chart(f.table).description
    assert f.chart().chart.to_dict()["encoding"]["y"]["field"] == "stage_name"


def test_project_accepts_journeys_and_ratings_and_rejects_a_missing_log(tmp_path):
    j = load(AS_IS_JSON)
    assert load_project(j).as_is is j
    rated = load_project(AS_IS_JSON, ratings=dataset_path("journey/home_care_ratings.csv"))
    assert (
        rated.as_is.ratings
        == journey.load_ratings(dataset_path("journey/home_care_ratings.csv"), j).ratings
    )
    with pytest.raises(DataError, match="(?s)nope.csv.*not found"):
        load_project(AS_IS_JSON, events=tmp_path / "nope.csv")


def test_project_stages_union_by_name_in_map_order():
    names = PROJECT.stages()
    as_is_names = [s.name for s in AS_IS.ordered_stages()]
    assert list(names)[: len(as_is_names)] == as_is_names
    extra = [s.name for s in PROJECT.to_be.ordered_stages() if s.name not in as_is_names]
    assert list(names)[len(as_is_names) :] == extra


# -- persona sizes: the one suppression rule ------------------------------------------
@pytest.mark.parametrize("k", [1, 5, 9, 20])
def test_persona_sizes_match_an_independent_count_and_hide_small_ones(k):
    ref = _participants_per_persona()
    sizes = persona_sizes(load(AS_IS_JSON), k=k)
    assert sizes["persona"].tolist() == list(ref)
    for pid, n, hidden in zip(
        sizes["persona"], sizes["participants"], sizes["suppressed"], strict=True
    ):
        assert hidden == (ref[pid] < k)
        assert (pd.isna(n) and hidden) or (not hidden and n == ref[pid])
    kept = set(eligible_ratings(load(AS_IS_JSON), k=k)["persona"])
    assert kept == {pid for pid, n in ref.items() if n >= k}


def test_the_small_sample_persona_is_hidden_at_the_default_k():
    sizes = persona_sizes(AS_IS).set_index("persona")
    assert bool(sizes.loc["caseworker", "suppressed"])
    assert pd.isna(sizes.loc["caseworker", "participants"])
    assert emotion_curve(AS_IS, personas=["caseworker"]).shown.empty
    assert not emotion_curve(AS_IS, personas=["citizen"]).shown.empty


# -- blueprint and funnel results -------------------------------------------------------
def test_blueprint_result_rows_and_steps_per_stage():
    bp = blueprint(AS_IS)
    steps = AS_IS.ordered_steps()
    assert bp.step_ids == [s.id for s in steps]
    for stage in AS_IS.stages:
        mine = [s for s in steps if s.stage == stage.id]
        assert bp.steps_in(stage.id) == [s.id for s in mine]
        assert bp.rows(stage.id)["step"].tolist() == [s.title for s in mine]
    assert bp.rows("no-such-stage").empty and bp.steps_in("no-such-stage") == []
    assert len(bp.rows()) == len(steps)


def test_blueprint_chart_spec_is_the_public_chart():
    bp = blueprint(AS_IS)
    fig, ref = bp.chart(), blueprint_chart(AS_IS)
    assert fig.description == ref.description == bp.summary()
    spec = fig.chart.to_dict()
    rows = [r for rs in spec["datasets"].values() for r in rs]
    assert {r["step"] for r in rows} == {str(i) for i in range(1, len(AS_IS.steps) + 1)}
    assert len({r["step"] for r in rows if r["pain"] > 0}) == sum(
        1 for s in AS_IS.steps if s.pain_points
    )
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Step number"


def test_split_funnel_is_a_suppressed_table_without_a_chart():
    f = PROJECT.funnel(by="channel", k=5)
    assert isinstance(f, StageFunnel) and f.by == "channel"
    assert "suppressed" in f.table.columns
    shown = f.table[~f.table["suppressed"]]
    assert (shown["cases"] >= 5).all()
    with pytest.raises(NotImplementedError, match="table"):
        f.chart()
    html = f.to_html()
    assert "Cases reaching and stopping in each stage" in html
    assert f"split by 'channel' ({f.table['channel'].nunique()} groups" in f.summary()


# -- one name per concept --------------------------------------------------------------
def test_comparison_is_renamed_with_a_warning_alias():
    with pytest.warns(DeprecationWarning, match="JourneyComparison"):
        old = journey.Comparison
    assert old is JourneyComparison
    with pytest.warns(DeprecationWarning):
        from cocreate_kit.journey import Comparison  # noqa: F401
    assert "Comparison" not in journey.__all__ and "JourneyComparison" in journey.__all__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert isinstance(PROJECT.compare(), JourneyComparison)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        journey.Nope  # noqa: B018


# -- results: frozen, machine-readable ----------------------------------------------------
def _results():
    return {
        "EmotionCurve": emotion_curve(AS_IS),
        "EventLogMetrics": PROJECT.event_log_metrics(),
        "JourneyComparison": PROJECT.compare(),
        "Blueprint": blueprint(AS_IS),
        "StageFunnel": PROJECT.funnel(),
        "StageFunnel by": PROJECT.funnel(by="segment"),
        "NotGiven": load_project(AS_IS).compare(),
    }


@pytest.mark.parametrize("name", list(_results()))
def test_every_result_is_frozen_and_exports_strict_json(name):
    res = _results()[name]
    assert type(res).__name__ == name.split()[0]
    with pytest.raises(AttributeError, match="frozen"):
        res.title_note = "changed"
    text = res.to_json()
    record = json.loads(text)  # strict JSON: to_json refuses NaN
    assert json.loads(json.dumps(record, allow_nan=False)) == record
    assert record["type"] == type(res).__name__
    assert record["summary"] == res.summary() and record["warnings"] == res.warnings()
    assert type(res).__name__ in repr(res)


def test_records_hold_the_numbers_and_no_participant_data():
    cmp = PROJECT.compare()
    rec = cmp.to_dict()
    assert rec["as_is_id"] == AS_IS.id and "as_is" not in rec
    staff = next(r for r in rec["totals"] if r["measure"] == "staff_cost")
    assert staff["saving"] == pytest.approx(
        float(cmp.totals.set_index("measure").loc["staff_cost", "saving"])
    )
    text = json.dumps(rec) + blueprint(AS_IS).to_json() + emotion_curve(AS_IS).to_json()
    pseudonyms = {r.participant for r in AS_IS.ratings} | {
        e.participant for e in AS_IS.evidence if e.participant
    }
    assert not [p for p in pseudonyms if f'"{p}"' in text]
    assert not [e.text for e in AS_IS.evidence if e.text in text]
    f = PROJECT.funnel().to_dict()
    assert [r["cases"] for r in f["table"]] == PROJECT.funnel().table["cases"].tolist()
    bp = Blueprint(AS_IS).to_dict()
    assert bp["step_ids"] == [s.id for s in AS_IS.ordered_steps()]


# -- the app shows pillar results only ---------------------------------------------------
@pytest.mark.parametrize(
    ("app", "pillar"),
    [("apps/journey.py", "journey"), ("apps/explorer.py", "explore")],
)
def test_apps_import_only_public_pillar_names(app, pillar):
    import importlib

    module = importlib.import_module(f"cocreate_kit.{pillar}")
    tree = ast.parse((ROOT / "cocreate_kit" / app).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(pillar):
            assert node.level == 2 and node.module == pillar, ast.unparse(node)
            found += [a.name for a in node.names]
    assert found and set(found) <= set(module.__all__), set(found) - set(module.__all__)


# -- the template runs with only the as-is journey ---------------------------------------
def test_template_runs_without_to_be_and_events(tmp_path, isolated_env):
    out = tmp_path / "map.html"
    env = dict(isolated_env, PYTHONPATH=str(ROOT))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "cocreate_kit.cli",
            "export",
            str(ROOT / "templates" / "journey_map.ipynb"),
            "-o",
            str(out),
            "-p",
            "data_path",
            str(AS_IS_JSON),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    html = out.read_text(encoding="utf-8")
    assert "No to-be journey was given" in html
    assert "No event log was given" in html
    assert "Service blueprint" in html


# -- the pillar's internal layering -----------------------------------------------------
def test_journey_modules_depend_one_way():
    import grimp

    graph = grimp.build_graph("cocreate_kit")  # function-level imports included

    def deps(mod):
        return {
            m.removeprefix("cocreate_kit.journey.")
            for m in graph.find_modules_directly_imported_by(f"cocreate_kit.journey.{mod}")
            if m.startswith("cocreate_kit.journey")
        }

    assert deps("_model") == set()
    assert deps("_schema") == {"_model"}
    assert deps("_io") == {"_model", "_schema"}
    assert deps("_charts") == {"_model"}  # the leaf
    inner = sorted(m for m in graph.modules if m.startswith("cocreate_kit.journey."))
    for a in inner:
        for b in graph.find_modules_directly_imported_by(a):
            if b.startswith("cocreate_kit.journey.") and b != a:
                assert not graph.chain_exists(importer=b, imported=a), f"{a} <-> {b}"
    assert "cocreate_kit.journey" not in {
        m for a in inner for m in graph.find_modules_directly_imported_by(a)
    }
