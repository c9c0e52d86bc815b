"""The JupyterHub recipe of ``deploy/jupyterhub/``, run for real with two users in Chromium.

One Hub (``deploy/jupyterhub/test_config.py``: the recipe plus a shared test password and
the local process spawner) on loopback ports, with all state in a temporary folder. Two
users log in through the Hub's login form; each opens an app in their own server, and each
app gets the checks of ``test_browser_apps.py`` (painted widgets, a kernel round trip, no
external request, no console error, axe-core clean, no planted personal data). Then: one
user cannot open the other's server, the apps cannot be written through the contents API,
logout stops the user's server and its kernels, and one pass of ``jupyterhub-idle-culler``
stops the other user's idle server. Every process the Hub started is stopped afterwards.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time

import browser_helpers as bh
import hub_helpers as hh
import pytest
from conftest import NOTEBOOKS, app_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

USERS = {"alice": "explorer.ipynb", "bob": "prototype_test.ipynb"}
APP_TIMEOUT_MS = 240_000  # a spawn, then a kernel, on a busy two-core machine


@pytest.fixture(scope="module")
def hub(isolated_env, tmp_path_factory):
    h = hh.start_hub(isolated_env, tmp_path_factory.mktemp("hub"), list(USERS))
    try:
        yield h
    finally:
        hh.stop_hub(h)


def _title(name: str) -> str:
    nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return nb["metadata"]["cocreate"]["title"]


def test_login_page_is_offline_and_accessible(hub, page) -> None:
    watch = bh.Watch(page)
    response = page.goto(f"{hub.url}hub/login")
    assert response.status == 200
    assert page.locator("#username_input").count() == 1
    assert page.locator("#password_input").count() == 1
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}
    assert watch.requests, "no request recorded"


def _check_app(page, watch: bh.Watch, app: str) -> None:
    """The checks of ``test_browser_apps.test_app_in_browser``, under the Hub."""
    bh.wait_for_app(page, timeout_ms=APP_TIMEOUT_MS)
    assert page.title() == _title(app)
    assert page.locator("a.ck-skip").count() == 1
    assert page.locator("main .ck-controls").count() >= 1
    assert bh.really_visible(page, ".ck-controls"), "controls are not painted on screen"
    assert bh.really_visible(page, ".ck-output"), "output is not painted on screen"
    assert "Traceback" not in page.content()
    before = bh.output_html(page)
    chosen = bh.change_first_control(page)
    assert bh.wait_output_changed(page, before, timeout_s=120) != before, chosen
    assert bh.axe_violations(page) == []
    assert watch.problems() == {}
    assert bh.leaked_pii(page.content()) == []


def _cull_once(hub, inactive_limit: int) -> None:
    """One pass of jupyterhub-idle-culler's own cull function against the Hub.

    In a thread of its own: Playwright's sync API keeps an event loop in this one.
    """
    from concurrent.futures import ThreadPoolExecutor

    from jupyterhub_idle_culler import cull_idle

    def run() -> None:
        asyncio.run(
            cull_idle(
                url=f"{hub.url}hub/api",
                api_token=hub.token,
                inactive_limit=inactive_limit,
                logger=logging.getLogger("test_hub.culler"),
            )
        )

    with ThreadPoolExecutor(1) as pool:
        pool.submit(run).result(timeout=120)


def test_two_users_each_get_their_own_server(hub, browser) -> None:
    assert {p.name for p in app_notebooks()} >= set(USERS.values())
    contexts = {u: browser.new_context(viewport={"width": 1280, "height": 1600}) for u in USERS}
    try:
        pages = {u: ctx.new_page() for u, ctx in contexts.items()}
        for pg in pages.values():
            pg.set_default_timeout(APP_TIMEOUT_MS)
        watches = {u: bh.Watch(pg) for u, pg in pages.items()}
        for user, pg in pages.items():  # both servers start while the first app loads
            hh.login(pg, hub, user)

        # The landing page of a user's server lists every app, in the kit's template.
        alice = pages["alice"]
        alice.goto(f"{hub.url}user/alice/voila/tree")  # via the Hub's "starting" page
        alice.wait_for_selector("a.ck-app-link", timeout=APP_TIMEOUT_MS)
        links = alice.eval_on_selector_all("a.ck-app-link", "els => els.map(a => a.pathname)")
        assert sorted(links) == sorted(
            f"/user/alice/voila/render/{p.name}" for p in app_notebooks()
        )
        assert bh.axe_violations(alice) == []
        # Template and theme overrides are refused under the Hub too.
        alice.goto(f"{hub.url}user/alice/voila/tree?classic-tree=false&template=lab&theme=dark")
        assert alice.locator("a.ck-app-link").count() == len(links)

        for user, app in USERS.items():
            pages[user].goto(f"{hub.url}user/{user}/voila/render/{app}")
            _check_app(pages[user], watches[user], app)
        for user in USERS:
            assert hub.servers(user)[""]["ready"], f"{user}'s server is not ready"

        # Alice cannot open Bob's server: the Hub answers 403 and shows none of his app.
        before = {p.pid for p in hub.user_processes("bob")}
        response = alice.goto(f"{hub.url}user/bob/voila/render/{USERS['bob']}")
        assert response.status == 403, response.url
        assert alice.locator(".ck-controls").count() == 0
        assert _title(USERS["bob"]) not in alice.content()
        api = contexts["alice"].request.get(f"{hub.url}user/bob/api/contents", max_redirects=5)
        assert api.status == 403
        assert {p.pid for p in hub.user_processes("bob")} == before, "a kernel was started"

        # The apps are read-only, also for a logged-in user on their own server.
        target = NOTEBOOKS / USERS["alice"]
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        xsrf = next(
            c["value"]
            for c in contexts["alice"].cookies(f"{hub.url}user/alice/")
            if c["name"] == "_xsrf"
        )
        put = contexts["alice"].request.put(
            f"{hub.url}user/alice/api/contents/{target.name}",
            data=json.dumps({"type": "file", "format": "text", "content": "x"}),
            headers={"X-XSRFToken": xsrf, "Content-Type": "application/json"},
        )
        assert put.status == 403 and "read-only" in put.text(), put.text()[:300]
        assert hashlib.sha256(target.read_bytes()).hexdigest() == digest

        # Logout stops Alice's server and its kernels (shutdown_on_logout).
        procs = hub.user_processes("alice")
        assert len(procs) >= 2, "expected Alice's server and her app's kernel"
        alice.goto(f"{hub.url}hub/logout")
        hub.wait_no_server("alice")
        import psutil

        _, alive = psutil.wait_procs(procs, timeout=60)
        assert alive == [], f"still running after logout: {alive}"
        assert hub.servers("bob"), "Bob's server must not stop when Alice logs out"

        # Bob closes his tab: its pagehide beacon frees his kernel; then the idle culler
        # stops his server once it is idle.
        bob_procs = hub.user_processes("bob")
        bob_kernels = [p for p in bob_procs if "ipykernel" in " ".join(p.cmdline())]
        assert bob_kernels, "expected the kernel of Bob's app"
        contexts.pop("bob").close()
        _, alive = psutil.wait_procs(bob_kernels, timeout=60)
        assert alive == [], "closing the tab did not free the kernel"
        deadline = time.monotonic() + 120
        while hub.servers("bob"):
            assert time.monotonic() < deadline, "the culler did not stop Bob's idle server"
            _cull_once(hub, inactive_limit=5)
            time.sleep(3)
        _, alive = psutil.wait_procs(bob_procs, timeout=60)
        assert alive == [], f"still running after the cull: {alive}"

        # The recipe's own culler service runs and is allowed to read the users.
        assert re.search(r"200 GET /hub/api/users\S* \(idle-culler@", hub.log())
    finally:
        for ctx in contexts.values():
            ctx.close()
