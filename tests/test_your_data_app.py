"""The "your data" app without a browser: uploads fed to the FileUpload widget in Python.

Checks: roles shown and changed with the drop-downs (the analysis follows), the mapping
download is the YAML the pillar wrote and round-trips, a CPR number or e-mail in a comment
never reaches the page, groups under k are hidden, a bad file shows the DataError's message
(no traceback), an oversize upload is refused, and nothing is written to disk. Also
:func:`cocreate_kit.io.read_table_bytes` against :func:`cocreate_kit.io.read_table`.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cocreate_kit.apps.yourdata import UPLOAD_LIMIT_BYTES, YourDataApp, your_data_app
from cocreate_kit.io import read_table, read_table_bytes

CPR = "010203-1234"
EMAIL = "anne.jensen@example.dk"

SHEET = (
    "Participant;Version;Completed;Time (mm:ss);SUS;Comments\n"
    + "\n".join(
        f"P{i:02d};{'A' if i % 2 else 'B'};{'yes' if i % 3 else 'no'};"
        f"{2 + i % 4:02d}:{(7 * i) % 60:02d};{55 + i},5;"
        + (f"mit cpr er {CPR}, skriv til {EMAIL}" if i == 3 else "fint")
        for i in range(1, 25)
    )
    + "\n"
)


COMMENTS = [
    "Hjælpen kom til tiden og var venlig",
    "Appen er svær at finde rundt i",
    "Ventetiden på telefonen var alt for lang",
    "The app crashed when I uploaded the form",
    "Medarbejderen forklarede ansøgningen godt",
    "I waited three weeks for an answer",
    "Brevet var svært at forstå",
    "Good service, friendly staff on the phone",
]


def survey_csv() -> str:
    """A survey in the kit's own column names: 40 respondents; area 'Ø' has only 2."""
    rows = ["respondent_id,area,channel,nps,comment"]
    for i in range(40):
        area = "Ø" if i < 2 else ("Nord" if i < 30 else "Syd")
        channel = "app" if i % 2 else "phone"
        text = COMMENTS[i % len(COMMENTS)]
        if i == 5:
            text = f"{text}. Ring til mig, cpr {CPR}, {EMAIL}"
        rows.append(f'r{i},{area},{channel},{i % 11},"{text}"')
    return "\n".join(rows) + "\n"


def upload(app: YourDataApp, data: bytes, name: str) -> None:
    """Set the FileUpload widget's value as the browser does (ipywidgets 8 format)."""
    widget = app.widget()
    fu = widget.children[1].children[1]
    fu.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.UTC),
        },
    )


def page_html(app: YourDataApp) -> str:
    """Everything the app shows now: status, roles, and every view of the analysis."""
    parts = [app.status_html()]
    if app.analysis is not None:
        parts.append(app.analysis.html())
        for name, ctl in app.analysis.controls.items():
            for _label, value in getattr(ctl, "options", ()):
                parts.append(app.analysis.html(**{name: value}))
    return "\n".join(parts)


def role_dropdowns(app: YourDataApp) -> dict[str, object]:
    box = app.widget().children[3]
    return {c.description.removeprefix("Role of "): c for c in box.children[1:]}


# --------------------------------------------------------------------------------------
# read_table_bytes: the same frame as read_table, nothing on disk
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "feedback/homecare_survey.csv",
        "experiment/home_care_form.csv",
        "journey/home_care_as_is.xlsx",
        "journey/home_care_events.csv",
    ],
)
def test_read_table_bytes_equals_read_table(name):
    from cocreate_kit.datasets import dataset_path

    path = dataset_path(name)
    expected = read_table(path)
    got = read_table_bytes(path.read_bytes(), path.name)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs == expected.attrs


def test_read_table_bytes_reads_json_records(tmp_path):
    path = tmp_path / "records.json"
    path.write_text('[{"case": "a", "n": 1}, {"case": "b", "n": 2}]', encoding="utf-8")
    got = read_table_bytes(path.read_bytes(), "records.json")
    pd.testing.assert_frame_equal(got, read_table(path))
    assert got["n"].tolist() == [1, 2]


def test_read_table_bytes_reads_danish_excel_csv():
    data = "Version;SUS;Kommentar\nA;72,5;Godt\nB;80;Dårlig\n".encode("cp1252")
    df = read_table_bytes(data, "C:\\Users\\x\\ark.csv")
    assert df.attrs["source"] == "ark.csv"
    assert df["SUS"].tolist() == [72.5, 80.0]
    assert df["Kommentar"].tolist() == ["Godt", "Dårlig"]


