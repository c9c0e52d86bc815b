"""What a viewer of ``cocreate serve`` sees while an app starts and when something fails.

One server (no preheat, so every page waits for its own kernel) serves small notebooks:
``widget`` (a Dropdown whose choice the kernel echoes back: a real round trip),
``slow`` (sleeps before its widget, so the "starting" state is on screen long enough to
check), and ``raises`` (two cells, then an error, then a cell that is never run).
Checked in headless Chromium: the "starting" status, a kernel killed with SIGKILL, malformed
websocket messages, and a failing notebook.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import browser_helpers as bh
import pytest
from conftest import start_server, stop_process

from cocreate_kit import _viewers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STARTING = "Starting the app…"
STOPPED = "This app stopped; reload to start again."

WIDGET_SRC = """import ipywidgets as w
from IPython.display import display
choice = w.Dropdown(options=["a", "b", "c"], description="Choice")
echo = w.HTML(value="<p class='ck-echo'>You chose a</p>")
def show(change):
    echo.value = f"<p class='ck-echo'>You chose {change['new']}</p>"
choice.observe(show, names="value")
box = w.VBox([choice, echo])
box.add_class("ck-controls")
display(box)"""


def _notebook(folder: Path, name: str, title: str, cells: list[tuple[str, str]]) -> None:
    doc = {
        "cells": [
            {
                "cell_type": kind,
                "id": f"c{i}",
                "metadata": {},
                "source": source,
                **({"outputs": [], "execution_count": None} if kind == "code" else {}),
            }
            for i, (kind, source) in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "cocreate": {"title": title, "description": f"{title} (test)."},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / name).write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture(scope="module")
def fault_server(isolated_env, tmp_path_factory):
    apps = tmp_path_factory.mktemp("fault_apps")
    _notebook(apps, "widget.ipynb", "Widget", [("markdown", "# Widget"), ("code", WIDGET_SRC)])
    _notebook(
        apps,
        "slow.ipynb",
        "Slow",
        [("code", "import time\ntime.sleep(6)"), ("code", WIDGET_SRC)],
    )
    _notebook(
        apps,
        "raises.ipynb",
        "Raises",
        [
            ("markdown", "## Part one is shown"),
            ("code", "print('part-two-is-shown')"),
            ("code", "raise RuntimeError('secret-internal-detail')"),
            ("code", "print('never-run')"),
        ],
    )
    server = start_server(
        apps, isolated_env, tmp_path_factory.mktemp("fault_log") / "serve.log", "--no-preheat"
    )
    try:
        yield server
    finally:
        stop_process(server.proc)


def _open(page, server, name: str) -> None:
    page.goto(f"{server.url}voila/render/{name}")
    page.wait_for_selector(".ck-controls select", state="visible", timeout=120_000)


def _round_trip(page, value: str) -> None:
    """Choose ``value`` and wait for the kernel's echo (proves the kernel answers)."""
    page.select_option(".ck-controls select", value)
    page.wait_for_function(
        "v => (document.querySelector('.ck-echo') || {}).textContent === 'You chose ' + v",
        arg=value,
        timeout=60_000,
    )


def _kernel_id(page) -> str:
    return page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )


def _kernel_pid(server, kernel_id: str) -> int:
    import psutil

    for child in psutil.Process(server.proc.pid).children(recursive=True):
        try:
            if kernel_id in " ".join(child.cmdline()):
                return child.pid
        except psutil.Error:
            pass
    raise AssertionError(f"no process for kernel {kernel_id}")


def _wait_log(server, text: str, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in server.log():
            return True
        time.sleep(0.2)
    return False


def test_waiting_viewer_sees_a_starting_status(fault_server, page) -> None:
    """The status is on screen (role=status, polite) before the widgets, and gone after."""
    watch = bh.Watch(page)
    page.goto(f"{fault_server.url}voila/render/slow.ipynb", wait_until="commit")
    status = page.locator("#loading [role=status]")
    status.wait_for(state="visible", timeout=60_000)
    assert STARTING in status.inner_text()
    assert "can take a minute when many people open it at once" in status.inner_text()
    assert status.get_attribute("aria-live") == "polite"
    assert page.locator(".ck-controls").count() == 0, "widgets came before the status"
    page.wait_for_load_state("domcontentloaded", timeout=60_000)
    if page.locator(".ck-controls select").count() == 0:
        assert bh.axe_violations(page) == [], "the starting state is not accessible"
    page.wait_for_selector(".ck-controls select", state="visible", timeout=120_000)
    assert page.locator("#loading").count() == 0
    assert page.get_by_text(STARTING).count() == 0
    assert page.locator("[role=alert]").count() == 0
    _round_trip(page, "c")
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}


