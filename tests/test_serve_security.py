"""Security of ``cocreate serve``, tried as an attacker would, against real server processes.

* a foreign ``Host`` (DNS rebinding) gets 403 on every route and on the websockets;
* with ``--token`` the token is required on every route Voila exposes, enumerated from
  the application's own handler list, so a route added by a new Voila cannot slip by;
* a viewer cannot run code through the kernel websocket;
* no file outside the served folder can be read (traversal, encodings, absolute paths,
  symlinks, the Jupyter REST API);
* a non-loopback bind without a token is refused, and ``--no-token`` warns.

Requests go through ``http.client`` so the path and the ``Host`` header are sent exactly as
written (no client-side normalisation), and websockets through ``websocket-client``.
"""

from __future__ import annotations

import http.client as httpclient
import json
import re
import socket
import time
import uuid
from pathlib import Path

import pytest
import websocket
from conftest import ISOLATED_VARS, Server, start_server, stop_process
from test_serve import _nb

from cocreate_kit import _access, serve
from cocreate_kit.cli import main

TOKEN = "t0k-Secret_9"
SECRET = "OUTSIDE-SECRET-7f3a"
PNG = b"\x89PNG\r\n\x1a\n"
WIDGET_APP = "import ipywidgets as w\nw.Dropdown(options=['a', 'b'], description='Pick one')\n"


# --- the folder served, with files outside it that must never be readable ------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("site")
    apps = base / "apps"
    apps.mkdir()
    _nb(apps, "app.ipynb", {"title": "Widget app"}, source=WIDGET_APP)
    (apps / "data.csv").write_text("name,email\nAnne Jensen,anne@example.org\n")
    (apps / "inside.png").write_bytes(PNG + b"inside")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG + SECRET.encode())
    (outside / "secret.txt").write_text(SECRET)
    _nb(outside, "secret.ipynb", source=f"print({SECRET!r})")
    (apps / "link.png").symlink_to(outside / "secret.png")
    (apps / "link.ipynb").symlink_to(outside / "secret.ipynb")
    (apps / "linkdir").symlink_to(outside, target_is_directory=True)
    return base


@pytest.fixture(scope="module")
def token_server(site: Path, isolated_env: dict[str, str], tmp_path_factory) -> Server:
    """``--token`` with preheating on (``/voila/query`` exists only with preheating)."""
    log = tmp_path_factory.mktemp("token_server") / "serve.log"
    server = start_server(site / "apps", isolated_env, log, "--token", TOKEN)
    try:
        yield server
    finally:
        stop_process(server.proc)


@pytest.fixture(scope="module")
def open_server(site: Path, isolated_env: dict[str, str], tmp_path_factory) -> Server:
    """The default: loopback, no token, where only the Host check stops a rebinding page."""
    log = tmp_path_factory.mktemp("open_server") / "serve.log"
    server = start_server(site / "apps", isolated_env, log, "--no-preheat")
    try:
        yield server
    finally:
        stop_process(server.proc)


def req(
    port: int,
    path: str,
    *,
    host: str | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    connect: str = "127.0.0.1",
) -> tuple[int, dict[str, str], bytes]:
    """One request, path and Host sent verbatim; redirects are not followed."""
    conn = httpclient.HTTPConnection(connect, port, timeout=180)
    try:
        conn.request(method, path, headers={"Host": host or f"127.0.0.1:{port}", **(headers or {})})
        r = conn.getresponse()
        got: dict[str, str] = {}
        for k, v in r.getheaders():  # repeated headers (Set-Cookie) joined by newlines
            got[k.lower()] = f"{got[k.lower()]}\n{v}" if k.lower() in got else v
        return r.status, got, r.read()
    finally:
        conn.close()


def ws_open(
    port: int, path: str, *, host: str | None = None, subprotocols: list[str] | None = None
) -> websocket.WebSocket | int:
    """An open websocket, or the HTTP status that refused the handshake."""
    host = host or f"127.0.0.1:{port}"
    try:
        return websocket.create_connection(
            f"ws://127.0.0.1:{port}{path}",
            timeout=120,
            host=host,
            origin=f"http://{host}",
            subprotocols=subprotocols,
        )
    except websocket.WebSocketBadStatusException as exc:
        return exc.status_code


