"""Benchmark of ``cocreate serve``: time to interactive, memory per viewer, 10 viewers at once.

Measured in one run, in headless Debian Chromium, with isolated Jupyter state:

1. For each app in ``notebooks/`` and for a **baseline** notebook that holds nothing but
   one ipywidgets Dropdown: the median time from navigation start until the app's widgets
   are visible (``.ck-controls`` for apps, the Dropdown's ``<select>`` for the baseline),
   with preheated kernels (the kit default) and without. Ratios are against the baseline
   measured the same way (same server code, same template, same machine, same run).
   With preheat every run waits until the server has refilled its kernel pool, so each run
   measures a preheated load.
2. Memory: the resident set size (RSS) of the kernel process behind one open viewer, per
   app and for the baseline (no preheat, one viewer at a time).
3. Ten viewers opening the explorer app at the same moment (preheat on): every page must
   render its widgets with no console error and no external request; wall time reported.

Usage: ``python benchmarks/serve.py [--runs N]`` (default 3 runs per app and mode).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import browser_helpers as bh  # noqa: E402
from conftest import ISOLATED_VARS, start_server, stop_process  # noqa: E402

BASELINE_NB = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c1",
            "metadata": {},
            "outputs": [],
            "source": "import ipywidgets as w\n"
            "w.Dropdown(options=['a', 'b', 'c'], description='Choice')",
        }
    ],
    "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "cocreate": {"title": "Baseline", "description": "One Dropdown."},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
BASELINE_SELECTOR = ".widget-dropdown select"
APP_SELECTOR = ".ck-controls"


def _env(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var, sub in ISOLATED_VARS.items():
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env.pop("COCREATE_STATIC", None)
    return env


def _filled(server, name: str) -> int:
    return sum(
        1
        for line in server.log().splitlines()
        if "Kernel pool of" in line and name in line and "is filled" in line
    )


def _wait_pool(server, name: str, at_least: int, timeout: float = 180.0) -> None:
    """Wait until the pool of ``name`` was (re)filled ``at_least`` times and is rendered.

    Voila logs "filled" once the kernel has started; the notebook then still executes in
    that kernel. Wait until every kernel of the server is idle (CPU < 5 % over two
    consecutive half-second samples) so each preheat run starts from a ready kernel.
    """
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _filled(server, name) < at_least:
        time.sleep(0.2)
    quiet = 0
    while time.monotonic() < deadline and quiet < 2:
        kernels = _kernels(server.proc.pid)
        for k in kernels:
            try:
                k.cpu_percent(None)
            except psutil.Error:
                pass
        time.sleep(0.5)
        busy = False
        for k in kernels:
            try:
                busy = busy or k.cpu_percent(None) > 5.0
            except psutil.Error:
                pass
        quiet = 0 if busy else quiet + 1


async def _load(browser, url: str, selector: str) -> tuple[float, bh.Watch]:
    context = await browser.new_context(viewport={"width": 1280, "height": 1200})
    page = await context.new_page()
    watch = bh.Watch(page)
    try:
        start = time.monotonic()
        await page.goto(url, wait_until="commit", timeout=180_000)
        await page.wait_for_selector(selector, state="visible", timeout=180_000)
        return time.monotonic() - start, watch
    finally:
        await context.close()


async def _time_to_interactive(
    browser, server, names: list[str], selector_for, runs: int, preheat: bool
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for name in names:
        times = []
        for i in range(runs):
            if preheat:
                _wait_pool(server, name, i + 1)
            t, watch = await _load(browser, f"{server.url}voila/render/{name}", selector_for(name))
            if watch.problems():
                print(f"  ! {name}: {watch.problems()}", flush=True)
            times.append(t)
        out[name] = times
        print(
            f"  {name:28s} {'preheat' if preheat else 'no preheat':10s} "
            + " ".join(f"{t:5.2f}" for t in times),
            flush=True,
        )
    return out


def _kernels(server_pid: int) -> list:
    """The server's live kernel processes (exiting ones are skipped)."""
    import psutil

    out = []
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                out.append(child)
        except psutil.Error:
            pass
    return out


def _kernel_rss_mb(server_pid: int) -> dict[int, float]:
    import psutil

    out = {}
    for child in _kernels(server_pid):
        try:
            out[child.pid] = child.memory_info().rss / 2**20
        except psutil.Error:
            pass
    return out


async def _memory_per_viewer(browser, server, names: list[str], selector_for) -> dict[str, float]:
    out = {}
    for name in names:
        before = set(_kernel_rss_mb(server.proc.pid))
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(f"{server.url}voila/render/{name}", timeout=180_000)
        await page.wait_for_selector(selector_for(name), state="visible", timeout=180_000)
        await page.wait_for_timeout(1000)
        new = {pid: mb for pid, mb in _kernel_rss_mb(server.proc.pid).items() if pid not in before}
        out[name] = max(new.values()) if new else float("nan")
        await context.close()
        await asyncio.sleep(2)  # Voila shuts the kernel down when the page goes away
    return out


