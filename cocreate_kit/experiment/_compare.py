"""compare / compare_counts: one metric, every variant against control, with a verdict."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._errors import ProblemCollector
from .._result import Result
from .._sus import SUS_BENCHMARK, sus_grade
from ..io import release_arrow_memory
from . import _bayes
from . import _methods as m
from ._plan import Plan
from ._power import KINDS, n_per_arm_to_detect
from ._verdict import DEFAULT_MDE, SMALL_N, decide

__all__ = [
    "compare",
    "compare_counts",
    "Comparison",
    "sus_grade",
    "SUS_BENCHMARK",
    "DIRECTION",
    "SRM_ALPHA",
]

#: +1 when higher is better, -1 when lower is better.
DIRECTION = {"binary": 1, "time": -1, "continuous": 1, "likert": 1, "count": -1, "sus": 1}
#: "No difference" on the test scale (likert: probability of superiority 0.5).
_NULL = {"binary": 0.0, "time": 0.0, "continuous": 0.0, "likert": 0.5, "count": 0.0, "sus": 0.0}

#: Sample ratio mismatch is flagged below this p-value (GrowthBook's threshold).
SRM_ALPHA = 0.001
_SRM_MIN = 8
#: Pearson dispersion above which counts are modelled as negative binomial.
OVERDISPERSION = 1.5


_LABEL = {
    "binary": "difference in proportion (variant - control)",
    "time": "ratio of geometric mean times (variant / control)",
    "continuous": "difference in means (variant - control)",
    "sus": "difference in mean SUS score (variant - control)",
    "likert": "probability of superiority P(variant > control) + 0.5 P(tie)",
    "count": "rate ratio (variant / control)",
}
_ESTIMATE = {
    "binary": "proportion",
    "time": "geometric mean",
    "continuous": "mean",
    "sus": "mean SUS score",
    "likert": "top-2-box share",
    "count": "mean events per participant",
}

TABLE_COLUMNS = [
    "variant",
    "effect",
    "effect_ci_low",
    "effect_ci_high",
    "effect_label",
    "p_value",
    "p_adjusted",
    "prob_better",
    "method",
    "verdict",
]
ARM_COLUMNS = ["variant", "n", "estimate", "ci_low", "ci_high"]


def _fmt(kind: str, value: float, *, effect: bool = False) -> str:
    if not math.isfinite(value):
        return "unbounded"
    if kind in ("binary", "likert") and not (effect and kind == "likert"):
        return f"{value * 100:+.1f} points" if effect else f"{value:.0%}"
    if kind == "likert":
        return f"{value:.2f}"
    if kind in ("time", "count") and effect:
        return f"{value:.2f}x"
    if kind == "time":
        return f"{value:.1f} s"
    return f"{value:+.2f}" if effect else f"{value:.2f}" if kind == "count" else f"{value:.1f}"


@dataclass
class _Arm:
    variant: str
    n: int
    estimate: float
    lo: float
    hi: float
    extra: dict[str, Any] = field(default_factory=dict)


class Comparison(Result):
    """Every variant against control on one metric.

    Attributes
    ----------
    arms : DataFrame
        One row per variant: ``variant, n, estimate, ci_low, ci_high`` (control first).
        The estimate is the proportion (binary), geometric mean seconds (time), mean
        (continuous, sus), top-2-box share (likert) or mean events per participant (count).
    table : DataFrame
        One row per non-control variant: ``variant, effect, effect_ci_low, effect_ci_high,
        effect_label, p_value, p_adjusted, prob_better, method, verdict``. ``p_adjusted`` is
        Holm-adjusted over the non-control variants; ``prob_better`` is the probability the
        variant is better than control (direction-aware).
    details : DataFrame
        Per comparison: test statistic, degrees of freedom, expected loss, TOST p-value,
        caveat and the "more participants" sentence.
    arm_details : DataFrame
        Per arm, kind-specific extras (median and top-2-box for likert, SUS grade and test
        against 68, arithmetic mean and median for time).
    """

    title = "Prototype test"

    def __init__(self, **kw: Any) -> None:
        self.metric: str = kw["metric"]
        self.kind: str = kw["kind"]
        self.control: str = kw["control"]
        self.level: float = kw["level"]
        self.paired: bool = kw["paired"]
        self.margin: float | None = kw["margin"]
        self.arms: pd.DataFrame = kw["arms"]
        self.table: pd.DataFrame = kw["table"]
        self.details: pd.DataFrame = kw["details"]
        self.arm_details: pd.DataFrame = kw["arm_details"]
        self.distribution: pd.DataFrame | None = kw.get("distribution")
        self.plan_sha256: str | None = kw.get("plan_sha256")
        self.srm_p: float | None = kw.get("srm_p")
        self._notes: list[str] = kw.get("notes", [])
        self._warnings: list[str] = kw.get("warnings", [])
        self.title = f"Prototype test: {self.metric}"

    @property
    def verdicts(self) -> dict[str, str]:
        """Verdict per non-control variant."""
        return dict(zip(self.table["variant"], self.table["verdict"], strict=True))

    def summary(self) -> str:
        """Plain-language paragraph: method, n, estimates, verdict, caveat, next step."""
        arms = self.arms
        n_text = ", ".join(
            f"{v} n = {n:,}" for v, n in zip(arms["variant"], arms["n"], strict=True)
        )
        methods = sorted(set(self.table["method"]))
        design = (
            "the same participants tried every variant"
            if self.paired
            else ("each participant saw one variant")
        )
        parts = [f"{self.metric} ({self.kind}; {design}): {n_text}. Method: {'; '.join(methods)}."]
        ests = "; ".join(
            f"{r.variant} {_fmt(self.kind, r.estimate)} ({self.level:.0%} CI "
            f"{_fmt(self.kind, r.ci_low)} to {_fmt(self.kind, r.ci_high)})"
            for r in arms.itertuples()
        )
        parts.append(f"{_ESTIMATE[self.kind].capitalize()} per variant: {ests}.")
        for t, d in zip(self.table.itertuples(), self.details.itertuples(), strict=True):
            parts.append(
                f"{t.variant} vs {self.control}: {t.verdict} ({t.effect_label} "
                f"{_fmt(self.kind, t.effect, effect=True)}, {self.level:.0%} CI "
                f"{_fmt(self.kind, t.effect_ci_low, effect=True)} to "
                f"{_fmt(self.kind, t.effect_ci_high, effect=True)}; p = {t.p_value:.3g}"
                + (f", Holm-adjusted p = {t.p_adjusted:.3g}" if len(self.table) > 1 else "")
                + f"; probability better than control {t.prob_better:.0%}). {d.caveat} "
                f"{d.more}"
            )
        parts.extend(self._notes)
        if self.plan_sha256:
            parts.append(f"Analysis plan SHA-256: {self.plan_sha256[:12]}.")
        return " ".join(parts)

    def chart(self) -> Any:
        """Per-arm estimates with their confidence intervals."""
        from ._charts import arms_chart

        return arms_chart(self)

    def distribution_chart(self) -> Any:
        """Time distributions on a log scale (time) or Likert bars per arm (likert)."""
        from ._charts import likert_chart, time_chart

        if self.kind == "time" and self.distribution is not None:
            return time_chart(self)
        if self.kind == "likert" and self.distribution is not None:
            return likert_chart(self)
        return self.chart()

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [
            (f"{self.metric}: estimate per variant", self.arms),
            (f"{self.metric}: each variant against {self.control}", self.table),
        ]


# ----------------------------------------------------------------------------- validation


def _row(data: pd.DataFrame, pos: int) -> Any:
    if "row_offset" in data.attrs:
        return int(pos) + int(data.attrs["row_offset"])
    label = data.index[pos]
    return label.item() if hasattr(label, "item") else label


_BIN_TRUE = {"1", "1.0", "true", "yes", "y", "ja", "j", "completed", "success"}
_BIN_FALSE = {"0", "0.0", "false", "no", "n", "nej", "failed", "failure"}


def _coerce_metric(
    raw: pd.Series, kind: str, scale: int, data: pd.DataFrame, pc: ProblemCollector, metric: str
) -> pd.Series:
    """Numeric values for ``kind``; bad cells are reported, empty cells become NaN."""
    numeric = pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw)
    if numeric:
        # fast path for numeric columns (large trials): no text conversion needed
        empty = raw.isna()
        text = None
    else:
        text = raw.astype("string").str.strip()
        empty = raw.isna() | (text == "")
    if kind == "binary" and numeric:
        vals = raw.astype("float64")
        bad = ~empty & ~vals.isin([0.0, 1.0])
        expected = "0 or 1 (or yes/no, true/false)"
    elif kind == "binary":
        low = text.str.lower()
        vals = pd.Series(np.nan, index=raw.index)
        vals[low.isin(_BIN_TRUE).fillna(False).to_numpy()] = 1.0
        vals[low.isin(_BIN_FALSE).fillna(False).to_numpy()] = 0.0
        bad = ~empty & vals.isna()
        expected = "0 or 1 (or yes/no, true/false)"
    else:
        vals = pd.to_numeric(raw, errors="coerce").astype("float64")
        bad = ~empty & vals.isna()
        if kind == "time":
            bad |= vals.notna() & ~(vals > 0)
            expected = "a positive number of seconds"
        elif kind == "likert":
            bad |= vals.notna() & ((vals < 1) | (vals > scale) | (vals != np.round(vals)))
            expected = f"a whole number on the 1 to {scale} scale"
        elif kind == "count":
            bad |= vals.notna() & ((vals < 0) | (vals != np.round(vals)))
            expected = "a whole number of at least 0"
        elif kind == "sus":
            bad |= vals.notna() & ((vals < 0) | (vals > 100))
            expected = "a SUS score from 0 to 100"
        else:
            bad |= vals.notna() & ~np.isfinite(vals)
            expected = "a number"
    positions = np.flatnonzero(bad.to_numpy(dtype=bool))
    for pos in positions[:20]:
        pc.add(row=_row(data, pos), column=metric, value=raw.iloc[pos], expected=expected)
    if len(positions) > 20:
        pc.add(row=None, column=metric, value=f"{len(positions) - 20} more rows", expected=expected)
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
class _Prepared:
    groups: dict[str, np.ndarray]
    order: list[str]
    control: str
    pairs: dict[str, tuple[np.ndarray, np.ndarray]]
    notes: list[str]
    n_assigned: dict[str, int]


def _prepare(
    data: pd.DataFrame,
    *,
    variant: str,
    metric: str,
    kind: str,
    control: str | None,
    participant: str | None,
    paired: bool,
    scale: int,
) -> _Prepared:
    if not isinstance(data, pd.DataFrame):
        msg = f"data must be a pandas DataFrame of one row per participant, got {type(data)}."
        raise TypeError(msg)
    pc = ProblemCollector(data.attrs.get("source"), row_offset=int(data.attrs.get("row_offset", 0)))
    # Only the first 15 names are shown: never copy every column name per call (a wide file
    # is prepared once per metric column, which made this quadratic in the column count).
    shown = ", ".join(repr(c) for c in data.columns[:15])
    if kind not in KINDS:
        pc.add(column=metric, value=kind, expected=f"kind one of {', '.join(KINDS)}")
    for name, what in ((variant, "the variant each participant saw"), (metric, "the metric")):
        if name not in data.columns:
            pc.add(
                row=1 if "row_offset" in data.attrs else None,
                column=name,
                value=None,
                expected=f"a column named {name!r} ({what}); the data has: {shown}",
            )
    if participant is None and "participant" in data.columns:
        participant = "participant"
    if participant is not None and participant not in data.columns:
        pc.add(
            row=1 if "row_offset" in data.attrs else None,
            column=participant,
            value=None,
            expected=f"a column named {participant!r} (participant id); the data has: {shown}",
        )
    if paired and participant is None:
        pc.add(
            column="participant",
            value=None,
            expected="a participant column: paired=True needs to know which rows belong "
            "to the same person",
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
            expected="the name of the variant the participant saw",
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
                expected="at least one participant row for every variant "
                f"(variant {v!r} has no rows)",
            )
    if control is None:
        control = order[0] if order else None
        if len(order) > 1:
            notes.append(f"No control was named, so {control!r} (first in order) was used.")
    elif str(control) not in order:
        pc.add(
            column=variant,
            value=control,
            expected=f"control to be one of the variants in the data: "
            f"{', '.join(repr(o) for o in order)}",
        )
    if len(order) < 2 and not pc:
        pc.add(column=variant, value=", ".join(order), expected="at least two variants to compare")

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
        else:
            dup = _repeated(ids)
        for pos in np.flatnonzero(dup)[:20]:
            what = (
                "a participant who appears once per variant"
                if paired
                else "each participant once (between-subject design: one variant per person); "
                "use paired=True if the same people tried every variant"
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
        notes.append(f"{int(missing.sum()):,} row(s) with no {metric} value were left out.")
    keep = ~missing.to_numpy()
    values = vals.to_numpy()
    groups = {v: values[keep & masks[v]] for v in order}
    for v, g in groups.items():
        need = 2 if kind in ("time", "continuous", "sus") else 1
        if len(g) < need:
            pc.add(
                column=metric,
                value=v,
                expected=f"at least {need} {metric} value(s) for variant {v!r}, found {len(g)}",
            )
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
                    expected=f"a row for every variant with paired=True (missing: "
                    f"{', '.join(lacking)})",
                )
                if len(pc) > 40:
                    break
        complete = wide.dropna()
        if len(complete) == 0 and not pc:
            pc.add(
                column=participant,
                value=None,
                expected="paired=True needs participants who tried every variant; none did",
            )
        for v in order[1:]:
            pairs[v] = (complete[v].to_numpy(), complete[control].to_numpy())
    pc.raise_if_any()
    return _Prepared(groups, order, control, pairs, notes, n_assigned)


# ----------------------------------------------------------------------------- per kind


def _arm(
    kind: str, v: str, y: np.ndarray, level: float, scale: int, overdispersed: bool, alpha_nb: float
) -> _Arm:
    n = len(y)
    if kind == "binary":
        x = float(y.sum())
        lo, hi = m.agresti_coull(x, n, level)
        return _Arm(v, n, x / n, lo, hi, {"successes": int(x)})
    if kind == "time":
        mean, lo, hi = m.t_interval(np.log(y), level)
        return _Arm(
            v,
            n,
            math.exp(mean),
            math.exp(lo),
            math.exp(hi),
            {"median": float(np.median(y)), "arithmetic_mean": float(np.mean(y))},
        )
    if kind in ("continuous", "sus"):
        mean, lo, hi = m.t_interval(y, level)
        extra: dict[str, Any] = {"sd": float(np.std(y, ddof=1)) if n > 1 else math.nan}
        if kind == "sus":
            t, p = m.one_sample_t(y, SUS_BENCHMARK)
            extra |= {"grade": sus_grade(mean), "p_vs_68": p}
        return _Arm(v, n, mean, lo, hi, extra)
    if kind == "likert":
        top2 = float((y >= scale - 1).sum())
        lo, hi = m.agresti_coull(top2, n, level)
        return _Arm(
            v, n, top2 / n, lo, hi, {"median": float(np.median(y)), "mean": float(np.mean(y))}
        )
    total = float(y.sum())
    if overdispersed and total > 0:
        mu = total / n
        se = math.sqrt((1 + alpha_nb * mu) / (n * mu))
        h = m.z_crit(level) * se
        lo, hi = mu * math.exp(-h), mu * math.exp(h)
    else:
        lo, hi = m.garwood(total, n, level)
    return _Arm(v, n, total / n, lo, hi, {"events": int(total)})


def _two_arm(
    kind: str, b: np.ndarray, a: np.ndarray, level: float, overdispersed: bool, alpha_nb: float
) -> m.Test:
    """Compare variant ``b`` against control ``a`` (between-subject); effect on test scale."""
    if kind == "binary":
        xb, nb, xa, na = float(b.sum()), len(b), float(a.sum()), len(a)
        diff = m.newcombe_diff(xb, nb, xa, na, level)
        if m.min_expected_count(xb, nb, xa, na) >= 1:
            z, p = m.n1_two_proportion(xb, nb, xa, na)
            name = "N-1 two-proportion test; Newcombe interval"
        else:
            z, p = math.nan, m.fisher_exact(int(xb), nb, int(xa), na)
            name = "Fisher exact test (two-sided); Newcombe interval"
        return m.Test(diff.effect, diff.ci_low, diff.ci_high, p, diff.se, name, z)
    if kind == "time":
        t = m.welch(np.log(b), np.log(a), level)
        return m.Test(
            t.effect,
            t.ci_low,
            t.ci_high,
            t.p_value,
            t.se,
            "Welch t test on log times",
            t.statistic,
            t.df,
        )
    if kind in ("continuous", "sus"):
        return m.welch(b, a, level)
    if kind == "likert":
        bm = m.brunner_munzel(b, a, level)
        if bm is not None:
            return bm
        return m.mann_whitney(b, a, level)
    sb, sa = float(b.sum()), float(a.sum())
    if sb == 0 or sa == 0:
        return m.poisson_exact_conditional(int(sb), len(b), int(sa), len(a), level)
    if overdispersed:
        return m.negative_binomial_rate_ratio(sb, len(b), sa, len(a), alpha_nb, level)
    return m.poisson_rate_ratio(sb, len(b), sa, len(a), level)


def _paired(kind: str, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
    if kind == "binary":
        n11 = int(((b == 1) & (a == 1)).sum())
        n10 = int(((b == 1) & (a == 0)).sum())
        n01 = int(((b == 0) & (a == 1)).sum())
        n00 = int(((b == 0) & (a == 0)).sum())
        t = m.agresti_min_paired_diff(n11, n10, n01, n00, level)
        return m.Test(
            t.effect,
            t.ci_low,
            t.ci_high,
            t.p_value,
            t.se,
            "McNemar exact test; Agresti-Min interval",
        )
    if kind == "time":
        t = m.paired_t(np.log(b) - np.log(a), level)
        return m.Test(
            t.effect,
            t.ci_low,
            t.ci_high,
            t.p_value,
            t.se,
            "paired t test on log times",
            t.statistic,
            t.df,
        )
    if kind in ("continuous", "sus"):
        return m.paired_t(b - a, level)
    d = b - a
    stat, p, name = m.wilcoxon_signed_rank(d)
    if kind == "likert":
        n = len(d)
        score = float((d > 0).sum() + 0.5 * (d == 0).sum())
        lo, hi = m.agresti_coull(score, n, level)
        se = (hi - lo) / (2 * m.z_crit(level))
        return m.Test(
            score / n, lo, hi, p, se, f"{name}; within-pair probability of superiority", stat
        )
    rr = m.paired_rate_ratio(b, a, level)
    return m.Test(
        rr.effect,
        rr.ci_low,
        rr.ci_high,
        p,
        rr.se,
        f"{name}; ratio of mean counts (delta method)",
        stat,
    )


def _tost(
    kind: str, test: m.Test, b: np.ndarray, a: np.ndarray, margin: float, paired: bool
) -> float:
    """TOST p-value for |effect| < margin on the kind's scale (ratios: +/- log(1+margin))."""
    if kind == "binary" and not paired:
        return m.agresti_caffo_tost(float(b.sum()), len(b), float(a.sum()), len(a), -margin, margin)
    if kind in ("continuous", "sus") and not paired:
        return m.welch_tost(b, a, -margin, margin)
    if kind == "time" and not paired:
        mg = math.log(1 + margin)
        return m.welch_tost(np.log(b), np.log(a), -mg, mg)
    centre = _NULL[kind]
    mg = math.log(1 + margin) if kind in ("time", "count") else margin
    if test.se == 0 or not math.isfinite(test.se):
        return 0.0 if abs(test.effect - centre) < mg else 1.0
    dist = stats.t(test.df) if math.isfinite(test.df) else stats.norm
    p_low = dist.sf((test.effect - (centre - mg)) / test.se)
    p_upp = dist.cdf((test.effect - (centre + mg)) / test.se)
    return float(max(p_low, p_upp))


