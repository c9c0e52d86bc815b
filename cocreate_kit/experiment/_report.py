"""Several metrics of one prototype test, read against an analysis plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from .._brief import cards_html
from .._errors import DataError, ProblemCollector
from .._result import Result, Results
from ..i18n import _, lazy
from ..io import read_table
from ._cards import report_cards, report_notes
from ._charts import forest_chart
from ._compare import compare
from ._comparison import Comparison
from ._design import Design
from ._plan import Plan, read_plan
from ._power import SampleSize
from ._roles import resolve
from ._scale import compare_all, is_scale_input, sample_rows
from ._text import display_table, verdict_text

__all__ = ["Report", "analyse"]


class Report(Result):
    """Every metric of a prototype test: one :class:`Comparison` per metric.

    Attributes
    ----------
    results : dict of str to Comparison
        In plan order, the primary metric first.
    primary : str
        The primary metric.
    guardrails : list of str
        Guardrail metrics (a variant that is worse on one needs a second look).
    deviations : list of str
        Deviations from the analysis plan.
    plan_sha256 : str or None
        SHA-256 of the plan file, stamped into the summary.
    design : Design
        The design every metric was read with (its ``control`` is the control used).
    comments : DataFrame
        The free-text columns (``variant, column, comment``), every comment redacted with
        :func:`cocreate_kit.privacy.redact` (names in the participant column, e-mails,
        phone and CPR numbers...); never analysed. Empty when the file has none.
    """

    title = lazy("Prototype test")

    def __init__(
        self,
        results: dict[str, Comparison],
        primary: str,
        guardrails: list[str],
        plan: Plan | None,
        deviations: list[str],
        design: Design | None = None,
        comments: pd.DataFrame | None = None,
    ) -> None:
        self.results = results
        self.comments = (
            comments
            if comments is not None
            else pd.DataFrame(columns=["variant", "column", "comment"])
        )
        self.design = design if design is not None else results[primary].design
        self.primary = primary
        self.guardrails = guardrails
        self.plan = plan
        self.deviations = deviations
        self.plan_sha256 = None if plan is None else plan.sha256
        self._warnings = list(deviations)
        if plan is not None and plan.title:
            self.title = plan.title

    def role(self, metric: str) -> str:
        """``"primary"``, ``"guardrail"`` or ``"secondary"``.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path, read_dataset
        >>> rep = analyse(read_dataset("experiment/home_care_form.csv"),
        ...               plan=dataset_path("experiment/home_care_form_plan.yaml"))
        >>> [rep.role(m) for m in rep.results]
        ['primary', 'secondary', 'guardrail', 'secondary', 'secondary']
        """
        if metric not in self.results:
            msg = f"{metric!r} is not a metric of this report: {', '.join(self.results)}."
            raise KeyError(msg)
        if metric == self.primary:
            return "primary"
        return "guardrail" if metric in self.guardrails else "secondary"

    def next_round(
        self, difference: float, power: float = 0.8, *, metric: str | None = None
    ) -> SampleSize:
        """Participants per variant a follow-up needs, for ``metric`` (default: the primary
        metric), starting from its observed control arm (:meth:`Comparison.next_round`).

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path, read_dataset
        >>> rep = analyse(read_dataset("experiment/home_care_form.csv"),
        ...               plan=dataset_path("experiment/home_care_form_plan.yaml"))
        >>> rep.next_round(0.15).kind
        'binary'
        """
        return self.results[metric or self.primary].next_round(difference, power)

    def overview(self) -> pd.DataFrame:
        """One row per metric and non-control variant: effect, interval, verdict."""
        frames = []
        for name, res in self.results.items():
            t = res.table.copy()
            t.insert(0, "metric", name)
            t.insert(1, "kind", res.kind)
            t.insert(2, "role", self.role(name))
            frames.append(t)
        return pd.concat(frames, ignore_index=True)

    def details(self) -> Results:
        """Every metric's result, with the distribution chart for time and Likert metrics."""
        items: list[Any] = []
        for res in self.results.values():
            items.append(res)
            if res.has_distribution:
                items.append(res.distribution_chart())
        return Results(items)

    def summary(self) -> str:
        """The primary metric's summary, guardrail warnings and the plan stamp."""
        main = self.results[self.primary]
        parts = []
        if self.plan is not None:
            parts.append(_("Hypothesis: {hypothesis}").format(hypothesis=self.plan.hypothesis))
        parts.append(_("Primary metric: {summary}").format(summary=main.summary()))
        for g in self.guardrails:
            res = self.results.get(g)
            if res is None:
                continue
            worse = [v for v, d in res.verdicts.items() if d == "worse"]
            state = (
                _("worse for {variants}").format(variants=", ".join(worse))
                if worse
                else _("no variant is worse")
            )
            parts.append(_("Guardrail {metric}: {state}.").format(metric=g, state=state))
        others = [n for n in self.results if n != self.primary and n not in self.guardrails]
        if others:
            found = "; ".join(
                f"{n}: "
                + ", ".join(f"{v} {verdict_text(d)}" for v, d in self.results[n].verdicts.items())
                for n in others
            )
            parts.append(_("Secondary metrics: {found}.").format(found=found))
        if self.plan_sha256 and self.plan_sha256[:12] not in parts[1]:
            parts.append(_("Analysis plan SHA-256: {sha}.").format(sha=self.plan_sha256[:12]))
        return " ".join(parts)

    def headline_cards(self) -> list[Any]:
        """2-4 headline cards: the primary metric, then up to two guardrail or secondary
        metrics (:func:`._cards.report_cards` says which).

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path, read_dataset
        >>> rep = analyse(read_dataset("experiment/home_care_form.csv"),
        ...               plan=dataset_path("experiment/home_care_form_plan.yaml"))
        >>> [(c.label, c.tone) for c in rep.headline_cards()]  # doctest: +NORMALIZE_WHITESPACE
        [('completed (primary): B vs A', 'unclear'), ('errors (guardrail): B vs A', 'good'),
         ('time_s (secondary): B vs A', 'good')]
        """
        return report_cards(self)

    def method_notes(self) -> list[str]:
        """Hypothesis, each metric's method, the verdict rule and the plan stamp."""
        return report_notes(self)

    def to_html(self, *, include_chart: bool = True) -> str:
        """The headline cards, then the report (summary, forest plot, table, method notes).

        A notebook that displays the report (the template) thus opens on the headline;
        the prototype-test app shows the same cards in its own head instead.
        """
        return cards_html(self.headline_cards()) + super().to_html(include_chart=include_chart)

    def chart(self) -> Any:
        """Forest plot of the effects across all metrics."""
        return forest_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        cols = [
            "metric",
            "role",
            "variant",
            "effect",
            "effect_ci_low",
            "effect_ci_high",
            "p_adjusted",
            "p_note",
            "prob_better",
            "verdict",
        ]
        return [(_("All metrics against control"), display_table(self.overview()[cols]))]


