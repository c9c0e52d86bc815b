"""The scorecard's headline cards and method notes (issue 14): every number on a card is a
scorecard cell formatted in the reader's language, tones follow the verdicts, groups under
``k`` never reach a card, and a ledger with less data gets fewer cards, never an empty one."""

from __future__ import annotations

import pandas as pd
import pytest
from babel.numbers import format_decimal, format_percent

from cocreate_kit import datasets
from cocreate_kit import ledger as lg
from cocreate_kit._brief import Card
from cocreate_kit.i18n import use_language
from cocreate_kit.ledger._scorecard import CELL_COLUMNS, Scorecard


@pytest.fixture(scope="module")
def sample():
    files = datasets.sample_project("ledger")
    project = lg.load(files.data)
    with use_language("da"):
        files_da = datasets.sample_project("ledger")
        project_da = lg.load(files_da.data)
        card_da = lg.scorecard(project_da, population=files_da.population)
        cards_da = card_da.headline_cards()
    card = lg.scorecard(project, population=files.population)
    return {"card": card, "cards": card.headline_cards(), "card_da": card_da, "cards_da": cards_da}


def _cell(card, key):
    return card.cells.set_index("key").loc[key]


def test_sample_has_four_cards_in_bason_order(sample) -> None:
    cards = sample["cards"]
    assert [type(c) for c in cards] == [Card] * 4
    assert [c.label for c in cards] == [
        "Staff cost saved",
        "Satisfaction (SUS), new vs old",
        "Decisions backed by strong evidence",
        "People who took part",
    ]
    assert len(sample["cards_da"]) == 4


def test_card_numbers_are_the_scorecards_cells_formatted_in_english(sample) -> None:
    card, (cost, sus, decisions, people) = sample["card"], sample["cards"]
    c = _cell(card, "staff_cost_saved_pct")
    assert cost.value == f"{c['value']:.0f}%"
    assert cost.interval == (f"Range {c['low']:.0f}% to {c['high']:.0f}% (cost model assumptions)")
    assert cost.n == ""  # a cost model, not a sample
    s = _cell(card, "sus_change")
    assert sus.value == f"+{round(s['value'], 1):g} SUS points"
    assert sus.interval == f"95% CI {round(s['low'], 1):g} to {round(s['high'], 1):g}"
    assert sus.n == f"n = {int(s['n'])}"
    d = _cell(card, "decisions_evidenced")
    strong = round(d["value"] * d["n"] / 100)
    assert decisions.value == f"{strong} of {int(d['n'])}"
    assert decisions.n == f"n = {int(d['n'])} decisions taken"
    # the weakest-link levels of the decisions taken, from evidence_levels
    claims = lg.evidence_levels(lg.load(datasets.sample_project("ledger").data)).claims
    taken = {"DEC01", "DEC02", "DEC03", "DEC04"}  # DEC05 is proposed
    levels = claims[claims["entity"].isin(taken)]["evidence_level"]
    assert strong == int((levels.fillna(0) >= 3).sum()) == 1
    assert people.value == str(int(_cell(card, "took_part")["value"]))
    roles = [
        f"{int(_cell(card, f'took_part_{r}')['value'])} {w}"
        for r, w in (("citizen", "citizens"), ("relative", "relatives"), ("staff", "staff"))
    ]
    assert people.interval == ", ".join(roles)


def test_card_numbers_in_danish(sample) -> None:
    card, (cost, sus, decisions, people) = sample["card_da"], sample["cards_da"]
    c = _cell(card, "staff_cost_saved_pct")
    assert cost.label == "Sparet personaleomkostning"
    assert cost.value == format_percent(c["value"] / 100, locale="da_DK")
    s = _cell(card, "sus_change")
    assert sus.value.startswith("+" + format_decimal(round(s["value"], 1), locale="da_DK"))
    assert sus.interval.startswith(format_percent(0.95, locale="da_DK"))
    assert " til " in sus.interval and " af " in decisions.value
    assert "borgere" in people.interval
    for one in sample["cards_da"]:
        text = " ".join([one.label, one.verdict, one.interval, one.n])
        for english in (" of ", "evidence", "Range", "took part", "Shown", "hidden"):
            assert english not in text, (english, text)


