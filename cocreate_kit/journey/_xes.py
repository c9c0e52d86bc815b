"""XES event logs (IEEE 1849), read streaming with the standard library's expat parser.

XES is what pm4py, Disco, Celonis and ProM export. Decisions, for experts:

* **Streaming.** :mod:`xml.parsers.expat` (the parser under :mod:`xml.etree`) calls back
  per element; no tree is built. Events are collected :data:`CHUNK_EVENTS` at a time and
  appended to a DuckDB temporary table (which spills to disk beyond its memory limit), so
  memory is one chunk plus DuckDB's table. ``.xes.gz`` is decompressed while it is read;
  a gzip file is recognised by its first bytes, whatever its name.
* **Safety.** A ``<!DOCTYPE`` (and so any ``<!ENTITY`` declaration) is refused: XES never
  needs one, and entity expansion is the classic XML bomb. External entities are never
  fetched. Caps (module constants): :data:`MAX_XES_DEPTH` nested elements,
  ``cocreate_kit.io.MAX_COLUMNS`` distinct attribute keys, and for ``.gz`` at most
  :data:`MAX_XES_GZ_RATIO` times the compressed size once past 16 MiB (a gzip bomb is
  refused as soon as the ratio is passed, before more is parsed).
* **Attributes as columns** (as pm4py does): a trace's attributes become ``case:<key>``
  columns, so the trace's ``concept:name`` is ``case:concept:name``; an event's keep their
  key (``concept:name``, ``time:timestamp``, ``lifecycle:transition``, ``org:resource``).
  Only a trace's or event's own attributes count; children of ``<list>``/``<container>``
  attributes and ``<global>`` defaults are not columns. Values are kept as text; the time
  stamps go through the same parser as a CSV's (offsets converted to UTC).
* **Rows** in messages are event numbers: the first event in the file is row 1.
"""

from __future__ import annotations

import gzip
import io as _stdio
from functools import partial
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import pandas as pd

from .._errors import DataError, ProblemCollector
from ..i18n import N_, _, fmt_int
from ..roles import Phrase

__all__ = ["CHUNK_EVENTS", "MAX_XES_DEPTH", "MAX_XES_GZ_RATIO", "is_xes", "load_xes", "read_xes"]

#: Events parsed before they are appended to the DuckDB table.
CHUNK_EVENTS = 50_000
#: Deepest element nesting accepted (XES needs about 6; lists of lists add a few).
MAX_XES_DEPTH = 64
#: Most a ``.xes.gz`` may expand, as a multiple of its compressed size (past 16 MiB).
MAX_XES_GZ_RATIO = 200
_GZ_FREE = 16 << 20
_ATTRS = {"string", "date", "int", "float", "boolean", "id"}
_READ = 1 << 20


class _Refused(Exception):
    """Raised inside an expat callback to stop the parse; carries the problem."""


def is_xes(path: Path) -> bool:
    """True for ``.xes`` and ``.xes.gz`` names."""
    name = path.name.lower()
    return name.endswith(".xes") or name.endswith(".xes.gz")


