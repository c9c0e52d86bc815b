"""Language detection, sentiment wiring, reproducible themes and redaction-first quotes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from afinn import Afinn
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from cocreate_kit.datasets import dataset_path
from cocreate_kit.feedback import detect_language, load_survey, sentiment, themes

DA = [
    "Hjælperen kom for sent, og det er ikke i orden.",
    "Personalet er søde, og jeg er meget glad for dem.",
    "Jeg kan ikke logge ind i appen med mit MitID.",
    "Der kommer for mange forskellige hjælpere hver uge.",
    "Man venter alt for længe i telefonen.",
]
EN = [
    "The carer was late and that is not okay.",
    "The staff are kind and I am very happy with them.",
    "I cannot log in to the app with my ID.",
    "There are too many different carers every week.",
    "You wait far too long on the phone.",
]


def test_detect_language_on_labelled_sentences():
    assert [detect_language(t) for t in DA] == ["da"] * 5
    assert [detect_language(t) for t in EN] == ["en"] * 5
    assert detect_language("") == "unknown"


def test_sentiment_uses_vader_for_english_and_afinn_for_danish():
    out = sentiment(DA + EN)
    vader = SentimentIntensityAnalyzer()
    afinn = Afinn(language="da")
    for i, t in enumerate(EN):
        assert out["score"].iloc[5 + i] == round(vader.polarity_scores(t)["compound"], 4)
        assert out["method"].iloc[5 + i] == "vader"
    for i, t in enumerate(DA):
        x = afinn.score(t)
        assert out["score"].iloc[i] == round(x / math.sqrt(x * x + 15) if x else 0.0, 4)
    assert out.loc[1, "label"] == "positive" and out.loc[6, "label"] == "positive"


def test_sentiment_keeps_missing():
    out = sentiment(pd.Series(["Great staff", None], index=[5, 9]))
    assert list(out.index) == [5, 9] and math.isnan(out.loc[9, "score"])


def _corpus():
    rng = np.random.default_rng(0)
    groups = {
        "app": [
            "the app login fails again",
            "cannot log in to the app",
            "app login broken",
            "appen virker ikke login",
            "login i appen driller",
        ],
        "staff": [
            "kind friendly staff",
            "the staff are kind and friendly",
            "friendly staff",
            "søde venlige personale",
            "personalet er søde og venlige",
        ],
        "phone": [
            "waiting on the phone forever",
            "phone queue waiting too long",
            "nobody answers the phone",
            "venter i telefonen",
            "telefonen bliver ikke taget",
        ],
    }
    texts, truth = [], []
    for _ in range(40):
        for g, opts in groups.items():
            texts.append(str(rng.choice(opts)))
            truth.append(g)
    return pd.Series(texts), truth


def test_themes_reproducible_and_recover_planted_groups():
    texts, truth = _corpus()
    # Mixed-language text tends to split by language too, so allow 2 themes per group.
    a = themes(texts, n_themes=6, seed=1)
    b = themes(texts, n_themes=6, seed=1)
    pd.testing.assert_frame_equal(a.themes, b.themes)
    pd.testing.assert_frame_equal(a.assignments, b.assignments)
    # purity: each found theme is dominated by one planted group
    ct = pd.crosstab(a.assignments["theme"], pd.Series(truth, index=texts.index))
    purity = ct.max(axis=1).sum() / ct.to_numpy().sum()
    assert purity >= 0.9, purity
    assert a.themes["n_texts"].sum() == a.assignments["theme"].notna().sum()


def test_quotes_are_redacted_and_segments_suppressed():
    texts, _ = _corpus()
    texts = texts.copy()
    texts.iloc[0] = texts.iloc[0] + " ring 12 34 56 78 eller skriv til jens@example.dk"
    seg = pd.Series(["a"] * (len(texts) - 3) + ["b"] * 3, index=texts.index)
    r = themes(texts, n_themes=3, seed=0, n_quotes=50, by=seg, k=5)
    joined = " ".join(r.quotes["quote"])
    assert "12 34 56 78" not in joined and "jens@example.dk" not in joined
    assert "[PHONE]" in joined or "[EMAIL]" in joined
    vals = r.by_segment.to_numpy()
    assert not ((vals > 0) & (vals < 5)).any()
    assert (r.by_segment["b"].fillna(0) == 0).all()  # the 3-person segment never shows


def test_sample_survey_themes_have_quotes_and_sentiment():
    s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    r = themes(s.data["comment"], n_themes=6, seed=0, by=s.data["role"])
    assert len(r.themes) == 6 and r.quotes.groupby("theme").size().min() >= 1
    assert r.themes["mean_sentiment"].between(-1, 1).all()
    assert "themes in" in r.summary()


def test_fast_afinn_matches_afinn_package_on_sample_comments():
    from cocreate_kit.feedback._text import _afinn_da

    s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    texts = [
        *s.data["comment"].dropna().tolist(),
        "ikke godt, meget dårligt!!",
        "Super   god service",
        "ikke så slemt",
        "Jeg elsker det, tak!",
    ]
    ref = Afinn(language="da")
    assert [_afinn_da().score(t) for t in texts] == [ref.score(t) for t in texts]


def test_survey_themes_shortcut_uses_first_text_and_segment():
    s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    a = s.themes(n_themes=4, with_sentiment=False)
    b = themes(s.data["comment"], n_themes=4, with_sentiment=False, by=s.data["role"])
    pd.testing.assert_frame_equal(a.themes, b.themes)
    pd.testing.assert_frame_equal(a.by_segment, b.by_segment)


def test_theme_labels_and_top_terms_contain_no_deny_listed_name():
    # Names written as people write them: lower case (kept in quotes: single parts are
    # case-sensitive), possessive, hyphenated. Each appears in many texts, so without
    # the filter they would be top terms.
    names = ["Anne Jensen", "Mette Kjær-Holm"]
    extra = [
        "anne jensen kom for sent igen",
        "anne og jensens hjælpere kom for sent",
        "ring til anne, hun kom for sent",
        "kjær-holm kom ikke, hjælperen kom for sent",
        "mette sagde at hjælperen kom for sent",
        "holm's visit was late again",
    ] * 4
    other = [
        "appen virker ikke og login fejler",
        "jeg kan ikke logge ind i appen",
        "the app crashes at login",
    ] * 8
    texts = pd.Series(extra + other)
    banned = {"anne", "jensen", "jensens", "mette", "kjær", "holm", "kjær-holm"}
    unfiltered = themes(texts, n_themes=4, seed=0, with_sentiment=False)
    words = set(" ".join(unfiltered.themes["label"]).replace(",", " ").split())
    assert words & banned  # without names= a name is in a label: the test can fail
    r = themes(texts, n_themes=4, seed=0, with_sentiment=False, names=names)
    for col in ("label", "top_terms"):
        words = set(" ".join(r.themes[col]).replace(",", " ").split())
        assert not words & banned, (col, words & banned)
    assert set(r.quotes["label"]) == set(r.themes["label"])


def test_survey_keeps_its_deny_list_for_themes():
    names = ["Birthe Kjærgaard"]
    df = pd.DataFrame(
        {
            "respondent_id": [f"R{i}" for i in range(24)],
            "comment": ["birthe kom for sent og birthe glemte nøglen"] * 12
            + ["appen virker ikke og login fejler"] * 12,
        }
    )
    s = load_survey(df, names=names)
    assert s.names == ("Birthe Kjærgaard",) and "Kjærgaard" not in repr(s)
    r = s.themes(n_themes=2, with_sentiment=False)
    assert "birthe" not in " ".join(r.themes["top_terms"])
    bare = themes(s.data["comment"], n_themes=2, with_sentiment=False)
    assert "birthe" in " ".join(bare.themes["top_terms"])  # lower case: kept in the text
