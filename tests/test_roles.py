"""Column roles (core): the mapping format every pillar, the CLI and the apps share."""

import pytest
import yaml

from cocreate_kit import DataError
from cocreate_kit.roles import (
    ColumnRole,
    Roles,
    check_mapping,
    merge_mapping,
    parse_map_args,
    read_mapping,
    write_mapping,
)


def _roles():
    return Roles(
        [
            ColumnRole("Participant", "participant", reason="named like a person id"),
            ColumnRole("Version", "variant", reason="2 values", given=True),
            ColumnRole("Time (mm:ss)", "metric", detail="time", reason="durations mm:ss"),
            ColumnRole("Q3", "sus_item", detail="3", reason="matches SUS statement 3"),
            ColumnRole("Comments", "text", reason="free text, redacted"),
            ColumnRole("Role", "segment", reason="3 values"),
            ColumnRole("IPAddress", "dropped", reason="identifying metadata"),
            ColumnRole("Timestamp", "ignored", reason="not used"),
        ],
        source="sheet.csv",
        notes=["No id column: respondents are numbered by row."],
        pillar_roles=["participant", "variant", "metrics"],
    )


def test_summary_has_one_line_per_column_with_the_reason():
    text = _roles().summary()
    lines = text.splitlines()
    assert lines[0] == "sheet.csv: 8 columns."
    assert lines[1] == "No id column: respondents are numbered by row."
    assert "- `Version`: variant (2 values)" in lines
    assert "- `Time (mm:ss)`: time metric (durations mm:ss)" in lines
    assert "- `Q3`: SUS item 3 (matches SUS statement 3)" in lines
    assert "- `IPAddress`: dropped (identifying metadata)" in lines
    assert len(lines) == 2 + 8


def test_mapping_yaml_round_trip(tmp_path):
    r = _roles()
    expected = {
        "participant": "Participant",
        "variant": "Version",
        "metrics": {"Time (mm:ss)": "time"},
        "sus_items": {"Q3": 3},
        "text": ["Comments"],
        "segments": ["Role"],
        "dropped": ["IPAddress"],
        "ignore": ["Timestamp"],
    }
    assert r.mapping() == expected
    path = write_mapping(r, tmp_path / "map.yaml")
    assert yaml.safe_load(path.read_text("utf-8")) == expected
    assert read_mapping(path) == expected
    assert path.read_text("utf-8").startswith("# Column roles for cocreate-kit, inferred from")
    with pytest.raises(FileExistsError, match="nothing was overwritten"):
        write_mapping(r, path)


def test_roles_result_is_frozen_and_exports_json():
    r = _roles()
    with pytest.raises(AttributeError):
        r.source = "x"
    d = r.to_dict()
    assert d["type"] == "Roles" and d["table"][1]["role"] == "variant"
    assert d["table"][1]["given"] is True
    assert r.column("variant") == "Version" and r.columns("text") == ["Comments"]
    assert r.column("respondent") is None


def test_parse_map_args():
    got = parse_map_args(
        ["variant=Version", " participant = Participant ", "text=A", "text=B", "x=a=b"],
        ["Time (mm:ss)=time", "a=b=binary"],
    )
    assert got == {
        "variant": "Version",
        "participant": "Participant",
        "text": ["A", "B"],
        "x": "a=b",
        "metrics": {"Time (mm:ss)": "time", "a=b": "binary"},
    }


def test_parse_map_args_lists_every_bad_option():
    with pytest.raises(DataError) as e:
        parse_map_args(["variant", "=Version", "variant=A", "variant=B", "metrics=X"], ["nokind"])
    msg = str(e.value)
    for bad in ("'variant'", "'=Version'", "'variant=B'", "'metrics=X'", "'nokind'"):
        assert bad in msg
    assert "ROLE=COLUMN" in msg and "COLUMN=KIND" in msg


def test_check_mapping_names_unknown_roles_and_missing_columns():
    with pytest.raises(DataError) as e:
        check_mapping(
            {"variant": "Versoin", "colour": "x", "metrics": {"SUS": "sus", "Tme": "time"}},
            ["Version", "SUS", "Time"],
            roles=["variant", "metrics"],
            source="sheet.csv",
        )
    msg = str(e.value)
    assert "sheet.csv" in msg
    assert "'Versoin'" in msg and "'Tme'" in msg and "'colour'" in msg
    assert "'Version', 'SUS', 'Time'" in msg  # the columns the file has
    assert "variant, metrics" in msg  # the roles the pillar understands


def test_merge_mapping_later_wins():
    got = merge_mapping(
        {"variant": "A", "metrics": {"x": "binary", "y": "time"}, "text": ["c1"]},
        None,
        {"variant": "B", "metrics": {"y": "count"}, "text": ["c2"]},
    )
    assert got == {"variant": "B", "metrics": {"x": "binary", "y": "count"}, "text": ["c2"]}


def test_read_mapping_refuses_non_mappings(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(DataError, match="a mapping of role: column"):
        read_mapping(p)
    with pytest.raises(DataError, match="not found"):
        read_mapping(tmp_path / "missing.yaml")


def test_lines_show_multi_line_headers_on_one_line():
    long = "I think that I would like to use\n  this system frequently. " + "x" * 80
    r = Roles([ColumnRole(long, "sus_item", detail="1")])
    (line,) = r.lines()
    assert "\n" not in line and line.startswith("`I think that I would like to use this system")
    assert len(line.split("`")[1]) == 80 and line.split("`")[1].endswith("\u2026")
    assert r.mapping() == {"sus_items": {long: 1}}  # the mapping keeps the exact name
