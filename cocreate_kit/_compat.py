"""Keep private helpers importable from a module that was split into private modules.

When :mod:`cocreate_kit.io` and :mod:`cocreate_kit.privacy` were split by feature (issue
8), their public names were re-exported; :func:`forward_private` also keeps every private
helper reachable under its old module (``cocreate_kit.io._to_number``), for code and tests
written against the single module, without listing each one.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = ["forward_private"]


def forward_private(owner: str, *homes: ModuleType) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds ``_private`` names in ``homes`` (PEP 562).

    Examples
    --------
    >>> import types
    >>> home = types.ModuleType("home")
    >>> home._helper = len
    >>> getattr_ = forward_private("old", home)
    >>> getattr_("_helper") is len
    True
    >>> getattr_("missing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'old' has no attribute 'missing'
    """

    def __getattr__(name: str) -> Any:
        if name.startswith("_") and not name.startswith("__"):
            for home in homes:
                if name in vars(home):
                    return vars(home)[name]
        msg = f"module {owner!r} has no attribute {name!r}"
        raise AttributeError(msg)

    return __getattr__
