"""The feedback pillar's briefing: headline cards, method notes, the SUS grade-band chart.

Card values must be the results' own fields formatted in the reader's language, the tone
must follow the interval (never the point estimate alone), and no card may describe a
survey (or group) smaller than ``k``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cocreate_kit import feedback
from cocreate_kit._brief import Card
from cocreate_kit.apps.feedback import feedback_app
from cocreate_kit.charts import contrast_ratio
from cocreate_kit.datasets import dataset_path
from cocreate_kit.feedback._charts import (
    SUS_BAND_COLOURS,
    TEXT,
    fixed,
    sus_bands,
    sus_chart,
    sus_grade_table,
)
from cocreate_kit.i18n import fmt_int, fmt_percent, use_language


@pytest.fixture(scope="module")
def survey():
    return feedback.load_survey(dataset_path("feedback/homecare_survey.csv"))


def _layers(spec):
    """Every leaf layer of a layered Vega-Lite spec."""
    out = []
    for layer in spec.get("layer", [spec]):
        out.extend(_layers(layer) if "layer" in layer else [layer])
    return out


@pytest.mark.parametrize("language", ["en", "da"])
def test_overview_cards_are_the_results_fields_formatted(survey, language):
    with use_language(language):
        o = survey.overview(k=5)
        sus, nps_card, csat, people = o.headline_cards()
        assert sus.value == fixed(o.sus.mean)
        assert fixed(o.sus.ci_low) in sus.interval and fixed(o.sus.ci_high) in sus.interval
        assert fmt_percent(o.level) in sus.interval
        assert fmt_int(o.sus.n) in sus.n and o.sus.grade in sus.verdict
        assert nps_card.value == fixed(o.nps.value, 0, signed=True)
        assert fixed(o.nps.ci_low, 0, signed=True) in nps_card.interval
        assert fixed(o.nps.ci_high, 0, signed=True) in nps_card.interval
        assert fmt_percent(o.nps.promoters / o.nps.n) in nps_card.verdict
        assert fmt_percent(o.nps.detractors / o.nps.n) in nps_card.verdict
        assert csat.value == fmt_percent(o.csat["top2"])
        assert fmt_percent(o.csat["ci_low"]) in csat.interval
        assert fixed(o.csat["mean"]) in csat.verdict
        assert people.value == fmt_int(survey.n) and people.interval == ""
        assert fmt_int(5) in people.verdict
    # the bundled sample: SUS 60.1 (58.4-61.8) is wholly below 68, NPS -23 (-29 to -16)
    # wholly below 0, 44.8% satisfied (40.9%-48.8%) wholly below half
    assert [c.tone for c in (sus, nps_card, csat, people)] == ["bad", "bad", "bad", "neutral"]
    words = {"en": "below the average", "da": "under det gennemsnitlige"}
    assert words[language] in sus.verdict


def test_cards_are_in_danish_with_danish_numbers(survey):
    with use_language("da"):
        cards = survey.overview().headline_cards()
    assert cards[0].label == "Brugervenlighed (SUS, 0-100)"
    assert cards[0].value == "60,1" and "95\xa0%" in cards[0].interval
    assert cards[3].label == "Respondenter" and cards[3].value == "600"


@pytest.mark.parametrize(
    ("scores", "tone", "words"),
    [
        ([80.0, 85.0, 82.5, 77.5, 90.0, 80.0], "good", "above the average"),
        ([40.0, 45.0, 42.5, 50.0, 47.5, 45.0], "bad", "below the average"),
        ([40.0, 95.0, 60.0, 75.0, 90.0, 55.0], "unclear", "not clearly different"),
    ],
)
def test_sus_tone_follows_the_interval_against_68(scores, tone, words):
    result = feedback.sus_summary(pd.Series(scores))
    (card,) = result.headline_cards()
    assert card.tone == tone and words in card.verdict
    assert card.verdict.startswith(f"Grade {result.grade}:")


@pytest.mark.parametrize(
    ("scores", "tone", "words"),
    [
        ([10] * 30 + [9] * 20 + [3] * 5, "good", "More promoters"),
        ([0] * 30 + [5] * 20 + [10] * 5, "bad", "More detractors"),
        ([10, 0, 9, 6, 8, 7, 10, 2], "unclear", "about even"),
    ],
)
def test_nps_tone_follows_the_interval_against_zero(scores, tone, words):
    result = feedback.nps(scores)
    (card,) = result.headline_cards()
    assert card.tone == tone and words in card.verdict
    assert card.value == fixed(result.value, 0, signed=True)


def test_no_cards_without_answers_or_under_k(survey):
    assert feedback.nps([]).headline_cards() == []
    assert feedback.sus_summary(pd.Series([], dtype=float)).headline_cards() == []
    hidden = survey.overview(k=survey.n + 1)
    assert hidden.headline_cards() == [] and hidden.hidden
    assert "nothing is shown" in hidden.to_html()
    small = survey.subset(survey.in_group("area", survey.data["area"].iloc[0]))
    assert small.overview(k=small.n).headline_cards()
    assert small.overview(k=small.n + 1).headline_cards() == []


def test_app_cards_method_and_banner(survey):
    app = feedback_app(survey, k=5, synthetic=True)
    assert [c.label for c in app.cards] == [c.label for c in survey.overview().headline_cards()]
    assert all(isinstance(c, Card) for c in app.cards)
    html = app.static_html()
    assert html.index('class="ck-cards"') < html.index('class="ck-note"')  # headline first
    assert 'class="ck-banner"' in html
    assert html.count('class="ck-method"') == 1  # once, at the end, not per result
    method = html[html.index('<details class="ck-method">') :]
    assert "Student t interval" in method and "Agresti-Coull" in method
    assert "Sauro-Lewis" in method and "fewer than 5 respondents are hidden" in method
    # a survey smaller than k gets no headline at all
    tiny = survey.subset(survey.data.index < 4)
    assert feedback_app(tiny, k=5).cards == []
    assert 'class="ck-banner"' not in feedback_app(survey, k=5).static_html()


def test_method_notes_in_danish(survey):
    with use_language("da"):
        notes = survey.overview().method_notes()
    assert any("Student t-interval" in n for n in notes)
    assert any("Agresti-Coull-interval" in n for n in notes)


def test_sus_bands_follow_the_curved_scale():
    bands = sus_bands()
    assert bands["band"].tolist() == ["F", "D", "C", "B", "A"]
    assert bands["low"].tolist() == [0.0, 51.7, 62.7, 72.6, 78.9]
    assert bands["high"].tolist() == [51.7, 62.7, 72.6, 78.9, 100.0]
    grades = sus_grade_table()
    assert len(grades) == 11 and grades["grade"].tolist()[-1] == "F"
    # each grade's range ends where the next higher one starts
    assert grades["ci_high"].tolist()[1:] == grades["ci_low"].tolist()[:-1]
    for low, high, grade in grades[["ci_low", "ci_high", "grade"]].itertuples(index=False):
        assert feedback.sus_grade((low + high) / 2) == grade


def test_sus_chart_draws_the_mean_in_front_of_labelled_grade_bands(survey):
    result = feedback.sus_summary(feedback.sus_scores(survey.data))
    fig = sus_chart(result)
    spec = fig.spec()
    assert spec["width"] >= 400  # no longer a 200 px dot
    layers = _layers(spec)
    marks = [layer["mark"]["type"] for layer in layers]
    assert marks[:2] == ["rect", "text"]  # bands first (behind), then their letters
    assert {"rule", "point"} <= set(marks)
    letters = next(
        layer for layer in layers if layer["encoding"].get("text", {}).get("field") == "band"
    )
    assert letters["mark"]["type"] == "text"
    band_rows = next(rows for rows in spec["datasets"].values() if rows and "band" in rows[0])
    assert [r["band"] for r in band_rows] == ["F", "D", "C", "B", "A"]
    assert [r["colour"] for r in band_rows] == list(SUS_BAND_COLOURS)
    x = next(
        layer["encoding"]["x"]
        for layer in layers
        if "x2" in layer["encoding"] and layer["mark"]["type"] == "rule"
    )
    assert x["scale"]["domain"] == [0, 100]
    # text and the black marks stay readable on every band (WCAG 1.4.11 / 1.4.3)
    assert min(contrast_ratio(TEXT, c) for c in SUS_BAND_COLOURS) >= 4.5
    # the table alternative lists the mean, its interval, the benchmark and every grade
    table = fig.table
    assert len(table) == 3 + 11
    assert table.iloc[0, 1] == pytest.approx(result.mean)
    assert table.iloc[1, 1:].tolist() == pytest.approx([result.ci_low, result.ci_high])
    assert "A+" in table.iloc[:, 0].tolist() and "F" in table.iloc[:, 0].tolist()
    html = fig.to_html()
    assert "A+" in html and "84.1" in html


def test_segment_chart_has_the_bands_too(survey):
    spec = feedback.metrics_by_segment(survey, "role").chart().spec()
    marks = [layer["mark"]["type"] for layer in _layers(spec)]
    assert marks[:2] == ["rect", "text"] and spec["width"] >= 400


@pytest.mark.parametrize("language", ["en", "da"])
def test_agreement_card_is_the_results_fields_and_reading(language):
    from cocreate_kit import datasets

    fb = datasets.sample_project("feedback")
    sheet = feedback.load_coding_sheet(fb.coding, feedback.load_codebook(fb.codebook))
    with use_language(language):
        result = feedback.coding_agreement(sheet, n_boot=50)
        (card,) = result.headline_cards()
        assert card.value == fixed(result.value, 3)
        assert fixed(result.ci_low, 3) in card.interval
        assert fixed(result.ci_high, 3) in card.interval
        assert fmt_int(result.n_units) in card.n and fmt_int(result.n_coders) in card.n
        assert card.verdict.lower().rstrip(".") in result.summary().lower()
        notes = " ".join(result.method_notes())
        assert fmt_int(50) in notes and "Krippendorff" in notes
    # alpha 0.665 is below .667: "not reliable", so the card is unfavourable
    assert result.value < 0.667 and card.tone == "bad"
    assert feedback.coding_agreement(None).headline_cards() == []
    assert feedback.coding_agreement(None).method_notes() == []


@pytest.mark.parametrize(
    ("codes", "tone"),
    [
        (["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"] * 3, "good"),
        (["a", "a", "b", "a", "b", "b", "a", "b", "a", "a"] * 3, "bad"),
    ],
)
def test_agreement_card_tone_follows_the_reading(codes, tone):
    n = len(codes)
    second = list(codes) if tone == "good" else ["a", "b"] * (n // 2)
    long = pd.DataFrame(
        {
            "unit": list(range(n)) * 2,
            "coder": ["A"] * n + ["B"] * n,
            "code": list(codes) + second,
        }
    )
    result = feedback.agreement(long, n_boot=50)
    (card,) = result.headline_cards()
    assert card.tone == tone, (result.summary(), card)