# --------------------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------------------


def test_sample_shown_until_a_file_is_uploaded():
    app = your_data_app("experiment")
    assert app.is_sample and app.error == ""
    assert "bundled synthetic sample home_care_form.csv" in app.status_html()
    assert app.roles.column("variant") == "variant"
    assert app.analysis is not None and "Traceback" not in app.analysis.html()


def test_upload_shows_roles_and_analysis(tmp_path):
    app = your_data_app("experiment")
    upload(app, SHEET.encode("utf-8"), "usability.csv")
    assert not app.is_sample and app.source == "usability.csv", app.error
    assert app.error == ""
    html = app.status_html()
    assert "your file usability.csv" in html
    # The roles table: one row per column, with the role in words.
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", html)
    assert [c for c, _ in rows] == SHEET.splitlines()[0].split(";")
    assert dict(rows)["Version"] == "variant"
    assert dict(rows)["Time (mm:ss)"] == "time metric"
    assert set(role_dropdowns(app)) == {c for c, _ in rows}
    # The analysis: both versions, with as many participants as the sheet has.
    out = app.analysis.html()
    n = {v: sum(1 for ln in SHEET.splitlines()[1:] if ln.split(";")[1] == v) for v in "AB"}
    assert n == {"A": 12, "B": 12}
    assert "Traceback" not in out and ">A<" in out and ">B<" in out


def test_dropdown_change_re_renders_and_can_be_undone():
    app = your_data_app("experiment")
    upload(app, SHEET.encode("utf-8"), "usability.csv")
    dd = role_dropdowns(app)["Version"]
    status = app.widget().children[2]
    assert dd.value == ("variant", "")
    before = status.value
    dd.value = ("ignored", "")
    assert status.value != before
    # The pillar says what is missing; the drop-downs stay so the choice can be undone.
    assert "variant" in app.error and "Traceback" not in status.value
    assert 'role="alert"' in status.value
    dd = role_dropdowns(app)["Version"]
    dd.value = ("variant", "")
    assert app.error == "" and app.roles.column("variant") == "Version"
    assert app.roles.roles[1].given


def test_mapping_download_is_the_roles_yaml_and_round_trips():
    from cocreate_kit import experiment

    app = your_data_app("experiment")
    upload(app, SHEET.encode("utf-8"), "usability.csv")
    role_dropdowns(app)["SUS"].value = ("ignored", "")
    m = re.search(
        r'download="([^"]+)" href="data:text/yaml;charset=utf-8;base64,([^"]+)"', app.status_html()
    )
    assert m and m.group(1) == "usability_columns.yaml"
    text = base64.b64decode(m.group(2)).decode("utf-8")
    assert text == app.roles.to_yaml()
    mapping = yaml.safe_load(text)
    assert mapping["variant"] == "Version" and "SUS" in mapping["ignore"]
    # The downloaded mapping, given to the pillar, gives the same roles.
    frame = read_table_bytes(SHEET.encode("utf-8"), "usability.csv")
    again = experiment.infer_roles(frame, columns=mapping)
    assert [(r.column, r.role, r.detail) for r in again.roles] == [
        (r.column, r.role, r.detail) for r in app.roles.roles
    ]


def test_cpr_and_email_in_comments_never_shown():
    for kind, data, name in (
        ("experiment", SHEET.encode("utf-8"), "usability.csv"),
        ("feedback", survey_csv().encode("utf-8"), "survey.csv"),
    ):
        app = your_data_app(kind)
        upload(app, data, name)
        assert app.error == "", app.error
        html = page_html(app)
        if kind == "feedback":  # the comments are shown (themes and quotes), redacted
            assert "[CPR]" in html and "[EMAIL]" in html
        assert CPR not in html and EMAIL not in html, kind
        assert "0102031234" not in html


def test_small_groups_are_hidden():
    app = your_data_app("feedback")
    upload(app, survey_csv().encode("utf-8"), "survey.csv")
    assert app.error == "", app.error
    assert set(app.roles.columns("segment")) == {"area", "channel"}
    labels = [label for label, _ in app.analysis.controls["group"].options]
    assert "channel: app (n=20)" in labels and "channel: phone (n=20)" in labels
    # 'Ø' has 2 respondents (< k = 5), and with secondary suppression (the pillar's
    # Survey.groups) the next smallest area, Syd (10), is hidden too: Nord (28) = 40 - 12
    # would otherwise give Ø away.
    assert not any(label.startswith("area: Ø") for label in labels)
    assert not any(label.startswith("area: Syd") for label in labels)
    assert "Ø" not in page_html(app)


