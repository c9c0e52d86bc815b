"""Event logs as process miners have them: roles, XES, time zones, date formats, ties.

Every expected number here is worked out by hand in the comments (or with stdlib datetime
arithmetic), never by calling the code under test.
"""

import gzip
import re
from datetime import datetime, timedelta

import pandas as pd
import pytest

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path
from cocreate_kit.journey import (
    Journey,
    Stage,
    Step,
    _xes,
    check_file,
    event_log_metrics,
    infer_roles,
    load_project,
    read_xes,
    stage_funnel,
)

# Two cases across the 2021 daylight-saving changes in Denmark (CET +01:00 / CEST +02:00).
#   c1: register 2021-03-27 22:00+01 (21:00Z) -> review 2021-03-28 09:00+02 (07:00Z): 10 h
#       review -> decide 2021-03-28 10:30+02: 1.5 h
#   c2: register 2021-10-30 12:00+02 (10:00Z) -> review 2021-10-31 12:00+01 (11:00Z): 25 h
#       review -> decide 2021-10-31 12:30+01: 0.5 h
DST = [
    ("c1", "register", "2021-03-27T22:00:00+01:00"),
    ("c1", "review", "2021-03-28T09:00:00+02:00"),
    ("c1", "decide", "2021-03-28T10:30:00+02:00"),
    ("c2", "register", "2021-10-30T12:00:00+02:00"),
    ("c2", "review", "2021-10-31T12:00:00+01:00"),
    ("c2", "decide", "2021-10-31T12:30:00+01:00"),
]
HAND_GAPS = {"register": [10 * 3600, 25 * 3600], "review": [1.5 * 3600, 0.5 * 3600]}
XES_COLS = ["case:concept:name", "concept:name", "time:timestamp"]


def _xes_text(rows, lifecycle=None, extra_head=""):
    """An XES document (Fluxicon-style head) for rows (case, activity, time[, lifecycle])."""
    out = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        extra_head,
        '<log xes.version="1.0">',
        '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
        '  <global scope="event"><string key="concept:name" value="name"/></global>',
        '  <classifier name="Activity" keys="concept:name"/>',
        '  <string key="creator" value="test"/>',
    ]
    cases = dict.fromkeys(r[0] for r in rows)
    for c in cases:
        out.append(f'  <trace><string key="concept:name" value="{c}"/>')
        for r in rows:
            if r[0] != c:
                continue
            out.append("    <event>")
            out.append(f'      <string key="concept:name" value="{r[1]}"/>')
            out.append(f'      <date key="time:timestamp" value="{r[2]}"/>')
            if len(r) > 3:
                out.append(f'      <string key="lifecycle:transition" value="{r[3]}"/>')
            out.append('      <list key="tags"><string key="x" value="nested"/></list>')
            out.append("    </event>")
        out.append("  </trace>")
    out.append("</log>")
    return "\n".join(out)


def _gaps(m):
    return m.steps.set_index("activity")["median_to_next_s"].to_dict()


def test_dst_intervals_are_exact_in_csv_parquet_xes_and_dataframes(tmp_path):
    frame = pd.DataFrame(DST, columns=XES_COLS)
    csv = tmp_path / "dst.csv"
    frame.to_csv(csv, index=False)
    pq = tmp_path / "dst.parquet"
    frame.assign(
        **{"time:timestamp": pd.to_datetime(frame["time:timestamp"], utc=True)}
    ).to_parquet(pq)
    xes = tmp_path / "dst.xes"
    xes.write_text(_xes_text(DST), encoding="utf-8")
    local = frame.assign(
        **{
            "time:timestamp": pd.to_datetime(frame["time:timestamp"], utc=True).dt.tz_convert(
                "Europe/Copenhagen"
            )
        }
    )
    results = [event_log_metrics(s) for s in (csv, pq, xes, frame, local)]
    expected = {a: sum(g) / 2 for a, g in HAND_GAPS.items()}
    expected["decide"] = None
    for m in results:
        got = _gaps(m)
        assert got["register"] == expected["register"] == 63000.0
        assert got["review"] == expected["review"] == 3600.0
        assert pd.isna(got["decide"])
        pd.testing.assert_frame_equal(m.steps, results[0].steps)
        pd.testing.assert_frame_equal(m.variants, results[0].variants)
    # the roles say how the time stamps were read
    ts = results[0].roles.table.set_index("column").loc["time:timestamp"]
    assert ts["role"] == "timestamp" and "+01:00, +02:00" in ts["detail"]


