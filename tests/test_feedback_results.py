"""Feedback results are records: frozen, strict JSON, redacted, with Vega-Lite charts; the
pillar methods the app uses (groups, subsets) suppress inside the pillar; old keyword names
still work with a DeprecationWarning; the package layout has no import cycle."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cocreate_kit import feedback, thresholds
from cocreate_kit.datasets import dataset_path
from cocreate_kit.feedback import (
    agreement,
    coding_agreement,
    csat_top2,
    likert,
    load_codebook,
    load_coding_sheet,
    load_names,
    load_survey,
    metrics_by_segment,
    nps,
    sus_scores,
    sus_summary,
    themes,
)
from cocreate_kit.feedback._agreement import krippendorff_alpha

PKG = Path(feedback.__file__).parent
PII = json.loads((Path(__file__).parent / "data" / "planted_pii.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def survey():
    names = load_names(dataset_path("feedback/participants.csv"))
    return load_survey(dataset_path("feedback/homecare_survey.csv"), names=names)


@pytest.fixture(scope="module")
def sheet():
    names = load_names(dataset_path("feedback/participants.csv"))
    cb = load_codebook(dataset_path("feedback/codebook.csv"))
    return load_coding_sheet(dataset_path("feedback/coding_sheet.csv"), cb, names=names)


@pytest.fixture(scope="module")
def theme_result(survey):
    return survey.themes(n_themes=6, seed=0)


@pytest.fixture(scope="module")
def results(survey, sheet, theme_result):
    """One of every feedback result type (and the variants the app shows)."""
    d = pd.DataFrame(
        {"unit": [1, 1, 2, 2, 3, 3, 4, 4], "coder": ["A", "B"] * 4, "code": list("xxyyxyyy")}
    )
    return {
        "sus": sus_summary(sus_scores(survey.data, survey.sus)),
        "nps": nps(survey.data["nps"]),
        "segments": metrics_by_segment(survey, "area"),
        "likert": likert(survey, by="role"),
        "themes": theme_result,
        "themes_subset": theme_result.subset(survey.in_group("role", "relative")),
        "agreement": agreement(d, n_boot=50),
        "coding": coding_agreement(sheet, n_boot=50),
        "coding_none": coding_agreement(None),
    }


# --------------------------------------------------------------------------------------
# Records: frozen, strict JSON, redacted
# --------------------------------------------------------------------------------------


def test_every_result_is_frozen(results):
    for name, r in results.items():
        with pytest.raises(AttributeError, match="frozen"):
            r.something_new = 1
        for attr in [a for a in vars(r) if not a.startswith("_")]:
            with pytest.raises(AttributeError, match="frozen"):
                setattr(r, attr, None)
        assert "summary()" in repr(r), name


def test_every_result_exports_strict_json_that_round_trips(results):
    for name, r in results.items():
        text = r.to_json()
        back = json.loads(text)  # strict: to_json uses allow_nan=False
        assert back == r.to_dict(), name
        assert back["type"] == type(r).__name__
        assert back["summary"] == r.summary()
        assert back["warnings"] == r.warnings()
        for word in ("NaN", "Infinity"):
            assert word not in text, name


def test_json_records_carry_the_numbers(results, survey):
    seg = results["segments"].to_dict()
    assert seg["by"] == "area" and seg["k"] == thresholds.DEFAULT_K and seg["level"] == 0.95
    rows = {row["area"]: row for row in seg["table"]}
    assert rows["Ø-distriktet"]["suppressed"] and rows["Ø-distriktet"]["sus_mean"] is None
    nord = survey.data[survey.data["area"] == "Nord"]
    assert rows["Nord"]["sus_mean"] == pytest.approx(sus_scores(nord).mean())
    assert results["nps"].to_dict()["value"] == pytest.approx(results["nps"].value)
    coding = results["coding"].to_dict()
    assert coding["measurement"] == "nominal" and coding["level"] == 0.95
    assert len(coding["disagreements"]) == len(results["coding"].disagreements) > 0
    none = results["coding_none"]
    assert none.n_coders == 0 and none.to_dict()["disagreements"] == []
    assert "<svg" not in none.to_html() and "No coding sheet" in none.to_html()


def test_json_of_sample_results_has_no_planted_personal_data(results):
    raw = Path(dataset_path("feedback/homecare_survey.csv")).read_text("utf-8")
    planted = [v for v in PII["values"] if v in raw]
    assert len(planted) >= 60  # not vacuous
    for name, r in results.items():
        text = r.to_json()
        leaks = [v for v in planted if v in text]
        assert not leaks, (name, leaks[:3])
    quotes = results["themes"].to_dict()["quotes"]
    assert len(quotes) == len(results["themes"].quotes) > 0  # quotes are exported


def test_free_text_in_json_is_redacted():
    secret = ["Mette Kjærgaard", "mette.k@example.dk", "010190-1234", "+45 20 30 40 50"]
    texts = [
        f"Hjælperen {secret[0]} kom for sent, skriv til {secret[1]}, CPR {secret[2]}",
        f"Ring til {secret[3]}, the app login fails again and again",
        "the app login fails",
        "app login is broken and the app is slow",
        "staff are kind and friendly",
        "kind and friendly staff help",
    ] * 3
    df = pd.DataFrame(
        {
            "respondent_id": [f"R{i}" for i in range(len(texts))],
            "role": ["user", "relative"] * (len(texts) // 2),
            "comment": texts,
        }
    )
    s = load_survey(df, names=[secret[0]])
    r = s.themes(n_themes=2, with_sentiment=False, k=2)
    for res in (r, r.subset(s.in_group("role", "user"), k=2)):
        text = res.to_json()
        assert "[CPR" in text or "[EMAIL" in text or "[NAME" in text  # quotes are there
        for v in [*secret, "Mette", "Kjærgaard"]:
            assert v not in text
    coding = pd.DataFrame(
        {
            "segment": ["S1", "S1", "S2", "S2", "S3", "S3"],
            "respondent_id": ["R0", "R0", "R1", "R1", "R2", "R2"],
            "coder": ["A", "B"] * 3,
            "code": ["late", "app", "app", "app", "staff", "staff"],
            "text": [texts[0], texts[0], texts[1], texts[1], texts[4], texts[4]],
        }
    )
    cs = load_coding_sheet(coding, names=[secret[0]])
    res = coding_agreement(cs, n_boot=20)
    text = res.to_json()
    assert len(res.disagreements) == 1 and "[CPR" in text
    for v in [*secret, "Mette"]:
        assert v not in text


# --------------------------------------------------------------------------------------
# Charts: Vega-Lite specs
# --------------------------------------------------------------------------------------


def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", [spec]):
        out.extend(_layers(layer) if "layer" in layer else [layer])
    return out


def _mark(layer: dict) -> str:
    m = layer["mark"]
    return m if isinstance(m, str) else m["type"]


def test_sus_and_nps_chart_specs(results):
    spec = results["sus"].chart().chart.to_dict()
    layers = _layers(spec)
    # grade bands and their letters behind, the benchmark and its label, then the
    # interval, the mean and its value (test_feedback_brief.py checks the bands)
    marks = ["rect", "text", "rule", "text", "rule", "point", "text"]
    assert [_mark(x) for x in layers] == marks
    bar = layers[4]
    assert bar["encoding"]["x"]["scale"]["domain"] == [0, 100]
    assert bar["encoding"]["x2"]["field"] == "ci_high"
    assert layers[2]["encoding"]["x"]["field"] == "x"
    ref_data = [rows for rows in spec["datasets"].values() if "x" in rows[0]]
    assert [[row["x"] for row in rows] for rows in ref_data] == [[68]]
    spec = results["nps"].chart().chart.to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["x"]["stack"] == "zero"
    rows = spec["datasets"][spec["data"]["name"]]
    r = results["nps"]
    assert [x["n"] for x in rows] == [r.detractors, r.passives, r.promoters]
    assert sum(x["percent"] for x in rows) == pytest.approx(100)


def test_segment_chart_spec_shows_only_shown_groups_and_its_level(survey):
    for level, words in ((0.95, "95% interval"), (0.9, "90% interval")):
        m = metrics_by_segment(survey, "area", level=level)
        spec = m.chart().chart.to_dict()
        _bands, _letters, _ref, rule, point = _layers(spec)
        assert rule["encoding"]["x"]["title"] == f"Mean SUS with {words}"
        rows = spec["datasets"][(rule.get("data") or spec["data"])["name"]]
        shown = m.table[~m.table["suppressed"]]
        assert {r["area"] for r in rows} == set(shown["area"])
        assert "Ø-distriktet" not in {r["area"] for r in rows}


def test_likert_agreement_and_theme_chart_specs(results):
    spec = results["likert"].chart().chart.to_dict()
    bars = _layers(spec)[0]
    assert bars["encoding"]["x"]["scale"]["domain"] == [-100, 100]
    assert bars["encoding"]["color"]["scale"]["domain"][0] == "Strongly disagree"
    spec = results["coding"].chart().chart.to_dict()
    bars, rules = _layers(spec)
    assert bars["encoding"]["x"]["title"] == "Krippendorff's alpha"
    assert spec["datasets"][rules["data"]["name"]] == [{"x": 0.667}, {"x": 0.8}]
    per_code = spec["datasets"][bars["data"]["name"]]
    assert len(per_code) == results["coding"].per_code["value"].notna().sum()
    spec = results["themes"].chart().chart.to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [r["n_texts"] for r in rows] == results["themes"].themes["n_texts"].tolist()
    assert results["coding_none"].chart() is None


# --------------------------------------------------------------------------------------
# Pillar methods the app uses
# --------------------------------------------------------------------------------------


def test_groups_are_suppressed_inside_the_pillar(survey):
    g = survey.groups(k=5)
    assert (g["n"] >= 5).all()
    area = survey.data["area"].value_counts()
    assert area["Ø-distriktet"] < 5 and "Ø-distriktet" not in set(g["value"])
    # secondary suppression: the next smallest area is hidden too
    assert area.sort_values().index[1] not in set(g.loc[g["by"] == "area", "value"])
    for by, value, n in g.itertuples(index=False):
        assert int(survey.in_group(by, value).sum()) == n
    assert survey.ids.tolist() == survey.data["respondent_id"].tolist()
    with pytest.raises(ValueError, match="Unknown grouping column"):
        survey.in_group("nope", "x")


def test_theme_subset_recounts_and_suppresses(survey, theme_result):
    mask = survey.in_group("role", "relative")
    sub = theme_result.subset(mask, k=5)
    a = theme_result.assignments
    kept = a.loc[mask[mask].index.intersection(a.index)].dropna(subset=["theme"])
    direct = kept.groupby("theme").size()
    shown = sub.themes[~sub.themes["suppressed"]]
    for theme, n in zip(shown["theme"], shown["n_texts"], strict=True):
        assert n == direct.get(theme, 0)
    assert sub.n_texts == int(mask.reindex(a.index).sum())
    # labels and terms are the model's own
    assert sub.themes["label"].tolist() == theme_result.themes["label"].tolist()
    # every quote is a kept comment of its theme
    for _, q in sub.quotes.iterrows():
        ix = kept.index[kept["theme"] == q["theme"]]
        assert q["quote"] in set(survey.data.loc[ix, "comment"])
    # a mask of 3 comments hides every theme that has any of them
    three = pd.Series(False, index=survey.data.index)
    three.iloc[:3] = True
    tiny = theme_result.subset(three, k=5)
    t = tiny.themes
    assert t.loc[t["suppressed"], "n_texts"].isna().all()
    assert set(tiny.quotes["theme"]) <= set(t.loc[~t["suppressed"], "theme"])
    assert (t.loc[~t["suppressed"], "n_texts"] == 0).all()
    with pytest.raises(ValueError, match="mask has 2 values"):
        theme_result.subset([True, False])


def test_coding_subset_keeps_only_those_respondents(sheet, survey):
    ids = survey.subset(survey.in_group("role", "relative")).ids
    sub = sheet.subset(ids, k=5)
    assert set(sub.data["respondent_id"]) <= set(ids)
    expected = sheet.data[sheet.data["respondent_id"].isin(set(ids))]
    assert len(sub.data) == len(expected) and not sub.extra["suppressed"]
    few = sorted(set(sheet.data["respondent_id"]))[:3]
    hidden = sheet.subset(few, k=5)
    assert hidden.data.empty and hidden.extra["suppressed"]
    assert "hidden to protect privacy" in hidden.to_html()
    assert len(sheet.subset(few, k=3).data) > 0
    with pytest.raises(ValueError, match="no 'person' column"):
        sheet.subset(ids, respondent="person")


def test_optional_files_flow_through_as_none(tmp_path):
    assert load_names(None) == []
    assert load_codebook(None) is None
    assert load_coding_sheet(None) is None
    assert feedback.export_qdpx(None, tmp_path / "x.qdpx") is None
    assert not (tmp_path / "x.qdpx").exists()
    assert "No coding sheet" in coding_agreement(None).summary()


# --------------------------------------------------------------------------------------
# One vocabulary, old names warned
# --------------------------------------------------------------------------------------


def test_small_n_is_the_shared_interval_threshold():
    assert feedback.SMALL_N == thresholds.SMALL_N_INTERVAL == 30


def test_confidence_is_a_warned_alias_of_level(survey):
    x = survey.data["nps"]
    with pytest.warns(DeprecationWarning, match=r"nps\(confidence=...\)"):
        old = nps(x, confidence=0.9)
    new = nps(x, level=0.9)
    assert (old.ci_low, old.ci_high, old.level) == (new.ci_low, new.ci_high, 0.9)
    assert new.ci_high - new.ci_low < nps(x).ci_high - nps(x).ci_low
    with pytest.warns(DeprecationWarning, match="'confidence' is deprecated"):
        assert new.confidence == 0.9
    with pytest.raises(AttributeError):
        new.confidence = 0.5
    with pytest.warns(DeprecationWarning, match=r"NPSResult\(confidence=...\)"):
        assert feedback.NPSResult(x, confidence=0.9).ci_low == new.ci_low
    scores = sus_scores(survey.data)
    with pytest.warns(DeprecationWarning):
        assert feedback.SUSSummary(scores, confidence=0.8).level == 0.8
    with pytest.warns(DeprecationWarning):
        assert sus_summary(scores, confidence=0.8).ci_low == sus_summary(scores, level=0.8).ci_low
    with pytest.warns(DeprecationWarning):
        assert csat_top2(x, confidence=0.8) == csat_top2(x, level=0.8)
    with pytest.warns(DeprecationWarning):
        old = metrics_by_segment(survey, segment="role", confidence=0.9)
    pd.testing.assert_frame_equal(old.table, metrics_by_segment(survey, by="role", level=0.9).table)
    with pytest.warns(DeprecationWarning, match="'by'"):
        assert old.segment == "role"


def test_grouping_is_by_everywhere(survey):
    with pytest.warns(DeprecationWarning, match=r"Survey.metrics\(segments=...\)"):
        old = survey.metrics(segments=["role"])
    new = survey.metrics(by=["role"])
    assert [r.to_dict() for r in old] == [r.to_dict() for r in new]
    text = survey.data["comment"]
    with pytest.warns(DeprecationWarning, match=r"themes\(segment=...\)"):
        a = themes(text, n_themes=3, with_sentiment=False, segment=survey.data["role"])
    b = themes(text, n_themes=3, with_sentiment=False, by=survey.data["role"])
    pd.testing.assert_frame_equal(a.by_segment, b.by_segment)
    with pytest.warns(DeprecationWarning, match=r"Survey.themes\(segment=...\)"):
        c = survey.themes(segment="area", n_themes=3, with_sentiment=False)
    d = survey.themes(by="area", n_themes=3, with_sentiment=False)
    pd.testing.assert_frame_equal(c.by_segment, d.by_segment)


def test_agreement_measurement_and_level():
    d = pd.DataFrame(
        {"unit": np.repeat(np.arange(12), 2), "coder": ["A", "B"] * 12, "code": [1, 2, 3] * 8}
    )
    new = agreement(d, measurement="ordinal", level=0.9, n_boot=100)
    with pytest.warns(DeprecationWarning, match="use measurement="):
        old = agreement(d, level="ordinal", n_boot=100)
    assert old.value == new.value and old.measurement == "ordinal" and old.level == 0.95
    with pytest.warns(DeprecationWarning, match="use level="):
        old = agreement(d, measurement="ordinal", confidence=0.9, n_boot=100)
    assert (old.ci_low, old.ci_high) == (new.ci_low, new.ci_high)
    assert "90% bootstrap interval" in new.summary() and "(ordinal)" in new.summary()
    m = np.array([[1, 1], [2, 2], [3, 3], [1, 2]], dtype=float)
    with pytest.warns(DeprecationWarning):
        assert krippendorff_alpha(m, level="interval") == krippendorff_alpha(m, "interval")


def test_coding_agreement_level(sheet):
    with pytest.warns(DeprecationWarning):
        old = coding_agreement(sheet, confidence=0.8, n_boot=50)
    new = coding_agreement(sheet, level=0.8, n_boot=50)
    assert (old.ci_low, old.ci_high, old.level) == (new.ci_low, new.ci_high, 0.8)
    assert not math.isnan(new.ci_low)


# --------------------------------------------------------------------------------------
# Layout: one-way dependencies, charts as a leaf, small modules, app uses public names
# --------------------------------------------------------------------------------------


def _feedback_imports(path: Path) -> set[str]:
    """Feedback modules imported anywhere in ``path`` (function-level imports included)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            out.add(node.module)
    return out


