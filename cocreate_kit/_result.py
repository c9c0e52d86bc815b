"""The base class of every analysis result: a documented DataFrame plus chart and summary.

Subclasses hold their DataFrames as attributes, implement :meth:`summary` (a computed,
plain-language paragraph) and :meth:`chart` (an accessible :class:`~cocreate_kit.charts.Figure`),
and list the tables to show in :meth:`_tables`. Display logic lives in one place:
``_repr_html_`` delegates to :meth:`to_html`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pandas as pd

from ._html import MAX_LABEL, clip, esc, html_table, strip_bidi

__all__ = ["Result", "Results"]


class Result:
    """Base class for analysis results.

    Every subclass's :meth:`summary` returns its text without bidi controls
    (:func:`cocreate_kit._html.strip_bidi`): summaries quote data labels (variant, step,
    channel names) and are printed in apps, where a right-to-left override in a label
    would reorder the sentence.
    """

    #: Short name shown as the heading in HTML output.
    title: str = "Result"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("summary")
        if callable(own) and not getattr(own, "_ck_bidi_safe", False):

            @functools.wraps(own)
            def summary(self: Any, *args: Any, **kw: Any) -> str:
                return strip_bidi(own(self, *args, **kw))

            summary._ck_bidi_safe = True  # type: ignore[attr-defined]
            cls.summary = summary  # type: ignore[method-assign]

    def summary(self) -> str:
        """Plain-language summary of the result."""
        raise NotImplementedError

    def chart(self) -> Any:
        """The result's main accessible chart (a :class:`~cocreate_kit.charts.Figure`)."""
        raise NotImplementedError

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        """(caption, DataFrame) pairs shown below the chart."""
        return []

    def warnings(self) -> list[str]:
        """Caveats a reader must see (small samples, suppressed cells, deviations)."""
        return list(getattr(self, "_warnings", []))

    def to_html(self, *, include_chart: bool = True) -> str:
        """Summary, warnings, chart and tables as one accessible HTML fragment."""
        parts = [f'<section class="ck-result"><h2>{esc(clip(self.title, MAX_LABEL))}</h2>']
        parts.append(f'<p class="ck-summary">{esc(self.summary())}</p>')
        for w in self.warnings():
            parts.append(f'<p class="ck-warning"><strong>Note:</strong> {esc(w)}</p>')
        if include_chart:
            try:
                fig = self.chart()
            except NotImplementedError:
                fig = None
            if fig is not None:
                parts.append(fig.to_html())
        for caption, df in self._tables():
            parts.append(html_table(df, caption))
        parts.append("</section>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.summary()} (display it in a notebook for charts)>"


class Results:
    """Several results and figures shown one after another (one HTML fragment).

    Lets a notebook show a whole set of results with a single ``display(...)`` so templates
    need no loops.

    Examples
    --------
    >>> from cocreate_kit.experiment import compare_counts
    >>> both = Results([compare_counts({"A": 40, "B": 55}, {"A": 100, "B": 100}, control="A")])
    >>> len(both), both.to_html().count('class="ck-result"')
    (1, 1)
    """

    def __init__(self, items: list[Any]) -> None:
        self.items = list(items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def to_html(self) -> str:
        """Every item's HTML in order."""
        return "".join(item.to_html() for item in self.items)

    def _repr_html_(self) -> str:
        return self.to_html()
