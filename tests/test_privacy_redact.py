"""Redaction: recall and precision on a synthetic Danish/English corpus, CPR rules, salts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cocreate_kit.privacy import (
    PLACEHOLDERS,
    cpr_birth_date,
    redact,
    redaction_report,
)

WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]


def _mod11_ok(d: str) -> bool:
    return sum(int(x) * w for x, w in zip(d, WEIGHTS, strict=True)) % 11 == 0


def _cpr(rng, fail: bool) -> str:
    while True:
        d = f"{rng.integers(1, 29):02d}{rng.integers(1, 13):02d}{rng.integers(0, 100):02d}"
        d += f"{rng.integers(0, 10000):04d}"
        if cpr_birth_date(d) is not None and _mod11_ok(d) != fail:
            return d[:6] + ("-" if rng.random() < 0.5 else "") + d[6:]


def _phone(rng) -> str:
    d = str(rng.integers(2, 10)) + "".join(str(x) for x in rng.integers(0, 10, 7))
    forms = [
        f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
        f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
        f"0045 {d[:4]} {d[4:]}",
        f"+45{d}",
        d,
        f"{d[:4]} {d[4:]}",
        f"{d[:2]}-{d[2:4]}-{d[4:6]}-{d[6:]}",
        f"(+45) {d[:4]} {d[4:]}",
        f"+44 20 7946 0{d[:3]}",
        f"+49 30 {d[:8]}",
        f"+1 415 555 {d[:4]}",
        f"0046 8 {d[:3]} {d[3:6]}",
    ]
    return forms[int(rng.integers(0, len(forms)))]


NAMES = ["Birthe Kjærgaard", "Jens Ølgaard", "Anne-Marie Holm", "Søren Brøndum", "Karen Lund"]

DA_TEMPLATES = [
    "Hjælperen kom for sent igen. {pii}",
    "Jeg er glad for personalet, {pii} kan bekræfte det.",
    "Kontakt mig venligst: {pii}",
    "Min mor {pii} fik ikke sin medicin.",
]
EN_TEMPLATES = [
    "The carer was late again. {pii}",
    "Please contact me: {pii} thanks.",
    "My father ({pii}) did not get his medicine.",
    "Staff were kind, ask {pii} about it.",
]
# Text with digits and dots that must NOT be redacted (precision controls).
CONTROLS = [
    "Besøget var 2024-03-15 kl. 10.30 og varede 45 minutter.",
    "We waited 3 weeks and paid 1.250 kr. for 2 visits.",
    "Sagsnummer 123456 blev oprettet den 15.03.2024.",
    "I am 87 years old and have lived here since 1962.",
    "Rengøring 2 x om ugen, 30 min hver gang.",
    "The app version 4.2.1 crashed at 14:05.",
    "Vi fik besked om 3 forskellige tider: 8.00, 9.15 og 11.45.",
]


def make_corpus(n: int = 800, seed: int = 7):
    rng = np.random.default_rng(seed)
    texts, planted = [], []
    for i in range(n):
        kind = ["EMAIL", "PHONE", "CPR", "CPR_FAIL", "URL", "NAME"][i % 6]
        if kind == "EMAIL":
            v = f"{['mette', 'j.olsen', 'anne_marie', 'soeren'][i % 4]}{i}@{['gmail.com', 'kommune.dk', 'outlook.dk'][i % 3]}"
        elif kind == "PHONE":
            v = _phone(rng)
        elif kind.startswith("CPR"):
            v = _cpr(rng, fail=kind == "CPR_FAIL")
        elif kind == "URL":
            v = [
                f"https://www.facebook.com/person{i}",
                f"www.example.dk/side{i}",
                f"http://min.side.dk/profil?id={i}",
            ][i % 3]
        else:
            v = NAMES[i % len(NAMES)]
        tpl = (DA_TEMPLATES if i % 2 else EN_TEMPLATES)[i % 4]
        texts.append(tpl.format(pii=v))
        planted.append((kind.replace("_FAIL", ""), v))
    return texts, planted


def test_recall_and_precision_on_synthetic_corpus():
    texts, planted = make_corpus()
    out = redact(pd.Series(texts), names=NAMES)
    found = 0
    for (kind, value), red in zip(planted, out, strict=True):
        if value not in red and PLACEHOLDERS[kind] in red:
            found += 1
    recall = found / len(planted)
    assert recall >= 0.99, recall
    # Precision: every placeholder must stand for a planted value (one per text here).
    n_placeholders = sum(len(re.findall(r"\[(EMAIL|URL|CPR|PHONE|NAME)\]", t)) for t in out)
    precision = len(planted) * recall / n_placeholders
    assert precision >= 0.97, precision
    controls = redact(pd.Series(CONTROLS))
    assert controls.tolist() == CONTROLS


def test_cpr_numbers_failing_modulus_11_are_redacted():
    rng = np.random.default_rng(1)
    for _ in range(50):
        v = _cpr(rng, fail=True)
        assert not _mod11_ok(v.replace("-", ""))
        assert redact(f"CPR {v}.") == "CPR [CPR]."


def test_cpr_century_rule_and_invalid_dates():
    assert cpr_birth_date("0101004000").year == 2000  # 7th digit 4, year 00
    assert cpr_birth_date("0101374000").year == 1937  # 7th digit 4, year 37
    assert cpr_birth_date("0101579000").year == 1957  # 9 with 57 -> 1957 (> 36)
    assert cpr_birth_date("0101575000").year == 2057  # 5-8 with <= 57 -> 2000s
    assert cpr_birth_date("0101585000").year == 1858  # 5-8 with > 57 -> 1800s
    assert cpr_birth_date("2902001234") is None  # 1900 is not a leap year
    assert cpr_birth_date("2902004000") is not None  # 2000 is
    assert redact("nr 3213991234") == "nr 3213991234"  # day 32: not a date, not a CPR
    # A 10-digit string that is no date is not called a CPR number.
    assert "[CPR]" not in redact("ordre 9999991234")


def test_phone_formats():
    for s in [
        "12 34 56 78",
        "+45 12 34 56 78",
        "0045 1234 5678",
        "+4512345678",
        "12345678",
        "(+45) 1234 5678",
        "+44 20 7946 0958",
        "+1 415 555 2671",
    ]:
        assert redact(f"ring {s} tak") == "ring [PHONE] tak", s


def test_names_case_and_parts_and_salt():
    text = "Birthe Kjærgaard ringede; birthe kjærgaard igen, og Birthe var sur."
    assert redact(text, names=["Birthe Kjærgaard"]) == (
        "[NAME] ringede; [NAME] igen, og [NAME] var sur."
    )
    a = redact(text, names=["Birthe Kjærgaard", "Jens Olsen"], salt="hemmelig")
    tokens = set(re.findall(r"\[NAME-[0-9a-f]{6}\]", a))
    assert len(tokens) == 1  # the same person gets the same pseudonym everywhere
    b = redact("Jens Olsen", names=["Birthe Kjærgaard", "Jens Olsen"], salt="hemmelig")
    assert b not in tokens and b.startswith("[NAME-")
    c = redact(text, names=["Birthe Kjærgaard"], salt="andet")
    assert set(re.findall(r"\[NAME-[0-9a-f]{6}\]", c)) != tokens
    assert "hemmelig" not in a
    # words that merely contain a name are kept
    assert redact("Bo bor i Bornholm", names=["Bo Jensen"]) == "[NAME] bor i Bornholm"


def test_series_keeps_type_index_and_missing():
    s = pd.Series(["mail a@b.dk", None, "intet"], index=[10, 11, 12], name="comment")
    out = redact(s)
    assert isinstance(out, pd.Series) and list(out.index) == [10, 11, 12]
    assert out.name == "comment" and pd.isna(out[11]) and out[10] == "mail [EMAIL]"
    assert isinstance(redact("x"), str)
    with pytest.raises(TypeError, match="str or a pandas Series"):
        redact(123)  # type: ignore[arg-type]


def test_redaction_report_counts_without_values():
    texts, planted = make_corpus(120)
    rep = redaction_report(texts, names=NAMES)
    assert set(rep.columns) == {"type", "replacements", "texts"}
    expected = pd.Series([k for k, _ in planted]).value_counts()
    got = rep.set_index("type")["replacements"]
    for kind, n in expected.items():
        assert got[kind] == n
    flat = rep.to_csv()
    assert not any(v in flat for _, v in planted)


def test_redaction_is_idempotent():
    texts, _ = make_corpus(60)
    once = redact(pd.Series(texts), names=NAMES)
    assert redact(once, names=NAMES).tolist() == once.tolist()


# --------------------------------------------------------------------------------------
# Danish forms that leaked before issue 15, and the text that must stay untouched.
# --------------------------------------------------------------------------------------

DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"]
CPR_SEPARATORS = [".", "/", *DASHES, " ", "", " - ", " / ", "\u00a0\u2011\u00a0", " . "]


@pytest.mark.parametrize("sep", CPR_SEPARATORS)
def test_cpr_with_every_separator(sep):
    for digits in ("0101901234", "0707614286", "3112004999"):
        v = digits[:6] + sep + digits[6:]
        assert redact(f"Mit CPR er {v}, tak.") == "Mit CPR er [CPR], tak.", repr(v)


def _groupings(digits: str) -> list[str]:
    """Every way to split eight digits into groups (2**7 = 128 ways), joined by spaces."""
    out = []
    for mask in range(2**7):
        s = digits[0]
        for i in range(1, 8):
            s += (" " if mask >> (i - 1) & 1 else "") + digits[i]
        out.append(s)
    return out


@pytest.mark.parametrize("prefix", ["+45 ", "+45", "0045 ", "(+45) ", "(+45)", "+45-", "00 45 "])
def test_plus45_with_eight_digits_in_any_grouping(prefix):
    forms = _groupings("20304050")
    assert len(set(forms)) == 128
    for g in forms:
        out = redact(f"Ring {prefix}{g} i dag")
        assert out == "Ring [PHONE] i dag", (prefix, g, out)
    assert redact("ring +45 203 04 050") == "ring [PHONE]"
    assert redact("tlf. +45 20.30.40.50") == "tlf. [PHONE]"


def test_phone_after_a_phone_word_in_any_grouping():
    for g in ("203 04 050", "2030 40 50", "20 304 050", "203 040 50"):
        assert redact(f"tlf. {g}") == "tlf. [PHONE]", g
        assert redact(f"Mit mobilnummer er {g}.") == "Mit mobilnummer er [PHONE].", g


@pytest.mark.parametrize(
    "email",
    [
        "anne.jensen at gmail dot com",
        "anne.jensen (at) gmail (dot) com",
        "anne.jensen [at] gmail [dot] com",
        "anne.jensen {at} gmail {dot} com",
        "anne.jensen(a)gmail.com",
        "anne.jensen [snabel-a] gmail.dk",
        "anne.jensen (snabel-a) gmail (punktum) dk",
        "anne.jensen @ gmail . com",
        "anne.jensen@gmail dot com",
        "anne at hotmail.com",
        "aj1984 at post.tele.dk",
        "ANNE.JENSEN AT GMAIL DOT COM",
    ],
)
def test_obfuscated_emails(email):
    assert redact(f"Skriv til {email} i morgen") == "Skriv til [EMAIL] i morgen"


NAME_CASES = [
    ("Anne Jensens mor ringede", "[NAME] mor ringede"),
    ("anne-marie jensens mor ringede", "[NAME] mor ringede"),
    ("Jensens bil holdt ude", "[NAME] bil holdt ude"),
    ("Jensen's car", "[NAME] car"),
    ("Jensens' car", "[NAME] car"),
    ("Annes datter", "[NAME] datter"),
    ("Jensen-Hansen kom", "[NAME] kom"),
    ("Anne-Marie Jensen kom", "[NAME] kom"),
    ("anne marie jensen kom", "[NAME] kom"),
    ("Anne-Marie kom", "[NAME] kom"),
    ("Marie kom", "[NAME] kom"),
    ("Hansen-Jensens hund", "[NAME] hund"),
    ("JENSEN, Anne", "[NAME], [NAME]"),
    ("Anne\u00a0Jensen", "[NAME]"),
]


@pytest.mark.parametrize(("text", "expected"), NAME_CASES)
def test_possessive_and_hyphenated_names(text, expected):
    assert redact(text, names=["Anne-Marie Jensen"]) == expected


def test_possessive_names_keep_the_persons_pseudonym():
    names = ["Anne Jensen", "Bo Holm"]
    a = redact("Anne Jensen", names=names, salt="k")
    for form in ("Anne Jensens", "anne jensen's", "Jensens", "Anne", "Jensen-Hansen"):
        assert redact(form, names=names, salt="k") == a, form
    assert redact("Bo Holms", names=names, salt="k") != a


ADDRESSES = [
    "Nørregade 12, 2. th., 8000 Aarhus C",
    "Vestergade 3B, 5000 Odense",
    "H.C. Andersens Boulevard 27, 1553 København V",
    "Kongevej 112 st. tv, 1850 Frederiksberg C",
    "Sandtoften 10\n9574 Bælum",
    "Peter Bangs Vej 30, 2000 Frederiksberg",
    "Enghavevej 15 1.tv\n1674 København V",
    "Birkegårdsvej 39, Bårup, 4370 Store Merløse",
    "Bredstrup 4, 7000 Fredericia",
    "Østerbrogade 3-5, 2100 København Ø",
    "Saxbovej 95 2.tv",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_street_addresses(address):
    out = redact(f"Jeg bor på {address}. Kom forbi.")
    assert out == "Jeg bor på [ADDRESS]. Kom forbi.", out


# Ordinary Danish and English text with numbers, dates, amounts and "at": never redacted.
NO_PII = [
    "Mødet var den 01.01.2024 kl. 10.30.",
    "Besøget 15-01-2024 varede fra 10.30-11.45 og igen 20.30-21.45.",
    "Det kostede 1.234,50 kr. og senere 12.500 kr.",
    "Beløbet var 25.000.000 kr. i alt.",
    "Sagsnummer 2024-1234 og j.nr. 24/12345 er oprettet.",
    "Sagsnr. 12345678 blev lukket.",
    "Virksomhedens CVR 12345678 står på fakturaen.",
    "Ordre 87654321 er sendt.",
    "Fra 2019-2024 boede jeg i Odense, og i 2003-2010 i Aarhus.",
    "Jeg er født i 1948 og har boet her i 30 år.",
    "Jeg kiggede at se om hjælperen kom.",
    "Vi så at borgeren var glad.",
    "Look at the form: it is too long.",
    "I stayed at home at 8.",
    "Vi var på vej 2 gange, og alle 3 hjælpere kom.",
    "Jeg bor på Nørregade og kan lide det.",
    "Postnummeret er 8000 Aarhus C.",
    "Appens version 4.2.1 virker ikke.",
    "Ventetiden var 45 minutter og 3 uger.",
    "Datoen 15012024 står på brevet.",
    "Tallet 12345678 er bare et tal.",
    "We waited from 9:00 to 17:30 on 2024/03/15.",
    "Ring 112 ved nødsituationer.",
    "Hjemmeplejen kommer 2 x om ugen kl. 8.00.",
    "Tlf.tid 8.00-15.00, ellers skriv.",
    "Vi gik i Dyrehaven 2 gange og på Strandvejen 5 km.",
    "Priserne steg i 2023 2024 og 2025.",
    "Kommunen svarede på 3 dage, og Nørregade 4 timer senere.",
]


@pytest.mark.parametrize("text", NO_PII)
def test_no_false_positives(text):
    assert redact(text, names=["Anne Jensen"]) == text


def make_danish_forms_corpus(n: int = 600, seed: int = 15):
    """Texts with one value in a form that leaked before issue 15, plus ordinary texts.

    Returns texts, the planted (kind, value) per text (None for the ordinary ones), and
    the deny-list.
    """
    rng = np.random.default_rng(seed)
    names = ["Anne Jensen", "Mette Kjær-Holm", "Søren Brøndum"]

    def digits8() -> str:
        return str(rng.integers(2, 10)) + "".join(str(x) for x in rng.integers(0, 10, 7))

    def cpr() -> str:
        while True:
            d = f"{rng.integers(1, 29):02d}{rng.integers(1, 13):02d}{rng.integers(0, 100):02d}"
            d += f"{rng.integers(0, 10000):04d}"
            if cpr_birth_date(d) is not None:
                sep = ["."] + ["/"] + DASHES[1:] + [" - ", " / "]
                return d[:6] + sep[int(rng.integers(0, len(sep)))] + d[6:]

    def phone() -> str:
        g = _groupings(digits8())[int(rng.integers(0, 128))]
        return ["+45 ", "0045 ", "(+45) ", "+45"][int(rng.integers(0, 4))] + g

    def email() -> str:
        local = ["anne.jensen", "mk_holm", "soeren77", "brondum.s"][int(rng.integers(0, 4))]
        host = ["gmail", "hotmail", "kommune", "outlook"][int(rng.integers(0, 4))]
        tld = ["dk", "com"][int(rng.integers(0, 2))]
        at, dot = [
            (" at ", " dot "),
            (" (at) ", " (dot) "),
            ("[at]", "[dot]"),
            ("(a)", "."),
            ("[snabel-a]", "."),
            (" (snabel-a) ", " (punktum) "),
        ][int(rng.integers(0, 6))]
        return f"{local}{at}{host}{dot}{tld}"

    def name() -> str:
        return [
            "Anne Jensens",
            "Jensens",
            "Jensen's",
            "Kjær-Holms",
            "Mette Kjær-Holm",
            "Holm-Andersen",
            "Brøndums",
            "søren brøndums",
        ][int(rng.integers(0, 8))]

    def address() -> str:
        street = ["Nørregade", "Vestergade", "Kongevej", "H.C. Andersens Boulevard"]
        city = ["8000 Aarhus C", "5000 Odense", "1553 København V", "7100 Vejle"]
        floor = ["", ", 2. th.", " st. tv", ", 1. sal"]
        return (
            f"{street[int(rng.integers(0, 4))]} {rng.integers(1, 200)}"
            f"{['', 'B'][int(rng.integers(0, 2))]}{floor[int(rng.integers(0, 4))]}, "
            f"{city[int(rng.integers(0, 4))]}"
        )

    makers = {"CPR": cpr, "PHONE": phone, "EMAIL": email, "NAME": name, "ADDRESS": address}
    frames = [
        "Hjælperen kom for sent igen. {v} kan bekræfte det.",
        "Kontakt venligst {v} om besøget.",
        "The carer was late again, see {v} for details.",
        "Min mor ({v}) fik ikke sin medicin i går.",
    ]
    texts, planted = [], []
    for i in range(n):
        if i % 6 == 5:
            texts.append(NO_PII[i % len(NO_PII)])
            planted.append(None)
            continue
        kind = list(makers)[i % 5]
        v = makers[kind]()
        texts.append(frames[i % len(frames)].format(v=v))
        planted.append((kind, v))
    return texts, planted, names


def score_corpus(planted, out) -> tuple[float, float]:
    """Recall (planted values replaced by their placeholder) and precision (placeholders
    that stand for a planted value; texts without personal data must stay unchanged)."""
    found = placeholders = 0
    for p, red in zip(planted, out, strict=True):
        n = len(re.findall(r"\[(?:EMAIL|URL|CPR|PHONE|ADDRESS|NAME)\]", red))
        placeholders += n
        if p is None:
            continue
        kind, value = p
        if value not in red and PLACEHOLDERS[kind] in red and n == 1:
            found += 1
    n_planted = sum(p is not None for p in planted)
    return found / n_planted, found / placeholders if placeholders else 1.0


def test_recall_and_precision_on_danish_forms_corpus():
    texts, planted, names = make_danish_forms_corpus()
    out = redact(pd.Series(texts), names=names).tolist()
    recall, precision = score_corpus(planted, out)
    assert recall >= 0.99, recall
    assert precision >= 0.99, precision
    for t, p, red in zip(texts, planted, out, strict=True):
        if p is None:
            assert red == t


def test_danish_forms_report_counts_addresses():
    rep = redaction_report(["Vestergade 3B, 5000 Odense", "CPR 010190.1234"])
    got = rep.set_index("type")["replacements"]
    assert got["ADDRESS"] == 1 and got["CPR"] == 1 and list(rep["type"]) == list(PLACEHOLDERS)
