"""Evidence for stakeholders: consented quotes and observations, redacted with a deny-list.

What may be shown
-----------------
Only evidence whose ``consent`` flag is true is returned. Its ``text`` and ``source`` pass
through :func:`cocreate_kit.privacy.redact` with a deny-list made of

* the names given by the caller (``names=``: the recruitment sheet, the same list the
  feedback pillar takes), and
* the journey's own participant pseudonyms (the ``participant`` column of the evidence
  and ratings tables), so that a quote naming another participant ("P07 said ...") does
  not link statements across people.

The participant pseudonym itself is dropped from what is returned: a stakeholder sees
what was said, never who said it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from ..privacy import redact

__all__ = ["evidence_deny_list", "evidence_quotes"]


def evidence_deny_list(journey: Any, names: Iterable[str] = ()) -> list[str]:
    """The deny-list used for a journey's evidence: ``names`` plus its participant pseudonyms.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> deny = evidence_deny_list(j, ["Anne Jensen"])
    >>> deny[0], "P03" in deny
    ('Anne Jensen', True)
    """
    if isinstance(names, str):
        names = [names]
    out = [str(n) for n in names if str(n).strip()]
    seen = set(out)
    people = [e.participant for e in journey.evidence] + [r.participant for r in journey.ratings]
    for p in people:
        if p and str(p).strip() and str(p) not in seen:
            seen.add(str(p))
            out.append(str(p))
    return out


def evidence_quotes(
    journey: Any,
    *,
    steps: Iterable[str] | None = None,
    names: Sequence[str] = (),
    salt: str | bytes | None = None,
) -> list[Any]:
    """Consented evidence, redacted with the deny-list, for showing to stakeholders.

    Parameters
    ----------
    journey : Journey
    steps : iterable of str, optional
        Keep only evidence linked to at least one of these step ids.
    names : sequence of str
        Participant names to remove, as for :func:`cocreate_kit.privacy.redact`; the
        journey's participant pseudonyms are added (see :func:`evidence_deny_list`).
    salt : str or bytes, optional
        As for :func:`cocreate_kit.privacy.redact`.

    Returns
    -------
    list of Evidence
        Copies with ``text`` and ``source`` redacted and ``participant`` removed, in the
        journey's order.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> e = j.evidence[0]
    >>> j = j._replace(evidence=(replace(e, text="Anne Jensens datter ringede."),))
    >>> [q.text for q in evidence_quotes(j, names=["Anne Jensen"])]
    ['[NAME] datter ringede.']
    """
    keep = None if steps is None else set(steps)
    deny = evidence_deny_list(journey, names)

    def clean(text: Any) -> Any:
        return redact(text, names=deny, salt=salt) if isinstance(text, str) else text

    out = []
    for e in journey.evidence:
        if not e.consent or (keep is not None and not set(e.steps) & keep):
            continue
        out.append(
            replace(
                e,
                text=clean(e.text),
                source=clean(e.source),
                participant=None,
            )
        )
    return out
