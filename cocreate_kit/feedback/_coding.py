"""Qualitative coding: codebook, coding sheet, agreement between coders.

Methods
-------
* **Krippendorff's alpha** (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
  ``alpha = 1 - D_o / D_e`` computed from the coincidence matrix of all pairable values
  (units coded by at least two coders; missing values allowed), with the nominal,
  ordinal, interval or ratio difference function. Any number of coders.
* **Cohen's kappa** (two coders, nominal): ``(p_o - p_e) / (1 - p_e)`` over the units both
  coders coded, ``p_e = sum_k p1k p2k``.
* **Interval**: a percentile bootstrap over units (units resampled with replacement,
  ``n_boot`` = 1000 draws, seeded with ``seed``; default 0, so results are reproducible).
  This is a plain unit bootstrap, not Krippendorff's own (2011) bootstrap algorithm.
* **Per-code breakdown**: for each code, the coefficient of the binary question "was this
  code applied?" over the same units and coders.
* **Coding sheets with several codes per segment** (:func:`coding_agreement`): for each
  code, each coder who coded a segment gives it 1 (applied) or 0 (not applied); coders who
  did not code the segment are missing. Per-code values come from those binary data; the
  overall value pools all (segment, code) pairs as units (binary, nominal), over the codes
  somebody applied (codes nobody used would only add trivial agreements).
* Reading guide (Krippendorff): alpha >= .800 reliable; .667 - .800 tentative conclusions
  only; below .667 not reliable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._result import Result
from ..privacy import DEFAULT_K, redact, suppress_crosstab

__all__ = [
    "AgreementResult",
    "Codebook",
    "CodingSheet",
    "agreement",
    "coding_agreement",
    "krippendorff_alpha",
    "load_codebook",
    "load_coding_sheet",
]

_LEVELS = ("nominal", "ordinal", "interval", "ratio")


# --------------------------------------------------------------------------------------
# Krippendorff's alpha and Cohen's kappa on a units x coders matrix
# --------------------------------------------------------------------------------------


def _unit_coincidences(matrix: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit coincidence matrices (U x V x V) of pairable units and their value counts."""
    counts = np.stack([(matrix == v).sum(axis=1) for v in values], axis=1).astype(float)
    m = counts.sum(axis=1)
    keep = m >= 2
    counts, m = counts[keep], m[keep]
    outer = counts[:, :, None] * counts[:, None, :]
    diag = np.zeros_like(outer)
    idx = np.arange(len(values))
    diag[:, idx, idx] = counts
    return (outer - diag) / (m - 1)[:, None, None], counts


def _delta(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    v = values.astype(float) if level != "nominal" else None
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        s = v[:, None] + v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((v[:, None] - v[None, :]) / s) ** 2
        return np.nan_to_num(d)
    cum = np.cumsum(n_c)
    lo = np.minimum.outer(np.arange(len(v)), np.arange(len(v)))
    hi = np.maximum.outer(np.arange(len(v)), np.arange(len(v)))
    between = cum[hi] - np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0)
    return (between - (n_c[:, None] + n_c[None, :]) / 2) ** 2


def _alpha_from(o: np.ndarray, values: np.ndarray, level: str) -> float:
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return math.nan
    d = _delta(values, n_c, level)
    de = float(n_c @ d @ n_c)
    if de == 0:
        return math.nan
    return float(1.0 - (n - 1) * float((o * d).sum()) / de)