def _display(kind: str, x: float) -> float:
    return math.exp(x) if kind in ("time", "count") else x


def _mde_text(kind: str, x: float) -> str:
    if kind == "binary":
        return f"{x * 100:.0f} percentage points"
    if kind in ("time", "count"):
        return f"{(1 - math.exp(-x)) * 100:.0f}% ({'shorter times' if kind == 'time' else 'fewer events'})"
    if kind == "likert":
        return f"a probability of superiority of {0.5 + x:.2f}"
    return f"{x:.2g} {'SUS points' if kind == 'sus' else 'units'}"


def _more_sentence(
    kind: str,
    test: m.Test,
    n_a: int,
    n_b: int,
    level: float,
    mde: float | None,
    default: float,
    small: bool,
    decided: bool,
) -> tuple[str, float]:
    observed = abs(test.effect - _NULL[kind])
    if mde is not None:
        delta = mde
    elif decided and observed > 0:
        delta = observed
    else:
        delta = max(observed, default)
    need = n_per_arm_to_detect(test.se, n_a, n_b, delta, alpha=1 - level)
    if not math.isfinite(need):
        return "The data cannot tell how many more participants are needed.", math.nan
    floor = SMALL_N if small else 0
    more = max(0, math.ceil(max(need, floor) - min(n_a, n_b)))
    what = _mde_text(kind, delta)
    if more == 0:
        return (
            f"The sample is already large enough to detect a difference of {what} (80% power)."
        ), 0.0
    return (
        f"About {more:,} more participants per variant would detect a difference of "
        f"{what} (80% power)."
    ), float(more)


