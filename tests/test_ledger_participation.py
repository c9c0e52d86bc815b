"""Who took part: population tables, representativeness and quotas (issue 10, item 5).

Figures are checked against scipy (``chisquare``; an exact multinomial test computed here by
brute-force enumeration with ``scipy.stats.multinomial.pmf``) and by hand (D, ratios).
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cocreate_kit import DataError
from cocreate_kit.datasets import dataset_path
from cocreate_kit.ledger import (
    Population,
    Representativeness,
    quotas,
    read_population,
    representativeness,
    write_quotas,
)
from cocreate_kit.ledger._gof import goodness_of_fit, pick_method
from cocreate_kit.ledger._model import SEXES

HEADER = "OMRÅDE;KØN;ALDER;TID;INDHOLD"

#: (area, sex, age, quarter) -> count; ".." cells and totals added by _folk1a_rows.
CELLS = {
    ("Nord", "Mænd", "17 år"): 50,
    ("Nord", "Mænd", "18 år"): 100,
    ("Nord", "Mænd", "45 år"): 200,
    ("Nord", "Mænd", "100 år+"): 7,
    ("Nord", "Kvinder", "18 år"): 110,
    ("Nord", "Kvinder", "45 år"): 190,
    ("Nord", "Kvinder", "100 år+"): 13,
    ("Syd", "Mænd", "18 år"): 80,
    ("Syd", "Mænd", "45 år"): 300,
    ("Syd", "Kvinder", "18 år"): 70,
    ("Syd", "Kvinder", "45 år"): 290,
    ("Syd", "Kvinder", "100 år+"): 20,
}


def _folk1a_rows() -> list[str]:
    rows = [HEADER]
    for quarter, factor in (("2025K4", 1), ("2026K1", 2)):
        for (area, sex, age), n in CELLS.items():
            rows.append(f"{area};{sex};{age};{quarter};{n * factor}")
        # a confidential cell (never 0), StatBank's nil "-" and totals of every kind
        rows.append(f"Syd;Mænd;100 år+;{quarter};..")
        rows.append(f"Hele landet;I alt;Alder i alt;{quarter};999999")
        rows.append(f"Nord;I alt;18 år;{quarter};888")
        rows.append(f"Syd;Kvinder;Alder i alt;{quarter};777")
    rows.append("Syd;Kvinder;70 år;2026K1;-")
    return rows


def _write(path, rows, encoding="utf-8-sig"):
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return path


def _expected(quarter_factor=2):
    """Marginal counts by hand for the fixture (17 år is outside the bands)."""
    area = {"Nord": 100 + 200 + 7 + 110 + 190 + 13, "Syd": 80 + 300 + 70 + 290 + 20}
    sex = {"female": 110 + 190 + 13 + 70 + 290 + 20, "male": 100 + 200 + 7 + 80 + 300}
    age = {"18-29": 100 + 110 + 80 + 70, "30-49": 200 + 190 + 300 + 290, "65-79": 0}
    age["80+"] = 7 + 13 + 20
    mult = {
        k: {c: n * quarter_factor for c, n in v.items()}
        for k, v in {"area": area, "sex": sex, "age_band": age}.items()
    }
    return mult


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "latin-1", "cp1252"])
def test_folk1a_fixture_is_read_in_every_encoding(tmp_path, encoding):
    path = _write(tmp_path / "folk1a.csv", _folk1a_rows(), encoding)
    before = path.read_bytes()
    pop = read_population(path)
    assert path.read_bytes() == before  # input never modified
    assert pop.format == "statbank"
    assert pop.periods == ["2025K4", "2026K1"]
    assert pop.period == "2026K1"  # the latest quarter by default
    assert pop.dimensions == ["area", "sex", "age_band"]
    for dim, counts in _expected().items():
        got = pop.table[pop.table["dimension"] == dim].set_index("category")["count"]
        want = {c: n for c, n in counts.items() if c in got.index}
        assert got.to_dict() == pytest.approx(want), dim
        total = sum(want.values())
        assert pop.shares(dim).to_dict() == pytest.approx({c: n / total for c, n in want.items()})
    # band order, not file order; "50-64" has nobody in the file, so it is absent
    assert pop.shares("age_band").index.tolist() == ["18-29", "30-49", "65-79", "80+"]
    assert pop.shares("sex").index.tolist() == ["female", "male"]


def test_confidential_cells_are_missing_not_zero_and_reported(tmp_path):
    pop = read_population(_write(tmp_path / "f.csv", _folk1a_rows()))
    text = " ".join(pop.warnings())
    # the ".." row of 2026K1 is data row 18 of the file (header is row 1)
    rows = _folk1a_rows()
    line = next(i for i, r in enumerate(rows) if r.endswith("2026K1;..")) + 1
    assert f"rows {line})" in text and "not counted as 0" in text
    assert "17 år" in text  # ages outside the bands are said to be left out
    # the nil cell "-" is a real 0: 65-79 exists with count 0
    assert pop.table.set_index(["dimension", "category"]).loc[("age_band", "65-79"), "count"] == 0


def test_period_can_be_chosen_and_must_exist(tmp_path):
    path = _write(tmp_path / "f.csv", _folk1a_rows())
    pop = read_population(path, period="2025K4")
    assert pop.table.set_index(["dimension", "category"]).loc[("area", "Nord"), "count"] == 620
    with pytest.raises(DataError) as err:
        read_population(path, period="2024K1")
    assert "2025K4, 2026K1" in str(err.value)


def test_age_groups_and_custom_bands(tmp_path):
    rows = [HEADER] + [
        "Hele landet;Mænd;18-19 år;2025;10",
        "Hele landet;Mænd;20-24 år;2025;30",
        "Hele landet;Mænd;25-29 år;2025;60",
        "Hele landet;Mænd;30-39 år;2025;100",
    ]
    pop = read_population(_write(tmp_path / "g.csv", rows), bands=["18-24", "25-39"])
    assert pop.shares("age_band").to_dict() == pytest.approx({"18-24": 0.2, "25-39": 0.8})
    assert pop.dimensions == ["sex", "age_band"]  # "Hele landet" only: no area dimension
    assert pop.period == "2025"
    with pytest.raises(DataError) as err:
        read_population(_write(tmp_path / "h.csv", rows), bands=["18-21", "22-39"])
    (problem,) = err.value.problems
    assert problem.row == 3 and problem.column == "ALDER" and problem.value == "20-24 år"
    assert "inside one band" in problem.expected


def test_overlapping_age_labels_are_refused(tmp_path):
    rows = [
        HEADER,
        "Nord;Mænd;18 år;2025;10",
        "Nord;Mænd;18-19 år;2025;30",
        "Nord;Kvinder;18 år;2025;10",
    ]
    with pytest.raises(DataError) as err:
        read_population(_write(tmp_path / "o.csv", rows))
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "ALDER", "18-19 år")


def test_english_statbank_labels(tmp_path):
    rows = [
        "REGION;SEX;AGE;TIME;INDHOLD",
        "All Denmark;Men;30 years;2025Q1;40",
        "All Denmark;Women;30 years;2025Q1;60",
        "All Denmark;Total;30 years;2025Q1;100",
    ]
    pop = read_population(_write(tmp_path / "e.csv", rows))
    assert pop.shares("sex").to_dict() == pytest.approx({"female": 0.6, "male": 0.4})


def test_bad_statbank_file_lists_every_problem(tmp_path):
    rows = [
        HEADER,
        "Nord;Mænd;18 år;2026K1;10",
        "Nord;Andet;18 år;2026K1;10",  # row 3: unknown sex
        "Nord;Kvinder;gammel;2026K1;10",  # row 4: not an age
        "Nord;Kvinder;30 år;2026K1;abc",  # row 5: not a count
        "Nord;Kvinder;31 år;2026K1;-4",  # row 6: negative
        "Nord;Mænd;18 år;2026K1;12",
    ]  # row 7: duplicate of row 2
    with pytest.raises(DataError) as err:
        read_population(_write(tmp_path / "bad.csv", rows))
    got = {(p.row, p.column, p.value) for p in err.value.problems}
    assert got == {
        (3, "KØN", "Andet"),
        (4, "ALDER", "gammel"),
        (5, "INDHOLD", "abc"),
        (6, "INDHOLD", "-4"),
        (7, None, "Nord / Mænd / 18 år"),
    }
    assert {p.file for p in err.value.problems} == {"bad.csv"}
    assert all(len(p.expected) > 10 for p in err.value.problems)


def test_plain_shares_csv(tmp_path):
    path = tmp_path / "shares.csv"
    path.write_text(
        "dimension,category,share\nsex,female,0.51\nsex,male,0.49\narea,Nord,0.25\narea,Syd,0.75\n",
        encoding="utf-8",
    )
    pop = read_population(path)
    assert pop.format == "shares" and pop.dimensions == ["sex", "area"]
    assert pop.shares("area").to_dict() == {"Nord": 0.25, "Syd": 0.75}
    assert pop.table["count"].isna().all()
    counts = tmp_path / "counts.csv"
    counts.write_text("dimension;category;count\nsex;Kvinder;300\nsex;Mænd;100\n", encoding="utf-8")
    assert read_population(counts).shares("sex").to_dict() == {"female": 0.75, "male": 0.25}


def test_plain_shares_errors(tmp_path):
    path = tmp_path / "bad_shares.csv"
    path.write_text(
        "dimension,category,share\nsex,female,0.5\nsex,male,-0.5\n"
        "area,Nord,0.5\narea,Syd,x\narea,Syd,0.5\n,Øst,0.1\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        read_population(path)
    got = {(p.row, p.column, str(p.value)) for p in err.value.problems}
    assert got == {
        (3, "share", "-0.5"),
        (5, "share", "x"),
        (6, "category", "Syd"),
        (7, "dimension", ""),
    }
    # sums are checked once the rows are clean; percentages get a hint
    path.write_text(
        "dimension,category,share\nsex,female,51\nsex,male,49\narea,Nord,0.5\narea,Syd,0.4\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as err:
        read_population(path)
    first, second = err.value.problems
    assert first.value == pytest.approx(100) and "percentages: divide by 100" in first.expected
    assert second.value == pytest.approx(0.9) and "'area' summing to 1" in second.expected
    assert "percentages" not in second.expected


def test_unknown_format_is_one_clear_error(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="INDHOLD"):
        read_population(path)


# --------------------------------------------------------------------------------------
# representativeness
# --------------------------------------------------------------------------------------


def _pop(**dims):
    rows = [(d, c, s) for d, shares in dims.items() for c, s in shares.items()]
    return read_population(pd.DataFrame(rows, columns=["dimension", "category", "share"]))


def _people(column, values, role="citizen"):
    return pd.DataFrame(
        {"id": [f"p{i}" for i in range(len(values))], "role": role, "consent": True, column: values}
    )


def _brute_exact(obs, p):
    """Exact multinomial p-value by enumerating every table with scipy's pmf."""
    n, m = sum(obs), len(obs)
    p_obs = stats.multinomial.pmf(obs, n, p)
    total = 0.0
    for x in itertools.product(range(n + 1), repeat=m - 1):
        if sum(x) <= n:
            pr = stats.multinomial.pmf([*x, n - sum(x)], n, p)
            total += pr if pr <= p_obs * (1 + 1e-7) else 0.0
    return total


