"""Evidence levels, weakest links, chains and gap checks on hand-made designs and ledgers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cocreate_kit import ledger as lg
from cocreate_kit.ledger._evidence import grade
from cocreate_kit.ledger._model import DESIGNS
from cocreate_kit.ledger._public import PUBLIC_FILES

# design, sites, independent, scaled -> (Nesta, Maryland SMS, the ledger's level = the lower)
GRADES = [
    ("randomised", 1, False, False, 3, 5, 3),
    ("randomised", 1, True, False, 3, 5, 3),  # independent but one site: no replication
    ("randomised", 3, False, False, 3, 5, 3),  # several sites, not independent
    ("randomised", 2, True, False, 4, 5, 4),
    ("randomised", 2, True, True, 5, 5, 5),
    ("randomised", 1, True, True, 3, 5, 3),  # scaled without replication stays 3
    ("quasi_random", 1, False, False, 3, 4, 3),
    ("quasi_random", 4, True, True, 5, 4, 4),
    ("difference_in_differences", 1, False, False, 3, 3, 3),
    ("difference_in_differences", 2, True, False, 4, 3, 3),
    ("controlled", 1, False, False, 3, 2, 2),
    ("controlled", 5, True, True, 5, 2, 2),
    ("before_after", 1, False, False, 2, 1, 1),
    ("before_after", 9, True, True, 2, 1, 1),  # no causation: replication does not count
    ("cross_section", 1, False, False, 2, 1, 1),
    ("account", 1, False, False, 1, 1, 1),
]


@pytest.mark.parametrize(("design", "sites", "indep", "scaled", "nesta", "sms", "level"), GRADES)
def test_grade_of_each_design(design, sites, indep, scaled, nesta, sms, level):
    g = grade(design, sites=sites, independent=indep, scaled=scaled)
    assert (g["nesta"], g["sms"], g["evidence_level"]) == (nesta, sms, level)
    assert f"Nesta {nesta}" in g["reason"] and f"Maryland SMS {sms}" in g["reason"]


def test_every_design_is_graded_and_missing_fields_count_as_not_recorded():
    assert {d for d, *_ in GRADES} == set(DESIGNS)
    assert grade("randomised", sites=pd.NA, independent=pd.NA, scaled=None)["nesta"] == 3
    assert grade("randomised")["short"] == "randomised test, one site"
    with pytest.raises(ValueError, match="Unknown design 'rct'"):
        grade("rct")


def _tables(**extra):
    """Pain point P1 (interview A1) <- idea I1 (tested by randomised T1 in activity A2)
    -> decision D1; D2 supersedes D1; M1 is a before/after measure."""
    tables = {
        "project": [{"id": "PRJ", "title": "Home care", "service": "Home care"}],
        "activities": [
            {"id": "A1", "kind": "interview", "title": "Interviews", "date": "2026-01-10"},
            {"id": "A2", "kind": "prototype_test", "title": "Form test", "date": "2026-03-01"},
        ],
        "insights": [{"id": "P1", "kind": "pain_point", "statement": "The form is too long"}],
        "ideas": [{"id": "I1", "kind": "prototype", "title": "Short form"}],
        "tests": [
            {
                "id": "T1",
                "title": "A/B of the form",
                "design": "randomised",
                "sites": 1,
                "activity": "A2",
            }
        ],
        "measures": [
            {
                "id": "M1",
                "bottom_line": "productivity",
                "indicator": "Staff minutes per case",
                "value": 289.0,
                "baseline": 380.0,
                "design": "before_after",
            }
        ],
        "feedback": [{"id": "F1", "title": "Survey", "you_said": "Shorter", "we_did": "Done"}],
        "decisions": [
            {
                "id": "D1",
                "title": "Adopt the short form",
                "status": "superseded",
                "date": "2026-04-01",
            },
            {"id": "D2", "title": "Adopt it for all", "status": "proposed", "date": "2026-06-01"},
        ],
        "links": [
            {"source": "A1", "relation": "supports", "target": "P1"},
            {"source": "I1", "relation": "addresses", "target": "P1"},
            {"source": "I1", "relation": "tested_by", "target": "T1"},
            {"source": "I1", "relation": "decided_by", "target": "D1"},
            {"source": "F1", "relation": "decided_by", "target": "D1"},
            {"source": "D2", "relation": "supersedes", "target": "D1"},
        ],
    }
    for name, rows in extra.items():
        tables[name] = tables.get(name, []) + rows
    return tables


def _ledger(**extra):
    """The hand-made tables as a validated Ledger."""
    return lg.ledger_from_tables(_tables(**extra))


def test_weakest_link_is_the_lowest_graded_item_upstream():
    ev = lg.evidence_levels(_ledger())
    claims = ev.claims.set_index("entity")
    assert ev.level_of("T1") == 3 and ev.level_of("M1") == 1
    assert ev.items.set_index("entity")["flagged"].to_dict() == {"T1": False, "M1": True}
    # D1 <- I1 <- T1 (level 3); A1 and F1 are in the chain but not graded
    assert claims.loc["D1", "evidence_level"] == 3 and claims.loc["D1", "weakest"] == "T1"
    assert set(claims.loc["D1", "ungraded"]) == {"F1", "A1", "A2"}
    assert not claims.loc["D1", "flagged"]
    # a before/after measure supporting D1 makes the before/after saving its weakest link
    ev2 = lg.evidence_levels(
        _ledger(links=[{"source": "M1", "relation": "supports", "target": "D1"}])
    )
    d1 = ev2.claims.set_index("entity").loc["D1"]
    assert (d1["evidence_level"], d1["weakest"], d1["flagged"]) == (1, "M1", True)
    assert d1["graded"] == ["T1", "M1"] or d1["graded"] == ["M1", "T1"]


def test_accounts_only_nothing_linked_and_supersedes_not_inherited():
    claims = lg.evidence_levels(_ledger()).claims.set_index("entity")
    # P1 rests on an interview only: level 1 (an account), flagged
    assert claims.loc["P1", "evidence_level"] == 1 and claims.loc["P1", "flagged"]
    assert "accounts only" in claims.loc["P1", "reason"]
    # D2 supersedes D1 but does not inherit its evidence: no level, flagged
    assert pd.isna(claims.loc["D2", "evidence_level"]) and claims.loc["D2", "flagged"]
    assert claims.loc["D2", "reason"] == "no evidence linked"
    assert str(claims["evidence_level"].dtype) == "Int64"


def test_contradicts_does_not_count_but_marks_the_claim_contested():
    ev = lg.evidence_levels(
        _ledger(links=[{"source": "M1", "relation": "contradicts", "target": "D1"}])
    )
    d1 = ev.claims.set_index("entity").loc["D1"]
    assert d1["evidence_level"] == 3 and d1["contradicted_by"] == ["M1"]
    assert "contested: contradicted by M1" in d1["reason"]
    assert any("Contested: D1" in w for w in ev.warnings())
    # contradicting evidence for an idea upstream is listed on the decision too
    ev2 = lg.evidence_levels(
        _ledger(links=[{"source": "M1", "relation": "contradicts", "target": "I1"}])
    )
    assert ev2.claims.set_index("entity").loc["D1", "contradicted_by"] == ["M1"]


def test_evidence_levels_result_is_a_strict_record_with_an_accessible_chart():
    ev = lg.evidence_levels(_ledger())
    record = json.loads(ev.to_json())
    assert record["type"] == "EvidenceLevels"
    assert {r["entity"]: r["evidence_level"] for r in record["items"]} == {"T1": 3, "M1": 1}
    assert "2 test(s) and measure(s) graded (1 at level 1, 1 at level 3" in ev.summary()
    assert "P1" in ev.summary() and "D2" in ev.summary()
    spec = ev.chart().spec()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 10  # levels 1-5 x tests, measures, zeros included
    assert {(r["evidence_level"], r["table"]) for r in rows if r["items"]} == {
        (3, "tests"),
        (1, "measures"),
    }
    assert "1 at level 1-2" in ev.chart().description


def test_chain_drills_from_a_decision_to_its_evidence_and_from_a_pain_point_onwards():
    up = lg.chain(_ledger(), "D1").upstream().set_index("entity")
    assert up.loc["I1", "path"] == "decided_by" and up.loc["I1", "depth"] == 1
    assert up.loc["T1", "path"] == "decided_by / tested_by" and up.loc["T1", "via"] == "I1"
    assert up.loc["P1", "path"] == "decided_by / addresses"
    assert up.loc["A1", "path"] == "decided_by / addresses / supports"
    assert up.loc["A2", "path"] == "decided_by / tested_by / activity"
    assert set(up.index) == {"I1", "F1", "T1", "P1", "A1", "A2"}
    down = lg.chain(_ledger(), "P1").downstream().set_index("entity")
    assert down.loc["I1", "path"] == "addresses"
    assert down.loc["T1", "path"] == "addresses / tested_by"
    assert down.loc["D1", "path"] == "addresses / decided_by"
    assert down.loc["D2", "path"] == "addresses / decided_by / supersedes"
    c = lg.chain(_ledger(), "D1")
    assert c.rows.iloc[0].to_dict()["direction"] == "self" and c.evidence_level == 3
    assert c.downstream()["entity"].tolist() == ["D2"]
    assert "Decision D1 ('Adopt the short form'), evidence level 3." in c.summary()
    assert json.loads(c.to_json())["entity"] == "D1"
    assert c.chart().spec()["layer"][0]["mark"]["type"] == "point"
    assert lg.chain(_ledger(), "M1").evidence_level == 1
    assert lg.chain(_ledger(), "A1").summary() == (
        "Activity A1 ('Interviews'), no evidence level. Upstream (evidence): nothing. "
        "Downstream (what became of it): 1 insight, 1 idea, 1 test, 2 decisions."
    )
    with pytest.raises(ValueError, match="has the id 'X9'"):
        lg.chain(_ledger(), "X9")


GAP_LEDGER = _ledger(
    insights=[{"id": "P2", "kind": "insight", "statement": "Nobody reads letters"}],
    ideas=[{"id": "I2", "kind": "idea", "title": "SMS reminder"}],
    tests=[
        {"id": "T2", "title": "Letter test", "design": "before_after"},
        {"id": "T3", "title": "Reminder pilot", "design": "controlled"},
    ],
    feedback=[{"id": "F2", "title": "Workshop notes", "you_said": "Call me"}],
    decisions=[{"id": "D3", "title": "Pilot SMS", "status": "proposed", "date": "2026-07-01"}],
    links=[
        {"source": "I2", "relation": "addresses", "target": "P1"},
        {"source": "T3", "relation": "supports", "target": "D2"},
    ],
)


def test_gaps_one_of_each_kind():
    g = lg.gaps(GAP_LEDGER)
    assert g.table[["kind", "entity"]].values.tolist() == [
        ["insight_without_idea", "P2"],
        ["idea_not_tested", "I2"],
        ["test_without_decision", "T2"],
        ["decision_without_evidence", "D3"],
        ["feedback_loop_open", "F2"],
    ]
    # T1 reaches D1 through the idea it tests; T3 supports D2 directly: neither is a gap
    assert g.summary() == (
        "5 gap(s): 1 insight(s) with no idea, 1 idea(s) never tested, 1 test(s) with no "
        "decision, 1 decision(s) with no evidence, 1 feedback loop(s) not closed."
    )
    assert g.lines()[4] == (
        "- feedback_loop_open: F2 'Workshop notes'. Tell participants what was done "
        "(we_did), or why nothing was."
    )
    assert g.counts()["gaps"].tolist() == [1, 1, 1, 1, 1]
    assert json.loads(g.to_json())["table"][0]["entity_table"] == "insights"
    assert next(iter(g.chart().spec()["datasets"].values()))[0] == {
        "kind": "insight_without_idea",
        "gaps": 1,
    }


def test_no_gaps_in_a_complete_ledger_and_loop_definitions():
    complete = _ledger(links=[{"source": "T1", "relation": "supports", "target": "D2"}])
    g = lg.gaps(complete)
    assert len(g.table) == 0 and g.summary().startswith("No gaps")
    # blank we_did (spaces) is open; neither you_said nor we_did is not a loop
    fb = [
        {"id": "F3", "title": "a", "you_said": "x", "we_did": "  "},
        {"id": "F4", "title": "b"},
        {"id": "F5", "title": "c", "we_did": "y"},
    ]
    g2 = lg.gaps({"feedback": fb})
    assert g2.table["entity"].tolist() == ["F3"]


# --------------------------------------------------------------------------------------
# Public accountability export
# --------------------------------------------------------------------------------------


def test_public_export_of_the_sample_has_no_participant_level_rows(tmp_path):
    from cocreate_kit import datasets

    led = lg.load(datasets.dataset_path("ledger/home_care_ledger.json"))
    paths = lg.public_export(led, tmp_path / "public")
    assert tuple(p.name for p in paths) == PUBLIC_FILES and all(p.is_file() for p in paths)
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    import re

    for pid in led.participants["id"]:
        assert not re.search(rf"\b{re.escape(str(pid))}\b", text), pid
    for note in led.activities["notes"].dropna():
        assert str(note) not in text
    decisions = pd.read_csv(tmp_path / "public" / "decisions.csv", keep_default_na=False)
    assert list(decisions.columns) == [
        "id",
        "parent/id",
        "title/en",
        "description/en",
        "start_date",
        "end_date",
        "status",
        "progress",
        "evidence_level",
    ]
    project = str(led.project["id"].iloc[0])
    assert decisions["id"].tolist() == [project, *led.decisions["id"]]
    assert set(decisions["parent/id"][1:]) == {project}
    ev = lg.evidence_levels(led).claims.set_index("entity")["evidence_level"]
    for row in decisions.iloc[1:].itertuples(index=False):
        want = "" if pd.isna(ev[row.id]) else str(ev[row.id])
        assert str(row.evidence_level) == want
    sup = led.links[led.links["relation"] == "supersedes"].iloc[0]
    assert (
        decisions.set_index("id").loc[sup["target"], "status"] == f"superseded by {sup['source']}"
    )
    card = json.loads((tmp_path / "public" / "scorecard.json").read_text(encoding="utf-8"))
    assert card["headline"] == lg.scorecard(led).headline() and card["k"] == 5
    milestones = json.loads((tmp_path / "public" / "milestones.json").read_text())["milestones"]
    dates = [m["publication_date"] for m in milestones]
    assert dates == sorted(dates)
    assert set(milestones[0]) == {"title", "description", "publication_date", "status"}
    with pytest.raises(FileExistsError, match="Not overwriting"):
        lg.public_export(led, tmp_path / "public")


def test_public_export_redacts_free_text_suppresses_small_groups_and_defuses_formulas(tmp_path):
    tables = {
        "project": [{"id": "PRJ", "title": "Care", "service": "Home care"}],
        "participants": [{"id": f"p{i}", "role": "citizen", "consent": True} for i in range(7)],
        "activities": [
            {
                "id": "A1",
                "kind": "workshop",
                "title": "Workshop with Mette Hansen",
                "date": "2026-02-01",
                "participants": ["p0", "p1", "p2"],
                "notes": "Mette said her CPR is 070761-4286",
            },
            {
                "id": "A2",
                "kind": "workshop",
                "title": "Big workshop",
                "date": "2026-01-01",
                "participants": [f"p{i}" for i in range(7)],
            },
        ],
        "decisions": [
            {
                "id": "D1",
                "title": '=HYPERLINK("http://x.example")',
                "status": "accepted",
                "date": "2026-03-01",
                "rationale": "Call Mette Hansen on +45 12 34 56 78 or mette@example.dk",
                "deciders": ["Mette Hansen"],
            },
        ],
        "links": [{"source": "A1", "relation": "supports", "target": "D1"}],
    }
    led = lg.ledger_from_tables(tables)
    paths = lg.public_export(led, tmp_path, names=["Mette Hansen"])
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    for secret in ("Mette", "Hansen", "12 34 56 78", "mette@example.dk", "070761"):
        assert secret not in text
    assert "[NAME]" in text and "[PHONE]" in text and "[EMAIL]" in text
    rows = pd.read_csv(tmp_path / "decisions.csv", keep_default_na=False)
    assert rows.loc[1, "title/en"].startswith("'=HYPERLINK")
    milestones = pd.read_csv(tmp_path / "milestones.csv", keep_default_na=False)
    assert milestones["description"].tolist()[:2] == [
        "7 people took part",
        "fewer than 5 people took part",
    ]
    assert milestones["title"].tolist()[1] == "Workshop: Workshop with [NAME]"


def test_public_export_redacts_hostile_text_in_every_free_text_cell_of_the_sample(tmp_path):
    """PII appended to every free-text cell (units, indicators, notes, titles, ...) of the
    sample ledger never reaches the public files (a measure's unit once did)."""
    import shutil

    from cocreate_kit import datasets

    folder = tmp_path / "led"
    shutil.copytree(datasets.dataset_path("ledger/home_care_ledger.json").parent, folder)
    path = folder / "home_care_ledger.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    pii = "Mette Hansen mette@example.dk +45 12 34 56 78 070761-4286"
    structured = {"id", "source", "target", "relation", "kind", "status", "design"}
    structured |= {"bottom_line", "kpi", "result", "plan", "data", "journey_file"}
    structured |= {"population", "journey", "activity", "participants", "steps"}
    structured |= {"role", "severity", "age_band", "sex", "area"}

    def hostile(row: dict) -> None:
        for key, value in row.items():
            if key in structured:
                continue
            if isinstance(value, str) and "date" not in key:
                row[key] = f"{value} {pii}"
            elif isinstance(value, list) and value:
                row[key] = [f"{v} {pii}" for v in value]

    hostile(data["project"])
    for table, rows in data.items():
        if isinstance(rows, list) and table != "participants":
            for row in rows:
                hostile(row)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    led = lg.load(path)
    assert led.measures["unit"].str.contains("mette@example.dk").all()
    paths = lg.public_export(led, tmp_path / "public", names=["Mette Hansen"])
    for p in paths:
        text = p.read_text(encoding="utf-8")
        for secret in ("Mette", "Hansen", "mette@", "12 34 56 78", "070761"):
            assert secret not in text, (p.name, secret)
    card = json.loads((tmp_path / "public" / "scorecard.json").read_text(encoding="utf-8"))
    units = [str(c["unit"]) for c in card["scorecard"]]
    assert sum(u.endswith(" [NAME] [EMAIL] [PHONE] [CPR]") for u in units) == 7  # 7 measures


def test_check_file_lists_the_gaps_as_warnings_after_the_validation_result(tmp_path):
    from cocreate_kit import datasets

    path = datasets.dataset_path("ledger/home_care_ledger.json")
    led = lg.load(path)
    lines = lg.check_file(path).splitlines()
    at = lines.index("No problems found.")
    assert lines[at + 1] == f"Gaps (warnings, not errors): {lg.gaps(led).summary()}"
    assert lines[at + 2 :] == lg.gaps(led).lines() and len(lines[at + 2 :]) == 6
    # a ledger without gaps says so
    complete = _ledger(links=[{"source": "T1", "relation": "supports", "target": "D2"}])
    folder = tmp_path / "complete"
    lg.save(complete, folder)
    assert lg.check_file(folder).splitlines()[-1].startswith("Gaps: none. No gaps:")


def test_cli_check_ledger_public_writes_the_export_once(tmp_path, capsys):
    from cocreate_kit import cli, datasets

    sample = str(datasets.dataset_path("ledger/home_care_ledger.json"))
    names = str(datasets.dataset_path("feedback/participants.csv"))
    out = tmp_path / "public"
    out.mkdir()
    assert cli.main(["check", "ledger", sample, "--public", str(out), "--names", names]) == 0
    printed = capsys.readouterr().out
    assert "No problems found." in printed and printed.rstrip().endswith(
        "decisions.json, decisions.csv, milestones.json, milestones.csv, scorecard.json, "
        "scorecard.csv."
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(PUBLIC_FILES)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # a second run refuses before checking anything and leaves the files as they were
    assert cli.main(["check", "ledger", sample, "--public", str(out)]) == 2
    captured = capsys.readouterr()
    assert "already exists" in captured.err and "OK:" not in captured.out
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert cli.main(["check", "ledger", sample, "--public", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["check", "ledger", sample, "--names", names]) == 2
    assert "--names only applies together with --public" in capsys.readouterr().err
    journey = str(datasets.dataset_path("journey/home_care_as_is.json"))
    assert cli.main(["check", "journey", journey, "--public", str(out)]) == 2
    assert "--public only applies to 'cocreate check ledger'" in capsys.readouterr().err


def test_long_titles_are_cut_in_sentences_and_gap_lines():
    long = {"insights": [{"id": "P1", "kind": "pain_point", "statement": "x" * 200_000}]}
    line = lg.gaps(long).lines()[0]
    assert len(line) < 300 and "…" in line
    chain = lg.chain(long, "P1")
    assert len(chain.summary()) < 300 and len(chain.to_html()) < 50_000
