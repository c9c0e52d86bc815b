"""The co-creation ledger in Danish (issue 13): the scorecard headline, evidence levels,
chain, gaps, participation, the chain graph, the public export, the ledger's DataError
texts and the app, on the Danish sample, with Danish numbers and the same numbers as the
English sample; the sample script reproduces the Danish files byte for byte."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.numbers import format_decimal, format_percent
from i18n_helpers import untranslated

from cocreate_kit import DataError, datasets, ledger
from cocreate_kit.i18n import use_language

ROOT = Path(__file__).resolve().parent.parent
DA_SAMPLE = ROOT / "sample_data" / "da" / "ledger"
NUMBERS = ["bottom_line", "key", "kpi", "value", "low", "high", "level", "n", "evidence_level"]


def _pct(x: float) -> str:
    """A whole percentage as Babel writes it for da_DK ("24 %", with a no-break space)."""
    return format_percent(x / 100, locale="da_DK")


@pytest.fixture(scope="module")
def samples():
    en = ledger.load(datasets.sample_project("ledger").data)
    with use_language("da"):
        files = datasets.sample_project("ledger")
        da = ledger.load(files.data)
        card_da = ledger.scorecard(da)
    card_en = ledger.scorecard(en)
    return {"en": en, "da": da, "files_da": files, "card_en": card_en, "card_da": card_da}


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_danish_sample_is_picked_and_holds_the_same_ledger(samples):
    en, da = samples["en"], samples["da"]
    assert samples["files_da"].data == DA_SAMPLE / "home_care_ledger.json"
    assert da.project["title"].iloc[0] == "Ansøgning om hjemmehjælp, redesignet sammen med borgerne"
    for name in ledger.TABLES:
        a, b = getattr(en, name), getattr(da, name)
        assert list(a.columns) == list(b.columns), name
        assert len(a) == len(b), name
        if "id" in a.columns:
            assert a["id"].tolist() == b["id"].tolist(), name
    # vocabularies stay codes in the data
    for name, col in [("participants", "role"), ("activities", "kind"), ("decisions", "status")]:
        assert getattr(en, name)[col].tolist() == getattr(da, name)[col].tolist()
    assert en.links.equals(da.links)
    assert en.participants.equals(da.participants)
    # the text is Danish
    assert da.insights["statement"].iloc[1].startswith("Papirskemaet er langt")
    assert da.measures["unit"].tolist()[:2] == ["kr. pr. ansøgning", "timer"]


def test_the_danish_sample_gives_the_same_numbers(samples):
    en, da = samples["en"], samples["da"]
    card_en, card_da = samples["card_en"], samples["card_da"]
    pd.testing.assert_frame_equal(card_en.cells[NUMBERS], card_da.cells[NUMBERS])
    assert card_en.cells["supported"].equals(card_da.cells["supported"])
    rep_en, rep_da = card_en.representativeness, card_da.representativeness
    cols = ["dimension", "n", "D", "method", "statistic", "df", "p_value", "verdict"]
    pd.testing.assert_frame_equal(rep_en.tests[cols], rep_da.tests[cols])
    ev_en, ev_da = ledger.evidence_levels(en), ledger.evidence_levels(da)
    for frame in ("items", "claims"):
        a, b = getattr(ev_en, frame), getattr(ev_da, frame)
        assert a["entity"].tolist() == b["entity"].tolist()
        assert a["evidence_level"].tolist() == b["evidence_level"].tolist()
    assert ev_en.claims["weakest"].tolist() == ev_da.claims["weakest"].tolist()
    g_en, g_da = ledger.gaps(en), ledger.gaps(da)
    assert g_en.table[["kind", "entity"]].equals(g_da.table[["kind", "entity"]])
    c_en, c_da = ledger.chain(en, "DEC01"), ledger.chain(da, "DEC01")
    assert c_en.rows[["entity", "depth", "path"]].equals(c_da.rows[["entity", "depth", "path"]])


def test_headline_in_danish_with_danish_numbers_and_english_unchanged(samples):
    card = samples["card_da"]
    staff = card.cells.set_index("key").loc["staff_cost_saved_pct"]
    sus = card.cells.set_index("key").loc["sus_change"]
    with use_language("da"):
        headline = card.headline()
        summary = card.summary()
    expected = (
        f"Sparer {_pct(staff['value'])} ({_pct(staff['low'])} til {_pct(staff['high'])}) af "
        "personaleomkostningerne"
    )
    assert headline.startswith(expected)
    assert "24\xa0%" in headline  # Danish percent spacing (Babel's da_DK pattern)
    sus_text = "+" + format_decimal(round(sus["value"]), locale="da_DK") + " SUS-point"
    assert sus_text in headline
    assert "randomiseret test, ét sted" in headline  # the evidence is Danish too
    assert "personer deltog" in headline and "borgere afviger fra befolkningen" in headline
    assert "aldersgruppe (D = 22\xa0%)" in headline
    assert untranslated(summary) == []
    assert re.search(r"\d\.\d", headline) is None  # no English decimal point
    # the English sample's headline is unchanged (the exact text the notebook checks)
    assert (
        samples["card_en"]
        .headline()
        .startswith(
            "Saves 24% (8% to 38%) of staff cost [level 1 evidence only (before/after, no "
            "comparison group): not shown to be an effect]; satisfaction +12 SUS points (6 to 19)"
        )
    )


def test_summaries_and_tables_in_danish_hold_no_english(samples):
    da = samples["da"]
    with use_language("da"):
        texts = {
            "ledger": da.summary(),
            "evidence": ledger.evidence_levels(da).to_html(),
            "gaps": ledger.gaps(da).to_html(),
            "chain": ledger.chain(da, "DEC01").to_html(),
            "scorecard": samples["card_da"].to_html(),
            "participation": samples["card_da"].representativeness.to_html(),
            "check": ledger.check_file(samples["files_da"].data),
        }
        p = samples["card_da"].representativeness.tests.iloc[0]["p_value"]
        p_text = "p = " + format_decimal(p, format="0.00", locale="da_DK")
    # The scorecard's table shows an experiment record's metric id ("satisfaction", from
    # the plan: data, not kit text), which is also a word of a catalogue message.
    data_words = {"satisfaction {value} {unit}{range}"}
    for name, text in texts.items():
        plain = _plain(text)
        assert set(untranslated(plain)) <= data_words, (name, untranslated(plain))
    assert "Scorecard for offentlig værdi" in texts["scorecard"]
    assert "Bundlinje" in texts["scorecard"] and "serviceoplevelse" in texts["scorecard"]
    assert "Huller i kæden" in texts["gaps"]
    assert "Evidensniveauer" in texts["evidence"]
    assert p_text in texts["participation"]
    assert "Ingen problemer fundet." in texts["check"]
    assert "hjemmehjælp" in texts["ledger"] and "5 beslutninger" in texts["ledger"]


def test_charts_have_danish_titles_and_number_formats(samples):
    da = samples["da"]
    with use_language("da"):
        figures = {
            "scorecard": samples["card_da"].chart(),
            "evidence": ledger.evidence_levels(da).chart(),
            "gaps": ledger.gaps(da).chart(),
            "attendance": da.chart(),
        }
        titles = {name: fig.title for name, fig in figures.items()}
        specs = {name: json.dumps(fig.spec(), ensure_ascii=False) for name, fig in figures.items()}
    assert titles == {
        "scorecard": "Scorecard for offentlig værdi",
        "evidence": "Evidensniveauer",
        "gaps": "Huller i kæden",
        "attendance": "Hvem deltog, aktivitet for aktivitet",
    }
    assert '"title": "Scorecard-celler"' in specs["scorecard"]
    assert "produktivitet" in specs["scorecard"] and "niveau 3-5" in specs["scorecard"]
    assert '"title": "Evidensniveau (1 svagest, 5 strongest)"' not in specs["evidence"]
    assert '"title": "Evidensniveau (1 svagest, 5 stærkest)"' in specs["evidence"]
    assert "idé(er) aldrig testet" in specs["gaps"]  # the axis names the kinds in Danish
    for name in ("scorecard", "evidence", "gaps", "attendance"):
        assert '"format": ",d"' in specs[name], name
    for fig in figures.values():
        assert untranslated(fig.description) == []


def test_chain_graph_labels_and_description_in_danish(samples):
    da = samples["da"]
    with use_language("da"):
        ev = ledger.evidence_levels(da)
        graph = ledger.chain_graph(da, levels=ev)
        html = graph.to_html()
        focused = ledger.chain_graph(
            da, focus="DEC01", ids=ledger.chain(da, "DEC01").rows["entity"]
        )
        svg = graph.to_svg()
    assert graph.title.startswith("Kæden fra smertepunkt til beslutning")
    assert graph.description.startswith("43 elementer (15 aktiviteter, 6 indsigter / smertepunkter")
    for heading in ("Aktivitet", "Indsigt / smertepunkt", "Idé", "Prototype", "Beslutning"):
        assert f">{heading}</text>" in svg
    assert "evidensniveau 3" in svg and 'aria-label="DEC01 · vedtaget' in svg
    assert "Vis forbindelserne som tabel" in html and "Vis i grafen" in html
    assert untranslated(_plain(html)) == []
    assert focused.title.startswith("Kæden for DEC01: Erstat papirskemaet")
    # the same graph in English keeps its English words
    english = ledger.chain_graph(samples["en"], levels=ledger.evidence_levels(samples["en"]))
    assert ">Decision</text>" in english.to_svg()


def test_public_export_writes_danish_text_and_keeps_the_platform_fields(samples, tmp_path):
    paths = ledger.public_export(samples["da"], tmp_path, locale="da")
    assert [p.name for p in paths] == list(ledger.PUBLIC_FILES)
    decisions = json.loads((tmp_path / "decisions.json").read_text(encoding="utf-8"))
    assert decisions["locale"] == "da"
    dec01 = next(d for d in decisions["decisions"] if d["id"] == "DEC01")
    assert "Udfald: Skema B" in dec01["description"]
    assert "Evidens: niveau 3 (svageste led)" in dec01["description"]
    header = (tmp_path / "decisions.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "title/da" in header and "description/da" in header
    milestones = json.loads((tmp_path / "milestones.json").read_text(encoding="utf-8"))
    titles = [m["title"] for m in milestones["milestones"]]
    assert any(t.startswith("Workshop: ") for t in titles)
    assert any(t.startswith("Beslutning: ") for t in titles)
    card = json.loads((tmp_path / "scorecard.json").read_text(encoding="utf-8"))
    assert card["headline"].startswith("Sparer 24\xa0% (8\xa0% til 38\xa0%)")
    # an English export of the English sample is unchanged in language
    ledger.public_export(samples["en"], tmp_path / "en", locale="en")
    en = json.loads((tmp_path / "en" / "decisions.json").read_text(encoding="utf-8"))
    assert (
        "Outcome: Form B" in next(d for d in en["decisions"] if d["id"] == "DEC01")["description"]
    )


def test_ledger_data_errors_in_danish(tmp_path):
    bad = {
        "project": {"id": "p", "title": "T", "service": "S"},
        "ideas": [
            {"id": "I1", "kind": "idea", "title": "A"},
            {"id": "I1", "kind": "idea", "title": "B"},
        ],
        "links": [{"source": "I1", "relation": "tested_by", "target": "T9"}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with use_language("da"), pytest.raises(DataError) as caught:
        ledger.load(path)
    text = str(caught.value)
    assert "et id, der kun bruges én gang i hele loggen" in text
    assert "et id, der er defineret i loggen" in text
    assert "'T9'" in text and "'I1'" in text


def test_app_in_danish(samples):
    from cocreate_kit.apps.ledger import ledger_app

    app = ledger_app(samples["da"], population=samples["files_da"].population, language="da")
    with use_language("da"):
        html = app.render(**app.values())
    assert app.title == "Samskabelseslog: Ansøgning om hjemmehjælp, redesignet sammen med borgerne"
    assert "Sparer 24\xa0%" in html and "Kæden" in html
    assert set(untranslated(_plain(html))) <= {"satisfaction {value} {unit}{range}"}
    english = ledger_app(samples["en"], language="en")
    assert "Saves 24%" in english.render(**english.values())


def test_the_sample_script_reproduces_the_danish_files_byte_for_byte(tmp_path):
    out = tmp_path / "da"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_ledger.py"), str(out)]
        + ["--language", "da"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    made = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(DA_SAMPLE) for p in DA_SAMPLE.rglob("*") if p.is_file())
    assert made == shipped
    for rel in made:
        assert (out / rel).read_bytes() == (DA_SAMPLE / rel).read_bytes(), rel
    # the population table is the English sample's, byte for byte
    english = ROOT / "sample_data" / "ledger" / "population.csv"
    assert (DA_SAMPLE / "population.csv").read_bytes() == english.read_bytes()
