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
from .._sus import SUS_BENCHMARK
from ..charts import DIVERGING_5, PALETTE, figure
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
    "sus_chart",
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


def _benchmark_rule() -> Any:
    alt = _alt()
    ref = pd.DataFrame({"x": [SUS_BENCHMARK]})
    return alt.Chart(ref).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")


def sus_chart(result: Any) -> Any:
    """Mean SUS with its interval on 0-100 and the benchmark 68 (a :class:`SUSSummary`)."""
    alt = _alt()
    t = result.table()
    base = alt.Chart(t).encode(y=alt.Y("grade:N", title=None))
    bar = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(
            "ci_low:Q",
            title=_("SUS score (0-100)"),
            scale=alt.Scale(domain=[0, 100]),
            axis=alt.Axis(format=",.0f"),
        ),
        x2="ci_high:Q",
    )
    pt = base.mark_point(size=120).encode(x="mean:Q")
    return figure(
        (bar + pt + _benchmark_rule()).properties(height=60),
        title=_("Mean SUS score"),
        description=result.summary(),
        table=shown(t),
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
            ),
            order=alt.Order("order:Q"),
        )
        .transform_calculate(
            order=f"indexof({json.dumps(groups, ensure_ascii=False)}, datum.group)"
        )
        .properties(height=50)
    )
    return figure(
        ch,
        title=_("Promoters, passives and detractors"),
        description=result.summary(),
        table=shown(t),
    )


def segment_chart(result: Any) -> Any:
    """Mean SUS per shown group with its interval (a :class:`SegmentMetrics`).

    The axis title quotes the result's interval ``level`` (e.g. "95% interval").
    """
    alt = _alt()
    by = result.by
    t = result.table[~result.table["suppressed"]].dropna(subset=["sus_mean"])
    t = t[[by, "n", "sus_mean", "sus_ci_low", "sus_ci_high"]].copy()
    t[by] = t[by].map(group_label)
    t["label"] = t[by] + " (n=" + t["n"].map(fmt_int) + ")"
    base = alt.Chart(t).encode(y=alt.Y("label:N", title=None, sort="-x"))
    rule = base.mark_rule(strokeWidth=3).encode(
        x=alt.X(
            "sus_ci_low:Q",
            title=_("Mean SUS with {level} interval").format(level=fmt_percent(result.level)),
            scale=alt.Scale(domain=[0, 100]),
            axis=alt.Axis(format=",.0f"),
        ),
        x2="sus_ci_high:Q",
    )
    pt = base.mark_point(size=100).encode(x="sus_mean:Q")
    return figure(
        rule + pt + _benchmark_rule(),
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