def test_day_first_dates_decided_by_the_whole_column(tmp_path):
    # 03/04/2006 alone is ambiguous; 24-07-2006 in the same column makes it 3 April.
    f = tmp_path / "dmy.csv"
    f.write_text(
        "Case ID;Activity;Date\n"
        "1;start;03/04/2006 08:00\n1;end;24-07-2006 08:19\n"
        "2;start;04/04/2006\n2;end;05/04/2006 00:00\n",
        encoding="utf-8",
    )
    m = event_log_metrics(f)
    by_hand = [
        (datetime(2006, 7, 24, 8, 19) - datetime(2006, 4, 3, 8, 0)).total_seconds(),
        (datetime(2006, 4, 5) - datetime(2006, 4, 4)).total_seconds(),
    ]
    assert _gaps(m)["start"] == sum(by_hand) / 2
    assert "day-first" in m.roles.table.set_index("column").loc["Date", "detail"]
    # every value ambiguous: still day-first, and the description says so
    amb = tmp_path / "amb.csv"
    amb.write_text("case_id,activity,timestamp\n1,a,01/02/2006\n1,b,03/02/2006\n", "utf-8")
    m = event_log_metrics(amb)
    assert _gaps(m)["a"] == 2 * 86400  # 1 Feb -> 3 Feb, not 2 Jan -> 2 Mar
    assert "ambiguous" in m.roles.table.set_index("column").loc["timestamp", "detail"]


def test_month_first_and_contradicting_values(tmp_path):
    f = tmp_path / "mdy.csv"
    f.write_text("case_id,activity,timestamp\n1,a,07/24/2006\n1,b,07/25/2006\n", "utf-8")
    assert _gaps(event_log_metrics(f))["a"] == 86400
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "case_id,activity,timestamp\n1,a,24/07/2006\n1,b,07/25/2006\n1,c,2006-07-26\n", "utf-8"
    )
    with pytest.raises(DataError) as err:
        event_log_metrics(bad)
    probs = [(p.row, p.column, p.value) for p in err.value.problems]
    assert probs == [(3, "timestamp", "07/25/2006")]
    assert "day-first" in err.value.problems[0].expected


def test_excel_serial_dates():
    serial = pd.DataFrame(
        {
            "case_id": ["x", "x", "x"],
            "activity": ["a", "b", "c"],
            "timestamp": [38922.0, 38922.5, 38924.25],
        }
    )
    base = datetime(1899, 12, 30)
    t = [base + timedelta(days=d) for d in (38922.0, 38922.5, 38924.25)]
    m = event_log_metrics(serial)
    assert _gaps(m)["a"] == (t[1] - t[0]).total_seconds() == 43200
    assert _gaps(m)["b"] == (t[2] - t[1]).total_seconds()
    assert "Excel serial" in m.roles.table.set_index("column").loc["timestamp", "detail"]


# -- roles -------------------------------------------------------------------------------
DISCO = pd.DataFrame(
    {
        "Case ID": ["1", "1", "2"],
        "Activity": ["a", "b", "a"],
        "Resource": ["r1", "r2", "r1"],
        "Start Timestamp": ["2026-01-01 08:00", "2026-01-01 09:00", "2026-01-02 08:00"],
        "Complete Timestamp": ["2026-01-01 08:30", "2026-01-01 10:00", "2026-01-02 08:10"],
        "Variant": ["v1", "v1", "v2"],
    }
)


def test_disco_export_names_inferred_with_reasons():
    r = infer_roles(DISCO)
    roles = r.table.set_index("column")["role"].to_dict()
    assert roles == {
        "Case ID": "case",
        "Activity": "activity",
        "Resource": "resource",
        "Start Timestamp": "ignored",
        "Complete Timestamp": "timestamp",
        "Variant": "ignored",
    }
    assert "- `Case ID`: case (a usual name for the case)" in r.summary()
    assert r.mapping()["timestamp"] == "Complete Timestamp"
    # 08:30 -> 10:00 is 5,400 s: the complete time stamps were used
    assert _gaps(event_log_metrics(DISCO))["a"] == 5400.0


def test_columns_override_and_given_flag():
    m = event_log_metrics(DISCO, columns={"timestamp": "Start Timestamp"})
    assert _gaps(m)["a"] == 3600.0  # 08:00 -> 09:00
    row = m.roles.table.set_index("column").loc["Start Timestamp"]
    assert row["role"] == "timestamp" and bool(row["given"]) is True
    assert m.roles.table.set_index("column").loc["Complete Timestamp", "role"] == "ignored"


