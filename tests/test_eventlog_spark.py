"""Event-log metrics on Apache Spark (local[2]) equal DuckDB's, from the same SQL source.

One DuckDB-dialect definition (``journey.event_log_sql``), transpiled by sqlglot for Spark:
the per-activity table, the variants and the totals must be identical on the hand-computed
logs (loops, ties, an open case, single-event cases), random logs full of ties, both
tie-breaks (``"file"`` included), explicit end activities, UTC offsets across DST, and the
bundled sample log read as a Spark table by name.
"""

import pandas as pd
import pytest

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path
from cocreate_kit.journey import event_log_metrics, event_log_sql
from tests.test_journey_eventlog import EXPECTED_STEPS, EXPECTED_VARIANTS, HAND, _random_log
from tests.test_journey_eventlog_formats import DST, TIES

pytestmark = pytest.mark.spark


def _sdf(spark, frame):
    """A Spark DataFrame of ``frame``'s rows (from records: pyspark 4.x warns on pandas 3)."""
    return spark.createDataFrame(list(frame.itertuples(index=False)), schema=list(frame.columns))


def _totals(m):
    return {
        "n_cases": m.n_cases,
        "n_events": m.n_events,
        "completed": m.completed,
        "rework_cases": m.rework_cases,
        "end_activities": m.end_activities,
        "tied_events": m.tied_events,
        "warnings": m.warnings(),
    }


def _same(duck, spark):
    pd.testing.assert_frame_equal(spark.steps, duck.steps)
    pd.testing.assert_frame_equal(spark.variants, duck.variants)
    assert _totals(spark) == _totals(duck)


def test_hand_log_identical_and_as_computed_by_hand(spark):
    sdf = _sdf(spark, HAND)
    m = event_log_metrics(sdf)  # a Spark DataFrame selects the Spark engine
    pd.testing.assert_frame_equal(m.steps, EXPECTED_STEPS)
    pd.testing.assert_frame_equal(m.variants, EXPECTED_VARIANTS)
    _same(event_log_metrics(HAND), m)
    ends = ["decide", "apply"]
    _same(
        event_log_metrics(HAND, end_activities=ends),
        event_log_metrics(sdf, end_activities=ends, engine="spark"),
    )
    assert spark.catalog.listTables() == []  # its temporary views are dropped


@pytest.mark.parametrize("seed", [1, 2])
def test_random_logs_with_many_ties(spark, seed):
    log = _random_log(seed)
    _same(event_log_metrics(log), event_log_metrics(_sdf(spark, log)))


def test_tie_breaks_and_tie_warning(spark):
    sdf = _sdf(spark, TIES).coalesce(1)
    for tie_break in ("activity", "file"):
        duck = event_log_metrics(TIES, tie_break=tie_break)
        _same(duck, event_log_metrics(sdf, tie_break=tie_break))
    by_file = event_log_metrics(sdf, tie_break="file")
    assert "Create Fine > Send Fine > Payment" in set(by_file.variants["path"])
    assert by_file.tied_events == 4


def test_utc_offsets_and_table_name(spark):
    dst = pd.DataFrame(DST, columns=["case_id", "activity", "timestamp"])
    m = event_log_metrics(_sdf(spark, dst))
    _same(event_log_metrics(dst), m)
    assert m.steps.set_index("activity").loc["register", "median_to_next_s"] == 63000.0
    sample = pd.read_csv(dataset_path("journey/home_care_events.csv"))
    _sdf(spark, sample).createOrReplaceTempView("home_care_events")
    try:
        _same(
            event_log_metrics(sample),
            event_log_metrics("home_care_events", engine="spark"),
        )
    finally:
        spark.catalog.dropTempView("home_care_events")


def test_users_own_views_are_neither_read_nor_replaced(spark):
    """The kit's temporary views have names unique to the call: a user's ``events``,
    ``ordered`` or ``trial`` view survives an analysis unchanged, and none of the kit's is
    left behind."""
    other = pd.DataFrame({"case_id": ["z"], "activity": ["mine"], "timestamp": ["2026-01-01"]})
    for name in ("events", "ordered", "per_case", "__events_src", "trial"):
        _sdf(spark, other).createOrReplaceTempView(name)
    try:
        _same(event_log_metrics(HAND), event_log_metrics(_sdf(spark, HAND)))
        for name in ("events", "ordered", "per_case", "__events_src", "trial"):
            assert [tuple(r) for r in spark.table(name).collect()] == [("z", "mine", "2026-01-01")]
        left = {t.name for t in spark.catalog.listTables()}
        assert left == {"events", "ordered", "per_case", "__events_src", "trial"}
    finally:
        for name in ("events", "ordered", "per_case", "__events_src", "trial"):
            spark.catalog.dropTempView(name)


def test_bad_values_are_one_data_error(spark):
    log = HAND.copy()
    log.loc[2, "activity"] = " "
    log.loc[4, "timestamp"] = "yesterday"
    with pytest.raises(DataError) as err:
        event_log_metrics(_sdf(spark, log))
    found = {(p.column, p.value) for p in err.value.problems}
    assert found == {("activity", "1 rows (' ')"), ("timestamp", "1 rows ('yesterday')")}


def test_generated_sql_for_other_engines():
    for dialect in ("spark", "bigquery", "snowflake", "postgres"):
        sql = event_log_sql("events", dialect=dialect)
        assert "APPROX" not in sql["steps"].upper(), dialect
    # whole seconds (UNIX_TIMESTAMP, TIME_TO_UNIX) would lose sub-second gaps
    for dialect in ("spark", "bigquery", "snowflake"):
        assert "EPOCH" not in event_log_sql(dialect=dialect)["steps"].upper(), dialect
    assert "PERCENTILE" not in event_log_sql(dialect="spark")["steps"]
    assert "DATE_DIFF(next_ts, ts, MICROSECOND)" in event_log_sql(dialect="bigquery")["steps"]


def test_duckdb_only_analyses_refuse_a_spark_frame_plainly(spark, tmp_path):
    """The stage funnel runs on DuckDB: a Spark DataFrame gets one plain TypeError that
    names the way through (event_log_metrics on Spark, or a Parquet file), never an error
    from deep inside DuckDB; the Parquet file Spark writes gives DuckDB's funnel."""
    from cocreate_kit.journey import Journey, Stage, Step, stage_funnel

    stages = (Stage("s1", 1, "Ask"), Stage("s2", 2, "Get"))
    keys = {"a": ("s1", "apply"), "d": ("s2", "decide")}
    steps = tuple(Step(k, s, 1, k.upper(), activity_keys=(a,)) for k, (s, a) in keys.items())
    j = Journey("j", "t", "s", "as_is", stages=stages, steps=steps)
    sdf = _sdf(spark, HAND)
    for call in (
        lambda: stage_funnel(sdf, j, end_activities=["decide"]),
        lambda: event_log_metrics(sdf, engine="duckdb"),
    ):
        with pytest.raises(TypeError, match=r"runs on DuckDB.*engine='spark'.*Parquet"):
            call()
    path = tmp_path / "log.parquet"
    sdf.coalesce(1).write.parquet(str(path))
    (part,) = path.glob("part-*.parquet")
    pd.testing.assert_frame_equal(
        stage_funnel(part, j, end_activities=["decide"]),
        stage_funnel(HAND, j, end_activities=["decide"]),
    )
