"""The co-creation ledger app: the chain, the scorecard, who took part and the gaps.

The app only shows what :mod:`cocreate_kit.ledger` computes (it imports names from the
ledger's ``__all__`` and works nothing out itself):

* **the chain** as an accessible graph (:func:`~cocreate_kit.ledger.chain_graph`), each
  graded box with its evidence level (:func:`~cocreate_kit.ledger.evidence_levels`). The first
  control, a labelled drop-down, picks a decision or a pain point; the graph then draws only
  that entity's chain (:func:`~cocreate_kit.ledger.chain`: from a decision back to its
  evidence, from a pain point forward to what became of it) and the chain's table follows;
* **the headline cards** at the top of the page, under the title and one line saying what
  this is: the scorecard's :meth:`~cocreate_kit.ledger.Scorecard.headline_cards` (the cost
  saving, the experience change, decisions backed by evidence, who took part), each with its
  interval and n; then the **public value scorecard** (:func:`~cocreate_kit.ledger.scorecard`)
  in full below the chain, its method notes collapsed;
* **who took part**: the scorecard's :func:`~cocreate_kit.ledger.representativeness` of the
  participants against the population table, groups under ``k`` suppressed by the ledger;
* **the gap list** (:func:`~cocreate_kit.ledger.gaps`).

The scorecard, participation panel and gap list do not depend on the drop-down: they are
computed once (the numbers) and written once per language (the text), below the chain.
``language`` picks the language of every text and number (default: the current one); the
ledger's own text (titles, statements) is shown as written. How the evidence levels in the
graph were derived is shown last, collapsed (:meth:`EvidenceLevels.method_notes`). A part
that cannot be
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

from .._brief import notes_html
from .._errors import DataError
from .._html import MAX_LABEL, clip, esc
from ..i18n import N_, _, get_language, use_language
from ..ledger import (
    Ledger,
    chain,
    chain_graph,
    display_name,
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

_PICK = N_(
    "Pick a decision to see the evidence it rests on, or a pain point to see what became of it."
)
_UNAVAILABLE = N_(
    "This part could not be drawn; the details have been written to the server log for the "
    "app's maintainers."
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
        return f'<p class="ck-warning" role="status">{esc(_(_UNAVAILABLE))}</p>'


def _quiet(name: str, make: Callable[[], Any], default: Any) -> Any:
    """``make()``, or ``default`` when it fails: the part that shows the same result says
    why (:func:`_part`), so the page head stays short; anything unexpected is logged."""
    try:
        return make()
    except DataError:
        return default
    except Exception:
        log.exception("Ledger app: the %s could not be computed", name)
        return default


def _focus_options(ledger: Ledger) -> dict[str, str]:
    """ "The whole ledger", then every decision and every pain point, labelled in words."""
    options = {_("The whole ledger"): WHOLE_LEDGER}
    for rec in ledger.decisions.to_dict(orient="records"):
        label = _("Decision {id}: {title} ({status})").format(
            id=rec["id"], title=rec["title"], status=display_name(rec["status"])
        )
        options[clip(label, MAX_LABEL)] = str(rec["id"])
    for rec in ledger.insights.to_dict(orient="records"):
        if rec["kind"] != "pain_point":
            continue
        label = _("Pain point {id}: {statement}").format(id=rec["id"], statement=rec["statement"])
        options[clip(label, MAX_LABEL)] = str(rec["id"])
    return options


def ledger_app(
    ledger: Ledger,
    *,
    population: Any = None,
    k: int = DEFAULT_K,
    level: float = DEFAULT_LEVEL,
    title: str | None = None,
    names: Sequence[str] = (),
    language: str | None = None,
    synthetic: bool = False,
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
    language : str, optional
        Language of the app's text and numbers ("en", "da"); None: the current language.
    synthetic : bool, default False
        Show the synthetic-data banner under the title (pass the notebook's
        ``files.is_sample``).

    Returns
    -------
    App
        One control, ``focus`` (a Dropdown): the whole ledger, a decision or a pain point.
    """
    # Stakeholders see the ledger's free text redacted (quotes may carry names, e-mails,
    # phone or CPR numbers); the chain, levels and scorecard come from ids and numbers.
    ledger = redacted(ledger, names=names)
    project_title = str(ledger.project["title"].iloc[0]) if len(ledger.project) else None

    card = _Lazy(lambda: scorecard(ledger, population=population, k=k, level=level))
    graded = _Lazy(lambda: evidence_levels(ledger))

    def participation() -> str:
        shown = card().representativeness  # computed by the scorecard, shown here
        if shown is None:
            heading = _("Who took part")
            note = _(
                "No population table was given, so how well the participants represent the "
                "people the service is for cannot be shown."
            )
            return (
                f'<section class="ck-result"><h2>{esc(heading)}</h2>'
                f'<p class="ck-note">{esc(note)}</p></section>'
            )
        return shown.to_html()

    opened = " open" if is_static() else ""
    found = _Lazy(lambda: gaps(ledger))

    @lru_cache(maxsize=8)
    def fixed(language: str) -> str:
        # Each result brings its own heading (its title) and summary, in the language shown.
        return "".join(
            [
                _part("scorecard", lambda: card().to_html()),
                _part("participation panel", participation),
                _part("gap list", lambda: found().to_html()),
            ]
        )

    @lru_cache(maxsize=64)
    def chain_html(focus: str, language: str) -> str:
        if focus == WHOLE_LEDGER:
            return chain_graph(ledger, levels=graded()).to_html(open_details=is_static())
        drill = chain(ledger, focus)
        graph = chain_graph(ledger, focus=focus, ids=_chain_ids(drill), levels=graded())
        summary = _("The chain of {id} as a table").format(id=clip(focus, MAX_LABEL))
        return (
            graph.to_html(open_details=is_static())
            + f"<details{opened}><summary>{esc(summary)}</summary>"
            f"{drill.to_html(include_chart=False)}</details>"
        )

    def render(focus: str) -> str:
        lang = get_language()
        return "".join(
            [
                f'<p class="ck-note">{esc(_(_PICK))}</p>',
                "<h3>" + esc(_("The chain")) + "</h3>",
                _part("chain graph", lambda: chain_html(focus, lang)),
                fixed(lang),
            ]
        )

    with use_language(language) as lang:
        # A title from the notebook's parameters is translated when the catalogue has it.
        heading = _(title) if title else None
        heading = heading or (
            _("Co-creation ledger: {name}").format(name=project_title)
            if project_title
            else _("Co-creation ledger")
        )
        controls = {"focus": dropdown(_("Show the chain of"), _focus_options(ledger), WHOLE_LEDGER)}
        intro = _(
            "What the redesign learnt, tried and decided, the evidence behind each decision, "
            "and its public value."
        )
        cards = _quiet("headline cards", lambda: card().headline_cards(), [])
        notes = _quiet("method notes", lambda: graded().method_notes(), [])
        method = notes_html(notes)
    return App(
        heading,
        controls,
        render,
        intro=intro,
        cards=cards,
        synthetic=synthetic,
        method=method,
        language=lang,
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
