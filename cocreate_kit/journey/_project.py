"""A journey project: the as-is journey with its optional to-be redesign and event log.

Notebooks stay free of ``if``: :func:`load_project` takes the three paths (``None`` passes
through), and the project's methods return a result for every analysis. When the optional
input an analysis needs was not given, the method returns a :class:`NotGiven` result whose
summary (and ``headline()``) says what is missing and how to add it, so a notebook can
display and print it like any other result.

Examples
--------
>>> from cocreate_kit.datasets import sample_project
>>> files = sample_project("journey")
>>> project = load_project(files.data, to_be=files.to_be, events=files.events)
>>> project.compare().headline().startswith("The to-be journey saves")
True
>>> print(load_project(files.data).compare().headline())
No to-be journey was given, so there is no as-is vs to-be comparison. Add the redesign (to_be_path in the notebook, to_be= in journey.load_project) to compare staff cost and citizen time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import ProblemCollector
from .._result import Result
from ..i18n import N_, _
from ..thresholds import DEFAULT_K
from ._cost import Assumptions, JourneyComparison, compare
from ._eventlog import EventLogMetrics, event_log_metrics
from ._funnel import StageFunnel, stage_funnel
from ._io import load
from ._model import Journey, Stage
from ._ratings import load_ratings
from ._xes import is_xes, read_xes

__all__ = ["JourneyProject", "NotGiven", "load_project"]


class NotGiven(Result):
    """Stands in for an analysis whose optional input was not given; says what is missing.

    Attributes
    ----------
    missing : str
        The input that was not given (e.g. ``"to-be journey"``).
    analysis : str
        The analysis that needs it.
    hint : str
        How to add it.

    Examples
    --------
    >>> NotGiven("event log", "event-log metrics", "Add one.").summary()
    'No event log was given, so there are no event-log metrics. Add one.'
    """

    def __init__(self, missing: str, analysis: str, hint: str) -> None:
        self.missing = missing
        self.analysis = analysis
        self.hint = hint

    @property
    def title(self) -> str:  # type: ignore[override]
        analysis = _(self.analysis)
        return _("{analysis}: not available").format(analysis=analysis[:1].upper() + analysis[1:])

    def summary(self) -> str:
        """What is missing, what cannot be computed without it, and how to add it."""
        text = (
            _("No {missing} was given, so there are no {analysis}. {hint}")
            if self.analysis.endswith("s")
            else _("No {missing} was given, so there is no {analysis}. {hint}")
        )
        return text.format(missing=_(self.missing), analysis=_(self.analysis), hint=_(self.hint))

    def headline(self) -> str:
        """The same sentence as :meth:`summary` (stands in for a comparison's headline)."""
        return self.summary()


# The texts are English msgids, translated when shown (summary(), title).
_NO_TO_BE = NotGiven(
    N_("to-be journey"),
    N_("as-is vs to-be comparison"),
    N_(
        "Add the redesign (to_be_path in the notebook, to_be= in journey.load_project) to "
        "compare staff cost and citizen time."
    ),
)


def _no_events(analysis: str) -> NotGiven:
    return NotGiven(
        N_("event log"),
        analysis,
        N_(
            "Add an event log with a case id, activity and timestamp per event (CSV, Parquet "
            "or XES; events_path in the notebook, events= in journey.load_project)."
        ),
    )


@dataclass(frozen=True)
class JourneyProject:
    """The as-is journey, its optional to-be redesign and optional event log.

    Attributes
    ----------
    as_is : Journey
    to_be : Journey or None
    events : Path, DataFrame or None
        The event log (a CSV/Parquet path DuckDB scans, or a DataFrame; an XES file is
        read once into a DataFrame by :func:`~cocreate_kit.journey.read_xes`).
    columns : dict
        The event log's column roles given by the user (``columns=``; empty: inferred).
    """

    as_is: Journey
    to_be: Journey | None = None
    events: Path | pd.DataFrame | None = None
    columns: Mapping[str, Any] = field(default_factory=dict)

    def compare(
        self, *, assumptions: Assumptions | dict[str, Any] | None = None, k: int = DEFAULT_K
    ) -> JourneyComparison | NotGiven:
        """:func:`~cocreate_kit.journey.compare` of as-is and to-be, or :class:`NotGiven`."""
        if self.to_be is None:
            return _NO_TO_BE
        return compare(self.as_is, self.to_be, assumptions=assumptions, k=k)

    def event_log_metrics(self, **kwargs: Any) -> EventLogMetrics | NotGiven:
        """:func:`~cocreate_kit.journey.event_log_metrics` of the event log (``kwargs`` go
        to it), or :class:`NotGiven` when there is no event log."""
        if self.events is None:
            return _no_events(N_("event-log metrics"))
        kwargs.setdefault("columns", self.columns)
        return event_log_metrics(self.events, **kwargs)

    def funnel(
        self,
        *,
        by: str | None = None,
        k: int = DEFAULT_K,
        end_activities: Sequence[str] | None = None,
        tie_break: str = "activity",
    ) -> StageFunnel | NotGiven:
        """Cases reaching each stage of the as-is journey (:func:`stage_funnel`) as a
        :class:`StageFunnel`, split and suppressed ``by`` a column if given; or
        :class:`NotGiven` when there is no event log."""
        if self.events is None:
            return _no_events(N_("stage funnel"))
        table = stage_funnel(
            self.events,
            self.as_is,
            columns=self.columns,
            by=by,
            k=k,
            end_activities=end_activities,
            tie_break=tie_break,
        )
        return StageFunnel(table, by=by, k=k)

    def stages(self) -> dict[str, str]:
        """Stage name -> id: the as-is stages in order, then to-be stages with new names."""
        out = {s.name: s.id for s in self.as_is.ordered_stages()}
        extra: list[Stage] = self.to_be.ordered_stages() if self.to_be is not None else []
        for s in extra:
            out.setdefault(s.name, s.id)
        return out


def load_project(
    data: str | Path | Journey,
    *,
    to_be: str | Path | Journey | None = None,
    events: str | Path | pd.DataFrame | None = None,
    ratings: str | Path | None = None,
    columns: Mapping[str, Any] | None = None,
) -> JourneyProject:
    """Load the as-is journey and, when given, its to-be redesign, ratings and event log.

    Parameters
    ----------
    data : path or Journey
        The as-is journey (.json, .xlsx or a CSV folder; see :func:`load`).
    to_be : path or Journey, optional
        The to-be redesign; ``None`` passes through (:meth:`JourneyProject.compare` then
        returns a :class:`NotGiven` saying so).
    events : path or DataFrame, optional
        Event log (CSV, Parquet, XES/``.xes.gz`` or a DataFrame) with a case id, activity
        and timestamp per event; a CSV/Parquet file is only checked to exist here (DuckDB
        scans it when an analysis needs it), an XES file is read once. ``None`` passes
        through.
    ratings : path, optional
        A separate ratings file (:func:`load_ratings`) replacing the as-is journey's ratings.
    columns : mapping, optional
        The event log's column roles (``{"case": "Sag", ...}``, see
        :func:`~cocreate_kit.journey.infer_roles`); empty or ``None``: inferred.

    Returns
    -------
    JourneyProject

    Raises
    ------
    DataError
        From the loaders, naming file, row, column, value and expectation; or when the
        event log file does not exist.
    """
    as_is = data if isinstance(data, Journey) else load(data)
    if ratings is not None:
        as_is = load_ratings(ratings, as_is)
    redesign = None if to_be is None else to_be if isinstance(to_be, Journey) else load(to_be)
    log: Path | pd.DataFrame | None = None
    if isinstance(events, pd.DataFrame):
        log = events
    elif events is not None:
        log = Path(events)
        if not log.is_file():
            pc = ProblemCollector(log.name)
            pc.add(
                expected=_("an existing event-log file (not found: {path})").format(
                    path=repr(str(log))
                )
            )
            pc.raise_if_any()
        if is_xes(log):
            log = read_xes(log)
    return JourneyProject(as_is, redesign, log, dict(columns or {}))
