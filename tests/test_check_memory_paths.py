"""The compact (low-memory) steps of ``cocreate check experiment`` give the same answers
as the plain pandas rules they replace, on the same inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cocreate_kit.experiment._check import _BIN_WORDS, _is_binary, infer_kinds
from cocreate_kit.experiment._compare import _repeated


def _is_binary_by_text(s: pd.Series) -> bool:
    """The original rule: every value printed as text is one of the 0/1 words."""
    text = s.astype(str).str.strip().str.lower()
    text = text[text != ""]
    return bool(len(text) and text.isin(_BIN_WORDS).all() and text.nunique() <= 2)


SERIES = {
    "int 0/1": pd.Series([0, 1, 1, 0]),
    "int 0 only": pd.Series([0, 0]),
    "int 0/1/2": pd.Series([0, 1, 2]),
    "int 1/5": pd.Series([1, 5]),
    "Int64 0/1 with NA": pd.Series([0, None, 1], dtype="Int64"),
    "uint8 0/1": pd.Series([0, 1], dtype="uint8"),
    "negative int": pd.Series([-1, 0, 1]),
    "float 0/1": pd.Series([0.0, 1.0, np.nan]),
    "Float64 0/1": pd.Series([0.0, 1.0], dtype="Float64"),
    "float inf": pd.Series([np.inf, 0.0]),
    "all NaN": pd.Series([np.nan, np.nan]),
    "empty int": pd.Series([], dtype="int64"),
    "bool": pd.Series([True, False]),
    "words": pd.Series(["Yes", " no ", None, "yes"]),
    "words string dtype": pd.Series(["ja", "nej", ""], dtype="string"),
    "three words": pd.Series(["yes", "no", "true"]),
    "digits as text": pd.Series(["0", "1"], dtype="string"),
    "text": pd.Series(["a", "b"]),
}


@pytest.mark.parametrize("name", list(SERIES))
def test_binary_rule_matches_text_rule(name):
    s = SERIES[name].dropna()
    assert _is_binary(s) == _is_binary_by_text(s), name


def test_infer_kinds_on_mixed_frame():
    df = pd.DataFrame(
        {
            "done": [0, 1, 1, 0],
            "flag": [0.0, 1.0, 1.0, 0.0],
            "ok": ["yes", "no", "yes", "no"],
            "sus": [70.0, 82.5, 55.0, 90.0],
            "time_s": [3.5, 9.0, 12.0, 4.0],
            "sat": [1, 5, 3, 4],
        }
    )
    assert infer_kinds(df) == {
        "done": "binary",
        "flag": "count",  # a float column is never binary by the text rule ("0.0")
        "ok": "binary",
        "sus": "sus",
        "time_s": "time",
        "sat": "likert",
    }


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", ["string", "object", "float", "Int64"])
def test_repeated_matches_duplicated(seed, kind):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 400))
    raw = rng.integers(0, max(n // 3, 1), n)
    missing = rng.random(n) < 0.1
    if kind in ("string", "object"):
        vals = [None if m else f"P{v}" for v, m in zip(raw, missing, strict=True)]
        ids = pd.Series(vals, dtype="string" if kind == "string" else object)
    elif kind == "float":
        ids = pd.Series(np.where(missing, np.nan, raw.astype(float)))
    else:
        ids = pd.Series(pd.array(np.where(missing, None, raw), dtype="Int64"))
    want = pd.DataFrame({"p": ids}).duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
    assert np.array_equal(_repeated(ids), want)


@pytest.mark.parametrize("seed", range(6))
def test_repeated_arrow_matches_duplicated(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    raw = rng.integers(0, max(n // 3, 1), n)
    missing = rng.random(n) < 0.1
    vals = [None if m else f"P{v}" for v, m in zip(raw, missing, strict=True)]
    ids = pd.Series(vals, dtype=pd.StringDtype("pyarrow"))
    want = pd.DataFrame({"p": ids}).duplicated(keep="first").to_numpy() & ids.notna().to_numpy()
    assert np.array_equal(_repeated(ids), want)
