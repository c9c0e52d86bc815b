"""Issue 14, the page pattern for the prototype-test, explorer and your-data apps.

Headline cards hold what the results computed, formatted in the current language; the
method text is collapsed under "How this was computed"; every app page has one ``<h1>``,
the banner on synthetic data and 2-4 cards before its controls. In the browser, every app
(served and exported, English and Danish, 1280 and 390 px) is checked in
``test_page_pattern.py``; here, the your-data workbench switched to a prototype test.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from cocreate_kit.datasets import dataset_path, read_dataset
from cocreate_kit.experiment import KIND, analyse, compare
from cocreate_kit.i18n import fmt_int, fmt_percent, use_language

TONES = {"better": "good", "worse": "bad", "equivalent within the margin": "neutral"}
TONES["not enough evidence yet"] = "unclear"


@pytest.fixture(scope="module")
def report():
    return analyse(
        read_dataset("experiment/home_care_form.csv"),
        plan=dataset_path("experiment/home_care_form_plan.yaml"),
    )


@pytest.fixture(scope="module")
def visits():
    return read_dataset("explorer_visits.csv")


def _expected(res, variant: str) -> dict[str, str]:
    """A card's texts worked out here from the result's own fields."""
    row = res.table.set_index("variant").loc[variant]
    kind = KIND[res.kind]
    n = res.arms.set_index("variant")["n"]
    return {
        "value": kind.fmt(row["effect"], effect=True),
        "low": kind.fmt(row["effect_ci_low"], effect=True),
        "high": kind.fmt(row["effect_ci_high"], effect=True),
        "n": f"{res.control} n = {fmt_int(n[res.control])}, {variant} n = {fmt_int(n[variant])}",
        "tone": TONES[row["verdict"]],
    }


# -- experiment cards -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "da"])
def test_report_cards_are_the_results_fields_formatted(report, language):
    with use_language(language):
        cards = report.headline_cards()
        assert 2 <= len(cards) <= 4
        metrics = [c.label.split(" ")[0] for c in cards]
        # The primary metric first, then the guardrail, then a decided secondary metric.
        assert metrics == ["completed", "errors", "time_s"]
        for card, metric in zip(cards, metrics, strict=True):
            res = report.results[metric]
            want = _expected(res, "B")
            assert card.value == want["value"]
            assert want["low"] in card.interval and want["high"] in card.interval
            assert card.n == want["n"]
            assert card.tone == want["tone"]
            assert "B" in card.verdict and "A" in card.verdict
    if language == "da":
        assert cards[0].interval.startswith("95\xa0%-konfidensinterval")
        assert cards[0].value == "+13,3 point"
        assert cards[0].verdict == "Ikke nok evidens endnu til at skelne B fra A."
        assert (
            cards[0].label == "completed (primær): B over for A" and "(værnemål)" in cards[1].label
        )
    else:
        assert cards[0].interval == "95% CI -9.0 points to +34.1 points"
        assert cards[0].verdict == "Not enough evidence yet to tell B from A."
        assert cards[2].verdict == "B is better than A."


def _trial(done_b: int, errors_b: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "participant": range(120),
            "variant": ["A"] * 60 + ["B"] * 60,
            "done": [1] * 30 + [0] * 30 + [1] * done_b + [0] * (60 - done_b),
            "errors": [0, 1] * 30 + errors_b,
        }
    )


def test_tone_follows_the_verdict_and_a_worse_guardrail_is_shown():
    data = _trial(50, [3, 4] * 30)
    plan = {
        "hypothesis": "B completes more.",
        "primary_metric": "done",
        "metrics": {"done": "binary", "errors": "count"},
        "guardrails": ["errors"],
        "control": "A",
    }
    rep = analyse(data, plan=plan)
    assert rep.results["done"].verdicts == {"B": "better"}
    assert rep.results["errors"].verdicts == {"B": "worse"}
    done, errors = rep.headline_cards()
    assert (done.tone, errors.tone) == ("good", "bad")
    assert errors.verdict == "B is worse than A." and "(guardrail)" in errors.label


def test_several_variants_one_card_each_and_no_interval_when_not_computable():
    flat = pd.DataFrame({"variant": ["A"] * 20 + ["B"] * 20 + ["C"] * 20, "ok": [5.0] * 60})
    res = compare(flat, metric="ok", kind="continuous", control="A")
    cards = res.headline_cards()
    assert [c.label for c in cards] == ["ok: B vs A", "ok: C vs A"]
    assert all(math.isnan(x) for x in res.table["p_value"])
    assert [c.interval for c in cards] == ["", ""]  # NaN: the method notes say why
    assert any("p not computable" in note for note in res.method_notes())


def test_method_notes_name_test_interval_rule_and_plan(report):
    notes = report.method_notes()
    text = " ".join(notes)
    assert "completed: N-1 two-proportion test; Newcombe interval; 95% confidence intervals." in (
        notes
    )
    assert "Holm-adjusted p-value below 0.05" in text
    assert f"Analysis plan SHA-256: {report.plan_sha256[:12]}." in notes
    assert report.plan.hypothesis in text
    with use_language("da"):
        assert "konfidensintervaller" in " ".join(report.method_notes())
    # Shown collapsed at the end of each result, under "How this was computed".
    html = report.results["completed"].to_html()
    assert re.search(r'<details class="ck-method"><summary>How this was computed', html)
    assert "probability better than control 87%" in html.split('<div class="ck-method-body">')[1]


# -- the prototype-test app -----------------------------------------------------------------


def test_prototype_app_is_a_briefing(report):
    from cocreate_kit.apps.experiment import prototype_test_app

    html = prototype_test_app(report, synthetic=True).static_html()
    assert html.count("<h1>") == 1 and html.count('class="ck-banner"') == 1
    assert html.count('class="ck-card ') == 3
    head, rest = html.split('class="ck-cards"', 1)
    assert "ck-what" in head and "Settings shown" in rest  # the cards come before controls
    assert "Analysis plan SHA" not in head  # the stamp is a method note now
    assert rest.removesuffix("</section>").endswith("</div></details>")  # method last, collapsed
    with use_language("da"):
        da = prototype_test_app(report).static_html()
    assert "ck-banner" not in da and "Ikke nok evidens endnu til at skelne B fra A." in da


# -- the explorer -------------------------------------------------------------------------


def test_overview_numbers_and_cards(visits):
    from cocreate_kit.explore import overview

    ov = overview(visits)
    total = visits["contacts"].sum()
    satisfied = (visits["satisfied_share"] * visits["contacts"]).sum() / total
    per_contact = visits["cost_dkk"].sum() / total
    assert ov.contacts == total and ov.months == visits["month"].nunique()
    assert ov.satisfied_share == pytest.approx(satisfied)
    assert ov.cost_per_contact == pytest.approx(per_contact)
    web = overview(visits, channel="Web")
    assert web.contacts == visits.loc[visits["channel"] == "Web", "contacts"].sum()
    for language, dkk in (("en", "{n} DKK"), ("da", "{n} kr.")):
        with use_language(language):
            cards = ov.headline_cards()
            assert [c.value for c in cards] == [
                fmt_int(total),
                fmt_percent(satisfied, 1),
                dkk.format(n=fmt_int(per_contact)),
            ]
            monthly = visits.groupby("month")[["contacts", "cost_dkk"]].sum()
            cheapest = (monthly["cost_dkk"] / monthly["contacts"]).min()
            assert dkk.format(n=fmt_int(cheapest)) in cards[2].interval
    with pytest.raises(ValueError, match="Unknown channel"):
        overview(visits, channel="Fax")


def test_explorer_app_is_a_briefing(visits):
    from cocreate_kit.apps.explorer import explorer_app

    html = explorer_app(visits, synthetic=True, language="da").static_html()
    assert html.count("<h1>") == 1 and "ck-banner" in html
    assert html.count('class="ck-card ') == 3 and "10.306" in html
    assert "Henvendelser og omkostninger er summer" in html.split('<details class="ck-method">')[1]


# -- your data ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["experiment", "feedback", "journey"])
def test_your_data_page_has_one_h1_and_the_analysis_at_level_2(kind):
    from cocreate_kit.apps.yourdata import your_data_app

    app = your_data_app(kind)
    html = app.static_html()
    assert html.count("<h1>") == 1 and "<h1>Analyse your own data</h1>" in html
    assert html.count('class="ck-banner"') == 1  # the bundled sample is synthetic
    assert app.analysis.level == 2 and "<h2>Analysis of your" in html
    if kind == "experiment":  # the pillars' own cards are the page's headline
        assert html.count('class="ck-card ') == 3


def test_your_data_banner_goes_on_upload(report):
    from cocreate_kit.apps.yourdata import your_data_app

    app = your_data_app("experiment")
    path = dataset_path("experiment/home_care_form.csv")
    app.load(path.read_bytes(), "mine.csv")
    html = app.static_html()
    assert app.error == "" and "ck-banner" not in html
    assert html.count('class="ck-card ') == 3


# -- in the browser: served (Voila) and exported, English and Danish, 1280 and 390 px -------


def _wait_text(page, selector: str, text: str, timeout_s: float = 120.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if text in page.eval_on_selector(selector, "el => el.innerHTML"):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{text!r} never appeared in {selector}")


def _check_page(page) -> dict:
    """The page-pattern problems at 1280 and 390 px; clipped chart text is the charts
    helper's (``charts.py``), so it is reported separately by the caller."""
    import browser_helpers as bh

    found = bh.layout_problems_at_widths(page)
    clipped = {w: p.pop("svg_text_outside") for w, p in found.items() if "svg_text_outside" in p}
    return {"problems": {w: p for w, p in found.items() if p}, "clipped": clipped}


