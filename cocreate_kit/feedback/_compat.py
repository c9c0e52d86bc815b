"""Deprecated keyword names of the feedback pillar, accepted with a ``DeprecationWarning``.

The pillar speaks the kit's one vocabulary: ``level`` (interval level), ``by`` (grouping),
``k`` (suppression threshold), ``respondent`` (person id). Released names that changed -
``confidence=`` (now ``level=``), ``segment=`` / ``segments=`` (now ``by=``) - still work
for one release cycle: :func:`renamed` returns the old value and warns, naming the new one.

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings(record=True) as w:
...     warnings.simplefilter("always")
...     renamed(0.95, 0.9, old="confidence", new="level", where="nps")
...     str(w[0].message)
0.9
'nps(confidence=...) is deprecated; use level=... instead.'
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = ["LevelAlias", "renamed"]


def renamed(value: Any, old_value: Any, *, old: str, new: str, where: str) -> Any:
    """``old_value`` (with a DeprecationWarning) when the old keyword was given, else ``value``."""
    if old_value is None:
        return value
    msg = f"{where}({old}=...) is deprecated; use {new}=... instead."
    warnings.warn(msg, DeprecationWarning, stacklevel=3)
    return old_value


class LevelAlias:
    """Mixin for results: ``confidence`` is a read-only, deprecated alias of ``level``."""

    level: float

    @property
    def confidence(self) -> float:
        """Deprecated: the interval level, now :attr:`level`."""
        msg = "The result attribute 'confidence' is deprecated; use 'level' instead."
        warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return self.level
