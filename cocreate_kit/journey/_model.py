"""The journey data model: immutable dataclasses and their tidy-table views (no file I/O).

Reading, validating and writing files is :mod:`cocreate_kit.journey._io`; the column
specifications and JSON Schema are :mod:`cocreate_kit.journey._schema`. Imports inside the
pillar point one way: ``_model`` <- ``_schema`` <- ``_io`` <- the analyses (``_ratings``,
``_cost``, ``_eventlog``, ...), which draw with ``_charts``, a leaf importing only the model.

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

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import pandas as pd

__all__ = [
    "Journey",
    "Persona",
    "Stage",
    "Step",
    "Evidence",
    "Rating",
    "TABLES",
    "LANES",
    "LIST_SEP",
]

#: The six tables of a journey, in sheet order.
TABLES = ("journey", "personas", "stages", "steps", "evidence", "ratings")
LIST_SEP = " | "

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
    >>> from cocreate_kit.journey import load
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
