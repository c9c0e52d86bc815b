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
* **PDF** (``cocreate export NB -o report.pdf``, or ``--pdf``): the same HTML page is
  printed by headless Chromium (:func:`html_to_pdf`), the browser the kit's tests already
  use, so no PDF library is needed at run time. The page's print stylesheet (``kit.css``,
  ``@media print``) makes A4 pages: the briefing head and headline cards on page 1, no
  figure, card or table row split across pages, link URLs printed after the link text.
  Chromium runs offline (no proxy, every host name unresolvable, background networking
  off; the page's CSP forbids every request anyway) in a temporary profile that is
  deleted afterwards, and it is always stopped (its whole process group), also on a
  timeout.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ._brief import NOTEBOOK_ONLY_TAG
from ._html import MAX_LABEL, clip, esc, sanitize_html
from .i18n import _, normalise_language, use_language

__all__ = ["export_notebook", "notebook_to_html", "html_to_pdf", "find_chromium"]

_WIDGET = "application/vnd.jupyter.widget-view+json"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_ANCHOR = re.compile(r'<a class="anchor-link" href="#[^"]*">[^<]*</a>')


_MD_DIV = '<div class="ck-markdown">'
_H1_TAG = re.compile(r"<(/?)h1(?=[\s>])", re.IGNORECASE)


def _demote_h1(html: str) -> str:
    """``<h1>`` -> ``<h2>`` in a rendered Markdown cell.

    >>> _demote_h1('<h1 id="a">T</h1><h2>U</h2>')
    '<h2 id="a">T</h2><h2>U</h2>'
    """
    return _H1_TAG.sub(r"<\1h2", html)


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
            parts.append(f"{_MD_DIV}{_markdown(cell.source)}</div>")
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                html = _output_html(output, index)
                if html:
                    parts.append(html)
    if any('class="ck-brief"' in part for part in parts):
        # One <h1> per page, the app's: a notebook heading not tagged notebook-only
        # becomes a section heading under it.
        parts = [_demote_h1(part) if part.startswith(_MD_DIV) else part for part in parts]
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


def export_notebook(
    nb_path: str | Path,
    out_path: str | Path,
    params: dict[str, Any],
    *,
    pdf: bool | None = None,
) -> Path:
    """Run ``nb_path`` with ``params`` and write a self-contained HTML report (or a PDF).

    Parameters
    ----------
    nb_path : path
        The notebook (left unchanged on disk).
    out_path : path
        The HTML (or PDF) file to write.
    params : dict
        Values for names assigned in the notebook's ``parameters`` cell.
    pdf : bool, optional
        Write a PDF (printed by headless Chromium, :func:`html_to_pdf`) instead of HTML.
        ``None``: a PDF when ``out_path`` ends in ``.pdf``.

    Returns
    -------
    Path
        ``out_path``.

    Raises
    ------
    ValueError
        Unknown parameter names, a cell that raised (naming the cell and the error), no
        Chromium for a PDF, or Chromium failing to print.
    """
    import nbformat
    from nbclient import NotebookClient

    from . import i18n
    from ._notebook import localise_notebook, set_parameters

    src = Path(nb_path)
    out = Path(out_path)
    as_pdf = out.suffix.lower() == ".pdf" if pdf is None else bool(pdf)
    chromium = find_chromium() if as_pdf else ""  # before the notebook runs: fail fast
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
    with tempfile.TemporaryDirectory(prefix="cocreate-kernel-") as kernel_dir:
        client = NotebookClient(
            nb,
            km=_private_kernel_manager(kernel_dir),
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(src.resolve().parent)}},
        )
        _run_client(client, nb, src, env)
    html = notebook_to_html(nb, src.stem.replace("_", " "))
    out.parent.mkdir(parents=True, exist_ok=True)
    if as_pdf:
        return html_to_pdf(html, out, chromium=chromium)
    out.write_text(html, encoding="utf-8")
    return out


