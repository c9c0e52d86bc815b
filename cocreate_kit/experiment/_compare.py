"""compare / compare_counts: one metric, every variant against control, with a verdict.

This module only orchestrates: :func:`~._prepare.prepare` cleans the rows, the metric's
:class:`~._kinds.Kind` estimates and tests, :func:`~._verdict.decide` decides and
:class:`~._comparison.Comparison` holds the result. Module dependencies point one way:
``_methods``/``_bayes``/``_power``/``_verdict`` -> ``_kinds`` -> ``_charts`` ->
``_comparison`` -> ``_prepare``/``_compare`` -> ``_report``/``_check``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._sus import SUS_BENCHMARK, sus_grade
from ..i18n import _, fmt_int, ngettext
from . import _methods as m
from ._comparison import ARM_COLUMNS, TABLE_COLUMNS, Comparison
from ._design import Design
from ._kinds import KIND, OVERDISPERSION, Arm, Kind
from ._plan import Plan
from ._power import n_per_arm_to_detect
from ._prepare import Prepared, _repeated, prepare
from ._roles import resolve
from ._sentences import Spec, render
from ._text import sig
from ._verdict import BETTER, SMALL_N, WORSE, decide

__all__ = [
    "compare",
    "compare_counts",
    "Comparison",
    "sus_grade",
    "SUS_BENCHMARK",
    "DIRECTION",
    "SRM_ALPHA",
    "OVERDISPERSION",
    "ARM_COLUMNS",
    "TABLE_COLUMNS",
]

#: +1 when higher is better, -1 when lower is better (from the kind registry).
DIRECTION = {name: k.direction for name, k in KIND.items()}

#: Sample ratio mismatch is flagged below this p-value (GrowthBook's threshold).
SRM_ALPHA = 0.001
_SRM_MIN = 8

_prepare = prepare  # the former private name (tests of the memory paths use _repeated)
_repeated_rows = _repeated  # re-exported for the memory-path tests


def _more_sentence(
    kind: Kind,
    test: m.Test,
    n_a: int,
    n_b: int,
    level: float,
    mde: float | None,
    default: float,
    small: bool,
    decided: bool,
) -> Spec:
    observed = abs(test.effect - kind.null)
    if mde is not None:
        delta = mde
    elif decided and observed > 0:
        delta = observed
    else:
        delta = max(observed, default)
    need = n_per_arm_to_detect(test.se, n_a, n_b, delta, alpha=1 - level, t=kind.power_test == "t")
    if not math.isfinite(need):
        return ("more", {"kind": kind.name, "more": math.nan, "delta": delta})
    floor = SMALL_N if small else 0
    more = max(0, math.ceil(max(need, floor) - min(n_a, n_b)))
    return ("more", {"kind": kind.name, "more": float(more), "delta": delta})


def _caveat(
    kind: Kind,
    verdict: str,
    test: m.Test,
    n_a: int,
    n_b: int,
    level: float,
    small_overlap: bool,
    margin: float | None,
    p_tost: float | None,
    names: tuple[str, str],
) -> Spec:
    args = {
        "kind": kind.name,
        "verdict": verdict,
        "ci_low": test.ci_low,
        "ci_high": test.ci_high,
        "note": test.note,
        "n_a": n_a,
        "n_b": n_b,
        "level": level,
        "small": small_overlap,
        "margin": margin,
        "p_tost": p_tost,
        "names": names,
    }
    return ("caveat", args)


class RowOps:
    """What :func:`_analyse` asks of the data, on rows (:class:`Prepared`); the same on
    aggregates is :class:`._suffstats.StatsOps` (``path`` is stored in ``details``)."""

    path = "rows"

    def __init__(self, kind: Kind, prep: Prepared) -> None:
        self.kind, self.prep = kind, prep

    def model(self) -> tuple[Any, list[str]]:
        return self.kind.model([self.prep.groups[v] for v in self.prep.order])

    def arm(self, v: str, level: float, scale: int, model: Any) -> Arm:
        return self.kind.arm(v, self.prep.groups[v], level, scale, model)

    def _pair(self, v: str, paired: bool) -> tuple[np.ndarray, np.ndarray]:
        prep = self.prep
        return prep.pairs[v] if paired else (prep.groups[v], prep.groups[prep.control])

    def test(self, v: str, level: float, model: Any, paired: bool) -> m.Test:
        if paired:
            return self.kind.paired_test(*self.prep.pairs[v], level)
        return self.kind.test(*self._pair(v, paired), level, model)

    def tost(self, test: m.Test, v: str, margin: float, paired: bool) -> float:
        return self.kind.tost(test, *self._pair(v, paired), margin, paired)

    def distribution(self, scale: int) -> pd.DataFrame | None:
        return self.kind.distribution(self.prep.groups, self.prep.order, scale)


def _analyse(
    prep: Any,
    *,
    metric: str,
    kind_name: str,
    design: Design,
    direction: int,
    plan: Plan | None,
    distribution: bool = True,
    ops: Any = None,
) -> Comparison:
    """One metric's comparison from ``prep`` (:class:`Prepared`, or a
    :class:`._suffstats.Summary` with ``ops`` working on aggregates)."""
    kind = KIND[kind_name]
    ops = RowOps(kind, prep) if ops is None else ops
    level, paired, scale = design.level, design.paired, design.scale
    margin = design.margin_for(metric)
    alpha = 1 - level
    notes: list[str | Spec] = list(prep.notes)
    warnings: list[str] = []
    model, model_notes = ops.model()
    notes.extend(model_notes)
    arms = [ops.arm(v, level, scale, model) for v in prep.order]
    ctrl = arms[0]
    tests = [ops.test(v, level, model, paired) for v in prep.order[1:]]
    p_adj = m.holm([t.p_value for t in tests])
    if len(tests) > 1:
        notes.append(("holm", {"n": len(tests)}))
    notes.append(("prob_note", {"kind": kind.name, "paired": paired}))
    mde = design.mde_for(metric)
    rows, details = [], []
    said: list[tuple[Spec, Spec]] = []  # caveat and "more" of each variant, as data
    for i, (v, t) in enumerate(zip(prep.order[1:], tests, strict=True)):
        arm = arms[i + 1]
        prob, loss = kind.prob_better(ctrl, arm, t, direction, paired)
        small = _small_sample_guard(ctrl, arm)
        p_tost = None
        if margin is not None:
            p_tost = ops.tost(t, v, margin, paired)
        verdict = decide(
            p_adjusted=float(p_adj[i]),
            ci_low=t.ci_low,
            ci_high=t.ci_high,
            null=kind.null,
            direction=direction,
            alpha=alpha,
            small_overlap=small,
            p_tost=p_tost,
        )
        default = kind.smallest_difference(ctrl, arm)
        more = _more_sentence(
            kind, t, ctrl.n, arm.n, level, mde, default, small, verdict in (BETTER, WORSE)
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
        said.append((caveat, more))
        rows.append(
            {
                "variant": v,
                "effect": kind.display(t.effect),
                "effect_ci_low": kind.display(t.ci_low),
                "effect_ci_high": kind.display(t.ci_high),
                "effect_label": kind.label,
                "p_value": t.p_value,
                "p_adjusted": float(p_adj[i]),
                "p_note": _p_note(t, small),
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
                "more_per_variant": more[1]["more"],
                "caveat": render(caveat),
                "more": render(more),
                "path": ops.path,
            }
        )
    srm_p = None
    if not paired:
        srm_p = _srm(prep, design.split, warnings)
    if plan is not None:
        warnings.extend(plan.deviations(n_per_variant={a_.variant: a_.n for a_ in arms}))
    for a_ in arms:
        if a_.n < 5:
            warnings.append(
                ngettext(
                    "{variant} has only {n} participant with a value.",
                    "{variant} has only {n} participants with a value.",
                    a_.n,
                ).format(variant=a_.variant, n=fmt_int(a_.n))
            )
    dist = ops.distribution(scale) if distribution else None
    return Comparison(
        metric=metric,
        kind=kind_name,
        design=design.replace(control=prep.control),
        margin=margin,
        arms=_arms_table(arms),
        table=pd.DataFrame(rows, columns=TABLE_COLUMNS),
        details=pd.DataFrame(details),
        arm_details=pd.DataFrame([{"variant": a_.variant, **a_.extra} for a_ in arms]),
        distribution=dist,
        plan_sha256=None if plan is None else plan.sha256,
        srm_p=srm_p,
        notes=notes,
        warnings=warnings,
        said=said,
    )


def _small_sample_guard(ctrl: Arm, arm: Arm) -> bool:
    """Rule 3 of :mod:`._verdict`: fewer than :data:`SMALL_N` in the smaller arm and the
    arms' intervals overlap. An arm interval of zero width (values without spread) never
    switches the guard off: it says nothing about where the arm's true value lies."""
    if min(ctrl.n, arm.n) >= SMALL_N:
        return False
    degenerate = not (arm.hi > arm.lo and ctrl.hi > ctrl.lo)
    return degenerate or not (arm.lo > ctrl.hi or arm.hi < ctrl.lo)


