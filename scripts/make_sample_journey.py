"""Generate the SYNTHETIC journey sample data (fixed seed): applying for home care.

Writes to sample_data/journey/:
  home_care_as_is.json / .xlsx  the as-is journey (personas, stages, steps, evidence, ratings)
  home_care_to_be.json          the to-be redesign with ratings from prototype sessions
  home_care_ratings.csv         the as-is ratings as a separate file (load_ratings example)
  home_care_events.csv          an event log of 2,500 cases
and the published schema cocreate_kit/journey/journey.schema.json.

With --language da it writes the Danish translation instead, to sample_data/da/journey/
(texts from scripts/journey_sample_da.py; ids, numbers and ratings identical; the ratings
and event-log files hold no text people read, so the English ones serve both languages).
--out DIR writes to another folder (the reproducibility tests use it).

No row describes a real person; participants are pseudonyms like P01.
Run: .venv/bin/python scripts/make_sample_journey.py [--language da] [--out DIR]
"""

import argparse
import json
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from cocreate_kit.journey import Evidence, Journey, Persona, Rating, Stage, Step, save
from cocreate_kit.journey._schema import _write_schema

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_data" / "journey"
rng = np.random.default_rng(20261129)

personas = (
    Persona("citizen", "Older citizen", "citizen", "75+ living alone", 1800),
    Persona("relative", "Relative", "relative", "adult child", 1200),
    Persona("caseworker", "Caseworker", "staff", "home-care team", 40),
)
stages = (
    Stage("find", 1, "Find out about help"),
    Stage("apply", 2, "Apply"),
    Stage("assess", 3, "Assessment"),
    Stage("decide", 4, "Decision"),
    Stage("start", 5, "Care starts"),
)
S = Step
as_is_steps = (
    S(
        "S01",
        "find",
        1,
        "Search the municipality website",
        "web",
        customer_action="Searches for 'home care'",
        frontstage="Website pages",
        backstage="Web team updates content",
        support="CMS",
        physical_evidence="Web page",
        actor="Municipality",
        pain_points=("Terms are bureaucratic", "No self-check"),
        opportunities=("Plain-language self-check",),
        citizen_minutes=25,
        staff_minutes=0.5,
        activity_keys=(),
    ),
    S(
        "S02",
        "find",
        2,
        "Call the citizen service",
        "phone",
        customer_action="Calls to ask how to apply",
        frontstage="Citizen service agent",
        backstage="Agent looks up rules",
        support="Phone system",
        physical_evidence="Phone queue",
        actor="Citizen service",
        pain_points=("Long phone queue",),
        wait_point=True,
        citizen_minutes=30,
        staff_minutes=12,
        frequency=0.8,
        activity_keys=("info_call",),
    ),
    S(
        "S03",
        "apply",
        1,
        "Get a paper form sent",
        "letter",
        customer_action="Asks for the form",
        frontstage="Agent promises to send form",
        backstage="Form posted",
        support="Print and post",
        physical_evidence="Paper form",
        actor="Citizen service",
        pain_points=("Waits a week for a form",),
        waiting_days=6,
        citizen_minutes=5,
        staff_minutes=8,
        activity_keys=("form_requested",),
    ),
    S(
        "S04",
        "apply",
        2,
        "Fill in the form",
        "letter",
        customer_action="Fills in form with relative's help",
        frontstage="Paper form",
        backstage="",
        support="",
        physical_evidence="Eight-page form",
        actor="Citizen",
        pain_points=("Asks for data the municipality has", "Medical terms hard"),
        opportunities=("Pre-fill from registers",),
        citizen_minutes=90,
        staff_minutes=0,
        activity_keys=(),
    ),
    S(
        "S05",
        "apply",
        3,
        "Send form and documents",
        "letter",
        customer_action="Posts form and copies",
        frontstage="Mail room",
        backstage="Scanning and registration",
        support="Case system",
        physical_evidence="Envelope",
        actor="Municipality",
        citizen_minutes=30,
        staff_minutes=20,
        activity_keys=("application_received",),
    ),
    S(
        "S06",
        "assess",
        1,
        "Wait for a visit time",
        "letter",
        customer_action="Waits for a letter",
        frontstage="Letter with a fixed time",
        backstage="Planner books a visit",
        support="Calendar",
        physical_evidence="Letter",
        actor="Home-care team",
        pain_points=("No idea how long it takes",),
        wait_point=True,
        citizen_minutes=10,
        staff_minutes=15,
        waiting_days=14,
        activity_keys=("visit_booked",),
    ),
    S(
        "S07",
        "assess",
        2,
        "Assessment home visit",
        "home visit",
        customer_action="Explains daily life",
        frontstage="Caseworker visits",
        backstage="Notes and functional assessment",
        support="Assessment tool",
        physical_evidence="Caseworker at the door",
        actor="Home-care team",
        pain_points=("Has to repeat everything",),
        citizen_minutes=75,
        staff_minutes=150,
        activity_keys=("assessment_visit",),
    ),
    S(
        "S08",
        "assess",
        3,
        "Send missing medical information",
        "letter",
        customer_action="Gets GP statement",
        frontstage="Letter asking for documents",
        backstage="Caseworker chases documents",
        support="Case system",
        physical_evidence="Reminder letter",
        actor="Home-care team",
        pain_points=("Unclear which documents",),
        fail_point=True,
        citizen_minutes=60,
        staff_minutes=30,
        frequency=0.4,
        waiting_days=10,
        activity_keys=("documents_requested", "documents_received"),
    ),
    S(
        "S09",
        "decide",
        1,
        "Caseworker prepares the decision",
        "internal",
        customer_action="",
        frontstage="",
        backstage="Writes decision, checks rules",
        support="Case system, legal templates",
        physical_evidence="",
        actor="Home-care team",
        citizen_minutes=0,
        staff_minutes=90,
        waiting_days=7,
        activity_keys=(),
    ),
    S(
        "S10",
        "decide",
        2,
        "Receive the decision letter",
        "letter",
        customer_action="Reads decision",
        frontstage="Decision letter",
        backstage="Letter printed",
        support="Print and post",
        physical_evidence="Four-page letter",
        actor="Home-care team",
        pain_points=("Legal language",),
        citizen_minutes=30,
        staff_minutes=10,
        activity_keys=("decision_sent",),
    ),
    S(
        "S11",
        "start",
        1,
        "Agree a start date with the provider",
        "phone",
        customer_action="Calls provider",
        frontstage="Provider coordinator",
        backstage="Provider plans routes",
        support="Rota system",
        physical_evidence="Phone call",
        actor="Care provider",
        pain_points=("Has to call the provider",),
        citizen_minutes=25,
        staff_minutes=20,
        activity_keys=("provider_contacted",),
    ),
    S(
        "S12",
        "start",
        2,
        "First home-care visit",
        "home visit",
        customer_action="Meets carer",
        frontstage="Carer visits",
        backstage="Care plan",
        support="Rota system",
        physical_evidence="Carer and care plan",
        actor="Care provider",
        citizen_minutes=45,
        staff_minutes=45,
        activity_keys=("care_started",),
    ),
)
# Blank lanes are None (what loading a sheet with empty cells gives).
as_is_steps = tuple(
    replace(
        s,
        **{
            f: None
            for f in ("customer_action", "frontstage", "backstage", "support", "physical_evidence")
            if getattr(s, f) == ""
        },
    )
    for s in as_is_steps
)
by_id = {s.id: s for s in as_is_steps}
to_be_steps = (
    replace(
        by_id["S01"],
        title="Check online if home care fits",
        pain_points=(),
        citizen_minutes=10,
        opportunities=(),
    ),
    replace(by_id["S02"], frequency=0.3, pain_points=(), wait_point=False),
    replace(
        by_id["S04"],
        title="Apply online with pre-filled data",
        channel="web",
        customer_action="Confirms pre-filled data",
        frontstage="Online application",
        backstage="Register data fetched",
        support="Self-service platform",
        physical_evidence="Receipt on screen",
        pain_points=(),
        opportunities=(),
        citizen_minutes=25,
        staff_minutes=2,
        activity_keys=("application_received",),
    ),
    replace(
        by_id["S06"],
        title="Book a visit time online",
        channel="web",
        frontstage="Booking page",
        pain_points=(),
        wait_point=False,
        citizen_minutes=5,
        staff_minutes=3,
        waiting_days=5,
    ),
    by_id["S07"],
    replace(by_id["S08"], frequency=0.1, pain_points=()),
    replace(by_id["S09"], staff_minutes=60, waiting_days=3),
    replace(
        by_id["S10"],
        channel="digital post",
        pain_points=(),
        staff_minutes=2,
        citizen_minutes=15,
        physical_evidence="Plain-language decision",
    ),
    replace(
        by_id["S11"],
        title="Provider calls to agree a start date",
        customer_action="Answers the call",
        pain_points=(),
        citizen_minutes=10,
    ),
    by_id["S12"],
    S(
        "T13",
        "decide",
        3,
        "Status updates by SMS",
        "sms",
        customer_action="Reads status",
        frontstage="SMS",
        backstage="Automatic status events",
        support="Case system",
        physical_evidence="Text message",
        actor="Home-care team",
        citizen_minutes=2,
        staff_minutes=0,
        frequency=3,
    ),
)

