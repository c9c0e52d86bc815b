"""Generate the SYNTHETIC co-creation ledger sample (fixed seed): redesigning home care.

Writes to sample_data/ledger/ (or the folder given as the first argument):
  home_care_ledger.json      the ledger: participants, activities, insights, ideas, tests,
                             feedback, decisions, measures and typed links
  results/*.json             result records (``Result.to_json()``) made by running the
                             pillars on the bundled samples: the journey comparison (cost
                             saving), the A/B test of the application form, the survey's SUS,
                             Likert items and comment themes
  journey/home_care_as_is.json  a copy of the as-is journey the insights' step ids refer to
                             (paths in a ledger stay inside its folder)
and, for the default folder, the published schema cocreate_kit/ledger/ledger.schema.json.

Every number in the ledger (measures, and the numbers quoted in decisions and feedback) is
read from those result records: none is typed in. ``population.csv`` (the population the
participants are compared with) is written by scripts/make_sample_population.py.

No row describes a real person; participants are pseudonyms like P-01. Re-running the
script reproduces every file byte for byte.
Run: .venv/bin/python scripts/make_sample_ledger.py
"""

import json
import shutil
import sys
from pathlib import Path

import numpy as np

from cocreate_kit import datasets, experiment, feedback, journey, ledger
from cocreate_kit.io import read_table
from cocreate_kit.ledger._schema import _write_schema

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "sample_data" / "ledger"
LEDGER = "home_care_ledger.json"
SEED = 20261130
AGE_BANDS = ["18-29", "30-49", "50-64", "65-79", "80+"]
AREAS = ["Nord", "Syd", "Øst", "Vest"]


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.name


def run_pillars(out: Path) -> dict:
    """Run the pillars on the bundled samples; write their records; return them as dicts."""
    jo = datasets.sample_project("journey")
    as_is, to_be = journey.load(jo.data), journey.load(jo.to_be)
    comparison = journey.compare(as_is, to_be)
    ex = datasets.sample_project("experiment")
    ab = experiment.analyse(read_table(ex.data), plan=ex.plan)
    fb = datasets.sample_project("feedback")
    names = feedback.load_names(fb.names)
    survey = feedback.load_survey(fb.data, names=names)
    records = {
        "journey_compare": comparison,
        "form_ab_test": ab,
        "survey_sus": feedback.sus_summary(feedback.sus_scores(survey.data)),
        "survey_likert": feedback.likert(survey),
        "survey_themes": survey.themes(),
    }
    found = {}
    for name, result in records.items():
        _write(out / "results" / f"{name}.json", result.to_json(indent=2) + "\n")
        found[name] = json.loads(result.to_json())
    src = datasets.dataset_path("journey/home_care_as_is.json")
    _write(out / "journey" / "home_care_as_is.json", src.read_text(encoding="utf-8"))
    found["as_is_journey"] = as_is
    return found


def participants(rng: np.random.Generator) -> list[dict]:
    """40 pseudonymous participants: mostly citizens, some relatives and staff."""
    plan = [
        ("citizen", 28, [0.0, 0.0, 0.0, 0.6, 0.4]),  # home care is for people 65+
        ("relative", 7, [0.05, 0.45, 0.45, 0.05, 0.0]),
        ("staff", 5, [0.25, 0.5, 0.25, 0.0, 0.0]),
    ]
    channels = {
        "citizen": ["letter", "citizen service", "home-care provider", "library meeting"],
        "relative": ["citizen service", "online panel"],
        "staff": ["home-care team"],
    }
    rows = []
    for role, n, ages in plan:
        for _ in range(n):
            rows.append(
                {
                    "id": f"P-{len(rows) + 1:02d}",
                    "role": role,
                    "consent": True,
                    "age_band": str(rng.choice(AGE_BANDS, p=ages)),
                    "sex": str(rng.choice(["female", "male"], p=[0.62, 0.38])),
                    "area": str(rng.choice(AREAS, p=[0.35, 0.3, 0.23, 0.12])),
                    "channel": str(rng.choice(channels[role])),
                }
            )
    return rows


