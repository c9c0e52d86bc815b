"""Metric kinds as data: one object per kind holds everything that differs between kinds.

A :class:`Kind` knows how to turn a column into numbers (and which cells are bad), how to
estimate one arm, how to compare two arms (between- and within-subject), the equivalence
test, the value meaning "no difference", the direction of improvement, the labels and
number formats, the default smallest meaningful difference and the inputs of the
sample-size planner, and the per-arm aggregates its method needs
(:attr:`Kind.sufficient_statistics`; the ``*_counts``/``*_from`` methods take them). The
comparison code (:mod:`._compare`) asks the kind and never
branches on its name. The registry :data:`KIND` maps each name of
:data:`KINDS` to its object. The base class is in :mod:`._kind`.

Why this module is long: the six kinds are kept side by side so that what differs between
them can be read at once, and each now words its numbers and planner text in the current
language (issue 13); splitting them would scatter one table across files.

Examples
--------
>>> KIND["time"].direction, KIND["time"].fmt(0.8, effect=True), KIND["binary"].fmt(0.25)
(-1, '0.80x', '25%')
>>> sorted(KIND) == sorted(KINDS)
True

Why this module is long: one class per kind keeps everything a kind means in one place, and
issue 12 added the entry points that take aggregates beside those that take rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._parse import DURATION_EXPECTED, booleans, durations
from .._sus import SUS_BENCHMARK, sus_grade
from ..i18n import N_, _
from . import _bayes
from . import _methods as m
from ._kind import KINDS, Arm, Kind, _sd
from ._ordinal import paired_superiority, rank_power_sds, shifted_shares, superiority_range
from ._text import fixed, pct, sig

__all__ = ["KIND", "KINDS", "Arm", "Kind", "get_kind", "OVERDISPERSION"]

#: Pearson dispersion above which count standard errors are widened (quasi-Poisson: the
#: dispersion used is max(1, Pearson dispersion); see :class:`Count`).
OVERDISPERSION = 1.0


class Binary(Kind):
    name = "binary"
    sufficient_statistics = "per arm: participants and successes; paired: the 2x2 table"
    estimate = N_("proportion")
    label = N_("difference in proportion (variant - control)")
    percent = True
    planning_unit = N_("percentage points")
    expected = N_("0 or 1 (or yes/no, ja/nej, true/false, completed/failed)")

    def coerce(self, raw: pd.Series, scale: int) -> tuple[pd.Series, pd.Series, str]:
        """0/1, or the yes/no words of :data:`cocreate_kit._parse.BOOL_TRUE` / ``BOOL_FALSE``
        (English and Danish, case-insensitive)."""
        vals, bad = booleans(raw)
        return vals.where(~bad), bad, _(self.expected)

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        x = float(y.sum())
        lo, hi = m.agresti_coull(x, len(y), level)
        return Arm(variant, len(y), x / len(y), lo, hi, {"successes": int(x)})

    def test(self, b: np.ndarray, a: np.ndarray, level: float, model: Any) -> m.Test:
        return self.test_counts(float(b.sum()), len(b), float(a.sum()), len(a), level)

    def test_counts(self, xb: float, nb: int, xa: float, na: int, level: float) -> m.Test:
        """:meth:`test` from the successes and participants of each arm."""
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
        return self.paired_counts(n11, n10, n01, n00, level)

    def paired_counts(self, n11: int, n10: int, n01: int, n00: int, level: float) -> m.Test:
        """:meth:`paired_test` from the 2x2 table (variant first: n10 = variant only)."""
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
        return _(
            "Probability better uses a uniform Beta(1, 1) prior for each arm (exact Beta-binomial)."
        )

    def planning_inputs(self, baseline: float, spread: float, difference: float) -> dict[str, Any]:
        """Baseline clipped to 1%..99%; the difference turns negative near the ceiling."""
        base = min(max(baseline, 0.01), 0.99)
        mde = difference if base + difference < 1 else -difference
        return {"kind": self.name, "baseline": base, "mde": mde}

    def _fmt_estimate(self, value: float) -> str:
        return pct(value)

    def _fmt_effect(self, value: float) -> str:
        return _("{x} points").format(x=fixed(value * 100, 1, sign=True))

    def mde_text(self, x: float) -> str:
        return _("{x} percentage points").format(x=fixed(x * 100, 0))

    power_test = "normal"

    def power_problems(self, baseline: float, mde: float, sd: float | None) -> list[str]:
        if not (0 < baseline < 1 and 0 < baseline + mde < 1):
            return [
                _(
                    "baseline and baseline + mde must be proportions strictly between 0 and 1, "
                    "got {baseline} and {target}"
                ).format(baseline=repr(baseline), target=repr(baseline + mde))
            ]
        return []

    def power_effect(
        self, baseline: float, mde: float, sd: float | None, ratio: float
    ) -> tuple[float, str]:
        """Cohen's h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p0))."""
        h = 2 * math.asin(math.sqrt(baseline + mde)) - 2 * math.asin(math.sqrt(baseline))
        return h, N_("normal test of two proportions (Cohen's h)")

    def power_text(self, baseline: float, mde: float, sd: float | None) -> str:
        return _("a change from {baseline} to {target} ({change} percentage points)").format(
            baseline=pct(baseline),
            target=pct(baseline + mde),
            change=fixed(mde * 100, 1, sign=True),
        )


