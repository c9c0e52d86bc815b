"""The result of one metric: :class:`Comparison` (every variant against control)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._result import Result
from ..i18n import _, fmt_int
from ._cards import comparison_cards, comparison_notes
from ._charts import arms_chart, likert_chart, time_chart
from ._design import Design
from ._kinds import KIND
from ._power import SampleSize, sample_size
from ._sentences import render
from ._text import display_table, kind_text, method_text, pct, sig, verdict_text

__all__ = ["Comparison", "TABLE_COLUMNS", "ARM_COLUMNS"]

TABLE_COLUMNS = [
    "variant",
    "effect",
    "effect_ci_low",
    "effect_ci_high",
    "effect_label",
    "p_value",
    "p_adjusted",
    "p_note",
    "prob_better",
    "method",
    "verdict",
]
ARM_COLUMNS = ["variant", "n", "estimate", "ci_low", "ci_high"]
#: Chart of the aggregated ``distribution`` table, for the kinds that have one.
_DISTRIBUTION_CHART = {"time": time_chart, "likert": likert_chart}


class Comparison(Result):
    """Every variant against control on one metric.

    Attributes
    ----------
    metric, kind : str
        The metric column and its kind.
    design : Design
        The design the comparison was read with (its ``control`` is the control used).
    control : str
        The control variant (``design.control``).
    level : float
        Interval level (``design.level``).
    paired : bool
        Within-subject design (``design.paired``).
    margin : float or None
        Equivalence margin used for this metric.
    arms : DataFrame
        One row per variant: ``variant, n, estimate, ci_low, ci_high`` (control first).
        The estimate is the proportion (binary), geometric mean seconds (time), mean
        (continuous, sus), top-2-box share (likert) or mean events per participant (count).
    table : DataFrame
        One row per non-control variant: ``variant, effect, effect_ci_low, effect_ci_high,
        effect_label, p_value, p_adjusted, p_note, prob_better, method, verdict``.
        ``p_adjusted`` is Holm-adjusted over the non-control variants; ``p_note`` says when
        the p-value is not computable (NaN: the data has no spread) or was not used for the
        verdict (the small-sample guard), else it is empty; ``prob_better`` is the
        probability the variant is better than control (direction-aware).
    details : DataFrame
        Per comparison: test statistic, degrees of freedom, expected loss, TOST p-value,
        caveat and the "more participants" sentence.
    arm_details : DataFrame
        Per arm, kind-specific extras: median and mean for likert; SUS grade, test against
        68 and ``sd`` for sus; ``sd`` for continuous; median, arithmetic mean and ``sd_log``
        (standard deviation of log times) for time; successes (binary); events (count).
    distribution : DataFrame or None
        Aggregated distribution per arm (time: log-spaced histogram; likert: responses).
    """

    def __init__(self, **kw: Any) -> None:
        self.metric: str = kw["metric"]
        self.kind: str = kw["kind"]
        self.design: Design = kw["design"]
        self.control: str = self.design.control
        self.level: float = self.design.level
        self.paired: bool = self.design.paired
        self.margin: float | None = kw["margin"]
        self.arms: pd.DataFrame = kw["arms"]
        self.table: pd.DataFrame = kw["table"]
        self.details: pd.DataFrame = kw["details"]
        self.arm_details: pd.DataFrame = kw["arm_details"]
        self.distribution: pd.DataFrame | None = kw.get("distribution")
        self.plan_sha256: str | None = kw.get("plan_sha256")
        self.srm_p: float | None = kw.get("srm_p")
        self._notes: list[Any] = kw.get("notes", [])  # text, or specs (see ._sentences)
        self._said: list[Any] = kw.get("said") or []  # caveat and "more" specs per variant
        self._warnings: list[str] = kw.get("warnings", [])

    @property
    def title(self) -> str:  # type: ignore[override]
        """``Prototype test: <metric>`` in the current language."""
        return _("Prototype test: {metric}").format(metric=self.metric)

    @property
    def verdicts(self) -> dict[str, str]:
        """Verdict per non-control variant."""
        return dict(zip(self.table["variant"], self.table["verdict"], strict=True))

    @property
    def has_distribution(self) -> bool:
        """True when :meth:`distribution_chart` draws a distribution (time and likert)."""
        return self.distribution is not None

    @property
    def planning_unit(self) -> str:
        """Unit of ``difference`` in :meth:`next_round`, e.g. ``"percentage points"`` (in
        the current language)."""
        return _(KIND[self.kind].planning_unit)

    def planning_inputs(self, difference: float) -> dict[str, Any]:
        """Keyword arguments of :func:`~cocreate_kit.experiment.sample_size` for a next round.

        Taken from this result only: the control arm's estimate (``arms``) as the baseline
        and, for time, continuous and sus, its standard deviation on the analysis scale
        (``arm_details``: ``sd_log`` of log times, or ``sd``). ``difference`` is in
        :attr:`planning_unit`: percentage points / 100 for binary (subtracted instead when
        adding it would pass 100%) and for likert (the probability of superiority above
        0.5, kept within what the control's answers allow; their shares go to the
        planner too), a relative change for time and
        count (0.2 = 20% shorter / fewer), a share of the control mean for continuous and
        sus. ``alpha`` is ``1 - level``.
        """
        kind = KIND[self.kind]
        base = float(self.arms["estimate"].iloc[0])
        spread = float("nan")
        if kind.spread is not None:
            spread = float(self.arm_details[kind.spread].iloc[0])
        inputs = kind.planning_inputs(base, spread, difference)
        inputs = kind.planning_with_distribution(inputs, self.distribution, self.control)
        return {**inputs, "alpha": 1 - self.level}

    def next_round(self, difference: float, power: float = 0.8) -> SampleSize:
        """Participants per variant a follow-up test needs to detect ``difference``.

        The planner starts from what this analysis found (:meth:`planning_inputs`), never
        from the raw data again.

        Parameters
        ----------
        difference : float
            Smallest difference worth detecting, in :attr:`planning_unit`.
        power : float, default 0.8

        Returns
        -------
        SampleSize

        Examples
        --------
        >>> import pandas as pd
        >>> from cocreate_kit.experiment import compare
        >>> df = pd.DataFrame({"variant": ["A"] * 10 + ["B"] * 10,
        ...                    "done": [1] * 6 + [0] * 4 + [1] * 8 + [0] * 2})
        >>> r = compare(df, variant="variant", metric="done", kind="binary", control="A")
        >>> r.next_round(0.2).n_control  # from 60% in control to 80%
        81
        """
        return sample_size(power=power, **self.planning_inputs(difference))

    def summary(self) -> str:
        """Plain-language paragraph: method, n, estimates, verdict, caveat, next step."""
        kind = KIND[self.kind]
        arms = self.arms
        n_text = ", ".join(
            f"{v} n = {fmt_int(n)}" for v, n in zip(arms["variant"], arms["n"], strict=True)
        )
        methods = sorted(set(self.table["method"]))
        design = (
            _("the same participants tried every variant")
            if self.paired
            else _("each participant saw one variant")
        )
        parts = [
            _("{metric} ({kind}; {design}): {n}. Method: {methods}.").format(
                metric=self.metric,
                kind=kind_text(self.kind),
                design=design,
                n=n_text,
                methods="; ".join(method_text(x) for x in methods),
            )
        ]
        ests = "; ".join(
            _("{variant} {estimate} ({level} CI {low} to {high})").format(
                variant=r.variant,
                estimate=kind.fmt(r.estimate),
                level=pct(self.level),
                low=kind.fmt(r.ci_low),
                high=kind.fmt(r.ci_high),
            )
            for r in arms.itertuples()
        )
        estimate = _(kind.estimate)
        parts.append(
            _("{estimate} per variant: {estimates}.").format(
                estimate=estimate[:1].upper() + estimate[1:], estimates=ests
            )
        )
        for i, (t, d) in enumerate(
            zip(self.table.itertuples(), self.details.itertuples(), strict=True)
        ):
            said = [render(x) for x in self._said[i]] if i < len(self._said) else [d.caveat, d.more]
            ci = _("{level} CI {low} to {high}").format(
                level=pct(self.level),
                low=kind.fmt(t.effect_ci_low, effect=True),
                high=kind.fmt(t.effect_ci_high, effect=True),
            )
            parts.append(
                _("{variant} vs {control}: {verdict} ({label} {effect}, {p}).").format(
                    variant=t.variant,
                    control=self.control,
                    verdict=verdict_text(t.verdict),
                    label=_(t.effect_label),
                    effect=kind.fmt(t.effect, effect=True),
                    p=_p_text(t, ci, len(self.table) > 1),
                )
                + " "
                + " ".join(said)
            )
        # The prior behind "probability better" is method detail: method_notes() says it.
        parts.extend(render(n) for n in self._notes if not _is_prior_note(n))
        if self.plan_sha256:
            parts.append(_("Analysis plan SHA-256: {sha}.").format(sha=self.plan_sha256[:12]))
        return " ".join(parts)

    def headline_cards(self) -> list[Any]:
        """One :class:`~cocreate_kit._brief.Card` per non-control variant (at most four):
        the effect, its interval, n per arm and the verdict (:mod:`._cards`).

        Examples
        --------
        >>> import pandas as pd
        >>> from cocreate_kit.experiment import compare
        >>> df = pd.DataFrame({"variant": ["A"] * 40 + ["B"] * 40,
        ...                    "done": [1] * 20 + [0] * 20 + [1] * 36 + [0] * 4})
        >>> card = compare(df, metric="done", kind="binary", control="A").headline_cards()[0]
        >>> card.value, card.tone, card.n
        ('+40.0 points', 'good', 'A n = 40, B n = 40')
        """
        return comparison_cards(self)

    def method_notes(self) -> list[str]:
        """Test, interval, p-values, adjustment and the verdict rule (:mod:`._cards`)."""
        return comparison_notes(self)

    def chart(self) -> Any:
        """Per-arm estimates with their confidence intervals."""
        return arms_chart(self)

    def distribution_chart(self) -> Any:
        """Time distributions on a log scale (time) or Likert bars per arm (likert); the
        estimates chart for kinds without a distribution."""
        draw = _DISTRIBUTION_CHART.get(self.kind)
        if draw is None or self.distribution is None:
            return self.chart()
        return draw(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [
            (
                _("{metric}: estimate per variant").format(metric=self.metric),
                display_table(self.arms),
            ),
            (
                _("{metric}: each variant against {control}").format(
                    metric=self.metric, control=self.control
                ),
                display_table(self.table),
            ),
        ]


def _p_text(t: Any, ci: str, holm: bool) -> str:
    """The interval and p-value part of a summary sentence, with its ``p_note``."""
    if t.p_value != t.p_value:  # NaN: not computable, the caveat says why
        return _("no interval; p not computable")
    text = _("{ci}; p = {p}").format(ci=ci, p=sig(t.p_value, 3))
    if holm:
        text += _(", Holm-adjusted p = {p}").format(p=sig(t.p_adjusted, 3))
    if t.p_note:
        text += f", {t.p_note}"
    return text + _("; probability better than control {p}").format(p=pct(t.prob_better))


def _is_prior_note(note: Any) -> bool:
    """True for the note naming the prior of "probability better" (a method note, shown
    under "How this was computed", not in the plain-language summary)."""
    return isinstance(note, tuple) and note[0] == "prob_note"
