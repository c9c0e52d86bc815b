"""The journey schema: column specifications, the single source of truth for validation
(:func:`cocreate_kit.journey.journey_from_tables`) and the published JSON Schema
(``journey.schema.json``, :func:`json_schema`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..validate import Column
from ._model import _LIST_FIELDS, EVIDENCE_KINDS, PERSONA_KINDS, STATES, STRENGTHS, TABLES

__all__ = ["SCHEMA_PATH", "json_schema"]

SCHEMA_PATH = Path(__file__).with_name("journey.schema.json")
_REQUIRED_TABLES = ("journey", "stages", "steps")


def _columns() -> dict[str, list[Column]]:
    nz = {"min": 0}
    return {
        "journey": [
            Column("id", "string", description="Stable id of the journey, e.g. home-care-as-is"),
            Column("title", "string", description="Title in the citizen's words"),
            Column("service", "string", description="The service the journey belongs to"),
            Column("state", "category", allowed=STATES, description="as_is, to_be or research"),
            Column(
                "version",
                "string",
                required=False,
                nullable=True,
                description="Version label of this map",
            ),
            Column(
                "based_on",
                "string",
                required=False,
                nullable=True,
                description="For a to-be journey: id of the as-is journey it redesigns",
            ),
            Column(
                "life_event",
                "string",
                required=False,
                nullable=True,
                description="The life event the journey belongs to",
            ),
            Column(
                "owner",
                "string",
                required=False,
                nullable=True,
                description="Who keeps the map up to date",
            ),
            Column(
                "review_due",
                "datetime",
                required=False,
                nullable=True,
                description="Date by which the map must be reviewed (YYYY-MM-DD)",
            ),
        ],
        "personas": [
            Column("id", "string", unique=True, description="Persona id"),
            Column("name", "string", description="Persona name"),
            Column(
                "kind",
                "category",
                allowed=PERSONA_KINDS,
                required=False,
                nullable=True,
                description="citizen, relative, staff, organisation or system",
            ),
            Column(
                "segment",
                "string",
                required=False,
                nullable=True,
                description="Segment the persona belongs to",
            ),
            Column(
                "population",
                "number",
                required=False,
                nullable=True,
                **nz,
                description="How many people per year the persona stands for",
            ),
        ],
        "stages": [
            Column("id", "string", unique=True, description="Stage id"),
            Column("order", "integer", description="Position of the stage, left to right"),
            Column("name", "string", description="Stage name"),
        ],
        "steps": [
            Column("id", "string", unique=True, description="Step id, unique in the journey"),
            Column("stage", "string", description="Id of the stage the step belongs to"),
            Column("order", "integer", description="Position of the step within its stage"),
            Column("title", "string", description="What happens, in the citizen's words"),
            Column(
                "channel",
                "string",
                required=False,
                nullable=True,
                description="web, phone, letter, in person, app, email, home visit, ...",
            ),
            *[
                Column(
                    lane,
                    "string",
                    required=False,
                    nullable=True,
                    description=f"Blueprint lane: {lane.replace('_', ' ')}",
                )
                for lane in (
                    "customer_action",
                    "frontstage",
                    "backstage",
                    "support",
                    "physical_evidence",
                )
            ],
            Column(
                "actor",
                "string",
                required=False,
                nullable=True,
                description="Actor or authority responsible",
            ),
            Column(
                "pain_points",
                "string",
                required=False,
                nullable=True,
                description="Pain points (list)",
            ),
            Column(
                "opportunities",
                "string",
                required=False,
                nullable=True,
                description="Opportunities (list)",
            ),
            Column(
                "fail_point",
                "bool",
                required=False,
                nullable=True,
                description="The step often fails (yes/no)",
            ),
            Column(
                "wait_point",
                "bool",
                required=False,
                nullable=True,
                description="The citizen waits at this step (yes/no)",
            ),
            Column(
                "citizen_minutes",
                "number",
                required=False,
                nullable=True,
                **nz,
                description="Citizen minutes per occurrence",
            ),
            Column(
                "staff_minutes",
                "number",
                required=False,
                nullable=True,
                **nz,
                description="Staff minutes per occurrence",
            ),
            Column(
                "frequency",
                "number",
                required=False,
                nullable=True,
                **nz,
                description="Occurrences per case (default 1)",
            ),
            Column(
                "waiting_days",
                "number",
                required=False,
                nullable=True,
                **nz,
                description="Calendar days the citizen waits at this step",
            ),
            Column(
                "population",
                "number",
                required=False,
                nullable=True,
                **nz,
                description="Cases per year reaching the step (default: journey population)",
            ),
            Column(
                "activity_keys",
                "string",
                required=False,
                nullable=True,
                description="Event-log activity names that record this step (list)",
            ),
        ],
        "evidence": [
            Column("id", "string", unique=True, description="Evidence id"),
            Column("kind", "category", allowed=EVIDENCE_KINDS, description="Kind of evidence"),
            Column("text", "string", description="The quote or observation"),
            Column("source", "string", description="Interview, workshop, log, ..."),
            Column(
                "participant",
                "string",
                required=False,
                nullable=True,
                description="Participant pseudonym (never a real name)",
            ),
            Column("consent", "bool", description="The participant agreed to be quoted"),
            Column("date", "datetime", required=False, nullable=True, description="Date"),
            Column("steps", "string", description="Ids of the steps it supports (list)"),
            Column("strength", "category", allowed=STRENGTHS, description="Strength"),
        ],
        "ratings": [
            Column("participant", "string", description="Participant pseudonym"),
            Column("persona", "string", description="Persona id"),
            Column("step", "string", description="Step id"),
            Column("emotion", "integer", min=-2, max=2, description="Emotion from -2 to +2"),
            Column("comment", "string", required=False, nullable=True, description="Comment"),
        ],
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a journey file, built from the column specs.

    The published copy is ``cocreate_kit/journey/journey.schema.json``.

    Examples
    --------
    >>> sorted(json_schema()["required"])
    ['id', 'schema_version', 'service', 'stages', 'state', 'steps', 'title']
    """

    def prop(col: Column) -> dict[str, Any]:
        if col.name in _LIST_FIELDS:
            p: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
        elif col.kind in ("number", "integer"):
            p = {"type": "number" if col.kind == "number" else "integer"}
            if col.min is not None:
                p["minimum"] = col.min
            if col.max is not None:
                p["maximum"] = col.max
        elif col.kind == "bool":
            p = {"type": "boolean"}
        elif col.kind == "datetime":
            p = {"type": "string", "format": "date"}
        elif col.allowed is not None:
            p = {"type": "string", "enum": list(col.allowed)}
        else:
            p = {"type": "string"}
        if col.nullable:
            p["type"] = [p["type"], "null"]
            if "enum" in p:
                p["enum"] = [*p["enum"], None]
        p["description"] = col.description
        return p

    cols = _columns()
    defs = {}
    for table in TABLES[1:]:
        defs[table] = {
            "type": "object",
            "properties": {c.name: prop(c) for c in cols[table]},
            "required": [c.name for c in cols[table] if c.required],
            "additionalProperties": False,
        }
    props: dict[str, Any] = {"schema_version": {"const": 1}}
    props.update({c.name: prop(c) for c in cols["journey"]})
    for table in TABLES[1:]:
        props[table] = {"type": "array", "items": {"$ref": f"#/$defs/{table}"}}
    required = ["schema_version"]
    required += [c.name for c in cols["journey"] if c.required] + ["stages", "steps"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "cocreate-kit/journey.schema.json",
        "title": "cocreate-kit journey",
        "description": "A service journey as data: personas, stages, steps with blueprint "
        "lanes and cost inputs, evidence and participant ratings.",
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
        "$defs": defs,
    }


def _req_cols(name: str) -> list[str]:
    return [c.name for c in _columns()[name] if c.required]


def _write_schema() -> None:  # pragma: no cover - used by scripts/make_sample_journey.py
    SCHEMA_PATH.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
