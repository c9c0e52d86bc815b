"""The base class of every analysis result: a documented DataFrame plus chart and summary.

Subclasses hold their DataFrames as attributes, implement :meth:`summary` (a computed,
plain-language paragraph) and :meth:`chart` (an accessible :class:`~cocreate_kit.charts.Figure`),
and list the tables to show in :meth:`_tables`. Display logic lives in one place:
``_repr_html_`` delegates to :meth:`to_html`.

Results are the same everywhere:

* **Frozen.** Attributes are set in ``__init__`` only; assigning one afterwards raises
  ``AttributeError`` (use :meth:`Result._replace` for a changed copy). The DataFrames a result
  holds are its record: treat them as read-only.
* **Cheap** ``repr``: the class name and title, never a recomputed summary.
* **Machine-readable.** :meth:`Result.to_dict` / :meth:`Result.to_json` give the record the
  co-creation ledger links to: type, title, summary, warnings and every public attribute
  (DataFrames as lists of row dicts, NaN as ``null``, nested results and dataclasses as dicts).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import functools
import json
import math
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from ._brief import method_html, notes_html
from ._html import MAX_LABEL, clip, esc, html_table, strip_bidi
from .i18n import LazyString, _, lazy

__all__ = ["Result", "Results", "jsonable"]


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON types: DataFrames become lists of row dicts, Series dicts,
    numpy scalars Python numbers, NaN/inf ``None``, dataclasses and results dicts.

    Examples
    --------
    >>> jsonable({"a": float("nan"), "b": np.int64(3), "c": pd.DataFrame({"x": [1.5]})})
    {'a': None, 'b': 3, 'c': [{'x': 1.5}]}
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, pd.DataFrame):
        frame = value.reset_index() if not isinstance(value.index, pd.RangeIndex) else value
        return [
            {str(k): jsonable(v) for k, v in row.items()} for row in frame.to_dict(orient="records")
        ]
    if isinstance(value, pd.Series):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "to_dict") and not isinstance(value, type):
        try:
            return jsonable(value.to_dict())
        except TypeError:
            pass
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v) for v in items]
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date)):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, pd.Timedelta):
        return None if pd.isna(value) else value.total_seconds()
    if isinstance(value, PurePath):
        return value.as_posix()
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


class Result:
    """Base class for analysis results.

    Every subclass's :meth:`summary` returns its text without bidi controls
    (:func:`cocreate_kit._html.strip_bidi`): summaries quote data labels (variant, step,
    channel names) and are printed in apps, where a right-to-left override in a label
    would reorder the sentence.
    """

    #: Short name shown as the heading in HTML output (a :func:`~cocreate_kit.i18n.lazy`
    #: string is translated when shown).
    title: str = lazy("Result")  # type: ignore[assignment]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None and not getattr(init, "_ck_freezes", False):

            @functools.wraps(init)
            def __init__(self: Any, *args: Any, **kw: Any) -> None:
                init(self, *args, **kw)
                if type(self) is cls:  # the most-derived __init__ has finished
                    object.__setattr__(self, "_ck_frozen", True)

            __init__._ck_freezes = True  # type: ignore[attr-defined]
            cls.__init__ = __init__  # type: ignore[method-assign]
        own = cls.__dict__.get("summary")
        if callable(own) and not getattr(own, "_ck_bidi_safe", False):

            @functools.wraps(own)
            def summary(self: Any, *args: Any, **kw: Any) -> str:
                return strip_bidi(own(self, *args, **kw))

            summary._ck_bidi_safe = True  # type: ignore[attr-defined]
            cls.summary = summary  # type: ignore[method-assign]

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_ck_frozen"):
            msg = (
                f"{type(self).__name__} is frozen: results are records and cannot be changed "
                f"(tried to set {name!r}). Use ._replace({name}=...) for a changed copy."
            )
            raise AttributeError(msg)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self.__dict__.get("_ck_frozen"):
            msg = f"{type(self).__name__} is frozen: cannot delete {name!r}."
            raise AttributeError(msg)
        object.__delattr__(self, name)

    def _replace(self, **changes: Any) -> Any:
        """A shallow copy with the given attributes changed (the original stays as it is).

        Cached values (``functools.cached_property``) are dropped from the copy.
        """
        new = copy.copy(self)
        for name in [
            k
            for k in new.__dict__
            if isinstance(getattr(type(new), k, None), functools.cached_property)
        ]:
            del new.__dict__[name]
        for name, value in changes.items():
            new.__dict__[name] = value
        return new

    def summary(self) -> str:
        """Plain-language summary of the result."""
        raise NotImplementedError

    def _record(self) -> dict[str, Any]:
        """The public attributes exported by :meth:`to_dict` (override to add or drop some)."""
        out: dict[str, Any] = {}
        for name, value in vars(self).items():
            if name.startswith("_") or callable(value):
                continue
            out[name] = value
        return out

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready Python: ``type``, ``title``, ``summary``,
        ``warnings`` and every public attribute (see :func:`jsonable`)."""
        record = {
            "type": type(self).__name__,
            "title": str(self.title),
            "summary": self.summary(),
            "warnings": self.warnings(),
        }
        for name, value in self._record().items():
            record.setdefault(name, value)
        return jsonable(record)

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (strict JSON: no NaN; ``kwargs`` go to
        :func:`json.dumps`, e.g. ``indent=2``)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), allow_nan=False, **kwargs)

    def chart(self) -> Any:
        """The result's main accessible chart (a :class:`~cocreate_kit.charts.Figure`)."""
        raise NotImplementedError

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        """(caption, DataFrame) pairs shown below the chart."""
        return []

    def warnings(self) -> list[str]:
        """Caveats a reader must see (small samples, suppressed cells, deviations)."""
        return list(getattr(self, "_warnings", []))

    def headline_cards(self) -> list[Any]:
        """The result's headline: 0-4 :class:`cocreate_kit._brief.Card` objects, each a big
        number with its interval, n and a plain verdict, in the current language.

        Apps and exports show them first (:func:`cocreate_kit._brief.cards_html`); the
        default is none.
        """
        return []

    def method_notes(self) -> list[str]:
        """Plain-text sentences on how the numbers were computed (method, test, interval,
        assumptions), shown collapsed under "How this was computed" after the detail."""
        return []

    def to_html(self, *, include_chart: bool = True) -> str:
        """Summary, warnings, chart and tables as one accessible HTML fragment."""
        title = esc(clip(str(self.title), MAX_LABEL))
        parts = [f'<section class="ck-result"><h2>{title}</h2>']
        parts.append(f'<p class="ck-summary">{esc(self.summary())}</p>')
        for w in self.warnings():
            note = esc(_("Note:"))
            parts.append(f'<p class="ck-warning"><strong>{note}</strong> {esc(w)}</p>')
        if include_chart:
            try:
                fig = self.chart()
            except NotImplementedError:
                fig = None
            if fig is not None:
                parts.append(fig.to_html())
        for caption, df in self._tables():
            parts.append(html_table(df, caption))
        parts.append(method_html(notes_html(self.method_notes())))
        parts.append("</section>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        title = strip_bidi(clip(str(self.title), MAX_LABEL))
        return f"<{type(self).__name__} {title!r}: call .summary() for the text, or display it>"


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
