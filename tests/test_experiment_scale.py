"""Issue 12: experiments from sufficient statistics (DuckDB, Parquet, Spark).

The aggregates path (``analyse(..., engine=...)``, a Parquet file, a Spark DataFrame) must
give the row-level path's results to 1e-9: every table, note, warning and verdict, on the
shipped trial and on fixtures with ties, 0%/100% arms, zero-event arms, data without spread,
three arms, equivalence margins and every paired design.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cocreate_kit import _sql
from cocreate_kit._errors import DataError
from cocreate_kit.datasets import dataset_path, read_dataset
from cocreate_kit.experiment import _fromstats as fs
from cocreate_kit.experiment import _methods as m
from cocreate_kit.experiment import analyse

FRAMES = ("arms", "table", "details", "arm_details", "distribution")


def _frame(x: pd.DataFrame | None) -> pd.DataFrame | None:
    return None if x is None else x.drop(columns=["path"], errors="ignore")


def assert_same(rows, aggs) -> None:
    """Two reports equal to 1e-9 (numbers) and exactly (text, verdicts)."""
    assert list(rows.results) == list(aggs.results)
    for name, a in rows.results.items():
        b = aggs.results[name]
        for attr in FRAMES:
            x, y = _frame(getattr(a, attr)), _frame(getattr(b, attr))
            assert (x is None) == (y is None), (name, attr)
            if x is not None:
                pd.testing.assert_frame_equal(
                    x, y, rtol=1e-9, atol=1e-12, check_dtype=False, obj=f"{name}.{attr}"
                )
        assert a._notes == b._notes, name
        assert a._warnings == b._warnings, name
        assert a.verdicts == b.verdicts, name
        assert set(a.details["path"]) == {"rows"} and set(b.details["path"]) == {"aggregates"}
    assert rows.summary() == aggs.summary()


def _trial(n: dict[str, int], seed: int, *, paired: bool = False) -> pd.DataFrame:
    """Every kind, small arms (exact tests, ties) with some empty cells."""
    rng = np.random.default_rng(seed)
    frames = []
    size = max(n.values())
    for i, (v, k) in enumerate(n.items()):
        k = size if paired else k
        ids = (
            range(k) if paired else range(sum(list(n.values())[:i]), sum(list(n.values())[:i]) + k)
        )
        frames.append(
            pd.DataFrame(
                {
                    "participant": [f"P{j}" for j in ids],
                    "variant": v,
                    "done": (rng.random(k) < 0.3 + 0.2 * i).astype(int),
                    "time_s": np.round(np.exp(rng.normal(4 - 0.2 * i, 0.6, k)), 0),
                    "errors": rng.poisson(1.5 + i, k),
                    "score": np.round(rng.normal(50 + 5 * i, 10, k), 1),
                    "sus": np.clip(np.round(rng.normal(65 + 4 * i, 12, k) / 2.5) * 2.5, 0, 100),
                    "sat": np.clip(np.round(rng.normal(3 + 0.4 * i, 1.0, k)), 1, 5).astype(int),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    if not paired:
        df.loc[df.index[::7], "score"] = np.nan  # empty cells are left out, with a note
    return df


METRICS = {
    "done": "binary",
    "time_s": "time",
    "errors": "count",
    "score": "continuous",
    "sus": "sus",
    "sat": "likert",
}

CASES = {
    "two arms, 12 each": (_trial({"A": 12, "B": 12}, 1), {}),
    "three arms, 40/35/45": (_trial({"A": 40, "B": 35, "C": 45}, 2), {}),
    "paired, 9 participants": (_trial({"A": 9, "B": 9}, 3, paired=True), {"paired": True}),
    "paired, 3 arms, 25": (
        _trial({"A": 25, "B": 25, "C": 25}, 4, paired=True),
        {"paired": True},
    ),
}


def _edge_cases() -> dict[str, tuple[pd.DataFrame, dict]]:
    """0%/100% arms, zero-event arms, constant (no spread) arms and constant differences."""
    a = ["A"] * 8 + ["B"] * 8
    between = pd.DataFrame(
        {
            "participant": range(16),
            "variant": a,
            "done": [0] * 8 + [1] * 8,
            "time_s": [30.0] * 8 + [31.0] * 8,
            "errors": [0] * 8 + [2, 1, 0, 3, 1, 0, 2, 1],
            "score": [5.0] * 16,
            "sus": [70.0] * 8 + [72.5, 80, 85, 90, 67.5, 75, 77.5, 70],
            "sat": [5] * 8 + [5] * 8,
        }
    )
    paired = pd.DataFrame(
        {
            "participant": list(range(8)) * 2,
            "variant": a,
            "done": [1] * 16,
            "time_s": [10.0 * (i + 1) for i in range(8)] + [11.0 * (i + 1) for i in range(8)],
            "errors": [0] * 8 + [1, 1, 1, 1, 1, 2, 2, 3],
            "score": list(range(8)) + [x + 1.0 for x in range(8)],
            "sus": [50.0] * 8 + [60.0] * 8,
            "sat": [3] * 8 + [3, 4, 4, 3, 2, 3, 5, 3],
        }
    )
    return {
        "0%/100% arms, constants, zero events": (between, {}),
        "paired: all ones, constant ratios and steps": (paired, {"paired": True}),
    }


ALL = {**CASES, **_edge_cases()}


def _plan(primary: str, **kw) -> dict:
    return {
        "hypothesis": "The variants differ.",
        "primary_metric": primary,
        "metrics": METRICS,
        "control": "A",
        "guardrails": ["errors"],
        "planned_n_per_variant": 10,
        **kw,
    }


@pytest.mark.parametrize("case", list(ALL))
@pytest.mark.parametrize("margin", [None, 0.1])
def test_aggregates_match_rows(case, margin):
    df, kw = ALL[case]
    plan = _plan("score", **kw)
    if margin is not None:
        plan["margin"] = margin
    rows = analyse(df, plan=plan)
    aggs = analyse(df, plan=plan, engine="duckdb")
    assert_same(rows, aggs)


def test_shipped_trial_and_its_plan():
    df = read_dataset("experiment/home_care_form.csv")
    plan = dataset_path("experiment/home_care_form_plan.yaml")
    assert_same(analyse(df, plan=plan), analyse(df, plan=plan, engine="duckdb"))


def _nums(t: m.Test) -> list[float]:
    return [t.effect, t.ci_low, t.ci_high, t.p_value, t.se, t.statistic, t.df]


@pytest.mark.parametrize("seed", range(6))
def test_rank_and_count_methods_from_frequency_tables(seed):
    """Brunner-Munzel, Mann-Whitney, signed rank and the median from counts per level."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.integers(1, 6, 7 + seed), rng.integers(1, 6, 9)
    levels = np.arange(1, 6)
    c1, c2 = (x1[:, None] == levels).sum(0), (x2[:, None] == levels).sum(0)
    ref, got = m.brunner_munzel(x1, x2), fs.brunner_munzel(c1, c2, 0.95)
    assert (ref is None) == (got is None)
    if ref is not None:
        np.testing.assert_allclose(_nums(ref), _nums(got), rtol=1e-9)
    np.testing.assert_allclose(_nums(m.mann_whitney(x1, x2)), _nums(fs.mann_whitney(c1, c2, 0.95)))
    d = rng.integers(-3, 4, 4 + 3 * seed)
    vals, counts = np.unique(d, return_counts=True)
    ref_w, got_w = m.wilcoxon_signed_rank(d), fs.wilcoxon_signed_rank(vals, counts)
    assert ref_w[2] == got_w[2] and math.isclose(ref_w[1], got_w[1], rel_tol=1e-9)
    assert fs.median_of_counts(levels, c1) == float(np.median(x1))


