"""Small-cell suppression for :mod:`cocreate_kit.privacy` (primary and secondary).

Private: the public names are re-exported by :mod:`cocreate_kit.privacy`, whose module
docstring ("Small-cell suppression") states the rules. The default threshold is the shared
:data:`cocreate_kit.thresholds.DEFAULT_K`.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .i18n import _
from .thresholds import DEFAULT_K

#: Text shown in place of a suppressed value.
SUPPRESSED_LABEL = f"<{DEFAULT_K}"


def _renamed(by: str | list[str] | None, segment: str | list[str] | None, func: str) -> Any:
    """``by``, or the deprecated ``segment=`` keyword with a DeprecationWarning."""
    if segment is not None:
        if by is not None:
            msg = f"{func}() got both by= and its deprecated name segment=; pass by= only."
            raise TypeError(msg)
        warnings.warn(
            f"{func}(segment=...) is deprecated; use by=... (the kit's grouping argument).",
            DeprecationWarning,
            stacklevel=3,
        )
        return segment
    if by is None:
        msg = f"{func}() needs by=, the column(s) naming the groups."
        raise TypeError(msg)
    return by


def _check_k(k: int) -> int:
    if not isinstance(k, (int, np.integer)) or k < 1:
        msg = _("The suppression threshold k must be a whole number of at least 1, got {k}.")
        msg = msg.format(k=repr(k))
        raise ValueError(msg)
    return int(k)


def _secondary_1d(counts: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    hidden = hidden.copy()
    if hidden.sum() == 1:
        candidates = np.where(~hidden & (counts > 0))[0]
        if len(candidates):
            hidden[candidates[np.argmin(counts[candidates])]] = True
    return hidden


def suppress_counts(
    data: pd.DataFrame,
    count: str = "n",
    *,
    k: int = DEFAULT_K,
    by: str | list[str] | None = None,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Hide rows of a one-way summary table whose group is smaller than ``k``.

    Parameters
    ----------
    data : DataFrame
        One row per group, with a column of group sizes.
    count : str
        The column holding the number of people in each group.
    k : int, default 5
        Minimum group size shown.
    by : str or list of str, optional
        Apply secondary suppression within each of these groups separately (for a long
        table of several one-way breakdowns).
    columns : list of str, optional
        Columns blanked in hidden rows; by default every numeric column including ``count``.

    Returns
    -------
    DataFrame
        A copy with hidden values set to missing and a boolean ``suppressed`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"segment": ["A", "B", "C", "D"], "n": [40, 3, 12, 25],
    ...                   "mean": [3.1, 4.0, 2.5, 3.3]})
    >>> out = suppress_counts(t, "n", k=5)
    >>> out["suppressed"].tolist()  # B is below 5; C (the next smallest) hides it
    [False, True, True, False]
    """
    k = _check_k(k)
    if count not in data.columns:
        msg = _("Column {name} not found; the table has: {columns}.").format(
            name=repr(count), columns=", ".join(map(str, data.columns))
        )
        raise ValueError(msg)
    out = data.copy()
    counts = pd.to_numeric(out[count], errors="coerce").fillna(0).to_numpy()
    primary = (counts > 0) & (counts < k)
    hidden = primary.copy()
    groups = [np.arange(len(out))]
    if by is not None:
        keys = [by] if isinstance(by, str) else list(by)
        groups = [np.asarray(ix) for ix in out.groupby(keys, sort=False).indices.values()]
    for ix in groups:
        hidden[ix] = _secondary_1d(counts[ix], hidden[ix])
    blank = columns
    if blank is None:
        blank = [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c])]
    for c in blank:
        if hidden.any():
            out[c] = out[c].astype("float64") if pd.api.types.is_integer_dtype(out[c]) else out[c]
            out.loc[hidden, c] = np.nan
    out["suppressed"] = hidden
    return out


