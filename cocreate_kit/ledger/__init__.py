"""The co-creation ledger: the chain from pain point to idea, prototype, test, feedback and
decision, the public value scorecard on Bason's four bottom lines, and who took part.

The ledger sits one layer above the pillars (apps -> ledger -> pillars -> core): it links
their stored results (``Result.to_json()`` records) and may run a pillar on a stored plan and
data, but no pillar imports it. The data model is in ``_model`` (read its docstring).

Layout (one private module per part; apps use the names in ``__all__`` only):

* data model and files: ``_model`` (tables, vocabularies) <- ``_schema`` (column specs,
  ``ledger.schema.json``) <- ``_ledger`` (the :class:`Ledger` result) <- ``_validate`` and
  ``_paths`` (every problem in one ``DataError``) <- ``_io`` (``load``, ``save``,
  ``ledger_from_tables``) <- ``_check`` (``check_file``, ``cocreate check ledger``);
* evidence: ``_links`` (complete tables, the link graph) <- ``_evidence`` (Nesta and Maryland
  levels, weakest link), ``_chain`` (upstream/downstream of one entity), ``_gaps``;
* scorecard: ``_records`` (cells from pillar result records) <- ``_scorecard`` (the four
  bottom lines, headline), ``_public`` (de-identified accountability export),
  ``_redacted`` (the copy stakeholders see);
* who took part: ``_statbank`` and ``_population`` (population tables) <- ``_gof``
  (exact / Monte Carlo / chi-square goodness of fit) <- ``_participation``
  (representativeness), ``_quotas`` (Sortition Foundation quotas);
* ``_graph``: the chain as an accessible SVG with a table alternative.
"""

from __future__ import annotations

from ._chain import Chain, chain
from ._check import check_file
from ._evidence import EvidenceLevels, evidence_levels
from ._gaps import Gaps, gaps
from ._graph import ChainGraph, chain_graph
from ._io import ledger_from_tables, load, save
from ._labels import label as display_name
from ._ledger import Ledger
from ._model import (
    ACTIVITY_KINDS,
    BOTTOM_LINES,
    DECISION_STATUSES,
    DESIGNS,
    LIST_SEP,
    RELATIONS,
    TABLES,
)
from ._participation import Representativeness, representativeness
from ._population import Population, read_population
from ._public import PUBLIC_FILES, public_export
from ._quotas import quotas, write_quotas
from ._redacted import redacted
from ._schema import SCHEMA_PATH, json_schema
from ._scorecard import Scorecard, scorecard

__all__ = [
    "ACTIVITY_KINDS",
    "BOTTOM_LINES",
    "DECISION_STATUSES",
    "DESIGNS",
    "LIST_SEP",
    "RELATIONS",
    "TABLES",
    # model
    "Ledger",
    "SCHEMA_PATH",
    "check_file",
    "json_schema",
    "ledger_from_tables",
    "load",
    "save",
    # evidence (items 2, 3, 4, 7)
    "Chain",
    "EvidenceLevels",
    "chain",
    "evidence_levels",
    "Gaps",
    "gaps",
    "Scorecard",
    "scorecard",
    "public_export",
    "redacted",
    "PUBLIC_FILES",
    # participation
    "Population",
    "Representativeness",
    "quotas",
    "read_population",
    "representativeness",
    "write_quotas",
    # app
    "ChainGraph",
    "chain_graph",
    # language: a code's display name in the current language
    "display_name",
]