def test_shares_ratios_and_d_by_hand():
    pop = _pop(age_band={"18-29": 0.2, "30-49": 0.3, "50-64": 0.3, "80+": 0.2})
    people = _people("age_band", ["18-29"] * 6 + ["30-49"] * 6 + ["50-64"] * 8)
    r = representativeness(people, pop, by=["age_band"], k=1)
    t = r.table.set_index("category")
    s = {"18-29": 0.3, "30-49": 0.3, "50-64": 0.4, "80+": 0.0}
    assert t["share"].to_dict() == pytest.approx(s)
    assert t["ratio"].to_dict() == pytest.approx(
        {"18-29": 1.5, "30-49": 1.0, "50-64": 4 / 3, "80+": 0.0}
    )
    # D = (|.3-.2| + 0 + |.4-.3| + |0-.2|) / 2 = 0.2
    assert r.tests.loc[0, "D"] == pytest.approx(0.2)
    assert (
        "Citizens aged 80+ were under-represented: 0% of participants, 20% of the "
        "population." in r.summary()
    )


def test_exact_test_matches_brute_force_enumeration():
    p = [0.2, 0.3, 0.3, 0.2]
    for obs in ([6, 6, 8, 0], [1, 2, 3, 2], [0, 0, 0, 5]):
        got = goodness_of_fit(np.array(obs), np.array(p), method="exact")
        assert got["method"] == "exact"
        assert got["p_value"] == pytest.approx(_brute_exact(obs, p), rel=1e-9)
        assert got["statistic"] == pytest.approx(
            stats.chisquare(obs, np.multiply(sum(obs), p)).statistic
        )