def test_no_case_column_says_which_option_to_add(tmp_path):
    f = tmp_path / "log.csv"
    f.write_text("Sagsgang,Hvad,Hvornaar\nA,x,2026-01-01\n", "utf-8")
    r = infer_roles(f)
    assert any("--map case=COLUMN" in n for n in r.notes)
    with pytest.raises(DataError) as err:
        check_file(f)
    text = str(err.value)
    for role in ("case", "activity", "timestamp"):
        assert f"--map {role}=COLUMN" in text and f"columns={{'{role}': 'COLUMN'}}" in text
    assert "'Sagsgang', 'Hvad', 'Hvornaar'" in text
    ok = check_file(f, columns={"case": "Sagsgang", "activity": "Hvad", "timestamp": "Hvornaar"})
    assert "- `Sagsgang`: case (set by you)" in ok


def test_unknown_role_and_missing_column_in_the_mapping():
    with pytest.raises(DataError) as err:
        event_log_metrics(DISCO, columns={"sag": "Case ID", "activity": "Nope"})
    cols = {(p.column, p.value) for p in err.value.problems}
    assert ("sag", "Case ID") in cols and ("activity", "Nope") in cols


# -- XES ---------------------------------------------------------------------------------
LIFECYCLE = [
    ("1", "apply", "2026-01-05T09:00:00+01:00", "start"),
    ("1", "apply", "2026-01-05T09:20:00+01:00", "complete"),
    ("1", "assess", "2026-01-05T10:00:00+01:00", "start"),
    ("1", "assess", "2026-01-05T11:20:00+01:00", "complete"),
    ("2", "apply", "2026-01-06T09:00:00+01:00", "complete"),
]


def test_xes_lifecycle_uses_complete_events_and_says_so(tmp_path):
    f = tmp_path / "life.xes"
    f.write_text(_xes_text(LIFECYCLE), encoding="utf-8")
    m = event_log_metrics(f)
    assert m.n_events == 3 and m.n_cases == 2  # the two start events are left out
    # case 1: apply complete 09:20 -> assess complete 11:20 is 7,200 s; case 2 has no next
    # event, so the median is over case 1 only.
    assert _gaps(m)["apply"] == 7200.0
    assert any(
        "only the 3 complete events are used (left out: 2 start)" in n for n in m.roles.notes
    )


def test_xes_gz_and_bytes_give_the_same(tmp_path):
    text = _xes_text(DST)
    plain = tmp_path / "log.xes"
    plain.write_text(text, encoding="utf-8")
    gz = tmp_path / "log.xes.gz"
    gz.write_bytes(gzip.compress(text.encode("utf-8")))
    a, b = event_log_metrics(plain), event_log_metrics(gz)
    pd.testing.assert_frame_equal(a.steps, b.steps)
    assert b.roles.notes[0].startswith(
        "gzip-compressed XES event log (IEEE 1849): 2 traces, 6 events"
    )
    df = read_xes(gzip.compress(text.encode("utf-8")))
    assert df.columns.tolist() == XES_COLS
    assert str(df["time:timestamp"].dtype) == "datetime64[us, UTC]" or "UTC" in str(
        df["time:timestamp"].dtype
    )
    assert df.loc[0, "time:timestamp"] == pd.Timestamp("2021-03-27 21:00", tz="UTC")
    pd.testing.assert_frame_equal(event_log_metrics(df).steps, a.steps)


def test_xes_doctype_and_entities_are_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<log><trace><string key="concept:name" value="&b;"/></trace></log>'
    )
    f = tmp_path / "bomb.xes"
    f.write_text(bomb, encoding="utf-8")
    with pytest.raises(DataError, match="DOCTYPE"):
        event_log_metrics(f)
    with pytest.raises(DataError, match="DOCTYPE"):
        read_xes(bomb.encode())


