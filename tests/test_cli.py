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


@pytest.mark.parametrize("kind", ["journey", "experiment", "feedback", "ledger"])
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


# --------------------------------------------------------------------------------------
# Column roles on the command line: --map, --kind, --mapping, --write-mapping (issue 9)
# --------------------------------------------------------------------------------------

SHEET = (
    "Participant;Version;Completed;Time (mm:ss);SUS;Comments\n"
    + "\n".join(
        f"P{i:02d};{'A' if i % 2 else 'B'};{'yes' if i % 3 else 'no'};"
        f"{2 + i % 4:02d}:{(7 * i) % 60:02d};{55 + i},5;fint"
        for i in range(1, 25)
    )
    + "\n"
)


def _sheet(tmp_path):
    path = tmp_path / "usability.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


class _Spy:
    """Records what the CLI passed to a pillar (the pillar itself is tested elsewhere)."""

    def __init__(self):
        self.calls = []

    def check_file(self, path, **kwargs):
        self.calls.append(("check_file", kwargs))
        return "checked"

    def infer_roles(self, path, **kwargs):
        from cocreate_kit.roles import ColumnRole, Roles

        self.calls.append(("infer_roles", kwargs))
        return Roles([ColumnRole("Version", "variant", reason="2 values")], source="x.csv")


@pytest.fixture
def spy(monkeypatch):
    import cocreate_kit.experiment as pillar

    s = _Spy()
    monkeypatch.setattr(pillar, "check_file", s.check_file, raising=False)
    monkeypatch.setattr(pillar, "infer_roles", s.infer_roles, raising=False)
    return s


def test_map_kind_and_mapping_file_are_merged_file_first(tmp_path, spy, capsys):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "variant: Arm\nmetrics:\n  Time: time\n  SUS: sus\ntext: [Comments]\n", encoding="utf-8"
    )
    status = cli.main(
        [
            "check",
            "experiment",
            str(_sheet(tmp_path)),
            "--mapping",
            str(mapping),
            "--map",
            "variant=Version",
            "--map",
            "participant = Participant",
            "--kind",
            "SUS=continuous",
            "--kind",
            "Time (mm:ss)=time",
        ]
    )
    assert status == 0, capsys.readouterr().err
    # --map/--kind win role by role; metrics merge column by column; the file fills the rest.
    assert spy.calls == [
        (
            "check_file",
            {
                "columns": {
                    "variant": "Version",
                    "metrics": {"Time": "time", "SUS": "continuous", "Time (mm:ss)": "time"},
                    "text": ["Comments"],
                    "participant": "Participant",
                }
            },
        )
    ]


def test_no_mapping_options_pass_no_columns(tmp_path, spy):
    assert cli.main(["check", "experiment", str(_sheet(tmp_path))]) == 0
    assert spy.calls == [("check_file", {})]


