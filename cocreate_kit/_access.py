"""Access control of ``cocreate serve``: Host allow-list, a token on every route, open binds.

Decisions (the README's "Security model" summarises them)
---------------------------------------------------------
* **DNS rebinding.** A web page on ``evil.example`` can make its own name resolve to
  ``127.0.0.1`` and then read a loopback server as same-origin. The browser still sends
  ``Host: evil.example``, so the server answers only to an allow-list of host names
  (:func:`allowed_hosts`) and gives ``403`` to every other ``Host``, on every route and
  before any handler runs (websocket handshakes included). The port in the header is
  ignored: an SSH tunnel or a proxy may forward another port, and the port plays no part
  in rebinding. Loopback binds allow only ``localhost``, ``127.0.0.1`` and ``[::1]``;
  other binds add the bound address and, for ``0.0.0.0``/``::``, the machine's host name,
  fully qualified name and interface addresses. ``--allow-host NAME`` adds a name users
  type (a DNS alias, or the public name a reverse proxy forwards); wildcards are refused.
* **Token on every route.** Voila protects its pages and REST API with the token, but
  serves static files, notebook-folder files (``/voila/files``), lab extensions and the
  request-info websocket (``/voila/query``) without it. With a token, every route except
  ``/login`` and ``/logout`` requires it (``?token=``, an ``Authorization: token`` header,
  or the login cookie set on the first visit). Login and logout render the kit's own
  ``login.html`` (inline styles, so it needs no route it cannot open yet). A kernel's
  ``voila.utils.get_query_string()`` cannot authenticate, so with a token it gets no
  query string; the kit's apps do not use it. ``/voila/query`` never hands out the token.
* **Errors.** Jupyter's HTML error page cannot render under Voila (it needs
  ``static_path``): a 403 logged a second traceback and sent an empty body. Handlers that
  would use it answer one plain line instead; the template static handler answers 404 for
  malformed paths instead of failing an ``assert``.
* **Symlinks out of the folder.** Tornado already refuses them under ``/voila/files``; but
  Voila's preheated kernels render every ``*.ipynb`` found under the folder, a symlink
  to a notebook elsewhere included, and its listings show symlinked folders. Render,
  tree and contents requests for a path whose real location is outside the served
  folder get 404 (:func:`inside_root`), and the landing page leaves such entries out.
* **Open binds.** A bind to anything but loopback without a token is refused unless the
  operator says ``--no-token``; then a warning is printed.
"""

from __future__ import annotations

import hmac
import inspect
import ipaddress
import logging
import os
import re
import socket
from collections.abc import Iterable
from functools import cache
from typing import Any
from urllib.parse import unquote_plus

from .i18n import _

__all__ = [
    "LOOPBACK_NAMES",
    "normalize_host",
    "is_loopback",
    "is_wildcard",
    "validate_allow_host",
    "allowed_hosts",
    "host_allowed",
    "check_open_bind",
    "scrub_token",
    "guard_handlers",
    "inside_root",
    "hide_token_from_request_info",
]

#: The names a loopback server answers to.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = ("", "0.0.0.0", "::")
_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")
_HTTP_METHODS = ("get", "head", "post", "put", "patch", "delete", "options")
log = logging.getLogger("cocreate_kit.serve")


