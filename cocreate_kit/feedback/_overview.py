"""The survey at a glance: SUS, NPS, satisfaction and n for everyone (the headline cards).

:class:`SurveyOverview` holds the whole-survey results the other modules compute
(:class:`~cocreate_kit.feedback.SUSSummary`, :class:`~cocreate_kit.feedback.NPSResult`,
:func:`~cocreate_kit.feedback.csat_top2`) and turns them into the page's headline cards
(:mod:`._cards`) and method notes. A survey is passed duck-typed (``data``, ``n``,
``segments``, ``sus``, ``nps``, ``csat``), so this module does not import the loader.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._brief import cards_html, notes_html
from .._html import esc
from .._result import Result
from ..i18n import _, fmt_int, lazy
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._cards import (
    csat_card,
    csat_notes,
    nps_notes,
    respondents_card,
    suppression_notes,
    sus_notes,
)
from ._metrics import NPSResult, SUSSummary, csat_top2, nps, sus_scores, sus_summary

__all__ = ["SurveyOverview", "overview"]


class SurveyOverview(Result):
    """Whole-survey headline: mean SUS, NPS, share satisfied and respondents.

    Attributes
    ----------
    n : int
        Respondents.
    k : int
        Suppression threshold: a survey with fewer than ``k`` respondents gets no cards.
    ways : int
        Grouping columns (``segments``) of the survey.
    level : float
        Interval level.
    sus : SUSSummary or None
    nps : NPSResult or None
    csat : dict or None
        :func:`~cocreate_kit.feedback.csat_top2` of the satisfaction question.
    """

    title = lazy("Survey at a glance")

    def __init__(
        self,
        n: int,
        k: int,
        ways: int,
        level: float,
        sus: SUSSummary | None,
        nps: NPSResult | None,
        csat: dict[str, float] | None,
    ) -> None:
        self.n = int(n)
        self.k = int(k)
        self.ways = int(ways)
        self.level = level
        self.sus = sus
        self.nps = nps
        self.csat = csat

    @property
    def hidden(self) -> bool:
        """True when the survey has fewer than ``k`` respondents (nothing is shown)."""
        return self.n < self.k

    def summary(self) -> str:
        if self.hidden:
            return _(
                "Fewer than {k} respondents: nothing is shown, to protect their privacy."
            ).format(k=fmt_int(self.k))
        parts = [card.label + " " + card.value for card in self.headline_cards()[:-1]]
        return _("{n} respondents. {figures}.").format(n=fmt_int(self.n), figures="; ".join(parts))

    def headline_cards(self) -> list[Any]:
        """Up to four cards: SUS, NPS, satisfaction (those the survey has), respondents.

        None when the survey has fewer than ``k`` respondents. Every number comes from the
        held results (:mod:`._cards` formats them).
        """
        if self.hidden:
            return []
        cards = [*self._held("sus"), *self._held("nps")]
        if self.csat is not None and self.csat["n"]:
            cards.append(csat_card(self.csat, self.level))
        cards.append(respondents_card(self.n, self.k, self.ways))
        return cards

    def _held(self, name: str) -> list[Any]:
        result = getattr(self, name)
        return result.headline_cards() if result is not None else []

    def method_notes(self) -> list[str]:
        """Scoring and intervals of each metric shown, then the suppression rule."""
        notes: list[str] = []
        if self.sus is not None:
            notes += sus_notes(self.level)
        if self.nps is not None:
            notes += nps_notes(self.level)
        if self.csat is not None:
            notes += csat_notes(self.level)
        return notes + suppression_notes(self.k)

    def method_html(self) -> str:
        """:meth:`method_notes` as paragraphs (for ``App(method=...)``)."""
        return notes_html(self.method_notes())

    def table(self) -> pd.DataFrame:
        """One row per card: label, value, interval, n, verdict (what the cards say)."""
        rows = [
            {
                "label": c.label,
                "value": c.value,
                "interval": c.interval,
                "n": c.n,
                "verdict": c.verdict,
            }
            for c in self.headline_cards()
        ]
        return pd.DataFrame(rows, columns=["label", "value", "interval", "n", "verdict"])

    def to_html(self, *, include_chart: bool = True) -> str:
        """The headline cards, then the method notes collapsed (no chart: the detail
        results below have them)."""
        del include_chart
        cards = cards_html(self.headline_cards())
        if not cards:
            cards = f'<p class="ck-warning">{esc(self.summary())}</p>'
        from .._brief import method_html

        return f'<section class="ck-result">{cards}{method_html(self.method_html())}</section>'


def overview(survey: Any, *, k: int = DEFAULT_K, level: float = DEFAULT_LEVEL) -> SurveyOverview:
    """The :class:`SurveyOverview` of a loaded survey (everyone, no breakdown).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_survey
    >>> o = overview(load_survey(dataset_path("feedback/homecare_survey.csv")))
    >>> [c.label for c in o.headline_cards()]  # doctest: +NORMALIZE_WHITESPACE
    ['Usability (SUS, 0-100)', 'Would recommend (NPS, -100 to 100)',
     'Satisfied (4 or 5 of 5)', 'Respondents']
    >>> o.headline_cards()[0].value, o.headline_cards()[0].tone
    ('60.1', 'bad')
    """
    data = survey.data
    sus = sus_summary(sus_scores(data, survey.sus), level=level) if survey.sus else None
    score = nps(data[survey.nps], level=level) if survey.nps else None
    csat = csat_top2(data[survey.csat], level=level) if survey.csat else None
    return SurveyOverview(survey.n, k, len(survey.segments), level, sus, score, csat)
