"""Usability-test sheets as researchers keep them (issue 9, item 3): loaded and analysed in one
call, roles inferred and reported, overridable by ``columns=`` and the plan's ``columns:``.

Every number is checked against values computed here independently: seconds by splitting the
``mm:ss`` strings, proportions by counting "yes", geometric means and Welch tests with scipy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cocreate_kit import DataError
from cocreate_kit.experiment import Design, analyse, check_file, compare, infer_roles, read_plan

ROWS = [
    # Participant, Version, Completed, Time (mm:ss), SUS, Comments
    ("P01", "A", "yes", "04:31", "72,5", "Fin, men knappen var svær at finde"),
    ("P02", "A", "no", "06:10", "55", "Ring til mig på 20 30 40 50"),
    ("P03", "A", "yes", "03:58", "80", ""),
    ("P04", "A", "Yes", "05:12", "67,5", "Mit CPR er 010190-1234"),
    ("P05", "A", "no", "07:03", "47,5", "Gav op ved trin 3"),
    ("P06", "B", "yes", "02:45", "85", "Meget nemmere"),
    ("P07", "B", "yes", "03:05", "90", "skriv til anna.jensen@example.dk"),
    ("P08", "B", "no", "04:40", "62,5", "Forvirrende menu"),
    ("P09", "B", "yes", "02:58", "87,5", "Godt"),
    ("P10", "B", "YES", "03:21", "77,5", "Hurtigt"),
]
HEADER = "Participant;Version;Completed;Time (mm:ss);SUS;Comments"


def write_sheet(path, rows=ROWS, header=HEADER, sep=";"):
    lines = [header] + [sep.join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def sheet(tmp_path):
    return write_sheet(tmp_path / "usability.csv")


def _seconds(text):
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def _by_version(version, column):
    i = HEADER.split(";").index(column)
    return [r[i] for r in ROWS if r[1] == version]


def test_the_sheet_analyses_in_one_call_with_no_mapping(sheet):
    rep = analyse(sheet)
    assert list(rep.results) == ["Completed", "Time (mm:ss)", "SUS"]
    assert rep.design.variant == "Version" and rep.design.participant == "Participant"
    # binary: proportions of "yes" counted by hand
    done = rep.results["Completed"]
    for v in ("A", "B"):
        said = _by_version(v, "Completed")
        want = sum(w.lower() == "yes" for w in said) / len(said)
        got = done.arms.set_index("variant").loc[v, "estimate"]
        assert got == pytest.approx(want)
    assert done.arms.set_index("variant")["n"].to_dict() == {"A": 5, "B": 5}
    # time: geometric means of seconds split from the strings; Welch t on the logs
    t = rep.results["Time (mm:ss)"]
    secs = {v: np.array([_seconds(x) for x in _by_version(v, "Time (mm:ss)")]) for v in "AB"}
    for v in "AB":
        got = t.arms.set_index("variant").loc[v, "estimate"]
        assert got == pytest.approx(stats.gmean(secs[v]))
    ratio = stats.gmean(secs["B"]) / stats.gmean(secs["A"])
    assert t.table.loc[0, "effect"] == pytest.approx(ratio)  # shown as a ratio
    welch = stats.ttest_ind(np.log(secs["B"]), np.log(secs["A"]), equal_var=False)
    assert t.table.loc[0, "p_value"] == pytest.approx(welch.pvalue)
    # sus: decimal commas, mean per version and Welch t
    s = rep.results["SUS"]
    sus = {v: np.array([float(x.replace(",", ".")) for x in _by_version(v, "SUS")]) for v in "AB"}
    assert s.kind == "sus"
    for v in "AB":
        assert s.arms.set_index("variant").loc[v, "estimate"] == pytest.approx(sus[v].mean())
    assert s.table.loc[0, "effect"] == pytest.approx(sus["B"].mean() - sus["A"].mean())
    welch = stats.ttest_ind(sus["B"], sus["A"], equal_var=False)
    assert s.table.loc[0, "p_value"] == pytest.approx(welch.pvalue)
    # the same numbers from the DataFrame with the kit's own reader and from a comma file
    commas = write_sheet(
        sheet.parent / "commas.csv",
        rows=[tuple(f'"{c}"' for c in r) for r in ROWS],
        header=HEADER.replace(";", ","),
        sep=",",
    )
    rep2 = analyse(commas)
    for m in rep.results:
        pd.testing.assert_frame_equal(rep.results[m].arms, rep2.results[m].arms)


def test_free_text_is_redacted_before_it_is_shown_and_never_analysed(sheet):
    rep = analyse(sheet)
    assert "Comments" not in rep.results
    shown = rep.to_json() + rep.comments.to_string() + rep.summary()
    for secret in ("010190-1234", "anna.jensen@example.dk", "20 30 40 50"):
        assert secret not in shown
    comments = rep.comments.set_index("comment")
    assert comments.loc["Mit CPR er [CPR]", "variant"] == "A"
    assert "skriv til [EMAIL]" in comments.index
    assert len(rep.comments) == 9  # one empty comment left out
    assert (rep.comments["column"] == "Comments").all()


def test_roles_are_reported_with_reasons(sheet):
    roles = infer_roles(sheet)
    assert roles.lines() == [
        "`Participant`: participant (named like a participant id)",
        "`Version`: variant (2 values)",
        "`Completed`: binary metric (yes/no)",
        "`Time (mm:ss)`: time metric (durations mm:ss)",
        "`SUS`: sus metric (scores 0-100)",
        "`Comments`: free text (redacted; not analysed)",
    ]
    assert roles.mapping() == {
        "participant": "Participant",
        "variant": "Version",
        "metrics": {"Completed": "binary", "Time (mm:ss)": "time", "SUS": "sus"},
        "text": ["Comments"],
    }
    out = check_file(sheet)
    assert out.splitlines()[1].startswith("Format: CSV (';'-separated, decimal comma, utf-8)")
    assert "- `Version`: variant (2 values)" in out and "Variants: A (5 rows), B (5 rows)." in out
    assert "Free text (Comments) is redacted" in out


def test_columns_override_a_wrong_guess(tmp_path):
    # "Site" is where the session took place, "Cond" the version tried, coded 1/2: the only
    # text column with few values (Site) is guessed; columns= corrects it, and the kind of
    # the rating too.
    data = [("Aarhus", 1, 2, 40), ("Odense", 2, 4, 30), ("Aarhus", 2, 5, 28),
            ("Odense", 1, 3, 45), ("Aarhus", 1, 2, 50), ("Odense", 2, 5, 25),
            ("Aarhus", 2, 4, 31), ("Odense", 1, 1, 60)]  # fmt: skip
    rows = [(f"P{i:02d}", *map(str, r)) for i, r in enumerate(data, start=1)]
    path = write_sheet(tmp_path / "s.csv", rows, "Participant;Site;Cond;Rating;Seconds")
    guessed = infer_roles(path)
    assert guessed.column("variant") == "Site"
    assert guessed.mapping()["metrics"]["Cond"] == "likert"
    mapping = {"variant": "Cond", "metrics": {"Rating": "continuous"}}
    roles = infer_roles(path, columns=mapping)
    assert roles.column("variant") == "Cond"
    assert roles.mapping()["metrics"] == {"Rating": "continuous", "Seconds": "time"}
    assert "`Site`: ignored (text with 2 values; variant is another column)" in roles.lines()
    assert "`Cond`: variant (2 values; set by you)" in roles.lines()
    rep = analyse(path, columns=mapping)
    assert list(rep.results) == ["Rating"] and rep.design.variant == "Cond"
    ratings = {"1": [2, 3, 2, 1], "2": [4, 5, 5, 4]}
    arms = rep.results["Rating"].arms.set_index("variant")["estimate"]
    for v, r in ratings.items():
        assert arms[v] == pytest.approx(np.mean(r))
    # the same mapping through compare, the Design and check_file
    frame = pd.read_csv(path, sep=";")
    c = compare(frame, metric="Rating", kind="continuous", columns=mapping)
    assert c.design.variant == "Cond"
    d = Design(columns=mapping)
    assert d.variant == "Cond" and d.columns["metrics"] == {"Rating": "continuous"}
    c2 = compare(frame, metric="Rating", kind="continuous", design=d)
    pd.testing.assert_frame_equal(c.table, c2.table)
    assert "- `Cond`: variant" in check_file(path, columns=mapping)


def test_a_variant_column_is_preferred_to_a_group_column(tmp_path):
    rows = [("x", "A", "1"), ("y", "B", "0"), ("x", "B", "1"), ("y", "A", "1")]
    path = write_sheet(tmp_path / "g.csv", rows, "Group;Prototype version;Completed")
    roles = infer_roles(path)
    assert roles.column("variant") == "Prototype version"
    assert "`Group`: ignored (2 values; not chosen as the variant)" in roles.lines()


def test_the_plans_columns_entry(sheet):
    plan = {
        "hypothesis": "B is faster.",
        "primary_metric": "Time (mm:ss)",
        "metrics": {"Time (mm:ss)": "time"},
        "columns": {
            "variant": "Version",
            "participant": "Participant",
            "metrics": {"Completed": "binary"},
            "text": ["Comments"],
        },
    }
    p = read_plan(plan)
    assert p.variant_column == "Version" and p.participant_column == "Participant"
    assert p.metrics == {"Completed": "binary", "Time (mm:ss)": "time"}
    rep = analyse(sheet, plan=plan)
    assert rep.primary == "Time (mm:ss)" and set(rep.results) == {"Completed", "Time (mm:ss)"}
    assert len(rep.comments) == 9
    roles = infer_roles(sheet, plan=plan)
    assert "`SUS`: ignored (sus values; not in the analysis plan)" in roles.lines()
    assert "`Version`: variant (2 values; named in the analysis plan)" in roles.lines()
    # the old entries keep working and mean the same
    old = {k: v for k, v in plan.items() if k != "columns"}
    old |= {"variant_column": "Version", "participant_column": "Participant"}
    assert read_plan(old).variant_column == "Version"
    # validated like the other entries, every problem at once
    bad = {
        **plan,
        "variant_column": "Other",
        "columns": {"variant": "Version", "colour": "x", "metrics": {"SUS": "score"}},
    }
    with pytest.raises(DataError) as exc:
        read_plan(bad)
    cols = {p.column for p in exc.value.problems}
    assert {"variant_column", "columns.colour", "columns.metrics.SUS"} <= cols


def test_every_bad_cell_is_listed_in_one_error(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][3] = "4:3l"  # file row 3
    rows[3][3] = "soon"  # file row 5
    rows[6][2] = "maybe"  # file row 8
    rows[8][4] = "n/a"  # file row 10
    path = write_sheet(tmp_path / "bad.csv", [tuple(r) for r in rows])
    with pytest.raises(DataError) as exc:
        check_file(path)
    text = str(exc.value)
    assert "row 3, column 'Time (mm:ss)': value '4:3l'" in text
    assert "row 5, column 'Time (mm:ss)': value 'soon'" in text
    assert "a duration like 04:31, 1:02:03, 4 min 31 s or PT4M31S" in text
    assert "row 8, column 'Completed': value 'maybe'" in text
    assert "yes/no, ja/nej" in text
    assert "row 10, column 'SUS': value 'n/a'" in text
    assert len(exc.value.problems) == 4
    with pytest.raises(DataError) as exc2:
        analyse(path)
    assert "row 3, column 'Time (mm:ss)'" in str(exc2.value)


def test_a_danish_sheet_with_other_duration_formats(tmp_path):
    rows = [
        ("D1", "gammel", "ja", "4 min. 31 sek.", "Svær"),
        ("D2", "gammel", "nej", "PT6M10S", "Langsom side"),
        ("D3", "gammel", "gennemført", "1:02:03", "Ok"),
        ("D4", "ny", "ikke gennemført", "245,5", "Nem"),
        ("D5", "ny", "Ja", "3 min 5 sek", "Fin"),
        ("D6", "ny", "ja", "PT2M58S", "Hurtig"),
    ]
    path = write_sheet(tmp_path / "dk.csv", rows, "Deltager;Gruppe;Gennemført;Tid;Kommentar")
    roles = infer_roles(path)
    assert roles.column("participant") == "Deltager" and roles.column("variant") == "Gruppe"
    assert roles.mapping()["metrics"] == {"Gennemført": "binary", "Tid": "time"}
    assert roles.columns("text") == ["Kommentar"]
    rep = analyse(path, columns={"ignore": []})
    secs = {"gammel": [4 * 60 + 31, 6 * 60 + 10, 3600 + 2 * 60 + 3], "ny": [245.5, 185, 178]}
    arms = rep.results["Tid"].arms.set_index("variant")["estimate"]
    for v, s in secs.items():
        assert arms[v] == pytest.approx(stats.gmean(s))
    done = rep.results["Gennemført"].arms.set_index("variant")["estimate"]
    assert done["gammel"] == pytest.approx(2 / 3) and done["ny"] == pytest.approx(2 / 3)


def test_a_questionnaire_without_variant_says_which_option_to_add(tmp_path):
    header = ";".join(
        ["evaluator", "What is your age?", "How long have you used a computer?"]
        + [f"I thought statement {i} applied to the system." for i in range(1, 5)]
    )
    rows = [
        (str(i), age, years, *map(str, ans))
        for i, (age, years, ans) in enumerate(
            [
                ("18-25", "> 5", (5, 1, 4, 2)),
                ("26-35", "3-5", (4, 2, 4, 1)),
                ("18-25", "> 5", (3, 2, 5, 1)),
                ("36-45", "1-2", (4, 1, 3, 2)),
                ("18-25", "> 5", (2, 3, 4, 2)),
                ("26-35", "3-5", (5, 1, 5, 1)),
            ],
            start=1,
        )
    ]
    path = write_sheet(tmp_path / "q.csv", rows, header)
    with pytest.raises(DataError) as exc:
        check_file(path)
    text = str(exc.value)
    assert "--map variant=COLUMN" in text and "columns={'variant': 'COLUMN'}" in text
    assert "text columns with few values: 'What is your age?', 'How long have you used a " in text
    roles = infer_roles(path)
    assert roles.column("participant") == "evaluator" and roles.column("variant") is None
    assert any("No variant column found" in n for n in roles.notes)


def test_an_excel_sheet_with_mm_ss_typed_into_time_cells(tmp_path):
    """Excel stores "04:31" typed into a cell as 4 h 31 min; the column of zero-second times
    is read as minutes:seconds, as typed and shown. Times with seconds stay h:mm:ss."""
    import datetime as dt

    import openpyxl

    typed = {"A": ["04:31", "06:10", "05:02"], "B": ["02:45", "03:05", "04:40"]}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Participant", "Version", "Completed", "Time (mm:ss)", "Long task"])
    i = 0
    for v, times in typed.items():
        for t in times:
            i += 1
            h, m = map(int, t.split(":"))
            ws.append([f"P{i:02d}", v, "ja", dt.time(h, m), dt.time(0, 10 + i, 30)])
    path = tmp_path / "sheet.xlsx"
    wb.save(path)
    roles = infer_roles(path)
    assert "`Time (mm:ss)`: time metric (durations mm:ss; workbook times" in roles.lines()[3]
    rep = analyse(path, columns={"metrics": {"Time (mm:ss)": "time", "Long task": "time"}})
    arms = rep.results["Time (mm:ss)"].arms.set_index("variant")["estimate"]
    for v, times in typed.items():
        assert arms[v] == pytest.approx(stats.gmean([_seconds(t) for t in times]))
    long = rep.results["Long task"].arms.set_index("variant")["estimate"]
    assert long["A"] == pytest.approx(stats.gmean([(10 + i) * 60 + 30 for i in (1, 2, 3)]))


def test_command_line_mapping_and_mapping_errors(sheet, tmp_path):
    from cocreate_kit.roles import parse_map_args

    cols = parse_map_args(
        ["variant=Version", "participant=Participant", "text=Comments"],
        ["Time (mm:ss)=time", "SUS=sus"],
    )
    out = check_file(sheet, columns=cols)
    assert "- `Time (mm:ss)`: time metric (set by you)" in out
    assert "- `Version`: variant (2 values; set by you)" in out
    roles = infer_roles(sheet, columns=cols)
    assert roles.mapping()["metrics"] == {
        "Completed": "binary",
        "Time (mm:ss)": "time",
        "SUS": "sus",
    }
    with pytest.raises(DataError) as exc:
        infer_roles(sheet, columns={"variant": "Versoin", "segments": ["Version"]})
    text = str(exc.value)
    assert "'Versoin'" in text and "a column of the file: 'Participant'" in text
    assert "a role: participant, variant, metrics, text, ignore" in text
    with pytest.raises(DataError, match="a kind: binary, time"):
        infer_roles(sheet, columns={"metrics": {"SUS": "score"}})


def test_without_a_participant_column_rows_are_participants(tmp_path):
    rows = [
        (v, d, t)
        for v, d, t in (
            ("A", "ja", "04:31"),
            ("A", "nej", "05:10"),
            ("B", "ja", "03:02"),
            ("B", "ja", "02:50"),
        )
    ]
    path = write_sheet(tmp_path / "np.csv", rows, "Version;Completed;Time")
    roles = infer_roles(path)
    assert roles.column("participant") is None
    assert any("numbered by row" in n for n in roles.notes)
    assert "numbered by row" in check_file(path)
    rep = analyse(path)
    got = rep.results["Time"].arms.set_index("variant")["estimate"]
    assert got["B"] == pytest.approx(stats.gmean([182, 170]))
