"""Read the files design teams actually have: CSV from Danish/European Excel, .xlsx, JSON.

Decisions, for experts who need to know:

* **Encodings.** UTF-8 (with or without BOM) is tried first; a file that is not valid UTF-8
  is read as cp1252, which is what Excel on Danish Windows writes ("Gem som CSV").
* **Delimiter.** Sniffed from the header line among ``,``, ``;`` and tab (the most frequent
  one outside quotes wins).
* **Decimal commas.** When the delimiter is ``;`` (the Danish/European Excel convention),
  numbers are read with decimal comma and ``.`` as thousands separator (``1.234,5``).
  With ``,`` or tab the decimal mark is ``.``; a lone ``;`` file with point decimals also works.
* **Types.** Every column is read as text first; a column becomes numeric only when *every*
  non-empty value parses as a number. Columns with a stray bad value stay text so that
  validation can report the bad row instead of silently turning it into a missing value.
* **Input files are never written to.** Files are opened read-only; nothing is cached next
  to them.
* **Hostile or broken files** get one :class:`~cocreate_kit.DataError` naming the file, never
  a traceback, and are refused *before* the expensive step, by caps that are module
  constants (assign to them to change them, e.g. ``cocreate_kit.io.MAX_COLUMNS = 5000``):

  - :data:`MAX_COLUMNS` (2,000): the header is counted before a CSV is parsed, so a
    50,000-column file is refused in milliseconds; workbooks and JSON are counted after
    parsing (their size is capped first).
  - :data:`MAX_HEADER_BYTES` (1 MiB): a first line longer than this is not a table header.
  - :data:`MAX_XLSX_UNPACKED_BYTES` (256 MiB) and :data:`MAX_XLSX_RATIO` (100): an .xlsx is a
    zip archive; the uncompressed sizes *declared* in its directory are summed before
    anything is expanded, and a member that would expand more than 100-fold (real sheets
    compress about 5-20-fold) is refused as a zip bomb. Python's :mod:`zipfile` never
    returns more bytes than a member declares, so a lying directory cannot get past the cap.
  - :data:`MAX_JSON_DEPTH` (64): nesting is counted on the raw text (brackets outside
    strings) before ``json.loads``, so ``[[[[...`` 100,000 deep is refused, not a
    ``RecursionError``.
  - Binary files (NUL bytes in the first 8 KiB, zip/OLE signatures) named ``.csv`` are
    refused with a hint of what they are; a text file renamed ``.xlsx`` is refused as
    "not a workbook".
  - **Macros.** openpyxl only reads cell values: it never runs VBA. Still, a workbook
    carrying a VBA project (``xl/vbaProject.bin``, normally an ``.xlsm``) is refused with a
    request to save it as a plain ``.xlsx``: a data file has no reason to carry code, and
    the kit should not become the path by which a macro file is passed on. An ``.xlsm``
    without a VBA project is read like an ``.xlsx``.

* **Formula injection.** Tables the kit *writes* (:func:`write_csv`, :func:`write_xlsx`)
  never hand a spreadsheet a formula taken from data (OWASP "CSV injection"). Text
  starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return (after any leading
  apostrophes) is prefixed with one apostrophe in CSV; plain numbers such as ``-2`` are
  left alone. In .xlsx every text is stored as a string cell, never a formula, and those
  cells also get Excel's "quote prefix" style so that editing them keeps them text; the
  text itself is stored unchanged. :func:`restore_formula_text` removes exactly the one
  apostrophe that was added (only when the rest would need it), so reading back is exact,
  including for text that itself starts with apostrophes.

The DataFrame returned carries ``df.attrs["source"]`` (the file name) and
``df.attrs["row_offset"]`` (what to add to a 0-based position to get the spreadsheet row)
so validators can name the file and row of every problem.

Why this module is long: every refusal above is a translated message (``_()``, issue 13),
written out in full where the check is, so a reader sees the check and its wording together.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from . import _io_text, _io_types, _io_write
from ._compat import forward_private
from ._errors import DataError, ProblemCollector
from ._io_text import (
    CsvFormat,
    MemoryFile,
    _decode,
    _error,
    _file_encoding,
    _json_depth,
    _refuse_binary,
    _sniff_delimiter,
    as_source,
    readable,
)
from ._io_types import _classify, _combine_chunks, _infer_types, parse_number
from ._io_write import (
    FORMULA_TRIGGERS,
    neutralise_formula,
    restore_formula_text,
    write_csv,
    write_xlsx,
)
from .i18n import _, fmt_int

__all__ = [
    "MAX_COLUMNS",
    "MAX_HEADER_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNPACKED_BYTES",
    "CsvFormat",
    "MemoryFile",
    "check_text_table",
    "check_workbook",
    "parse_number",
    "read_json",
    "read_yaml",
    "read_table",
    "read_table_bytes",
    "read_text",
    "read_workbook",
    "FORMULA_TRIGGERS",
    "neutralise_formula",
    "restore_formula_text",
    "write_csv",
    "write_xlsx",
    "sniff_csv",
]

#: Most columns a table may have (checked on the header line before a CSV is parsed).
MAX_COLUMNS = 2_000
#: Longest first (header) line of a CSV, in bytes.
MAX_HEADER_BYTES = 1 << 20
#: Most bytes an .xlsx may unpack to, by the sizes its zip directory declares.
MAX_XLSX_UNPACKED_BYTES = 256 << 20
#: Highest expansion ratio of one zip member larger than 1 MiB (zip-bomb guard).
MAX_XLSX_RATIO = 100
#: Cells per chunk when a CSV is read and typed chunk by chunk (bounds the text held).
CSV_CHUNK_CELLS = 250_000
#: Deepest nesting of arrays/objects in a JSON file.
MAX_JSON_DEPTH = 64


def check_text_table(path: str | Path, *, allow_blank: bool = False) -> CsvFormat:
    """Check a CSV file cheaply before it is parsed; return its format and header.

    Reads at most :data:`MAX_HEADER_BYTES` plus one streaming pass to decide the encoding.
    Refuses (one :class:`~cocreate_kit.DataError`) an empty file, binary data, a first
    line longer than :data:`MAX_HEADER_BYTES`, more than :data:`MAX_COLUMNS` columns, and
    blank (unless ``allow_blank``: an event log's pandas index column) or duplicate
    column names.

    Returns
    -------
    CsvFormat
        With an extra attribute ``header``: the column names of the first non-blank line.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> fmt = check_text_table(dataset_path("explorer_visits.csv"))
    >>> fmt.delimiter, fmt.header[:2]
    (',', ['month', 'channel'])
    """
    p = as_source(path)
    pc = ProblemCollector(p.name)
    with p.open("rb") as fh:
        head = fh.read(MAX_HEADER_BYTES + 1)
    if not head.strip():
        pc.add(expected=_("a table with a header row and data rows; the file is empty"))
        pc.raise_if_any()
    enc = _file_encoding(p)
    _refuse_binary(head, enc, pc, _("a CSV table"))
    pc.raise_if_any()
    # Decode with the whole file's encoding: the head may end inside a UTF-8 character,
    # which alone would look like cp1252 and garble the header.
    text = head.decode(enc, errors="replace")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if len(lines) <= 1 and len(head) > MAX_HEADER_BYTES:
        pc.add(
            row=1,
            value=_("a first line longer than {n} bytes").format(n=fmt_int(MAX_HEADER_BYTES)),
            expected=_("a header row of column names (cocreate_kit.io.MAX_HEADER_BYTES)"),
        )
        pc.raise_if_any()
    delim = _sniff_delimiter(first)
    try:
        header = [h.strip() for h in next(csv.reader([first], delimiter=delim))]
    except (csv.Error, StopIteration):
        header = []
    _check_width(len(header), pc)
    # Blank and duplicate names, as the user wrote them (pandas would rename "a" to "a.1").
    seen: set[str] = set()
    for h in header:
        if h == "" and not allow_blank:
            pc.add(row=1, column=h, value=h, expected=_("a non-blank column name in the header"))
        elif h in seen:
            pc.add(row=1, column=h, value=h, expected=_("unique column names"))
        seen.add(h)
    pc.raise_if_any()
    return CsvFormat(enc, delim, "," if delim == ";" else ".", header)


def sniff_csv(path: str | Path) -> CsvFormat:
    """Detect encoding, delimiter and decimal mark of a CSV file without modifying it.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> sniff_csv(dataset_path("explorer_visits.csv"))
    CsvFormat(encoding='utf-8', delimiter=',', decimal='.')
    """
    return check_text_table(path)


def check_workbook(path: str | Path) -> None:
    """Refuse an .xlsx/.xlsm that is not a workbook, would unpack too large, or has macros.

    Only the zip directory is read (:meth:`zipfile.ZipFile.infolist`); nothing is expanded.

    Raises
    ------
    DataError
        One problem naming the file: not a zip archive (e.g. a CSV renamed ``.xlsx``),
        declared unpacked size above :data:`MAX_XLSX_UNPACKED_BYTES`, a member expanding
        more than :data:`MAX_XLSX_RATIO`-fold, a VBA macro project, or no
        ``xl/workbook.xml``.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> check_workbook(dataset_path("journey/home_care_as_is.xlsx")) is None
    True
    """
    p = as_source(path)
    pc = ProblemCollector(p.name)
    what = _("an Excel workbook (.xlsx)")
    try:
        zf = zipfile.ZipFile(readable(p))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        with p.open("rb") as fh:
            head = fh.read(8192)
        if not head:
            pc.add(expected=_("{what}; the file is empty").format(what=what))
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            pc.add(
                value=_("an old .xls file"),
                expected=_("{what}: open it in Excel, save as .xlsx").format(what=what),
            )
        else:
            pc.add(
                expected=_(
                    "{what}; this file is not one (a workbook is a zip archive): is it "
                    "a CSV or text file renamed to .xlsx? Save it from Excel as 'Excel "
                    "Workbook', or give it its real extension"
                ).format(what=what)
            )
        pc.raise_if_any()
    with zf:
        infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    mib = 1 << 20
    if total > MAX_XLSX_UNPACKED_BYTES:
        pc.add(
            value=_("{n} MiB unpacked").format(n=fmt_int(total / mib)),
            expected=_(
                "a workbook that unpacks to at most {n} MiB (cocreate_kit.io."
                "MAX_XLSX_UNPACKED_BYTES); it was not opened. Save large data as CSV"
            ).format(n=fmt_int(MAX_XLSX_UNPACKED_BYTES / mib)),
        )
        pc.raise_if_any()
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > mib and ratio > MAX_XLSX_RATIO:
            pc.add(
                value=_("{name} expands {n}-fold").format(name=i.filename, n=fmt_int(ratio)),
                expected=_(
                    "at most {n}-fold compression (cocreate_kit.io.MAX_XLSX_RATIO; real "
                    "sheets compress about 5-20-fold): this looks like a zip bomb, and it "
                    "was not opened"
                ).format(n=fmt_int(MAX_XLSX_RATIO)),
            )
            pc.raise_if_any()
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("vbaproject.bin") for n in names):
        pc.add(
            value=_("a VBA macro project"),
            expected=_(
                "a workbook without macros. The kit never runs macros (it reads cell "
                "values only), but it does not read macro-enabled workbooks: in Excel choose "
                "Save As > 'Excel Workbook (.xlsx)' and use that file"
            ),
        )
    elif "xl/workbook.xml" not in names:
        pc.add(
            expected=_(
                "{what}; this zip archive has no xl/workbook.xml (is it a .docx, .ods "
                "or another archive renamed?)"
            ).format(what=what)
        )
    pc.raise_if_any()


def read_text(path: str | Path, what: str, *, max_depth: int | None = None) -> str:
    """Read a small text file (JSON, YAML) with the kit's decoding and refusals.

    UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252. An empty or binary file,
    or (with ``max_depth``) brackets nested deeper than that, raises one
    :class:`~cocreate_kit.DataError` naming the file and ``what`` was expected.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> read_text(dataset_path("experiment/home_care_form_plan.yaml"), "YAML")[:15]
    '# Analysis plan'
    """
    p = as_source(path)
    pc = ProblemCollector(p.name)
    raw = p.read_bytes()
    if not raw.strip():
        pc.add(expected=_("{what}; the file is empty").format(what=what))
        pc.raise_if_any()
    text, enc = _decode(raw)
    _refuse_binary(raw[:8192], enc, pc, what)
    pc.raise_if_any()
    if max_depth is not None:
        depth = _json_depth(text)
        if depth > max_depth:
            pc.add(
                value=_("nested {n} levels deep").format(n=fmt_int(depth)),
                expected=_(
                    "{what} nested at most {n} levels (cocreate_kit.io.MAX_JSON_DEPTH); "
                    "it was not parsed"
                ).format(what=what, n=fmt_int(max_depth)),
            )
            pc.raise_if_any()
    return text


def read_json(path: str | Path) -> Any:
    """Parse a JSON file safely: encoding fallback, nesting cap, one clear error.

    UTF-8 (with or without BOM) or, failing that, cp1252; nesting deeper than
    :data:`MAX_JSON_DEPTH` is refused before parsing.

    Raises
    ------
    DataError
        Naming the file: empty, binary, too deep, or not valid JSON (with line and column).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> read_json(dataset_path("journey/home_care_as_is.json"))["state"]
    'as_is'
    """
    p = as_source(path)
    pc = ProblemCollector(p.name)
    text = read_text(p, "JSON", max_depth=MAX_JSON_DEPTH)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        near = exc.doc[max(exc.pos - 20, 0) : exc.pos + 20]
        pc.add(
            row=exc.lineno,
            value=near,
            expected=_("valid JSON ({error} at line {line}, column {column})").format(
                error=exc.msg, line=exc.lineno, column=exc.colno
            ),
        )
    except (ValueError, RecursionError) as exc:
        pc.add(expected=_("valid JSON ({error})").format(error=_error(exc)))
    pc.raise_if_any()
    return None  # pragma: no cover - raise_if_any raised


def read_yaml(path: str | Path, what: str) -> Any:
    """Parse a small YAML file (an analysis plan, a column mapping) safely.

    :func:`read_text`'s decoding and refusals with the nesting cap, then ``yaml.safe_load``
    (no Python objects). A parser failure is one :class:`~cocreate_kit.DataError` naming the
    file and ``what`` was expected.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> read_yaml(dataset_path("experiment/home_care_form_plan.yaml"), "a plan")["control"]
    'A'
    """
    import yaml

    p = as_source(path)
    text = read_text(p, what, max_depth=MAX_JSON_DEPTH)
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        pc = ProblemCollector(p.name)
        pc.add(expected=_("{what} in valid YAML ({error})").format(what=what, error=_error(exc)))
        pc.raise_if_any()
    return None  # pragma: no cover - raise_if_any raised


def _check_width(n_columns: int, pc: ProblemCollector) -> None:
    """Refuse more than :data:`MAX_COLUMNS` columns (one problem, raised at once)."""
    if n_columns > MAX_COLUMNS:
        pc.add(
            row=1,
            value=_("{n} columns").format(n=fmt_int(n_columns)),
            expected=_(
                "at most {n} columns (cocreate_kit.io.MAX_COLUMNS); check the delimiter, "
                "or keep only the columns the analysis needs"
            ).format(n=fmt_int(MAX_COLUMNS)),
        )
        pc.raise_if_any()


def read_table(path: str | Path | MemoryFile, *, sheet: str | int | None = 0) -> pd.DataFrame:
    """Read a CSV, Excel (.xlsx) or JSON file into a DataFrame, never modifying the file.

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.txt``/``.tsv``, ``.xlsx`` (or macro-free ``.xlsm``) or ``.json`` file.
        JSON may be a list of records or an object of columns.
    sheet : str or int, default 0
        Worksheet for ``.xlsx`` files.

    Returns
    -------
    pandas.DataFrame
        With ``attrs["source"]`` set to the file name and ``attrs["row_offset"]`` to the
        number to add to a 0-based position to get the row a user sees in the file.

    Raises
    ------
    DataError
        If the file does not exist, is empty, has an unknown extension, cannot be parsed,
        exceeds a cap (see the module docstring), or has duplicate or blank column names
        (all listed at once).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> df = read_table(dataset_path("explorer_visits.csv"))
    >>> df.attrs["source"]
    'explorer_visits.csv'
    """
    p = as_source(path)
    name = p.name
    pc = ProblemCollector(name)
    if not p.exists():
        pc.add(expected=_("an existing file (not found: {path})").format(path=repr(str(p))))
        pc.raise_if_any()
    if p.is_dir():
        pc.add(expected=_("a file, not a folder"))
        pc.raise_if_any()
    suffix = p.suffix.lower()
    if suffix not in {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".json"}:
        pc.add(value=suffix or _("(none)"), expected=_("a .csv, .tsv, .xlsx or .json file"))
        pc.raise_if_any()
    try:
        if suffix in {".csv", ".txt", ".tsv"}:
            df = _read_csv(p)
            offset = 2
        elif suffix in {".xlsx", ".xlsm"}:
            df = read_workbook(p, sheet=sheet)
            _check_width(df.shape[1], pc)
            df = _infer_types(df, ".")
            offset = 2
        else:
            df = _read_json(p)
            offset = 0
    except DataError:
        raise
    except Exception as exc:  # any parser failure is a user-file problem
        pc.add(
            expected=_("a readable {kind} file ({error})").format(kind=suffix, error=_error(exc))
        )
        pc.raise_if_any()
    cols = [str(c) for c in df.columns]
    seen: set[str] = set()
    for c in cols:
        if c.strip() == "" or c.startswith("Unnamed:"):
            pc.add(row=1, column=c, value=c, expected=_("a non-blank column name in the header"))
        elif c in seen:
            pc.add(row=1, column=c, value=c, expected=_("unique column names"))
        seen.add(c)
    if df.shape[0] == 0 and not pc:
        pc.add(expected=_("at least one data row"))
    pc.raise_if_any()
    df.columns = cols
    df.attrs["decimal"] = df.attrs.get("decimal", ".")
    df.attrs["source"] = name
    df.attrs["row_offset"] = offset
    return df


def read_table_bytes(data: bytes, name: str, *, sheet: str | int | None = 0) -> pd.DataFrame:
    """Read a table from bytes in memory (an upload), exactly as :func:`read_table` reads a file.

    Nothing is written to disk, not even a temporary file: the bytes are read through
    :class:`MemoryFile` streams, with the same encodings, delimiter sniffing, caps and
    refusals as a file. ``name`` gives the format (by its extension) and the file name
    every error message shows; any folder part is dropped.

    Examples
    --------
    >>> df = read_table_bytes("Version;SUS\\nA;72,5\\nB;80\\n".encode("cp1252"), "test.csv")
    >>> df.attrs["source"], df["SUS"].tolist()
    ('test.csv', [72.5, 80.0])
    """
    return read_table(MemoryFile(data, name), sheet=sheet)


def read_workbook(
    path: str | Path, *, sheet: str | int | None = 0
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Read sheet(s) of a workbook as text cells after :func:`check_workbook` passed.

    ``sheet=None`` returns every sheet by name. Parser failures become one
    :class:`~cocreate_kit.DataError` naming the file.
    """
    p = as_source(path)
    check_workbook(p)
    try:
        return pd.read_excel(readable(p), sheet_name=sheet, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        pc = ProblemCollector(p.name)
        pc.add(expected=_("a readable .xlsx workbook ({error})").format(error=_error(exc)))
        pc.raise_if_any()
        raise  # pragma: no cover - raise_if_any raised


_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(p: Path | MemoryFile) -> pd.DataFrame:
    fmt = check_text_table(p)
    pc = ProblemCollector(p.name)
    read = {
        "sep": fmt.delimiter,
        "encoding": fmt.encoding,
        "encoding_errors": "replace",
        "dtype": str,
        "keep_default_na": False,
        "na_values": [""],
    }
    # Typed chunk by chunk, so text is never held for the whole file at once (a 200 MB
    # CSV would take several GB as Python text); see _combine_chunks for exactness.
    rows = max(1_000, CSV_CHUNK_CELLS // max(len(fmt.header), 1))
    parts: dict[str, list[tuple[pd.Series | None, pd.Series | None, str]]] = {}
    try:
        with pd.read_csv(readable(p), chunksize=rows, **read) as reader:
            for chunk in reader:
                for col in chunk.columns:
                    num, how = _classify(chunk[col], fmt.decimal)
                    text = chunk[col] if num is None else None  # keep numbers, not text
                    parts.setdefault(col, []).append((text, num, how))
                del chunk
    except pd.errors.ParserError as exc:
        m = _RAGGED.search(str(exc))
        if m is None:
            raise
        want, line, saw = (int(g) for g in m.groups())
        pc.add(
            row=line,
            value=_("{n} fields").format(n=fmt_int(saw)),
            expected=_(
                "{n} fields, like the header (a value containing {delimiter} must be in "
                "double quotes)"
            ).format(n=fmt_int(want), delimiter=repr(fmt.delimiter)),
        )
        pc.raise_if_any()
    if not parts:
        out = pd.DataFrame(columns=[h for h in fmt.header])
    else:
        # copy=False: the frame keeps the combined columns instead of copying them into
        # consolidated blocks (which briefly held every column twice).
        out = pd.DataFrame(
            {
                col: _combine_chunks(parts.pop(col), p, col, read, fmt.decimal)
                for col in list(parts)
            },
            copy=False,
        )
    out.attrs["decimal"] = fmt.decimal
    release_arrow_memory()
    return out


def release_arrow_memory() -> None:
    """Hand memory that Arrow freed back to the system (if pyarrow is loaded at all).

    Arrow's allocator keeps freed blocks for reuse, so after typing a large CSV (or
    sorting millions of ids) the process would carry that garbage into the next step and
    its peak memory would be the sum of the steps, not the largest one. Values are never
    touched.

    Examples
    --------
    >>> release_arrow_memory()  # safe to call at any time
    """
    pa = sys.modules.get("pyarrow")
    if pa is not None:
        pa.default_memory_pool().release_unused()


def _read_json(p: Path | MemoryFile) -> pd.DataFrame:
    data = read_json(p)
    if isinstance(data, dict) and "records" in data and isinstance(data["records"], list):
        data = data["records"]
    pc = ProblemCollector(p.name)
    width = (
        len(data)
        if isinstance(data, dict)
        else max((len(r) for r in data[:1000] if isinstance(r, dict)), default=0)
        if isinstance(data, list)
        else 0
    )
    _check_width(width, pc)
    if isinstance(data, list):
        if not all(isinstance(r, dict) for r in data):
            pc.add(
                value=_("a list of non-objects"), expected=_("a list of records ({...} objects)")
            )
            pc.raise_if_any()
        return pd.DataFrame.from_records(data)
    if isinstance(data, dict):
        return pd.DataFrame(data)
    msg = "expected a list of records or an object of columns"
    raise ValueError(msg)


#: Private helpers that moved to _io_text, _io_types and _io_write stay reachable here.
__getattr__ = forward_private(__name__, _io_text, _io_types, _io_write)
