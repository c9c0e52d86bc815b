"""The feedback app: survey metrics, agreement statements, themes and coding agreement.

The app only shows results of the feedback pillar; every number, every suppression and
every subset is a public pillar method a plain Python user can call too.

Disclosure control
------------------
* The **group filter** (the first control) only offers groups of at least ``k``
  respondents, after secondary suppression within each segment column
  (:meth:`~cocreate_kit.feedback.Survey.groups`). The render function checks the size
  again before drawing anything.
* Within a chosen group, breakdowns ("compare by") go through the pillar's suppression
  (:func:`~cocreate_kit.feedback.metrics_by_segment`, :func:`~cocreate_kit.feedback.likert`,
  :meth:`~cocreate_kit.feedback.ThemeResult.subset`,
  :meth:`~cocreate_kit.feedback.CodingSheet.subset`), so every filter x breakdown
  combination is suppressed.
* Free text reaches the app only as the redacted column of a
  :class:`~cocreate_kit.feedback.Survey` (redacted on load); quotes are drawn from the
  theme result, which holds redacted text only.
"""

from __future__ import annotations

from typing import Any

from .._html import MAX_LABEL, clip, esc, html_table
from ..thresholds import DEFAULT_K
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

    The groups are :meth:`Survey.groups <cocreate_kit.feedback.Survey.groups>`: values
    with fewer than ``k`` respondents are left out, and when exactly one value of a column
    would be hidden the next smallest is left out too (secondary suppression).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_survey
    >>> opts = segment_options(load_survey(dataset_path("feedback/homecare_survey.csv")))
    >>> any("Ø-distriktet" in label for label in opts)
    False
    """
    opts: dict[str, tuple[str, str]] = {f"All respondents (n={survey.n})": ALL}
    for by, value, n in survey.groups(k=k).itertuples(index=False):
        opts[f"{by}: {value} (n={int(n)})"] = (by, str(value))
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
        From :func:`cocreate_kit.feedback.load_coding_sheet`, for the coding view (None:
        no coding view).
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
    from ..feedback import likert

    theme_model = None
    if survey.text:
        theme_model = survey.themes(n_themes=n_themes, seed=seed, k=k)
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
        mask = survey.in_group(col, val)
        sub = survey.subset(mask)
        if sub.n < k:
            return (
                f'<p class="ck-warning">This group has fewer than {k} respondents and '
                "is hidden to protect their privacy.</p>"
            )
        shown = "all respondents" if group == ALL else f"{col} = {val}"
        head = f'<p class="ck-note">Showing {esc(clip(shown, MAX_LABEL))} (n = {sub.n}).</p>'
        compare_by = by if by and by != col else None
        if view == "overview":
            return head + sub.metrics(k=k, by=[compare_by] if compare_by else []).to_html()
        if view == "likert":
            return head + likert(sub, by=compare_by, k=k).to_html()
        if view == "themes" and theme_model is not None:
            return head + _themes_html(theme_model.subset(mask, k=k), k)
        if view == "coding" and coding is not None:
            return head + _coding_html(coding, sub, k)
        return head

    return App(
        title,
        controls,
        render,
        intro="Synthetic data. Groups smaller than "
        f"{k} respondents are never shown; comments are shown with personal data removed.",
    )


def _themes_html(result: Any, k: int) -> str:
    """Show a :meth:`ThemeResult.subset`: its theme table, then each shown theme's quotes."""
    cols = ("label", "top_terms", "n_texts", "mean_sentiment", "suppressed")
    t = result.themes[[c for c in cols if c in result.themes.columns]]
    parts = [html_table(t, f"Themes among these comments (counts under {k} hidden)")]
    for _, quotes in result.quotes.groupby("theme", sort=False):
        items = "".join(f"<li><q>{esc(clip(q))}</q></li>" for q in quotes["quote"])
        label = esc(clip(quotes["label"].iloc[0], MAX_LABEL))
        parts.append(f'<h3>{label}</h3><ul class="ck-quotes">{items}</ul>')
    return "".join(parts)


def _coding_html(coding: Any, sub: Any, k: int) -> str:
    """Show the coding of the chosen group (:meth:`CodingSheet.subset`, then ``to_html``)."""
    try:
        sheet = coding.subset(sub.ids, respondent=sub.respondent, k=k)
    except ValueError as err:
        return f'<p class="ck-note">{esc(str(err))}</p>'
    return sheet.to_html(n_boot=300)
