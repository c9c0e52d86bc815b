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
* **Access control** (see "Security model" in the README): the server answers only to an
  allow-list of ``Host`` names (:func:`allowed_hosts`, against DNS rebinding), a token, when
  set, is required on every route (pages, static files, websockets, REST API), and a bind
  to anything but loopback without a token is refused unless ``no_token=True``
  (:func:`check_open_bind`). Binds ``127.0.0.1`` unless a host is given.
* **Language** (issue 13): ``serve(language="da")`` (``cocreate serve --language da``) sets
  ``COCREATE_LANGUAGE`` for the server and its kernels, the default language of every page.
  ``?language=xx`` on any page overrides it for that page: the landing, error and sign-in
  pages are rendered in it (gettext in the Jinja environment), and an app's notebook is
  localised before it runs (:func:`cocreate_kit._notebook.localise_notebook` as Voila's
  ``prelaunch_hook``: ``language`` parameter set, markdown translated, ``<html lang>``).
  Preheated kernels hold the default language; a page asking for another one gets a fresh
  kernel. Kernels also get ``COCREATE_SERVED=1``, so apps show their language switch.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from . import _access
from .i18n import _
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
    become ``{"kind": "folder", "url", "title"}``. Hidden files, checkpoints and symlinks
    to places outside ``root`` are left out.
    """
    from urllib.parse import quote

    items = contents.get("content", []) if isinstance(contents, dict) else contents
    out: list[dict[str, str]] = []
    for item in sorted(items, key=lambda i: (i["type"] != "notebook", i["name"])):
        name, path = item["name"], item["path"]
        if name.startswith((".", "_")) or not _access.inside_root(root, path):
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
    allow_hosts: Sequence[str] = (),
) -> Any:
    """The traitlets ``Config`` of the kit's Voila server (see the module notes).

    ``allow_hosts`` are extra ``Host`` names the server answers to (``--allow-host``).
    """
    from traitlets.config import Config

    c = Config()
    c.CocreateVoila.allow_hosts = [_access.validate_allow_host(h) for h in allow_hosts]
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
    # Shown to viewers in the server's default language (Voila has one text per server).
    c.VoilaExecutor.cell_error_instruction = _(
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


def _jupyter_host_check(allowed: frozenset[str]) -> dict[str, Any]:
    """Jupyter's own ``Host`` check as a second layer behind :func:`_access.guard_handlers`.

    Voila turns it off (``allow_remote_access=True``). It can express host names and
    loopback addresses only, so it stays off when another address is allowed.
    """
    import ipaddress

    names, remote = [], False
    for h in allowed:
        try:
            remote = remote or not ipaddress.ip_address(h).is_loopback
        except ValueError:
            names.append(h)
    return {"allow_remote_access": remote, "local_hostnames": sorted(names)}


def _shutdown_on_leave_handler() -> type:
    """Voila's kernel shutdown handler, callable from the page's ``pagehide`` beacon."""
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class ShutdownOnLeave(VoilaShutdownKernelHandler):
        """Voila's kernel shutdown endpoint, callable from the page's ``pagehide`` beacon.

        A beacon cannot send the ``_xsrf`` header; instead the request must carry an
        ``Origin`` whose host and port equal the request's ``Host``, which a cross-site form
        or script cannot forge. Kernel ids are random and known only to their page. The
        comparison is done here rather than by ``check_origin``: under JupyterHub the
        check runs while the user is being identified, before ``check_origin`` may ask who
        the user is.
        """

        def check_xsrf_cookie(self) -> None:
            from urllib.parse import urlsplit

            origin = self.request.headers.get("Origin") or ""
            if origin and urlsplit(origin).netloc.lower() == self.request.host.lower():
                return
            super().check_xsrf_cookie()

    return ShutdownOnLeave


def register_jinja_globals(env: Any, root: str | Path) -> None:
    """Give the kit's templates their globals: ``kit_css``, ``cocreate_apps`` (landing page)
    and gettext (``_``, ``ngettext``, ``ck_language``) in the current language.

    Used by ``cocreate serve`` and by the JupyterHub single-user extension
    (:mod:`cocreate_kit.hub`), so both render the same landing page.
    """
    from markupsafe import Markup

    from . import i18n

    def entries(contents: Any, path: str = "") -> list[dict[str, str]]:
        out = app_entries(root, contents, path)
        for entry in out:
            if entry["kind"] == "app":
                entry["title"] = i18n._(entry["title"])
                entry["description"] = i18n._(entry["description"])
        return out

    env.globals["kit_css"] = Markup(kit_css())
    env.globals["cocreate_apps"] = entries
    env.globals["_"] = i18n._
    env.globals["gettext"] = i18n._
    env.globals["ngettext"] = i18n.ngettext
    env.globals["ck_language"] = i18n.get_language
    env.globals.setdefault("ck_switch", "")


def request_language(handler: Any) -> str:
    """The language of one request: ``?language=xx`` when it names an offered language,
    else the server's default (``COCREATE_LANGUAGE``, else English)."""
    from .apps import asked_language

    return asked_language(handler.get_argument("language", None) if handler is not None else None)


