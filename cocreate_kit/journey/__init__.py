"""Journey mapping: journeys as data, service blueprints, event-log metrics and cost.

A journey (personas, stages, steps with blueprint lanes and cost inputs, evidence and
participant ratings) is versioned data: JSON, an Excel workbook or a folder of CSV files,
described by ``journey.schema.json``. From it the kit computes emotion curves, event-log
metrics (DuckDB SQL that also runs on a warehouse), Standard Cost Model burdens and an
as-is vs to-be comparison with a computed headline.

Examples
--------
>>> from cocreate_kit.datasets import dataset_path
>>> from cocreate_kit import journey
>>> as_is = journey.load(dataset_path("journey/home_care_as_is.json"))
>>> to_be = journey.load(dataset_path("journey/home_care_to_be.json"))
>>> journey.compare(as_is, to_be).headline().startswith("The to-be journey saves")
True

Vocabulary (the same in every pillar): ``k`` is the small-cell suppression threshold
(default :data:`cocreate_kit.thresholds.DEFAULT_K`), ``by`` a grouping column for a breakdown
(:func:`stage_funnel`), ``participant`` the person id column of ratings and evidence. An event
log's ``case`` column is the case id (one application, not a person), so it keeps its own name.
Optional inputs flow through :func:`load_project`: a :class:`JourneyProject` answers every
analysis, with a :class:`NotGiven` result saying what is missing when an input was not given.

Event logs come in as CSV, Parquet, XES (``.xes.gz``), Excel or a DataFrame
(``_xes`` reads XES streaming, ``_timestamps`` turns every time stamp into UTC, ``_roles``
infers which column is the case, activity, timestamp, lifecycle and resource, ``_source``
registers and validates them in DuckDB); :func:`infer_roles` reports the roles, and every
event-log analysis takes ``columns=`` to override them.

Layout: ``_model`` (dataclasses) <- ``_schema`` <- ``_io`` (load, save, validation) <- the
analyses (``_ratings``, ``_cost``, ``_eventlog``, ``_funnel``, ``_blueprint``, ``_export``,
``_project``) -> ``_charts`` (a leaf importing only the model). Apps use the names in
``__all__`` only.
"""

from __future__ import annotations

from typing import Any

from ._blueprint import Blueprint, blueprint
from ._charts import (
    blueprint_chart,
    blueprint_table,
    cost_waterfall_chart,
    emotion_curve_chart,
    funnel_chart,
    pain_heatmap_chart,
)
from ._check import check_file
from ._cost import Assumptions, JourneyComparison, compare, step_costs
from ._eventlog import EventLogMetrics, event_log_metrics, event_log_sql, infer_roles
from ._evidence import evidence_deny_list, evidence_quotes
from ._export import export_map, to_json, to_mermaid
from ._funnel import StageFunnel, stage_funnel
from ._io import journey_from_tables, load, save
from ._model import Evidence, Journey, Persona, Rating, Stage, Step
from ._project import JourneyProject, NotGiven, load_project
from ._ratings import (
    EmotionCurve,
    eligible_ratings,
    emotion_curve,
    load_ratings,
    pain_heatmap,
    persona_sizes,
    stage_emotion,
)
from ._schema import SCHEMA_PATH, json_schema
from ._xes import read_xes

__all__ = [
    "Assumptions",
    "Blueprint",
    "JourneyProject",
    "NotGiven",
    "StageFunnel",
    "blueprint",
    "load_project",
    "persona_sizes",
    "EmotionCurve",
    "EventLogMetrics",
    "Evidence",
    "Journey",
    "JourneyComparison",
    "Persona",
    "Rating",
    "SCHEMA_PATH",
    "Stage",
    "Step",
    "blueprint_chart",
    "blueprint_table",
    "check_file",
    "cost_waterfall_chart",
    "emotion_curve_chart",
    "funnel_chart",
    "infer_roles",
    "pain_heatmap_chart",
    "compare",
    "eligible_ratings",
    "emotion_curve",
    "event_log_metrics",
    "event_log_sql",
    "evidence_deny_list",
    "evidence_quotes",
    "export_map",
    "journey_from_tables",
    "json_schema",
    "load",
    "load_ratings",
    "read_xes",
    "pain_heatmap",
    "save",
    "stage_emotion",
    "stage_funnel",
    "step_costs",
    "to_json",
    "to_mermaid",
]

#: Released names that changed: old name -> (new object, message).
_DEPRECATED = {
    "Comparison": (
        JourneyComparison,
        "cocreate_kit.journey.Comparison is deprecated; use journey.JourneyComparison "
        "(experiment.Comparison is a different thing: variants of a prototype test).",
    ),
}


def __getattr__(name: str) -> Any:
    """Deprecated aliases: the old name still works and warns with ``DeprecationWarning``."""
    if name in _DEPRECATED:
        import warnings

        obj, message = _DEPRECATED[name]
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        return obj
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