def test_auto_rule_and_chisquare_matches_scipy():
    p = np.array([0.2, 0.33, 0.24, 0.17, 0.06])
    for n in (8, 15, 30):
        assert pick_method(n, n * p) == "exact"
    assert pick_method(100, 100 * p) == "chi_square"  # 4.6 million tables, all expected >= 5
    assert pick_method(60, 60 * np.array([0.02] * 10 + [0.8])) == "monte_carlo"
    obs = np.array([30, 60, 50, 40, 20])
    got = goodness_of_fit(obs, p)
    want = stats.chisquare(obs, obs.sum() * p)
    assert got["method"] == "chi_square"
    assert got["p_value"] == pytest.approx(want.pvalue, rel=1e-12)
    assert got["statistic"] == pytest.approx(want.statistic, rel=1e-12)


def test_monte_carlo_agrees_with_exact_within_its_se_and_is_seeded():
    p = np.array([0.2, 0.3, 0.3, 0.2])
    obs = np.array([1, 2, 6, 1])
    exact = goodness_of_fit(obs, p, method="exact")["p_value"]
    mc = goodness_of_fit(obs, p, method="monte_carlo", n_sim=20_000, seed=3)
    assert mc["method"] == "monte_carlo" and 0 < mc["mc_se"] < 0.01
    assert abs(mc["p_value"] - exact) < 4 * mc["mc_se"]
    assert goodness_of_fit(obs, p, method="monte_carlo", seed=3) == goodness_of_fit(
        obs, p, method="monte_carlo", seed=3
    )


