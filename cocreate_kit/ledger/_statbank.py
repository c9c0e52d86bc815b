"""StatBank (Statistics Denmark) tables as marginal counts: labels, totals, ages, periods.

Private helper of :mod:`._population`, whose module docstring states the rules (symbols
``..``/``.``/``-``, totals, age bands, periods, one level per variable).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .._errors import ProblemCollector
from ..i18n import _
from ..io import parse_number

_VARIABLES = {
    "område": "area",
    "region": "area",
    "kommune": "area",
    "køn": "sex",
    "sex": "sex",
    "alder": "age_band",
    "age": "age_band",
}
_PERIOD = {"tid", "time"}
_VALUE = "indhold"
_SEX = {
    "mænd": "male",
    "mand": "male",
    "men": "male",
    "males": "male",
    "male": "male",
    "kvinder": "female",
    "kvinde": "female",
    "women": "female",
    "females": "female",
    "female": "female",
}
_TOTALS = {
    "i alt",
    "alder i alt",
    "alle aldre",
    "køn i alt",
    "begge køn",
    "hele landet",
    "total",
    "all ages",
    "age, total",
    "both sexes",
    "all denmark",
}
_MISSING = {"..": "confidential ('..')", ".": "not available ('.')"}
_AGE_ONE = re.compile(r"^(\d+)\s*(?:år|years?)?$", re.IGNORECASE)
_AGE_OPEN = re.compile(
    r"^(\d+)\s*(?:år|years?)?\s*(?:\+|og derover|and over|or over|or older)$", re.IGNORECASE
)
_AGE_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)\s*(?:år|years?)?$", re.IGNORECASE)
_BAND = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)|(\+))\s*$")
_PERIOD_KEY = re.compile(r"^(\d{4})(?:([KQMH])(\d+))?$", re.IGNORECASE)


def _parse_bands(bands: Sequence[str]) -> list[tuple[str, int, float]]:
    """``(label, low, high)`` of each band, checked for order and overlap."""
    out: list[tuple[str, int, float]] = []
    for label in bands:
        m = _BAND.match(str(label))
        if m is None:
            msg = _("Age band {band} is not like '18-29' or '80+'.").format(band=repr(label))
            raise ValueError(msg)
        low = int(m.group(1))
        high = math.inf if m.group(3) else float(m.group(2))
        if high < low or (out and low <= out[-1][2]):
            msg = _(
                "Age bands must be increasing and must not overlap; {band} does not fit."
            ).format(band=repr(label))
            raise ValueError(msg)
        out.append((str(label), low, high))
    return out


@functools.lru_cache(maxsize=4096)
def _age_range(label: str) -> tuple[int, float] | None:
    text = label.strip()
    if m := _AGE_OPEN.match(text):
        return int(m.group(1)), math.inf
    if m := _AGE_RANGE.match(text):
        return int(m.group(1)), float(m.group(2))
    if m := _AGE_ONE.match(text):
        return int(m.group(1)), float(m.group(1))
    return None


def _band_of(rng: tuple[int, float], bands: list[tuple[str, int, float]]) -> str | None:
    """The band holding the whole range, None if outside all; ValueError if it straddles."""
    low, high = rng
    for label, b_low, b_high in bands:
        if b_low <= low and high <= b_high:
            return label
        if low <= b_high and b_low <= high:
            raise ValueError(label)
    return None


def _check_age_overlap(
    where: Any, column: Any, labels: list[str], keep: list[bool], pc: ProblemCollector
) -> None:
    """Single ages and age groups that overlap (``18 år`` and ``18-19 år``) would be summed
    twice: report the first row of each overlapping label."""
    first: dict[str, int] = {}
    for pos, lab in enumerate(labels):
        if keep[pos] and lab not in first and _age_range(lab) is not None:
            first[lab] = pos
    ranges = sorted(((_age_range(lab), lab) for lab in first), key=lambda x: x[0])
    for (prev, prev_lab), (cur, lab) in zip(ranges, ranges[1:], strict=False):
        if cur[0] <= prev[1]:
            pc.add(
                row=where(first[lab]),
                column=str(column),
                value=lab,
                expected=_(
                    "ages that do not overlap (it overlaps {other}); export either single ages "
                    "or age groups from StatBank, not both"
                ).format(other=repr(prev_lab)),
            )


def _period_key(text: str) -> tuple[int, str, int, str]:
    m = _PERIOD_KEY.match(text)
    if m is None:
        return (0, "", 0, text)
    return (int(m.group(1)), (m.group(2) or "").upper(), int(m.group(3) or 0), text)


def _text(value: Any) -> str:
    """A cell as text (a whole float such as a year ``2025.0`` as ``2025``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if pd.isna(value) else str(value).strip()


def _texts(column: pd.Series) -> list[str]:
    """:func:`_text` of every cell, computed once per distinct value (labels repeat)."""
    cache: dict[Any, str] = {}
    out = []
    for v in column.astype(object).tolist():
        try:
            out.append(cache[v])
        except (KeyError, TypeError):
            t = _text(v)
            if not isinstance(v, float):
                cache[v] = t
            out.append(t)
    return out


def _row(frame: pd.DataFrame, pos: int) -> Any:
    if "row_offset" in frame.attrs:
        return int(pos) + int(frame.attrs["row_offset"])
    return frame.index[pos]


def _read_statbank(
    frame: pd.DataFrame,
    pc: ProblemCollector,
    *,
    period: str | None,
    bands: Sequence[str],
) -> tuple[pd.DataFrame, str | None, list[str], list[str]]:
    """Tidy marginal counts from a StatBank table; problems go to ``pc``."""
    cols = {c: str(c).strip().lower() for c in frame.columns}
    value_col = next(c for c, low in cols.items() if low == _VALUE)
    period_col = next((c for c, low in cols.items() if low in _PERIOD), None)
    dim_cols = [c for c in frame.columns if c not in (value_col, period_col)]
    if not dim_cols:
        pc.add(
            row=1,
            expected=_(
                "at least one variable column (OMRÅDE, KØN, ALDER...) before TID and INDHOLD"
            ),
        )
        return pd.DataFrame(), None, [], []
    band_spec = _parse_bands(bands)
    notes: list[str] = []
    ptext = _texts(frame[period_col]) if period_col is not None else []
    periods = sorted({t for t in ptext if t}, key=_period_key)
    use = period if period is not None else (periods[-1] if periods else None)
    if period is not None and period not in periods:
        pc.add(
            column=str(period_col or "TID"),
            value=period,
            expected=_("a period in the file: {periods}").format(
                periods=", ".join(periods) or _("(none)")
            ),
        )
    for pos in [i for i, t in enumerate(ptext) if not t][:50]:
        pc.add(
            row=_row(frame, pos),
            column=str(period_col),
            value="",
            expected=_("a period such as 2025K1"),
        )
    # Only the rows of the period used are read further (a long history stays cheap).
    idx = (
        list(range(len(frame)))
        if period_col is None
        else [i for i, t in enumerate(ptext) if t == use]
    )

    def where(pos: int) -> Any:
        return _row(frame, idx[pos])

    text = {c: _texts(frame[c].iloc[idx]) for c in frame.columns}
    values: list[float | None] = []
    missing: list[int] = []
    keep: list[bool] = []
    for pos in range(len(idx)):
        raw = text[value_col][pos]
        num = 0.0 if raw == "-" else parse_number(raw, frame.attrs.get("decimal", "."))
        if raw in _MISSING:
            missing.append(pos)
            values.append(None)
        elif num is None or num < 0 or not math.isfinite(num):
            pc.add(
                row=where(pos),
                column=str(value_col),
                value=raw,
                expected=_("a count of 0 or more, or StatBank's '..' (confidential)"),
            )
            values.append(None)
        else:
            values.append(num)
        keep.append(True)
    dims: dict[str, list[str | None]] = {}
    kept_dims: list[Any] = []
    for c in dim_cols:
        name = _VARIABLES.get(cols[c], cols[c])
        labels = text[c]
        total = [lab.lower() in _TOTALS or lab.lower().endswith(" i alt") for lab in labels]
        if all(t for t, k in zip(total, keep, strict=True) if k):
            continue  # a variable of totals only is no dimension
        kept_dims.append(c)
        mapped: list[str | None] = []
        for pos, lab in enumerate(labels):
            cat: str | None = lab
            if total[pos]:
                keep[pos] = False
                mapped.append(None)
                continue
            if not lab:
                if keep[pos]:
                    pc.add(
                        row=where(pos),
                        column=str(c),
                        value="",
                        expected=_("a {name} label (or a total such as 'I alt')").format(name=name),
                    )
                mapped.append(None)
                continue
            if name == "sex":
                cat = _SEX.get(lab.lower())
                if cat is None and keep[pos]:
                    pc.add(
                        row=where(pos),
                        column=str(c),
                        value=lab,
                        expected=_("Mænd, Kvinder (or Men, Women), or a total such as 'I alt'"),
                    )
            elif name == "age_band":
                cat = None
                rng = _age_range(lab)
                if rng is None:
                    if keep[pos]:
                        pc.add(
                            row=where(pos),
                            column=str(c),
                            value=lab,
                            expected=_(
                                "an age such as '18 år' or '100 år+', an age group such as "
                                "'18-19 år', or a total such as 'Alder i alt'"
                            ),
                        )
                else:
                    try:
                        cat = _band_of(rng, band_spec)
                    except ValueError as band:
                        if keep[pos]:
                            pc.add(
                                row=where(pos),
                                column=str(c),
                                value=lab,
                                expected=_(
                                    "an age group inside one band of {bands} (it overlaps "
                                    "{band} and another; pass bands= that fit the file's age "
                                    "groups)"
                                ).format(bands=", ".join(bands), band=band),
                            )
                    if cat is None and keep[pos] and pos not in missing:
                        notes.append(lab)
                        keep[pos] = False
            mapped.append(cat)
        dims[name] = mapped
        if name == "age_band":
            _check_age_overlap(where, c, labels, keep, pc)
    seen: dict[tuple[str, ...], int] = {}
    for pos in range(len(idx)):
        if not keep[pos]:
            continue
        key = tuple(text[c][pos] for c in kept_dims)
        if key in seen:
            pc.add(
                row=where(pos),
                column=None,
                value=" / ".join(key),
                expected=_("one row per cell and period (the same cell is in row {row})").format(
                    row=where(seen[key])
                ),
            )
        seen[key] = pos
    warnings: list[str] = []
    missing = [p for p in missing if keep[p]]  # not totals, not ages outside the bands
    if missing:
        rows = ", ".join(str(where(p)) for p in missing[:10])
        more = " " + _("and {n} more").format(n=len(missing) - 10) if len(missing) > 10 else ""
        warnings.append(
            _(
                "{n} cell(s) of period {period} are marked '..' or '.' (not published) and are "
                "left out of the sums, not counted as 0 (rows {rows}); the categories they "
                "belong to are slightly undercounted."
            ).format(n=len(missing), period=use, rows=rows + more)
        )
    if notes:
        outside = sorted(set(notes), key=lambda lab: _age_range(lab) or (0, 0))
        shown = ", ".join(outside[:3]) + (f" ... {outside[-1]}" if len(outside) > 3 else "")
        warnings.append(
            _("Ages outside the bands {bands} are not part of this population ({shown}).").format(
                bands=", ".join(bands), shown=shown
            )
        )
    rows_out = []
    for name, mapped in dims.items():
        cells = pd.DataFrame({"category": mapped, "count": values, "keep": keep})
        cells = cells[cells["keep"] & cells["category"].notna()]
        sums = cells.groupby("category", sort=False)["count"].sum(min_count=1)
        order = [b for b, _, _ in band_spec] if name == "age_band" else None
        order = order or (["female", "male", "other"] if name == "sex" else list(sums.index))
        sums = sums.reindex([o for o in order if o in sums.index]).fillna(0.0)
        total_n = float(sums.sum())
        if total_n <= 0 and not pc:
            pc.add(
                column=name,
                value=0,
                expected=_("a positive total count for {name} in period {period}").format(
                    name=name, period=use
                ),
            )
            continue
        for cat, n in sums.items():
            rows_out.append((name, cat, n / total_n if total_n else math.nan, n))
    table = pd.DataFrame(rows_out, columns=["dimension", "category", "share", "count"])
    return table, use, periods, warnings
