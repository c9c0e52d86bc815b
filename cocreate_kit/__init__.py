"""cocreate-kit: journey mapping, prototype tests and feedback analysis for public-sector
innovation teams.

The package is layered; imports point down only (checked by the import-linter contracts in
``pyproject.toml``, run by ``tests/test_architecture.py``):

* delivery: :mod:`cocreate_kit.cli`, :mod:`cocreate_kit.serve`, :mod:`cocreate_kit.export`,
  :mod:`cocreate_kit.hub` (the ``cocreate`` command, Voila serving, offline HTML);
* interactive layer: :mod:`cocreate_kit.apps` (ipywidgets; only shows pillar results and
  imports only names in a pillar's ``__all__``);
* pillars, independent of each other: :mod:`cocreate_kit.journey`,
  :mod:`cocreate_kit.experiment`, :mod:`cocreate_kit.feedback`, :mod:`cocreate_kit.explore`;
* core: :mod:`cocreate_kit.io` (loading), :mod:`cocreate_kit.validate` (checks, one
  :class:`DataError` for all problems), :mod:`cocreate_kit.privacy` (redaction, small-cell
  suppression), :mod:`cocreate_kit.charts` (accessible offline charts),
  :mod:`cocreate_kit.thresholds` (shared thresholds), :mod:`cocreate_kit.datasets` (samples).

Submodules load lazily, so ``import cocreate_kit`` stays light (no pandas, ipywidgets,
voila, scikit-learn or altair until used).
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
    "explore",
    "feedback",
    "io",
    "journey",
    "privacy",
    "read_dataset",
    "list_datasets",
    "thresholds",
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
    "thresholds",
    "validate",
    "explore",
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
