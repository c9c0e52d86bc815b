"""The feedback pillar and app in Danish (issue 13): translated text, Danish numbers, the same
results on the Danish sample as on the English one, Danish charts, and unchanged English."""

from __future__ import annotations

import html
import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_decimal, format_percent
from i18n_helpers import untranslated

from cocreate_kit import DataError, datasets, feedback
from cocreate_kit.apps.feedback import feedback_app
from cocreate_kit.i18n import use_language

ROOT = Path(__file__).resolve().parent.parent
N_BOOT = 200


def _load(language: str) -> dict:
    """The bundled sample in ``language`` (sample_project picks sample_data/da/ in Danish),
    with every feedback result computed in that language."""
    with use_language(language):
        files = datasets.sample_project("feedback")
        names = feedback.load_names(files.names)
        survey = feedback.load_survey(files.data, names=names)
        codebook = feedback.load_codebook(files.codebook)
        sheet = feedback.load_coding_sheet(files.coding, codebook, names=names)
        return {
            "files": files,
            "survey": survey,
            "sheet": sheet,
            "metrics": list(survey.metrics(k=5)),
            "likert": feedback.likert(survey, k=5),
            "likert_by": feedback.likert(survey, by=survey.segments[-1], k=5),
            "themes": survey.themes(k=5),
            "agreement": feedback.coding_agreement(sheet, n_boot=N_BOOT),
        }


@pytest.fixture(scope="module")
def en():
    return _load("en")


@pytest.fixture(scope="module")
def da():
    return _load("da")


def _results(sample: dict) -> list:
    return [*sample["metrics"], sample["likert"], sample["likert_by"], sample["themes"]] + [
        sample["agreement"]
    ]


def test_danish_sample_files_are_used(da, en):
    assert "sample_data/da/feedback" in Path(da["files"].data).as_posix()
    assert "sample_data/da/feedback" not in Path(en["files"].data).as_posix()
    assert da["survey"].segments == ["rolle", "område", "aldersgruppe", "kanal"]
    assert en["survey"].segments == ["role", "area", "age_group", "channel"]


def test_danish_texts_have_no_untranslated_english(da):
    with use_language("da"):
        for result in _results(da):
            text = " ".join([str(result.title), result.summary(), *result.warnings()])
            assert untranslated(text) == [], text
            html = result.to_html(include_chart=False)
            assert untranslated(html) == [], type(result).__name__
        assert untranslated(da["survey"].describe()) == []
        assert da["survey"].headline() == "600 respondenter; 4 måder at gruppere dem på."
        assert untranslated(da["sheet"].describe()) == []


def test_danish_summaries_use_danish_terms_and_numbers(da):
    sus, nps_result = da["metrics"][0], da["metrics"][1]
    with use_language("da"):
        s = sus.summary()
        assert "konfidensinterval" in s and "Gennemsnitlig SUS-score" in s
        assert format_decimal(round(sus.mean, 1), format="#,##0.0", locale="da_DK") in s
        assert "," in format_decimal(round(sus.mean, 1), format="#,##0.0", locale="da_DK")
        assert format_percent(sus.level, locale="da_DK") in s  # "95 %"
        assert f"{sus.mean:.1f}" not in s  # no English decimal point
        assert "ambassadører" in nps_result.summary() and "kritikere" in nps_result.summary()
        a = da["agreement"].summary()
        assert a.startswith("Krippendorffs alfa (nominel) = ")
        value = format_decimal(da["agreement"].value, format="0.000", locale="da_DK")
        assert value in a and value.startswith("0,")
        assert da["likert"].summary().startswith("Højeste netto-enighed: 'De medarbejdere")
        assert da["metrics"][0].warnings()[0].startswith("25 respondenter sprang")


def test_english_output_is_unchanged(en):
    sus, nps_result = en["metrics"][0], en["metrics"][1]
    assert sus.summary() == (
        "Mean SUS score 60.1 (n = 600; 95% confidence interval 58.4 to 61.8), grade D on the "
        "Sauro-Lewis curved scale; below the benchmark average of 68."
    )
    assert nps_result.summary() == (
        "NPS -23 (n = 600: 151 promoters, 161 passives, 288 detractors; 95% interval -29 to -16)."
    )
    assert en["metrics"][2].summary() == (
        "Across 2 shown segments of 'role', mean SUS ranges from 58.5 (user, n = 379) to "
        "62.9 (relative, n = 221)."
    )
    assert en["agreement"].summary().startswith("Krippendorff's alpha (nominal) = 0.")
    assert str(sus.title) == "System Usability Scale (SUS)"
    assert sus.to_dict()["title"] == "System Usability Scale (SUS)"
    assert en["survey"].describe().splitlines()[0] == "600 respondents (id column 'respondent_id')."


