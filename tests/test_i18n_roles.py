"""Column roles in Danish (issue 13): reasons, notes and format descriptions are shown in the
current language, while the API (``ColumnRole.reason``, ``Roles.notes``, ``Roles.table``)
stays English whatever language was current when the roles were inferred."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
from i18n_helpers import untranslated
from test_survey_exports import google_rows, qualtrics_rows, write_csv

from cocreate_kit import datasets, experiment, feedback, journey
from cocreate_kit.apps.yourdata import YourDataApp
from cocreate_kit.i18n import use_language
from cocreate_kit.roles import ColumnRole, Phrase, Roles, shown

SAMPLES = {
    "feedback": ("feedback", "data"),
    "experiment": ("experiment", "data"),
    "journey": ("journey", "events"),
}
PILLARS = {"feedback": feedback, "experiment": experiment, "journey": journey}


def sample_path(kind: str, language: str = "en"):
    """The bundled sample of ``kind`` in ``language`` (the one the your-data app shows)."""
    pillar, role = SAMPLES[kind]
    with use_language(language):
        return datasets.sample_project(pillar)[role]


def sample_roles(kind: str, language: str = "en") -> Roles:
    return PILLARS[kind].infer_roles(sample_path(kind, language))


def danish(roles: Roles) -> str:
    with use_language("da"):
        return roles.summary() + "\n" + roles.to_html(include_chart=False)


def english(roles: Roles) -> str:
    with use_language("en"):
        return roles.summary() + "\n" + roles.to_html(include_chart=False)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_sample_roles_read_in_danish(kind):
    roles = sample_roles(kind, "da")
    text = danish(roles)
    assert untranslated(text) == []
    # every reason is shown translated (none of them is the same in both languages)
    with use_language("da"):
        reasons = [r.why() for r in roles.roles if r.reason]
    assert reasons and all(
        w != r.reason for w, r in zip(reasons, [r for r in roles.roles if r.reason], strict=True)
    )


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_your_data_app_shows_roles_in_danish(kind):
    app = YourDataApp(kind, language="da")
    assert app.error == "" and app.roles is not None
    html = app.status_html()
    assert untranslated(html) == []
    assert "begrundelse" in html  # the table's header
    with use_language("da"):
        for r in app.roles.roles:
            if r.reason:
                assert r.why() in html.replace("&#x27;", "'").replace("&quot;", '"')


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_inferred_in_danish_is_english_in_the_api(kind):
    """The language current while inferring changes nothing in the roles' record."""
    en = sample_roles(kind)
    with use_language("da"):
        da = sample_roles(kind)
    assert list(da.table["reason"]) == list(en.table["reason"])
    assert list(da.notes) == list(en.notes)
    assert english(da) == english(en)


def test_qualtrics_export_in_danish(tmp_path):
    p = write_csv(tmp_path / "qualtrics.csv", qualtrics_rows())
    roles = feedback.infer_roles(p)
    # English record unchanged
    assert roles.notes[0] == "Qualtrics export (3 header rows)."
    q3 = roles.table.set_index("column").loc["Q1_3", "reason"]
    assert q3 == "matches SUS statement 3, English"
    text = danish(roles)
    assert untranslated(text) == []
    assert "Qualtrics-eksport (3 overskriftsrækker)." in text
    assert "svarer til SUS-udsagn 3, engelsk" in text
    assert "identificerende: IP-adresse; fjernet ved indlæsning" in text
    with use_language("da"):
        check = feedback.check_file(p)
    assert untranslated(check) == []
    assert "- `Q1_3`: SUS-spørgsmål 3 (svarer til SUS-udsagn 3, engelsk)" in check.splitlines()


def test_google_forms_export_in_danish(tmp_path):
    """No id column: the note names the shared-second timestamp, in Danish, with Danish
    numbers; SUS matched by English wording; the submission time is never an id."""
    p = write_csv(tmp_path / "forms.csv", google_rows())
    roles = feedback.infer_roles(p)
    note = next(n for n in roles.notes if n.startswith("No id column"))
    assert "2 answers share their second" in note
    text = danish(roles)
    assert untranslated(text) == []
    assert "Google Forms-eksport." in text
    assert "2 svar deler sekund med et andet" in text
    assert "indsendelsestidspunkt, aldrig et id" in text


