"""Reading and writing journeys: JSON, Excel workbooks and folders of CSV files.

Every format is turned into the six tidy tables of :mod:`cocreate_kit.journey._model` and goes
through the same validation (:func:`journey_from_tables`, against the column specifications
of :mod:`cocreate_kit.journey._schema`), so a problem is reported the same way whatever the
user edited. Row numbers in errors are spreadsheet rows for sheets and CSV (header = row 1)
and 1-based item numbers for JSON arrays. List cells are JSON arrays in JSON and
``" | "``-separated text in sheets.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import DataError, ProblemCollector
from ..i18n import N_, _, fmt_int
from ..validate import Column, validate_frame
from ._model import LIST_SEP, TABLES, Evidence, Journey, Persona, Rating, Stage, Step
from ._schema import _REQUIRED_TABLES, _columns, _req_cols

# Where a table of a journey lives, as the error messages name it (translated when shown).
_WHERE = {"sheet": N_("sheet"), "file": N_("file"), "array": N_("array")}

__all__ = ["journey_from_tables", "load", "save"]


def _split_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    if isinstance(value, float) and math.isnan(value):
        return ()
    try:
        if pd.isna(value):
            return ()
    except (TypeError, ValueError):
        pass
    return tuple(p.strip() for p in str(value).split("|") if p.strip())


def _clean(value: Any) -> Any:
    """Missing -> None; numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def _date_text(value: Any) -> str | None:
    value = _clean(value)
    if value is None:
        return None
    return pd.Timestamp(value).date().isoformat()


def journey_from_tables(
    tables: Mapping[str, pd.DataFrame], *, file: str | None = None, where: str = "sheet"
) -> Journey:
    """Validate tidy tables and build a :class:`Journey`, reporting every problem at once.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        ``journey``, ``stages`` and ``steps`` are required; ``personas``, ``evidence`` and
        ``ratings`` are optional. Each frame's ``attrs["row_offset"]`` sets how rows are
        numbered in messages.
    file : str, optional
        File name used in messages.
    where : str
        How a table is named in messages (``"sheet"``, ``"file"`` or ``"array"``).

    Raises
    ------
    DataError
        One error listing every problem: missing tables or columns, bad values, duplicate
        ids, unknown stage/step/persona ids, emotions outside -2..+2, duplicate ratings.
    """
    all_problems = []
    cols = _columns()
    clean: dict[str, pd.DataFrame] = {}
    top = ProblemCollector(file)
    place = _(_WHERE[where]) if where in _WHERE else where
    for name in _REQUIRED_TABLES:
        if name not in tables:
            top.add(
                expected=_("a {where} named {name} (found: {found})").format(
                    where=place, name=repr(name), found=", ".join(tables) or _("none")
                )
            )
    top.raise_if_any()
    collectors: dict[str, ProblemCollector] = {}
    for name in TABLES:
        df = tables.get(name)
        if df is None:
            df = pd.DataFrame(columns=[c.name for c in cols[name] if c.required])
        label = f"{file}, {place} {name!r}" if file else f"{place} {name!r}"
        pc = ProblemCollector(label, row_offset=int(df.attrs.get("row_offset", 2)))
        collectors[name] = pc
        if name == "journey" and len(df) != 1:
            pc.add(
                row=None,
                value=_("{n} rows").format(n=fmt_int(len(df))),
                expected=_("exactly one row"),
            )
        if len(df) == 0:
            # Check only that required columns exist; nothing else to coerce.
            for c in cols[name]:
                if c.required and c.name not in df.columns and name in tables:
                    pc.add(
                        row=1,
                        column=c.name,
                        value=None,
                        expected=_("a column {name}").format(name=repr(c.name)),
                    )
            clean[name] = df
            continue
        if "row_offset" not in df.attrs:
            df = df.copy()
            df.attrs["row_offset"] = 2
        clean[name] = validate_frame(df, cols[name], collector=pc)
        _unknown_columns(df, cols[name], pc)

    def row_of(name: str, pos: int) -> int:
        return pos + collectors[name].row_offset

    stages = clean["stages"]
    steps = clean["steps"]
    stage_ids = set(stages["id"].dropna()) if "id" in stages else set()
    step_ids = set(steps["id"].dropna()) if "id" in steps else set()
    persona_ids = set(clean["personas"]["id"].dropna()) if "id" in clean["personas"] else set()
    if len(steps) and "stage" in steps:
        for pos, val in enumerate(steps["stage"]):
            if val is not None and not pd.isna(val) and val not in stage_ids:
                collectors["steps"].add(
                    row=row_of("steps", pos),
                    column="stage",
                    value=val,
                    expected=_("a stage id from 'stages' ({ids})").format(ids=_few(stage_ids)),
                )
    ev = clean["evidence"]
    if len(ev) and "steps" in ev:
        for pos, val in enumerate(ev["steps"]):
            listed = _split_list(val)
            for sid in listed:
                if sid not in step_ids:
                    collectors["evidence"].add(
                        row=row_of("evidence", pos),
                        column="steps",
                        value=sid,
                        expected=_("a step id from 'steps' ({ids})").format(ids=_few(step_ids)),
                    )
    rt = clean["ratings"]
    if len(rt) and {"step", "persona", "participant"} <= set(rt.columns):
        for pos, (sid, per) in enumerate(zip(rt["step"], rt["persona"], strict=True)):
            if sid is not None and not pd.isna(sid) and sid not in step_ids:
                collectors["ratings"].add(
                    row=row_of("ratings", pos),
                    column="step",
                    value=sid,
                    expected=_("a step id from 'steps' ({ids})").format(ids=_few(step_ids)),
                )
            if per is not None and not pd.isna(per) and per not in persona_ids:
                collectors["ratings"].add(
                    row=row_of("ratings", pos),
                    column="persona",
                    value=per,
                    expected=_("a persona id from 'personas' ({ids})").format(
                        ids=_few(persona_ids)
                    ),
                )
        dup = rt.duplicated(["participant", "step"], keep="first")
        for pos in [i for i, d in enumerate(dup) if d]:
            collectors["ratings"].add(
                row=row_of("ratings", pos),
                column="step",
                value=rt["step"].iloc[pos],
                expected=_(
                    "one rating per participant and step ({participant} rated this step in an "
                    "earlier row)"
                ).format(participant=repr(rt["participant"].iloc[pos])),
            )
    for pc in collectors.values():
        all_problems.extend(pc.problems)
    if all_problems:
        raise DataError(all_problems, file=file)
    return _build(clean)


