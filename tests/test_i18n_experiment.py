"""The prototype-test pillar in Danish and English (issue 13).

Verdicts, summaries, method notes, planner text, charts, tables and error texts come from
the catalogue in the language current when they are shown; numbers follow the locale
(checked against Babel's own ``da_DK`` formats); the Danish sample gives the same numbers
as the English one; the English output is unchanged.
"""

from __future__ import annotations

import json
import math
import runpy
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.numbers import format_decimal, format_percent
from i18n_helpers import untranslated

from cocreate_kit import datasets, experiment
from cocreate_kit._errors import DataError
from cocreate_kit.apps.experiment import prototype_test_app
from cocreate_kit.i18n import set_language, use_language
from cocreate_kit.io import read_table

ROOT = Path(__file__).resolve().parent.parent
# The glossary's wording of each verdict (cocreate_kit/locale/glossary.csv).
DANISH_VERDICT = {
    experiment.BETTER: "bedre",
    experiment.WORSE: "dårligere",
    experiment.EQUIVALENT: "ækvivalent inden for marginen",
    experiment.UNCLEAR: "ikke nok evidens endnu",
}
# English metric column -> Danish, as written by scripts/make_sample_experiment.py.
DANISH_COLUMNS = {
    "completed": "gennemført",
    "time_s": "tid_s",
    "errors": "fejl",
    "sus": "sus",
    "satisfaction": "tilfredshed",
}


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language(None)


def _sample(language: str) -> experiment.Report:
    with use_language(language):
        files = datasets.sample_project("experiment")
        return experiment.analyse(read_table(files.data), plan=files.plan)


def _letters(language: str) -> experiment.Comparison:
    with use_language(language):
        letters = read_table(datasets.sample_project("experiment").letters).set_index("variant")
        sent, acted = letters.columns
        return experiment.compare_counts(
            letters[acted], letters[sent], control=letters.index[0], metric=acted
        )


# one comparison per verdict: successes, trials, margin
VERDICT_CASES = {
    experiment.BETTER: ({"A": 120, "B": 150}, {"A": 1000, "B": 1000}, None),
    experiment.WORSE: ({"A": 150, "B": 120}, {"A": 1000, "B": 1000}, None),
    experiment.EQUIVALENT: ({"A": 5000, "B": 5010}, {"A": 10000, "B": 10000}, 0.03),
    experiment.UNCLEAR: ({"A": 4, "B": 5}, {"A": 8, "B": 8}, None),
}


@pytest.mark.parametrize("verdict", list(VERDICT_CASES))
def test_each_verdict_in_danish_uses_the_glossary_and_means_the_same(verdict):
    successes, trials, margin = VERDICT_CASES[verdict]
    res = experiment.compare_counts(successes, trials, control="A", margin=margin)
    assert res.verdicts == {"B": verdict}  # the API keeps the English identifier
    english = res.summary()
    assert f"B vs A: {verdict} (" in english
    with use_language("da"):
        danish = res.summary()
        assert res.verdicts == {"B": verdict}
        table = dict(res._tables())
    assert f"B over for A: {DANISH_VERDICT[verdict]} (" in danish
    assert untranslated(danish) == []
    shown = next(t for t in table.values() if "vurdering" in t.columns)
    assert shown["vurdering"].tolist() == [DANISH_VERDICT[verdict]]


def test_known_result_in_danish_is_the_glossary_wording():
    """The sample's primary metric is undecided: 30 per arm, interval -9 to +34 points."""
    rep = _sample("da")
    assert rep.results["gennemført"].verdicts == {"B": experiment.UNCLEAR}
    with use_language("da"):
        text = rep.summary()
    assert "B over for A: ikke nok evidens endnu (forskel i andel (variant - kontrol) " in text
    assert "ingen forskel" in text and "ikke nok evidens endnu" in text
    assert "Sekundære mål: tid_s: B bedre" in text
    assert untranslated(text) == []


def test_danish_numbers_match_babel_da_dk():
    res = _letters("da")
    with use_language("da"):
        text = res.summary()
    for n in res.arms["n"]:
        assert f"n = {format_decimal(int(n), locale='da_DK')}" in text  # "20.028"
    assert "20.028" in text
    for est in res.arms["estimate"]:
        assert format_percent(est, locale="da_DK") in text  # "51 %" with a no-break space
    for row in res.table.itertuples():
        points = format_decimal(round(row.effect * 100, 1), format="+0.0", locale="da_DK")
        assert f"{points} point" in text  # "+2,5 point"
    assert "95\xa0%-konfidensinterval" in text


