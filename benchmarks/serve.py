"""Benchmark of ``cocreate serve``: time to interactive, memory per viewer, 20 viewers at once.

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
3. A crowd: ``--viewers N`` (default 20) viewers open the same app at the same moment,
   for the baseline notebook and for each app, on one server with preheat on (one pooled
   kernel per app, so all but one viewer wait for a kernel of their own). Per app: the
   median and 95th percentile (nearest rank) of the time from navigation to visible
   widgets, the ratio to one viewer alone on the same server just before, and to the
   baseline notebook's crowd; the slowest time to the first byte of the page (how long a
   tab stays blank); how many viewers saw the kit's "Starting the app…" status; failures
   (no widgets within 300 s); pages with console errors or outside requests; the peak
   resident memory of the server plus all its kernels (sampled every 0.25 s); and the CPU
   seconds used meanwhile by the server, the kernels and the browser. All viewers are
   pages of one headless Chromium on the same machine, so the browser competes with the
   server for the same cores: a pessimistic stand-in for people on their own computers.

Usage: ``python benchmarks/serve.py [--runs N] [--viewers N] [--apps NAME ...] [--crowd-only]``
(default 3 single-viewer runs per app and mode, 20 viewers per crowd, every app).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
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
#: What a waiting viewer sees: the kit template's "starting" status (role=status).
STARTING_SELECTOR = "#loading"
CROWD_TIMEOUT_S = 300


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


def _tree_rss_mb(server_pid: int) -> float:
    """Resident memory of the server and every process it started (kernels), in MB."""
    import psutil

    try:
        root = psutil.Process(server_pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return float("nan")
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def _cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time (user + system) so far of the server, its kernels, and everything else this
    benchmark started (Chromium and Playwright: the simulated viewers' browsers)."""
    import psutil

    out = {"server": 0.0, "kernels": 0.0, "browser": 0.0}
    server_tree = set()
    try:
        root = psutil.Process(server_pid)
        server_tree = {root.pid, *(c.pid for c in root.children(recursive=True))}
    except psutil.Error:
        pass
    for proc in psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
            used = t.user + t.system
            if proc.pid == server_pid:
                out["server"] += used
            elif proc.pid in server_tree:
                out["kernels"] += used
            else:
                out["browser"] += used
        except psutil.Error:
            pass
    return out


