"""Sample-size planning and power curves.

Methods (per variant, two-sided test at ``alpha``):

* **binary**: normal test on Cohen's effect size h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p0));
  n_control = ((z_{1-alpha/2} + z_power) / h)^2 (1 + 1/ratio), as statsmodels
  ``NormalIndPower``.
* **likert**: sized for the test the analysis runs (Brunner-Munzel on the probability of
  superiority p = P(variant > control) + 0.5 P(tie)), by Noether's (1987) formula
  N = (z_{1-alpha/2} + z_power)^2 / (12 t (1 - t) (p - 1/2)^2), t = n_control / N.
  ``mde`` is p - 0.5 (0.1 plans for p = 0.6). Noether takes the placement variance 1/12
  of untied data; ties lower it, so on Likert data that plan is safe but too large
  (realised power 0.833 for a planned 0.80 on typical five-point answers). Given the
  control's answer ``shares`` (``next_round`` passes the observed ones), the plan is
  Happ, Bathke & Brunner's (2019) with ties: the variant's answers are the control's
  shifted on a latent normal scale to probability of superiority p, and
  n_control = ((z_{1-alpha/2} sigma_0 + z_power v) / (p - 1/2))^2 (1 + 1/ratio) with the
  null and alternative standard deviations of :func:`._ordinal.rank_power_sds`.
  ``baseline`` (the control's top-2-box share) only words the plan. It sized on the
  top-2-box share (Cohen's h) before, which is not what the test compares: realised
  power was 0.71 for a planned 0.80.
* **continuous, sus**: two-sample t test, d = mde / sd, power from the noncentral t
  distribution with n_control + n_variant - 2 degrees of freedom, solved for n (as
  statsmodels ``TTestIndPower``).
* **time**: the same t test on log times, d = |log(1 - mde)| / sd_log, where ``mde`` is the
  relative reduction in the geometric mean time (0.2 = 20% faster) and ``sd`` the standard
  deviation of log times. Everything stays on the log scale the analysis tests on: the
  effect is a log ratio, the spread the SD of log times (``next_round`` passes the
  control's ``sd_log``), the critical values are Student t (noncentral t power, as
  statsmodels ``TTestIndPower``), never normal. Knowing only the mean and SD of raw times,
  a log-normal model gives sd_log = sqrt(log(1 + (SD / mean)^2)); the SD in seconds must
  not be used as ``sd``. At the planned n the realised power of Welch's t on log times is
  0.80 within Monte Carlo error (``benchmarks/verdicts.py``; a test checks it with scipy).
* **count**: Wald test of the log rate ratio of two Poisson rates, baseline rate and
  relative change ``mde``: n_control = (z_{1-alpha/2} + z_power)^2 (1/l0 + 1/(ratio l1)) /
  log(l1/l0)^2.
* **clusters**: with an intra-class correlation ``icc`` and ``cluster_size`` m, every n is
  multiplied by the design effect 1 + (m - 1) icc (Kish 1965).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from .._result import Result
from ..i18n import _, fmt_int
from ._charts import power_chart
from ._kinds import KIND, KINDS
from ._text import fixed, pct, sig

__all__ = ["sample_size", "SampleSize", "KINDS", "n_per_arm_to_detect"]


def _z(q: float) -> float:
    return float(stats.norm.ppf(q))


def _normal_power(
    effect: float, n1: float, ratio: float, alpha: float, s0: float = 1.0, s1: float = 1.0
) -> float:
    """Two-sided power of a z test of ``effect`` with n1 and n1*ratio, when the statistic's
    per-participant standard deviation is ``s0`` under no difference and ``s1`` under the
    effect (both 1 for a standardised effect)."""
    nc = abs(effect) * math.sqrt(n1 / (1 + 1 / ratio))
    crit = _z(1 - alpha / 2) * s0
    return float(stats.norm.sf((crit - nc) / s1) + stats.norm.cdf((-crit - nc) / s1))


def _t_power(d: float, n1: float, ratio: float, alpha: float) -> float:
    n2 = n1 * ratio
    df = n1 + n2 - 2
    if df <= 0:
        return math.nan
    nc = abs(d) * math.sqrt(n1 * n2 / (n1 + n2))
    crit = float(stats.t.ppf(1 - alpha / 2, df))
    return float(stats.nct.sf(crit, df, nc) + stats.nct.cdf(-crit, df, nc))


def _solve(power_fn: Any, power: float) -> float:
    lo, hi = 2.0, 4.0
    while power_fn(hi) < power:
        hi *= 2
        if hi > 1e12:
            return math.inf
    return float(optimize.brentq(lambda n: power_fn(n) - power, lo, hi, xtol=1e-6))


@dataclass(frozen=True)
class _PowerInputs:
    """What a sample-size calculation is for (kept on :class:`SampleSize`)."""

    kind: str
    baseline: float
    mde: float
    alpha: float
    ratio: float
    sd: float | None
    deff: float
    shares: tuple[float, ...] | None = None

    def effect(self) -> tuple[float, str]:
        """Standardised effect and the name of the test it feeds (from the metric kind)."""
        return KIND[self.kind].power_effect(self.baseline, self.mde, self.sd, self.ratio)

    def spread(self) -> tuple[float, float]:
        """(null, alternative) standard deviations of the normal planner (1, 1 mostly)."""
        return KIND[self.kind].power_spread(self.mde, self.ratio, self.shares)

    def power_at(self, n_control: float) -> float:
        """Power with ``n_control`` participants in control (before the design effect)."""
        eff, _ = self.effect()
        n = n_control / self.deff
        if KIND[self.kind].power_test == "t":
            return _t_power(eff, n, self.ratio, self.alpha)
        return _normal_power(eff, n, self.ratio, self.alpha, *self.spread())


class SampleSize(Result):
    """Planned participants per variant for a two-arm comparison, with a power curve.

    Attributes
    ----------
    kind, baseline, mde, sd, alpha, ratio, power
        The inputs the plan was made from (see :func:`sample_size`).
    n_control, n_variant : int
        Participants needed in the control arm and in each other variant.
    total : int
        Participants for one control and one variant.
    design_effect : float
        1 + (m - 1) ICC for cluster randomisation, else 1.
    method : str
        The test the calculation assumes.
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        """``Sample size`` in the current language."""
        return _("Sample size")

    def __init__(self, design: _PowerInputs, power: float, n_control: int, method: str) -> None:
        self._design = design
        self.kind = design.kind
        self.baseline = design.baseline
        self.mde = design.mde
        self.sd = design.sd
        self.alpha = design.alpha
        self.ratio = design.ratio
        self.power = power
        self.n_control = n_control
        self.n_variant = int(math.ceil(n_control * design.ratio - 1e-9))
        self.total = self.n_control + self.n_variant
        self.design_effect = design.deff
        self.method = method
        self._warnings: list[str] = []
        if design.deff > 1:
            self._warnings.append(
                _("Includes a design effect of {deff} for cluster randomisation.").format(
                    deff=fixed(design.deff, 2)
                )
            )

    @property
    def difference_text(self) -> str:
        """The difference the plan is for, in words."""
        d = self._design
        return KIND[d.kind].power_text(d.baseline, d.mde, d.sd)

    def summary(self) -> str:
        """Plain-language statement of the planned sample."""
        d = self._design
        return _(
            "To detect {difference} with {power} power at a two-sided significance level "
            "of {alpha}, plan about {n_control} participants in control and {n_variant} in "
            "each other variant ({method})."
        ).format(
            difference=self.difference_text,
            power=pct(self.power),
            alpha=sig(d.alpha, 6),
            n_control=fmt_int(self.n_control),
            n_variant=fmt_int(self.n_variant),
            method=_(self.method),
        )

    def curve(self, points: int = 40) -> pd.DataFrame:
        """Power against participants per variant (control arm), from 10% to 250% of n."""
        ns = np.unique(
            np.round(
                np.linspace(max(4, self.n_control * 0.1), max(8, self.n_control * 2.5), points)
            )
        )
        powers = [self._design.power_at(float(n)) for n in ns]
        return pd.DataFrame({"participants_per_variant": ns.astype(int), "power": powers})

    def chart(self) -> Any:
        """Power curve with the planned sample marked."""
        return power_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [
            (
                _("Planned sample"),
                pd.DataFrame(
                    {
                        _("arm"): [_("control"), _("each other variant")],
                        _("participants"): [self.n_control, self.n_variant],
                    }
                ),
            )
        ]


