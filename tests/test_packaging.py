"""The wheel carries templates and sample data; the core imports stay light."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (whl,) = out.glob("cocreate_kit-*.whl")
    return whl


def test_wheel_contains_templates_sample_data_and_voila_template(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for kind in ("journey_map", "prototype_test", "feedback_analysis"):
        assert f"cocreate_kit/templates/{kind}.ipynb" in names
    assert "cocreate_kit/sample_data/explorer_visits.csv" in names
    assert any(n.startswith("cocreate_kit/_share/voila/templates/cocreate/") for n in names)
    assert "cocreate_kit/_static/kit.css" in names
    entry = [n for n in names if n.endswith("entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry[0]).decode()
    assert "cocreate = cocreate_kit.cli:main" in text


def test_new_and_sample_data_work_from_a_plain_wheel_install(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import cocreate_kit, sys;"
        "assert cocreate_kit.__file__.startswith(sys.argv[1]), cocreate_kit.__file__;"
        "from cocreate_kit.datasets import read_dataset;"
        "print(len(read_dataset('explorer_visits.csv')))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "48"
    dest = tmp_path / "mine.ipynb"
    r = subprocess.run(
        [sys.executable, "-m", "cocreate_kit.cli", "new", "feedback", str(dest)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert dest.exists()


def _python(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (nothing imported yet); fail on a non-zero exit."""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r


def test_import_is_light():
    code = (
        "import sys, cocreate_kit, cocreate_kit.io, cocreate_kit.validate, cocreate_kit.privacy;"
        "heavy = [m for m in ('ipywidgets', 'voila', 'sklearn', 'altair', 'scipy', 'statsmodels',"
        " 'duckdb') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    r = _python(code)
    assert r.stdout.strip() == ""


@pytest.mark.parametrize("pillar", ["journey", "experiment", "feedback"])
def test_pillars_do_not_import_the_widget_layer(pillar):
    code = (
        f"import sys, cocreate_kit.{pillar};"
        "print(','.join(m for m in ('ipywidgets', 'voila', 'sklearn') if m in sys.modules))"
    )
    r = _python(code)
    assert r.stdout.strip() == ""


def test_top_level_import_does_not_load_pandas():
    """``import cocreate_kit`` (DataError, Problem) stays at interpreter size: no pandas,
    numpy or pyarrow until a data step runs; a DataError still formats its problems."""
    code = (
        "import sys; from cocreate_kit import DataError, Problem;"
        "e = DataError([Problem('a.csv', 2, 'x', float('nan'), 'a number')], file='a.csv');"
        "print(str(e).splitlines()[1].strip());"
        "print(','.join(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))"
    )
    r = _python(code)
    shown, heavy = r.stdout.splitlines()
    assert shown == "- row 2, column 'x': value (empty); expected a number"
    assert heavy == ""