def _caveat(
    kind: str,
    verdict: str,
    test: m.Test,
    n_a: int,
    n_b: int,
    level: float,
    small_overlap: bool,
    margin: float | None,
    p_tost: float | None,
    names: tuple[str, str],
) -> str:
    lo = _fmt(kind, _display(kind, test.ci_low), effect=True)
    hi = _fmt(kind, _display(kind, test.ci_high), effect=True)
    base = f"Based on {n_b:,} ({names[1]}) and {n_a:,} ({names[0]}) participants"
    if verdict == "equivalent within the margin":
        return (
            f"{base}; the two one-sided tests place the difference within the declared "
            f"margin of {margin:g} (TOST p = {p_tost:.3g})."
        )
    if verdict in ("better", "worse"):
        return (
            f"{base}; the true difference could lie anywhere from {lo} to {hi}, so it "
            f"may be smaller than it looks."
        )
    if small_overlap:
        return (
            f"{base}; with fewer than {SMALL_N} participants per variant and "
            f"overlapping intervals, no winner is declared."
        )
    return f"{base}; the {level:.0%} interval from {lo} to {hi} includes no difference."


def _analyse(
    prep: _Prepared,
    *,
    metric: str,
    kind: str,
    paired: bool,
    margin: float | None,
    level: float,
    scale: int,
    direction: int,
    plan: Plan | None,
    split: dict[str, float] | None,
    distribution: bool = True,
) -> Comparison:
    alpha = 1 - level
    notes = list(prep.notes)
    warnings: list[str] = []
    overdispersed, alpha_nb = False, 0.0
    if kind == "count":
        y = np.concatenate([prep.groups[v] for v in prep.order])
        g = np.concatenate([np.full(len(prep.groups[v]), i) for i, v in enumerate(prep.order)])
        disp = m.pearson_dispersion(y, g)
        if math.isfinite(disp) and disp > OVERDISPERSION and len(y) >= 10:
            overdispersed = True
            alpha_nb = m.negative_binomial_alpha(y, g)
            notes.append(
                f"Counts are overdispersed (Pearson dispersion {disp:.2f} > "
                f"{OVERDISPERSION}), so a negative binomial model was used "
                f"(alpha = {alpha_nb:.3f})."
            )
    arms = [
        _arm(kind, v, prep.groups[v], level, scale, overdispersed, alpha_nb) for v in prep.order
    ]
    ctrl = arms[0]
    tests: list[m.Test] = []
    for v in prep.order[1:]:
        if paired:
            b, a = prep.pairs[v]
            tests.append(_paired(kind, b, a, level))
        else:
            tests.append(
                _two_arm(
                    kind, prep.groups[v], prep.groups[prep.control], level, overdispersed, alpha_nb
                )
            )
    p_adj = m.holm([t.p_value for t in tests])
    if len(tests) > 1:
        notes.append(
            f"With {len(tests)} variants against control, p-values are "
            "Holm-adjusted (family-wise error rate)."
        )
    if kind == "binary" and not paired:
        notes.append(
            "Probability better uses a uniform Beta(1, 1) prior for each arm (exact Beta-binomial)."
        )
    else:
        notes.append("Probability better uses a normal approximation to the effect.")
    mde = plan.mde if plan is not None and plan.primary_metric == metric else None
    rows, details = [], []
    for i, (v, t) in enumerate(zip(prep.order[1:], tests, strict=True)):
        arm = arms[i + 1]
        null = _NULL[kind]
        if kind == "binary" and not paired:
            xa, na, xb, nb = ctrl.extra["successes"], ctrl.n, arm.extra["successes"], arm.n
            pa = (1 + xa, 1 + na - xa)
            pb = (1 + xb, 1 + nb - xb)
            prob = _bayes.prob_b_beats_a(*pa, *pb)
            loss = _bayes.beta_expected_loss(*pa, *pb)
        else:
            d = direction * (t.effect - null)
            prob = _bayes.normal_prob_better(d, t.se)
            loss = _bayes.normal_expected_loss(d, t.se)
        if direction < 0 and kind == "binary" and not paired:
            prob, loss = 1 - prob, _bayes.beta_expected_loss(*pb, *pa)
        small = min(ctrl.n, arm.n) < SMALL_N and not (arm.lo > ctrl.hi or arm.hi < ctrl.lo)
        p_tost = None
        if margin is not None:
            if paired:
                b, a = prep.pairs[v]
            else:
                b, a = prep.groups[v], prep.groups[prep.control]
            p_tost = _tost(kind, t, b, a, margin, paired)
        verdict = decide(
            p_adjusted=float(p_adj[i]),
            ci_low=t.ci_low,
            ci_high=t.ci_high,
            null=null,
            direction=direction,
            alpha=alpha,
            small_overlap=small,
            p_tost=p_tost,
        )
        default = DEFAULT_MDE.get(kind)
        if default is None:
            sds = [a_.extra.get("sd", math.nan) for a_ in (ctrl, arm)]
            default = 0.5 * float(np.nanmean(sds)) if np.isfinite(sds).any() else 1.0
        more, more_n = _more_sentence(
            kind, t, ctrl.n, arm.n, level, mde, default, small, verdict in ("better", "worse")
        )
        caveat = _caveat(
            kind,
            verdict,
            t,
            ctrl.n,
            arm.n,
            level,
            small,
            margin,
            p_tost,
            (ctrl.variant, arm.variant),
        )
        rows.append(
            {
                "variant": v,
                "effect": _display(kind, t.effect),
                "effect_ci_low": _display(kind, t.ci_low),
                "effect_ci_high": _display(kind, t.ci_high),
                "effect_label": _LABEL[kind],
                "p_value": t.p_value,
                "p_adjusted": float(p_adj[i]),
                "prob_better": prob,
                "method": t.method,
                "verdict": verdict,
            }
        )
        details.append(
            {
                "variant": v,
                "statistic": t.statistic,
                "df": t.df,
                "se": t.se,
                "expected_loss": loss,
                "p_tost": p_tost,
                "more_per_variant": more_n,
                "caveat": caveat,
                "more": more,
            }
        )
    # sample ratio mismatch (between-subject only)
    srm_p = None
    if not paired:
        counts = np.array([prep.n_assigned[v] for v in prep.order], dtype=float)
        shares = np.array([(split or {}).get(v, 1.0) for v in prep.order], dtype=float)
        _, srm_p = m.srm_chisquare(counts, shares)
        if srm_p < SRM_ALPHA and counts.min() >= _SRM_MIN:
            planned = "the planned split" if split else "an equal split"
            warnings.append(
                f"Sample ratio mismatch: the variants have {', '.join(f'{int(c):,}' for c in counts)} "
                f"participants, which is unlikely under {planned} (chi-square p = {srm_p:.2g}). "
                "Check how people were assigned before trusting the result."
            )
    if plan is not None:
        n_per = {a_.variant: a_.n for a_ in arms}
        warnings.extend(plan.deviations(n_per_variant=n_per))
    for a_ in arms:
        if a_.n < 5:
            warnings.append(f"{a_.variant} has only {a_.n} participant(s) with a value.")
    dist = None
    if distribution:
        dist = _distribution(kind, prep, scale)
    arm_details = pd.DataFrame([{"variant": a_.variant, **a_.extra} for a_ in arms])
    return Comparison(
        metric=metric,
        kind=kind,
        control=prep.control,
        level=level,
        paired=paired,
        margin=margin,
        arms=pd.DataFrame(
            [(a_.variant, a_.n, a_.estimate, a_.lo, a_.hi) for a_ in arms], columns=ARM_COLUMNS
        ),
        table=pd.DataFrame(rows, columns=TABLE_COLUMNS),
        details=pd.DataFrame(details),
        arm_details=arm_details,
        distribution=dist,
        plan_sha256=None if plan is None else plan.sha256,
        srm_p=srm_p,
        notes=notes,
        warnings=warnings,
    )


