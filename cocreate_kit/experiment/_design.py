"""The experiment ``Design``: every setting of a prototype test, built once and carried.

A :class:`Design` is made from an analysis plan (:meth:`Design.from_plan`) or from keyword
arguments, passed to :func:`~cocreate_kit.experiment.compare` for every metric, to
:func:`~cocreate_kit.experiment.check_file` and to the app, and stored on every result
(``Comparison.design``, ``Report.design``). Nothing downstream works a setting out again:
the chart's axis title comes from :attr:`Design.variant_title`, the interval label from
:attr:`Design.level`.

Decisions
---------
* ``mde`` and ``margin`` are on one metric's effect scale. A plan gives them for its
  primary metric only, so :meth:`Design.mde_for` / :meth:`Design.margin_for` return them
  for ``primary`` and None for the other metrics. A design without ``primary`` (made by
  ``compare(..., margin=...)`` for one metric) applies its margin to that metric.
* ``control=None`` means "the first variant in sorted (or categorical) order"; the design
  stored on a result has the control actually used.
* ``columns`` is the column mapping of :mod:`cocreate_kit.roles` (``variant``,
  ``participant``, ``metrics``, ``text``, ``ignore``). Its ``variant`` and ``participant``
  fill :attr:`variant` / :attr:`participant` when those are left at their defaults; a
  ``variant=`` or ``participant=`` given explicitly wins and is written back into
  ``columns``, so the two never disagree. :func:`~cocreate_kit.experiment.analyse`
  analyses ``columns["metrics"]`` when no plan or ``metrics=`` names the metrics.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _, fmt_percent
from ..thresholds import DEFAULT_LEVEL
from ._plan import Plan, read_plan

__all__ = ["Design"]


@dataclass(frozen=True)
class Design:
    """How a prototype test was run and is to be read.

    Attributes
    ----------
    variant : str
        Column naming the variant each participant saw (the experiment's factor).
    participant : str or None
        Participant id column; ``compare`` uses ``"participant"`` when the data has one.
    control : str or None
        The control variant (None: the first in sorted order).
    paired : bool
        True when the same participants tried every variant (within-subject).
    level : float
        Interval level, e.g. 0.95; ``alpha`` is ``1 - level``.
    margin : float or None
        Equivalence margin on the effect scale (see :meth:`margin_for`).
    scale : int
        Points of the Likert scale (values 1..scale).
    mde : mapping of str to float
        Smallest difference worth detecting, per metric, on its effect scale.
    primary : str or None
        The primary metric (the one ``margin`` belongs to).
    split : mapping of str to float
        Planned share per variant (empty: equal split), for the sample-ratio check.
    columns : mapping
        The column roles (:mod:`cocreate_kit.roles` format), e.g. ``{"variant": "Version",
        "participant": "Participant", "metrics": {"Completed": "binary"}}``.

    Examples
    --------
    >>> d = Design(variant="letter", control="current", level=0.9)
    >>> round(d.alpha, 3), d.variant_title, d.interval_label
    (0.1, 'Letter', '90% interval')
    >>> Design.from_plan({"hypothesis": "B is easier", "primary_metric": "done",
    ...                   "metrics": {"done": "binary"}, "mde": 0.1}).mde_for("done")
    0.1
    >>> d = Design(columns={"variant": "Version", "participant": "Participant"})
    >>> d.variant, d.participant, d.variant_title
    ('Version', 'Participant', 'Version')
    """

    variant: str = "variant"
    participant: str | None = None
    control: str | None = None
    paired: bool = False
    level: float = DEFAULT_LEVEL
    margin: float | None = None
    scale: int = 5
    mde: Mapping[str, float] = field(default_factory=dict)
    primary: str | None = None
    split: Mapping[str, float] = field(default_factory=dict)
    columns: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # own copies: a caller's dict changed later must not change a stored design
        cols = json.loads(json.dumps(dict(self.columns or {}), default=str))
        for role, default in (("variant", "variant"), ("participant", None)):
            if getattr(self, role) in (default, None) and cols.get(role):
                object.__setattr__(self, role, str(cols[role]))
            elif getattr(self, role) is not None and role in cols:
                cols[role] = getattr(self, role)
        object.__setattr__(self, "columns", cols)
        object.__setattr__(self, "mde", {str(k): float(v) for k, v in self.mde.items()})
        object.__setattr__(self, "split", {str(k): float(v) for k, v in self.split.items()})
        if not 0.5 < self.level < 1:
            msg = f"level must be between 0.5 and 1 (e.g. 0.95), got {self.level!r}."
            raise ValueError(msg)
        if self.margin is not None and not self.margin > 0:
            msg = f"margin must be a positive number on the effect scale, got {self.margin!r}."
            raise ValueError(msg)
        if not isinstance(self.scale, int) or not 2 <= self.scale <= 11:
            msg = f"scale must be a whole number of Likert points from 2 to 11, got {self.scale!r}."
            raise ValueError(msg)

    def __hash__(self) -> int:
        fields = [getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "columns"]
        parts = tuple(tuple(sorted(v.items())) if isinstance(v, dict) else v for v in fields)
        return hash((*parts, json.dumps(self.columns, sort_keys=True)))

    @classmethod
    def from_plan(cls, plan: Plan | Any, **overrides: Any) -> Design:
        """The design a plan describes (a :class:`Plan`, or what :func:`read_plan` reads),
        with ``overrides`` (keyword arguments the caller gave) taking precedence.

        Examples
        --------
        >>> plan = {"hypothesis": "B is easier", "primary_metric": "done",
        ...         "metrics": {"done": "binary"}, "alpha": 0.1, "paired": True}
        >>> d = Design.from_plan(plan, control="B")
        >>> d.level, d.paired, d.control, d.participant
        (0.9, True, 'B', 'participant')
        """
        if not isinstance(plan, Plan):
            plan = read_plan(plan)
        base = cls(
            variant=plan.variant_column,
            participant=plan.participant_column,
            control=plan.control,
            paired=plan.paired,
            level=plan.level,
            margin=plan.margin,
            scale=plan.likert_scale,
            mde={} if plan.mde is None else {plan.primary_metric: float(plan.mde)},
            primary=plan.primary_metric,
            split=dict(plan.split),
            columns=dict(plan.columns),
        )
        return base.replace(**overrides)

    def replace(self, **changes: Any) -> Design:
        """A copy with ``changes``; a value of None leaves the setting as it is.

        Examples
        --------
        >>> Design(level=0.9).replace(level=None, paired=True).level
        0.9
        """
        given = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **given) if given else self

    @property
    def alpha(self) -> float:
        """Significance level, ``1 - level``."""
        return 1 - self.level

    @property
    def variant_title(self) -> str:
        """The variant column as an axis title: ``"letter"`` -> ``"Letter"`` (the default
        column ``"variant"`` in the current language)."""
        text = str(self.variant).replace("_", " ").strip()
        if text in ("", "variant"):
            return _("Variant")
        return text[:1].upper() + text[1:]

    @property
    def interval_label(self) -> str:
        """``"95% interval"`` for ``level=0.95`` (in the current language)."""
        return _("{level} interval").format(level=fmt_percent(self.level))

    def mde_for(self, metric: str) -> float | None:
        """The smallest difference worth detecting for ``metric`` (None: not given)."""
        return self.mde.get(metric)

    def margin_for(self, metric: str) -> float | None:
        """The equivalence margin for ``metric``: for the primary metric only, or for every
        metric when the design names no primary metric."""
        return self.margin if self.primary is None or metric == self.primary else None