def test_english_output_is_unchanged():
    res = experiment.compare_counts({"A": 120, "B": 150}, {"A": 1000, "B": 1000}, control="A")
    # the text main printed before the catalogue (issue 13 changes no English output)
    assert res.summary() == (
        "success (binary; each participant saw one variant): A n = 1,000, B n = 1,000. "
        "Method: N-1 two-proportion test; Newcombe interval. Proportion per variant: A 12% "
        "(95% CI 10% to 14%); B 15% (95% CI 13% to 17%). B vs A: better (difference in "
        "proportion (variant - control) +3.0 points, 95% CI +0.0 points to +6.0 points; "
        "p = 0.0497; probability better than control 98%). Based on 1,000 (B) and 1,000 (A) "
        "participants; the true difference could lie anywhere from +0.0 points to +6.0 "
        "points, so it may be smaller than it looks. About 1,043 more participants per "
        "variant would detect a difference of 3 percentage points (80% power)."
    )
    # The prior behind "probability better" moved to the method notes (issue 14).
    assert "uniform Beta(1, 1) prior" in " ".join(res.method_notes())
    assert experiment.KIND["time"].fmt(95.04) == "95.0 s"
    assert experiment.KIND["time"].fmt(0.8, effect=True) == "0.80x"
    assert experiment.KIND["binary"].fmt(0.245) == "24%"
    with use_language("da"):
        assert experiment.KIND["time"].fmt(95.04) == "95,0 s"
        assert experiment.KIND["binary"].fmt(0.245) == "24\xa0%"
        assert experiment.KIND["binary"].fmt(0.03, effect=True) == "+3,0 point"
        assert experiment.KIND["count"].fmt(math.inf) == "ubegrænset"


def test_danish_sample_gives_the_same_numbers():
    en, da = _sample("en"), _sample("da")
    assert [DANISH_COLUMNS[m] for m in en.results] == list(da.results)
    for metric, res in en.results.items():
        other = da.results[DANISH_COLUMNS[metric]]
        pd.testing.assert_frame_equal(res.arms, other.arms)
        cols = ["variant", "effect", "effect_ci_low", "effect_ci_high", "p_value", "verdict"]
        pd.testing.assert_frame_equal(res.table[cols], other.table[cols])
        assert res.kind == other.kind
    assert en.next_round(0.15).n_control == da.next_round(0.15).n_control
    letters_en, letters_da = _letters("en"), _letters("da")
    assert letters_da.arms["variant"].tolist() == ["nuværende", "klart_sprog", "frist_først"]
    for col in ("n", "estimate", "ci_low", "ci_high"):
        assert letters_en.arms[col].tolist() == letters_da.arms[col].tolist()
    assert letters_en.table["p_value"].tolist() == letters_da.table["p_value"].tolist()
    with use_language("da"):
        plan = datasets.sample_project("experiment").plan
        assert "hjemmehjælp" in Path(plan).read_text(encoding="utf-8")
        assert da.title.startswith("Ansøgningsskema til hjemmehjælp")


def test_sample_generator_reproduces_both_languages(tmp_path):
    script = ROOT / "scripts" / "make_sample_experiment.py"
    for language, bundled in (("en", "experiment"), ("da", "da/experiment")):
        out = tmp_path / language
        argv = sys.argv
        sys.argv = [str(script), "--language", language, "--out", str(out)]
        try:
            runpy.run_path(str(script), run_name="__main__")
        finally:
            sys.argv = argv
        for name in ("home_care_form.csv", "home_care_form_plan.yaml", "letter_trial_counts.csv"):
            expected = (ROOT / "sample_data" / bundled / name).read_bytes()
            assert (out / name).read_bytes() == expected, (language, name)


