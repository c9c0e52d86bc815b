"""Issue 13 for the core: DataError, table cells, chart axes, report pages and the explorer
in Danish, checked against Babel's own formatting and the catalogue's English sources."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from babel.numbers import format_decimal
from i18n_helpers import untranslated

from cocreate_kit import DataError, datasets, explore
from cocreate_kit._html import fmt_value, html_table
from cocreate_kit.apps.explorer import explorer_app
from cocreate_kit.charts import figure, render_svg
from cocreate_kit.i18n import use_language
from cocreate_kit.io import read_table
from cocreate_kit.report import page

ROOT = Path(__file__).resolve().parent.parent
_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


def _bad_visits(tmp_path: Path) -> Path:
    path = tmp_path / "visits.csv"
    path.write_text(
        "month,channel,contacts,handling_minutes,satisfied_share,cost_dkk\n"
        "2026-01,Web,402,6.1,0.828,16482\n"
        "2026-02,Web,abc,6.2,0.81,16000\n"
        "2026-03,Web,400,-2,1.5,16000\n",
        encoding="utf-8",
    )
    return path


def test_data_error_in_danish_names_every_problem(tmp_path) -> None:
    path = _bad_visits(tmp_path)
    before = path.read_bytes()
    with use_language("da"), pytest.raises(DataError) as info:
        explore.load_visits(path)
    err = info.value
    assert len(err.problems) == 3
    with use_language("da"):
        text = str(err)
    lines = text.splitlines()
    assert lines[0] == "3 problemer i 'visits.csv':"
    assert "  - række 3, kolonne 'contacts': værdien 'abc'; forventet: et helt tal på mindst 0" in (
        lines
    )
    assert (
        "  - række 4, kolonne 'handling_minutes': værdien -2.0; forventet: et tal på mindst 0"
        in lines
    )
    assert (
        "  - række 4, kolonne 'satisfied_share': værdien 1.5; forventet: et tal fra 0 til 1"
        in lines
    )
    assert untranslated(text) == []
    assert path.read_bytes() == before  # input files are never modified


def test_data_error_text_follows_the_language_it_is_shown_in(tmp_path) -> None:
    """Raised in English, shown in Danish (an app catching it), and the other way round."""
    with pytest.raises(DataError) as info:
        explore.load_visits(_bad_visits(tmp_path))
    english = str(info.value)
    assert english.startswith("3 problems in 'visits.csv':")
    assert "row 3, column 'contacts': value 'abc'; expected a whole number of at least 0" in english
    with use_language("da"):
        assert str(info.value).startswith("3 problemer i 'visits.csv':")
    one = DataError(info.value.problems[:1], file="visits.csv")
    with use_language("da"):
        assert str(one).startswith("1 problem i 'visits.csv':")


def test_io_refusals_are_danish(tmp_path) -> None:
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    with use_language("da"), pytest.raises(DataError) as info:
        read_table(empty)
    with use_language("da"):
        text = str(info.value)
    assert text == (
        "1 problem i 'tom.csv':\n  - filen: værdien (tom); forventet: en tabel med en "
        "overskriftsrække og datarækker; filen er tom"
    )


@pytest.mark.parametrize(
    "value", [3.9e6, 1234.5678, 0.5, 12.0, -2.25, 1_234_567.891, 0.000123456, 2.5e-8]
)
def test_fmt_value_follows_babel(value) -> None:
    if abs(value) >= 1e-3:
        want_da = format_decimal(value, format="#,##0.###", locale="da_DK")
        want_en = format_decimal(value, format="#,##0.###", locale="en_GB")
    else:
        want_da = format_decimal(value, format="@##", locale="da_DK")
        want_en = format_decimal(value, format="@##", locale="en_GB")
    with use_language("da"):
        assert fmt_value(value) == want_da
    assert fmt_value(value) == want_en
    assert "e+" not in fmt_value(value) and "e-" not in fmt_value(value)


def test_large_values_are_grouped_not_scientific() -> None:
    assert fmt_value(3.9e6) == "3,900,000"
    with use_language("da"):
        assert fmt_value(3.9e6) == "3.900.000"
        assert fmt_value(1234.5) == "1.234,5"


def test_html_table_cells_follow_the_locale_headers_stay() -> None:
    df = pd.DataFrame({"Cost (DKK)": [3_900_000.0, 1234.5], "Share": [0.245, 0.5]})
    with use_language("da"):
        html = html_table(df, "Omkostninger")
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert cells == [
        format_decimal(3_900_000.0, format="#,##0.###", locale="da_DK"),
        "0,245",
        "1.234,5",
        "0,5",
    ]
    assert '<th scope="col">Cost (DKK)</th>' in html  # headers as the caller gave them


def test_long_table_note_is_danish() -> None:
    df = pd.DataFrame({"n": range(1500)})
    with use_language("da"):
        html = html_table(df, "Tal", max_rows=10)
    assert "Viser 10 af 1.500 rækker." in html


def _ticks(language: str) -> list[str]:
    df = pd.DataFrame({"x": [0.0, 0.5, 1.0, 1.5, 2.0], "y": [0, 1000, 2000, 3000, 4000]})
    chart = (
        alt.Chart(df)
        .mark_point()
        .encode(
            x=alt.X("x:Q", axis=alt.Axis(values=[0, 0.5, 1, 1.5, 2])),
            y=alt.Y("y:Q", axis=alt.Axis(values=[0, 1000, 2000, 3000, 4000])),
        )
    )
    with use_language(language):
        return _TEXT.findall(render_svg(chart))


def test_chart_ticks_in_danish_and_english() -> None:
    da, en = _ticks("da"), _ticks("en")
    assert "0,5" in da and "1.000" in da and "0.5" not in da and "1,000" not in da
    assert "0.5" in en and "1,000" in en and "0,5" not in en and "1.000" not in en


def test_chart_percent_and_month_axes_follow_babel() -> None:
    df = pd.DataFrame({"m": pd.to_datetime(["2026-01-01", "2026-06-01"]), "s": [0.2, 0.6]})
    chart = (
        alt.Chart(df)
        .mark_line()
        .encode(
            x=alt.X("m:T", axis=alt.Axis(format="%B")),
            y=alt.Y("s:Q", axis=alt.Axis(format=".0%")),
        )
    )
    with use_language("da"):
        da = _TEXT.findall(render_svg(chart))
    en = _TEXT.findall(render_svg(chart))
    assert "50\xa0%" in da and "50%" in en  # Babel: "50 %" (da), "50%" (en_GB)
    assert "januar" in da and "January" in en


def test_a_language_without_a_d3_locale_gets_babels_conventions() -> None:
    """A translator's new language (Norwegian here) draws its axes as Babel writes numbers
    and months, with no code change: the d3 locale is built from Babel's data."""
    from babel.dates import format_date
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from cocreate_kit.charts import _locale_args

    args = _locale_args("nb")
    assert args["format_locale"]["decimal"] == get_decimal_symbol("nb")
    assert args["format_locale"]["thousands"] == get_group_symbol("nb")
    months = args["time_format_locale"]["months"]
    assert months[2] == format_date(pd.Timestamp("2026-03-01"), "LLLL", locale="nb")
    assert args["time_format_locale"]["days"][0] == format_date(
        pd.Timestamp("2026-11-29"), "EEEE", locale="nb"
    )  # d3 weeks start on Sunday; 29 November 2026 is a Sunday


