"""The page pattern every app and export follows: a briefing, not a notebook printout.

A stakeholder page reads top to bottom as

1. **title** (one ``<h1>``; the notebook's own heading is not shown again);
2. **one line saying what this is** (``what``);
3. the **synthetic-data banner** when the page shows the bundled sample;
4. **headline cards**: 2-4 big numbers, each with its interval, its n and a plain verdict
   (:class:`Card`, :func:`cards_html`);
5. then the detail (controls, charts, tables);
6. method notes last, collapsed under "How this was computed" (:func:`method_html`).

The helpers only lay out text the pillars computed: a card holds formatted strings, never
numbers to format or compare, so an app cannot recompute what a pillar does. Every text is
escaped here (:func:`cocreate_kit._html.esc`), so callers pass plain text, not markup,
except ``body_html`` / ``method`` which are trusted fragments the kit rendered.

Examples
--------
>>> card = Card("Cost per case", "-24%", "The redesign saves 24%.",
...             interval="95% CI -30% to -18%", n="n = 120 cases", tone="good")
>>> html = cards_html([card])
>>> 'class="ck-cards"' in html and html.count('class="ck-card ') == 1
True
>>> "How this was computed" in method_html("<p>Means of 120 cases.</p>")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ._html import MAX_LABEL, MAX_TEXT, clip, esc
from .i18n import N_, _

__all__ = [
    "Card",
    "cards_html",
    "method_html",
    "notes_html",
    "banner_html",
    "brief_html",
    "SYNTHETIC_BANNER",
    "TONES",
    "VISUALLY_HIDDEN",
    "NOTEBOOK_ONLY_TAG",
]

#: The tones a card may have. The tone sets a border style and a text marker, never
#: colour alone (WCAG 1.4.1): "good" and "bad" say which way the evidence points for the
#: citizen or the service, "unclear" that it does not point either way yet.
TONES = ("good", "bad", "neutral", "unclear")

#: CSS class that hides text visually but keeps it for screen readers (chart
#: descriptions that repeat a visible summary).
VISUALLY_HIDDEN = "ck-visually-hidden"

#: Cell tag for notebook cells a design team reads in JupyterLab but a stakeholder must not
#: see twice: the notebook's own heading and instructions (the app shows title and what
#: this is) and checked ``print(...headline())`` cells (the app shows headline cards).
#: Voila and ``cocreate export`` run these cells but leave their outputs out; nbval still
#: checks them.
NOTEBOOK_ONLY_TAG = "ck-notebook-only"

SYNTHETIC_BANNER = N_(
    "Synthetic example data. Every person, answer and case on this page is made up to show "
    "how the kit works; none describes a real person."
)

_TONE_MARK = {
    "good": N_("Favourable"),
    "bad": N_("Unfavourable"),
    "neutral": "",
    "unclear": N_("Not settled"),
}


@dataclass(frozen=True)
class Card:
    """One headline number, as the pillar computed and formatted it.

    Parameters
    ----------
    label : str
        What is measured, in a few words ("Cost per case, redesign vs today").
    value : str
        The big number, formatted in the reader's language ("-24%", "62,9").
    verdict : str
        A plain-language verdict a minister can repeat ("The redesign saves 24%.").
    interval : str, optional
        The uncertainty around ``value`` ("95% CI -30% to -18%"); empty when the number
        is exact (a count).
    n : str, optional
        How many people, cases or answers the number rests on ("n = 120 cases").
    tone : {"good", "bad", "neutral", "unclear"}
        Which way the evidence points (see :data:`TONES`).
    """

    label: str
    value: str
    verdict: str
    interval: str = ""
    n: str = ""
    tone: str = "neutral"

    def __post_init__(self) -> None:
        if self.tone not in TONES:
            msg = f"Card tone must be one of {', '.join(TONES)}; got {self.tone!r}."
            raise ValueError(msg)
        if not str(self.label).strip() or not str(self.value).strip():
            msg = "A headline card needs a label and a value (got an empty one)."
            raise ValueError(msg)

    def to_html(self) -> str:
        """The card as one ``<li>`` (label, value, interval, n, verdict)."""
        mark = _(_TONE_MARK[self.tone]) if _TONE_MARK[self.tone] else ""
        parts = [
            f'<li class="ck-card ck-card-{self.tone}">',
            f'<p class="ck-card-label">{esc(clip(str(self.label), MAX_LABEL))}</p>',
            f'<p class="ck-card-value">{esc(clip(str(self.value), MAX_LABEL))}</p>',
        ]
        if self.interval:
            parts.append(f'<p class="ck-card-interval">{esc(clip(str(self.interval)))}</p>')
        if self.n:
            parts.append(f'<p class="ck-card-n">{esc(clip(str(self.n)))}</p>')
        verdict = esc(clip(str(self.verdict)))
        if mark:
            verdict = f'<span class="ck-card-mark">{esc(mark)}:</span> {verdict}'
        parts.append(f'<p class="ck-card-verdict">{verdict}</p></li>')
        return "".join(parts)


def cards_html(cards: Sequence[Card], *, label: str | None = None) -> str:
    """Headline cards as a labelled list (empty string for no cards).

    At most four: a briefing with more than four headline numbers has no headline. The list
    is a ``<section>`` named "Headline" (``label``) so screen-reader users can jump to it.
    """
    cards = list(cards)
    if not cards:
        return ""
    if len(cards) > 4:
        msg = f"A page shows at most 4 headline cards; got {len(cards)}."
        raise ValueError(msg)
    name = esc(label or _("Headline"))
    items = "".join(card.to_html() for card in cards)
    return (
        f'<section class="ck-cards-section" aria-label="{name}">'
        f'<ul class="ck-cards" role="list">{items}</ul></section>'
    )


def notes_html(notes: Iterable[str]) -> str:
    """Plain-text method notes as escaped paragraphs (the body for :func:`method_html`).

    Examples
    --------
    >>> notes_html(["Welch t-test.", "95% interval <t>."])
    '<p>Welch t-test.</p><p>95% interval &lt;t&gt;.</p>'
    """
    return "".join(f"<p>{esc(note)}</p>" for note in notes)


def method_html(body_html: str, *, summary: str | None = None) -> str:
    """Method notes collapsed under "How this was computed" (empty for no notes).

    ``body_html`` is a trusted fragment the kit rendered (escape data before passing it).
    """
    if not body_html:
        return ""
    head = esc(summary or _("How this was computed"))
    return (
        f'<details class="ck-method"><summary>{head}</summary>'
        f'<div class="ck-method-body">{body_html}</div></details>'
    )


def banner_html(text: str = "") -> str:
    """The synthetic-data banner (``text`` defaults to :data:`SYNTHETIC_BANNER`)."""
    shown = esc(clip(str(text) if text else _(SYNTHETIC_BANNER), MAX_TEXT))
    return f'<p class="ck-banner" role="note">{shown}</p>'


def brief_html(
    title: str,
    what: str,
    cards: Sequence[Card] = (),
    body_html: str = "",
    *,
    method: str = "",
    synthetic: bool = False,
    level: int = 1,
) -> str:
    """A whole briefing: title, what this is, banner, headline cards, detail, method.

    Parameters
    ----------
    title, what : str
        Plain text: the page heading and one line saying what this is.
    cards : sequence of Card
        The headline (0-4 cards).
    body_html : str
        The detail, a trusted fragment.
    method : str
        Method notes, a trusted fragment, shown collapsed (:func:`method_html`).
    synthetic : bool
        Show the synthetic-data banner.
    level : int
        Heading level of ``title`` (1 on a page, 2 inside a larger page).

    Examples
    --------
    >>> html = brief_html("Home care", "A survey of 600 users.", synthetic=True)
    >>> html.startswith('<header class="ck-brief"><h1>Home care</h1>')
    True
    >>> 'class="ck-banner"' in html
    True
    """
    level = min(max(int(level), 1), 6)
    head = [f'<header class="ck-brief"><h{level}>{esc(clip(str(title), MAX_LABEL))}</h{level}>']
    if what:
        head.append(f'<p class="ck-what">{esc(clip(str(what)))}</p>')
    if synthetic:
        head.append(banner_html())
    head.append("</header>")
    return "".join(head) + cards_html(cards) + body_html + method_html(method)
