"""The feedback app: survey metrics, agreement statements, themes and coding agreement.

Disclosure control
------------------
* The **segment filter** (the first control) only offers groups of at least ``k``
  respondents, after secondary suppression within each segment column (so "all
  respondents" minus the shown groups never reveals a hidden one). The render function
  checks the size again before drawing anything.
* Within a chosen group, breakdowns ("compare by") go through the pillar's suppression
  (:func:`~cocreate_kit.feedback.metrics_by_segment`, :func:`~cocreate_kit.feedback.likert`,
  small theme counts hidden), so every filter x breakdown combination is suppressed.
* Free text reaches the app only as the redacted column of a
  :class:`~cocreate_kit.feedback.Survey` (redacted on load); quotes are drawn from it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._html import MAX_LABEL, clip, esc, html_table
from ..privacy import DEFAULT_K, suppress_counts
from ._base import App, dropdown

__all__ = ["feedback_app", "segment_options"]

ALL = ("", "")
_VIEWS = {
    "Overview: SUS, NPS, UMUX-Lite, CSAT": "overview",
    "Agreement statements (Likert)": "likert",
    "Themes and quotes": "themes",
    "Coding agreement": "coding",
}


def segment_options(survey: Any, *, k: int = DEFAULT_K) -> dict[str, tuple[str, str]]:
    """Filter choices ``{label: (column, value)}`` that respect suppression.

    Values with fewer than ``k`` respondents are left out, and when exactly one value of
    a column would be hidden the next smallest is left out too (secondary suppression).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_survey
    >>> opts = segment_options(load_survey(dataset_path("feedback/homecare_survey.csv")))
    >>> any("Ø-distriktet" in label for label in opts)
    False
    """
    opts: dict[str, tuple[str, str]] = {f"All respondents (n={survey.n})": ALL}
    for col in survey.segments:
        vc = survey.data[col].fillna("(no answer)").astype(str).value_counts().sort_index()
        t = pd.DataFrame({"value": vc.index, "n": vc.to_numpy()})
        t = suppress_counts(t, "n", k=k)
        for _, r in t[~t["suppressed"]].iterrows():
            opts[f"{col}: {r['value']} (n={int(r['n'])})"] = (col, str(r["value"]))
    return opts


def feedback_app(
    survey: Any,
    *,
    coding: Any = None,
    k: int = DEFAULT_K,
    n_themes: int = 6,
    seed: int = 0,
    title: str = "Feedback from users and relatives",
) -> App:
    """Build the stakeholder app for a loaded survey (and optionally a coding sheet).

    Parameters
    ----------
    survey : Survey
        From :func:`cocreate_kit.feedback.load_survey` (its free text is redacted).
    coding : CodingSheet, optional
        From :func:`cocreate_kit.feedback.load_coding_sheet`, for the coding view.
    k : int
        Smallest group shown.
    n_themes, seed : int
        Theme model settings (fitted once, on all comments).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_survey
    >>> app = feedback_app(load_survey(dataset_path("feedback/homecare_survey.csv")))
    >>> list(app.controls)[0]
    'group'
    """
    from ..feedback import (
        coding_agreement,
        likert,
        themes,
    )

    text_col = survey.text[0] if survey.text else None
    theme_model = None
    if text_col is not None:
        theme_model = themes(
            survey.data[text_col],
            n_themes=n_themes,
            seed=seed,
            k=k,
            names=getattr(survey, "names", ()),
        )
    options = segment_options(survey, k=k)
    compare = {"(no comparison)": ""} | {c: c for c in survey.segments}
    views = dict(_VIEWS)
    if coding is None:
        views.pop("Coding agreement")
    if theme_model is None:
        views.pop("Themes and quotes")
    controls = {
        "group": dropdown("Show respondents", options, ALL),
        "view": dropdown("View", views, "overview"),
        "by": dropdown("Compare by", compare, ""),
    }

    def render(group: tuple[str, str], view: str, by: str) -> str:
        col, val = group
        if group != ALL and group not in options.values():
            return '<p class="ck-warning">That group is not available.</p>'
        mask = (
            pd.Series(True, index=survey.data.index)
            if group == ALL
            else survey.data[col].fillna("(no answer)").astype(str) == val
        )
        sub = survey.subset(mask)
        if sub.n < k:
            return (
                f'<p class="ck-warning">This group has fewer than {k} respondents and '
                "is hidden to protect their privacy.</p>"
            )
        shown = "all respondents" if group == ALL else f"{col} = {val}"
        head = f'<p class="ck-note">Showing {esc(clip(shown, MAX_LABEL))} (n = {sub.n}).</p>'
        if view == "overview":
            segments = [by] if by and by != col else []
            return head + sub.metrics(k=k, segments=segments).to_html()
        if view == "likert":
            return head + likert(sub, by=by if by and by != col else None, k=k).to_html()
        if view == "themes" and theme_model is not None:
            return head + _themes_html(theme_model, mask, survey.data[text_col], k)
        if view == "coding" and coding is not None:
            return head + _coding_html(coding, survey, mask, coding_agreement)
        return head

    return App(
        title,
        controls,
        render,
        intro="Synthetic data. Groups smaller than "
        f"{k} respondents are never shown; comments are shown with personal data removed.",
    )


def _themes_html(model: Any, mask: pd.Series, texts: pd.Series, k: int) -> str:
    a = model.assignments.loc[model.assignments.index.intersection(mask[mask].index)]
    counts = a.dropna(subset=["theme"]).groupby("theme").size()
    t = model.themes[["theme", "label", "top_terms"]].copy()
    t["n_texts"] = t["theme"].map(counts).fillna(0).astype(int)
    if "sentiment" in a:
        t["mean_sentiment"] = t["theme"].map(a.groupby("theme")["sentiment"].mean())
    t = suppress_counts(t, "n_texts", k=k)
    parts = [
        html_table(
            t.drop(columns=["theme"]), f"Themes among these comments (counts under {k} hidden)"
        )
    ]
    for _, r in t.iterrows():
        if r["suppressed"]:
            continue
        members = a[a["theme"] == r["theme"]].sort_values("weight", ascending=False)
        quotes = list(dict.fromkeys(texts.loc[members.index].dropna().tolist()))[:3]
        if not quotes:
            continue
        items = "".join(f"<li><q>{esc(clip(q))}</q></li>" for q in quotes)
        label = esc(clip(r["label"], MAX_LABEL))
        parts.append(f'<h3>{label}</h3><ul class="ck-quotes">{items}</ul>')
    return "".join(parts)


def _coding_html(coding: Any, survey: Any, mask: pd.Series, coding_agreement: Any) -> str:
    from ..feedback import CodingSheet

    keep = set(survey.data.loc[mask, survey.respondent])
    d = coding.data
    if survey.respondent in d.columns:
        d = d[d[survey.respondent].isin(keep)]
    if d[coding.segment].nunique() < 2:
        return '<p class="ck-note">No coded comments in this group.</p>'
    sheet = CodingSheet(
        d, coding.codebook, coding.source, coding.segment, coding.coder, coding.code, coding.text
    )
    res = coding_agreement(sheet, n_boot=300)
    dis = sheet.disagreements()
    parts = [
        res.to_html(),
        html_table(sheet.frequencies(), "Coded comments per code"),
        html_table(
            sheet.cooccurrence().reset_index(names="code"),
            "Co-occurrence: comments with both codes",
        ),
    ]
    if len(dis):
        parts.append(html_table(dis, f"{len(dis)} comments the coders coded differently"))
    return "".join(parts)
