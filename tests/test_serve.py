"""``cocreate serve``: configuration (no server), the template's files, and one real server."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import browser_helpers as bh
import pytest
from conftest import start_server, stop_process

from cocreate_kit import serve
from cocreate_kit.cli import main

TEMPLATE_DIR = serve.SHARE_DIR / "voila" / "templates" / serve.TEMPLATE


def _nb(folder: Path, name: str, meta: dict | None = None, source: str = "x = 1") -> Path:
    doc = {
        "cells": [
            {
                "cell_type": "code",
                "source": source,
                "metadata": {},
                "outputs": [],
                "execution_count": None,
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            **({"cocreate": meta} if meta else {}),
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_config_defaults() -> None:
    c = serve.voila_config()
    vc = c.VoilaConfiguration
    assert c.Voila.ip == "127.0.0.1" and c.Voila.port == 8866 and c.Voila.open_browser is False
    assert vc.template == "cocreate"
    assert vc.preheat_kernel is True and vc.default_pool_size == 1
    assert vc.show_tracebacks is False and vc.strip_sources is True
    assert vc.allow_template_override == "NO" and vc.allow_theme_override == "NO"
    assert c.MappingKernelManager.cull_idle_timeout == serve.CULL_IDLE_TIMEOUT > 0
    assert c.MappingKernelManager.cull_interval == serve.CULL_INTERVAL > 0
    assert "ck-skip" in vc.resources["kit_css"]
    assert "token" not in c.Voila


def test_config_options() -> None:
    c = serve.voila_config(port=9000, host="0.0.0.0", token="s3cret", preheat=False)
    assert (c.Voila.ip, c.Voila.port, c.Voila.token) == ("0.0.0.0", 9000, "s3cret")
    assert c.VoilaConfiguration.preheat_kernel is False


def test_make_app_uses_the_kit_template(tmp_path) -> None:
    _nb(tmp_path, "a.ipynb")
    app = serve.make_app(tmp_path, port=9123, token="tok")
    assert app.root_dir == str(tmp_path)
    assert app.ip == "127.0.0.1" and app.port == 9123 and app.port_retries == 0
    assert app.token == "tok"
    assert Path(app.template_paths[0]) == TEMPLATE_DIR
    assert app.voila_configuration.template == "cocreate"
    assert app.voila_configuration.preheat_kernel is True
    assert app.voila_configuration.show_tracebacks is False


def test_template_makes_no_external_requests() -> None:
    files = [p for p in TEMPLATE_DIR.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"conf.json", "index.html.j2", "tree.html", "error.html"}
    for p in files:
        text = p.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I), p.name
    conf = json.loads((TEMPLATE_DIR / "conf.json").read_text())
    assert conf["base_template"] == "lab"


def test_app_entries_reads_titles_and_descriptions(tmp_path) -> None:
    _nb(tmp_path, "b_app.ipynb", {"title": "B app", "description": "Does B."})
    _nb(tmp_path, "a_untitled.ipynb")
    (tmp_path / "sub").mkdir()
    contents = {
        "content": [
            {"name": "b_app.ipynb", "path": "b_app.ipynb", "type": "notebook"},
            {"name": "sub", "path": "sub", "type": "directory"},
            {"name": "a_untitled.ipynb", "path": "a_untitled.ipynb", "type": "notebook"},
            {"name": ".hidden.ipynb", "path": ".hidden.ipynb", "type": "notebook"},
        ]
    }
    entries = serve.app_entries(tmp_path, contents)
    assert [(e["kind"], e["title"], e["description"]) for e in entries] == [
        ("app", "A untitled", ""),
        ("app", "B app", "Does B."),
        ("folder", "sub", ""),
    ]


def test_port_in_use_is_a_one_line_error(capsys) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", ".", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"Port {port} on 127.0.0.1 is already in use" in err and "Traceback" not in err


def test_is_external() -> None:
    assert bh.is_external("https://cdn.jsdelivr.net/npm/x.css")
    assert bh.is_external("http://10.0.0.1:8866/")
    assert not bh.is_external("http://127.0.0.1:8866/voila/static/voila.js")
    assert not bh.is_external("ws://localhost:1/api/kernels/x/channels")
    assert not bh.is_external("file:///tmp/report.html")
    assert not bh.is_external("data:image/png;base64,AAAA")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_server_token_landing_page_and_no_tracebacks(tmp_path, isolated_env) -> None:
    """A real server: token required, kit landing page, a failing cell shows no traceback."""
    apps = tmp_path / "apps"
    apps.mkdir()
    _nb(
        apps,
        "broken.ipynb",
        {"title": "Broken app", "description": "Fails on purpose."},
        source="raise RuntimeError('secret-internal-detail')",
    )
    server = start_server(
        apps, isolated_env, tmp_path / "serve.log", "--token", "t0k", "--no-preheat"
    )
    try:
        status, _ = _get(server.url)
        assert status in (401, 403) or "login" in _
        status, body = _get(server.url + "?token=t0k")
        assert status == 200
        assert "Broken app" in body and "Fails on purpose." in body and "<main" in body
        # ?template= and ?theme= overrides are ignored: still the kit template, no CDN.
        status, body = _get(
            server.url + "voila/render/broken.ipynb?token=t0k&template=lab&theme=dark"
        )
        assert "<title>Broken app</title>" in body and 'class="ck-skip"' in body
        assert "cdn.jsdelivr" not in body and "theme-dark" not in body
        assert "secret-internal-detail" not in body and "Traceback" not in body
        for _ in range(50):  # the log keeps the details for maintainers
            if "secret-internal-detail" in server.log():
                break
            import time

            time.sleep(0.1)
        assert "secret-internal-detail" in server.log()
        assert "http://127.0.0.1:" in server.log() and "?token=t0k" in server.log()
    finally:
        stop_process(server.proc)
    assert server.proc.poll() is not None


@pytest.mark.slow
@pytest.mark.browser
def test_notebook_only_cells_run_but_are_not_shown(tmp_path, isolated_env, page) -> None:
    """Cells tagged ck-notebook-only (the notebook's heading, checked prints) run in Voila
    but their outputs never reach the page; the header strip does not repeat the title;
    the page has one <h1>, the app's (an untagged notebook heading becomes an <h2>)."""
    import nbformat

    from cocreate_kit._brief import NOTEBOOK_ONLY_TAG

    apps = tmp_path / "apps"
    apps.mkdir()
    v4 = nbformat.v4
    nb = v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "cocreate": {"title": "Letters app"},
        }
    )
    heading = v4.new_markdown_cell("# NOTEBOOKHEADING\n\nHow to use this notebook.")
    checked = v4.new_code_cell("print('CHECKEDPRINT'); hidden = 41")
    for cell in (heading, checked):
        cell.metadata["tags"] = [NOTEBOOK_ONLY_TAG]
    nb.cells = [
        heading,
        checked,
        v4.new_markdown_cell("# Untagged heading"),
        v4.new_code_cell(
            "from IPython.display import HTML, display\n"
            "display(HTML(f'<header class=\"ck-brief\"><h1>Letters app</h1></header>'\n"
            "             f'<p>SHOWN {hidden + 1}</p>'))"
        ),
    ]
    nbformat.write(nb, apps / "letters.ipynb")
    server = start_server(apps, isolated_env, tmp_path / "serve.log", "--no-preheat")
    try:
        status, body = _get(server.url + "voila/render/letters.ipynb")
        page.goto(server.url + "voila/render/letters.ipynb")
        page.wait_for_selector("text=SHOWN 42", timeout=180_000)
        page.wait_for_timeout(500)
        h1 = page.eval_on_selector_all("h1", "els => els.map(e => e.textContent)")
        h2 = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
        shown = page.inner_text("body")
    finally:
        stop_process(server.proc)
    assert status == 200
    assert "SHOWN 42" in body  # the tagged cell ran: `hidden` was defined
    assert "CHECKEDPRINT" not in body and "NOTEBOOKHEADING" not in body
    assert "voila_process(2, 4)" in body  # progress still counts the hidden cell
    assert "<title>Letters app</title>" in body
    header = re.search(r'<header class="ck-header">.*?</header>', body, re.S).group(0)
    assert "Letters app" not in header
    assert "CHECKEDPRINT" not in shown and "NOTEBOOKHEADING" not in shown
    assert h1 == ["Letters app"]
    assert any(text.startswith("Untagged heading") for text in h2), h2
