"""Hostile text for the injection tests, and data sets of the sample shapes that carry it.

Each payload is something a careless or malicious data source could contain: HTML that
runs script, Markdown and LaTeX tricks, a right-to-left override and a 200,000-character
string. :func:`build` writes a journey (as-is and to-be), a prototype-test file, a letter
trial, a survey, an explorer file and a co-creation ledger with a payload in every text
field (titles, names, quotes, comments, variant labels, channel names, group values, column
names, statements and decisions) and notebooks pointing at them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from cocreate_kit._notebook import set_parameters

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"

EXTERNAL = "http://evil.example"
RLO = "\u202e"
LONG = "L" * 200_000

#: Payloads that must show as text, never act. Short enough to be seen whole.
PAYLOADS = [
    "<script>window.__pwned = 1; alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    f"<img src='{EXTERNAL}/img.png' onerror=\"fetch('{EXTERNAL}/beacon')\">",
    "<a href=\"javascript:alert('link')\">click me</a>",
    f"<svg onload=alert('svg')><image href='{EXTERNAL}/svg.png'/></svg>",
    "[x](javascript:alert('md'))",
    f"![tracker]({EXTERNAL}/md.png)",
    "<b>raw html in markdown</b> **bold** # heading",
    "$\\href{javascript:alert('tex')}{x}$",
    f"invoice{RLO}fdp.exe",
    f"<style>body {{ background: url({EXTERNAL}/css.png) }}</style>",
    f'"><iframe src="{EXTERNAL}/frame"></iframe>',
]
#: Short, distinctive payload whose literal text must be visible on every page.
VISIBLE = "<script>window.__pwned = 1; alert('script')</script>"


def payload(i: int) -> str:
    """The ``i``-th payload (cycling), tagged with ``i`` so values stay distinct."""
    return f"{PAYLOADS[i % len(PAYLOADS)]} #{i}"


def _journey(src: Path, dest: Path, offset: int, long_title: bool) -> None:
    d = json.loads(src.read_text(encoding="utf-8"))
    n = offset
    d["title"] = VISIBLE
    d["service"] = payload(n + 1)
    for p in d["personas"]:
        n += 1
        p["name"] = payload(n)
        p["segment"] = payload(n + 50)
    for s in d["stages"]:
        n += 1
        s["name"] = payload(n)
    for i, s in enumerate(d["steps"]):
        n += 1
        s["title"] = LONG if (long_title and i == 0) else payload(n)
        for lane in ("customer_action", "frontstage", "backstage", "support"):
            s[lane] = payload(n + 7)
        s["physical_evidence"] = f"{payload(n + 3)} {EXTERNAL}/evidence"
        s["pain_points"] = [payload(n + 5), f"{RLO}reversed"]
        s["opportunities"] = [payload(n + 9)]
    for e in d["evidence"]:
        n += 1
        e["text"] = payload(n)
        e["source"] = payload(n + 2)
        e["consent"] = True
    for r in d["ratings"][::7]:
        r["comment"] = payload(n)
    dest.write_text(json.dumps(d), encoding="utf-8")


#: Text columns of the ledger's tables that get a payload (ids stay: links name them).
LEDGER_TEXT = {
    "activities": ("title", "notes"),
    "insights": ("statement",),
    "ideas": ("title", "description"),
    "tests": ("title",),
    "feedback": ("title", "you_said", "we_did"),
    "decisions": ("title", "rationale", "outcome"),
    "measures": ("indicator", "source"),
}


def _ledger(folder: Path) -> Path:
    """The sample ledger (with its result records and population) with a payload in every
    text cell, the project title and one 200,000-character pain point."""
    import shutil

    shutil.copytree(SAMPLE / "ledger", folder)
    path = folder / "home_care_ledger.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    d["project"]["title"] = VISIBLE
    d["project"]["description"] = payload(2)
    n = 20
    for table, columns in LEDGER_TEXT.items():
        for row in d[table]:
            for column in columns:
                n += 1
                row[column] = payload(n)
    d["insights"][0]["statement"] = LONG
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def build(folder: Path) -> dict[str, Path]:
    """Write every payload data set into ``folder``; return their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {
        "as_is": folder / "journey_as_is.json",
        "to_be": folder / "journey_to_be.json",
        "sessions": folder / "sessions.csv",
        "letters": folder / "letters.csv",
        "survey": folder / "survey.csv",
        "visits": folder / "visits.csv",
    }
    _journey(SAMPLE / "journey/home_care_as_is.json", out["as_is"], 0, long_title=True)
    _journey(SAMPLE / "journey/home_care_to_be.json", out["to_be"], 0, long_title=False)

    sessions = pd.read_csv(SAMPLE / "experiment/home_care_form.csv")
    sessions["variant"] = sessions["variant"].map({"A": payload(1), "B": payload(9)})  # 9: RLO
    sessions = sessions.rename(columns={"satisfaction": "satisfaction <b onmouseover=alert(1)>"})
    sessions.to_csv(out["sessions"], index=False)

    letters = pd.read_csv(SAMPLE / "experiment/letter_trial_counts.csv")
    keep = letters["variant"] == "current"
    letters.loc[~keep, "variant"] = [payload(i + 3) for i in range(int((~keep).sum()))]
    letters.to_csv(out["letters"], index=False)

    survey = pd.read_csv(SAMPLE / "feedback/homecare_survey.csv", dtype=str)
    survey["role"] = survey["role"].map(lambda v: payload(4) if v == "user" else payload(5))
    survey["comment"] = [
        payload(i) if i % 3 else f"{payload(i)} {LONG[:5000]}" for i in range(len(survey))
    ]
    survey = survey.rename(columns={"area": "segment_<img src=x onerror=alert('col')>"})
    survey.to_csv(out["survey"], index=False)

    out["ledger"] = _ledger(folder / "ledger")

    visits = pd.read_csv(SAMPLE / "explorer_visits.csv")
    names = {c: payload(i + 6) for i, c in enumerate(sorted(visits["channel"].unique()))}
    visits["channel"] = visits["channel"].map(names)
    visits.to_csv(out["visits"], index=False)
    return out


