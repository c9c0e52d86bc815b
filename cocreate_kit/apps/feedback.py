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

Page pattern
------------
The header is the briefing head (:mod:`cocreate_kit._brief`): the title, one line saying
what this is (plus, in a live app, one line saying what to choose), the synthetic-data
banner when ``synthetic=True``, then the headline cards of the **whole survey**
(:meth:`Survey.overview <cocreate_kit.feedback.Survey.overview>`: mean SUS, NPS, share
satisfied, respondents; none when the survey has fewer than ``k`` respondents). The cards do
not follow the group filter: they are the answer of the analysis, the views below are the
detail. Method notes are shown once, at the end, collapsed: the overview's notes cover every
metric of the overview view, whose results therefore leave theirs out
(``Survey.metrics(notes=False)``).

Language
--------
``language=`` (None: the current language) is captured when the app is built: the labels,
options and every rendered view are in that language (the app is built, and its views
rendered, inside :func:`~cocreate_kit.i18n.use_language`). Quotes keep the language they
were written in and carry ``lang`` when it differs from the page's
(:func:`cocreate_kit._html.lang_attr`). Group values (areas, roles) are the data's own.
"""

from __future__ import annotations

from typing import Any

from .._html import MAX_LABEL, clip, esc, html_table, lang_attr
from ..i18n import N_, _, fmt_int, use_language
from ..thresholds import DEFAULT_K
from ._base import App, dropdown, is_static

__all__ = ["feedback_app", "segment_options"]

#: The app's default heading (translated when shown; a title of your own is shown as given).
DEFAULT_TITLE = N_("Feedback from users and relatives")
ALL = ("", "")
_VIEWS = {
    N_("Overview: SUS, NPS, UMUX-Lite, CSAT"): "overview",
    N_("Agreement statements (Likert)"): "likert",
    N_("Themes and quotes"): "themes",
    N_("Coding agreement"): "coding",
}

#: The theme table's columns shown, with their headers.
_THEME_COLUMNS = {
    "label": N_("Theme"),
    "top_terms": N_("Top terms"),
    "n_texts": N_("Comments"),
    "mean_sentiment": N_("Mean sentiment"),
    "suppressed": N_("Hidden"),
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
    opts: dict[str, tuple[str, str]] = {
        _("All respondents (n={n})").format(n=fmt_int(survey.n)): ALL
    }
    for by, value, n in survey.groups(k=k).itertuples(index=False):
        opts[f"{by}: {_value_label(value)} (n={fmt_int(n)})"] = (by, str(value))
    return opts


def _value_label(value: Any) -> str:
    """A group value as shown: "(no answer)" translated, the data's values as they are."""
    text = str(value)
    return _(text) if text == "(no answer)" else text


def feedback_app(
    survey: Any,
    *,
    coding: Any = None,
    k: int = DEFAULT_K,
    n_themes: int = 6,
    seed: int = 0,
    title: str = DEFAULT_TITLE,
    synthetic: bool = False,
    language: str | None = None,
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
    title : str
        The heading; the default title is translated, a title of your own is shown as given.
    synthetic : bool
        Show the synthetic-data banner (the notebook passes ``files.is_sample``).
    language : str, optional
        ``"en"`` or ``"da"`` (None: the current language): the language of every label,
        sentence, table header and chart.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_survey
    >>> app = feedback_app(load_survey(dataset_path("feedback/homecare_survey.csv")))
    >>> list(app.controls)[0]
    'group'
    >>> [card.label for card in app.cards][-1]
    'Respondents'
    """
    with use_language(language) as lang:
        return _build(survey, coding, k, n_themes, seed, title, synthetic, lang)


def _build(
    survey: Any,
    coding: Any,
    k: int,
    n_themes: int,
    seed: int,
    title: str,
    synthetic: bool,
    lang: str,
) -> App:
    """:func:`feedback_app` in the current language ``lang``."""
    from ..feedback import likert

    theme_model = None
    if survey.text:
        theme_model = survey.themes(n_themes=n_themes, seed=seed, k=k)
    options = segment_options(survey, k=k)
    compare = {_("(no comparison)"): ""} | {c: c for c in survey.segments}
    hidden = {"coding": coding is None, "themes": theme_model is None}
    views = {_(label): v for label, v in _VIEWS.items() if not hidden.get(v)}
    controls = {
        "group": dropdown(_("Show respondents"), options, ALL),
        "view": dropdown(_("View"), views, "overview"),
        "by": dropdown(_("Compare by"), compare, ""),
    }

    def render(group: tuple[str, str], view: str, by: str) -> str:
        with use_language(lang):
            return _render(group, view, by)

    def _render(group: tuple[str, str], view: str, by: str) -> str:
        col, val = group
        if group != ALL and group not in options.values():
            text = _("That group is not available.")
            return f'<p class="ck-warning">{esc(text)}</p>'
        mask = survey.in_group(col, val)
        sub = survey.subset(mask)
        if sub.n < k:
            text = _(
                "This group has fewer than {k} respondents and is hidden to protect their privacy."
            ).format(k=fmt_int(k))
            return f'<p class="ck-warning">{esc(text)}</p>'
        shown = _("all respondents") if group == ALL else f"{col} = {_value_label(val)}"
        text = _("Showing {group} (n = {n}).").format(
            group=clip(shown, MAX_LABEL), n=fmt_int(sub.n)
        )
        head = f'<p class="ck-note">{esc(text)}</p>'
        if view == "themes":
            head += f'<p class="ck-note">{esc(redacted)}</p>'
        compare_by = by if by and by != col else None
        if view == "overview":
            by_ = [compare_by] if compare_by else []
            return head + sub.metrics(k=k, by=by_, notes=False).to_html()
        if view == "likert":
            return head + likert(sub, by=compare_by, k=k).to_html()
        if view == "themes" and theme_model is not None:
            return head + _themes_html(theme_model.subset(mask, k=k), k)
        if view == "coding" and coding is not None:
            return head + _coding_html(coding, sub, k)
        return head

    redacted = _("Comments are shown with personal data removed.")
    intro = _(
        "What respondents said about the service: usability, recommendation, satisfaction, "
        "agreement statements and comments."
    )
    if not is_static():
        intro += " " + _("Choose a group and a view below.")
    head = survey.overview(k=k)
    return App(
        _(title),
        controls,
        render,
        intro=intro,
        cards=head.headline_cards(),
        synthetic=synthetic,
        method=head.method_html(),
        language=lang,
    )


def _themes_html(result: Any, k: int) -> str:
    """Show a :meth:`ThemeResult.subset`: its theme table, then each shown theme's quotes."""
    t = result.themes[[c for c in _THEME_COLUMNS if c in result.themes.columns]]
    t = t.rename(columns={c: _(h) for c, h in _THEME_COLUMNS.items()})
    caption = _("Themes among these comments (counts under {k} hidden)").format(k=fmt_int(k))
    parts = [html_table(t, caption)]
    for _theme, quotes in result.quotes.groupby("theme", sort=False):
        items = "".join(f"<li><q{lang_attr(q)}>{esc(clip(q))}</q></li>" for q in quotes["quote"])
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
