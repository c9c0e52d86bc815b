"""Agreement and coding sheets against sklearn, the krippendorff package and Krippendorff's
published example."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path
from cocreate_kit.feedback import (
    agreement,
    coding_agreement,
    load_codebook,
    load_coding_sheet,
)

N = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units, values 1-5, with missing values. Published: nominal alpha = 0.743.
KRIPP_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ]
)


def _long(matrix: np.ndarray) -> pd.DataFrame:
    rows = []
    for c, coder in enumerate(matrix):
        for u, v in enumerate(coder):
            if not np.isnan(v):
                rows.append({"unit": u + 1, "coder": f"c{c}", "code": v})
    return pd.DataFrame(rows)


def test_published_example_nominal():
    r = agreement(_long(KRIPP_2011))
    assert round(r.value, 3) == 0.743
    assert r.n_units == 11  # unit 12 has a single value and is not pairable
    assert r.n_coders == 4


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_levels_match_krippendorff_package(level):
    ours = agreement(_long(KRIPP_2011), measurement=level, n_boot=0).value
    ref = krippendorff.alpha(reliability_data=KRIPP_2011, level_of_measurement=level)
    assert ours == pytest.approx(ref, abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_data_with_missing_matches_package(seed):
    rng = np.random.default_rng(seed)
    m = rng.integers(1, 6, (5, 40)).astype(float)
    m[rng.random(m.shape) < 0.2] = np.nan
    for level in ("nominal", "ordinal", "interval"):
        ours = agreement(_long(m), measurement=level, n_boot=0).value
        ref = krippendorff.alpha(reliability_data=m, level_of_measurement=level)
        assert ours == pytest.approx(ref, abs=1e-10)


def test_cohen_matches_sklearn():
    rng = np.random.default_rng(5)
    a = rng.choice(list("xyz"), 60)
    b = np.where(rng.random(60) < 0.7, a, rng.choice(list("xyz"), 60))
    d = pd.DataFrame(
        {
            "unit": np.r_[np.arange(60), np.arange(60)],
            "coder": ["A"] * 60 + ["B"] * 60,
            "code": np.r_[a, b],
        }
    )
    r = agreement(d, method="cohen")
    assert r.value == pytest.approx(cohen_kappa_score(a, b))
    per = r.per_code.set_index("code")
    for c in "xyz":
        assert per.loc[c, "value"] == pytest.approx(cohen_kappa_score(a == c, b == c))


def test_per_code_is_binary_alpha():
    r = agreement(_long(KRIPP_2011), n_boot=0)
    for _, row in r.per_code.iterrows():
        binary = np.where(np.isnan(KRIPP_2011), np.nan, (KRIPP_2011 == row["code"]) * 1.0)
        ref = krippendorff.alpha(reliability_data=binary, level_of_measurement="nominal")
        assert row["value"] == pytest.approx(ref)


def test_bootstrap_interval_is_seeded_and_brackets_value():
    d = _long(np.random.default_rng(9).integers(1, 4, (3, 80)).astype(float))
    a = agreement(d, seed=3, n_boot=400)
    b = agreement(d, seed=3, n_boot=400)
    c = agreement(d, seed=4, n_boot=400)
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert (a.ci_low, a.ci_high) != (c.ci_low, c.ci_high)
    assert a.ci_low <= a.value <= a.ci_high


def test_column_names_are_overridable():
    d = _long(KRIPP_2011).rename(columns={"unit": "seg", "coder": "who", "code": "tag"})
    assert round(agreement(d, unit="seg", coder="who", code="tag").value, 3) == 0.743


def test_bad_agreement_input():
    d = _long(KRIPP_2011)
    dup = pd.concat([d, d.iloc[[0]]], ignore_index=True)
    with pytest.raises(DataError, match="one row per unit and coder"):
        agreement(dup)
    with pytest.raises(DataError, match="exactly two coders"):
        agreement(d, method="cohen")
    bad = d.astype({"code": object})
    bad.loc[2, "code"] = "high"
    with pytest.raises(DataError, match="needs numeric codes"):
        agreement(bad, measurement="interval")


@pytest.fixture(scope="module")
def sheet():
    cb = load_codebook(dataset_path("feedback/codebook.csv"))
    return load_coding_sheet(dataset_path("feedback/coding_sheet.csv"), cb)


def test_coding_agreement_per_code_matches_package(sheet):
    r = coding_agreement(sheet, n_boot=100)
    pres = sheet.presence()
    for _, row in r.per_code.iterrows():
        g = pres[pres["code"] == row["code"]]
        m = g.pivot(index="segment", columns="coder", values="applied")[sheet.coders]
        if m.nunique().max() < 2 and len(np.unique(m.to_numpy())) < 2:
            assert np.isnan(row["value"])  # code never (or always) used: undefined
            continue
        ref = krippendorff.alpha(
            reliability_data=m.to_numpy(float).T, level_of_measurement="nominal"
        )
        assert row["value"] == pytest.approx(ref)
    pres = pres[pres["code"].isin(set(sheet.data["code"]))]  # codes nobody used are left out
    pooled = pres.assign(u=pres["segment"] + "|" + pres["code"]).pivot(
        index="u", columns="coder", values="applied"
    )
    assert r.value == pytest.approx(
        krippendorff.alpha(
            reliability_data=pooled.to_numpy(float).T, level_of_measurement="nominal"
        )
    )
    k = coding_agreement(sheet, method="cohen", n_boot=50)
    assert k.value == pytest.approx(cohen_kappa_score(pooled["AK"], pooled["MB"]))


def test_cooccurrence_frequencies_and_disagreements(sheet):
    co = sheet.cooccurrence()
    assert (co.to_numpy() == co.to_numpy().T).all()
    freq = sheet.frequencies().set_index("code")["segments"]
    for c in freq.index:
        assert co.loc[c, c] == freq[c]
    d = sheet.data
    sets = d.groupby(["segment", "coder"])["code"].apply(frozenset).unstack()
    expected = int((sets["AK"] != sets["MB"]).sum())
    dis = sheet.disagreements()
    assert len(dis) == expected
    assert {"segment", "text", "AK", "MB", "only_some"} <= set(dis.columns)


def test_frequencies_by_survey_segment_are_suppressed(sheet):
    from cocreate_kit.feedback import load_survey

    s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    t = sheet.frequencies("area", survey=s, k=5)
    vals = t.to_numpy()
    assert not ((vals > 0) & (vals < 5)).any()


def test_inconsistent_coder_ids_and_unknown_codes(tmp_path):
    df = pd.read_csv(dataset_path("feedback/coding_sheet.csv"))
    df.loc[4, "coder"] = "ak"
    df.loc[6, "coder"] = "M.B."
    df.loc[8, "code"] = "rudeness"
    p = tmp_path / "sheet.csv"
    df.to_csv(p, index=False)
    cb = load_codebook(dataset_path("feedback/codebook.csv"))
    with pytest.raises(DataError) as e:
        load_coding_sheet(p, cb)
    t = e.value.table()
    assert set(t["file"]) == {"sheet.csv"}
    got = {(r.row, r.column, r.value) for r in t.itertuples()}
    assert (6, "coder", "ak") in got and (8, "coder", "M.B.") in got
    assert (10, "code", "rudeness") in got
    assert t.loc[t["value"] == "ak", "expected"].str.contains("'AK'").all()
    with pytest.raises(DataError, match="one of the coder ids"):
        load_coding_sheet(dataset_path("feedback/coding_sheet.csv"), coders=["AK"])


def test_codebook_errors():
    bad = pd.DataFrame(
        {
            "code": ["a", "b", "b", "c"],
            "parent": ["", "a", "", "zz"],
            "color": ["#fff", "red", "", ""],
        }
    )
    with pytest.raises(DataError) as e:
        load_codebook(bad)
    msgs = str(e.value)
    assert "not used in an earlier row" in msgs and "'zz'" in msgs and "'red'" in msgs
    cyc = pd.DataFrame({"code": ["a", "b"], "parent": ["b", "a"]})
    with pytest.raises(DataError, match="cycle"):
        load_codebook(cyc)