def normalize_host(value: str) -> str:
    """The host part of a ``Host`` header or name: lower case, no port, no brackets.

    IP addresses come back in their compressed form; a malformed value comes back
    unchanged (lower-cased), so it matches nothing in an allow-list.

    Examples
    --------
    >>> normalize_host("LocalHost:8866")
    'localhost'
    >>> normalize_host("[::1]:8866"), normalize_host("[0:0:0:0:0:0:0:1]")
    ('::1', '::1')
    >>> normalize_host("apps.example.org."), normalize_host("[::1]evil")
    ('apps.example.org', '[::1]evil')
    """
    v = value.strip().lower()
    if v.startswith("["):
        end = v.find("]")
        rest = v[end + 1 :] if end > 0 else "x"
        if rest and not (rest[0] == ":" and rest[1:].isdigit()):
            return v
        v = v[1:end]
    elif v.count(":") == 1:
        name, _, port = v.partition(":")
        if port.isdigit():
            v = name
    v = v.rstrip(".")
    try:
        return ipaddress.ip_address(v.split("%")[0]).compressed
    except ValueError:
        return v


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    h = normalize_host(host)
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for a bind to all interfaces (``0.0.0.0``, ``::`` or empty).

    Examples
    --------
    >>> is_wildcard("0.0.0.0"), is_wildcard("::"), is_wildcard("192.0.2.7")
    (True, True, False)
    """
    return normalize_host(host) in _WILDCARDS


def validate_allow_host(name: str) -> str:
    """``name`` normalised, or ``ValueError`` unless it is a host name or IP address.

    Examples
    --------
    >>> validate_allow_host("Apps.Example.org")
    'apps.example.org'
    >>> validate_allow_host("*")
    Traceback (most recent call last):
    ...
    ValueError: --allow-host expects a host name or IP address as a browser sends it (e.g. apps.example.org), got '*'; wildcards are not accepted.
    """
    h = normalize_host(name)
    try:
        ipaddress.ip_address(h)
    except ValueError:
        if not _HOSTNAME.match(h):
            msg = _(
                "--allow-host expects a host name or IP address as a browser sends it "
                "(e.g. apps.example.org), got {name!r}; wildcards are not accepted."
            ).format(name=name)
            raise ValueError(msg) from None
    return h


def _interface_addresses() -> list[str]:
    """The machine's IPv4/IPv6 addresses (link-local ones left out: browsers cannot use them)."""
    found: list[str] = []
    try:
        import psutil  # installed with ipykernel; the fallback covers its absence

        for addrs in psutil.net_if_addrs().values():
            found += [a.address for a in addrs if a.family in (socket.AF_INET, socket.AF_INET6)]
    except (ImportError, OSError):
        try:
            found += [str(i[4][0]) for i in socket.getaddrinfo(socket.gethostname(), None)]
        except OSError:
            pass
    out = []
    for a in found:
        h = normalize_host(a)
        try:
            if ipaddress.ip_address(h).is_link_local:
                continue
        except ValueError:
            continue
        out.append(h)
    return list(dict.fromkeys(out))