def _few(ids: set[str]) -> str:
    shown = sorted(str(i) for i in ids)
    text = ", ".join(repr(i) for i in shown[:10])
    return text + (", ..." if len(shown) > 10 else "") if shown else _("none defined")


def _unknown_columns(df: pd.DataFrame, cols: list[Column], pc: ProblemCollector) -> None:
    known = {c.name for c in cols}
    for c in df.columns:
        if str(c) not in known:
            pc.add(
                row=1,
                column=str(c),
                value=str(c),
                expected=_("one of the known columns ({columns})").format(
                    columns=", ".join(sorted(known))
                ),
            )


def _num(value: Any, default: float | None) -> float | None:
    value = _clean(value)
    return default if value is None else float(value)


def _bool(value: Any) -> bool:
    value = _clean(value)
    return bool(value) if value is not None else False


def _text(value: Any) -> str | None:
    """Text cell: missing or blank -> None (so JSON, sheets and CSV round-trip alike)."""
    value = _clean(value)
    if value is None or str(value).strip() == "":
        return None
    return str(value)


def _build(t: dict[str, pd.DataFrame]) -> Journey:
    head = t["journey"].iloc[0].to_dict()

    def recs(name: str) -> list[dict[str, Any]]:
        return t[name].to_dict("records") if len(t[name]) else []

    personas = tuple(
        Persona(
            id=str(r["id"]),
            name=str(r["name"]),
            kind=_text(r.get("kind")) or "citizen",
            segment=_text(r.get("segment")),
            population=_num(r.get("population"), None),
        )
        for r in recs("personas")
    )
    stages = tuple(
        Stage(id=str(r["id"]), order=int(r["order"]), name=str(r["name"])) for r in recs("stages")
    )
    steps = tuple(
        Step(
            id=str(r["id"]),
            stage=str(r["stage"]),
            order=int(r["order"]),
            title=str(r["title"]),
            channel=_text(r.get("channel")),
            customer_action=_text(r.get("customer_action")),
            frontstage=_text(r.get("frontstage")),
            backstage=_text(r.get("backstage")),
            support=_text(r.get("support")),
            physical_evidence=_text(r.get("physical_evidence")),
            actor=_text(r.get("actor")),
            pain_points=_split_list(r.get("pain_points")),
            opportunities=_split_list(r.get("opportunities")),
            fail_point=_bool(r.get("fail_point")),
            wait_point=_bool(r.get("wait_point")),
            citizen_minutes=_num(r.get("citizen_minutes"), 0.0),
            staff_minutes=_num(r.get("staff_minutes"), 0.0),
            frequency=_num(r.get("frequency"), 1.0),
            waiting_days=_num(r.get("waiting_days"), 0.0),
            population=_num(r.get("population"), None),
            activity_keys=_split_list(r.get("activity_keys")),
        )
        for r in recs("steps")
    )
    evidence = tuple(
        Evidence(
            id=str(r["id"]),
            kind=str(r["kind"]),
            text=str(r["text"]),
            source=str(r["source"]),
            consent=_bool(r["consent"]),
            steps=_split_list(r["steps"]),
            strength=str(r["strength"]),
            participant=_text(r.get("participant")),
            date=_date_text(r.get("date")),
        )
        for r in recs("evidence")
    )
    ratings = tuple(
        Rating(
            participant=str(r["participant"]),
            persona=str(r["persona"]),
            step=str(r["step"]),
            emotion=int(r["emotion"]),
            comment=_text(r.get("comment")),
        )
        for r in recs("ratings")
    )
    version = _clean(head.get("version"))
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    return Journey(
        id=str(head["id"]),
        title=str(head["title"]),
        service=str(head["service"]),
        state=str(head["state"]),
        version=str(version) if version is not None else "1",
        based_on=_text(head.get("based_on")),
        life_event=_text(head.get("life_event")),
        owner=_text(head.get("owner")),
        review_due=_date_text(head.get("review_due")),
        personas=personas,
        stages=stages,
        steps=steps,
        evidence=evidence,
        ratings=ratings,
    )


