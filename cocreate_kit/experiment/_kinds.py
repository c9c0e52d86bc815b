"""Metric kinds as data: one object per kind holds everything that differs between kinds.

A :class:`Kind` knows how to turn a column into numbers (and which cells are bad), how to
estimate one arm, how to compare two arms (between- and within-subject), the equivalence
test, the value meaning "no difference", the direction of improvement, the labels and
number formats, the default smallest meaningful difference and the inputs of the
sample-size planner. The comparison code (:mod:`._compare`) asks the kind and never
branches on its name. The registry :data:`KIND` maps each name of
:data:`~cocreate_kit.experiment._power.KINDS` to its object.

Examples
--------
>>> KIND["time"].direction, KIND["time"].fmt(0.8, effect=True), KIND["binary"].fmt(0.25)
(-1, '0.80x', '25%')
>>> sorted(KIND) == sorted(KINDS)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from .._sus import SUS_BENCHMARK, sus_grade
from . import _bayes
from . import _methods as m
from ._power import KINDS
from ._verdict import DEFAULT_MDE

__all__ = ["KIND", "Arm", "Kind", "get_kind", "OVERDISPERSION"]

#: Pearson dispersion above which counts are modelled as negative binomial.
OVERDISPERSION = 1.5

_BIN_TRUE = {"1", "1.0", "true", "yes", "y", "ja", "j", "completed", "success"}
_BIN_FALSE = {"0", "0.0", "false", "no", "n", "nej", "failed", "failure"}


@dataclass
class Arm:
    """One arm's estimate and interval, with kind-specific extras for ``arm_details``."""

    variant: str
    n: int
    estimate: float
    lo: float
    hi: float
    extra: dict[str, Any] = field(default_factory=dict)


