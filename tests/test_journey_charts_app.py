"""Journey charts (as specs and accessible HTML), exports and the stakeholder app."""

import json

import pytest

from cocreate_kit.datasets import dataset_path
from cocreate_kit.journey import (
    compare,
    emotion_curve,
    event_log_metrics,
    export_map,
    load,
    pain_heatmap,
    stage_funnel,
)
from cocreate_kit.journey._charts import (
    blueprint_chart,
    blueprint_table,
    funnel_chart,
    pain_heatmap_chart,
)

AS_IS = load(dataset_path("journey/home_care_as_is.json"))
TO_BE = load(dataset_path("journey/home_care_to_be.json"))
EVENTS = dataset_path("journey/home_care_events.csv")


def _data(fig):
    spec = fig.chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_blueprint_marks_pain_points_and_has_table():
    fig = blueprint_chart(AS_IS)
    rows = _data(fig)
    lanes = {r["lane"] for r in rows}
    assert {
        "Stage",
        "Customer action",
        "Frontstage",
        "Backstage",
        "Support",
        "Physical evidence",
        "Pain points",
    } <= lanes
    n_pain = sum(len(s.pain_points) for s in AS_IS.steps)
    assert f"{n_pain} pain points" in fig.description
    marked = {r["step"] for r in rows if r["pain"] > 0}
    assert len(marked) == sum(1 for s in AS_IS.steps if s.pain_points)
    assert len(fig.table) == len(AS_IS.steps)
    html = fig.to_html()
    assert 'role="img"' in html and "<details" in html and "cdn" not in html.lower()


def test_emotion_chart_excludes_suppressed_groups():
    curve = emotion_curve(AS_IS)
    fig = curve.chart()
    personas = {r["persona_name"] for r in _data(fig) if "persona_name" in r}
    assert personas == {"Older citizen", "Relative"}  # caseworkers: 4 participants, hidden
    assert "not shown" in fig.description
    assert curve.summary() in fig.description


def test_funnel_and_heatmap_descriptions_are_computed():
    f = stage_funnel(EVENTS, AS_IS)
    fig = funnel_chart(f)
    top = f.sort_values(["drop_offs", "order"], ascending=[False, True]).iloc[0]
    assert f"'{top['stage_name']}': {int(top['drop_offs']):,}" in fig.description
    hm = pain_heatmap(AS_IS)
    hfig = pain_heatmap_chart(hm, AS_IS)
    best = hm.sort_values(["pain_share", "stage"], ascending=[False, True]).iloc[0]
    assert f"{best['pain_share']:.0%}" in hfig.description


def test_waterfall_adds_up():
    cmp = compare(AS_IS, TO_BE)
    fig = cmp.chart()
    rows = _data(fig)
    first, last = rows[0], rows[-1]
    assert first["end"] == pytest.approx(cmp.totals.set_index("measure").loc["staff_cost", "as_is"])
    assert last["end"] == pytest.approx(cmp.totals.set_index("measure").loc["staff_cost", "to_be"])
    assert cmp.headline() in fig.description


def test_result_html_has_no_cdn():
    html = event_log_metrics(EVENTS).to_html()
    assert "Metrics per activity" in html and "cdn" not in html.lower()


def test_exports(tmp_path):
    svg = export_map(AS_IS, tmp_path / "map.svg")
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    png = export_map(AS_IS, tmp_path / "map.png", scale=1)
    assert png.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(FileExistsError):
        export_map(AS_IS, svg)


def test_blueprint_table_is_whole_map():
    t = blueprint_table(AS_IS)
    assert t["step"].tolist() == [s.title for s in AS_IS.ordered_steps()]


def test_app_controls_and_privacy():
    from cocreate_kit.apps.journey import journey_app

    app = journey_app(AS_IS, TO_BE, EVENTS)
    names = list(app.controls)
    assert names[0] == "persona"
    assert type(app.controls["persona"]).__name__ == "Dropdown"
    assert {"stage", "version", "staff_rate", "citizen_rate", "uncertainty"} <= set(names)
    html = app.html()
    # evidence without consent is never shown; pseudonyms are never shown
    hidden = [e for e in AS_IS.evidence if not e.consent]
    assert hidden and all(e.text not in html for e in hidden)
    assert all(e.participant not in html for e in AS_IS.evidence if e.participant)
    # the stage drill-down shows that stage's consented quotes only
    h = app.html(stage="find")
    assert "I did not know if my mother could even get help." in h
    assert "Forty minutes in the phone queue" in h
    assert "Chasing GP statements" not in h
    # the small persona's ratings are suppressed
    assert "not shown: fewer than 5" in app.html(persona="caseworker")
    # sliders change the computed headline
    h1 = app.html(staff_rate=300)
    h2 = app.html(staff_rate=900)
    assert h1 != h2
    assert compare(AS_IS, TO_BE).headline() in app.html(
        staff_rate=450, citizen_rate=200, uncertainty=0.15
    )
    assert "To-be" in json.dumps(list(app.controls["version"].options))


def test_app_static_html(monkeypatch):
    from cocreate_kit.apps.journey import journey_app

    app = journey_app(AS_IS)
    assert "Settings shown" in app.static_html()


def test_evidence_quotes_use_the_deny_list_and_pseudonyms():
    from dataclasses import replace

    from cocreate_kit.apps.journey import journey_app
    from cocreate_kit.journey import evidence_deny_list, evidence_quotes

    first = AS_IS.evidence[0]
    leaky = replace(
        first,
        text="Anne Jensens datter ringede; Jensen-Hansen og P05 var med. tlf +45 203 04 050",
        source="Interview med Anne Jensen",
    )
    j = AS_IS._replace(evidence=(leaky, *AS_IS.evidence[1:]))
    assert "P05" in evidence_deny_list(j) and evidence_deny_list(j, ["Anne Jensen"])[0] == (
        "Anne Jensen"
    )
    quotes = evidence_quotes(j, steps=set(first.steps), names=["Anne Jensen"])
    q = quotes[0]
    assert q.text == "[NAME] datter ringede; [NAME] og [NAME] var med. tlf [PHONE]"
    assert q.source == "Interview med [NAME]" and q.participant is None
    assert all(e.consent for e in evidence_quotes(j))
    # without names= the pseudonym and phone still go, the name does not (nothing to match)
    assert "Anne Jensens" in evidence_quotes(j)[0].text
    assert "P05" not in evidence_quotes(j)[0].text
    app = journey_app(j, names=["Anne Jensen"])
    stage = next(s.stage for s in j.steps if s.id in first.steps)
    html = app.html(stage=stage)
    assert "[NAME] datter ringede" in html
    assert "Jensen" not in html and "203 04 050" not in html


# The journey app and its export as a briefing (issue 14; cards, banner, notebook-only
# cells left out, chart text inside its charts) are checked in the browser, with every
# other app, in test_page_pattern.py.