def _private_kernel_manager(kernel_dir: str) -> Any:
    """A kernel manager whose kernel talks over Unix sockets in ``kernel_dir`` (POSIX).

    Over TCP, the kernel's ports are picked free by this process and bound later by the
    kernel; another process (a second export, a Voila server) can take one in between and the
    kernel dies with "Address already in use". Sockets in a private directory cannot collide,
    as in the kit's Voila server (:func:`cocreate_kit._viewers.configure`). Elsewhere: ``None``
    (nbclient's default TCP manager).
    """
    if os.name != "posix":
        return None
    from jupyter_client.manager import KernelManager

    return KernelManager(
        kernel_name="python3",
        transport="ipc",
        connection_file=os.path.join(kernel_dir, "kernel.json"),
    )


def _run_client(client: Any, nb: Any, src: Path, env: dict[str, str]) -> None:
    """Execute ``client`` with ``env``; a timed-out or failing cell becomes a ``ValueError``."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

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


#: Where the kit looks for Chromium, after ``$COCREATE_CHROMIUM``.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
#: Flags for printing offline: headless, no GPU or sandbox (containers), no first-run,
#: sync, component or background traffic, and no network at all (no proxy; every host
#: name resolves to nothing, so even a request that slipped past the CSP cannot leave).
_PDF_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--run-all-compositor-stages-before-draw",
    "--no-pdf-header-footer",
)


def find_chromium() -> str:
    """The Chromium to print PDFs with: ``$COCREATE_CHROMIUM``, ``/usr/bin/chromium``,
    else ``chromium`` or ``chromium-browser`` on ``PATH``.

    Raises
    ------
    ValueError
        None found (one line saying how to install it).
    """
    chosen = os.environ.get("COCREATE_CHROMIUM", "").strip()
    if chosen:
        found = shutil.which(chosen)
        if found:
            return found
        msg = _(
            "COCREATE_CHROMIUM is {path!r}, which is not a program that can be run; "
            "point it at Chromium or unset it."
        ).format(path=chosen)
        raise ValueError(msg)
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    msg = _(
        "A PDF export needs Chromium, which was not found (looked for /usr/bin/chromium, "
        "chromium and chromium-browser); install it (Debian/Ubuntu: apt-get install "
        "chromium) or set COCREATE_CHROMIUM to its path."
    )
    raise ValueError(msg)


def _stop_group(proc: subprocess.Popen) -> None:
    """Kill Chromium and every process it started (its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def html_to_pdf(
    html: str, out_path: str | Path, *, chromium: str | None = None, timeout: float = 120
) -> Path:
    """Print an offline HTML page to ``out_path`` as PDF with headless Chromium.

    The page is written to a temporary folder and opened from ``file://``; Chromium gets
    a temporary profile (``--user-data-dir``) and home, the offline flags
    (:data:`_PDF_FLAGS`) and ``timeout`` seconds, and is always stopped. Page size and
    margins come from the page's print stylesheet (A4 in ``kit.css``).

    Raises
    ------
    ValueError
        No Chromium (see :func:`find_chromium`), a timeout, or no PDF written.
    """
    exe = chromium or find_chromium()
    out = Path(out_path)
    with tempfile.TemporaryDirectory(prefix="cocreate-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "report.html"
        page.write_text(html, encoding="utf-8")
        target = folder / "report.pdf"
        home = folder / "home"
        home.mkdir()
        env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        cmd = [
            exe,
            *_PDF_FLAGS,
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        log = folder / "chromium.log"
        with open(log, "wb") as err_file:
            # stderr to a file, not a pipe: Chromium's helpers may hold a pipe open.
            proc = subprocess.Popen(
                cmd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err_file,
                start_new_session=True,
            )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            msg = _("Chromium did not finish printing {file} within {s} seconds.").format(
                file=out.name, s=int(timeout)
            )
            raise ValueError(msg) from None
        finally:
            _stop_group(proc)
        if not target.exists() or target.read_bytes()[:5] != b"%PDF-":
            err = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            last = err[-1:] or ["-"]
            msg = _("Chromium did not write {file} (exit status {code}: {detail}).").format(
                file=out.name, code=proc.returncode, detail=clip(last[0], MAX_LABEL)
            )
            raise ValueError(msg)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, out)
    return out