class _Reader:
    """Expat callbacks turning ``<trace>``/``<event>`` elements into rows."""

    def __init__(self, flush: Any) -> None:
        self.flush = flush
        self.depth = 0
        self.trace: dict[str, str] | None = None
        self.event: dict[str, str] | None = None
        self.owner: list[str] = []  # element names on the path (log, trace, event, ...)
        self.rows: list[dict[str, Any]] = []
        self.keys: dict[str, set[str]] = {}
        self.n_events = 0
        self.n_traces = 0
        self.loose = 0
        self.zipped = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_XES_DEPTH:
            msg = f"elements nested at most {MAX_XES_DEPTH} deep (journey._xes.MAX_XES_DEPTH)"
            raise _Refused(msg)
        parent = self.owner[-1] if self.owner else ""
        self.owner.append(name)
        if name == "trace" and parent == "log":
            self.trace, self.n_traces = {}, self.n_traces + 1
        elif name == "event" and parent == "trace":
            self.event = {}
        elif name == "event":
            self.loose += 1
        elif name in _ATTRS and "key" in attrs:
            key, value = attrs["key"], attrs.get("value")
            if parent == "event" and self.event is not None:
                self._put(self.event, key, value, name)
            elif parent == "trace" and self.trace is not None and self.event is None:
                self._put(self.trace, "case:" + key, value, name)

    def _put(self, row: dict[str, str], key: str, value: str | None, tag: str) -> None:
        row[key] = value if value is not None else ""
        types = self.keys.get(key)
        if types is None:
            from ..io import MAX_COLUMNS

            if len(self.keys) >= MAX_COLUMNS:
                msg = f"at most {MAX_COLUMNS:,} attribute keys (cocreate_kit.io.MAX_COLUMNS)"
                raise _Refused(msg)
            types = self.keys[key] = set()
        types.add(tag)

    def end(self, name: str) -> None:
        self.depth -= 1
        self.owner.pop()
        if name == "event" and self.event is not None and self.owner[-1:] == ["trace"]:
            self.n_events += 1
            self.rows.append({**(self.trace or {}), **self.event, "__row": self.n_events})
            self.event = None
            if len(self.rows) >= CHUNK_EVENTS:
                self.flush(self.rows)
                self.rows = []
        elif name == "trace" and self.trace is not None and self.owner[-1:] == ["log"]:
            self.trace = None


def _refuse_doctype(*_: Any) -> None:
    msg = "an XES file without a DOCTYPE or ENTITY declaration (refused: XML entity expansion)"
    raise _Refused(msg)


