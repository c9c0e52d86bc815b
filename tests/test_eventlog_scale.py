"""Event-log analyses at scale on DuckDB: the progress bar in notebooks from 10M events, and
variants keyed by hashes (so that they spill) that still tell every path apart."""

import itertools
import sys

import pandas as pd

from cocreate_kit.journey import _source, event_log_metrics


def _setting(con, name):
    return con.execute(f"SELECT current_setting('{name}')").fetchone()[0]


def test_progress_bar_only_for_big_logs_in_a_kernel(monkeypatch):
    con = _source.connect()
    try:
        monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
        assert not _source.show_progress(con, 50_000_000)  # a script or the CLI: no bar
        monkeypatch.setitem(sys.modules, "ipykernel", sys)
        assert not _source.show_progress(con, _source.PROGRESS_ROWS - 1)
        assert _setting(con, "enable_progress_bar") is False
        assert _source.show_progress(con, _source.PROGRESS_ROWS)
        assert _setting(con, "enable_progress_bar") is True
    finally:
        con.close()


def test_variant_keys_tell_orders_repeats_and_lengths_apart():
    """Every order of the same activities is its own path (the key is not a multiset), and
    so are repeats and prefixes; counts and path texts equal a plain join per case."""
    acts = ["apply", "assess", "book", "decide"]
    paths = [list(p) for p in itertools.permutations(acts)]  # 24 orders of one multiset
    paths += [["apply", "apply"], ["apply"], ["apply", "assess"], ["assess", "apply", "apply"]]
    rows = []
    for i, path in enumerate(paths):
        for copy in range(1 + i % 3):  # 1-3 cases per path
            for pos, act in enumerate(path):
                ts = pd.Timestamp("2026-01-01") + pd.Timedelta(hours=pos)
                rows.append((f"c{i}_{copy}", act, ts))
    log = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"])
    got = event_log_metrics(log, end_activities=["decide"]).variants
    want = log.groupby("case_id")["activity"].agg(" > ".join).value_counts()
    assert len(got) == len(paths) == len(want)
    assert dict(zip(got["path"], got["cases"], strict=True)) == want.to_dict()
