"""Export a journey: the map as PNG/SVG, the journey as JSON, Mermaid ``journey`` text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .._html import MAX_LABEL, clip
from ..i18n import _
from ..thresholds import DEFAULT_K
from ._charts import blueprint_chart
from ._model import Journey
from ._ratings import eligible_ratings

__all__ = ["export_map", "to_json", "to_mermaid"]


def export_map(journey: Journey, path: str | Path, *, scale: float = 2.0) -> Path:
    """Write the service blueprint as ``.svg``, ``.png`` or ``.html`` (offline, vl-convert).

    Refuses to overwrite an existing file.
    """
    p = Path(path)
    if p.exists():
        msg = _("{path} already exists; choose another name (nothing was overwritten).").format(
            path=repr(str(p))
        )
        raise FileExistsError(msg)
    return blueprint_chart(journey).save(p, scale=scale)


def to_json(journey: Journey) -> str:
    """The journey as JSON text (valid against ``journey.schema.json``).

    Examples
    --------
    >>> from cocreate_kit.journey import Journey, Stage, Step
    >>> j = Journey("j", "I apply", "Care", "as_is", stages=(Stage("s", 1, "Apply"),),
    ...             steps=(Step("a", "s", 1, "Form"),))
    >>> json.loads(to_json(j))["steps"][0]["title"]
    'Form'
    """
    return json.dumps(journey.to_dict(), indent=2, ensure_ascii=False)


def _safe(text: str) -> str:
    """A Mermaid label: no syntax characters or bidi controls, cut to ``MAX_LABEL``."""
    return clip(re.sub(r"[:;#\n\r<>]+", " ", str(text)).strip(), MAX_LABEL)


def to_mermaid(journey: Journey, *, k: int = DEFAULT_K) -> str:
    """Mermaid ``journey`` text: one section per stage, one task per step.

    A task's score is the mean emotion of all ratings of the step mapped from -2..+2 to
    Mermaid's 1..5 (``round(mean + 3)``), listed with the personas that rated it; only
    personas with at least ``k`` participants count (small personas stay hidden). Steps
    rated by fewer than ``k`` participants get the neutral score 3 and no actors (small
    groups are not shown); a ``%%`` comment says so.

    Examples
    --------
    >>> from cocreate_kit.journey import Journey, Stage, Step
    >>> j = Journey("j", "I apply", "Care", "as_is", stages=(Stage("s", 1, "Apply"),),
    ...             steps=(Step("a", "s", 1, "Fill in: form"),))
    >>> print(to_mermaid(j))
    journey
        title I apply
        section Apply
          Fill in  form: 3
          %% not rated by 5 or more participants
    """
    names = {p.id: p.name for p in journey.personas}
    by_step: dict[str, list] = {}
    if journey.ratings:
        for r in eligible_ratings(journey, k).itertuples(index=False):
            by_step.setdefault(r.step, []).append(r)
    lines = ["journey", f"    title {_safe(journey.title)}"]
    for stage in journey.ordered_stages():
        steps = [s for s in journey.ordered_steps() if s.stage == stage.id]
        if not steps:
            continue
        lines.append(f"    section {_safe(stage.name)}")
        for s in steps:
            rs = by_step.get(s.id, [])
            people = {r.participant for r in rs}
            if len(people) >= k:
                mean = sum(r.emotion for r in rs) / len(rs)
                score = int(min(5, max(1, round(mean + 3))))
                actors = sorted({names.get(r.persona, r.persona) for r in rs})
                lines.append(f"      {_safe(s.title)}: {score}: {', '.join(map(_safe, actors))}")
            else:
                lines.append(f"      {_safe(s.title)}: 3")
                lines.append(f"      %% not rated by {k} or more participants")
    return "\n".join(lines)
