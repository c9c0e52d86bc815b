"""Validation of a ledger: every table against its column specs, then the checks that span
tables, all reported in ONE :class:`~cocreate_kit.DataError`.

Each problem names the file (and sheet, CSV file or JSON array), the row, the column, the
value and what was expected. Rows are numbered as the user sees them: spreadsheet rows for
sheets and CSV files (header = row 1), 1-based item numbers for JSON arrays and for tables
given in memory. Problems are listed table by table in the order of ``TABLES``.

Checks, beyond types and allowed values per column (``_schema``):

* ``project`` has exactly one row; required columns exist (also in empty tables); no
  unknown columns;
* ids are unique across the whole ledger (the later row is reported, naming the first);
  a participant id is not an e-mail address or a CPR number (the value is shown redacted);
* links: ``source`` and ``target`` are ids defined in the ledger, and the relation joins
  tables it may join (``LINK_ENDS``); no link is listed twice;
* ``activities.participants`` are participant ids; ``tests.activity`` and
  ``feedback.activity`` are activity ids;
* ``supersedes`` links have no cycle (each cycle is named, ``D1 -> D2 -> D1``); a decision
  that a newer one supersedes has status ``superseded``, and one with that status is
  superseded by some decision;
* a decision with status accepted, rejected or superseded has evidence: an incoming
  ``decided_by``, ``supports`` or ``contradicts`` link (a *proposed* decision without
  evidence is allowed; the gap check lists it);
* paths (``result``, ``plan``, ``data``, ``journey_file``, ``population``) are relative and
  stay inside the ledger's folder (absolute paths and ``..`` are refused, also through a
  symbolic link); with a known folder they must exist, except ``population``, which is
  read (and its absence reported) by :func:`~cocreate_kit.ledger.read_population` when the
  participation panel or the scorecard needs it; a test gives ``plan`` and ``data``
  together or neither;
* insight ``steps`` are step ids of the project's journey (``project.journey_file``), when
  that file is given and the insight's ``journey`` is empty or that journey's id;
* a ``result`` file is a result record (a JSON object with ``type`` and ``summary``, as
  ``Result.to_json()`` writes); a decision's ``review_date`` is not before its ``date``;
  an id appears once in a list cell;
* list items hold no ``|`` (it separates list items in sheets and CSV files); a measure's
  ``low``/``high`` come together, ``low <= value <= high``, and a ``level`` needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import DataError, ProblemCollector
from ..i18n import _
from ..validate import Column, validate_frame
from ._model import LINK_ENDS, TABLES
from ._paths import check_paths
from ._schema import LIST_COLUMNS, REFERENCE_COLUMNS, _columns, column_kind

__all__ = ["validate_tables", "canonical_frame"]

_EVIDENCE_RELATIONS = ("decided_by", "supports", "contradicts")
_DECIDED = ("accepted", "rejected", "superseded")


def _missing(value: Any) -> bool:
    if value is None or isinstance(value, (list, tuple)):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str | None:
    """A text cell: missing or blank -> None, else the stripped text."""
    if _missing(value):
        return None
    text = str(value).strip()
    return text or None


def _split(value: Any) -> list[Any]:
    """A list cell: a list stays a list; text is split on ``|``; missing is ``[]``."""
    if isinstance(value, (list, tuple)):
        return list(value)
    text = _text(value)
    if text is None:
        return []
    return [p.strip() for p in text.split("|") if p.strip()]


def _digits15(x: float) -> float:
    """``x`` to 15 significant digits, what an Excel cell holds, so every format keeps it."""
    return x if x != x or x in (float("inf"), float("-inf")) else float(f"{x:.15g}")


def canonical_frame(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (already coerced by ``validate_frame``) with exactly the table's columns, in
    order, each in its canonical dtype (see ``_schema``)."""
    out = {}
    for col in _columns()[table]:
        kind = column_kind(table, col)
        s = df[col.name] if col.name in df.columns else pd.Series([None] * len(df), dtype=object)
        s = s.reset_index(drop=True)
        if kind == "list":
            out[col.name] = pd.Series(
                [[str(v).strip() for v in _split(x) if str(v).strip()] for x in s], dtype=object
            )
        elif kind == "number":
            nums = pd.to_numeric(s, errors="coerce").astype("float64")
            out[col.name] = nums.map(_digits15).astype("float64")
        elif kind == "integer":
            out[col.name] = pd.to_numeric(s, errors="coerce").round().astype("Int64")
        elif kind == "bool":
            out[col.name] = s.astype("boolean")
        elif kind == "datetime":
            d = pd.to_datetime(s, errors="coerce", format="mixed")
            if getattr(d.dt, "tz", None) is not None:
                d = d.dt.tz_localize(None)
            out[col.name] = d.dt.normalize().astype("datetime64[ns]")
        else:
            out[col.name] = pd.Series([_text(v) for v in s], dtype=object)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def validate_tables(
    tables: Mapping[str, pd.DataFrame],
    *,
    file: str | None,
    label: Callable[[str], str],
    base: Path | None,
) -> dict[str, pd.DataFrame]:
    """Check every table and the links between them; return canonical frames.

    ``tables`` holds frames whose ``attrs["row_offset"]`` numbers their rows; ``label``
    names a table in messages (``"ledger.xlsx, sheet 'links'"``).

    Raises
    ------
    DataError
        One error listing every problem.
    """
    cols = _columns()
    pcs: dict[str, ProblemCollector] = {}
    clean: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        given = name in tables
        df = tables.get(name)
        if df is None:
            df = pd.DataFrame(columns=[c.name for c in cols[name]])
        pc = ProblemCollector(label(name), row_offset=int(df.attrs.get("row_offset", 1)))
        pcs[name] = pc
        if name == "project" and len(df) != 1:
            where = (
                _("the table was not given")
                if not given
                else _("the table has {n} rows").format(n=len(df))
            )
            pc.add(
                value=f"{len(df)} rows",
                expected=_("exactly one project row ({where})").format(where=where),
            )
        specs = [
            Column(c.name, "any", required=c.required, nullable=True, description=c.description)
            if (name, c.name) in LIST_COLUMNS
            else c
            for c in cols[name]
        ]
        if len(df) == 0:
            for c in specs:
                if c.required and c.name not in df.columns and given:
                    pc.add(
                        row=1,
                        column=c.name,
                        value=None,
                        expected=_("a column {name}").format(name=repr(c.name)),
                    )
            clean[name] = canonical_frame(name, df)
            continue
        dates = ProblemCollector(pc.file, row_offset=pc.row_offset)
        df = _iso_dates(df, cols[name], dates)
        coerced = validate_frame(df, specs, collector=pc)
        bad_days = {(p.row, p.column) for p in dates.problems}
        pc.problems = [p for p in pc.problems if (p.row, p.column) not in bad_days]
        pc.extend(dates)
        for row, column in bad_days:  # never guessed: missing
            coerced.loc[coerced.index[row - pc.row_offset], column] = pd.NaT
        _unknown_columns(df, cols[name], pc, array=pc.row_offset == 1)
        _list_items(name, df, pc)
        clean[name] = canonical_frame(name, coerced)
    # Every check runs even when cells are bad (a bad cell is missing in ``clean``, and
    # each check skips missing values), so one pass lists every problem.
    _cross_checks(clean, pcs, base)
    problems = [p for name in TABLES for p in pcs[name].problems]
    if problems:
        raise DataError(problems, file=file)
    return clean


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