def krippendorff_alpha(matrix: np.ndarray, level: str = "nominal") -> float:
    """Krippendorff's alpha of a units x coders array (NaN = missing).

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[1, 1], [2, 2], [3, 3], [1, 2]], dtype=float)
    >>> round(krippendorff_alpha(m), 3)
    0.667
    """
    if level not in _LEVELS:
        msg = f"level must be one of {', '.join(map(repr, _LEVELS))}, got {level!r}."
        raise ValueError(msg)
    values = np.unique(matrix[~np.isnan(matrix)])
    if len(values) == 0:
        return math.nan
    per_unit, _ = _unit_coincidences(matrix, values)
    if len(per_unit) == 0:
        return math.nan
    return _alpha_from(per_unit.sum(axis=0), values, level)


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    ok = ~np.isnan(a) & ~np.isnan(b)
    a, b = a[ok], b[ok]
    if len(a) == 0:
        return math.nan
    cats = np.unique(np.concatenate([a, b]))
    po = float((a == b).mean())
    pe = float(sum((a == c).mean() * (b == c).mean() for c in cats))
    if pe == 1:
        return math.nan
    return float((po - pe) / (1 - pe))


def _bootstrap(
    fn_per_sample: Any, n_units: int, n_boot: int, seed: int, confidence: float
) -> tuple[float, float]:
    if n_units < 2 or n_boot <= 0:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    stats = []
    for _ in range(n_boot):
        ix = rng.integers(0, n_units, n_units)
        stats.append(fn_per_sample(ix))
    arr = np.asarray(stats, dtype=float)
    arr = arr[~np.isnan(arr)]
    if len(arr) == 0:
        return math.nan, math.nan
    lo, hi = np.quantile(arr, [(1 - confidence) / 2, 1 - (1 - confidence) / 2])
    return float(lo), float(hi)


# --------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------


def _reading(value: float, method: str) -> str:
    if math.isnan(value):
        return "cannot be computed (no variation or too few units)"
    if method == "krippendorff":
        if value >= 0.8:
            return "reliable (alpha >= .800)"
        if value >= 0.667:
            return "tentative only (.667 <= alpha < .800)"
        return "not reliable (alpha < .667)"
    if value >= 0.8:
        return "strong agreement"
    if value >= 0.6:
        return "moderate agreement"
    return "weak agreement"


class AgreementResult(Result):
    """Agreement between coders.

    Attributes
    ----------
    value : float
        Krippendorff's alpha or Cohen's kappa.
    method : {"krippendorff", "cohen"}
    level : str
    n_units : int
        Units that entered the coefficient (pairable units).
    n_coders : int
    ci_low, ci_high : float
        Percentile bootstrap interval over units (seeded; see module Notes).
    per_code : DataFrame
        ``code``, ``n_units`` (units where at least one coder used the code), ``value``
        (the coefficient for "this code applied or not"), ``reading``.
    """

    title = "Agreement between coders"

    def __init__(
        self,
        value: float,
        method: str,
        level: str,
        n_units: int,
        n_coders: int,
        ci: tuple[float, float],
        per_code: pd.DataFrame,
        confidence: float,
        n_boot: int,
        seed: int,
    ) -> None:
        self.value = value
        self.method = method
        self.level = level
        self.n_units = n_units
        self.n = n_units
        self.n_coders = n_coders
        self.ci_low, self.ci_high = ci
        self.interval = ci
        self.per_code = per_code
        self.confidence = confidence
        self.n_boot = n_boot
        self.seed = seed
        self.unit_label = "units"
        self._warnings = []
        if n_units < 30:
            self._warnings.append(f"Only {n_units} units: the interval is wide.")
        weak = per_code.loc[per_code["value"] < 0.667, "code"].tolist()
        if weak:
            self._warnings.append(
                "Codes below .667 (review the code definitions): " + ", ".join(map(str, weak)) + "."
            )

    @property
    def name(self) -> str:
        """Name of the coefficient."""
        return "Krippendorff's alpha" if self.method == "krippendorff" else "Cohen's kappa"

    def summary(self) -> str:
        lvl = f" ({self.level})" if self.method == "krippendorff" else ""
        return (
            f"{self.name}{lvl} = {self.value:.3f} over {self.n_units} {self.unit_label} and "
            f"{self.n_coders} coders ({self.confidence:.0%} bootstrap interval "
            f"{self.ci_low:.3f} to {self.ci_high:.3f}): {_reading(self.value, self.method)}."
        )

    def table(self) -> pd.DataFrame:
        """One row: method, level, value, ci_low, ci_high, n_units, n_coders."""
        return pd.DataFrame(
            [
                {
                    "method": self.name,
                    "level": self.level,
                    "value": self.value,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                    "n_units": self.n_units,
                    "n_coders": self.n_coders,
                }
            ]
        )

    def chart(self) -> Any:
        import altair as alt

        from ..charts import figure

        t = self.per_code[["code", "value", "n_units"]].dropna(subset=["value"])
        bars = (
            alt.Chart(t)
            .mark_bar()
            .encode(
                y=alt.Y("code:N", sort="-x", title=None),
                x=alt.X("value:Q", title=self.name, scale=alt.Scale(domain=[-0.2, 1])),
                tooltip=["code:N", alt.Tooltip("value:Q", format=".3f"), "n_units:Q"],
            )
        )
        rules = (
            alt.Chart(pd.DataFrame({"x": [0.667, 0.8]}))
            .mark_rule(strokeDash=[4, 4])
            .encode(x="x:Q")
        )
        lowest = t.sort_values("value").iloc[0] if len(t) else None
        desc = self.summary()
        if lowest is not None:
            desc += f" Lowest per code: {lowest['code']} at {lowest['value']:.3f}."
        return figure(bars + rules, title=f"{self.name} per code", description=desc, table=t)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [("Overall agreement", self.table()), ("Agreement per code", self.per_code)]