def test_figure_chrome_is_danish() -> None:
    df = pd.DataFrame({"a": ["x"], "n": [1.5]})
    chart = alt.Chart(df).mark_bar().encode(x="a:N", y="n:Q")
    fig = figure(chart, title="Tal", description="x er 1,5.", table=df)
    with use_language("da"):
        html = fig.to_html()
    assert "Vis data som tabel" in html and "Data for: Tal" in html
    assert "Show the data as a table" not in html


def test_report_page_lang_defaults_to_the_current_language() -> None:
    assert '<html lang="en">' in page("Report", "<p>x</p>")
    with use_language("da"):
        html = page("Rapport", "<p>x</p>")
    assert '<html lang="da">' in html and "Gå til indhold" in html
    assert untranslated(html) == []
    # An explicit lang wins over the current language, and so do its words.
    with use_language("da"):
        english = page("Report", "<p>x</p>", lang="en")
    assert '<html lang="en">' in english and "Skip to content" in english


def _visits(language: str) -> pd.DataFrame:
    with use_language(language):
        return explore.load_visits(datasets.sample_project("explorer").data)


def test_danish_sample_gives_the_same_numbers() -> None:
    en, da = _visits("en"), _visits("da")
    assert set(da["channel"]) == {"Web", "Telefon", "Brev", "Personligt fremmøde"}
    pd.testing.assert_frame_equal(en.drop(columns="channel"), da.drop(columns="channel"))
    for measure in explore.MEASURES:
        a = explore.explore(en, measure=measure, channel="Phone").monthly
        b = explore.explore(da, measure=measure, channel="Telefon").monthly
        pd.testing.assert_frame_equal(a, b)


