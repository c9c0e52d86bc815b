"""Inputs that must not break the kit: every check kind and loader x every bad file.

Each case must end in ONE clear :class:`DataError` (CLI: exit status 2, the file named, no
"Traceback"), or, for files that are merely in another encoding, be read correctly.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from cocreate_kit import DataError, cli, io
from cocreate_kit.datasets import dataset_path

# ---------------------------------------------------------------- the kinds checked

# kind id -> (cocreate check KIND, a valid sample file of that kind, extra CLI arguments)
KINDS = {
    "journey": ("journey", "journey/home_care_as_is.json", []),
    "eventlog": ("journey", "journey/home_care_events.csv", []),
    "ratings": ("journey", "journey/home_care_ratings.csv", []),
    "experiment": ("experiment", "experiment/home_care_form.csv", []),
    "experiment-plan": (
        "experiment",
        "experiment/home_care_form.csv",
        ["--plan", str(dataset_path("experiment/home_care_form_plan.yaml"))],
    ),
    "feedback": ("feedback", "feedback/homecare_survey.csv", []),
}

WIDE = 50_000
DEEP = 100_000


def _sample(kind: str) -> Path:
    return Path(dataset_path(KINDS[kind][1]))


def _sample_csv(kind: str) -> str:
    """A valid CSV of the kind (for a journey: its steps table)."""
    if kind == "journey":
        from cocreate_kit import journey

        return journey.load(_sample(kind)).tables()["steps"].to_csv(index=False)
    return _sample(kind).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1 MB zip that expands to 1 GiB, named .xlsx (the structure of a workbook)."""
    p = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"<c/>" * (1 << 22)
            for _ in range(64):
                f.write(chunk)
    return p


def _xlsx_with_macros(kind: str, dest: Path) -> Path:
    """A real workbook of the kind's data plus a VBA project, named .xlsm."""
    plain = dest.with_suffix(".plain.xlsx")
    if kind == "journey":
        from cocreate_kit import journey

        journey.save(journey.load(_sample(kind)), plain)
    else:
        pd.read_csv(_sample(kind), dtype=str).to_excel(plain, index=False)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        # An Auto_Open macro project: it must never run, whatever the kit does.
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0Attribute VB_Name Auto_Open Shell")
    plain.unlink()
    return dest


_FREE_TEXT = {
    "name", "segment", "title", "channel", "customer_action", "frontstage", "backstage",
    "support", "physical_evidence", "actor", "text", "source", "participant",
}  # fmt: skip


def _cp1252(kind: str, dest: Path) -> tuple[Path, str]:
    """The kind's sample with Danish text in every text field, saved as cp1252."""
    word = "Ærø-Ålbæk"
    if kind == "journey":
        data = json.loads(_sample(kind).read_text(encoding="utf-8"))
        data["title"] = f"{word} {data['title']}"
        for table in ("personas", "stages", "steps", "evidence"):
            for item in data.get(table, []):
                for k, v in item.items():
                    if k in _FREE_TEXT and isinstance(v, str):
                        item[k] = f"{v} {word}"
        path = dest.with_suffix(".json")
        path.write_bytes(json.dumps(data, ensure_ascii=False).encode("cp1252", errors="replace"))
        return path, word
    df = pd.read_csv(_sample(kind), dtype=str, keep_default_na=False)
    # every text field that may carry free text gets non-ASCII characters
    free = {
        "eventlog": ["activity", "channel", "case_id"],
        "ratings": ["comment", "participant"],
        "experiment": ["participant"],
        "experiment-plan": ["participant"],
        "feedback": ["comment", "area", "respondent_id"],
    }[kind]
    for col in free:
        df[col] = df[col] + " " + word
    path = dest.with_suffix(".csv")
    # A Windows export writes characters cp1252 lacks (e.g. U+2011 in the sample) as "?".
    path.write_bytes(df.to_csv(index=False).encode("cp1252", errors="replace"))
    return path, word


