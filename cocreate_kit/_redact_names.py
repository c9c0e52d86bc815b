"""Deny-list names for :mod:`cocreate_kit.privacy`: normalising, parts, possessives.

Private: :func:`name_terms` is public as :func:`cocreate_kit.privacy.name_terms`; the
matching rules for names are documented in :mod:`cocreate_kit.privacy` (step 6).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# "[NAME] [NAME]" (a first name and a surname replaced one by one) becomes one "[NAME]".
_SAME_NAMES_RE = re.compile(r"(\[NAME(?:-[0-9a-f]{6})?\])(?:[ \u00a0]+\1)+")
_HYPHEN_CHARS = "\\-\u2010\u2011\u2012\u2013"
_HYPHEN_RE = re.compile(f"[{_HYPHEN_CHARS}]")
_DIGIT_RE = re.compile(r"\d")
_POSSESSIVE = r"(?:['’]s|s['’]?)?"
_LETTERS = r"[^\W\d_]+"


def _norm_name(name: str) -> str:
    """Case-folded name with hyphens as spaces and single spaces (the person's key)."""
    name = unicodedata.normalize("NFC", name).casefold()
    name = re.sub(f"[{_HYPHEN_CHARS}]", " ", name)
    return " ".join(name.split())


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s", "s'", "s’", "'", "’", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _name_parts(name: str) -> list[str]:
    """The single parts of a listed name: words, and the pieces of hyphenated words."""
    parts = []
    for word in name.split():
        pieces = re.split(f"[{_HYPHEN_CHARS}]", word)
        for p in [word, *pieces] if len(pieces) > 1 else [word]:
            if len(re.sub(r"\W", "", p)) >= 2 and p not in parts:
                parts.append(p)
    return parts


def name_terms(names: Iterable[str]) -> frozenset[str]:
    """Lower-case words of deny-listed names, with their possessive forms.

    Used to keep participant names out of theme labels and top terms: every word of every
    listed name (and each piece of a hyphenated name) is given case-folded, together with
    its Danish and English genitive forms (``jensens``, ``jensen's``).

    Examples
    --------
    >>> sorted(t for t in name_terms(["Anne-Marie Jensen"]) if "'" not in t)
    ['anne', 'anne-marie', 'anne-maries', 'annes', 'jensen', 'jensens', 'marie', 'maries']
    """
    if isinstance(names, str):
        names = [names]
    out: set[str] = set()
    for n in names:
        for p in _name_parts(unicodedata.normalize("NFC", str(n))):
            p = p.casefold()
            out.update({p, p + "s", p + "'s"})
    return frozenset(out)
