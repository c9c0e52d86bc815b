"""Journey data model: schema, round trips, bad input, ratings, Mermaid export."""

import hashlib
import json
import shutil
import statistics

import jsonschema
import pandas as pd
import pytest

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path
from cocreate_kit.journey import (
    SCHEMA_PATH,
    Journey,
    Persona,
    Rating,
    Stage,
    Step,
    check_file,
    emotion_curve,
    json_schema,
    load,
    load_ratings,
    pain_heatmap,
    save,
    stage_emotion,
    to_json,
    to_mermaid,
)

AS_IS = dataset_path("journey/home_care_as_is.json")
TO_BE = dataset_path("journey/home_care_to_be.json")


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_published_schema_matches_model_and_validates_samples():
    published = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == json_schema()
    jsonschema.Draft202012Validator.check_schema(published)
    for path in (AS_IS, TO_BE):
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), published)
    bad = json.loads(AS_IS.read_text(encoding="utf-8"))
    bad["ratings"][0]["emotion"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, published)


@pytest.mark.parametrize("target", ["copy.json", "copy.xlsx", "copy_folder"])
def test_round_trips(tmp_path, target):
    before = sha(AS_IS)
    j = load(AS_IS)
    out = save(j, tmp_path / target)
    again = load(out)
    assert again == j
    # and back to JSON: the same document as the original file
    assert json.loads(to_json(again)) == json.loads(AS_IS.read_text(encoding="utf-8"))
    assert sha(AS_IS) == before


def test_workbook_sample_equals_json_sample():
    assert load(dataset_path("journey/home_care_as_is.xlsx")) == load(AS_IS)


def test_save_refuses_to_overwrite(tmp_path):
    j = load(AS_IS)
    p = save(j, tmp_path / "a.json")
    with pytest.raises(FileExistsError):
        save(j, p)


def _bad_json(tmp_path):
    doc = json.loads(AS_IS.read_text(encoding="utf-8"))
    doc["steps"].append(dict(doc["steps"][0], order=9))  # duplicate step id (item 13)
    doc["steps"][2]["stage"] = "nowhere"  # unknown stage (item 3)
    doc["evidence"][0]["steps"] = ["S01", "S99"]  # unknown step id (item 1)
    doc["ratings"][4]["emotion"] = 3  # out of range (item 5)
    doc["ratings"][5]["persona"] = "alien"  # unknown persona (item 6)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    return p


def test_bad_json_reports_every_problem(tmp_path):
    p = _bad_json(tmp_path)
    with pytest.raises(DataError) as err:
        load(p)
    probs = {(p.file, p.row, p.column, p.value) for p in err.value.problems}
    assert ("bad.json, array 'steps'", 13, "id", "S01") in probs
    assert ("bad.json, array 'steps'", 3, "stage", "nowhere") in probs
    assert ("bad.json, array 'evidence'", 1, "steps", "S99") in probs
    assert ("bad.json, array 'ratings'", 5, "emotion", 3.0) in probs
    assert ("bad.json, array 'ratings'", 6, "persona", "alien") in probs
    assert len(err.value.problems) == 5
    msg = str(err.value)
    assert "expected a whole number from -2 to 2" in msg
    assert "must be unique" in msg


def test_bad_workbook_rows_are_spreadsheet_rows(tmp_path):
    tables = load(AS_IS).tables()
    tables["steps"].loc[3, "id"] = "S01"
    tables["ratings"].loc[0, "emotion"] = -5
    tables["ratings"].loc[1, "step"] = "S77"
    p = tmp_path / "bad.xlsx"
    with pd.ExcelWriter(p) as xw:
        for name, df in tables.items():
            df.to_excel(xw, sheet_name=name, index=False)
    with pytest.raises(DataError) as err:
        load(p)
    probs = {(p.file, p.row, p.column, p.value) for p in err.value.problems}
    assert ("bad.xlsx, sheet 'steps'", 5, "id", "S01") in probs
    assert ("bad.xlsx, sheet 'ratings'", 2, "emotion", -5.0) in probs
    assert ("bad.xlsx, sheet 'ratings'", 3, "step", "S77") in probs


def test_missing_sheet_and_duplicate_rating(tmp_path):
    folder = tmp_path / "csvs"
    save(load(AS_IS), folder)
    (folder / "stages.csv").unlink()
    with pytest.raises(DataError, match="named 'stages'"):
        load(folder)
    folder2 = tmp_path / "csvs2"
    shutil.copytree(folder, folder2)
    save(load(AS_IS)._replace(), tmp_path / "ok")  # a clean copy still saves
    ratings = pd.read_csv(tmp_path / "ok" / "ratings.csv")
    ratings = pd.concat([ratings, ratings.iloc[[0]]])
    ratings.to_csv(tmp_path / "ok" / "ratings.csv", index=False)
    with pytest.raises(DataError, match="one rating per participant and step"):
        load(tmp_path / "ok")


