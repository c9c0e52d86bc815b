"""Cost of reading a StatBank population table, as a ratio to the kit's plain CSV reader.

Writes FOLK1A-shaped files (99 municipalities x 2 sexes x 126 single-year ages per quarter,
``;``-separated, UTF-8 with BOM) with 1 and 10 quarters, and times
:func:`cocreate_kit.ledger.read_population` against :func:`cocreate_kit.io.read_table`
(the baseline: it parses the same file and is called by ``read_population``). Only the
period used is processed beyond parsing, so the ratio should stay small as history grows.

Run: ``python benchmarks/participation_read.py``
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from cocreate_kit.io import read_table
from cocreate_kit.ledger import read_population


def write_folk1a(path: Path, quarters: int) -> int:
    rows = ["OMRÅDE;KØN;ALDER;TID;INDHOLD"]
    for q in range(quarters):
        for m in range(99):
            for sex in ("Mænd", "Kvinder"):
                for age in range(126):
                    count = (m * 7 + age * 3) % 500
                    rows.append(
                        f"{101 + m} Kommune {m};{sex};{age} år;{2020 + q // 4}K{q % 4 + 1};{count}"
                    )
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    return len(rows) - 1


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    print(f"{'rows':>8} {'read_table s':>13} {'read_population s':>18} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for quarters in (1, 10):
            path = Path(tmp) / f"folk1a_{quarters}.csv"
            n = write_folk1a(path, quarters)
            base = best_of(lambda p=path: read_table(p))
            ours = best_of(lambda p=path: read_population(p))
            print(f"{n:>8} {base:>13.2f} {ours:>18.2f} {ours / base:>6.2f}")


if __name__ == "__main__":
    main()