def test_xes_broken_and_capped(tmp_path, monkeypatch):
    broken = tmp_path / "broken.xes"
    broken.write_text("<log><trace><event></trace></log>", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 1, column \d+: mismatched tag"):
        event_log_metrics(broken)
    empty = tmp_path / "empty.xes"
    empty.write_text("<log></log>", encoding="utf-8")
    with pytest.raises(DataError, match="<trace> elements holding <event>"):
        event_log_metrics(empty)
    monkeypatch.setattr(_xes, "MAX_XES_GZ_RATIO", 2)
    monkeypatch.setattr(_xes, "_GZ_FREE", 0)
    gz = tmp_path / "big.xes.gz"
    gz.write_bytes(gzip.compress(_xes_text(DST * 50).encode()))
    with pytest.raises(DataError, match="gzip bomb"):
        event_log_metrics(gz)
    monkeypatch.setattr(_xes, "MAX_XES_DEPTH", 3)
    deep = tmp_path / "deep.xes"
    deep.write_text(_xes_text(DST), encoding="utf-8")
    with pytest.raises(DataError, match="nested at most 3"):
        read_xes(deep)


def test_check_file_names_the_xes_format_and_roles(tmp_path):
    f = tmp_path / "life.xes"
    f.write_text(_xes_text(LIFECYCLE), encoding="utf-8")
    text = check_file(f)
    lines = text.splitlines()
    assert lines[0] == "Found an event log (XES): 3 events in 2 cases, 2 activities."
    assert "XES event log (IEEE 1849): 2 traces, 5 events" in lines
    assert "- `case:concept:name`: case (XES standard attribute)" in lines
    assert any(
        ln.startswith("Lifecycle `lifecycle:transition`") and "2 start" in ln for ln in lines
    )
    assert "- `case:creator`: ignored" not in text  # log attributes are not event columns


# -- ties --------------------------------------------------------------------------------
# Day resolution, as the road-traffic fine log: the file lists events in the order they
# happened. Case F1: Create Fine (d1), Send Fine (d2), Insert Fine Notification (d2),
# Add penalty (d3). Case F2: Create Fine (d1), Send Fine (d5), Payment (d5).
TIES = pd.DataFrame(
    [
        ("F1", "Create Fine", "2006-07-24"),
        ("F1", "Send Fine", "2006-12-05"),
        ("F1", "Insert Fine Notification", "2006-12-05"),
        ("F1", "Add penalty", "2007-02-03"),
        ("F2", "Create Fine", "2006-07-24"),
        ("F2", "Send Fine", "2006-08-01"),
        ("F2", "Payment", "2006-08-01"),
    ],
    columns=["case_id", "activity", "timestamp"],
)


def test_tie_break_file_keeps_row_order_activity_sorts_by_name(tmp_path):
    by_file = {
        "Create Fine > Send Fine > Insert Fine Notification > Add penalty",
        "Create Fine > Send Fine > Payment",
    }
    by_name = {
        "Create Fine > Insert Fine Notification > Send Fine > Add penalty",
        "Create Fine > Payment > Send Fine",
    }
    csv = tmp_path / "ties.csv"
    TIES.to_csv(csv, index=False)
    pq = tmp_path / "ties.parquet"
    TIES.to_parquet(pq)
    xes = tmp_path / "ties.xes"
    xes.write_text(_xes_text(list(TIES.itertuples(index=False))), encoding="utf-8")
    for src in (TIES, csv, pq, xes):
        assert set(event_log_metrics(src, tie_break="file").variants["path"]) == by_file
        assert set(event_log_metrics(src).variants["path"]) == by_name
    # 4 of 7 events share their case's day with another event: warned, with the share
    m = event_log_metrics(TIES)
    assert m.tied_events == 4
    assert any("57% of events (4 of 7)" in w and "tie_break='file'" in w for w in m.warnings())
    # activity order does not depend on row order; file order does
    shuffled = TIES.iloc[::-1].reset_index(drop=True)
    assert set(event_log_metrics(shuffled).variants["path"]) == by_name


def test_stage_funnel_tie_break():
    j = Journey(
        "j",
        "t",
        "s",
        "as_is",
        stages=(Stage("s1", 1, "Fine"), Stage("s2", 2, "Paid")),
        steps=(
            Step("a", "s1", 1, "Fine", activity_keys=("Create Fine", "Send Fine")),
            Step("b", "s2", 1, "Pay", activity_keys=("Payment",)),
        ),
    )
    # by file order F2 ends in Payment (an end activity): no drop-off in s1.
    # by activity name F2 ends in Send Fine: a drop-off in s1.
    f = stage_funnel(TIES, j, end_activities=["Payment"], tie_break="file").set_index("stage")
    a = stage_funnel(TIES, j, end_activities=["Payment"]).set_index("stage")
    assert f.loc["s1", "drop_offs"] == 0 and a.loc["s1", "drop_offs"] == 1
    assert f.loc["s2", "cases"] == a.loc["s2", "cases"] == 1


def test_load_project_passes_columns_and_reads_xes(tmp_path):
    xes = tmp_path / "log.xes"
    xes.write_text(_xes_text(DST), encoding="utf-8")
    p = load_project(dataset_path("journey/home_care_as_is.json"), events=xes)
    assert isinstance(p.events, pd.DataFrame) and p.events.attrs["source"] == "log.xes"
    assert _gaps(p.event_log_metrics())["register"] == 63000.0
    renamed = pd.DataFrame(DST, columns=["Nr", "Hvad", "Hvornaar"])
    p = load_project(
        dataset_path("journey/home_care_as_is.json"),
        events=renamed,
        columns={"case": "Nr", "activity": "Hvad", "timestamp": "Hvornaar"},
    )
    assert _gaps(p.event_log_metrics())["review"] == 3600.0
    assert p.funnel().table["cases"].sum() == 0  # no activity is mapped to this journey


def test_inferred_mapping_round_trips_as_given_columns(tmp_path):
    from cocreate_kit.roles import read_mapping, write_mapping

    r = infer_roles(DISCO)
    path = write_mapping(r, tmp_path / "map.yaml")
    mapping = read_mapping(path)
    assert mapping == {
        "case": "Case ID",
        "activity": "Activity",
        "resource": "Resource",
        "ignore": ["Start Timestamp", "Variant"],
        "timestamp": "Complete Timestamp",
    }
    m = event_log_metrics(DISCO, columns=mapping)
    assert m.roles.table["given"].all()
    pd.testing.assert_frame_equal(m.steps, event_log_metrics(DISCO).steps)


def test_bad_xes_time_stamp_is_reported_as_written_with_the_event_number(tmp_path):
    rows = [DST[0], ("c1", "review", "yesterday"), DST[2]]
    f = tmp_path / "bad.xes"
    f.write_text(_xes_text(rows), encoding="utf-8")
    for src in (f, read_xes(f)):
        with pytest.raises(DataError) as err:
            event_log_metrics(src)
        assert [(p.row, p.column, p.value) for p in err.value.problems] == [
            (2, "time:timestamp", "yesterday")
        ]


def test_check_file_refuses_roles_for_a_journey_file():
    with pytest.raises(DataError, match="apply to event logs"):
        check_file(dataset_path("journey/home_care_as_is.json"), columns={"case": "x"})
    assert check_file(dataset_path("journey/home_care_as_is.json"), columns={}).startswith(
        "Found a journey (JSON)"
    )


def test_check_reads_a_workbook_without_journey_sheets_as_an_event_log(tmp_path):
    """An event log exported to Excel (one sheet of events) is checked as an event log; the
    bundled journey workbook is still checked as a journey."""
    from cocreate_kit import journey
    from cocreate_kit.datasets import dataset_path

    events = pd.read_csv(dataset_path("journey/home_care_events.csv"))
    book = tmp_path / "events.xlsx"
    events.to_excel(book, index=False, sheet_name="Events")
    text = journey.check_file(book)
    assert text.startswith("Found an event log"), text
    assert f"{len(events):,} events in {events['case_id'].nunique():,} cases" in text
    assert journey.check_file(dataset_path("journey/home_care_as_is.xlsx")).startswith(
        "Found a journey (workbook)"
    )


def test_missing_cells_of_typed_parquet_columns_are_named(tmp_path):
    """A Parquet log with typed columns (time stamps, integer case ids) reports its
    missing cells like a text log: one error naming each row and column (the typed columns
    are tested with IS NULL alone, text columns also for blanks)."""
    pq = tmp_path / "typed.parquet"
    pd.DataFrame(
        {
            "case_id": pd.array([1, 1, None, 2], dtype="Int64"),
            "activity": ["apply", " ", "decide", "apply"],
            "timestamp": pd.to_datetime(
                ["2026-01-01 09:00", "2026-01-01 10:00", "2026-01-02 09:00", None]
            ),
        }
    ).to_parquet(pq)
    with pytest.raises(DataError) as err:
        event_log_metrics(pq)
    text = str(err.value)
    assert "typed.parquet" in text
    for row, column in ((3, "case_id"), (2, "activity"), (4, "timestamp")):
        assert re.search(rf"row {row}\b[^\n]*column '{column}'", text), (row, column, text)
