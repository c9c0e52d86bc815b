"""Benchmark: time and page size of ``ledger.chain_graph(...).to_html()`` as a ledger grows.

A synthetic ledger with ``n`` pain points, ``n`` ideas, ``n`` tests and ``n`` decisions
(``3n`` links: each idea addresses a pain point and is tested by its test, each test
decides a decision) is drawn for n = 50, 100, 200, 400. Reported per size: entities, links,
median seconds of 3 runs, HTML size, and the time ratio to the smallest size next to the
size ratio: linear work keeps the two about equal (the layout is one sweep over the
columns; the element id prefix is hashed once per graph, not once per element).

Usage:  .venv/bin/python benchmarks/ledger_graph.py [--sizes 50 100 200 400]
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from cocreate_kit.ledger import chain_graph


def synthetic(n: int) -> dict[str, pd.DataFrame]:
    """The benchmark ledger's tables (deterministic)."""
    ids = range(n)
    links = (
        [(f"I{i}", "addresses", f"P{(i * 7) % n}") for i in ids]
        + [(f"I{i}", "tested_by", f"T{i}") for i in ids]
        + [(f"T{i}", "decided_by", f"D{(i * 3) % n}") for i in ids]
    )
    return {
        "insights": pd.DataFrame(
            {"id": [f"P{i}" for i in ids], "kind": "pain_point", "statement": "Waiting " * 6}
        ),
        "ideas": pd.DataFrame({"id": [f"I{i}" for i in ids], "kind": "idea", "title": "Idea"}),
        "tests": pd.DataFrame({"id": [f"T{i}" for i in ids], "title": "Test", "design": "account"}),
        "decisions": pd.DataFrame(
            {"id": [f"D{i}" for i in ids], "title": "Decision", "status": "accepted"}
        ),
        "links": pd.DataFrame(links, columns=["source", "relation", "target"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    args = parser.parse_args()
    base = None
    print("entities  links  seconds  html_KiB  time_ratio  size_ratio")
    for n in args.sizes:
        tables = synthetic(n)
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            html = chain_graph(tables).to_html()
            runs.append(time.perf_counter() - t0)
        sec = statistics.median(runs)
        base = base or (sec, n)
        print(
            f"{4 * n:8d}  {3 * n:5d}  {sec:7.3f}  {len(html) / 1024:8.0f}  "
            f"{sec / base[0]:10.1f}  {n / base[1]:10.1f}"
        )


if __name__ == "__main__":
    main()