evidence = (
    Evidence(
        "E01",
        "quote",
        "I did not know if my mother could even get help.",
        "Interview 3",
        True,
        ("S01",),
        "reported",
        "P03",
        "2026-02-03",
    ),
    Evidence(
        "E02",
        "quote",
        "Forty minutes in the phone queue, then they sent a form.",
        "Interview 5",
        True,
        ("S02", "S03"),
        "reported",
        "P05",
        "2026-02-05",
    ),
    Evidence(
        "E03",
        "observation",
        "Relative filled in most of the form; 9 fields ask for "
        "data the municipality already holds.",
        "Home observation 2",
        True,
        ("S04",),
        "observed",
        "P02",
        "2026-02-10",
    ),
    Evidence(
        "E04",
        "quote",
        "Private story about my diagnosis.",
        "Interview 7",
        False,
        ("S07",),
        "reported",
        "P07",
        "2026-02-11",
    ),
    Evidence(
        "E05",
        "quote",
        "We waited and heard nothing for weeks.",
        "Workshop 1",
        True,
        ("S06",),
        "reported",
        "P11",
        "2026-02-20",
    ),
    Evidence(
        "E06",
        "quote",
        "I explained everything twice, to two different people.",
        "Interview 9",
        True,
        ("S07",),
        "reported",
        "P09",
        "2026-02-12",
    ),
    Evidence(
        "E07",
        "log_statistic",
        "Documents are requested again in about 1 in 5 cases.",
        "Event log 2026",
        True,
        ("S08",),
        "observed",
        None,
        "2026-03-01",
    ),
    Evidence(
        "E08",
        "quote",
        "The letter was four pages and I still did not know the answer.",
        "Interview 12",
        True,
        ("S10",),
        "reported",
        "P12",
        "2026-02-25",
    ),
    Evidence(
        "E09",
        "sticky_note",
        "Provider should call us, not the other way round.",
        "Workshop 1",
        True,
        ("S11",),
        "hypothesis",
        None,
        "2026-02-20",
    ),
    Evidence(
        "E10",
        "quote",
        "Chasing GP statements takes most of my week.",
        "Staff interview 2",
        True,
        ("S08", "S09"),
        "reported",
        "C02",
        "2026-02-14",
    ),
)

