"""The kit's apps under JupyterHub: a jupyter_server extension for each user's server.

``cocreate serve`` runs one standalone Voila for everybody. Under JupyterHub every viewer
gets a server of their own (started by the Hub's spawner, stopped at logout or by the idle
culler), so one viewer's kernels cannot slow down or crash another's, and the Hub does the
authentication. The recipe is in ``deploy/jupyterhub/``.

How a user's server serves the apps
-----------------------------------
The spawner starts ``jupyterhub-singleuser`` (a jupyter_server) with
:func:`singleuser_args`. They enable one server extension, this module, and switch off
JupyterLab, the terminals and the LSP server, which viewers do not need. On load it

* puts the kit's template folder first on ``JUPYTER_PATH`` and applies the kit's Voila
  settings from :func:`cocreate_kit.serve.voila_config` (the ``cocreate`` offline template,
  no tracebacks, no ``?template=``/``?theme=`` overrides, the error notice). The kit's
  values win over any other configuration, because they are the security settings;
* loads Voila as a server extension (``/user/<name>/voila/render/<app>.ipynb``), and
  registers the template globals ``kit_css`` and ``cocreate_apps``, so the landing page
  ``/user/<name>/voila/tree`` lists the apps as ``cocreate serve`` does, and unsets the
  MathJax URL, which would otherwise point at a CDN;
* culls a user's kernels idle for :data:`cocreate_kit.serve.CULL_IDLE_TIMEOUT` seconds, and
  frees a kernel when its tab is closed (the page's ``pagehide`` beacon), as
  ``cocreate serve`` does.

:class:`ReadOnlyContents` refuses every write through the Jupyter contents API, so a viewer
cannot change, delete or add an app that other viewers open. A user's server still has
the Jupyter kernel API, as Voila needs it: code runs with that server's operating-system
rights, so give each user their own account or container in production (see the recipe).

Examples
--------
>>> args = singleuser_args("/srv/apps")
>>> args[:2]
['--ServerApp.root_dir=/srv/apps', '--ServerApp.default_url=/voila/tree']
"""

from __future__ import annotations

from typing import Any

__all__ = ["singleuser_args", "EXTENSION"]  # and ReadOnlyContents, built on first use

#: Module name of the jupyter_server extension.
EXTENSION = "cocreate_kit.hub"
#: Server extensions a viewer's server does not load (Voila is loaded by the kit's extension).
_OFF = (
    "voila.server_extension",
    "jupyterlab",
    "jupyter_lsp",
    "jupyter_server_terminals",
    "notebook_shim",
)
#: Sections of :func:`cocreate_kit.serve.voila_config` that apply inside a jupyter_server.
_SECTIONS = ("VoilaConfiguration", "VoilaExecutor")


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": EXTENSION}]


def singleuser_args(root_dir: str) -> list[str]:
    """Command-line options for ``jupyterhub-singleuser`` serving the apps in ``root_dir``.

    The landing page is the default URL; only the kit's extension (which loads Voila) is
    enabled; terminals are off; the contents API is read-only.
    """
    extensions = {EXTENSION: True, **dict.fromkeys(_OFF, False)}
    return [
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.default_url=/voila/tree",
        *(f"--ServerApp.jpserver_extensions={k}={v}" for k, v in extensions.items()),
        "--ServerApp.terminals_enabled=False",
        f"--ServerApp.contents_manager_class={EXTENSION}.ReadOnlyContents",
    ]


def _read_only_class() -> type:
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from tornado.web import HTTPError

    def refuse(*_: Any, **__: Any) -> Any:
        from .i18n import _

        msg = _("The apps on this server are read-only.")
        raise HTTPError(403, msg)

    class ReadOnlyContents(AsyncLargeFileManager):
        """The file contents manager with every write refused (HTTP 403)."""

        save = refuse
        delete_file = refuse
        rename_file = refuse
        create_checkpoint = refuse
        restore_checkpoint = refuse

    return ReadOnlyContents


def __getattr__(name: str) -> Any:
    # Lazy, so that ``import cocreate_kit.hub`` does not import jupyter_server.
    if name == "ReadOnlyContents":
        cls = _read_only_class()
        globals()[name] = cls
        return cls
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Load Voila into ``server_app`` with the kit's template, settings and globals."""
    from jupyter_server.utils import url_path_join
    from traitlets.config import Config
    from voila import server_extension

    from . import serve

    serve._use_kit_templates()
    serve._log_cell_errors()
    kit = serve.voila_config(preheat=False)
    server_app.config.merge(Config({s: kit[s] for s in _SECTIONS}))
    km = server_app.kernel_manager
    km.cull_idle_timeout = kit.MappingKernelManager.cull_idle_timeout
    km.cull_interval = kit.MappingKernelManager.cull_interval
    km.cull_connected = kit.MappingKernelManager.cull_connected

    web_app = server_app.web_app
    # As in standalone Voila: no MathJax URL, so pages never fetch MathJax from its CDN
    # (inside a jupyter_server Voila would fall back to a public CDN).
    web_app.settings["mathjax_url"] = None
    web_app.settings["mathjax_config"] = None
    base_url = web_app.settings["base_url"]
    # Added before Voila's own rules, so this handler answers the shutdown route.
    web_app.add_handlers(
        ".*$",
        [
            (
                url_path_join(base_url, r"/voila/api/shutdown/(.*)"),
                serve._shutdown_on_leave_handler(),
            )
        ],
    )
    server_extension._load_jupyter_server_extension(server_app)
    serve.register_jinja_globals(web_app.settings["voila_jinja2_env"], server_app.root_dir)
    server_app.log.info("cocreate-kit: serving the apps in %s with Voila", server_app.root_dir)