def test_load_ratings_from_separate_file(tmp_path):
    j = load(AS_IS)._replace(ratings=())
    j2 = load_ratings(dataset_path("journey/home_care_ratings.csv"), j)
    assert j2.ratings == load(AS_IS).ratings
    bad = tmp_path / "r.csv"
    bad.write_text(
        "participant,persona,step,emotion\nP1,citizen,S01,2\nP1,citizen,S02,7\nP2,citizen,S42,0\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        load_ratings(bad, j)
    probs = {(p.row, p.column, p.value) for p in err.value.problems}
    assert probs == {(3, "emotion", 7.0), (4, "step", "S42")}


def _rated_journey(sizes):
    """A two-step journey rated by personas of the given sizes, emotions by formula."""
    personas = tuple(Persona(pid, pid.title()) for pid in sizes)
    ratings = []
    for pid, n in sizes.items():
        for i in range(n):
            ratings.append(Rating(f"{pid}{i}", pid, "a", (i % 5) - 2))
            ratings.append(Rating(f"{pid}{i}", pid, "b", min(2, i % 3)))
    return Journey(
        "j",
        "t",
        "s",
        "as_is",
        personas=personas,
        stages=(Stage("s1", 1, "One"), Stage("s2", 2, "Two")),
        steps=(Step("a", "s1", 1, "A"), Step("b", "s2", 1, "B")),
        ratings=tuple(ratings),
    )


def test_emotion_curve_statistics_against_statistics_module():
    j = _rated_journey({"citizen": 7, "relative": 6})
    t = emotion_curve(j).table.set_index(["persona", "step"])
    for pid, n in {"citizen": 7, "relative": 6}.items():
        vals = [(i % 5) - 2 for i in range(n)]
        row = t.loc[(pid, "a")]
        assert row["n"] == n
        assert row["mean"] == pytest.approx(statistics.mean(vals))
        assert row["sd"] == pytest.approx(statistics.stdev(vals))
        assert row["low"] == pytest.approx(max(-2, statistics.mean(vals) - statistics.stdev(vals)))
        assert (row["min"], row["max"]) == (min(vals), max(vals))


def test_small_persona_suppressed_everywhere():
    j = _rated_journey({"citizen": 7, "staff": 3})
    curve = emotion_curve(j)
    staff = curve.table[curve.table["persona"] == "staff"]
    assert staff["suppressed"].all() and staff["mean"].isna().all()
    assert "hidden" in curve.warnings()[0]
    # pooled stage emotion uses only personas with >= k participants
    se = stage_emotion(j).set_index("stage")
    assert se.loc["s1", "participants"] == 7
    assert se.loc["s1", "mean_emotion"] == pytest.approx(
        statistics.mean([(i % 5) - 2 for i in range(7)])
    )
    hm = pain_heatmap(j)
    assert set(hm["persona"]) == {"citizen"}
    assert "Staff" not in to_mermaid(j)


def test_pain_heatmap_hand_computed():
    j = _rated_journey({"citizen": 5, "relative": 10})
    hm = pain_heatmap(j).set_index(["stage", "persona"])
    # step a emotions (i % 5) - 2: i=0..4 -> -2,-1,0,1,2: 2 painful of 5
    assert hm.loc[("s1", "citizen"), "pain_share"] == pytest.approx(2 / 5)
    assert hm.loc[("s1", "relative"), "pain_share"] == pytest.approx(4 / 10)
    assert hm.loc[("s2", "relative"), "pain_share"] == 0.0


def test_mermaid_scores_hand_computed():
    j = _rated_journey({"citizen": 5})
    text = to_mermaid(j)
    # step a: mean of -2..2 = 0 -> score 3; step b: values 0,1,2,0,1 mean 0.8 -> round(3.8) = 4
    assert "      A: 3: Citizen" in text
    assert "      B: 4: Citizen" in text
    assert text.splitlines()[0] == "journey"


def test_check_file_kinds(tmp_path):
    assert check_file(AS_IS).startswith("Found a journey (JSON)")
    assert check_file(dataset_path("journey/home_care_as_is.xlsx")).startswith(
        "Found a journey (workbook)"
    )
    assert check_file(dataset_path("journey/home_care_events.csv")).startswith(
        "Found an event log (CSV): 18,176 events in 2,500 cases"
    )
    assert check_file(dataset_path("journey/home_care_ratings.csv")).startswith(
        "Found a ratings file"
    )
    with pytest.raises(DataError):
        check_file(_bad_json(tmp_path))


def test_cli_check(tmp_path, capsys):
    from cocreate_kit.cli import main

    assert main(["check", "journey", str(AS_IS)]) == 0
    assert "Found a journey" in capsys.readouterr().out
    assert main(["check", "journey", str(_bad_json(tmp_path))]) == 2
    assert "S99" in capsys.readouterr().err
