"""Event-log metrics: hand-computed small logs and an independent pandas implementation."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path
from cocreate_kit.journey import event_log_metrics, event_log_sql, load, stage_funnel

# Case A loops (assess twice), B is a single event, C has two events at the same time
# (input order assess, apply; the tie-break orders them apply, assess), D is still open.
HAND = pd.DataFrame(
    [
        ("A", "apply", "2026-01-05 09:00"),
        ("A", "assess", "2026-01-05 10:00"),
        ("A", "docs", "2026-01-05 11:00"),
        ("A", "assess", "2026-01-05 12:00"),
        ("A", "decide", "2026-01-05 14:00"),
        ("B", "apply", "2026-01-05 09:00"),
        ("C", "assess", "2026-01-05 09:00"),
        ("C", "apply", "2026-01-05 09:00"),
        ("C", "decide", "2026-01-05 10:00"),
        ("D", "apply", "2026-01-06 08:00"),
        ("D", "assess", "2026-01-06 08:30"),
    ],
    columns=["case_id", "activity", "timestamp"],
)

# Worked by hand (seconds):
#   apply : gaps A 3600, C 0, D 1800 -> median 1800, p90 = 1800 + 0.8 * 1800 = 3240
#   assess: gaps A 3600, A 7200, C 3600 -> median 3600, p90 = 3600 + 0.8 * 3600 = 6480
#   docs  : gap A 3600
#   decide: last in every case -> no gap
#   end activity = decide (final activity of A and C; B ends in apply, D in assess)
EXPECTED_STEPS = pd.DataFrame(
    {
        "activity": ["apply", "assess", "decide", "docs"],
        "cases": [4, 3, 2, 1],
        "drop_offs": [1, 1, 0, 0],
        "drop_off_rate": [0.25, 1 / 3, 0.0, 0.0],
        "median_to_next_s": [1800.0, 3600.0, np.nan, 3600.0],
        "p90_to_next_s": [3240.0, 6480.0, np.nan, 3600.0],
        "rework_cases": [0, 1, 0, 0],
    }
)
EXPECTED_VARIANTS = pd.DataFrame(
    {
        "path": [
            "apply",
            "apply > assess",
            "apply > assess > decide",
            "apply > assess > docs > assess > decide",
        ],
        "cases": [1, 1, 1, 1],
        "share": [0.25] * 4,
    }
)


def test_hand_computed_log():
    m = event_log_metrics(HAND)
    pd.testing.assert_frame_equal(m.steps, EXPECTED_STEPS)
    pd.testing.assert_frame_equal(m.variants, EXPECTED_VARIANTS)
    assert m.end_activities == ["decide"]
    assert (m.n_cases, m.n_events, m.completed, m.rework_cases) == (4, 11, 2, 1)


def test_unsorted_input_gives_identical_results():
    shuffled = HAND.sample(frac=1, random_state=7).reset_index(drop=True)
    assert not shuffled.equals(HAND)
    m = event_log_metrics(shuffled)
    pd.testing.assert_frame_equal(m.steps, EXPECTED_STEPS)
    pd.testing.assert_frame_equal(m.variants, EXPECTED_VARIANTS)


def test_equal_timestamps_tie_break_by_activity_name():
    log = pd.DataFrame(
        {
            "case_id": ["x", "x", "x"],
            "activity": ["zeta", "alpha", "mid"],
            "timestamp": ["2026-01-01 09:00"] * 2 + ["2026-01-01 09:10"],
        }
    )
    m = event_log_metrics(log)
    assert m.variants["path"].tolist() == ["alpha > zeta > mid"]
    gaps = m.steps.set_index("activity")["median_to_next_s"]
    assert gaps["alpha"] == 0.0 and gaps["zeta"] == 600.0


def test_explicit_end_activities_change_drop_offs():
    m = event_log_metrics(HAND, end_activities=["decide", "apply"])
    s = m.steps.set_index("activity")
    assert s.loc["apply", "drop_offs"] == 0  # B ends in an end activity now
    assert s.loc["assess", "drop_offs"] == 1  # the open case D still counts
    assert m.completed == 3


def test_open_case_counts_as_drop_off():
    m = event_log_metrics(HAND)
    assert m.steps.set_index("activity").loc["assess", "drop_offs"] == 1
    assert m.completed == 2


def test_custom_column_names_and_datetime_dtype():
    log = HAND.rename(columns={"case_id": "sag", "activity": "trin", "timestamp": "tid"})
    log["tid"] = pd.to_datetime(log["tid"])
    m = event_log_metrics(log, case="sag", activity="trin", timestamp="tid")
    pd.testing.assert_frame_equal(m.steps, EXPECTED_STEPS)


def reference_metrics(log, end_activities=None):
    """Independent pandas implementation of the documented definitions."""
    df = log.copy()
    df["ts"] = pd.to_datetime(df["timestamp"])
    df = df.sort_values(["case_id", "ts", "activity"], kind="stable")
    df["next_ts"] = df.groupby("case_id")["ts"].shift(-1)
    last = df.groupby("case_id").tail(1)
    if end_activities is None:
        counts = last["activity"].value_counts()
        top = counts[counts == counts.max()].index.min()
        end_activities = [top]
    rows = []
    for act, g in df.groupby("activity"):
        per_case = g.groupby("case_id").size()
        lasts = last[last["activity"] == act]
        drops = 0 if act in end_activities else lasts["case_id"].nunique()
        gaps = ((g["next_ts"] - g["ts"]).dt.total_seconds()).dropna().to_numpy()
        rows.append(
            {
                "activity": act,
                "cases": len(per_case),
                "drop_offs": drops,
                "drop_off_rate": drops / len(per_case),
                "median_to_next_s": float(np.percentile(gaps, 50)) if len(gaps) else np.nan,
                "p90_to_next_s": float(np.percentile(gaps, 90)) if len(gaps) else np.nan,
                "rework_cases": int((per_case > 1).sum()),
            }
        )
    steps = pd.DataFrame(rows).sort_values(["cases", "activity"], ascending=[False, True])
    paths = df.groupby("case_id")["activity"].agg(" > ".join).value_counts()
    variants = paths.rename_axis("path").reset_index(name="cases")
    variants = variants.sort_values(["cases", "path"], ascending=[False, True])
    return steps.reset_index(drop=True), variants.reset_index(drop=True)


def _random_log(seed, n_cases=300):
    rng = np.random.default_rng(seed)
    acts = ["a", "b", "c", "d", "e"]
    rows = []
    for i in range(n_cases):
        t0 = pd.Timestamp("2026-01-01") + pd.Timedelta(hours=int(rng.integers(0, 1000)))
        for _ in range(int(rng.integers(1, 7))):
            # coarse hours force many equal timestamps within a case
            t = t0 + pd.Timedelta(hours=int(rng.integers(0, 5)))
            rows.append((f"c{i}", str(rng.choice(acts)), t.strftime("%Y-%m-%d %H:%M:%S")))
    return pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"]).sample(
        frac=1, random_state=seed
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_independent_pandas_implementation(seed):
    log = _random_log(seed)
    m = event_log_metrics(log)
    steps, variants = reference_metrics(log)
    pd.testing.assert_frame_equal(m.steps, steps, check_dtype=False)
    pd.testing.assert_frame_equal(m.variants[["path", "cases"]], variants, check_dtype=False)


def test_sample_log_csv_path_parquet_and_frame_agree(tmp_path):
    path = dataset_path("journey/home_care_events.csv")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    from_csv = event_log_metrics(path)
    frame = pd.read_csv(path)
    from_df = event_log_metrics(frame)
    pq = tmp_path / "events.parquet"
    frame.assign(timestamp=pd.to_datetime(frame["timestamp"])).to_parquet(pq)
    from_pq = event_log_metrics(pq)
    ref_steps, ref_variants = reference_metrics(frame)
    for m in (from_csv, from_df, from_pq):
        pd.testing.assert_frame_equal(m.steps, ref_steps, check_dtype=False)
        pd.testing.assert_frame_equal(
            m.variants[["path", "cases"]], ref_variants, check_dtype=False
        )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert from_csv.source == "home_care_events.csv"


def test_stage_funnel_against_pandas():
    j = load(dataset_path("journey/home_care_as_is.json"))
    path = dataset_path("journey/home_care_events.csv")
    f = stage_funnel(path, j)
    log = pd.read_csv(path)
    amap = {k: s.stage for s in j.steps for k in s.activity_keys}
    log["stage"] = log["activity"].map(amap)
    reach = log.dropna(subset=["stage"]).groupby("stage")["case_id"].nunique()
    log["ts"] = pd.to_datetime(log["timestamp"])
    last = log.sort_values(["case_id", "ts", "activity"]).groupby("case_id").tail(1)
    drops = last[last["activity"] != "care_started"].dropna(subset=["stage"])
    drops = drops.groupby("stage")["case_id"].nunique()
    for _, r in f.iterrows():
        assert r["cases"] == reach.get(r["stage"], 0)
        assert r["drop_offs"] == drops.get(r["stage"], 0)


def test_summary_is_computed():
    m = event_log_metrics(HAND)
    s = m.summary()
    assert "4 cases and 11 events" in s
    assert "50% of cases ended" in s
    assert "Most cases stop after 'apply': 1 case (25% of the cases that reached it)" in s
    assert "The most common path (25% of cases) is apply." in s


def test_bad_timestamps_csv_rows_named(tmp_path):
    f = tmp_path / "log.csv"
    f.write_text(
        "case_id,activity,timestamp\nA,apply,2026-01-01 09:00\nA,assess,yesterday\n"
        "B,apply,\n,apply,2026-01-02 10:00\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        event_log_metrics(f)
    probs = [(p.row, p.column, p.value) for p in err.value.problems]
    assert (3, "timestamp", "yesterday") in probs
    assert (4, "timestamp", None) in probs
    assert (5, "case_id", None) in probs
    assert err.value.file == "log.csv"


def test_bad_timestamp_dataframe_index_labels():
    log = HAND.copy()
    log.loc[3, "timestamp"] = "31/02/2026"
    with pytest.raises(DataError, match=r"row 3, column 'timestamp': value '31/02/2026'"):
        event_log_metrics(log)


def test_missing_columns_listed():
    with pytest.raises(DataError) as err:
        event_log_metrics(HAND.drop(columns=["timestamp"]), case="sag")
    cols = {p.column for p in err.value.problems}
    assert cols == {"sag", "timestamp"}


def test_sql_is_portable_text():
    sql = event_log_sql("warehouse.events", end_activities=["decide"])
    assert "FROM warehouse.events" in sql["ordered"]
    assert "VALUES ('decide')" in sql["steps"]
    # exact quantiles from (activity, gap, count) rows, no holistic aggregate (spills)
    assert "GROUP BY activity, gap_s" in sql["steps"]
    assert "PERCENTILE" not in sql["steps"]


def test_stage_funnel_by_segment_sums_and_suppression():
    j = load(dataset_path("journey/home_care_as_is.json"))
    path = dataset_path("journey/home_care_events.csv")
    total = stage_funnel(path, j).set_index("stage")
    split = stage_funnel(path, j, by="segment")
    shown = split[~split["suppressed"]]
    full = shown.groupby("stage")["cases"].sum()
    complete = split.groupby("stage")["suppressed"].sum() == 0
    for stage in full.index[complete[full.index]]:
        assert full[stage] == total.loc[stage, "cases"]
    # a segment of 3 cases is hidden, and so is its partner in each stage
    log = pd.read_csv(path)
    small = log["case_id"].isin(log["case_id"].drop_duplicates().head(3))
    log.loc[small, "segment"] = "tiny"
    log.loc[~small, "segment"] = log.loc[~small, "segment"].where(
        log.loc[~small, "segment"] != "tiny"
    )
    out = stage_funnel(log, j, by="segment")
    tiny = out[out["segment"] == "tiny"]
    assert tiny["cases"].isna().all()
    per_stage = out[out["cases"].isna()].groupby("stage").size()
    assert (per_stage >= 2).all()
    assert not (out["drop_offs"].between(1, 4)).any()


@pytest.mark.parametrize("seed", [11, 12])
def test_quantiles_from_counts_match_numpy_linear_with_many_ties(seed):
    # Gaps take six values (0 to 7.25 s), so thousands of gaps share a handful of values
    # and the (activity, gap, count) rows are few. 60 activities with skewed frequencies give
    # groups of a few to thousands of gaps, so p * (n - 1) has many fractional parts and
    # ranks land inside runs of ties and between two runs (where interpolation matters;
    # asserted below). "solo" has exactly one gap; "last" never has one.
    rng = np.random.default_rng(seed)
    names = [f"act{j:02d}" for j in range(60)]
    weights = 1 / np.arange(1, 61)
    rows = []
    for i in range(int(rng.integers(700, 1200))):
        t = pd.Timestamp("2026-03-01") + pd.Timedelta(minutes=int(rng.integers(0, 10_000)))
        acts = list(rng.choice(names, size=int(rng.integers(1, 9)), p=weights / weights.sum()))
        for act in [*acts, "last"]:
            rows.append((f"k{i}", act, t))
            t += pd.Timedelta(seconds=float(rng.choice([0, 0.5, 1, 1, 2, 3, 7.25])))
    rows[:0] = [
        ("solo-case", "solo", pd.Timestamp("2026-01-01")),
        ("solo-case", "last", pd.Timestamp("2026-01-01 00:00:07.25")),
    ]
    log = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"])
    steps = event_log_metrics(log, end_activities=["last"]).steps.set_index("activity")

    df = log.sort_values(["case_id", "timestamp", "activity"], kind="stable")
    gap = (df.groupby("case_id")["timestamp"].shift(-1) - df["timestamp"]).dt.total_seconds()
    by_act = gap.dropna().groupby(df["activity"])
    assert by_act.size().min() == 1 and by_act.size().max() > 500
    assert by_act.nunique().max() <= 12  # many ties
    for q, col in ((0.5, "median_to_next_s"), (0.9, "p90_to_next_s")):
        pandas_q = by_act.quantile(q)  # pandas' default: linear
        numpy_q = by_act.apply(lambda s, q=q: np.quantile(s.to_numpy(), q, method="linear"))
        got = steps.loc[pandas_q.index, col]
        between_runs = pandas_q != by_act.quantile(q, interpolation="lower")
        assert between_runs.sum() >= 3, between_runs.sum()
        np.testing.assert_allclose(got, pandas_q, rtol=1e-12, atol=0)
        np.testing.assert_allclose(got, numpy_q, rtol=1e-12, atol=0)
    assert steps.loc["solo", "median_to_next_s"] == 7.25
    assert np.isnan(steps.loc["last", "median_to_next_s"])
