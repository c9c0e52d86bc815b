"""Which column of a usability-test sheet is what: inferred, reported with reasons, overridable.

:func:`infer_roles` gives every column of a prototype-test file a role (the contract of
:mod:`cocreate_kit.roles`): ``participant``, ``variant``, a ``metric`` with its kind
(binary, time, sus, likert, count, continuous), free ``text`` or ``ignored``. A ``columns=``
mapping (and an analysis plan's ``columns:``, ``variant_column``, ``participant_column``
and ``metrics``) sets roles; inference fills in the rest.

Rules, in order, for the columns the user did not map:

1. **participant**: every word of the name is one of participant, deltager, respondent,
   testperson, subject, evaluator, user, bruger, id, nr, no, number, code (``Participant``,
   ``Participant ID``, ``deltager_nr``), or the values look like ``P01``/``TP-3`` (at least
   90% of them; one to three letters, then digits).
2. **variant**: every word of the name is one of variant, version, condition, arm, group,
   prototype, gruppe, betingelse, design, test (``Version``, ``Prototype version``) and the
   column has 2 to 20 values (several: variant, version, prototype, condition before
   arm, design, group, in that order); otherwise the only text column with 2 to 10 values that
   repeat and that is no yes/no, duration, number or free-text column.
   Several such columns are not guessed between: the summary says which ``--map`` to add.
3. **metrics**, on the values: yes/no words (:data:`cocreate_kit._parse.BOOL_TRUE`) ->
   binary; numbers (decimal comma allowed) -> the rules of :func:`infer_kinds` (0/1 binary,
   "sus" in the name and 0..100 sus, a time-like name time, 1..7 likert, whole numbers
   count, else continuous); text durations (``04:31``, ``4 min 31 s``, ``PT4M31S``) in at
   least half the cells, or a time-like name (time, tid, duration, varighed, seconds,
   sekunder) -> time. A column with some unreadable cells keeps its role, so the analysis
   reports every bad cell instead of silently dropping the column.
4. **dates and times** (``2024-03-01 10:15``, ``24/07/2006``) are ignored (not metrics).
5. **free text**: a name like comment, kommentar, note, observation, remark, bemærkning,
   feedback, quote, citat, or text with many different values (at least half the rows) that
   is longer than a few words. Free text is never analysed as a metric and is redacted
   (:func:`cocreate_kit.privacy.redact`) before it is shown.
6. everything else is ``ignored``, with the reason.

With an analysis plan, only the plan's metrics are analysed; other metric-like columns are
reported as ignored ("not in the analysis plan").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import ProblemCollector
from .._parse import (
    booleans,
    duration_format,
    durations,
    numbers,
    parse_bool,
    workbook_minutes,
)
from ..i18n import N_, _
from ..io import read_table
from ..roles import ColumnRole, Phrase, Roles, check_mapping, merge_mapping, shown
from ._design import Design
from ._infer import infer_kinds
from ._kind import KINDS
from ._plan import Plan, read_plan

__all__ = [
    "EXPERIMENT_ROLES",
    "infer_roles",
    "plan_mapping",
    "resolve",
    "variant_hint",
    "with_roles",
]

#: The roles a prototype-test mapping understands.
EXPERIMENT_ROLES = ("participant", "variant", "metrics", "text", "ignore")

_PART_WORDS = {"participant", "participants", "deltager", "deltagere", "respondent"}
_PART_WORDS |= {"testperson", "subject", "evaluator", "user", "bruger", "informant"}
_PART_EXTRA = {"id", "nr", "no", "number", "code", "kode", "nummer"}
_VAR_WORDS = {"variant", "version", "condition", "arm", "group", "prototype", "gruppe"}
_VAR_WORDS |= {"betingelse", "varianten", "versionen", "design"}
_VAR_EXTRA = {"test", "tested", "the", "a", "af", "name", "navn"}
_PNUMBER = re.compile(r"^[A-Za-zÆØÅæøå]{1,3}[-_ ]?\d{1,5}$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?\S*)?$")
_TIME_NAME = re.compile(r"time|tid|duration|varighed|seconds|sekunder|mm:ss|\(s\)", re.I)
_TEXT_NAME = re.compile(
    r"comment|kommentar|note|observation|remark|bemærkning|feedback|quote|citat|"
    r"free text|fritekst|svar|answer",
    re.I,
)
_REASON = {
    "sus": N_("scores 0-100"),
    "count": N_("whole numbers from 0"),
    "continuous": N_("numbers"),
}


def _words(name: Any) -> set[str]:
    return set(re.findall(r"[a-zæøå]+", str(name).lower()))


def _named(name: Any, key: set[str], extra: set[str]) -> bool:
    words = _words(name)
    return bool(words & key) and words <= key | extra


def _text(s: pd.Series) -> bool:
    return not pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def plan_mapping(plan: Plan | None) -> dict[str, Any]:
    """The column roles an analysis plan sets (its ``columns:``, ``variant_column``,
    ``participant_column`` when given, and its ``metrics``)."""
    if plan is None:
        return {}
    return merge_mapping(plan.columns, {"metrics": dict(plan.metrics)})


def variant_hint(candidates: list[str]) -> str:
    """What to add when no variant column was found (``candidates``: text columns with
    few values that could be it)."""
    text = _(
        "add --map variant=COLUMN on the command line, or columns={{'variant': 'COLUMN'}} in "
        "the API or the template (or 'columns: {{variant: COLUMN}}' in the analysis plan), "
        "COLUMN being the column that says which version each participant tried"
    ).format()
    if candidates:
        text += _("; text columns with few values: {columns}").format(
            columns=", ".join(repr(c) for c in candidates[:8])
        )
    return text


def infer_roles(
    source: str | Path | pd.DataFrame,
    columns: Mapping[str, Any] | None = None,
    plan: Plan | str | Path | dict[str, Any] | None = None,
) -> Roles:
    """The role of every column of a prototype-test file, and why (see the module notes).

    Parameters
    ----------
    source : path or DataFrame
        A CSV/xlsx/JSON file (read with :func:`cocreate_kit.io.read_table`) or a DataFrame.
    columns : mapping, optional
        Roles set by the user (:mod:`cocreate_kit.roles` format): ``participant``,
        ``variant``, ``metrics`` ({column: kind, or None to infer the kind}), ``text``,
        ``ignore``. They win over the plan's and over inference.
    plan : Plan, path or dict, optional
        An analysis plan: its ``columns:``, ``variant_column``, ``participant_column`` and
        ``metrics`` set roles too.

    Returns
    -------
    Roles
        ``.column("variant")``, ``.column("participant")``, ``.mapping()["metrics"]``,
        ``.columns("text")``; ``.notes`` say what is missing and which option to add.

    Raises
    ------
    DataError
        For an unknown role, a column the file lacks, or an unknown metric kind (all at
        once).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Participant": ["P01", "P02", "P03", "P04"],
    ...                    "Version": ["A", "B", "A", "B"],
    ...                    "Completed": ["yes", "no", "yes", "yes"],
    ...                    "Time (mm:ss)": ["04:31", "03:10", "05:02", "02:59"]})
    >>> print("\\n".join(infer_roles(df).lines()))
    `Participant`: participant (named like a participant id)
    `Version`: variant (2 values)
    `Completed`: binary metric (yes/no)
    `Time (mm:ss)`: time metric (durations mm:ss)
    >>> infer_roles(df, columns={"variant": "Completed"}).column("variant")
    'Completed'
    """
    if isinstance(source, pd.DataFrame):
        data = source
    else:
        data = read_table(source)
    name = data.attrs.get("source")
    if plan is not None and not isinstance(plan, Plan):
        plan = read_plan(plan)
    names = [str(c) for c in data.columns]
    plan_map = plan_mapping(plan)
    pc = ProblemCollector(name)
    for given in (plan_map, columns or {}):
        for role, value in (
            (given.get("metrics") or {}).items() if isinstance(given, Mapping) else ()
        ):
            if value is not None and value not in KINDS:
                pc.add(
                    column=f"metrics.{role}", value=value, expected=f"a kind: {', '.join(KINDS)}"
                )
    pc.raise_if_any()
    user = check_mapping(columns, names, roles=EXPERIMENT_ROLES, source=name)
    if plan is not None:
        plan_map = _present(plan_map, names)
    mapping = merge_mapping(plan_map, user)
    return _infer(data, mapping, set(user), plan is not None, name)


def _present(mapping: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """A plan's single roles whose column the file lacks are left to inference (the plan
    may have been written before the sheet; prepare() reports the missing metrics)."""
    out = dict(mapping)
    for role in ("variant", "participant"):
        if role in out and out[role] not in names:
            del out[role]
    return out


def _infer(
    data: pd.DataFrame, mapping: dict[str, Any], user: set[str], planned: bool, name: str | None
) -> Roles:
    n = len(data)
    set_by: dict[str, ColumnRole] = {}

    def given(role: str) -> bool:
        return role in user

    why = N_("set by you")
    for role in ("participant", "variant"):
        col = mapping.get(role)
        if col is not None:
            reason = why if given(role) else N_("named in the analysis plan")
            if role == "variant":
                n_values = data[col].nunique()
                reason = Phrase(N_("{n} values; {reason}"), n=n_values, reason=Phrase(reason))
            set_by[col] = ColumnRole(col, role, reason=reason, given=given(role))
    metric_kinds = dict(mapping.get("metrics") or {})
    for col in mapping.get("text") or []:
        set_by[col] = ColumnRole(col, "text", reason=N_("redacted; not analysed"), given=True)
    for col in mapping.get("ignore") or []:
        set_by[col] = ColumnRole(col, "ignored", reason=why, given=True)

    guessed: dict[str, tuple[str, str, str]] = {}
    for col in map(str, data.columns):
        if col not in set_by:
            guessed[col] = _classify(data[col], col, n)
    notes: list[str] = []
    if "participant" not in mapping:
        found = [c for c, g in guessed.items() if g[0] == "participant"]
        for extra in found[1:]:
            guessed[extra] = ("ignored", "", N_("another participant-like column"))
        if not found:
            notes.append(
                N_(
                    "No participant column: each row is taken as a different participant, "
                    "numbered by row (repeated participants cannot be checked; add "
                    "--map participant=COLUMN if there is one)."
                )
            )
    else:
        _demote(guessed, "participant")
    if "variant" not in mapping:
        named = sorted((c for c, g in guessed.items() if g[0] == "variant"), key=_rank)
        loose = [c for c, g in guessed.items() if g[0] == "variant?"]
        chosen = named[:1] or (loose if len(loose) == 1 else [])
        for c in named[1:] + [c for c in loose if c not in chosen]:
            was = Phrase(guessed[c][2])
            guessed[c] = (
                "ignored",
                "",
                Phrase(N_("{reason}; not chosen as the variant"), reason=was),
            )
        if chosen:
            guessed[chosen[0]] = ("variant", "", guessed[chosen[0]][2])
        else:
            notes.append(
                Phrase(
                    N_("No variant column found: {hint}."),
                    hint=partial(variant_hint, loose or named),
                )
            )
            ratings = [
                c
                for c, g in guessed.items()
                if g[:2] == ("metric", "likert") or (g[0] != "metric" and len(c) >= 25)
            ]
            if len(ratings) >= 5:
                msgid = N_(
                    "This looks like a questionnaire ({n} rating columns, one version): "
                    "for SUS and other questionnaires use `cocreate check feedback "
                    "FILE`; a prototype test compares at least two versions."
                )
                notes.append(Phrase(msgid, n=len(ratings)))
    else:
        _demote(guessed, "variant")
    roles: list[ColumnRole] = []
    for col in map(str, data.columns):
        if col in set_by:
            roles.append(set_by[col])
            continue
        role, detail, reason = guessed[col]
        if col in metric_kinds:
            kind = metric_kinds[col]
            if kind is None:
                kind = detail if role == "metric" else "continuous"
                reason = (
                    Phrase(N_("{reason}; kind inferred"), reason=Phrase(reason))
                    if role == "metric"
                    else N_("kind not clear")
                )
            else:
                reason = why if "metrics" in user else N_("named in the analysis plan")
            roles.append(ColumnRole(col, "metric", kind, reason, given=True))
        elif role == "metric" and planned:
            roles.append(
                ColumnRole(
                    col,
                    "ignored",
                    "",
                    Phrase(N_("{kind} values; not in the analysis plan"), kind=detail),
                )
            )
        else:
            roles.append(ColumnRole(col, role, detail, reason))
    text = [r.column for r in roles if r.role == "text"]
    if text:
        msgid = N_(
            "Free text ({columns}) is redacted (names, e-mails, phone and CPR "
            "numbers) before it is shown, and never analysed as a metric."
        )
        notes.append(Phrase(msgid, columns=", ".join(text)))
    return Roles(roles, source=name, notes=notes, pillar_roles=EXPERIMENT_ROLES)


_VAR_RANK = ("variant", "varianten", "version", "versionen", "prototype", "condition")
_VAR_RANK += ("betingelse", "arm", "design", "group", "gruppe")


def _rank(col: str) -> int:
    """Several columns named like a variant: ``Variant`` before ``Version`` before
    ``Group`` (a group is often the recruitment group, not the version tried)."""
    words = _words(col)
    return min(i for i, w in enumerate(_VAR_RANK) if w in words)


def _demote(guessed: dict[str, tuple[str, str, str]], role: str) -> None:
    """The user set ``role``: the columns inference would have given it are ignored."""
    for c, g in guessed.items():
        if g[0] in (role, f"{role}?"):
            why = Phrase(N_("{reason}; {role} is another column"), reason=Phrase(g[2]), role=role)
            guessed[c] = ("ignored", "", why)


def _classify(s: pd.Series, col: str, n: int) -> tuple[str, str, str]:
    """(role, detail, reason) of one column from its name and values; role ``variant?``
    marks a loose variant candidate."""
    # the name rules first: a participant column of millions of ids is never scanned
    if _named(col, _PART_WORDS, _PART_EXTRA):
        return "participant", "", N_("named like a participant id")
    filled = s.dropna()
    if _text(s):
        stripped = filled.astype(str).str.strip()
        filled, stripped = filled[stripped != ""], stripped[stripped != ""]
    if len(filled) == 0:
        return "ignored", "", N_("empty")
    if _named(col, _VAR_WORDS, _VAR_EXTRA):
        distinct = int(filled.nunique())
        if 2 <= distinct <= 20:
            return "variant", "", Phrase(N_("{n} values"), n=distinct)
    if not _text(s):
        return _numeric(filled, col)
    distinct = int(stripped.nunique())
    if stripped.str.match(_PNUMBER).mean() >= 0.9 and distinct >= max(2, len(filled) // 3):
        return "participant", "", N_("values like P01")
    vals, bad = booleans(filled)
    num, nbad = numbers(filled)
    # clean yes/no before clean numbers ("1"/"0" text is binary); then the tolerant rules,
    # so that a column with a few bad cells keeps its role and the cells are reported
    for share in (0.0, 0.5):
        if bad.mean() <= share and vals.nunique() <= 2:
            words = stripped.str.lower()[~bad]
            ordered = sorted(dict.fromkeys(words), key=lambda w: parse_bool(w) is False)
            return "metric", "binary", "/".join(ordered[:2])
        if nbad.mean() <= share:
            found = _numeric(num.dropna(), col)
            if found[0] == "metric":
                return found
    secs, dbad = durations(filled)
    if (_TIME_NAME.search(col) or dbad.mean() <= 0.5) and (~dbad).any():
        formats = [duration_format(v) for v in filled[~dbad].unique()[:50]]
        found = ", ".join(dict.fromkeys(f for f in formats if f and f != "seconds"))
        if workbook_minutes(filled):
            found = Phrase(N_("mm:ss; workbook times with zero seconds read as minutes:seconds"))
        why = Phrase(N_("durations {formats}"), formats=found) if found else N_("seconds")
        return "metric", "time", why
    if stripped.str.match(_DATE).mean() >= 0.9:
        return "ignored", "", N_("dates or times; not a metric")
    lengths = stripped.str.len()
    if _TEXT_NAME.search(col) or (distinct >= max(3, len(filled) // 2) and lengths.mean() > 15):
        return "text", "", N_("redacted; not analysed")
    if 2 <= distinct <= min(10, len(filled) - 1):
        return "variant?", "", Phrase(N_("text with {n} values"), n=distinct)
    return "ignored", "", Phrase(N_("text with {n} different values; not a metric"), n=distinct)


def _numeric(num: pd.Series, col: str) -> tuple[str, str, str]:
    """The metric kind of numbers by the rules of :func:`infer_kinds` ("sus" must be a word
    of the name, "SUS_Score", not part of one, "Susah")."""
    key = col if "sus" in _words(col) else re.sub("sus", "", col, flags=re.I)
    kinds = infer_kinds(pd.DataFrame({key: num}))
    if key in kinds:
        return "metric", kinds[key], _number_reason(kinds[key], num)
    return "ignored", "", N_("numbers the kit has no metric rule for")


def _number_reason(kind: str, num: pd.Series) -> str:
    if kind == "time":
        return N_("seconds (named like a time)")
    if kind == "likert":
        return Phrase(N_("whole numbers {low}-{high}"), low=int(num.min()), high=int(num.max()))
    if kind == "binary":
        return N_("values 0/1")
    return _REASON.get(kind, N_("numbers"))


def resolve(
    data: pd.DataFrame,
    design: Design,
    *,
    columns: Mapping[str, Any] | None = None,
    plan: Plan | None = None,
    need_metrics: bool = False,
) -> tuple[Design, Roles | None]:
    """The design with the columns of ``data`` filled in: the variant and participant
    columns (and, with ``need_metrics``, the metrics in ``design.columns["metrics"]``).

    Inference runs only when it is needed: the metrics are not known, or the variant column
    is not in the data. Otherwise the named columns are used as they are (a large file with
    a plan is not scanned twice).

    Raises
    ------
    DataError
        When no variant column can be found, saying which ``--map``/``columns=`` to add.
    """
    names = [str(c) for c in data.columns]
    explicit = merge_mapping({} if plan is not None else design.columns, columns)
    if design.variant != "variant":
        explicit.setdefault("variant", design.variant)
    if design.participant not in (None, "participant"):
        explicit.setdefault("participant", design.participant)
    variant = explicit.get("variant", "variant")
    if not need_metrics and (variant in names or "variant" in explicit):
        given = dict(columns or {})
        cols = merge_mapping(design.columns, given) if given else None
        return design.replace(
            variant=given.get("variant"), participant=given.get("participant"), columns=cols
        ), None
    roles = infer_roles(data, columns=explicit, plan=plan)
    return with_roles(design, roles, names), roles


def with_roles(design: Design, roles: Roles, names: list[str]) -> Design:
    """``design`` with the variant, participant and column mapping of ``roles``.

    Raises
    ------
    DataError
        When ``roles`` has no variant column, saying which ``--map``/``columns=`` to add.
    """
    found = roles.column("variant")
    if found is None:
        pc = ProblemCollector(roles.source)
        loose = [r.column for r in roles.roles if "not chosen as the variant" in r.reason]
        pc.add(
            column="variant",
            value=None,
            expected=_("a column naming the version each participant tried: {hint}").format(
                hint=variant_hint(loose)
            )
            # the questionnaire note (it names the feedback command in every language)
            + "".join(f". {shown(n)}" for n in roles.notes if "cocreate check feedback" in n)
            + (
                _("; the file's columns: {columns}").format(
                    columns=", ".join(repr(c) for c in names[:15])
                )
                if not loose
                else ""
            ),
        )
        pc.raise_if_any()
    mapping = roles.mapping()
    mapping.pop("ignore", None)
    return dataclasses.replace(
        design,
        variant=found,
        participant=roles.column("participant"),
        columns=merge_mapping(design.columns, mapping),
    )
