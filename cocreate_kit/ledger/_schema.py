"""The ledger schema: column specifications per table, the single source of truth for
validation (:func:`cocreate_kit.ledger.ledger_from_tables`) and the published JSON Schema
(``ledger.schema.json``, :func:`json_schema`).

Column kinds, and how each is held in memory (every :class:`~cocreate_kit.ledger.Ledger`
table has exactly these dtypes, whatever format it was read from):

============  ==========================  ==================================================
kind          pandas dtype                missing value
============  ==========================  ==================================================
text, path,   ``object`` (``str``)        ``None``
vocabulary
list          ``object`` (``list[str]``)  ``[]`` (an empty list, never NaN)
number        ``float64`` (15 digits)     ``NaN``
integer       ``Int64``                   ``pd.NA``
yes/no        ``boolean``                 ``pd.NA``
date          ``datetime64[ns]`` (a day)  ``NaT``
============  ==========================  ==================================================

Numbers keep 15 significant digits, what an Excel cell holds, so that a ledger saved as a
workbook reads back exactly (a measure never needs more).

``measures.level`` is the *confidence level* of the ``low``/``high`` interval (0.95), as
``level`` means everywhere in the kit. The evidence level of a test or measure is derived
from ``design`` (with ``sites``, ``independent``, ``scaled``) and is never typed in, so it
has no column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..validate import Column
from ._model import (
    ACTIVITY_KINDS,
    BOTTOM_LINES,
    COLUMNS,
    DECISION_STATUSES,
    DESIGNS,
    IDEA_KINDS,
    INSIGHT_KINDS,
    KPIS,
    PARTICIPANT_ROLES,
    RELATIONS,
    SEVERITIES,
    SEXES,
    TABLES,
)

__all__ = ["SCHEMA_PATH", "json_schema"]

SCHEMA_PATH = Path(__file__).with_name("ledger.schema.json")
SCHEMA_VERSION = 1

#: (table, column) pairs that hold lists of text.
LIST_COLUMNS = frozenset(
    {
        ("activities", "participants"),
        ("insights", "steps"),
        ("decisions", "deciders"),
        ("decisions", "consulted"),
        ("decisions", "options"),
    }
)
#: (table, column) pairs that hold a path relative to the ledger file's folder.
PATH_COLUMNS = frozenset(
    {
        ("project", "journey_file"),
        ("project", "population"),
        ("tests", "result"),
        ("tests", "plan"),
        ("tests", "data"),
        ("feedback", "result"),
        ("measures", "result"),
    }
)
#: (table, column) pairs that hold an id of another entity, and the table it must be in.
REFERENCE_COLUMNS = {
    ("activities", "participants"): "participants",
    ("tests", "activity"): "activities",
    ("feedback", "activity"): "activities",
}

_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "project": {
        "id": "Stable id of the project, e.g. home-care-redesign",
        "title": "Title of the redesign project",
        "service": "The service being redesigned",
        "owner": "Team or unit that keeps the ledger (never a person's name)",
        "description": "What the project is about",
        "journey_file": "Path of the as-is journey file the insights' step ids refer to",
        "population": "Path of the population table (StatBank CSV or dimension,category,share)",
    },
    "participants": {
        "id": "Pseudonymous participant id (never a name, email or phone number)",
        "role": "Role in the service",
        "consent": "The participant consented to take part and to their data being used",
        "age_band": "Age band as in the population table, e.g. 65-79",
        "sex": "Sex as in the population table",
        "area": "Area code as in the population table, e.g. Nord",
        "channel": "How the participant was recruited",
    },
    "activities": {
        "id": "Activity id",
        "kind": "Kind of research or co-creation activity",
        "title": "What was done",
        "date": "Day it took place (YYYY-MM-DD)",
        "participants": "Ids of the participants who took part (list)",
        "journey": "Id of the journey it was about",
        "notes": "Notes (no names)",
    },
    "insights": {
        "id": "Insight id",
        "kind": "pain_point or insight",
        "statement": "The insight or pain point, in one sentence",
        "steps": "Ids of the journey steps it is about (list)",
        "journey": "Id of the journey the steps belong to",
        "severity": "How badly it hurts",
    },
    "ideas": {
        "id": "Idea id",
        "kind": "idea or prototype",
        "title": "The idea in a few words",
        "description": "What it is and how it works",
    },
    "tests": {
        "id": "Test id",
        "title": "What was tested",
        "design": "Study design; the evidence level is derived from it",
        "sites": "Number of sites (municipalities, offices) the test ran in",
        "independent": "Run or replicated by an independent evaluator",
        "scaled": "Replicated at scale (Nesta level 5)",
        "result": "Path of the result record (a result's to_json())",
        "plan": "Path of the analysis plan (YAML), run with data",
        "data": "Path of the test data (CSV), analysed with plan",
        "activity": "Id of the activity in which the test ran",
        "date": "Day the test ended (YYYY-MM-DD)",
    },
    "feedback": {
        "id": "Feedback id",
        "title": "What was asked",
        "result": "Path of the survey or coding result record (a result's to_json())",
        "activity": "Id of the activity in which the feedback was gathered",
        "you_said": "What people said, in one sentence",
        "we_did": "What was done about it (empty: the loop is not closed yet)",
        "date": "Day the feedback was gathered (YYYY-MM-DD)",
    },
    "decisions": {
        "id": "Decision id",
        "title": "The decision in a few words",
        "status": "MADR status",
        "date": "Day of the decision (YYYY-MM-DD)",
        "deciders": "Who decided: roles or bodies, not names (list)",
        "consulted": "Groups consulted, e.g. citizen, relative, staff (list)",
        "options": "Options considered (list)",
        "outcome": "The option chosen",
        "rationale": "Why",
        "review_date": "Day the decision is to be reviewed (YYYY-MM-DD)",
    },
    "measures": {
        "id": "Measure id",
        "bottom_line": "Bason's bottom line it counts towards",
        "indicator": "What is measured",
        "value": "Measured or estimated value",
        "design": "Study design; the evidence level is derived from it",
        "unit": "Unit of value, baseline, low and high",
        "baseline": "Value before the redesign (or in the control group)",
        "low": "Lower end of the interval of value",
        "high": "Upper end of the interval of value",
        "level": "Confidence level of low..high, e.g. 0.95 (not an evidence level)",
        "source": "Where the number comes from",
        "result": "Path of the result record the number comes from",
        "sites": "Number of sites measured",
        "independent": "Measured by an independent evaluator",
        "scaled": "Measured at scale",
        "kpi": "GOV.UK service KPI this measure reports",
        "date": "Day of the measurement (YYYY-MM-DD)",
    },
    "links": {
        "source": "Id of the entity the link starts from",
        "relation": "Kind of link",
        "target": "Id of the entity the link points to",
        "note": "Why the link holds",
    },
}

_KINDS: dict[str, dict[str, Any]] = {
    "project": {},
    "participants": {
        "role": {"kind": "category", "allowed": PARTICIPANT_ROLES},
        "consent": {"kind": "bool"},
        "sex": {"kind": "category", "allowed": SEXES},
    },
    "activities": {
        "kind": {"kind": "category", "allowed": ACTIVITY_KINDS},
        "date": {"kind": "datetime"},
    },
    "insights": {
        "kind": {"kind": "category", "allowed": INSIGHT_KINDS},
        "severity": {"kind": "category", "allowed": SEVERITIES},
    },
    "ideas": {"kind": {"kind": "category", "allowed": IDEA_KINDS}},
    "tests": {
        "design": {"kind": "category", "allowed": DESIGNS},
        "sites": {"kind": "integer", "min": 1},
        "independent": {"kind": "bool"},
        "scaled": {"kind": "bool"},
        "date": {"kind": "datetime"},
    },
    "feedback": {"date": {"kind": "datetime"}},
    "decisions": {
        "status": {"kind": "category", "allowed": DECISION_STATUSES},
        "date": {"kind": "datetime"},
        "review_date": {"kind": "datetime"},
    },
    "measures": {
        "bottom_line": {"kind": "category", "allowed": BOTTOM_LINES},
        "value": {"kind": "number"},
        "design": {"kind": "category", "allowed": DESIGNS},
        "baseline": {"kind": "number"},
        "low": {"kind": "number"},
        "high": {"kind": "number"},
        "level": {"kind": "number", "min": 0.5, "max": 0.999},
        "sites": {"kind": "integer", "min": 1},
        "independent": {"kind": "bool"},
        "scaled": {"kind": "bool"},
        "kpi": {"kind": "category", "allowed": KPIS},
        "date": {"kind": "datetime"},
    },
    "links": {"relation": {"kind": "category", "allowed": RELATIONS}},
}


def _columns() -> dict[str, list[Column]]:
    """table -> column specs, required columns first, in the order of ``_model.COLUMNS``."""
    out: dict[str, list[Column]] = {}
    for table in TABLES:
        required, optional = COLUMNS[table]
        cols = []
        for name in (*required, *optional):
            spec = dict(_KINDS[table].get(name, {"kind": "string"}))
            opt = name in optional
            cols.append(
                Column(
                    name,
                    required=not opt,
                    nullable=opt,
                    description=_DESCRIPTIONS[table][name],
                    **spec,
                )
            )
        out[table] = cols
    return out


def column_kind(table: str, col: Column) -> str:
    """The in-memory kind of a column: ``list``, ``path`` or the :class:`Column` kind."""
    if (table, col.name) in LIST_COLUMNS:
        return "list"
    if (table, col.name) in PATH_COLUMNS:
        return "path"
    return col.kind


def _prop(table: str, col: Column) -> dict[str, Any]:
    kind = column_kind(table, col)
    if kind == "list":
        p: dict[str, Any] = {"type": "array", "items": {"type": "string", "pattern": r"^[^|]*$"}}
    elif kind in ("number", "integer"):
        p = {"type": kind}
        if col.min is not None:
            p["minimum"] = col.min
        if col.max is not None:
            p["maximum"] = col.max
    elif kind == "bool":
        p = {"type": "boolean"}
    elif kind == "datetime":
        p = {"type": "string", "format": "date"}
    elif col.allowed is not None:
        p = {"type": "string", "enum": list(col.allowed)}
    else:
        p = {"type": "string"}
    if col.nullable and kind != "list":
        p["type"] = [p["type"], "null"]
        if "enum" in p:
            p["enum"] = [*p["enum"], None]
    p["description"] = col.description + (
        " (relative to the ledger file's folder)" if kind == "path" else ""
    )
    return p


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ledger JSON file, built from the column specs.

    The published copy is ``cocreate_kit/ledger/ledger.schema.json`` (:data:`SCHEMA_PATH`).
    ``project`` is one object; every other table is an array of objects. Checks that span
    rows (ids unique across the ledger, links joining existing entities of the right
    tables, no cycle in ``supersedes``, evidence for a decided decision, paths inside the
    ledger's folder) are made by :func:`~cocreate_kit.ledger.load`, not by the schema.

    Examples
    --------
    >>> s = json_schema()
    >>> s["required"]
    ['schema_version', 'project']
    >>> s["$defs"]["links"]["required"]
    ['source', 'relation', 'target']
    """
    cols = _columns()
    defs = {}
    for table in TABLES:
        defs[table] = {
            "type": "object",
            "properties": {c.name: _prop(table, c) for c in cols[table]},
            "required": [c.name for c in cols[table] if c.required],
            "additionalProperties": False,
        }
    props: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION},
        "project": {"$ref": "#/$defs/project"},
    }
    for table in TABLES[1:]:
        props[table] = {"type": "array", "items": {"$ref": f"#/$defs/{table}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "cocreate-kit/ledger.schema.json",
        "title": "cocreate-kit co-creation ledger",
        "description": "A redesign project as data: who took part, activities, insights, "
        "ideas and prototypes, tests, feedback, decisions (MADR), public value measures and "
        "typed links between them.",
        "type": "object",
        "properties": props,
        "required": ["schema_version", "project"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _write_schema() -> None:  # pragma: no cover - used by scripts/make_sample_ledger.py
    SCHEMA_PATH.write_text(
        json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