def test_monte_carlo_in_the_summary_and_ties_named():
    areas = {f"A{i}": 0.05 for i in range(1, 12)} | {"A0": 0.45}
    pop = _pop(area=areas)
    people = _people("area", ["A0"] * 50 + ["A1"] * 30)
    r = representativeness(people, pop, by=["area"], k=1)
    assert r.tests.loc[0, "method"] == "monte_carlo" and r.tests.loc[0, "mc_se"] > 0
    text = r.summary()
    assert "Monte Carlo test p < 0.001, simulation SE below 0.001" in text
    assert (
        "A2 were under-represented: 0% of participants, 5% of the population (also "
        "under-represented: A3, A4, A5, A6 and 5 more)." in text
    )


def test_nobody_of_the_role():
    r = representativeness(
        _people("sex", ["male"], role="staff"), _pop(sex={"male": 1.0}), by=["sex"]
    )
    assert r.n == 0 and "not assessed" in r.summary()
    assert "<figure" in r.to_html() and json.loads(r.to_json())["n"] == 0


def test_not_recorded_and_outside_are_counted_not_dropped():
    pop = _pop(area={"Nord": 0.5, "Syd": 0.5})
    people = _people("area", ["Nord"] * 6 + ["Syd"] * 6 + [None] * 5 + ["Mars"] * 5)
    r = representativeness(people, pop, by=["area"], k=5)
    t = r.table.set_index("category")["participants"]
    assert t.to_dict() == {"Nord": 6, "Syd": 6, "not recorded": 5, "not in the population": 5}
    assert r.tests.loc[0, "n"] == 12 and r.n == 22
    assert "5 with no area recorded" in " ".join(r.warnings())


def test_participants_without_consent_are_left_out():
    pop = _pop(sex={"female": 0.5, "male": 0.5})
    people = _people("sex", ["female"] * 10 + ["male"] * 10)
    people["consent"] = [True] * 17 + [False] * 3
    r = representativeness(people, pop, by=["sex"])
    assert r.n == 17 and r.table.set_index("category")["participants"]["male"] == 7
    assert "fewer than 5 citizens without consent" in " ".join(r.warnings())


def test_role_filter():
    pop = _pop(sex={"female": 0.5, "male": 0.5})
    people = pd.concat([_people("sex", ["female"] * 10), _people("sex", ["male"] * 30, "staff")])
    assert representativeness(people, pop, by=["sex"]).n == 10
    assert representativeness(people, pop, by=["sex"], role=None).n == 40