_DAY_FIRST = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")


def _iso_dates(df: pd.DataFrame, cols: list[Column], pc: ProblemCollector) -> pd.DataFrame:
    """Dates written as text must be ``YYYY-MM-DD``; ``01-03-2026`` is 1 March to a Dane
    and 3 January to a parser, so it is reported, not guessed. One exception follows the
    file's own convention: a CSV file with decimal commas (``;``-separated, as Danish and
    other European Excel saves it) writes days first, so there ``01-03-2026``,
    ``01.03.2026`` and ``1/3/2026`` are 1 March 2026. Date cells of a workbook are dates
    already. Returns ``df`` with day-first dates rewritten as ``YYYY-MM-DD``."""
    day_first = df.attrs.get("decimal") == ","
    out = df
    for col in cols:
        if col.kind != "datetime" or col.name not in df.columns:
            continue
        for pos, value in enumerate(df[col.name]):
            text = value.strip() if isinstance(value, str) else ""
            if not text or _ISO_DAY.match(text):
                continue
            m = _DAY_FIRST.match(text) if day_first else None
            if m is not None:
                if out is df:
                    out = df.copy()
                day, month, year = m.groups()
                out.iloc[pos, out.columns.get_loc(col.name)] = f"{year}-{month:0>2}-{day:0>2}"
                continue
            pc.add_position(
                pos,
                column=col.name,
                value=value,
                expected=_("a date written YYYY-MM-DD, e.g. 2026-03-01 (or a date cell)"),
            )
    return out


