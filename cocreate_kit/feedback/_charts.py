"""Every feedback chart, built from a result's own tables (a leaf: imports no feedback module).

Each function takes a finished result (:class:`SUSSummary`, :class:`NPSResult`,
:class:`SegmentMetrics`, :class:`LikertResult`, :class:`AgreementResult`,
:class:`ThemeResult`) and returns an accessible :class:`~cocreate_kit.charts.Figure` whose
Vega-Lite spec (``fig.chart.to_dict()``) is what the tests check. The results' ``chart()``
methods call these, so dependencies point one way: metrics and loaders -> results -> charts.
Nothing here computes a statistic: the numbers come from the result's tables; interval
titles quote the result's own ``level``.

Examples
--------
>>> from cocreate_kit.feedback import nps
>>> spec = nps_chart(nps([10, 9, 8, 0, 6])).chart.to_dict()
>>> spec["encoding"]["x"]["title"]
'% of answers'
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .._html import clip, esc, lang_attr
from .._sus import SUS_BENCHMARK, SUS_GRADES
from ..charts import DIVERGING_5, PALETTE, TEXT, figure
from ..i18n import LOCALES, N_, _, fmt_int, fmt_percent, get_language
from ._scales import LIKERT_LABELS_EN

__all__ = [
    "ALL_RESPONDENTS",
    "HEADERS",
    "NO_ANSWER",
    "NPS_GROUPS",
    "agreement_chart",
    "likert_chart",
    "nps_chart",
    "segment_chart",
    "sus_bands",
    "sus_chart",
    "sus_grade_table",
    "theme_chart",
    "fixed",
    "group_label",
    "likert_answers",
    "mark_quotes",
    "shown",
]

#: Table headers shown to people, by the column name of the documented DataFrames (the
#: DataFrames keep their English column names; :func:`shown` renames a display copy).
HEADERS = {
    "n": N_("n"),
    "mean": N_("Mean"),
    "sd": N_("Standard deviation"),
    "ci_low": N_("Interval from"),
    "ci_high": N_("Interval to"),
    "grade": N_("Grade"),
    "promoters": N_("Promoters"),
    "passives": N_("Passives"),
    "detractors": N_("Detractors"),
    "nps": N_("NPS"),
    "se": N_("Standard error"),
    "sus_mean": N_("Mean SUS"),
    "sus_ci_low": N_("SUS interval from"),
    "sus_ci_high": N_("SUS interval to"),
    "sus_grade": N_("SUS grade"),
    "nps_ci_low": N_("NPS interval from"),
    "nps_ci_high": N_("NPS interval to"),
    "umux_mean": N_("Mean UMUX-Lite"),
    "umux_ci_low": N_("UMUX-Lite interval from"),
    "umux_ci_high": N_("UMUX-Lite interval to"),
    "csat_top2": N_("CSAT top-2 (%)"),
    "csat_ci_low": N_("CSAT interval from"),
    "csat_ci_high": N_("CSAT interval to"),
    "csat_mean": N_("Mean CSAT (1-5)"),
    "small_n": N_("Few respondents"),
    "suppressed": N_("Hidden"),
    "item": N_("Item"),
    "label": N_("Statement"),
    "pct_1": N_("% strongly disagree"),
    "pct_2": N_("% disagree"),
    "pct_3": N_("% neither"),
    "pct_4": N_("% agree"),
    "pct_5": N_("% strongly agree"),
    "net_agreement": N_("Net agreement"),
    "theme": N_("Theme"),
    "top_terms": N_("Top terms"),
    "n_texts": N_("Comments"),
    "share": N_("Share (%)"),
    "mean_sentiment": N_("Mean sentiment"),
    "quote": N_("Quote"),
    "method": N_("Method"),
    "measurement": N_("Measurement level"),
    "value": N_("Value"),
    "n_units": N_("Units"),
    "n_coders": N_("Coders"),
    "code": N_("Code"),
    "reading": N_("Reading"),
    "segment": N_("Segment"),
    "coder": N_("Coder"),
    "codes": N_("Codes"),
    "text": N_("Text"),
    "parent": N_("Parent code"),
    "path": N_("Code path"),
    "description": N_("Description"),
    "n_segments": N_("Segments"),
    "group": N_("Group"),
    "percent": N_("Percent"),
}

#: Label of the row for everyone in a breakdown (stored in English, shown translated).
ALL_RESPONDENTS = N_("All respondents")
#: Group of respondents who left the grouping column empty.
NO_ANSWER = N_("(no answer)")

#: The three NPS groups, in chart order.
NPS_GROUPS = (N_("Detractors (0-6)"), N_("Passives (7-8)"), N_("Promoters (9-10)"))

#: Column values shown through the catalogue (English msgids stored in the table).
_TRANSLATED_VALUES = ("label", "reading")


def shown(df: pd.DataFrame) -> pd.DataFrame:
    """A display copy of ``df`` with translated headers (:data:`HEADERS`) and translated
    statement labels and readings; other columns (data such as group names) pass unchanged.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     list(shown(pd.DataFrame({"n": [3], "mean": [1.0], "area": ["Nord"]})).columns)
    ['n', 'Gennemsnit', 'area']
    """
    out = df.copy()
    for col in _TRANSLATED_VALUES:
        if col in out.columns:
            out[col] = out[col].map(lambda v: _(v) if isinstance(v, str) and v else v)
    return out.rename(columns={c: _(h) for c, h in HEADERS.items() if c in out.columns})


def fixed(value: Any, digits: int = 1, *, signed: bool = False) -> str:
    """``value`` with exactly ``digits`` decimals in the current locale ("72,5" in Danish,
    "72.5" in English; ``signed`` adds "+" to positive values): the kit's summaries keep
    their trailing zeros ("80.0", "0.800"), which :func:`cocreate_kit.i18n.fmt_number` drops.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> fixed(80.0), fixed(0.8, 3), fixed(12, 0, signed=True), fixed(float("nan"))
    ('80.0', '0.800', '+12', '–')
    >>> with use_language("da"):
    ...     fixed(1234.5, 1), fixed(-3.0, 0, signed=True)
    ('1.234,5', '-3')
    """
    if value is None or value != value:
        return "–"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    language = get_language()
    return format_decimal(value, format=pattern, locale=LOCALES.get(language, language))


def group_label(value: Any) -> str:
    """A group's name as shown: the kit's own group names (:data:`ALL_RESPONDENTS`,
    :data:`NO_ANSWER`) translated, the data's own values as they are."""
    text = str(value)
    return _(text) if text in (ALL_RESPONDENTS, NO_ANSWER) else text


