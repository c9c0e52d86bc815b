"""The public API the README documents still works (issue 8: keep aliases where names change).

Every ```python block in README.md runs, in order within its section, in a temporary folder
that holds the files the examples name (``events.parquet``, ``survey.csv``, ...), built from
the bundled synthetic sample data. A block that uses a deprecated name fails the test: the
README must show the current names, while the aliases are tested where they are defined.
"""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from cocreate_kit.datasets import dataset_path

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)


def _workspace(tmp: Path) -> dict[str, object]:
    events = pd.read_csv(dataset_path("journey/home_care_events.csv"))
    events.to_parquet(tmp / "events.parquet")
    for name, sample in {
        "survey.csv": "feedback/homecare_survey.csv",
        "participants.csv": "feedback/participants.csv",
        "coding.csv": "feedback/coding_sheet.csv",
        "codebook.csv": "feedback/codebook.csv",
    }.items():
        shutil.copyfile(dataset_path(sample), tmp / name)
    # Two coders, eight units, ordinal codes 1-3: the long layout `agreement` takes.
    long_codings = pd.DataFrame(
        {
            "unit": [u for u in range(8) for _ in range(2)],
            "coder": ["A", "B"] * 8,
            "code": [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 1, 1, 2, 3, 3],
        }
    )
    return {"long_codings": long_codings}


def test_readme_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("number", range(len(BLOCKS)), ids=lambda i: f"block{i + 1}")
def test_readme_block_runs_without_deprecated_names(number, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace = _workspace(tmp_path)
    filename = f"<README.md python block {number + 1}>"
    code = compile(BLOCKS[number], filename, "exec")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(code, namespace)
    deprecated = [
        f"line {w.lineno}: {w.message}"
        for w in caught
        if issubclass(w.category, (DeprecationWarning, FutureWarning)) and w.filename == filename
    ]
    assert not deprecated, "the README uses deprecated names:\n" + "\n".join(deprecated)