def test_small_paths_of_an_event_log_are_hidden():
    rows = ["case_id,activity,timestamp"]
    for c in range(20):  # apply > decide: 10 cases, apply > refer: 8, apply > withdraw: 2
        last = "decide" if c < 10 else ("refer" if c < 18 else "withdraw")
        day = 1 + c % 9
        rows += [f"c{c},apply,2026-01-0{day} 09:00", f"c{c},{last},2026-01-0{day} 12:00"]
    app = your_data_app("journey")
    upload(app, ("\n".join(rows) + "\n").encode(), "log.csv")
    assert app.error == "", app.error
    html = app.analysis.html()
    assert "apply &gt; decide" in html
    # 2 cases < k; and the next smallest path too (secondary suppression: 20 - 10 - 8 = 2).
    assert "apply &gt; withdraw" not in html and "apply &gt; refer" not in html
    assert "<td>withdraw</td><td>–</td>" in html  # an activity of 2 cases: counts hidden
    # 'apply' is done in all 20 cases and is never a last activity: 0 drop-offs are shown.
    assert re.search(r"<td>apply</td><td>20</td><td>0</td>", html)
    # The pillar's summary names counts, so with hidden counts only the totals are said.
    assert "20 cases and 40 events; counts of fewer than 5 cases are hidden." in html


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\x00\x01\x02binary", "broken.csv", "broken.csv"),
        (b"a,b\n1,2\n", "table.pdf", ".csv, .tsv, .xlsx or .json"),
        (b"not a zip", "sheet.xlsx", "is it a CSV or text file renamed to .xlsx"),
    ],
)
def test_bad_file_shows_the_error_message(data, name, expected):
    app = your_data_app("experiment")
    upload(app, data, name)
    assert expected in app.error
    html = app.widget().children[2].value
    assert "Traceback" not in html and 'role="alert"' in html
    assert app.roles is None and role_dropdowns(app) == {}