def _distribution(kind: str, prep: _Prepared, scale: int) -> pd.DataFrame | None:
    """Aggregated distributions for charts (never raw values)."""
    if kind == "time":
        allv = np.concatenate(list(prep.groups.values()))
        edges = np.unique(np.geomspace(allv.min(), allv.max() * 1.0001, 16))
        rows = []
        for v in prep.order:
            counts, _ = np.histogram(prep.groups[v], bins=edges)
            for lo, hi, c in zip(edges[:-1], edges[1:], counts, strict=True):
                rows.append(
                    {
                        "variant": v,
                        "seconds_from": float(lo),
                        "seconds_to": float(hi),
                        "participants": int(c),
                        "share": c / len(prep.groups[v]),
                    }
                )
        return pd.DataFrame(rows)
    if kind == "likert":
        rows = []
        for v in prep.order:
            y = prep.groups[v]
            for level_ in range(1, scale + 1):
                c = int((y == level_).sum())
                rows.append(
                    {"variant": v, "response": level_, "participants": c, "share": c / len(y)}
                )
        return pd.DataFrame(rows)
    return None


# ----------------------------------------------------------------------------- public API


def compare(
    data: pd.DataFrame,
    *,
    variant: str,
    metric: str,
    kind: str,
    control: str | None = None,
    participant: str | None = None,
    paired: bool = False,
    margin: float | None = None,
    level: float = 0.95,
    scale: int = 5,
    better: str | None = None,
    plan: Plan | None = None,
) -> Comparison:
    """Compare every variant against control on one metric, from raw participant rows.

    The method follows the metric's ``kind`` and the design, and is named in the result:

    ========== ============================== ======================================
    kind       estimate per arm (interval)    comparison (effect, interval)
    ========== ============================== ======================================
    binary     proportion (adjusted Wald)     N-1 two-proportion test, or Fisher
                                              exact when an expected cell < 1;
                                              difference, Newcombe hybrid score
    time       geometric mean (t on logs)     Welch t on log times; ratio of
                                              geometric means
    continuous mean (t)                       Welch t; difference in means
    sus        mean (t), grade, t vs 68       Welch t; difference in means
    likert     top-2-box share (adj. Wald),   Brunner-Munzel (Mann-Whitney when its
               median in ``arm_details``      variance is 0); probability of
                                              superiority
    count      events per participant         Poisson rate ratio; negative binomial
               (Garwood exact)                when Pearson dispersion > 1.5
    ========== ============================== ======================================

    Paired designs (``paired=True``): McNemar exact (binary), paired t on log times (time),
    paired t (continuous, sus), Wilcoxon signed-rank (likert, count).

    Parameters
    ----------
    data : DataFrame
        One row per participant (per participant and variant when paired).
    variant, metric : str
        Column names of the variant and of the metric.
    kind : {"binary", "time", "continuous", "likert", "count", "sus"}
    control : str, optional
        The control variant; defaults to the first variant in sorted (or categorical) order.
    participant : str, optional
        Participant id column; defaults to ``"participant"`` if there is one. Used to refuse
        repeated participants in between-subject designs and to match pairs.
    paired : bool, default False
        The same participants tried every variant.
    margin : float, optional
        Equivalence margin on the effect scale (difference; for time and count a relative
        margin: 0.1 means ratios within 1/1.1 to 1.1); enables the TOST equivalence verdict.
    level : float, default 0.95
        Confidence level; alpha = 1 - level.
    scale : int, default 5
        Points of a Likert scale (values must be whole numbers 1..scale).
    better : {"higher", "lower"}, optional
        Direction of improvement; defaults to lower for time and count, higher otherwise.
    plan : Plan, optional
        An analysis plan (:func:`read_plan`): its mde, split and planned n are used,
        deviations are flagged and its SHA-256 is stamped into the summary.

    Returns
    -------
    Comparison
        ``.arms``, ``.table``, ``.details``, ``.arm_details``, ``.summary()``, ``.chart()``.

    Raises
    ------
    DataError
        Listing every bad cell, unknown control, empty variant, repeated participant or
        missing pair (file, row, column, value, expected).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"variant": ["A"] * 5 + ["B"] * 5,
    ...                    "done": [1, 1, 1, 1, 0] + [1] * 5})
    >>> r = compare(df, variant="variant", metric="done", kind="binary", control="A")
    >>> r.arms[["variant", "n", "estimate"]].to_dict("records")
    [{'variant': 'A', 'n': 5, 'estimate': 0.8}, {'variant': 'B', 'n': 5, 'estimate': 1.0}]
    >>> r.table.loc[0, "method"]
    'Fisher exact test (two-sided); Newcombe interval'
    >>> r.table.loc[0, "verdict"]
    'not enough evidence yet'
    """
    if not 0.5 < level < 1:
        msg = f"level must be between 0.5 and 1 (e.g. 0.95), got {level!r}."
        raise ValueError(msg)
    if margin is not None and not margin > 0:
        msg = f"margin must be a positive number on the effect scale, got {margin!r}."
        raise ValueError(msg)
    if better not in (None, "higher", "lower"):
        msg = f"better must be 'higher' or 'lower', got {better!r}."
        raise ValueError(msg)
    if plan is not None:
        scale = plan.likert_scale if scale == 5 else scale
        control = control if control is not None else plan.control
    prep = _prepare(
        data,
        variant=variant,
        metric=metric,
        kind=kind,
        control=control,
        participant=participant,
        paired=paired,
        scale=scale,
    )
    direction = DIRECTION[kind] if better is None else (1 if better == "higher" else -1)
    split = plan.split if plan is not None and plan.split else None
    return _analyse(
        prep,
        metric=metric,
        kind=kind,
        paired=paired,
        margin=margin,
        level=level,
        scale=scale,
        direction=direction,
        plan=plan,
        split=split,
    )