def _tables_from_json(path: Path) -> dict[str, pd.DataFrame]:
    from ..io import read_json

    pc = ProblemCollector(path.name)
    data = read_json(path)  # encoding fallback, nesting cap, one DataError
    if not isinstance(data, dict):
        pc.add(value=type(data).__name__, expected=_("a JSON object with journey fields"))
        pc.raise_if_any()
    tables: dict[str, pd.DataFrame] = {}
    head = {k: v for k, v in data.items() if k not in TABLES[1:] and k != "schema_version"}
    tables["journey"] = pd.DataFrame([head])
    tables["journey"].attrs["row_offset"] = 1
    for name in TABLES[1:]:
        if name not in data:
            continue
        items = data[name]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            pc.add(column=name, value=type(items).__name__, expected=_("an array of objects"))
            continue
        rows = [
            {k: (LIST_SEP.join(map(str, v)) if isinstance(v, list) else v) for k, v in i.items()}
            for i in items
        ]
        df = pd.DataFrame(rows) if rows else pd.DataFrame(columns=_req_cols(name))
        df.attrs["row_offset"] = 1
        tables[name] = df
    pc.raise_if_any()
    return tables


def _tables_from_xlsx(path: Path) -> dict[str, pd.DataFrame]:
    from ..io import read_workbook

    sheets = read_workbook(path, sheet=None)  # size, zip-bomb and macro checks first
    out = {}
    for name, df in sheets.items():
        key = str(name).strip().lower()
        if key in TABLES:
            df = df.dropna(how="all").reset_index(drop=True)
            df.columns = [str(c) for c in df.columns]
            df.attrs["row_offset"] = 2
            out[key] = df
    return out


