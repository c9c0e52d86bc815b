"""Checks that a page or text in another language holds no untranslated English (issue 13).

The English source strings are the catalogue's own msgids: a Danish page must not contain
one whose Danish translation differs from it ("Not enough evidence yet" on a Danish page is
a missed translation; "SUS" or "NPS", the same in both, are not).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
_FIELD = re.compile(r"\{[^{}]*\}")
# A fragment this short can occur in any language ("Mean" vs "Median" or a name).
MIN_FRAGMENT = 12


@lru_cache(maxsize=4)
def english_fragments(language: str = "da") -> tuple[tuple[str, str], ...]:
    """(fragment, msgid) pairs: literal parts of each English source string whose
    translation differs, at least :data:`MIN_FRAGMENT` characters and three letters long."""
    po = ROOT / "cocreate_kit" / "locale" / language / "LC_MESSAGES" / "cocreate_kit.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    out = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in ids:
            if source in strings:
                continue
            # Markdown and HTML markup is not visible text: compare the words only.
            plain = re.sub(r"[*_`#>\[\]()]", " ", source)
            parts = _FIELD.split(plain)
            for fragment in parts:
                fragment = " ".join(fragment.split()).strip(" .,:;")
                # A piece of a message with fields must hold two words: one word next to
                # a field ("satisfaction {value}") is as likely a data value or column name.
                if len(parts) > 1 and " " not in fragment:
                    continue
                if len(fragment) >= MIN_FRAGMENT and sum(c.isalpha() for c in fragment) >= 3:
                    if not any(fragment in s for s in strings):
                        out.setdefault(fragment, source)
    return tuple(sorted(out.items()))


def untranslated(text: str, language: str = "da") -> list[str]:
    """The English source fragments that occur in ``text`` (whitespace-normalised).

    Examples
    --------
    >>> untranslated("Sprog: dansk")
    []
    """
    flat = " ".join(text.split())
    return sorted({src for fragment, src in english_fragments(language) if fragment in flat})
