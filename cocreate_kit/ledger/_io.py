"""Reading and writing ledgers: a JSON file, an Excel workbook or a folder of CSV files.

Every format becomes the same tidy tables and goes through the same validation
(``_validate``), so a problem is reported the same way whatever the user edited. List
cells are JSON arrays in JSON and ``" | "``-separated text in sheets and CSV files
(:data:`~cocreate_kit.ledger.LIST_SEP`, as in journeys); dates are ``YYYY-MM-DD`` text in
JSON and CSV and date cells in workbooks. Round trips are exact in all three formats:
``load(save(led, path)).equals(led)`` holds table by table, dtypes included (text is kept
as text even when it looks like a number: CSV files are read as text and typed by the
schema, never guessed).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import DataError, ProblemCollector
from ..i18n import _
from ._ledger import Ledger
from ._model import LIST_SEP, TABLES
from ._schema import SCHEMA_VERSION, _columns, column_kind
from ._validate import validate_tables

__all__ = ["ledger_from_tables", "load", "save"]


def _frame(value: Any, table: str, offset: int) -> pd.DataFrame:
    """A table as a DataFrame; an empty list of records is an empty table with every column."""
    if isinstance(value, pd.DataFrame):
        df = value.reset_index(drop=True)
        df.attrs = dict(value.attrs)
    else:
        rows = list(value)
        cols = [c.name for c in _columns().get(table, [])]
        df = pd.DataFrame(rows) if rows else pd.DataFrame(columns=cols)
    df.attrs.setdefault("row_offset", offset)
    return df


def ledger_from_tables(
    tables: Mapping[str, pd.DataFrame | list[dict[str, Any]]],
    *,
    base: str | Path | None = None,
    source: str | None = None,
) -> Ledger:
    """Validate tables and build a :class:`Ledger`, reporting every problem at once.

    Parameters
    ----------
    tables : mapping of str to DataFrame or list of dict
        One entry per table of ``TABLES``; only ``project`` (one row) is required, a
        missing table is empty. List cells may be lists or ``" | "``-separated text;
        missing optional columns are added as missing values. Rows are numbered from 1
        in messages (or from ``df.attrs["row_offset"]``).
    base : str or Path, optional
        The folder that paths in the tables are relative to. Without it, paths are only
        checked for staying inside a folder (relative, no ``..``), not for existing.
    source : str, optional
        Name used in messages.

    Returns
    -------
    Ledger

    Raises
    ------
    DataError
        One error listing every problem (see ``_validate`` for the checks).

    Examples
    --------
    >>> led = ledger_from_tables({
    ...     "project": [{"id": "p", "title": "Home care", "service": "Home care"}],
    ...     "ideas": [{"id": "i1", "kind": "idea", "title": "Book online"}],
    ...     "decisions": [{"id": "d1", "title": "Pilot", "status": "accepted",
    ...                    "date": "2026-05-01"}],
    ...     "links": [{"source": "i1", "relation": "decided_by", "target": "d1"}],
    ... })
    >>> led.decisions["date"].iloc[0].date().isoformat(), led.decisions["deciders"].iloc[0]
    ('2026-05-01', [])
    >>> ledger_from_tables({"project": [{"id": "p", "title": "t", "service": "s"}],
    ...                     "links": [{"source": "x", "relation": "addresses", "target": "p"}]})
    Traceback (most recent call last):
    ...
    cocreate_kit._errors.DataError: 2 problems:
      - table 'links': row 1, column 'source': value 'x'; expected an id defined in the ledger
      - table 'links': row 1, column 'target': value 'p'; expected the id of an entity in insights (a \
'addresses' link runs from ideas to insights; 'p' is in project)
    """
    frames = {name: _frame(value, name, 1) for name, value in tables.items()}
    pc = ProblemCollector(source)
    for name in frames:
        if name not in TABLES:
            pc.add(
                value=name,
                expected=_("one of the tables {tables}").format(tables=", ".join(TABLES)),
            )
    pc.raise_if_any()

    def label(name: str) -> str:
        return f"{source}, table {name!r}" if source else f"table {name!r}"

    return _build(frames, base=base, source=source, label=label)


def _build(frames: dict[str, pd.DataFrame], *, base: Any, source: Any, label: Any) -> Ledger:
    folder = Path(base) if base is not None else None
    clean = validate_tables(frames, file=source, label=label, base=folder)
    return Ledger(clean, base=folder, source=source)


# -- reading ------------------------------------------------------------------------------


def _tables_from_json(path: Path) -> dict[str, pd.DataFrame]:
    from ..io import read_json

    pc = ProblemCollector(path.name)
    data = read_json(path)  # encoding fallback, nesting cap, one DataError
    if not isinstance(data, dict):
        pc.add(value=type(data).__name__, expected=_("a JSON object with the ledger's tables"))
        pc.raise_if_any()
    if not set(data) & set(TABLES):
        pc.add(
            value=", ".join(list(map(str, data))[:12]) or "{}",
            expected=_(
                "a ledger: a JSON object with a 'project' object and arrays named like its "
                "tables ({tables})"
            ).format(tables=", ".join(TABLES[1:])),
        )
        pc.raise_if_any()
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        pc.add(column="schema_version", value=version, expected=f"{SCHEMA_VERSION}")
    tables: dict[str, pd.DataFrame] = {}
    for key, items in data.items():
        if key == "schema_version":
            continue
        if key not in TABLES:
            pc.add(
                column=key,
                value=key,
                expected=_("one of the tables {tables}").format(tables=", ".join(TABLES)),
            )
            continue
        if key == "project" and isinstance(items, dict):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            shape = _("an object") if key == "project" else _("an array of objects")
            pc.add(column=key, value=type(items).__name__, expected=shape)
            continue
        tables[key] = _frame(items, key, 1)
    pc.raise_if_any()
    return tables


def _read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet as cells (text stays text: ``NA`` or ``null`` is not a missing value)."""
    from ..io import check_workbook

    check_workbook(path)  # size, zip-bomb and macro checks first
    try:
        return pd.read_excel(
            path,
            sheet_name=None,
            dtype=object,
            engine="openpyxl",
            keep_default_na=False,
            na_values=[""],
        )
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        pc = ProblemCollector(path.name)
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        pc.add(
            expected=_("a readable .xlsx workbook ({error})").format(
                error=f"{type(exc).__name__}: {first}"
            )
        )
        pc.raise_if_any()
        raise  # pragma: no cover - raise_if_any raised


