"""``cocreate check experiment FILE [--plan PLAN]``: validate a prototype-test file."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._errors import DataError, ProblemCollector
from ..io import read_table
from ._compare import _prepare
from ._plan import Plan, read_plan

__all__ = ["check_file", "infer_kinds"]

_TIME_NAME = re.compile(r"(time|seconds|duration|_s$|_sec$|_secs$)", re.I)
_BIN_WORDS = {"0", "1", "true", "false", "yes", "no", "ja", "nej"}


def infer_kinds(data: pd.DataFrame, *, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Guess each metric column's kind from its name and values.

    Rules, in order: only 0/1 (or yes/no, true/false) -> binary; a name with "sus" and
    values within 0..100 -> sus; a name like time/seconds/duration/``*_s`` -> time (its
    values must then be positive: zero or negative times are reported as errors); whole numbers from 1 to at most 7 -> likert; whole numbers >= 0 ->
    count; other numbers -> continuous. Text columns are not metrics.

    Examples
    --------
    >>> import pandas as pd
    >>> infer_kinds(pd.DataFrame({"done": [0, 1], "time_s": [3.5, 9.0], "sat": [1, 5],
    ...                           "errors": [0, 12], "note": ["a", "b"]}))
    {'done': 'binary', 'time_s': 'time', 'sat': 'likert', 'errors': 'count'}
    """
    out = {}
    for col in data.columns:
        if col in exclude:
            continue
        s = data[col].dropna()
        if _is_binary(s):
            out[col] = "binary"
            continue
        num = pd.to_numeric(s, errors="coerce")
        if len(num) == 0 or num.isna().mean() > 0.5:
            continue
        num = num.dropna()
        whole = bool((num == np.round(num)).all())
        if "sus" in str(col).lower() and num.between(0, 100).all():
            out[col] = "sus"
        elif _TIME_NAME.search(str(col)):
            out[col] = "time"
        elif whole and num.min() >= 1 and num.max() <= 7:
            out[col] = "likert"
        elif whole and num.min() >= 0:
            out[col] = "count"
        else:
            out[col] = "continuous"
    return out


def _is_binary(s: pd.Series) -> bool:
    """True if the non-missing values ``s`` are only 0/1 words (at most two distinct).

    Integer and float columns are decided without turning every value into text (a 5M-row
    column as Python strings takes hundreds of MB), with the same answer as the text rule:
    integers print as "0"/"1", so they are binary exactly when every value is 0 or 1; a
    float always prints with a point, exponent, "inf" or "nan", never as one of the words.
    """
    if pd.api.types.is_float_dtype(s.dtype):
        return False
    if pd.api.types.is_integer_dtype(s.dtype):
        return len(s) > 0 and bool(s.isin([0, 1]).all())
    text = s.astype(str).str.strip().str.lower()
    text = text[text != ""]
    return bool(len(text) and text.isin(_BIN_WORDS).all() and text.nunique() <= 2)


def check_file(path: str | Path, plan: str | Path | Plan | None = None) -> str:
    """Validate a prototype-test file; return a short summary of what was found/assumed.

    Raises
    ------
    DataError
        Every problem in the file (and plan) at once.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> print(check_file(dataset_path("experiment/home_care_form.csv")).splitlines()[0])
    Rows: 60; columns: participant, variant, completed, time_s, errors, sus, satisfaction.
    """
    data = read_table(path)
    if plan is not None and not isinstance(plan, Plan):
        plan = read_plan(plan)
    variant = plan.variant_column if plan else "variant"
    participant = plan.participant_column if plan else "participant"
    lines = [f"Rows: {len(data):,}; columns: {', '.join(map(str, data.columns))}."]
    if plan is not None:
        metrics = dict(plan.metrics)
        lines.append(
            f"Plan {plan.source or ''} (SHA-256 {plan.sha256[:12]}): "
            f"primary metric {plan.primary_metric}."
        )
    else:
        metrics = infer_kinds(data, exclude=(variant, participant))
        lines.append(
            "No plan given; assumed metric kinds: "
            + (", ".join(f"{k} = {v}" for k, v in metrics.items()) or "(none found)")
            + "."
        )
    pc = ProblemCollector(data.attrs.get("source"))
    seen: set[str] = set()
    part = participant if participant in data.columns else None
    counts: dict[str, int] = {}
    if not metrics:
        pc.add(expected="at least one metric column (numbers or yes/no)")
    for name, kind in metrics.items():
        try:
            prep = _prepare(
                data,
                variant=variant,
                metric=name,
                kind=kind,
                control=plan.control if plan else None,
                participant=part,
                paired=plan.paired if plan else False,
                scale=plan.likert_scale if plan else 5,
            )
            counts = prep.n_assigned
            del prep  # free this metric's groups before the next one is prepared
        except DataError as exc:
            for p in exc.problems:
                key = str(p)
                if key not in seen:
                    seen.add(key)
                    pc.problems.append(p)
    pc.raise_if_any()
    lines.append("Variants: " + ", ".join(f"{v} ({n:,} rows)" for v, n in counts.items()) + ".")
    if plan is not None:
        for d in plan.deviations(n_per_variant=counts):
            lines.append(f"Deviation: {d}")
    return "\n".join(lines)
