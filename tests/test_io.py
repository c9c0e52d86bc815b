"""Loaders: encodings, delimiters, decimal commas, broken files; input files never modified."""

import hashlib
import json
import os

import pandas as pd
import pytest

from cocreate_kit import DataError, io
from cocreate_kit.io import read_table, sniff_csv

DANISH_ROWS = "navn;minutter;tilfreds\nSøren Ærø;12,5;ja\nÅse Øster;1.234,75;nej\n"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


@pytest.fixture
def files(tmp_path):
    out = {}
    p = tmp_path / "cp1252.csv"
    p.write_bytes(DANISH_ROWS.encode("cp1252"))
    out["cp1252"] = p
    p = tmp_path / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbf" + "step,minutes\nAnsøg,5.5\nBesøg,30\n".encode())
    out["bom"] = p
    p = tmp_path / "tab.tsv"
    p.write_text("step\tminutes\nA\t1\nB\t2\n", encoding="utf-8")
    out["tab"] = p
    p = tmp_path / "semi_point.csv"
    p.write_text("a;b\n1.5;x\n2.25;y\n", encoding="utf-8")
    out["semi_point"] = p
    return out


def test_cp1252_semicolon_decimal_comma(files):
    fmt = sniff_csv(files["cp1252"])
    assert (fmt.encoding, fmt.delimiter, fmt.decimal) == ("cp1252", ";", ",")
    df = read_table(files["cp1252"])
    assert df["navn"].tolist() == ["Søren Ærø", "Åse Øster"]
    assert df["minutter"].tolist() == [12.5, 1234.75]
    assert df.attrs == {"source": "cp1252.csv", "row_offset": 2, "decimal": ","}


def test_bom_is_stripped_and_point_decimals(files):
    df = read_table(files["bom"])
    assert list(df.columns) == ["step", "minutes"]
    assert df["step"].tolist() == ["Ansøg", "Besøg"]
    assert df["minutes"].tolist() == [5.5, 30.0]


def test_tab_and_integer_columns(files):
    df = read_table(files["tab"])
    assert df["minutes"].dtype == "int64"
    assert df["minutes"].sum() == 3


def test_semicolon_file_with_point_decimals(files):
    df = read_table(files["semi_point"])
    assert df["a"].tolist() == [1.5, 2.25]


def test_bad_value_keeps_column_as_text_for_validation(tmp_path):
    p = tmp_path / "mixed.csv"
    p.write_text("x\n1\nabc\n3\n", encoding="utf-8")
    df = read_table(p)
    assert df["x"].tolist() == ["1", "abc", "3"]


def test_xlsx_and_json(tmp_path):
    df = pd.DataFrame({"step": ["a", "b"], "minutes": [1.5, 2.0]})
    x = tmp_path / "t.xlsx"
    df.to_excel(x, index=False)
    got = read_table(x)
    assert got["minutes"].tolist() == [1.5, 2.0]
    assert got.attrs["source"] == "t.xlsx"
    j = tmp_path / "t.json"
    j.write_text(json.dumps(df.to_dict(orient="records")), encoding="utf-8")
    assert read_table(j)["step"].tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("dup.csv", b"a,a\n1,2\n", "unique column names"),
        ("blank.csv", b"a,,c\n1,2,3\n", "non-blank column name"),
        ("header_only.csv", b"a,b\n", "at least one data row"),
        ("notes.docx", b"PK", "a .csv, .tsv, .xlsx or .json file"),
        ("broken.json", b"{not json", "valid JSON (Expecting property name"),
        ("broken.xlsx", b"this is not a zip", "renamed to .xlsx"),
    ],
)
def test_broken_files_give_one_clear_error(tmp_path, name, content, expected):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(DataError, match=name.replace(".", r"\.")) as err:
        read_table(p)
    assert expected in str(err.value)
    assert all(prob.file == name for prob in err.value.problems)


def test_duplicate_and_blank_headers_listed_together(tmp_path):
    p = tmp_path / "both.csv"
    p.write_text("a,a,,b\n1,2,3,4\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_table(p)
    assert len(err.value.problems) == 2
    assert err.value.table()["row"].tolist() == [1, 1]


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="not found"):
        read_table(tmp_path / "nope.csv")


def test_input_files_are_never_modified(files, tmp_path):
    x = tmp_path / "t.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(x, index=False)
    files["xlsx"] = x
    before = {k: _digest(p) for k, p in files.items()}
    for p in files.values():
        os.chmod(p, 0o444)  # a loader that tried to write would fail loudly
        read_table(p)
    after = {k: _digest(p) for k, p in files.items()}
    assert before == after
    assert sorted(q.name for q in tmp_path.iterdir()) == sorted(p.name for p in files.values())


def test_header_of_large_utf8_file_cut_inside_a_character(tmp_path) -> None:
    """The header is read from the first MAX_HEADER_BYTES only; a cut inside 'Æ' there
    must not turn the UTF-8 header into cp1252 mojibake ('vÃ¦rdi')."""
    n = io.MAX_HEADER_BYTES + 1
    head = ("kommune,værdi\n" + "x,1\n" * ((n - 100) // 4)).encode()
    fill = b"a" * (n - len(head) - 4)  # the next 'Æ' (2 bytes) starts at byte n - 1
    p = tmp_path / "big.csv"
    p.write_bytes(head + fill + b",1\n" + "Æ,1\n".encode() * 10)
    assert p.read_bytes()[n - 1 : n + 1] == "Æ".encode()
    fmt = io.check_text_table(p)
    assert fmt.encoding == "utf-8"
    assert fmt.header == ["kommune", "værdi"]


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("io", ["_to_number", "_looks_like_formula", "_NUM_COMMA", "_decode", "_infer_types"]),
        ("privacy", ["_check_k", "_phone_context", "_DASH", "_norm_name", "_Redactor"]),
    ],
)
def test_split_modules_keep_every_old_name(module, names):
    """io and privacy were split into private modules; old imports keep working."""
    import importlib

    mod = importlib.import_module(f"cocreate_kit.{module}")
    for name in [*mod.__all__, *names]:
        assert getattr(mod, name) is not None
    exec(f"from cocreate_kit.{module} import {names[0]}", {})  # from-import (PEP 562)
    with pytest.raises(AttributeError, match="no attribute '_nope'"):
        mod._nope  # noqa: B018