def sample_size(
    kind: str,
    *,
    baseline: float,
    mde: float,
    power: float = 0.8,
    alpha: float = 0.05,
    ratio: float = 1.0,
    sd: float | None = None,
    icc: float | None = None,
    cluster_size: int | None = None,
    shares: tuple[float, ...] | list[float] | None = None,
) -> SampleSize:
    """Participants per variant needed to detect a difference of ``mde``.

    Parameters
    ----------
    kind : {"binary", "time", "continuous", "likert", "count", "sus"}
        The metric kind (see the module notes for the test each one assumes).
    baseline : float
        Control arm's expected value: proportion (binary; top-2-box share for likert, used
        only in the wording), mean (continuous, sus), geometric mean seconds (time), events
        per participant (count).
    mde : float
        Minimum detectable effect: absolute change in proportion (binary), probability of
        superiority minus 0.5 (likert; 0.1 = 0.6), difference in means (continuous, sus),
        relative reduction (time, count; 0.2 = 20%).
    power : float, default 0.8
    alpha : float, default 0.05
        Two-sided significance level.
    ratio : float, default 1.0
        Participants in each variant per participant in control.
    sd : float, optional
        Standard deviation (continuous, sus) or standard deviation of log times (time);
        required for those kinds.
    icc, cluster_size : optional
        Intra-class correlation and participants per cluster, for cluster randomisation.
    shares : sequence of float, optional
        likert only: the control's answer shares on 1..scale (a pilot, or the last round;
        ``Comparison.next_round`` passes them). The plan then includes the ties such
        answers have (Happ et al. 2019); without them Noether's formula is used.

    Returns
    -------
    SampleSize
        With ``n_control``, ``n_variant``, ``total``, ``summary()`` and a power curve
        ``chart()``.

    Examples
    --------
    >>> s = sample_size("binary", baseline=0.6, mde=0.1)
    >>> s.n_control, s.n_variant
    (356, 356)
    >>> sample_size("continuous", baseline=68, mde=10, sd=20).n_control
    64
    >>> sample_size("likert", baseline=0.4, mde=0.1).n_control  # Noether: p = 0.6
    131
    """
    problems = []
    if kind not in KINDS:
        problems.append(
            _("kind must be one of {kinds}, got {kind}").format(
                kinds=", ".join(map(repr, KINDS)), kind=repr(kind)
            )
        )
    if not 0 < power < 1:
        problems.append(_("power must be between 0 and 1, got {power}").format(power=repr(power)))
    if not 0 < alpha < 1:
        problems.append(_("alpha must be between 0 and 1, got {alpha}").format(alpha=repr(alpha)))
    if not ratio > 0:
        problems.append(_("ratio must be positive, got {ratio}").format(ratio=repr(ratio)))
    if mde == 0:
        problems.append(_("mde must not be 0"))
    shares = None if shares is None else tuple(float(x) for x in shares)
    if kind in KINDS:
        problems.extend(KIND[kind].power_problems(baseline, mde, sd))
        problems.extend(KIND[kind].shares_problems(mde, shares))
    if (icc is None) != (cluster_size is None):
        problems.append(_("give both icc and cluster_size, or neither"))
    if icc is not None and not 0 <= icc <= 1:
        problems.append(_("icc must be between 0 and 1, got {icc}").format(icc=repr(icc)))
    if cluster_size is not None and cluster_size < 1:
        problems.append(
            _("cluster_size must be at least 1, got {size}").format(size=repr(cluster_size))
        )
    if problems:
        msg = _("Cannot plan the sample: {problems}.").format(problems="; ".join(problems))
        raise ValueError(msg)
    deff = 1.0 if icc is None else 1 + (float(cluster_size) - 1) * float(icc)
    design = _PowerInputs(
        kind,
        float(baseline),
        float(mde),
        float(alpha),
        float(ratio),
        None if sd is None else float(sd),
        deff,
        shares,
    )
    eff, method = design.effect()
    if KIND[kind].power_test == "t":
        n1 = _solve(lambda n: _t_power(eff, n, ratio, alpha), power)
    else:
        s0, s1 = design.spread()
        n1 = ((_z(1 - alpha / 2) * s0 + _z(power) * s1) / eff) ** 2 * (1 + 1 / ratio)
    n_control = int(math.ceil(n1 * deff - 1e-9))
    return SampleSize(design, power, n_control, method)


