"""Writing tables safely for :mod:`cocreate_kit.io`: formula-injection neutralising writers.

Private: the public names are re-exported by :mod:`cocreate_kit.io` (see its "Formula
injection" decision).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ._io_types import _NUM_COMMA, _NUM_POINT

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