def mark_quotes(html: str, quotes: Any) -> str:
    """``html`` (from :func:`cocreate_kit._html.html_table`) with ``lang`` on each table cell
    holding one of ``quotes`` that is detectably in another language than the page's
    (:func:`cocreate_kit._html.lang_attr`): screen readers then read a Danish comment on an
    English page with a Danish voice, and vice versa.

    Examples
    --------
    >>> mark_quotes("<td>Hjælperen kom for sent, og det er ikke godt.</td>",
    ...             ["Hjælperen kom for sent, og det er ikke godt."])
    '<td lang="da">Hjælperen kom for sent, og det er ikke godt.</td>'
    """
    for quote in dict.fromkeys(str(q) for q in quotes):
        attr = lang_attr(quote)
        if attr:
            cell = esc(clip(quote))
            html = html.replace(f"<td>{cell}</td>", f"<td{attr}>{cell}</td>")
    return html


def likert_answers() -> list[str]:
    """The five agreement answers, 1..5, in the current language (chart legends)."""
    return [_(label) for label in LIKERT_LABELS_EN]


def _alt() -> Any:
    import altair as alt

    return alt


def _benchmark_rule(height: int, *, label: bool = False) -> Any:
    """The dashed benchmark line at 68, below the band letters (``label``: "average 68"
    written next to it at the bottom)."""
    alt = _alt()
    ref = pd.DataFrame(
        {
            "x": [SUS_BENCHMARK],
            "text": [_("average {benchmark}").format(benchmark=fixed(SUS_BENCHMARK, 0))],
        }
    )
    rule = (
        alt.Chart(ref)
        .mark_rule(strokeDash=[4, 4], color=TEXT)
        .encode(x="x:Q", y=alt.value(18), y2=alt.value(height))
    )
    if not label:
        return rule
    text = (
        alt.Chart(ref)
        .mark_text(align="left", baseline="bottom", dx=4, dy=-2, color=TEXT)
        .encode(x="x:Q", y=alt.value(height), text="text:N")
    )
    return rule + text