def test_charts_have_danish_titles_and_number_formats():
    rep = _sample("da")
    with use_language("da"):
        arms = rep.results["gennemført"].chart()
        spec = arms.spec()
        assert arms.title == "gennemført: andel pr. variant"
        x = spec["layer"][0]["encoding"]["x"]
        assert x["title"] == "andel (95\xa0%-interval)" and x["axis"]["format"] == "%"
        assert "har den højeste andel" in arms.description
        assert list(arms.table.columns[:3]) == ["variant", "deltagere", "estimat"]
        time = rep.results["tid_s"].distribution_chart()
        tspec = json.dumps(time.spec(), ensure_ascii=False)
        assert "Sekunder (logaritmisk skala)" in tspec and '"format": ",d"' in tspec
        assert time.title == "tid_s: fordeling af opgavetider"
        forest = rep.chart()
        fspec = json.dumps(forest.spec(), ensure_ascii=False)
        assert forest.title == "Effekter over for kontrolgruppen, alle mål"
        assert "Vurdering" in fspec and "ikke nok evidens endnu" in fspec and '"format"' in fspec
        power = rep.next_round(0.15).chart()
        pspec = power.spec()
        assert power.title == "Styrkekurve"
        assert pspec["layer"][0]["encoding"]["y"]["title"] == "Statistisk styrke"
        for fig in (arms, time, forest, power):
            assert untranslated(fig.title + " " + fig.description) == []
            assert untranslated(fig.to_html()) == []


def test_danish_pages_hold_no_untranslated_english():
    rep = _sample("da")
    with use_language("da"):
        pages = [rep.to_html(), rep.details().to_html(), rep.next_round(0.15).to_html()]
        assert rep.overview().columns[0] == "metric"  # the DataFrame API stays English
        assert "mål" in dict(rep._tables())["Alle mål over for kontrolgruppen"].columns
    for page in pages:
        assert untranslated(page) == []


def test_app_renders_in_its_language():
    rep = _sample("da")
    app = prototype_test_app(rep, language="da")  # built while English is current
    labels = [c.description for c in app.controls.values()]
    assert labels == ["Mål", "Mindste forskel, der er værd at påvise", "Statistisk styrke"]
    assert list(app.controls["metric"].options)[0] == ("gennemført (binær, primær)", "gennemført")
    for metric in rep.results:
        html = app.html(metric=metric)
        assert "Planlæg næste runde" in html
        assert untranslated(html) == []
    english = prototype_test_app(_sample("en"))
    assert "Plan the next round" in english.html()


def test_errors_and_plan_text_in_danish():
    with use_language("da"), pytest.raises(ValueError, match="Stikprøven kan ikke planlægges"):
        experiment.sample_size("binary", baseline=0.5, mde=0, power=2)
    df = pd.DataFrame({"variant": ["A", "A", "B", "B"], "done": [1, "måske", 0, 1]})
    with use_language("da"), pytest.raises(DataError) as err:
        experiment.compare(df, metric="done", kind="binary", control="A")
    assert "0 eller 1" in str(err.value)
    no_variant = pd.DataFrame({"participant": ["P1", "P2"], "done": [1, 0]})
    with use_language("da"), pytest.raises(DataError) as err:
        experiment.analyse(no_variant, metrics={"done": "binary"})
    assert "en kolonne, der angiver den version, hver deltager prøvede" in str(err.value)
    assert "tilføj --map variant=KOLONNE" in str(err.value)
    plan = experiment.read_plan(
        {
            "hypothesis": "B er lettere",
            "primary_metric": "done",
            "metrics": {"done": "binary"},
            "planned_n_per_variant": 30,
            "end_date": "2026-12-31",
        }
    )
    import datetime as dt

    with use_language("da"):
        dev = plan.deviations(n_per_variant={"A": 30, "B": 24}, as_of=dt.date(2026, 11, 29))
    assert dev[0] == "Færre deltagere end planlagt: B har 24 af de planlagte 30."
    assert dev[1].startswith("Tidligt kig: analyseret 29.11.2026, før den planlagte slutdato")
    assert all(untranslated(d) == [] for d in dev)


def test_notebook_runs_in_danish(isolated_env, monkeypatch, tmp_path):
    """``language = "da"`` in the parameters cell: the whole notebook speaks Danish, on the
    Danish sample (Danish metric and letter names, the same numbers)."""
    import nbformat
    from nbclient import NotebookClient

    for var, value in isolated_env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    nb = nbformat.read(ROOT / "notebooks" / "prototype_test.ipynb", as_version=4)
    params = nb.cells[1]
    assert "parameters" in params.metadata["tags"] and 'language = "en"' in params.source
    params.source = params.source.replace('language = "en"', 'language = "da"')
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "Primært mål: gennemført (binær; hver deltager så én variant): A n = 30" in printed
    assert "B over for A: ikke nok evidens endnu" in printed
    assert "klart_sprog over for nuværende: bedre" in printed and "n = 20.028" in printed
    assert untranslated(printed) == []
