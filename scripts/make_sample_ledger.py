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

``--language da`` writes the Danish sample to sample_data/da/ledger/ (or the folder given):
the same ledger (same ids, codes, links, participants and numbers) with its titles,
statements, descriptions, notes, decisions and measures' names in Danish (the table
``DANISH`` below), the same result records and journey copy (machine records, written in
English so that the two samples give the same numbers) and the same population.csv (a
StatBank export, Danish already; it is copied from sample_data/ledger/).

Every number in the ledger (measures, and the numbers quoted in decisions and feedback) is
read from those result records: none is typed in. ``population.csv`` (the population the
participants are compared with) is written by scripts/make_sample_population.py.

No row describes a real person; participants are pseudonyms like P-01. Re-running the
script reproduces every file byte for byte.
Run: .venv/bin/python scripts/make_sample_ledger.py [FOLDER] [--language da]
"""

import json
import shutil
from pathlib import Path

import numpy as np

from cocreate_kit import datasets, experiment, feedback, journey, ledger
from cocreate_kit.i18n import fmt_number, fmt_percent, use_language
from cocreate_kit.io import read_table
from cocreate_kit.ledger._schema import _write_schema

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "sample_data" / "ledger"
DANISH_OUT = ROOT / "sample_data" / "da" / "ledger"
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


#: English text of the sample -> Danish (titles, statements, notes, names of measures...).
DANISH = {
    # project
    "Applying for home care, redesigned with citizens": (
        "Ansøgning om hjemmehjælp, redesignet sammen med borgerne"
    ),
    "Home care (hjemmehjælp)": "Hjemmehjælp",
    "Elderly care innovation team": "Ældreområdets innovationsteam",
    "A synthetic example: citizens, relatives and staff redesign how older people apply for "
    "home care, from the first search to the first visit.": (
        "Et syntetisk eksempel: borgere, pårørende og medarbejdere redesigner, hvordan ældre "
        "søger om hjemmehjælp, fra den første søgning til det første besøg."
    ),
    # activities
    "Interview with a caseworker about the assessment": (
        "Interview med en sagsbehandler om visitationen"
    ),
    "Observing an assessment home visit": "Observation af et visitationsbesøg i hjemmet",
    "Observing calls to the citizen service": "Observation af opkald til Borgerservice",
    "Workshop 1: mapping the as-is journey together": (
        "Workshop 1: vi kortlægger den nuværende rejse sammen"
    ),
    "Workshop 2: ideas for the pain points": "Workshop 2: idéer til smertepunkterne",
    "Workshop 3: trying the form prototypes": "Workshop 3: vi afprøver prototyperne på skemaet",
    "Workshop 4: the to-be journey and what it should cost": (
        "Workshop 4: den fremtidige rejse og hvad den må koste"
    ),
    "Usability sessions with the to-be journey prototype": (
        "Brugertest af prototypen på den fremtidige rejse"
    ),
    "A/B test of the application form (A current, B shorter)": (
        "A/B-test af ansøgningsskemaet (A nuværende, B kortere)"
    ),
    "60 citizens at the citizen service, randomised to form A or B; they are in the test data "
    "under their own pseudonyms, not in the participants table.": (
        "60 borgere i Borgerservice, tilfældigt fordelt på skema A eller B; de står i "
        "testdataene under deres egne pseudonymer, ikke i deltagertabellen."
    ),
    "Survey of home-care users and relatives": (
        "Spørgeskemaundersøgelse blandt brugere af hjemmehjælp og pårørende"
    ),
    "Anonymous respondents; no participant rows.": "Anonyme respondenter; ingen deltagerrækker.",
    # insights
    "Citizens cannot tell from the website whether home care is for them": (
        "Borgerne kan ikke se på hjemmesiden, om hjemmehjælp er noget for dem"
    ),
    "The paper form is long and asks for information the municipality already has": (
        "Papirskemaet er langt og spørger om oplysninger, kommunen allerede har"
    ),
    "Weeks of waiting for the assessment visit without news": (
        "Ugers ventetid på visitationsbesøget uden nyt"
    ),
    "Missing medical information sends the case back and delays the decision": (
        "Manglende lægelige oplysninger sender sagen retur og forsinker afgørelsen"
    ),
    "Relatives do much of the paperwork for their parents": (
        "Pårørende klarer meget af papirarbejdet for deres forældre"
    ),
    "The decision letter is hard to understand": "Afgørelsesbrevet er svært at forstå",
    # ideas
    "Online application pre-filled with what the municipality knows": (
        "Digital ansøgning udfyldt på forhånd med det, kommunen ved"
    ),
    "Use data the municipality already holds so citizens and relatives type less.": (
        "Brug data, kommunen allerede har, så borgere og pårørende skal skrive mindre."
    ),
    "Shorter application form (form B)": "Kortere ansøgningsskema (skema B)",
    "Form B asks only what the municipality cannot look up itself.": (
        "Skema B spørger kun om det, kommunen ikke selv kan slå op."
    ),
    "Online booking of the assessment visit with SMS updates": (
        "Digital booking af visitationsbesøget med sms-opdateringer"
    ),
    "Book the visit online and get a text message at every step until the decision.": (
        "Book besøget digitalt, og få en sms ved hvert trin frem til afgørelsen."
    ),
    "Caseworkers request medical information from the GP directly": (
        "Sagsbehandlerne henter lægelige oplysninger direkte hos egen læge"
    ),
    "Eligibility self-check on the website": "Selvtjek af retten til hjælp på hjemmesiden",
    # tests
    "A/B test of the application form: completion, time, SUS": (
        "A/B-test af ansøgningsskemaet: gennemførelse, tid, SUS"
    ),
    "To-be journey prototype: cost model and emotion ratings, as-is vs to-be": (
        "Prototype på den fremtidige rejse: omkostningsmodel og følelsesvurderinger, nu mod fremtid"
    ),
    # feedback
    "Survey: usability of today's home-care service (SUS)": (
        "Spørgeskema: brugervenligheden af hjemmehjælpen i dag (SUS)"
    ),
    "The to-be journey replaces the paper form and app messages with form B and SMS status "
    "updates.": (
        "Den fremtidige rejse erstatter papirskemaet og beskederne i appen med skema B og "
        "statusopdateringer på sms."
    ),
    "Survey: themes in the open comments": "Spørgeskema: temaer i de åbne kommentarer",
    "Workshop 3: comments on the form prototypes": "Workshop 3: kommentarer til skemaprototyperne",
    "Do not ask us for what the municipality already knows.": (
        "Spørg os ikke om det, kommunen allerede ved."
    ),
    "Form B drops every question the municipality can answer itself.": (
        "Skema B dropper alle spørgsmål, kommunen selv kan svare på."
    ),
    # decisions
    "Replace the paper form with the shorter form B": "Erstat papirskemaet med det kortere skema B",
    "Head of home care": "Chef for hjemmeplejen",
    "Digital lead": "Digitaliseringsansvarlig",
    "Elderly committee": "Ældreudvalget",
    "Keep form A": "Behold skema A",
    "Form B": "Skema B",
    "Fully pre-filled online application": "Fuldt forudfyldt digital ansøgning",
    "Pilot online booking with SMS updates in area Nord": (
        "Pilotforsøg med digital booking og sms-opdateringer i område Nord"
    ),
    "No change": "Ingen ændring",
    "Pilot in Nord": "Pilotforsøg i Nord",
    "All areas": "Alle områder",
    "Try booking in one area first.": "Prøv booking i ét område først.",
    "Online booking with SMS updates in all four areas": (
        "Digital booking med sms-opdateringer i alle fire områder"
    ),
    "Stay with the pilot": "Bliv ved pilotforsøget",
    "No eligibility self-check on the website": "Intet selvtjek af retten til hjælp på hjemmesiden",
    "Self-check": "Selvtjek",
    "Clearer web page and a call-back": "Tydeligere hjemmeside og en opringning",
    "Workshop 2 found that a self-check would turn away people who are entitled to help.": (
        "Workshop 2 viste, at et selvtjek ville afvise mennesker, der har ret til hjælp."
    ),
    "Ask GPs for medical information directly": "Bed egen læge om lægelige oplysninger direkte",
    # measures
    "Staff cost per application (cost per transaction)": (
        "Personaleomkostning pr. ansøgning (omkostning pr. sag)"
    ),
    "DKK per application": "kr. pr. ansøgning",
    "Journey cost model, as-is vs to-be (low and high cost assumptions)": (
        "Rejsens omkostningsmodel, nu mod fremtid (lave og høje omkostningsantagelser)"
    ),
    "Citizen hours per application": "Borgertimer pr. ansøgning",
    "hours": "timer",
    "Journey cost model, as-is vs to-be": "Rejsens omkostningsmodel, nu mod fremtid",
    "SUS score of the application form": "SUS-score for ansøgningsskemaet",
    "SUS points": "SUS-point",
    "A/B test of the form: form B, with form A as the baseline; the difference and its "
    "interval are in the result": (
        "A/B-test af skemaet: skema B med skema A som udgangspunkt; forskellen og dens "
        "interval står i resultatet"
    ),
    "Share of citizens who complete the application": "Andel af borgerne, der gennemfører ansøgningen",
    "share": "andel",
    "SUS score of today's home-care service": "SUS-score for hjemmehjælpen i dag",
    "Share of respondents who agree they were treated fairly": (
        "Andel af respondenterne, der er enige i, at de blev behandlet retfærdigt"
    ),
    "Survey item 'I was treated fairly' (OMB A-11), agree or strongly agree": (
        "Spørgsmålet 'Jeg blev behandlet retfærdigt' (OMB A-11), enig eller meget enig"
    ),
    "Waiting days per application": "Ventedage pr. ansøgning",
    "days": "dage",
}
#: Columns whose text is translated (ids, codes, dates and numbers are not).
_TEXT = {
    "project": ("title", "service", "owner", "description"),
    "activities": ("title", "notes"),
    "insights": ("statement",),
    "ideas": ("title", "description"),
    "tests": ("title",),
    "feedback": ("title", "you_said", "we_did"),
    "decisions": ("title", "deciders", "options", "outcome", "rationale"),
    "measures": ("indicator", "unit", "source"),
}


def _pct_da(x: float) -> str:
    return fmt_percent(x)


def _signed(x: float, digits: int) -> str:
    return ("+" if x >= 0 else "−") + fmt_number(abs(x), digits)


def _danish_sentences(out: Path) -> dict:
    """The texts of the sample that quote numbers, in Danish with Danish numbers (read from
    the same result records as the English ones)."""
    records = {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("results/*.json")
    }
    ab = records["form_ab_test"]["results"]
    totals = {r["measure"]: r for r in records["journey_compare"]["totals"]}
    survey_sus = records["survey_sus"]
    themes = max(records["survey_themes"]["themes"], key=lambda t: t["n_texts"])
    done, sus, times = (ab[m]["table"][0] for m in ("completed", "sus", "time_s"))
    arm = {(m, a["variant"]): a for m in ab for a in ab[m]["arms"]}
    staff, wait = totals["staff_cost"], totals["waiting_days_per_case"]
    verdicts = {
        "better": "bedre",
        "worse": "dårligere",
        "equivalent within the margin": "ækvivalent inden for marginen",
        "not enough evidence yet": "ikke nok evidens endnu",
    }
    with use_language("da"):
        return {
            ("feedback", "FB01", "you_said"): (
                f"Servicen er svær at bruge: gennemsnitlig SUS {fmt_number(survey_sus['mean'], 1)} "
                f"(n = {survey_sus['n']}), under benchmarket på 68."
            ),
            ("feedback", "FB02", "you_said"): (
                f"Det største tema ({themes['n_texts']} kommentarer, "
                f"{fmt_number(themes['share'], 0)} %): '{themes['label']}' - folk savner at "
                "have de samme hjælpere."
            ),
            ("decisions", "DEC01", "rationale"): (
                f"I det randomiserede forsøg gennemførte {_pct_da(arm['completed', 'B']['estimate'])} "
                f"skema B og {_pct_da(arm['completed', 'A']['estimate'])} skema A (forskel "
                f"{_signed(100 * done['effect'], 0)} point, 95 %-konfidensinterval "
                f"{_signed(100 * done['effect_ci_low'], 0)} til "
                f"{_signed(100 * done['effect_ci_high'], 0)}; "
                f"{verdicts.get(done['verdict'], done['verdict'])}); B tog "
                f"{fmt_number(times['effect'], 2)} gange så lang tid som A og fik "
                f"{_signed(sus['effect'], 1)} SUS-point (95 %-konfidensinterval "
                f"{_signed(sus['effect_ci_low'], 1)} til {_signed(sus['effect_ci_high'], 1)})."
            ),
            ("decisions", "DEC03", "rationale"): (
                f"Omkostningsmodellen for den fremtidige rejse sparer {_pct_da(staff['saving_pct'])} "
                f"af personaleomkostningerne ({_pct_da(staff['saving_pct_low'])} til "
                f"{_pct_da(staff['saving_pct_high'])}) og {fmt_number(wait['saving'], 0)} "
                "ventedage pr. sag."
            ),
        }


def danish(tables: dict, out: Path) -> dict:
    """The sample's tables with their text in Danish (same ids, codes and numbers)."""
    sentences = _danish_sentences(out)

    def word(text: str) -> str:
        if text.startswith("Interview at home "):  # "Interview at home 3: applying ..."
            n = text.removeprefix("Interview at home ").split(":")[0]
            return f"Interview i hjemmet {n}: ansøgning om hjemmehjælp"
        return DANISH[text]

    result = {}
    for name, rows in tables.items():
        fields = _TEXT.get(name, ())
        new_rows = []
        for row in rows:
            row = dict(row)
            for f in fields:
                key = (name, row.get("id"), f)
                if key in sentences:
                    row[f] = sentences[key]
                elif isinstance(row.get(f), list):
                    row[f] = [word(v) for v in row[f]]
                elif row.get(f) is not None:
                    row[f] = word(row[f])
            new_rows.append(row)
        result[name] = new_rows
    return result


def main(out: Path = DEFAULT_OUT, language: str = "en") -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("results", "journey"):
        shutil.rmtree(out / sub, ignore_errors=True)
    # The records and the English text are made in English whatever the caller's language:
    # the Danish sample is the same ledger with its text translated (see ``danish``).
    with use_language("en"):
        tables = build(out)
    if language == "da":
        tables = danish(tables, out)
        population = DEFAULT_OUT / "population.csv"
        (out / "population.csv").write_bytes(population.read_bytes())
    led = ledger.ledger_from_tables(tables, base=out, source=LEDGER)
    target = out / LEDGER
    target.unlink(missing_ok=True)
    ledger.save(led, target)
    if out == DEFAULT_OUT:
        _write_schema()
    print(led.summary())
    return target


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write the synthetic sample ledger.")
    parser.add_argument("folder", nargs="?", type=Path, help="default: the sample_data folder")
    parser.add_argument("--language", choices=("en", "da"), default="en")
    args = parser.parse_args()
    default = DANISH_OUT if args.language == "da" else DEFAULT_OUT
    main(args.folder or default, args.language)