# --------------------------------------------------------------------------------------
# agreement(): long data, one row per unit x coder
# --------------------------------------------------------------------------------------


def _matrix(df: pd.DataFrame, unit: str, coder: str, code: str) -> tuple[pd.DataFrame, list[Any]]:
    wide = df.pivot(index=unit, columns=coder, values=code)
    return wide, list(wide.columns)


def _encode(wide: pd.DataFrame, numeric: bool) -> tuple[np.ndarray, list[Any]]:
    if numeric:
        m = wide.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        cats = sorted(np.unique(m[~np.isnan(m)]).tolist())
        return m, cats
    cats = sorted({v for v in wide.to_numpy().ravel() if pd.notna(v)}, key=str)
    lookup = {c: i for i, c in enumerate(cats)}
    m = wide.map(lambda v: lookup.get(v, np.nan) if pd.notna(v) else np.nan).to_numpy(dtype=float)
    return m, cats


def agreement(
    codings: pd.DataFrame,
    *,
    method: str = "krippendorff",
    level: str = "nominal",
    unit: str = "unit",
    coder: str = "coder",
    code: str = "code",
    confidence: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> AgreementResult:
    """Agreement between coders: Krippendorff's alpha (any number of coders) or Cohen's kappa.

    Parameters
    ----------
    codings : DataFrame
        Long format, one row per unit x coder, with the unit, coder and code columns.
        Missing codes are allowed (the coder did not code that unit).
    method : {"krippendorff", "cohen"}
        ``"cohen"`` needs exactly two coders and the nominal level.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Krippendorff's metric; ordinal, interval and ratio need numeric codes.
    unit, coder, code : str
        Column names.
    confidence, n_boot, seed
        Bootstrap interval over units (see module Notes).

    Returns
    -------
    AgreementResult
        ``.value`` is the coefficient; also ``n``, ``interval`` (``ci_low``, ``ci_high``)
        and ``per_code``.

    Raises
    ------
    DataError
        Missing columns; a unit coded twice by the same coder; non-numeric codes at an
        ordinal/interval/ratio level; ``method="cohen"`` with other than two coders.

    Examples
    --------
    >>> d = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                   "coder": ["A", "B"] * 4,
    ...                   "code": ["x", "x", "y", "y", "x", "y", "y", "y"]})
    >>> round(agreement(d).value, 3), round(agreement(d, method="cohen").value, 3)
    (0.533, 0.5)
    """
    if method not in ("krippendorff", "cohen"):
        msg = f"method must be 'krippendorff' or 'cohen', got {method!r}."
        raise ValueError(msg)
    if level not in _LEVELS:
        msg = f"level must be one of {', '.join(map(repr, _LEVELS))}, got {level!r}."
        raise ValueError(msg)
    if method == "cohen" and level != "nominal":
        msg = "Cohen's kappa is computed for nominal codes only; use level='nominal'."
        raise ValueError(msg)
    pc = ProblemCollector(
        codings.attrs.get("source"), row_offset=int(codings.attrs.get("row_offset", 0))
    )
    for c in (unit, coder, code):
        if c not in codings.columns:
            pc.add(
                row=1 if "row_offset" in codings.attrs else None,
                column=c,
                value=None,
                expected=f"a column named {c!r}; the data has: "
                f"{', '.join(map(str, codings.columns))}",
            )
    pc.raise_if_any()
    dup = codings.duplicated([unit, coder], keep="first")
    for pos in np.flatnonzero(dup.to_numpy())[:50]:
        pc.add_position(
            pos,
            column=coder,
            value=codings[coder].iloc[pos],
            expected=f"one row per {unit} and {coder} (unit "
            f"{codings[unit].iloc[pos]!r} already coded by this coder; for "
            "several codes per segment use coding_agreement)",
        )
    numeric = level != "nominal"
    if numeric:
        num = pd.to_numeric(codings[code], errors="coerce")
        bad = codings[code].notna() & num.isna()
        for pos in np.flatnonzero(bad.to_numpy())[:50]:
            pc.add_position(
                pos,
                column=code,
                value=codings[code].iloc[pos],
                expected=f"a number (level={level!r} needs numeric codes)",
            )
    coders = list(pd.unique(codings[coder].dropna()))
    if method == "cohen" and len(coders) != 2:
        pc.add(
            column=coder,
            value=", ".join(map(str, coders)),
            expected=f"exactly two coders for Cohen's kappa (found {len(coders)}); "
            "use method='krippendorff' for more",
        )
    pc.raise_if_any()
    wide, coder_list = _matrix(codings, unit, coder, code)
    m, cats = _encode(wide, numeric)
    values = np.arange(len(cats), dtype=float) if not numeric else np.asarray(cats, float)
    return _agreement_from_matrix(
        m, cats, values, method, level, len(coder_list), confidence, n_boot, seed
    )


def _agreement_from_matrix(
    m: np.ndarray,
    cats: list[Any],
    values: np.ndarray,
    method: str,
    level: str,
    n_coders: int,
    confidence: float,
    n_boot: int,
    seed: int,
    per_code: pd.DataFrame | None = None,
) -> AgreementResult:
    pairable = (~np.isnan(m)).sum(axis=1) >= 2
    m = m[pairable]
    if method == "krippendorff":
        # values are category indices (nominal) or the numeric codes themselves.
        vals = np.unique(m[~np.isnan(m)])
        per_unit, _ = _unit_coincidences(m, vals)
        value = _alpha_from(per_unit.sum(axis=0), vals, level) if len(per_unit) else math.nan
        flat = per_unit.reshape(len(per_unit), -1)

        def stat(ix: np.ndarray) -> float:
            o = np.bincount(ix, minlength=len(per_unit)) @ flat
            return _alpha_from(o.reshape(len(vals), len(vals)), vals, level)
    else:
        a, b = m[:, 0], m[:, 1]
        value = _kappa(a, b)

        def stat(ix: np.ndarray) -> float:
            return _kappa(a[ix], b[ix])

    ci = _bootstrap(stat, len(m), n_boot, seed, confidence)
    if per_code is None:
        rows = []
        for i, c in enumerate(cats):
            code_val = values[i]
            binary = np.where(np.isnan(m), np.nan, (m == code_val).astype(float))
            used = int((binary == 1).any(axis=1).sum())
            if method == "krippendorff":
                v = krippendorff_alpha(binary, "nominal")
            else:
                v = _kappa(binary[:, 0], binary[:, 1])
            rows.append({"code": c, "n_units": used, "value": v, "reading": _reading(v, method)})
        per_code = pd.DataFrame(rows, columns=["code", "n_units", "value", "reading"])
    return AgreementResult(
        value, method, level, int(len(m)), n_coders, ci, per_code, confidence, n_boot, seed
    )


# --------------------------------------------------------------------------------------
# Codebook
# --------------------------------------------------------------------------------------

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


@dataclass
class Codebook:
    """Codes with a hierarchy and descriptions.

    Attributes
    ----------
    codes : DataFrame
        ``code``, ``parent`` (empty for top-level), ``description``, ``color`` (``#rrggbb``),
        ``level`` (0 = top), ``path`` (``parent / code``).
    """

    codes: pd.DataFrame
    source: str | None = None

    @property
    def names(self) -> list[str]:
        """All code names in codebook order."""
        return self.codes["code"].tolist()

    def children(self, code: str | None) -> list[str]:
        """Direct children of ``code`` (None or "" for the top level)."""
        key = code or ""
        return self.codes.loc[self.codes["parent"] == key, "code"].tolist()

    def to_html(self) -> str:
        from .._html import html_table

        return html_table(self.codes[["path", "description"]], "Codebook")

    def _repr_html_(self) -> str:
        return self.to_html()


def load_codebook(source: str | Path | pd.DataFrame) -> Codebook:
    """Load a codebook: columns ``code``, optional ``parent``, ``description``, ``color``.

    Raises
    ------
    DataError
        Duplicate or empty codes, unknown parents, cycles, invalid colours.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> cb = load_codebook(dataset_path("feedback/codebook.csv"))
    >>> cb.children("staff")
    ['kind_staff', 'many_carers']
    """
    from ..io import read_table

    df = source.copy() if isinstance(source, pd.DataFrame) else read_table(source)
    if isinstance(source, pd.DataFrame):
        df.attrs = dict(source.attrs)
    pc = ProblemCollector(df.attrs.get("source"), row_offset=int(df.attrs.get("row_offset", 0)))
    if "code" not in df.columns:
        pc.add(
            row=1,
            column="code",
            value=None,
            expected=f"a column 'code'; the file has: {', '.join(map(str, df.columns))}",
        )
        pc.raise_if_any()
    out = pd.DataFrame({"code": df["code"].astype("string").str.strip()})
    for c in ("parent", "description", "color"):
        out[c] = df[c].astype("string").str.strip().fillna("") if c in df.columns else ""
    codes = out["code"]
    for pos in np.flatnonzero((codes.isna() | (codes == "")).to_numpy()):
        pc.add_position(pos, column="code", value=None, expected="a code name")
    for pos in np.flatnonzero((codes.duplicated() & codes.notna()).to_numpy()):
        pc.add_position(
            pos,
            column="code",
            value=codes.iloc[pos],
            expected="a code name not used in an earlier row",
        )
    known = set(codes.dropna())
    for pos, p in enumerate(out["parent"]):
        if p and p not in known:
            pc.add_position(
                pos,
                column="parent",
                value=p,
                expected="empty (top level) or a code listed in the 'code' column",
            )
    for pos, col in enumerate(out["color"]):
        if col and not _COLOUR.match(col):
            pc.add_position(pos, column="color", value=col, expected="a colour like #1f77b4")
    pc.raise_if_any()
    parent = dict(zip(out["code"], out["parent"], strict=True))
    levels, paths = [], []
    for pos, c in enumerate(out["code"]):
        chain, cur = [c], parent[c]
        while cur:
            if cur in chain:
                pc.add_position(
                    pos,
                    column="parent",
                    value=parent[c],
                    expected="a parent that does not lead back to this code "
                    "(the hierarchy has a cycle)",
                )
                break
            chain.append(cur)
            cur = parent[cur]
        levels.append(len(chain) - 1)
        paths.append(" / ".join(reversed(chain)))
    pc.raise_if_any()
    out["level"] = levels
    out["path"] = paths
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    out["color"] = [c or palette[i % len(palette)] for i, c in enumerate(out["color"])]
    return Codebook(
        out.astype({"code": object, "parent": object, "description": object, "color": object}),
        df.attrs.get("source"),
    )


# --------------------------------------------------------------------------------------
# Coding sheet
# --------------------------------------------------------------------------------------


def _coder_key(s: str) -> str:
    return re.sub(r"[\s._-]+", "", str(s)).casefold()


@dataclass
class CodingSheet:
    """Codes applied to text segments: one row per segment x coder x code.

    Attributes
    ----------
    data : DataFrame
        Columns ``segment``, ``coder``, ``code``, ``text`` (REDACTED) and any others kept
        from the file (e.g. ``respondent_id``).
    codebook : Codebook or None
    """

    data: pd.DataFrame
    codebook: Codebook | None = None
    source: str | None = None
    segment: str = "segment"
    coder: str = "coder"
    code: str = "code"
    text: str | None = "text"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def coders(self) -> list[str]:
        """Coder ids in order of first appearance."""
        return list(pd.unique(self.data[self.coder]))

    @property
    def segments(self) -> list[Any]:
        """Segment ids in order of first appearance."""
        return list(pd.unique(self.data[self.segment]))

    def describe(self) -> str:
        """Short multi-line description (used by ``cocreate check``)."""
        used = self.data[self.code].nunique()
        lines = [
            f"Coding sheet: {len(self.segments)} segments, {len(self.coders)} coders "
            f"({', '.join(map(str, self.coders))}), {used} codes used, {len(self.data)} rows.",
        ]
        if len(self.coders) >= 2:
            lines.append(coding_agreement(self, n_boot=200).summary())
        return "\n".join(lines)

    def presence(self) -> pd.DataFrame:
        """Segment x coder x code table of 1 (applied) / 0 (coder coded the segment, not
        with this code); coders who did not code a segment are absent."""
        codes = (
            self.codebook.names
            if self.codebook is not None
            else sorted(self.data[self.code].unique(), key=str)
        )
        pairs = self.data[[self.segment, self.coder]].drop_duplicates()
        rows = pairs.merge(pd.DataFrame({self.code: codes}), how="cross")
        applied = self.data[[self.segment, self.coder, self.code]].drop_duplicates()
        applied = applied.assign(applied=1)
        out = rows.merge(applied, how="left", on=[self.segment, self.coder, self.code])
        out["applied"] = out["applied"].fillna(0).astype(int)
        return out

    def frequencies(
        self, by: str | None = None, *, k: int = DEFAULT_K, survey: Any = None
    ) -> pd.DataFrame:
        """Segments per code (applied by at least one coder), optionally by a group column.

        ``by`` is a column of the sheet, or of ``survey.data`` joined on the respondent id.
        Grouped counts are suppressed with :func:`~cocreate_kit.privacy.suppress_crosstab`.
        """
        d = self.data[
            [
                self.segment,
                self.code,
                *([by] if by and by in self.data else []),
                *([c for c in self.data.columns if c.startswith("respondent")]),
            ]
        ]
        if by is not None and by not in d.columns:
            if survey is None:
                msg = f"Column {by!r} is not in the coding sheet; pass survey= to join it."
                raise ValueError(msg)
            d = d.merge(survey.data[[survey.respondent, by]], on=survey.respondent, how="left")
        d = d.drop_duplicates([self.segment, self.code])
        if by is None:
            t = d.groupby(self.code).size().rename("segments").reset_index()
            t["percent"] = 100 * t["segments"] / len(self.segments)
            return t.sort_values("segments", ascending=False).reset_index(drop=True)
        d = d.assign(**{by: d[by].fillna("(no answer)")})
        ct = pd.crosstab(d[self.code], d[by])
        return suppress_crosstab(ct, k=k)

    def cooccurrence(self) -> pd.DataFrame:
        """Code x code count of segments where both codes were applied (by any coder).

        The diagonal is the number of segments with each code.
        """
        d = self.data[[self.segment, self.code]].drop_duplicates()
        x = pd.crosstab(d[self.segment], d[self.code]).clip(upper=1)
        co = x.T @ x
        co.index.name = None
        co.columns.name = None
        return co

    def disagreements(self) -> pd.DataFrame:
        """Segments where coders applied different sets of codes, to review together.

        Columns: segment, text (redacted), then one column per coder with the codes that
        coder applied (``;``-separated), and ``only_some`` (codes not applied by all).
        """
        g = self.data.groupby([self.segment, self.coder], sort=False)[self.code].apply(
            lambda s: tuple(sorted(set(map(str, s))))
        )
        wide = g.unstack(self.coder)
        rows = []
        for seg, r in wide.iterrows():
            sets = [set(v) for v in r.to_numpy() if isinstance(v, tuple)]
            if len(sets) < 2 or all(s == sets[0] for s in sets):
                continue
            diff = set.union(*sets) - set.intersection(*sets)
            row = {"segment": seg}
            if self.text:
                row["text"] = self.data.loc[self.data[self.segment] == seg, self.text].iloc[0]
            for c in wide.columns:
                row[str(c)] = "; ".join(r[c]) if isinstance(r[c], tuple) else ""
            row["only_some"] = "; ".join(sorted(diff))
            rows.append(row)
        return pd.DataFrame(rows)


def load_coding_sheet(
    source: str | Path | pd.DataFrame,
    codebook: Codebook | None = None,
    *,
    segment: str = "segment",
    coder: str = "coder",
    code: str = "code",
    text: str | None = "text",
    coders: Sequence[str] | None = None,
    names: Sequence[str] = (),
    salt: str | bytes | None = None,
) -> CodingSheet:
    """Load a coding sheet (one row per segment x coder x code) and check it.

    Parameters
    ----------
    source : path or DataFrame
    codebook : Codebook, optional
        When given, every code must be in it.
    segment, coder, code, text : str
        Column names (``text`` may be None when the sheet holds no text).
    coders : list of str, optional
        The expected coder ids; any other id is an error.
    names, salt
        The text column is redacted on load with :func:`~cocreate_kit.privacy.redact`.

    Raises
    ------
    DataError
        Missing columns, empty cells, codes not in the codebook, unexpected coder ids, and
        inconsistent coder ids (the same coder written two ways, e.g. ``AK`` and ``ak``),
        all at once.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"))
    >>> cs.coders
    ['AK', 'MB']
    """
    from ..io import read_table

    df = source.copy() if isinstance(source, pd.DataFrame) else read_table(source)
    if isinstance(source, pd.DataFrame):
        df.attrs = dict(source.attrs)
    file = df.attrs.get("source")
    pc = ProblemCollector(file, row_offset=int(df.attrs.get("row_offset", 0)))
    needed = [segment, coder, code, *([text] if text else [])]
    for c in needed:
        if c not in df.columns:
            pc.add(
                row=1 if "row_offset" in df.attrs else None,
                column=c,
                value=None,
                expected=f"a column named {c!r}; the file has: {', '.join(map(str, df.columns))}",
            )
    pc.raise_if_any()
    for c in (segment, coder, code):
        empty = df[c].isna() | (df[c].astype("string").str.strip() == "")
        for pos in np.flatnonzero(empty.to_numpy())[:20]:
            pc.add_position(pos, column=c, value=None, expected=f"a {c} id")
    ids = df[coder].astype("string").str.strip()
    if coders is not None:
        allowed = [str(c) for c in coders]
        for pos in np.flatnonzero((~ids.isin(allowed) & ids.notna()).to_numpy())[:50]:
            pc.add_position(
                pos,
                column=coder,
                value=df[coder].iloc[pos],
                expected=f"one of the coder ids {', '.join(map(repr, allowed))}",
            )
    else:
        counts = ids.value_counts()
        by_key: dict[str, list[str]] = {}
        for v in counts.index:
            by_key.setdefault(_coder_key(v), []).append(v)
        for variants in by_key.values():
            if len(variants) > 1:
                main = max(variants, key=lambda v: counts[v])
                for v in variants:
                    if v == main:
                        continue
                    for pos in np.flatnonzero((ids == v).fillna(False).to_numpy())[:20]:
                        pc.add_position(
                            pos,
                            column=coder,
                            value=df[coder].iloc[pos],
                            expected=f"the coder id {main!r} spelled exactly as in its other "
                            f"{int(counts[main])} rows (coder ids must be consistent)",
                        )
        raw = df[coder].astype("string")
        for pos in np.flatnonzero((raw != raw.str.strip()).fillna(False).to_numpy())[:20]:
            pc.add_position(
                pos,
                column=coder,
                value=df[coder].iloc[pos],
                expected="a coder id without leading or trailing spaces",
            )
    if codebook is not None:
        known = set(codebook.names)
        cv = df[code].astype("string").str.strip()
        for pos in np.flatnonzero((~cv.isin(known) & cv.notna() & (cv != "")).to_numpy())[:50]:
            pc.add_position(
                pos,
                column=code,
                value=df[code].iloc[pos],
                expected="a code from the codebook: " + ", ".join(codebook.names[:20]),
            )
    dup = df.duplicated([segment, coder, code], keep="first")
    for pos in np.flatnonzero(dup.to_numpy())[:20]:
        pc.add_position(
            pos,
            column=code,
            value=df[code].iloc[pos],
            expected="each code once per segment and coder (this row repeats one)",
        )
    pc.raise_if_any()
    out = df.copy()
    for c in (segment, coder, code):
        out[c] = df[c].astype(str).str.strip()
    if text:
        out[text] = redact(
            df[text].where(df[text].isna(), df[text].astype(str)), names=names, salt=salt
        )
    out.attrs = {"source": file}
    return CodingSheet(out, codebook, file, segment, coder, code, text)


def coding_agreement(
    sheet: CodingSheet,
    *,
    method: str = "krippendorff",
    confidence: float = 0.95,
    n_boot: int = 1000,
    seed: int = 0,
) -> AgreementResult:
    """Agreement per code and overall for a coding sheet with several codes per segment.

    See the module Notes: per-code binary (applied / not applied) coefficients, and an
    overall coefficient pooling all (segment, code) pairs.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"))
    >>> r = coding_agreement(cs, n_boot=100)
    >>> r.n_coders, bool(0 < r.value < 1)
    (2, True)
    """
    p = sheet.presence()
    seg, cod, cde = sheet.segment, sheet.coder, sheet.code
    coders = sheet.coders
    if method == "cohen" and len(coders) != 2:
        pc = ProblemCollector(sheet.source)
        pc.add(column=cod, value=", ".join(coders), expected="exactly two coders for Cohen's kappa")
        pc.raise_if_any()
    rows = []
    for c, g in p.groupby(cde, sort=False):
        wide = g.pivot(index=seg, columns=cod, values="applied").reindex(columns=coders)
        m = wide.to_numpy(dtype=float)
        used = int((m == 1).any(axis=1).sum())
        if method == "krippendorff":
            v = krippendorff_alpha(m, "nominal")
        else:
            v = _kappa(m[:, 0], m[:, 1])
        rows.append({"code": c, "n_units": used, "value": v, "reading": _reading(v, method)})
    per_code = pd.DataFrame(rows, columns=["code", "n_units", "value", "reading"])
    # Codes nobody applied would add (0, 0) agreements and inflate the pooled value.
    used = set(sheet.data[cde])
    p = p[p[cde].isin(used)]
    p = p.assign(_unit=p[seg].astype(str) + "\x1f" + p[cde].astype(str))
    wide = p.pivot(index="_unit", columns=cod, values="applied").reindex(columns=coders)
    m = wide.to_numpy(dtype=float)
    res = _agreement_from_matrix(
        m,
        [0, 1],
        np.array([0.0, 1.0]),
        method,
        "nominal",
        len(coders),
        confidence,
        n_boot,
        seed,
        per_code=per_code,
    )
    return res._replace(unit_label="segment-code pairs")