def localise_for_request(handler: Any, notebook: Any, cwd: str = "") -> Any:
    """Voila ``prelaunch_hook``: run and show ``notebook`` in the request's language
    (``handler`` is None for a preheated kernel: the server's default language)."""
    from ._notebook import localise_notebook

    return localise_notebook(notebook, request_language(handler))


def _switch_for(handler: Any) -> Any:
    from urllib.parse import parse_qsl

    from markupsafe import Markup

    from .apps import language_switch

    query = [
        (k, v)
        for k, v in parse_qsl(handler.request.query, keep_blank_values=True)
        if k not in ("token", "language")
    ]
    return Markup(language_switch(request_language(handler), query))


@cache
def _in_request_language(cls: type) -> type:
    """``cls`` rendering its templates in the request's language; Voila's page handler also
    skips the preheated kernel (the default language) when another language is asked for."""
    from . import i18n

    def render_template(self: Any, name: str, **ns: Any) -> str:
        with i18n.use_language(request_language(self)):
            ns.setdefault("ck_switch", _switch_for(self))
            asked = self.get_argument("language", None)
            ns.setdefault("ck_lang_query", f"?language={request_language(self)}" if asked else "")
            return cls.render_template(self, name, **ns)

    attrs: dict[str, Any] = {"render_template": render_template}
    if hasattr(cls, "should_use_rendered_notebook"):

        def should_use_rendered_notebook(self: Any, *args: Any, **kwargs: Any) -> bool:
            if request_language(self) != i18n.get_language():
                return False
            return cls.should_use_rendered_notebook(self, *args, **kwargs)

        attrs["should_use_rendered_notebook"] = should_use_rendered_notebook
    # Same name as ``cls``: the access checks (and their tests) know handlers by name.
    return type(cls.__name__, (cls,), {**attrs, "__doc__": cls.__doc__})


def _voila_class() -> type:
    from traitlets import List, Unicode
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    _log_cell_errors()
    _access.hide_token_from_request_info()
    shutdown_on_leave = _shutdown_on_leave_handler()

    class CocreateVoila(Voila):
        """Voila with the kit's landing page helpers and kernel release on page leave."""

        allow_hosts = List(
            Unicode(), config=True, help="Extra Host names to answer to (--allow-host)."
        )

        def init_handlers(self) -> list[Any]:
            handlers = []
            for spec in super().init_handlers():
                if len(spec) >= 2 and spec[1] is VoilaShutdownKernelHandler:
                    spec = (spec[0], shutdown_on_leave, *spec[2:])
                handlers.append(spec)
            guarded = _access.guard_handlers(
                handlers, self.allowed_hosts(), self.requires_token(), not self.notebook_path
            )
            return [_with_language(spec) for spec in guarded]

        def allowed_hosts(self) -> frozenset[str]:
            """The ``Host`` names this server answers to (:func:`_access.allowed_hosts`)."""
            return _access.allowed_hosts(self.ip, self.allow_hosts)

        def requires_token(self) -> bool:
            provider = getattr(self, "identity_provider", None)
            return bool(provider.token if provider is not None else self.token)

        def init_settings(self) -> dict[str, Any]:
            settings = super().init_settings()
            settings.update(_jupyter_host_check(self.allowed_hosts()))
            register_jinja_globals(settings["voila_jinja2_env"], self.root_dir)
            # Set after Voila's start-up check, which refuses a hook with preheated kernels:
            # the pool renders with no request (the default language); a request for
            # another language skips the pool (_in_request_language).
            self.voila_configuration.prelaunch_hook = localise_for_request
            return settings

    return CocreateVoila


def _with_language(spec: Any) -> Any:
    import inspect

    from tornado.web import RequestHandler

    if isinstance(spec, (tuple, list)) and len(spec) >= 2 and inspect.isclass(spec[1]):
        if issubclass(spec[1], RequestHandler) and hasattr(spec[1], "render_template"):
            return (spec[0], _in_request_language(spec[1]), *spec[2:])
    return spec