def test_feedback_modules_import_one_way_and_charts_is_a_leaf():
    mods = {p.stem: _feedback_imports(p) for p in PKG.glob("_*.py")}
    assert mods["_charts"] <= {"_scales"}
    assert mods["_compat"] == set() and mods["_scales"] == set()

    def reach(m: str, seen: set[str]) -> set[str]:
        for dep in mods.get(m, set()):
            if dep not in seen:
                seen.add(dep)
                reach(dep, seen)
        return seen

    for m in mods:
        assert m not in reach(m, set()), f"import cycle through {m}"


def test_feedback_modules_are_small():
    for p in PKG.glob("*.py"):
        n = len(p.read_text("utf-8").splitlines())
        assert n <= 600 or "Why this module is long" in p.read_text("utf-8"), (p.name, n)


def test_app_uses_only_public_feedback_names():
    app = Path(feedback.__file__).parent.parent / "apps" / "feedback.py"
    tree = ast.parse(app.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "feedback" in node.module:
            assert node.module == "feedback" and node.level == 2, node.module
            assert {a.name for a in node.names} <= set(feedback.__all__)
        if isinstance(node, ast.ImportFrom) and node.module == "privacy":
            pytest.fail("the app must not suppress by itself; the pillar does")
    assert "suppress_" not in app.read_text("utf-8")
