"""The journey data model: dataclasses, validation, and JSON <-> tidy sheets round trips.

A journey is six tables. In JSON they are one object (journey fields at the top level, the
other tables as arrays of records); in a workbook they are one sheet each; in a folder of
CSV files one file each (``journey.csv``, ``personas.csv``, ...). Every format goes through
the same validation (:func:`journey_from_tables`), so a problem is reported the same way
whatever the user edited.

* ``journey`` (one row): id, title, service, life_event, state (``as_is`` | ``to_be`` |
  ``research``), based_on (id of the as-is journey a to-be redesigns), version, owner,
  review_due.
* ``personas``: id, name, kind (citizen | relative | staff | organisation | system),
  segment, population (how many people per year the persona stands for).
* ``stages``: id, order, name.
* ``steps``: id, stage, order, title, channel, the five blueprint lanes (customer_action,
  frontstage, backstage, support, physical_evidence), actor, pain_points, opportunities,
  fail_point, wait_point, the cost inputs (citizen_minutes, staff_minutes, frequency per
  case, waiting_days, population) and activity_keys (event-log activity names).
* ``evidence``: id, kind, text, source, participant (pseudonym), consent, date, steps,
  strength (observed | reported | inferred | hypothesis).
* ``ratings``: participant, persona, step, emotion (-2..+2), comment.

List-valued cells (pain_points, opportunities, activity_keys, evidence steps) are JSON
arrays in JSON and ``" | "``-separated text in sheets. Row numbers in errors are spreadsheet
rows for sheets and CSV (header = row 1) and 1-based item numbers for JSON arrays.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import DataError, ProblemCollector
from ..validate import Column, validate_frame

__all__ = [
    "Journey",
    "Persona",
    "Stage",
    "Step",
    "Evidence",
    "Rating",
    "TABLES",
    "LANES",
    "load",
    "save",
    "journey_from_tables",
    "json_schema",
    "SCHEMA_PATH",
]

LIST_SEP = " | "
SCHEMA_PATH = Path(__file__).with_name("journey.schema.json")

#: Blueprint lanes (Bitner, Ostrom & Morgan 2008), top to bottom.
LANES = ("physical_evidence", "customer_action", "frontstage", "backstage", "support")

STATES = ("as_is", "to_be", "research")
PERSONA_KINDS = ("citizen", "relative", "staff", "organisation", "system")
EVIDENCE_KINDS = ("quote", "observation", "sticky_note", "survey", "log_statistic")
STRENGTHS = ("observed", "reported", "inferred", "hypothesis")


@dataclass(frozen=True)
class Persona:
    """A persona and the population it stands for (people per year)."""

    id: str
    name: str
    kind: str = "citizen"
    segment: str | None = None
    population: float | None = None


@dataclass(frozen=True)
class Stage:
    """A stage of the journey (a column group of the map)."""

    id: str
    order: int
    name: str


@dataclass(frozen=True)
class Step:
    """One step: its place on the map, blueprint lanes, pain points and cost inputs.

    Cost inputs follow the Standard Cost Model: ``frequency`` is how many times the step
    happens per case (0.3 = in 30% of cases; 2 = twice), minutes are per occurrence.
    """

    id: str
    stage: str
    order: int
    title: str
    channel: str | None = None
    customer_action: str | None = None
    frontstage: str | None = None
    backstage: str | None = None
    support: str | None = None
    physical_evidence: str | None = None
    actor: str | None = None
    pain_points: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    fail_point: bool = False
    wait_point: bool = False
    citizen_minutes: float = 0.0
    staff_minutes: float = 0.0
    frequency: float = 1.0
    waiting_days: float = 0.0
    population: float | None = None
    activity_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """A quote or observation linked to steps; shown to stakeholders only with consent."""

    id: str
    kind: str
    text: str
    source: str
    consent: bool
    steps: tuple[str, ...]
    strength: str
    participant: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Rating:
    """One participant's emotion (-2..+2) at one step."""

    participant: str
    persona: str
    step: str
    emotion: int
    comment: str | None = None


