"""``cocreate check ledger FILE``: the text for a valid ledger, every problem for a bad one,
exit codes and no traceback (issue 10, the CLI check)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from cocreate_kit import cli, ledger
from cocreate_kit.datasets import dataset_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = dataset_path("ledger/home_care_ledger.json")


def test_a_valid_ledger_prints_format_counts_and_no_problems(capsys):
    assert cli.main(["check", "ledger", str(SAMPLE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "OK: home_care_ledger.json is a valid ledger."
    assert out[1] == (
        "Found a co-creation ledger (JSON): 'Applying for home care, redesigned with citizens'."
    )
    assert out[2] == (
        "Rows per table: participants 40, activities 15, insights 6, ideas 5, tests 2, "
        "feedback 3, decisions 5, measures 7, links 32."
    )
    # gaps are warnings listed after the validation result: the check still exits 0
    at = out.index("No problems found.")
    assert out[at + 1].startswith("Gaps (warnings, not errors): 6 gap(s)")
    assert out[-1].startswith("- feedback_loop_open: FB02 ")


def test_a_csv_folder_and_a_workbook_are_detected(tmp_path, capsys):
    led = ledger.load(SAMPLE)
    for name, kind in (("l.xlsx", "workbook"), ("l_csv", "CSV folder")):
        path = ledger.save(led, tmp_path / name)
        for sub in ("results", "journey"):
            shutil.copytree(
                SAMPLE.parent / sub, (path if path.is_dir() else tmp_path) / sub, dirs_exist_ok=True
            )
        assert cli.main(["check", "ledger", str(path)]) == 0
        assert f"Found a co-creation ledger ({kind})" in capsys.readouterr().out


def test_a_bad_ledger_lists_every_problem_and_exits_2(tmp_path, capsys):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["links"].append({"source": "DEC01", "relation": "supersedes", "target": "DEC01"})
    data["participants"][0]["role"] = "\x1b[31mboss"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")  # results/ are missing here too
    assert cli.main(["check", "ledger", str(bad)]) == 2
    err = capsys.readouterr().err
    n_results = sum("result" in t for t in data["tests"]) + sum(
        "result" in f for f in data["feedback"] + data["measures"]
    )
    problems = [line for line in err.splitlines() if line.startswith("  - ")]
    # role, journey file, every result path, the cycle, DEC01's status (now superseded by a link)
    assert len(problems) == 1 + 1 + n_results + 2, err
    assert err.startswith(f"cocreate check: {len(problems)} problems in 'bad.json':")
    assert "  - array 'participants': row 1, column 'role': value '\\x1b[31mboss'" in err
    assert "value 'DEC01 -> DEC01'; expected no cycle" in err
    assert "Traceback" not in err and "\x1b" not in err


def test_column_options_do_not_apply_to_a_ledger(capsys):
    assert cli.main(["check", "ledger", str(SAMPLE), "--map", "a=b"]) == 2
    assert "--map does not apply to 'cocreate check ledger'" in capsys.readouterr().err
    assert cli.main(["check", "ledger", str(SAMPLE), "--plan", "p.yaml"]) == 2


def test_the_installed_command_never_shows_a_traceback(tmp_path):
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "cocreate_kit.cli", "check", "ledger", str(tmp_path / "x.json")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert r.returncode == 2 and "valid JSON" in r.stderr and "Traceback" not in r.stderr


def test_the_readme_export_command_shows_the_given_ledger(tmp_path, capsys):
    """README: `cocreate export notebooks/ledger.ipynb -o ledger.html -p data_path
    "$PWD/my_ledger.json"` (a relative path is read from notebooks/, so the README gives an
    absolute one); the page shows that ledger, not the sample."""
    folder = tmp_path / "mine"
    shutil.copytree(SAMPLE.parent, folder)
    path = folder / "home_care_ledger.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"]["title"] = "Our own redesign of meals on wheels"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    notebook = ROOT / "notebooks" / "ledger.ipynb"
    out = tmp_path / "ledger.html"
    args = ["export", str(notebook), "-o", str(out), "-p", "data_path", str(path.resolve())]
    assert cli.main(args) == 0, capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert "Our own redesign of meals on wheels" in page and "Traceback" not in page
