"""Issue 13, journey pillar: Danish and English summaries, charts, app, errors and sample.

The Danish text must hold no untranslated English catalogue string, numbers must follow
Babel's da_DK formats, the English text must stay as it was, and the Danish sample
(sample_data/da/journey/) must give exactly the numbers of the English one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.numbers import format_decimal, format_percent
from i18n_helpers import untranslated

from cocreate_kit import datasets, i18n, journey
from cocreate_kit._errors import DataError
from cocreate_kit.apps.journey import journey_app

ROOT = Path(__file__).resolve().parent.parent
DA_DIR = ROOT / "sample_data" / "da" / "journey"
EN_DIR = ROOT / "sample_data" / "journey"


def _project(language: str) -> journey.JourneyProject:
    with i18n.use_language(language):
        files = datasets.sample_project("journey")
    return journey.load_project(files.data, to_be=files.to_be, events=files.events)


@pytest.fixture(scope="module")
def projects() -> dict[str, journey.JourneyProject]:
    return {"en": _project("en"), "da": _project("da")}


def _texts(project: journey.JourneyProject) -> list[str]:
    """Every summary, headline, warning and chart text of the pillar on one project."""
    cmp = project.compare()
    curve = journey.emotion_curve(project.as_is)
    bp = journey.blueprint(project.as_is)
    funnel = project.funnel()
    metrics = project.event_log_metrics()
    heat = journey.pain_heatmap_chart(journey.pain_heatmap(project.as_is), project.as_is)
    figures = [cmp.chart(), curve.chart(), bp.chart(), funnel.chart(), metrics.chart(), heat]
    out = [cmp.headline(), cmp.summary(), curve.summary(), bp.summary(), funnel.summary()]
    out += [metrics.summary(), *metrics.warnings(), cmp.title, curve.title, bp.title]
    out += [funnel.title, metrics.title]
    for fig in figures:
        out += [fig.title, fig.description, fig.table_caption or "", *map(str, fig.table.columns)]
    return out


def test_danish_journey_text_has_no_untranslated_english(projects):
    with i18n.use_language("da"):
        texts = _texts(projects["da"])
        pages = [r.to_html() for r in (projects["da"].compare(), projects["da"].funnel())]
    found = untranslated(" ".join(texts + pages))
    assert found == [], found
    joined = " ".join(texts)
    assert "Den fremtidige rejse sparer" in joined
    assert "smertepunkter" in joined and "Oplevelse fra -2 til +2" in joined


def test_danish_numbers_use_babel_da_dk_formats(projects):
    cmp = projects["da"].compare()
    s = cmp.totals.set_index("measure").loc["staff_cost"]
    c = cmp.totals.set_index("measure").loc["citizen_hours_per_case"]
    with i18n.use_language("da"):
        summary = cmp.summary()
        headline = cmp.headline()
        events = projects["da"].event_log_metrics().summary()
    pct = format_percent(round(s["saving_pct"], 2), format="#,##0\xa0%", locale="da_DK")
    assert pct in headline and "\xa0%" in pct
    hours = format_decimal(round(c["saving"], 1), format="#,##0.0", locale="da_DK")
    assert f"{hours} timer" in headline and "," in hours
    as_is = format_decimal(round(s["as_is"]), format="#,##0", locale="da_DK")
    assert f"{as_is} DKK" in summary and "." in as_is  # 5.131.350
    n_events = projects["da"].event_log_metrics().n_events
    assert format_decimal(n_events, locale="da_DK") in events  # 18.176
    assert not re.search(r"\d,\d{3}\b", events)  # no English thousands separator


def test_english_text_is_unchanged(projects):
    cmp = projects["en"].compare(
        assumptions=journey.Assumptions(staff_hourly_cost=450, citizen_hourly_value=200)
    )
    with i18n.use_language("en"):
        assert cmp.headline() == (
            "The to-be journey saves 24% (8% to 38%) of staff cost and 3.0 hours "
            "(2.1 to 3.8) per citizen."
        )
        assert (
            journey.blueprint(projects["en"].as_is)
            .summary()
            .startswith(
                "12 steps in 5 stages across five blueprint lanes. 11 pain points on 9 steps"
            )
        )
        assert projects["en"].funnel().summary().startswith("1,629 cases reach ")
        assert (
            journey.emotion_curve(projects["en"].as_is)
            .summary()
            .startswith("Emotion from -2 to +2. Older citizen: lowest at ")
        )


def test_the_same_result_reads_in_both_languages(projects):
    cmp = projects["en"].compare()
    with i18n.use_language("da"):
        da = cmp.headline()
    with i18n.use_language("en"):
        en = cmp.headline()
    assert da.startswith("Den fremtidige rejse") and en.startswith("The to-be journey")


def test_danish_sample_gives_the_same_numbers(projects):
    en, da = projects["en"], projects["da"]
    assert da.as_is.title == "Jeg søger hjemmehjælp til min mor"
    assert [s.id for s in da.as_is.steps] == [s.id for s in en.as_is.steps]
    assert [s.name for s in da.as_is.stages] != [s.name for s in en.as_is.stages]
    for a, b in ((en.as_is, da.as_is), (en.to_be, da.to_be)):
        assert a.ratings == b.ratings
        assert [s.activity_keys for s in a.steps] == [s.activity_keys for s in b.steps]
        assert [e.id for e in a.evidence] == [e.id for e in b.evidence]
    ca, cb = en.compare(), da.compare()
    pd.testing.assert_frame_equal(ca.totals, cb.totals)
    numeric = ["staff_cost_as_is", "staff_cost_to_be", "citizen_hours_change", "status"]
    pd.testing.assert_frame_equal(ca.changes[numeric], cb.changes[numeric])
    num = ["n", "mean", "sd", "min", "max", "suppressed"]
    ta = journey.emotion_curve(en.as_is).table
    tb = journey.emotion_curve(da.as_is).table
    pd.testing.assert_frame_equal(ta[num], tb[num])
    fa, fb = en.funnel().table, da.funnel().table
    pd.testing.assert_frame_equal(
        fa[["stage", "cases", "drop_offs", "drop_off_rate"]],
        fb[["stage", "cases", "drop_offs", "drop_off_rate"]],
    )
    ha, hb = journey.pain_heatmap(en.as_is), journey.pain_heatmap(da.as_is)
    pd.testing.assert_frame_equal(
        ha[["stage", "persona", "ratings", "pain_share"]],
        hb[["stage", "persona", "ratings", "pain_share"]],
    )


def _spec_texts(spec: object) -> list[str]:
    if isinstance(spec, dict):
        return [t for k, v in spec.items() for t in ([v] if k == "title" else _spec_texts(v))]
    if isinstance(spec, list):
        return [t for v in spec for t in _spec_texts(v)]
    return []


def _formats(spec: object) -> list[str]:
    if isinstance(spec, dict):
        return [t for k, v in spec.items() for t in ([v] if k == "format" else _formats(v))]
    if isinstance(spec, list):
        return [t for v in spec for t in _formats(v)]
    return []


def test_danish_chart_titles_and_number_formats(projects):
    p = projects["da"]
    with i18n.use_language("da"):
        figs = {
            "cost": p.compare().chart(),
            "curve": journey.emotion_curve(p.as_is).chart(),
            "funnel": p.funnel().chart(),
            "heat": journey.pain_heatmap_chart(journey.pain_heatmap(p.as_is), p.as_is),
            "blueprint": journey.blueprint(p.as_is).chart(),
        }
    specs = {k: f.chart.to_dict() for k, f in figs.items()}
    titles = {k: " ".join(map(str, _spec_texts(s))) for k, s in specs.items()}
    assert "Personaleomkostninger pr. år (DKK)" in titles["cost"]
    assert "Oplevelse (-2 til +2)" in titles["curve"] and "Deltagere (n)" in titles["curve"]
    assert "Sager" in titles["funnel"] and "Fase" in titles["funnel"]
    assert "Negative vurderinger (%)" in titles["heat"]
    assert "Trin nummer" in titles["blueprint"]
    for name in ("cost", "curve", "funnel", "heat"):
        assert _formats(specs[name]), f"{name}: no axis/legend number format"
    assert figs["cost"].title == "Personaleomkostninger fra nuværende til fremtidig rejse"
    assert "Andel, der stopper her" in figs["funnel"].table.columns
    for f in figs.values():
        assert untranslated(" ".join([f.title, f.description, *map(str, f.table.columns)])) == []


def test_journey_app_in_danish_and_quotes_marked_with_their_language(projects):
    app = journey_app(projects["da"], language="da")
    html = app._header() + app.html()
    assert untranslated(html) == [], untranslated(html)
    assert "Trin og evidens" in html and "Alle faser" in app.controls["stage"].options[0]
    assert "<blockquote>Jeg vidste ikke" in html  # Danish quote on a Danish page: no lang
    english_page = journey_app(projects["da"], language="en")
    assert '<blockquote lang="da">Jeg vidste ikke' in english_page.html()
    en = journey_app(projects["en"], language="en")
    assert "Steps and evidence" in en.html()
    assert '<blockquote lang="da">' not in en.html()


def test_not_given_reads_in_danish(projects):
    only = journey.load_project(projects["da"].as_is)
    with i18n.use_language("da"):
        text = only.compare().summary()
        title = only.event_log_metrics().title
    assert text.startswith("Der er ikke angivet nogen fremtidig rejse")
    assert title == "Nøgletal fra hændelsesloggen: ikke tilgængelig"
    assert untranslated(text) == []


def test_data_errors_in_danish(tmp_path):
    bad = tmp_path / "map.json"
    data = json.loads((EN_DIR / "home_care_as_is.json").read_text(encoding="utf-8"))
    data["steps"][0]["stage"] = "nowhere"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with i18n.use_language("da"), pytest.raises(DataError) as err:
        journey.load(bad)
    assert "et fase-id fra 'stages'" in str(err.value)
    with i18n.use_language("en"), pytest.raises(DataError) as err:
        journey.load(bad)
    assert "a stage id from 'stages'" in str(err.value)
    with i18n.use_language("da"), pytest.raises(DataError) as err:
        journey.load(tmp_path / "missing.json")
    assert "en fil eller mappe, der findes" in str(err.value)


def test_check_file_report_in_danish():
    with i18n.use_language("da"):
        text = journey.check_file(DA_DIR / "home_care_as_is.json")
    assert text.startswith("Fandt en rejse (JSON): 'Jeg søger hjemmehjælp til min mor'")
    assert untranslated(text) == []


def test_danish_sample_is_reproducible(tmp_path):
    script = ROOT / "scripts" / "make_sample_journey.py"
    subprocess.run(
        [sys.executable, str(script), "--language", "da", "--out", str(tmp_path)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    for name in ("home_care_as_is.json", "home_care_to_be.json", "README.md"):
        assert (tmp_path / name).read_bytes() == (DA_DIR / name).read_bytes(), name
    assert journey.load(tmp_path / "home_care_as_is.xlsx") == journey.load(
        DA_DIR / "home_care_as_is.xlsx"
    )
    assert journey.load(DA_DIR / "home_care_as_is.xlsx") == journey.load(
        DA_DIR / "home_care_as_is.json"
    )
