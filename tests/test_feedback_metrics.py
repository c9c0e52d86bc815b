"""Survey metrics against hand-worked examples and scipy / statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path
from cocreate_kit.feedback import (
    csat_top2,
    likert,
    load_survey,
    metrics_by_segment,
    nps,
    sus_grade,
    sus_scores,
    sus_summary,
    umux_lite,
)

SUS = [f"sus_{i}" for i in range(1, 11)]


def test_sus_worked_by_hand():
    # Respondent 1: odd items 4 -> 3 each (15), even items 2 -> 3 each (15): 30 * 2.5 = 75.
    # Respondent 2: 5,1,5,1,... -> 4 * 10 = 40 * 2.5 = 100.
    # Respondent 3: 1,5,1,5,... -> 0.  Respondent 4: 3,3,... -> 2 * 10 = 20 * 2.5 = 50.
    # Respondent 5: 4,1,5,2,3,2,4,1,5,2 -> (3+4+4+3+2+3+3+4+4+3) = 33 * 2.5 = 82.5.
    rows = [[4, 2] * 5, [5, 1] * 5, [1, 5] * 5, [3] * 10, [4, 1, 5, 2, 3, 2, 4, 1, 5, 2]]
    s = sus_scores(pd.DataFrame(rows, columns=SUS))
    assert s.tolist() == [75.0, 100.0, 0.0, 50.0, 82.5]
    assert s.attrs["imputed"] == {}


def test_sus_missing_item_scored_3_and_flagged():
    row = [4, 1, 5, 2, 3, 2, 4, 1, 5, None]  # item 10 missing -> 3 -> contributes 2
    s = sus_scores(pd.DataFrame([row, [None] * 10], columns=SUS))
    assert s.iloc[0] == (3 + 4 + 4 + 3 + 2 + 3 + 3 + 4 + 4 + 2) * 2.5
    assert math.isnan(s.iloc[1])
    assert s.attrs["imputed"] == {0: 1}
    summ = sus_summary(s)
    assert summ.n == 1 and any("scored as the neutral answer 3" in w for w in summ.warnings())


def test_sus_summary_matches_scipy_t_interval():
    x = pd.Series([72.5, 85.0, 55.0, 90.0, 67.5, 77.5, 62.5, 80.0])
    r = sus_summary(x)
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert r.mean == pytest.approx(x.mean())
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi))
    assert r.grade == "B-"  # 73.75: at least 72.6 (B-), below 74.1 (B)


def test_sus_grade_boundaries():
    assert [
        sus_grade(v)
        for v in (84.1, 84.0, 80.8, 78.9, 77.2, 74.1, 72.6, 71.1, 65.0, 62.7, 51.7, 51.6)
    ] == ["A+", "A", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"]


def test_nps_worked_by_hand():
    scores = [10, 9, 9, 8, 7, 6, 5, 0, 10, 3, 9, 8]  # 5 promoters, 2 passives, 4 detractors
    r = nps(scores)
    assert (r.promoters, r.passives, r.detractors, r.n) == (5, 3, 4, 12)
    p, d = 5 / 12, 4 / 12
    assert r.value == pytest.approx(100 * (p - d))
    # SE of the mean of +1 / 0 / -1 codes (population variance / n) equals the formula
    codes = np.array([1 if s >= 9 else -1 if s <= 6 else 0 for s in scores])
    assert r.se == pytest.approx(100 * math.sqrt(codes.var() / len(codes)))
    assert r.ci_low == pytest.approx(r.value - stats.norm.ppf(0.975) * r.se)


def test_nps_rejects_out_of_range():
    with pytest.raises(DataError, match="from 0 to 10"):
        nps([3, 11, 8])


def test_umux_lite_by_hand():
    r = umux_lite(pd.DataFrame({"umux_1": [7, 1, 5], "umux_2": [7, 1, 4]}))
    assert r.tolist() == [100.0, 0.0, pytest.approx((4 + 3) * 100 / 12)]


def test_csat_top2_agresti_coull_by_hand():
    x = pd.Series([5, 4, 4, 3, 2, 1, 5, 4, 3, 3])
    r = csat_top2(x)
    k, n, z = 5, 10, stats.norm.ppf(0.975)
    nt = n + z * z
    pt = (k + z * z / 2) / nt
    half = z * math.sqrt(pt * (1 - pt) / nt)
    assert r["top2"] == 0.5 and r["mean"] == 3.4
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((pt - half, pt + half))


@pytest.fixture(scope="module")
def survey():
    return load_survey(dataset_path("feedback/homecare_survey.csv"))


def test_loads_danish_labels(survey):
    d = survey.data
    assert set(d["a11_satisfaction"].dropna().unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    raw = pd.read_csv(dataset_path("feedback/homecare_survey.csv"))
    assert (raw["a11_satisfaction"] == "Ved ikke").sum() == d["a11_satisfaction"].isna().sum()
    assert survey.redaction is not None


def test_metrics_by_segment_suppresses_small_area(survey):
    m = metrics_by_segment(survey, "area", k=5)
    t = m.table.set_index("area")
    assert t.loc["Ø-distriktet", "suppressed"]
    assert t["suppressed"].sum() == 2  # secondary suppression of the next smallest
    assert pd.isna(t.loc["Ø-distriktet", "sus_mean"]) and pd.isna(t.loc["Ø-distriktet", "n"])
    shown = t[~t["suppressed"]]
    assert (shown["n"] >= 5).all()
    # each shown segment's numbers equal a direct computation
    nord = survey.data[survey.data["area"] == "Nord"]
    assert shown.loc["Nord", "sus_mean"] == pytest.approx(sus_scores(nord).mean())
    assert shown.loc["Nord", "nps"] == pytest.approx(nps(nord["nps"]).value)
    html = m.to_html()
    assert "Ø-distriktet" in html  # the label is shown, its values are not
    m10 = metrics_by_segment(survey, "area", k=200)
    assert m10.table["suppressed"].sum() >= 3


def test_likert_order_neutral_split_and_n(survey):
    r = likert(survey)
    net = r.table["net_agreement"].to_numpy()
    assert (np.diff(net) <= 0).all()
    cd = r.chart_data()
    for _, g in cd.groupby("row"):
        g = g.sort_values("level")
        p = g["percent"].to_numpy()
        assert g["start"].iloc[0] == pytest.approx(-(p[0] + p[1] + p[2] / 2))
        neutral = g[g["level"] == 3].iloc[0]
        assert neutral["start"] == pytest.approx(-neutral["end"])  # centred on zero
        assert g["end"].iloc[-1] - g["start"].iloc[0] == pytest.approx(100)
        assert "(n=" in g["row"].iloc[0]
    first = r.table.iloc[0]
    col = survey.data[first["item"]].dropna()
    assert first["n"] == len(col)
    assert first["pct_5"] == pytest.approx(100 * (col == 5).mean())


def test_likert_by_segment_suppression(survey):
    r = likert(survey, by="area", k=5)
    hid = r.table[r.table["area"] == "Ø-distriktet"]
    assert hid["suppressed"].all() and hid["pct_1"].isna().all()
    assert r.table.groupby("item")["suppressed"].sum().ne(1).all()


def test_bad_likert_label_and_missing_sus(tmp_path):
    df = pd.read_csv(dataset_path("feedback/homecare_survey.csv"))
    df.loc[3, "a11_ease"] = "Sometimes"
    df.loc[7, "sus_4"] = 6
    df.loc[9, "nps"] = 12
    p = tmp_path / "bad.csv"
    df.to_csv(p, index=False)
    with pytest.raises(DataError) as e:
        load_survey(p)
    t = e.value.table()
    assert set(t["file"]) == {"bad.csv"}
    rows = {(r.column, r.row, str(r.value).removesuffix(".0")) for r in t.itertuples()}
    assert ("a11_ease", 5, "Sometimes") in rows  # header is row 1, data row 3 -> row 5
    assert ("sus_4", 9, "6") in rows
    assert ("nps", 11, "12") in rows
    assert len(t) == 3
    assert t.loc[t["column"] == "a11_ease", "expected"].str.contains("Helt enig").all()
    df2 = pd.read_csv(dataset_path("feedback/homecare_survey.csv")).drop(columns=["sus_3"])
    with pytest.raises(DataError, match="sus_3"):
        sus_scores(df2)


def test_long_layout_equals_wide(survey):
    raw = pd.read_csv(dataset_path("feedback/homecare_survey.csv")).head(40)
    items = [*SUS, "nps"]
    long = raw.melt(id_vars=["respondent_id", "role"], value_vars=items, var_name="item")
    s_long = load_survey(long, layout="long", segments=["role"], text=[])
    s_wide = load_survey(raw[["respondent_id", "role", *items]], segments=["role"], text=[])
    a = sus_scores(s_long.data.set_index("respondent_id"))
    b = sus_scores(s_wide.data.set_index("respondent_id"))
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index())


def test_import_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, cocreate_kit.feedback, cocreate_kit.privacy; "
        "print(sorted(m for m in ('sklearn', 'ipywidgets', 'voila', 'altair', 'scipy') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
