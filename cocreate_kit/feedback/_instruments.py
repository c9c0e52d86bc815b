"""Standard instruments recognised by their wording: SUS, UMUX-Lite, NPS, overall CSAT, A-11.

Survey tools head columns with the question text (Google Forms, Microsoft Forms) or keep it in
a second header row (Qualtrics) or a variables sheet (SurveyXact). When that text is the
wording of a standard instrument, the column's role follows from it:

* **SUS**: the ten statements of Brooke (1996) in English, and a Danish translation
  (:data:`SUS_DA`; there is no single official one, so other Danish wordings match only when
  near-identical, and are otherwise mapped with ``columns=``).
* **UMUX-Lite** (Lewis, Utesch & Maher 2013): "[This system's] capabilities meet my
  requirements" and "[This system] is easy to use", English and Danish.
* **NPS**: "How likely ... recommend" / "Hvor sandsynligt ... anbefale".
* **Overall CSAT**: "How satisfied ... overall" / "Hvor tilfreds ... alt i alt".

Matching is tolerant: case, whitespace and line breaks, punctuation, Qualtrics matrix
prefixes ("Q5 - ...") and trailing explanations are ignored, and the object of the statement
may be any of "the/this system", "website", "app", "service", "product", "tool" (and the
Danish "systemet", "dette system", "hjemmesiden", "løsningen", "appen", ...). A header
matches a statement when the normalised statement occurs in the normalised header, or when
the two are near-identical (:func:`difflib.SequenceMatcher` ratio of at least
:data:`MIN_RATIO`). Wording in other languages is not guessed: the roles are then given with
``columns=`` (the kit says which option to add).

Examples
--------
>>> match_statement("I think that I would like to use this website frequently.")
('sus_item', 1, 'matches SUS statement 1, English')
>>> match_statement("Q5 - Jeg fandt systemet meget besværligt at bruge")
('sus_item', 8, 'matches SUS statement 8, Danish')
>>> match_statement("How likely are you to recommend us to a friend?")[:2]
('nps', 0)
>>> match_statement("Pekerjaan/Profesi") is None
True
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..i18n import N_
from ..roles import Phrase

__all__ = ["MIN_RATIO", "SUS_DA", "SUS_EN", "UMUX_LITE", "match_statement", "normalise"]

#: Brooke's ten SUS statements (1996), in order.
SUS_EN = (
    "I think that I would like to use this system frequently.",
    "I found the system unnecessarily complex.",
    "I thought the system was easy to use.",
    "I think that I would need the support of a technical person to be able to use this system.",
    "I found the various functions in this system were well integrated.",
    "I thought there was too much inconsistency in this system.",
    "I would imagine that most people would learn to use this system very quickly.",
    "I found the system very cumbersome to use.",
    "I felt very confident using the system.",
    "I needed to learn a lot of things before I could get going with this system.",
)

#: The ten SUS statements in Danish, in order (a close translation of Brooke's wording).
SUS_DA = (
    "Jeg tror, at jeg gerne vil bruge dette system ofte.",
    "Jeg fandt systemet unødvendigt komplekst.",
    "Jeg syntes, systemet var let at bruge.",
    "Jeg tror, at jeg ville få brug for hjælp fra en teknisk person for at kunne bruge "
    "dette system.",
    "Jeg fandt, at de forskellige funktioner i systemet var godt integreret.",
    "Jeg syntes, der var for meget inkonsistens i systemet.",
    "Jeg forestiller mig, at de fleste mennesker meget hurtigt vil lære at bruge dette system.",
    "Jeg fandt systemet meget besværligt at bruge.",
    "Jeg følte mig meget sikker ved at bruge systemet.",
    "Jeg havde brug for at lære mange ting, før jeg kunne komme i gang med systemet.",
)

#: UMUX-Lite's two items, English and Danish, in order.
UMUX_LITE = {
    "English": ("This system's capabilities meet my requirements.", "This system is easy to use."),
    "Danish": ("Systemets funktioner opfylder mine behov.", "Systemet er let at bruge."),
}

#: Smallest :class:`difflib.SequenceMatcher` ratio for a near-identical wording.
MIN_RATIO = 0.85

# The statement's object, in every form a team writes it, becomes one token.
_OBJECT = re.compile(
    r"\b(?:(?:this|the)\s+(?:system|website|web\s?site|site|app|application|service|"
    r"product|tool|solution)(?:'s|s)?|"
    r"systemets|systemet|dette\s+system|hjemmesidens|hjemmesiden|denne\s+hjemmeside|"
    r"løsningens|løsningen|denne\s+løsning|appens|appen|denne\s+app|tjenestens|tjenesten|"
    r"denne\s+tjeneste|selvbetjeningsløsningen)\b"
)

_NPS = (
    (re.compile(r"\bhow likely\b.*\brecommend"), "English"),
    (re.compile(r"\bhvor (?:sandsynligt|sandsynlig)\b.*\banbefal"), "Danish"),
)
_CSAT = (
    (re.compile(r"\bhow satisfied\b.*\boverall\b|\boverall\b.*\bhow satisfied\b"), "English"),
    (re.compile(r"\bhvor tilfreds\b.*\balt i alt\b|\balt i alt\b.*\bhvor tilfreds\b"), "Danish"),
)


def normalise(text: object) -> str:
    """Lower case, no punctuation, one space between words, the object as ``<sys>``.

    Examples
    --------
    >>> normalise("I found the  SYSTEM\\nunnecessarily complex!")
    'i found <sys> unnecessarily complex'
    """
    s = unicodedata.normalize("NFKC", str(text)).lower().replace("\u2019", "'")
    s = _OBJECT.sub(" sysobj ", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.replace("sysobj", "<sys>")


def _statements() -> list[tuple[str, int, str, str]]:
    out = [("sus_item", i + 1, "English", normalise(t)) for i, t in enumerate(SUS_EN)]
    out += [("sus_item", i + 1, "Danish", normalise(t)) for i, t in enumerate(SUS_DA)]
    for lang, items in UMUX_LITE.items():
        out += [("umux_lite", i + 1, lang, normalise(t)) for i, t in enumerate(items)]
    return out


_STATEMENTS = _statements()
_NAMES = {"sus_item": N_("SUS statement"), "umux_lite": N_("UMUX-Lite item")}
# The languages a wording is matched in, as reasons name them (marked for translation).
_LANGUAGES = (N_("English"), N_("Danish"))


def match_statement(text: object) -> tuple[str, int, str] | None:
    """The instrument item a question's wording is, or None.

    Returns
    -------
    (role, k, reason) or None
        ``role`` is ``sus_item``, ``umux_lite``, ``nps`` or ``csat``; ``k`` the item number
        (0 for NPS and CSAT); ``reason`` says which statement and language matched.
    """
    head = normalise(text)
    if not head:
        return None
    for pattern, lang in _NPS:
        if pattern.search(head):
            return (
                "nps",
                0,
                Phrase(N_("{lang} NPS wording: how likely ... recommend"), lang=Phrase(lang)),
            )
    for pattern, lang in _CSAT:
        if pattern.search(head):
            return (
                "csat",
                0,
                Phrase(N_("{lang} CSAT wording: how satisfied ... overall"), lang=Phrase(lang)),
            )
    # A statement inside the header (Qualtrics "Q5 - ...", added explanations): the longest
    # one wins, so "<sys> is easy to use" never takes SUS 3's "... was easy to use".
    inside = [s for s in _STATEMENTS if re.search(rf"(?:^| ){re.escape(s[3])}(?: |$)", head)]
    if inside:
        role, k, lang, _ = max(inside, key=lambda s: len(s[3]))
        return (
            role,
            k,
            Phrase(
                N_("matches {name} {k}, {lang}"), name=Phrase(_NAMES[role]), k=k, lang=Phrase(lang)
            ),
        )
    best = max(_STATEMENTS, key=lambda s: difflib.SequenceMatcher(None, s[3], head).ratio())
    ratio = difflib.SequenceMatcher(None, best[3], head).ratio()
    if ratio >= MIN_RATIO:
        role, k, lang, _ = best
        why = N_("matches {name} {k}, {lang}, near-identical wording")
        return role, k, Phrase(why, name=Phrase(_NAMES[role]), k=k, lang=Phrase(lang))
    return None