def activities(rng: np.random.Generator, people: list[dict]) -> list[dict]:
    ids = [p["id"] for p in people]
    citizens = [p["id"] for p in people if p["role"] == "citizen"]
    relatives = [p["id"] for p in people if p["role"] == "relative"]
    staff = [p["id"] for p in people if p["role"] == "staff"]
    rows = []

    def add(kind: str, title: str, date: str, who: list[str], notes: str | None = None) -> None:
        row = {
            "id": f"ACT{len(rows) + 1:02d}",
            "kind": kind,
            "title": title,
            "date": date,
            "participants": sorted(who),
            "journey": "home-care-as-is",
        }
        if notes is not None:
            row["notes"] = notes
        rows.append(row)

    interview_days = ["2026-01-12", "2026-01-14", "2026-01-20", "2026-01-27", "2026-02-03"]
    for i, day in enumerate(interview_days):
        who = [citizens[i]] + ([relatives[i]] if i % 2 == 0 else [])
        add("interview", f"Interview at home {i + 1}: applying for home care", day, who)
    add(
        "interview",
        "Interview with a caseworker about the assessment",
        "2026-02-05",
        [staff[0]],
    )
    add(
        "observation",
        "Observing an assessment home visit",
        "2026-02-10",
        [citizens[5], staff[1]],
    )
    add(
        "observation",
        "Observing calls to the citizen service",
        "2026-02-12",
        [citizens[6], staff[2]],
    )
    workshops = [
        ("2026-03-04", "Workshop 1: mapping the as-is journey together"),
        ("2026-03-25", "Workshop 2: ideas for the pain points"),
        ("2026-04-15", "Workshop 3: trying the form prototypes"),
        ("2026-05-06", "Workshop 4: the to-be journey and what it should cost"),
    ]
    for day, title in workshops:
        size = int(rng.integers(9, 14))
        add("workshop", title, day, [str(x) for x in rng.choice(ids, size=size, replace=False)])
    add(
        "prototype_test",
        "Usability sessions with the to-be journey prototype",
        "2026-05-20",
        [str(x) for x in rng.choice(citizens + relatives, size=8, replace=False)],
    )
    add(
        "prototype_test",
        "A/B test of the application form (A current, B shorter)",
        "2026-05-29",
        [],
        "60 citizens at the citizen service, randomised to form A or B; they are in the "
        "test data under their own pseudonyms, not in the participants table.",
    )
    add(
        "survey",
        "Survey of home-care users and relatives",
        "2026-06-05",
        [],
        "Anonymous respondents; no participant rows.",
    )
    return rows


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def build(out: Path) -> dict:
    rec = run_pillars(out)
    rng = np.random.default_rng(SEED)
    people = participants(rng)
    acts = activities(rng, people)
    totals = {r["measure"]: r for r in rec["journey_compare"]["totals"]}
    ab = rec["form_ab_test"]["results"]

    def arm(metric: str, variant: str) -> dict:
        return next(a for a in ab[metric]["arms"] if a["variant"] == variant)

    def effect(metric: str) -> dict:
        return ab[metric]["table"][0]

    done, sus, times = effect("completed"), effect("sus"), effect("time_s")
    sus_a, done_a = arm("sus", "A"), arm("completed", "A")
    sus_b, done_b = arm("sus", "B"), arm("completed", "B")
    survey_sus = rec["survey_sus"]
    likert = {r["item"]: r for r in rec["survey_likert"]["table"]}
    fair = likert["a11_equity"]
    themes = max(rec["survey_themes"]["themes"], key=lambda t: t["n_texts"])
    staff = totals["staff_cost"]
    hours = totals["citizen_hours_per_case"]
    wait = totals["waiting_days_per_case"]
    # GOV.UK's cost per transaction is per application, not the year's total: staff
    # minutes per case at the cost model's hourly rate.
    per_case = totals["staff_minutes_per_case"]
    rate = rec["journey_compare"]["assumptions"]["staff_hourly_cost"] / 60

    insights = [
        (
            "INS01",
            "pain_point",
            "Citizens cannot tell from the website whether home care is for them",
            ["S01", "S02"],
            "medium",
        ),
        (
            "INS02",
            "pain_point",
            "The paper form is long and asks for information the municipality already has",
            ["S03", "S04", "S05"],
            "high",
        ),
        (
            "INS03",
            "pain_point",
            "Weeks of waiting for the assessment visit without news",
            ["S06"],
            "high",
        ),
        (
            "INS04",
            "pain_point",
            "Missing medical information sends the case back and delays the decision",
            ["S08", "S09"],
            "critical",
        ),
        (
            "INS05",
            "insight",
            "Relatives do much of the paperwork for their parents",
            ["S04", "S05"],
            "medium",
        ),
        ("INS06", "pain_point", "The decision letter is hard to understand", ["S10"], "medium"),
    ]
    ideas = [
        (
            "IDEA01",
            "idea",
            "Online application pre-filled with what the municipality knows",
            "Use data the municipality already holds so citizens and relatives type less.",
        ),
        (
            "IDEA02",
            "prototype",
            "Shorter application form (form B)",
            "Form B asks only what the municipality cannot look up itself.",
        ),
        (
            "IDEA03",
            "prototype",
            "Online booking of the assessment visit with SMS updates",
            "Book the visit online and get a text message at every step until the decision.",
        ),
        ("IDEA04", "idea", "Caseworkers request medical information from the GP directly", None),
        ("IDEA05", "idea", "Eligibility self-check on the website", None),
    ]
    tests = [
        {
            "id": "TEST01",
            "title": "A/B test of the application form: completion, time, SUS",
            "design": "randomised",
            "sites": 1,
            "independent": False,
            "scaled": False,
            "result": "results/form_ab_test.json",
            "activity": "ACT14",
            "date": "2026-05-29",
        },
        {
            "id": "TEST02",
            "title": "To-be journey prototype: cost model and emotion ratings, as-is vs to-be",
            "design": "before_after",
            "sites": 1,
            "independent": False,
            "scaled": False,
            "result": "results/journey_compare.json",
            "activity": "ACT13",
            "date": "2026-05-20",
        },
    ]
    feedback_rows = [
        {
            "id": "FB01",
            "title": "Survey: usability of today's home-care service (SUS)",
            "result": "results/survey_sus.json",
            "activity": "ACT15",
            "you_said": f"The service is hard to use: mean SUS {survey_sus['mean']:.1f} "
            f"(n = {survey_sus['n']}), below the benchmark of 68.",
            "we_did": "The to-be journey replaces the paper form and app messages with form B "
            "and SMS status updates.",
            "date": "2026-06-05",
        },
        {
            "id": "FB02",
            "title": "Survey: themes in the open comments",
            "result": "results/survey_themes.json",
            "activity": "ACT15",
            "you_said": f"The largest theme ({themes['n_texts']} comments, "
            f"{themes['share']:.0f}%): '{themes['label']}' - people miss having the same "
            "helpers.",
            "date": "2026-06-05",
        },
        {
            "id": "FB03",
            "title": "Workshop 3: comments on the form prototypes",
            "activity": "ACT11",
            "you_said": "Do not ask us for what the municipality already knows.",
            "we_did": "Form B drops every question the municipality can answer itself.",
            "date": "2026-04-15",
        },
    ]
    decisions = [
        {
            "id": "DEC01",
            "title": "Replace the paper form with the shorter form B",
            "status": "accepted",
            "date": "2026-06-10",
            "deciders": ["Head of home care", "Digital lead"],
            "consulted": ["citizen", "relative", "staff"],
            "options": ["Keep form A", "Form B", "Fully pre-filled online application"],
            "outcome": "Form B",
            "rationale": f"In the randomised test {_pct(done_b['estimate'])} "
            f"completed form B and {_pct(done_a['estimate'])} form A (difference "
            f"{100 * done['effect']:+.0f} points, 95% CI {100 * done['effect_ci_low']:+.0f} "
            f"to {100 * done['effect_ci_high']:+.0f}; {done['verdict']}); B took "
            f"{times['effect']:.2f}x the time of A and scored {sus['effect']:+.1f} SUS points "
            f"(95% CI {sus['effect_ci_low']:+.1f} to {sus['effect_ci_high']:+.1f}).",
            "review_date": "2026-12-01",
        },
        {
            "id": "DEC02",
            "title": "Pilot online booking with SMS updates in area Nord",
            "status": "superseded",
            "date": "2026-04-20",
            "deciders": ["Head of home care"],
            "consulted": ["staff"],
            "options": ["No change", "Pilot in Nord", "All areas"],
            "outcome": "Pilot in Nord",
            "rationale": "Try booking in one area first.",
        },
        {
            "id": "DEC03",
            "title": "Online booking with SMS updates in all four areas",
            "status": "accepted",
            "date": "2026-06-20",
            "deciders": ["Head of home care", "Elderly committee"],
            "consulted": ["citizen", "relative", "staff"],
            "options": ["Stay with the pilot", "All areas"],
            "outcome": "All areas",
            "rationale": f"The cost model of the to-be journey saves {_pct(staff['saving_pct'])} "
            f"of staff cost ({_pct(staff['saving_pct_low'])} to "
            f"{_pct(staff['saving_pct_high'])}) and {wait['saving']:.0f} waiting days per case.",
            "review_date": "2027-06-01",
        },
        {
            "id": "DEC04",
            "title": "No eligibility self-check on the website",
            "status": "rejected",
            "date": "2026-04-20",
            "deciders": ["Digital lead"],
            "consulted": ["staff"],
            "options": ["Self-check", "Clearer web page and a call-back"],
            "outcome": "Clearer web page and a call-back",
            "rationale": "Workshop 2 found that a self-check would turn away people who "
            "are entitled to help.",
        },
        {
            "id": "DEC05",
            "title": "Ask GPs for medical information directly",
            "status": "proposed",
            "date": "2026-06-20",
            "deciders": ["Head of home care"],
        },
    ]
    measures = [
        {
            "id": "M01",
            "bottom_line": "productivity",
            "indicator": "Staff cost per application (cost per transaction)",
            "unit": "DKK per application",
            "baseline": per_case["as_is"] * rate,
            "value": per_case["to_be"] * rate,
            "low": (per_case["as_is"] - per_case["saving_high"]) * rate,
            "high": (per_case["as_is"] - per_case["saving_low"]) * rate,
            "design": "before_after",
            "source": "Journey cost model, as-is vs to-be (low and high cost assumptions)",
            "result": "results/journey_compare.json",
            "sites": 1,
            "kpi": "cost_per_transaction",
            "date": "2026-05-20",
        },
        {
            "id": "M02",
            "bottom_line": "productivity",
            "indicator": "Citizen hours per application",
            "unit": "hours",
            "baseline": hours["as_is"],
            "value": hours["to_be"],
            "low": hours["as_is"] - hours["saving_high"],
            "high": hours["as_is"] - hours["saving_low"],
            "design": "before_after",
            "source": "Journey cost model, as-is vs to-be",
            "result": "results/journey_compare.json",
            "sites": 1,
            "date": "2026-05-20",
        },
        {
            "id": "M03",
            "bottom_line": "service_experience",
            "indicator": "SUS score of the application form",
            "unit": "SUS points",
            "baseline": sus_a["estimate"],
            "value": sus_b["estimate"],
            "low": sus_b["ci_low"],
            "high": sus_b["ci_high"],
            "level": ab["sus"]["level"],
            "design": "randomised",
            "source": "A/B test of the form: form B, with form A as the baseline; the "
            "difference and its interval are in the result",
            "result": "results/form_ab_test.json",
            "sites": 1,
            "independent": False,
            "scaled": False,
            "kpi": "user_satisfaction",
            "date": "2026-05-29",
        },
        {
            "id": "M04",
            "bottom_line": "results",
            "indicator": "Share of citizens who complete the application",
            "unit": "share",
            "baseline": done_a["estimate"],
            "value": done_b["estimate"],
            "low": done_b["ci_low"],
            "high": done_b["ci_high"],
            "level": ab["completed"]["level"],
            "design": "randomised",
            "source": "A/B test of the form: form B, with form A as the baseline; the "
            "difference and its interval are in the result",
            "result": "results/form_ab_test.json",
            "sites": 1,
            "kpi": "completion_rate",
            "date": "2026-05-29",
        },
        {
            "id": "M05",
            "bottom_line": "service_experience",
            "indicator": "SUS score of today's home-care service",
            "unit": "SUS points",
            "value": survey_sus["mean"],
            "low": survey_sus["ci_low"],
            "high": survey_sus["ci_high"],
            "level": survey_sus["level"],
            "design": "cross_section",
            "source": "Survey of home-care users and relatives",
            "result": "results/survey_sus.json",
            "kpi": "user_satisfaction",
            "date": "2026-06-05",
        },
        {
            "id": "M06",
            "bottom_line": "democracy",
            "indicator": "Share of respondents who agree they were treated fairly",
            "unit": "share",
            "value": (fair["pct_4"] + fair["pct_5"]) / 100,
            "design": "cross_section",
            "source": "Survey item 'I was treated fairly' (OMB A-11), agree or strongly agree",
            "result": "results/survey_likert.json",
            "date": "2026-06-05",
        },
        {
            "id": "M07",
            "bottom_line": "results",
            "indicator": "Waiting days per application",
            "unit": "days",
            "baseline": wait["as_is"],
            "value": wait["to_be"],
            "low": wait["as_is"] - wait["saving_high"],
            "high": wait["as_is"] - wait["saving_low"],
            "design": "before_after",
            "source": "Journey cost model, as-is vs to-be",
            "result": "results/journey_compare.json",
            "sites": 1,
            "date": "2026-05-20",
        },
    ]
    links = [
        ("IDEA01", "addresses", "INS02"),
        ("IDEA01", "addresses", "INS05"),
        ("IDEA02", "addresses", "INS02"),
        ("IDEA03", "addresses", "INS03"),
        ("IDEA04", "addresses", "INS04"),
        ("IDEA05", "addresses", "INS01"),
        ("ACT01", "supports", "INS02"),
        ("ACT02", "supports", "INS05"),
        ("ACT03", "supports", "INS03"),
        ("ACT04", "supports", "INS01"),
        ("ACT05", "supports", "INS06"),
        ("ACT06", "supports", "INS04"),
        ("ACT07", "supports", "INS03"),
        ("ACT08", "supports", "INS01"),
        ("ACT09", "supports", "INS02"),
        ("ACT10", "supports", "IDEA02"),
        ("ACT10", "contradicts", "IDEA05"),
        ("FB03", "supports", "IDEA02"),
        ("IDEA02", "tested_by", "TEST01"),
        ("IDEA03", "tested_by", "TEST02"),
        ("TEST01", "decided_by", "DEC01"),
        ("IDEA02", "decided_by", "DEC01"),
        ("FB01", "decided_by", "DEC01"),
        ("M03", "supports", "DEC01"),
        ("M04", "supports", "DEC01"),
        ("IDEA03", "decided_by", "DEC02"),
        ("TEST02", "decided_by", "DEC03"),
        ("M01", "supports", "DEC03"),
        ("M07", "supports", "DEC03"),
        ("DEC03", "supersedes", "DEC02"),
        ("IDEA05", "decided_by", "DEC04"),
        ("ACT10", "contradicts", "DEC04"),
    ]
    project = {
        "id": "home-care-redesign",
        "title": "Applying for home care, redesigned with citizens",
        "service": "Home care (hjemmehjælp)",
        "owner": "Elderly care innovation team",
        "description": "A synthetic example: citizens, relatives and staff redesign how "
        "older people apply for home care, from the first search to the first visit.",
        "journey_file": "journey/home_care_as_is.json",
        "population": "population.csv",
    }
    return {
        "project": [project],
        "participants": people,
        "activities": acts,
        "insights": [
            {
                "id": i,
                "kind": k,
                "statement": s,
                "steps": st,
                "journey": "home-care-as-is",
                "severity": sev,
            }
            for i, k, s, st, sev in insights
        ],
        "ideas": [{"id": i, "kind": k, "title": t, "description": d} for i, k, t, d in ideas],
        "tests": tests,
        "feedback": feedback_rows,
        "decisions": decisions,
        "measures": measures,
        "links": [{"source": s, "relation": r, "target": t} for s, r, t in links],
    }


def main(out: Path = DEFAULT_OUT) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("results", "journey"):
        shutil.rmtree(out / sub, ignore_errors=True)
    tables = build(out)
    led = ledger.ledger_from_tables(tables, base=out, source=LEDGER)
    target = out / LEDGER
    target.unlink(missing_ok=True)
    ledger.save(led, target)
    if out == DEFAULT_OUT:
        _write_schema()
    print(led.summary())
    return target


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
