"""The analysis plan: written before the data arrives, read by the analysis, hashed into it.

A plan is a YAML or JSON file (UK Behavioural Insights Team, "Test, Learn, Adapt", 2012)::

    title: Home-care application form
    hypothesis: The shorter form B lets more citizens finish their application.
    primary_metric: completed
    metrics: {completed: binary, time_s: time, errors: count, sus: sus, satisfaction: likert}
    guardrails: [errors]
    control: A
    mde: 0.15              # on the primary metric's effect scale
    alpha: 0.05
    margin: null           # for equivalence / non-inferiority, on the effect scale
    stopping_rule: Stop after 30 participants per variant.
    planned_n_per_variant: 30
    split: {A: 0.5, B: 0.5}
    end_date: 2026-03-31   # optional; analysing before it counts as looking early
    likert_scale: 5        # optional, points of the Likert scale (default 5)
    paired: false          # optional; true when every participant tried every variant
                           # (within-subject design: one row per participant and variant)
    columns:               # optional column roles (cocreate_kit.roles format), e.g.
      variant: Version     #   for a sheet whose columns are not named variant/participant
      participant: Participant
      text: [Comments]

``columns:`` is validated like the other entries (known roles only; ``columns.metrics``
kinds must be known). ``variant_column`` / ``participant_column`` keep working and mean
``columns.variant`` / ``columns.participant``; giving both with different columns is an
error. Metrics given under ``columns.metrics`` are added to ``metrics`` (the same metric with
two different kinds is an error), so a plan may give its metrics in either place.

Deviations flagged by :meth:`Plan.deviations`: another primary metric than planned, fewer
participants than planned, and looking before the planned end date. The SHA-256 of the plan
file's bytes is stamped into every report, so readers can check the plan was not changed
after the fact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import ProblemCollector
from ..i18n import _, fmt_date, fmt_int
from ..io import read_json, read_yaml
from ._kind import KINDS

__all__ = ["Plan", "read_plan"]

_REQUIRED = ("hypothesis", "primary_metric", "metrics")
_KNOWN = {
    "title",
    "hypothesis",
    "primary_metric",
    "metrics",
    "guardrails",
    "control",
    "mde",
    "alpha",
    "margin",
    "stopping_rule",
    "planned_n_per_variant",
    "split",
    "end_date",
    "likert_scale",
    "variant_column",
    "participant_column",
    "paired",
    "columns",
}
_COLUMN_ROLES = ("participant", "variant", "metrics", "text", "ignore")


@dataclass(frozen=True)
class Plan:
    """A parsed analysis plan. Make one with :func:`read_plan`."""

    hypothesis: str
    primary_metric: str
    metrics: dict[str, str]
    sha256: str
    source: str | None = None
    title: str = ""
    guardrails: tuple[str, ...] = ()
    control: str | None = None
    mde: float | None = None
    alpha: float = 0.05
    margin: float | None = None
    stopping_rule: str = ""
    planned_n_per_variant: int | None = None
    split: dict[str, float] = field(default_factory=dict)
    end_date: dt.date | None = None
    likert_scale: int = 5
    variant_column: str = "variant"
    participant_column: str = "participant"
    paired: bool = False
    columns: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> float:
        """Confidence level implied by ``alpha``."""
        return 1 - self.alpha

    def deviations(
        self,
        *,
        n_per_variant: dict[str, int],
        primary_metric: str | None = None,
        as_of: dt.date | None = None,
    ) -> list[str]:
        """Plain-language deviations of an analysis from this plan.

        Examples
        --------
        >>> p = read_plan({"hypothesis": "B is easier", "primary_metric": "completed",
        ...                "metrics": {"completed": "binary"}, "planned_n_per_variant": 30})
        >>> p.deviations(n_per_variant={"A": 30, "B": 24})
        ['Fewer participants than planned: B has 24 of the planned 30.']
        """
        out = []
        if primary_metric is not None and primary_metric != self.primary_metric:
            out.append(
                _(
                    "The primary metric analysed ({analysed}) is not the one the "
                    "plan named ({planned})."
                ).format(analysed=repr(primary_metric), planned=repr(self.primary_metric))
            )
        if self.planned_n_per_variant:
            short = [
                _("{variant} has {n}").format(variant=v, n=fmt_int(n))
                for v, n in n_per_variant.items()
                if n < self.planned_n_per_variant
            ]
            if short:
                out.append(
                    _("Fewer participants than planned: {short} of the planned {n}.").format(
                        short=", ".join(short), n=fmt_int(self.planned_n_per_variant)
                    )
                )
        today = as_of or dt.date.today()
        if self.end_date is not None and today < self.end_date:
            out.append(
                _(
                    "Looking early: analysed on {today}, before the planned end date "
                    "{end}; the stopping rule was: {rule}"
                ).format(
                    today=fmt_date(today),
                    end=fmt_date(self.end_date),
                    rule=self.stopping_rule or _("(none stated)"),
                )
            )
        return out


def read_plan(source: str | Path | dict[str, Any]) -> Plan:
    """Read and check an analysis plan from a YAML/JSON file or a dict.

    Raises
    ------
    DataError
        Listing every missing or invalid entry (column = the plan key).
    """
    if isinstance(source, dict):
        raw = dict(source)
        text = json.dumps(raw, sort_keys=True, default=str).encode()
        name = None
    else:
        p = Path(source)
        name = p.name
        pc = ProblemCollector(name)
        if not p.is_file():
            pc.add(
                expected=_("an existing plan file (not found: {path})").format(path=repr(str(p)))
            )
            pc.raise_if_any()
        text = p.read_bytes()
        raw = read_json(p) if p.suffix.lower() == ".json" else read_yaml(p, _("a YAML plan"))
    pc = ProblemCollector(name)
    if not isinstance(raw, dict):
        pc.add(value=type(raw).__name__, expected=_("a mapping of plan entries (key: value)"))
        pc.raise_if_any()
    columns = _plan_columns(raw, pc)
    if columns.get("metrics"):
        raw["metrics"] = {**columns["metrics"], **(raw.get("metrics") or {})}
    for key in _REQUIRED:
        if raw.get(key) in (None, "", {}):
            pc.add(column=key, value=None, expected=_("the plan's {key}").format(key=key))
    for key in raw:
        if key not in _KNOWN:
            pc.add(
                column=str(key),
                value=raw[key],
                expected=_("a known plan entry: {keys}").format(keys=", ".join(sorted(_KNOWN))),
            )
    metrics = raw.get("metrics") or {}
    if not isinstance(metrics, dict):
        pc.add(column="metrics", value=metrics, expected=_("a mapping of metric name to kind"))
        metrics = {}
    for m, k in metrics.items():
        if k not in KINDS:
            pc.add(
                column=f"metrics.{m}",
                value=k,
                expected=_("one of {kinds}").format(kinds=", ".join(KINDS)),
            )
    primary = raw.get("primary_metric")
    if primary and metrics and primary not in metrics:
        pc.add(
            column="primary_metric",
            value=primary,
            expected=_("one of the plan's metrics: {metrics}").format(metrics=", ".join(metrics)),
        )
    guard = raw.get("guardrails") or []
    if isinstance(guard, str):
        guard = [guard]
    for g in guard:
        if g not in metrics:
            pc.add(column="guardrails", value=g, expected=_("a metric listed under metrics"))
    alpha = raw.get("alpha", 0.05)
    if not isinstance(alpha, (int, float)) or not 0 < alpha < 0.5:
        pc.add(column="alpha", value=alpha, expected=_("a number between 0 and 0.5"))
        alpha = 0.05
    for key in ("mde", "margin"):
        v = raw.get(key)
        if v is not None and (not isinstance(v, (int, float)) or v <= 0):
            pc.add(column=key, value=v, expected=_("a positive number or empty"))
    n_plan = raw.get("planned_n_per_variant")
    if n_plan is not None and (not isinstance(n_plan, int) or n_plan < 1):
        pc.add(column="planned_n_per_variant", value=n_plan, expected=_("a whole number >= 1"))
    split = raw.get("split") or {}
    if not isinstance(split, dict) or not all(
        isinstance(v, (int, float)) and v > 0 for v in split.values()
    ):
        pc.add(column="split", value=split, expected=_("a mapping of variant to a positive share"))
        split = {}
    end = raw.get("end_date")
    if end is not None and not isinstance(end, dt.date):
        try:
            end = dt.date.fromisoformat(str(end))
        except ValueError:
            pc.add(column="end_date", value=end, expected=_("a date such as 2026-03-31"))
            end = None
    scale = raw.get("likert_scale", 5)
    if not isinstance(scale, int) or not 2 <= scale <= 11:
        pc.add(column="likert_scale", value=scale, expected=_("a whole number from 2 to 11"))
        scale = 5
    paired = raw.get("paired", False)
    if paired is None:
        paired = False
    if not isinstance(paired, bool):
        pc.add(
            column="paired",
            value=paired,
            expected=_("true (every participant tried every variant) or false"),
        )
        paired = False
    pc.raise_if_any()
    return Plan(
        hypothesis=str(raw["hypothesis"]),
        primary_metric=str(primary),
        metrics={str(k): str(v) for k, v in metrics.items()},
        sha256=hashlib.sha256(text).hexdigest(),
        source=name,
        title=str(raw.get("title") or ""),
        guardrails=tuple(str(g) for g in guard),
        control=None if raw.get("control") is None else str(raw["control"]),
        mde=raw.get("mde"),
        alpha=float(alpha),
        margin=raw.get("margin"),
        stopping_rule=str(raw.get("stopping_rule") or ""),
        planned_n_per_variant=n_plan,
        split={str(k): float(v) for k, v in split.items()},
        end_date=end,
        likert_scale=scale,
        variant_column=str(columns.get("variant") or "variant"),
        participant_column=str(columns.get("participant") or "participant"),
        paired=paired,
        columns=columns,
    )


def _plan_columns(raw: dict[str, Any], pc: ProblemCollector) -> dict[str, Any]:
    """The plan's ``columns:`` entry, checked, with ``variant_column`` and
    ``participant_column`` folded in (see the module notes)."""
    cols = raw.get("columns") or {}
    if not isinstance(cols, dict):
        pc.add(column="columns", value=cols, expected=_("a mapping of role to column"))
        return {}
    out: dict[str, Any] = {}
    for role, value in cols.items():
        if role not in _COLUMN_ROLES:
            pc.add(
                column=f"columns.{role}",
                value=value,
                expected=_("a role: {roles}").format(roles=", ".join(_COLUMN_ROLES)),
            )
        elif role == "metrics":
            if not isinstance(value, dict):
                pc.add(
                    column="columns.metrics", value=value, expected=_("a mapping of column to kind")
                )
                continue
            for col, kind in value.items():
                if kind not in KINDS:
                    pc.add(
                        column=f"columns.metrics.{col}",
                        value=kind,
                        expected=_("one of {kinds}").format(kinds=", ".join(KINDS)),
                    )
            out["metrics"] = {str(k): str(v) for k, v in value.items()}
        elif role in ("text", "ignore"):
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                pc.add(column=f"columns.{role}", value=value, expected=_("a list of column names"))
                continue
            out[role] = list(items)
        elif not isinstance(value, str) or not value:
            pc.add(column=f"columns.{role}", value=value, expected=_("one column name"))
        else:
            out[role] = value
    for role in ("variant", "participant"):
        old = raw.get(f"{role}_column")
        if old is None:
            continue
        if role in out and out[role] != str(old):
            pc.add(
                column=f"{role}_column",
                value=old,
                expected=_(
                    "the same column as columns.{role} ({column}), or only one of them"
                ).format(role=role, column=repr(out[role])),
            )
        out[role] = str(old)
    plan_metrics = raw.get("metrics") if isinstance(raw.get("metrics"), dict) else {}
    for col, kind in (out.get("metrics") or {}).items():
        if col in plan_metrics and plan_metrics[col] != kind:
            pc.add(
                column=f"columns.metrics.{col}",
                value=kind,
                expected=_("the kind metrics gives it ({kind}), or only one of them").format(
                    kind=repr(plan_metrics[col])
                ),
            )
    return out