#: Light, colour-blind safe fills of the five letter bands F, D, C, B, A (after ColorBrewer
#: "Purples", one hue getting darker with the grade: told apart by lightness, and every
#: band is labelled with its letter, so colour is never the only cue). Black marks on the
#: darkest fill keep a contrast above 6:1 (tested).
SUS_BAND_COLOURS = ("#f2f0f7", "#e0def0", "#cbc9e4", "#b4b2d8", "#9e9ac8")

#: Width of the SUS charts in pixels: 100 points at 5 px each, so the narrowest letter
#: band (B, 6.3 points) is about 30 px wide and its letter fits.
SUS_WIDTH = 500


def sus_bands() -> pd.DataFrame:
    """The letter bands of the Sauro-Lewis curved grading scale on 0-100.

    Each letter band runs from the lowest bound of its grades (A- for A, B- for B, ...) to
    the lowest bound of the next letter, taken from :data:`cocreate_kit._sus.SUS_GRADES`
    (Sauro & Lewis, *Quantifying the User Experience*, 2nd ed. 2016, Table 8.5; the mean
    68 is about the 50th percentile of their benchmark data). Bangor, Kortum & Miller
    (2009, *Journal of Usability Studies* 4(3), "Determining what individual SUS scores
    mean: adding an adjective rating scale") give a similar reading in words: mean scores
    of about 71 for "good" and 51 for "OK"; the kit draws the curved grades because its
    summaries grade on that scale.

    Examples
    --------
    >>> b = sus_bands()
    >>> b["band"].tolist(), b["low"].tolist()
    (['F', 'D', 'C', 'B', 'A'], [0.0, 51.7, 62.7, 72.6, 78.9])
    >>> b["high"].tolist()[-1]
    100.0
    """
    lows: dict[str, float] = {"F": 0.0}
    for low, grade in SUS_GRADES:
        lows[grade[0]] = min(low, lows.get(grade[0], 100.0))
    order = sorted(lows, key=lows.get)
    highs = [lows[b] for b in order[1:]] + [100.0]
    return pd.DataFrame(
        {
            "band": order,
            "low": [lows[b] for b in order],
            "high": highs,
            "colour": list(SUS_BAND_COLOURS),
        }
    )


def sus_grade_table() -> pd.DataFrame:
    """Every grade of the curved scale with its range (the bands' table alternative).

    Examples
    --------
    >>> t = sus_grade_table()
    >>> t["grade"].tolist()[:3], t["ci_low"].tolist()[:3], t["ci_high"].tolist()[-1]
    (['A+', 'A', 'A-'], [84.1, 80.8, 78.9], 51.7)
    """
    grades = [*SUS_GRADES, (0.0, "F")]
    highs = [100.0] + [low for low, _grade in grades[:-1]]
    return pd.DataFrame(
        {
            "grade": [g for _low, g in grades],
            "ci_low": [float(low) for low, _g in grades],
            "ci_high": highs,
        }
    )


def _band_layers() -> Any:
    """The letter bands behind a SUS chart, each labelled with its letter at the top."""
    alt = _alt()
    bands = sus_bands()
    rect = (
        alt.Chart(bands)
        .mark_rect()
        .encode(
            x=alt.X("low:Q"),
            x2="high:Q",
            color=alt.Color("colour:N", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("band:N", title=_("Grade")),
                alt.Tooltip("low:Q", title=_("From")),
                alt.Tooltip("high:Q", title=_("To")),
            ],
        )
    )
    bands = bands.assign(mid=(bands["low"] + bands["high"]) / 2)
    letters = (
        alt.Chart(bands)
        .mark_text(baseline="top", fontWeight="bold", color=TEXT)
        .encode(x="mid:Q", y=alt.value(3), text="band:N")
    )
    return rect + letters


def _sus_x(title: str, field: str = "ci_low") -> Any:
    alt = _alt()
    return alt.X(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(domain=[0, 100], nice=False),
        axis=alt.Axis(format=",.0f", values=list(range(0, 101, 10))),
    )


