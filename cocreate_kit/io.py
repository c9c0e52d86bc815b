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

The DataFrame returned carries ``df.attrs["source"]`` (the file name) and
``df.attrs["row_offset"]`` (what to add to a 0-based position to get the spreadsheet row)
so validators can name the file and row of every problem.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

from ._errors import DataError, ProblemCollector

__all__ = ["read_table", "sniff_csv", "CsvFormat", "parse_number"]

_DELIMS = [",", ";", "\t"]
_NUM_POINT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NUM_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


class CsvFormat:
    """What :func:`sniff_csv` found: encoding, delimiter and decimal mark."""

    def __init__(self, encoding: str, delimiter: str, decimal: str) -> None:
        self.encoding = encoding
        self.delimiter = delimiter
        self.decimal = decimal

    def __repr__(self) -> str:
        return (
            f"CsvFormat(encoding={self.encoding!r}, delimiter={self.delimiter!r}, "
            f"decimal={self.decimal!r})"
        )


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


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


def sniff_csv(path: str | Path) -> CsvFormat:
    """Detect encoding, delimiter and decimal mark of a CSV file without modifying it.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> sniff_csv(dataset_path("explorer_visits.csv"))
    CsvFormat(encoding='utf-8', delimiter=',', decimal='.')
    """
    raw = Path(path).read_bytes()
    text, enc = _decode(raw)
    delim = _sniff_delimiter(text)
    return CsvFormat(enc, delim, "," if delim == ";" else ".")


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
    s = series.dropna().astype(str).str.strip()
    s = s[s != ""]
    if s.empty:
        return None
    if decimal == ",":
        if s.str.match(_NUM_COMMA).all():
            cleaned = series.astype("string").str.strip().str.replace(".", "", regex=False)
            cleaned = cleaned.str.replace(",", ".", regex=False)
        elif s.str.match(_NUM_POINT).all():
            cleaned = series.astype("string").str.strip()
        else:
            return None
    else:
        if not s.str.match(_NUM_POINT).all():
            return None
        cleaned = series.astype("string").str.strip()
    cleaned = cleaned.replace("", pd.NA)
    out = pd.to_numeric(cleaned, errors="coerce")
    if (out.dropna() == out.dropna().round()).all() and not s.str.contains(r"[.,eE]").any():
        return out.astype("Int64") if out.isna().any() else out.astype("int64")
    return out.astype("float64")


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
        A ``.csv``/``.txt``/``.tsv``, ``.xlsx`` or ``.json`` file. JSON may be a list of
        records or an object of columns.
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
        If the file does not exist, is empty, has an unknown extension, cannot be parsed, or
        has duplicate or blank column names (all listed at once).

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
    try:
        if suffix in {".csv", ".txt", ".tsv"}:
            df = _read_csv(p)
            offset = 2
        elif suffix in {".xlsx", ".xlsm"}:
            df = pd.read_excel(p, sheet_name=sheet, dtype=object, engine="openpyxl")
            df = _infer_types(df, ".")
            offset = 2
        elif suffix == ".json":
            df = _read_json(p)
            offset = 0
        else:
            pc.add(value=suffix or "(none)", expected="a .csv, .tsv, .xlsx or .json file")
            pc.raise_if_any()
    except DataError:
        raise
    except Exception as exc:  # any parser failure is a user-file problem
        pc.add(expected=f"a readable {suffix} file ({exc.__class__.__name__}: {exc})")
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


def _read_csv(p: Path) -> pd.DataFrame:
    raw = p.read_bytes()
    text, _enc = _decode(raw)
    if not text.strip():
        msg = "the file is empty"
        raise ValueError(msg)
    delim = _sniff_delimiter(text)
    decimal = "," if delim == ";" else "."
    df = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False, na_values=[""])
    # pandas renames duplicate headers ("a" -> "a.1"): report the header as the user wrote it.
    header = [h.strip() for h in next(csv.reader([text.splitlines()[0]], delimiter=delim))]
    if len(set(header)) != len(header) or any(h == "" for h in header):
        pc = ProblemCollector(p.name)
        seen: set[str] = set()
        for h in header:
            if h == "":
                pc.add(row=1, column=h, value=h, expected="a non-blank column name in the header")
            elif h in seen:
                pc.add(row=1, column=h, value=h, expected="unique column names")
            seen.add(h)
        pc.raise_if_any()
    df.attrs["decimal"] = decimal
    out = _infer_types(df, decimal)
    out.attrs["decimal"] = decimal
    return out


def _read_json(p: Path) -> pd.DataFrame:
    data = json.loads(p.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict) and "records" in data and isinstance(data["records"], list):
        data = data["records"]
    if isinstance(data, list):
        return pd.DataFrame.from_records(data)
    if isinstance(data, dict):
        return pd.DataFrame(data)
    msg = "expected a list of records or an object of columns"
    raise ValueError(msg)
