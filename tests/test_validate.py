"""Validation collects every problem with file, row, column, value and expectation."""

import pandas as pd
import pytest

from cocreate_kit import DataError
from cocreate_kit.io import read_table
from cocreate_kit.validate import Column, validate_frame

COLUMNS = [
    Column("step_id", "string", unique=True),
    Column("minutes", "number", min=0),
    Column("channel", "category", allowed=["web", "phone"]),
    Column("when", "datetime"),
    Column("done", "bool"),
]


def test_all_problems_reported_at_once_with_spreadsheet_rows(tmp_path):
    p = tmp_path / "steps.csv"
    p.write_text(
        "step_id;minutes;channel;when;done\n"
        "s1;5,5;web;2026-01-02 10:00;ja\n"
        "s1;-2;fax;not a date;maybe\n"
        "s3;abc;phone;2026-01-03;nej\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        validate_frame(read_table(p), COLUMNS)
    t = err.value.table()
    assert set(t["file"]) == {"steps.csv"}
    got = set(zip(t["row"], t["column"], strict=True))
    assert got == {
        (3, "step_id"),
        (3, "minutes"),
        (3, "channel"),
        (3, "when"),
        (3, "done"),
        (4, "minutes"),
    }
    msg = str(err.value)
    assert msg.startswith("6 problems in 'steps.csv':")
    assert "row 3, column 'channel': value 'fax'; expected one of 'web', 'phone'" in msg
    assert "row 4, column 'minutes': value 'abc'; expected a number of at least 0" in msg


def test_missing_columns_are_named_with_the_columns_that_exist():
    df = pd.DataFrame({"x": [1]})
    with pytest.raises(DataError, match=r"a column named 'minutes'.*the file has: 'x'"):
        validate_frame(df, [Column("minutes", "number")], file="f.csv")


def test_valid_data_is_coerced():
    df = pd.DataFrame(
        {
            "step_id": ["a", "b"],
            "minutes": ["1", "2.5"],
            "channel": ["web", "web"],
            "when": ["2026-01-01", "2026-01-02 08:00"],
            "done": ["yes", "0"],
        }
    )
    out = validate_frame(df, COLUMNS)
    assert out["minutes"].tolist() == [1.0, 2.5]
    assert out["done"].tolist() == [True, False]
    assert str(out["when"].dtype).startswith("datetime64")
    assert df["minutes"].tolist() == ["1", "2.5"]  # input untouched


def test_many_bad_rows_are_capped_but_counted():
    df = pd.DataFrame({"n": ["x"] * 25})
    with pytest.raises(DataError) as err:
        validate_frame(df, [Column("n", "integer")])
    assert len(err.value.problems) == 21
    assert err.value.problems[-1].value == "5 more rows"
