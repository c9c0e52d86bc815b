"""Feedback analysis: survey metrics, themes in free text, qualitative coding, REFI-QDA.

Everything here works offline and keeps personal data out of what stakeholders see:

* :func:`infer_roles` names the role of every column of a survey export (Qualtrics,
  Google Forms, Microsoft Forms, SurveyXact, LimeSurvey or a plain table) and why;
  ``columns=`` overrides it everywhere.
* :func:`load_survey` validates a survey (wide or long; Danish or English Likert labels)
  and **redacts free text on load** (:func:`cocreate_kit.privacy.redact`), so nothing
  downstream sees raw text.
* Metrics: :func:`overview` (the headline cards: mean SUS, NPS, share satisfied, n),
  :func:`sus_scores`, :func:`sus_summary`, :func:`nps`, :func:`umux_lite`,
  :func:`csat_top2`, :func:`metrics_by_segment` (intervals, small-n warnings, small-cell
  suppression) and :func:`likert` (diverging stacked bars).
* Free text: :func:`detect_language`, :func:`sentiment` (VADER / AFINN Danish),
  :func:`themes` (seeded TF-IDF + NMF).
* Qualitative coding: :func:`load_codebook`, :func:`load_coding_sheet`,
  :func:`agreement` (Krippendorff's alpha, Cohen's kappa), :func:`coding_agreement`,
  code frequencies, co-occurrence and disagreements on :class:`CodingSheet`.
* Exchange: :func:`export_qdc` and :func:`export_qdpx` (REFI-QDA 1.0), checked against
  the schemas in ``cocreate_kit/feedback/schemas`` with :func:`validate_refi`.

Vocabulary (the same in every pillar): ``level`` is the interval level (default
:data:`cocreate_kit.thresholds.DEFAULT_LEVEL`), ``by`` the grouping column, ``k`` the
small-cell suppression threshold (:data:`cocreate_kit.thresholds.DEFAULT_K`) and
``respondent`` the person id column of a survey. Old names (``confidence=``,
``segment=``/``segments=`` for grouping) still work with a ``DeprecationWarning``.
Optional files may be None: :func:`load_names` gives ``[]``, :func:`load_codebook` and
:func:`load_coding_sheet` give None, :func:`coding_agreement` then says "no coding sheet"
and :func:`export_qdpx` writes nothing.

Modules (dependencies point one way; nothing imports back up):
``_scales``, ``_compat`` -> ``_charts`` (every chart; a leaf) -> ``_cards`` (headline cards
and method notes) -> ``_metrics`` (SUS, NPS, UMUX-Lite, CSAT) -> ``_overview`` ->
``_segments`` (metrics by group) -> ``_likert``, ``_text`` ->
``_survey`` (Survey, loading), which reads files through ``_instruments`` (SUS, UMUX-Lite,
NPS wording), ``_labels`` (answer label sets), ``_exports`` (survey tools, identifying
columns) -> ``_roles`` (:func:`infer_roles`) ; ``_agreement`` (alpha, kappa) -> ``_coding`` (codebook,
coding sheet) -> ``_refi``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._errors import ProblemCollector
from ..i18n import _
from ._agreement import AgreementResult, agreement
from ._coding import Codebook, CodingSheet, coding_agreement, load_codebook, load_coding_sheet
from ._likert import LikertResult, likert
from ._metrics import (
    SMALL_N,
    NPSResult,
    SUSSummary,
    csat_top2,
    nps,
    sus_grade,
    sus_scores,
    sus_summary,
    umux_lite,
)
from ._overview import SurveyOverview, overview
from ._refi import export_qdc, export_qdpx, validate_refi
from ._roles import infer_roles
from ._segments import SegmentMetrics, metrics_by_segment
from ._survey import A11_ITEMS, Survey, load_survey
from ._text import DANISH_STOP_WORDS, ThemeResult, detect_language, sentiment, themes

__all__ = [
    "A11_ITEMS",
    "DANISH_STOP_WORDS",
    "SMALL_N",
    "AgreementResult",
    "Codebook",
    "CodingSheet",
    "LikertResult",
    "NPSResult",
    "SUSSummary",
    "SegmentMetrics",
    "Survey",
    "SurveyOverview",
    "ThemeResult",
    "agreement",
    "check_file",
    "coding_agreement",
    "csat_top2",
    "detect_language",
    "export_qdc",
    "export_qdpx",
    "infer_roles",
    "likert",
    "load_codebook",
    "load_coding_sheet",
    "load_names",
    "load_survey",
    "metrics_by_segment",
    "nps",
    "overview",
    "sentiment",
    "sus_grade",
    "sus_scores",
    "sus_summary",
    "themes",
    "umux_lite",
    "validate_refi",
]


def load_names(path: str | Path | None, column: str = "name") -> list[str]:
    """Read the participant deny-list (one name per row) for redaction.

    The deny-list is optional: ``path=None`` gives an empty list (free text is then
    redacted by the pattern rules only; see :func:`cocreate_kit.privacy.redact`).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> len(load_names(dataset_path("feedback/participants.csv"))) > 0
    True
    >>> load_names(None)
    []
    """
    from ..io import read_table

    if path is None:
        return []

    df = read_table(path)
    if column not in df.columns:
        pc = ProblemCollector(df.attrs.get("source"))
        pc.add(
            row=1,
            column=column,
            value=None,
            expected=_("a column {column} with one participant name per row").format(
                column=repr(column)
            ),
        )
        pc.raise_if_any()
    return [str(v).strip() for v in df[column].dropna() if str(v).strip()]


def check_file(path: str | Path, *, columns: dict[str, Any] | None = None, **kwargs: Any) -> str:
    """Validate a survey or coding sheet for ``cocreate check feedback FILE``.

    A file with ``coder`` and ``code`` columns is checked as a coding sheet; anything else
    as a survey (:func:`load_survey` with ``columns=``): the text then starts with the
    column roles (:func:`infer_roles`: the detected tool, e.g. "Qualtrics export (3 header
    rows)", the notes, one line per column with the reason), then what was loaded. Raises
    :class:`~cocreate_kit.DataError` listing every problem.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> print(check_file(dataset_path("feedback/coding_sheet.csv")).splitlines()[0])
    Coding sheet: 120 segments, 2 coders (AK, MB), 6 codes used, 272 rows.
    >>> print(check_file(dataset_path("feedback/homecare_survey.csv")).splitlines()[2])
    - `respondent_id`: respondent (named 'respondent_id')
    """
    from ..io import read_table

    df = read_table(path)
    if {"coder", "code"} <= set(df.columns) and not columns:
        return load_coding_sheet(df).describe()
    survey = load_survey(path, columns=columns, **kwargs)
    head = survey.roles.summary() if survey.roles is not None else ""
    return f"{head}\n{survey.describe()}"
