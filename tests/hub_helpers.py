"""Start and stop the JupyterHub recipe of ``deploy/jupyterhub/`` for tests and benchmarks.

The Hub runs with ``deploy/jupyterhub/test_config.py`` (the real recipe plus a shared test
password and the local process spawner) on loopback ports that were free a moment ago, with
its database, cookie secret and the users' home folders in a temporary folder. The Hub
starts the proxy, the idle culler and the users' servers in sessions of their own, so
:func:`stop_hub` collects every descendant process first and kills whatever is left after
the Hub's own cleanup.
"""

from __future__ import annotations

import json
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import ROOT, free_port, stop_process, wait_for_port

TEST_CONFIG = ROOT / "deploy" / "jupyterhub" / "test_config.py"


@dataclass
class Hub:
    """A running JupyterHub (proxy on ``url``) with a service token for its REST API."""

    url: str
    proc: subprocess.Popen
    state: Path
    token: str
    password: str
    users: list[str]
    seen: dict[int, Any] = field(default_factory=dict)  # pid -> psutil.Process

    def log(self) -> str:
        return (self.state / "hub.log").read_text(encoding="utf-8", errors="replace")

    def api(self, path: str, method: str = "GET") -> tuple[int, Any]:
        """Call the Hub's REST API with the service token; returns (status, JSON or None)."""
        req = urllib.request.Request(
            f"{self.url}hub/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                body = r.read()
                return r.status, json.loads(body) if body else None
        except urllib.error.HTTPError as exc:
            return exc.code, None

    def servers(self, user: str) -> dict[str, Any]:
        """The user's running (or starting) servers, from the REST API."""
        status, model = self.api(f"users/{user}")
        if status != 200:
            raise AssertionError(f"GET /hub/api/users/{user} answered {status}")
        return model.get("servers") or {}

    def wait_no_server(self, user: str, timeout: float = 90.0) -> float:
        """Poll the REST API until ``user`` has no server; returns the seconds waited."""
        start = time.monotonic()
        while self.servers(user):
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{user}'s server still listed after {timeout:.0f} s")
            time.sleep(0.5)
        return time.monotonic() - start

    def remember_processes(self) -> None:
        """Record the Hub's descendants (proxy, culler, user servers, kernels) for cleanup."""
        import psutil

        try:
            for child in psutil.Process(self.proc.pid).children(recursive=True):
                self.seen.setdefault(child.pid, child)
        except psutil.Error:
            pass

    def user_processes(self, user: str) -> list[Any]:
        """The user's single-user server and its kernels (psutil processes)."""
        import psutil

        out = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if (
                    "jupyterhub.singleuser" in _cmd(child)
                    and child.environ().get("JUPYTERHUB_USER") == user
                ):
                    out.append(child)
                    out.extend(child.children(recursive=True))
            except psutil.Error:
                pass
        return out


def start_hub(env: dict[str, str], state: Path, users: list[str], *, timeout: float = 180.0) -> Hub:
    """Start the Hub of ``deploy/jupyterhub/test_config.py``; wait until it answers."""
    state.mkdir(parents=True, exist_ok=True)
    port = free_port()
    token = secrets.token_hex(24)
    password = secrets.token_urlsafe(12)
    hub_env = {
        **env,
        "PYTHONPATH": str(ROOT),
        "COCREATE_HUB_STATE": str(state),
        "COCREATE_HUB_PORT": str(port),
        "COCREATE_HUB_TEST_HUB_PORT": str(free_port()),
        "COCREATE_HUB_TEST_API_PORT": str(free_port()),
        "COCREATE_HUB_TEST_USERS": ",".join(users),
        "COCREATE_HUB_TEST_PASSWORD": password,
        "COCREATE_HUB_TEST_TOKEN": token,
    }
    log = open(state / "hub.log", "w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(TEST_CONFIG)],
        cwd=state,
        env=hub_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    hub = Hub(f"http://127.0.0.1:{port}/", proc, state, token, password, users)
    try:
        wait_for_port(port, proc, timeout=timeout)
        deadline = time.monotonic() + timeout
        while hub.api("")[0] != 200:  # the proxy listens before the Hub's route exists
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterHub did not answer:\n" + hub.log()[-3000:])
            time.sleep(0.5)
        hub.remember_processes()
    except BaseException:
        stop_hub(hub)
        raise
    return hub


def stop_hub(hub: Hub) -> None:
    """Stop the Hub and every process it started (proxy, culler, user servers, kernels)."""
    import psutil

    hub.remember_processes()
    # The culler service ignores SIGINT for a while and would delay the Hub's cleanup.
    for proc in hub.seen.values():
        if _cmd(proc).find("jupyterhub_idle_culler") >= 0:
            _signal(proc, signal.SIGTERM)
    stop_process(hub.proc, timeout=30)
    # psutil.Process checks the creation time, so a recycled pid is never signalled.
    for proc in hub.seen.values():
        _signal(proc, signal.SIGKILL)
    psutil.wait_procs(list(hub.seen.values()), timeout=10)


def _cmd(proc: Any) -> str:
    import psutil

    try:
        return " ".join(proc.cmdline())
    except psutil.Error:
        return ""


def _signal(proc: Any, sig: int) -> None:
    import psutil

    try:
        if proc.is_running():
            proc.send_signal(sig)
    except psutil.Error:
        pass


def login(page: Any, hub: Hub, user: str) -> None:
    """Log ``user`` in through the Hub's login form (the Hub then starts their server)."""
    page.goto(f"{hub.url}hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(lambda url: "/hub/login" not in url)
