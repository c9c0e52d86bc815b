"""Feedback analysis: survey metrics, themes in free text, qualitative coding, REFI-QDA.

Everything here works offline and keeps personal data out of what stakeholders see:

* :func:`load_survey` validates a survey (wide or long; Danish or English Likert labels)
  and **redacts free text on load** (:func:`cocreate_kit.privacy.redact`), so nothing
  downstream sees raw text.
* Metrics: :func:`sus_scores`, :func:`sus_summary`, :func:`nps`, :func:`umux_lite`,
  :func:`csat_top2`, :func:`metrics_by_segment` (intervals, small-n warnings, small-cell
  suppression) and :func:`likert` (diverging stacked bars).
* Free text: :func:`detect_language`, :func:`sentiment` (VADER / AFINN Danish),
  :func:`themes` (seeded TF-IDF + NMF).
* Qualitative coding: :func:`load_codebook`, :func:`load_coding_sheet`,
  :func:`agreement` (Krippendorff's alpha, Cohen's kappa), :func:`coding_agreement`,
  code frequencies, co-occurrence and disagreements on :class:`CodingSheet`.
* Exchange: :func:`export_qdc` and :func:`export_qdpx` (REFI-QDA 1.0), checked against
  the schemas in ``cocreate_kit/feedback/schemas`` with :func:`validate_refi`.
"""

from __future__ import annotations

from pathlib import Path

from ._coding import (
    AgreementResult,
    Codebook,
    CodingSheet,
    agreement,
    coding_agreement,
    load_codebook,
    load_coding_sheet,
)
from ._refi import export_qdc, export_qdpx, validate_refi
from ._survey import (
    A11_ITEMS,
    SMALL_N,
    LikertResult,
    NPSResult,
    SegmentMetrics,
    Survey,
    SUSSummary,
    csat_top2,
    likert,
    load_survey,
    metrics_by_segment,
    nps,
    sus_grade,
    sus_scores,
    sus_summary,
    umux_lite,
)
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
    "ThemeResult",
    "agreement",
    "check_file",
    "coding_agreement",
    "csat_top2",
    "detect_language",
    "export_qdc",
    "export_qdpx",
    "likert",
    "load_codebook",
    "load_coding_sheet",
    "load_names",
    "load_survey",
    "metrics_by_segment",
    "nps",
    "sentiment",
    "sus_grade",
    "sus_scores",
    "sus_summary",
    "themes",
    "umux_lite",
    "validate_refi",
]


def load_names(path: str | Path, column: str = "name") -> list[str]:
    """Read the participant deny-list (one name per row) for redaction.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> len(load_names(dataset_path("feedback/participants.csv"))) > 0
    True
    """
    from .._errors import ProblemCollector
    from ..io import read_table

    df = read_table(path)
    if column not in df.columns:
        pc = ProblemCollector(df.attrs.get("source"))
        pc.add(
            row=1,
            column=column,
            value=None,
            expected=f"a column {column!r} with one participant name per row",
        )
        pc.raise_if_any()
    return [str(v).strip() for v in df[column].dropna() if str(v).strip()]


def check_file(path: str | Path, **kwargs: object) -> str:
    """Validate a survey or coding sheet for ``cocreate check feedback FILE``.

    A file with ``coder`` and ``code`` columns is checked as a coding sheet; anything else
    as a survey (:func:`load_survey`, roles found by column name). Raises
    :class:`~cocreate_kit.DataError` listing every problem.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> print(check_file(dataset_path("feedback/coding_sheet.csv")).splitlines()[0])
    Coding sheet: 120 segments, 2 coders (AK, MB), 6 codes used, 272 rows.
    """
    from ..io import read_table

    df = read_table(path)
    if {"coder", "code"} <= set(df.columns):
        return load_coding_sheet(df).describe()
    return load_survey(df, **kwargs).describe()  # type: ignore[arg-type]