def test_one_result_shows_in_both_languages(en):
    """Text is produced when shown: the same result reads in either language."""
    sus = en["metrics"][0]
    with use_language("da"):
        danish = sus.summary()
        assert str(sus.title) == "System Usability Scale (SUS)"  # the scale's name (glossary)
        assert sus.to_dict()["summary"] == danish
    assert sus.summary() != danish and sus.summary().startswith("Mean SUS score 60.1")


def _numbers(result) -> list:
    """Every number of a result's tables, in order (labels dropped)."""
    out = []
    for _caption, df in result._tables():
        out.extend(df.select_dtypes("number").to_numpy(dtype=float).ravel().tolist())
    return out


def test_danish_sample_gives_the_same_numbers(en, da):
    for a, b in zip(en["metrics"], da["metrics"], strict=True):
        x, y = a.to_dict(), b.to_dict()
        for key in ("mean", "ci_low", "ci_high", "sd", "n", "value", "se", "promoters"):
            assert x.get(key) == y.get(key), key
    for a, b in zip(en["metrics"][2:], da["metrics"][2:], strict=True):
        ta = a.table.drop(columns=[a.by]).sort_values("n", kind="stable").reset_index(drop=True)
        tb = b.table.drop(columns=[b.by]).sort_values("n", kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(ta, tb)
    pd.testing.assert_frame_equal(en["likert"].table, da["likert"].table)
    by_en, by_da = en["likert_by"].table, da["likert_by"].table
    cols = [c for c in by_en.columns if c not in ("channel",)]
    key = ["item", "n"]
    pd.testing.assert_frame_equal(
        by_en[cols].sort_values(key).reset_index(drop=True),
        by_da[[c if c != "channel" else "kanal" for c in cols]]
        .sort_values(key)
        .reset_index(drop=True),
    )
    np.testing.assert_array_equal(
        en["themes"].themes["n_texts"].to_numpy(), da["themes"].themes["n_texts"].to_numpy()
    )
    assert list(en["themes"].themes["label"]) == list(da["themes"].themes["label"])
    ag_en, ag_da = en["agreement"], da["agreement"]
    assert (ag_en.value, ag_en.ci_low, ag_en.ci_high, ag_en.n_units) == (
        ag_da.value,
        ag_da.ci_low,
        ag_da.ci_high,
        ag_da.n_units,
    )
    np.testing.assert_array_equal(
        np.sort(ag_en.per_code["value"].to_numpy()), np.sort(ag_da.per_code["value"].to_numpy())
    )


def test_charts_have_danish_titles_and_axis_formats(da):
    sus, nps_result, by_area = da["metrics"][0], da["metrics"][1], da["metrics"][3]
    with use_language("da"):
        figures = {
            "sus": sus.chart(),
            "nps": nps_result.chart(),
            "segments": by_area.chart(),
            "likert": da["likert"].chart(),
            "themes": da["themes"].chart(),
            "agreement": da["agreement"].chart(),
        }
        specs = {name: fig.chart.to_dict() for name, fig in figures.items()}
    assert figures["sus"].title == "Gennemsnitlig SUS-score og karakterbånd"
    assert figures["nps"].title == "Ambassadører, passive og kritikere"
    assert figures["segments"].title == "Gennemsnitlig SUS efter område"
    assert figures["likert"].title == "Enighed i udsagn"
    assert figures["themes"].title == "Kommentarer pr. tema"
    assert figures["agreement"].title == "Krippendorffs alfa pr. kode"
    text = " ".join(json.dumps(spec, ensure_ascii=False) for spec in specs.values())
    for title in (
        "SUS-score (0-100)",
        "% af svarene",
        "Gennemsnitlig SUS med 95\xa0%-interval",
        "% af svarene (til venstre: uenig, til højre: enig)",
        "Helt uenig",
        "Ambassadører (9-10)",
    ):
        assert title in text, title
    assert untranslated(text) == []
    for name, spec in specs.items():
        assert '"format": ",.' in json.dumps(spec), name  # d3 formats: the Danish locale applies
    for fig in figures.values():
        assert untranslated(fig.description) == []


def test_error_texts_are_danish(tmp_path):
    bad = tmp_path / "survey.csv"
    bad.write_text("respondent_id,nps\nR1,11\nR1,5\n", encoding="utf-8")
    with use_language("da"), pytest.raises(DataError) as err:
        feedback.nps([3, 11, 5])
    assert "et helt tal fra 0 til 10" in str(err.value)
    with use_language("da"), pytest.raises(DataError) as err:
        feedback.load_survey(bad)
    assert "et respondent-id, der ikke er brugt i en tidligere række" in str(err.value)
    book = tmp_path / "codebook.csv"
    book.write_text("code,parent\na,\na,b\n", encoding="utf-8")
    with use_language("da"), pytest.raises(DataError) as err:
        feedback.load_codebook(book)
    assert "et kodenavn, der ikke er brugt i en tidligere række" in str(err.value)
    people = tmp_path / "people.csv"
    people.write_text("navn\nBirthe\n", encoding="utf-8")
    with use_language("da"), pytest.raises(DataError) as err:
        feedback.load_names(people)
    assert "en kolonne 'name' med ét deltagernavn pr. række" in str(err.value)
    codings = pd.DataFrame({"unit": [1, 1], "coder": ["A", "A"], "code": ["x", "y"]})
    with use_language("da"), pytest.raises(DataError) as err:
        feedback.agreement(codings)
    assert "én række pr. unit og coder (enheden 1 er allerede kodet" in str(err.value)
    with pytest.raises(DataError) as err:  # English stays as it was
        feedback.agreement(codings)
    assert "one row per unit and coder (unit 1 already coded by this coder" in str(err.value)


def test_danish_app_labels_views_and_quote_languages(da):
    survey, sheet = da["survey"], da["sheet"]
    app = feedback_app(survey, coding=sheet, language="da")
    assert app.controls["group"].description == "Vis respondenter"
    assert app.controls["view"].description == "Visning"
    assert "Alle respondenter (n=600)" in app.controls["group"].options[0][0]
    assert app.intro.startswith("Hvad respondenterne sagde om ydelsen")
    assert [c.label for c in app.cards][0] == "Brugervenlighed (SUS, 0-100)"
    assert app.title == "Feedback fra brugere og pårørende"
    pages = [app.html(view=view) for view in ("overview", "likert", "themes", "coding")]
    pages.append(app.html(view="likert", by="kanal"))
    pages.append(app.html(group=("område", "Ø-distriktet")))
    for page in pages:
        assert untranslated(re.sub(r"<svg.*?</svg>", "", page, flags=re.S)) == []
    assert "Viser alle respondenter (n = 600)." in pages[0]
    assert "Den gruppe er ikke tilgængelig." in pages[-1]  # a forged small group is refused
    _check_quote_languages(pages[2], "da")
    # The app stays Danish when rendered later, whatever the process language is then.
    with use_language("en"):
        assert "Viser alle respondenter" in app.html(view="overview")


def _check_quote_languages(page: str, language: str) -> None:
    """Each shown quote carries ``lang`` exactly when it is detectably in another language
    than the page's (the sample's top quotes are Danish: on the English page they all do)."""
    quotes = re.findall(r'<q(?: lang="(\w+)")?>(.*?)</q>', page, flags=re.S)
    assert len(quotes) >= 6
    for lang, text in quotes:
        detected = feedback.detect_language(html.unescape(text))
        assert lang == (detected if detected not in ("unknown", language) else ""), text


def test_english_app_marks_danish_quotes(en):
    app = feedback_app(en["survey"], coding=en["sheet"], language="en")
    page = app.html(view="themes")
    _check_quote_languages(page, "en")
    assert 'lang="da"' in page
    assert "Showing all respondents (n = 600)." in page
    # The exported theme result marks its quote cells the same way.
    cells = re.findall(r'<td lang="(\w+)">', en["themes"].to_html(include_chart=False))
    assert cells and set(cells) == {"da"}
    with use_language("da"):
        assert 'lang="' not in en["themes"].to_html(include_chart=False)
    assert app.controls["group"].description == "Show respondents"


def test_danish_sample_files_are_reproducible(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "make_sample_feedback", ROOT / "scripts" / "make_sample_feedback.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_danish(ROOT / "sample_data" / "feedback", tmp_path)
    for name in ("homecare_survey.csv", "codebook.csv", "coding_sheet.csv"):
        committed = ROOT / "sample_data" / "da" / "feedback" / name
        assert (tmp_path / name).read_bytes() == committed.read_bytes(), name
    survey_en = pd.read_csv(ROOT / "sample_data" / "feedback" / "homecare_survey.csv", dtype=str)
    survey_da = pd.read_csv(tmp_path / "homecare_survey.csv", dtype=str)
    assert survey_en["respondent_id"].tolist() == survey_da["respondent_id"].tolist()
    assert survey_en["comment"].fillna("").tolist() == survey_da["kommentar"].fillna("").tolist()
    assert set(survey_da["rolle"]) == {"bruger", "pårørende"}
