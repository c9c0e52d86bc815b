"""The sentences of a comparison, built when shown (in the current language).

:mod:`._compare` stores, per comparison, what these sentences say as plain data (a
*spec*: the builder's name and its numbers, e.g. ``("caveat", {"n_a": 30, ...})``), and
:meth:`Comparison.summary` turns each spec into text at call time, so one result reads in
English or Danish. The ``caveat`` and ``more`` columns of ``Comparison.details`` hold the
same sentences as text in the language current when the comparison was made (the
documented DataFrame API); notes and warnings other than those below (no control named,
rows left out, overdispersion, sample ratio mismatch, plan deviations) are text made then.
"""

from __future__ import annotations

import math
from typing import Any

from ..i18n import _, fmt_int, ngettext
from ._kinds import KIND
from ._text import pct, sig
from ._verdict import BETTER, EQUIVALENT, SMALL_N, WORSE

__all__ = ["Spec", "caveat", "more", "holm", "prob_note", "render"]

#: A sentence as data: the builder's name and its keyword arguments (numbers and labels).
Spec = tuple[str, dict[str, Any]]


def caveat(
    *,
    kind: str,
    verdict: str,
    ci_low: float,
    ci_high: float,
    note: str,
    n_a: int,
    n_b: int,
    level: float,
    small: bool,
    margin: float | None,
    p_tost: float | None,
    names: tuple[str, str],
) -> str:
    """What the verdict rests on (``ci_low``/``ci_high`` on the test scale)."""
    k = KIND[kind]
    lo = k.fmt(k.display(ci_low), effect=True)
    hi = k.fmt(k.display(ci_high), effect=True)
    base = _("Based on {n_b} ({b}) and {n_a} ({a}) participants").format(
        n_b=fmt_int(n_b), b=names[1], n_a=fmt_int(n_a), a=names[0]
    )
    if note:
        return _("{base}; the p-value and interval are {note}, so no verdict is possible.").format(
            base=base, note=_(note)
        )
    if verdict == EQUIVALENT:
        return _(
            "{base}; the two one-sided tests place the difference within the declared "
            "margin of {margin} (TOST p = {p})."
        ).format(base=base, margin=sig(float(margin or 0), 6), p=sig(float(p_tost or 0), 3))
    if verdict in (BETTER, WORSE):
        return _(
            "{base}; the true difference could lie anywhere from {lo} to {hi}, so it "
            "may be smaller than it looks."
        ).format(base=base, lo=lo, hi=hi)
    if small:
        return _(
            "{base}; with fewer than {small} participants per variant and "
            "overlapping intervals, no winner is declared."
        ).format(base=base, small=fmt_int(SMALL_N))
    return _("{base}; the {level} interval from {lo} to {hi} includes no difference.").format(
        base=base, level=pct(level), lo=lo, hi=hi
    )


def more(*, kind: str, more: float, delta: float) -> str:
    """How many more participants per variant would detect ``delta`` (test scale); ``more``
    NaN: not computable."""
    if not math.isfinite(more):
        return _("The data cannot tell how many more participants are needed.")
    what = KIND[kind].mde_text(delta)
    if more == 0:
        return _(
            "The sample is already large enough to detect a difference of {what} ({power} power)."
        ).format(what=what, power=pct(0.8))
    n = int(more)
    return ngettext(
        "About {n} more participant per variant would detect a difference of "
        "{what} ({power} power).",
        "About {n} more participants per variant would detect a difference of "
        "{what} ({power} power).",
        n,
    ).format(n=fmt_int(n), what=what, power=pct(0.8))


def holm(*, n: int) -> str:
    """The note on Holm-adjusted p-values."""
    return _(
        "With {n} variants against control, p-values are Holm-adjusted (family-wise error rate)."
    ).format(n=fmt_int(n))


def prob_note(*, kind: str, paired: bool) -> str:
    """How the probability of being better was computed."""
    return KIND[kind].prob_note(paired)


_BUILDERS = {"caveat": caveat, "more": more, "holm": holm, "prob_note": prob_note}


def render(item: str | Spec) -> str:
    """A note as text: a spec is built now, in the current language; text is kept.

    Examples
    --------
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     render(("holm", {"n": 2}))
    'Med 2 varianter over for kontrolgruppen er p-værdierne justeret med Holms metode (familievis fejlrate).'
    >>> render("kept as it is")
    'kept as it is'
    """
    if isinstance(item, str):
        return item
    name, args = item
    return _BUILDERS[name](**args)
