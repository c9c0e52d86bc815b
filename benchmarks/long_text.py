"""Benchmark: exporting a journey whose first step title is 200,000 characters long.

Issue 15 found that such a title made ``cocreate export`` of the journey template take
about 5 minutes. Charts and tables now cut data text to a documented length before
drawing (``cocreate_kit._html.clip``: 120 characters for chart labels, 2,000 for table
cells), so the hostile file should cost about what the bundled sample costs.

The script runs ``cocreate export templates/journey_map.ipynb`` twice in subprocesses,
once on the bundled sample (the baseline) and once on the same journey with the 200,000-
character title, and reports both wall-clock times, peak RSS and the ratio.

Run: .venv/bin/python benchmarks/long_text.py [--chars 200000]
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "journey_map.ipynb"
SAMPLE = ROOT / "sample_data" / "journey" / "home_care_as_is.json"


def export(out: Path, *params: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ``cocreate export`` in a fresh process."""
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "cocreate_kit.cli", "export", str(TEMPLATE), "-o", str(out)]
    subprocess.run([*cmd, *params], check=True, cwd=ROOT, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=200_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = json.loads(SAMPLE.read_text(encoding="utf-8"))
        data["steps"][0]["title"] = "A" * args.chars
        hostile = folder / "long_title.json"
        hostile.write_text(json.dumps(data), encoding="utf-8")
        journey = ROOT / "sample_data" / "journey"
        both = ["-p", "to_be_path", str(journey / "home_care_to_be.json")]
        both += ["-p", "events_path", str(journey / "home_care_events.csv")]
        base_s, base_mb = export(folder / "sample.html", "-p", "data_path", str(SAMPLE), *both)
        long_s, long_mb = export(folder / "long.html", "-p", "data_path", str(hostile), *both)
        size = (folder / "long.html").stat().st_size / 1e6
    print(f"sample journey export:           {base_s:6.1f} s (peak RSS so far {base_mb:.0f} MB)")
    print(f"{args.chars:,}-character title: {long_s:6.1f} s (peak RSS so far {long_mb:.0f} MB)")
    print(f"ratio long / sample: {long_s / base_s:.2f}x; long-title report {size:.1f} MB")


if __name__ == "__main__":
    main()
