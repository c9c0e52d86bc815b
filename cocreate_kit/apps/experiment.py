"""Prototype-test app: pick a metric, read the live verdict, plan the next round.

The first control is the metric selector (a Dropdown); the verdict, summary, charts and
tables redraw when it changes. Below, a sample-size planner with sliders answers "how many
participants would we need to detect a difference this large?" for the selected metric,
using the control arm's observed value as the baseline.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .._html import esc
from ..experiment import Report, analyse, sample_size
from ._base import App, dropdown, float_slider

__all__ = ["prototype_test_app", "planner_inputs"]

_BADGE = {
    "better": "Better",
    "worse": "Worse",
    "equivalent within the margin": "Equivalent within the margin",
    "not enough evidence yet": "Not enough evidence yet",
}


def planner_inputs(
    report: Report, data: pd.DataFrame, metric: str, difference: float, variant: str
) -> dict[str, Any]:
    """Keyword arguments for :func:`~cocreate_kit.experiment.sample_size` from the observed
    control arm: ``difference`` is percentage points / 100 for binary and likert, a relative
    change for time and count, and a share of the control mean for continuous and sus."""
    res = report.results[metric]
    kind = res.kind
    base = float(res.arms["estimate"].iloc[0])
    ctrl = (
        pd.to_numeric(data.loc[data[variant].astype(str) == res.control, metric], errors="coerce")
        .dropna()
        .to_numpy(float)
    )
    if kind in ("binary", "likert"):
        base = min(max(base, 0.01), 0.99)
        mde = difference if base + difference < 1 else -difference
        return {"kind": kind, "baseline": base, "mde": mde}
    if kind in ("time", "count"):
        return {
            "kind": kind,
            "baseline": max(base, 1e-9),
            "mde": difference,
            **({"sd": float(np.std(np.log(ctrl), ddof=1))} if kind == "time" else {}),
        }
    sd = float(np.std(ctrl, ddof=1)) if len(ctrl) > 1 else 1.0
    return {
        "kind": kind,
        "baseline": base,
        "mde": abs(base) * difference or difference,
        "sd": sd if sd > 0 else 1.0,
    }


def prototype_test_app(
    data: pd.DataFrame,
    *,
    plan: Any = None,
    metrics: dict[str, str] | None = None,
    variant: str | None = None,
    participant: str | None = None,
    control: str | None = None,
    title: str | None = None,
) -> App:
    """The stakeholder app for one prototype test (see the module docstring).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path, read_dataset
    >>> app = prototype_test_app(read_dataset("experiment/home_care_form.csv"),
    ...                          plan=dataset_path("experiment/home_care_form_plan.yaml"))
    >>> type(list(app.controls.values())[0]).__name__
    'Dropdown'
    """
    report = analyse(
        data, plan=plan, metrics=metrics, variant=variant, participant=participant, control=control
    )
    var_col = variant or (report.plan.variant_column if report.plan else "variant")
    options = {}
    for name, res in report.results.items():
        role = (
            "primary"
            if name == report.primary
            else ("guardrail" if name in report.guardrails else "secondary")
        )
        options[f"{name} ({res.kind}, {role})"] = name

    @lru_cache(maxsize=32)
    def metric_html(metric: str) -> str:
        res = report.results[metric]
        verdicts = "; ".join(f"{v} vs {res.control}: {_BADGE[d]}" for v, d in res.verdicts.items())
        parts = [
            f'<p class="ck-verdict" role="status"><strong>{esc(verdicts)}</strong></p>',
            res.to_html(),
        ]
        if res.kind in ("time", "likert"):
            parts.append(res.distribution_chart().to_html())
        return "".join(parts)

    def render(metric: str, difference: float, power: float) -> str:
        res = report.results[metric]
        kw = planner_inputs(report, data, metric, difference, var_col)
        plan = sample_size(power=power, alpha=1 - res.level, **kw)
        n_now = int(res.arms["n"].min())
        more = max(0, plan.n_control - n_now)
        unit = {
            "binary": "percentage points",
            "likert": "percentage points (top-2-box)",
            "time": "% shorter times",
            "count": "% fewer events",
        }.get(res.kind, "% of the control mean")
        shown = difference * 100
        planner = (
            f'<section class="ck-planner"><h3>Plan the next round</h3>'
            f"<p>Detecting a difference of {shown:.0f} {esc(unit)} on {esc(metric)} with "
            f"{power:.0%} power needs about {plan.n_control:,} participants per variant"
            f"{'' if more == 0 else f' ({more:,} more than the {n_now:,} tested)'}. "
            f"{esc(plan.summary())}</p>{plan.chart().to_html()}</section>"
        )
        return metric_html(metric) + planner

    controls = {
        "metric": dropdown("Metric", options, report.primary),
        "difference": float_slider("Smallest difference worth detecting", 0.15, 0.02, 0.5, 0.01),
        "power": float_slider("Power", 0.8, 0.5, 0.95, 0.05),
    }
    heading = title or (
        report.plan.title if report.plan and report.plan.title else "Prototype test"
    )
    stamp = f" Analysis plan SHA-256 {report.plan_sha256[:12]}." if report.plan_sha256 else ""
    return App(
        heading,
        controls,
        render,
        intro="Choose a metric to see each version against the control, with the "
        f"method and number of participants.{stamp}",
    )