def test_oversize_upload_is_refused():
    app = your_data_app("experiment")
    app.load(b"a,b\n" + b"1,2\n" * (UPLOAD_LIMIT_BYTES // 4 + 1), "big.csv")
    assert "more than this app reads" in app.error and "big.csv" in app.error


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    """Every file opened for writing while uploads are analysed (an audit hook sees all)."""
    writes: list[str] = []
    active = [False]

    def hook(event, args):
        if active[0] and event == "open" and len(args) > 1:
            mode = str(args[1] or "")
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            if any(ch in mode for ch in "wax+") or flags & 0o3:
                writes.append(str(args[0]))

    sys.addaudithook(hook)
    monkeypatch.chdir(tmp_path)
    before = set(Path(tmp_path).rglob("*"))
    active[0] = True
    try:
        for kind, data, name in (
            ("experiment", SHEET.encode("utf-8"), "usability.csv"),
            ("feedback", survey_csv().encode("utf-8"), "survey.csv"),
        ):
            app = your_data_app(kind)
            upload(app, data, name)
            page_html(app)
    finally:
        active[0] = False
    assert writes == []
    assert set(Path(tmp_path).rglob("*")) == before


def test_app_says_the_data_stays_in_memory():
    app = your_data_app("feedback")
    header = app.widget().children[0].value
    assert "never written to disk" in header and "gone when you close this tab" in header
    fu = app.widget().children[1].children[1]
    assert fu.description.startswith("Upload your file")
    assert ".xlsx" in fu.accept and ".xes" in fu.accept
    kinds = app.widget().children[1].children[0]
    assert kinds.description == "What is in your file?"


def test_xes_upload_is_read_in_memory():
    xes = ["<log>"]
    for c in range(6):
        xes.append(f'<trace><string key="concept:name" value="c{c}"/>')
        for j, act in enumerate(("apply", "decide")):
            xes.append(
                f'<event><string key="concept:name" value="{act}"/>'
                f'<date key="time:timestamp" value="2026-03-0{c + 1}T0{9 + j}:00:00+01:00"/>'
                "</event>"
            )
        xes.append("</trace>")
    xes.append("</log>")
    app = your_data_app("journey")
    upload(app, "".join(xes).encode(), "log.xes")
    assert app.error == "", app.error
    assert app.roles.column("case") == "case:concept:name"
    assert "6 cases and 12 events" in app.analysis.html()
    # An XES file read as a survey is one clear message.
    app.set_kind("feedback")
    assert "choose 'An event log'" in app.error


# --------------------------------------------------------------------------------------
# In the browser: Playwright uploads a file through the FileUpload's file chooser
# --------------------------------------------------------------------------------------


def _wait_text(page, selector: str, text: str, timeout_s: float = 120.0) -> str:
    import time

    deadline = time.monotonic() + timeout_s
    html = ""
    while time.monotonic() < deadline:
        html = page.eval_on_selector(selector, "el => el.innerHTML")
        if text in html:
            return html
        page.wait_for_timeout(200)
    raise AssertionError(f"{text!r} never appeared in {selector}: {html[:500]}")


def _upload(page, path: Path) -> None:
    """Upload ``path`` as a user does: click the FileUpload button, pick the file.

    ipywidgets 8 keeps its ``<input type=file>`` out of the document (it only calls its
    ``click()``), so the file goes through Playwright's file chooser, which sets the input's
    files exactly as ``set_input_files`` does.
    """
    with page.expect_file_chooser() as chooser:
        page.locator(".ck-controls button.widget-upload").click()
    chooser.value.set_files(str(path))


def _role_select(page, column: str):
    return (
        page.locator(".ck-roles .widget-dropdown")
        .filter(has=page.locator("label", has_text=f"Role of {column}"))
        .locator("select")
    )


@pytest.mark.browser
@pytest.mark.slow
def test_upload_in_the_browser(voila_server, page, tmp_path):
    import browser_helpers as bh

    watch = bh.Watch(page)
    page.goto(voila_server.url + "voila/render/your_data.ipynb")
    bh.wait_for_app(page)
    assert "never written to disk" in page.content()
    # Choose the kind of data: the sample of that kind is shown.
    page.locator(".ck-controls select").first.select_option(
        label="A usability test or A/B test (prototype test)"
    )
    _wait_text(page, ".ck-output", "home_care_form.csv")
    # Upload the researchers' sheet through the real <input type=file>.
    sheet = tmp_path / "usability.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    _upload(page, sheet)
    html = _wait_text(page, ".ck-output", "your file usability.csv")
    assert "<td>Version</td><td>variant</td>" in html
    assert "<td>Time (mm:ss)</td><td>time metric</td>" in html
    _wait_text(page, ".ck-app", "Analysis of your test")
    # A drop-down round trip: Version ignored -> the pillar's message; back -> analysis.
    _role_select(page, "Version").select_option(label="ignored")
    _wait_text(page, ".ck-output", 'role="alert"')
    _role_select(page, "Version").select_option(label="variant")
    html = _wait_text(page, ".ck-output", "<td>Version</td><td>variant</td><td>")
    assert 'role="alert"' not in html
    # "Download the mapping": the YAML, from a data: URI (no request).
    with page.expect_download() as dl:
        page.locator("a.ck-download").click()
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    assert dl.value.suggested_filename == "usability_columns.yaml"
    mapping = yaml.safe_load(text)
    assert mapping["variant"] == "Version" and mapping["metrics"]["Time (mm:ss)"] == "time"

    content = page.content()
    assert "Traceback" not in content
    assert CPR not in content and EMAIL not in content
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}


@pytest.mark.browser
@pytest.mark.slow
def test_bad_upload_in_the_browser(voila_server, page, tmp_path):
    import browser_helpers as bh

    watch = bh.Watch(page)
    page.goto(voila_server.url + "voila/render/your_data.ipynb")
    bh.wait_for_app(page)
    bad = tmp_path / "broken.xlsx"
    bad.write_text("this is not a workbook", encoding="utf-8")
    _upload(page, bad)
    html = _wait_text(page, ".ck-output", "broken.xlsx")
    assert 'role="alert"' in html and "renamed to .xlsx" in html
    assert "Traceback" not in page.content()
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}


def test_hostile_upload_is_inert(tmp_path):
    """Uploads are data: hostile labels, comments and column names (the payload files of
    tests/injection_payloads.py) are shown as text, never as markup."""
    import injection_payloads as ip

    files = ip.build(tmp_path)
    active = [
        "<script>window.__pwned",
        "<img src=x onerror",
        "<svg onload",
        '"><iframe src=',
        "<style>body {",
        'href="javascript:',
        "<b onmouseover",
        ip.RLO,
    ]
    for kind, key in (("feedback", "survey"), ("experiment", "sessions")):
        app = your_data_app(kind)
        upload(app, files[key].read_bytes(), files[key].name)
        html = page_html(app)
        found = [a for a in active if a in html]
        assert not found, (kind, found, app.error)
        assert app.error or "&lt;" in html  # the payloads were shown, escaped
