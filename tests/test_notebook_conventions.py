"""Notebooks are product: imports first, a `parameters` cell, no logic, only checked outputs.

No branching in notebook code (issue 8): ``if``/``elif``/``else`` blocks, conditional
expressions (``a if c else b``), ``match`` statements, comprehension filters
(``[x for x in y if c]``) and boolean fallbacks (``path or default``, ``a and b``) are
refused, found with :mod:`ast` (not a regex, so a string or a comment that mentions "if"
is fine). **Decision:** ``or``/``and`` count as branching because ``data_path or sample``
is the old "if data_path is None" block in one line; optional files go through
``datasets.sample_project(...)`` and pillar functions that document how they treat None.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("templates/*.ipynb")])
LOGIC = re.compile(r"^\s*(def |class |for |while |with |try:|lambda\b)", re.M)
MARK = "# NBVAL_CHECK_OUTPUT"
BRANCHES = {
    ast.If: "an if/elif/else block",
    ast.IfExp: "a conditional expression (a if c else b)",
    ast.Match: "a match statement",
    ast.BoolOp: "a boolean fallback (a or b / a and b)",
}


def branches(source: str) -> list[str]:
    """Every branch in a cell's code, as "line N: what" (IPython magics are skipped).

    Examples
    --------
    >>> branches("x = 1\\ny = x if x else 2\\n%time z = 3")
    ['line 2: a conditional expression (a if c else b)']
    """
    code = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines())
    found = []
    for node in ast.walk(ast.parse(code)):
        for kind, what in BRANCHES.items():
            if isinstance(node, kind):
                found.append((node.lineno, what))
        if isinstance(node, ast.comprehension) and node.ifs:
            found.append((node.ifs[0].lineno, "a comprehension filter (for ... if ...)"))
    return [f"line {n}: {what}" for n, what in sorted(found)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("if data_path is None:\n    data_path = 'x'", ["an if/elif/else block"]),
        ("if a:\n    b = 1\nelif c:\n    b = 2\nelse:\n    b = 3", ["an if/elif/else"] * 2),
        ("to_be = journey.load(p) if p else None", ["a conditional expression"]),
        ("path = data_path or sample", ["a boolean fallback"]),
        ("xs = [x for x in y if x]", ["a comprehension filter"]),
        ("match k:\n    case 1:\n        pass", ["a match statement"]),
        ("print('if this, else that')  # if in a comment\n%matplotlib inline", []),
    ],
)
def test_branch_finder(source, expected):
    found = branches(source)
    assert len(found) == len(expected)
    for got, want in zip(found, expected, strict=True):
        assert want in got


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
        "templates/ledger.ipynb",
        "notebooks/ledger.ipynb",
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
    for i, cell in enumerate(code):
        assert not LOGIC.search(cell.source), f"logic belongs in cocreate_kit:\n{cell.source}"
        found = branches(cell.source)
        assert not found, (
            f"code cell {i} branches ({'; '.join(found)}): notebooks stay thin; use "
            f"datasets.sample_project(...) and pillar functions that accept None\n{cell.source}"
        )
        if MARK not in cell.source:
            assert cell.outputs == [], "only outputs nbval compares are committed"
        for out in cell.outputs:
            assert out.output_type != "error"
    meta = nb.metadata.get("cocreate", {})
    assert meta.get("title") and meta.get("description")