@pytest.mark.browser
@pytest.mark.slow
def test_your_data_prototype_test_reads_as_a_briefing(voila_server, page):
    """The your-data workbench switched to a prototype test: its cards and page pattern.

    (Every app as it opens, served and exported, in English and Danish, is checked in
    ``test_page_pattern.py``; the workbench opens on a survey, so the prototype test's
    cards in it are checked here.)"""
    import browser_helpers as bh

    name = "your_data.ipynb"
    watch = bh.Watch(page)
    page.goto(f"{voila_server.url}voila/render/{name}", timeout=300_000)
    page.set_default_timeout(300_000)
    bh.wait_for_app(page, timeout_ms=300_000)
    page.locator(".ck-controls select").first.select_option(index=1)
    _wait_text(page, ".ck-app", "ck-card ")
    page.wait_for_selector(".ck-cards .ck-card", state="visible")
    assert page.locator("h1").count() == 1
    assert page.locator(".ck-banner").count() == 1  # the bundled sample is synthetic
    checked = _check_page(page)
    assert checked["problems"] == {}
    assert checked["clipped"] == {}
    assert watch.problems() == {}


def test_event_log_cards_only_when_no_count_is_hidden(monkeypatch):
    """The journey pillar's event-log cards name counts of cases; with a count under k
    hidden in the tables, the your-data page shows no such card."""
    from cocreate_kit._brief import Card
    from cocreate_kit.apps.yourdata import your_data_app
    from cocreate_kit.journey import EventLogMetrics

    def cards(self):
        return [Card("Cases", str(self.n_cases), "All cases."), Card("Events", "1", "x")]

    monkeypatch.setattr(EventLogMetrics, "headline_cards", cards)
    rows = ["case_id,activity,timestamp"]
    for c in range(20):  # apply > withdraw: 2 cases, fewer than k = 5
        last = "decide" if c < 10 else ("refer" if c < 18 else "withdraw")
        day = 1 + c % 9
        rows += [f"c{c},apply,2026-01-0{day} 09:00", f"c{c},{last},2026-01-0{day} 12:00"]
    app = your_data_app("journey")
    app.load(("\n".join(rows) + "\n").encode(), "log.csv")
    assert app.error == "" and app.analysis.cards == []
    big = [r.replace("withdraw", "refer") for r in rows]  # 10 and 10 cases: nothing hidden
    app.load(("\n".join(big) + "\n").encode(), "log.csv")
    assert app.error == "" and [c.value for c in app.analysis.cards] == ["20", "1"]