def suppress_crosstab(table: pd.DataFrame, *, k: int = DEFAULT_K) -> pd.DataFrame:
    """Suppress a crosstab of counts (rows x columns) with primary and secondary suppression.

    Returns a float DataFrame of the same shape with hidden cells set to NaN. Secondary
    suppression makes sure no row or column has exactly one hidden cell, so row and column
    totals cannot reveal a hidden value.

    Examples
    --------
    >>> import pandas as pd
    >>> ct = pd.DataFrame({"x": [10, 2], "y": [8, 9]}, index=["a", "b"])
    >>> int(suppress_crosstab(ct, k=5).isna().sum().sum())
    4
    """
    k = _check_k(k)
    vals = table.to_numpy(dtype="float64")
    hidden = (vals > 0) & (vals < k)
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hidden if axis == 1 else hidden.T
            v = vals if axis == 1 else vals.T
            for i in range(lines.shape[0]):
                if lines[i].sum() == 1:
                    cand = np.where(~lines[i] & (v[i] > 0))[0]
                    if len(cand):
                        j = cand[np.argmin(v[i][cand])]
                        if axis == 1:
                            hidden[i, j] = True
                        else:
                            hidden[j, i] = True
                        changed = True
            if changed:
                break
    out = pd.DataFrame(np.where(hidden, np.nan, vals), index=table.index, columns=table.columns)
    return out


def suppress_segments(
    table: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    n: str = "n",
    k: int = DEFAULT_K,
    total_label: str | None = None,
    segment: str | list[str] | None = None,
) -> pd.DataFrame:
    """Suppress a metrics-by-segment table: every value of a small segment is hidden.

    Unlike :func:`suppress_counts`, which blanks numeric columns only, this blanks every
    column except the segment labels (text columns such as a grade would also reveal a
    small group). Secondary suppression follows :func:`suppress_counts`; a row whose
    segment equals ``total_label`` is never counted as a segment (it is the total), but it
    makes secondary suppression necessary, which is why a lone hidden segment always takes
    a second one with it.

    Parameters
    ----------
    table : DataFrame
        One row per segment, with a column of group sizes.
    by : str or list of str
        The column(s) naming the segment (the kit's grouping argument); never blanked.
    n : str, default "n"
        Column of group sizes.
    k : int, default 5
        Minimum group size shown.
    total_label : str, optional
        Label of an overall row to leave out of suppression.
    segment : str or list of str, optional
        Deprecated name of ``by`` (warns with :class:`DeprecationWarning`).

    Returns
    -------
    DataFrame
        A copy with hidden values missing and a boolean ``suppressed`` column.

    Examples
    --------
    >>> t = pd.DataFrame({"segment": ["A", "B", "C"], "n": [30, 2, 9],
    ...                   "grade": ["B", "A+", "C"]})
    >>> out = suppress_segments(t, "segment", k=5)
    >>> out["grade"].isna().tolist(), out["suppressed"].tolist()
    ([False, True, True], [False, True, True])
    """
    by = _renamed(by, segment, "suppress_segments")
    keys = [by] if isinstance(by, str) else list(by)
    is_total = pd.Series(False, index=table.index)
    if total_label is not None:
        is_total = table[keys[0]].astype(str) == str(total_label)
    body = table.loc[~is_total]
    hidden_body = suppress_counts(body, n, k=k, columns=[])["suppressed"]
    out = table.copy()
    hidden = pd.Series(False, index=table.index)
    hidden.loc[hidden_body.index] = hidden_body.to_numpy()
    for c in out.columns:
        if c in keys:
            continue
        if hidden.any():
            if pd.api.types.is_integer_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c]):
                out[c] = out[c].astype("float64")
            elif not pd.api.types.is_float_dtype(out[c]):
                out[c] = out[c].astype(object)
            out.loc[hidden.to_numpy(), c] = np.nan
    out["suppressed"] = hidden.to_numpy()
    return out
