"""Small, dependency-free HTML helpers shared by results, charts and apps.

Tables are written by hand rather than with ``DataFrame.to_html`` so that they are
accessible: a ``<caption>``, ``<th scope="col">`` headers and no empty index header cell
(axe rule ``empty-table-header``).
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

__all__ = ["esc", "html_table", "fmt_value"]


def esc(text: Any) -> str:
    """HTML-escape any value's text."""
    return html.escape(str(text), quote=True)


def fmt_value(value: Any, digits: int = 3) -> str:
    """Format one cell for display: round floats, show missing values as an en dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if value != 0 and (abs(value) >= 1e6 or abs(value) < 10 ** (-digits)):
            return f"{value:.{digits}g}"
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:,.0f}"
    try:
        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


def html_table(
    df: pd.DataFrame,
    caption: str,
    *,
    max_rows: int = 200,
    digits: int = 3,
    css_class: str = "ck-table",
) -> str:
    """Render ``df`` as an accessible HTML table with a caption.

    Parameters
    ----------
    df : DataFrame
        Rendered without its index; reset the index first if it carries data.
    caption : str
        Visible caption that names the table.
    max_rows : int
        Rows shown; a note says how many were left out.

    Examples
    --------
    >>> import pandas as pd
    >>> print(html_table(pd.DataFrame({"a": [1.5]}), "Demo"))  # doctest: +NORMALIZE_WHITESPACE
    <div class="ck-table-wrap" role="region" aria-label="Demo" tabindex="0"><table class="ck-table"><caption>Demo</caption><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>1.5</td></tr></tbody></table></div>
    """
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in df.columns)
    body_rows = []
    for row in df.head(max_rows).itertuples(index=False, name=None):
        cells = "".join(f"<td>{esc(fmt_value(v, digits))}</td>" for v in row)
        body_rows.append(f"<tr>{cells}</tr>")
    note = ""
    if len(df) > max_rows:
        note = f'<p class="ck-note">Showing {max_rows} of {len(df):,} rows.</p>'
    return (
        f'<div class="ck-table-wrap" role="region" aria-label="{esc(caption)}" tabindex="0">'
        f'<table class="{css_class}"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body_rows)}</tbody></table></div>{note}"
    )