def test_write_mapping_writes_before_checking_and_never_overwrites(tmp_path, spy, capsys):
    out = tmp_path / "roles.yaml"
    args = ["check", "experiment", str(_sheet(tmp_path)), "--write-mapping", str(out)]
    assert cli.main([*args, "--map", "variant=Version"]) == 0
    said = capsys.readouterr().out
    assert f"to {out}" in said and f"--mapping {out}" in said
    assert [c[0] for c in spy.calls] == ["infer_roles", "check_file"]
    assert spy.calls[0][1] == {"columns": {"variant": "Version"}}
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Column roles for cocreate-kit")
    assert "variant: Version" in text
    # A second run refuses to overwrite, says so, and leaves the file as it was.
    spy.calls.clear()
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "nothing was overwritten" in err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == text
    assert spy.calls == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--map", "variant"], "ROLE=COLUMN"),
        (["--map", "=Version"], "ROLE=COLUMN"),
        (["--map", "variant=A", "--map", "variant=B"], "one column for 'variant'"),
        (["--map", "metrics=Time"], "--kind COLUMN=KIND"),
        (["--kind", "Time"], "COLUMN=KIND"),
        (["--mapping", "no_such_mapping.yaml"], "no_such_mapping.yaml"),
        (["--write-mapping", "no/such/folder/m.yaml"], "does not exist"),
    ],
)
def test_bad_mapping_options_exit_2_with_one_message(tmp_path, extra, expected):
    r = run("check", "experiment", str(_sheet(tmp_path)), *extra, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert expected in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_mapping_file_that_is_not_a_mapping_is_one_clear_error(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("- variant\n- Version\n", encoding="utf-8")
    r = run("check", "experiment", str(_sheet(tmp_path)), "--mapping", str(bad))
    assert r.returncode == 2
    assert "m.yaml" in r.stderr and "a mapping of role: column" in r.stderr
    assert "Traceback" not in r.stderr


def test_terminal_unsafe_option_values_are_shown_escaped(tmp_path):
    r = run("check", "experiment", str(_sheet(tmp_path)), "--map", "variant\x1b[31m")
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\\x1b" in r.stderr


def _role_lines(out):
    """ "`Version`: variant" for each role line, without the reason (which says who set it)."""
    return [ln.split(" (")[0] for ln in out.splitlines() if ln.startswith("- `")]


def _other_lines(out):
    return [ln for ln in out.splitlines() if not ln.startswith("- `") and "set by" not in ln]


def test_write_mapping_round_trip_with_the_experiment_pillar(tmp_path):
    """Write the inferred roles, pass them back: same result; edit them: the edit is used."""
    sheet = _sheet(tmp_path)
    out = tmp_path / "roles.yaml"
    plain = run("check", "experiment", str(sheet))
    assert plain.returncode == 0, plain.stderr
    wrote = run("check", "experiment", str(sheet), "--write-mapping", str(out))
    assert wrote.returncode == 0, wrote.stderr
    import yaml

    mapping = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert mapping["variant"] == "Version" and mapping["participant"] == "Participant"
    assert mapping["metrics"]["Time (mm:ss)"] == "time"
    back = run("check", "experiment", str(sheet), "--mapping", str(out))
    assert back.returncode == 0, back.stderr
    assert _role_lines(back.stdout) == _role_lines(plain.stdout)
    assert _other_lines(back.stdout) == _other_lines(plain.stdout)
    # Edited: SUS is no longer analysed.
    mapping["metrics"].pop("SUS")
    mapping.setdefault("ignore", []).append("SUS")
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    r = run("check", "experiment", str(sheet), "--mapping", str(edited))
    assert r.returncode == 0, r.stderr
    assert "`SUS`: ignored" in r.stdout
    assert "`SUS`: sus metric" in plain.stdout


def test_new_sets_the_templates_columns_parameter(tmp_path):
    dest = tmp_path / "test.ipynb"
    r = run(
        "new",
        "experiment",
        str(dest),
        "--map",
        "variant=Version",
        "--kind",
        "Time (mm:ss)=time",
    )
    assert r.returncode == 0, r.stderr
    params = read_parameters(nbformat.read(dest, as_version=4))
    assert params["columns"] == {"variant": "Version", "metrics": {"Time (mm:ss)": "time"}}


def test_write_mapping_round_trip_of_a_survey_export_with_dropped_columns(tmp_path):
    """Identifying columns the pillar drops are written as ``dropped`` and accepted back
    (:func:`cocreate_kit.roles.check_mapping`); they are still dropped."""
    rows = [
        "StartDate,EndDate,Status,IPAddress,ResponseId,Q1",
        'Start Date,End Date,Response Type,IP Address,Response ID,"How likely are you to '
        'recommend this service to a friend?"',
        '"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}",'
        '"{""ImportId"":""ipAddress""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}"',
    ]
    rows += [
        f"2026-03-0{1 + i % 9} 10:00,2026-03-0{1 + i % 9} 10:05,IP Address,10.0.0.{i},R_{i:03d},"
        f"{i % 11}"
        for i in range(12)
    ]
    export = tmp_path / "qualtrics.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "roles.yaml"
    plain = run("check", "feedback", str(export), "--write-mapping", str(out))
    assert plain.returncode == 0, plain.stderr
    assert "Qualtrics export (3 header rows)" in plain.stdout
    assert "`IPAddress`: dropped" in plain.stdout
    import yaml

    assert yaml.safe_load(out.read_text(encoding="utf-8"))["dropped"] == ["IPAddress"]
    back = run("check", "feedback", str(export), "--mapping", str(out))
    assert back.returncode == 0, back.stderr
    assert _role_lines(back.stdout) == _role_lines(plain.stdout)
    assert "`IPAddress`: dropped" in back.stdout


def test_closed_pipe_is_not_an_internal_error(tmp_path):
    """`cocreate check F | head` closes the pipe early: exit 141 like a shell, no crash log."""
    from cocreate_kit.datasets import dataset_path

    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cocreate_kit.cli", "check", "feedback",
         str(dataset_path("feedback/homecare_survey.csv"))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert "internal error" not in err and "Traceback" not in err
    assert not (tmp_path / "state").exists()  # no crash log was written