def _unknown_columns(
    df: pd.DataFrame, cols: list[Column], pc: ProblemCollector, *, array: bool
) -> None:
    known = [c.name for c in cols]
    for c in df.columns:
        if str(c) in known:
            continue
        row = 1
        if array:  # a JSON key: the first item that has it
            filled = [i for i, v in enumerate(df[c]) if not _missing(v)]
            row = pc.row_offset + (filled[0] if filled else 0)
        pc.add(
            row=row,
            column=str(c),
            value=str(c),
            expected=_("one of the columns {known}").format(known=known),
        )


def _list_items(name: str, df: pd.DataFrame, pc: ProblemCollector) -> None:
    for table, col in sorted(LIST_COLUMNS):
        if table != name or col not in df.columns:
            continue
        for pos, cell in enumerate(df[col]):
            if isinstance(cell, (list, tuple)):
                for item in cell:
                    if not isinstance(item, (str, int, float)) or "|" in str(item):
                        pc.add_position(
                            pos,
                            column=col,
                            value=item,
                            expected=_(
                                "a list of texts without '|' (it separates list items in "
                                "sheets and CSV files)"
                            ),
                        )
            elif not _missing(cell) and not isinstance(cell, str):
                pc.add_position(pos, column=col, value=cell, expected=_("a list of texts"))


def _cross_checks(
    t: dict[str, pd.DataFrame],
    pcs: dict[str, ProblemCollector],
    base: Path | None,
) -> None:
    where = _id_index(t, pcs)
    _links(t, pcs, where)
    _references(t, pcs, where)
    _pseudonyms(t, pcs)
    _supersedes(t, pcs)
    _decision_evidence(t, pcs)
    check_paths(t, pcs, base)
    _journey_steps(t, pcs, base)
    _measure_intervals(t, pcs)
    _review_dates(t, pcs)


def _id_index(
    t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector]
) -> dict[str, tuple[str, int]]:
    """id -> (table, 0-based row) of its first definition; repeats are problems."""
    where: dict[str, tuple[str, int]] = {}
    for name in TABLES[:-1]:
        for pos, ident in enumerate(t[name]["id"]):
            if ident is None:
                continue
            if ident in where:
                table, first = where[ident]
                pcs[name].add_position(
                    pos,
                    column="id",
                    value=ident,
                    expected=_(
                        "an id used once in the whole ledger (already the id of {row})"
                    ).format(row=_row_name(pcs, table, first)),
                )
            else:
                where[ident] = (name, pos)
    return where


def _row_name(pcs: dict[str, ProblemCollector], table: str, pos: int) -> str:
    return _("{table} row {row}").format(table=table, row=pos + pcs[table].row_offset)