def _p_note(test: m.Test, small: bool) -> str:
    """What the p-value beside a verdict means: why it is missing (``test.note``), or that
    the small-sample guard kept it out of the verdict; empty when the verdict used it."""
    if test.note:
        return _(test.note)
    if small:
        return _("not used for the verdict (fewer than {small} per arm)").format(
            small=fmt_int(SMALL_N)
        )
    return ""


def _arms_table(arms: list[Arm]) -> pd.DataFrame:
    return pd.DataFrame(
        [(a.variant, a.n, a.estimate, a.lo, a.hi) for a in arms], columns=ARM_COLUMNS
    )


def _srm(prep: Prepared, split: Any, warnings: list[str]) -> float:
    """Sample ratio mismatch (between-subject only): chi-square p of the assigned counts."""
    counts = np.array([prep.n_assigned[v] for v in prep.order], dtype=float)
    shares = np.array([(split or {}).get(v, 1.0) for v in prep.order], dtype=float)
    _chi2, srm_p = m.srm_chisquare(counts, shares)
    if srm_p < SRM_ALPHA and counts.min() >= _SRM_MIN:
        text = (
            _(
                "Sample ratio mismatch: the variants have {counts} participants, which is "
                "unlikely under the planned split (chi-square p = {p}). Check how people "
                "were assigned before trusting the result."
            )
            if split
            else _(
                "Sample ratio mismatch: the variants have {counts} participants, which is "
                "unlikely under an equal split (chi-square p = {p}). Check how people "
                "were assigned before trusting the result."
            )
        )
        warnings.append(text.format(counts=", ".join(fmt_int(c) for c in counts), p=sig(srm_p, 2)))
    return srm_p