def test_tone_follows_the_verdict(sample) -> None:
    cost, sus, decisions, people = sample["cards"]
    card = sample["card"]
    assert not _cell(card, "staff_cost_saved_pct")["supported"] and cost.tone == "unclear"
    assert cost.verdict.startswith("Not shown to be an effect: level 1 evidence only")
    assert _cell(card, "sus_change")["supported"] and sus.tone == "good"
    assert decisions.tone == "unclear" and decisions.verdict.startswith("3 of 4 ")
    rep = card.representativeness.tests
    assert (rep["p_value"] < 0.05).any() and people.tone == "bad"
    assert "age band (D = 22%)" in people.verdict
    assert [c.tone for c in sample["cards_da"]] == [c.tone for c in sample["cards"]]


def _one(key, value, low, high, null=0.0, level=3, unit="SUS points", n=60):
    row = {
        "bottom_line": "service_experience",
        "key": key,
        "value": value,
        "low": low,
        "high": high,
        "level": 0.95,
        "null": null,
        "evidence_level": level,
        "evidence": "randomised test, one site",
        "unit": unit,
        "n": n,
    }
    cells = pd.DataFrame([row], columns=CELL_COLUMNS)
    supported = [lg._scorecard.support(c)[0] for c in cells.to_dict(orient="records")]
    cells["supported"] = pd.array(supported, dtype="boolean")
    return Scorecard(cells, None, 5, 0.95, []).headline_cards()


@pytest.mark.parametrize(
    ("value", "low", "high", "level", "tone", "verdict"),
    [
        (8.0, 2.0, 14.0, 3, "good", "Shown to be better"),
        (-8.0, -14.0, -2.0, 3, "bad", "Shown to be worse"),
        (3.0, -2.0, 8.0, 3, "unclear", "Not shown to be an effect: the interval includes"),
        (8.0, 2.0, 14.0, 1, "unclear", "Not shown to be an effect: level 1 evidence only"),
    ],
)
def test_tone_of_a_change(value, low, high, level, tone, verdict) -> None:
    (card,) = _one("sus_change", value, low, high, level=level)
    assert card.tone == tone and card.verdict.startswith(verdict)


def test_a_level_is_neutral_and_a_ledger_without_results_has_only_its_own_counts() -> None:
    (card,) = _one("sus_score", 62.9, 60.1, 65.7, null=None, level=3, unit="SUS points (0-100)")
    assert card.tone == "neutral" and card.value == "62.9 SUS points (0-100)"
    assert card.interval == "95% CI 60.1 to 65.7"
    empty = lg.scorecard({"project": [{"id": "P", "title": "t", "service": "s"}]})
    assert empty.headline_cards() == []


def test_groups_under_k_never_reach_a_card() -> None:
    roles = ["citizen"] * 7 + ["staff"] * 3 + ["relative"] * 6
    tables = {
        "project": [{"id": "P", "title": "t", "service": "s"}],
        "participants": [{"id": f"p{i}", "role": r, "consent": True} for i, r in enumerate(roles)],
        "activities": [
            {"id": "A1", "kind": "workshop", "title": "W", "date": "2026-01-01",
             "participants": [f"p{i}" for i in range(16)]}
        ],
    }  # fmt: skip
    card = lg.scorecard(lg.ledger_from_tables(tables), k=5)
    (people,) = card.headline_cards()
    assert people.value == "16" and people.interval == "7 citizens"  # staff 3 < k, relative 6
    assert "staff" not in people.interval and "relative" not in people.interval
    assert people.n == "Groups under 5 people hidden" and people.tone == "neutral"
    few = lg.scorecard(lg.ledger_from_tables({**tables, "activities": [
        {**tables["activities"][0], "participants": ["p0", "p1", "p2"]}]}), k=5)  # fmt: skip
    (hidden,) = few.headline_cards()
    assert hidden.value == "fewer than 5" and hidden.interval == ""


def test_method_notes_name_the_method_interval_and_threshold(sample) -> None:
    notes = sample["card"].method_notes()
    text = " ".join(notes)
    assert "Bason" in text and "95% confidence intervals" in text
    assert "Groups of fewer than 5 people are hidden" in text
    assert "How this was computed" in sample["card"].to_html()
    with use_language("da"):
        da = " ".join(sample["card_da"].method_notes())
    assert "Bason" in da and "95" in da and "Groups" not in da
