"""Notebook parameters (papermill convention): read and rewrite the ``parameters`` cell.

A template's first code cells are imports, then one cell tagged ``parameters`` that holds
only simple assignments (``name = value``). :func:`set_parameters` rewrites those lines in
place so a design team sees the values it chose where it expects them (unlike papermill,
which appends an "injected-parameters" cell).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from .i18n import _

__all__ = [
    "parameters_cell",
    "read_parameters",
    "set_parameters",
    "parse_cli_value",
    "localise_notebook",
    "page_texts",
]


def parameters_cell(nb: Any) -> Any:
    """The cell tagged ``parameters``; ``ValueError`` if there is none."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell
    msg = _("This notebook has no cell tagged 'parameters' (papermill convention).")
    raise ValueError(msg)


def read_parameters(nb: Any) -> dict[str, Any]:
    """Names and literal values assigned in the parameters cell."""
    tree = ast.parse(parameters_cell(nb).source)
    out: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    out[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    out[target.id] = ast.unparse(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = ast.literal_eval(node.value) if node.value is not None else None
    return out


def set_parameters(nb: Any, params: dict[str, Any]) -> Any:
    """Rewrite assignments in the parameters cell. Unknown names raise ``ValueError``."""
    cell = parameters_cell(nb)
    known = read_parameters(nb)
    unknown = [k for k in params if k not in known]
    if unknown:
        msg = _("Unknown parameter(s): {unknown}. This notebook's parameters are: {known}.").format(
            unknown=", ".join(unknown), known=", ".join(known) or _("(none)")
        )
        raise ValueError(msg)
    source = cell.source
    for name, value in params.items():
        pattern = re.compile(rf"^({re.escape(name)}\s*(?::[^=]+)?=\s*)(.*?)(\s*#.*)?$", re.M)
        source = pattern.sub(
            lambda m, v=value: m.group(1) + repr(v) + (m.group(3) or ""), source, count=1
        )
    cell.source = source
    return nb


def parse_cli_value(text: str) -> Any:
    """Turn a command-line value into a Python value: literals if they parse, else text.

    Examples
    --------
    >>> parse_cli_value("12"), parse_cli_value("0.5"), parse_cli_value("Home care")
    (12, 0.5, 'Home care')
    """
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def template_path(kind: str) -> Path:
    """Path of the bundled template for ``kind`` (journey, experiment, feedback, ledger)."""
    from ._resources import resource_dir

    names = {
        "journey": "journey_map.ipynb",
        "experiment": "prototype_test.ipynb",
        "feedback": "feedback_analysis.ipynb",
        "ledger": "ledger.ipynb",
    }
    if kind not in names:
        msg = _("Unknown template {kind!r}; choose one of: {kinds}.").format(
            kind=kind, kinds=", ".join(names)
        )
        raise ValueError(msg)
    return resource_dir("templates") / names[kind]


def page_texts() -> dict[str, str]:
    """The served page's own words (skip link, header, footer, start-up status) in the current
    language, for ``index.html.j2`` (which Voila renders outside the kit's Jinja globals)."""
    from .i18n import _

    return {
        "skip": _("Skip to content"),
        "apps_nav": _("Apps"),
        "all_apps": _("All apps"),
        "starting": _("Starting the app…"),
        "starting_wait": _("This can take a minute when many people open it at once."),
        "stopped": _("This app stopped; reload to start again."),
        "reload": _("Reload"),
        "footer": _(
            "Made with cocreate-kit. This app works offline; nothing is loaded from the internet."
        ),
    }


def localise_notebook(nb: Any, language: str | None) -> Any:
    """Prepare ``nb`` (an nbformat notebook) to run and show in ``language``, in place.

    The ``language`` parameter is set when the notebook has one (the notebook's first cell
    after the parameters calls ``i18n.set_language(language)``), markdown prose is
    translated from the catalogue, ``metadata.cocreate.lang`` (the page's ``<html lang>``)
    and the title follow, and ``metadata.cocreate.ui`` holds the page's own words
    (:func:`page_texts`). ``None`` uses the current language. Returns ``nb``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell('language = "en"', metadata={"tags": ["parameters"]})]
    >>> nb = localise_notebook(nb, "da")
    >>> nb.cells[0].source, nb.metadata["cocreate"]["lang"]
    ("language = 'da'", 'da')
    """
    from ._i18n_notebook import translate_notebook
    from .i18n import _, get_language, normalise_language, use_language

    lang = normalise_language(language) if language else get_language()
    try:
        if "language" in read_parameters(nb):
            set_parameters(nb, {"language": lang})
    except ValueError:  # no parameters cell: nothing to set
        pass
    translate_notebook(nb, lang)
    meta = dict(nb.metadata.get("cocreate", {}) or {})
    with use_language(lang):
        if meta.get("title"):
            meta["title"] = _(str(meta["title"]))
        if meta.get("description"):
            meta["description"] = _(str(meta["description"]))
        meta["ui"] = page_texts()
    meta["lang"] = lang
    nb.metadata["cocreate"] = meta
    return nb
