"""The service blueprint as a result: the map as a table, an accessible chart and a sentence.

:func:`blueprint` is a function of the journey rather than a ``Journey.blueprint()`` method so
that the model (:mod:`cocreate_kit.journey._model`) stays the bottom layer of the pillar and
imports no analysis or chart code.
"""

from __future__ import annotations

import pandas as pd

from .._result import Result
from ..charts import Figure
from ..i18n import _
from ._charts import blueprint_chart, blueprint_description, blueprint_table
from ._model import Journey

__all__ = ["Blueprint", "blueprint"]


class Blueprint(Result):
    """A journey's service blueprint: one table row per step, in map order.

    Attributes
    ----------
    table : DataFrame
        :func:`~cocreate_kit.journey.blueprint_table`: ``stage, step, channel``, the five
        lanes, ``actor, pain_points, opportunities, fail_point, wait_point``.
    step_ids, stage_ids : list of str
        The id of each row's step and of its stage (same order as ``table``).
    journey_id, journey_title : str
    """

    def __init__(self, journey: Journey) -> None:
        steps = journey.ordered_steps()
        self.journey_id = journey.id
        self.journey_title = journey.title
        self.table = blueprint_table(journey)
        self.step_ids = [s.id for s in steps]
        self.stage_ids = [s.stage for s in steps]
        self._journey = journey

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Service blueprint: {journey}").format(journey=self.journey_title)

    def summary(self) -> str:
        """Steps, stages, pain points (and where most are), fail and wait points."""
        return blueprint_description(self._journey)

    def chart(self) -> Figure:
        """Swimlane of stages x lanes with pain points marked (see :func:`blueprint_chart`)."""
        return blueprint_chart(self._journey)

    def _mask(self, stage: str | None) -> list[bool]:
        return [stage is None or s == stage for s in self.stage_ids]

    def rows(self, stage: str | None = None) -> pd.DataFrame:
        """The table rows of one stage (by stage id), or all rows when ``stage`` is None.

        A stage id with no steps in this journey (e.g. an as-is stage the to-be journey
        dropped) gives no rows, so the same stage can be asked of both journeys.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> from cocreate_kit.journey import load
        >>> bp = blueprint(load(dataset_path("journey/home_care_as_is.json")))
        >>> len(bp.rows()) == len(bp.table), bp.rows(bp.stage_ids[0])["stage"].nunique()
        (True, 1)
        """
        return self.table[self._mask(stage)].reset_index(drop=True)

    def steps_in(self, stage: str | None = None) -> list[str]:
        """Ids of the steps of one stage (all steps when ``stage`` is None), in map order."""
        return [sid for sid, keep in zip(self.step_ids, self._mask(stage), strict=True) if keep]

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(_("The whole map: one row per step, one column per lane"), self.table)]


def blueprint(journey: Journey) -> Blueprint:
    """The service blueprint of ``journey`` as a :class:`Blueprint` result.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> bp = blueprint(load(dataset_path("journey/home_care_as_is.json")))
    >>> len(bp.table), bp.summary()[:20]
    (12, '12 steps in 5 stages')
    """
    return Blueprint(journey)
