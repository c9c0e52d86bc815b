"""``cocreate check journey FILE``: say which kind of journey file this is, or list its problems."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._errors import ProblemCollector
from ..i18n import _, fmt_int, fmt_percent
from ..io import check_text_table, check_workbook, read_table
from ..roles import Phrase, shown
from ..validate import Column, validate_frame
from ._eventlog import event_log_metrics
from ._io import load
from ._model import TABLES
from ._xes import is_xes

__all__ = ["check_file", "CHECK_MEMORY_FACTOR", "CHECK_MEMORY_MIN_MB"]

_EVENT_COLUMNS = ("case_id", "activity", "timestamp")

#: ``check_file`` caps DuckDB's memory for an event log at this many times the file size
#: (at least :data:`CHECK_MEMORY_MIN_MB`), so checking a large log runs in bounded memory;
#: the env variable ``COCREATE_DUCKDB_MEMORY`` overrides it.
CHECK_MEMORY_FACTOR = 1.0
CHECK_MEMORY_MIN_MB = 128


def _peek_columns(p: Path) -> list[str]:
    """Column names of a CSV (checked by :func:`cocreate_kit.io.check_text_table`) or Parquet."""
    if p.suffix.lower() != ".parquet":
        return check_text_table(p, allow_blank=True).header
    import duckdb

    con = duckdb.connect()
    try:
        lit = "'" + str(p).replace("'", "''") + "'"
        return [d[0] for d in con.execute(f"SELECT * FROM read_parquet({lit}) LIMIT 0").description]
    except duckdb.Error as exc:
        pc = ProblemCollector(p.name)
        pc.add(
            expected=_("a readable Parquet file ({error})").format(
                error=str(exc).splitlines()[0][:200]
            )
        )
        pc.raise_if_any()
        raise  # pragma: no cover - raise_if_any raised
    finally:
        con.close()


def check_file(path: str | Path, *, columns: Mapping[str, Any] | None = None) -> str:
    """Validate a journey (JSON, workbook, CSV folder) or an event log (CSV, Parquet, XES).

    Used by ``cocreate check journey FILE``. A ``.json``/``.xlsx`` file or a folder is read
    as a journey; a CSV with ``participant``, ``persona``, ``step`` and ``emotion`` is
    reported as a ratings file (load it with :func:`load_ratings` against its journey);
    any other ``.csv``/``.parquet`` file, and every ``.xes``/``.xes.gz`` file, as an event
    log: the text names the format found, then the role of every column and why
    (:func:`~cocreate_kit.journey.infer_roles`; ``columns=`` overrides, as ``--map
    case=COLUMN`` does on the command line), the notes (lifecycle filter, ties) and the
    totals. A role nothing fills is one DataError naming the option to add.

    Returns
    -------
    str
        A short multi-line summary saying which kind of file was found.

    Raises
    ------
    DataError
        Listing every problem in the file.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> print(check_file(dataset_path("journey/home_care_as_is.json")).splitlines()[0])
    Found a journey (JSON): 'I apply for home care for my mother', state as_is, version 3.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if is_xes(p):
        return _event_log(p, columns)
    if suffix in (".xlsx", ".xlsm") and not _is_journey_workbook(p):
        return _event_log(p, columns)  # a workbook without the journey's sheets
    if p.is_dir() or suffix in (".json", ".xlsx", ".xlsm"):
        if columns:
            pc = ProblemCollector(p.name)
            pc.add(
                column="columns",
                value=", ".join(map(str, columns)),
                expected=_(
                    "no column roles: --map/--mapping/columns= apply to event logs "
                    "(CSV, Parquet, XES); a journey file has fixed columns (journey.schema.json)"
                ),
            )
            pc.raise_if_any()
        j = load(p)
        kind = _("CSV folder") if p.is_dir() else ("JSON" if suffix == ".json" else _("workbook"))
        consent = sum(e.consent for e in j.evidence)
        participants = len({r.participant for r in j.ratings})
        return "\n".join(
            [
                _("Found a journey ({kind}): {title}, state {state}, version {version}.").format(
                    kind=kind, title=repr(j.title), state=j.state, version=j.version
                ),
                _(
                    "{personas} personas, {stages} stages, {steps} steps, {pains} pain points."
                ).format(
                    personas=fmt_int(len(j.personas)),
                    stages=fmt_int(len(j.stages)),
                    steps=fmt_int(len(j.steps)),
                    pains=fmt_int(sum(len(s.pain_points) for s in j.steps)),
                ),
                _(
                    "{evidence} evidence items ({consent} with consent to quote); {ratings} "
                    "ratings from {participants} participants."
                ).format(
                    evidence=fmt_int(len(j.evidence)),
                    consent=fmt_int(consent),
                    ratings=fmt_int(len(j.ratings)),
                    participants=fmt_int(participants),
                ),
                _("{n} steps are linked to event-log activities.").format(
                    n=fmt_int(sum(bool(s.activity_keys) for s in j.steps))
                ),
            ]
        )
    if suffix in (".csv", ".tsv", ".txt", ".parquet"):
        cols = _peek_columns(p)
        if {"participant", "persona", "step", "emotion"} <= set(cols):
            df = validate_frame(
                read_table(p),
                [
                    Column("participant", "string"),
                    Column("persona", "string"),
                    Column("step", "string"),
                    Column("emotion", "integer", min=-2, max=2),
                ],
            )
            return _(
                "Found a ratings file: {ratings} ratings from {participants} participants, "
                "{personas} personas, {steps} steps.\nStep and persona ids are checked when "
                "loaded with journey.load_ratings(path, journey)."
            ).format(
                ratings=fmt_int(len(df)),
                participants=fmt_int(df["participant"].nunique()),
                personas=fmt_int(df["persona"].nunique()),
                steps=fmt_int(df["step"].nunique()),
            )
        return _event_log(p, columns)
    pc = ProblemCollector(p.name)
    pc.add(
        value=suffix or _("(none)"),
        expected=_(
            "a journey (.json, .xlsx or a folder of CSV files) or an event log (.csv, "
            ".parquet, .xes or .xes.gz)"
        ),
    )
    pc.raise_if_any()
    return ""  # pragma: no cover


