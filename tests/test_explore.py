"""The explorer's aggregation, checked against an independent row-by-row computation."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import numpy as np
import pytest

from cocreate_kit import DataError
from cocreate_kit.apps.explorer import explorer_app
from cocreate_kit.datasets import dataset_path
from cocreate_kit.explore import (
    ALL_CHANNELS,
    MEASURES,
    Exploration,
    channels,
    explore,
    load_visits,
    measure_options,
)
from cocreate_kit.i18n import fmt_month

PATH = dataset_path("explorer_visits.csv")


def _reference(measure: str, channel: str) -> dict[str, float]:
    """Read the CSV with the csv module and aggregate by hand (no pandas)."""
    values: dict[str, list[float]] = defaultdict(list)
    weights: dict[str, list[float]] = defaultdict(list)
    with open(PATH, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if channel != ALL_CHANNELS and row["channel"] != channel:
                continue
            values[row["month"]].append(float(row[measure]))
            weights[row["month"]].append(float(row["contacts"]))
    if MEASURES[measure][1] == "sum":
        return {m: float(sum(v)) for m, v in values.items()}
    return {m: float(np.average(values[m], weights=weights[m])) for m in values}


@pytest.fixture(scope="module")
def visits():
    return load_visits(PATH)


@pytest.mark.parametrize("measure", list(MEASURES))
@pytest.mark.parametrize("channel", [ALL_CHANNELS, "Web", "In person"])
def test_aggregation_matches_reference(visits, measure, channel) -> None:
    ex = explore(visits, measure=measure, channel=channel)
    ref = _reference(measure, channel)
    assert ex.monthly["month"].tolist() == sorted(ref)
    np.testing.assert_allclose(
        ex.monthly[measure].to_numpy(), [ref[m] for m in sorted(ref)], rtol=1e-12
    )


def test_weighted_mean_is_not_the_plain_mean(visits) -> None:
    """Combining channels weights by contacts (a letter is not worth a web visit)."""
    ex = explore(visits, measure="handling_minutes")
    jan = visits[visits["month"] == "2026-01"]
    plain = jan["handling_minutes"].mean()
    assert ex.monthly.loc[0, "handling_minutes"] != pytest.approx(plain, rel=1e-3)


def test_summary_states_computed_numbers(visits) -> None:
    ex = explore(visits, measure="contacts", channel="Phone")
    ref = _reference("contacts", "Phone")
    hi = max(ref, key=ref.get)
    lo = min(ref, key=ref.get)
    s = ex.summary()
    assert f"totalled {sum(ref.values()):,.0f} over 12 months" in s
    assert f"highest month was {fmt_month(hi)} ({ref[hi]:,.0f})" in s
    assert f"lowest {fmt_month(lo)} ({ref[lo]:,.0f})" in s


def test_bad_choices_are_clear_errors(visits) -> None:
    with pytest.raises(ValueError, match="Unknown measure 'visits'; choose one of: contacts"):
        explore(visits, measure="visits")
    with pytest.raises(ValueError, match="Unknown channel 'Fax'"):
        explore(visits, channel="Fax")


def test_bad_file_lists_every_problem(tmp_path) -> None:
    bad = tmp_path / "visits.csv"
    bad.write_text(
        "month,channel,contacts,handling_minutes,satisfied_share,cost_dkk\n"
        "2026-01,Web,-3,5,0.8,10\n2026-02,Web,4,x,1.7,10\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        load_visits(bad)
    text = str(info.value)
    assert "3 problems" in text
    assert "'contacts'" in text and "'handling_minutes'" in text and "'satisfied_share'" in text


def test_app_output_follows_the_controls(visits) -> None:
    app = explorer_app(visits)
    first = app.html()
    assert 'role="img"' in first and explore(visits).summary() in first
    app.controls["measure"].value = "cost_dkk"
    app.controls["channel"].value = "Letter"
    second = app.html()
    assert second != first and "Letter: the cost totalled" in second


def test_chart_spec_plots_the_monthly_values(visits) -> None:
    ex = explore(visits, measure="satisfied_share", channel="Web")
    spec = ex.chart().chart.to_dict()
    assert spec["encoding"]["y"]["field"] == "satisfied_share"
    assert spec["encoding"]["y"]["title"] == "Share of satisfied users"
    assert spec["encoding"]["x"]["field"] == "month"
    rows = [r for rs in spec["datasets"].values() for r in rs]
    assert [r["satisfied_share"] for r in rows] == ex.monthly["satisfied_share"].tolist()


def test_app_choices_come_from_the_module(visits) -> None:
    app = explorer_app(visits)
    assert [value for _, value in app.controls["channel"].options] == channels(visits)
    assert channels(visits)[0] == ALL_CHANNELS
    assert sorted(channels(visits)[1:]) == sorted(set(visits["channel"].astype(str)))
    assert dict(app.controls["measure"].options) == measure_options()
    assert set(measure_options().values()) == set(MEASURES)


def test_exploration_is_a_frozen_record(visits) -> None:
    ex = explore(visits, measure="handling_minutes", channel="Phone")
    assert isinstance(ex, Exploration)
    with pytest.raises(AttributeError, match="frozen"):
        ex.measure = "contacts"
    record = json.loads(ex.to_json())
    assert record["type"] == "Exploration" and record["summary"] == ex.summary()
    assert record["measure"] == "handling_minutes" and record["channel"] == "Phone"
    assert [r["handling_minutes"] for r in record["monthly"]] == pytest.approx(
        ex.monthly["handling_minutes"].tolist()
    )
    assert json.loads(json.dumps(record, allow_nan=False)) == record
    assert "Exploration" in repr(ex)