# ----------------------------------------------------------------------------- Parquet


@pytest.fixture
def trial_parquet(tmp_path):
    df, _ = CASES["three arms, 40/35/45"]
    path = tmp_path / "trial.parquet"
    df.to_parquet(path)
    return df, path


def test_parquet_is_aggregated_in_duckdb_without_rows_in_pandas(trial_parquet, monkeypatch):
    df, path = trial_parquet
    plan = _plan("done")
    sizes: list[int] = []
    real = _sql.query

    def spy(sql, tables, **kw):
        assert all(not isinstance(t, pd.DataFrame) for t in tables.values())
        out = real(sql, tables, **kw)
        sizes.append(len(out))
        return out

    def no_rows(*a, **k):
        raise AssertionError("the row-level path was used")

    from cocreate_kit.experiment import _compare, _report, _scale

    monkeypatch.setattr(_scale, "query", spy)
    monkeypatch.setattr(_compare, "prepare", no_rows)
    monkeypatch.setattr(_report, "read_table", no_rows)
    got = analyse(str(path), plan=plan)
    monkeypatch.undo()
    assert sizes and max(sizes) <= 3  # one row per variant (or one), never the 120 rows
    assert_same(analyse(df, plan=plan), got)


def test_missing_and_bad_columns_in_parquet_are_data_errors(tmp_path):
    df, _ = CASES["two arms, 12 each"]
    path = tmp_path / "trial.parquet"
    df.drop(columns=["errors"]).to_parquet(path)
    with pytest.raises(DataError) as err:
        analyse(path, metrics={"done": "binary", "errors": "count"}, control="A")
    text = str(err.value)
    assert "trial.parquet" in text and "'errors'" in text and "'done'" in text
    bad = df.assign(sat=df["sat"].where(df.index != 3, 9), done=df["done"].astype(str))
    bad.loc[5, "done"] = "maybe"
    bad.to_parquet(path)
    with pytest.raises(DataError) as err:
        analyse(path, metrics={"sat": "likert", "done": "binary"}, control="A")
    text = str(err.value)
    assert "column 'sat'" in text and "1 to 5" in text and "column 'done'" in text


