"""Privacy: redaction of personal data in free text, and small-cell suppression.

Redaction
---------
:func:`redact` replaces personal data in free text with typed placeholders, in this order
(each step sees the output of the previous one, and placeholders contain no digits, so a
replaced value is never matched twice and redacting twice changes nothing):

1. ``[EMAIL]``: ``local@domain.tld``, and addresses written to dodge harvesters:
   ``anne.jensen at gmail dot com``, ``anne (at) gmail (dot) com``, ``[at]``, ``{at}``,
   ``(a)``, ``[snabel-a]`` / ``(snabel-a)``, ``" @ "`` with spaces, and ``dot``,
   ``punktum`` or ``prik`` (bare or in brackets) for the dots. The domain must end in a
   known top-level domain. **Decision:** the bare word "at" is ordinary Danish ("jeg
   kiggede at ...") and English, so ``x at y.tld`` counts only when the domain spells out
   a dot word, or the local part holds ``.``, ``_``, ``+`` or a digit, or the host is a
   common mail provider (gmail, hotmail, outlook, live, yahoo, icloud, mail, post, ...);
   ``look at www.borger.dk`` is a URL, not an e-mail.
2. ``[URL]``: ``http(s)://...``, ``www....`` and bare domains with a common top-level domain
   (``.dk``, ``.com``, ``.org``, ...), with an optional path. **Decision:** URLs whose host
   is a public-service domain are kept: :data:`PUBLIC_DOMAINS` (``borger.dk``, ``skat.dk``,
   ``e-boks.dk``, ``sundhed.dk``, ``mitid.dk``, every ``*.kommune.dk``, ``nemid.nu``,
   ``virk.dk``, ``politi.dk``) by default, or the list given as ``allow_domains``. They are
   the subject of public-sector feedback ("kunne ikke finde blanketten på borger.dk"), not
   personal data. A listed domain covers its subdomains (``www.borger.dk``); look-alikes are
   not covered (``minborger.dk``, ``borger.dk.example.com``). An e-mail address at such a
   domain is still ``[EMAIL]`` (step 1 runs first), and the later steps still run over a
   kept URL, so a CPR or phone number in its path or query is still replaced.
3. ``[CPR]``: Danish CPR numbers, ``DDMMYY`` and ``SSSS`` with nothing, a space, or a
   separator between them: ``-``, ``.``, ``/`` or any dash character (U+2010 to U+2015,
   the non-breaking hyphen U+2011, the minus sign U+2212), with optional spaces (also
   no-break spaces) around it. The ten digits must form a **valid birth date** under the
   CPR century rule (see :func:`cpr_birth_date`). The modulus-11 check is deliberately
   not used: numbers issued since October 2007 need not satisfy it. **Decision:** a
   reference written ``DDMMYY/NNNN`` whose first six digits happen to be a valid date is
   redacted too; a lost reference number costs less than a leaked CPR number.
4. ``[PHONE]``: international numbers written with ``+`` or ``00`` and a country code,
   accepted when :mod:`phonenumbers` calls them possible numbers; and Danish numbers:

   * with a ``+45``, ``0045`` or ``(+45)`` prefix: the eight digits in **any** grouping
     (``+45 203 04 050``), separated by spaces, dots, hyphens, dashes or slashes;
   * after a phone word in the 30 characters before it (``tlf``, ``telefon``, ``mobil``,
     ``ring``, ``sms``, ``nummer``, ``phone``, ``call``, ``contact``, ...): eight digits
     in any grouping;
   * otherwise only in the shapes Danes write phone numbers, ``12 34 56 78`` (one
     separator used throughout), ``1234 5678`` or ``12345678``, starting with 2-9 (Danish
     subscriber numbers never start with 0 or 1).

   Never a phone: eight digits that read as a date (``2024-01-15``, ``15.01.2024``,
   ``15012024``; ``24 07 2006`` also after a phone word), amounts with thousands
   separators (``25.000.000``), times and time ranges (``10.30-11.45``, ``0800-1600``,
   also after a phone word: ``tlf. 8.00-15.00``), year ranges and
   year-serial case numbers (``2019-2024``, ``2024-1234``, ``2023 2024``), and numbers
   after a word naming another kind of number in the 30 characters before (``sag``,
   ``sagsnr``, ``j.nr``, ``journal``, ``ref``, ``ordre``, ``faktura``, ``konto``,
   ``kunde``, ``CVR``, ``P-nummer``, ``SE-nummer``, ``kr``, ``id``, ...). The last such
   word before the number decides; ``nummer`` after a hyphen belongs to the word before it
   (``CVR-/P-nummer`` names a company number, ``Mobil-nummer`` a phone).
5. ``[ADDRESS]``: Danish street addresses with a house number:

   * a street named by a street-type word or ending (``Nørregade``, ``Kongevej``,
     ``Sandtoften``, ``H.C. Andersens Boulevard``, ``Klosterris vej``; ``-vej``, ``-gade``,
     ``allé``, ``boulevard``, ``stræde``, ``plads``, ``torv``, ``vænge``, ``-toften``,
     ``brygge``, ...), then a house number (``12``, ``3B``, ``12-14``), then, when given,
     floor and side (``2. th.``, ``st. tv``, ``1.tv``, ``stuen``), a locality line and a
     postcode with town (``8000 Aarhus C``, ``1553 København V``, Swedish ``SE-211 27
     Malmö``) and a country line (``Danmark``), across commas or line breaks;
   * any capitalised street name with a house number **and** a postcode with town
     (``Bredstrup 4, 7000 Fredericia``).

   **Decision:** a street without a house number (``jeg bor på Nørregade``), a postcode
   and town alone (``8000 Aarhus``) and place names are not personal data on their own and
   are kept; ``på vej 2 gange`` is not an address (a street word needs a capitalised name
   before it), nor is ``Dyrehaven 2 gange`` (a number followed by a unit such as
   ``gange``, ``timer``, ``km``, ``kr``, ``%`` is a count). Foreign addresses are caught
   only when they fit these shapes.
6. ``[NAME]``: names on the participant deny-list:

   * **full names**, case-insensitively as whole words, with any spaces or hyphens between
     the parts (``Anne-Marie Jensen`` also matches ``anne marie jensen``);
   * **single parts** of a listed name (first names, surnames, each piece of a hyphenated
     name: ``Anne-Marie`` gives ``Anne``, ``Marie`` and ``Anne-Marie``) when written with a
     capital as listed, or in capitals (``JENSEN``, parts of four letters or more).
     **Decision:** single parts are case-sensitive because many Danish names are also
     words (``Bo``, ``Per``, ``Lykke``, ``Rask``, ``Lang``); lower-case full names are
     still caught;
   * **possessives**: the Danish genitive ``-s`` and ``'s`` / ``s'`` (``Anne Jensens``,
     ``Jensen's``, ``Jensens'``) are replaced with the name;
   * **hyphenated compounds** containing a listed part (``Jensen-Hansen`` when ``Jensen``
     is listed) are replaced as one name.

   With a ``salt`` every person gets a consistent pseudonym ``[NAME-xxxxxx]`` (six hex
   digits of HMAC-SHA256 of the normalised full name keyed with the salt); the same person
   gets the same pseudonym in every text and every run with the same salt, in every form
   above, and the salt never appears in the output. A part shared by two listed people
   gets the plain ``[NAME]``. Neighbouring placeholders of one person (a first name and a
   surname replaced one by one) are merged into one.

Redaction is pattern-based: it cannot find names that are not on the deny-list, and it
does not find numbers spelled out in words. Review quotes before publishing them.
:func:`name_terms` gives the words of the deny-list that theme labels must leave out
(:func:`cocreate_kit.feedback.themes`). The recall and precision of these rules on a
synthetic corpus and on the Danish Anonymization Benchmark are measured by
``benchmarks/redaction.py``.

Small-cell suppression
----------------------
No table or chart shown to stakeholders may show a group smaller than ``k`` people
(default 5, the threshold Statistics Denmark is reported to use; configurable).

* **Primary suppression** hides every cell whose count is below ``k`` (counts of 0 are
  kept: an empty cell reveals nobody).
* **Secondary suppression** hides further cells so that a hidden cell cannot be recovered
  by subtracting the shown cells from a shown total: in every line (the whole table for a
  one-way table; every row and every column of a crosstab) that has exactly one hidden
  cell, the smallest other non-zero cell is hidden too. This repeats until stable.

What counts as a group: anything defined by people's attributes (segments, personas,
filters on survey answers). Randomised test arms in :mod:`cocreate_kit.experiment` are
design conditions, not personal attributes, and are shown with their n.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import TypeVar, overload

import pandas as pd

from . import _redact_names, _redact_patterns, _suppression
from ._compat import forward_private
from ._redact_names import (
    _DIGIT_RE,
    _HYPHEN_CHARS,
    _HYPHEN_RE,
    _LETTERS,
    _POSSESSIVE,
    _SAME_NAMES_RE,
    _name_parts,
    _norm_name,
    _strip_possessive,
    name_terms,
)
from ._redact_patterns import (
    _ADDRESS_RE,
    _AT_HINT_RE,
    _CPR_RE,
    _DK_PHONE_RE,
    _EMAIL_RE,
    _HOUSE_HINT_RE,
    _INTL_PHONE_RE,
    _OBF_EMAIL_RE,
    _TRAILING,
    _URL_RE,
    PLACEHOLDERS,
    PUBLIC_DOMAINS,
    _allowed_url,
    _domain_rules,
    _is_dk_phone,
    _plausible_email,
    _possible_intl,
    cpr_birth_date,
)
from ._suppression import (
    SUPPRESSED_LABEL,
    suppress_counts,
    suppress_crosstab,
    suppress_segments,
)
from .thresholds import DEFAULT_K

__all__ = [
    "DEFAULT_K",
    "PLACEHOLDERS",
    "PUBLIC_DOMAINS",
    "SUPPRESSED_LABEL",
    "cpr_birth_date",
    "name_terms",
    "redact",
    "redaction_report",
    "suppress_counts",
    "suppress_crosstab",
    "suppress_segments",
]


# --------------------------------------------------------------------------------------
# Redaction
# --------------------------------------------------------------------------------------


class _Redactor:
    """Compiled redaction rules for one deny-list and salt."""

    def __init__(
        self,
        names: Iterable[str],
        salt: str | bytes | None,
        allow_domains: Iterable[str] | None = None,
    ) -> None:
        self.domains = _domain_rules(PUBLIC_DOMAINS if allow_domains is None else allow_domains)
        if isinstance(names, str):
            names = [names]
        full = [
            " ".join(unicodedata.normalize("NFC", str(n)).split()) for n in names if str(n).strip()
        ]
        self.salt = salt.encode() if isinstance(salt, str) else salt
        self.person_of: dict[str, str] = {}
        part_owner: dict[str, set[str]] = {}
        for n in full:
            key = _norm_name(n)
            self.person_of[key] = key
            for part in _name_parts(n):
                if part[0].isupper():
                    part_owner.setdefault(part, set()).add(key)
                    if len(part) >= 4 and part.upper() != part:
                        part_owner.setdefault(part.upper(), set()).add(key)
        self.part_person = {
            p: (next(iter(owners)) if len(owners) == 1 else None)
            for p, owners in part_owner.items()
        }
        dash = f"[{_HYPHEN_CHARS}\\s]+"
        self.full_re = None
        if full:
            alts = sorted(
                {
                    dash.join(re.escape(w) for w in re.split(f"[{_HYPHEN_CHARS}\\s]+", n))
                    for n in full
                },
                key=len,
                reverse=True,
            )
            self.full_re = re.compile(
                rf"(?<!\w)(?:{'|'.join(alts)}){_POSSESSIVE}(?!\w)", re.IGNORECASE
            )
        self.part_re = self.compound_re = None
        parts = list(self.part_person)
        if parts:
            alts = sorted((re.escape(p) for p in parts), key=len, reverse=True)
            h = f"[{_HYPHEN_CHARS}]"
            part = f"(?:{'|'.join(alts)})"
            tail = rf"(?:{h}{_LETTERS})*{_POSSESSIVE}(?!\w)"
            # A listed part first (the common case, fast), or after other hyphenated words.
            self.part_re = re.compile(rf"(?<![\w{_HYPHEN_CHARS}]){part}{tail}")
            self.compound_re = re.compile(
                rf"(?<![\w{_HYPHEN_CHARS}])(?:{_LETTERS}{h})+{part}{tail}"
            )

    def pseudonym(self, person: str | None) -> str:
        if self.salt is None or person is None:
            return PLACEHOLDERS["NAME"]
        digest = hmac.new(self.salt, person.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"[NAME-{digest[:6]}]"

    def full_person(self, found: str) -> str | None:
        key = _norm_name(found)
        return self.person_of.get(key) or self.person_of.get(_norm_name(_strip_possessive(found)))

    def part_owner(self, found: str) -> str | None:
        people = set()
        for piece in re.split(f"[{_HYPHEN_CHARS}]", found):
            for p in (piece, _strip_possessive(piece)):
                if p in self.part_person:
                    people.add(self.part_person[p])
                    break
        return people.pop() if len(people) == 1 else None

    def __call__(self, text: str, counts: Counter) -> str:
        def sub(kind: str, pattern: re.Pattern, s: str, check=None, repl=None) -> str:
            def f(m: re.Match) -> str:
                found = m.group(0)
                tail = ""
                if kind == "URL":
                    stripped = found.rstrip(_TRAILING)
                    tail = found[len(stripped) :]
                    found = stripped
                if check is not None and not check(found, m):
                    return m.group(0)
                counts[kind] += 1
                return (repl(found) if repl else PLACEHOLDERS[kind]) + tail

            return pattern.sub(f, s)

        if "@" in text:
            text = sub("EMAIL", _EMAIL_RE, text)
        if _AT_HINT_RE.search(text):
            text = sub("EMAIL", _OBF_EMAIL_RE, text, check=lambda s, m: _plausible_email(m))
        if "." in text:
            text = sub("URL", _URL_RE, text, check=lambda s, m: not _allowed_url(s, self.domains))
        if _DIGIT_RE.search(text):
            text = sub("CPR", _CPR_RE, text, check=lambda s, m: cpr_birth_date(s) is not None)
            text = sub("PHONE", _INTL_PHONE_RE, text, check=_possible_intl)
            current = text
            text = sub("PHONE", _DK_PHONE_RE, text, check=lambda s, m: _is_dk_phone(current, m))
            if _HOUSE_HINT_RE.search(text):
                text = sub("ADDRESS", _ADDRESS_RE, text)
        if self.full_re is not None:
            text = sub(
                "NAME", self.full_re, text, repl=lambda s: self.pseudonym(self.full_person(s))
            )
        if self.part_re is not None:
            if _HYPHEN_RE.search(text):
                text = sub(
                    "NAME",
                    self.compound_re,
                    text,
                    repl=lambda s: self.pseudonym(self.part_owner(s)),
                )
            text = sub(
                "NAME", self.part_re, text, repl=lambda s: self.pseudonym(self.part_owner(s))
            )
            text = _SAME_NAMES_RE.sub(r"\1", text)
        return text


T = TypeVar("T", str, pd.Series)


@overload
def redact(
    texts: str,
    *,
    names: Iterable[str] = ...,
    salt: str | bytes | None = ...,
    allow_domains: Iterable[str] | None = ...,
) -> str: ...
@overload
def redact(
    texts: pd.Series,
    *,
    names: Iterable[str] = ...,
    salt: str | bytes | None = ...,
    allow_domains: Iterable[str] | None = ...,
) -> pd.Series: ...


def redact(texts, *, names=(), salt=None, allow_domains=None):
    """Replace personal data in free text with typed placeholders.

    Parameters
    ----------
    texts : str or pandas.Series
        One text, or a Series of texts (missing values stay missing).
    names : iterable of str
        Participant names to remove (the deny-list from the recruitment sheet).
    salt : str or bytes, optional
        Secret key. When given, each listed person gets a consistent pseudonym
        ``[NAME-xxxxxx]`` instead of ``[NAME]``. Keep the salt outside every output.
    allow_domains : iterable of str, optional
        Domains whose URLs are kept (the subject of the feedback, not personal data).
        None (the default) means :data:`PUBLIC_DOMAINS`; an empty list redacts every URL.
        The list replaces the default: extend it with ``PUBLIC_DOMAINS | {"aarhus.dk"}``.
        ``"x.dk"`` covers ``x.dk`` and its subdomains, ``"*.x.dk"`` only the subdomains.
        An entry that is not a bare domain raises ValueError.

    Returns
    -------
    str or pandas.Series
        The same type as ``texts``, redacted. A Series keeps its index and name.

    See Also
    --------
    redaction_report : counts of what was replaced, never the values.

    Notes
    -----
    The rules and their order are described in the module docstring
    (:mod:`cocreate_kit.privacy`).

    Examples
    --------
    >>> redact("Ring til Mette Hansen på +45 12 34 56 78 eller mette@example.dk",
    ...        names=["Mette Hansen"])
    'Ring til [NAME] på [PHONE] eller [EMAIL]'
    >>> redact("Mit CPR er 070761-4286, se www.minside.dk.")  # fails modulus 11: still CPR
    'Mit CPR er [CPR], se [URL].'
    >>> redact("Blanketten på borger.dk og aarhus.kommune.dk virker ikke, skriv til a@skat.dk")
    'Blanketten på borger.dk og aarhus.kommune.dk virker ikke, skriv til [EMAIL]'
    >>> redact("Se borger.dk og aarhus.dk", allow_domains=PUBLIC_DOMAINS | {"aarhus.dk"})
    'Se borger.dk og aarhus.dk'
    >>> redact("Han var borgmester 1959-1966; åbent kl. 10.30-12.00, den 24/7-2006.")
    'Han var borgmester 1959-1966; åbent kl. 10.30-12.00, den 24/7-2006.'
    >>> redact("Anne Jensens mor bor på Vestergade 3B, 5000 Odense, tlf. +45 203 04 050",
    ...        names=["Anne Jensen"])
    '[NAME] mor bor på [ADDRESS], tlf. [PHONE]'
    >>> redact("CPR 010190.1234, skriv til anne.jensen at gmail dot com")
    'CPR [CPR], skriv til [EMAIL]'
    >>> redact("Mødet 01.01.2024 kl. 10.30-11.45 kostede 1.234,50 kr., sag 2024-1234.")
    'Mødet 01.01.2024 kl. 10.30-11.45 kostede 1.234,50 kr., sag 2024-1234.'
    >>> a = redact("Mette ringede", names=["Mette Hansen"], salt="s3cret")
    >>> b = redact("mette hansen svarede", names=["Mette Hansen"], salt="s3cret")
    >>> a.split()[0] == b.split()[0] and a.startswith("[NAME-")
    True
    """
    rd = _Redactor(names, salt, allow_domains)
    if isinstance(texts, str):
        return rd(texts, Counter())
    if isinstance(texts, pd.Series):
        counts: Counter = Counter()
        return texts.map(lambda t: rd(t, counts) if isinstance(t, str) else t)
    msg = f"redact() takes a str or a pandas Series of texts, got {type(texts).__name__}."
    raise TypeError(msg)


def redaction_report(
    texts: str | pd.Series | Iterable[str],
    *,
    names: Iterable[str] = (),
    salt: str | bytes | None = None,
    allow_domains: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Count what :func:`redact` replaces, by type, without showing any value.

    Parameters
    ----------
    texts : str, Series or iterable of str
        The raw texts (the same arguments as :func:`redact`).
    names, salt, allow_domains
        As for :func:`redact`.

    Returns
    -------
    DataFrame
        One row per type (``EMAIL``, ``URL``, ``CPR``, ``PHONE``, ``ADDRESS``, ``NAME``) with
        columns ``type``, ``replacements`` (how many values were replaced) and ``texts``
        (how many texts contained at least one). The values themselves are never included.

    Examples
    --------
    >>> redaction_report(["mail a@b.dk", "ring 22345678 eller 87654321", "intet"])
    ... # doctest: +NORMALIZE_WHITESPACE
          type  replacements  texts
    0    EMAIL             1      1
    1      URL             0      0
    2      CPR             0      0
    3    PHONE             2      1
    4  ADDRESS             0      0
    5     NAME             0      0
    """
    rd = _Redactor(names, salt, allow_domains)
    if isinstance(texts, str):
        texts = [texts]
    total: Counter = Counter()
    per_text: Counter = Counter()
    for t in texts:
        if not isinstance(t, str):
            continue
        c: Counter = Counter()
        rd(t, c)
        total.update(c)
        per_text.update({k: 1 for k, v in c.items() if v})
    kinds = list(PLACEHOLDERS)
    return pd.DataFrame(
        {
            "type": kinds,
            "replacements": [int(total[k]) for k in kinds],
            "texts": [int(per_text[k]) for k in kinds],
        }
    )


#: Private helpers that moved to _redact_patterns, _redact_names and _suppression stay
#: reachable here.
__getattr__ = forward_private(__name__, _redact_patterns, _redact_names, _suppression)
