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
