"""The co-creation ledger's data model: schema, exact round trips, validation row by row,
the Ledger result and the sample ledger (issue 10, items 1, 3 and 8)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from cocreate_kit import DataError, ledger
from cocreate_kit.datasets import PROJECTS, dataset_path
from cocreate_kit.ledger import TABLES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = dataset_path("ledger/home_care_ledger.json")
LINKED = ("results", "journey")  # folders the sample's paths point into


def _copy_linked(dest: Path) -> None:
    for sub in LINKED:
        shutil.copytree(SAMPLE.parent / sub, dest / sub, dirs_exist_ok=True)


def _assert_same(a: ledger.Ledger, b: ledger.Ledger) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(
            getattr(a, name), getattr(b, name), check_dtype=True, obj=f"table {name!r}"
        )
    assert a.equals(b)


# -- schema ------------------------------------------------------------------------------


def test_published_schema_is_the_one_built_from_the_column_specs():
    published = json.loads(ledger.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == ledger.json_schema()
    jsonschema.Draft202012Validator.check_schema(published)
    assert ledger.SCHEMA_PATH.parent.name == "ledger"  # ships inside the package


def test_sample_and_saved_json_validate_against_the_schema(full, tmp_path):
    schema = ledger.json_schema()
    jsonschema.validate(json.loads(SAMPLE.read_text(encoding="utf-8")), schema)
    led, folder = full
    saved = ledger.save(led, folder / "again.json")
    jsonschema.validate(json.loads(saved.read_text(encoding="utf-8")), schema)
    bad = json.loads(SAMPLE.read_text(encoding="utf-8"))
    bad["decisions"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_measures_level_is_a_confidence_level_and_evidence_levels_have_no_column():
    props = ledger.json_schema()["$defs"]["measures"]["properties"]
    assert props["level"]["maximum"] < 1 and "Confidence level" in props["level"]["description"]
    for table in ("tests", "measures"):
        cols = ledger.json_schema()["$defs"][table]["properties"]
        assert not {"evidence", "evidence_level", "nesta", "maryland"} & set(cols)


# -- a ledger that uses every optional column ----------------------------------------------


def _full_tables() -> dict:
    return {
        "project": [
            {
                "id": "proj-1",
                "title": "Hjemmehjælp – redesign",
                "service": "Home care",
                "owner": "Innovation team",
                "description": 'Line one\nLine two, "quoted"; semi;colon',
                "journey_file": "journey.json",
                "population": "population.csv",
            }
        ],
        "participants": [
            {
                "id": "007",
                "role": "citizen",
                "consent": True,
                "age_band": "80+",
                "sex": "female",
                "area": "Øst",
                "channel": "=cmd|' /C calc'!A0",
            },
            {"id": "P-2", "role": "relative", "consent": "ja", "area": "Nord"},
            {"id": "P-3", "role": "staff", "consent": False, "sex": "male", "channel": "1.0"},
        ],
        "activities": [
            {
                "id": "A1",
                "kind": "workshop",
                "title": "Værksted 1",
                "date": "2026-03-04",
                "participants": ["007", "P-2", "P-3"],
                "journey": "home-care-as-is",
                "notes": "@everyone came",
            },
            {"id": "A2", "kind": "survey", "title": "Survey", "date": "2026-06-01"},
        ],
        "insights": [
            {
                "id": "I1",
                "kind": "pain_point",
                "statement": "Formen er for lang",
                "steps": "S03 | S04",
                "journey": "home-care-as-is",
                "severity": "high",
            },
            {"id": "I2", "kind": "insight", "statement": "NA", "steps": []},
        ],
        "ideas": [
            {"id": "X1", "kind": "prototype", "title": "Form B", "description": "-2"},
            {"id": "X2", "kind": "idea", "title": "+45 12 34 56 78 hotline"},
        ],
        "tests": [
            {
                "id": "T1",
                "title": "A/B",
                "design": "randomised",
                "sites": 2,
                "independent": True,
                "scaled": None,
                "result": "results/r.json",
                "plan": "plan.yaml",
                "data": "data/test.csv",
                "activity": "A1",
                "date": "2026-05-29",
            },
            {"id": "T2", "title": "Before/after", "design": "before_after"},
        ],
        "feedback": [
            {
                "id": "F1",
                "title": "Survey",
                "result": "results/r.json",
                "activity": "A2",
                "you_said": "Vi vil have faste hjælpere – æøå ÆØÅ",
                "date": "2026-06-02",
            }
        ],
        "decisions": [
            {
                "id": "D1",
                "title": "Form B",
                "status": "accepted",
                "date": "2026-06-10",
                "deciders": ["Head of home care", "Digital lead"],
                "consulted": ["citizen"],
                "options": ["Keep A", "Form B"],
                "outcome": "Form B",
                "rationale": "=SUM(A1:A2) is not a formula here",
                "review_date": "2026-12-01",
            },
            {"id": "D2", "title": "Pilot", "status": "superseded", "date": "2026-04-01"},
            {"id": "D3", "title": "GP data", "status": "proposed", "date": "2026-06-20"},
        ],
        "measures": [
            {
                "id": "M1",
                "bottom_line": "productivity",
                "indicator": "Staff cost",
                "value": 0.1 + 0.2,
                "design": "before_after",
                "unit": "DKK",
                "baseline": 5131350.123456789,
                "low": 1 / 3 - 0.1,
                "high": 1 / 3,
                "level": 0.95,
                "source": "Cost model",
                "result": "results/r.json",
                "sites": 1,
                "independent": False,
                "scaled": True,
                "kpi": "cost_per_transaction",
                "date": "2026-05-20",
            },
            {
                "id": "M2",
                "bottom_line": "democracy",
                "indicator": "Fair",
                "value": -2.5e-9,
                "design": "cross_section",
            },
        ],
        "links": [
            {"source": "X1", "relation": "addresses", "target": "I1", "note": "\tindented"},
            {"source": "T1", "relation": "decided_by", "target": "D1"},
            {"source": "A1", "relation": "supports", "target": "D2"},
            {"source": "D1", "relation": "supersedes", "target": "D2"},
            {"source": "X1", "relation": "tested_by", "target": "T1"},
        ],
    }


def _files(folder: Path) -> None:
    (folder / "results").mkdir(parents=True, exist_ok=True)
    (folder / "results" / "r.json").write_text(
        '{"type": "X", "summary": "Made by a pillar."}', encoding="utf-8"
    )
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "test.csv").write_text("variant,completed\nA,1\n", encoding="utf-8")
    (folder / "plan.yaml").write_text("control: A\n", encoding="utf-8")
    shutil.copy(dataset_path("journey/home_care_as_is.json"), folder / "journey.json")


@pytest.fixture
def full(tmp_path):
    folder = tmp_path / "full"
    _files(folder)
    return ledger.ledger_from_tables(_full_tables(), base=folder, source="full"), folder


def test_canonical_dtypes_and_missing_values(full):
    led, _ = full
    p, a, t, m = led.participants, led.activities, led.tests, led.measures
    assert p["consent"].dtype == "boolean" and p["consent"].tolist() == [True, True, False]
    assert p["id"].tolist() == ["007", "P-2", "P-3"]  # text stays text
    assert p["age_band"].tolist() == ["80+", None, None]
    assert a["participants"].tolist() == [["007", "P-2", "P-3"], []]  # never NaN
    assert a["date"].dtype == "datetime64[ns]"
    assert led.insights["steps"].tolist() == [["S03", "S04"], []]
    assert t["sites"].dtype == "Int64" and t["sites"].isna().tolist() == [False, True]
    assert t["scaled"].dtype == "boolean" and t["scaled"].isna().all()
    assert m["value"].dtype == "float64" and m["value"].iloc[0] == 0.3  # 15 digits
    assert led.decisions["deciders"].iloc[2] == []
    assert pd.isna(led.decisions["review_date"].iloc[1])
    assert list(led.measures.columns)[:5] == ["id", "bottom_line", "indicator", "value", "design"]


@pytest.mark.parametrize("name", ["ledger.json", "ledger.xlsx", "ledger_csv"])
def test_round_trip_is_exact_for_every_optional_column(full, name):
    led, folder = full
    path = ledger.save(led, folder / name)
    if path.is_dir():
        _files(path)  # paths in a CSV folder ledger resolve against the folder
    back = ledger.load(path)
    _assert_same(led, back)
    again = ledger.save(back, folder / f"again_{name}")
    if again.is_dir():
        _files(again)
    _assert_same(led, ledger.load(again))


@pytest.mark.parametrize("name", ["s.json", "s.xlsx", "s_csv"])
def test_round_trip_of_the_sample_is_exact(tmp_path, name):
    led = ledger.load(SAMPLE)
    path = ledger.save(led, tmp_path / name)
    _copy_linked(path if path.is_dir() else tmp_path)
    _assert_same(led, ledger.load(path))


def test_json_save_reproduces_the_sample_file_byte_for_byte(tmp_path):
    led = ledger.load(SAMPLE)
    assert ledger.save(led, tmp_path / "x.json").read_bytes() == SAMPLE.read_bytes()


def test_spreadsheets_never_receive_live_formulas(full):
    import openpyxl

    led, folder = full
    xlsx = ledger.save(led, folder / "f.xlsx")
    cell = openpyxl.load_workbook(xlsx)["participants"]["G2"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"
    csv = ledger.save(led, folder / "f_csv")
    text = (csv / "participants.csv").read_text(encoding="utf-8")
    assert "'=cmd" in text
    assert "'=SUM" in (csv / "decisions.csv").read_text(encoding="utf-8")


def test_save_refuses_to_overwrite_and_unknown_formats(full):
    led, folder = full
    ledger.save(led, folder / "once.json")
    before = (folder / "once.json").read_bytes()
    with pytest.raises(FileExistsError, match="nothing was overwritten"):
        ledger.save(led, folder / "once.json")
    assert (folder / "once.json").read_bytes() == before
    with pytest.raises(ValueError, match="Cannot save a ledger as '.txt'"):
        ledger.save(led, folder / "x.txt")


def test_loading_never_modifies_the_input(tmp_path):
    shutil.copytree(SAMPLE.parent, tmp_path / "s")
    before = {p: p.read_bytes() for p in (tmp_path / "s").rglob("*") if p.is_file()}
    ledger.load(tmp_path / "s" / SAMPLE.name)
    assert before == {p: p.read_bytes() for p in (tmp_path / "s").rglob("*") if p.is_file()}


# -- validation, row by row ----------------------------------------------------------------

BAD = {
    "schema_version": 1,
    "project": {
        "id": "proj",
        "title": "Bad",
        "service": "Home care",
        "journey_file": "journey.json",
        "population": "/etc/pop.csv",
    },
    "participants": [
        {"id": "P1", "role": "citizen", "consent": True},
        {"id": "P2", "role": "mayor", "consent": "maybe"},
        {"id": "P1", "role": "staff", "consent": False},
    ],
    "activities": [
        {
            "id": "A1",
            "kind": "workshop",
            "title": "W",
            "date": "2026-03-01",
            "participants": ["P1", "P9"],
        },
        {"id": "A2", "kind": "party", "title": "P", "date": "not a date"},
    ],
    "insights": [
        {"id": "I1", "kind": "pain_point", "statement": "Long form", "steps": ["S1", "S99"]},
        {"id": "P2", "kind": "insight", "statement": "Dup id"},
    ],
    "ideas": [{"id": "X1", "kind": "idea", "title": "Short form"}],
    "tests": [
        {"id": "T1", "title": "AB", "design": "rct", "plan": "plan.yaml"},
        {"id": "T2", "title": "AB2", "design": "randomised", "result": "../secret.json"},
        {"id": "T3", "title": "AB3", "design": "randomised", "result": "missing.json"},
    ],
    "feedback": [{"id": "F1", "title": "Survey", "activity": "A9"}],
    "decisions": [
        {"id": "D1", "title": "No evidence", "status": "accepted", "date": "2026-05-01"},
        {"id": "D2", "title": "Two", "status": "superseded", "date": "2026-05-01"},
        {"id": "D3", "title": "Three", "status": "superseded", "date": "2026-05-02"},
        {"id": "D4", "title": "Four", "status": "superseded", "date": "2026-05-03"},
        {
            "id": "D5",
            "title": "Five",
            "status": "proposed",
            "date": "2026-05-03",
            "options": ["a | b"],
        },
    ],
    "measures": [
        {
            "id": "M1",
            "bottom_line": "productivity",
            "indicator": "cost",
            "value": 5,
            "low": 6,
            "high": 7,
            "design": "before_after",
        },
        {
            "id": "M2",
            "bottom_line": "joy",
            "indicator": "x",
            "value": 1,
            "level": 0.95,
            "low": 0,
            "design": "account",
        },
    ],
    "links": [
        {"source": "X1", "relation": "addresses", "target": "I1"},
        {"source": "D2", "relation": "supersedes", "target": "D3"},
        {"source": "D3", "relation": "supersedes", "target": "D2"},
        {"source": "P1", "relation": "addresses", "target": "I1"},
        {"source": "X1", "relation": "inspires", "target": "Z9"},
        {"source": "X1", "relation": "addresses", "target": "I1"},
        {"source": "T2", "relation": "decided_by", "target": "D2", "colour": "red"},
    ],
}

#: (table, row, column, value, words the expectation must contain), one per problem.
EXPECTED = [
    ("project", 1, "population", "/etc/pop.csv", "stays inside it (no absolute path, no '..')"),
    ("participants", 2, "role", "mayor", "one of 'citizen', 'relative'"),
    ("participants", 2, "consent", "maybe", "yes/no"),
    (
        "participants",
        3,
        "id",
        "P1",
        "used once in the whole ledger (already the id of participants row 1)",
    ),
    ("activities", 2, "kind", "party", "one of 'interview'"),
    ("activities", 2, "date", "not a date", "a date written YYYY-MM-DD"),
    ("activities", 1, "participants", "P9", "an id from the participants table"),
    ("insights", 1, "steps", "S1", "a step id of the journey 'home-care-as-is' (journey.json)"),
    ("insights", 1, "steps", "S99", "a step id of the journey 'home-care-as-is'"),
    ("insights", 2, "id", "P2", "already the id of participants row 2"),
    ("tests", 1, "design", "rct", "one of 'randomised'"),
    ("tests", 2, "result", "../secret.json", "stays inside it"),
    ("tests", 3, "result", "missing.json", "an existing file in the ledger's folder"),
    ("tests", 1, "data", None, "a plan and its data together"),
    ("feedback", 1, "activity", "A9", "an id from the activities table"),
    ("decisions", 5, "options", "a | b", "without '|'"),
    ("decisions", 4, "status", "superseded", "a 'supersedes' link from the newer decision"),
    ("decisions", 1, "status", "accepted", "evidence for a decision that is accepted"),
    ("decisions", 3, "status", "superseded", "evidence for a decision that is superseded"),
    ("decisions", 4, "status", "superseded", "evidence for a decision that is superseded"),
    ("measures", 2, "bottom_line", "joy", "one of 'productivity'"),
    ("measures", 1, "value", 5.0, "a value from low (6) to high (7)"),
    ("measures", 2, "high", None, "low and high together"),
    ("links", 5, "relation", "inspires", "one of 'addresses'"),
    ("links", 7, "colour", "colour", "one of the columns"),
    (
        "links",
        4,
        "source",
        "P1",
        "in ideas (a 'addresses' link runs from ideas to insights; 'P1' is in participants)",
    ),
    ("links", 5, "target", "Z9", "an id defined in the ledger"),
    ("links", 6, "target", "I1", "each link listed once (the same link is in row 1)"),
    ("links", 3, "target", "D2 -> D3 -> D2", "no cycle in 'supersedes' links"),
]


def _bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(dataset_path("journey/home_care_as_is.json"), folder / "journey.json")
    (folder / "plan.yaml").write_text("control: A\n", encoding="utf-8")
    return folder


def _check_problems(err: DataError, expected: list, label) -> None:
    got = [(p.file, p.row, p.column, p.value, p.expected) for p in err.problems]
    for table, row, column, value, words in expected:
        hits = [g for g in got if g[:4] == (label(table), row, column, value) and words in g[4]]
        assert len(hits) == 1, (table, row, column, value, words, got)
    assert len(got) == len(expected), "\n".join(map(str, got))


def test_every_problem_of_a_json_ledger_is_listed_row_by_row(tmp_path):
    folder = _bad_folder(tmp_path)
    (folder / "bad.json").write_text(json.dumps(BAD), encoding="utf-8")
    with pytest.raises(DataError) as err:
        ledger.load(folder / "bad.json")

    def label(table):
        return f"bad.json, {'object' if table == 'project' else 'array'} {table!r}"

    _check_problems(err.value, EXPECTED, label)
    text = str(err.value)
    assert text.startswith(f"{len(EXPECTED)} problems in 'bad.json':")
    assert "  - array 'links': row 3, column 'target': value 'D2 -> D3 -> D2'" in text


def _sheets(tables: dict) -> dict:
    out = {}
    for name, rows in tables.items():
        if name == "schema_version":
            continue
        rows = [rows] if isinstance(rows, dict) else rows
        out[name] = pd.DataFrame(
            [{k: " | ".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
        )
    return out


def test_a_workbook_and_a_csv_folder_number_rows_as_the_spreadsheet_does(tmp_path):
    from cocreate_kit.io import write_csv, write_xlsx

    folder = _bad_folder(tmp_path)
    # In sheets 'a | b' is simply two options; the header is row 1, so data rows are one
    # lower, and an unknown column is reported on the header row.
    expected = []
    for table, row, column, value, words in EXPECTED:
        if column == "options":
            continue
        words = re.sub(r"\brow (\d+)", lambda m: f"row {int(m.group(1)) + 1}", words)
        expected.append((table, 1 if column == "colour" else row + 1, column, value, words))
    write_xlsx(_sheets(BAD), folder / "bad.xlsx")
    with pytest.raises(DataError) as err:
        ledger.load(folder / "bad.xlsx")
    _check_problems(err.value, expected, lambda t: f"bad.xlsx, sheet {t!r}")
    csv = folder / "bad_csv"
    csv.mkdir()
    shutil.copy(folder / "journey.json", csv / "journey.json")
    shutil.copy(folder / "plan.yaml", csv / "plan.yaml")
    for name, df in _sheets(BAD).items():
        write_csv(df, csv / f"{name}.csv")
    with pytest.raises(DataError) as err:
        ledger.load(csv)
    _check_problems(err.value, expected, lambda t: f"bad_csv/{t}.csv")


def test_project_must_have_exactly_one_row_and_required_columns_exist():
    with pytest.raises(DataError) as err:
        ledger.ledger_from_tables(
            {
                "project": [
                    {"id": "a", "title": "A", "service": "s"},
                    {"id": "b", "title": "B", "service": "s"},
                ],
                "links": pd.DataFrame(columns=["source", "target"]),
                "ideas": [{"id": "x", "title": "no kind"}],
            }
        )
    got = [(p.file, p.row, p.column, p.value) for p in err.value.problems]
    assert got == [
        ("table 'project'", None, None, "2 rows"),
        ("table 'ideas'", 1, "kind", None),
        ("table 'links'", 1, "relation", None),
    ]
    with pytest.raises(DataError, match="exactly one project row"):
        ledger.ledger_from_tables({"ideas": []})


def test_self_supersession_and_a_three_cycle_are_named():
    tables = {
        "project": [{"id": "p", "title": "t", "service": "s"}],
        "decisions": [
            {"id": f"D{i}", "title": "d", "status": "superseded", "date": "2026-01-01"}
            for i in range(1, 5)
        ],
        "links": [
            {"source": "D1", "relation": "supersedes", "target": "D1"},
            {"source": "D2", "relation": "supersedes", "target": "D3"},
            {"source": "D3", "relation": "supersedes", "target": "D4"},
            {"source": "D4", "relation": "supersedes", "target": "D2"},
        ],
    }
    with pytest.raises(DataError) as err:
        ledger.ledger_from_tables(tables)
    cycles = [p.value for p in err.value.problems if "no cycle" in p.expected]
    assert cycles == ["D1 -> D1", "D2 -> D3 -> D4 -> D2"]
    # A 'supersedes' link is no evidence: each superseded decision also lacks evidence.
    others = [(p.row, p.column) for p in err.value.problems if "no cycle" not in p.expected]
    assert others == [(1, "status"), (2, "status"), (3, "status"), (4, "status")]


def test_decision_evidence_rules():
    def tables(status, links):
        return {
            "project": [{"id": "p", "title": "t", "service": "s"}],
            "measures": [
                {
                    "id": "m",
                    "bottom_line": "results",
                    "indicator": "i",
                    "value": 1,
                    "design": "account",
                }
            ],
            "decisions": [{"id": "d", "title": "x", "status": status, "date": "2026-01-01"}],
            "links": links,
        }

    supports = [{"source": "m", "relation": "supports", "target": "d"}]
    contradicts = [{"source": "m", "relation": "contradicts", "target": "d"}]
    ledger.ledger_from_tables(tables("accepted", supports))
    ledger.ledger_from_tables(tables("rejected", contradicts))
    ledger.ledger_from_tables(tables("proposed", []))  # a gap, not an error
    ledger.ledger_from_tables(tables("deprecated", []))
    with pytest.raises(DataError, match="evidence for a decision that is rejected"):
        ledger.ledger_from_tables(tables("rejected", []))


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd.json", "C:\\data\\r.json", "results/../../r.json", "..\\r.json", "~/r.json"],
)
def test_paths_that_leave_the_ledger_folder_are_refused(tmp_path, path):
    tables = {
        "project": [{"id": "p", "title": "t", "service": "s"}],
        "feedback": [{"id": "f", "title": "x", "result": path}],
    }
    with pytest.raises(DataError) as err:
        ledger.ledger_from_tables(tables, base=tmp_path)
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (1, "result", path)
    assert "stays inside" in problem.expected


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    base = tmp_path / "ledger"
    base.mkdir()
    try:
        (base / "r.json").symlink_to(outside)
    except OSError:  # pragma: no cover - no symlinks on this file system
        pytest.fail("the test needs symbolic links")
    tables = {
        "project": [{"id": "p", "title": "t", "service": "s"}],
        "feedback": [{"id": "f", "title": "x", "result": "r.json"}],
    }
    with pytest.raises(DataError, match="through a symbolic link"):
        ledger.ledger_from_tables(tables, base=base)


def test_unknown_tables_columns_and_files_are_one_clear_error(tmp_path):
    with pytest.raises(DataError, match="one of the tables"):
        ledger.ledger_from_tables({"project": [], "decision": []})
    (tmp_path / "r.json").write_text('{"type": "SUSSummary", "mean": 60}', encoding="utf-8")
    with pytest.raises(DataError) as err:
        ledger.load(tmp_path / "r.json")
    assert len(err.value.problems) == 1 and "a 'project' object" in str(err.value)
    (tmp_path / "l.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DataError, match="a JSON object"):
        ledger.load(tmp_path / "l.json")
    (tmp_path / "fake.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(DataError):
        ledger.load(tmp_path / "fake.xlsx")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="a folder with the ledger's CSV files"):
        ledger.load(tmp_path / "empty")
    with pytest.raises(DataError, match="not found"):
        ledger.load(tmp_path / "nope.json")
    (tmp_path / "l.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DataError, match=r"\.json, \.xlsx or a CSV folder"):
        ledger.load(tmp_path / "l.txt")


# -- the Ledger result ----------------------------------------------------------------------


def test_ledger_result_summary_record_and_frozen():
    led = ledger.load(SAMPLE)
    assert led.summary() == (
        "The ledger of 'Applying for home care, redesigned with citizens' holds 40 "
        "participants, 15 activities (6 interviews, 2 observations, 4 workshops, 2 "
        "prototype tests, 1 survey), 6 insights, 5 ideas, 2 tests, 3 feedback items, 5 "
        "decisions (1 proposed, 2 accepted, 1 rejected, 1 superseded), 7 measures, joined "
        "by 32 links."
    )
    with pytest.raises(AttributeError, match="frozen"):
        led.links = None
    record = json.loads(led.to_json())
    assert record["type"] == "Ledger" and "base" not in record
    assert len(record["participants"]) == 40 and record["source"] == SAMPLE.name
    assert led.base == SAMPLE.parent and set(led.tables()) == set(TABLES)
    copy = led.tables()["links"]
    copy.loc[0, "source"] = "changed"
    assert led.links.loc[0, "source"] != "changed"


def test_attendance_and_chart_hide_activities_under_k():
    led = ledger.load(SAMPLE)
    t = led.attendance()
    listed = led.activities[led.activities["participants"].map(len) > 0]
    assert len(t) == len(listed)  # activities listing nobody (the survey) are left out
    sizes = dict(zip(listed["id"], listed["participants"].map(len), strict=True))
    for _, row in t.iterrows():
        if row["suppressed"]:
            assert pd.isna(row["participants"]) and row["shown"] == "<5"
        else:
            assert row["participants"] == sizes[row["activity"]] >= 5
    assert t["suppressed"].sum() == sum(n < 5 for n in sizes.values())
    fig = led.chart()
    (data,) = fig.spec()["datasets"].values()
    assert {r["activity"] for r in data} == set(t.loc[~t["suppressed"], "activity"])
    assert all(r["participants"] >= 5 for r in data)
    assert "<5" in fig.table["participants"].tolist()
    hidden = int(t["suppressed"].sum())
    assert f"{hidden} activities with fewer than 5 participants are hidden" in fig.description
    html = led.to_html()
    assert "What the ledger holds" in html and "P-01" not in html  # no participant rows


# -- the sample ledger -------------------------------------------------------------------


def test_sample_content_matches_the_brief():
    led = ledger.load(SAMPLE)
    roles = led.participants["role"].value_counts()
    assert len(led.participants) == 40 and roles.idxmax() == "citizen"
    assert {"relative", "staff"} <= set(roles.index)
    assert set(led.participants["age_band"]) <= {"18-29", "30-49", "50-64", "65-79", "80+"}
    assert set(led.participants["area"]) == {"Nord", "Syd", "Øst", "Vest"}
    assert (led.activities["kind"] == "workshop").sum() == 4
    assert {"interview", "observation", "prototype_test", "survey"} <= set(led.activities["kind"])
    assert (led.ideas["kind"] == "prototype").sum() == 2
    ab = led.tests.set_index("id").loc["TEST01"]
    assert ab["design"] == "randomised" and ab["sites"] == 1
    assert "before_after" in set(led.tests["design"]) | set(led.measures["design"])
    assert led.feedback["we_did"].isna().sum() == 1  # one loop left open on purpose
    assert {"accepted", "rejected", "superseded"} <= set(led.decisions["status"])
    assert set(led.measures["bottom_line"]) == {
        "productivity",
        "service_experience",
        "results",
        "democracy",
    }
    assert led.project["population"].iloc[0] == "population.csv"
    assert PROJECTS["ledger"] == {
        "data": "ledger/home_care_ledger.json",
        "population": "ledger/population.csv",
    }


def test_sample_numbers_are_read_from_the_result_records():
    led = ledger.load(SAMPLE)
    m = led.measures.set_index("id")

    def record(name):
        return json.loads((SAMPLE.parent / "results" / name).read_text(encoding="utf-8"))

    arms = {a["variant"]: a for a in record("form_ab_test.json")["results"]["sus"]["arms"]}
    assert m.loc["M03", "value"] == float(f"{arms['B']['estimate']:.15g}")
    assert m.loc["M03", "baseline"] == float(f"{arms['A']['estimate']:.15g}")
    assert m.loc["M03", "low"] == float(f"{arms['B']['ci_low']:.15g}")
    totals = {t["measure"]: t for t in record("journey_compare.json")["totals"]}
    # M01 is GOV.UK's cost per transaction: staff cost per application, not per year
    rate = record("journey_compare.json")["assumptions"]["staff_hourly_cost"] / 60
    per_case = totals["staff_minutes_per_case"]
    assert m.loc["M01", "value"] == pytest.approx(per_case["to_be"] * rate)
    assert m.loc["M01", "baseline"] == pytest.approx(per_case["as_is"] * rate)
    cases = totals["staff_cost"]["as_is"] / m.loc["M01", "baseline"]  # per year
    assert m.loc["M01", "value"] * cases == pytest.approx(totals["staff_cost"]["to_be"])
    assert m.loc["M01", "kpi"] == "cost_per_transaction"
    sus = record("survey_sus.json")
    assert m.loc["M05", "value"] == float(f"{sus['mean']:.15g}")
    for _, row in m.iterrows():  # every measure names the record its number comes from
        assert (SAMPLE.parent / row["result"]).is_file()
    rationale = led.decisions.set_index("id").loc["DEC03", "rationale"]
    pct = totals["staff_cost"]["saving_pct"]
    assert f"saves {100 * pct:.0f}% of staff cost" in rationale


def test_the_sample_script_reproduces_every_file_byte_for_byte(tmp_path):
    out = tmp_path / "ledger"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_ledger.py"), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    made = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    shipped = sorted(
        p.relative_to(SAMPLE.parent)
        for p in SAMPLE.parent.rglob("*")
        if p.is_file() and p.name != "population.csv"  # written by make_sample_population
    )
    assert made == shipped
    for rel in made:
        assert (out / rel).read_bytes() == (SAMPLE.parent / rel).read_bytes(), rel


def test_a_participant_id_that_is_personal_data_is_refused_and_shown_redacted():
    rows = [
        {"id": "anne.jensen@gmail.com", "role": "citizen", "consent": True},
        {"id": "010190-1234", "role": "citizen", "consent": True},
        {"id": "20261130", "role": "citizen", "consent": True},  # an ordinary pseudonym
    ]
    with pytest.raises(DataError) as err:
        ledger.ledger_from_tables(
            {"project": [{"id": "p", "title": "t", "service": "s"}], "participants": rows}
        )
    got = [(p.row, p.column, p.value) for p in err.value.problems]
    assert got == [(1, "id", "[EMAIL]"), (2, "id", "[CPR]")]
    assert "anne" not in str(err.value) and "1234" not in str(err.value)


def test_result_records_review_dates_and_repeated_participants(tmp_path):
    (tmp_path / "notes.json").write_text('{"text": "not a record"}', encoding="utf-8")
    (tmp_path / "ok.json").write_text('{"type": "SUSSummary", "summary": "s"}', "utf-8")
    tables = {
        "project": [{"id": "p", "title": "t", "service": "s"}],
        "participants": [{"id": "P1", "role": "citizen", "consent": True}],
        "activities": [
            {
                "id": "A",
                "kind": "workshop",
                "title": "w",
                "date": "2026-01-01",
                "participants": ["P1", "P1"],
            }
        ],
        "feedback": [
            {"id": "F1", "title": "x", "result": "notes.json"},
            {"id": "F2", "title": "y", "result": "ok.json"},
        ],
        "decisions": [
            {
                "id": "D",
                "title": "d",
                "status": "proposed",
                "date": "2026-06-01",
                "review_date": "2026-05-01",
            }
        ],
    }
    with pytest.raises(DataError) as err:
        ledger.ledger_from_tables(tables, base=tmp_path)
    got = [(p.file, p.row, p.column, p.value) for p in err.value.problems]
    assert got == [
        ("table 'activities'", 1, "participants", "P1"),
        ("table 'feedback'", 1, "result", "notes.json"),
        ("table 'decisions'", 1, "review_date", "2026-05-01"),
    ]
    assert "a result record" in err.value.problems[1].expected


@pytest.mark.parametrize("text", ["01-03-2026", "1/3/2026", "March 1, 2026", "2026-3-1"])
def test_dates_in_text_must_be_iso_so_day_and_month_are_never_guessed(text):
    tables = {
        "project": [{"id": "p", "title": "t", "service": "s"}],
        "decisions": [{"id": "D", "title": "d", "status": "proposed", "date": text}],
    }
    with pytest.raises(DataError) as err:
        ledger.ledger_from_tables(tables)
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (1, "date", text)
    assert "YYYY-MM-DD" in problem.expected
    tables["decisions"][0]["date"] = "2026-03-01"
    led = ledger.ledger_from_tables(tables)
    assert led.decisions["date"].iloc[0] == pd.Timestamp("2026-03-01")


def test_a_csv_folder_saved_by_danish_excel_reads_back(tmp_path):
    """Semicolons, decimal commas, day-first dates and cp1252, as Danish Excel saves CSV."""
    folder = tmp_path / "dk"
    folder.mkdir()
    files = {
        "project": "id;title;service\nproj;Hjemmehjælp;Pleje\n",
        "participants": "id;role;consent;area\nP1;citizen;ja;Øst\n",
        "activities": "id;kind;title;date;participants\nA1;workshop;Værksted;04-03-2026;P1\n",
        "measures": "id;bottom_line;indicator;value;low;high;level;design\n"
        "M1;productivity;Omkostning;1.234,5;1.000;1.500,25;0,95;before_after\n",
    }
    for name, text in files.items():
        (folder / f"{name}.csv").write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    led = ledger.load(folder)
    assert led.participants["area"].tolist() == ["Øst"]
    assert led.activities["date"].iloc[0] == pd.Timestamp("2026-03-04")  # 4 March
    m = led.measures.iloc[0]
    assert (m["value"], m["low"], m["high"], m["level"]) == (1234.5, 1000.0, 1500.25, 0.95)
    (folder / "activities.csv").write_text(
        "id,kind,title,date\nA1,workshop,W,04-03-2026\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="YYYY-MM-DD"):  # comma-separated: no convention
        ledger.load(folder)


def test_hostile_text_in_a_ledger_stays_text_in_its_html():
    script = "<script>alert('x')</script>"
    people = [{"id": f"P{i}", "role": "citizen", "consent": True} for i in range(6)]
    led = ledger.ledger_from_tables(
        {
            "project": [{"id": "p", "title": script, "service": "s"}],
            "participants": people,
            "activities": [
                {
                    "id": "A",
                    "kind": "workshop",
                    "title": f"{script}\u202eevil",
                    "date": "2026-01-01",
                    "participants": [p["id"] for p in people],
                }
            ],
        }
    )
    html = led.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\u202e" not in html and "\u202e" not in led.summary()
