"""Execute notebooks in place and keep only the outputs nbval compares.

Convention (see README, "Notebooks are product"): a notebook is committed with outputs only
in cells whose source contains ``# NBVAL_CHECK_OUTPUT``; those print deterministic,
computed results (summaries, key numbers). ``pytest --nbval-lax`` re-runs every notebook
and compares exactly those outputs. All other outputs (widgets, charts) are stripped so the
repository holds no volatile ids and no large blobs.

Usage: python scripts/execute_notebooks.py notebooks/*.ipynb templates/*.ipynb
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARK = "# NBVAL_CHECK_OUTPUT"


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if MARK not in cell.source:
            cell.outputs = []
            cell.execution_count = None
        else:
            for out in cell.outputs:
                if out.get("output_type") == "error":
                    raise SystemExit(f"{path}: error output in a checked cell")
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    print("executed", path)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        run(Path(arg))