def test_sus_hint_in_an_unknown_language_in_danish(tmp_path):
    heads = [f"Pernyataan nomor {k}" for k in range(1, 11)]
    rows = [["Timestamp", *heads]]
    rows += [[f"02/11/2026 09:0{i}:00", *"1234512345"] for i in range(5)]
    roles = feedback.infer_roles(write_csv(tmp_path / "id.csv", rows))
    hint = next(n for n in roles.notes if "sus_items" in n)
    assert hint.startswith("Columns 2-11 (`Pernyataan nomor 1`")
    with use_language("da"):
        shown_hint = shown(hint)
    assert shown_hint.startswith("Kolonne 2-11 (`Pernyataan nomor 1`")
    assert 'columns={"sus_items": "Pernyataan nomor 1"}' in shown_hint
    assert untranslated(danish(roles)) == []


def test_experiment_notes_in_danish():
    """A questionnaire without a variant: both notes in Danish, and the hint inside the
    no-variant note is made in the language shown (English in the record)."""
    frame = pd.DataFrame(
        {f"How much do you agree with statement {k}?": [1, 2, 3, 4, 5, 3] for k in range(6)}
    )
    roles = experiment.infer_roles(frame)
    assert any(
        n.startswith("No variant column found: add --map variant=COLUMN") for n in roles.notes
    )
    assert any("cocreate check feedback" in n for n in roles.notes)
    text = danish(roles)
    assert untranslated(text) == []
    assert "tilføj --map variant=KOLONNE" in text


def test_event_log_formats_and_lifecycle_in_danish(tmp_path):
    p = tmp_path / "log.csv"
    p.write_text(
        "Case ID,Activity,Complete Timestamp,lifecycle:transition,Note\n"
        "1,Apply,24/07/2006 08:19,start,x\n"
        "1,Apply,24/07/2006 08:29,complete,x\n"
        "1,Decide,25/07/2006 09:00,complete,y\n"
        "2,Apply,03/08/2006 10:00,complete,z\n",
        encoding="utf-8",
    )
    roles = journey.event_log_metrics(p).roles
    ts = roles.table.set_index("column").loc["Complete Timestamp", "detail"]
    assert ts == "day-first dates (24/07/2006 08:19: a first field above 12)"
    assert roles.notes[0] == "CSV event log"
    text = danish(roles)
    assert untranslated(text) == []
    assert "datoer med dagen først (24/07/2006 08:19: et første felt over 12)" in text
    assert "CSV-hændelseslog" in text
    assert "kun de 3 complete-hændelser bruges (udeladt: 1 start)" in text
    assert "bruges ikke af hændelseslogmålene" in text
    # the roles' own names read in Danish too (the mapping keeps the English role names)
    assert "- `Case ID`: sag (et almindeligt navn for sagen)" in text
    assert roles.mapping()["case"] == "Case ID"


def test_english_output_is_unchanged():
    roles = Roles(
        [
            ColumnRole("Version", "variant", reason=Phrase("{n} values", n=2)),
            ColumnRole("Note", "ignored", reason="not used by the event-log metrics"),
        ],
        source="x.csv",
        notes=[Phrase("{tool}.", tool=Phrase("Qualtrics export ({n} header rows)", n=3))],
    )
    assert roles.summary() == (
        "x.csv: 2 columns.\n"
        "Qualtrics export (3 header rows).\n"
        "- `Version`: variant (2 values)\n"
        "- `Note`: ignored (not used by the event-log metrics)"
    )
    assert "bruges ikke af hændelseslogmålene" in danish(roles)
    assert "Qualtrics-eksport (3 overskriftsrækker)." in danish(roles)


def test_phrase_numbers_follow_the_language_and_pickle():
    p = Phrase("{n} different answers; redacted on load", n=1234)
    assert p == "1234 different answers; redacted on load"
    with use_language("da"):
        assert shown(p) == "1.234 forskellige svar; anonymiseres ved indlæsning"
    back = pickle.loads(pickle.dumps(p))
    assert back == p and back.msgid == p.msgid and back.args == {"n": 1234}
    assert Phrase(p) is p