@dataclass(frozen=True)
class Journey:
    """A journey as data. Immutable; use :meth:`_replace` to derive a changed copy.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> j.state, len(j.stages), len(j.steps)
    ('as_is', 5, 12)
    """

    id: str
    title: str
    service: str
    state: str
    version: str = "1"
    based_on: str | None = None
    life_event: str | None = None
    owner: str | None = None
    review_due: str | None = None
    personas: tuple[Persona, ...] = ()
    stages: tuple[Stage, ...] = ()
    steps: tuple[Step, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    ratings: tuple[Rating, ...] = ()

    def _replace(self, **kw: Any) -> Journey:
        return replace(self, **kw)

    # -- convenient views --------------------------------------------------------------
    def ordered_steps(self) -> list[Step]:
        """Steps in map order: by stage order, then step order, then id."""
        stage_order = {s.id: s.order for s in self.stages}
        return sorted(self.steps, key=lambda s: (stage_order.get(s.stage, 0), s.order, s.id))

    def ordered_stages(self) -> list[Stage]:
        """Stages by order, then id."""
        return sorted(self.stages, key=lambda s: (s.order, s.id))

    def step(self, step_id: str) -> Step:
        """The step with this id (``KeyError`` listing valid ids if unknown)."""
        for s in self.steps:
            if s.id == step_id:
                return s
        msg = f"No step {step_id!r}; steps are: {', '.join(s.id for s in self.steps)}."
        raise KeyError(msg)

    def steps_frame(self) -> pd.DataFrame:
        """The steps table in map order, with the stage name added (list cells joined)."""
        names = {s.id: s.name for s in self.stages}
        df = _records_frame([_row(s) for s in self.ordered_steps()], "steps")
        df.insert(2, "stage_name", df["stage"].map(names))
        return df

    def ratings_frame(self) -> pd.DataFrame:
        """Ratings as a DataFrame (participant, persona, step, emotion, comment)."""
        return _records_frame([asdict(r) for r in self.ratings], "ratings")

    def tables(self) -> dict[str, pd.DataFrame]:
        """The journey as tidy tables, one per sheet (list cells joined with ``' | '``)."""
        head = {k: getattr(self, k) for k in _JOURNEY_FIELDS}
        return {
            "journey": pd.DataFrame([head], columns=list(_JOURNEY_FIELDS)),
            "personas": _records_frame([asdict(p) for p in self.personas], "personas"),
            "stages": _records_frame([asdict(s) for s in self.stages], "stages"),
            "steps": _records_frame([_row(s) for s in self.steps], "steps"),
            "evidence": _records_frame([_row(e) for e in self.evidence], "evidence"),
            "ratings": self.ratings_frame(),
        }

    def to_dict(self) -> dict[str, Any]:
        """The journey as a JSON-ready dict (validates against ``journey.schema.json``)."""
        out: dict[str, Any] = {"schema_version": 1}
        out.update({k: getattr(self, k) for k in _JOURNEY_FIELDS})
        for name in ("personas", "stages", "steps", "evidence", "ratings"):
            out[name] = [_jsonable(asdict(x)) for x in getattr(self, name)]
        return out


_JOURNEY_FIELDS = (
    "id",
    "title",
    "service",
    "state",
    "version",
    "based_on",
    "life_event",
    "owner",
    "review_due",
)
_LIST_FIELDS = {"pain_points", "opportunities", "activity_keys", "steps"}


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def _row(obj: Any) -> dict[str, Any]:
    d = asdict(obj)
    return {k: LIST_SEP.join(v) if isinstance(v, tuple) else v for k, v in d.items()}


_CLASSES = {
    "personas": Persona,
    "stages": Stage,
    "steps": Step,
    "evidence": Evidence,
    "ratings": Rating,
}


def _records_frame(rows: list[dict[str, Any]], table: str) -> pd.DataFrame:
    cols = [f.name for f in fields(_CLASSES[table])]
    return pd.DataFrame(rows, columns=cols)


# -- column specifications (single source of truth for validation and the JSON schema) --
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


TABLES = ("journey", "personas", "stages", "steps", "evidence", "ratings")
_REQUIRED_TABLES = ("journey", "stages", "steps")


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


# -- reading -------------------------------------------------------------------------
def _split_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    if isinstance(value, float) and math.isnan(value):
        return ()
    try:
        if pd.isna(value):
            return ()
    except (TypeError, ValueError):
        pass
    return tuple(p.strip() for p in str(value).split("|") if p.strip())


def _clean(value: Any) -> Any:
    """Missing -> None; numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def _date_text(value: Any) -> str | None:
    value = _clean(value)
    if value is None:
        return None
    return pd.Timestamp(value).date().isoformat()


def journey_from_tables(
    tables: Mapping[str, pd.DataFrame], *, file: str | None = None, where: str = "sheet"
) -> Journey:
    """Validate tidy tables and build a :class:`Journey`, reporting every problem at once.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        ``journey``, ``stages`` and ``steps`` are required; ``personas``, ``evidence`` and
        ``ratings`` are optional. Each frame's ``attrs["row_offset"]`` sets how rows are
        numbered in messages.
    file : str, optional
        File name used in messages.
    where : str
        How a table is named in messages (``"sheet"``, ``"file"`` or ``"array"``).

    Raises
    ------
    DataError
        One error listing every problem: missing tables or columns, bad values, duplicate
        ids, unknown stage/step/persona ids, emotions outside -2..+2, duplicate ratings.
    """
    all_problems = []
    cols = _columns()
    clean: dict[str, pd.DataFrame] = {}
    top = ProblemCollector(file)
    for name in _REQUIRED_TABLES:
        if name not in tables:
            top.add(expected=f"a {where} named {name!r} (found: {', '.join(tables) or 'none'})")
    top.raise_if_any()
    collectors: dict[str, ProblemCollector] = {}
    for name in TABLES:
        df = tables.get(name)
        if df is None:
            df = pd.DataFrame(columns=[c.name for c in cols[name] if c.required])
        label = f"{file}, {where} {name!r}" if file else f"{where} {name!r}"
        pc = ProblemCollector(label, row_offset=int(df.attrs.get("row_offset", 2)))
        collectors[name] = pc
        if name == "journey" and len(df) != 1:
            pc.add(row=None, value=f"{len(df)} rows", expected="exactly one row")
        if len(df) == 0:
            # Check only that required columns exist; nothing else to coerce.
            for c in cols[name]:
                if c.required and c.name not in df.columns and name in tables:
                    pc.add(row=1, column=c.name, value=None, expected=f"a column {c.name!r}")
            clean[name] = df
            continue
        if "row_offset" not in df.attrs:
            df = df.copy()
            df.attrs["row_offset"] = 2
        clean[name] = validate_frame(df, cols[name], collector=pc)
        _unknown_columns(df, cols[name], pc)

    def row_of(name: str, pos: int) -> int:
        return pos + collectors[name].row_offset

    stages = clean["stages"]
    steps = clean["steps"]
    stage_ids = set(stages["id"].dropna()) if "id" in stages else set()
    step_ids = set(steps["id"].dropna()) if "id" in steps else set()
    persona_ids = set(clean["personas"]["id"].dropna()) if "id" in clean["personas"] else set()
    if len(steps) and "stage" in steps:
        for pos, val in enumerate(steps["stage"]):
            if val is not None and not pd.isna(val) and val not in stage_ids:
                collectors["steps"].add(
                    row=row_of("steps", pos),
                    column="stage",
                    value=val,
                    expected=f"a stage id from 'stages' ({_few(stage_ids)})",
                )
    ev = clean["evidence"]
    if len(ev) and "steps" in ev:
        for pos, val in enumerate(ev["steps"]):
            listed = _split_list(val)
            for sid in listed:
                if sid not in step_ids:
                    collectors["evidence"].add(
                        row=row_of("evidence", pos),
                        column="steps",
                        value=sid,
                        expected=f"a step id from 'steps' ({_few(step_ids)})",
                    )
    rt = clean["ratings"]
    if len(rt) and {"step", "persona", "participant"} <= set(rt.columns):
        for pos, (sid, per) in enumerate(zip(rt["step"], rt["persona"], strict=True)):
            if sid is not None and not pd.isna(sid) and sid not in step_ids:
                collectors["ratings"].add(
                    row=row_of("ratings", pos),
                    column="step",
                    value=sid,
                    expected=f"a step id from 'steps' ({_few(step_ids)})",
                )
            if per is not None and not pd.isna(per) and per not in persona_ids:
                collectors["ratings"].add(
                    row=row_of("ratings", pos),
                    column="persona",
                    value=per,
                    expected=f"a persona id from 'personas' ({_few(persona_ids)})",
                )
        dup = rt.duplicated(["participant", "step"], keep="first")
        for pos in [i for i, d in enumerate(dup) if d]:
            collectors["ratings"].add(
                row=row_of("ratings", pos),
                column="step",
                value=rt["step"].iloc[pos],
                expected=f"one rating per participant and step ({rt['participant'].iloc[pos]!r} "
                "rated this step in an earlier row)",
            )
    for pc in collectors.values():
        all_problems.extend(pc.problems)
    if all_problems:
        raise DataError(all_problems, file=file)
    return _build(clean)


def _few(ids: set[str]) -> str:
    shown = sorted(str(i) for i in ids)
    text = ", ".join(repr(i) for i in shown[:10])
    return text + (", ..." if len(shown) > 10 else "") if shown else "none defined"


def _unknown_columns(df: pd.DataFrame, cols: list[Column], pc: ProblemCollector) -> None:
    known = {c.name for c in cols}
    for c in df.columns:
        if str(c) not in known:
            pc.add(
                row=1,
                column=str(c),
                value=str(c),
                expected=f"one of the known columns ({', '.join(sorted(known))})",
            )


def _num(value: Any, default: float | None) -> float | None:
    value = _clean(value)
    return default if value is None else float(value)


def _bool(value: Any) -> bool:
    value = _clean(value)
    return bool(value) if value is not None else False


def _text(value: Any) -> str | None:
    """Text cell: missing or blank -> None (so JSON, sheets and CSV round-trip alike)."""
    value = _clean(value)
    if value is None or str(value).strip() == "":
        return None
    return str(value)


def _build(t: dict[str, pd.DataFrame]) -> Journey:
    head = t["journey"].iloc[0].to_dict()

    def recs(name: str) -> list[dict[str, Any]]:
        return t[name].to_dict("records") if len(t[name]) else []

    personas = tuple(
        Persona(
            id=str(r["id"]),
            name=str(r["name"]),
            kind=_text(r.get("kind")) or "citizen",
            segment=_text(r.get("segment")),
            population=_num(r.get("population"), None),
        )
        for r in recs("personas")
    )
    stages = tuple(
        Stage(id=str(r["id"]), order=int(r["order"]), name=str(r["name"])) for r in recs("stages")
    )
    steps = tuple(
        Step(
            id=str(r["id"]),
            stage=str(r["stage"]),
            order=int(r["order"]),
            title=str(r["title"]),
            channel=_text(r.get("channel")),
            customer_action=_text(r.get("customer_action")),
            frontstage=_text(r.get("frontstage")),
            backstage=_text(r.get("backstage")),
            support=_text(r.get("support")),
            physical_evidence=_text(r.get("physical_evidence")),
            actor=_text(r.get("actor")),
            pain_points=_split_list(r.get("pain_points")),
            opportunities=_split_list(r.get("opportunities")),
            fail_point=_bool(r.get("fail_point")),
            wait_point=_bool(r.get("wait_point")),
            citizen_minutes=_num(r.get("citizen_minutes"), 0.0),
            staff_minutes=_num(r.get("staff_minutes"), 0.0),
            frequency=_num(r.get("frequency"), 1.0),
            waiting_days=_num(r.get("waiting_days"), 0.0),
            population=_num(r.get("population"), None),
            activity_keys=_split_list(r.get("activity_keys")),
        )
        for r in recs("steps")
    )
    evidence = tuple(
        Evidence(
            id=str(r["id"]),
            kind=str(r["kind"]),
            text=str(r["text"]),
            source=str(r["source"]),
            consent=_bool(r["consent"]),
            steps=_split_list(r["steps"]),
            strength=str(r["strength"]),
            participant=_text(r.get("participant")),
            date=_date_text(r.get("date")),
        )
        for r in recs("evidence")
    )
    ratings = tuple(
        Rating(
            participant=str(r["participant"]),
            persona=str(r["persona"]),
            step=str(r["step"]),
            emotion=int(r["emotion"]),
            comment=_text(r.get("comment")),
        )
        for r in recs("ratings")
    )
    version = _clean(head.get("version"))
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    return Journey(
        id=str(head["id"]),
        title=str(head["title"]),
        service=str(head["service"]),
        state=str(head["state"]),
        version=str(version) if version is not None else "1",
        based_on=_text(head.get("based_on")),
        life_event=_text(head.get("life_event")),
        owner=_text(head.get("owner")),
        review_due=_date_text(head.get("review_due")),
        personas=personas,
        stages=stages,
        steps=steps,
        evidence=evidence,
        ratings=ratings,
    )


def _tables_from_json(path: Path) -> dict[str, pd.DataFrame]:
    from ..io import read_json

    pc = ProblemCollector(path.name)
    data = read_json(path)  # encoding fallback, nesting cap, one DataError
    if not isinstance(data, dict):
        pc.add(value=type(data).__name__, expected="a JSON object with journey fields")
        pc.raise_if_any()
    tables: dict[str, pd.DataFrame] = {}
    head = {k: v for k, v in data.items() if k not in TABLES[1:] and k != "schema_version"}
    tables["journey"] = pd.DataFrame([head])
    tables["journey"].attrs["row_offset"] = 1
    for name in TABLES[1:]:
        if name not in data:
            continue
        items = data[name]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            pc.add(column=name, value=type(items).__name__, expected="an array of objects")
            continue
        rows = [
            {k: (LIST_SEP.join(map(str, v)) if isinstance(v, list) else v) for k, v in i.items()}
            for i in items
        ]
        df = pd.DataFrame(rows) if rows else pd.DataFrame(columns=_req_cols(name))
        df.attrs["row_offset"] = 1
        tables[name] = df
    pc.raise_if_any()
    return tables


def _req_cols(name: str) -> list[str]:
    return [c.name for c in _columns()[name] if c.required]


def _tables_from_xlsx(path: Path) -> dict[str, pd.DataFrame]:
    from ..io import read_workbook

    sheets = read_workbook(path, sheet=None)  # size, zip-bomb and macro checks first
    out = {}
    for name, df in sheets.items():
        key = str(name).strip().lower()
        if key in TABLES:
            df = df.dropna(how="all").reset_index(drop=True)
            df.columns = [str(c) for c in df.columns]
            df.attrs["row_offset"] = 2
            out[key] = df
    return out


def _tables_from_folder(path: Path) -> dict[str, pd.DataFrame]:
    from ..io import check_text_table, read_table, restore_formula_text

    out = {}
    for name in TABLES:
        f = path / f"{name}.csv"
        if not f.exists():
            continue
        with f.open("rb") as fh:
            blank = not fh.read(4096).strip()
        if blank:  # an empty table: no header, no rows
            df = pd.DataFrame()
        else:
            try:
                df = read_table(f)
                for col in df.columns:  # undo write_csv's formula neutralisation, exactly
                    if not pd.api.types.is_numeric_dtype(df[col]):
                        df[col] = df[col].map(restore_formula_text)
            except DataError as exc:
                if not all(p.expected == "at least one data row" for p in exc.problems):
                    where = f"{path.name}/{f.name}"  # name the folder too
                    raise DataError(
                        [replace(p, file=where) for p in exc.problems], file=where
                    ) from None
                df = pd.DataFrame(columns=[h for h in check_text_table(f).header if h])
        df.attrs["row_offset"] = 2
        out[name] = df
    return out


def load(path: str | Path) -> Journey:
    """Read a journey from JSON, an Excel workbook or a folder of CSV files.

    Parameters
    ----------
    path : str or Path
        A ``.json`` file (see ``journey.schema.json``), an ``.xlsx`` workbook with one
        sheet per table (``journey``, ``personas``, ``stages``, ``steps``, ``evidence``,
        ``ratings``), or a folder holding ``journey.csv``, ``steps.csv``, ... The file is
        only read, never written.

    Returns
    -------
    Journey

    Raises
    ------
    DataError
        Listing every problem with file (and sheet), row, column, value and expectation:
        duplicate step ids, unknown stage/step/persona ids, emotions outside -2..+2, ...

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> j.title
    'I apply for home care for my mother'
    >>> [p.id for p in j.personas]
    ['citizen', 'relative', 'caseworker']
    """
    p = Path(path)
    if not p.exists():
        pc = ProblemCollector(p.name)
        pc.add(expected=f"an existing file or folder (not found: {str(p)!r})")
        pc.raise_if_any()
    suffix = p.suffix.lower()
    if p.is_dir():
        tables, where = _tables_from_folder(p), "file"
        tables = {k: v for k, v in tables.items()}
    elif suffix == ".json":
        tables, where = _tables_from_json(p), "array"
    elif suffix in (".xlsx", ".xlsm"):
        tables, where = _tables_from_xlsx(p), "sheet"
    else:
        pc = ProblemCollector(p.name)
        pc.add(
            value=suffix or "(none)", expected="a journey as .json, .xlsx or a folder of CSV files"
        )
        pc.raise_if_any()
    return journey_from_tables(tables, file=p.name, where=where)


def save(journey: Journey, path: str | Path) -> Path:
    """Write a journey as ``.json``, ``.xlsx`` or (a path without suffix) a folder of CSVs.

    Refuses to overwrite an existing file or a non-empty folder. Text from the data never
    becomes a spreadsheet formula: in .xlsx all text is stored as string cells; in CSV,
    text starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets one leading apostrophe,
    which :func:`load` removes again (see :func:`cocreate_kit.io.write_csv`), so the round
    trip is exact in every format.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cocreate_kit.datasets import dataset_path
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     load(save(j, pathlib.Path(d) / "map.xlsx")) == j
    True
    """
    from ..io import write_csv, write_xlsx

    p = Path(path)
    suffix = p.suffix.lower()
    if p.exists() and (p.is_file() or any(p.iterdir())):
        msg = f"{str(p)!r} already exists; choose another name (nothing was overwritten)."
        raise FileExistsError(msg)
    if suffix == ".json":
        p.write_text(
            json.dumps(journey.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    elif suffix == ".xlsx":
        write_xlsx(journey.tables(), p)  # text cells are strings, never live formulas
    elif suffix == "":
        p.mkdir(parents=True, exist_ok=True)
        for name, df in journey.tables().items():
            write_csv(df, p / f"{name}.csv")  # formula-like text gets one apostrophe
    else:
        msg = f"Cannot save a journey as {suffix!r}; use '.json', '.xlsx' or a folder name."
        raise ValueError(msg)
    return p


def _write_schema() -> None:  # pragma: no cover - used by scripts/make_sample_journey.py
    SCHEMA_PATH.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
