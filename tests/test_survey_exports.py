"""Survey-tool exports (issue 9): each tool's shape, written here, loads to the right n,
roles and numbers. Every expected number is computed in the test itself from the answers
written (Brooke's SUS formula and the NPS definition written out), not by the kit."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

from cocreate_kit import DataError, feedback
from cocreate_kit.roles import parse_map_args

SUS_EN = [
    "I think that I would like to use this system frequently.",
    "I found the system unnecessarily complex.",
    "I thought the system was easy to use.",
    "I think that I would need the support of a technical person to be able to use this system.",
    "I found the various functions in this system were well integrated.",
    "I thought there was too much inconsistency in this system.",
    "I would imagine that most people would learn to use this system very quickly.",
    "I found the system very cumbersome to use.",
    "I felt very confident using the system.",
    "I needed to learn a lot of things before I could get going with this system.",
]
SUS_DA = [
    "Jeg tror, at jeg gerne vil bruge dette system ofte.",
    "Jeg fandt systemet unødvendigt komplekst.",
    "Jeg syntes, systemet var let at bruge.",
    "Jeg tror, at jeg ville få brug for hjælp fra en teknisk person for at kunne bruge "
    "dette system.",
    "Jeg fandt, at de forskellige funktioner i systemet var godt integreret.",
    "Jeg syntes, der var for meget inkonsistens i systemet.",
    "Jeg forestiller mig, at de fleste mennesker meget hurtigt vil lære at bruge dette system.",
    "Jeg fandt systemet meget besværligt at bruge.",
    "Jeg følte mig meget sikker ved at bruge systemet.",
    "Jeg havde brug for at lære mange ting, før jeg kunne komme i gang med systemet.",
]
QUALTRICS_5 = [
    "Strongly disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Strongly agree",
]
DANISH_5 = ["Helt uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Helt enig"]

# Answers 1-5 of four respondents to SUS items 1-10 (chosen to give different scores).
ANSWERS = [
    [5, 1, 5, 1, 5, 1, 5, 1, 5, 1],
    [4, 2, 4, 2, 3, 3, 4, 2, 4, 2],
    [2, 4, 3, 4, 2, 5, 3, 4, 1, 5],
    [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    [5, 2, 4, 1, 4, 2, 5, 1, 4, 2],
]


def brooke(answers: list[int]) -> float:
    """SUS by hand: odd items x - 1, even items 5 - x, sum times 2.5 (Brooke 1996)."""
    total = 0
    for i, x in enumerate(answers, start=1):
        total += (x - 1) if i % 2 == 1 else (5 - x)
    return total * 2.5


EXPECTED_SUS = [brooke(a) for a in ANSWERS]


def write_csv(path, rows, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path, sheets):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def scores(survey):
    return feedback.sus_scores(survey.data, survey.sus).tolist()


# --------------------------------------------------------------------------------------
# Qualtrics: 3 header rows, metadata, choice text
# --------------------------------------------------------------------------------------

QUALTRICS_META = [
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalReference",
    "LocationLatitude",
    "LocationLongitude",
    "DistributionChannel",
    "UserLanguage",
]


def qualtrics_rows(answers=ANSWERS, labels=True):
    sus_cols = [f"Q1_{k}" for k in range(1, 11)]
    names = [*QUALTRICS_META, *sus_cols, "Q2", "Q3"]
    text = [
        *QUALTRICS_META,
        *[f"Please rate your agreement - {s}" for s in SUS_EN],
        "How likely are you to recommend this service to a friend or colleague?",
        "Anything else you want to tell us?",
    ]
    imports = [json.dumps({"ImportId": n}) for n in names]
    rows = [names, text, imports]
    for i, a in enumerate(answers):
        meta = [
            "2026-11-02 09:00:00",
            "2026-11-02 09:04:00",
            "0",
            f"192.0.2.{i + 10}",
            "100",
            "240",
            "1",
            "2026-11-02 09:04:00",
            f"R_{i:04d}abc",
            "Jensen",
            "Mette",
            f"mette{i}@example.dk",
            f"EXT{i}",
            "55.6761",
            "12.5683",
            "anonymous",
            "EN",
        ]
        sus = [QUALTRICS_5[x - 1] for x in a] if labels else [str(x) for x in a]
        rows.append([*meta, *sus, str([10, 9, 6, 3, 8][i]), f"Respondent {i} wrote this."])
    return rows


def test_qualtrics_csv_three_header_rows(tmp_path):
    p = write_csv(tmp_path / "qualtrics.csv", qualtrics_rows())
    s = feedback.load_survey(p)
    assert s.n == len(ANSWERS)  # the 2nd and 3rd header rows are not respondents
    assert s.ids.tolist() == [f"R_{i:04d}abc" for i in range(len(ANSWERS))]
    assert s.roles.notes[0] == "Qualtrics export (3 header rows)."
    dropped = [
        "IPAddress",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "LocationLatitude",
        "LocationLongitude",
    ]
    assert s.roles.notes[1] == "Dropped identifying columns on load: " + ", ".join(dropped) + "."
    assert s.roles.columns("dropped") == dropped
    flat = s.data.astype(str).to_csv()
    for value in ("192.0.2.10", "mette0@example.dk", "55.6761", "Jensen", "EXT0"):
        assert value not in flat
    # SUS found by the statement text in the 2nd header row, answers as Qualtrics labels
    assert s.sus == [f"Q1_{k}" for k in range(1, 11)]
    assert scores(s) == EXPECTED_SUS
    assert s.nps == "Q2"
    promoters, detractors = 2, 2  # 10, 9 | 6, 3 (8 is passive)
    assert feedback.nps(s.data["Q2"]).value == pytest.approx(
        100 * (promoters - detractors) / len(ANSWERS)
    )
    assert s.text == ["Q3"]
    # the question text labels the items in charts
    assert "StartDate" in s.roles.columns("ignored")


def test_qualtrics_xlsx_numeric_values(tmp_path):
    p = write_xlsx(tmp_path / "qualtrics.xlsx", {"Sheet0": qualtrics_rows(labels=False)})
    s = feedback.load_survey(p)
    assert s.n == len(ANSWERS)
    assert s.roles.notes[0] == "Qualtrics export (3 header rows)."
    assert scores(s) == EXPECTED_SUS
    assert "IPAddress" not in s.data.columns


def test_check_file_prints_tool_notes_and_one_line_per_column(tmp_path):
    p = write_csv(tmp_path / "qualtrics.csv", qualtrics_rows())
    text = feedback.check_file(p)
    lines = text.splitlines()
    assert lines[0] == "qualtrics.csv: 29 columns."
    assert lines[1] == "Qualtrics export (3 header rows)."
    assert "- `IPAddress`: dropped (identifying: IP address; removed on load)" in lines
    assert "- `Q1_3`: SUS item 3 (matches SUS statement 3, English)" in lines
    assert sum(ln.startswith("- `") for ln in lines) == 29
    assert f"{len(ANSWERS)} respondents (id column 'ResponseId')." in lines


# --------------------------------------------------------------------------------------
# Google Forms: Timestamp, question text headers, no id
# --------------------------------------------------------------------------------------


def google_rows():
    # Headers as Google Forms writes them: full text, line breaks, stray spaces, "website".
    heads = [
        s.replace("this system", "this website").replace("the system", "the website")
        for s in SUS_EN
    ]
    heads[1] = " " + heads[1] + "   \nFor example: too many steps"
    heads[8] = heads[8].upper()
    rows = [
        [
            "Timestamp",
            "Email Address",
            "How old are you?",
            *heads,
            "How likely is it that you would recommend the website to a friend?",
            "What should we change?",
        ]
    ]
    stamps = ["02/11/2026 09:00:01", "02/11/2026 09:00:01", "02/11/2026 09:10:00"]
    stamps += [f"02/11/2026 10:{i:02d}:00" for i in range(len(ANSWERS) - 3)]
    for i, a in enumerate(ANSWERS):
        rows.append(
            [
                stamps[i],
                f"person{i}@example.org",
                ["18-29", "30-49", "18-29", "30-49", "50+"][i],
                *map(str, a),
                "9",
                f"Call me on 2{i}345678, the form timed out twice.",
            ]
        )
    return rows


def test_google_forms_no_id_numbered_rows_and_sus_by_english_text(tmp_path):
    p = write_csv(tmp_path / "forms.csv", google_rows())
    s = feedback.load_survey(p)
    assert s.roles.notes[0] == "Google Forms export."
    assert s.n == len(ANSWERS)
    assert s.respondent == "respondent"
    assert s.ids.tolist() == list(range(1, len(ANSWERS) + 1))
    note = next(n for n in s.roles.notes if n.startswith("No id column"))
    assert "respondents are numbered by row" in note
    assert "2 answers share their second" in note  # why the timestamp is not an id
    assert s.roles.column("ignored") == "Timestamp"
    assert s.roles.columns("dropped") == ["Email Address"]
    assert len(s.sus) == 10
    assert scores(s) == EXPECTED_SUS
    assert s.nps is not None
    # the comments are free text, redacted on load
    assert s.text == ["What should we change?"]
    assert not s.data[s.text[0]].str.contains("2034567").any()


def test_sus_in_an_unknown_language_names_the_mapping_to_add(tmp_path):
    heads = [f"Pernyataan nomor {k}:\nsaya merasa ..." for k in range(1, 11)]
    rows = [["Timestamp", *heads]]
    rows += [[f"02/11/2026 09:0{i}:00", *map(str, a)] for i, a in enumerate(ANSWERS)]
    p = write_csv(tmp_path / "id.csv", rows)
    roles = feedback.infer_roles(p)
    hint = next(n for n in roles.notes if "sus_items" in n)
    first = "Pernyataan nomor 1: saya merasa ..."
    assert f'columns={{"sus_items": "{first}"}}' in hint
    assert f'--map "sus_items={first}"' in hint
    assert feedback.load_survey(p).sus == []
    # the option named in the note works, in the API and from the command line
    s = feedback.load_survey(p, columns={"sus_items": first})
    assert scores(s) == EXPECTED_SUS
    mapped = parse_map_args([f"sus_items={first}"])
    assert scores(feedback.load_survey(p, columns=mapped)) == EXPECTED_SUS
    text = feedback.check_file(p, columns=mapped)
    assert "- `Pernyataan nomor 10: saya merasa ...`: SUS item 10" in text


# --------------------------------------------------------------------------------------
# Microsoft Forms xlsx, Danish statements and labels
# --------------------------------------------------------------------------------------


def test_microsoft_forms_xlsx_danish_statements_and_labels(tmp_path):
    heads = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        *SUS_DA,
        "Det var let at finde formularen",
    ]
    rows = [heads]
    extra = ["Enig", "Ved ikke", "Helt enig", "ved ikke", "Uenig"]
    for i, a in enumerate(ANSWERS):
        rows.append(
            [
                i + 1,
                "11/2/26 9:00:00",
                "11/2/26 9:05:00",
                f"bruger{i}@kommune.dk",
                f"Bruger {i}",
                *[DANISH_5[x - 1] for x in a],
                extra[i],
            ]
        )
    p = write_xlsx(tmp_path / "ms.xlsx", {"Sheet1": rows})
    s = feedback.load_survey(p)
    assert s.roles.notes[0] == "Microsoft Forms export."
    assert s.respondent == "ID"
    assert s.roles.columns("dropped") == ["Email", "Name"]
    assert "Start time" in s.roles.columns("ignored")
    assert s.roles.table.set_index("column").loc[SUS_DA[7], "reason"] == (
        "matches SUS statement 8, Danish"
    )
    assert scores(s) == EXPECTED_SUS
    # "Ved ikke" is no answer; the other labels are the Danish 5-point agreement set
    item = s.likert[0]
    got = s.data[item].tolist()
    assert got[0] == 4 and got[2] == 5 and got[4] == 2
    assert np.isnan(got[1]) and np.isnan(got[3])


# --------------------------------------------------------------------------------------
# SurveyXact (xlsx with Dataset + Variables sheets, and the dataset alone as CSV)
# --------------------------------------------------------------------------------------


def surveyxact_dataset():
    head = [
        "respondentid",
        "statoverall_1",
        "statoverall_4",
        "email",
        "name",
        "bgvar_area",
        *[f"s_{k}" for k in range(1, 11)],
        "s_11",
    ]
    nps_answers = [10, 9, 7, 2, 5]
    rows = [head]
    for i, a in enumerate(ANSWERS):
        rows.append(
            [
                1000 + i,
                1,
                1,
                f"borger{i}@example.dk",
                f"Borger {i}",
                ["Nord", "Syd", "Nord", "Syd", "Nord"][i],
                *a,
                nps_answers[i],
            ]
        )
    return rows, nps_answers


def test_surveyxact_xlsx_with_variables_sheet(tmp_path):
    rows, nps_answers = surveyxact_dataset()
    variables = [["Variable", "Text"]]
    variables += [[f"s_{k}", SUS_DA[k - 1]] for k in range(1, 11)]
    variables += [["s_11", "Hvor sandsynligt er det, at du vil anbefale borger.dk til andre?"]]
    p = write_xlsx(tmp_path / "sx.xlsx", {"Dataset": rows, "Variables": variables})
    s = feedback.load_survey(p)
    assert s.roles.notes[0].startswith("SurveyXact export")
    assert s.n == len(ANSWERS) and s.respondent == "respondentid"
    assert s.roles.columns("dropped") == ["email", "name"]
    assert {"statoverall_1", "statoverall_4"} <= set(s.roles.columns("ignored"))
    assert s.sus == [f"s_{k}" for k in range(1, 11)]
    assert scores(s) == EXPECTED_SUS
    assert s.nps == "s_11"
    prom = sum(x >= 9 for x in nps_answers)
    detr = sum(x <= 6 for x in nps_answers)
    assert feedback.nps(s.data["s_11"]).value == pytest.approx(
        100 * (prom - detr) / len(nps_answers)
    )
    assert s.segments == ["bgvar_area"]


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8"), ("\t", "utf-16")])
def test_surveyxact_csv_dataset_alone_needs_a_mapping(tmp_path, delimiter, encoding):
    # SurveyXact's CSV export is tab-separated UTF-16 (with a BOM); Excel users re-save ";".
    rows, _ = surveyxact_dataset()
    p = tmp_path / "dataset.csv"
    text = "\r\n".join(delimiter.join(map(str, r)) for r in rows) + "\r\n"
    p.write_bytes(text.encode(encoding))
    roles = feedback.infer_roles(p)
    assert roles.notes[0] == "SurveyXact export."
    assert any('columns={"sus_items": "s_1"}' in n for n in roles.notes)
    s = feedback.load_survey(p, columns={"sus_items": "s_1", "nps": "s_11"})
    assert scores(s) == EXPECTED_SUS


# --------------------------------------------------------------------------------------
# LimeSurvey
# --------------------------------------------------------------------------------------


def test_limesurvey_csv(tmp_path):
    head = [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "ipaddr",
        "refurl",
        *[f"SUS[SQ{k:03d}]" for k in range(1, 11)],
        "comment",
    ]
    rows = [head]
    for i, a in enumerate(ANSWERS):
        rows.append(
            [
                i + 7,
                "2026-11-02 10:00:00",
                3,
                "da",
                12345 + i,
                f"198.51.100.{i}",
                "https://example.org/?token=abc",
                *a,
                "Fint nok",
            ]
        )
    p = write_csv(tmp_path / "results-survey123.csv", rows)
    s = feedback.load_survey(p)
    assert s.roles.notes[0] == "LimeSurvey export."
    assert s.respondent == "id" and s.ids.tolist() == [7, 8, 9, 10, 11]
    assert s.roles.columns("dropped") == ["ipaddr", "refurl"]
    assert {"submitdate", "lastpage", "startlanguage", "seed"} <= set(s.roles.columns("ignored"))
    assert scores(s) == EXPECTED_SUS


# --------------------------------------------------------------------------------------
# Answer labels: errors
# --------------------------------------------------------------------------------------


def test_unknown_labels_are_one_error_listing_every_cell_and_the_sets(tmp_path):
    rows = qualtrics_rows()
    rows[3][17] = "Kinda agree"  # first respondent (file row 4), Q1_1
    rows[5][19] = "Maybe"  # third respondent (file row 6), Q1_3
    rows[6][17] = "kinda agree"
    p = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(DataError) as e:
        feedback.load_survey(p)
    t = e.value.table()
    cells = {(r.row, r.column, r.value) for r in t.itertuples()}
    assert cells == {(4, "Q1_1", "Kinda agree"), (6, "Q1_3", "Maybe"), (7, "Q1_1", "kinda agree")}
    message = str(e.value)
    assert message.count("Accepted 5-point sets:") == 1
    for name in ("Qualtrics agreement, 5-point", "Danish agreement, 5-point"):
        assert name in message


def test_seven_point_labels_on_sus_name_the_set(tmp_path):
    rows = qualtrics_rows()
    rows[3][17] = "Agree"  # with "Somewhat agree" in the column: the 7-point set
    p = write_csv(tmp_path / "seven.csv", rows)
    with pytest.raises(DataError) as e:
        feedback.load_survey(p)
    assert "English agreement, 7-point" in str(e.value)


def test_identifying_column_cannot_be_the_id_and_unknown_roles_are_listed(tmp_path):
    p = write_csv(tmp_path / "forms.csv", google_rows())
    with pytest.raises(DataError) as e:
        feedback.load_survey(p, columns={"respondent": "Email Address"})
    assert "identifies people" in str(e.value)
    with pytest.raises(DataError) as e:
        feedback.infer_roles(p, columns={"variant": "How old are you?", "nps": "Nope"})
    msg = str(e.value)
    assert "'variant'" in msg and "'Nope'" in msg


def test_given_roles_win_and_are_marked(tmp_path):
    p = write_csv(tmp_path / "forms.csv", google_rows())
    roles = feedback.infer_roles(p, columns={"segments": ["How old are you?"], "text": []})
    table = roles.table.set_index("column")
    assert bool(table.loc["How old are you?", "given"])
    assert table.loc["What should we change?", "role"] == "ignored"
    assert roles.mapping()["segments"] == ["How old are you?"]


def test_dataframe_and_file_give_the_same_roles(tmp_path):
    rows = google_rows()
    p = write_csv(tmp_path / "forms.csv", rows)
    df = pd.DataFrame(rows[1:], columns=rows[0])
    a = feedback.infer_roles(p).table[["column", "role", "detail"]]
    b = feedback.infer_roles(df).table[["column", "role", "detail"]]
    pd.testing.assert_frame_equal(a, b)


def test_umux_lite_by_wording_with_seven_point_labels_and_danish_nps(tmp_path):
    seven = [
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ]
    pairs = [(7, 6), (5, 5), (2, 4), (6, 7)]
    nps_answers = [9, 10, 4, 8]
    rows = [
        [
            "respondent_id",
            "This website's capabilities meet my requirements.",
            "This website is easy to use.",
            "Hvor sandsynligt er det, at du vil anbefale hjemmesiden til en ven?",
        ]
    ]
    rows += [
        [f"R{i}", seven[a - 1], seven[b - 1], str(n)]
        for i, ((a, b), n) in enumerate(zip(pairs, nps_answers, strict=True))
    ]
    s = feedback.load_survey(write_csv(tmp_path / "umux.csv", rows))
    assert s.umux == rows[0][1:3] and s.nps == rows[0][3]
    by_hand = [((a - 1) + (b - 1)) * 100 / 12 for a, b in pairs]
    got = feedback.umux_lite(s.data, s.umux)
    assert got.tolist() == pytest.approx(by_hand)
    prom = sum(x >= 9 for x in nps_answers)
    detr = sum(x <= 6 for x in nps_answers)
    assert feedback.nps(s.data[s.nps]).value == pytest.approx(
        100 * (prom - detr) / len(nps_answers)
    )


def test_a_plain_response_id_column_keeps_its_first_row(tmp_path):
    rows = [["ResponseId", *[f"sus_{k}" for k in range(1, 11)]]]
    rows += [[str(i + 1), *a] for i, a in enumerate(ANSWERS)]
    s = feedback.load_survey(write_csv(tmp_path / "own.csv", rows))
    assert s.n == len(ANSWERS) and scores(s) == EXPECTED_SUS


def test_an_identifying_column_mapped_as_text_is_redacted(tmp_path):
    p = write_csv(tmp_path / "forms.csv", google_rows())
    s = feedback.load_survey(p, columns={"text": ["Email Address"]})
    assert s.text == ["Email Address"]
    assert not s.data["Email Address"].str.contains("@example.org").any()
    assert s.data["Email Address"].str.contains("EMAIL").all()


def test_overall_csat_by_danish_wording_and_labels(tmp_path):
    sat = [
        "Meget utilfreds",
        "Utilfreds",
        "Hverken tilfreds eller utilfreds",
        "Tilfreds",
        "Meget tilfreds",
    ]
    answers = [5, 4, 2, 4, 3, 1]
    rows = [["respondent_id", "Hvor tilfreds er du alt i alt med hjemmeplejen?"]]
    rows += [[f"R{i}", sat[a - 1]] for i, a in enumerate(answers)]
    rows += [["R9", "Ved ikke"]]
    s = feedback.load_survey(write_csv(tmp_path / "csat.csv", rows))
    assert s.csat == rows[0][1]
    got = feedback.csat_top2(s.data[s.csat])
    assert got["n"] == len(answers)  # "Ved ikke" is no answer
    assert got["top2"] == pytest.approx(sum(a >= 4 for a in answers) / len(answers))
    assert got["mean"] == pytest.approx(sum(answers) / len(answers))


@pytest.mark.parametrize("shape", ["qualtrics", "google"])
def test_written_mapping_reads_back_to_the_same_roles(tmp_path, shape):
    import yaml

    rows = qualtrics_rows() if shape == "qualtrics" else google_rows()
    p = write_csv(tmp_path / f"{shape}.csv", rows)
    inferred = feedback.infer_roles(p)
    mapping = yaml.safe_load(inferred.to_yaml())  # what --write-mapping writes
    again = feedback.infer_roles(p, columns=mapping)
    cols = ["column", "role", "detail"]
    pd.testing.assert_frame_equal(inferred.table[cols], again.table[cols])
    assert again.table["given"].all()
    assert scores(feedback.load_survey(p, columns=mapping)) == EXPECTED_SUS
