"""Prototype tests (A/B and A/B/n): honest verdicts from 5 participants to a million.

Public API
----------
* :func:`compare` - one metric from raw participant rows, every variant against control.
* :func:`compare_counts` - binary outcomes given as successes/trials per variant.
* :func:`sample_size` - participants per variant to plan, with a power curve.
* :func:`analyse` - every metric of a test, read against an analysis plan
  (:func:`read_plan`), with a forest plot.
* :func:`infer_roles` - the role of every column of a sheet (participant, variant, metric
  and kind, free text, ignored) and why; ``columns=`` overrides it everywhere.
* :func:`check_file` - what ``cocreate check experiment FILE [--plan PLAN]`` runs.
* :class:`Design` - every setting of a test (columns, control, paired, level, margin,
  Likert scale, mde), built once from a plan or keywords and stored on every result.
* :meth:`Comparison.next_round` / :meth:`Report.next_round` - the next round's sample size
  from what the analysis found.
* :data:`KIND` - the metric kinds as objects (:class:`Kind`); :data:`VERDICTS` and the
  verdict constants :data:`BETTER`, :data:`WORSE`, :data:`EQUIVALENT`, :data:`UNCLEAR`;
  :func:`verdict_text` / :func:`kind_text` show them in the current language
  (:mod:`cocreate_kit.experiment._text`: results keep English identifiers and numbers, text
  is made when shown).

The methods, their sources and the verdict rules are documented in
:func:`compare`, :mod:`cocreate_kit.experiment._methods` and
:mod:`cocreate_kit.experiment._verdict`.
"""

from __future__ import annotations

from ._check import check_file
from ._compare import compare, compare_counts, sus_grade
from ._comparison import Comparison
from ._design import Design
from ._infer import infer_kinds
from ._kinds import KIND, Kind
from ._plan import Plan, read_plan
from ._power import SampleSize, sample_size
from ._report import Report, analyse
from ._roles import infer_roles
from ._text import kind_text, role_text, verdict_text
from ._verdict import BETTER, EQUIVALENT, UNCLEAR, VERDICTS, WORSE

__all__ = [
    "BETTER",
    "EQUIVALENT",
    "KIND",
    "UNCLEAR",
    "VERDICTS",
    "WORSE",
    "Comparison",
    "Design",
    "Kind",
    "Plan",
    "Report",
    "SampleSize",
    "analyse",
    "check_file",
    "compare",
    "compare_counts",
    "infer_kinds",
    "infer_roles",
    "kind_text",
    "read_plan",
    "role_text",
    "sample_size",
    "sus_grade",
    "verdict_text",
]
