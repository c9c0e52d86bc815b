"""Notebooks are product: imports first, a `parameters` cell, no logic, only checked outputs."""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("templates/*.ipynb")])
LOGIC = re.compile(r"^\s*(def |class |for |while |with |try:|lambda\b)", re.M)
MARK = "# NBVAL_CHECK_OUTPUT"


def test_every_template_and_app_is_found():
    names = {p.relative_to(ROOT).as_posix() for p in NOTEBOOKS}
    for expected in (
        "templates/journey_map.ipynb",
        "templates/prototype_test.ipynb",
        "templates/feedback_analysis.ipynb",
        "notebooks/journey_map.ipynb",
        "notebooks/prototype_test.ipynb",
        "notebooks/feedback_analysis.ipynb",
        "notebooks/explorer.ipynb",
    ):
        assert expected in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_conventions(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    first = [ln for ln in code[0].source.splitlines() if ln.strip() and not ln.startswith("#")]
    assert first and all(ln.startswith(("import ", "from ")) for ln in first), (
        "the first code cell holds the imports only"
    )
    assert "parameters" in code[1].metadata.get("tags", []), "second code cell: parameters"
    params = [ln for ln in code[1].source.splitlines() if ln.strip() and not ln.startswith("#")]
    assert all(re.match(r"^\w+\s*(:[^=]+)?=", ln) for ln in params), "parameters: assignments"
    if path.parent.name == "templates":
        assert re.search(r"^data_path\s*=", code[1].source, re.M)
        assert re.search(r"^title\s*=", code[1].source, re.M)
    for cell in code:
        assert not LOGIC.search(cell.source), f"logic belongs in cocreate_kit:\n{cell.source}"
        if MARK not in cell.source:
            assert cell.outputs == [], "only outputs nbval compares are committed"
        for out in cell.outputs:
            assert out.output_type != "error"
    meta = nb.metadata.get("cocreate", {})
    assert meta.get("title") and meta.get("description")
