"""The co-creation ledger: the chain from pain point to idea, prototype, test, feedback and
decision, the public value scorecard on Bason's four bottom lines, and who took part.

The ledger sits one layer above the pillars (apps -> ledger -> pillars -> core): it links
their stored results (``Result.to_json()`` records) and may run a pillar on a stored plan and
data, but no pillar imports it. The data model is in ``_model`` (read its docstring).

Layout (one private module per part; apps use the names in ``__all__`` only):
``_model`` (tables, vocabularies) <- ``_schema`` (column specs, ``ledger.schema.json``) <-
``_io`` (``load``, ``save``, ``ledger_from_tables``, the :class:`Ledger` result, validation)
<- ``_evidence`` (evidence levels, weakest link), ``_gaps`` (gap checks), ``_participation``
(representativeness, population tables, quotas), ``_scorecard`` (public value scorecard,
headline), ``_public`` (de-identified accountability export), ``_graph`` (the chain as an
accessible SVG graph with a table alternative).
"""

from __future__ import annotations

# --- app helper: the chain as an accessible graph
from ._graph import ChainGraph, chain_graph
from ._model import (
    ACTIVITY_KINDS,
    BOTTOM_LINES,
    DECISION_STATUSES,
    DESIGNS,
    LIST_SEP,
    RELATIONS,
    TABLES,
)

__all__ = [
    "ACTIVITY_KINDS",
    "BOTTOM_LINES",
    "DECISION_STATUSES",
    "DESIGNS",
    "LIST_SEP",
    "RELATIONS",
    "TABLES",
    # --- app helper
    "ChainGraph",
    "chain_graph",
]
