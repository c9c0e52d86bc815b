"""Headline cards and method notes of the journey results, and the app's briefing head.

Card values are checked against the results' own fields, formatted independently here
(babel for the locale, statsmodels for the Wilson interval, scipy for the t interval), in
English and Danish; tones follow the sensitivity range; groups below ``k`` get no card.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from babel.numbers import format_decimal, format_percent
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from cocreate_kit import i18n
from cocreate_kit._brief import NOTEBOOK_ONLY_TAG
from cocreate_kit.datasets import sample_project
from cocreate_kit.journey import (
    Assumptions,
    Journey,
    Persona,
    Rating,
    Stage,
    Step,
    compare,
    emotion_curve,
    load_project,
)

ROOT = Path(__file__).resolve().parents[1]
FILES = sample_project("journey")
PROJECT = load_project(FILES.data, to_be=FILES.to_be, events=FILES.events)
LOCALE = {"en": "en_GB", "da": "da_DK"}


def _num(value: float, digits: int, lang: str, sign: bool = False) -> str:
    text = format_decimal(
        round(value, digits) if digits else round(value),
        format="#,##0" + ("." + "0" * digits if digits else ""),
        locale=LOCALE[lang],
    )
    return "+" + text if sign and not text.startswith("-") else text


def _pct(value: float, lang: str) -> str:
    return format_percent(value, locale=LOCALE[lang])


@pytest.fixture(params=["en", "da"])
def lang(request):
    with i18n.use_language(request.param):
        yield request.param


def test_comparison_cards_are_the_totals_formatted(lang) -> None:
    cmp = PROJECT.compare()
    cards = cmp.headline_cards()
    rows = cmp.totals.set_index("measure")
    assert [c.tone for c in cards] == ["good"] * 4
    staff = rows.loc["staff_cost_per_case"]
    # The per-case cost is the yearly cost over the cases a year.
    assert staff["as_is"] == pytest.approx(rows.loc["staff_cost", "as_is"] / cmp.population)
    assert cmp.population == 1800  # the sample's citizen persona
    assert cards[0].value == _pct(-staff["saving_pct"], lang)
    assert _pct(-staff["saving_pct_high"], lang) in cards[0].interval
    assert _pct(-staff["saving_pct_low"], lang) in cards[0].interval
    assert _num(staff["as_is"], 0, lang) in cards[0].verdict
    assert _num(staff["to_be"], 0, lang) in cards[0].verdict
    assert _num(1800, 0, lang) in cards[0].n
    for card, measure, digits in zip(
        cards[1:],
        ("citizen_hours_per_case", "staff_minutes_per_case", "waiting_days_per_case"),
        (1, 0, 0),
        strict=True,
    ):
        r = rows.loc[measure]
        assert card.value.startswith(_num(-r["saving"], digits, lang))
        assert _num(-r["saving_high"], digits, lang) in card.interval
        assert _num(-r["saving_low"], digits, lang) in card.interval
        assert _num(r["as_is"], digits, lang) in card.verdict
    # The same totals, the same card numbers in both languages (only the format differs).
    assert cards[0].value.replace("\xa0", "") == "-24%"
    if lang == "da":
        assert cards[1].value == "-3,0 timer" and "Personaleomkostning" in cards[0].label


def _pair(as_is_minutes: float, to_be_minutes: float, **kw) -> object:
    st = (Stage("s1", 1, "Apply"),)
    old = Journey(
        "old", "t", "s", "as_is", stages=st, steps=(Step("a", "s1", 1, "F", **as_is_minutes),)
    )
    new = Journey(
        "new",
        "t",
        "s",
        "to_be",
        based_on="old",
        stages=st,
        steps=(Step("a", "s1", 1, "F", **to_be_minutes),),
    )
    return compare(old, new, assumptions=Assumptions(population=100, **kw))


def test_card_tone_follows_the_range() -> None:
    worse = _pair({"staff_minutes": 30}, {"staff_minutes": 60}).headline_cards()
    assert worse[0].tone == "bad" and worse[0].value.startswith("+")
    # A 4% saving with a ±15% uncertain redesign: the range includes no saving.
    close = _pair({"staff_minutes": 50}, {"staff_minutes": 48}).headline_cards()
    assert close[0].tone == "unclear"
    same = _pair(
        {"citizen_minutes": 30, "staff_minutes": 30},
        {"citizen_minutes": 30, "staff_minutes": 30},
        as_is_uncertainty=0,
        to_be_uncertainty=0,
        rate_uncertainty=0,
    ).headline_cards()
    assert same[1].value == "0.0 hours" and same[1].tone == "unclear"


def test_event_log_cards_use_wilson_intervals(lang) -> None:
    m = PROJECT.event_log_metrics()
    cards = m.headline_cards()
    assert len(cards) == 2 and {c.tone for c in cards} == {"neutral"}
    stopped = m.n_cases - m.completed
    assert cards[0].value == _pct(stopped / m.n_cases, lang)
    low, high = proportion_confint(stopped, m.n_cases, alpha=0.05, method="wilson")
    assert _pct(low, lang) in cards[0].interval and _pct(high, lang) in cards[0].interval
    assert _num(m.n_cases, 0, lang) in cards[0].n
    top = m.steps.sort_values(["drop_offs", "activity"], ascending=[False, True]).iloc[0]
    assert cards[1].value == top["activity"]
    low, high = proportion_confint(top["drop_offs"], top["cases"], alpha=0.05, method="wilson")
    assert _pct(low, lang) in cards[1].interval
    assert _num(top["drop_offs"], 0, lang) in cards[1].verdict


def _rated(sizes: dict[str, int]) -> Journey:
    personas = tuple(Persona(pid, pid.title()) for pid in sizes)
    ratings = [
        Rating(f"{pid}{i}", pid, step, value)
        for pid, n in sizes.items()
        for i in range(n)
        for step, value in (("a", (i % 3) - 2), ("b", 1))
    ]
    return Journey(
        "j",
        "t",
        "s",
        "as_is",
        personas=personas,
        stages=(Stage("s1", 1, "One"),),
        steps=(Step("a", "s1", 1, "A"), Step("b", "s1", 2, "B")),
        ratings=tuple(ratings),
    )


def test_emotion_cards_respect_k_and_use_t_intervals(lang) -> None:
    j = _rated({"citizen": 7, "small": 3})
    curve = emotion_curve(j, k=5)
    cards = curve.headline_cards()
    # The persona with 3 participants (below k) gets no card.
    assert len(cards) == 1 and "Citizen" in cards[0].label and "Small" not in str(cards)
    row = curve.shown.sort_values(["mean", "position"]).iloc[0]
    half = stats.t.ppf(0.975, row["n"] - 1) * row["sd"] / math.sqrt(row["n"])
    assert cards[0].value == _num(row["mean"], 1, lang, sign=True)
    assert _num(max(-2, row["mean"] - half), 1, lang, sign=True) in cards[0].interval
    assert _num(min(2, row["mean"] + half), 1, lang, sign=True) in cards[0].interval
    assert cards[0].tone == "bad" and _num(7, 0, lang) in cards[0].n
    assert emotion_curve(j, k=8).headline_cards() == []


def test_method_notes_state_method_and_assumptions(lang) -> None:
    cmp = PROJECT.compare(assumptions=Assumptions(staff_hourly_cost=520))
    notes = " ".join(cmp.method_notes())
    assert _num(520, 0, lang) in notes and "DKK" in notes
    assert ("konfidensinterval" if lang == "da" else "confidence interval") in notes
    assert "Wilson" in " ".join(PROJECT.event_log_metrics().method_notes())
    # The result's HTML shows them collapsed, after the detail.
    html = cmp.to_html()
    assert html.index('<details class="ck-method">') > html.index("<table")
    assert cmp.to_dict()["population"] == 1800


def test_not_given_has_no_cards() -> None:
    assert load_project(FILES.data).compare().headline_cards() == []


def test_app_head_is_a_briefing(lang) -> None:
    from cocreate_kit.apps.journey import journey_app

    app = journey_app(PROJECT, synthetic=True, language=lang)
    head = app._header()
    assert head.count("<h1>") == 1 and 'class="ck-banner"' in head
    cmp, m = PROJECT.compare(), PROJECT.event_log_metrics()
    expected = [*cmp.headline_cards()[:3], m.headline_cards()[0]]
    assert app.cards == expected
    assert 'class="ck-method"' in app._method()
    assert cmp.method_notes()[0].split(":")[0] in app.method
    # The headline is not printed again at the starting assumptions ...
    html = app.html()
    assert cmp.headline() not in html.split("<details")[0]
    # ... but other assumptions get their own sentence.
    other = app.html(staff_rate=600, uncertainty=0.3)
    moved = PROJECT.compare(
        assumptions=Assumptions(staff_hourly_cost=600, to_be_uncertainty=0.3)
    ).headline()
    assert moved in other.split("<details")[0]
    assert 'class="ck-banner"' not in journey_app(PROJECT, language=lang)._header()


def test_app_without_to_be_or_events_shows_emotion_cards() -> None:
    from cocreate_kit.apps.journey import journey_app

    app = journey_app(load_project(FILES.data))
    assert [c.label.split(":")[0] for c in app.cards] == ["Lowest point", "Lowest point"]


def test_notebook_cells_a_stakeholder_sees_twice_are_notebook_only() -> None:
    for path in (
        ROOT / "notebooks" / "journey_map.ipynb",
        ROOT / "templates" / "journey_map.ipynb",
    ):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            text = "".join(cell["source"])
            tags = cell["metadata"].get("tags", [])
            checked = "print(" in text and ("headline()" in text or "summary()" in text)
            if text.startswith("# ") or checked:
                assert NOTEBOOK_ONLY_TAG in tags, (path.name, text[:60])
        assert NOTEBOOK_ONLY_TAG in cells[0]["metadata"]["tags"]