def p95(values: list[float]) -> float:
    """95th percentile by the nearest-rank method (the 19th of 20 sorted values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


async def _crowd(browser, server, name: str, selector: str, n: int) -> dict[str, object]:
    """``n`` viewers open ``name`` at the same moment (preheat on, one pooled kernel).

    Per viewer: time from navigation to the first response bytes (``commit``), to the
    kit's "starting" status being painted, and to the app's widgets being visible (the
    time to widgets). A viewer whose widgets are not visible within
    :data:`CROWD_TIMEOUT_S` counts as a failure. Memory is the peak, sampled every 0.25 s,
    of the resident set of the server plus every kernel it started.
    """
    contexts = [
        await browser.new_context(viewport={"width": 1280, "height": 1200}) for _ in range(n)
    ]
    pages = [await c.new_page() for c in contexts]
    watches = [bh.Watch(p) for p in pages]
    go = asyncio.Event()
    done = 0
    peak = _tree_rss_mb(server.proc.pid)

    async def one(i: int) -> dict[str, object]:
        nonlocal done
        page = pages[i]
        await go.wait()
        start = time.monotonic()
        out: dict[str, object] = {"ok": False, "commit": None, "status": None, "widgets": None}

        async def status_seen() -> None:
            try:
                await page.wait_for_selector(
                    STARTING_SELECTOR, state="visible", timeout=CROWD_TIMEOUT_S * 1000
                )
                out["status"] = time.monotonic() - start
            except Exception:
                pass

        status_task = asyncio.ensure_future(status_seen())
        try:
            await page.goto(
                f"{server.url}voila/render/{name}",
                wait_until="commit",
                timeout=CROWD_TIMEOUT_S * 1000,
            )
            out["commit"] = time.monotonic() - start
            left = CROWD_TIMEOUT_S * 1000 - (time.monotonic() - start) * 1000
            await page.wait_for_selector(selector, state="visible", timeout=max(left, 1))
            out["widgets"] = time.monotonic() - start
            out["ok"] = True
        except Exception as exc:
            watches[i].page_errors.append(f"viewer {i}: {type(exc).__name__}: {exc}"[:300])
        status_task.cancel()
        done += 1
        return out

    async def sample() -> None:
        nonlocal peak
        while done < n:
            peak = max(peak, _tree_rss_mb(server.proc.pid))
            await asyncio.sleep(0.25)

    sampler = asyncio.ensure_future(sample())
    cpu_before = _cpu_seconds(server.proc.pid)
    go.set()
    results = await asyncio.gather(*(one(i) for i in range(n)))
    await sampler
    cpu_after = _cpu_seconds(server.proc.pid)
    await asyncio.sleep(1.0)
    problems = [w.problems() for w in watches]
    for c in contexts:
        await c.close()
    times = [r["widgets"] for r in results if r["ok"]]
    commits = [r["commit"] for r in results if r["commit"] is not None]
    return {
        "viewers": n,
        "rendered": len(times),
        "failures": n - len(times),
        "median_s": statistics.median(times) if times else float("nan"),
        "p95_s": p95(times) if times else float("nan"),
        "slowest_s": max(times) if times else float("nan"),
        "commit_median_s": statistics.median(commits) if commits else float("nan"),
        "commit_max_s": max(commits) if commits else float("nan"),
        "status_seen": sum(1 for r in results if r["status"] is not None),
        "peak_rss_mb": peak,
        "cpu_s": {k: round(cpu_after[k] - cpu_before[k], 1) for k in cpu_after},
        "pages_with_problems": sum(1 for p in problems if p),
        "problems": [p for p in problems if p][:3],
    }


async def _http_crowd(server, name: str, n: int) -> dict[str, object]:
    """``n`` plain HTTP clients (no browser) request ``name`` at the same moment.

    The server's side of a crowd alone: time to the first byte of the page and to the
    complete page (the notebook executed in each viewer's own kernel), with no browser
    competing for the cores. The kernels are then shut down the way a closed tab does.
    """
    import re

    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    client = AsyncHTTPClient(force_instance=True, max_clients=n)
    url = f"{server.url}voila/render/{name}"
    done = 0
    peak = _tree_rss_mb(server.proc.pid)

    async def one() -> tuple[bool, float | None, float, str]:
        nonlocal done
        start = time.monotonic()
        first: list[float] = []
        chunks: list[bytes] = []

        def on_chunk(data: bytes) -> None:
            if not first:
                first.append(time.monotonic() - start)
            chunks.append(data)

        ok = False
        try:
            await client.fetch(
                HTTPRequest(url, streaming_callback=on_chunk, request_timeout=CROWD_TIMEOUT_S)
            )
            body = b"".join(chunks).decode("utf-8", "replace")
            ok = "</html>" in body and "could not be shown" not in body
        except Exception:
            body = b"".join(chunks).decode("utf-8", "replace")
        done += 1
        return ok, (first[0] if first else None), time.monotonic() - start, body

    async def sample() -> None:
        nonlocal peak
        while done < n:
            peak = max(peak, _tree_rss_mb(server.proc.pid))
            await asyncio.sleep(0.25)

    sampler = asyncio.ensure_future(sample())
    cpu_before = _cpu_seconds(server.proc.pid)
    results = await asyncio.gather(*(one() for _ in range(n)))
    await sampler
    cpu_after = _cpu_seconds(server.proc.pid)
    origin = server.url.rstrip("/")
    for _, _, _, body in results:
        found = re.search(r'"kernelId": "([0-9a-f-]+)"', body)
        if found:
            try:
                await client.fetch(
                    HTTPRequest(
                        f"{server.url}voila/api/shutdown/{found.group(1)}",
                        method="POST",
                        body=b"",
                        headers={"Origin": origin},
                    ),
                    raise_error=False,
                )
            except Exception:
                pass
    client.close()
    complete = [t for ok, _, t, _ in results if ok]
    firsts = [f for _, f, _, _ in results if f is not None]
    return {
        "viewers": n,
        "complete": len(complete),
        "median_s": statistics.median(complete) if complete else float("nan"),
        "p95_s": p95(complete) if complete else float("nan"),
        "first_byte_max_s": max(firsts) if firsts else float("nan"),
        "peak_rss_mb": peak,
        "cpu_s": {k: round(cpu_after[k] - cpu_before[k], 1) for k in cpu_after},
    }


def _wait_kernels_freed(server, at_most: int, timeout: float = 120.0) -> int:
    """Wait until the crowd's kernels are shut down (pagehide beacon); return how many live."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(_kernels(server.proc.pid)) > at_most:
        time.sleep(0.5)
    return len(_kernels(server.proc.pid))


async def _crowds(
    browser, folder: Path, names: list[str], sel, env, log_dir: Path, n: int, http_only: bool
):
    """For each notebook: one viewer alone, then ``n`` viewers at once in the browser, then
    ``n`` plain HTTP clients at once (only these with ``http_only``). Server logs kept."""
    out: dict[str, dict[str, object]] = {}
    server = start_server(folder, env, log_dir / f"crowd-{folder.name}.log")
    try:
        pool = len(names)
        for name in names:
            _wait_pool(server, name, 1)
            if http_only:
                out[name] = {"http": await _http_crowd(server, name, n)}
                print(f"  {name} (HTTP only): {json.dumps(out[name]['http'])}", flush=True)
                _wait_kernels_freed(server, pool)
                continue
            filled = _filled(server, name)
            single, _ = await _load(browser, f"{server.url}voila/render/{name}", sel(name))
            _wait_kernels_freed(server, pool)
            _wait_pool(server, name, filled + 1)
            print(f"  {name}: one viewer {single:.2f} s; {n} viewers at once...", flush=True)
            crowd = await _crowd(browser, server, name, sel(name), n)
            crowd["single_s"] = single
            out[name] = crowd
            print(f"  {name}: {json.dumps(crowd, default=str)}", flush=True)
            left = _wait_kernels_freed(server, pool)
            _wait_pool(server, name, 1)
            crowd["http"] = await _http_crowd(server, name, n)
            print(f"  {name} (HTTP only): {json.dumps(crowd['http'])}", flush=True)
            left = _wait_kernels_freed(server, pool)
            if left > pool:
                print(f"  ! {left - pool} kernels of the crowd still running", flush=True)
    finally:
        stop_process(server.proc)
        (log_dir / f"crowd-{folder.name}.log").replace(
            Path(tempfile.gettempdir()) / f"ck-bench-crowd-{folder.name}.log"
        )
    return out


def _print_crowds(crowds: dict[str, dict[str, object]], n: int) -> None:
    base = crowds.get("baseline.ipynb") if "median_s" in crowds.get("baseline.ipynb", {}) else None
    print(
        f"\n{n} viewers opening the same app at the same moment (preheat on; time to widgets "
        "from navigation; ratios vs one viewer alone on the same server, and vs the bare "
        "one-Dropdown notebook under the same crowd)"
    )
    print(
        f"{'notebook':24s} {'alone':>6s} {'median':>7s} {'p95':>6s} {'x alone':>8s} "
        f"{'x base':>7s} {'failed':>6s} {'first byte max':>14s} {'status seen':>11s} "
        f"{'peak MB':>8s} {'errors':>6s}"
    )
    for name, c in crowds.items():
        if "median_s" not in c:
            h = c["http"]
            print(f"{name:24s} HTTP only: {json.dumps(h)}")
            continue
        ratio_base = c["median_s"] / base["median_s"] if base else float("nan")
        print(
            f"{name:24s} {c['single_s']:6.2f} {c['median_s']:7.1f} {c['p95_s']:6.1f} "
            f"{c['median_s'] / c['single_s']:8.1f} {ratio_base:7.1f} {c['failures']:6d} "
            f"{c['commit_max_s']:14.1f} {c['status_seen']:11d} {c['peak_rss_mb']:8.0f} "
            f"{c['pages_with_problems']:6d}"
        )
        h = c["http"]
        print(
            f"    HTTP only (no browser): {h['complete']}/{h['viewers']} complete pages, "
            f"median {h['median_s']:.1f} s, p95 {h['p95_s']:.1f} s, first byte max "
            f"{h['first_byte_max_s']:.1f} s, peak {h['peak_rss_mb']:.0f} MB, CPU s {h['cpu_s']}"
        )
        cpu = c["cpu_s"]
        print(
            f"    CPU seconds during the crowd: server {cpu['server']}, kernels "
            f"{cpu['kernels']}, browser {cpu['browser']}"
        )
        if c["problems"]:
            print("    problems:", c["problems"])


async def main(
    runs: int, viewers: int, only: list[str], crowd_only: bool, http_only: bool = False
) -> None:
    from playwright.async_api import async_playwright

    apps = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    if only:
        apps = [a for a in apps if a in only or a.removesuffix(".ipynb") in only]
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
        crowds: dict[str, dict[str, object]] = {}
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=bh.CHROMIUM, args=bh.CHROMIUM_ARGS, env=env
            )
            try:
                for preheat in () if crowd_only else (True, False):
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
                        finally:
                            stop_process(server.proc)
                if viewers > 0:
                    for folder, names in (
                        (base_dir, ["baseline.ipynb"]),
                        (ROOT / "notebooks", apps),
                    ):
                        crowds.update(
                            await _crowds(
                                browser, folder, names, sel, env, tmp_path, viewers, http_only
                            )
                        )
            finally:
                await browser.close()

    if results:
        _print_tables(results, memory, apps, runs)
    if crowds:
        _print_crowds(crowds, viewers)


def _print_tables(results, memory, apps: list[str], runs: int) -> None:
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="single-viewer loads per app and mode")
    parser.add_argument(
        "--viewers", type=int, default=20, help="simultaneous viewers per app (0: skip)"
    )
    parser.add_argument("--apps", nargs="*", default=[], help="only these notebooks")
    parser.add_argument("--crowd-only", action="store_true", help="skip the single-viewer tables")
    parser.add_argument(
        "--http-only", action="store_true", help="crowds of plain HTTP clients only (no browser)"
    )
    parser.add_argument(
        "--kernel-niceness",
        type=int,
        default=None,
        help="nice increment of the kernels (default: the kit's, 10; 0: same as the server)",
    )
    a = parser.parse_args()
    if a.kernel_niceness is not None:
        os.environ["COCREATE_KERNEL_NICENESS"] = str(a.kernel_niceness)
    asyncio.run(main(a.runs, a.viewers, a.apps, a.crowd_only or a.http_only, a.http_only))
