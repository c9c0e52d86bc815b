"""Danish public-sector free text (issue 9, item 6): what redaction keeps and what it catches.

Every expected output below is written out by hand. The texts are shaped like the Danish
Anonymization Benchmark's biographies, citizen e-mails and forum posts and like comments
to public services: year ranges, opening hours, dates and times next to phone numbers,
CPR numbers and e-mail addresses, and links to the public services the feedback is about.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cocreate_kit.privacy import PUBLIC_DOMAINS, redact, redaction_report

# Texts that must come back unchanged: no personal data in them.
KEPT = [
    # year ranges (Wikipedia-biography style), also with an en dash and a two-digit end
    "Han gik i Linde Skole 1959-1966 og var 1980-1992 ansat som folkeskolelærer.",
    "Han var borgmester 1959–66 og igen 1970 – 1974.",
    "Kregme kommuneskole (1973-1981) og smedelærling (1981-1984).",
    "Ansat i perioden 1983-1986, medlem 2003—2010.",
    "Udvalgsformand 1990/1994 og 1998–2001.",
    # opening hours
    "Borgerservice har åbent 10.30-12.00 og 13.00-15.30.",
    "Åbent kl. 8-15, fredag kl. 8-13.",
    "Telefontid 0800-1600, lørdag 1000-1200.",
    "Tlf.tid 8.00–15.00 og 08:30-12:00.",
    "Telefonen er åben man-tors 9-17.",
    # dates and times
    "Brevet er dateret 24.07.2006 og blev sendt 24/7-2006.",
    "Mødet var 24-07-2006 kl. 10.30, næste gang 2006-08-14 08:19.",
    "Jeg ringede den 24/07/2006 08:19 og igen 24 07 2006.",
    "Ring mig ikke før 24.07.2006.",
    "Jeg ringede 24 07 2006 om morgenen.",
    "Periode 1.1.2006-31.12.2007, frist 15. juli 2011.",
    # company numbers named by the word before them (an authority's letter)
    "CVR-/P-nummer 25350162, P-nummer 25350162, SE-nummer 25350162.",
    # links to the public services the feedback is about
    "Jeg kunne ikke finde blanketten på borger.dk.",
    "Log ind på https://www.borger.dk/familie-og-boern og på www.skat.dk!",
    "Beskeden lå i e-Boks (www.e-boks.dk/privat), men sundhed.dk og MitID.dk virkede ikke.",
    "Affaldskalenderen på https://aarhus.kommune.dk/borger/affald er forkert.",
    "Se www.kk.kommune.dk, nemid.nu og virk.dk.",
]


@pytest.mark.parametrize("text", KEPT)
def test_danish_public_sector_text_is_kept(text):
    assert redact(text) == text
    assert redact(pd.Series([text])).tolist() == [text]


# (text, expected): the personal data next to the kept forms is still replaced.
CAUGHT = [
    (
        "Borgerservice har åbent 10.30-12.00, ring 33 12 34 56.",
        "Borgerservice har åbent 10.30-12.00, ring [PHONE].",
    ),
    (
        "Åbent kl. 8-15 på tlf. 7012 3456 eller 40253019.",
        "Åbent kl. 8-15 på tlf. [PHONE] eller [PHONE].",
    ),
    ("man-tors 9-17 40253019 Mikael 23476294", "man-tors 9-17 [PHONE] Mikael [PHONE]"),
    ("Telefon: +45 90111121, 1959-1966", "Telefon: [PHONE], 1959-1966"),
    ("Ring +45 203 04 050 efter 24.07.2006.", "Ring [PHONE] efter 24.07.2006."),
    ("mobil 53.38.02.06 (født 24/7-2006)", "mobil [PHONE] (født 24/7-2006)"),
    ("tlf. 203 04 050, kl. 10.30-12.00", "tlf. [PHONE], kl. 10.30-12.00"),
    ("Mobil-nummer 25350162, CVR 25350162", "Mobil-nummer [PHONE], CVR 25350162"),
    # CPR: ten digits with a valid birth date, every separator issue 15 added
    ("Født 24.07.2006, CPR 240706-4234.", "Født 24.07.2006, CPR [CPR]."),
    ("Cpr.nr: 010595-2323 (sag fra 1995-1996)", "Cpr.nr: [CPR] (sag fra 1995-1996)"),
    ("CPR 2407064234 og 240706.4234", "CPR [CPR] og [CPR]"),
    ("CPR 240706/4234, 240706 4234, 240706 - 4234", "CPR [CPR], [CPR], [CPR]"),
    ("CPR 240706\u20114234 og 240706\u22124234", "CPR [CPR] og [CPR]"),
    # e-mail addresses at public-service domains are a person's address
    (
        "Skriv til jens.hansen@aarhus.kommune.dk eller kontakt@skat.dk via borger.dk.",
        "Skriv til [EMAIL] eller [EMAIL] via borger.dk.",
    ),
    ("Min mail: anne.jensen at sundhed dot dk", "Min mail: [EMAIL]"),
    # other sites, look-alikes and a CPR inside a kept link
    (
        "Profil: facebook.com/anne.jensen og www.minborger.dk og borger.dk.example.com",
        "Profil: [URL] og [URL] og [URL]",
    ),
    (
        "Linket https://www.sundhed.dk/journal?cpr=2407064234 virker ikke",
        "Linket https://www.sundhed.dk/journal?cpr=[CPR] virker ikke",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CAUGHT)
def test_personal_data_next_to_kept_forms_is_caught(text, expected):
    out = redact(text)
    assert out == expected
    assert redact(out) == out  # idempotent


def test_allow_domains_replaces_the_default_list():
    text = "Se borger.dk, aarhus.dk og www.aarhus.dk/affald."
    assert redact(text) == "Se borger.dk, [URL] og [URL]."
    assert redact(text, allow_domains=PUBLIC_DOMAINS | {"aarhus.dk"}) == text
    assert (
        redact(text, allow_domains=["aarhus.dk"]) == "Se [URL], aarhus.dk og www.aarhus.dk/affald."
    )
    assert redact(text, allow_domains=()) == "Se [URL], [URL] og [URL]."
    assert redact(text, allow_domains="Borger.DK.") == "Se borger.dk, [URL] og [URL]."


def test_a_star_entry_covers_only_subdomains():
    text = "example.dk og a.example.dk og b.a.example.dk og badexample.dk"
    out = redact(text, allow_domains=["*.example.dk"])
    assert out == "[URL] og a.example.dk og b.a.example.dk og [URL]"
    assert "kommune.dk" not in PUBLIC_DOMAINS and "*.kommune.dk" in PUBLIC_DOMAINS
    assert redact("kommune.dk og odense.kommune.dk") == "[URL] og odense.kommune.dk"


@pytest.mark.parametrize("entry", ["https://borger.dk/", "borger", "borger dk", "*.", ""])
def test_an_entry_that_is_not_a_domain_is_one_clear_error(entry):
    with pytest.raises(ValueError, match="is not a domain") as err:
        redact("borger.dk", allow_domains=[entry])
    assert repr(entry) in str(err.value)


def test_report_counts_no_url_for_public_domains():
    texts = ["Se borger.dk og skat.dk", "Se www.example.dk", "Åbent 10.30-12.00, 1959-1966"]
    rep = redaction_report(texts).set_index("type")
    assert rep.loc["URL", "replacements"] == 1
    assert rep.loc["URL", "texts"] == 1
    assert rep.loc["PHONE", "replacements"] == 0
    assert rep["replacements"].sum() == 1
    rep_all = redaction_report(texts, allow_domains=[]).set_index("type")
    assert rep_all.loc["URL", "replacements"] == 3
