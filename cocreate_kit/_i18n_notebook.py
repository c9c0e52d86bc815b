"""Notebook prose in the message catalogue: markdown cells and ``parameters`` strings.

The kit's notebooks and templates are written in English. Their prose goes into the same
catalogue as the code's strings, one message per markdown *block* (text between blank lines),
so a translator translates a paragraph, a heading or a list as a whole. When a notebook is
served or exported in another language, :func:`translate_notebook` swaps each block for its
translation; a block with no translation (a design team's own text) stays as written.

The ``title`` assigned in the ``parameters`` cell (``title = "Journey map"``) is extracted
too (only names in :data:`TEXT_PARAMETERS`; others such as ``kind = "feedback"`` are
identifiers): apps show ``_(title)``, so the default title is translated and a user's own
title is shown as given. So are ``metadata.cocreate.title`` and ``description``, the landing
page's entry for the notebook, which ``cocreate serve`` shows through ``_()``.

:func:`extract_notebook` is the Babel extractor for ``.ipynb`` files (see ``scripts/i18n.py``).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "TEXT_PARAMETERS",
    "extract_notebook",
    "markdown_blocks",
    "translate_markdown",
    "translate_notebook",
]

#: Parameters whose default string is text for people, extracted for translation.
TEXT_PARAMETERS = frozenset({"title", "subtitle", "intro"})

_BLANK = re.compile(r"\n[ \t]*\n")


def markdown_blocks(source: str) -> list[str]:
    """The blocks of a markdown cell: text between blank lines, stripped, empty ones dropped.

    Examples
    --------
    >>> markdown_blocks("# Title\\n\\nOne line.\\nTwo lines.\\n\\n")
    ['# Title', 'One line.\\nTwo lines.']
    """
    return [b.strip() for b in _BLANK.split(source) if b.strip()]


def translate_markdown(source: str, gettext: Any = None) -> str:
    """``source`` with each block replaced by its translation (current language by default).

    Blocks are re-joined with one blank line.
    """
    if gettext is None:
        from .i18n import _ as gettext
    return "\n\n".join(gettext(block) for block in markdown_blocks(source))


def _parameter_strings(source: str) -> Iterator[tuple[int, str]]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)):
            continue
        names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        if names & TEXT_PARAMETERS and isinstance(node.value.value, str):
            if node.value.value.strip():
                yield node.lineno, node.value.value


def translate_notebook(nb: Any, language: str | None = None) -> Any:
    """Translate, in place, the markdown cells of ``nb`` (an nbformat notebook) into
    ``language`` and return it. Code cells are left alone (apps translate their own text)."""
    from .i18n import _, use_language

    with use_language(language):
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = translate_markdown(cell.source, _)
    return nb


def extract_notebook(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str | None, list[str]]]:
    """Babel extractor: markdown blocks and ``parameters``-cell strings of a notebook.

    The line number is the cell's index (notebooks have no stable line numbers); the
    landing page's ``metadata.cocreate`` ``title`` and ``description`` get line 0.
    """
    nb = json.loads(fileobj.read().decode("utf-8"))
    meta = nb.get("metadata", {}).get("cocreate", {})
    for key in ("title", "description"):
        if isinstance(meta, dict) and isinstance(meta.get(key), str) and meta[key].strip():
            yield 0, "_", meta[key], []
    for index, cell in enumerate(nb.get("cells", [])):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown":
            for block in markdown_blocks(source):
                yield index, "_", block, []
        elif cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            for _line, text in _parameter_strings(source):
                yield index, "_", text, []