def _links(
    t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector], where: dict[str, tuple[str, int]]
) -> None:
    links, pc = t["links"], pcs["links"]
    seen: dict[tuple[Any, ...], int] = {}
    for pos, (src, rel, tgt) in enumerate(
        zip(links["source"], links["relation"], links["target"], strict=True)
    ):
        for col, ident, end in (("source", src, 0), ("target", tgt, 1)):
            if ident is None:
                continue
            if ident not in where:
                pc.add_position(
                    pos, column=col, value=ident, expected=_("an id defined in the ledger")
                )
            elif rel in LINK_ENDS:
                table = where[ident][0]
                allowed = LINK_ENDS[rel][end]
                if table not in allowed:
                    pc.add_position(
                        pos,
                        column=col,
                        value=ident,
                        expected=_(
                            "the id of an entity in {allowed} (a {relation} link runs from "
                            "{sources} to {targets}; {id} is in {table})"
                        ).format(
                            allowed=_or(allowed),
                            relation=repr(rel),
                            sources=_or(LINK_ENDS[rel][0]),
                            targets=_or(LINK_ENDS[rel][1]),
                            id=repr(ident),
                            table=table,
                        ),
                    )
        key = (src, rel, tgt)
        if None not in key and key in seen:
            pc.add_position(
                pos,
                column="target",
                value=tgt,
                expected=_("each link listed once (the same link is in row {row})").format(
                    row=seen[key] + pc.row_offset
                ),
            )
        seen.setdefault(key, pos)


def _or(tables: tuple[str, ...]) -> str:
    return (" " + _("or") + " ").join(tables)


def _references(
    t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector], where: dict[str, tuple[str, int]]
) -> None:
    for (table, col), target in REFERENCE_COLUMNS.items():
        for pos, cell in enumerate(t[table][col]):
            seen: set[str] = set()
            for ident in cell if isinstance(cell, list) else [cell]:
                if ident in seen:
                    pcs[table].add_position(
                        pos, column=col, value=ident, expected=_("each id listed once in the cell")
                    )
                seen.add(ident)
                if ident is None or where.get(ident, ("",))[0] == target:
                    continue
                pcs[table].add_position(
                    pos,
                    column=col,
                    value=ident,
                    expected=_("an id from the {table} table").format(table=target),
                )


def _pseudonyms(t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector]) -> None:
    """A participant id that is an e-mail address or a CPR number is personal data.

    Found with :func:`cocreate_kit.privacy.redact`. Phone-like ids are allowed (eight-digit
    pseudonyms and dates are common ids), and names cannot be told from pseudonyms.
    """
    ids = t["participants"]["id"]
    if not len(ids):
        return
    from ..privacy import redact

    found = redact(ids.fillna("").astype(str))
    for pos, (ident, red) in enumerate(zip(ids, found, strict=True)):
        kinds = [k for k in ("EMAIL", "CPR") if f"[{k}]" in red]
        if ident is not None and kinds:
            what = _("an e-mail address") if kinds[0] == "EMAIL" else _("a CPR number")
            pcs["participants"].add_position(
                pos,
                column="id",
                value=red,
                expected=_(
                    "a pseudonym such as P-01, not {what} (shown redacted; personal data must "
                    "not enter the ledger)"
                ).format(what=what),
            )


def _supersedes(t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector]) -> None:
    links = t["links"]
    edges: dict[str, list[tuple[str, int]]] = {}
    for pos, (src, rel, tgt) in enumerate(
        zip(links["source"], links["relation"], links["target"], strict=True)
    ):
        if rel == "supersedes" and src is not None and tgt is not None:
            edges.setdefault(src, []).append((tgt, pos))
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []
    reported: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt, pos in edges.get(node, []):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    pcs["links"].add_position(
                        pos,
                        column="target",
                        value=" -> ".join(cycle),
                        expected=_(
                            "no cycle in 'supersedes' links (a decision cannot, through newer "
                            "decisions, supersede itself)"
                        ),
                    )
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    superseded = {tgt for outs in edges.values() for tgt, _ in outs}
    dec = t["decisions"]
    for pos, (ident, status) in enumerate(zip(dec["id"], dec["status"], strict=True)):
        if ident in superseded and status != "superseded":
            pcs["decisions"].add_position(
                pos,
                column="status",
                value=status,
                expected=_("'superseded' (a 'supersedes' link points to {id})").format(
                    id=repr(ident)
                ),
            )
        elif status == "superseded" and ident not in superseded:
            pcs["decisions"].add_position(
                pos,
                column="status",
                value=status,
                expected=_(
                    "a 'supersedes' link from the newer decision to {id} (or another status)"
                ).format(id=repr(ident)),
            )