def test_small_groups_are_hidden_everywhere_but_tests_use_all():
    pop = _pop(age_band={"18-29": 0.3, "30-49": 0.4, "65-79": 0.2, "80+": 0.1})
    people = _people("age_band", ["18-29"] * 9 + ["30-49"] * 8 + ["65-79"] * 2 + ["80+"] * 1)
    r = representativeness(people, pop, by=["age_band"], k=5)
    t = r.table.set_index("category")
    assert t["suppressed"].to_dict() == {"18-29": False, "30-49": False, "65-79": True, "80+": True}
    assert t.loc[["65-79", "80+"], ["participants", "share", "ratio"]].isna().all().all()
    shown = r.display_table().set_index("Category")
    assert shown.loc["80+", "Participants"] == "fewer than 5"
    record = json.loads(r.to_json())
    assert [row["participants"] for row in record["table"]][2:] == [None, None]
    # the chart marks no participant share for hidden groups and names them
    spec = r.chart().spec()
    data = next(iter(spec["datasets"].values()))
    hidden = [d for d in data if d["group"] == "Participants" and "fewer than 5" in d["category"]]
    assert len(hidden) == 2 and all(d["percent"] is None for d in hidden)
    # the summary speaks of the hidden groups without their numbers (2 is 10%, 1 is 5%)
    text = r.summary()
    assert "fewer than 5" in text and "10%" not in text.split("Not shown")[1].split(";")[0]
    assert "computed on all participants" in " ".join(r.warnings())
    # D and the test use the full counts
    full = np.array([9, 8, 2, 1])
    s = full / 20
    assert r.tests.loc[0, "D"] == pytest.approx(0.5 * np.abs(s - [0.3, 0.4, 0.2, 0.1]).sum())
    assert r.tests.loc[0, "p_value"] == pytest.approx(
        _brute_exact(full.tolist(), [0.3, 0.4, 0.2, 0.1])
    )
    assert isinstance(r, Representativeness) and "<svg" in r.to_html()


def test_hidden_not_recorded_count_cannot_be_recovered_from_n():
    pop = _pop(sex={"female": 0.5, "male": 0.5})
    people = _people("sex", ["female"] * 10 + ["male"] * 9 + [None])
    r = representativeness(people, pop, by=["sex"], k=5)
    assert math.isnan(r.tests.loc[0, "not_recorded"]) and math.isnan(r.tests.loc[0, "n"])
    assert "fewer than 5 with no sex recorded" in " ".join(r.warnings())


def test_unknown_dimension_is_a_clear_error():
    with pytest.raises(DataError, match=r"it has sex\)"):
        representativeness(_people("sex", ["male"]), _pop(sex={"male": 1.0}), by=["area"])
    with pytest.raises(DataError, match="column of the participants table"):
        representativeness(_people("area", ["Nord"]), _pop(sex={"male": 1.0}), by=["sex"])
    with pytest.raises(ValueError, match="method must be"):
        representativeness(_people("sex", ["male"]), _pop(sex={"male": 1.0}), method="fisher")


# --------------------------------------------------------------------------------------
# quotas
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 7, 12, 25, 30, 100, 333])
@pytest.mark.parametrize("tolerance", [0.0, 0.1, 0.3])
def test_quota_sums_bracket_n(n, tolerance):
    pop = read_population(dataset_path("ledger/population.csv"))
    q = quotas(pop, n, tolerance=tolerance)
    assert list(q.columns[:4]) == ["feature", "value", "min", "max"]
    for _, part in q.groupby("feature"):
        assert part["min"].sum() <= n <= part["max"].sum()
        assert (part["min"] <= part["target"]).all() and (part["target"] <= part["max"]).all()
        assert (part["max"] - part["min"] <= np.ceil(2 * tolerance * part["target"]) + 1).all()


def test_quotas_subtract_those_already_recruited_and_stay_feasible():
    pop = _pop(sex={"female": 0.5, "male": 0.5})
    already = _people("sex", ["female"] * 12 + ["male"] * 2)
    q = quotas(pop, 10, by=["sex"], participants=already).set_index("value")
    # panel of 24: 12 each; 0 more women, 10 more men
    assert q.loc["female", ["min", "max", "recruited"]].tolist() == [0, 0, 12]
    assert q.loc["male", ["min", "max", "recruited"]].tolist() == [10, 10, 2]
    lopsided = quotas(pop, 4, by=["sex"], participants=_people("sex", ["female"] * 20))
    assert lopsided["min"].sum() <= 4 <= lopsided["max"].sum()


