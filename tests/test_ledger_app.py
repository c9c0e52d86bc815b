"""The ledger app without a browser: what it shows, the drill-down, errors as messages.

The browser checks (served and exported, keyboard, axe, offline) are in
``tests/test_ledger_app_browser.py``.
"""

from __future__ import annotations

import re

import pytest

from cocreate_kit import datasets, ledger
from cocreate_kit.apps import ledger as ledger_apps
from cocreate_kit.apps.ledger import WHOLE_LEDGER, ledger_app


@pytest.fixture(scope="module")
def sample():
    files = datasets.sample_project("ledger")
    return ledger.load(files.data), files.population


@pytest.fixture(scope="module")
def app(sample):
    project, population = sample
    return ledger_app(project, population=population)


def _graph_ids(html: str) -> list[str]:
    return re.findall(r'class="ck-graph-node" aria-label="([^"·]+) ·', html)


def test_first_control_is_a_labelled_dropdown_of_decisions_and_pain_points(sample, app) -> None:
    project, _ = sample
    control = app.controls["focus"]
    assert type(control).__name__ == "Dropdown" and control.description == "Show the chain of"
    values = [value for _label, value in control.options]
    pains = project.insights.loc[project.insights["kind"] == "pain_point", "id"].tolist()
    assert values == [WHOLE_LEDGER, *project.decisions["id"], *pains]
    labels = [label for label, _value in control.options]
    assert labels[1].startswith(f"Decision {project.decisions['id'].iloc[0]}: ")


def test_whole_ledger_shows_graph_headline_scorecard_participation_and_gaps(sample, app) -> None:
    project, population = sample
    html = app.html()
    card = ledger.scorecard(project, population=population)
    # the headline is the scorecard's cards, in the page head (not repeated in the output)
    assert app.cards == card.headline_cards() and len(app.cards) == 4
    head = app._header()
    assert head.index("<h1>") < head.index('class="ck-what"') < head.index('class="ck-cards"')
    assert head.count('class="ck-card ') == 4 and '<p class="ck-summary"><strong>' not in html
    assert html.startswith('<p class="ck-note">Pick a decision to see the evidence')
    assert "How this was computed" in app._method()  # the evidence levels' method, last
    assert "the weakest test or measure in its chain" in app._method()
    assert len(_graph_ids(html)) == sum(
        len(getattr(project, t))
        for t in ledger.TABLES
        if t not in ("project", "participants", "links")
    )
    for title in ("Public value scorecard", "Who took part", "Gaps in the chain"):
        assert f"<h2>{title}</h2>" in html
    assert ledger.gaps(project).summary() in html
    assert "could not be drawn" not in html and "Traceback" not in html
    # each graded box says its evidence level, as the ledger grades it
    levels = ledger.evidence_levels(project)
    assert 'aria-label="TEST01 · ' in html
    test01 = html.split('aria-label="TEST01 · ')[1].split("</a>")[0]
    assert f"evidence level {levels.level_of('TEST01')} </text>" in test01
    # Participants are people: their pseudonymous ids never reach the page.
    assert not [p for p in project.participants["id"] if f">{p}<" in html or f" {p} " in html]


def test_picking_a_decision_draws_its_chain(sample, app) -> None:
    project, _ = sample
    decision = "DEC01"
    html = app.html(focus=decision)
    drill = ledger.chain(project, decision)
    assert sorted(_graph_ids(html)) == sorted(drill.rows["entity"])
    assert f"The chain of {decision}" in html
    assert html.count("(chosen)") == 2  # the node's name and its entry in the list
    assert drill.summary().replace("'", "&#x27;") in html  # the chain's table follows
    pain = project.insights.loc[project.insights["kind"] == "pain_point", "id"].iloc[0]
    other = app.html(focus=pain)
    assert sorted(_graph_ids(other)) == sorted(ledger.chain(project, pain).rows["entity"])
    assert other != html


def test_a_bad_population_file_is_a_message_not_a_traceback(sample, tmp_path) -> None:
    project, _ = sample
    bad = tmp_path / "population.csv"
    bad.write_text("dimension,category,share\nsex,female,0.9\nsex,male,0.9\n", encoding="utf-8")
    html = ledger_app(project, population=bad).html()
    assert "population.csv" in html and "Traceback" not in html
    assert 'class="ck-warning" role="status"' in html
    assert "Gaps in the chain" in html and "ck-graph-node" in html  # the rest still shows


def test_an_unexpected_error_is_logged_and_the_rest_still_shows(sample, monkeypatch, capsys):
    project, population = sample

    def broken(_ledger):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(ledger_apps, "gaps", broken)
    html = ledger_app(project, population=population).html()
    assert "secret internal detail" not in html and "Traceback" not in html
    assert "could not be drawn" in html
    assert "<h2>Public value scorecard</h2>" in html and "ck-graph-node" in html


def app_sample_ledger():
    return ledger.load(datasets.sample_project("ledger").data)


def test_synthetic_banner_only_when_asked(sample) -> None:
    project, population = sample
    shown = ledger_app(project, population=population, synthetic=True)._header()
    assert 'class="ck-banner"' in shown
    assert 'class="ck-banner"' not in ledger_app(project, population=population)._header()


def test_static_export_names_the_setting_shown(monkeypatch) -> None:
    monkeypatch.setenv("COCREATE_STATIC", "1")
    html = ledger_app(app_sample_ledger(), population=None).static_html()
    assert "Settings shown: Show the chain of: The whole ledger." in html
    # an exported page shows the graph's text alternatives open (it may be printed)
    assert "<details open><summary>Show the links as a table" in html
    assert "<details open><summary>Show every entity" in html


def test_personal_data_in_the_ledgers_text_never_reaches_the_app(sample) -> None:
    """Titles, statements, rationales and replies may quote citizens: the app (and so its
    export) shows them redacted, for every drill-down, while ids and numbers stay."""
    project, population = sample
    pii = ("anna.jensen@example.dk", "+45 20 30 40 50", "010190-1234")
    hostile = f"Anna said: mail {pii[0]}, call {pii[1]}, CPR {pii[2]}"
    tables = project.tables()
    for table, col in [
        ("activities", "title"),
        ("insights", "statement"),
        ("ideas", "title"),
        ("tests", "title"),
        ("feedback", "you_said"),
        ("feedback", "we_did"),
        ("decisions", "title"),
        ("decisions", "rationale"),
        ("measures", "indicator"),
        ("links", "note"),
    ]:
        tables[table][col] = hostile
    tables["decisions"]["options"] = [[hostile]] * len(tables["decisions"])
    mixed = ledger.ledger_from_tables(tables, base=project.base, source="hostile.json")
    app = ledger_app(mixed, population=population, names=["Anna"])
    pages = [app.html(focus=value) for _label, value in app.controls["focus"].options]
    labels = " ".join(label for label, _value in app.controls["focus"].options)
    head = app._header() + app.static_html()  # the cards come from the redacted ledger
    for page in [*pages, labels, head]:
        for secret in (*pii, "Anna"):
            assert secret not in page
    assert mixed.insights["statement"].iloc[0] == hostile  # the team's ledger is unchanged
    shown = ledger.redacted(mixed, names=["Anna"])
    assert shown.decisions["id"].tolist() == mixed.decisions["id"].tolist()
    assert shown.links[["source", "relation", "target"]].equals(
        mixed.links[["source", "relation", "target"]]
    )
    assert ledger.scorecard(shown).headline() == ledger.scorecard(mixed).headline()
