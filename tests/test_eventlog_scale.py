"""Event-log analyses at scale on DuckDB: the progress bar in notebooks from 10M events."""

import sys

from cocreate_kit.journey import _source


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
