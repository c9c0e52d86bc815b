"""Benchmark of the JupyterHub recipe (``deploy/jupyterhub/``): memory per user, time to widgets.

Measured in one run, in headless Debian Chromium, with isolated Jupyter state, with the Hub
of ``deploy/jupyterhub/test_config.py`` (the recipe with a test password and the local
process spawner) on loopback:

1. **Per user, one app open.** One user per app in ``notebooks/``. Each logs in, opens the
   landing page (this starts their server: the *server only* memory), then the app:
   *first visit* is the time from navigation start until the app's widgets
   (``.ck-controls``) are visible; then the page is reloaded twice (*reload*, median).
   Memory is the resident set size (RSS, psutil) of the user's single-user server plus
   its kernel processes, with the app open.
2. **Baseline**, in the same run: the same apps served by ``cocreate serve --no-preheat``
   (one standalone Voila, a fresh kernel per page view, like a user's server), reload
   times measured the same way, and the RSS of the kernel behind one viewer. The ratio
   Hub / baseline shows what a server of one's own costs on top of the kernel.

RSS counts shared library pages in every process, so the sums overstate what N users
need together a little; they are what ``top`` shows and what a spawner's memory limit
counts per user server.

Usage: ``python benchmarks/hub.py [--runs N]`` (default 2 reloads per app).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import browser_helpers as bh  # noqa: E402
import hub_helpers as hh  # noqa: E402
from conftest import NOTEBOOKS, app_notebooks, start_server, stop_process  # noqa: E402
from serve import _env  # noqa: E402  (benchmarks/serve.py, next to this file)

TIMEOUT_MS = 300_000


def _rss_mb(procs: list) -> float:
    import psutil

    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _load(page, url: str) -> float:
    start = time.monotonic()
    page.goto(url)
    bh.wait_for_app(page, timeout_ms=TIMEOUT_MS)
    return time.monotonic() - start


def _measure_hub(browser, env: dict[str, str], base: Path, apps: list[str], runs: int) -> dict:
    users = {f"viewer{i}": app for i, app in enumerate(apps)}
    hub = hh.start_hub(env, base / "hub", list(users))
    out: dict[str, dict] = {}
    try:
        for user, app in users.items():
            ctx = browser.new_context(viewport={"width": 1280, "height": 1600})
            try:
                page = ctx.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                watch = bh.Watch(page)
                hh.login(page, hub, user)
                page.goto(f"{hub.url}user/{user}/voila/tree")
                page.wait_for_selector("a.ck-app-link", timeout=TIMEOUT_MS)
                server_mb = _rss_mb(hub.user_processes(user))
                first = _load(page, f"{hub.url}user/{user}/voila/render/{app}")
                reloads = [
                    _load(page, f"{hub.url}user/{user}/voila/render/{app}") for _ in range(runs)
                ]
                time.sleep(2)  # kernels of the reloaded pages are shut down by their beacon
                procs = hub.user_processes(user)
                kernels = sum("ipykernel" in " ".join(p.cmdline()) for p in procs)
                out[app] = {
                    "server_mb": server_mb,
                    "user_mb": _rss_mb(procs),
                    "kernels": kernels,
                    "first_s": first,
                    "reload_s": statistics.median(reloads),
                    "problems": watch.problems(),
                }
            finally:
                ctx.close()
    finally:
        hh.stop_hub(hub)
    return out


def _measure_standalone(browser, env: dict[str, str], base: Path, apps: list[str], runs: int):
    import psutil

    server = start_server(NOTEBOOKS, env, base / "serve.log", "--no-preheat")
    out: dict[str, dict] = {}
    try:
        for app in apps:
            ctx = browser.new_context(viewport={"width": 1280, "height": 1600})
            try:
                page = ctx.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                times = [_load(page, f"{server.url}voila/render/{app}") for _ in range(runs)]
                time.sleep(2)
                kernels = [
                    p
                    for p in psutil.Process(server.proc.pid).children(recursive=True)
                    if "ipykernel" in " ".join(p.cmdline())
                ]
                out[app] = {
                    "reload_s": statistics.median(times),
                    "kernel_mb": _rss_mb(kernels),
                    "kernels": len(kernels),
                }
            finally:
                ctx.close()
    finally:
        stop_process(server.proc)
    return out


def main(runs: int) -> None:
    from playwright.sync_api import sync_playwright

    apps = [p.name for p in app_notebooks()]
    with tempfile.TemporaryDirectory(prefix="ck-bench-hub-") as tmp:
        base = Path(tmp)
        env = _env(base / "home")
        with sync_playwright() as pw:
            browser = bh.launch(pw, env=env)
            try:
                hub = _measure_hub(browser, env, base, apps, runs)
                alone = _measure_standalone(browser, env, base, apps, runs)
            finally:
                browser.close()
    print(f"JupyterHub recipe, one user per app, {runs} reloads each (median)")
    header = (
        f"{'app':<24}{'server only':>12}{'user, app open':>16}{'kernels':>8}"
        f"{'first visit':>13}{'reload':>9}{'baseline reload':>17}{'ratio':>7}"
        f"{'baseline kernel':>17}"
    )
    print(header)
    for app in apps:
        h, a = hub[app], alone[app]
        print(
            f"{app:<24}{h['server_mb']:>9.0f} MB{h['user_mb']:>13.0f} MB{h['kernels']:>8}"
            f"{h['first_s']:>11.1f} s{h['reload_s']:>7.1f} s{a['reload_s']:>15.1f} s"
            f"{h['reload_s'] / a['reload_s']:>6.2f}x{a['kernel_mb']:>14.0f} MB"
        )
        if h["problems"]:
            print(f"  problems in {app}: {h['problems']}")
    per_user = [hub[a]["user_mb"] for a in apps]
    print(
        f"memory per user with one app open: {min(per_user):.0f}-{max(per_user):.0f} MB "
        f"(server alone {statistics.median(hub[a]['server_mb'] for a in apps):.0f} MB)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    main(parser.parse_args().runs)
