"""The message catalogues: every user-facing string translated, glossary terms kept,
placeholders intact, compiled .mo files current (issue 13).

The extraction is Babel's own (``scripts/i18n.py``, the same code translators run), so a
string marked in the code or a notebook block with no Danish translation fails here.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("ck_i18n_script", ROOT / "scripts" / "i18n.py")
i18n_script = importlib.util.module_from_spec(_spec)
sys.modules["ck_i18n_script"] = i18n_script
_spec.loader.exec_module(i18n_script)


@pytest.fixture(scope="module")
def template():
    return i18n_script.extract()


def test_extraction_finds_code_and_notebook_strings(template):
    ids = {m.id for m in template if m.id}
    assert "Language" in ids  # cocreate_kit/i18n.py
    sources = {path.split("/")[0] for m in template for path, _ in m.locations}
    assert {"cocreate_kit", "notebooks", "templates"} <= sources


@pytest.mark.parametrize("language", ["da"])
def test_every_message_has_a_translation(language):
    missing = i18n_script.missing(language)
    assert not missing, (
        f"{len(missing)} messages have no {language} translation, e.g. {missing[:10]}"
    )


@pytest.mark.parametrize("language", ["da"])
def test_catalogue_is_clean(language):
    assert i18n_script.problems(language) == []


def test_placeholder_check_catches_a_renamed_field():
    assert i18n_script.placeholders("{n} of {total} ({share})") == {"n", "total", "share"}
    assert i18n_script.placeholders("{} and {:.1f}, {{literal}}") == {"0", "1"}


def _glossary():
    with (ROOT / "cocreate_kit" / "locale" / "glossary.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_glossary_terms_are_used_in_danish():
    """Where an enforced English term occurs in a message, its Danish term (a stem, so
    inflected forms count) occurs in the translation."""
    catalog = i18n_script.read("da")
    wrong = []
    for row in _glossary():
        if row["enforce"] != "yes":
            continue
        term = re.compile(rf"\b{re.escape(row['en'])}", re.IGNORECASE)
        for message in catalog:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not message.id or not all(strings) or not term.search(ids[0]):
                continue
            if not all(row["da"].lower() in s.lower() for s in strings):
                wrong.append(f"{ids[0]!r} -> {strings[0]!r} should use {row['da']!r}")
    assert not wrong, "\n".join(wrong[:20])


def test_glossary_has_the_statistical_terms():
    da = {row["en"]: row["da"] for row in _glossary()}
    assert da["confidence interval"] == "konfidensinterval"
    assert da["equivalence"] == "ækvivalens"
    assert da["probability of being better"] == "sandsynlighed for at være bedre"