# Mean emotion per persona per step (as-is), then integer ratings around it.
facing = ["S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S10", "S11", "S12"]
base_as_is = {
    "S01": -0.5,
    "S02": -1.2,
    "S03": -0.8,
    "S04": -1.5,
    "S05": -0.3,
    "S06": -1.4,
    "S07": 0.4,
    "S08": -1.6,
    "S10": -0.9,
    "S11": -0.6,
    "S12": 1.2,
    "S09": -0.8,
}
staff_steps = ["S02", "S05", "S07", "S08", "S09", "S10"]


def ratings_for(participants, persona, steps, means, shift):
    out = []
    for p in participants:
        person = rng.normal(0, 0.4)
        for sid in steps:
            val = means[sid] + shift + person + rng.normal(0, 0.6)
            out.append(Rating(p, persona, sid, int(np.clip(np.rint(val), -2, 2))))
    return out


as_is_ratings = (
    ratings_for([f"P{i:02d}" for i in range(1, 10)], "citizen", facing, base_as_is, 0.0)
    + ratings_for([f"P{i:02d}" for i in range(10, 18)], "relative", facing, base_as_is, -0.3)
    + ratings_for([f"C{i:02d}" for i in range(1, 5)], "caseworker", staff_steps, base_as_is, 0.2)
)
base_to_be = {
    "S01": 0.6,
    "S02": 0.2,
    "S04": 0.8,
    "S06": 0.5,
    "S07": 0.7,
    "S08": -0.6,
    "S09": 0.3,
    "S10": 0.4,
    "S11": 0.6,
    "S12": 1.2,
    "T13": 1.0,
}
to_be_facing = ["S01", "S02", "S04", "S06", "S07", "S08", "S10", "S11", "S12", "T13"]
to_be_ratings = ratings_for(
    [f"R{i:02d}" for i in range(1, 7)], "citizen", to_be_facing, base_to_be, 0.0
) + ratings_for([f"R{i:02d}" for i in range(7, 13)], "relative", to_be_facing, base_to_be, -0.2)

