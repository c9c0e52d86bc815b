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

from .._html import MAX_LABEL, clip, esc, html_table
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
_STEP_COLUMNS = [
    "step",
    "channel",
    "customer_action",
    "frontstage",
    "backstage",
    "pain_points",
    "opportunities",
]


def _persona_options(journey: Journey, k: int) -> dict[str, str]:
    sizes = persona_sizes(journey, k=k)
    return {
        (name if not hidden else f"{name} (ratings hidden: fewer than {k} participants)"): pid
        for pid, name, hidden in zip(
            sizes["persona"], sizes["persona_name"], sizes["suppressed"], strict=True
        )
    }


def _evidence_html(journey: Journey, step_ids: list[str], names: Any = ()) -> str:
    items = evidence_quotes(journey, steps=set(step_ids), names=names)
    if not items:
        return "<p>No quotes or observations with consent to show for this stage.</p>"
    lis = "".join(
        f"<li><blockquote>{esc(clip(e.text))}</blockquote><p class='ck-note'>"
        f"{esc(e.kind)}, {esc(clip(e.source, MAX_LABEL))}; strength: {esc(e.strength)}</p></li>"
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

    Returns
    -------
    App
        Controls, in order: persona (Dropdown), stage, version toggle, cost sliders.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> app = journey_app(load(dataset_path("journey/home_care_as_is.json")))
    >>> list(app.controls)[:2]
    ['persona', 'stage']
    """
    project = (
        as_is
        if isinstance(as_is, JourneyProject)
        else load_project(as_is, to_be=to_be, events=events)
    )
    as_is, to_be = project.as_is, project.to_be
    a0 = assumptions or Assumptions()
    journeys = {"as_is": as_is, "to_be": to_be}
    controls: dict[str, Any] = {
        "persona": dropdown("Persona", _persona_options(as_is, k)),
        "stage": dropdown(
            "Stage", {"All stages": ALL_STAGES, **project.stages()}, as_is.ordered_stages()[0].id
        ),
    }
    if to_be is not None:
        controls["version"] = toggle("Journey", {"As-is": "as_is", "To-be": "to_be"}, "as_is")
        controls["staff_rate"] = int_slider(
            f"Staff cost per hour ({a0.currency})", int(a0.staff_hourly_cost), 100, 1500, 10
        )
        controls["citizen_rate"] = int_slider(
            f"Value of a citizen hour ({a0.currency})", int(a0.citizen_hourly_value), 0, 1000, 10
        )
        controls["uncertainty"] = float_slider(
            "To-be estimate uncertainty (±)", float(a0.to_be_uncertainty), 0.0, 0.5, 0.05
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
            return (
                f'<p class="ck-note">Ratings for {esc(clip(name, MAX_LABEL))} are not shown: '
                f"fewer than {k} participants rated these steps.</p>"
            )
        return curve.chart().to_html()

    @lru_cache(maxsize=4)
    def blueprint_of(version: str) -> Any:
        return blueprint(journeys[version])

    def render(
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
        if to_be is not None:
            a = a0._replace(
                staff_hourly_cost=float(staff_rate),
                citizen_hourly_value=float(citizen_rate),
                to_be_uncertainty=float(uncertainty),
            )
            cmp = project.compare(assumptions=a, k=k)
            parts.append(f'<p class="ck-summary"><strong>{esc(cmp.headline())}</strong></p>')
        label = "as-is" if version == "as_is" else "to-be"
        parts.append(f"<h3>How it feels ({esc(label)})</h3>")
        parts.append(curve_html(version, persona))
        chosen = None if stage == ALL_STAGES else stage
        stage_names = {s.id: s.name for s in j.stages}
        caption = "The whole map" if chosen is None else f"Stage: {stage_names.get(chosen, chosen)}"
        parts.append("<h3>Steps and evidence</h3>")
        parts.append(
            html_table(bp.rows(chosen)[_STEP_COLUMNS], caption + " (steps, lanes and pain points)")
        )
        parts.append("<h4>What people told us (shared with consent)</h4>")
        parts.append(_evidence_html(j, bp.steps_in(chosen), names))
        if to_be is not None:
            parts.append(section("Staff cost per stage, as-is to to-be", cmp.chart().to_html()))
        if funnel_html:
            parts.append(section("Where cases stop today (event log)", funnel_html))
        parts.append(
            section(
                f"The service blueprint ({label}) and the whole map as a table",
                bp.chart().to_html(),
            )
        )
        return "".join(parts)

    return App(
        title or f"Journey map: {as_is.title}",
        controls,
        render,
        intro="Choose a persona and a stage; compare the current journey with the "
        "redesign and try other cost assumptions.",
    )


map_app = journey_app