# ----------------------------------------------------------------------------- public API


def _design_for(
    design: Design | None, plan: Plan | None, given: dict[str, Any], scale: int | None
) -> Design:
    """The design from ``design``, else ``plan``, else defaults; ``given`` (the caller's
    explicit keyword arguments, None = not given) takes precedence."""
    if scale is not None and not isinstance(scale, int):
        msg = f"scale must be a whole number of Likert points, got {scale!r}."
        raise ValueError(msg)
    if design is None:
        design = Design.from_plan(plan) if plan is not None else Design()
    return design.replace(**given, scale=scale)


def compare(
    data: pd.DataFrame,
    *,
    variant: str | None = None,
    metric: str,
    kind: str,
    control: str | None = None,
    participant: str | None = None,
    paired: bool | None = None,
    margin: float | None = None,
    level: float | None = None,
    scale: int | None = None,
    better: str | None = None,
    plan: Plan | None = None,
    design: Design | None = None,
    columns: dict[str, Any] | None = None,
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
                                              superiority (logit interval)
    count      events per participant         quasi-Poisson rate ratio (Poisson
               (quasi-Poisson t; Garwood      error x sqrt(max(1, Pearson
               exact with no events)          dispersion)), t on the residual df
    ========== ============================== ======================================

    Paired designs (``paired=True``): McNemar exact (binary), paired t on log times (time),
    paired t (continuous, sus), exact sign test with Tango's interval on the within-pair
    probability of superiority (likert), Wilcoxon signed-rank (count).

    Parameters
    ----------
    data : DataFrame
        One row per participant (per participant and variant when paired).
    variant : str, optional
        Column of the variant each participant saw (default: the design's, ``"variant"``).
    metric : str
        Column of the metric.
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
        Interval level; alpha = 1 - level.
    scale : int, default 5
        Points of a Likert scale (values must be whole numbers 1..scale).
    better : {"higher", "lower"}, optional
        Direction of improvement; defaults to lower for time and count, higher otherwise.
    plan : Plan, optional
        An analysis plan (:func:`read_plan`): the design comes from it
        (:meth:`Design.from_plan`) unless ``design`` is given; deviations are flagged and
        its SHA-256 is stamped into the summary.
    design : Design, optional
        Every setting at once. The keyword arguments above, when given, override it.
    columns : dict, optional
        Column roles (:mod:`cocreate_kit.roles` format), e.g. ``{"variant": "Version",
        "participant": "Participant"}``. When the data has no variant column under the name
        given, the variant and participant columns are inferred
        (:func:`~cocreate_kit.experiment.infer_roles`).

    Returns
    -------
    Comparison
        ``.arms``, ``.table``, ``.details``, ``.arm_details``, ``.design``, ``.summary()``,
        ``.chart()``, ``.next_round()``.

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
    if better not in (None, "higher", "lower"):
        msg = f"better must be 'higher' or 'lower', got {better!r}."
        raise ValueError(msg)
    given = {
        "variant": variant,
        "participant": participant,
        "control": control,
        "paired": paired,
        "level": level,
        "margin": margin,
    }
    d = _design_for(design, plan, given, scale)
    d, _ = (
        resolve(data, d, columns=columns, plan=plan)
        if isinstance(data, pd.DataFrame)
        else (d, None)
    )
    prep = prepare(
        data,
        variant=d.variant,
        metric=metric,
        kind=kind,
        control=d.control,
        participant=d.participant,
        paired=d.paired,
        scale=d.scale,
    )
    direction = KIND[kind].direction if better is None else (1 if better == "higher" else -1)
    if margin is not None and d.primary not in (None, metric):
        d = d.replace(primary=metric)  # a margin given for this call is for this metric
    return _analyse(prep, metric=metric, kind_name=kind, design=d, direction=direction, plan=plan)


def compare_counts(
    successes: dict[str, int] | pd.Series,
    trials: dict[str, int] | pd.Series,
    *,
    control: str | None = None,
    level: float | None = None,
    margin: float | None = None,
    metric: str = "success",
    split: dict[str, float] | None = None,
    design: Design | None = None,
) -> Comparison:
    """Compare binary outcomes given as counts per variant (successes out of trials).

    Same methods and output as ``compare(..., kind="binary")``. ``level`` (default 0.95),
    ``margin``, ``control`` and ``split`` (planned share per variant, for the sample-ratio
    check) override the same settings of ``design``.

    Examples
    --------
    >>> r = compare_counts({"A": 120, "B": 150}, {"A": 1000, "B": 1000}, control="A")
    >>> r.table.loc[0, ["variant", "verdict"]].tolist()
    ['B', 'better']
    >>> round(float(r.table.loc[0, "effect"]), 3)
    0.03
    """
    d = (design or Design()).replace(control=control, level=level, margin=margin, split=split)
    control = d.control
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
        notes.append(
            _("No control was named, so {control} (first given) was used.").format(
                control=repr(control)
            )
        )
    control = str(control)
    order = [control] + [v for v in order if v != control]
    groups = {}
    for v in order:
        n = int(t[v])
        x = int(s[v])
        groups[v] = np.concatenate([np.ones(x), np.zeros(n - x)])
    prep = Prepared(groups, order, control, {}, notes, {v: int(t[v]) for v in order})
    d = d.replace(paired=False) if d.paired else d
    return _analyse(
        prep,
        metric=metric,
        kind_name="binary",
        design=d,
        direction=1,
        plan=None,
        distribution=False,
    )