def ws_status(port: int, path: str, *, host: str | None = None) -> int:
    ws = ws_open(port, path, host=host)
    if isinstance(ws, int):
        return ws
    ws.close()
    return 101


def kernel_of(server: Server, query: str = "") -> str:
    """Render the app (starting or taking a kernel) and return the page's kernel id."""
    status, _, body = req(server.port, f"/voila/render/app.ipynb{query}")
    assert status == 200, body[:300]
    match = re.search(rb'kernelId"\s*:\s*"([0-9a-f-]{36})"', body)
    assert match, "no kernel id in the rendered page"
    return match.group(1).decode()


def refused(status: int, headers: dict[str, str]) -> bool:
    """403, or a redirect to the login page (how Jupyter answers a page without a token)."""
    if status == 403:
        return True
    return status in (302, 303) and headers.get("location", "").startswith("/login")


# --- Host allow-list (DNS rebinding) ---------------------------------------------------------

FOREIGN_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "localhost.evil.example",
    "[::1]evil.example",
    "127.0.0.2:{port}",
    "192.0.2.1:{port}",
]
LOOPBACK_HOSTS = [
    "localhost:{port}",
    "127.0.0.1:{port}",
    "[::1]:{port}",
    "localhost",
    "localhost:1",
]
OPEN_PATHS = [
    "/",
    "/voila/render/app.ipynb",
    "/voila/tree",
    "/voila/api/contents",
    "/voila/api/contents/app.ipynb",
    "/voila/static/style/index.css",
    "/voila/templates/lab/static/voila.js",
    "/voila/labextensions/@voila-dashboards/widgets-manager8/package.json",
    "/voila/api/themes/@jupyterlab/theme-light-extension/index.css",
    "/voila/files/inside.png",
    "/api/contents",
    "/login",
    "/no/such/route",
]


@pytest.mark.slow
def test_foreign_host_gets_403_on_every_route(open_server: Server) -> None:
    port = open_server.port
    kernel = kernel_of(open_server)
    paths = [*OPEN_PATHS, f"/api/kernels/{kernel}"]
    for path in paths:
        for raw in FOREIGN_HOSTS:
            host = raw.format(port=port)
            status, _, body = req(port, path, host=host)
            assert status == 403, (path, host, status)
            assert b"Widget app" not in body and b"Dropdown" not in body
        status, _, _ = req(
            port, path, host="evil.example", method="POST", headers={"Content-Length": "0"}
        )
        assert status == 403, (path, "POST")
    assert ws_status(port, f"/api/kernels/{kernel}/channels", host=f"evil.example:{port}") == 403
    # The kernel survived all of it, and loopback names get through (any port in the header).
    for raw in LOOPBACK_HOSTS:
        host = raw.format(port=port)
        status, _, body = req(port, "/", host=host)
        assert status == 200 and b"Widget app" in body, host
        assert req(port, "/voila/static/style/index.css", host=host)[0] == 200
    assert ws_status(port, f"/api/kernels/{kernel}/channels", host=f"localhost:{port}") == 101
    assert "Refused a request for Host 'evil.example'" in open_server.log()
    assert "Traceback" not in open_server.log()


def test_host_names_and_allow_list() -> None:
    loop = _access.allowed_hosts("127.0.0.1")
    assert loop == {"localhost", "127.0.0.1", "::1"}
    assert _access.allowed_hosts("::1") == loop
    every = _access.allowed_hosts("0.0.0.0", ["apps.example.org", "Alias.Example.org."])
    assert {socket.gethostname().lower(), "apps.example.org", "alias.example.org"} <= every
    assert loop <= every and "evil.example" not in every and "0.0.0.0" not in every
    assert all(not a.startswith("fe80") for a in every)  # link-local needs a zone id
    one = _access.allowed_hosts("192.0.2.7")
    assert "192.0.2.7" in one and socket.gethostname().lower() in one
    for bad in ("*", "*.example.org", "http://x.org", "a b", "x.org/path", ""):
        with pytest.raises(ValueError, match="--allow-host expects a host name"):
            _access.validate_allow_host(bad)
    assert _access.host_allowed("[0:0:0:0:0:0:0:1]:80", loop)
    assert not _access.host_allowed("localhost:80:80", loop)
    assert not _access.host_allowed("", loop)