class Time(Kind):
    name = "time"
    sufficient_statistics = (
        "per arm: n, mean, variance, min and max of log times, mean and median of times; "
        "paired: n, mean, variance, min and max of log-time differences; histogram counts"
    )
    estimate = N_("geometric mean")
    label = N_("ratio of geometric mean times (variant / control)")
    direction = -1
    min_values = 2
    ratio = True
    spread = "sd_log"
    planning_unit = N_("% shorter times")
    expected = "a positive number of seconds or " + DURATION_EXPECTED

    def coerce(self, raw: pd.Series, scale: int) -> tuple[pd.Series, pd.Series, str]:
        """Seconds; text cells may be durations (``04:31``, ``4 min 31 s``, ``PT4M31S``,
        see :mod:`cocreate_kit._parse`); zero and negative times are bad cells."""
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            return super().coerce(raw, scale)
        vals, bad = durations(raw)
        bad = bad | (vals.notna() & ~(vals > 0))
        return (
            vals,
            bad,
            _("a positive number of seconds or {durations}").format(durations=_(DURATION_EXPECTED)),
        )

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
        return replace(m.welch(np.log(b), np.log(a), level), method=N_("Welch t test on log times"))

    def paired_test(self, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
        t = m.paired_t(np.log(b) - np.log(a), level)
        return replace(t, method=N_("paired t test on log times"))

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
        edges = self.edges(allv.min(), allv.max())
        counts = {v: np.histogram(groups[v], bins=edges)[0] for v in order}
        return self.histogram(edges, counts, order)

    @staticmethod
    def edges(lowest: float, highest: float) -> np.ndarray:
        """The 15 log-spaced bins (16 edges) of :meth:`distribution`."""
        return np.unique(np.geomspace(lowest, highest * 1.0001, 16))

    @staticmethod
    def histogram(
        edges: np.ndarray, counts: dict[str, np.ndarray], order: list[str]
    ) -> pd.DataFrame:
        """The :meth:`distribution` table from counts per bin and arm."""
        rows = []
        for v in order:
            for lo, hi, c in zip(edges[:-1], edges[1:], counts[v], strict=True):
                rows.append(
                    {
                        "variant": v,
                        "seconds_from": float(lo),
                        "seconds_to": float(hi),
                        "participants": int(c),
                        "share": c / int(counts[v].sum()),
                    }
                )
        return pd.DataFrame(rows)

    def planning_inputs(self, baseline: float, spread: float, difference: float) -> dict[str, Any]:
        """Relative reduction of the geometric mean; ``spread`` is the SD of log times."""
        return {"kind": self.name, "baseline": max(baseline, 1e-9), "mde": difference, "sd": spread}

    def _fmt_estimate(self, value: float) -> str:
        return _("{x} s").format(x=fixed(value, 1))

    def _fmt_effect(self, value: float) -> str:
        return _("{x}x").format(x=fixed(value, 2))

    def mde_text(self, x: float) -> str:
        return _("{x} (shorter times)").format(x=pct(1 - math.exp(-x)))

    def power_problems(self, baseline: float, mde: float, sd: float | None) -> list[str]:
        return _relative_change(self.name, mde) + super().power_problems(baseline, mde, sd)

    def power_effect(
        self, baseline: float, mde: float, sd: float | None, ratio: float
    ) -> tuple[float, str]:
        """d = |log(1 - mde)| / sd of log times."""
        return abs(math.log(1 - mde)) / float(sd), N_("two-sample t test on log times")

    def power_text(self, baseline: float, mde: float, sd: float | None) -> str:
        """The relative change of the geometric mean (a negative ``mde`` is a longer
        time) and the SD of log times the plan assumes.

        Examples
        --------
        >>> KIND["time"].power_text(60, -0.2, 0.5)
        '20% longer task times (geometric mean; SD of log times 0.5)'
        """
        text = (
            _("{x} shorter task times (geometric mean; SD of log times {sd})")
            if mde > 0
            else _("{x} longer task times (geometric mean; SD of log times {sd})")
        )
        return text.format(x=pct(abs(mde)), sd=sig(float(sd or 0), 6))


class Continuous(Kind):
    name = "continuous"
    sufficient_statistics = (
        "per arm: n, mean, variance (sum of squares about the mean), min and max; "
        "paired: the same of the differences"
    )
    estimate = N_("mean")
    label = N_("difference in means (variant - control)")
    min_values = 2
    spread = "sd"


class Sus(Continuous):
    name = "sus"
    estimate = N_("mean SUS score")
    label = N_("difference in mean SUS score (variant - control)")
    expected = N_("a SUS score from 0 to 100")

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return (vals < 0) | (vals > 100)

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        out = super().arm(variant, y, level, scale, model)
        _, p = m.one_sample_t(y, SUS_BENCHMARK)
        out.extra |= {"grade": sus_grade(out.estimate), "p_vs_68": p}
        return out

    def mde_text(self, x: float) -> str:
        return _("{x} SUS points").format(x=sig(x, 2))


class Likert(Kind):
    name = "likert"
    sufficient_statistics = (
        "per arm: counts per level 1..scale; paired: positive, negative and zero differences"
    )
    estimate = N_("top-2-box share")
    label = N_("probability of superiority P(variant > control) + 0.5 P(tie)")
    null = 0.5
    percent = True
    planning_unit = N_("percentage points of probability of superiority above 50%")

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return (vals < 1) | (vals > scale) | (vals != np.round(vals))

    def _expected(self, scale: int) -> str:
        return _("a whole number on the 1 to {scale} scale").format(scale=scale)

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
        """Within-pair probability of superiority, exact sign test, Tango's interval
        (:mod:`._ordinal`)."""
        return paired_superiority(b - a, level)

    def tost(
        self, test: m.Test, b: np.ndarray, a: np.ndarray, margin: float, paired: bool
    ) -> float:
        return self._tost_from_test(test, margin)

    def distribution(
        self, groups: dict[str, np.ndarray], order: list[str], scale: int
    ) -> pd.DataFrame:
        """Participants and share per response 1..scale per arm."""
        levels = np.arange(1, scale + 1)
        counts = {v: (groups[v][:, None] == levels).sum(axis=0) for v in order}
        return self.table_of_counts(counts, order)

    @staticmethod
    def table_of_counts(counts: dict[str, np.ndarray], order: list[str]) -> pd.DataFrame:
        """The :meth:`distribution` table from the counts per response 1..scale per arm."""
        rows = []
        for v in order:
            n = int(counts[v].sum())
            for response, c in enumerate(counts[v], start=1):
                c = int(c)
                rows.append({"variant": v, "response": response, "participants": c, "share": c / n})
        return pd.DataFrame(rows)

    #: Largest planned probability of superiority above 0.5 (0.5 would mean certainty).
    MAX_SUPERIORITY = 0.49

    def planning_inputs(self, baseline: float, spread: float, difference: float) -> dict[str, Any]:
        """``difference`` raises the probability of superiority above 0.5 (0.1: 0.6),
        capped at :attr:`MAX_SUPERIORITY`; the control's top-2-box share is kept as the
        baseline for the plan's wording. See :meth:`planning_shares` for the ties."""
        base = min(max(baseline, 0.0), 1.0)
        return {"kind": self.name, "baseline": base, "mde": min(difference, self.MAX_SUPERIORITY)}

    def planning_with_distribution(
        self, inputs: dict[str, Any], distribution: pd.DataFrame | None, control: str
    ) -> dict[str, Any]:
        """Adds the control arm's answer shares (``shares=``), so a next round is planned
        with the ties its answers have (Happ et al. 2019), and keeps ``mde`` within what
        a variant can reach over such answers (:func:`._ordinal.superiority_range`, less
        0.01), so the app's planner never asks for the impossible."""
        if distribution is None:
            return inputs
        rows = distribution[distribution["variant"] == control].sort_values("response")
        shares = tuple(float(x) for x in rows["share"])
        lo, hi = superiority_range(np.asarray(shares))
        mde = min(max(inputs["mde"], lo - 0.5 + 0.01), hi - 0.5 - 0.01)
        if not abs(mde) > 0:
            return inputs
        return {**inputs, "mde": mde, "shares": shares}

    power_test = "normal"

    def power_problems(self, baseline: float, mde: float, sd: float | None) -> list[str]:
        out = []
        if not 0 < abs(mde) < 0.5:
            out.append(
                _(
                    "mde for 'likert' is the change in the probability of superiority from "
                    "0.5, strictly between -0.5 and 0.5, got {mde}"
                ).format(mde=repr(mde))
            )
        if not 0 <= baseline <= 1:
            out.append(
                _("baseline (the control's top-2-box share) must be 0 to 1, got {baseline}").format(
                    baseline=repr(baseline)
                )
            )
        return out

    def shares_problems(self, mde: float, shares: tuple[float, ...] | None) -> list[str]:
        """``shares``: the control's answer shares on 1..scale (any positive weights)."""
        if shares is None:
            return []
        w = np.asarray(shares, dtype=float)
        if len(w) < 2 or not np.isfinite(w).all() or (w < 0).any() or not w.sum() > 0:
            return [
                _("shares must be at least two non-negative weights, got {shares}").format(
                    shares=repr(list(shares))
                )
            ]
        lo, hi = superiority_range(w / w.sum())
        if 0 < abs(mde) < 0.5 and not lo < 0.5 + mde < hi:
            return [
                _(
                    "with these control shares a probability of superiority of {p} "
                    "is out of reach (possible: {lo} to {hi})"
                ).format(p=fixed(0.5 + mde, 2), lo=fixed(lo, 2), hi=fixed(hi, 2))
            ]
        return []

    def power_effect(
        self, baseline: float, mde: float, sd: float | None, ratio: float
    ) -> tuple[float, str]:
        """The effect is |p - 1/2|; the standard deviations come from :meth:`power_spread`."""
        return abs(mde), N_(
            "Brunner-Munzel / Wilcoxon-Mann-Whitney on the probability of superiority"
        )

    def power_spread(
        self, mde: float, ratio: float, shares: tuple[float, ...] | None
    ) -> tuple[float, float]:
        """Without ``shares``, Noether (1987): sqrt(1/12) under the null and the
        alternative (no ties; ties lower both, so the plan errs on the safe side). With
        the control's ``shares``, Happ et al. (2019) for the variant of
        :func:`._ordinal.shifted_shares` (ties included)."""
        if shares is None:
            return math.sqrt(1 / 12), math.sqrt(1 / 12)
        c = np.asarray(shares, dtype=float)
        c = c / c.sum()
        return rank_power_sds(c, shifted_shares(c, 0.5 + mde), ratio)

    def power_text(self, baseline: float, mde: float, sd: float | None) -> str:
        return _(
            "a probability of superiority of {p} (variant over control; "
            "control top-2-box {baseline})"
        ).format(p=fixed(0.5 + mde, 2), baseline=pct(baseline))

    def _fmt_estimate(self, value: float) -> str:
        return pct(value)

    def _fmt_effect(self, value: float) -> str:
        return fixed(value, 2)

    def mde_text(self, x: float) -> str:
        return _("a probability of superiority of {p}").format(p=fixed(0.5 + x, 2))


@dataclass(frozen=True)
class _CountModel:
    """Quasi-Poisson fit of all arms: dispersion ``phi`` = max(1, Pearson), residual df."""

    phi: float
    df: float
    dispersion: float


class Count(Kind):
    """Counts per participant (errors, clicks), compared as a quasi-Poisson rate ratio.

    Why quasi-Poisson (issue 11): counts are often overdispersed, and the rule used before
    (Poisson Wald unless the Pearson dispersion exceeded 1.5, then a negative binomial
    Wald test with alpha by maximum likelihood) rejected a true "no difference" in up to
    11% of A/A runs (negative binomial, mean 1.5, alpha 1-2, n = 5-20 per arm); always
    using the negative binomial still gave up to 10.6%, because alpha is underestimated in
    small samples and a normal critical value ignores that. The quasi-Poisson rate ratio
    (Poisson standard error times sqrt(max(1, Pearson dispersion)), t critical values on
    the residual degrees of freedom) kept p < 0.05 at or below 5.3% and interval coverage
    at 0.947-0.993 in every cell of ``benchmarks/count_model.py`` (Poisson and NB alpha
    0.5/1/2, n = 5..200 per arm; 2,000 seeded A/A runs per cell). The floor at 1 keeps
    underdispersed counts at the Poisson error. An arm with no events uses the exact
    conditional Poisson test when the counts are not overdispersed (phi = 1), else the
    quasi-Poisson test with 0.5 added to both totals (the exact test assumes Poisson
    counts and is too eager on overdispersed ones).
    """

    name = "count"
    sufficient_statistics = (
        "per arm: n, total, variance; paired: n, both totals, variances and covariance, "
        "and the frequency table of the differences"
    )
    estimate = N_("mean events per participant")
    label = N_("rate ratio (variant / control)")
    direction = -1
    ratio = True
    planning_unit = N_("% fewer events")
    expected = N_("a whole number of at least 0")

    def _invalid(self, vals: pd.Series, scale: int) -> pd.Series:
        return (vals < 0) | (vals != np.round(vals))

    def model(self, groups: list[np.ndarray]) -> tuple[_CountModel, list[str]]:
        """Pearson dispersion of a Poisson model with one mean per arm; widen when > 1."""
        y = np.concatenate(groups)
        g = np.concatenate([np.full(len(x), i) for i, x in enumerate(groups)])
        return self.model_from(m.pearson_dispersion(y, g), len(y), len(groups))

    def model_from(self, disp: float, n: int, arms: int) -> tuple[_CountModel, list[str]]:
        """:meth:`model` from the Pearson dispersion, participants and arms."""
        df = float(max(n - arms, 1))
        phi = disp if math.isfinite(disp) and disp > OVERDISPERSION else 1.0
        notes = []
        if phi > 1:
            notes.append(
                _(
                    "Counts vary more than a Poisson model allows (Pearson dispersion "
                    "{d}), so standard errors were widened by sqrt({d}) "
                    "(quasi-Poisson, t distribution)."
                ).format(d=fixed(disp, 2))
            )
        return _CountModel(phi, df, disp), notes

    def arm(self, variant: str, y: np.ndarray, level: float, scale: int, model: Any) -> Arm:
        """Mean with a quasi-Poisson t interval on the log scale; Garwood exact when the
        arm has no events (or no model was fitted)."""
        return self.arm_counts(variant, float(y.sum()), len(y), level, model)

    def arm_counts(self, variant: str, total: float, n: int, level: float, model: Any) -> Arm:
        """:meth:`arm` from the arm's events and participants."""
        if model is not None and total > 0:
            mu = total / n
            h = float(stats.t.ppf(0.5 + level / 2, model.df)) * math.sqrt(model.phi / total)
            lo, hi = mu * math.exp(-h), mu * math.exp(h)
        else:
            lo, hi = m.garwood(total, n, level)
        return Arm(variant, n, total / n, lo, hi, {"events": int(total)})

    def test(self, b: np.ndarray, a: np.ndarray, level: float, model: Any) -> m.Test:
        sb, sa = float(b.sum()), float(a.sum())
        if model is None and sb > 0 and sa > 0:
            model, _ = self.model([a, b])
        return self.test_counts(sb, len(b), sa, len(a), level, model)

    def test_counts(
        self, sb: float, nb: int, sa: float, na: int, level: float, model: Any
    ) -> m.Test:
        """:meth:`test` from each arm's events and participants."""
        if (sb == 0 or sa == 0) and (model is None or model.phi <= 1):
            return m.poisson_exact_conditional(int(sb), nb, int(sa), na, level)
        return m.quasi_poisson_rate_ratio(sb, nb, sa, na, model.phi, model.df, level)

    def paired_test(self, b: np.ndarray, a: np.ndarray, level: float) -> m.Test:
        return self.paired_from(m.wilcoxon_signed_rank(b - a), m.paired_rate_ratio(b, a, level))

    def paired_from(self, signed_rank: tuple[float, float, str], rr: m.Test) -> m.Test:
        """The paired test from the signed-rank result and the paired rate ratio."""
        stat, p, name = signed_rank
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
        return fixed(value, 2)

    def _fmt_effect(self, value: float) -> str:
        return _("{x}x").format(x=fixed(value, 2))

    def mde_text(self, x: float) -> str:
        return _("{x} (fewer events)").format(x=pct(1 - math.exp(-x)))

    power_test = "normal"

    def power_problems(self, baseline: float, mde: float, sd: float | None) -> list[str]:
        out = _relative_change(self.name, mde)
        if not baseline > 0:
            out.append(
                _("baseline events per participant must be positive, got {baseline}").format(
                    baseline=repr(baseline)
                )
            )
        return out

    def power_effect(
        self, baseline: float, mde: float, sd: float | None, ratio: float
    ) -> tuple[float, str]:
        """Wald test of log(l1 / l0), standardised so that n1 = ((z_a + z_b) / effect)^2
        (1 + 1/ratio) matches the Wald form."""
        l0 = baseline
        l1 = l0 * (1 - mde)
        var_unit = (1 / l0 + 1 / (ratio * l1)) / (1 + 1 / ratio)
        return abs(math.log(l1 / l0)) / math.sqrt(var_unit), N_("Wald test of a Poisson rate ratio")

    def power_text(self, baseline: float, mde: float, sd: float | None) -> str:
        """The relative change of the event rate (a negative ``mde`` is more events).

        Examples
        --------
        >>> KIND["count"].power_text(1.5, -0.3, None)
        '30% more events per participant than 1.5'
        """
        text = (
            _("{x} fewer events per participant than {baseline}")
            if mde > 0
            else _("{x} more events per participant than {baseline}")
        )
        return text.format(x=pct(abs(mde)), baseline=sig(baseline, 6))


def _relative_change(name: str, mde: float) -> list[str]:
    if not (0 < mde < 1 or -1 < mde < 0):
        return [
            _("mde for {kind} is a relative change between -1 and 1, got {mde}").format(
                kind=repr(name), mde=repr(mde)
            )
        ]
    return []


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