def test_killed_kernel_gives_a_message_and_reload_works(fault_server, page) -> None:
    watch = bh.Watch(page)
    _open(page, fault_server, "widget.ipynb")
    _round_trip(page, "b")
    kernel_id = _kernel_id(page)
    os.kill(_kernel_pid(fault_server, kernel_id), signal.SIGKILL)

    alert = page.locator("[role=alert]")
    alert.wait_for(state="visible", timeout=60_000)
    assert alert.inner_text().splitlines()[0].strip() == STOPPED
    # The server restarts a killed kernel (empty: the app's state is gone) and says so.
    assert alert.get_attribute("data-reason") in ("kernel restarting", "kernel dead")
    assert "Traceback" not in page.content()
    # The dead controls are inert; the reload button has focus and a name.
    assert page.eval_on_selector(".ck-controls select", "el => !!el.closest('[inert]')")
    button = alert.get_by_role("button", name="Reload")
    assert button.evaluate("b => document.activeElement === b")
    assert bh.axe_violations(page) == []

    button.click()
    page.wait_for_selector(".ck-controls select", state="visible", timeout=120_000)
    assert page.locator("[role=alert]").count() == 0
    assert _kernel_id(page) != kernel_id
    _round_trip(page, "c")
    assert watch.page_errors == [] and watch.external == []


def _ws_url(server, kernel_id: str) -> str:
    return (
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels"
        f"?session_id={uuid.uuid4().hex}"
    )


def _v1_frame(parts: list[bytes]) -> bytes:
    """A frame of the v1 kernel websocket protocol: offset count, offsets, parts."""
    n = len(parts) + 1
    offsets, at = [], 8 * (n + 1)
    for part in parts:
        offsets.append(at)
        at += len(part)
    offsets.append(at)
    head = n.to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def _header(msg_type: str) -> dict:
    return {
        "msg_id": uuid.uuid4().hex,
        "username": "x",
        "session": uuid.uuid4().hex,
        "msg_type": msg_type,
        "version": "5.3",
        "date": "2026-01-01T00:00:00Z",
    }


