"""The co-creation ledger app: the chain, the scorecard, who took part and the gaps.

The app only shows what :mod:`cocreate_kit.ledger` computes (it imports names from the
ledger's ``__all__`` and works nothing out itself):

* **the chain** as an accessible graph (:func:`~cocreate_kit.ledger.chain_graph`), each
  graded box with its evidence level (:func:`~cocreate_kit.ledger.evidence_levels`). The first
  control, a labelled drop-down, picks a decision or a pain point; the graph then draws only
  that entity's chain (:func:`~cocreate_kit.ledger.chain`: from a decision back to its
  evidence, from a pain point forward to what became of it) and the chain's table follows;
* **the public value scorecard** (:func:`~cocreate_kit.ledger.scorecard`) with its headline
  sentence at the top of the page;
* **who took part**: the scorecard's :func:`~cocreate_kit.ledger.representativeness` of the
  participants against the population table, groups under ``k`` suppressed by the ledger;
* **the gap list** (:func:`~cocreate_kit.ledger.gaps`).

The scorecard, participation panel and gap list do not depend on the drop-down: they are
computed once when the app is built and shown below the chain. A part that cannot be
computed (for example no population table) shows the ledger's own message in its place;
anything unexpected goes to the server log and the viewer sees a short notice, never a
traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from .._errors import DataError
from .._html import MAX_LABEL, clip, esc
from ..ledger import (
    Ledger,
    chain,
    chain_graph,
    evidence_levels,
    gaps,
    redacted,
    scorecard,
)
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._base import App, dropdown, is_static

__all__ = ["ledger_app", "WHOLE_LEDGER"]

log = logging.getLogger("cocreate_kit.apps")

#: The drop-down value that shows the whole ledger.
WHOLE_LEDGER = "__all__"

_UNAVAILABLE = (
    '<p class="ck-warning" role="status">This part could not be drawn; the details have '
    "been written to the server log for the app's maintainers.</p>"
)


def _part(name: str, make: Callable[[], str]) -> str:
    """One section's HTML; a ledger error becomes its message, anything else a notice."""
    try:
        return make()
    except DataError as exc:  # the ledger's own message: file, row, column, value
        return f'<p class="ck-warning" role="status">{esc(clip(str(exc)))}</p>'
    except Exception:  # viewers must never see a traceback
        print(traceback.format_exc(), file=sys.__stderr__, flush=True)
        log.exception("Ledger app: the %s could not be drawn", name)
        return _UNAVAILABLE


def _focus_options(ledger: Ledger) -> dict[str, str]:
    """ "The whole ledger", then every decision and every pain point, labelled in words."""
    options = {"The whole ledger": WHOLE_LEDGER}
    for rec in ledger.decisions.to_dict(orient="records"):
        label = f"Decision {rec['id']}: {rec['title']} ({rec['status']})"
        options[clip(label, MAX_LABEL)] = str(rec["id"])
    for rec in ledger.insights.to_dict(orient="records"):
        if rec["kind"] != "pain_point":
            continue
        options[clip(f"Pain point {rec['id']}: {rec['statement']}", MAX_LABEL)] = str(rec["id"])
    return options


def ledger_app(
    ledger: Ledger,
    *,
    population: Any = None,
    k: int = DEFAULT_K,
    level: float = DEFAULT_LEVEL,
    title: str | None = None,
    names: Sequence[str] = (),
) -> App:
    """The stakeholder app for one co-creation ledger (see the module docstring).

    Parameters
    ----------
    ledger : Ledger
        What :func:`cocreate_kit.ledger.load` returned.
    population : Population, path or None
        The population table for the participation panel and the democracy bottom line
        (:func:`cocreate_kit.ledger.read_population`); None uses the ledger project's
        ``population`` file when it names one.
    k : int, default :data:`cocreate_kit.thresholds.DEFAULT_K`
        No group of fewer than ``k`` people is shown.
    level : float, default :data:`cocreate_kit.thresholds.DEFAULT_LEVEL`
        Confidence level of the scorecard's intervals.
    title : str, optional
        Heading (default: the project's title).
    names : sequence of str, optional
        Deny-list of names to redact from the ledger's text, on top of the e-mail, phone,
        CPR, address and URL patterns (:func:`cocreate_kit.ledger.redacted`).

    Returns
    -------
    App
        One control, ``focus`` (a Dropdown): the whole ledger, a decision or a pain point.
    """
    # Stakeholders see the ledger's free text redacted (quotes may carry names, e-mails,
    # phone or CPR numbers); the chain, levels and scorecard come from ids and numbers.
    ledger = redacted(ledger, names=names)
    project_title = str(ledger.project["title"].iloc[0]) if len(ledger.project) else "Ledger"

    card = _Lazy(lambda: scorecard(ledger, population=population, k=k, level=level))
    graded = _Lazy(lambda: evidence_levels(ledger))

    def headline() -> str:
        return f'<p class="ck-summary"><strong>{esc(card().headline())}</strong></p>'

    def participation() -> str:
        shown = card().representativeness  # computed by the scorecard, shown here
        if shown is None:
            return (
                '<section class="ck-result"><h2>Who took part</h2><p class="ck-note">No '
                "population table was given, so how well the participants represent the "
                "people the service is for cannot be shown.</p></section>"
            )
        return shown.to_html()

    opened = " open" if is_static() else ""
    # Each result brings its own heading (its title) and summary.
    fixed = "".join(
        [
            _part("scorecard", lambda: card().to_html()),
            _part("participation panel", participation),
            _part("gap list", lambda: gaps(ledger).to_html()),
        ]
    )
    top = _part("headline", headline)

    @lru_cache(maxsize=64)
    def chain_html(focus: str) -> str:
        if focus == WHOLE_LEDGER:
            return chain_graph(ledger, levels=graded()).to_html(open_details=is_static())
        drill = chain(ledger, focus)
        graph = chain_graph(ledger, focus=focus, ids=_chain_ids(drill), levels=graded())
        return (
            graph.to_html(open_details=is_static())
            + f"<details{opened}><summary>The chain of {esc(clip(focus, MAX_LABEL))} as a "
            f"table</summary>{drill.to_html(include_chart=False)}</details>"
        )

    def render(focus: str) -> str:
        return "".join(
            [top, "<h3>The chain</h3>", _part("chain graph", lambda: chain_html(focus)), fixed]
        )

    return App(
        title or f"Co-creation ledger: {project_title}",
        {"focus": dropdown("Show the chain of", _focus_options(ledger), WHOLE_LEDGER)},
        render,
        intro="Pick a decision to see the evidence it rests on, or a pain point to see what "
        "became of it. The scorecard, who took part and the gaps in the chain follow.",
    )


def _chain_ids(drill: Any) -> list[str]:
    """The entity ids of a :class:`~cocreate_kit.ledger.Chain` (its tidy table)."""
    return [str(v) for v in drill.rows["entity"]]


class _Lazy:
    """A value computed on first use and kept (so a failure is caught where it is shown)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._value: Any = None
        self._done = False

    def __call__(self) -> Any:
        if not self._done:
            self._value = self._make()
            self._done = True
        return self._value
