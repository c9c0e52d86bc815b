"""Prototype-test app: pick a metric, read the live verdict, plan the next round.

The app only shows the :class:`~cocreate_kit.experiment.Report` the notebook already made:
roles come from :meth:`Report.role`, verdict badges from the pillar's verdict constants, the
distribution charts from :attr:`Comparison.has_distribution` and the planner from
:meth:`Comparison.next_round`, which starts from the control arm the analysis measured. It
never reads the raw data or works a column out again.

The page starts with the report's headline cards; the first control is the metric selector (a Dropdown); the verdict, summary, charts and
tables redraw when it changes. Below, a sample-size planner with sliders answers "how many
participants would we need to detect a difference this large?" for the selected metric.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

import pandas as pd

from .._brief import notes_html
from .._html import esc
from ..experiment import BETTER, EQUIVALENT, UNCLEAR, WORSE, Report, analyse, kind_text, role_text
from ..i18n import N_, _, fmt_int, fmt_percent, get_language, normalise_language, use_language
from ._base import App, dropdown, float_slider

__all__ = ["prototype_test_app", "planner_inputs"]

_BADGE = {
    BETTER: N_("Better"),
    WORSE: N_("Worse"),
    EQUIVALENT: N_("Equivalent within the margin"),
    UNCLEAR: N_("Not enough evidence yet"),
}


def planner_inputs(
    report: Report,
    data: pd.DataFrame | None = None,
    metric: str | None = None,
    difference: float = 0.15,
    variant: str | None = None,
) -> dict[str, Any]:
    """Deprecated: use ``report.results[metric].planning_inputs(difference)``.

    ``data`` and ``variant`` are ignored: the inputs come from the analysis, not from the
    raw rows. The returned dict no longer holds ``alpha`` (it never did here).
    """
    warnings.warn(
        "planner_inputs() is deprecated; use report.results[metric].planning_inputs("
        "difference) or Comparison.next_round(difference, power).",
        DeprecationWarning,
        stacklevel=2,
    )
    kw = report.results[metric or report.primary].planning_inputs(difference)
    kw.pop("alpha")
    return kw


def prototype_test_app(
    report: Report | pd.DataFrame,
    *,
    title: str | None = None,
    language: str | None = None,
    synthetic: bool = False,
    **analysis: Any,
) -> App:
    """The stakeholder app for one prototype test (see the module docstring).

    Parameters
    ----------
    report : Report
        What :func:`~cocreate_kit.experiment.analyse` returned. Passing the raw DataFrame
        (with ``plan=``, ``metrics=``, ``variant=``, ... as before) still works but is
        deprecated: the data is then analysed once here.
    title : str, optional
        Heading (default: the report's title).
    language : str, optional
        Language of every text, number and chart of the app (``"en"``, ``"da"``); default:
        the current language (:func:`cocreate_kit.i18n.get_language`) when the app is built.
    synthetic : bool, optional
        Show the synthetic-data banner (the notebook passes ``files.is_sample``).

    The page reads as a briefing: the title, one line saying what this is, the report's
    headline cards (:meth:`Report.headline_cards`: the primary metric's verdict, effect,
    interval and n, then a guardrail or secondary metric), the metric selector with the
    selected metric's detail and the planner, and last the method notes
    (:meth:`Report.method_notes`, with the plan's SHA-256) collapsed under "How this was
    computed". The cards belong to the whole test and do not change with the selector.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path, read_dataset
    >>> from cocreate_kit.experiment import analyse
    >>> report = analyse(read_dataset("experiment/home_care_form.csv"),
    ...                  plan=dataset_path("experiment/home_care_form_plan.yaml"))
    >>> app = prototype_test_app(report)
    >>> type(list(app.controls.values())[0]).__name__
    'Dropdown'
    """
    if isinstance(report, pd.DataFrame):
        warnings.warn(
            "prototype_test_app(data, plan=...) is deprecated; analyse once with "
            "experiment.analyse(data, plan=...) and pass the report: prototype_test_app(report).",
            DeprecationWarning,
            stacklevel=2,
        )
        report = analyse(report, **analysis)
    elif analysis:
        msg = (
            f"prototype_test_app(report) takes no analysis settings ({', '.join(analysis)}); "
            "they belong to experiment.analyse()."
        )
        raise TypeError(msg)
    if not isinstance(report, Report):
        msg = f"prototype_test_app needs the Report from experiment.analyse(), got {type(report)}."
        raise TypeError(msg)
    lang = normalise_language(language) if language else get_language()
    with use_language(lang):
        options = {
            _("{metric} ({kind}, {role})").format(
                metric=name, kind=kind_text(res.kind), role=role_text(report.role(name))
            ): name
            for name, res in report.results.items()
        }

    @lru_cache(maxsize=32)
    def metric_html(metric: str, lang: str) -> str:
        res = report.results[metric]
        verdicts = "; ".join(
            _("{variant} vs {control}: {verdict}").format(
                variant=v, control=res.control, verdict=_(_BADGE[d])
            )
            for v, d in res.verdicts.items()
        )
        parts = [
            f'<p class="ck-verdict" role="status"><strong>{esc(verdicts)}</strong></p>',
            res.to_html(),
        ]
        if res.has_distribution:
            parts.append(res.distribution_chart().to_html())
        return "".join(parts)

    def render(metric: str, difference: float, power: float) -> str:
        with use_language(lang):
            return _render(metric, difference, power)

    def _render(metric: str, difference: float, power: float) -> str:
        res = report.results[metric]
        plan = res.next_round(difference, power)
        n_now = int(res.arms["n"].min())
        more = max(0, plan.n_control - n_now)
        words = {
            "difference": fmt_int(difference * 100),
            "unit": res.planning_unit,
            "metric": metric,
            "power": fmt_percent(power),
            "n": fmt_int(plan.n_control),
            "more": fmt_int(more),
            "tested": fmt_int(n_now),
        }
        needs = (
            _(
                "Detecting a difference of {difference} {unit} on {metric} with {power} "
                "power needs about {n} participants per variant ({more} more than the "
                "{tested} tested)."
            )
            if more
            else _(
                "Detecting a difference of {difference} {unit} on {metric} with {power} "
                "power needs about {n} participants per variant."
            )
        ).format(**words)
        heading = _("Plan the next round")
        planner = (
            f'<section class="ck-planner"><h3>{esc(heading)}</h3>'
            f"<p>{esc(needs)} {esc(plan.summary())}</p>{plan.chart().to_html()}</section>"
        )
        return metric_html(metric, lang) + planner

    with use_language(lang):
        controls = {
            "metric": dropdown(_("Metric"), options, report.primary),
            "difference": float_slider(
                _("Smallest difference worth detecting"), 0.15, 0.02, 0.5, 0.01
            ),
            "power": float_slider(_("Power"), 0.8, 0.5, 0.95, 0.05),
        }
        intro = _(
            "Each version against the control {control}, metric by metric: choose a metric below."
        ).format(control=report.design.control)
        heading = _(str(title)) if title else str(report.title)
        cards = report.headline_cards()
        notes = notes_html(report.method_notes())
    return App(
        heading,
        controls,
        render,
        intro=intro,
        cards=cards,
        synthetic=synthetic,
        method=notes,
        language=lang,
    )
