"""Generate the SYNTHETIC feedback sample data (fixed seed): a home-care user survey.

Writes
------
sample_data/feedback/homecare_survey.csv
    600 synthetic respondents (home-care users and relatives) with segments, SUS, NPS,
    UMUX-Lite, CSAT, A-11 items (Danish labels) and a free-text comment in Danish or
    English. About one comment in six contains planted FAKE personal data (names, emails,
    phone numbers, CPR numbers - some failing the modulus-11 check - and URLs), and 15
    more carry the forms that leaked before issue 15 (see :func:`plant_danish_forms`).
sample_data/feedback/participants.csv
    The fake recruitment deny-list (names to redact).
sample_data/feedback/codebook.csv
    A two-level codebook with descriptions.
sample_data/feedback/coding_sheet.csv
    120 comment segments coded by two coders (one row per segment x coder x code).
tests/data/planted_pii.json
    Every planted personal value, so tests can check none reaches a page or an export.
sample_data/da/feedback/homecare_survey.csv, codebook.csv, coding_sheet.csv
    The Danish versions (:func:`write_danish`, from the English files through the tables
    :data:`DA_COLUMNS`, :data:`DA_VALUES`, :data:`DA_CODES`): the same respondents, ids and
    answers; Danish column names, group values, code names and code descriptions. The
    comments stay as written (Danish or English). ``datasets.sample_project`` picks them when
    the language is Danish; every number computed from them equals the English one.

No row describes a real person. Run: python scripts/make_sample_feedback.py
(``--danish-only`` rewrites only the Danish files from the English ones).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cocreate_kit.privacy import redact  # noqa: E402

SEED = 20260501
OUT = ROOT / "sample_data" / "feedback"
OUT_DA = ROOT / "sample_data" / "da" / "feedback"

#: Danish names of the survey's columns (the others, sus_1 ... a11_*, are item ids).
DA_COLUMNS = {
    "role": "rolle",
    "area": "område",
    "age_group": "aldersgruppe",
    "channel": "kanal",
    "comment": "kommentar",
}
#: Danish group values per (English) column; values not listed (Nord, 65-79 ...) stay.
DA_VALUES = {
    "role": {"user": "bruger", "relative": "pårørende"},
    "channel": {"home visit": "hjemmebesøg", "phone": "telefon", "app": "app"},
}
#: Danish code names and descriptions, by English code. The names sort in the same order
#: as the English ones, so the coding agreement's bootstrap (which resamples the units in
#: sorted order) draws the same units and gives the same interval in both languages.
DA_CODES = {
    "app_problems": ("app_problemer", "Problemer med appen eller det digitale login."),
    "cleaning": ("boligens_rengøring", "Rengøringens kvalitet eller hyppighed."),
    "contact": ("kontakt", "At komme i kontakt med kommunen."),
    "kind_staff": ("ros_til_personalet", "Ros til venligt, imødekommende og hjælpsomt personale."),
    "late_visits": ("sene_besøg", "Besøg, der kommer for sent; ventetid på hjælperen."),
    "many_carers": ("skiftende_hjælpere", "For mange forskellige hjælpere; manglende kontinuitet."),
    "phone_waiting": ("telefonventetid", "Ventetid i telefonen, ingen opringning tilbage."),
    "service_delivery": ("tilrettelæggelse_af_hjælp", "Hvordan og hvornår hjælpen bliver givet."),
    "staff": ("udførende_personale", "De mennesker, der giver hjælpen."),
}

FIRST = [
    "Birthe",
    "Jens",
    "Karen",
    "Poul",
    "Inger",
    "Henning",
    "Lone",
    "Aksel",
    "Grethe",
    "Svend",
    "Hanne",
    "Bent",
    "Ulla",
    "Erik",
    "Ruth",
    "Knud",
]
LAST = [
    "Kjærgaard",
    "Olesen",
    "Thygesen",
    "Bøgelund",
    "Skovgaard",
    "Lindholm",
    "Vestergård",
    "Mørch",
    "Rasmussen",
    "Holmgaard",
    "Dalsgaard",
    "Juhl",
]

THEMES = {
    "punctuality": {
        "da": [
            "Hjælperen kom {late} for sent i morges, og jeg ventede længe.",
            "Besøgene kommer ofte for sent, tiden passer aldrig.",
            "Det er dårligt at ventetiden på besøget er så lang.",
        ],
        "en": [
            "The carer arrived late again and I waited a long time.",
            "Visits are often late and the times never match the plan.",
            "Waiting for the visit is frustrating, they are always late.",
        ],
        "sent": -1,
    },
    "staff_kindness": {
        "da": [
            "Personalet er søde og venlige, jeg er meget glad for dem.",
            "Hjælperne er dejlige og tager sig god tid til at snakke.",
            "Stor ros til personalet, de er altid venlige og hjælpsomme.",
        ],
        "en": [
            "The staff are kind and friendly, I am very happy with them.",
            "The carers are lovely and take time to talk with my mother.",
            "Great staff, always friendly and helpful.",
        ],
        "sent": 1,
    },
    "staff_changes": {
        "da": [
            "Der kommer for mange forskellige hjælpere, det er utrygt.",
            "Nye ansigter hver uge, min mor bliver forvirret af de mange skift.",
            "Vi savner faste hjælpere, der er alt for mange skift.",
        ],
        "en": [
            "Too many different carers, it feels unsafe.",
            "New faces every week, my father gets confused by all the changes.",
            "We miss having the same carers, there are too many changes.",
        ],
        "sent": -1,
    },
    "digital": {
        "da": [
            "Appen virker ikke, og jeg kan ikke logge ind med MitID.",
            "Det er svært at bruge appen til at se besøgstider.",
            "Login i appen driller, og beskederne kommer ikke frem.",
        ],
        "en": [
            "The app does not work and I cannot log in.",
            "It is hard to use the app to see the visit times.",
            "The app login fails and messages never arrive.",
        ],
        "sent": -1,
    },
    "phone": {
        "da": [
            "Man venter alt for længe i telefonen når man ringer til kommunen.",
            "Telefonen bliver aldrig taget, og ingen ringer tilbage.",
            "Det tager evigheder at komme igennem på telefonen.",
        ],
        "en": [
            "You wait far too long on the phone when you call the municipality.",
            "Nobody answers the phone and nobody calls back.",
            "It takes ages to get through on the phone.",
        ],
        "sent": -1,
    },
    "cleaning": {
        "da": [
            "Rengøringen er god og grundig, det er rart.",
            "Rengøringen bliver sprunget over, badeværelset er beskidt.",
            "Rengøring hver anden uge er for lidt, gulvene er beskidte.",
        ],
        "en": [
            "The cleaning is good and thorough, which is nice.",
            "Cleaning gets skipped and the bathroom is dirty.",
            "Cleaning every other week is not enough, the floors are dirty.",
        ],
        "sent": 0,
    },
}
THEME_CODE = {
    "punctuality": "late_visits",
    "staff_kindness": "kind_staff",
    "staff_changes": "many_carers",
    "digital": "app_problems",
    "phone": "phone_waiting",
    "cleaning": "cleaning",
}

LABELS_DA = ["Helt uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Helt enig"]
CSAT_DA = [
    "Meget utilfreds",
    "Utilfreds",
    "Hverken tilfreds eller utilfreds",
    "Tilfreds",
    "Meget tilfreds",
]


def fake_cpr(rng: np.random.Generator, fail_mod11: bool) -> str:
    """A CPR-shaped number whose first six digits are a valid date (synthetic)."""
    weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]
    while True:
        day = int(rng.integers(1, 29))
        month = int(rng.integers(1, 13))
        yy = int(rng.integers(20, 60))
        seq = int(rng.integers(0, 4000))  # 7th digit 0-3: 1900s
        digits = f"{day:02d}{month:02d}{yy:02d}{seq:04d}"
        ok = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0
        if ok != fail_mod11:
            sep = "-" if rng.random() < 0.6 else ""
            return digits[:6] + sep + digits[6:]


def fake_phone(rng: np.random.Generator) -> str:
    d = "".join(str(x) for x in rng.integers(0, 10, 8))
    d = str(int(rng.integers(2, 10))) + d[1:]
    fmt = int(rng.integers(0, 6))
    if fmt == 0:
        return f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}"
    if fmt == 1:
        return f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}"
    if fmt == 2:
        return f"0045 {d[:4]} {d[4:]}"
    if fmt == 3:
        return f"+45{d}"
    if fmt == 4:
        return d
    return f"+44 20 7{d[1:4]} {d[4:8]}"  # a London-style international number


def plant_danish_forms(comments: list[str], planted: dict[str, list[str]], people: list[str]):
    """Append personal data written the way Danes write it to 15 comments (issue 15).

    CPR numbers with ``.``, ``/`` or a non-breaking hyphen; +45 numbers in unusual
    groupings; e-mails written "at ... dot"; possessive and hyphenated names; street
    addresses with postcode. A separate seeded generator picks the comments, so every
    other value in the sample data is the same as before; only comments without planted
    data are used.
    """
    rng = np.random.default_rng(SEED + 15)
    taken = {v for vs in planted.values() for v in vs}
    free = [i for i, c in enumerate(comments) if c and not any(v in c for v in taken)]
    picks = sorted(int(i) for i in rng.choice(free, 15, replace=False))
    person = [people[int(rng.integers(0, len(people)))] for _ in picks]
    first = [p.split()[0] for p in person]
    last = [p.split()[1] for p in person]
    ascii_first = [
        f.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa") for f in first
    ]
    cprs = [fake_cpr(rng, fail_mod11=False).replace("-", "") for _ in range(3)]
    d8 = [
        str(int(rng.integers(2, 10))) + "".join(map(str, rng.integers(0, 10, 7))) for _ in range(3)
    ]
    forms = [
        ("cpr", f"{cprs[0][:6]}.{cprs[0][6:]}", "Mit CPR er {v}."),
        ("cpr", f"{cprs[1][:6]}/{cprs[1][6:]}", "CPR: {v}."),
        ("cpr", f"{cprs[2][:6]}\u2011{cprs[2][6:]}", "My CPR is {v}."),
        ("phones", f"+45 {d8[0][:3]} {d8[0][3:5]} {d8[0][5:]}", "Ring på {v}."),
        ("phones", f"(+45) {d8[1][:4]} {d8[1][4:6]} {d8[1][6:]}", "Call me on {v}."),
        ("phones", f"0045 {d8[2][:2]} {d8[2][2:5]} {d8[2][5:]}", "Ring på {v}."),
        ("emails", f"{ascii_first[6]}.{6} at example dot dk", "Skriv til {v}."),
        ("emails", f"{ascii_first[7]} (at) example (dot) dk", "Email me at {v}."),
        ("emails", f"{ascii_first[8]}[snabel-a]example.dk", "Skriv til {v}."),
        ("names", f"{person[9]}s", "Hilsen fra {v} datter."),
        ("names", f"{last[10]}s", "Jeg talte med {v} søn."),
        ("names", f"{last[11]}-Hansen", "Regards, {v}."),
        ("addresses", "Nørregade 12, 2. th., 8000 Aarhus C", "Jeg bor på {v}."),
        ("addresses", "Vestergade 3B, 5000 Odense", "Min adresse er {v}."),
        ("addresses", "H.C. Andersens Boulevard 27, 1553 København V", "I live at {v}."),
    ]
    for i, (kind, value, frame) in zip(picks, forms, strict=True):
        comments[i] = f"{comments[i]} {frame.format(v=value)}"
        planted.setdefault(kind, []).append(value)


def main() -> None:
    rng = np.random.default_rng(SEED)
    n = 600
    people = []
    for i in range(24):
        people.append(f"{FIRST[i % len(FIRST)]} {LAST[(i * 5) % len(LAST)]}")
    people = list(dict.fromkeys(people))
    role = rng.choice(["user", "relative"], n, p=[0.62, 0.38])
    area = rng.choice(["Nord", "Syd", "Øst", "Vest"], n, p=[0.3, 0.3, 0.2, 0.2]).astype(object)
    area[rng.choice(n, 3, replace=False)] = "Ø-distriktet"  # a tiny area: always suppressed
    age = np.where(
        role == "user",
        rng.choice(["65-79", "80+"], n, p=[0.45, 0.55]),
        rng.choice(["under 65", "65-79"], n, p=[0.7, 0.3]),
    )
    channel = rng.choice(["home visit", "phone", "app"], n, p=[0.6, 0.25, 0.15])
    quality = (
        rng.normal(0, 1, n) + np.where(area == "Syd", -0.4, 0) + np.where(channel == "app", -0.3, 0)
    )

    def likert5(shift: float, noise: float = 0.9) -> np.ndarray:
        z = quality * 0.9 + rng.normal(0, noise, n) + shift
        return np.clip(np.round(3 + z), 1, 5).astype(int)

    df = pd.DataFrame(
        {
            "respondent_id": [f"R{i:04d}" for i in range(1, n + 1)],
            "role": role,
            "area": area,
            "age_group": age,
            "channel": channel,
        }
    )
    for j in range(1, 11):
        pos = likert5(0.6)
        df[f"sus_{j}"] = pos if j % 2 == 1 else 6 - pos
    miss = rng.choice(n, 25, replace=False)
    df = df.astype({f"sus_{j}": "object" for j in range(1, 11)})
    for r in miss:
        df.loc[r, f"sus_{int(rng.integers(1, 11))}"] = ""
    df["nps"] = np.clip(np.round(7 + quality * 2 + rng.normal(0, 1.5, n)), 0, 10).astype(int)
    for j in (1, 2):
        df[f"umux_{j}"] = np.clip(np.round(5 + quality + rng.normal(0, 0.8, n)), 1, 7).astype(int)
    df["csat"] = [CSAT_DA[v - 1] for v in likert5(0.5)]
    shifts = {
        "a11_satisfaction": 0.5,
        "a11_confidence": 0.0,
        "a11_effectiveness": 0.4,
        "a11_ease": -0.2,
        "a11_efficiency": -0.5,
        "a11_equity": 0.9,
        "a11_employee": 1.1,
    }
    for col, sh in shifts.items():
        vals = [LABELS_DA[v - 1] for v in likert5(sh)]
        for r in rng.choice(n, 8, replace=False):
            vals[r] = "Ved ikke"
        df[col] = vals

    theme_names = list(THEMES)
    comments, true_theme, planted = (
        [],
        [],
        {"names": [], "emails": [], "phones": [], "cpr": [], "urls": []},
    )
    for i in range(n):
        if rng.random() < 0.12:
            comments.append("")
            true_theme.append(None)
            continue
        th = theme_names[int(rng.integers(0, len(theme_names)))]
        lang = "da" if rng.random() < 0.65 else "en"
        text = str(rng.choice(THEMES[th][lang])).replace(
            "{late}", str(rng.choice(["en time", "40 minutter", "halvanden time"]))
        )
        if rng.random() < 0.18:
            kind = int(rng.integers(0, 5))
            person = people[int(rng.integers(0, len(people)))]
            first = person.split()[0]
            if kind == 0:
                email = f"{first.lower().replace('æ', 'ae').replace('ø', 'oe')}.{i}@example.dk"
                extra = f" Skriv til mig på {email}." if lang == "da" else f" Email me at {email}."
                planted["emails"].append(email)
            elif kind == 1:
                ph = fake_phone(rng)
                extra = f" Ring på {ph}." if lang == "da" else f" Call me on {ph}."
                planted["phones"].append(ph)
            elif kind == 2:
                cpr = fake_cpr(rng, fail_mod11=bool(rng.random() < 0.5))
                extra = f" Mit CPR er {cpr}." if lang == "da" else f" My CPR is {cpr}."
                planted["cpr"].append(cpr)
            elif kind == 3:
                extra = f" Hilsen {person}." if lang == "da" else f" Regards, {person}."
                planted["names"].append(person)
            else:
                url = f"https://www.facebook.com/{first.lower()}{i}"
                extra = f" Se {url}" if lang == "da" else f" See {url}"
                planted["urls"].append(url)
            text += extra
        comments.append(text)
        true_theme.append(th)
    plant_danish_forms(comments, planted, people)
    df["comment"] = comments
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUT / "homecare_survey.csv", index=False, lineterminator="\n")
    pd.DataFrame({"name": people}).to_csv(
        OUT / "participants.csv", index=False, lineterminator="\n"
    )

    codebook = pd.DataFrame(
        [
            ("service_delivery", "", "How and when the help is delivered.", "#0072B2"),
            ("late_visits", "service_delivery", "Visits late, waiting for the carer.", "#56B4E9"),
            ("cleaning", "service_delivery", "Quality or frequency of cleaning.", "#009E73"),
            ("staff", "", "The people who deliver the help.", "#D55E00"),
            ("kind_staff", "staff", "Praise for kind, friendly, helpful staff.", "#E69F00"),
            ("many_carers", "staff", "Too many different carers; lack of continuity.", "#CC79A7"),
            ("contact", "", "Getting in touch with the municipality.", "#000000"),
            ("phone_waiting", "contact", "Waiting on the phone, no call back.", "#999999"),
            ("app_problems", "contact", "Problems with the app or digital login.", "#666666"),
        ],
        columns=["code", "parent", "description", "color"],
    )
    codebook.to_csv(OUT / "codebook.csv", index=False, lineterminator="\n")

    names = list(people)
    idx = [i for i in range(n) if true_theme[i] is not None][:120]
    rows = []
    codes = list(THEME_CODE.values())
    for seg_no, i in enumerate(idx, start=1):
        seg_text = redact(comments[i], names=names)
        truth = THEME_CODE[true_theme[i]]
        for coder, acc in (("AK", 0.9), ("MB", 0.8)):
            code = truth if rng.random() < acc else codes[int(rng.integers(0, len(codes)))]
            chosen = [code]
            if rng.random() < 0.15:
                other = codes[int(rng.integers(0, len(codes)))]
                if other != code:
                    chosen.append(other)
            for c in chosen:
                rows.append((f"S{seg_no:03d}", df.loc[i, "respondent_id"], coder, c, seg_text))
    pd.DataFrame(rows, columns=["segment", "respondent_id", "coder", "code", "text"]).to_csv(
        OUT / "coding_sheet.csv", index=False, lineterminator="\n"
    )

    (ROOT / "tests" / "data").mkdir(parents=True, exist_ok=True)
    values = sorted({v for vs in planted.values() for v in vs} | set(people))
    (ROOT / "tests" / "data" / "planted_pii.json").write_text(
        json.dumps(
            {
                "description": "Every fake personal value planted in the synthetic "
                "feedback sample data (scripts/make_sample_feedback.py). None may appear "
                "in a rendered page or export.",
                "by_type": planted,
                "participant_names": people,
                "values": values,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"wrote {n} respondents, {sum(map(len, planted.values()))} planted values, "
        f"{len(rows)} coding rows"
    )
    write_danish()


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n")


def write_danish(src: Path = OUT, dst: Path = OUT_DA) -> None:
    """Write the Danish sample files in ``dst`` from the English ones in ``src``.

    Only labels change (column names, group values, code names and descriptions), through
    one-to-one tables, so every count, score and agreement is the same as in English.
    ``participants.csv`` is not copied: the deny-list is the same names.
    """
    survey = _read(src / "homecare_survey.csv")
    for col, table in DA_VALUES.items():
        survey[col] = survey[col].map(lambda v, t=table: t.get(v, v))
    _write_csv(survey.rename(columns=DA_COLUMNS), dst / "homecare_survey.csv")

    def code(v: str) -> str:
        return DA_CODES[v][0] if v else v

    book = _read(src / "codebook.csv")
    book["description"] = [DA_CODES[c][1] for c in book["code"]]
    book["code"] = book["code"].map(code)
    book["parent"] = book["parent"].map(code)
    _write_csv(book, dst / "codebook.csv")
    sheet = _read(src / "coding_sheet.csv")
    sheet["code"] = sheet["code"].map(code)
    _write_csv(sheet, dst / "coding_sheet.csv")


if __name__ == "__main__":
    if "--danish-only" in sys.argv[1:]:
        write_danish()
    else:
        main()