def make_app(
    path: str | Path,
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    token: str | None = None,
    preheat: bool = True,
    allow_hosts: Sequence[str] = (),
) -> Any:
    """An initialised (not started) Voila application serving ``path``."""
    _use_kit_templates()
    cls = _voila_class()
    config = voila_config(
        port=port, host=host, token=token, preheat=preheat, allow_hosts=allow_hosts
    )
    app = cls(config=config)
    app.initialize([str(Path(path))])
    return app


def _check_port(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        msg = _("Cannot serve on host {host!r}: {error}.").format(host=host, error=exc.strerror)
        raise ValueError(msg) from None
    family, addr = infos[0][0], infos[0][4]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError:
            msg = _("Port {port} on {host} is already in use; choose another with --port.").format(
                port=port, host=host
            )
            raise ValueError(msg) from None


def url_for(host: str, port: int, token: str | None = None) -> str:
    """The address to open in a browser (for an all-interfaces bind: this machine's address).

    Examples
    --------
    >>> url_for("127.0.0.1", 8866)
    'http://127.0.0.1:8866/'
    >>> url_for("::1", 8866, "s3cret")
    'http://[::1]:8866/?token=s3cret'
    """
    from urllib.parse import quote

    if _access.is_wildcard(host):
        host = _primary_address()
    shown = f"[{host}]" if ":" in host else host
    query = f"?token={quote(token, safe='')}" if token else ""
    return f"http://{shown}:{port}/{query}"


def _primary_address() -> str:
    """The address other machines most likely reach this one at (IPv4 first), or its name."""
    import ipaddress

    addrs = [a for a in _access.machine_names() if not _access.is_loopback(a)]
    ips = [a for a in addrs if _is_ip(a)]
    ips.sort(key=lambda a: ipaddress.ip_address(a).version)
    return (ips or addrs or ["localhost"])[0]


def _is_ip(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def announcement(
    path: str | Path, host: str, port: int, token: str | None, allowed: frozenset[str]
) -> str:
    """What ``cocreate serve`` prints: where to open the apps (token only if one is set)."""
    if _access.is_loopback(host):
        return _("Serving the apps in {path} at {url}  (Ctrl+C to stop)").format(
            path=path, url=url_for(host, port, token)
        )
    url = url_for(host, port, token)
    if _access.is_wildcard(host):
        where = _("on all interfaces ({address})").format(address=host or "0.0.0.0")
        here = url_for("127.0.0.1", port, token)
        how = _("Open {url} from other machines, or {here} on this one.").format(url=url, here=here)
    else:
        where = _("on {host}").format(host=host)
        how = _("Open {url}.").format(url=url)
    serving = _("Serving the apps in {path} {where}, port {port}  (Ctrl+C to stop).").format(
        path=path, where=where, port=port
    )
    answers = _("It answers to the host names {names}; add others with --allow-host NAME.").format(
        names=", ".join(sorted(allowed))
    )
    return f"{serving}\n{how}\n{answers}"


def serve(
    path: str | Path,
    *,
    port: int = 8866,
    host: str = "127.0.0.1",
    token: str | None = None,
    preheat: bool = True,
    allow_hosts: Sequence[str] = (),
    no_token: bool = False,
    language: str | None = None,
) -> int:
    """Serve the notebook or folder of notebooks ``path`` until interrupted; returns 0.

    ``language`` (``"da"``) is the default language of every page (validated with
    :func:`cocreate_kit.i18n.normalise_language`); viewers can still pick another with the
    language switch (``?language=``).

    Raises ``ValueError`` (the CLI shows it as one sentence) when the port is taken, an
    ``allow_hosts`` entry is not a host name, or ``host`` is not loopback and there is
    neither a ``token`` nor ``no_token=True`` (then the open server is announced with a
    warning on stderr).
    """
    import sys

    from . import i18n

    p = Path(path)
    if language:
        os.environ[i18n.ENV_VARIABLE] = i18n.normalise_language(language)
    os.environ["COCREATE_SERVED"] = "1"
    _access.check_open_bind(host, token, no_token)
    allowed = _access.allowed_hosts(host, allow_hosts)
    _check_port(host, port)
    app = make_app(p, port=port, host=host, token=token, preheat=preheat, allow_hosts=allow_hosts)
    print(announcement(p, host, port, token, allowed), flush=True)
    if not token and not _access.is_loopback(host):
        print(
            _(
                "Warning: no token (--no-token): anyone who can reach port {port} of this "
                "machine can open the apps and the data they show."
            ).format(port=port),
            file=sys.stderr,
            flush=True,
        )
    app.start()
    return 0
