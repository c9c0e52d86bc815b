"""Agreement between coders: Krippendorff's alpha, Cohen's kappa, bootstrap intervals.

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
* **Vocabulary.** ``measurement`` is Krippendorff's level of measurement (nominal,
  ordinal, interval, ratio); ``level`` is the interval level (0.95), as everywhere in the
  kit. Before this naming, ``level=`` meant the level of measurement and ``confidence=``
  the interval level: a string given as ``level=`` (e.g. ``level="ordinal"``) is still
  read as the measurement, and ``confidence=`` as the interval level, both with a
  ``DeprecationWarning``.
* Reading guide (Krippendorff): alpha >= .800 reliable; .667 - .800 tentative conclusions
  only; below .667 not reliable.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._result import Result
from ..i18n import N_, _, fmt_int, fmt_percent, lazy, ngettext
from ..thresholds import DEFAULT_LEVEL
from ._cards import agreement_card, agreement_notes
from ._charts import agreement_chart, fixed, shown
from ._compat import LevelAlias, renamed

__all__ = ["AgreementResult", "agreement", "krippendorff_alpha"]

_MEASUREMENTS = (N_("nominal"), N_("ordinal"), N_("interval"), N_("ratio"))


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


def _delta(values: np.ndarray, n_c: np.ndarray, measurement: str) -> np.ndarray:
    v = values.astype(float) if measurement != "nominal" else None
    if measurement == "nominal":
        return 1.0 - np.eye(len(values))
    if measurement == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if measurement == "ratio":
        s = v[:, None] + v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((v[:, None] - v[None, :]) / s) ** 2
        return np.nan_to_num(d)
    cum = np.cumsum(n_c)
    lo = np.minimum.outer(np.arange(len(v)), np.arange(len(v)))
    hi = np.maximum.outer(np.arange(len(v)), np.arange(len(v)))
    between = cum[hi] - np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0)
    return (between - (n_c[:, None] + n_c[None, :]) / 2) ** 2


def _alpha_from(o: np.ndarray, values: np.ndarray, measurement: str) -> float:
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return math.nan
    d = _delta(values, n_c, measurement)
    de = float(n_c @ d @ n_c)
    if de == 0:
        return math.nan
    return float(1.0 - (n - 1) * float((o * d).sum()) / de)


def krippendorff_alpha(
    matrix: np.ndarray, measurement: str = "nominal", *, level: str | None = None
) -> float:
    """Krippendorff's alpha of a units x coders array (NaN = missing).

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[1, 1], [2, 2], [3, 3], [1, 2]], dtype=float)
    >>> round(krippendorff_alpha(m), 3)
    0.667
    """
    measurement = renamed(
        measurement, level, old="level", new="measurement", where="krippendorff_alpha"
    )
    if measurement not in _MEASUREMENTS:
        known = ", ".join(map(repr, _MEASUREMENTS))
        msg = f"measurement must be one of {known}, got {measurement!r}."
        raise ValueError(msg)
    values = np.unique(matrix[~np.isnan(matrix)])
    if len(values) == 0:
        return math.nan
    per_unit, _pairs = _unit_coincidences(matrix, values)
    if len(per_unit) == 0:
        return math.nan
    return _alpha_from(per_unit.sum(axis=0), values, measurement)


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
    fn_per_sample: Any, n_units: int, n_boot: int, seed: int, level: float
) -> tuple[float, float]:
    if n_units < 2 or n_boot <= 0:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    stats = []
    for _draw in range(n_boot):
        ix = rng.integers(0, n_units, n_units)
        stats.append(fn_per_sample(ix))
    arr = np.asarray(stats, dtype=float)
    arr = arr[~np.isnan(arr)]
    if len(arr) == 0:
        return math.nan, math.nan
    lo, hi = np.quantile(arr, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


# --------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------


#: Krippendorff's reading lines: alpha from here on supports tentative conclusions only ...
TENTATIVE = 0.667
#: ... and from here on the coding is reliable.
RELIABLE = 0.8


def _reading(value: float, method: str) -> str:
    """The reading of a coefficient, as an English message id (translated where shown)."""
    if math.isnan(value):
        return N_("cannot be computed (no variation or too few units)")
    if method == "krippendorff":
        if value >= RELIABLE:
            return N_("reliable (alpha >= .800)")
        if value >= TENTATIVE:
            return N_("tentative only (.667 <= alpha < .800)")
        return N_("not reliable (alpha < .667)")
    if value >= RELIABLE:
        return N_("strong agreement")
    if value >= 0.6:
        return N_("moderate agreement")
    return N_("weak agreement")


class AgreementResult(LevelAlias, Result):
    """Agreement between coders.

    Attributes
    ----------
    value : float
        Krippendorff's alpha or Cohen's kappa.
    method : {"krippendorff", "cohen"}
    measurement : {"nominal", "ordinal", "interval", "ratio"}
        Krippendorff's level of measurement.
    level : float
        Interval level (``confidence`` is a deprecated read-only alias).
    n_units : int
        Units that entered the coefficient (pairable units).
    n_coders : int
    ci_low, ci_high : float
        Percentile bootstrap interval over units (seeded; see module Notes).
    per_code : DataFrame
        ``code``, ``n_units`` (units where at least one coder used the code), ``value``
        (the coefficient for "this code applied or not"), ``reading``.
    disagreements : DataFrame or None
        From :func:`~cocreate_kit.feedback.coding_agreement`: the segments the coders
        coded differently (:meth:`CodingSheet.disagreements`, REDACTED text); None from
        :func:`agreement`.

    A result with ``n_coders == 0`` stands for "no coding sheet given"
    (``coding_agreement(None)``): its summary says so and it has no chart or tables.
    """

    title = lazy("Agreement between coders")
    #: Krippendorff's reading lines drawn on the chart (:data:`TENTATIVE`, :data:`RELIABLE`).
    reading_lines = (TENTATIVE, RELIABLE)

    def __init__(
        self,
        value: float,
        method: str,
        measurement: str,
        n_units: int,
        n_coders: int,
        ci: tuple[float, float],
        per_code: pd.DataFrame,
        level: float,
        n_boot: int,
        seed: int,
        disagreements: pd.DataFrame | None = None,
    ) -> None:
        self.value = value
        self.method = method
        self.measurement = measurement
        self.n_units = n_units
        self.n = n_units
        self.n_coders = n_coders
        self.ci_low, self.ci_high = ci
        self.interval = ci
        self.per_code = per_code
        self.level = level
        self.n_boot = n_boot
        self.seed = seed
        self.unit_label = N_("units")
        self.disagreements = disagreements

    def warnings(self) -> list[str]:
        """A wide interval and weak codes, in the current language."""
        if self.n_coders == 0:
            return []
        out = []
        if self.n_units < 30:
            out.append(_("Only {n} units: the interval is wide.").format(n=fmt_int(self.n_units)))
        weak = self.per_code.loc[self.per_code["value"] < TENTATIVE, "code"].tolist()
        if weak:
            out.append(
                _("Codes below .667 (review the code definitions): {codes}.").format(
                    codes=", ".join(map(str, weak))
                )
            )
        return out

    @property
    def name(self) -> str:
        """Name of the coefficient, in the current language."""
        if self.method == "krippendorff":
            return _("Krippendorff's alpha")
        return _("Cohen's kappa")

    def summary(self) -> str:
        if self.n_coders == 0:
            return _("No coding sheet was given, so agreement between coders was not computed.")
        lvl = f" ({_(self.measurement)})" if self.method == "krippendorff" else ""
        return ngettext(
            "{coefficient}{measurement} = {value} over {n_units} {unit} and {n_coders} coder "
            "({level} bootstrap interval {low} to {high}): {reading}.",
            "{coefficient}{measurement} = {value} over {n_units} {unit} and {n_coders} coders "
            "({level} bootstrap interval {low} to {high}): {reading}.",
            self.n_coders,
        ).format(
            coefficient=self.name,
            measurement=lvl,
            value=fixed(self.value, 3),
            n_units=fmt_int(self.n_units),
            unit=_(self.unit_label),
            n_coders=fmt_int(self.n_coders),
            level=fmt_percent(self.level),
            low=fixed(self.ci_low, 3),
            high=fixed(self.ci_high, 3),
            reading=_(_reading(self.value, self.method)),
        )

    def headline_cards(self) -> list[Any]:
        """One card: the coefficient, its bootstrap interval, units and coders, and its
        reading (:func:`._cards.agreement_card`); none without a coding sheet."""
        if self.n_coders == 0:
            return []
        return [agreement_card(self, _reading(self.value, self.method))]

    def method_notes(self) -> list[str]:
        """The coefficient and its interval (:func:`._cards.agreement_notes`)."""
        return agreement_notes(self) if self.n_coders else []

    def table(self) -> pd.DataFrame:
        """One row: method, measurement, value, ci_low, ci_high, n_units, n_coders."""
        return pd.DataFrame(
            [
                {
                    "method": self.name,
                    "measurement": self.measurement,
                    "value": self.value,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                    "n_units": self.n_units,
                    "n_coders": self.n_coders,
                }
            ]
        )

    def chart(self) -> Any:
        """The coefficient per code with the reading lines (:func:`._charts.agreement_chart`)."""
        if self.n_coders == 0:
            return None
        return agreement_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        if self.n_coders == 0:
            return []
        return [
            (_("Overall agreement"), shown(self.table())),
            (_("Agreement per code"), shown(self.per_code)),
        ]


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
    measurement: str = "nominal",
    unit: str = "unit",
    coder: str = "coder",
    code: str = "code",
    level: float | str = DEFAULT_LEVEL,
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float | None = None,
) -> AgreementResult:
    """Agreement between coders: Krippendorff's alpha (any number of coders) or Cohen's kappa.

    Parameters
    ----------
    codings : DataFrame
        Long format, one row per unit x coder, with the unit, coder and code columns.
        Missing codes are allowed (the coder did not code that unit).
    method : {"krippendorff", "cohen"}
        ``"cohen"`` needs exactly two coders and the nominal measurement.
    measurement : {"nominal", "ordinal", "interval", "ratio"}
        Krippendorff's metric; ordinal, interval and ratio need numeric codes.
    unit, coder, code : str
        Column names.
    level, n_boot, seed
        Bootstrap interval over units at ``level`` (see module Notes). A string
        ``level`` is the old name of ``measurement`` and ``confidence=`` the old name of
        ``level`` (both still work, with a DeprecationWarning).

    Returns
    -------
    AgreementResult
        ``.value`` is the coefficient; also ``n``, ``interval`` (``ci_low``, ``ci_high``)
        and ``per_code``.

    Raises
    ------
    DataError
        Missing columns; a unit coded twice by the same coder; non-numeric codes at an
        ordinal/interval/ratio measurement; ``method="cohen"`` with other than two coders.

    Examples
    --------
    >>> d = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                   "coder": ["A", "B"] * 4,
    ...                   "code": ["x", "x", "y", "y", "x", "y", "y", "y"]})
    >>> round(agreement(d).value, 3), round(agreement(d, method="cohen").value, 3)
    (0.533, 0.5)
    """
    if isinstance(level, str):
        measurement = renamed(measurement, level, old="level", new="measurement", where="agreement")
        level = DEFAULT_LEVEL
    level = renamed(level, confidence, old="confidence", new="level", where="agreement")
    if method not in ("krippendorff", "cohen"):
        msg = f"method must be 'krippendorff' or 'cohen', got {method!r}."
        raise ValueError(msg)
    if measurement not in _MEASUREMENTS:
        known = ", ".join(map(repr, _MEASUREMENTS))
        msg = f"measurement must be one of {known}, got {measurement!r}."
        raise ValueError(msg)
    if method == "cohen" and measurement != "nominal":
        msg = "Cohen's kappa is computed for nominal codes only; use measurement='nominal'."
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
                expected=_("a column named {column}; the data has: {columns}").format(
                    column=repr(c), columns=", ".join(map(str, codings.columns))
                ),
            )
    pc.raise_if_any()
    dup = codings.duplicated([unit, coder], keep="first")
    for pos in np.flatnonzero(dup.to_numpy())[:50]:
        pc.add_position(
            pos,
            column=coder,
            value=codings[coder].iloc[pos],
            expected=_(
                "one row per {unit} and {coder} (unit {value} already coded by this coder; for "
                "several codes per segment use coding_agreement)"
            ).format(unit=unit, coder=coder, value=repr(codings[unit].astype(object).iloc[pos])),
        )
    numeric = measurement != "nominal"
    if numeric:
        num = pd.to_numeric(codings[code], errors="coerce")
        bad = codings[code].notna() & num.isna()
        for pos in np.flatnonzero(bad.to_numpy())[:50]:
            pc.add_position(
                pos,
                column=code,
                value=codings[code].iloc[pos],
                expected=_("a number (measurement={measurement} needs numeric codes)").format(
                    measurement=repr(measurement)
                ),
            )
    coders = list(pd.unique(codings[coder].dropna()))
    if method == "cohen" and len(coders) != 2:
        pc.add(
            column=coder,
            value=", ".join(map(str, coders)),
            expected=_(
                "exactly two coders for Cohen's kappa (found {n}); use method='krippendorff' "
                "for more"
            ).format(n=len(coders)),
        )
    pc.raise_if_any()
    wide, coder_list = _matrix(codings, unit, coder, code)
    m, cats = _encode(wide, numeric)
    values = np.arange(len(cats), dtype=float) if not numeric else np.asarray(cats, float)
    return _agreement_from_matrix(
        m, cats, values, method, measurement, len(coder_list), level, n_boot, seed
    )


def _agreement_from_matrix(
    m: np.ndarray,
    cats: list[Any],
    values: np.ndarray,
    method: str,
    measurement: str,
    n_coders: int,
    level: float,
    n_boot: int,
    seed: int,
    per_code: pd.DataFrame | None = None,
) -> AgreementResult:
    pairable = (~np.isnan(m)).sum(axis=1) >= 2
    m = m[pairable]
    if method == "krippendorff":
        # values are category indices (nominal) or the numeric codes themselves.
        vals = np.unique(m[~np.isnan(m)])
        per_unit, _pairs = _unit_coincidences(m, vals)
        value = _alpha_from(per_unit.sum(axis=0), vals, measurement) if len(per_unit) else math.nan
        flat = per_unit.reshape(len(per_unit), -1)

        def stat(ix: np.ndarray) -> float:
            o = np.bincount(ix, minlength=len(per_unit)) @ flat
            return _alpha_from(o.reshape(len(vals), len(vals)), vals, measurement)
    else:
        a, b = m[:, 0], m[:, 1]
        value = _kappa(a, b)

        def stat(ix: np.ndarray) -> float:
            return _kappa(a[ix], b[ix])

    ci = _bootstrap(stat, len(m), n_boot, seed, level)
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
        value, method, measurement, int(len(m)), n_coders, ci, per_code, level, n_boot, seed
    )
