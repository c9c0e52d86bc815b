"""Headline cards and method notes of the feedback results (the page pattern's headline).

Every card shows a number a result already computed, formatted in the current language
(:func:`._charts.fixed`, :func:`cocreate_kit.i18n.fmt_percent`); nothing is recomputed here.
The tone follows the interval, never the point estimate alone:

* **SUS**: "good" when the whole interval is above the benchmark average 68 (about the
  50th percentile of Sauro & Lewis's benchmark data), "bad" when it is wholly below,
  "unclear" when it covers 68.
* **NPS**: "good" when the interval is above 0 (more promoters than detractors), "bad"
  when it is below 0, "unclear" otherwise.
* **Satisfaction** (CSAT top-2-box): "good" when the interval is above 50% (most
  respondents satisfied), "bad" when below, "unclear" when it covers 50%.
* **Coder agreement**: the tone of the result's own reading of the coefficient
  (Krippendorff 2011: "good" from .800, "unclear" from .667, "bad" below; Cohen's kappa:
  "good" from .8, "unclear" from .6), so the card never contradicts the summary.
* **Respondents** is an exact count: no interval (there is no sampling error in how many
  answered), tone "neutral".

Examples
--------
>>> import pandas as pd
>>> from cocreate_kit.feedback import sus_summary
>>> card = sus_card(sus_summary(pd.Series([50.0, 55.0, 60.0, 52.5, 57.5])))
>>> card.value, card.tone, card.verdict
('55.0', 'bad', 'Grade D: below the average system (68).')
"""

from __future__ import annotations

import math
from typing import Any

from .._brief import Card
from .._sus import SUS_BENCHMARK
from ..i18n import _, fmt_int, fmt_percent, ngettext
from ._charts import fixed

__all__ = [
    "NOTES_ON_PAGE",
    "agreement_card",
    "agreement_notes",
    "csat_card",
    "csat_notes",
    "nps_card",
    "notes_on_page",
    "nps_notes",
    "respondents_card",
    "suppression_notes",
    "sus_card",
    "sus_notes",
    "tone_of",
]


def tone_of(low: float, high: float, reference: float) -> str:
    """ "good" when ``low`` > ``reference``, "bad" when ``high`` < ``reference``, else
    "unclear" (also for a missing interval).

    Examples
    --------
    >>> tone_of(70, 75, 68), tone_of(58, 61, 68), tone_of(60, 70, 68), tone_of(math.nan, 1, 0)
    ('good', 'bad', 'unclear', 'unclear')
    """
    if math.isnan(low) or math.isnan(high):
        return "unclear"
    if low > reference:
        return "good"
    if high < reference:
        return "bad"
    return "unclear"


def _interval(level: float, low: str, high: str) -> str:
    return _("{level} CI {low} to {high}").format(level=fmt_percent(level), low=low, high=high)


def _n(n: int) -> str:
    return _("n = {n} respondents").format(n=fmt_int(n))


def sus_card(result: Any) -> Card:
    """Mean SUS with its interval, n, grade and where it stands against 68 (a
    :class:`~cocreate_kit.feedback.SUSSummary`)."""
    tone = tone_of(result.ci_low, result.ci_high, SUS_BENCHMARK)
    bench = fixed(SUS_BENCHMARK, 0)
    verdict = {
        "good": _("Grade {grade}: above the average system ({benchmark})."),
        "bad": _("Grade {grade}: below the average system ({benchmark})."),
        "unclear": _("Grade {grade}: not clearly different from the average ({benchmark})."),
    }[tone].format(grade=result.grade, benchmark=bench)
    return Card(
        _("Usability (SUS, 0-100)"),
        fixed(result.mean),
        verdict,
        interval=_interval(result.level, fixed(result.ci_low), fixed(result.ci_high)),
        n=_n(result.n),
        tone=tone,
    )


def nps_card(result: Any) -> Card:
    """NPS with its interval, n and the shares of promoters and detractors (an
    :class:`~cocreate_kit.feedback.NPSResult`)."""
    tone = tone_of(result.ci_low, result.ci_high, 0.0)
    verdict = {
        "good": _("More promoters ({promoters}) than detractors ({detractors})."),
        "bad": _("More detractors ({detractors}) than promoters ({promoters})."),
        "unclear": _("Promoters ({promoters}) and detractors ({detractors}) about even."),
    }[tone].format(
        promoters=fmt_percent(result.promoters / max(result.n, 1)),
        detractors=fmt_percent(result.detractors / max(result.n, 1)),
    )
    return Card(
        _("Would recommend (NPS, -100 to 100)"),
        fixed(result.value, 0, signed=True),
        verdict,
        interval=_interval(
            result.level,
            fixed(result.ci_low, 0, signed=True),
            fixed(result.ci_high, 0, signed=True),
        ),
        n=_n(result.n),
        tone=tone,
    )


def csat_card(csat: dict[str, float], level: float) -> Card:
    """Share satisfied (4 or 5 on 1-5) with its Agresti-Coull interval, n and the 1-5 mean
    (the dict of :func:`~cocreate_kit.feedback.csat_top2`)."""
    tone = tone_of(csat["ci_low"], csat["ci_high"], 0.5)
    verdict = {
        "good": _("Most are satisfied; mean {mean} of 5."),
        "bad": _("Fewer than half are satisfied; mean {mean} of 5."),
        "unclear": _("About half are satisfied; mean {mean} of 5."),
    }[tone].format(mean=fixed(csat["mean"]))
    return Card(
        _("Satisfied (4 or 5 of 5)"),
        fmt_percent(csat["top2"]),
        verdict,
        interval=_interval(level, fmt_percent(csat["ci_low"]), fmt_percent(csat["ci_high"])),
        n=_n(int(csat["n"])),
        tone=tone,
    )