as_is = Journey(
    id="home-care-as-is",
    title="I apply for home care for my mother",
    service="Home care (synthetic example)",
    state="as_is",
    version="3",
    life_event="A parent needs help at home",
    owner="Service design team",
    review_due="2027-03-31",
    personas=personas,
    stages=stages,
    steps=as_is_steps,
    evidence=evidence,
    ratings=tuple(as_is_ratings),
)
to_be = Journey(
    id="home-care-to-be",
    title="I apply for home care for my mother",
    service="Home care (synthetic example)",
    state="to_be",
    version="1",
    based_on="home-care-as-is",
    life_event="A parent needs help at home",
    owner="Service design team",
    review_due="2027-03-31",
    personas=personas,
    stages=stages,
    steps=to_be_steps,
    evidence=(),
    ratings=tuple(to_be_ratings),
)


def event_log(n_cases: int = 2500) -> pd.DataFrame:
    start = pd.Timestamp("2026-01-02 08:00")
    span_days = 300
    rows = []
    for i in range(n_cases):
        cid = f"C{i + 1:05d}"
        t = start + pd.Timedelta(days=float(rng.uniform(0, span_days)))
        t = t.floor("min")
        channel = rng.choice(["phone", "letter", "web"], p=[0.5, 0.3, 0.2])
        segment = rng.choice(["75-84", "85+", "under 75"], p=[0.5, 0.35, 0.15])
        path = []
        if channel == "phone" or rng.random() < 0.3:
            path.append(("info_call", 0.0))
        path.append(("form_requested", rng.exponential(0.5)))
        path.append(("application_received", rng.gamma(2, 4)))
        if rng.random() < 0.06:
            pass  # stops after sending the application (still open or given up)
        else:
            path.append(("visit_booked", rng.gamma(2, 3)))
            path.append(("assessment_visit", rng.gamma(3, 4)))
            loops = rng.choice([0, 1, 2], p=[0.78, 0.17, 0.05])
            for _ in range(loops):
                path.append(("documents_requested", rng.exponential(1)))
                path.append(("documents_received", rng.gamma(2, 5)))
            if rng.random() < 0.04:
                path = path  # drops off after assessment (e.g. moved to nursing home)
            else:
                path.append(("decision_sent", rng.gamma(2, 3.5)))
                if rng.random() < 0.05:
                    path = path  # declined
                else:
                    path.append(("provider_contacted", rng.gamma(1.5, 2)))
                    path.append(("care_started", rng.gamma(2, 2.5)))
        for act, gap in path:
            t = t + pd.Timedelta(days=float(gap))
            t = t.floor("min")
            if t > start + pd.Timedelta(days=span_days + 10):
                break  # the case is still open when the log was extracted
            rows.append((cid, act, t.strftime("%Y-%m-%d %H:%M"), channel, segment))
    return pd.DataFrame(rows, columns=["case_id", "activity", "timestamp", "channel", "segment"])


def write_danish(out: Path) -> None:
    """The Danish as-is (JSON and workbook) and to-be journeys, and a README."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from journey_sample_da import translate

    out.mkdir(parents=True, exist_ok=True)
    save(translate(as_is), out / "home_care_as_is.json")
    save(translate(as_is), out / "home_care_as_is.xlsx")
    save(translate(to_be), out / "home_care_to_be.json")
    (out / "README.md").write_text(
        "# Rejsedata (syntetiske)\n\nDansk oversættelse af `sample_data/journey/`, lavet af "
        "`scripts/make_sample_journey.py --language da`: samme id'er, tal og vurderinger, "
        "tekster på dansk. Ingen række beskriver en virkelig person.\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("en", "da"), default="en")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.language == "da":
        write_danish(args.out or ROOT / "sample_data" / "da" / "journey")
        sys.exit(0)
    OUT = args.out or OUT
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    if args.out is None:
        _write_schema()
    save(as_is, OUT / "home_care_as_is.json")
    save(as_is, OUT / "home_care_as_is.xlsx")
    save(to_be, OUT / "home_care_to_be.json")
    as_is.ratings_frame().to_csv(OUT / "home_care_ratings.csv", index=False)
    log = event_log()
    log.to_csv(OUT / "home_care_events.csv", index=False)
    (OUT / "README.md").write_text(
        "# Journey sample data (synthetic)\n\nGenerated by `scripts/make_sample_journey.py` "
        "with a fixed seed. Applying for home care for an elderly parent; personas citizen, "
        "relative, caseworker. No row describes a real person.\n",
        encoding="utf-8",
    )
    total = sum(f.stat().st_size for f in OUT.iterdir())
    print(json.dumps({"events": len(log), "cases": int(log["case_id"].nunique()), "bytes": total}))