def analyse(
    data: pd.DataFrame | str | Path,
    *,
    plan: Plan | str | Path | dict[str, Any] | None = None,
    metrics: dict[str, str] | None = None,
    primary: str | None = None,
    variant: str | None = None,
    participant: str | None = None,
    control: str | None = None,
    paired: bool | None = None,
    as_of: dt.date | None = None,
    title: str | None = None,
    design: Design | None = None,
    columns: dict[str, Any] | None = None,
    engine: str | None = None,
) -> Report:
    """Analyse every metric of a prototype test, following an analysis plan when given.

    Parameters
    ----------
    data : DataFrame, path or Spark DataFrame
        One row per participant (per participant and variant when ``paired``), or a file
        read with :func:`cocreate_kit.io.read_table` (CSV, xlsx, JSON). A Parquet file is
        aggregated by DuckDB and a Spark DataFrame by Spark (see ``engine``): the rows
        never reach pandas.
    plan : Plan, path or dict, optional
        The analysis plan (see :func:`read_plan`); supplies metrics, primary metric,
        guardrails, control, alpha, margin (primary metric) and the planned sample.
    metrics : dict, optional
        {column: kind}. Without a plan or metrics the kinds are inferred from the data
        (:func:`infer_kinds`) and the report says what it assumed.
    primary : str, optional
        The primary metric; a different one from the plan's is flagged as a deviation.
    variant, participant, control, paired : optional
        Override the design's settings (see :class:`Design`).
    design : Design, optional
        Every setting at once; default: :meth:`Design.from_plan` of the plan, else the
        defaults. The same design is passed to every metric (its ``mde`` and ``margin``
        belong to the primary metric).
    columns : dict, optional
        Column roles (:mod:`cocreate_kit.roles` format), e.g. ``{"variant": "Version",
        "participant": "Participant", "metrics": {"Completed": "binary", "Time (mm:ss)":
        "time"}, "text": ["Comments"]}``; roles not given are inferred
        (:func:`infer_roles`). Without a plan or ``metrics``, ``columns["metrics"]`` are the
        metrics analysed. Free-text columns are never analysed; they are kept, redacted
        (:func:`cocreate_kit.privacy.redact`), in :attr:`Report.comments`.
    as_of : date, optional
        Date of the analysis, for the "looking early" check (default today).
    title : str, optional
        Heading of the report (default: the plan's title).
    engine : {"duckdb", "spark"}, optional
        Analyse from per-arm aggregates computed by this engine (:mod:`._suffstats`)
        instead of from rows in pandas. The default is ``"duckdb"`` for a Parquet file,
        ``"spark"`` for a Spark DataFrame and the row path for anything else. The results
        are the same to 1e-9; ``details["path"]`` says which path was taken.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path, read_dataset
    >>> df = read_dataset("experiment/home_care_form.csv")
    >>> rep = analyse(df, plan=dataset_path("experiment/home_care_form_plan.yaml"))
    >>> rep.primary, rep.results["completed"].verdicts
    ('completed', {'B': 'not enough evidence yet'})
    >>> rep.results["time_s"].verdicts
    {'B': 'better'}
    """
    scaled = is_scale_input(data, engine)
    source = data
    if scaled:
        data = sample_rows(source, engine, 0)  # the columns; rows only to infer roles below
    elif not isinstance(data, pd.DataFrame):
        data = read_table(data)
    if plan is not None and not isinstance(plan, Plan):
        plan = read_plan(plan)
    if design is None:
        design = Design.from_plan(plan) if plan is not None else Design()
    given = {"variant": variant, "participant": participant}
    design = design.replace(**given)
    need = metrics is None and plan is None and not (columns or {}).get("metrics")
    if scaled and (need or design.variant not in data.columns):
        data = sample_rows(source, engine)
    design, roles = resolve(data, design, columns=columns, plan=plan, need_metrics=need)
    assumed = None
    if metrics is None:
        if plan is None:
            metrics = {
                k: v for k, v in (design.columns.get("metrics") or {}).items() if v is not None
            }
            if not metrics:
                msg = _(
                    "No metric columns found; give plan= or metrics={{column: kind}}, or "
                    "columns={{'metrics': {{column: kind}}}}."
                ).format()
                raise ValueError(msg)
            inferred = [] if roles is None else [r.column for r in roles.roles if not r.given]
            if any(k in inferred for k in metrics):
                assumed = _(
                    "No analysis plan was given, so the metric kinds were assumed: {kinds}; "
                    "the first, {first}, is treated as primary."
                ).format(
                    kinds=", ".join(f"{k} = {v}" for k, v in metrics.items()),
                    first=next(iter(metrics)),
                )
        else:
            metrics = dict(plan.metrics)
    planned_primary = plan.primary_metric if plan is not None else next(iter(metrics))
    primary = primary or planned_primary
    if primary not in metrics:
        msg = _("The primary metric {primary} is not among the metrics: {metrics}.").format(
            primary=repr(primary), metrics=", ".join(metrics)
        )
        raise ValueError(msg)
    design = design.replace(control=control, paired=paired, primary=primary)
    results: dict[str, Comparison] = {}
    order = [primary] + [k for k in metrics if k != primary]
    pc = ProblemCollector(data.attrs.get("source"))
    if scaled:
        results = compare_all(
            source,
            metrics=metrics,
            order=order,
            design=design,
            plan=plan,
            primary=primary,
            engine=engine,
        )
        order = []
    for name in order:  # every metric's bad cells are reported together, once each
        try:
            results[name] = compare(
                data,
                metric=name,
                kind=metrics[name],
                design=design,
                plan=plan if name == primary else None,  # deviations and SHA stamp: once
            )
        except DataError as exc:
            pc.problems.extend(p for p in exc.problems if p not in pc.problems)
    pc.raise_if_any()
    deviations: list[str] = []
    if plan is not None:
        main = results[primary]
        deviations = plan.deviations(
            n_per_variant=dict(zip(main.arms["variant"], main.arms["n"], strict=True)),
            primary_metric=primary,
            as_of=as_of,
        )
    guard = list(plan.guardrails) if plan is not None else []
    if assumed:
        deviations = [assumed, *deviations]
    comments = _comments(data.iloc[:0] if scaled else data, design)
    report = Report(results, primary, guard, plan, deviations, results[primary].design, comments)
    return report._replace(title=title) if title else report


def _comments(data: pd.DataFrame, design: Design) -> pd.DataFrame:
    """The free-text columns of ``data``, redacted, one row per non-empty comment."""
    from ..privacy import redact

    frames = []
    names: list[str] = []
    part = design.participant
    if part in data.columns and not pd.api.types.is_numeric_dtype(data[part]):
        names = [str(v) for v in data[part].dropna().unique() if len(str(v).strip()) > 2]
    for col in design.columns.get("text") or []:
        if col not in data.columns:
            continue
        text = data[col].astype("string").str.strip()
        keep = text.notna() & (text != "")
        frames.append(
            pd.DataFrame(
                {
                    "variant": data.loc[keep, design.variant].astype("string").to_numpy(),
                    "column": col,
                    "comment": redact(text[keep].astype(str), names=names).to_numpy(),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["variant", "column", "comment"])
    return pd.concat(frames, ignore_index=True)