def respondents_card(n: int, k: int, ways: int) -> Card:
    """How many answered (an exact count: no interval) and the suppression rule."""
    return Card(
        _("Respondents"),
        fmt_int(n),
        _("Groups of fewer than {k} respondents are never shown.").format(k=fmt_int(k)),
        n=ngettext("{ways} way to group them", "{ways} ways to group them", ways).format(
            ways=fmt_int(ways)
        ),
        tone="neutral",
    )


def sus_notes(level: float) -> list[str]:
    """How the SUS numbers were computed, in the current language."""
    return [
        _(
            "SUS: each respondent's ten answers (1-5) are scored as Brooke (1996) describes: "
            "odd items count the answer minus 1, even items 5 minus the answer, and the sum "
            "times 2.5 gives 0-100. A skipped item is scored as the neutral answer 3."
        ),
        _("The interval around the mean SUS is a Student t interval at the {level} level.").format(
            level=fmt_percent(level)
        ),
        _(
            "Grades follow the Sauro-Lewis curved grading scale (Quantifying the User "
            "Experience, 2nd ed., 2016): F below 51.7, D from 51.7, C from 62.7, B from 72.6, "
            "A from 78.9; a mean of {benchmark} is about the 50th percentile of their "
            "benchmark data and is shown as the average."
        ).format(benchmark=fixed(SUS_BENCHMARK, 0)),
    ]


def nps_notes(level: float) -> list[str]:
    """How the NPS numbers were computed, in the current language."""
    return [
        _(
            "NPS: the percentage of promoters (9-10) minus the percentage of detractors "
            "(0-6) on the 0-10 question. Its interval at the {level} level is NPS plus or "
            "minus z times the standard error sqrt((p+ + p- - (p+ - p-)^2) / n), cut at -100 "
            "and 100."
        ).format(level=fmt_percent(level)),
    ]


def csat_notes(level: float) -> list[str]:
    """How the satisfaction share was computed, in the current language."""
    return [
        _(
            "Satisfied: the share answering 4 or 5 on the 1-5 satisfaction question, with an "
            "Agresti-Coull interval at the {level} level; the 1-5 mean is shown too, as "
            "Danish municipal user surveys report it."
        ).format(level=fmt_percent(level)),
    ]


def suppression_notes(k: int) -> list[str]:
    """The small-cell rule, in the current language."""
    return [
        _(
            "Groups of fewer than {k} respondents are hidden, and when exactly one group of a "
            "breakdown would be hidden the next smallest is hidden too, so that it cannot be "
            "worked out from the total."
        ).format(k=fmt_int(k)),
    ]


#: Attribute set (through ``Result._replace``) on a result whose method notes the page
#: shows once, at its end, for all results (:meth:`Survey.metrics` ``notes=False``).
NOTES_ON_PAGE = "_notes_on_page"


def notes_on_page(result: Any) -> bool:
    """True when ``result`` leaves its method notes to the page it is shown on."""
    return bool(result.__dict__.get(NOTES_ON_PAGE, False))


#: Tone of each reading of an agreement coefficient (``_agreement._reading`` message ids).
_READING_TONE = {
    "reliable (alpha >= .800)": "good",
    "tentative only (.667 <= alpha < .800)": "unclear",
    "not reliable (alpha < .667)": "bad",
    "strong agreement": "good",
    "moderate agreement": "unclear",
    "weak agreement": "bad",
}


def agreement_card(result: Any, reading: str) -> Card:
    """The coefficient with its bootstrap interval, units and coders, and its reading (an
    :class:`~cocreate_kit.feedback.AgreementResult`; ``reading`` is its English message
    id)."""
    text = _(reading)
    return Card(
        _("Coder agreement ({coefficient})").format(coefficient=result.name),
        fixed(result.value, 3),
        text[:1].upper() + text[1:] + ".",
        interval=_("{level} bootstrap interval {low} to {high}").format(
            level=fmt_percent(result.level),
            low=fixed(result.ci_low, 3),
            high=fixed(result.ci_high, 3),
        ),
        n=ngettext(
            "{n_units} {unit}, {n_coders} coder",
            "{n_units} {unit}, {n_coders} coders",
            result.n_coders,
        ).format(
            n_units=fmt_int(result.n_units),
            unit=_(result.unit_label),
            n_coders=fmt_int(result.n_coders),
        ),
        tone=_READING_TONE.get(reading, "unclear"),
    )


def agreement_notes(result: Any) -> list[str]:
    """How the agreement coefficient and its interval were computed."""
    if result.method == "krippendorff":
        first = _(
            "Krippendorff's alpha = 1 - observed / expected disagreement (Krippendorff 2011), "
            "for {measurement} data; .800 or more is reliable, .667 to .800 supports "
            "tentative conclusions only."
        ).format(measurement=_(result.measurement))
    else:
        first = _(
            "Cohen's kappa = (observed - chance agreement) / (1 - chance agreement), for two "
            "coders."
        )
    return [
        first,
        _(
            "The {level} interval is a percentile bootstrap over units ({n_boot} resamples, "
            "seed {seed}), so the same data always give the same interval."
        ).format(level=fmt_percent(result.level), n_boot=fmt_int(result.n_boot), seed=result.seed),
    ]
