"""Path checks of a ledger: every path stays inside the ledger's folder and names what it
should (see ``_validate`` for the list of checks)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd

from .._errors import DataError, ProblemCollector
from ..i18n import _
from ._schema import PATH_COLUMNS

__all__ = ["check_paths"]

_SUFFIXES = {
    "result": (".json",),
    "plan": (".yaml", ".yml", ".json"),
    "data": (".csv", ".tsv", ".txt", ".xlsx", ".json"),
    "journey_file": (".json", ".xlsx", ""),
    "population": (".csv", ".txt", ".tsv"),
}


def _unsafe_path(text: str) -> bool:
    parts = text.replace("\\", "/").split("/")
    return (
        PurePosixPath(text).is_absolute()
        or PureWindowsPath(text).is_absolute()
        or bool(PureWindowsPath(text).drive)
        or text.startswith(("/", "\\", "~"))
        or ".." in parts
    )


def check_paths(
    t: dict[str, pd.DataFrame], pcs: dict[str, ProblemCollector], base: Path | None
) -> None:
    """Add a problem for every path that leaves the folder, has the wrong kind of file,
    does not exist (except ``population``) or is no result record, and for a test that
    gives a plan without data or data without a plan."""
    root = base.resolve() if base is not None else None
    records: dict[Path, bool] = {}
    for table, col in sorted(PATH_COLUMNS):
        for pos, value in enumerate(t[table][col]):
            if value is None:
                continue
            pc = pcs[table]
            if _unsafe_path(value):
                pc.add_position(
                    pos,
                    column=col,
                    value=value,
                    expected=_(
                        "a path relative to the ledger's folder that stays inside it (no "
                        "absolute path, no '..')"
                    ),
                )
                continue
            suffix = PurePosixPath(value.replace("\\", "/")).suffix.lower()
            if suffix not in _SUFFIXES[col]:
                kinds = ", ".join(s or _("a folder") for s in _SUFFIXES[col])
                pc.add_position(
                    pos,
                    column=col,
                    value=value,
                    expected=_("a path to a {kinds}").format(kinds=kinds),
                )
                continue
            if root is None:
                continue
            full = (root / value.replace("\\", "/")).resolve()
            if not full.is_relative_to(root):
                pc.add_position(
                    pos,
                    column=col,
                    value=value,
                    expected=_(
                        "a path that stays inside the ledger's folder (this one leads outside "
                        "it through a symbolic link)"
                    ),
                )
            elif col != "population" and not full.exists():
                pc.add_position(
                    pos,
                    column=col,
                    value=value,
                    expected=_("an existing file in the ledger's folder {name}").format(
                        name=repr(root.name)
                    ),
                )
            elif col == "result" and not _is_record(full, records):
                pc.add_position(
                    pos,
                    column=col,
                    value=value,
                    expected=_(
                        "a result record as a result's to_json() writes it (a JSON object with "
                        "'type' and 'summary')"
                    ),
                )
    tests = t["tests"]
    for pos, (plan, data) in enumerate(zip(tests["plan"], tests["data"], strict=True)):
        if (plan is None) != (data is None):
            missing = "data" if data is None else "plan"
            pcs["tests"].add_position(
                pos,
                column=missing,
                value=None,
                expected=_("a plan and its data together (the ledger runs the plan on the data)"),
            )


def _is_record(path: Path, seen: dict[Path, bool]) -> bool:
    """True when ``path`` holds a result record (read once per validation)."""
    if path not in seen:
        from ..io import read_json

        try:
            data = read_json(path)
        except DataError:
            data = None
        seen[path] = isinstance(data, dict) and {"type", "summary"} <= set(data)
    return seen[path]
