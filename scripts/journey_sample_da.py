"""Danish text of the SYNTHETIC home-care journey sample (used by make_sample_journey.py).

:func:`translate` returns the same journey with every text people read in Danish: title,
service, life event, owner, persona names and segments, stage names, step titles, channels,
blueprint lanes, actors, pain points, opportunities, evidence texts and sources. Ids, codes
(persona kinds, evidence kinds, strengths), activity keys, numbers, dates and ratings are
untouched, so every number computed from the Danish sample equals the English one. A text
missing from :data:`DA` raises ``KeyError``: a new English text must be translated here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

DA = {
    # journey
    "I apply for home care for my mother": "Jeg søger hjemmehjælp til min mor",
    "Home care (synthetic example)": "Hjemmehjælp (syntetisk eksempel)",
    "A parent needs help at home": "En forælder får brug for hjælp i hjemmet",
    "Service design team": "Servicedesignteamet",
    # personas
    "Older citizen": "Ældre borger",
    "Relative": "Pårørende",
    "Caseworker": "Sagsbehandler",
    "75+ living alone": "75+ og bor alene",
    "adult child": "voksent barn",
    "home-care team": "visitationsteam",
    # stages
    "Find out about help": "Finde ud af, om der er hjælp",
    "Apply": "Ansøge",
    "Assessment": "Visitation",
    "Decision": "Afgørelse",
    "Care starts": "Hjælpen begynder",
    # channels
    "web": "web",
    "phone": "telefon",
    "letter": "brev",
    "home visit": "hjemmebesøg",
    "internal": "internt",
    "digital post": "Digital Post",
    "sms": "sms",
    # actors
    "Municipality": "Kommunen",
    "Citizen service": "Borgerservice",
    "Citizen": "Borgeren",
    "Home-care team": "Visitationen",
    "Care provider": "Leverandøren",
    # steps and lanes
    "Search the municipality website": "Søger på kommunens hjemmeside",
    "Searches for 'home care'": "Søger efter 'hjemmehjælp'",
    "Website pages": "Sider på hjemmesiden",
    "Web team updates content": "Webteamet opdaterer indholdet",
    "CMS": "CMS",
    "Web page": "Webside",
    "Terms are bureaucratic": "Ordene er bureaukratiske",
    "No self-check": "Ingen selvtest",
    "Plain-language self-check": "Selvtest i klart sprog",
    "Call the citizen service": "Ringer til Borgerservice",
    "Calls to ask how to apply": "Ringer og spørger, hvordan man søger",
    "Citizen service agent": "Medarbejder i Borgerservice",
    "Agent looks up rules": "Medarbejderen slår reglerne op",
    "Phone system": "Telefonsystem",
    "Phone queue": "Telefonkø",
    "Long phone queue": "Lang telefonkø",
    "Get a paper form sent": "Får tilsendt en papirblanket",
    "Asks for the form": "Beder om blanketten",
    "Agent promises to send form": "Medarbejderen lover at sende blanketten",
    "Form posted": "Blanketten sendes med posten",
    "Print and post": "Print og post",
    "Paper form": "Papirblanket",
    "Waits a week for a form": "Venter en uge på en blanket",
    "Fill in the form": "Udfylder blanketten",
    "Fills in form with relative's help": "Udfylder blanketten med hjælp fra en pårørende",
    "Eight-page form": "Blanket på otte sider",
    "Asks for data the municipality has": "Spørger om oplysninger, kommunen allerede har",
    "Medical terms hard": "Svære lægefaglige ord",
    "Pre-fill from registers": "Forudfyld fra registre",
    "Send form and documents": "Sender blanket og dokumenter",
    "Posts form and copies": "Sender blanket og kopier med posten",
    "Mail room": "Postrummet",
    "Scanning and registration": "Scanning og journalisering",
    "Case system": "Sagssystem",
    "Envelope": "Kuvert",
    "Wait for a visit time": "Venter på en tid til besøg",
    "Waits for a letter": "Venter på et brev",
    "Letter with a fixed time": "Brev med en fast tid",
    "Planner books a visit": "Planlæggeren booker et besøg",
    "Calendar": "Kalender",
    "Letter": "Brev",
    "No idea how long it takes": "Ved ikke, hvor lang tid det tager",
    "Assessment home visit": "Visitationsbesøg i hjemmet",
    "Explains daily life": "Fortæller om hverdagen",
    "Caseworker visits": "Sagsbehandleren kommer på besøg",
    "Notes and functional assessment": "Notater og funktionsvurdering",
    "Assessment tool": "Vurderingsværktøj",
    "Caseworker at the door": "Sagsbehandleren ved døren",
    "Has to repeat everything": "Skal gentage det hele",
    "Send missing medical information": "Sender manglende helbredsoplysninger",
    "Gets GP statement": "Henter en erklæring fra egen læge",
    "Letter asking for documents": "Brev, der beder om dokumenter",
    "Caseworker chases documents": "Sagsbehandleren rykker for dokumenter",
    "Reminder letter": "Rykkerbrev",
    "Unclear which documents": "Uklart, hvilke dokumenter der skal bruges",
    "Caseworker prepares the decision": "Sagsbehandleren forbereder afgørelsen",
    "Writes decision, checks rules": "Skriver afgørelsen, tjekker reglerne",
    "Case system, legal templates": "Sagssystem, juridiske skabeloner",
    "Receive the decision letter": "Modtager afgørelsesbrevet",
    "Reads decision": "Læser afgørelsen",
    "Decision letter": "Afgørelsesbrev",
    "Letter printed": "Brevet printes",
    "Four-page letter": "Brev på fire sider",
    "Legal language": "Juridisk sprog",
    "Agree a start date with the provider": "Aftaler en startdato med leverandøren",
    "Calls provider": "Ringer til leverandøren",
    "Provider coordinator": "Koordinator hos leverandøren",
    "Provider plans routes": "Leverandøren planlægger ruter",
    "Rota system": "Planlægningssystem",
    "Phone call": "Telefonopkald",
    "Has to call the provider": "Skal selv ringe til leverandøren",
    "First home-care visit": "Første besøg af hjemmehjælpen",
    "Meets carer": "Møder hjemmehjælperen",
    "Carer visits": "Hjemmehjælperen kommer",
    "Care plan": "Plan for hjælpen",
    "Carer and care plan": "Hjemmehjælper og plan for hjælpen",
    # to-be steps
    "Check online if home care fits": "Tjekker online, om hjemmehjælp passer",
    "Apply online with pre-filled data": "Søger online med forudfyldte oplysninger",
    "Confirms pre-filled data": "Bekræfter de forudfyldte oplysninger",
    "Online application": "Online ansøgning",
    "Register data fetched": "Oplysninger hentes fra registre",
    "Self-service platform": "Selvbetjeningsplatform",
    "Receipt on screen": "Kvittering på skærmen",
    "Book a visit time online": "Booker en tid til besøg online",
    "Booking page": "Bookingside",
    "Plain-language decision": "Afgørelse i klart sprog",
    "Provider calls to agree a start date": "Leverandøren ringer og aftaler en startdato",
    "Answers the call": "Tager telefonen",
    "Status updates by SMS": "Status på sms",
    "Reads status": "Læser status",
    "SMS": "Sms",
    "Automatic status events": "Automatiske statushændelser",
    "Text message": "Sms-besked",
    # evidence
    "I did not know if my mother could even get help.": (
        "Jeg vidste ikke, om min mor overhovedet kunne få hjælp."
    ),
    "Forty minutes in the phone queue, then they sent a form.": (
        "Fyrre minutter i telefonkø, og så sendte de en blanket."
    ),
    "Relative filled in most of the form; 9 fields ask for data the municipality already holds.": (
        "Den pårørende udfyldte det meste af blanketten; 9 felter spørger om oplysninger, "
        "kommunen allerede har."
    ),
    "Private story about my diagnosis.": "Privat fortælling om min diagnose.",
    "We waited and heard nothing for weeks.": "Vi ventede og hørte ingenting i flere uger.",
    "I explained everything twice, to two different people.": (
        "Jeg forklarede det hele to gange, til to forskellige personer."
    ),
    "Documents are requested again in about 1 in 5 cases.": (
        "Dokumenterne bliver bedt om igen i cirka 1 ud af 5 sager."
    ),
    "The letter was four pages and I still did not know the answer.": (
        "Brevet var på fire sider, og jeg vidste stadig ikke, hvad svaret var."
    ),
    "Provider should call us, not the other way round.": (
        "Leverandøren bør ringe til os, ikke omvendt."
    ),
    "Chasing GP statements takes most of my week.": (
        "Det tager det meste af min uge at rykke for lægeerklæringer."
    ),
    "Interview 3": "Interview 3",
    "Interview 5": "Interview 5",
    "Interview 7": "Interview 7",
    "Interview 9": "Interview 9",
    "Interview 12": "Interview 12",
    "Home observation 2": "Observation i hjemmet 2",
    "Workshop 1": "Workshop 1",
    "Event log 2026": "Hændelseslog 2026",
    "Staff interview 2": "Medarbejderinterview 2",
}


def _t(value: Any) -> Any:
    if value is None or value == "":
        return value
    if isinstance(value, tuple):
        return tuple(DA[v] for v in value)
    return DA[value]


def translate(journey: Any) -> Any:
    """``journey`` with its Danish texts (ids, codes and numbers unchanged)."""
    personas = tuple(replace(p, name=_t(p.name), segment=_t(p.segment)) for p in journey.personas)
    stages = tuple(replace(s, name=_t(s.name)) for s in journey.stages)
    lanes = ("title", "channel", "customer_action", "frontstage", "backstage", "support")
    more = ("physical_evidence", "actor", "pain_points", "opportunities")
    steps = tuple(
        replace(s, **{f: _t(getattr(s, f)) for f in (*lanes, *more)}) for s in journey.steps
    )
    evidence = tuple(replace(e, text=_t(e.text), source=_t(e.source)) for e in journey.evidence)
    return replace(
        journey,
        title=_t(journey.title),
        service=_t(journey.service),
        life_event=_t(journey.life_event),
        owner=_t(journey.owner),
        personas=personas,
        stages=stages,
        steps=steps,
        evidence=evidence,
    )
