"""The journey map app: persona, stage drill-down with evidence, as-is/to-be, cost sliders.

The app only shows results of :mod:`cocreate_kit.journey` (it imports names from the
pillar's ``__all__`` and computes nothing itself). What stakeholders see is filtered for
privacy inside the pillar before it is drawn:

* personas with fewer than ``k`` participants have their ratings suppressed
  (:func:`cocreate_kit.journey.persona_sizes`, :func:`cocreate_kit.journey.emotion_curve`);
  the persona stays selectable so the map itself can be read for it, with a note;
* evidence is shown only when its ``consent`` flag is true, never with the participant's
  pseudonym, and passed through :func:`cocreate_kit.privacy.redact` (e-mails, phone
  numbers, CPR numbers, addresses) with the deny-list of ``names=`` plus the journey's own
  participant pseudonyms (:func:`cocreate_kit.journey.evidence_quotes`), in case a quote
  still holds personal data.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .._brief import notes_html
from .._html import MAX_LABEL, clip, esc, html_table, lang_attr
from ..i18n import N_, _, fmt_int, get_language, normalise_language, use_language
from ..journey import (
    Assumptions,
    Journey,
    JourneyProject,
    blueprint,
    emotion_curve,
    evidence_quotes,
    load_project,
    persona_sizes,
)
from ..thresholds import DEFAULT_K
from ._base import App, dropdown, float_slider, int_slider, is_static, toggle

__all__ = ["journey_app", "map_app"]

ALL_STAGES = "__all__"
_STEP_COLUMNS = {
    "step": N_("Step"),
    "channel": N_("Channel"),
    "customer_action": N_("Customer action"),
    "frontstage": N_("Frontstage"),
    "backstage": N_("Backstage"),
    "pain_points": N_("Pain points"),
    "opportunities": N_("Opportunities"),
}
# Evidence kinds and strengths (codes of the journey schema) as people read them.
_EVIDENCE_LABELS = {
    "quote": N_("quote"),
    "observation": N_("observation"),
    "sticky_note": N_("sticky note"),
    "survey": N_("survey"),
    "log_statistic": N_("log statistic"),
    "observed": N_("observed"),
    "reported": N_("reported"),
    "inferred": N_("inferred"),
    "hypothesis": N_("hypothesis"),
}


def _label(code: Any) -> str:
    return _(_EVIDENCE_LABELS[code]) if code in _EVIDENCE_LABELS else str(code)


def _persona_options(journey: Journey, k: int) -> dict[str, str]:
    sizes = persona_sizes(journey, k=k)
    return {
        (
            name
            if not hidden
            else _("{persona} (ratings hidden: fewer than {k} participants)").format(
                persona=name, k=fmt_int(k)
            )
        ): pid
        for pid, name, hidden in zip(
            sizes["persona"], sizes["persona_name"], sizes["suppressed"], strict=True
        )
    }


def _evidence_html(journey: Journey, step_ids: list[str], names: Any = ()) -> str:
    items = evidence_quotes(journey, steps=set(step_ids), names=names)
    if not items:
        return "<p>{}</p>".format(
            esc(_("No quotes or observations with consent to show for this stage."))
        )
    # A quote in another language than the page's is marked (WCAG 2.1 SC 3.1.2).
    lis = "".join(
        f"<li><blockquote{lang_attr(e.text)}>{esc(clip(e.text))}</blockquote><p class='ck-note'>"
        + esc(
            _("{kind}, {source}; strength: {strength}").format(
                kind=_label(e.kind), source=clip(e.source, MAX_LABEL), strength=_label(e.strength)
            )
        )
        + "</p></li>"
        for e in items
    )
    return f'<ul class="ck-evidence">{lis}</ul>'


def journey_app(
    as_is: Journey | JourneyProject,
    to_be: Journey | None = None,
    events: pd.DataFrame | str | Path | None = None,
    *,
    k: int = DEFAULT_K,
    assumptions: Assumptions | None = None,
    title: str | None = None,
    names: Any = (),
    language: str | None = None,
    synthetic: bool = False,
) -> App:
    """Build the stakeholder app for a journey (and its to-be redesign and event log).

    Parameters
    ----------
    as_is : Journey or JourneyProject
        The as-is journey, or a :class:`~cocreate_kit.journey.JourneyProject` (from
        :func:`~cocreate_kit.journey.load_project`) holding all three inputs; then
        ``to_be`` and ``events`` are taken from it.
    to_be : Journey, optional
        Enables the as-is/to-be toggle and the cost comparison with its sliders.
    events : DataFrame or path, optional
        Event log; adds the drop-off funnel by stage.
    k : int, default :data:`cocreate_kit.thresholds.DEFAULT_K`
        Minimum participants for any persona statistic shown.
    assumptions : Assumptions, optional
        Starting values of the cost sliders.
    title : str, optional
    names : sequence of str, optional
        Participant names (the recruitment deny-list, as for
        :func:`cocreate_kit.feedback.load_survey`) removed from evidence quotes, together
        with the journey's own participant pseudonyms.
    language : str, optional
        Language of every text, number and chart ("en", "da"); None: the current language
        (:func:`cocreate_kit.i18n.get_language`), captured when the app is built.
    synthetic : bool, default False
        Show the synthetic-data banner (the notebook passes ``files.is_sample``).

    Returns
    -------
    App
        Controls, in order: persona (Dropdown), stage, version toggle, cost sliders.
        The header holds up to four headline cards computed by the pillar, in this order:
        the as-is vs to-be comparison's cost and time cards (at the starting assumptions,
        :meth:`~cocreate_kit.journey.JourneyComparison.headline_cards`), the share of cases
        that did not finish (event log,
        :meth:`~cocreate_kit.journey.EventLogMetrics.headline_cards`), then each persona's
        lowest-rated step (:meth:`~cocreate_kit.journey.EmotionCurve.headline_cards`). The
        cards do not follow the sliders; when the sliders leave their starting values, the
        output says what the redesign saves under the chosen assumptions. Method notes of
        the same results are shown last, collapsed.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> app = journey_app(load(dataset_path("journey/home_care_as_is.json")))
    >>> list(app.controls)[:2]
    ['persona', 'stage']
    """
    lang = normalise_language(language) if language else get_language()
    with use_language(lang):
        return _journey_app(as_is, to_be, events, k, assumptions, title, names, lang, synthetic)


def _briefing(project: JourneyProject, a0: Assumptions, k: int) -> tuple[list[Any], str]:
    """Headline cards (at most 4) and method notes (trusted HTML) of the project's results,
    as the pillar computed them: the comparison at the starting assumptions, the event log,
    the emotion curve of every persona (a result without its input gives none)."""
    results = [
        project.compare(assumptions=a0, k=k),
        project.event_log_metrics(),
        emotion_curve(project.as_is, k=k),
    ]
    cards: list[Any] = []
    for result, most in zip(results, (3, 1, 2), strict=True):
        cards.extend(result.headline_cards()[:most])
    method = "".join(
        f"<h3>{esc(clip(str(r.title), MAX_LABEL))}</h3>{notes_html(notes)}"
        for r in results
        for notes in [r.method_notes()]
        if notes
    )
    return cards[:4], method


def _journey_app(
    as_is: Journey | JourneyProject,
    to_be: Journey | None,
    events: pd.DataFrame | str | Path | None,
    k: int,
    assumptions: Assumptions | None,
    title: str | None,
    names: Any,
    lang: str,
    synthetic: bool,
) -> App:
    project = (
        as_is
        if isinstance(as_is, JourneyProject)
        else load_project(as_is, to_be=to_be, events=events)
    )
    as_is, to_be = project.as_is, project.to_be
    a0 = assumptions or Assumptions()
    journeys = {"as_is": as_is, "to_be": to_be}
    controls: dict[str, Any] = {
        "persona": dropdown(_("Persona"), _persona_options(as_is, k)),
        "stage": dropdown(
            _("Stage"),
            {_("All stages"): ALL_STAGES, **project.stages()},
            as_is.ordered_stages()[0].id,
        ),
    }
    if to_be is not None:
        controls["version"] = toggle(
            _("Journey"), {_("As-is"): "as_is", _("To-be"): "to_be"}, "as_is"
        )
        controls["staff_rate"] = int_slider(
            _("Staff cost per hour ({currency})").format(currency=a0.currency),
            int(a0.staff_hourly_cost),
            100,
            1500,
            10,
        )
        controls["citizen_rate"] = int_slider(
            _("Value of a citizen hour ({currency})").format(currency=a0.currency),
            int(a0.citizen_hourly_value),
            0,
            1000,
            10,
        )
        controls["uncertainty"] = float_slider(
            _("To-be estimate uncertainty (±)"), float(a0.to_be_uncertainty), 0.0, 0.5, 0.05
        )
    cards, method = _briefing(project, a0, k)
    start = (int(a0.staff_hourly_cost), int(a0.citizen_hourly_value), float(a0.to_be_uncertainty))
    instruction = (
        _(
            "Choose a persona and a stage, switch between as-is and to-be, and move the "
            "sliders to try other cost assumptions."
        )
        if to_be is not None
        else _("Choose a persona and a stage.")
    )
    funnel_html = ""
    if project.events is not None:
        funnel_html = project.funnel(k=k).chart().to_html()

    @lru_cache(maxsize=16)
    def curve_html(version: str, persona: str) -> str:
        j = journeys[version]
        curve = emotion_curve(j, personas=[persona], k=k)
        if curve.shown.empty:
            name = {p.id: p.name for p in j.personas}.get(persona, persona)
            note = _(
                "Ratings for {persona} are not shown: fewer than {k} participants rated "
                "these steps."
            ).format(persona=clip(name, MAX_LABEL), k=fmt_int(k))
            return f'<p class="ck-note">{esc(note)}</p>'

        return curve.chart().to_html()

    @lru_cache(maxsize=4)
    def blueprint_of(version: str) -> Any:
        return blueprint(journeys[version])

    def render(**values: Any) -> str:
        # Widget callbacks run later, maybe in another language context: use the app's.
        with use_language(lang):
            return _render(**values)

    def _render(
        persona: str,
        stage: str,
        version: str = "as_is",
        staff_rate: int = 0,
        citizen_rate: int = 0,
        uncertainty: float = 0.0,
    ) -> str:
        j = journeys[version] or as_is
        bp = blueprint_of(version if journeys[version] is not None else "as_is")
        # Closed sections keep the live page short; an export shows them open.
        opened = " open" if is_static() else ""

        def section(summary: str, body: str) -> str:
            return f"<details{opened}><summary>{esc(summary)}</summary>{body}</details>"

        parts = []
        if not is_static():
            parts.append(f'<p class="ck-note">{esc(instruction)}</p>')
        if to_be is not None:
            a = a0._replace(
                staff_hourly_cost=float(staff_rate),
                citizen_hourly_value=float(citizen_rate),
                to_be_uncertainty=float(uncertainty),
            )
            cmp = project.compare(assumptions=a, k=k)
            # The headline cards show the starting assumptions; only other assumptions
            # get their own sentence (not the cards' numbers a second time).
            if (staff_rate, citizen_rate, uncertainty) != start:
                note = _("With the assumptions you set: {headline}").format(headline=cmp.headline())
                parts.append(f'<p class="ck-summary">{esc(note)}</p>')
        label = _("as-is") if version == "as_is" else _("to-be")
        parts.append("<h3>{}</h3>".format(esc(_("How it feels ({version})").format(version=label))))
        parts.append(curve_html(version, persona))
        chosen = None if stage == ALL_STAGES else stage
        stage_names = {s.id: s.name for s in j.stages}
        caption = (
            _("The whole map (steps, lanes and pain points)")
            if chosen is None
            else _("Stage: {stage} (steps, lanes and pain points)").format(
                stage=stage_names.get(chosen, chosen)
            )
        )
        parts.append("<h3>{}</h3>".format(esc(_("Steps and evidence"))))
        rows = bp.rows(chosen)[list(_STEP_COLUMNS)]
        rows = rows.rename(columns={c: _(label) for c, label in _STEP_COLUMNS.items()})
        parts.append(html_table(rows, caption))
        parts.append("<h4>{}</h4>".format(esc(_("What people told us (shared with consent)"))))
        parts.append(_evidence_html(j, bp.steps_in(chosen), names))
        if to_be is not None:
            parts.append(section(_("Staff cost per stage, as-is to to-be"), cmp.chart().to_html()))
        if funnel_html:
            parts.append(section(_("Where cases stop today (event log)"), funnel_html))
        parts.append(
            section(
                _("The service blueprint ({version}) and the whole map as a table").format(
                    version=label
                ),
                bp.chart().to_html(),
            )
        )
        return "".join(parts)

    return App(
        _(title) if title else _("Journey map: {journey}").format(journey=as_is.title),
        controls,
        render,
        intro=(
            _(
                "How people live this journey today, what they told us, and what the "
                "redesign changes in cost and time."
            )
            if to_be is not None
            else _("How people live this journey today, and what they told us.")
        ),
        cards=cards,
        synthetic=synthetic,
        method=method,
        language=lang,
    )


map_app = journey_app
