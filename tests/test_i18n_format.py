"""Locale-correct numbers and dates: checked against Babel's own functions for da_DK (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from cocreate_kit import i18n


@pytest.mark.parametrize("value", [0.0, 1234.5, -98765.4321, 1e7, 0.05])
def test_numbers_match_babel_da_dk(value):
    with i18n.use_language("da"):
        assert i18n.fmt_number(value, 2) == format_decimal(value, format="#,##0.##", locale="da_DK")
        assert i18n.fmt_int(value) == format_decimal(round(value), locale="da_DK")
    assert i18n.fmt_number(1234.5, 1) == "1,234.5"


def test_danish_separators():
    with i18n.use_language("da"):
        assert i18n.fmt_number(1234.5) == "1.234,5"
        assert i18n.fmt_percent(0.245, 1) == format_percent(0.245, "#,##0.0\xa0%", locale="da_DK")
        assert i18n.fmt_percent(0.245, 1) == "24,5\xa0%"
        assert i18n.fmt_percent(0.24) == format_percent(0.24, locale="da_DK")
    assert i18n.fmt_percent(0.24) == format_percent(0.24, locale="en_GB") == "24%"


def test_dates_match_babel_da_dk():
    day = dt.date(2026, 11, 29)
    with i18n.use_language("da"):
        assert i18n.fmt_date(day) == format_date(day, "short", locale="da_DK") == "29.11.2026"
        assert i18n.fmt_date(day, "long") == format_date(day, "long", locale="da_DK")
        assert i18n.fmt_month(day) == "november 2026"
    assert i18n.fmt_date("2026-11-29") == format_date(day, "short", locale="en_GB")


def test_language_state():
    assert i18n.get_language() == "en"
    with i18n.use_language("da-DK"):
        assert i18n.get_language() == "da"
    assert i18n.get_language() == "en"
    with pytest.raises(ValueError, match="offers: en, da"):
        i18n.normalise_language("xx")


def test_env_default(monkeypatch):
    monkeypatch.setenv("COCREATE_LANGUAGE", "da")
    assert i18n.get_language() == "da"
    with i18n.use_language("en"):
        assert i18n.get_language() == "en"
