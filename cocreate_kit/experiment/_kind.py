"""The base :class:`Kind` (what a metric kind must answer) and the per-arm :class:`Arm`.

The six kinds themselves and their registry are in :mod:`._kinds`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from .._parse import numbers
from ..i18n import N_, _
from . import _bayes
from . import _methods as m
from ._text import fixed, sig
from ._verdict import DEFAULT_MDE

__all__ = ["Arm", "Kind", "KINDS"]

#: The metric kinds, in the order documentation lists them.
KINDS = ("binary", "time", "continuous", "likert", "count", "sus")


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
    planning_unit: ClassVar[str] = N_("% of the control mean")
    expected: ClassVar[str] = N_("a number")
    #: The per-arm aggregates the methods need (issue 12; computed by :mod:`._suffstats`).
    sufficient_statistics: ClassVar[str] = ""

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
        if not numeric and (vals.isna() & ~empty).any():
            # text cells pandas cannot read: decimal commas ("72,5"), see cocreate_kit._parse
            comma, _ = numbers(raw.where(vals.isna() & ~empty))
            vals = vals.fillna(comma)
        bad = (~empty & vals.isna()) | (vals.notna() & self._invalid(vals, scale))
        return vals, bad, self._expected(scale)

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return ~np.isfinite(vals)

    def _expected(self, scale: int) -> str:
        return _(self.expected)

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
        """TOST from the test's effect and standard error; NaN (never "equivalent") when
        the standard error is 0 or not finite: data without spread, or no events at all."""
        mg = math.log(1 + margin) if self.ratio else margin
        if not (test.se > 0 and math.isfinite(test.se)):
            return math.nan
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
        return _("Probability better uses a normal approximation to the effect.")

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
            return _("unbounded")
        return self._fmt_effect(value) if effect else self._fmt_estimate(value)

    def _fmt_estimate(self, value: float) -> str:
        return fixed(value, 1)

    def _fmt_effect(self, value: float) -> str:
        return fixed(value, 2, sign=True)

    def mde_text(self, x: float) -> str:
        """A difference on the test scale in words."""
        return _("{x} units").format(x=sig(x, 2))

    # ------------------------------------------------------------------ sample size
    #: The planner's test: "t" (noncentral t, solved for n) or "normal" (closed form).
    power_test: ClassVar[str] = "t"

    def power_problems(self, baseline: float, mde: float, sd: float | None) -> list[str]:
        """What is wrong with these planner inputs (empty when they are fine)."""
        if sd is None or not sd > 0:
            return [
                _("sd (a positive standard deviation) is required for {kind}").format(
                    kind=repr(self.name)
                )
            ]
        return []

    def power_effect(
        self, baseline: float, mde: float, sd: float | None, ratio: float
    ) -> tuple[float, str]:
        """Standardised effect for the planner, and the name of the test it assumes."""
        return mde / float(sd), N_("two-sample t test")

    def power_text(self, baseline: float, mde: float, sd: float | None) -> str:
        """The difference a plan is for, in words."""
        return _("a difference of {mde} (standard deviation {sd})").format(
            mde=sig(mde, 6), sd=sig(float(sd or 0), 6)
        )

    def power_spread(
        self, mde: float, ratio: float, shares: tuple[float, ...] | None
    ) -> tuple[float, float]:
        """Standard deviations (null, alternative) that scale the normal planner's critical
        value and power quantile; (1, 1) for a z test on a standardised effect."""
        return 1.0, 1.0

    def planning_with_distribution(
        self, inputs: dict[str, Any], distribution: pd.DataFrame | None, control: str
    ) -> dict[str, Any]:
        """The planner inputs, refined from the result's distribution table (as they are)."""
        return inputs

    def shares_problems(self, mde: float, shares: tuple[float, ...] | None) -> list[str]:
        """What is wrong with the planner's ``shares`` (only ordinal kinds use them)."""
        if shares is None:
            return []
        return [
            _("shares (answer shares of the control) are not used for {kind}").format(
                kind=repr(self.name)
            )
        ]


def _sd(y: np.ndarray) -> float:
    return float(np.std(y, ddof=1)) if len(y) > 1 else math.nan
