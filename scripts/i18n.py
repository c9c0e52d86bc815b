"""Manage the message catalogues with Babel: extract, init a language, update, compile, check.

Usage (from the repository root)::

    python scripts/i18n.py update        # extract, merge into every .po, compile every .mo
    python scripts/i18n.py init sv       # start a new language from the current strings
    python scripts/i18n.py check         # what tests/test_i18n_catalogue.py checks
    python scripts/i18n.py missing da    # list the untranslated or fuzzy messages of one language
    python scripts/i18n.py missing da cocreate_kit/journey   # ... found under one path

What is extracted
-----------------
* ``cocreate_kit/**.py``: calls of ``_``, ``N_``, ``lazy``, ``ngettext`` (1, 2) and
  ``pgettext`` (context, message); a ``# Translators:`` comment on the line before goes to
  the translator.
* ``notebooks/*.ipynb`` and ``templates/*.ipynb``: each markdown block and the ``title``
  parameter (:mod:`cocreate_kit._i18n_notebook`).
* ``cocreate_kit/_share/**.html`` and ``**.j2``: the served pages' ``{{ _("...") }}`` (Jinja,
  Babel's ``jinja2.ext:babel_extract``).

The ``.po`` files are written without source locations and sorted by message, with a fixed
header, so that two branches adding different strings merge without conflicts and an
unchanged catalogue is rewritten byte for byte. The ``.mo`` files are committed (the package
needs no build step) and checked to be the compiled ``.po``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cocreate_kit.i18n import DOMAIN, LOCALE_DIR  # noqa: E402

KEYWORDS = {
    "_": None,
    "N_": None,
    "lazy": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
METHOD_MAP = [
    ("cocreate_kit/**.py", "python"),
    ("notebooks/*.ipynb", "cocreate_kit._i18n_notebook:extract_notebook"),
    ("templates/*.ipynb", "cocreate_kit._i18n_notebook:extract_notebook"),
    # The served pages (landing, error, sign-in): {{ _("...") }} in Jinja.
    ("cocreate_kit/_share/**.html", "jinja2.ext:babel_extract"),
    ("cocreate_kit/_share/**.j2", "jinja2.ext:babel_extract"),
]
# Fixed header dates: the catalogue changes only when its messages do.
FIXED_DATE = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
GLOSSARY = LOCALE_DIR / "glossary.csv"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?(?:![rsa])?(?::[^{}]*)?\}")


def _directory_filter(dirpath: str) -> bool:
    """Babel's default (no ``.x`` or ``_x`` folders), except the served pages' ``_share``."""
    name = Path(dirpath).name
    return name == "_share" or not name.startswith((".", "_"))


def extract() -> Catalog:
    """Every translatable message in the code and notebooks, as a template catalogue."""
    template = Catalog(
        domain=DOMAIN,
        project="cocreate-kit",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        charset="utf-8",
    )
    found = extract_from_dir(
        str(ROOT),
        method_map=METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
        directory_filter=_directory_filter,
    )
    for filename, lineno, message, comments, context in found:
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def dump_po(catalog: Catalog) -> bytes:
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.project = "cocreate-kit"
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
    return buf.getvalue()


def dump_mo(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def languages_on_disk() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def update() -> None:
    """Extract, merge into each language (new messages empty, gone ones dropped), compile."""
    template = extract()
    for language in languages_on_disk():
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        _write(po_path(language), dump_po(catalog))
        _write(po_path(language).with_suffix(".mo"), dump_mo(read(language)))
        print(f"{language}: {len(catalog)} messages, {len(missing(language))} untranslated")


def init(language: str) -> None:
    """Start ``language`` from the current messages."""
    if po_path(language).exists():
        raise SystemExit(f"{po_path(language)} exists; run `update` instead.")
    template = extract()
    catalog = Catalog(locale=language, domain=DOMAIN, charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    _write(po_path(language), dump_po(catalog))
    _write(po_path(language).with_suffix(".mo"), dump_mo(read(language)))
    print(f"Created {po_path(language).relative_to(ROOT)}: translate it, then run `update`.")


def missing(language: str, under: str = "") -> list[str]:
    """Messages extracted from the code with no (or a fuzzy) translation in ``language``;
    with ``under``, only those found in files whose path starts with it."""
    catalog = read(language)
    out = []
    for message in extract():
        if not message.id:
            continue
        if under and not any(path.startswith(under) for path, _line in message.locations):
            continue
        got = catalog.get(message.id, context=message.context)
        strings = () if got is None else (got.string if got.pluralizable else (got.string,))
        if got is None or got.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message (positional ``{}`` counted as ``{0}``, ``{1}`` ...)."""
    names, position = set(), 0
    for match in _PLACEHOLDER.finditer(text.replace("{{", "").replace("}}", "")):
        if match.group(1) is None:
            names.add(str(position))
            position += 1
        else:
            names.add(match.group(1))
    return names


def problems(language: str) -> list[str]:
    """Everything wrong with one catalogue: missing, fuzzy, placeholder mismatch, stale .mo."""
    out = [f"{language}: no translation for {m!r}" for m in missing(language)]
    for message in read(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        want = placeholders(ids[-1])
        for s in strings:
            if s and placeholders(s) != want and placeholders(s) != placeholders(ids[0]):
                out.append(
                    f"{language}: placeholders of {ids[0]!r} are {sorted(want)}, "
                    f"translation {s!r} has {sorted(placeholders(s))}"
                )
    mo = po_path(language).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != dump_mo(read(language)):
        out.append(f"{language}: {mo.relative_to(ROOT)} is not the compiled .po; run update")
    if po_path(language).read_bytes() != dump_po(read(language)):
        out.append(
            f"{language}: {po_path(language).relative_to(ROOT)} is not normalised; run update"
        )
    return out


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "update":
        update()
    elif command == "init" and rest:
        init(rest[0])
    elif command == "missing" and rest:
        for m in missing(rest[0], rest[1] if len(rest) > 1 else ""):
            print(repr(m))
    elif command == "check":
        found = [p for language in languages_on_disk() for p in problems(language)]
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
