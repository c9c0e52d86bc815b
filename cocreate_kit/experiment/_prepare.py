"""Validation: raw participant rows to clean numeric arms, every problem reported at once.

:func:`prepare` checks the columns, the variants, the control, repeated participants and
(for within-subject designs) complete pairs, and turns the metric into numbers with the
metric's :class:`~cocreate_kit.experiment._kinds.Kind`. It is what
:func:`~cocreate_kit.experiment.compare` and
:func:`~cocreate_kit.experiment.check_file` both run, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from ..i18n import _, fmt_int, ngettext
from ..io import release_arrow_memory
from ._kind import KINDS
from ._kinds import KIND

__all__ = ["Prepared", "prepare"]


def _row(data: pd.DataFrame, pos: int) -> Any:
    if "row_offset" in data.attrs:
        return int(pos) + int(data.attrs["row_offset"])
    label = data.index[pos]
    return label.item() if hasattr(label, "item") else label


def _coerce_metric(
    raw: pd.Series, kind: str, scale: int, data: pd.DataFrame, pc: ProblemCollector, metric: str
) -> pd.Series:
    """Numeric values for ``kind``; bad cells are reported, empty cells become NaN."""
    # an unknown kind is reported by prepare(); its values are still checked as numbers
    vals, bad, expected = KIND.get(kind, KIND["continuous"]).coerce(raw, scale)
    positions = np.flatnonzero(bad.to_numpy(dtype=bool))
    for pos in positions[:20]:
        pc.add(row=_row(data, pos), column=metric, value=raw.iloc[pos], expected=expected)
    if len(positions) > 20:
        pc.add(
            row=None,
            column=metric,
            value=_("{n} more rows").format(n=fmt_int(len(positions) - 20)),
            expected=expected,
        )
    return vals.where(~bad)


def _repeated(ids: pd.Series) -> np.ndarray:
    """Mask of non-missing ids seen in an earlier row (``duplicated(keep="first")``).

    Computed from :func:`pandas.factorize` codes, which number the distinct values in
    order of first appearance: a row repeats an earlier id exactly when its code is not
    larger than every code before it. This needs two integers per row, where
    ``Series.duplicated`` on text ids builds a hash table of Python strings (about 4x a
    large CSV's size in memory).

    Examples
    --------
    >>> _repeated(pd.Series(["a", "b", None, "a", None, "c", "b"])).tolist()
    [False, False, False, True, False, False, True]
    """
    if len(ids) and getattr(ids.dtype, "storage", None) == "pyarrow":
        return _repeated_arrow(ids)
    codes, _ = pd.factorize(ids)  # missing -> -1
    if len(codes) == 0:
        return np.zeros(0, bool)
    before = np.empty_like(codes)
    before[0] = -1
    np.maximum.accumulate(codes[:-1], out=before[1:])
    return (codes <= before) & (codes >= 0)


def _repeated_arrow(ids: pd.Series) -> np.ndarray:
    """:func:`_repeated` for Arrow-backed text ids, by a stable sort instead of hashing.

    Arrow's hash table for millions of distinct ids takes over 100 bytes per id; a stable
    sort takes one index per row plus the sorted text. Equal ids end up adjacent, the
    earliest row first (stable), so every sorted id equal to its predecessor is a repeat.
    """
    import pyarrow as pa
    import pyarrow.compute as pac

    arr = pa.array(ids.array)
    order = pac.sort_indices(arr)
    ranked = pac.take(arr, order)
    same = pac.equal(ranked[1:], ranked[:-1]).fill_null(False).to_numpy(zero_copy_only=False)
    del ranked
    out = np.zeros(len(ids), bool)
    out[order.to_numpy()[1:][same]] = True
    del order, same
    release_arrow_memory()
    return out


@dataclass
class Prepared:
    """Clean values per arm (control first) and, when paired, aligned pairs."""

    groups: dict[str, np.ndarray]
    order: list[str]
    control: str
    pairs: dict[str, tuple[np.ndarray, np.ndarray]]
    notes: list[str]
    n_assigned: dict[str, int]


# Notes and expectations shared by the row path (here) and the aggregate path (``_scale``),
# so both paths read alike in every language.
def no_control_note(control: Any) -> str:
    """The note when no control was named and the first variant was used."""
    return _("No control was named, so {control} (first in order) was used.").format(
        control=repr(control)
    )


def left_out_note(n: int, metric: str) -> str:
    """The note for rows with no value of ``metric``."""
    return ngettext(
        "{n} row with no {metric} value was left out.",
        "{n} rows with no {metric} value were left out.",
        n,
    ).format(n=fmt_int(n), metric=metric)


def too_few_expected(need: int, metric: str, variant: Any, found: int) -> str:
    """The expectation when a variant has fewer values than its kind needs."""
    return _("at least {need} {metric} value(s) for variant {v}, found {n}").format(
        need=need, metric=metric, v=repr(variant), n=found
    )


def check_control(
    pc: ProblemCollector, variant: str, control: Any, order: list[str], notes: list[Any]
) -> Any:
    """The control arm: the named one (a problem if it is not in ``order``), else the first
    variant with a note; a problem when fewer than two variants are left to compare. Shared
    by the row path and the aggregate path (``_scale``)."""
    if control is None:
        control = order[0] if order else None
        if len(order) > 1:
            notes.append(no_control_note(control))
    elif str(control) not in order:
        pc.add(
            column=variant,
            value=control,
            expected=_("control to be one of the variants in the data: {variants}").format(
                variants=", ".join(repr(o) for o in order)
            ),
        )
    if len(order) < 2 and not pc:
        pc.add(
            column=variant, value=", ".join(order), expected=_("at least two variants to compare")
        )
    return control


def prepare(
    data: pd.DataFrame,
    *,
    variant: str,
    metric: str,
    kind: str,
    control: str | None,
    participant: str | None,
    paired: bool,
    scale: int,
) -> Prepared:
    """Check ``data`` for one metric and split it into clean arms.

    Raises
    ------
    DataError
        Listing every bad cell, unknown control, empty variant, repeated participant or
        missing pair (file, row, column, value, expected).
    """
    if not isinstance(data, pd.DataFrame):
        msg = f"data must be a pandas DataFrame of one row per participant, got {type(data)}."
        raise TypeError(msg)
    pc = ProblemCollector(data.attrs.get("source"), row_offset=int(data.attrs.get("row_offset", 0)))
    # Only the first 15 names are shown: never copy every column name per call (a wide file
    # is prepared once per metric column, which made this quadratic in the column count).
    shown = ", ".join(repr(c) for c in data.columns[:15])
    if kind not in KINDS:
        pc.add(
            column=metric,
            value=kind,
            expected=_("kind one of {kinds}").format(kinds=", ".join(KINDS)),
        )
    for name, what in (
        (variant, _("the variant each participant saw")),
        (metric, _("the metric")),
    ):
        if name not in data.columns:
            pc.add(
                row=1 if "row_offset" in data.attrs else None,
                column=name,
                value=None,
                expected=_("a column named {name} ({what}); the data has: {shown}").format(
                    name=repr(name), what=what, shown=shown
                ),
            )
    if participant is None and "participant" in data.columns:
        participant = "participant"
    if participant is not None and participant not in data.columns:
        pc.add(
            row=1 if "row_offset" in data.attrs else None,
            column=participant,
            value=None,
            expected=_("a column named {name} (participant id); the data has: {shown}").format(
                name=repr(participant), shown=shown
            ),
        )
    if paired and participant is None:
        pc.add(
            column="participant",
            value=None,
            expected=_(
                "a participant column: paired=True needs to know which rows belong "
                "to the same person"
            ),
        )
    pc.raise_if_any()

    var_raw = data[variant]
    declared: list[str] = []
    if isinstance(var_raw.dtype, pd.CategoricalDtype):
        declared = [str(c) for c in var_raw.cat.categories]
    var = var_raw.astype("string").str.strip()
    var_empty = var.isna() | (var == "")
    for pos in np.flatnonzero(var_empty.to_numpy(dtype=bool))[:20]:
        pc.add(
            row=_row(data, pos),
            column=variant,
            value=var_raw.iloc[pos],
            expected=_("the name of the variant the participant saw"),
        )
    vals = _coerce_metric(data[metric], kind, scale, data, pc, metric)
    notes: list[str] = []

    present = sorted(var[~var_empty].unique().tolist())
    order = list(dict.fromkeys(declared + present)) if declared else present
    codes, uniques = pd.factorize(var)
    code_of = {str(u): i for i, u in enumerate(uniques)}
    masks = {v: codes == code_of[v] if v in code_of else np.zeros(len(var), bool) for v in order}
    n_assigned = {v: int(masks[v].sum()) for v in order}
    if not paired:
        del var, var_empty, codes  # only the paired check needs them again; free them first
    for v in order:
        if n_assigned[v] == 0:
            pc.add(
                column=variant,
                value=v,
                expected=_(
                    "at least one participant row for every variant (variant {v} has no rows)"
                ).format(v=repr(v)),
            )
    control = check_control(pc, variant, control, order, notes)

    ids = None
    if participant is not None:
        raw_ids = data[participant]
        if pd.api.types.is_numeric_dtype(raw_ids):
            ids = raw_ids  # fast path (large trials): numeric ids need no text cleaning
        else:
            ids = raw_ids.astype("string").str.strip()
        if paired:
            key = pd.DataFrame({"p": ids, "v": codes})
            dup = key.duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
            no_id = ids.isna() | (ids.astype("string").str.strip() == "")
            for pos in np.flatnonzero(no_id.fillna(True).to_numpy(dtype=bool))[:20]:
                pc.add(
                    row=_row(data, pos),
                    column=participant,
                    value=data[participant].iloc[pos],
                    expected=_("a participant id: paired=True matches each person's rows by it"),
                )
        else:
            dup = _repeated(ids)
        for pos in np.flatnonzero(dup)[:20]:
            what = (
                _("a participant who appears once per variant")
                if paired
                else _(
                    "each participant once (between-subject design: one variant per person); "
                    "if the same people tried every variant, say so with paired=True or with "
                    "'paired: true' in the analysis plan"
                )
            )
            pc.add(
                row=_row(data, pos),
                column=participant,
                value=data[participant].iloc[pos],
                expected=what,
            )
    pc.raise_if_any()
    control = str(control)
    order = [control] + [v for v in order if v != control]

    missing = vals.isna()
    if missing.any():
        notes.append(left_out_note(int(missing.sum()), metric))
    keep = ~missing.to_numpy()
    values = vals.to_numpy()
    groups = {v: values[keep & masks[v]] for v in order}
    for v, g in groups.items():
        need = KIND[kind].min_values
        if len(g) < need:
            pc.add(
                column=metric,
                value=v,
                expected=too_few_expected(need, metric, v, len(g)),
            )
    # a variant without values has no column to pair on: report it before pairing
    pc.raise_if_any()
    pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if paired and ids is not None:
        frame = pd.DataFrame({"p": ids, "v": var, "y": vals, "pos": np.arange(len(data))})
        frame = frame[keep]
        wide = frame.pivot(index="p", columns="v", values="y")
        posw = frame.pivot(index="p", columns="v", values="pos")
        for pid, row in wide.iterrows():
            lacking = [v for v in order if pd.isna(row.get(v))]
            if lacking:
                first = int(posw.loc[pid].dropna().iloc[0])
                pc.add(
                    row=_row(data, first),
                    column=participant,
                    value=pid,
                    expected=_(
                        "a row for every variant with paired=True (missing: {lacking})"
                    ).format(lacking=", ".join(lacking)),
                )
                if len(pc) > 40:
                    break
        complete = wide.dropna()
        if len(complete) == 0 and not pc:
            pc.add(
                column=participant,
                value=None,
                expected=_("paired=True needs participants who tried every variant; none did"),
            )
        for v in order[1:]:
            pairs[v] = (complete[v].to_numpy(), complete[control].to_numpy())
    pc.raise_if_any()
    return Prepared(groups, order, control, pairs, notes, n_assigned)
