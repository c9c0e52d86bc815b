"""``cocreate export``: run a notebook with parameters and write one self-contained HTML file.

The report is for people without a server: it opens from ``file://`` with no network.

* The notebook runs with :mod:`nbclient` in its own folder, with ``COCREATE_STATIC=1`` so kit
  apps render their default view as static HTML instead of widgets.
* Cells tagged ``ck-notebook-only`` (:data:`cocreate_kit._brief.NOTEBOOK_ONLY_TAG`: the
  notebook's own heading and checked headline prints) run but are left out: the app's
  briefing head shows title and headline once.
* Markdown cells are rendered; code cells are left out, their outputs kept: ``text/html``
  (kit charts are inline SVG), ``image/svg+xml`` and ``image/png`` as ``<img>`` data URIs
  with alt text, ``text/plain`` results and printed text. Widget views and stderr are
  skipped.
* The page shell is :func:`cocreate_kit.report.page` (lang, title, landmarks, skip link,
  kit stylesheet inlined, a Content-Security-Policy that allows no script and no
  request), titled from ``metadata.cocreate.title``; ``metadata.cocreate.lang`` is used
  when it is a valid BCP 47 tag.
* Outputs are data, not code: every ``text/html`` output, every ``text/markdown`` output
  and every rendered Markdown cell passes through the allow-list sanitiser
  :func:`cocreate_kit._html.sanitize_html` (no scripts, event handlers, remote or
  ``javascript:`` URLs; images only as ``data:`` URIs). Markdown is rendered without
  LaTeX (there is no MathJax offline), so ``$...$`` stays text.
* ``params["language"]`` (``cocreate export NB -p language da``) exports in that language:
  the notebook's ``language`` parameter is set (when it has one), its markdown is translated
  from the catalogue, the kernel gets ``COCREATE_LANGUAGE`` and the page ``lang="da"``
  (:func:`cocreate_kit._notebook.localise_notebook`). A notebook without a ``language``
  parameter still runs in that language through the environment variable.
* A cell that raises stops the export with a ``ValueError`` naming the cell and the error
  (the CLI prints it as one line and exits 2; no traceback).
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from typing import Any

from ._brief import NOTEBOOK_ONLY_TAG
from ._html import MAX_LABEL, clip, esc, sanitize_html
from .i18n import _, normalise_language, use_language

__all__ = ["export_notebook", "notebook_to_html"]

_WIDGET = "application/vnd.jupyter.widget-view+json"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_ANCHOR = re.compile(r'<a class="anchor-link" href="#[^"]*">[^<]*</a>')


def _title(nb: Any, fallback: str) -> str:
    meta = nb.metadata.get("cocreate", {}) or {}
    return str(meta.get("title") or nb.metadata.get("title") or fallback)


def _markdown(source: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return sanitize_html(_ANCHOR.sub("", markdown2html_mistune(source)))


def _image_alt(output: Any, cell_index: int) -> str:
    meta = output.get("metadata", {}) or {}
    for key in ("alt", "description", "title"):
        if meta.get(key):
            return clip(meta[key], MAX_LABEL)
    text = output.get("data", {}).get("text/plain")
    if isinstance(text, str) and text and not text.startswith("<"):
        return clip(text.strip(), MAX_LABEL)
    return _("Figure from cell {n}").format(n=cell_index)


def _output_html(output: Any, cell_index: int) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") != "stdout":
            return ""
        text = _ANSI.sub("", output.get("text", ""))
        return f'<pre class="ck-output-text">{esc(text.rstrip())}</pre>' if text.strip() else ""
    if kind not in ("display_data", "execute_result"):
        return ""
    data = output.get("data", {})
    if _WIDGET in data:
        return ""
    if "text/html" in data:
        return f'<div class="ck-output">{sanitize_html(data["text/html"])}</div>'
    if "image/svg+xml" in data:
        svg = data["image/svg+xml"]
        b64 = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return (
            f'<p class="ck-output"><img src="data:image/svg+xml;base64,{b64}" '
            f'alt="{esc(_image_alt(output, cell_index))}" style="max-width:100%"></p>'
        )
    if "image/png" in data:
        b64 = "".join(str(data["image/png"]).split())
        if not _BASE64.fullmatch(b64):
            return ""
        return (
            f'<p class="ck-output"><img src="data:image/png;base64,{b64}" '
            f'alt="{esc(_image_alt(output, cell_index))}" style="max-width:100%"></p>'
        )
    if "text/markdown" in data:
        return f'<div class="ck-output">{_markdown(data["text/markdown"])}</div>'
    if "text/plain" in data:
        return f'<pre class="ck-output-text">{esc(_ANSI.sub("", data["text/plain"]))}</pre>'
    return ""


def notebook_to_html(nb: Any, fallback_title: str = "Report") -> str:
    """An executed notebook as one offline HTML page (markdown and outputs, no code).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(metadata={"cocreate": {"title": "Demo"}})
    >>> nb.cells = [nbformat.v4.new_markdown_cell("# Hello"),
    ...             nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
    ...                 "execute_result", data={"text/plain": "2"}, execution_count=1)])]
    >>> html = notebook_to_html(nb)
    >>> "<title>Demo</title>" in html and "<h1" in html and "1 + 1" not in html
    True
    """
    from .report import page

    parts: list[str] = []
    for index, cell in enumerate(nb.cells, start=1):
        if NOTEBOOK_ONLY_TAG in (cell.get("metadata", {}).get("tags") or []):
            continue  # the design team's heading / checked headline: the app shows them
        if cell.cell_type == "markdown":
            parts.append(f'<div class="ck-markdown">{_markdown(cell.source)}</div>')
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                html = _output_html(output, index)
                if html:
                    parts.append(html)
    meta = nb.metadata.get("cocreate", {}) or {}
    lang = meta.get("lang", "en")
    try:
        language = normalise_language(lang)
    except ValueError:  # a language the kit has no catalogue for: the page chrome in English
        language = None
    with use_language(language):
        return page(_title(nb, fallback_title), "\n".join(parts), lang=lang)


def _failed_cell(nb: Any) -> tuple[int, str]:
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                return index, f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
    return 0, ""


def export_notebook(nb_path: str | Path, out_path: str | Path, params: dict[str, Any]) -> Path:
    """Run ``nb_path`` with ``params`` and write a self-contained HTML report.

    Parameters
    ----------
    nb_path : path
        The notebook (left unchanged on disk).
    out_path : path
        The HTML file to write.
    params : dict
        Values for names assigned in the notebook's ``parameters`` cell.

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    ValueError
        Unknown parameter names, or a cell that raised (naming the cell and the error).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    from . import i18n
    from ._notebook import localise_notebook, set_parameters

    src = Path(nb_path)
    out = Path(out_path)
    nb = nbformat.read(src, as_version=4)
    params = dict(params or {})
    language = params.pop("language", None)
    if params:
        set_parameters(nb, params)
    env = {**os.environ, "COCREATE_STATIC": "1"}
    if language is not None:
        lang = i18n.normalise_language(language)
        localise_notebook(nb, lang)
        env[i18n.ENV_VARIABLE] = lang
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(src.resolve().parent)}},
    )
    try:
        client.execute(env=env)
    except CellTimeoutError:
        msg = _("{file}: a cell ran for more than 10 minutes; the export was stopped.").format(
            file=src.name
        )
        raise ValueError(msg) from None
    except CellExecutionError as exc:
        index, error = _failed_cell(nb)
        where = _("cell {n}").format(n=index) if index else _("a cell")
        detail = error or f"{exc.ename}: {exc.evalue}"
        msg = _("{file}: {where} failed with {error} (nothing was written).").format(
            file=src.name, where=where, error=detail
        )
        raise ValueError(msg) from None
    html = notebook_to_html(nb, src.stem.replace("_", " "))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