def test_write_quotas_is_the_sortition_csv_and_neutralises_formulas(tmp_path):
    pop = _pop(area={"=HYPERLINK(1)": 0.5, "Syd": 0.5})
    path = write_quotas(quotas(pop, 10, by=["area"]), tmp_path / "quotas.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == ["feature,value,min,max", "area,'=HYPERLINK(1),5,5", "area,Syd,5,5"]


# --------------------------------------------------------------------------------------
# the sample
# --------------------------------------------------------------------------------------


def test_sample_population_matches_its_script_and_the_model():
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    script = root / "scripts" / "make_sample_population.py"
    path = dataset_path("ledger/population.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b";..\r\n") == 3
    spec = importlib.util.spec_from_file_location("make_sample_population", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert ("\r\n".join(module.rows()) + "\r\n").encode("utf-8-sig") == raw
    pop = read_population(path)
    assert isinstance(pop, Population)
    assert pop.shares("area").index.tolist() == ["Nord", "Syd", "Øst", "Vest"]
    assert set(pop.shares("sex").index) <= set(SEXES)
    assert pop.shares("age_band").index.tolist() == ["65-79", "80+"]  # ages 65+ only
    assert "<svg" in pop.to_html()


def test_population_from_the_ledger_project(tmp_path):
    from types import SimpleNamespace

    (tmp_path / "pop.csv").write_text(
        "dimension,category,share\nsex,female,0.5\nsex,male,0.5\n", encoding="utf-8"
    )
    people = _people("sex", ["female"] * 6 + ["male"] * 6)
    ledger = SimpleNamespace(
        participants=people, project=pd.DataFrame({"population": ["pop.csv"]}), base=tmp_path
    )
    r = representativeness(ledger, by=["sex"])
    assert r.population_source == "pop.csv" and r.tests.loc[0, "D"] == 0
    no_file = SimpleNamespace(participants=people, project=pd.DataFrame({"id": ["x"]}), base=None)
    with pytest.raises(ValueError, match="names no population file"):
        representativeness(no_file, by=["sex"])


def test_sample_ledger_against_the_sample_population():
    from cocreate_kit import ledger
    from cocreate_kit.datasets import sample_project

    files = sample_project("ledger")
    led = ledger.load(files.data)
    r = representativeness(led)  # the population file the ledger's project names
    assert r.population_source == files.population.name == "population.csv"
    # only citizens listed in an activity took part (P-23 was recruited but came to nothing)
    came = {i for ids in led.activities["participants"] for i in ids}
    everyone = led.participants[led.participants["role"] == "citizen"]
    citizens = everyone[everyone["id"].isin(came)]
    assert r.n == len(citizens) == len(everyone) - 1 == 27
    assert (
        "fewer than 5 citizens in the participants table but in no activity"
        in r.to_dict()["warnings"][0]
    )
    card = ledger.scorecard(led)
    assert r.n == card.cells.set_index("key").loc["took_part_citizen", "value"]
    assert "the 27 citizens compared" in card.headline()
    pop = read_population(files.population)
    for dim in ("age_band", "sex", "area"):
        s = citizens[dim].value_counts(normalize=True)
        p = pop.shares(dim)
        d = 0.5 * (s.reindex(p.index, fill_value=0) - p).abs().sum()
        row = r.tests.set_index("dimension").loc[dim]
        assert row["D"] == pytest.approx(d)
        assert row["method"] == "exact"
        shown = r.table[(r.table["dimension"] == dim) & ~r.table["suppressed"]]
        for cat, share in zip(shown["category"], shown["share"], strict=True):
            assert share == pytest.approx(s[cat])
    q = quotas(files.population, 20, participants=led, tolerance=0.1)
    for _, part in q.groupby("feature"):
        assert part["min"].sum() <= 20 <= part["max"].sum()


def test_participation_html_is_accessible_and_offline(tmp_path, page):
    import browser_helpers as bh

    from cocreate_kit import ledger
    from cocreate_kit.datasets import sample_project
    from cocreate_kit.report import page as html_page

    files = sample_project("ledger")
    who = representativeness(ledger.load(files.data))
    body = read_population(files.population).to_html() + who.to_html()
    path = tmp_path / "who.html"
    path.write_text(html_page("Who took part", body), encoding="utf-8")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert page.locator("figure.ck-figure svg[role=img]").count() == 2
    assert "fewer than 5" in page.inner_text("main")
    assert bh.axe_violations(page) == []
    assert [u for u in requests if bh.is_external(u)] == []
