"""Column roles: what each column of a user's file is for, inferred, reported and overridable.

Every pillar reads files whose columns it must understand: which column is the person, the
variant, a metric (and of which kind), a SUS item, a grouping, free text, or nothing the kit
uses. A pillar's ``infer_roles`` returns a :class:`Roles` result that says, for EVERY column,
the role it got and why ("``Version``: variant (2 values)"), so a user never has to guess
what was used and what was ignored.

The same mapping overrides the inference everywhere a user works, with the same role names:

* the API: ``columns={"variant": "Version", "participant": "Participant"}``;
* a notebook template: the ``columns = {...}`` parameter;
* an analysis plan: a ``columns:`` entry;
* the command line: ``--map variant=Version --map participant=Participant`` (repeatable)
  and ``--kind "Time (mm:ss)=time"`` for a metric's kind; ``--mapping FILE`` reads a YAML
  mapping; ``--write-mapping FILE`` writes what was inferred as YAML to edit and pass back.

The mapping format (a plain dict, also the YAML file's content)::

    participant: Participant      # one column per single role
    variant: Version
    metrics:                      # metric column -> kind
      Completed: binary
      Time (mm:ss): time
    text: [Comments]              # several columns for list roles
    ignore: [Timestamp]           # columns the kit must not use

Single roles hold one column name; :data:`LIST_ROLES` hold a list; ``metrics`` and
``sus_items`` hold a mapping (``sus_items`` may also name the first of ten consecutive SUS
columns, items 1..10 in file order: ``--map "sus_items=COLUMN"``). A pillar documents which roles it understands
(:attr:`Roles.pillar_roles`); an unknown role or a column the file lacks is one
:class:`~cocreate_kit.DataError` listing all of them, with the columns the file has.

Examples
--------
>>> r = Roles(
...     [
...         ColumnRole("Participant", "participant", reason="named like a person id"),
...         ColumnRole("Version", "variant", reason="2 values"),
...         ColumnRole("Time (mm:ss)", "metric", detail="time", reason="durations mm:ss"),
...         ColumnRole("Comments", "text", reason="free text, redacted"),
...         ColumnRole("Timestamp", "ignored", reason="not used by this analysis"),
...     ],
...     source="usability.csv",
... )
>>> print(r.summary())
usability.csv: 5 columns.
- `Participant`: participant (named like a person id)
- `Version`: variant (2 values)
- `Time (mm:ss)`: time metric (durations mm:ss)
- `Comments`: free text (free text, redacted)
- `Timestamp`: ignored (not used by this analysis)
>>> r.mapping()["metrics"]
{'Time (mm:ss)': 'time'}
>>> parse_map_args(["variant=Version", "participant = Participant"], ["SUS=sus"])
{'variant': 'Version', 'participant': 'Participant', 'metrics': {'SUS': 'sus'}}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import ProblemCollector
from ._result import Result
from .i18n import N_, _, fmt_int, fmt_number, lazy, use_language

__all__ = [
    "LIST_ROLES",
    "MAPPING_ROLES",
    "ColumnRole",
    "Phrase",
    "Roles",
    "check_mapping",
    "merge_mapping",
    "parse_map_args",
    "read_mapping",
    "write_mapping",
    "shown",
]

#: Roles that hold several columns (a list in the mapping).
LIST_ROLES = frozenset({"text", "ignore", "segments", "likert", "dropped", "umux_lite", "a11"})
#: Roles that hold a column -> value mapping (metric kind, SUS item number).
MAPPING_ROLES = frozenset({"metrics", "sus_items"})

# How a role reads in a sentence ("`Comments`: free text"); in English the role's name
# (with spaces for underscores) unless said here, so the English lines stay as they were.
_PHRASE = {
    "participant": N_("participant"),
    "respondent": N_("respondent"),
    "variant": N_("variant"),
    "case": N_("case"),
    "activity": N_("activity"),
    "timestamp": N_("timestamp"),
    "lifecycle": N_("lifecycle"),
    "resource": N_("resource"),
    "likert": N_("likert"),
    "nps": N_("nps"),
    "csat": N_("csat"),
    "umux_lite": N_("umux lite"),
    "a11": N_("a11"),
    "text": N_("free text"),
    "ignored": N_("ignored"),
    "dropped": N_("dropped"),
    "sus_item": N_("SUS item"),
    "segment": N_("segment (grouping)"),
}


class Phrase(str):
    """English text (a reason or a note) that is shown in the current language.

    The value IS the English text, so the API, the ``reason`` column of :attr:`Roles.table`,
    JSON and code that compares or searches it (``"matches" in r.reason``) stay English and
    unchanged; :attr:`msgid` (the catalogue's source string, marked with ``N_()`` where the
    phrase is made) and :attr:`args` (its named fields) let :func:`shown` translate it when
    it is displayed. A field that is itself a :class:`Phrase` is translated too, a callable
    field is called (to make its text in the language shown); numbers
    are formatted for the language (:func:`~cocreate_kit.i18n.fmt_int` /
    :func:`~cocreate_kit.i18n.fmt_number`); other fields (column names, tool names) are
    shown as they are.

    Examples
    --------
    >>> p = Phrase("{n} values", n=2)
    >>> p, p == "2 values", p.msgid, p.args
    ('2 values', True, '{n} values', {'n': 2})
    >>> shown(p)
    '2 values'
    """

    msgid: str
    args: dict[str, Any]

    def __new__(cls, msgid: str, /, **args: Any) -> Phrase:
        if isinstance(msgid, Phrase) and not args:
            return msgid  # already a phrase: keep its msgid and fields
        text = msgid
        if args:
            with use_language("en"):  # the value is English whatever language is current
                text = msgid.format(**{k: v() if callable(v) else v for k, v in args.items()})
        self = super().__new__(cls, text)
        self.msgid = msgid
        self.args = dict(args)
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (and copies) keep msgid and fields
        return (_phrase, (self.msgid, self.args))

    def shown(self) -> str:
        """The phrase in the current language."""
        if not self.args:
            return _(self.msgid)
        return _(self.msgid).format(**{k: _field(v) for k, v in self.args.items()})


def _phrase(msgid: str, args: dict[str, Any]) -> Phrase:
    return Phrase(msgid, **args)


def _field(value: Any) -> Any:
    if isinstance(value, Phrase):
        return value.shown()
    if callable(value):  # text made when shown, in the language shown
        return value()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return fmt_int(value) if isinstance(value, int) else fmt_number(value)


def shown(text: str) -> str:
    """A reason, note or detail in the current language: a :class:`Phrase` is translated
    with its fields, a plain string is looked up as a msgid (unchanged when the catalogue
    does not have it, e.g. a column name or a tool's own words)."""
    if isinstance(text, Phrase):
        return text.shown()
    return _(text) if text else text


@dataclass(frozen=True)
class ColumnRole:
    """The role one column got, and why.

    Parameters
    ----------
    column : str
        The column's name in the user's file, exactly.
    role : str
        The role: ``participant``, ``respondent``, ``variant``, ``metric``, ``sus_item``,
        ``segment``, ``text``, ``case``, ``activity``, ``timestamp``, ``ignored``,
        ``dropped`` ... (each pillar documents its own).
    detail : str
        The role's parameter: a metric's kind (``"time"``), a SUS item's number (``"3"``).
    reason : str
        Why, in words a user understands: "2 values", "named 'variant'", "--map",
        "matches SUS statement 3 (Danish)". Always English (the API's language); a
        :class:`Phrase` or a msgid marked with ``N_()``, so :meth:`why` shows it in the
        current language.
    given : bool
        True when the user set it (``columns=``, ``--map``, plan, template), False when
        inferred.
    """

    column: str
    role: str
    detail: str = ""
    reason: str = ""
    given: bool = False

    def what(self) -> str:
        """The role (with its detail) in words: "time metric", "SUS item 3", "free text"."""
        if self.role == "metric":
            return _("{kind} metric").format(kind=self.detail) if self.detail else _("metric")
        if self.role == "sus_item":
            return _("SUS item {n}").format(n=self.detail).strip()
        what = _(_PHRASE[self.role]) if self.role in _PHRASE else self.role.replace("_", " ")
        return f"{what}, {shown(self.detail)}" if self.detail else what

    def why(self) -> str:
        """:attr:`reason` in the current language ("set by you" for a bare user choice)."""
        return _("set by you") if self.given and not self.reason else shown(self.reason)

    def shown(self) -> str:
        """The column's name for display on one line: whitespace runs (line breaks in
        question-text headers) collapsed to one space, cut to 80 characters with an
        ellipsis. Mappings always use the exact name (:attr:`column`)."""
        flat = " ".join(str(self.column).split())
        return flat if len(flat) <= 80 else flat[:79] + "\u2026"

    def line(self) -> str:
        """One readable line: "`Version`: variant (2 values)"."""
        why = self.why()
        return f"`{self.shown()}`: {self.what()}" + (f" ({why})" if why else "")


class Roles(Result):
    """The role of every column of one file (a result: table, summary, JSON, YAML).

    Attributes
    ----------
    table : DataFrame
        One row per column of the file, in file order: ``column, role, detail, reason,
        given``.
    source : str or None
        The file's name.
    notes : tuple of str
        What the reader must know: "No id column: respondents are numbered by row.",
        "Qualtrics export (3 header rows)", "Dropped identifying columns: IPAddress, ...".
        English, like :attr:`table`; :meth:`shown_notes` gives them in the current language.
    pillar_roles : tuple of str
        The roles the pillar that made this understands (for the YAML file's comment).
    """

    title = lazy("Column roles")

    def __init__(
        self,
        roles: Iterable[ColumnRole],
        *,
        source: str | None = None,
        notes: Sequence[str] = (),
        pillar_roles: Sequence[str] = (),
    ) -> None:
        import pandas as pd

        self.roles: tuple[ColumnRole, ...] = tuple(roles)
        self.source = source
        self.notes: tuple[str, ...] = tuple(notes)
        self.pillar_roles: tuple[str, ...] = tuple(pillar_roles)
        self.table = pd.DataFrame(
            [(r.column, r.role, r.detail, r.reason, r.given) for r in self.roles],
            columns=["column", "role", "detail", "reason", "given"],
        )

    def lines(self) -> list[str]:
        """One line per column (see :meth:`ColumnRole.line`)."""
        return [r.line() for r in self.roles]

    def shown_notes(self) -> list[str]:
        """:attr:`notes` in the current language."""
        return [shown(n) for n in self.notes]

    def display_table(self) -> Any:
        """:attr:`table` for people: headers, details and reasons in the current language
        (:meth:`ColumnRole.why`); column names as in the file, roles as the mapping's
        role names (the words ``columns=`` and ``--map`` take)."""
        headers = {
            "column": _("column"),
            "role": _("role"),
            "detail": _("detail"),
            "reason": _("reason"),
            "given": _("given"),
        }
        return self.table.assign(
            detail=[shown(r.detail) for r in self.roles],
            reason=[r.why() if r.reason else "" for r in self.roles],
        ).rename(columns=headers)

    def summary(self) -> str:
        """The notes, then one line per column."""
        head = f"{self.source}: " if self.source else ""
        out = [head + _("{n} columns.").format(n=fmt_int(len(self.roles)))]
        out.extend(self.shown_notes())
        out.extend(f"- {ln}" for ln in self.lines())
        return "\n".join(out)

    def column(self, role: str) -> str | None:
        """The column with a single ``role``, or None."""
        found = [r.column for r in self.roles if r.role == role]
        return found[0] if found else None

    def columns(self, role: str) -> list[str]:
        """Every column with ``role``, in file order."""
        return [r.column for r in self.roles if r.role == role]

    def mapping(self) -> dict[str, Any]:
        """The roles as a ``columns=`` mapping (what ``--write-mapping`` writes)."""
        out: dict[str, Any] = {}
        for r in self.roles:
            if r.role == "metric":
                out.setdefault("metrics", {})[r.column] = r.detail or None
            elif r.role == "sus_item":
                out.setdefault("sus_items", {})[r.column] = int(r.detail) if r.detail else None
            elif r.role == "ignored":
                out.setdefault("ignore", []).append(r.column)
            elif r.role in LIST_ROLES or r.role == "segment":
                key = "segments" if r.role == "segment" else r.role
                out.setdefault(key, []).append(r.column)
            else:
                out[r.role] = r.column
        return out

    def to_yaml(self) -> str:
        """:meth:`mapping` as YAML with a comment saying how to use it."""
        import yaml

        head = [
            "# Column roles for cocreate-kit"
            + (f", inferred from {self.source}" if self.source else "")
            + ".",
            "# Edit, then pass back: cocreate check ... --mapping THIS_FILE, columns= in the",
            "# API or the template's `columns` parameter, or `columns:` in an analysis plan.",
        ]
        if self.pillar_roles:
            head.append(f"# Roles understood here: {', '.join(self.pillar_roles)}.")
        body = yaml.safe_dump(self.mapping(), sort_keys=False, allow_unicode=True)
        return "\n".join(head) + "\n" + body

    def _tables(self) -> list[tuple[str, Any]]:
        return [(_("Role of each column"), self.display_table())]


def parse_map_args(
    maps: Sequence[str] | None = None, kinds: Sequence[str] | None = None
) -> dict[str, Any]:
    """``--map ROLE=COLUMN`` and ``--kind COLUMN=KIND`` options as a ``columns=`` mapping.

    A list role given twice collects both columns; a single role given twice is an error.
    Spaces around ``=`` are ignored; a column name may itself contain ``=`` after the
    first one.

    Raises
    ------
    DataError
        Listing every malformed option at once.
    """
    pc = ProblemCollector(_("command line"))
    out: dict[str, Any] = {}
    for opt in maps or ():
        role, sep, col = (s.strip() for s in str(opt).partition("="))
        if not sep or not role or not col:
            pc.add(column="--map", value=opt, expected=_("ROLE=COLUMN, e.g. variant=Version"))
            continue
        if role in LIST_ROLES or role == "segments":
            out.setdefault(role, []).append(col)
        elif role == "sus_items":
            out[role] = col  # shortcut: the first of ten consecutive SUS columns
        elif role in MAPPING_ROLES:
            want = _("--kind COLUMN=KIND for {role}").format(role=role)
            pc.add(column="--map", value=opt, expected=want)
        elif role in out and out[role] != col:
            want = _("one column for {role}").format(role=repr(role))
            pc.add(column="--map", value=opt, expected=want)
        else:
            out[role] = col
    for opt in kinds or ():
        col, sep, kind = (s.strip() for s in str(opt).rpartition("="))
        if not sep or not col or not kind:
            want = _("COLUMN=KIND, e.g. 'Time (mm:ss)=time'")
            pc.add(column="--kind", value=opt, expected=want)
            continue
        out.setdefault("metrics", {})[col] = kind
    pc.raise_if_any()
    return out


def merge_mapping(*mappings: Mapping[str, Any] | None) -> dict[str, Any]:
    """Later mappings win role by role; ``metrics``/``sus_items`` merge column by column and
    list roles are replaced (so a user's ``text: [...]`` is the whole list)."""
    out: dict[str, Any] = {}
    for m in mappings:
        for role, value in (m or {}).items():
            if role in MAPPING_ROLES and isinstance(value, Mapping):
                out[role] = {**out.get(role, {}), **value}
            else:
                out[role] = list(value) if isinstance(value, (list, tuple)) else value
    return out


def check_mapping(
    columns: Mapping[str, Any] | None,
    available: Sequence[str],
    *,
    roles: Sequence[str],
    source: str | None = None,
) -> dict[str, Any]:
    """Validate a ``columns=`` mapping against a file's columns and a pillar's roles.

    Returns the mapping with list roles as lists. Raises one
    :class:`~cocreate_kit.DataError` naming every unknown role (listing the pillar's roles)
    and every column the file lacks (listing the file's columns).

    ``dropped`` is accepted from every pillar and left out of the result: it is what
    :meth:`Roles.mapping` writes for the identifying columns a pillar removed on load, so
    a written mapping passes back. It is a record, not an instruction: the pillar drops
    the identifying columns it recognises whatever the mapping says; to keep any other
    column out of an analysis, list it under ``ignore``.

    Examples
    --------
    >>> check_mapping({"variant": "Version"}, ["Version", "SUS"], roles=["variant"])
    {'variant': 'Version'}
    >>> check_mapping({"variant": "Version", "dropped": ["IP"]}, ["Version"], roles=["variant"])
    {'variant': 'Version'}
    """
    pc = ProblemCollector(source)
    out: dict[str, Any] = {}
    have = list(map(str, available))
    shown = ", ".join(repr(c) for c in have[:40]) + (" ..." if len(have) > 40 else "")
    for role, value in (columns or {}).items():
        if role == "dropped" and role not in roles and isinstance(value, (list, tuple)):
            continue
        if role not in roles:
            want = _("a role: {roles}").format(roles=", ".join(roles))
            pc.add(column=str(role), value=value, expected=want)
            continue
        if role == "sus_items" and isinstance(value, str):
            cols = [value]  # the first of ten consecutive SUS columns
        elif role in MAPPING_ROLES:
            if not isinstance(value, Mapping):
                pc.add(column=role, value=value, expected=_("a mapping of column to value"))
                continue
            cols = list(value)
        elif isinstance(value, (list, tuple)):
            cols = list(value)
        else:
            cols = [value]
        for c in cols:
            if str(c) not in have:
                want = _("a column of the file: {columns}").format(columns=shown)
                pc.add(column=role, value=c, expected=want)
        out[role] = list(value) if isinstance(value, (list, tuple)) else value
    pc.raise_if_any()
    return out


def read_mapping(path: str | Path) -> dict[str, Any]:
    """Read a YAML (or JSON) mapping written by ``--write-mapping`` or by hand."""
    from .io import read_yaml

    p = Path(path)
    pc = ProblemCollector(p.name)
    if not p.is_file():
        want = _("an existing mapping file (not found: {path})").format(path=repr(str(p)))
        pc.add(expected=want)
        pc.raise_if_any()
    raw = read_yaml(p, _("a YAML column mapping"))
    if not isinstance(raw, dict):
        pc.add(value=type(raw).__name__, expected=_("a mapping of role: column"))
        pc.raise_if_any()
    return raw


def write_mapping(roles: Roles, path: str | Path) -> Path:
    """Write :meth:`Roles.to_yaml` to ``path`` (refusing to overwrite an existing file)."""
    p = Path(path)
    if p.exists():
        msg = _("{path} already exists; choose another name (nothing was overwritten).")
        msg = msg.format(path=repr(str(p)))
        raise FileExistsError(msg)
    with open(p, "x", encoding="utf-8") as fh:
        fh.write(roles.to_yaml())
    return p
