"""Shared fixtures: isolated Jupyter state, one ``cocreate serve`` server, one Chromium.

Every process started here (Voila and its kernels, Chromium, JupyterLab) runs in its own
process group and is stopped in a ``finally`` block, also when a test fails.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"

sys.path.insert(0, str(Path(__file__).resolve().parent))

ISOLATED_VARS = {
    "JUPYTER_CONFIG_DIR": "jupyter_config",
    "JUPYTER_DATA_DIR": "jupyter_data",
    "JUPYTER_RUNTIME_DIR": "jupyter_runtime",
    "IPYTHONDIR": "ipython",
    "XDG_CONFIG_HOME": "xdg_config",
    "XDG_CACHE_HOME": "xdg_cache",
}


def app_notebooks() -> list[Path]:
    """The notebooks in ``notebooks/`` (the apps ``cocreate serve notebooks`` lists)."""
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not p.name.startswith((".", "_")))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until something listens on ``port`` (a TCP connect; a GET would run a notebook)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with status {proc.returncode}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listened on port {port} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """SIGTERM the process (it shuts its kernels down), then SIGKILL its whole group."""
    if proc.poll() is None:
        try:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # kernels and anything else it started
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


@pytest.fixture(scope="session")
def isolated_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for subprocesses with all Jupyter/IPython/XDG state in a temp folder."""
    base = tmp_path_factory.mktemp("jupyter_home")
    env = dict(os.environ)
    for var, sub in ISOLATED_VARS.items():
        (base / sub).mkdir()
        env[var] = str(base / sub)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("COCREATE_STATIC", None)
    return env


@dataclass
class Server:
    """A running ``cocreate serve`` process."""

    url: str
    port: int
    proc: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(
    folder: Path, env: dict[str, str], log_path: Path, *extra: str, port: int | None = None
) -> Server:
    """Start ``cocreate serve FOLDER`` on a free port and wait until it listens."""
    port = port or free_port()
    log = open(log_path, "w", encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "cocreate_kit.cli",
        "serve",
        str(folder),
        "--port",
        str(port),
        *extra,
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    try:
        wait_for_port(port, proc)
    except BaseException:
        stop_process(proc)
        raise
    return Server(f"http://127.0.0.1:{port}/", port, proc, log_path)


@pytest.fixture(scope="session")
def voila_server(
    isolated_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """``cocreate serve notebooks`` (preheat on), stopped at the end of the session."""
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    server = start_server(NOTEBOOKS, isolated_env, log_path)
    try:
        yield server
    finally:
        stop_process(server.proc)


@pytest.fixture(scope="session")
def exports(isolated_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Each app notebook exported in English with ``cocreate export`` (the CLI, as users run
    it), once per session: ``{notebook name: HTML file}``. Shared by the export and
    page-pattern browser tests."""
    import browser_helpers as bh

    return bh.export_all(app_notebooks(), tmp_path_factory.mktemp("exports"), isolated_env)


@pytest.fixture(scope="session")
def exports_da(isolated_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The same exports in Danish (``cocreate export NB -p language da``), once per session."""
    import browser_helpers as bh

    out = tmp_path_factory.mktemp("exports_da")
    return bh.export_all(app_notebooks(), out, isolated_env, language="da")


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: object, isolated_env: dict[str, str]) -> Iterator[object]:
    """Headless Debian Chromium (``/usr/bin/chromium``), closed at the end of the session."""
    import browser_helpers as bh

    b = bh.launch(playwright_instance, env=isolated_env)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page in its own context (no shared cookies or storage), closed afterwards."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One local Spark session (``local[2]``, UTC, no UI) for the whole run, stopped at the end.

    Spark's scratch space, metastore and Ivy cache live in a temp folder, not in ``$HOME``.
    Java 17 is installed by ``make test`` (``openjdk-17-jre-headless``); without it the tests
    fail under ``CI=true`` rather than being skipped.
    """
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("Java is missing: `make test` installs openjdk-17-jre-headless")
        pytest.skip("Java is not installed (run `make test`, which installs it)")
    from pyspark.sql import SparkSession

    base = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cocreate-kit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.local.dir", str(base / "local"))
        .config("spark.sql.warehouse.dir", str(base / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={base / 'derby'}")
        .config("spark.jars.ivy", str(base / "ivy"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