def _tables_from_folder(path: Path) -> dict[str, pd.DataFrame]:
    from ..io import check_text_table, read_table, restore_formula_text

    out = {}
    for name in TABLES:
        f = path / f"{name}.csv"
        if not f.exists():
            continue
        with f.open("rb") as fh:
            blank = not fh.read(4096).strip()
        if blank:  # an empty table: no header, no rows
            df = pd.DataFrame()
        else:
            try:
                df = read_table(f)
                for col in df.columns:  # undo write_csv's formula neutralisation, exactly
                    if not pd.api.types.is_numeric_dtype(df[col]):
                        df[col] = df[col].map(restore_formula_text)
            except DataError as exc:
                empty = ("at least one data row", _("at least one data row"))
                if not all(p.expected in empty for p in exc.problems):
                    where = f"{path.name}/{f.name}"  # name the folder too
                    raise DataError(
                        [replace(p, file=where) for p in exc.problems], file=where
                    ) from None
                df = pd.DataFrame(columns=[h for h in check_text_table(f).header if h])
        df.attrs["row_offset"] = 2
        out[name] = df
    return out


def load(path: str | Path) -> Journey:
    """Read a journey from JSON, an Excel workbook or a folder of CSV files.

    Parameters
    ----------
    path : str or Path
        A ``.json`` file (see ``journey.schema.json``), an ``.xlsx`` workbook with one
        sheet per table (``journey``, ``personas``, ``stages``, ``steps``, ``evidence``,
        ``ratings``), or a folder holding ``journey.csv``, ``steps.csv``, ... The file is
        only read, never written.

    Returns
    -------
    Journey

    Raises
    ------
    DataError
        Listing every problem with file (and sheet), row, column, value and expectation:
        duplicate step ids, unknown stage/step/persona ids, emotions outside -2..+2, ...

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> j.title
    'I apply for home care for my mother'
    >>> [p.id for p in j.personas]
    ['citizen', 'relative', 'caseworker']
    """
    p = Path(path)
    if not p.exists():
        pc = ProblemCollector(p.name)
        pc.add(
            expected=_("an existing file or folder (not found: {path})").format(path=repr(str(p)))
        )
        pc.raise_if_any()
    suffix = p.suffix.lower()
    if p.is_dir():
        tables, where = _tables_from_folder(p), "file"
        tables = {k: v for k, v in tables.items()}
    elif suffix == ".json":
        tables, where = _tables_from_json(p), "array"
    elif suffix in (".xlsx", ".xlsm"):
        tables, where = _tables_from_xlsx(p), "sheet"
    else:
        pc = ProblemCollector(p.name)
        pc.add(
            value=suffix or _("(none)"),
            expected=_("a journey as .json, .xlsx or a folder of CSV files"),
        )
        pc.raise_if_any()
    return journey_from_tables(tables, file=p.name, where=where)


def save(journey: Journey, path: str | Path) -> Path:
    """Write a journey as ``.json``, ``.xlsx`` or (a path without suffix) a folder of CSVs.

    Refuses to overwrite an existing file or a non-empty folder. Text from the data never
    becomes a spreadsheet formula: in .xlsx all text is stored as string cells; in CSV,
    text starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets one leading apostrophe,
    which :func:`load` removes again (see :func:`cocreate_kit.io.write_csv`), so the round
    trip is exact in every format.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cocreate_kit.datasets import dataset_path
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     load(save(j, pathlib.Path(d) / "map.xlsx")) == j
    True
    """
    from ..io import write_csv, write_xlsx

    p = Path(path)
    suffix = p.suffix.lower()
    if p.exists() and (p.is_file() or any(p.iterdir())):
        msg = f"{str(p)!r} already exists; choose another name (nothing was overwritten)."
        raise FileExistsError(msg)
    if suffix == ".json":
        p.write_text(
            json.dumps(journey.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    elif suffix == ".xlsx":
        write_xlsx(journey.tables(), p)  # text cells are strings, never live formulas
    elif suffix == "":
        p.mkdir(parents=True, exist_ok=True)
        for name, df in journey.tables().items():
            write_csv(df, p / f"{name}.csv")  # formula-like text gets one apostrophe
    else:
        msg = f"Cannot save a journey as {suffix!r}; use '.json', '.xlsx' or a folder name."
        raise ValueError(msg)
    return p
