"""The feedback app: suppression for every filter choice, and no planted personal data in
any rendered view, the static export or the notebook app."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from cocreate_kit.apps.feedback import ALL, feedback_app, segment_options
from cocreate_kit.datasets import dataset_path
from cocreate_kit.feedback import load_codebook, load_coding_sheet, load_survey

PII = json.loads((Path(__file__).parent / "data" / "planted_pii.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def app_and_survey():
    names = pd.read_csv(dataset_path("feedback/participants.csv"))["name"].tolist()
    s = load_survey(dataset_path("feedback/homecare_survey.csv"), names=names)
    cb = load_codebook(dataset_path("feedback/codebook.csv"))
    cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"), cb, names=names)
    return feedback_app(s, coding=cs), s


def _leaks(html: str) -> list[str]:
    return [v for v in PII["values"] if v in html]


def test_planted_values_exist_in_raw_data():
    raw = Path(dataset_path("feedback/homecare_survey.csv")).read_text("utf-8")
    assert sum(v in raw for v in PII["values"]) >= 60  # the test below is not vacuous


def test_segment_filter_is_first_and_respects_suppression(app_and_survey):
    import ipywidgets as w

    app, s = app_and_survey
    first = list(app.controls.values())[0]
    assert isinstance(first, w.Dropdown)
    for label, (col, val) in segment_options(s, k=5).items():
        if (col, val) == ALL:
            continue
        n = int((s.data[col].fillna("(no answer)").astype(str) == val).sum())
        assert n >= 5 and f"(n={n})" in label
        hidden = s.n - sum(
            int(re.search(r"n=(\d+)", lab).group(1))
            for lab, (c, _v) in segment_options(s, k=5).items()
            if c == col
        )
        assert hidden == 0 or hidden >= 5  # the total cannot reveal a small hidden group
    assert not any("Ø-distriktet" in lab for lab in segment_options(s, k=5))
    assert any("Ø-distriktet" in lab for lab in segment_options(s, k=1))


def test_forged_small_group_is_refused(app_and_survey):
    app, _ = app_and_survey
    html = app.html(group=("area", "Ø-distriktet"), view="overview", by="")
    assert "not available" in html


@pytest.mark.parametrize("view", ["overview", "likert", "themes", "coding"])
def test_every_group_renders_without_pii(app_and_survey, view):
    app, s = app_and_survey
    for _label, group in segment_options(s, k=5).items():
        # a breakdown inside a filter (suppressed again) for the role groups and for all
        by = "area" if view in ("overview", "likert") and group[0] in ("", "role") else ""
        html = app.html(group=group, view=view, by=by)
        assert "could not be drawn" not in html, (group, view)
        assert _leaks(html) == [], (group, view)
        ns = [int(x) for x in re.findall(r"\(n = (\d+)\)", html)]
        assert all(n >= 5 for n in ns)


def test_static_export_has_no_pii(app_and_survey, monkeypatch):
    app, _ = app_and_survey
    monkeypatch.setenv("COCREATE_STATIC", "1")
    html = app.static_html()
    assert "Settings shown" in html and _leaks(html) == []
    for v in ("themes", "coding"):
        assert _leaks(app.html(view=v)) == []


def test_notebook_app_static_render_has_no_pii(monkeypatch, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    root = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("COCREATE_STATIC", "1")
    nb = nbformat.read(root / "notebooks" / "feedback_analysis.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    html = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "Settings shown" in html and "Synthetic example data" in html
    assert _leaks(html) == []


# The page pattern of this app in the browser (served and exported, English and Danish,
# 1280 and 390 px, its four cards) is checked with every other app's in test_page_pattern.py.