def _decision_evidence(t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector]) -> None:
    links = t["links"]
    evidenced = set(links.loc[links["relation"].isin(_EVIDENCE_RELATIONS), "target"])
    dec = t["decisions"]
    for pos, (ident, status) in enumerate(zip(dec["id"], dec["status"], strict=True)):
        if status in _DECIDED and ident not in evidenced:
            pcs["decisions"].add_position(
                pos,
                column="status",
                value=status,
                expected=_(
                    "evidence for a decision that is {status}: a link to {id} with relation "
                    "'decided_by', 'supports' or 'contradicts' (or status 'proposed')"
                ).format(status=status, id=repr(ident)),
            )


def _journey_steps(
    t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector], base: Path | None
) -> None:
    path = t["project"]["journey_file"].iloc[0] if len(t["project"]) == 1 else None
    if path is None or base is None:
        return
    if any(p.column == "journey_file" for p in pcs["project"].problems):
        return  # the path itself is the problem
    from .. import journey

    try:
        j = journey.load(base / path)
    except DataError as exc:
        pcs["project"].add(
            row=pcs["project"].row_offset,
            column="journey_file",
            value=path,
            expected=_("a journey file that loads ({n} problems, first: {first})").format(
                n=len(exc.problems), first=exc.problems[0]
            ),
        )
        return
    steps = {s.id for s in j.steps}
    ins = t["insights"]
    for pos, (cell, jid) in enumerate(zip(ins["steps"], ins["journey"], strict=True)):
        if jid is not None and jid != j.id:
            continue
        for sid in cell:
            if sid not in steps:
                pcs["insights"].add_position(
                    pos,
                    column="steps",
                    value=sid,
                    expected=_("a step id of the journey {id} ({path}): {steps}").format(
                        id=repr(j.id), path=path, steps=", ".join(sorted(steps)[:12])
                    ),
                )


def _review_dates(t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector]) -> None:
    dec = t["decisions"]
    for pos, (day, review) in enumerate(zip(dec["date"], dec["review_date"], strict=True)):
        if not pd.isna(day) and not pd.isna(review) and review < day:
            pcs["decisions"].add_position(
                pos,
                column="review_date",
                value=review.date().isoformat(),
                expected=_("a review date on or after the decision's date ({date})").format(
                    date=day.date().isoformat()
                ),
            )


def _measure_intervals(t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector]) -> None:
    m = t["measures"]
    for pos, (value, low, high, level) in enumerate(
        zip(m["value"], m["low"], m["high"], m["level"], strict=True)
    ):
        has_low, has_high = not pd.isna(low), not pd.isna(high)
        if has_low != has_high:
            col = "high" if has_low else "low"
            pcs["measures"].add_position(
                pos, column=col, value=None, expected=_("low and high together (an interval)")
            )
        elif has_low and not pd.isna(value) and not low <= value <= high:
            pcs["measures"].add_position(
                pos,
                column="value",
                value=value,
                expected=_("a value from low ({low}) to high ({high})").format(
                    low=f"{low:g}", high=f"{high:g}"
                ),
            )
        if not pd.isna(level) and not has_low:
            pcs["measures"].add_position(
                pos,
                column="level",
                value=level,
                expected=_("an interval (low and high) that this confidence level belongs to"),
            )