def make_case(case: str, kind: str, d: Path, bomb: Path) -> Path:
    """Write the bad file for ``case`` shaped like ``kind``; return its path."""
    native = _sample(kind).suffix
    if case == "random_bytes":
        p = d / f"random{native}"
        p.write_bytes(bytes(range(256)) * 64 + b"\x00\xff\xfe" * 1000)
    elif case == "empty":
        p = d / f"empty{native}"
        p.write_bytes(b"")
    elif case == "fake_xlsx":
        p = d / "renamed.xlsx"
        p.write_text(_sample_csv(kind), encoding="utf-8")
    elif case == "ragged_csv":
        lines = _sample_csv(kind).splitlines()
        lines[3] = lines[3] + ",extra,cells,here"
        text = "\n".join(lines) + "\n"
        if kind == "journey":  # a journey saved as a folder of CSV files
            from cocreate_kit import journey

            p = d / "ragged_journey"
            journey.save(journey.load(_sample(kind)), p)
            (p / "steps.csv").write_text(text, encoding="utf-8")
        else:
            p = d / "ragged.csv"
            p.write_text(text, encoding="utf-8")
    elif case == "broken_json":
        p = d / "broken.json"
        p.write_text(
            _sample(kind).read_text(encoding="utf-8")[:200]
            if native == ".json"
            else '[{"a": 1}, {"a": ',
            encoding="utf-8",
        )
    elif case == "deep_json_list":
        p = d / "deep.json"
        p.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    elif case == "deep_json_object":
        p = d / "deep_obj.json"
        p.write_text('{"a":' * DEEP + "1" + "}" * DEEP, encoding="utf-8")
    elif case == "zip_bomb":
        p = d / "bomb.xlsx"
        shutil.copy(bomb, p)
    elif case == "xlsm_macros":
        p = _xlsx_with_macros(kind, d / "macros.xlsm")
    elif case == "wide_csv":
        p = d / "wide.csv"
        header = ",".join(f"c{i}" for i in range(WIDE))
        row = ",".join("1" for _ in range(WIDE))
        p.write_text(f"{header}\n{row}\n{row}\n", encoding="utf-8")
    else:  # pragma: no cover
        raise AssertionError(case)
    return p


BAD_CASES = [
    "random_bytes",
    "empty",
    "fake_xlsx",
    "ragged_csv",
    "broken_json",
    "deep_json_list",
    "deep_json_object",
    "zip_bomb",
    "xlsm_macros",
    "wide_csv",
]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture(autouse=True)
def _state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the CLI's crash logs out of the real home folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


# ---------------------------------------------------------------- CLI x kinds x cases


