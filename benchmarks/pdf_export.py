"""Benchmark: what ``cocreate export --pdf`` adds to an HTML export.

For each notebook in ``notebooks/`` the script runs ``cocreate export NB -o NB.html`` in a
fresh process (the baseline: the notebook runs, the page is written), then prints that
same HTML with :func:`cocreate_kit.export.html_to_pdf` (what ``--pdf`` does after the
HTML step), and reports wall seconds of both, the ratio of the PDF step to the HTML export,
the page count and size of the PDF. Page counts are read with pypdf (a test dependency).

Run: .venv/bin/python benchmarks/pdf_export.py [notebooks/explorer.ipynb ...]
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from pypdf import PdfReader

    from cocreate_kit.export import html_to_pdf

    notebooks = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for nb in notebooks:
            html = Path(tmp) / f"{nb.stem}.html"
            start = time.perf_counter()
            cmd = [sys.executable, "-m", "cocreate_kit.cli", "export", str(nb), "-o", str(html)]
            subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
            html_s = time.perf_counter() - start
            start = time.perf_counter()
            pdf = html_to_pdf(html.read_text(encoding="utf-8"), html.with_suffix(".pdf"))
            pdf_s = time.perf_counter() - start
            rows.append(
                {
                    "notebook": nb.name,
                    "html_export_s": round(html_s, 1),
                    "pdf_step_s": round(pdf_s, 1),
                    "pdf_step_vs_html_export": round(pdf_s / html_s, 2),
                    "pages": len(PdfReader(pdf).pages),
                    "pdf_kib": pdf.stat().st_size // 1024,
                }
            )
            print(json.dumps(rows[-1]), flush=True)


if __name__ == "__main__":
    main()