def _parent_id(message: str | bytes) -> str | None:
    """``parent_header.msg_id`` of a JSON or v1 binary message from the server."""
    if isinstance(message, str):
        return json.loads(message)["parent_header"].get("msg_id")
    n = int.from_bytes(message[:8], "little")
    offsets = [int.from_bytes(message[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(n)]
    return json.loads(message[offsets[2] : offsets[3]]).get("msg_id")


async def _answers(conn, protocol: str | None) -> bool:
    """True if the kernel answers a kernel_info_request sent on ``conn`` (None: closed)."""
    header = _header("kernel_info_request")
    if protocol:
        parts = [b"shell", json.dumps(header).encode(), b"{}", b"{}", b"{}"]
        await conn.write_message(_v1_frame(parts), binary=True)
    else:
        msg = {"header": header, "parent_header": {}, "metadata": {}, "content": {}}
        await conn.write_message(json.dumps({**msg, "channel": "shell", "buffers": []}))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reply = await asyncio.wait_for(conn.read_message(), deadline - time.monotonic())
        if reply is None:
            return False
        if _parent_id(reply) == header["msg_id"]:
            return True
    return False


async def _send_malformed(url: str, protocol: str | None) -> list[object]:
    """Send each bad message on one socket; then: does the kernel still answer on it?

    Then a frame over Tornado's limit, which closes only this socket (True if it did).
    """
    from tornado.websocket import websocket_connect

    run_code = {
        "header": _header("execute_request"),
        "parent_header": {},
        "metadata": {},
        "content": {"code": "open('/tmp/ck-pwned', 'w').write('x')", "silent": False},
        "channel": "shell",
        "buffers": [],
    }
    bad = [
        "{this is not json",
        b"\x00\x01garbage that is not a v1 frame",  # claims 2**56+ parts
        _v1_frame([b"shell", b"{not json", b"{}", b"{}", b"{}"]),
        json.dumps(run_code),
        json.dumps({**run_code, "header": _header("no_such_type")}),
        json.dumps({"channel": "shell"}),
        "x" * (_viewers.MAX_MESSAGE_BYTES + 1024),
    ]
    kwargs = {"subprotocols": [protocol]} if protocol else {}
    conn = await websocket_connect(url, **kwargs)
    for message in bad:
        await conn.write_message(message, binary=isinstance(message, bytes))
    out: list[object] = [await _answers(conn, protocol)]
    closed = False
    try:
        await conn.write_message(b"y" * (_viewers.MAX_FRAME_BYTES + 1024), binary=True)
    except Exception:
        closed = True  # refused while still being written
    try:
        deadline = time.monotonic() + 30
        while not closed:
            closed = (
                await asyncio.wait_for(conn.read_message(), deadline - time.monotonic()) is None
            )
    except TimeoutError:
        pass
    out.append(closed)
    conn.close()
    return out


def test_malformed_websocket_messages_are_ignored_and_logged(fault_server, browser) -> None:
    if os.path.exists("/tmp/ck-pwned"):
        os.remove("/tmp/ck-pwned")
    context = browser.new_context()
    other_context = browser.new_context()
    try:
        page = context.new_page()
        watch = bh.Watch(page)
        _open(page, fault_server, "widget.ipynb")
        _round_trip(page, "b")
        kernel_id = _kernel_id(page)
        states = {}
        # Playwright's sync API owns this thread's event loop: talk to the socket in another.
        with ThreadPoolExecutor(1) as pool:
            for proto in ("v1.kernel.websocket.jupyter.org", None):
                url = _ws_url(fault_server, kernel_id)
                run = pool.submit(asyncio.run, _send_malformed(url, proto))
                states[proto or "json"] = run.result(timeout=120)
        # Each socket survived every bad message (the kernel still answered on it), and
        # only the oversized frame closed it.
        assert states == {"v1.kernel.websocket.jupyter.org": [True, True], "json": [True, True]}

        assert fault_server.proc.poll() is None, "the server died"
        assert _wait_log(fault_server, "Ignored a malformed websocket message")
        assert _wait_log(fault_server, 'Received message of type "execute_request"')
        assert _wait_log(fault_server, f"more than {_viewers.MAX_MESSAGE_BYTES} bytes")
        assert "Uncaught exception" not in fault_server.log()
        assert not os.path.exists("/tmp/ck-pwned"), "code sent through the websocket ran"

        # The viewer who was connected keeps working, and a new viewer gets the app.
        _round_trip(page, "c")
        assert page.locator("[role=alert]").count() == 0
        assert watch.problems() == {}
        other = other_context.new_page()
        _open(other, fault_server, "widget.ipynb")
        _round_trip(other, "b")
    finally:
        context.close()
        other_context.close()


def test_failing_notebook_shows_cells_before_the_error_without_traceback(
    fault_server, page
) -> None:
    watch = bh.Watch(page)
    page.goto(f"{fault_server.url}voila/render/raises.ipynb")
    page.get_by_text("part-two-is-shown").wait_for(state="visible", timeout=120_000)
    assert page.get_by_role("heading", name="Part one is shown").is_visible()
    notice = page.get_by_text("This part of the app could not be shown")
    assert notice.count() >= 1 and notice.first.is_visible()
    html = page.content()
    for leak in ("Traceback", "RuntimeError", "secret-internal-detail", "never-run"):
        assert leak not in html, leak
    assert page.locator("#loading").count() == 0, "still 'starting' after the page finished"
    assert page.locator("[role=alert]").count() == 0
    assert bh.axe_violations(page) == []
    assert watch.external == [] and watch.page_errors == []
    assert _wait_log(fault_server, "secret-internal-detail")


def test_a_script_that_does_not_load_gives_the_message(fault_server, page) -> None:
    """What a starved server did to one of 20 viewers: a script chunk of Voila's front end
    timed out, and the page stayed without widgets and without a word. Now it says so."""
    chunk = re.compile(r"/voila/static/\d+\.voila\.js")
    page.route(chunk, lambda route: route.abort("timedout"))
    page.goto(f"{fault_server.url}voila/render/widget.ipynb")
    alert = page.locator("[role=alert]")
    alert.wait_for(state="visible", timeout=120_000)
    assert STOPPED in alert.inner_text()
    assert alert.get_attribute("data-reason") == "a script did not load"
    assert page.locator("#loading").count() == 0, "the starting status must give way"
    assert bh.axe_violations(page) == []
    page.unroute(chunk)
    alert.get_by_role("button", name="Reload").click()
    page.wait_for_selector(".ck-controls select", state="visible", timeout=120_000)
    assert page.locator("[role=alert]").count() == 0
    _round_trip(page, "c")