def test_explorer_summary_and_chart_in_danish() -> None:
    da = _visits("da")
    with use_language("da"):
        ex = explore.explore(da, measure="satisfied_share", channel="Telefon")
        text = ex.summary()
        spec = ex.chart().spec()
        html = ex.to_html()
    share = ex.monthly["satisfied_share"]
    low = format_decimal(round(share.min() * 100, 1), format="#,##0.0", locale="da_DK")
    assert text.startswith(f"Telefon: andel tilfredse brugere lå mellem {low}\xa0%")
    assert "måneder" in text and untranslated(text) == []
    assert spec["encoding"]["y"]["title"] == "Andel tilfredse brugere"
    assert spec["encoding"]["y"]["axis"]["format"] == ".0%"
    assert spec["encoding"]["x"]["title"] == "Måned"
    assert "januar 2026" in [r["month"] for r in next(iter(spec["datasets"].values()))]
    assert untranslated(html) == []
    with use_language("da"):
        total = explore.explore(da, measure="contacts").summary()
    n = int(da["contacts"].sum())
    assert f"Alle kanaler: i alt {format_decimal(n, locale='da_DK')} henvendelser" in total


def test_explorer_english_output_unchanged() -> None:
    text = explore.explore(_visits("en"), measure="contacts").summary()
    assert text == (
        "All channels: contacts totalled 10,306 over 12 months; the highest month was "
        "October 2026 (930) and the lowest February 2026 (808)."
    )


def test_explorer_app_in_danish() -> None:
    app = explorer_app(_visits("da"), language="da")
    assert app.title == "Henvendelser pr. kanal"
    assert app.controls["measure"].description == "Mål"
    assert app.controls["channel"].description == "Kanal"
    assert app.controls["channel"].options[0] == ("Alle kanaler", "All channels")
    assert ("Telefon", "Telefon") in app.controls["channel"].options
    assert ("Andel tilfredse brugere", "satisfied_share") in app.controls["measure"].options
    # A redraw (a widget callback, run outside any use_language) stays in the app's language.
    html = app.html(measure="handling_minutes", channel="Telefon")
    assert "Telefon: behandlingstid pr. henvendelse (minutter) lå mellem" in html
    assert "Vis data som tabel" in html and untranslated(html) == []
    assert "Share of satisfied users" in explorer_app(_visits("en")).controls["measure"].options[2]


def test_danish_explorer_sample_is_reproducible(tmp_path) -> None:
    script = ROOT / "scripts" / "make_sample_explorer.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)
    for name in ("explorer_visits.csv", "da/explorer_visits.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "sample_data" / name).read_bytes()