def n_per_arm_to_detect(
    se: float,
    n_a: float,
    n_b: float,
    delta: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    t: bool = False,
) -> float:
    """Participants per arm (equal arms) for a z test to detect ``delta`` on the effect's
    scale, given the current standard error ``se`` with arms of ``n_a`` and ``n_b``.

    The per-participant variance V = se^2 / (1/n_a + 1/n_b) is taken from the data; then
    n = 2 V (z_{1-alpha/2} + z_power)^2 / delta^2. With ``t=True`` (kinds tested with a t
    test: time on the log scale, continuous, sus) the quantiles are Student t with
    2n - 2 degrees of freedom, solved by fixed-point iteration from the normal answer, so
    small plans are not too small.

    Examples
    --------
    >>> z = n_per_arm_to_detect(0.2, 10, 10, 0.5)
    >>> tt = n_per_arm_to_detect(0.2, 10, 10, 0.5, t=True)  # TTestIndPower: 13.589
    >>> round(z, 2), round(tt, 2)
    (12.56, 13.59)
    """
    if not (se > 0 and math.isfinite(se)) or delta == 0:
        return math.nan
    v = se**2 / (1 / n_a + 1 / n_b)
    n = 2 * v * (_z(1 - alpha / 2) + _z(power)) ** 2 / delta**2
    if t and n >= 2:  # below 2 per arm there are no degrees of freedom to speak of
        for _ in range(30):
            df = 2 * n - 2
            q = float(stats.t.ppf(1 - alpha / 2, df) + stats.t.ppf(power, df))
            new = 2 * v * q * q / delta**2
            if abs(new - n) < 1e-4 * n:
                return new
            n = new
    return n