def _tables_from_xlsx(path: Path) -> dict[str, pd.DataFrame]:
    sheets = _read_sheets(path)
    out = {}
    for name, df in sheets.items():
        key = str(name).strip().lower()
        if key not in TABLES:
            continue  # a notes or read-me sheet
        filled = df.notna().any(axis=1).to_numpy()
        last = int(filled.nonzero()[0].max()) + 1 if filled.any() else 0
        df = df.iloc[:last].reset_index(drop=True)  # trailing blank rows only: rows keep numbers
        df.columns = [str(c) for c in df.columns]
        df.attrs["row_offset"] = 2
        out[key] = df
    if not out:
        pc = ProblemCollector(path.name)
        pc.add(
            value=", ".join(map(str, sheets)),
            expected=_("sheets named like the ledger's tables ({tables})").format(
                tables=", ".join(TABLES)
            ),
        )
        pc.raise_if_any()
    return out


def _read_text_csv(f: Path) -> pd.DataFrame:
    """A CSV table as text cells (typed later by the schema, never guessed)."""
    from ..io import check_text_table, restore_formula_text

    fmt = check_text_table(f)  # empty/binary/too-wide/duplicate headers refused
    try:
        df = pd.read_csv(
            f,
            sep=fmt.delimiter,
            encoding=fmt.encoding,
            encoding_errors="replace",
            dtype=str,
            keep_default_na=False,
            na_values=[""],
        )
    except (pd.errors.ParserError, ValueError) as exc:
        pc = ProblemCollector(f.name)
        pc.add(
            expected=_("a readable CSV table ({error})").format(
                error=str(exc).splitlines()[0][:200]
            )
        )
        pc.raise_if_any()
    df = df.map(restore_formula_text)  # undo write_csv's formula neutralisation, exactly
    df.attrs["decimal"] = fmt.decimal
    return df


def _tables_from_folder(path: Path) -> dict[str, pd.DataFrame]:
    out = {}
    for name in TABLES:
        f = path / f"{name}.csv"
        if not f.is_file():
            continue
        try:
            df = _read_text_csv(f)
        except DataError as exc:  # name the folder too
            where = f"{path.name}/{f.name}"
            raise DataError([replace(p, file=where) for p in exc.problems], file=where) from None
        df.attrs["row_offset"] = 2
        out[name] = df
    if not out:
        pc = ProblemCollector(path.name)
        pc.add(
            expected=_("a folder with the ledger's CSV files ({tables} .csv)").format(
                tables=", ".join(TABLES)
            )
        )
        pc.raise_if_any()
    return out


