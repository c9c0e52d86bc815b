"""The co-creation ledger's data model: tables, their columns and the closed vocabularies.

This module is the contract every part of the ledger builds on (storage, validation,
evidence levels, gap checks, the scorecard, participation and the app). It holds data only.

A ledger is a set of tidy tables, one row per entity, stored like a journey (a JSON file, an
Excel workbook with one sheet per table, or a folder of CSV files, one per table):

============  =====================================================================
table         one row per
============  =====================================================================
project       the redesign project (exactly one row)
participants  person who took part (pseudonymous id; never a name)
activities    interview, observation, workshop, prototype test or survey
insights      insight or pain point, on journey steps
ideas         idea or prototype
tests         test of an idea or prototype, with its design (evidence is derived from it)
feedback      survey / coding result, and the "you said, we did" reply
decisions     decision record, modelled on MADR
measures      public value measure on one of Bason's four bottom lines
links         typed link ``source -relation-> target`` between any two entities
============  =====================================================================

Ids are unique across the whole ledger (not only within a table), so a link names its two
ends by id alone. List-valued cells (``participants``, ``steps``, ``deciders``, ...) are
Python lists in memory and JSON, and are written ``a | b`` in CSV and workbook cells
(:data:`LIST_SEP`). Paths (``result``, ``plan``, ``data``, ``journey_file``,
``population``) are relative to the ledger file's folder.

Link relations and the entity kinds they join (``source -> target``):

* ``addresses``: idea -> insight (the idea answers this pain point);
* ``supports`` / ``contradicts``: activity, test, feedback or measure -> insight, idea or
  decision (evidence for or against a claim);
* ``tested_by``: idea -> test;
* ``decided_by``: idea, test or feedback -> decision;
* ``supersedes``: decision -> decision (the newer one replaces the older; no cycles).
"""

from __future__ import annotations

__all__ = [
    "ACTIVITY_KINDS",
    "BOTTOM_LINES",
    "COLUMNS",
    "DECISION_STATUSES",
    "DESIGNS",
    "IDEA_KINDS",
    "INSIGHT_KINDS",
    "KPIS",
    "LINK_ENDS",
    "LIST_SEP",
    "PARTICIPANT_ROLES",
    "RELATIONS",
    "SEVERITIES",
    "SEXES",
    "TABLES",
]

#: Separator of list-valued cells in CSV files and workbooks (the journey uses the same).
LIST_SEP = " | "

TABLES = (
    "project",
    "participants",
    "activities",
    "insights",
    "ideas",
    "tests",
    "feedback",
    "decisions",
    "measures",
    "links",
)

PARTICIPANT_ROLES = ("citizen", "relative", "staff", "manager", "politician", "expert", "other")
SEXES = ("female", "male", "other")
ACTIVITY_KINDS = ("interview", "observation", "workshop", "prototype_test", "survey")
INSIGHT_KINDS = ("pain_point", "insight")
SEVERITIES = ("low", "medium", "high", "critical")
IDEA_KINDS = ("idea", "prototype")
#: MADR statuses; "superseded" is set by a ``supersedes`` link from the newer decision.
DECISION_STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
BOTTOM_LINES = ("productivity", "service_experience", "results", "democracy")
#: The GOV.UK Service Standard's four KPIs a measure may be tagged with.
KPIS = ("cost_per_transaction", "user_satisfaction", "completion_rate", "digital_take_up")

#: Study designs, strongest first. The evidence level of a test or measure is DERIVED from its
#: design (plus ``sites``, ``independent``, ``scaled``) on the Nesta Standards of Evidence and
#: the Maryland Scientific Methods Scale; it is never typed in.
#:
#: * ``randomised``: random assignment to variants (an A/B test, an RCT);
#: * ``quasi_random``: as-good-as-random variation (a cut-off, a lottery, staggered roll-out);
#: * ``difference_in_differences``: before/after with a justified comparison group;
#: * ``controlled``: a comparison with control variables (matched or adjusted groups);
#: * ``before_after``: before/after with no comparison group;
#: * ``cross_section``: one point in time, a correlation, no comparison;
#: * ``account``: a description of impact (usability notes, quotes, a case story).
DESIGNS = (
    "randomised",
    "quasi_random",
    "difference_in_differences",
    "controlled",
    "before_after",
    "cross_section",
    "account",
)

RELATIONS = ("addresses", "supports", "contradicts", "tested_by", "decided_by", "supersedes")

_EVIDENCE = ("activities", "tests", "feedback", "measures")
_CLAIMS = ("insights", "ideas", "decisions")
#: relation -> (tables a source may be in, tables a target may be in).
LINK_ENDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "addresses": (("ideas",), ("insights",)),
    "supports": (_EVIDENCE, _CLAIMS),
    "contradicts": (_EVIDENCE, _CLAIMS),
    "tested_by": (("ideas",), ("tests",)),
    "decided_by": (("ideas", "tests", "feedback"), ("decisions",)),
    "supersedes": (("decisions",), ("decisions",)),
}

#: table -> (required columns, optional columns). Types and allowed values are fixed in
#: ``_schema`` (the single source of truth for validation and ``ledger.schema.json``).
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "project": (
        ("id", "title", "service"),
        ("owner", "description", "journey_file", "population"),
    ),
    "participants": (
        ("id", "role", "consent"),
        ("age_band", "sex", "area", "channel"),
    ),
    "activities": (
        ("id", "kind", "title", "date"),
        ("participants", "journey", "notes"),
    ),
    "insights": (
        ("id", "kind", "statement"),
        ("steps", "journey", "severity"),
    ),
    "ideas": (
        ("id", "kind", "title"),
        ("description",),
    ),
    "tests": (
        ("id", "title", "design"),
        ("sites", "independent", "scaled", "result", "plan", "data", "activity", "date"),
    ),
    "feedback": (
        ("id", "title"),
        ("result", "activity", "you_said", "we_did", "date"),
    ),
    "decisions": (
        ("id", "title", "status", "date"),
        ("deciders", "consulted", "options", "outcome", "rationale", "review_date"),
    ),
    "measures": (
        ("id", "bottom_line", "indicator", "value", "design"),
        (
            "unit",
            "baseline",
            "low",
            "high",
            "level",
            "source",
            "result",
            "sites",
            "independent",
            "scaled",
            "kpi",
            "date",
        ),
    ),
    "links": (
        ("source", "relation", "target"),
        ("note",),
    ),
}
