"""cocreate_kit._parse: every duration format, yes/no word and decimal-comma number against
values worked out by hand in the test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cocreate_kit._parse import (
    booleans,
    duration_format,
    durations,
    numbers,
    parse_bool,
    parse_duration,
    parse_number,
)

# (text, seconds worked out by hand)
DURATIONS = [
    ("04:31", 4 * 60 + 31),
    ("4:31", 4 * 60 + 31),
    ("0:07", 7),
    ("12:00", 12 * 60),
    ("04:31,5", 4 * 60 + 31.5),
    ("04:31.25", 4 * 60 + 31.25),
    ("1:02:03", 3600 + 2 * 60 + 3),
    ("0:04:31", 4 * 60 + 31),
    ("4 min 31 s", 4 * 60 + 31),
    ("4min31s", 4 * 60 + 31),
    ("4m 31s", 4 * 60 + 31),
    ("4 min. 31 sek.", 4 * 60 + 31),
    ("4 minutter 31 sekunder", 4 * 60 + 31),
    ("4 minutes 31 seconds", 4 * 60 + 31),
    ("1 h 2 min 3 s", 3600 + 2 * 60 + 3),
    ("1 t 5 min", 3600 + 5 * 60),
    ("45 s", 45),
    ("45 sek.", 45),
    ("2 min", 120),
    ("2,5 min", 150),
    ("PT4M31S", 4 * 60 + 31),
    ("pt4m31s", 4 * 60 + 31),
    ("PT1H2M3.5S", 3600 + 2 * 60 + 3.5),
    ("PT45S", 45),
    ("PT2M", 120),
    ("P0DT4M", 240),
    ("P1D", 86400),
    ("271", 271),
    ("271,5", 271.5),
    ("271.5", 271.5),
    (" 04:31 ", 4 * 60 + 31),
    ("04:31\u00a0", 4 * 60 + 31),
]


@pytest.mark.parametrize(("text", "seconds"), DURATIONS)
def test_each_duration_format_gives_the_seconds_worked_out_by_hand(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text",
    [
        "soon",
        "4:75",
        "4:3l",
        "-3",
        "-0:30",
        "PT",
        "P1DT",
        "P1Y",
        "P2M",
        "1,234",
        "4 min 4 min",
        "31 s 4 min",
        "::",
        "4:31:",
        "1.5.3",
        "yes",
    ],
)
def test_unreadable_durations_are_refused_not_guessed(text):
    assert parse_duration(text) is None


def test_duration_formats_are_named():
    names = [duration_format(t) for t in ("04:31", "1:02:03", "4 min 31 s", "PT4M31S", "271,5")]
    assert names == ["mm:ss", "h:mm:ss", "4 min 31 s", "ISO 8601", "seconds"]
    assert duration_format("") is None and duration_format(None) is None


@pytest.mark.parametrize(
    "word",
    [
        "yes",
        "YES",
        " Yes ",
        "y",
        "ja",
        "Ja",
        "J",
        "true",
        "TRUE",
        "sand",
        "1",
        "completed",
        "Completed",
        "gennemført",
        "Gennemført",
        "success",
        "passed",
        "done",
    ],
)
def test_yes_words(word):
    assert parse_bool(word) is True


@pytest.mark.parametrize(
    "word",
    [
        "no",
        "NO",
        "n",
        "nej",
        "Nej",
        "false",
        "falsk",
        "Falsk",
        "0",
        "failed",
        "Failed",
        "ikke gennemført",
        "Ikke  gennemført",
        "failure",
        "incomplete",
        "not completed",
    ],
)
def test_no_words(word):
    assert parse_bool(word) is False


@pytest.mark.parametrize("word", ["maybe", "2", "50%", "yes!", "ja tak", "", None])
def test_other_words_are_not_yes_or_no(word):
    assert parse_bool(word) is None


def test_numbers_with_a_decimal_comma_or_point():
    assert parse_number("72,5") == 72.5 and parse_number("72.5") == 72.5
    assert parse_number("-3,25") == -3.25 and parse_number(np.int64(4)) == 4.0
    # a thousands-looking value is ambiguous (1.234 in Danish, 1234 in English): refused
    assert parse_number("1,234") is None and parse_number("12,3456") == 12.3456
    assert parse_number("1.234,5") is None and parse_number("n/a") is None


def test_column_functions_mark_every_bad_cell_and_keep_empty_cells_empty():
    raw = pd.Series(["04:31", "", None, "soon", "PT2M", "04:31", "4:3l"])
    secs, bad = durations(raw)
    assert bad.tolist() == [False, False, False, True, False, False, True]
    assert secs[0] == 271 and secs[4] == 120 and secs[5] == 271
    assert math.isnan(secs[1]) and math.isnan(secs[2]) and math.isnan(secs[3])
    vals, bad = booleans(pd.Series(["ja", "NEJ", "vist", None, "1"]))
    assert vals.tolist()[:2] == [1.0, 0.0] and vals[4] == 1.0
    assert bad.tolist() == [False, False, True, False, False]
    vals, bad = booleans(pd.Series([0, 1, 2]))
    assert bad.tolist() == [False, False, True]
    vals, bad = numbers(pd.Series(["72,5", "80", "n/a", ""]))
    assert vals.tolist()[:2] == [72.5, 80.0] and bad.tolist() == [False, False, True, False]
    # a numeric column is taken as it is (seconds)
    secs, bad = durations(pd.Series([12.5, np.nan]))
    assert secs[0] == 12.5 and not bad.any()
