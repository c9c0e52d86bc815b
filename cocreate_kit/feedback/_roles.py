"""Column roles of a survey: inferred for every column, with the reason, and overridable.

:func:`infer_roles` gives each column of a survey file exactly one role, in this order:

1. **given** in ``columns=`` (also the template's ``columns`` parameter and the CLI's
   ``--map``/``--mapping``): always wins, except that an identifying column (below) may only
   be ``text`` (it is then redacted) or ``ignore``;
2. **dropped**: identifying metadata (IP address, location, e-mail, name, phone, CPR, ...;
   see :mod:`._exports`), removed on load;
3. **ignored** tool metadata: times (a timestamp is never an id: two people can submit in
   the same second), progress, status, language;
4. the **respondent** id: ``respondent_id``, ``respondent``, ``id``, or a tool's id column
   (``ResponseId``, ``respondentid``, ``Participant ID``, ...) whose values are unique;
   without one, respondents are numbered by row and the notes say so;
5. **by name**: ``sus_1``..``sus_10`` (also ``SUS[SQ001]``), ``umux_1``/``umux_2``, ``nps``,
   ``csat``, ``a11_*``, ``likert_*``/``q_*``, free text ``comment*``/``text*``/``kommentar*``/
   ``fritekst*``, segments ``segment*``/``seg_*``/``role``/``area``/``age_group``/...;
6. **by wording** (:func:`._instruments.match_statement`, on the header or the tool's
   question text): SUS item k, UMUX-Lite item k, NPS, overall CSAT;
7. **by values**: agreement/satisfaction labels -> ``likert``; short text (under 25
   characters on average) with 2-12 values, some repeated -> ``segment``; other text (long,
   more varied, or all different) -> free ``text``, the safe side as it is redacted on load;
   other columns are ignored, with the reason.

SUS items found by wording are used only when all ten are found once each; otherwise they
are ignored and the notes say which mapping to add. When no SUS item is found but ten
consecutive columns hold whole numbers 1-5 (SUS in a language the kit does not know), the
notes name the shortcut ``columns={"sus_items": "<first column>"}``: the ten columns from
that one on, in file order, are items 1..10 (CLI: ``--map "sus_items=<first column>"``).

The feedback roles in a mapping: ``respondent`` (alias ``participant``), ``segments``,
``likert``, ``sus_items`` (``{column: k}``, a list in item order, or the first column of
ten), ``nps``, ``umux_lite`` (list in item order), ``a11``, ``csat``, ``text``, ``ignore``
and ``dropped`` (columns never loaded; identifying columns are dropped whether listed or
not), so a mapping written by :meth:`~cocreate_kit.roles.Roles.to_yaml` reads back as is.
A column name in a mapping may also be written with its line breaks and runs of spaces as
single spaces (long question-text headers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import ProblemCollector
from ..i18n import N_, _
from ..roles import ColumnRole, Phrase, Roles, check_mapping
from ._exports import Export, metadata_reason, read_export
from ._instruments import match_statement
from ._labels import label_set_of

__all__ = ["FEEDBACK_ROLES", "Plan", "assign_roles", "infer_roles"]

#: The roles a feedback ``columns=`` mapping understands.
FEEDBACK_ROLES = (
    "respondent",
    "participant",
    "segments",
    "likert",
    "sus_items",
    "nps",
    "umux_lite",
    "a11",
    "csat",
    "text",
    "ignore",
    "dropped",
)
_LEGACY_IDS = ("respondent_id", "respondent", "id")
_TOOL_IDS = {
    "responseid",
    "response id",
    "respondentid",
    "respondent id",
    "participant id",
    "participant_id",
    "participant",
    "deltager",
    "deltager id",
    "deltagernummer",
    "evaluator",
}
_SEGMENT_NAMES = ("role", "age_group", "area", "channel", "municipality", "rolle", "kommune")
_TEXT_PREFIXES = ("comment", "text", "kommentar", "fritekst")
_SUS_NAME = re.compile(r"^sus[\s_\-.\[]*(?:sq|q)?0*(\d+)\]?$", re.I)
_UMUX_NAME = re.compile(r"^umux[\s_\-.\[]*(?:lite[\s_\-.]*)?(?:sq|q)?0*(\d+)\]?$", re.I)
_MAX_SEGMENT_VALUES = 12
# Mapping role -> the role its columns get (a list role given is the whole list).
_COLUMN_ROLE = {
    "respondent": "respondent",
    "segments": "segment",
    "likert": "likert",
    "sus_items": "sus_item",
    "nps": "nps",
    "umux_lite": "umux_lite",
    "a11": "a11",
    "csat": "csat",
    "text": "text",
}


@dataclass
class Plan:
    """The columns :func:`~cocreate_kit.feedback.load_survey` uses, by role."""

    respondent: str | None = None
    segments: list[str] = field(default_factory=list)
    likert: list[str] = field(default_factory=list)
    sus: list[str] = field(default_factory=list)
    umux: list[str] = field(default_factory=list)
    a11: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    nps: str | None = None
    csat: str | None = None


def _squash(name: object) -> str:
    return re.sub(r"\s+", " ", str(name)).strip()


def _resolve(name: object, columns: list[str]) -> object:
    """``name`` as the file spells it: exact, or equal after collapsing whitespace."""
    if not isinstance(name, str) or name in columns:
        return name
    hits = [c for c in columns if _squash(c) == _squash(name)]
    return hits[0] if len(hits) == 1 else name


def _normalise_mapping(columns: Mapping[str, Any] | None, export: Export) -> dict[str, Any]:
    """Resolve names, expand the ``sus_items`` shortcuts, then :func:`check_mapping`."""
    cols = export.columns
    out: dict[str, Any] = {}
    pc = ProblemCollector(export.source)
    for role, value in (columns or {}).items():
        if role == "sus_items" and isinstance(value, str):
            first = _resolve(value, cols)
            if first not in cols:
                out[role] = {first: 1}  # reported by check_mapping below
                continue
            start = cols.index(first)
            block = cols[start : start + 10]
            if len(block) < 10:
                pc.add(
                    column="sus_items",
                    value=value,
                    expected=_("a first column followed by 9 more (only {n} from it)").format(
                        n=len(block)
                    ),
                )
            out[role] = {c: k + 1 for k, c in enumerate(block)}
        elif role == "sus_items" and isinstance(value, (list, tuple)):
            out[role] = {_resolve(c, cols): k + 1 for k, c in enumerate(value)}
        elif isinstance(value, Mapping):
            out[role] = {_resolve(c, cols): v for c, v in value.items()}
        elif isinstance(value, (list, tuple)):
            out[role] = [_resolve(c, cols) for c in value]
        else:
            out[role] = _resolve(value, cols)
    pc.raise_if_any()
    if "participant" in out:
        out.setdefault("respondent", out.pop("participant"))
        out.pop("participant", None)
    return check_mapping(out, cols, roles=FEEDBACK_ROLES, source=export.source)


def _given(mapping: dict[str, Any], export: Export) -> dict[str, tuple[str, str]]:
    """Column -> (role, detail) set by the user; identifying columns only as text/ignore."""
    out: dict[str, tuple[str, str]] = {}
    single = {"respondent": "respondent", "nps": "nps", "csat": "csat"}
    lists = {"segments": "segment", "likert": "likert", "a11": "a11", "text": "text"}
    for role, value in mapping.items():
        if role in single:
            out[value] = (single[role], "")
        elif role in lists:
            out.update({c: (lists[role], "") for c in value})
        elif role == "ignore":
            out.update({c: ("ignored", "") for c in value})
        elif role == "dropped":  # as written by --write-mapping; never loaded
            out.update({c: ("dropped", "") for c in value})
        elif role == "umux_lite":
            items = [value] if isinstance(value, str) else list(value)
            out.update({c: ("umux_lite", str(k + 1)) for k, c in enumerate(items)})
        elif role == "sus_items":
            out.update({c: ("sus_item", str(int(k))) for c, k in value.items()})
    pc = ProblemCollector(export.source)
    for c, (role, _detail) in out.items():
        if c in export.dropped and role not in ("text", "ignored", "dropped"):
            pc.add(
                row=1,
                column=c,
                value=role,
                expected=_(
                    "'text' (redacted) or 'ignore': {column} identifies people ({why}) and is "
                    "dropped on load"
                ).format(column=repr(c), why=export.dropped[c]),
            )
    pc.raise_if_any()
    for c, (role, _detail) in out.items():
        if role == "text" and c in export.held:
            export.data[c] = export.held[c]  # redacted on load like every free text
    return out


def _by_name(c: str, key: str) -> tuple[str, str, str] | None:
    if m := _SUS_NAME.match(key):
        return (
            "sus_item",
            str(int(m.group(1))),
            Phrase(N_("named like SUS item {n}"), n=int(m.group(1))),
        )
    if m := _UMUX_NAME.match(key):
        return (
            "umux_lite",
            str(int(m.group(1))),
            Phrase(N_("named like UMUX-Lite item {n}"), n=int(m.group(1))),
        )
    if key in ("nps", "csat"):
        return key, "", Phrase(N_("named {name}"), name=repr(key))
    if key.startswith("a11_"):
        return "a11", "", N_("named like an A-11 item (a11_*)")
    if key.startswith(("likert_", "q_")):
        return "likert", "", N_("named like a Likert item (likert_*, q_*)")
    if key.startswith(_TEXT_PREFIXES):
        return "text", "", N_("named like free text; redacted on load")
    if key.startswith(("segment", "seg_")) or key in _SEGMENT_NAMES:
        return "segment", "", Phrase(N_("named like a grouping ({name})"), name=repr(c))
    return None


def _by_values(s: pd.Series) -> tuple[str, str, str]:
    vals = s.dropna()
    vals = vals[vals.astype(str).str.strip() != ""]
    if vals.empty:
        return "ignored", "", N_("empty column")
    labels = label_set_of(vals)
    if labels is not None and labels[1] == 5:
        return "likert", "", Phrase(N_("answers are labels ({labels})"), labels=labels[0])
    if labels is not None:
        return (
            "ignored",
            "",
            Phrase(
                N_(
                    "answers are {labels} labels; the kit's Likert items are 5-point "
                    "(map it as umux_lite if it is a UMUX-Lite item)"
                ),
                labels=labels[0],
            ),
        )
    if pd.to_numeric(vals, errors="coerce").notna().all():
        return "ignored", "", N_("numbers, not a known item (map it with columns= if it is one)")
    text = vals.astype(str).str.strip()
    distinct = text.nunique()
    if distinct == 1 and len(text) > 1:
        return "ignored", "", N_("the same value in every row")
    short = text.str.len().mean() < 25
    if short and 2 <= distinct <= _MAX_SEGMENT_VALUES and distinct < len(text):
        return "segment", "", Phrase(N_("{n} values"), n=distinct)
    # Long, or too varied for a grouping (few rows, all different): treated as free text,
    # the safe side, since free text is redacted and never shown raw.
    return "text", "", Phrase(N_("{n} different answers; redacted on load"), n=distinct)


def _infer(c: str, s: pd.Series, export: Export) -> tuple[str, str, str]:
    why = metadata_reason(c, export.tool)
    if why is not None:
        return "ignored", "", why
    key = _squash(c).lower()
    if key in _LEGACY_IDS:
        return "respondent", "", Phrase(N_("named {name}"), name=repr(c))
    if key in _TOOL_IDS:
        if s.notna().all() and not s.duplicated().any():
            return "respondent", "", Phrase(N_("an id column ({n} unique values)"), n=s.nunique())
        return "ignored", "", N_("named like an id, but values repeat or are missing")
    found = _by_name(c, key)
    if found is not None:
        return found
    for text in (export.questions.get(c), c):
        if text is not None and (hit := match_statement(text)) is not None:
            role, k, reason = hit
            return role, str(k) if k else "", reason
    return _by_values(s)


def _complete_items(
    roles: list[ColumnRole], role: str, n: int, name: str, notes: list[str]
) -> list[ColumnRole]:
    """Keep inferred-by-wording items only when all ``n`` are found once each."""
    worded = [r for r in roles if r.role == role and not r.given and "matches" in r.reason]
    ks = sorted(int(r.detail) for r in worded)
    if not worded or ks == list(range(1, n + 1)):
        return roles
    key = "sus_items" if role == "sus_item" else role
    msgid = N_(
        "Found {found} column(s) worded like {name} items {items}, not all {n} once each: "
        "they are not used. Map the items with {mapping}."
    )
    mapping = f"columns={{{key!r}: ...}}"
    notes.append(Phrase(msgid, found=len(worded), name=name, items=str(ks), n=n, mapping=mapping))
    cols = {r.column for r in worded}
    return [
        ColumnRole(
            r.column,
            "ignored",
            reason=Phrase(
                N_("{reason}, but the {name} set is incomplete"), reason=Phrase(r.reason), name=name
            ),
        )
        if r.column in cols
        else r
        for r in roles
    ]


def _first_only(roles: list[ColumnRole], role: str) -> list[ColumnRole]:
    seen = False
    out = []
    for r in roles:
        if r.role == role and not r.given and seen:
            why = Phrase(N_("a second {role} column; the first is used"), role=role)
            r = ColumnRole(r.column, "ignored", reason=why)
        seen = seen or r.role == role
        out.append(r)
    return out


def _sus_hint(roles: list[ColumnRole], export: Export) -> str | None:
    """A note naming the ``sus_items`` shortcut when ten consecutive columns look like SUS."""
    if any(r.role == "sus_item" for r in roles):
        return None
    ok = []
    for r in roles:
        s = export.data[r.column] if r.column in export.data.columns else None
        nums = pd.to_numeric(s.dropna(), errors="coerce") if s is not None else None
        ok.append(
            r.role == "ignored"
            and nums is not None
            and len(nums) > 0
            and bool(nums.notna().all() and nums.isin([1, 2, 3, 4, 5]).all())
        )
    for i in range(len(roles) - 9):
        if all(ok[i : i + 10]):
            first, last = roles[i].column, roles[i + 9].column
            msgid = N_(
                "Columns {start}-{end} (`{first}` ... `{last}`) hold whole numbers 1-5 in a "
                "block of ten, like SUS items whose wording the kit does not know (it matches "
                "English and Danish). If they are SUS items 1-10 in order, add {mapping} (API "
                "or template) or {option} (command line)."
            )
            return Phrase(
                msgid,
                start=str(i + 1),
                end=str(i + 10),
                first=_squash(first)[:60],
                last=_squash(last)[:60],
                mapping=f'columns={{"sus_items": "{_squash(first)}"}}',
                option=f'--map "sus_items={_squash(first)}"',
            )
    return None


def assign_roles(export: Export, columns: Mapping[str, Any] | None = None) -> tuple[Roles, Plan]:
    """The role of every column of ``export`` and the :class:`Plan` that loads it."""
    mapping = _normalise_mapping(columns, export)
    given = _given(mapping, export)
    roles: list[ColumnRole] = []
    for c in export.columns:
        if c in given:
            role, detail = given[c]
            roles.append(ColumnRole(c, role, detail, given=True))
        elif c in export.dropped:
            why = Phrase(N_("identifying: {why}; removed on load"), why=Phrase(export.dropped[c]))
            roles.append(ColumnRole(c, "dropped", reason=why))
        else:
            roles.append(ColumnRole(c, *_infer(c, export.data[c], export)))
    fixed = {_COLUMN_ROLE[k]: k for k in mapping if k in _COLUMN_ROLE}
    roles = [
        ColumnRole(
            r.column,
            "ignored",
            reason=Phrase(N_("not in your `{role}` mapping"), role=fixed[r.role]),
        )
        if not r.given and r.role in fixed
        else r
        for r in roles
    ]
    notes: list[str] = [Phrase(N_("{tool}."), tool=Phrase(export.tool))]
    if export.dropped:
        dropped = ", ".join(export.dropped)
        notes.append(Phrase(N_("Dropped identifying columns on load: {columns}."), columns=dropped))
    roles = _complete_items(roles, "sus_item", 10, "SUS", notes)
    roles = _complete_items(roles, "umux_lite", 2, "UMUX-Lite", notes)
    for single in ("respondent", "nps", "csat"):
        roles = _first_only(roles, single)
    hint = _sus_hint(roles, export)
    plan = Plan()
    for r in roles:
        if r.role in ("respondent", "nps", "csat"):
            setattr(plan, r.role, r.column)
        elif r.role in ("segment", "likert", "a11", "text"):
            {"segment": plan.segments, "likert": plan.likert, "a11": plan.a11}.get(
                r.role, plan.text
            ).append(r.column)
    plan.sus = [r.column for r in sorted(roles, key=_item) if r.role == "sus_item"]
    plan.umux = [r.column for r in sorted(roles, key=_item) if r.role == "umux_lite"]
    if plan.respondent is None:
        stamp = next((r.column for r in roles if "submission time" in r.reason), None)
        note = N_("No id column: respondents are numbered by row (1 = the first answer row).")
        args: dict[str, Any] = {}
        if stamp is not None:
            same = int(export.data[stamp].duplicated(keep=False).sum())
            note = (
                N_(
                    "No id column: respondents are numbered by row (1 = the first answer row). "
                    "The timestamp `{stamp}` is not used as an id: {same} answers share their "
                    "second with another."
                )
                if same
                else N_(
                    "No id column: respondents are numbered by row (1 = the first answer row). "
                    "The timestamp `{stamp}` is not used as an id."
                )
            )
            args = {"stamp": stamp, "same": same}
        notes.append(Phrase(note, **args) if args else note)
    if hint is not None:
        notes.append(hint)
    result = Roles(roles, source=export.source, notes=notes, pillar_roles=FEEDBACK_ROLES)
    return result, plan


def _item(r: ColumnRole) -> int:
    return int(r.detail) if r.detail.isdigit() else 0


def infer_roles(
    source: str | Path | pd.DataFrame, columns: Mapping[str, Any] | None = None
) -> Roles:
    """The role of every column of a survey file, with the reason, and the detected tool.

    Parameters
    ----------
    source : path or DataFrame
        A survey export (Qualtrics, Google Forms, Microsoft Forms, SurveyXact, LimeSurvey,
        or any table with one row per respondent).
    columns : dict, optional
        Roles to set instead of inferring them (see the module docstring for the roles).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "Timestamp": ["1/2/2026 10:00:00", "1/2/2026 10:00:00"],
    ...     "Email Address": ["a@example.org", "b@example.org"],
    ...     "How likely are you to recommend the service?": [9, 6],
    ...     "Anything else?": ["Fine, but the letter came late.", "Call me on 12 34 56 78"],
    ... })
    >>> print(infer_roles(df).summary())
    4 columns.
    Google Forms export.
    Dropped identifying columns on load: Email Address.
    No id column: respondents are numbered by row (1 = the first answer row). The timestamp `Timestamp` is not used as an id: 2 answers share their second with another.
    - `Timestamp`: ignored (submission time, never an id: two people can submit in the same second)
    - `Email Address`: dropped (identifying: e-mail; removed on load)
    - `How likely are you to recommend the service?`: nps (English NPS wording: how likely ... recommend)
    - `Anything else?`: free text (2 different answers; redacted on load)
    """
    return assign_roles(read_export(source), columns)[0]