def _event_log(p: Path, columns: Mapping[str, Any] | None) -> str:
    """The check text of an event log: format, roles with reasons, notes, totals."""
    limit = None
    if not os.environ.get("COCREATE_DUCKDB_MEMORY"):
        mb = max(CHECK_MEMORY_MIN_MB, CHECK_MEMORY_FACTOR * p.stat().st_size / 1e6)
        limit = f"{mb:.0f}MB"
    m = event_log_metrics(p, columns=columns, memory_limit=limit)
    roles = m.roles
    kind = roles.notes[0] if roles is not None and roles.notes else "event log"
    # the format's name: "CSV" of "CSV event log", "XES" of an XES file's description
    named = isinstance(kind, Phrase) and "kind" in kind.args
    short = shown(kind.args["kind"]) if named else kind.split(" event log")[0]
    lines = [
        _("Found an event log ({kind}): {events} events in {cases} cases, {n} activities.").format(
            kind=short,
            events=fmt_int(m.n_events),
            cases=fmt_int(m.n_cases),
            n=fmt_int(len(m.steps)),
        ),
    ]
    if roles is not None:
        lines.extend(roles.summary().splitlines())
    lines.extend(m.warnings())
    lines.append(
        _(
            "End activity: {ends} (the most common final activity). {paths} distinct paths; "
            "{share} of cases completed."
        ).format(
            ends=", ".join(m.end_activities),
            paths=fmt_int(len(m.variants)),
            share=fmt_percent(m.completed / m.n_cases),
        )
    )
    return "\n".join(lines)


def _is_journey_workbook(path: Path) -> bool:
    """True when the workbook has a sheet named like a journey table (``journey``,
    ``stages``, ``steps`` ...; case and spaces ignored). Any other workbook is read as an
    event log (one sheet of events, as Excel exports from process-mining tools are).
    The zip directory is checked first (:func:`~cocreate_kit.io.check_workbook`)."""
    import openpyxl

    check_workbook(path)
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        names = {str(n).strip().lower() for n in wb.sheetnames}
    finally:
        wb.close()
    return bool(names & set(TABLES))