HOSTILE_META = {"title": VISIBLE, "lang": "en\" onload=\"alert('lang')", "description": VISIBLE}


def notebooks(folder: Path, data: dict[str, Path]) -> list[Path]:
    """The app notebooks and the templates, pointed at the payload data, with hostile
    metadata (title, lang) and a hostile ``title`` parameter."""
    folder.mkdir(parents=True, exist_ok=True)
    params: dict[str, dict[str, Any]] = {
        "journey_map": {
            "data_path": str(data["as_is"]),
            "to_be_path": str(data["to_be"]),
            "events_path": str(SAMPLE / "journey/home_care_events.csv"),
        },
        "prototype_test": {"data_path": str(data["sessions"])},
        "feedback_analysis": {"data_path": str(data["survey"])},
        "explorer": {"data_path": str(data["visits"])},
        # The "your data" app starts on the bundled sample; hostile uploads are tested in
        # tests/test_your_data_app.py (test_hostile_upload_is_inert).
        "your_data": {},
        "ledger": {"data_path": str(data["ledger"])},
    }
    written = []
    for src in sorted(NOTEBOOKS.glob("*.ipynb")) + sorted(TEMPLATES.glob("*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        values = dict(params[src.stem])
        if src.stem == "prototype_test" and src.parent == NOTEBOOKS:
            values["letters_path"] = str(data["letters"])
        values["title"] = payload(11)
        set_parameters(nb, values)
        nb.metadata["cocreate"] = dict(HOSTILE_META)
        kind = "app" if src.parent == NOTEBOOKS else "template"
        dest = folder / f"{kind}_{src.name}"
        nbformat.write(nb, dest)
        written.append(dest)
    return written
