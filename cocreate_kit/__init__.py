"""cocreate-kit: journey mapping, prototype tests and feedback analysis for public-sector
innovation teams.

The package is organised as one module per pillar over a small core:

* core: :mod:`cocreate_kit.io` (loading), :mod:`cocreate_kit.validate` (checks, one
  :class:`DataError` for all problems), :mod:`cocreate_kit.privacy` (redaction, small-cell
  suppression), :mod:`cocreate_kit.charts` (accessible offline charts);
* pillars: :mod:`cocreate_kit.journey`, :mod:`cocreate_kit.experiment`,
  :mod:`cocreate_kit.feedback`;
* interactive layer: :mod:`cocreate_kit.apps` (ipywidgets; never imported by the pillars).

Submodules load lazily, so ``import cocreate_kit`` stays light (no ipywidgets, voila,
scikit-learn or altair until used).
"""

from __future__ import annotations

import importlib
from typing import Any

from ._errors import DataError, Problem

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Problem",
    "apps",
    "charts",
    "datasets",
    "experiment",
    "feedback",
    "io",
    "journey",
    "privacy",
    "read_dataset",
    "list_datasets",
    "validate",
    "__version__",
]

_SUBMODULES = {
    "apps",
    "charts",
    "datasets",
    "experiment",
    "feedback",
    "io",
    "journey",
    "privacy",
    "report",
    "validate",
}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in ("read_dataset", "list_datasets"):
        return getattr(importlib.import_module(f"{__name__}.datasets"), name)
    msg = f"module 'cocreate_kit' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(__all__)