def load(path: str | Path) -> Ledger:
    """Read a ledger from JSON, an Excel workbook or a folder of CSV files.

    Parameters
    ----------
    path : str or Path
        A ``.json`` file (see ``ledger.schema.json``), an ``.xlsx`` workbook with one sheet
        per table (other sheets are ignored), or a folder holding ``project.csv``,
        ``participants.csv``, ... (one file per table; a missing file is an empty table).
        Paths inside the ledger are relative to the file's folder (the folder itself for
        CSV files). The file is only read, never written.

    Returns
    -------
    Ledger

    Raises
    ------
    DataError
        Listing every problem with file and table, row, column, value and expectation.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> led = load(dataset_path("ledger/home_care_ledger.json"))
    >>> led.source, led.tests["design"].tolist()
    ('home_care_ledger.json', ['randomised', 'before_after'])
    """
    p = Path(path)
    pc = ProblemCollector(p.name)
    if not p.exists():
        pc.add(
            expected=_("an existing file or folder (not found: {path})").format(path=repr(str(p)))
        )
        pc.raise_if_any()
    suffix = p.suffix.lower()
    if p.is_dir():
        frames, base = _tables_from_folder(p), p

        def label(name: str) -> str:
            return f"{p.name}/{name}.csv"

    elif suffix in (".json", ".xlsx", ".xlsm"):
        is_json = suffix == ".json"
        frames = _tables_from_json(p) if is_json else _tables_from_xlsx(p)
        base = p.parent
        where = "array" if is_json else "sheet"

        def label(name: str) -> str:
            return f"{p.name}, {'object' if is_json and name == 'project' else where} {name!r}"

    else:
        pc.add(value=suffix or "(none)", expected=_("a ledger as .json, .xlsx or a CSV folder"))
        pc.raise_if_any()
    return _build(frames, base=base, source=p.name, label=label)


# -- writing ------------------------------------------------------------------------------


def _cell(value: Any, kind: str) -> Any:
    """One cell as plain Python for JSON (None when missing)."""
    if kind == "list":
        return list(value)
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "datetime":
        return pd.Timestamp(value).date().isoformat()
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "bool":
        return bool(value)
    return value


def _records(led: Ledger, table: str) -> list[dict[str, Any]]:
    cols = [(c.name, column_kind(table, c)) for c in _columns()[table]]
    out = []
    for row in getattr(led, table).itertuples(index=False):
        rec = {}
        for (name, kind), value in zip(cols, row, strict=True):
            cell = _cell(value, kind)
            if cell is not None:
                rec[name] = cell
        out.append(rec)
    return out


def to_json_dict(led: Ledger) -> dict[str, Any]:
    """The ledger as a JSON-ready dict that validates against ``ledger.schema.json``."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    project = _records(led, "project")
    out["project"] = project[0] if len(project) == 1 else project
    for table in TABLES[1:]:
        out[table] = _records(led, table)
    return out


def _sheet(led: Ledger, table: str, *, dates_as_text: bool) -> pd.DataFrame:
    """A table for a sheet or CSV file: list cells joined, dates as days."""
    df = getattr(led, table)
    out = {}
    for c in _columns()[table]:
        kind = column_kind(table, c)
        s = df[c.name]
        if kind == "list":
            s = s.map(LIST_SEP.join).astype(object)
        elif kind == "datetime":
            s = pd.Series(
                [
                    None if pd.isna(v) else (v.date().isoformat() if dates_as_text else v.date())
                    for v in s
                ],
                dtype=object,
            )
        out[c.name] = s
    return pd.DataFrame(out, index=df.index)


def save(ledger: Ledger, path: str | Path) -> Path:
    """Write a ledger as ``.json``, ``.xlsx`` or (a path without suffix) a folder of CSVs.

    Refuses to overwrite an existing file or a non-empty folder. Text from the data never
    becomes a spreadsheet formula (:func:`cocreate_kit.io.write_csv` /
    :func:`~cocreate_kit.io.write_xlsx`), and :func:`load` reads every format back exactly.
    Paths in the ledger stay as they are (relative to the folder written to): copy the
    files they name along with it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> led = ledger_from_tables({
    ...     "project": [{"id": "p", "title": "Hjemmehjælp", "service": "Home care"}],
    ...     "decisions": [{"id": "d1", "title": "=Pilot", "status": "proposed",
    ...                    "date": "2026-05-01", "options": ["Nord", "Syd og Øst"]}],
    ... })
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [load(save(led, pathlib.Path(d) / name)).equals(led)
    ...      for name in ("ledger.json", "ledger.xlsx", "ledger_csv")]
    [True, True, True]
    """
    from ..io import write_csv, write_xlsx

    p = Path(path)
    suffix = p.suffix.lower()
    if p.exists() and (p.is_file() or any(p.iterdir())):
        msg = _("{path} already exists; choose another name (nothing was overwritten).").format(
            path=repr(str(p))
        )
        raise FileExistsError(msg)
    if suffix == ".json":
        text = json.dumps(to_json_dict(ledger), indent=2, ensure_ascii=False, allow_nan=False)
        p.write_text(text + "\n", encoding="utf-8")
    elif suffix == ".xlsx":
        sheets = {t: _sheet(ledger, t, dates_as_text=False) for t in TABLES}
        write_xlsx(sheets, p)  # text cells are strings, never live formulas; dates as days
    elif suffix == "":
        p.mkdir(parents=True, exist_ok=True)
        for t in TABLES:
            write_csv(_sheet(ledger, t, dates_as_text=True), p / f"{t}.csv")
    else:
        msg = _("Cannot save a ledger as {suffix}; use '.json', '.xlsx' or a folder name.").format(
            suffix=repr(suffix)
        )
        raise ValueError(msg)
    return p