# --- the token on every route ----------------------------------------------------------------

#: One request per route of ``CocreateVoila.init_handlers()`` (folder mode), in the order the
#: test sends them (the shutdown route last: with the token it ends the kernel).
ROUTES: dict[str, tuple[str, str]] = {
    r"/": ("GET", "/"),
    r"/voila/tree(?P<path>(?:(?:/[^/]+)+|/?))": ("GET", "/voila/tree"),
    r"/voila/render/(.*)": ("GET", "/voila/render/app.ipynb"),
    r"/voila/api/contents(?P<path>(?:(?:/[^/]+)+|/?))": ("GET", "/voila/api/contents"),
    r"/voila/files/(.*)": ("GET", "/voila/files/inside.png"),
    r"/voila/static/(.*)": ("GET", "/voila/static/style/index.css"),
    r"/voila/templates/(.*)": ("GET", "/voila/templates/lab/static/voila.js"),
    r"/voila/labextensions/(.*)": (
        "GET",
        "/voila/labextensions/@voila-dashboards/widgets-manager8/package.json",
    ),
    r"/voila/api/themes/(.*)": (
        "GET",
        "/voila/api/themes/@jupyterlab/theme-light-extension/index.css",
    ),
    r"/api/kernels/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)": ("GET", "/api/kernels/{kernel}"),
    r"/api/kernels/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)/channels": (
        "WS",
        "/api/kernels/{kernel}/channels",
    ),
    r"/voila/query/(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)": ("WS", "/voila/query/{kernel}"),
    r"/voila/api/shutdown/(.*)": ("POST", "/voila/api/shutdown/{kernel}"),
}
#: With the token: the kit's data folder holds no JupyterLab themes (its template uses none),
#: so the themes route finds nothing; it is still refused without the token.
EXPECTED = {r"/voila/api/themes/(.*)": 404}
#: Routes that must answer without the token (where the token is typed in).
LOGIN_ROUTES = {r"/login", r"/logout"}


