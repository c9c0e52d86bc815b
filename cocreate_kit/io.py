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
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._errors import DataError, ProblemCollector

__all__ = [
    "MAX_COLUMNS",
    "MAX_HEADER_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNPACKED_BYTES",
    "CsvFormat",
    "check_text_table",
    "check_workbook",
    "parse_number",
    "read_json",
    "read_table",
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

_CHUNK = 1 << 20
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_SIGNATURES = {
    b"PK\x03\x04": "a zip archive (an Excel .xlsx workbook, perhaps: name it .xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls or other Office file (save it as .xlsx or CSV)",
    b"%PDF": "a PDF document",
    b"PAR1": "a Parquet file",
}

_DELIMS = [",", ";", "\t"]
_NUM_POINT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NUM_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


class CsvFormat:
    """What :func:`sniff_csv` found: encoding, delimiter and decimal mark."""

    def __init__(
        self, encoding: str, delimiter: str, decimal: str, header: list[str] | None = None
    ) -> None:
        self.encoding = encoding
        self.delimiter = delimiter
        self.decimal = decimal
        self.header = header or []

    def __repr__(self) -> str:
        return (
            f"CsvFormat(encoding={self.encoding!r}, delimiter={self.delimiter!r}, "
            f"decimal={self.decimal!r})"
        )


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _file_encoding(p: Path) -> str:
    """The file's encoding, decided by streaming it once (bounded memory).

    UTF-8 (``utf-8-sig`` with a BOM) when every byte decodes as UTF-8, ``utf-16`` with a
    UTF-16 BOM (Excel's "Unicode text"), otherwise ``cp1252``.
    """
    with p.open("rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {}
    for d in _DELIMS:
        try:
            counts[d] = len(next(csv.reader([first], delimiter=d))) - 1
        except (csv.Error, StopIteration):
            counts[d] = 0
    best = max(_DELIMS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _refuse_binary(head: bytes, encoding: str, pc: ProblemCollector, what: str) -> None:
    """Add a problem if ``head`` (the first bytes) is not text."""
    for sig, kind in _SIGNATURES.items():
        if head.startswith(sig):
            pc.add(value=kind, expected=f"{what} (a text file); this file is {kind}")
            return
    if encoding != "utf-16" and b"\x00" in head[:8192]:
        pc.add(
            value="binary data (NUL bytes)",
            expected=f"{what} (a text file); this file holds binary data: is it another "
            "format renamed, or damaged?",
        )


def check_text_table(path: str | Path) -> CsvFormat:
    """Check a CSV file cheaply before it is parsed; return its format and header.

    Reads at most :data:`MAX_HEADER_BYTES` plus one streaming pass to decide the encoding.
    Refuses (one :class:`~cocreate_kit.DataError`) an empty file, binary data, a first
    line longer than :data:`MAX_HEADER_BYTES`, more than :data:`MAX_COLUMNS` columns, and
    blank or duplicate column names.

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
    p = Path(path)
    pc = ProblemCollector(p.name)
    with p.open("rb") as fh:
        head = fh.read(MAX_HEADER_BYTES + 1)
    if not head.strip():
        pc.add(expected="a table with a header row and data rows; the file is empty")
        pc.raise_if_any()
    enc = _file_encoding(p)
    _refuse_binary(head, enc, pc, "a CSV table")
    pc.raise_if_any()
    # Decode with the whole file's encoding: the head may end inside a UTF-8 character,
    # which alone would look like cp1252 and garble the header.
    text = head.decode(enc, errors="replace")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if len(lines) <= 1 and len(head) > MAX_HEADER_BYTES:
        pc.add(
            row=1,
            value=f"a first line longer than {MAX_HEADER_BYTES:,} bytes",
            expected="a header row of column names (cocreate_kit.io.MAX_HEADER_BYTES)",
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
        if h == "":
            pc.add(row=1, column=h, value=h, expected="a non-blank column name in the header")
        elif h in seen:
            pc.add(row=1, column=h, value=h, expected="unique column names")
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
    p = Path(path)
    pc = ProblemCollector(p.name)
    what = "an Excel workbook (.xlsx)"
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        with p.open("rb") as fh:
            head = fh.read(8192)
        if not head:
            pc.add(expected=f"{what}; the file is empty")
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            pc.add(value="an old .xls file", expected=f"{what}: open it in Excel, save as .xlsx")
        else:
            pc.add(
                expected=f"{what}; this file is not one (a workbook is a zip archive): is it "
                "a CSV or text file renamed to .xlsx? Save it from Excel as 'Excel Workbook', "
                "or give it its real extension"
            )
        pc.raise_if_any()
    with zf:
        infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    mib = 1 << 20
    if total > MAX_XLSX_UNPACKED_BYTES:
        pc.add(
            value=f"{total / mib:,.0f} MiB unpacked",
            expected=f"a workbook that unpacks to at most {MAX_XLSX_UNPACKED_BYTES / mib:,.0f} "
            "MiB (cocreate_kit.io.MAX_XLSX_UNPACKED_BYTES); it was not opened. Save large "
            "data as CSV",
        )
        pc.raise_if_any()
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > mib and ratio > MAX_XLSX_RATIO:
            pc.add(
                value=f"{i.filename} expands {ratio:,.0f}-fold",
                expected=f"at most {MAX_XLSX_RATIO}-fold compression "
                "(cocreate_kit.io.MAX_XLSX_RATIO; real sheets compress about 5-20-fold): "
                "this looks like a zip bomb, and it was not opened",
            )
            pc.raise_if_any()
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("vbaproject.bin") for n in names):
        pc.add(
            value="a VBA macro project",
            expected="a workbook without macros. The kit never runs macros (it reads cell "
            "values only), but it does not read macro-enabled workbooks: in Excel choose "
            "Save As > 'Excel Workbook (.xlsx)' and use that file",
        )
    elif "xl/workbook.xml" not in names:
        pc.add(
            expected=f"{what}; this zip archive has no xl/workbook.xml (is it a .docx, .ods "
            "or another archive renamed?)"
        )
    pc.raise_if_any()


def _json_depth(text: str) -> int:
    """Deepest array/object nesting of JSON ``text``, counted without parsing it."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


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
    p = Path(path)
    pc = ProblemCollector(p.name)
    raw = p.read_bytes()
    if not raw.strip():
        pc.add(expected=f"{what}; the file is empty")
        pc.raise_if_any()
    text, enc = _decode(raw)
    _refuse_binary(raw[:8192], enc, pc, what)
    pc.raise_if_any()
    if max_depth is not None:
        depth = _json_depth(text)
        if depth > max_depth:
            pc.add(
                value=f"nested {depth:,} levels deep",
                expected=f"{what} nested at most {max_depth} levels "
                "(cocreate_kit.io.MAX_JSON_DEPTH); it was not parsed",
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
    p = Path(path)
    pc = ProblemCollector(p.name)
    text = read_text(p, "JSON", max_depth=MAX_JSON_DEPTH)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        near = exc.doc[max(exc.pos - 20, 0) : exc.pos + 20]
        pc.add(
            row=exc.lineno,
            value=near,
            expected=f"valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
        )
    except (ValueError, RecursionError) as exc:
        pc.add(expected=f"valid JSON ({type(exc).__name__}: {_brief(exc)})")
    pc.raise_if_any()
    return None  # pragma: no cover - raise_if_any raised


def _brief(exc: BaseException, limit: int = 200) -> str:
    """An exception's message on one line, cut to ``limit`` characters."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_width(n_columns: int, pc: ProblemCollector) -> None:
    """Refuse more than :data:`MAX_COLUMNS` columns (one problem, raised at once)."""
    if n_columns > MAX_COLUMNS:
        pc.add(
            row=1,
            value=f"{n_columns:,} columns",
            expected=f"at most {MAX_COLUMNS:,} columns (cocreate_kit.io.MAX_COLUMNS); check "
            "the delimiter, or keep only the columns the analysis needs",
        )
        pc.raise_if_any()


def parse_number(value: object, decimal: str = ".") -> float | None:
    """Parse one cell as a number honouring the file's decimal mark; None if it is not one.

    Examples
    --------
    >>> parse_number("1.234,5", ","), parse_number("2.5"), parse_number("abc")
    (1234.5, 2.5, None)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if decimal == "," and _NUM_COMMA.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _NUM_POINT.match(text):
        return float(text)
    return None


def _to_number(series: pd.Series, decimal: str) -> pd.Series | None:
    """Parse a text column as numbers if every non-empty value is one, else return None."""
    return _classify(series, decimal)[0]


def _classify(series: pd.Series, decimal: str) -> tuple[pd.Series | None, str]:
    """(numbers or None, how): ``how`` is "empty", "text", "comma" or "point"."""
    s = series.dropna().astype(str).str.strip()
    s = s[s != ""]
    if s.empty:
        return None, "empty"
    if decimal == "," and s.str.match(_NUM_COMMA).all():
        how = "comma"
        cleaned = series.astype("string").str.strip().str.replace(".", "", regex=False)
        cleaned = cleaned.str.replace(",", ".", regex=False)
    elif s.str.match(_NUM_POINT).all():
        how = "point"
        cleaned = series.astype("string").str.strip()
    else:
        return None, "text"
    return _numbers(cleaned, s), how


def _numbers(cleaned: pd.Series, s: pd.Series) -> pd.Series:
    cleaned = cleaned.replace("", pd.NA)
    out = pd.to_numeric(cleaned, errors="coerce")
    if (out.dropna() == out.dropna().round()).all() and not s.str.contains(r"[.,eE]").any():
        return out.astype("Int64") if out.isna().any() else out.astype("int64")
    return out.astype("float64")


def _combine_chunks(
    parts: list[tuple[pd.Series | None, pd.Series | None, str]],
    p: Path,
    col: str,
    read: dict[str, Any],
    decimal: str,
) -> pd.Series:
    """Join one column's typed chunks exactly as if the whole column were typed at once.

    Each part is (text or None, numbers or None, how). The column is numeric only if every
    chunk with values was numeric by the same rule (decimal comma or point), and whole
    numbers only if every such chunk was. If chunks disagree (rare), the column's text is
    read again and typed as a whole.
    """
    hows = {how for _, _, how in parts} - {"empty"}
    if len(hows) == 1 and hows <= {"comma", "point"}:
        if all(n is not None and n.dtype == np.int64 for _, n, _ in parts):
            # Whole numbers, no gaps: what the Int64 route below gives, without its copies.
            return pd.concat([n for _, n, _ in parts], ignore_index=True)
        full = [n if n is not None else t.astype("float64") for t, n, _ in parts]
        if all(n is None or n.dtype.kind in "iu" or str(n.dtype) == "Int64" for _, n, _ in parts):
            out = pd.concat([f.astype("Int64") for f in full], ignore_index=True)
            return out if out.isna().any() else out.astype("int64")
        return pd.concat([f.astype("float64") for f in full], ignore_index=True)
    if not hows & {"comma", "point"}:
        return pd.concat([t for t, _, _ in parts], ignore_index=True)
    text = pd.read_csv(p, usecols=[col], **read)[col]
    num = _to_number(text, decimal)
    return num if num is not None else text


def _infer_types(df: pd.DataFrame, decimal: str) -> pd.DataFrame:
    out = {}
    for col in df.columns:
        num = _to_number(df[col], decimal)
        out[col] = num if num is not None else df[col]
    return pd.DataFrame(out, index=df.index)


def read_table(path: str | Path, *, sheet: str | int | None = 0) -> pd.DataFrame:
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
    p = Path(path)
    name = p.name
    pc = ProblemCollector(name)
    if not p.exists():
        pc.add(expected=f"an existing file (not found: {str(p)!r})")
        pc.raise_if_any()
    if p.is_dir():
        pc.add(expected="a file, not a folder")
        pc.raise_if_any()
    suffix = p.suffix.lower()
    if suffix not in {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".json"}:
        pc.add(value=suffix or "(none)", expected="a .csv, .tsv, .xlsx or .json file")
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
        pc.add(expected=f"a readable {suffix} file ({exc.__class__.__name__}: {_brief(exc)})")
        pc.raise_if_any()
    cols = [str(c) for c in df.columns]
    seen: set[str] = set()
    for c in cols:
        if c.strip() == "" or c.startswith("Unnamed:"):
            pc.add(row=1, column=c, value=c, expected="a non-blank column name in the header")
        elif c in seen:
            pc.add(row=1, column=c, value=c, expected="unique column names")
        seen.add(c)
    if df.shape[0] == 0 and not pc:
        pc.add(expected="at least one data row")
    pc.raise_if_any()
    df.columns = cols
    df.attrs["decimal"] = df.attrs.get("decimal", ".")
    df.attrs["source"] = name
    df.attrs["row_offset"] = offset
    return df


def read_workbook(
    path: str | Path, *, sheet: str | int | None = 0
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Read sheet(s) of a workbook as text cells after :func:`check_workbook` passed.

    ``sheet=None`` returns every sheet by name. Parser failures become one
    :class:`~cocreate_kit.DataError` naming the file.
    """
    p = Path(path)
    check_workbook(p)
    try:
        return pd.read_excel(p, sheet_name=sheet, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        pc = ProblemCollector(p.name)
        pc.add(expected=f"a readable .xlsx workbook ({exc.__class__.__name__}: {_brief(exc)})")
        pc.raise_if_any()
        raise  # pragma: no cover - raise_if_any raised


_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(p: Path) -> pd.DataFrame:
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
        with pd.read_csv(p, chunksize=rows, **read) as reader:
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
            value=f"{saw} fields",
            expected=f"{want} fields, like the header (a value containing {fmt.delimiter!r} "
            "must be in double quotes)",
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


def _read_json(p: Path) -> pd.DataFrame:
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
            pc.add(value="a list of non-objects", expected="a list of records ({...} objects)")
            pc.raise_if_any()
        return pd.DataFrame.from_records(data)
    if isinstance(data, dict):
        return pd.DataFrame(data)
    msg = "expected a list of records or an object of columns"
    raise ValueError(msg)


#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    """True if ``text`` (after leading apostrophes) starts like a formula and is no number."""
    body = text.lstrip("'")
    if not body.startswith(FORMULA_TRIGGERS):
        return False
    return not (_NUM_POINT.match(body) or _NUM_COMMA.match(body))


def neutralise_formula(value: Any) -> Any:
    """Prefix an apostrophe to text a spreadsheet would run as a formula; else unchanged.

    Examples
    --------
    >>> neutralise_formula("=HYPERLINK(A1)"), neutralise_formula("-2"), neutralise_formula(5)
    ("'=HYPERLINK(A1)", '-2', 5)
    """
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def restore_formula_text(value: Any) -> Any:
    """Undo :func:`neutralise_formula` exactly (only the apostrophe it added is removed).

    Examples
    --------
    >>> restore_formula_text("'=1+1"), restore_formula_text("''@x"), restore_formula_text("'hi")
    ('=1+1', "'@x", "'hi")
    """
    if isinstance(value, str) and value.startswith("'") and _looks_like_formula(value):
        return value[1:]
    return value


def _text_columns(df: pd.DataFrame) -> list[Any]:
    return [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as UTF-8 CSV (CRLF line ends, no row index), neutralising formulas.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> frame = pd.DataFrame({"t": ["=1+1", "ok"], "n": [-2, 3]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(write_csv(frame, pathlib.Path(d) / "a.csv").read_text())
    t,n
    '=1+1,-2
    ok,3
    <BLANKLINE>
    """
    out = df.copy()
    for col in _text_columns(out):
        out[col] = out[col].map(neutralise_formula)
    out.columns = [neutralise_formula(str(c)) for c in out.columns]
    p = Path(path)
    # CRLF (RFC 4180, what Excel writes) also makes the csv module quote a lone CR in a cell.
    out.to_csv(p, index=False, lineterminator="\r\n")
    return p


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write one sheet per frame; text is always a string cell, never a formula.

    Text that starts like a formula also gets Excel's quote-prefix style (it stays text
    when a user edits the cell); the text itself is stored unchanged.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib, openpyxl
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = write_xlsx({"s": pd.DataFrame({"t": ["=1+1"]})}, pathlib.Path(d) / "a.xlsx")
    ...     cell = openpyxl.load_workbook(p)["s"]["A2"]
    ...     cell.value, cell.data_type, cell.quotePrefix
    ('=1+1', 's', True)
    """
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        ws = wb.create_sheet(title=str(name))
        rows = [list(map(str, df.columns))]
        rows += df.astype(object).where(df.notna(), None).to_numpy().tolist()
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if hasattr(value, "item") and not isinstance(value, str):
                    value = value.item()  # numpy scalars
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would store "=..." as a formula
                    if _looks_like_formula(value):
                        cell.quotePrefix = True
    p = Path(path)
    wb.save(p)
    return p
