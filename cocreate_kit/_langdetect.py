"""Which language a short text is in: Danish, English or unknown (core, used by every layer).

Counts of the most frequent Danish and English function words (stop words) in the text, plus
one Danish vote per ``æ``, ``ø``, ``å``. More Danish votes -> ``"da"``, more English ->
``"en"``, a tie (e.g. no stop words) -> ``"unknown"``. Simple, offline and good for survey
comments and quotes; it is not a general language identifier. The feedback pillar re-exports
:func:`detect_language`; pages use :func:`cocreate_kit._html.lang_attr` to mark quotes whose
language differs from the page's.
"""

from __future__ import annotations

import re

__all__ = ["detect_language"]

_DA_MARKERS = frozenset(
    """og ikke det er jeg at en et til på med som har var de den af
men kan vi så der min mit mig vores hun han når meget også man alt bliver blev mange hver
efter eller skal vil være godt""".split()
)
# Words spelled the same in both languages ("i", "for", "under") are not markers.
_EN_MARKERS = frozenset(
    """the and is not it to of a that with was for on are my we you
they have has but be this very too when our she he his her were will would can't cannot
don't does did""".split()
) - {"for"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str:
    """``"da"``, ``"en"`` or ``"unknown"`` from stop-word counts (see module Notes).

    Examples
    --------
    >>> detect_language("Hjælperen kom for sent, og det er ikke godt.")
    'da'
    >>> detect_language("The carer was late and it is not good.")
    'en'
    >>> detect_language("OK")
    'unknown'
    """
    if not isinstance(text, str):
        return "unknown"
    words = _WORD.findall(text.lower())
    da = sum(w in _DA_MARKERS for w in words) + sum(text.lower().count(c) for c in "æøå")
    en = sum(w in _EN_MARKERS for w in words)
    if da > en:
        return "da"
    if en > da:
        return "en"
    return "unknown"