def _routes(app_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> list:
    for var in ISOLATED_VARS:
        monkeypatch.setenv(var, env[var])
    # Preheat stays on: /voila/query exists only then. The app is never started, so
    # Voila's preheat task fails at exit ("Task exception was never retrieved"): harmless.
    app = serve.make_app(app_path, token=TOKEN)
    app.init_settings()
    return [s for s in app.init_handlers() if isinstance(s, tuple)]


def test_every_route_is_in_the_token_test(site, monkeypatch, isolated_env) -> None:
    """The live test below covers every route the app defines; a new route fails here."""
    from jupyter_server.base.handlers import JupyterHandler

    specs = _routes(site / "apps", monkeypatch, isolated_env)
    assert {s[0] for s in specs} == set(ROUTES) | LOGIN_ROUTES
    # Single-notebook mode has the same routes with "/(.*)" for the app; both modes: each
    # handler either is guarded by the kit or is a Jupyter handler that needs a login.
    specs += _routes(site / "apps" / "app.ipynb", monkeypatch, isolated_env)
    for pattern, cls, *_ in specs:
        if pattern in LOGIN_ROUTES:
            continue
        guarded = cls.__name__.startswith("TokenRequired")
        assert guarded or (
            issubclass(cls, JupyterHandler) and not _access._answers_without_login(cls)
        ), pattern


@pytest.mark.slow
def test_token_required_on_every_route(token_server: Server) -> None:
    port = token_server.port
    kernel = kernel_of(token_server, f"?token={TOKEN}")
    for pattern, (method, raw) in ROUTES.items():
        path = raw.format(kernel=kernel)
        sep = "&" if "?" in path else "?"
        if method == "WS":
            assert ws_status(port, path) == 403, pattern
            assert ws_status(port, f"{path}{sep}token=wrong") == 403, pattern
            assert ws_status(port, f"{path}{sep}token={TOKEN}") == 101, pattern
            continue
        headers = {"Origin": f"http://127.0.0.1:{port}", "Content-Length": "0"}
        for attempt in ("", f"{sep}token=wrong"):
            status, hdrs, body = req(port, path + attempt, method=method, headers=headers)
            assert refused(status, hdrs), (pattern, attempt, status)
            assert b"Widget app" not in body and b"Dropdown" not in body
        status, hdrs, _ = req(
            port, path, method=method, headers={**headers, "Authorization": "token wrong"}
        )
        assert refused(status, hdrs), (pattern, "wrong header")
        status, _, _ = req(port, f"{path}{sep}token={TOKEN}", method=method, headers=headers)
        assert status == EXPECTED.get(pattern, 200 if method == "GET" else 204), pattern
    # Jupyter REST routes Voila does not expose stay absent, with or without the token.
    for path in (
        "/api/contents",
        "/api/kernels",
        "/api/sessions",
        "/api/terminals",
        "/api/kernelspecs",
    ):
        assert req(port, f"{path}?token={TOKEN}")[0] == 404, path
    # The Authorization header and the login cookie also work; /login answers without one.
    assert (
        req(port, "/voila/static/style/index.css", headers={"Authorization": f"token {TOKEN}"})[0]
        == 200
    )
    status, hdrs, _ = req(port, f"/?token={TOKEN}")
    cookie = "; ".join(c.split(";")[0] for c in hdrs.get("set-cookie", "").split("\n"))
    assert status == 200 and "username-" in cookie
    assert req(port, "/voila/files/inside.png", headers={"Cookie": cookie})[0] == 200
    status, _, body = req(port, "/login")
    assert status == 200 and b'<html lang="en">' in body and b"Access token" in body
    status, hdrs, body = req(port, "/logout", headers={"Cookie": cookie})
    assert status == 200 and b"You are signed out." in body
    assert f'username-127-0-0-1-{port}=""' in hdrs["set-cookie"]


@pytest.mark.slow
def test_query_route_needs_the_token_and_never_echoes_it(token_server: Server) -> None:
    port = token_server.port
    kernel = kernel_of(token_server, f"?token={TOKEN}&segment=a%20b")
    assert ws_status(port, f"/voila/query/{kernel}") == 403
    ws = ws_open(port, f"/voila/query/{kernel}?token={TOKEN}")
    assert not isinstance(ws, int)
    try:
        info = json.loads(ws.recv())
    finally:
        ws.close()
    assert info["QUERY_STRING"] == "segment=a%20b"
    assert TOKEN not in json.dumps(info)
    assert _access.scrub_token(f"a=1&token={TOKEN}&TOKEN=x&b=2") == "a=1&TOKEN=x&b=2"


# --- no code execution through the kernel websocket ------------------------------------------

V1 = "v1.kernel.websocket.jupyter.org"


class KernelSocket:
    """A kernel websocket speaking the legacy JSON protocol or the binary v1 protocol."""

    def __init__(self, port: int, kernel: str, v1: bool) -> None:
        ws = ws_open(
            port, f"/api/kernels/{kernel}/channels?token={TOKEN}", subprotocols=[V1] if v1 else None
        )
        assert not isinstance(ws, int), ws
        assert (ws.getsubprotocol() == V1) is v1  # the protocol under test is really in use
        self.ws, self.v1, self.session = ws, v1, uuid.uuid4().hex

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "viewer",
            "session": self.session,
            "date": "2026-01-01T00:00:00Z",
            "version": "5.3",
        }
        parts = [header, {}, {}, content]
        if self.v1:
            raw = [json.dumps(p).encode() for p in parts]
            self.ws.send_binary(serialize_msg_to_ws_v1(raw, channel))
        else:
            keys = ("header", "parent_header", "metadata", "content")
            self.ws.send(
                json.dumps(
                    {**dict(zip(keys, parts, strict=True)), "channel": channel, "buffers": []}
                )
            )
        return header["msg_id"]

    def recv(self) -> tuple[str, str | None]:
        """(msg_type, parent msg_id) of the next message."""
        from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

        data = self.ws.recv()
        if self.v1:
            _, parts = deserialize_msg_from_ws_v1(data)
            header, parent = json.loads(parts[0]), json.loads(parts[1])
        else:
            msg = json.loads(data)
            header, parent = msg["header"], msg["parent_header"]
        return header["msg_type"], parent.get("msg_id")

    def until_reply(self, msg_id: str, timeout: float = 90.0) -> list[str]:
        """Types of the messages received up to the reply to ``msg_id``."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.ws.settimeout(max(1.0, deadline - time.monotonic()))
            msg_type, parent = self.recv()
            seen.append(msg_type)
            if parent == msg_id and msg_type.endswith("_reply"):
                return seen
        raise AssertionError(f"no reply to {msg_id} within {timeout:.0f} s")


ATTACKS = [
    ("execute_request", "shell", {"silent": False, "store_history": False, "allow_stdin": False}),
    ("execute_request", "control", {"silent": True}),
    ("inspect_request", "shell", {"code": "open", "cursor_pos": 4, "detail_level": 1}),
    ("complete_request", "shell", {"code": "import o", "cursor_pos": 8}),
    ("history_request", "shell", {"hist_access_type": "tail", "n": 10, "raw": True}),
    ("debug_request", "control", {"command": "initialize", "seq": 1, "type": "request"}),
    ("input_reply", "stdin", {"value": "x"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("v1", [False, True], ids=["json", "v1"])
def test_viewer_cannot_run_code_through_the_kernel_websocket(
    token_server: Server, tmp_path: Path, v1: bool
) -> None:
    marker = tmp_path / "pwned.txt"
    code = f"open({str(marker)!r}, 'w').write('pwned')"
    sock = KernelSocket(token_server.port, kernel_of(token_server, f"?token={TOKEN}"), v1)
    try:
        assert sock.until_reply(sock.send("kernel_info_request", {}))[-1] == "kernel_info_reply"
        for msg_type, channel, content in ATTACKS:
            sock.send(msg_type, {"code": code, **content}, channel)
        # Messages on one channel are handled in order: once this is answered, anything
        # forwarded before it would have run.
        seen = sock.until_reply(sock.send("kernel_info_request", {}))
    finally:
        sock.ws.close()
    time.sleep(2)
    assert not marker.exists()
    assert not {"execute_reply", "execute_input", "stream", "error"} & set(seen), seen
    assert not {"inspect_reply", "complete_reply", "history_reply", "debug_reply"} & set(seen)
    assert 'Received message of type "execute_request", which is not allowed' in (
        token_server.log()
    )


# --- no file outside the served folder -------------------------------------------------------

TRAVERSALS = [
    "/voila/files/../outside/secret.png",
    "/voila/files/..%2foutside%2fsecret.png",
    "/voila/files/%2e%2e/outside/secret.png",
    "/voila/files/%2e%2e%2foutside%2fsecret.txt",
    "/voila/files/%252e%252e%252foutside%252fsecret.png",
    "/voila/files/..%5coutside%5csecret.png",
    "/voila/files//{base}/outside/secret.png",
    "/voila/files/%2f{base}%2foutside%2fsecret.png",
    "/voila/files/link.png",
    "/voila/files/linkdir/secret.png",
    "/voila/files/../../../../../../etc/passwd",
    "/voila/render/../outside/secret.ipynb",
    "/voila/render/%2e%2e%2foutside%2fsecret.ipynb",
    "/voila/render/%2f{base}%2foutside%2fsecret.ipynb",
    "/voila/render/link.ipynb",
    "/voila/render/linkdir/secret.ipynb",
    "/voila/api/contents/link.ipynb",
    "/voila/api/contents/linkdir/secret.ipynb?content=1",
    "/voila/api/contents/..%2foutside",
    "/voila/api/contents/%2e%2e%2foutside%2fsecret.txt?content=1&format=text",
    "/voila/tree/..%2foutside",
    "/voila/static/..%2f..%2f..%2f..%2f{base}%2foutside%2fsecret.txt",
    "/voila/templates/lab/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/templates/lab/static/../../../../../../../../etc/passwd",
    "/voila/templates/..%2f..%2f..%2f..%2f{base}/static/outside/secret.txt",
    "/voila/labextensions/..%2f..%2f..%2f..%2f{base}%2foutside%2fsecret.txt",
    "/voila/api/themes/..%2f..%2f..%2f..%2f{base}%2foutside%2fsecret.txt",
    "/api/contents/outside/secret.txt",
    "/files/outside/secret.txt",
    "/{base}/outside/secret.txt",
]


@pytest.mark.slow
def test_no_file_outside_the_served_folder_can_be_read(token_server: Server, site: Path) -> None:
    port = token_server.port
    base = str(site).strip("/")
    status, _, body = req(port, f"/voila/files/inside.png?token={TOKEN}")
    assert status == 200 and body == PNG + b"inside"  # the route serves what it should
    # ... but only images: the data files next to the notebooks stay on the server.
    status, _, body = req(port, f"/voila/files/data.csv?token={TOKEN}")
    assert status == 403 and b"anne@example.org" not in body
    # The landing page lists the app, not the symlinks that lead out of the folder.
    status, _, body = req(port, f"/?token={TOKEN}")
    assert status == 200 and b"Widget app" in body
    assert b"link.ipynb" not in body and b"linkdir" not in body
    for raw in TRAVERSALS:
        path = raw.format(base=base)
        sep = "&" if "?" in path else "?"
        status, _, body = req(port, f"{path}{sep}token={TOKEN}")
        assert SECRET.encode() not in body and b"root:x:0:0" not in body, (path, status)
        assert status in (400, 403, 404, 500) or (status == 200 and b"secret" not in body), (
            path,
            status,
        )
        assert b"Traceback" not in body, path
    assert "Traceback" not in req(port, f"/voila/render/link.ipynb?token={TOKEN}")[2].decode()
    # Refusals are logged as one line each, never as an uncaught exception.
    assert "Refused /voila/render/link.ipynb: it resolves outside" in token_server.log()
    assert "Traceback" not in token_server.log()


# --- open binds ------------------------------------------------------------------------------


def test_open_bind_without_token_is_refused(tmp_path: Path, capsys) -> None:
    for host in ("0.0.0.0", "::", "192.0.2.7"):
        assert main(["serve", str(tmp_path), "--host", host, "--port", "1"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "without a token" in err and "--token SECRET" in err and "--no-token" in err
    assert main(["serve", str(tmp_path), "--host", "0.0.0.0"]) == 2
    assert (
        "Refusing to serve on all interfaces (0.0.0.0) without a token" in capsys.readouterr().err
    )
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        _access.check_open_bind(host, None)  # loopback: no token needed
    with pytest.raises(SystemExit) as exc:  # argparse: the two are exclusive
        main(["serve", str(tmp_path), "--token", "x", "--no-token"])
    assert exc.value.code == 2
    assert main(["serve", str(tmp_path), "--allow-host", "*.example.org"]) == 2
    assert "--allow-host expects a host name" in capsys.readouterr().err


def test_announcement_shows_the_real_address() -> None:
    allowed = _access.allowed_hosts("0.0.0.0")
    text = serve.announcement("apps", "0.0.0.0", 8866, "s3cret", allowed)
    assert "on all interfaces (0.0.0.0), port 8866" in text and "localhost:8866" not in text
    primary = serve._primary_address()
    assert not _access.is_loopback(primary) and primary in allowed
    assert f"{serve.url_for('0.0.0.0', 8866, 's3cret')}" in text and "?token=s3cret" in text
    assert "--allow-host" in text
    assert (
        "token"
        not in serve.announcement("apps", "0.0.0.0", 8866, None, allowed)
        .split("Open")[1]
        .split("\n")[0]
    )
    assert serve.url_for("127.0.0.1", 1, "a b&c") == "http://127.0.0.1:1/?token=a%20b%26c"
    one = serve.announcement("apps", "192.0.2.7", 80, None, _access.allowed_hosts("192.0.2.7"))
    assert "on 192.0.2.7, port 80" in one and "Open http://192.0.2.7:80/." in one
    assert "127.0.0.1:80" not in one  # nothing listens on loopback then


@pytest.mark.slow
def test_no_token_on_all_interfaces_starts_with_a_warning(site, isolated_env, tmp_path) -> None:
    server = start_server(
        site / "apps",
        isolated_env,
        tmp_path / "serve.log",
        "--host",
        "0.0.0.0",
        "--no-token",
        "--no-preheat",
        "--allow-host",
        "apps.example.org",
    )
    try:
        port = server.port
        log = server.log()
        assert "Warning: no token (--no-token)" in log
        assert "on all interfaces (0.0.0.0)" in log and "http://localhost" not in log
        primary = serve._primary_address()
        assert f"Open {serve.url_for('0.0.0.0', port)}" in log
        for host in (primary, socket.gethostname(), "apps.example.org", "localhost"):
            shown = f"[{host}]" if ":" in host else host
            status, _, body = req(port, "/", host=f"{shown}:{port}")
            assert status == 200 and b"Widget app" in body, host
        if serve._is_ip(primary) and ":" not in primary:
            # reached over the machine's own IPv4 address, not only over loopback
            status, _, body = req(port, "/", host=f"{primary}:{port}", connect=primary)
            assert status == 200 and b"Widget app" in body
            status, _, _ = req(port, "/", host=f"evil.example:{port}", connect=primary)
            assert status == 403
        assert req(port, "/", host=f"evil.example:{port}")[0] == 403
    finally:
        stop_process(server.proc)


# --- a browser with the token: the app still works (static files through the login cookie) ---


@pytest.mark.slow
def test_app_works_in_a_browser_with_the_token(token_server: Server, page) -> None:
    import browser_helpers as bh

    watch = bh.Watch(page)
    refusals: list[str] = []
    page.on("response", lambda r: refusals.append(r.url) if r.status in (401, 403) else None)
    page.goto(f"{token_server.url}voila/render/app.ipynb?token={TOKEN}")
    page.wait_for_selector(".widget-dropdown select", state="visible", timeout=120_000)
    page.select_option(".widget-dropdown select", "b")
    assert page.locator(".widget-dropdown select").input_value() == "b"
    assert not refusals, refusals
    assert not watch.problems(), watch.problems()
    assert any("/voila/static/" in u or "/voila/labextensions/" in u for u in watch.requests)
    assert not any("token=" in u for u in watch.requests[1:] if "/voila/static/" in u)
    # Without the token the browser lands on the kit's sign-in form: no request it cannot
    # make, accessible, a wrong token says so, the right one opens the app.
    page.goto("about:blank")  # leaving frees the kernel (a beacon, with the login cookie)
    page.wait_for_timeout(500)
    page.context.clear_cookies()
    seen = len(watch.requests)
    page.goto(f"{token_server.url}voila/render/app.ipynb")
    assert "/login" in page.url and page.title() == "Sign in · cocreate-kit apps"
    assert watch.requests[seen:] == [f"{token_server.url}voila/render/app.ipynb", page.url]
    assert bh.axe_violations(page) == []
    page.get_by_label("Access token").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert "not right" in page.get_by_role("alert").inner_text()
    page.get_by_label("Access token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".widget-dropdown select", state="visible", timeout=120_000)
    assert refusals == [f"{token_server.url}login?next=%2Fvoila%2Frender%2Fapp.ipynb"]
