"""Prototype tests (A/B and A/B/n): honest verdicts from 5 participants to a million.

Public API
----------
* :func:`compare` - one metric from raw participant rows, every variant against control.
* :func:`compare_counts` - binary outcomes given as successes/trials per variant.
* :func:`sample_size` - participants per variant to plan, with a power curve.
* :func:`analyse` - every metric of a test, read against an analysis plan
  (:func:`read_plan`), with a forest plot.
* :func:`check_file` - what ``cocreate check experiment FILE [--plan PLAN]`` runs.

The methods, their sources and the verdict rules are documented in
:func:`compare`, :mod:`cocreate_kit.experiment._methods` and
:mod:`cocreate_kit.experiment._verdict`.
"""

from __future__ import annotations

from ._check import check_file, infer_kinds
from ._compare import Comparison, compare, compare_counts, sus_grade
from ._plan import Plan, read_plan
from ._power import SampleSize, sample_size
from ._report import Report, analyse

__all__ = [
    "Comparison",
    "Plan",
    "Report",
    "SampleSize",
    "analyse",
    "check_file",
    "compare",
    "compare_counts",
    "infer_kinds",
    "read_plan",
    "sample_size",
    "sus_grade",
]