def sus_chart(result: Any) -> Any:
    """Mean SUS and its interval in front of the grade bands (a :class:`SUSSummary`).

    The x axis is the whole 0-100 SUS range with the letter bands of the Sauro-Lewis
    curved grading scale behind it (:func:`sus_bands`; sources there), the benchmark 68
    as a dashed line, the mean as a dot with its value above it and the interval as a
    bar. The chart is :data:`SUS_WIDTH` pixels wide, so a band of 5 points is about 25 px.
    The table alternative lists the mean, its interval, the benchmark and every grade
    with its range (:func:`sus_grade_table`).
    """
    alt = _alt()
    t = result.table()
    height = 80
    interval = _("{level} interval").format(level=fmt_percent(result.level))
    bar = (
        alt.Chart(t)
        .mark_rule(strokeWidth=4, color=TEXT)
        .encode(x=_sus_x(_("SUS score (0-100)")), x2="ci_high:Q", y=alt.value(height * 0.6))
    )
    pt = (
        alt.Chart(t)
        .mark_point(size=140, filled=True, color=TEXT, opacity=1)
        .encode(
            x="mean:Q",
            y=alt.value(height * 0.6),
            tooltip=[
                alt.Tooltip("mean:Q", title=_("Mean"), format=".1f"),
                alt.Tooltip("ci_low:Q", title=_("Interval from"), format=".1f"),
                alt.Tooltip("ci_high:Q", title=_("Interval to"), format=".1f"),
                alt.Tooltip("n:Q", title=_("n")),
            ],
        )
    )
    t = t.assign(label=fixed(result.mean))
    value = (
        alt.Chart(t)
        .mark_text(baseline="bottom", dy=-8, fontWeight="bold", color=TEXT)
        .encode(x="mean:Q", y=alt.value(height * 0.6), text="label:N")
    )
    chart = (_band_layers() + _benchmark_rule(height, label=True) + bar + pt + value).properties(
        width=SUS_WIDTH, height=height
    )
    rows = [
        {"grade": _("Mean SUS"), "ci_low": result.mean, "ci_high": result.mean},
        {"grade": interval, "ci_low": result.ci_low, "ci_high": result.ci_high},
        {"grade": _("Benchmark average"), "ci_low": SUS_BENCHMARK, "ci_high": SUS_BENCHMARK},
    ]
    table = pd.concat([pd.DataFrame(rows), sus_grade_table()], ignore_index=True)
    table = table.rename(columns={"grade": _("Shown"), "ci_low": _("From"), "ci_high": _("To")})
    return figure(
        chart,
        title=_("Mean SUS score and grade bands"),
        description=result.summary(),
        table=table,
        table_caption=_("Mean SUS, its interval and the grade bands of the curved scale"),
    )


def nps_chart(result: Any) -> Any:
    """Promoters, passives and detractors as one stacked bar (an :class:`NPSResult`)."""
    alt = _alt()
    groups = [_(g) for g in NPS_GROUPS]
    t = pd.DataFrame({"group": groups, "n": [result.detractors, result.passives, result.promoters]})
    t["percent"] = 100 * t["n"] / max(result.n, 1)
    ch = (
        alt.Chart(t)
        .mark_bar()
        .encode(
            x=alt.X(
                "percent:Q", stack="zero", title=_("% of answers"), axis=alt.Axis(format=",.0f")
            ),
            color=alt.Color(
                "group:N",
                sort=list(t["group"]),
                title=None,
                scale=alt.Scale(range=[PALETTE[1], "#9e9e9e", PALETTE[0]]),
                legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("group:N", title=_("Group")),
                alt.Tooltip("n:Q", title=_("n")),
                alt.Tooltip("percent:Q", title=_("Percent"), format=".0f"),
            ],
            order=alt.Order("order:Q"),
        )
        .transform_calculate(
            order=f"indexof({json.dumps(groups, ensure_ascii=False)}, datum.group)"
        )
        .properties(height=50, width=SUS_WIDTH)
    )
    return figure(
        ch,
        title=_("Promoters, passives and detractors"),
        description=result.summary(),
        table=shown(t),
    )