def _stream(source: Any) -> tuple[IO[bytes], bool, int]:
    """(binary stream, is gzip, compressed size) for a path, bytes or a binary file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw: IO[bytes] = _stdio.BytesIO(bytes(source))
        size = len(source)
    elif isinstance(source, (str, Path)):
        raw = open(source, "rb")  # closed by _parse
        size = Path(source).stat().st_size
    else:
        raw, size = source, 0
    head = raw.read(2)
    raw.seek(0)
    if head == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb"), True, size
    return raw, False, size


def _parse(source: Any, label: str, flush: Any) -> _Reader:
    """Parse ``source``, calling ``flush(rows)`` per chunk; raise one DataError if refused."""
    reader = _Reader(flush)
    parser = expat.ParserCreate()
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.ExternalEntityRefHandler = _refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    pc = ProblemCollector(label)
    stream, zipped, size = _stream(source)
    seen = 0
    try:
        while chunk := stream.read(_READ):
            seen += len(chunk)
            if zipped and seen > _GZ_FREE and size and seen > MAX_XES_GZ_RATIO * size:
                msg = _(
                    "a .xes.gz expanding at most {ratio}-fold "
                    "(journey._xes.MAX_XES_GZ_RATIO; real logs compress 10-50-fold): "
                    "refused as a gzip bomb"
                ).format(ratio=MAX_XES_GZ_RATIO)
                raise _Refused(msg)
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Refused as exc:
        pc.add(row=reader.n_events + 1 if reader.n_events else None, expected=str(exc))
    except expat.ExpatError as exc:
        pc.add(
            value=_("line {line}, column {column}: {error}").format(
                line=exc.lineno, column=exc.offset, error=expat.ErrorString(exc.code)
            ),
            expected=_("well-formed XES (XML)"),
        )
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        pc.add(
            value=type(exc).__name__,
            expected=_("a readable .xes or .xes.gz file ({error})").format(error=exc),
        )
    finally:
        stream.close()
    if not pc and not reader.n_events:
        pc.add(expected=_("an XES log with <trace> elements holding <event> elements"))
    pc.raise_if_any()
    reader.zipped = zipped
    return reader


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(rows)
    for c in df.columns:
        if c != "__row":
            df[c] = df[c].astype("string")
    return df


def load_xes(
    con: Any, source: Any, label: str, table: str = "__xes"
) -> tuple[dict[str, set[str]], str]:
    """Stream an XES log into DuckDB temp table ``table`` (text columns and ``__row``).

    Returns the attribute keys (in order of first appearance) with the XES types each was
    written as, and a description: "XES event log (IEEE 1849): 6 traces, 42 events".
    """
    state: dict[str, set[str]] = {"cols": set()}

    def flush(rows: list[dict[str, Any]]) -> None:
        df = _frame(rows)
        con.register("__xes_chunk", df)
        if not state["cols"]:
            con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM __xes_chunk")
        else:
            for c in df.columns:
                if c not in state["cols"]:
                    q = '"' + c.replace('"', '""') + '"'
                    con.execute(f"ALTER TABLE {table} ADD COLUMN {q} VARCHAR")
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM __xes_chunk")
        state["cols"] |= set(df.columns)
        con.unregister("__xes_chunk")

    reader = _parse(source, label, flush)
    if reader.rows:
        flush(reader.rows)
    kind = N_("gzip-compressed XES") if reader.zipped else "XES"
    traces, events = partial(fmt_int, reader.n_traces), partial(fmt_int, reader.n_events)
    what = Phrase(
        N_("{kind} event log (IEEE 1849): {traces} traces, {events} events"),
        kind=Phrase(kind),
        traces=traces,
        events=events,
    )
    if reader.loose:
        what = Phrase(
            N_("{what}; {n} events outside a trace were skipped"),
            what=what,
            n=partial(fmt_int, reader.loose),
        )
    return dict(reader.keys), what


def _typed(con: Any, keys: dict[str, set[str]]) -> str:
    """SELECT list giving each attribute its XES type, when it has one type throughout and
    every value converts (else the text stays, so a bad value is reported as written)."""
    cast = {"date": "TIMESTAMPTZ", "int": "BIGINT", "float": "DOUBLE", "boolean": "BOOLEAN"}
    out = []
    for k, tags in keys.items():
        q = '"' + k.replace('"', '""') + '"'
        to = cast.get(next(iter(tags))) if len(tags) == 1 else None
        if to:
            bad = con.execute(
                f"SELECT COUNT(*) FROM __xes WHERE TRIM({q}) <> '' AND TRY_CAST({q} AS {to}) IS NULL"
            ).fetchone()[0]
            to = None if bad else to
        out.append(f"TRY_CAST(NULLIF(TRIM({q}), '') AS {to}) AS {q}" if to else q)
    return ", ".join(out)


def read_xes(source: str | Path | bytes | IO[bytes]) -> pd.DataFrame:
    """Read an XES (or ``.xes.gz``) event log into a DataFrame, one row per event.

    For an upload, pass the bytes: nothing is written to disk. Columns are the attribute
    keys (trace attributes as ``case:<key>``); ``<date>`` attributes are tz-aware UTC,
    ``<int>``/``<float>``/``<boolean>`` typed, when a key has one type throughout and
    every value converts (otherwise the text is kept, so an analysis names the bad value);
    other values are text. ``df.attrs`` holds ``source``, ``row_offset`` (1: rows are event numbers)
    and ``format``.

    Raises
    ------
    DataError
        Not well-formed XML (with line and column), a DOCTYPE/ENTITY declaration, no
        events, or a cap passed (nesting, attribute keys, gzip expansion).

    Examples
    --------
    >>> xes = (b'<log><trace><string key="concept:name" value="c1"/>'
    ...        b'<event><string key="concept:name" value="apply"/>'
    ...        b'<date key="time:timestamp" value="2026-03-28T09:00:00+01:00"/></event>'
    ...        b'</trace></log>')
    >>> df = read_xes(xes)
    >>> df.columns.tolist(), str(df.loc[0, "time:timestamp"])
    (['case:concept:name', 'concept:name', 'time:timestamp'], '2026-03-28 08:00:00+00:00')
    """
    import duckdb

    label = Path(source).name if isinstance(source, (str, Path)) else "uploaded XES"
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        keys, what = load_xes(con, source, label, "__xes")
        df = con.execute(f"SELECT {_typed(con, keys)} FROM __xes ORDER BY __row").df()
    except duckdb.Error as exc:
        pc = ProblemCollector(label)
        pc.add(
            expected=_("a readable XES log ({error})").format(error=str(exc).splitlines()[0][:200])
        )
        raise DataError(pc.problems, file=label) from None
    finally:
        con.close()
    df.attrs.update(source=label, row_offset=1, format=what)
    return df
