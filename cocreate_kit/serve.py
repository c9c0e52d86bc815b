"""``cocreate serve``: the apps in a folder, served offline by Voila with the kit's template.

What the server does, and why
-----------------------------
* **Template** ``cocreate`` (``cocreate_kit/_share/voila/templates/cocreate``): the stock
  ``lab`` page minus every external request (Font Awesome, MathJax and Mermaid CDNs), plus
  ``lang``, a page title per app from ``metadata.cocreate.title``, a skip link,
  header/main/footer landmarks and the kit stylesheet. The folder is put first on
  ``JUPYTER_PATH`` so Voila finds it in a wheel install and in a source checkout alike.
* **Landing page**: every notebook of the folder with the title and one-sentence description
  from its ``metadata.cocreate``.
* **Preheated kernels** (a pool of one kernel per app, the notebook already executed) make a
  page interactive in about a third of the time; idle kernels are **culled** after
  :data:`CULL_IDLE_TIMEOUT` seconds so closed tabs do not keep memory.
* **Many viewers and faults** (:mod:`cocreate_kit._viewers`): kernels run at a lower CPU
  priority than the server, Jupyter's timeouts are sized for a crowd, malformed websocket
  messages are ignored and logged. The template shows a "Starting the app…" status while a
  viewer waits and "This app stopped; reload to start again" if the kernel dies.
* **Viewers never see tracebacks** (``show_tracebacks=False``; the server log keeps them),
  and the ``?template=`` / ``?theme=`` overrides are off.
* Binds ``127.0.0.1`` unless a host is given; ``token`` makes every page require it.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from typing import Any

from .report import kit_css

__all__ = ["serve", "make_app", "voila_config", "app_entries", "SHARE_DIR", "TEMPLATE"]

#: Folder holding ``voila/templates/cocreate``; prepended to ``JUPYTER_PATH``.
SHARE_DIR = Path(__file__).resolve().parent / "_share"
TEMPLATE = "cocreate"
#: Seconds a kernel may stay idle before it is shut down, and how often to check.
CULL_IDLE_TIMEOUT = 600
CULL_INTERVAL = 60


def notebook_info(path: str | Path) -> dict[str, str]:
    """Title and description of a notebook from ``metadata.cocreate`` (file name if absent).

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "demo_app.ipynb"
    >>> _ = p.write_text(json.dumps({"cells": [], "nbformat": 4, "nbformat_minor": 5,
    ...     "metadata": {"cocreate": {"title": "Demo", "description": "Shows a demo."}}}))
    >>> notebook_info(p)
    {'title': 'Demo', 'description': 'Shows a demo.'}
    """
    import json

    p = Path(path)
    try:
        meta = json.loads(p.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        meta = {}
    ck = meta.get("cocreate", {}) if isinstance(meta.get("cocreate"), dict) else {}
    title = str(ck.get("title") or p.stem.replace("_", " ").capitalize())
    description = str(ck.get("description") or "")
    return {"title": title, "description": description}


def app_entries(root: str | Path, contents: Any, rel_path: str = "") -> list[dict[str, str]]:
    """Entries of the landing page for a folder listing from Voila's contents manager.

    Each notebook becomes ``{"kind": "app", "url", "title", "description"}``; sub-folders
    become ``{"kind": "folder", "url", "title"}``. Hidden files and checkpoints are left out.
    """
    from urllib.parse import quote

    items = contents.get("content", []) if isinstance(contents, dict) else contents
    out: list[dict[str, str]] = []
    for item in sorted(items, key=lambda i: (i["type"] != "notebook", i["name"])):
        name, path = item["name"], item["path"]
        if name.startswith((".", "_")):
            continue
        if item["type"] == "notebook":
            info = notebook_info(Path(root) / path)
            out.append({"kind": "app", "url": quote(path), **info})
        elif item["type"] == "directory":
            out.append({"kind": "folder", "url": quote(path), "title": name, "description": ""})
    return out


def voila_config(
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    token: str | None = None,
    preheat: bool = True,
) -> Any:
    """The traitlets ``Config`` of the kit's Voila server (see the module notes)."""
    from traitlets.config import Config

    c = Config()
    c.Voila.ip = host
    c.Voila.port = port
    c.Voila.port_retries = 0
    c.Voila.open_browser = False
    if token:
        c.Voila.token = token
    c.VoilaConfiguration.template = TEMPLATE
    c.VoilaConfiguration.theme = "light"
    c.VoilaConfiguration.classic_tree = True
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.allow_template_override = "NO"
    c.VoilaConfiguration.allow_theme_override = "NO"
    c.VoilaConfiguration.preheat_kernel = bool(preheat)
    c.VoilaConfiguration.default_pool_size = 1
    c.VoilaConfiguration.resources = {"kit_css": kit_css()}
    c.VoilaExecutor.cell_error_instruction = (
        "This part of the app could not be shown; the details are in the server log."
    )
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_TIMEOUT
    c.MappingKernelManager.cull_interval = CULL_INTERVAL
    c.MappingKernelManager.cull_connected = False
    return _crowd_and_fault_settings(c)