def machine_names(*, addresses: bool = True) -> list[str]:
    """This machine's host name, fully qualified name and (optionally) its addresses."""
    names = []
    for fn in (socket.gethostname, socket.getfqdn):
        try:
            names.append(normalize_host(fn()))
        except OSError:
            pass
    if addresses:
        names += _interface_addresses()
    return [n for n in dict.fromkeys(names) if n]


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` names a server bound to ``bind`` answers to (see the module notes).

    Examples
    --------
    >>> sorted(allowed_hosts("127.0.0.1"))
    ['127.0.0.1', '::1', 'localhost']
    >>> sorted(allowed_hosts("localhost", ["apps.example.org"]))
    ['127.0.0.1', '::1', 'apps.example.org', 'localhost']
    >>> "192.0.2.7" in allowed_hosts("192.0.2.7")
    True
    """
    names = set(LOOPBACK_NAMES)
    if not is_loopback(bind):
        names.update(machine_names(addresses=is_wildcard(bind)))
    if not is_wildcard(bind):
        names.add(normalize_host(bind))
    names.update(validate_allow_host(n) for n in extra)
    return frozenset(normalize_host(n) for n in names)


def host_allowed(host_header: str, allowed: Iterable[str]) -> bool:
    """True when the ``Host`` header names an allowed host (any port).

    Examples
    --------
    >>> ok = allowed_hosts("127.0.0.1")
    >>> host_allowed("localhost:8866", ok), host_allowed("[::1]:1", ok)
    (True, True)
    >>> host_allowed("evil.example:8866", ok), host_allowed("127.0.0.2", ok)
    (False, False)
    """
    names = allowed if isinstance(allowed, (set, frozenset)) else set(allowed)
    return normalize_host(host_header) in names


def check_open_bind(host: str, token: str | None, no_token: bool = False) -> None:
    """``ValueError`` (one sentence) for a non-loopback bind without a token.

    ``no_token=True`` is the operator's explicit choice of an open server.

    Examples
    --------
    >>> check_open_bind("127.0.0.1", None)
    >>> check_open_bind("0.0.0.0", "s3cret")
    >>> check_open_bind("0.0.0.0", None, no_token=True)
    >>> check_open_bind("0.0.0.0", None)
    Traceback (most recent call last):
    ...
    ValueError: Refusing to serve on all interfaces (0.0.0.0) without a token, because anyone who can reach this machine could open the apps and their data: add --token SECRET, or --no-token if you accept that on a trusted network.
    """
    if token and no_token:
        msg = _("Give either --token or --no-token, not both.")
        raise ValueError(msg)
    if token or no_token or is_loopback(host):
        return
    where = (
        _("all interfaces ({address})").format(address=host or "0.0.0.0")
        if is_wildcard(host)
        else host
    )
    msg = _(
        "Refusing to serve on {where} without a token, because anyone who can reach "
        "this machine could open the apps and their data: add --token SECRET, or "
        "--no-token if you accept that on a trusted network."
    ).format(where=where)
    raise ValueError(msg)


def scrub_token(query: str) -> str:
    """A query string without its ``token`` parameter (other parameters kept as sent).

    Examples
    --------
    >>> scrub_token("token=s3cret&segment=a%20b&tok%65n=x")
    'segment=a%20b'
    """
    keep = [p for p in query.split("&") if p and unquote_plus(p.split("=", 1)[0]) != "token"]
    return "&".join(keep)


def hide_token_from_request_info() -> None:
    """Drop ``token`` from the query string Voila hands to ``/voila/query`` (patched once)."""
    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.utils import ENV_VARIABLE

    if getattr(RequestInfoSocketHandler, "_cocreate_scrubs_token", False):
        return
    original = RequestInfoSocketHandler.send_updates.__func__
    key = ENV_VARIABLE.QUERY_STRING

    def send_updates(cls: Any, msg: dict[str, Any]) -> None:
        payload = msg.get("payload")
        if isinstance(payload, dict) and isinstance(payload.get(key), str):
            msg = {**msg, "payload": {**payload, key: scrub_token(payload[key])}}
        original(cls, msg)

    RequestInfoSocketHandler.send_updates = classmethod(send_updates)
    RequestInfoSocketHandler._cocreate_scrubs_token = True


def inside_root(root: str | os.PathLike[str], rel: str) -> bool:
    """True when ``rel`` (a path below ``root``) resolves, symlinks followed, inside ``root``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "out").symlink_to(tempfile.gettempdir())
    >>> inside_root(root, "a/b.ipynb"), inside_root(root, "../x"), inside_root(root, "out/x")
    (True, False, False)
    """
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, rel.lstrip("/")))
    return target == real_root or target.startswith(real_root + os.sep)


# --- tornado side: used only in the serving process (heavy imports stay inside) ---------


def _has_credentials(handler: Any) -> bool:
    """The request carries the server's token or a valid login cookie (for non-Jupyter handlers)."""
    provider = handler.settings.get("identity_provider")
    expected = str(getattr(provider, "token", "") or "")
    if not expected:  # no token configured: nothing to check
        return True
    given = handler.get_argument("token", "")
    if not given:
        m = provider.auth_header_pat.match(handler.request.headers.get("Authorization", ""))
        given = m.group(2).strip() if m else ""
    if given and hmac.compare_digest(given.encode(), expected.encode()):
        return True
    cookie = handler.get_secure_cookie(
        provider.get_cookie_name(handler), **provider.get_secure_cookie_kwargs
    )
    return cookie is not None


def _is_login(cls: type) -> bool:
    from jupyter_server.auth.login import LoginFormHandler

    return issubclass(cls, LoginFormHandler)


def _is_logout(cls: type) -> bool:
    from jupyter_server.auth.logout import LogoutHandler

    return issubclass(cls, LogoutHandler)


def _answers_without_login(cls: type) -> bool:
    """True for a handler class that Voila/Jupyter would let answer without the token."""
    from jupyter_server.base.handlers import JupyterHandler

    if _is_login(cls) or _is_logout(cls):
        return False
    if not issubclass(cls, JupyterHandler):
        return True
    return any(
        getattr(getattr(cls, m, None), "__allow_unauthenticated", False) for m in _HTTP_METHODS
    )


@cache
def _token_required(cls: type) -> type:
    """``cls`` with a ``prepare`` that answers 403 unless the request is authenticated."""
    from jupyter_server.base.handlers import JupyterHandler
    from tornado.web import HTTPError

    jupyter = issubclass(cls, JupyterHandler)

    async def prepare(self: Any, *args: Any, **kwargs: Any) -> None:
        if not jupyter and not _has_credentials(self):
            log.warning("Refused %s %s: no token.", self.request.method, self.request.path)
            raise HTTPError(403)
        result = super(guarded, self).prepare(*args, **kwargs)
        if inspect.isawaitable(result):
            await result
        if jupyter and not self._finished and self.current_user is None:
            log.warning("Refused %s %s: no token.", self.request.method, self.request.path)
            raise HTTPError(403)

    guarded = type(
        f"TokenRequired{cls.__name__}",
        (cls,),
        {
            "prepare": prepare,
            "write_error": _plain_write_error,
            "__doc__": f"{cls.__name__} that requires the token.",
        },
    )
    return guarded


def _plain_write_error(self: Any, status_code: int, **kwargs: Any) -> None:
    """A one-line error body: never a traceback, and no template that can fail."""
    self.set_header("Content-Type", "text/plain; charset=utf-8")
    self.finish(f"{status_code}: {self._reason}\n")


def _jupyter_error_page_breaks(cls: type) -> bool:
    """Jupyter's HTML error page needs ``static_path``, which Voila does not set: the error
    then logs a second traceback and the viewer gets an empty body."""
    from jupyter_server.base.handlers import JupyterHandler

    return (
        issubclass(cls, JupyterHandler)
        and cls.write_error is JupyterHandler.write_error
        and cls.render_template is JupyterHandler.render_template
    )


@cache
def _plain_errors(cls: type) -> type:
    return type(f"Plain{cls.__name__}", (cls,), {"write_error": _plain_write_error})


@cache
def _kit_login(cls: type) -> type:
    """Login and logout pages rendered from the kit template (``login.html``): ``lang``,
    landmarks, a labelled field and inline styles. Jupyter's pages load stylesheets that
    need the token they ask for, and its logout page fails under Voila (no ``static_path``).
    """
    from tornado.escape import url_escape

    def render_template(self: Any, name: str, **ns: Any) -> str:
        if name not in ("login.html", "logout.html"):
            return cls.render_template(self, name, **ns)
        ns = {"next": url_escape(self.base_url), **ns, **self.template_namespace}
        return self.settings["voila_jinja2_env"].get_template("login.html").render(**ns)

    return type(
        f"Kit{cls.__name__}",
        (cls,),
        {"render_template": render_template, "write_error": _plain_write_error},
    )


@cache
def _template_path_checked(cls: type) -> type:
    """Voila's template static handler asserts on the path's shape (a 500 and a logged
    traceback for ``../``); answer 404 for anything but ``<template>/static/<file>``."""
    from tornado.web import HTTPError

    def prepare(self: Any, *args: Any, **kwargs: Any) -> Any:
        path = self.path_args[0] if self.path_args else ""
        parts = os.path.normpath(path).split(os.sep, 2) if path else []
        if len(parts) != 3 or parts[1] != "static" or parts[0] in (".", ".."):
            raise HTTPError(404)
        return super(checked, self).prepare(*args, **kwargs)

    checked = type(f"Checked{cls.__name__}", (cls,), {"prepare": prepare})
    return checked


#: Voila's handlers that take a path below the served folder (folder mode).
_PATH_HANDLERS = ("VoilaHandler", "VoilaTreeHandler", "VoilaContentsHandler")


@cache
def _confined(cls: type) -> type:
    """``cls`` answering 404 for a path whose real location is outside the served folder."""
    from tornado.web import HTTPError

    async def prepare(self: Any, *args: Any, **kwargs: Any) -> None:
        result = super(confined, self).prepare(*args, **kwargs)
        if inspect.isawaitable(result):
            await result
        if self._finished:
            return
        path = self.path_kwargs.get("path") or (self.path_args[0] if self.path_args else "")
        if path and not inside_root(self.settings["contents_manager"].root_dir, path):
            log.warning("Refused %s: it resolves outside the served folder.", self.request.path)
            raise HTTPError(404)

    confined = type(
        f"Confined{cls.__name__}",
        (cls,),
        {"prepare": prepare, "__doc__": f"{cls.__name__} kept inside the served folder."},
    )
    return confined


@cache
def _foreign_host_classes() -> tuple[type, type]:
    from tornado.routing import Matcher
    from tornado.web import RequestHandler

    class ForeignHost(Matcher):
        """Matches a request whose ``Host`` is not in the allow-list."""

        def __init__(self, allowed: frozenset[str]) -> None:
            self.allowed = allowed

        def match(self, request: Any) -> dict[str, Any] | None:
            return None if host_allowed(request.host, self.allowed) else {}

    class ForeignHostHandler(RequestHandler):
        """403 with a plain-text explanation, for every method (websocket handshakes too)."""

        def prepare(self) -> None:
            log.warning(
                "Refused a request for Host %r: not in the allow-list (DNS rebinding "
                "protection; allow a name with --allow-host).",
                self.request.host,
            )
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.set_header("X-Content-Type-Options", "nosniff")
            self.finish(
                "403 Forbidden: this server does not answer to this host name. "
                "Its operator can allow the name with cocreate serve --allow-host NAME.\n"
            )

    return ForeignHost, ForeignHostHandler


def guard_handlers(
    specs: list[Any], allowed: frozenset[str], token: bool, folder: bool = True
) -> list[Any]:
    """Voila's handler specs behind the host check and, with a ``token``, the token check.

    The host rule comes first, so it runs before any route (unknown paths included).
    When serving a ``folder``, path-taking handlers are kept inside it (:func:`inside_root`).
    """
    from tornado.routing import Rule

    matcher_cls, handler_cls = _foreign_host_classes()
    out: list[Any] = [Rule(matcher_cls(allowed), handler_cls)]
    for spec in specs:
        if isinstance(spec, (tuple, list)) and len(spec) >= 2 and inspect.isclass(spec[1]):
            cls = spec[1]
            if folder and any(c.__name__ in _PATH_HANDLERS for c in cls.__mro__):
                cls = _confined(cls)
            if any(c.__name__ == "TemplateStaticFileHandler" for c in cls.__mro__):
                cls = _template_path_checked(cls)
            if _is_login(cls) or _is_logout(cls):
                cls = _kit_login(cls)
            elif _jupyter_error_page_breaks(cls):
                cls = _plain_errors(cls)
            if token and _answers_without_login(cls):
                cls = _token_required(cls)
            spec = (spec[0], cls, *spec[2:])
        out.append(spec)
    return out
