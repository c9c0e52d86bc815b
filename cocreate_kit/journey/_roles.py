"""Column roles of an event log: which column is the case, activity, time stamp, lifecycle
and resource, inferred from the names process-mining tools write, overridable by ``columns=``.

Inference, in order (the first rule that finds a column wins; a user's ``columns=`` or
``--map`` always wins over all of them):

1. the XES standard attribute names, in XES files and in CSV/Parquet/DataFrames alike:
   ``case:concept:name`` (case), ``concept:name`` (activity), ``time:timestamp``
   (timestamp), ``lifecycle:transition`` (lifecycle), ``org:resource`` (resource);
2. common export names, compared without case, spaces or punctuation: Disco's ``Case ID``,
   ``Activity``, ``Complete Timestamp`` (preferred over ``Start Timestamp``), ``Resource``;
   Celonis' ``_CASE_KEY``/``ACTIVITY_EN``/``EVENTTIME``; the kit's own ``case_id``,
   ``activity``, ``timestamp``; and Danish names (``sag``, ``aktivitet``, ``tidspunkt``);
3. for the time stamp only: the one column typed as a date/time, if there is exactly one.

Every other column is ``ignored`` (an attribute the metrics do not use; ``by=`` can still
split the stage funnel by it). A required role (case, activity, timestamp) that nothing
matches is reported with the exact option to add.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..i18n import N_, _
from ..roles import ColumnRole, Phrase, Roles, check_mapping

__all__ = ["EVENT_ROLES", "REQUIRED", "event_roles", "missing_hint"]

#: Roles an event log understands (the ``columns=`` keys).
EVENT_ROLES = ("case", "activity", "timestamp", "lifecycle", "resource", "ignore")
REQUIRED = ("case", "activity", "timestamp")

_XES = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "lifecycle": "lifecycle:transition",
    "resource": "org:resource",
}
# Normalised names (lower case, letters and digits only), best first.
_NAMES = {
    "case": (
        "caseid casekey case casenumber caseno casenr traceid trace processinstance "
        "processinstanceid sagsid sagsnummer sagsnr sagid sag"
    ),
    "activity": (
        "activity activityname activityen event eventname task taskname action step "
        "aktivitet handling trin"
    ),
    "timestamp": (
        "timestamp completetimestamp endtimestamp completetime endtime eventtime "
        "eventtimestamp datetime time date tidspunkt tidsstempel dato tid starttimestamp "
        "starttime"
    ),
    "lifecycle": "lifecycle lifecycletransition transition eventtype",
    "resource": "resource user performer employee orgresource medarbejder sagsbehandler",
}
_DATETIME_TYPES = ("DATE", "TIMESTAMP")
# The reason a column got a role by its name (one message per role, for translators).
_USUAL = {
    "case": N_("a usual name for the case"),
    "activity": N_("a usual name for the activity"),
    "timestamp": N_("a usual name for the timestamp"),
    "lifecycle": N_("a usual name for the lifecycle"),
    "resource": N_("a usual name for the resource"),
}


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def _found(cols: Sequence[str], role: str, types: Mapping[str, str]) -> tuple[str, str] | None:
    """(column, reason) for ``role`` among ``cols`` by the rules above, or None."""
    if _XES[role] in cols:
        return _XES[role], N_("XES standard attribute")
    normed = {c: _norm(c) for c in cols}
    for name in _NAMES[role].split():
        for c in cols:
            if normed[c] == name:
                return c, _USUAL[role]
    if role == "timestamp":
        dated = [c for c in cols if str(types.get(c, "")).upper().startswith(_DATETIME_TYPES)]
        if len(dated) == 1:
            return dated[0], N_("the only date/time column")
    return None


def missing_hint(role: str) -> str:
    """The exact option that sets ``role`` (for a message)."""
    return _(
        "a {role} column; none was recognised. Name it with columns={{'{role}': "
        "'COLUMN'}} (API, template), --map {role}=COLUMN (cocreate check) or "
        "'{role}: COLUMN' in a mapping file"
    ).format(role=role)


def event_roles(
    cols: Sequence[str],
    *,
    columns: Mapping[str, Any] | None = None,
    types: Mapping[str, str] | None = None,
    source: str | None = None,
    details: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> Roles:
    """The role of every column of an event log (``columns=`` given by the user win).

    ``details`` adds a detail per role (the time stamp format found). Required roles that
    were not found are listed in the notes with the option to add; :func:`require` turns
    them into an error.

    Examples
    --------
    >>> r = event_roles(["Case ID", "Activity", "Complete Timestamp", "Start Timestamp"])
    >>> print("\\n".join(r.lines()))
    `Case ID`: case (a usual name for the case)
    `Activity`: activity (a usual name for the activity)
    `Complete Timestamp`: timestamp (a usual name for the timestamp)
    `Start Timestamp`: ignored (not used by the event-log metrics)
    """
    cols = [str(c) for c in cols]
    given = check_mapping(columns, cols, roles=EVENT_ROLES, source=source)
    types = types or {}
    ignored = set(given.get("ignore", []))
    chosen: dict[str, tuple[str, str, bool]] = {}
    for role in _XES:
        if role in given:
            chosen[role] = (str(given[role]), "", True)
    taken = {c for c, _, _ in chosen.values()} | ignored
    for role in _XES:
        if role in chosen:
            continue
        hit = _found([c for c in cols if c not in taken], role, types)
        if hit:
            chosen[role] = (hit[0], hit[1], False)
            taken.add(hit[0])
    by_col = {c: (role, why, g) for role, (c, why, g) in chosen.items()}
    out = []
    for c in cols:
        if c in by_col:
            role, why, g = by_col[c]
            out.append(ColumnRole(c, role, (details or {}).get(role, ""), why, g))
        elif c in ignored:
            out.append(ColumnRole(c, "ignored", reason="", given=True))
        else:
            out.append(ColumnRole(c, "ignored", reason=N_("not used by the event-log metrics")))
    msgid = N_("No {role} column found: add --map {role}=COLUMN ({mapping}).")
    missing = [
        Phrase(msgid, role=role, mapping=f"columns={{'{role}': 'COLUMN'}}")
        for role in REQUIRED
        if role not in chosen
    ]
    return Roles(out, source=source, notes=[*notes, *missing], pillar_roles=EVENT_ROLES)