def _crowd_and_fault_settings(c: Any) -> Any:
    """Kernel priority, timeouts and websocket guards for many viewers (:mod:`._viewers`)."""
    from . import _viewers

    return _viewers.configure(c)


def _use_kit_templates() -> None:
    share = str(SHARE_DIR)
    current = os.environ.get("JUPYTER_PATH", "")
    if share not in current.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, current) if p)


def _log_cell_errors() -> None:
    """Make Voila write a failing cell's traceback to the server log before hiding it.

    With ``show_tracebacks=False`` Voila replaces error outputs by a generic message and
    logs nothing, so maintainers would have no trace. Patched once, in the serving process.
    """
    import logging

    from voila.execute import VoilaExecutor

    if getattr(VoilaExecutor, "_cocreate_logs_errors", False):
        return
    original = VoilaExecutor.strip_code_cell_errors
    log = logging.getLogger("cocreate_kit.serve")

    def strip_code_cell_errors(self: Any, cell: Any) -> Any:
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if out.get("output_type") == "error" and out.get("ename") != "ExecutionError":
                tb = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", "\n".join(out.get("traceback", [])))
                log.error(
                    "A cell failed (viewers see a short notice):\n%s\n%s: %s\n%s",
                    cell.get("source", ""),
                    out.get("ename"),
                    out.get("evalue"),
                    tb,
                )
        return original(self, cell)

    VoilaExecutor.strip_code_cell_errors = strip_code_cell_errors
    VoilaExecutor._cocreate_logs_errors = True


def _voila_class() -> type:
    from markupsafe import Markup
    from voila.app import Voila

    _log_cell_errors()

    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class ShutdownOnLeave(VoilaShutdownKernelHandler):
        """Voila's kernel shutdown endpoint, callable from the page's ``pagehide`` beacon.

        A beacon cannot send the ``_xsrf`` header; instead the request must carry an
        ``Origin`` equal to the server's own (``check_origin``), which a cross-site form or
        script cannot forge. Kernel ids are random and known only to their page.
        """

        def check_xsrf_cookie(self) -> None:
            if self.request.headers.get("Origin") and self.check_origin():
                return
            super().check_xsrf_cookie()

    class CocreateVoila(Voila):
        """Voila with the kit's landing page helpers and kernel release on page leave."""

        def init_handlers(self) -> list[Any]:
            handlers = []
            for spec in super().init_handlers():
                if len(spec) >= 2 and spec[1] is VoilaShutdownKernelHandler:
                    spec = (spec[0], ShutdownOnLeave, *spec[2:])
                handlers.append(spec)
            return handlers

        def init_settings(self) -> dict[str, Any]:
            settings = super().init_settings()
            root = self.root_dir
            env = settings["voila_jinja2_env"]
            env.globals["kit_css"] = Markup(kit_css())
            env.globals["cocreate_apps"] = lambda contents, path="": app_entries(
                root, contents, path
            )
            return settings

    return CocreateVoila


def make_app(
    path: str | Path,
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    token: str | None = None,
    preheat: bool = True,
) -> Any:
    """An initialised (not started) Voila application serving ``path``."""
    _use_kit_templates()
    cls = _voila_class()
    app = cls(config=voila_config(port=port, host=host, token=token, preheat=preheat))
    app.initialize([str(Path(path))])
    return app


def _check_port(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        msg = f"Cannot serve on host {host!r}: {exc.strerror}."
        raise ValueError(msg) from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError:
            msg = f"Port {port} on {host} is already in use; choose another with --port."
            raise ValueError(msg) from None


def url_for(host: str, port: int, token: str | None = None) -> str:
    """The address to open in a browser.

    Examples
    --------
    >>> url_for("127.0.0.1", 8866)
    'http://127.0.0.1:8866/'
    >>> url_for("::1", 8866, "s3cret")
    'http://[::1]:8866/?token=s3cret'
    """
    shown = f"[{host}]" if ":" in host else host
    if host in ("", "0.0.0.0", "::"):
        shown = "localhost"
    query = f"?token={token}" if token else ""
    return f"http://{shown}:{port}/{query}"


def serve(
    path: str | Path,
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    token: str | None = None,
    preheat: bool = True,
) -> int:
    """Serve the notebook or folder of notebooks ``path`` until interrupted; returns 0.

    Raises ``ValueError`` (the CLI shows it as one sentence) when the port is taken.
    """
    p = Path(path)
    _check_port(host, port)
    app = make_app(p, port=port, host=host, token=token, preheat=preheat)
    print(f"Serving the apps in {p} at {url_for(host, port, token)}  (Ctrl+C to stop)", flush=True)
    app.start()
    return 0