@pytest.mark.parametrize("case", BAD_CASES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_check_answers_bad_file_with_one_clear_error(kind, case, tmp_path, capsys, bomb):
    path = make_case(case, kind, tmp_path, bomb)
    before = path.read_bytes() if path.is_file() else None
    cli_kind, _, extra = KINDS[kind]
    code, out = run_cli(capsys, "check", cli_kind, str(path), *extra)
    assert code == 2, out
    assert "Traceback" not in out
    assert path.name in out, out
    assert out.count(" problem") == 1 and out.count("cocreate check:") == 1, out
    assert len(out) < 6000, "one message, not a dump"
    if before is not None:
        assert path.read_bytes() == before, "input files are never modified"


@pytest.mark.parametrize("kind", list(KINDS))
def test_check_reads_cp1252_files(kind, tmp_path, capsys):
    path, word = _cp1252(kind, tmp_path / "windows")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    cli_kind, _, extra = KINDS[kind]
    code, out = run_cli(capsys, "check", cli_kind, str(path), *extra)
    assert code == 0, out
    assert "Traceback" not in out and "\ufffd" not in out


def test_zip_bomb_is_refused_before_it_is_expanded(bomb, tmp_path, monkeypatch):
    import openpyxl

    def never(*a, **k):  # pragma: no cover - reaching it is the failure
        raise AssertionError("the bomb was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    with pytest.raises(DataError) as err:
        io.read_table(bomb)
    text = str(err.value)
    assert "bomb.xlsx" in text and "MAX_XLSX_UNPACKED_BYTES" in text and "1,024 MiB" in text


def test_caps_are_overridable(tmp_path, monkeypatch):
    p = tmp_path / "five.csv"
    p.write_text("a,b,c,d,e\n1,2,3,4,5\n", encoding="utf-8")
    assert io.read_table(p).shape == (1, 5)
    monkeypatch.setattr(io, "MAX_COLUMNS", 4)
    with pytest.raises(DataError, match="at most 4 columns"):
        io.read_table(p)


def test_ragged_csv_names_row_and_count(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("a,b\n1,2\n3,4,5\n6,7\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        io.read_table(p)
    (problem,) = err.value.problems
    assert problem.file == "r.csv" and problem.row == 3
    assert "2 fields" in problem.expected and "3" in str(problem.value)


def test_macro_workbook_message_says_macros_never_run(tmp_path):
    p = _xlsx_with_macros("experiment", tmp_path / "m.xlsm")
    with pytest.raises(DataError) as err:
        io.read_table(p)
    assert "never" in str(err.value) and "macro" in str(err.value)


def test_xlsm_without_macros_is_read(tmp_path):
    p = tmp_path / "plain.xlsm"
    pd.DataFrame({"a": [1, 2]}).to_excel(p.with_suffix(".xlsx"), index=False)
    p.with_suffix(".xlsx").rename(p)
    assert io.read_table(p)["a"].tolist() == [1, 2]


# ---------------------------------------------------------------- every public loader


def _loaders():
    from cocreate_kit import experiment, explore, feedback, journey

    j = journey.load(dataset_path("journey/home_care_as_is.json"))
    return {
        "read_table": io.read_table,
        "journey.load": journey.load,
        "journey.load_ratings": lambda p: journey.load_ratings(p, j),
        "journey.event_log_metrics": journey.event_log_metrics,
        "explore.load_visits": explore.load_visits,
        "feedback.load_survey": feedback.load_survey,
        "feedback.load_codebook": feedback.load_codebook,
        "feedback.load_coding_sheet": feedback.load_coding_sheet,
        "feedback.load_names": feedback.load_names,
        "experiment.read_plan": experiment.read_plan,
        "experiment.check_file": experiment.check_file,
    }


LOADERS = list(_loaders())


@pytest.mark.parametrize("case", BAD_CASES)
@pytest.mark.parametrize("loader", LOADERS)
def test_loaders_raise_one_data_error(loader, case, tmp_path, bomb):
    kind = "eventlog" if "event" in loader else "experiment"
    path = make_case(case, kind, tmp_path, bomb)
    with pytest.raises(DataError) as err:
        _loaders()[loader](path)
    assert path.name in str(err.value)
    assert len(str(err.value)) < 6000


# ---------------------------------------------------------------- real processes


@pytest.mark.parametrize("case", ["random_bytes", "deep_json_list"])
def test_subprocess_exit_code_and_no_traceback(case, tmp_path, bomb):
    path = make_case(case, "journey", tmp_path, bomb)
    r = subprocess.run(
        [sys.executable, "-m", "cocreate_kit.cli", "check", "journey", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "XDG_STATE_HOME": str(tmp_path / "state")},
    )
    assert r.returncode == 2, r.stderr
    assert path.name in r.stderr and "Traceback" not in r.stderr + r.stdout


# ---------------------------------------------------------------- unexpected errors


def test_unexpected_error_exits_1_and_names_a_log(tmp_path, capsys, monkeypatch):
    from cocreate_kit import experiment

    def broken(*args, **kwargs):
        raise RuntimeError("internal invariant broken")

    monkeypatch.setattr(experiment, "check_file", broken)
    data = dataset_path("experiment/home_care_form.csv")
    code, out = run_cli(capsys, "check", "experiment", str(data))
    assert code == 1
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1, out
    assert "unexpected internal error (RuntimeError)" in out
    logs = list((tmp_path / "state" / "cocreate").glob("cocreate-error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in out
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "internal invariant broken" in text


def test_crash_log_falls_back_to_temp_folder(tmp_path, capsys, monkeypatch):
    import tempfile

    from cocreate_kit import experiment

    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # mkdir under a file fails
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(experiment, "check_file", lambda *a, **k: 1 / 0)
    code, out = run_cli(capsys, "check", "experiment", str(tmp_path / "not_a_folder"))
    assert code == 1 and "ZeroDivisionError" in out
    (log,) = (tmp_path / "tmp").glob("cocreate-error-*.log")
    assert str(log) in out


# ---------------------------------------------------------------- terminal safety

ESC = "\x1b]0;owned\x07\x1b[2J\x1b[31m"
BIDI = "\u202egnp.exe\u2066x\u2069"
C1 = "\x9b31m\x85"


def _raw_controls(text: str) -> list[str]:
    bad = {chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]}
    bad |= {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    return sorted({ch for ch in text if ch in bad})


def test_summary_output_is_terminal_safe(tmp_path, capsys):
    df = pd.read_csv(dataset_path("experiment/home_care_form.csv"))
    df = df.rename(columns={"satisfaction": f"satisfaction{ESC}{BIDI}{C1}"})
    p = tmp_path / "evil.csv"
    df.to_csv(p, index=False)
    code, out = run_cli(capsys, "check", "experiment", str(p))
    assert code == 0, out
    assert _raw_controls(out) == []
    assert "\\x1b]0;owned\\x07" in out and "\\u202e" in out and "\\x9b" in out


def test_error_listing_is_terminal_safe(tmp_path, capsys):
    p = tmp_path / f"log{ESC}.csv"
    p.write_text(
        f"case_id,activity,timestamp\nc1,apply{BIDI},2026-01-01 10:00\n"
        f"c1,decide,yesterday{ESC}{C1}\n",
        encoding="utf-8",
    )
    code, out = run_cli(capsys, "check", "journey", str(p))
    assert code == 2, out
    assert _raw_controls(out) == []
    assert "yesterday" in out and "\\x1b" in out


def test_journey_title_with_controls_is_terminal_safe(tmp_path, capsys):
    data = json.loads(Path(dataset_path("journey/home_care_as_is.json")).read_text("utf-8"))
    data["title"] = f"Home care {ESC}{BIDI}{C1}"
    p = tmp_path / "j.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    code, out = run_cli(capsys, "check", "journey", str(p))
    assert code == 0, out
    assert _raw_controls(out) == [] and "Home care" in out


def test_terminal_safe_keeps_text_newlines_and_tabs():
    from cocreate_kit.cli import terminal_safe

    assert terminal_safe("Ærø\tå\nø €") == "Ærø\tå\nø €"
    assert terminal_safe("\x1b[31m\u202e") == "\\x1b[31m\\u202e"


# ---------------------------------------------------------------- bounded-memory reading


@pytest.mark.parametrize("sep", [",", ";"])
def test_chunked_csv_typing_equals_whole_file_typing(tmp_path, monkeypatch, sep):
    """Reading in chunks (bounded memory) types every column exactly like the whole file."""
    n = 2_500  # three chunks of 1,000 rows
    monkeypatch.setattr(io, "CSV_CHUNK_CELLS", 1)
    rows = []
    for i in range(n):
        late = i >= 1_200
        rows.append(
            {
                "ints_then_float": "1,5"
                if sep == ";" and i == n - 1
                else ("1.5" if i == n - 1 else str(i)),
                "num_then_text": "x" if i == n - 1 else f"{i:03d}",
                "empty_then_int": str(i) if late else "",
                "comma_then_point": ("1.5" if late else "1.234"),
                "all_empty": "",
                "ints": str(-i),
                "text": f"t{i}",
            }
        )
    df = pd.DataFrame(rows)
    p = tmp_path / "chunks.csv"
    df.to_csv(p, index=False, sep=sep)
    got = io.read_table(p)
    whole = pd.read_csv(p, sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    want = io._infer_types(whole, "," if sep == ";" else ".")
    pd.testing.assert_frame_equal(got, want, check_dtype=True)
    assert got["num_then_text"].iloc[0] == "000"
    assert str(got["empty_then_int"].dtype) == "Int64"


def test_argument_errors_are_terminal_safe(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", f"survey{ESC}", "x.csv"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and _raw_controls(err) == []