def compare_counts(
    successes: dict[str, int] | pd.Series,
    trials: dict[str, int] | pd.Series,
    *,
    control: str | None = None,
    level: float = 0.95,
    margin: float | None = None,
    metric: str = "success",
    split: dict[str, float] | None = None,
) -> Comparison:
    """Compare binary outcomes given as counts per variant (successes out of trials).

    Same methods and output as ``compare(..., kind="binary")``.

    Examples
    --------
    >>> r = compare_counts({"A": 120, "B": 150}, {"A": 1000, "B": 1000}, control="A")
    >>> r.table.loc[0, ["variant", "verdict"]].tolist()
    ['B', 'better']
    >>> round(float(r.table.loc[0, "effect"]), 3)
    0.03
    """
    s = (
        pd.Series(successes, dtype="float64")
        if not isinstance(successes, pd.Series)
        else (successes.astype("float64"))
    )
    t = (
        pd.Series(trials, dtype="float64")
        if not isinstance(trials, pd.Series)
        else (trials.astype("float64"))
    )
    pc = ProblemCollector(None)
    for v in s.index.union(t.index):
        sv, tv = s.get(v), t.get(v)
        if sv is None or tv is None or pd.isna(sv) or pd.isna(tv):
            pc.add(
                row=str(v),
                column="successes/trials",
                value=(sv, tv),
                expected="both a success count and a trial count for every variant",
            )
        elif tv < 1 or sv < 0 or sv > tv or sv != round(sv) or tv != round(tv):
            pc.add(
                row=str(v),
                column="successes/trials",
                value=(sv, tv),
                expected="whole numbers with 0 <= successes <= trials and trials >= 1",
            )
    order = [str(v) for v in t.index]
    if control is not None and str(control) not in order:
        pc.add(
            row=None,
            column="control",
            value=control,
            expected=f"one of the variants: {', '.join(order)}",
        )
    if len(order) < 2:
        pc.add(row=None, column="trials", value=len(order), expected="at least two variants")
    pc.raise_if_any()
    notes = []
    if control is None:
        control = order[0]
        notes.append(f"No control was named, so {control!r} (first given) was used.")
    control = str(control)
    order = [control] + [v for v in order if v != control]
    groups = {}
    for v in order:
        n = int(t[v])
        x = int(s[v])
        groups[v] = np.concatenate([np.ones(x), np.zeros(n - x)])
    prep = _Prepared(groups, order, control, {}, notes, {v: int(t[v]) for v in order})
    return _analyse(
        prep,
        metric=metric,
        kind="binary",
        paired=False,
        margin=margin,
        level=level,
        scale=5,
        direction=1,
        plan=None,
        split=split,
        distribution=False,
    )