class Kind:
    """What a metric kind means; subclasses override what differs (see the module notes)."""

    name: ClassVar[str]
    #: What the per-arm estimate is ("proportion", "geometric mean", ...).
    estimate: ClassVar[str]
    #: What the effect is (``effect_label`` in ``Comparison.table``).
    label: ClassVar[str]
    #: "No difference" on the test scale (likert: probability of superiority 0.5).
    null: ClassVar[float] = 0.0
    #: +1 when higher is better, -1 when lower is better.
    direction: ClassVar[int] = 1
    #: Fewest values per arm the methods need.
    min_values: ClassVar[int] = 1
    #: Estimates are shares (charts use a % axis).
    percent: ClassVar[bool] = False
    #: The effect is a ratio, tested on the log scale (shown as exp(effect)).
    ratio: ClassVar[bool] = False
    #: Per-arm spread stored in ``arm_details`` that the planner uses (None: not needed).
    spread: ClassVar[str | None] = None
    #: Unit of the planner's ``difference`` (see :meth:`planning_inputs`).
    planning_unit: ClassVar[str] = "% of the control mean"
    expected: ClassVar[str] = "a number"

    def __repr__(self) -> str:
        return f"<kind {self.name}>"

    # ------------------------------------------------------------------ data
    def coerce(self, raw: pd.Series, scale: int) -> tuple[pd.Series, pd.Series, str]:
        """Numbers for the column ``raw``, the mask of bad non-empty cells, the expectation."""
        numeric = pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw)
        if numeric:
            empty = raw.isna()  # fast path for numeric columns: no text conversion needed
        else:
            empty = raw.isna() | (raw.astype("string").str.strip() == "")
        vals = pd.to_numeric(raw, errors="coerce").astype("float64")
        bad = (~empty & vals.isna()) | (vals.notna() & self._invalid(vals, scale))
        return vals, bad, self._expected(scale)

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return ~np.isfinite(vals)

    def _expected(self, scale: int) -> str:
        return self.expected

    # ------------------------------------------------------------------ statistics
    def model(self, groups: list[np.ndarray]) -> tuple[Any, list[str]]:
        """A model fitted to all arms together (count: overdispersion), and notes on it."""
        return None, []

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        """Estimate and interval of one arm."""
        mean, lo, hi = m.t_interval(y, level)
        return Arm(variant, len(y), mean, lo, hi, {"sd": _sd(y)})

    def test(self, b: np.ndarray, a: np.ndarray, level: float, model: Any) -> m.Test:
        """Variant ``b`` against control ``a``, between-subject; effect on the test scale."""
        return m.welch(b, a, level)

    def paired_test(self, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
        """Variant ``b`` against control ``a`` for the same participants (aligned arrays)."""
        return m.paired_t(b - a, level)

    def tost(
        self, test: m.Test, b: np.ndarray, a: np.ndarray, margin: float, paired: bool
    ) -> float:
        """TOST p-value for |effect| < margin (ratios: +/- log(1 + margin))."""
        if not paired:
            return m.welch_tost(b, a, -margin, margin)
        return self._tost_from_test(test, margin)

    def _tost_from_test(self, test: m.Test, margin: float) -> float:
        mg = math.log(1 + margin) if self.ratio else margin
        if test.se == 0 or not math.isfinite(test.se):
            return 0.0 if abs(test.effect - self.null) < mg else 1.0
        dist = stats.t(test.df) if math.isfinite(test.df) else stats.norm
        p_low = dist.sf((test.effect - (self.null - mg)) / test.se)
        p_upp = dist.cdf((test.effect - (self.null + mg)) / test.se)
        return float(max(p_low, p_upp))

    def prob_better(
        self, ctrl: Arm, arm: Arm, test: m.Test, direction: int, paired: bool
    ) -> tuple[float, float]:
        """Probability the variant is better, and the expected loss (normal approximation)."""
        d = direction * (test.effect - self.null)
        return _bayes.normal_prob_better(d, test.se), _bayes.normal_expected_loss(d, test.se)

    def prob_note(self, paired: bool) -> str:
        """The sentence naming how ``prob_better`` was computed."""
        return "Probability better uses a normal approximation to the effect."

    def smallest_difference(self, ctrl: Arm, arm: Arm) -> float:
        """Default smallest meaningful difference on the test scale (:data:`DEFAULT_MDE`)."""
        default = DEFAULT_MDE.get(self.name)
        if default is not None:
            return default
        sds = [a.extra.get("sd", math.nan) for a in (ctrl, arm)]
        return 0.5 * float(np.nanmean(sds)) if np.isfinite(sds).any() else 1.0

    def distribution(
        self, groups: dict[str, np.ndarray], order: list[str], scale: int
    ) -> pd.DataFrame | None:
        """Aggregated distribution per arm for charts (never raw values), or None."""
        return None

    def planning_inputs(self, baseline: float, spread: float, difference: float) -> dict[str, Any]:
        """Keyword arguments of :func:`~cocreate_kit.experiment.sample_size` for the next round.

        ``baseline`` is the control arm's estimate, ``spread`` its :attr:`spread` from
        ``arm_details`` and ``difference`` in :attr:`planning_unit`.
        """
        sd = spread if spread > 0 else 1.0  # NaN (one value) is not > 0 either
        return {
            "kind": self.name,
            "baseline": baseline,
            "mde": abs(baseline) * difference or difference,
            "sd": sd,
        }

    # ------------------------------------------------------------------ words
    def display(self, x: float) -> float:
        """An effect on the scale people read (ratios instead of log ratios)."""
        return math.exp(x) if self.ratio else x

    def fmt(self, value: float, *, effect: bool = False) -> str:
        """An estimate (or, with ``effect=True``, an effect on the display scale) as text."""
        if not math.isfinite(value):
            return "unbounded"
        return self._fmt_effect(value) if effect else self._fmt_estimate(value)

    def _fmt_estimate(self, value: float) -> str:
        return f"{value:.1f}"

    def _fmt_effect(self, value: float) -> str:
        return f"{value:+.2f}"

    def mde_text(self, x: float) -> str:
        """A difference on the test scale in words."""
        return f"{x:.2g} units"


def _sd(y: np.ndarray) -> float:
    return float(np.std(y, ddof=1)) if len(y) > 1 else math.nan


class Binary(Kind):
    name = "binary"
    estimate = "proportion"
    label = "difference in proportion (variant - control)"
    percent = True
    planning_unit = "percentage points"
    expected = "0 or 1 (or yes/no, true/false)"

    def coerce(self, raw: pd.Series, scale: int) -> tuple[pd.Series, pd.Series, str]:
        numeric = pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw)
        if numeric:
            empty = raw.isna()
            vals = raw.astype("float64")
            bad = ~empty & ~vals.isin([0.0, 1.0])
            return vals.where(~bad), bad, self.expected
        text = raw.astype("string").str.strip()
        empty = raw.isna() | (text == "")
        low = text.str.lower()
        vals = pd.Series(np.nan, index=raw.index)
        vals[low.isin(_BIN_TRUE).fillna(False).to_numpy()] = 1.0
        vals[low.isin(_BIN_FALSE).fillna(False).to_numpy()] = 0.0
        return vals, ~empty & vals.isna(), self.expected

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        x = float(y.sum())
        lo, hi = m.agresti_coull(x, len(y), level)
        return Arm(variant, len(y), x / len(y), lo, hi, {"successes": int(x)})

    def test(self, b: np.ndarray, a: np.ndarray, level: float, model: Any) -> m.Test:
        xb, nb, xa, na = float(b.sum()), len(b), float(a.sum()), len(a)
        diff = m.newcombe_diff(xb, nb, xa, na, level)
        if m.min_expected_count(xb, nb, xa, na) >= 1:
            z, p = m.n1_two_proportion(xb, nb, xa, na)
            name = "N-1 two-proportion test; Newcombe interval"
        else:
            z, p = math.nan, m.fisher_exact(int(xb), nb, int(xa), na)
            name = "Fisher exact test (two-sided); Newcombe interval"
        return m.Test(diff.effect, diff.ci_low, diff.ci_high, p, diff.se, name, z)

    def paired_test(self, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
        n11 = int(((b == 1) & (a == 1)).sum())
        n10 = int(((b == 1) & (a == 0)).sum())
        n01 = int(((b == 0) & (a == 1)).sum())
        n00 = int(((b == 0) & (a == 0)).sum())
        t = m.agresti_min_paired_diff(n11, n10, n01, n00, level)
        name = "McNemar exact test; Agresti-Min interval"
        return m.Test(t.effect, t.ci_low, t.ci_high, t.p_value, t.se, name)

    def tost(
        self, test: m.Test, b: np.ndarray, a: np.ndarray, margin: float, paired: bool
    ) -> float:
        if paired:
            return self._tost_from_test(test, margin)
        return m.agresti_caffo_tost(float(b.sum()), len(b), float(a.sum()), len(a), -margin, margin)

    def prob_better(
        self, ctrl: Arm, arm: Arm, test: m.Test, direction: int, paired: bool
    ) -> tuple[float, float]:
        """Exact Beta-binomial with uniform Beta(1, 1) priors (between-subject)."""
        if paired:
            return super().prob_better(ctrl, arm, test, direction, paired)
        xa, na, xb, nb = ctrl.extra["successes"], ctrl.n, arm.extra["successes"], arm.n
        pa = (1 + xa, 1 + na - xa)
        pb = (1 + xb, 1 + nb - xb)
        if direction < 0:
            return 1 - _bayes.prob_b_beats_a(*pa, *pb), _bayes.beta_expected_loss(*pb, *pa)
        return _bayes.prob_b_beats_a(*pa, *pb), _bayes.beta_expected_loss(*pa, *pb)

    def prob_note(self, paired: bool) -> str:
        if paired:
            return super().prob_note(paired)
        return (
            "Probability better uses a uniform Beta(1, 1) prior for each arm (exact Beta-binomial)."
        )

    def planning_inputs(self, baseline: float, spread: float, difference: float) -> dict[str, Any]:
        """Baseline clipped to 1%..99%; the difference turns negative near the ceiling."""
        base = min(max(baseline, 0.01), 0.99)
        mde = difference if base + difference < 1 else -difference
        return {"kind": self.name, "baseline": base, "mde": mde}

    def _fmt_estimate(self, value: float) -> str:
        return f"{value:.0%}"

    def _fmt_effect(self, value: float) -> str:
        return f"{value * 100:+.1f} points"

    def mde_text(self, x: float) -> str:
        return f"{x * 100:.0f} percentage points"


class Time(Kind):
    name = "time"
    estimate = "geometric mean"
    label = "ratio of geometric mean times (variant / control)"
    direction = -1
    min_values = 2
    ratio = True
    spread = "sd_log"
    planning_unit = "% shorter times"
    expected = "a positive number of seconds"

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return ~(vals > 0)

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        logs = np.log(y)
        mean, lo, hi = m.t_interval(logs, level)
        extra = {"median": float(np.median(y)), "arithmetic_mean": float(np.mean(y))}
        return Arm(
            variant,
            len(y),
            math.exp(mean),
            math.exp(lo),
            math.exp(hi),
            extra | {"sd_log": _sd(logs)},
        )

    def test(self, b: np.ndarray, a: np.ndarray, level: float, model: Any) -> m.Test:
        t = m.welch(np.log(b), np.log(a), level)
        name = "Welch t test on log times"
        return m.Test(t.effect, t.ci_low, t.ci_high, t.p_value, t.se, name, t.statistic, t.df)

    def paired_test(self, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
        t = m.paired_t(np.log(b) - np.log(a), level)
        name = "paired t test on log times"
        return m.Test(t.effect, t.ci_low, t.ci_high, t.p_value, t.se, name, t.statistic, t.df)

    def tost(
        self, test: m.Test, b: np.ndarray, a: np.ndarray, margin: float, paired: bool
    ) -> float:
        if paired:
            return self._tost_from_test(test, margin)
        mg = math.log(1 + margin)
        return m.welch_tost(np.log(b), np.log(a), -mg, mg)

    def distribution(
        self, groups: dict[str, np.ndarray], order: list[str], scale: int
    ) -> pd.DataFrame:
        """Histogram per arm on 15 log-spaced bins shared by all arms."""
        allv = np.concatenate(list(groups.values()))
        edges = np.unique(np.geomspace(allv.min(), allv.max() * 1.0001, 16))
        rows = []
        for v in order:
            counts, _ = np.histogram(groups[v], bins=edges)
            for lo, hi, c in zip(edges[:-1], edges[1:], counts, strict=True):
                rows.append(
                    {
                        "variant": v,
                        "seconds_from": float(lo),
                        "seconds_to": float(hi),
                        "participants": int(c),
                        "share": c / len(groups[v]),
                    }
                )
        return pd.DataFrame(rows)

    def planning_inputs(self, baseline: float, spread: float, difference: float) -> dict[str, Any]:
        """Relative reduction of the geometric mean; ``spread`` is the SD of log times."""
        return {"kind": self.name, "baseline": max(baseline, 1e-9), "mde": difference, "sd": spread}

    def _fmt_estimate(self, value: float) -> str:
        return f"{value:.1f} s"

    def _fmt_effect(self, value: float) -> str:
        return f"{value:.2f}x"

    def mde_text(self, x: float) -> str:
        return f"{(1 - math.exp(-x)) * 100:.0f}% (shorter times)"


class Continuous(Kind):
    name = "continuous"
    estimate = "mean"
    label = "difference in means (variant - control)"
    min_values = 2
    spread = "sd"


class Sus(Continuous):
    name = "sus"
    estimate = "mean SUS score"
    label = "difference in mean SUS score (variant - control)"
    expected = "a SUS score from 0 to 100"

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return (vals < 0) | (vals > 100)

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        out = super().arm(variant, y, level, scale, model)
        _, p = m.one_sample_t(y, SUS_BENCHMARK)
        out.extra |= {"grade": sus_grade(out.estimate), "p_vs_68": p}
        return out

    def mde_text(self, x: float) -> str:
        return f"{x:.2g} SUS points"


class Likert(Kind):
    name = "likert"
    estimate = "top-2-box share"
    label = "probability of superiority P(variant > control) + 0.5 P(tie)"
    null = 0.5
    percent = True
    planning_unit = "percentage points (top-2-box)"

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return (vals < 1) | (vals > scale) | (vals != np.round(vals))

    def _expected(self, scale: int) -> str:
        return f"a whole number on the 1 to {scale} scale"

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        n = len(y)
        top2 = float((y >= scale - 1).sum())
        lo, hi = m.agresti_coull(top2, n, level)
        extra = {"median": float(np.median(y)), "mean": float(np.mean(y))}
        return Arm(variant, n, top2 / n, lo, hi, extra)

    def test(self, b: np.ndarray, a: np.ndarray, level: float, model: Any) -> m.Test:
        bm = m.brunner_munzel(b, a, level)
        return bm if bm is not None else m.mann_whitney(b, a, level)

    def paired_test(self, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
        d = b - a
        stat, p, name = m.wilcoxon_signed_rank(d)
        n = len(d)
        score = float((d > 0).sum() + 0.5 * (d == 0).sum())
        lo, hi = m.agresti_coull(score, n, level)
        se = (hi - lo) / (2 * m.z_crit(level))
        method = f"{name}; within-pair probability of superiority"
        return m.Test(score / n, lo, hi, p, se, method, stat)

    def tost(
        self, test: m.Test, b: np.ndarray, a: np.ndarray, margin: float, paired: bool
    ) -> float:
        return self._tost_from_test(test, margin)

    def distribution(
        self, groups: dict[str, np.ndarray], order: list[str], scale: int
    ) -> pd.DataFrame:
        """Participants and share per response 1..scale per arm."""
        rows = []
        for v in order:
            y = groups[v]
            for response in range(1, scale + 1):
                c = int((y == response).sum())
                rows.append(
                    {"variant": v, "response": response, "participants": c, "share": c / len(y)}
                )
        return pd.DataFrame(rows)

    planning_inputs = Binary.planning_inputs

    def _fmt_estimate(self, value: float) -> str:
        return f"{value:.0%}"

    def _fmt_effect(self, value: float) -> str:
        return f"{value:.2f}"

    def mde_text(self, x: float) -> str:
        return f"a probability of superiority of {0.5 + x:.2f}"


@dataclass(frozen=True)
class _CountModel:
    overdispersed: bool
    alpha_nb: float


class Count(Kind):
    name = "count"
    estimate = "mean events per participant"
    label = "rate ratio (variant / control)"
    direction = -1
    ratio = True
    planning_unit = "% fewer events"
    expected = "a whole number of at least 0"

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return (vals < 0) | (vals != np.round(vals))

    def model(self, groups: list[np.ndarray]) -> tuple[_CountModel, list[str]]:
        """Negative binomial (NB2) when the Pearson dispersion exceeds :data:`OVERDISPERSION`."""
        y = np.concatenate(groups)
        g = np.concatenate([np.full(len(x), i) for i, x in enumerate(groups)])
        disp = m.pearson_dispersion(y, g)
        if math.isfinite(disp) and disp > OVERDISPERSION and len(y) >= 10:
            alpha_nb = m.negative_binomial_alpha(y, g)
            note = (
                f"Counts are overdispersed (Pearson dispersion {disp:.2f} > "
                f"{OVERDISPERSION}), so a negative binomial model was used "
                f"(alpha = {alpha_nb:.3f})."
            )
            return _CountModel(True, alpha_nb), [note]
        return _CountModel(False, 0.0), []

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        n = len(y)
        total = float(y.sum())
        if model.overdispersed and total > 0:
            mu = total / n
            se = math.sqrt((1 + model.alpha_nb * mu) / (n * mu))
            h = m.z_crit(level) * se
            lo, hi = mu * math.exp(-h), mu * math.exp(h)
        else:
            lo, hi = m.garwood(total, n, level)
        return Arm(variant, n, total / n, lo, hi, {"events": int(total)})

    def test(self, b: np.ndarray, a: np.ndarray, level: float, model: Any) -> m.Test:
        sb, sa = float(b.sum()), float(a.sum())
        if sb == 0 or sa == 0:
            return m.poisson_exact_conditional(int(sb), len(b), int(sa), len(a), level)
        if model.overdispersed:
            return m.negative_binomial_rate_ratio(sb, len(b), sa, len(a), model.alpha_nb, level)
        return m.poisson_rate_ratio(sb, len(b), sa, len(a), level)

    def paired_test(self, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
        stat, p, name = m.wilcoxon_signed_rank(b - a)
        rr = m.paired_rate_ratio(b, a, level)
        method = f"{name}; ratio of mean counts (delta method)"
        return m.Test(rr.effect, rr.ci_low, rr.ci_high, p, rr.se, method, stat)

    def tost(
        self, test: m.Test, b: np.ndarray, a: np.ndarray, margin: float, paired: bool
    ) -> float:
        return self._tost_from_test(test, margin)

    def planning_inputs(self, baseline: float, spread: float, difference: float) -> dict[str, Any]:
        """Relative reduction of the event rate."""
        return {"kind": self.name, "baseline": max(baseline, 1e-9), "mde": difference}

    def _fmt_estimate(self, value: float) -> str:
        return f"{value:.2f}"

    def _fmt_effect(self, value: float) -> str:
        return f"{value:.2f}x"

    def mde_text(self, x: float) -> str:
        return f"{(1 - math.exp(-x)) * 100:.0f}% (fewer events)"


#: One object per metric kind, by name.
KIND: dict[str, Kind] = {
    k.name: k for k in (Binary(), Time(), Continuous(), Likert(), Count(), Sus())
}
if set(KIND) != set(KINDS):  # pragma: no cover - a programming error, caught on import
    msg = f"the kind registry {sorted(KIND)} does not match KINDS {sorted(KINDS)}"
    raise RuntimeError(msg)


def get_kind(name: str) -> Kind:
    """The :class:`Kind` called ``name``.

    Examples
    --------
    >>> get_kind("count").label
    'rate ratio (variant / control)'
    """
    return KIND[name]
