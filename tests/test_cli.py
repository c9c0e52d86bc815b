"""The cocreate command: exit codes, messages, no tracebacks for user mistakes."""

import json
import os
import subprocess
import sys

import nbformat
import pytest

from cocreate_kit import cli
from cocreate_kit._notebook import read_parameters, set_parameters


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "cocreate_kit.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_commands():
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("serve", "new", "export", "check"):
        assert cmd in r.stdout


@pytest.mark.parametrize("kind", ["journey", "experiment", "feedback"])
def test_new_fills_parameters_and_refuses_to_overwrite(tmp_path, kind):
    data = tmp_path / "mydata.csv"
    data.write_text("a\n1\n", encoding="utf-8")
    dest = tmp_path / "project.ipynb"
    r = run("new", kind, str(dest), "--data", str(data), "--title", "Hjemmehjælp 2027")
    assert r.returncode == 0, r.stderr
    nb = nbformat.read(dest, as_version=4)
    params = read_parameters(nb)
    assert params["data_path"] == str(data)
    assert params["title"] == "Hjemmehjælp 2027"
    tags = [c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in tags[1], "imports first, then the parameters cell"
    before = dest.read_bytes()
    r2 = run("new", kind, str(dest))
    assert r2.returncode == 2
    assert "already exists" in r2.stderr and "Traceback" not in r2.stderr
    assert dest.read_bytes() == before


def test_new_rejects_bad_arguments(tmp_path):
    r = run("new", "journey", str(tmp_path / "x.txt"))
    assert r.returncode == 2 and "must end in .ipynb" in r.stderr
    r = run("new", "journey", str(tmp_path / "x.ipynb"), "--data", str(tmp_path / "nope.csv"))
    assert r.returncode == 2 and "does not exist" in r.stderr
    r = run("new", "survey", str(tmp_path / "x.ipynb"))
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_check_missing_file_is_a_clean_error(tmp_path):
    r = run("check", "journey", str(tmp_path / "missing.csv"))
    assert r.returncode == 2
    assert "does not exist" in r.stderr and "Traceback" not in r.stderr


def test_plan_only_for_experiment(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("a\n1\n", encoding="utf-8")
    r = run("check", "feedback", str(f), "--plan", str(f))
    assert r.returncode == 2 and "--plan only applies" in r.stderr


def test_set_parameters_rejects_unknown_names():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("data_path = None  # the file\ntitle = 'x'")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_code_cell("import cocreate_kit"), cell]
    set_parameters(nb, {"title": "Ny titel"})
    assert nb.cells[1].source == "data_path = None  # the file\ntitle = 'Ny titel'"
    with pytest.raises(ValueError, match="Unknown parameter.*colour.*data_path, title"):
        set_parameters(nb, {"colour": 1})


def test_main_returns_status_without_traceback(capsys, tmp_path):
    status = cli.main(["check", "experiment", str(tmp_path / "none.csv")])
    assert status == 2
    assert "Traceback" not in capsys.readouterr().err


def test_console_script_is_declared():
    import tomllib

    with open(os.path.join(os.path.dirname(__file__), "..", "pyproject.toml"), "rb") as fh:
        meta = tomllib.load(fh)
    assert meta["project"]["scripts"]["cocreate"] == "cocreate_kit.cli:main"
    assert json.dumps(meta["project"]["requires-python"]) == '">=3.11"'