def segment_chart(result: Any) -> Any:
    """Mean SUS per shown group with its interval, in front of the grade bands of
    :func:`sus_chart` (a :class:`SegmentMetrics`).

    The axis title quotes the result's interval ``level`` (e.g. "95% interval").
    """
    alt = _alt()
    by = result.by
    t = result.table[~result.table["suppressed"]].dropna(subset=["sus_mean"])
    t = t[[by, "n", "sus_mean", "sus_ci_low", "sus_ci_high"]].copy()
    t[by] = t[by].map(group_label)
    t["label"] = t[by] + " (n=" + t["n"].map(fmt_int) + ")"
    base = alt.Chart(t).encode(y=alt.Y("label:N", title=None, sort="-x"))
    title = _("Mean SUS with {level} interval").format(level=fmt_percent(result.level))
    rule = base.mark_rule(strokeWidth=4, color=TEXT).encode(
        x=_sus_x(title, "sus_ci_low"), x2="sus_ci_high:Q"
    )
    pt = base.mark_point(size=110, filled=True, color=TEXT, opacity=1).encode(
        x="sus_mean:Q",
        tooltip=[
            alt.Tooltip("label:N", title=_("Group")),
            alt.Tooltip("sus_mean:Q", title=_("Mean SUS"), format=".1f"),
            alt.Tooltip("sus_ci_low:Q", title=_("Interval from"), format=".1f"),
            alt.Tooltip("sus_ci_high:Q", title=_("Interval to"), format=".1f"),
        ],
    )
    height = max(60, 30 * len(t)) + 16
    chart = (_band_layers() + _benchmark_rule(height) + rule + pt).properties(
        width=SUS_WIDTH, height=height
    )
    return figure(
        chart,
        title=_("Mean SUS by {by}").format(by=by),
        description=result.summary(),
        table=shown(t.drop(columns="label")),
    )


def likert_chart(result: Any) -> Any:
    """Diverging stacked bars of a :class:`LikertResult` (neutral split across zero)."""
    alt = _alt()
    d = result.chart_data()
    answers = likert_answers()
    order = list(dict.fromkeys(d.sort_values("net", ascending=False)["row"]))
    ch = (
        alt.Chart(d)
        .mark_bar()
        .encode(
            y=alt.Y("row:N", sort=order, title=None),
            x=alt.X(
                "start:Q",
                title=_("% of answers (left: disagree, right: agree)"),
                scale=alt.Scale(domain=[-100, 100]),
                axis=alt.Axis(format=",.0f"),
            ),
            x2="end:Q",
            color=alt.Color(
                "answer:N",
                sort=answers,
                title=_("Answer"),
                scale=alt.Scale(domain=answers, range=DIVERGING_5),
            ),
            tooltip=["row:N", "answer:N", alt.Tooltip("percent:Q", format=".0f")],
        )
        .properties(height=max(60, 26 * len(order)))
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule().encode(x="x:Q")
    tbl = result.table[~result.table["suppressed"]].drop(columns=["suppressed"])
    return figure(
        ch + zero, title=str(result.title), description=result.summary(), table=shown(tbl)
    )


def agreement_chart(result: Any) -> Any:
    """The coefficient per code with Krippendorff's reading lines (.667 and .800) from
    ``result.reading_lines`` (an :class:`AgreementResult`)."""
    alt = _alt()
    t = result.per_code[["code", "value", "n_units"]].dropna(subset=["value"])
    bars = (
        alt.Chart(t)
        .mark_bar()
        .encode(
            y=alt.Y("code:N", sort="-x", title=None),
            x=alt.X(
                "value:Q",
                title=result.name,
                scale=alt.Scale(domain=[-0.2, 1]),
                axis=alt.Axis(format=",.2f"),
            ),
            tooltip=["code:N", alt.Tooltip("value:Q", format=".3f"), "n_units:Q"],
        )
    )
    lines = pd.DataFrame({"x": list(result.reading_lines)})
    rules = alt.Chart(lines).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    desc = result.summary()
    if len(t):
        lowest = t.sort_values("value").iloc[0]
        desc += " " + _("Lowest per code: {code} at {value}.").format(
            code=lowest["code"], value=fixed(lowest["value"], 3)
        )
    return figure(
        bars + rules,
        title=_("{coefficient} per code").format(coefficient=result.name),
        description=desc,
        table=shown(t),
    )


def theme_chart(result: Any) -> Any:
    """Comments per theme (a :class:`ThemeResult`)."""
    alt = _alt()
    t = result.themes[["label", "n_texts", "share"]].copy()
    ch = (
        alt.Chart(t)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title=None),
            x=alt.X("n_texts:Q", title=_("Comments"), axis=alt.Axis(format=",.0f")),
            tooltip=["label:N", "n_texts:Q", alt.Tooltip("share:Q", format=".0f")],
        )
    )
    return figure(ch, title=_("Comments per theme"), description=result.summary(), table=shown(t))