def test_repeated_ids_and_nan_times_in_the_pass_before_the_aggregation(tmp_path):
    """The pass before the aggregation counts repeated participant ids (one error naming
    how many) and finds the time range from clean values only: a NaN time is left out, as
    on the row path, and the histogram then equals the row path's."""
    df, _ = CASES["two arms, 12 each"]
    path = tmp_path / "trial.parquet"
    twice = df.copy()
    twice.loc[twice.index[-2:], "participant"] = twice["participant"].iloc[0]
    twice.to_parquet(path)
    with pytest.raises(DataError, match=r"column 'participant'.*2 repeated ids"):
        analyse(path, metrics={"done": "binary"}, control="A", participant="participant")
    holes = df.assign(time_s=df["time_s"].where(df.index % 5 != 1))
    holes.to_parquet(path)
    kw = {"metrics": {"time_s": "time"}, "control": "A", "participant": "participant"}
    rows, aggs = analyse(holes, **kw).results["time_s"], analyse(path, **kw).results["time_s"]
    assert holes["time_s"].isna().sum() >= 2
    pd.testing.assert_frame_equal(aggs.distribution, rows.distribution)
    assert aggs.distribution["participants"].sum() == holes["time_s"].notna().sum()


# ----------------------------------------------------------------------------- Spark


@pytest.mark.spark
def test_spark_matches_duckdb_aggregates_and_verdicts(spark):
    """One test (one shared session): between-subject with three arms, and paired."""
    for case in ("three arms, 40/35/45", "paired, 9 participants"):
        df, kw = CASES[case]
        plan = _plan("score", **kw)
        duck = analyse(df, plan=plan, engine="duckdb")
        records = [tuple(r) for r in df.itertuples(index=False)]
        sdf = spark.createDataFrame(records, schema=list(df.columns))
        got = analyse(sdf, plan=plan)
        for name, a in duck.results.items():
            b = got.results[name]
            assert a.verdicts == b.verdicts, (case, name)
            for attr in FRAMES:
                x, y = getattr(a, attr), getattr(b, attr)
                if x is not None:
                    pd.testing.assert_frame_equal(x, y, rtol=1e-9, check_dtype=False)
        assert_same(analyse(df, plan=plan), got)


def test_variant_names_are_trimmed_as_on_the_row_path():
    df, _ = CASES["two arms, 12 each"]
    spaced = df.assign(variant=df["variant"].map({"A": " A", "B": "B  "}))
    plan = _plan("done")
    assert_same(analyse(spaced, plan=plan), analyse(spaced, plan=plan, engine="duckdb"))


def test_long_analyses_turn_on_duckdbs_progress_bar(trial_parquet, monkeypatch):
    from cocreate_kit.experiment import _scale

    _, path = trial_parquet
    small = _scale._Runner(str(path), None)
    monkeypatch.setattr(_scale, "PROGRESS_ROWS", 100)
    large = _scale._Runner(str(path), None)
    setting = "SELECT current_setting('enable_progress_bar') AS on"
    assert not small.con.execute(setting).fetchone()[0]
    assert large.con.execute(setting).fetchone()[0]


def test_a_missing_parquet_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError) as err:
        analyse(tmp_path / "nowhere.parquet", metrics={"done": "binary"}, control="A")
    assert "nowhere.parquet" in str(err.value) and "readable Parquet file" in str(err.value)


def test_prob_b_beats_a_windowed_sum_equals_the_full_sum():
    """Large counts sum only the terms near the mode; the result equals Evan Miller's full
    sum (every term) to 1e-12, including lopsided and 0%/100% arms."""
    from scipy.special import betaln

    from cocreate_kit.experiment._bayes import prob_b_beats_a

    def full(a_a, b_a, a_b, b_b):
        i = np.arange(int(a_b), dtype=float)
        t = betaln(a_a + i, b_a + b_b) - np.log(b_b + i) - betaln(1 + i, b_b) - betaln(a_a, b_a)
        return float(np.clip(np.exp(t).sum(), 0.0, 1.0))

    rng = np.random.default_rng(12)
    cases = [(1 + 170_000, 1 + 163_000, 1 + 172_000, 1 + 161_000), (1, 1 + 5000, 1 + 5000, 1)]
    cases += [(1 + 5000, 1, 1 + 4990, 1 + 10), (1 + 3000, 1 + 9000, 1 + 2500, 1 + 9500)]
    for _ in range(40):
        n1, n2 = rng.integers(2500, 60_000, 2)
        s1, s2 = rng.binomial(n1, rng.random()), rng.binomial(n2, rng.random())
        cases.append((1 + s1, 1 + n1 - s1, 1 + s2, 1 + n2 - s2))
    for args in cases:
        assert abs(prob_b_beats_a(*args) - full(*args)) < 1e-12, args