async def _ten_viewers(browser, server, name: str, n: int = 10) -> dict[str, object]:
    """``n`` viewers open ``name`` at once; kernel RSS is summed while all pages are open."""
    all_open = asyncio.Event()
    ready = 0

    async def one(i: int) -> tuple[bool, float, dict]:
        nonlocal ready
        context = await browser.new_context(viewport={"width": 1280, "height": 1200})
        page = await context.new_page()
        watch = bh.Watch(page)
        start = time.monotonic()
        ok = False
        try:
            await page.goto(f"{server.url}voila/render/{name}", timeout=300_000)
            await page.wait_for_selector(APP_SELECTOR, state="visible", timeout=300_000)
            await page.wait_for_selector(".ck-output svg", state="visible", timeout=300_000)
            ok = True
        except Exception as exc:
            watch.page_errors.append(f"viewer {i}: {exc}")
        elapsed = time.monotonic() - start
        ready += 1
        if ready == n:
            all_open.set()
        await all_open.wait()
        await asyncio.sleep(1.0)
        problems = watch.problems()
        await context.close()
        return ok, elapsed, problems

    async def measure() -> float:
        await all_open.wait()
        await asyncio.sleep(0.5)
        return sum(_kernel_rss_mb(server.proc.pid).values())

    start = time.monotonic()
    *results, rss = await asyncio.gather(*(one(i) for i in range(n)), measure())
    wall = max(t for _, t, _ in results)
    return {
        "viewers": n,
        "rendered": sum(ok for ok, _, _ in results),
        "pages_with_problems": sum(1 for _, _, p in results if p),
        "problems": [p for _, _, p in results if p][:3],
        "wall_s": wall,
        "slowest_s": max(t for _, t, _ in results),
        "median_s": statistics.median(t for _, t, _ in results),
        "rss_mb": rss,
        "kernels": len(_kernels(server.proc.pid)),
        "elapsed_total_s": time.monotonic() - start,
    }


async def main(runs: int) -> None:
    from playwright.async_api import async_playwright

    apps = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="ck-bench-") as tmp:
        tmp_path = Path(tmp)
        env = _env(tmp_path / "home")
        base_dir = tmp_path / "baseline"
        base_dir.mkdir()
        (base_dir / "baseline.ipynb").write_text(json.dumps(BASELINE_NB), encoding="utf-8")

        def sel(name: str) -> str:
            return BASELINE_SELECTOR if name == "baseline.ipynb" else APP_SELECTOR

        results: dict[str, dict[str, list[float]]] = {}
        memory: dict[str, float] = {}
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=bh.CHROMIUM, args=bh.CHROMIUM_ARGS, env=env
            )
            try:
                for preheat in (True, False):
                    mode = "preheat" if preheat else "no_preheat"
                    extra = () if preheat else ("--no-preheat",)
                    for folder, names in (
                        (base_dir, ["baseline.ipynb"]),
                        (ROOT / "notebooks", apps),
                    ):
                        server = start_server(
                            folder, env, tmp_path / f"{mode}-{folder.name}.log", *extra
                        )
                        try:
                            if preheat:
                                for name in names:
                                    _wait_pool(server, name, 1)
                            r = await _time_to_interactive(
                                browser, server, names, sel, runs, preheat
                            )
                            for name, times in r.items():
                                results.setdefault(name, {})[mode] = times
                            if not preheat:
                                memory.update(await _memory_per_viewer(browser, server, names, sel))
                            if preheat and folder.name == "notebooks":
                                target = "explorer.ipynb" if "explorer.ipynb" in names else names[0]
                                _wait_pool(server, target, runs + 1)
                                crowd = await _ten_viewers(browser, server, target)
                        finally:
                            stop_process(server.proc)
            finally:
                await browser.close()

    base = {m: statistics.median(results["baseline.ipynb"][m]) for m in ("preheat", "no_preheat")}
    print(
        "\nMedian time from navigation to interactive widgets (seconds; ratio vs the bare "
        "one-Dropdown notebook without preheat)"
    )
    print(
        f"{'notebook':28s} {'preheat':>9s} {'ratio':>6s} {'no preheat':>11s} {'ratio':>6s} "
        f"{'kernel RSS MB':>14s}"
    )
    for name in ["baseline.ipynb", *apps]:
        pre = statistics.median(results[name]["preheat"])
        nop = statistics.median(results[name]["no_preheat"])
        print(
            f"{name:28s} {pre:9.2f} {pre / base['no_preheat']:6.2f} {nop:11.2f} "
            f"{nop / base['no_preheat']:6.2f} {memory.get(name, float('nan')):14.0f}"
        )
    print(f"(baseline with preheat: {base['preheat']:.2f} s; runs per cell: {runs})")
    print(
        f"\n10 viewers at once on {target} (preheat on): {crowd['rendered']}/{crowd['viewers']}"
        f" rendered, {crowd['pages_with_problems']} pages with console errors or external "
        f"requests; wall {crowd['wall_s']:.1f} s, median {crowd['median_s']:.1f} s, slowest "
        f"{crowd['slowest_s']:.1f} s; all kernels' RSS with the 10 pages open "
        f"{crowd['rss_mb']:.0f} MB"
    )
    if crowd["problems"]:
        print("  problems:", crowd["problems"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    asyncio.run(main(parser.parse_args().runs))
