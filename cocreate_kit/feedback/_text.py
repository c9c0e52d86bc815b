"""Free text: language detection, sentiment and reproducible themes, on redacted text only.

Methods
-------
* **Redaction first.** Every public function here passes its input through
  :func:`cocreate_kit.privacy.redact` (pattern rules; add ``names=`` for the deny-list)
  before anything else, so no raw personal data reaches a score, a theme or a quote.
  Texts loaded with :func:`~cocreate_kit.feedback.load_survey` are already redacted with
  the deny-list; redacting again changes nothing.
* **Language** (:func:`detect_language`): counts of the most frequent Danish and English
  function words (stop words) in the text, plus one Danish vote per ``æ``, ``ø``, ``å``.
  More Danish votes -> ``"da"``, more English -> ``"en"``, a tie (e.g. no stop words)
  -> ``"unknown"``. Simple, offline and good for survey comments; it is not a general
  language identifier.
* **Sentiment** (:func:`sentiment`): English with VADER (Hutto & Gilbert 2014, its lexicon
  ships in ``vaderSentiment``), the ``compound`` score in -1..1. Danish with the AFINN
  Danish word list (Nielsen 2011; ``Afinn(language="da")``), whose summed word scores are
  mapped to -1..1 with VADER's own normalisation ``x / sqrt(x^2 + 15)`` so both languages
  share one scale. Labels: positive >= 0.05, negative <= -0.05, else neutral (VADER's
  published thresholds). Texts of unknown language are scored with both and averaged.
  The AFINN word lists are © Finn Årup Nielsen, under the Open Database License (ODbL) v1.0.
* **Themes** (:func:`themes`): TF-IDF (unigrams and bigrams, Danish and English stop words,
  terms in at least 2 texts) and Non-negative Matrix Factorisation (scikit-learn ``NMF``,
  ``init="nndsvda"``, fixed ``random_state``): the same input gives the same themes on
  every run. Each text belongs to the theme with the largest weight (none when all are 0).
  A theme is labelled by its top terms; its most representative quotes are the texts with
  the largest weight for it.
* **No names in labels.** Every word of a deny-listed name (``names=``), each piece of a
  hyphenated name and their possessive forms (:func:`cocreate_kit.privacy.name_terms`) is
  a stop word for the theme model, whatever its case, so no theme label, top term or
  bigram contains a participant's name even where the text kept it (a lower-case first
  name is not redacted in quotes: see :mod:`cocreate_kit.privacy`). Words of a name that
  are also ordinary words (``bo``, ``lykke``) are then missing from the labels too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .._langdetect import detect_language
from .._result import Result
from ..i18n import _, fmt_int, fmt_percent, lazy, ngettext
from ..privacy import name_terms, redact, suppress_counts, suppress_crosstab
from ..thresholds import DEFAULT_K
from ._charts import NO_ANSWER, mark_quotes, shown, theme_chart
from ._compat import renamed

__all__ = [
    "DANISH_STOP_WORDS",
    "detect_language",
    "sentiment",
    "themes",
    "ThemeResult",
]

#: Danish function words (compiled for this kit from common Danish grammar words).
DANISH_STOP_WORDS = frozenset(
    """
ad af alle alt altid anden andet andre at bare bliver blev blive da de dem den denne der
deres det dette dig din dine disse dit du efter eller en end er et fik for fordi fra få går
gør gøre ham han hans har have havde hele hende her hun hvad hvem hver hvilke hvis hvor
hvordan hvorfor i ikke ind ingen intet jeg jer jo kan kom kommer kun kunne lidt man mange
med meget men mere mig min mine mit mod må ned noget nogen nogle nu når og også om op os
over på sig sin sine sit skal skulle som så sådan thi til ud under var ved vi vil ville
vores være været alle altså hos igen jo lige mest nok se sidste samme selv siden stadig
være vær blevet både hvornår helt
""".split()
)


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _afinn_da() -> _AfinnFast:
    from afinn import Afinn

    return _AfinnFast(Afinn(language="da", emoticons=False)._dict)


class _AfinnFast:
    """AFINN scoring with the same matches as ``Afinn.score``, restricted per text.

    ``Afinn`` matches one large alternation ``\b(?:longest|...|shortest)\b`` against the
    lower-cased, whitespace-collapsed text. An entry can only match where its first run of
    word characters is a whole word of the text, so we keep only those entries (plus any
    that start with a non-word character) and match the same sorted alternation: the
    matches, and so the score, are identical (tested against ``Afinn.score``), but a text
    is scanned with a handful of alternatives instead of thousands.
    """

    def __init__(self, scores: dict[str, int]) -> None:
        self.scores = scores
        self.by_first: dict[str, list[str]] = {}
        self.always: list[str] = []
        for w in scores:
            m = re.match(r"\w+", w)
            if m and m.start() == 0:
                self.by_first.setdefault(m.group(0), []).append(w)
            else:
                self.always.append(w)

    @staticmethod
    @lru_cache(maxsize=4096)
    def _pattern(entries: tuple[str, ...]) -> re.Pattern:
        alts = "|".join(re.escape(w) for w in entries)
        return re.compile(rf"(\b(?:{alts})\b)", re.UNICODE)

    def score(self, text: str) -> float:
        low = re.sub(r"\s+", " ", text).lower()
        cand = list(self.always)
        for tok in set(re.findall(r"\w+", low)):
            cand.extend(self.by_first.get(tok, ()))
        if not cand:
            return 0.0
        entries = tuple(sorted(set(cand), key=len, reverse=True))
        return float(sum(self.scores[m] for m in self._pattern(entries).findall(low)))


def _norm(x: float, alpha: float = 15.0) -> float:
    return x / math.sqrt(x * x + alpha) if x else 0.0


def _label(score: float) -> str:
    if score >= 0.05:
        return "positive"
    if score <= -0.05:
        return "negative"
    return "neutral"


def sentiment(
    texts: pd.Series | Sequence[str],
    *,
    language: str | Sequence[str] | None = None,
    names: Sequence[str] = (),
) -> pd.DataFrame:
    """Sentiment per text: VADER for English, AFINN for Danish, on one -1..1 scale.

    Parameters
    ----------
    texts : Series or list of str
        Free text (redacted here first).
    language : str or sequence, optional
        ``"da"``/``"en"`` for all texts, one per text, or None to detect.
    names : sequence of str
        Deny-list passed to :func:`~cocreate_kit.privacy.redact`.

    Returns
    -------
    DataFrame
        Same index as ``texts``: ``language``, ``score`` (-1..1), ``label``
        (positive / neutral / negative), ``method`` (``"vader"``, ``"afinn-da"`` or
        ``"both"``). Missing or empty texts get NaN scores and label ``None``.

    Examples
    --------
    >>> sentiment(["The staff are kind and friendly.", "Hjælperen kom for sent, det er dårligt."])
    ... # doctest: +NORMALIZE_WHITESPACE
      language   score     label    method
    0       en  0.7650  positive     vader
    1       da -0.6124  negative  afinn-da
    """
    s = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
    red = redact(s.where(s.notna(), None).astype(object), names=names)
    if language is None:
        langs = [detect_language(t) if isinstance(t, str) else "unknown" for t in red]
    elif isinstance(language, str):
        langs = [language] * len(red)
    else:
        langs = list(language)
    scores, methods, labels = [], [], []
    for t, lang in zip(red, langs, strict=True):
        if not isinstance(t, str) or not t.strip():
            scores.append(np.nan)
            methods.append(None)
            labels.append(None)
            continue
        if lang == "en":
            sc, m = _vader().polarity_scores(t)["compound"], "vader"
        elif lang == "da":
            sc, m = _norm(_afinn_da().score(t)), "afinn-da"
        else:
            sc = (_vader().polarity_scores(t)["compound"] + _norm(_afinn_da().score(t))) / 2
            m = "both"
        sc = round(float(sc), 4)
        scores.append(sc)
        methods.append(m)
        labels.append(_label(sc))
    return pd.DataFrame(
        {"language": langs, "score": scores, "label": labels, "method": methods}, index=s.index
    )


class ThemeResult(Result):
    """Themes found by seeded TF-IDF + NMF.

    Attributes
    ----------
    themes : DataFrame
        One row per theme: ``theme`` (id), ``label`` (top 3 terms), ``top_terms``,
        ``n_texts``, ``share`` (percent of texts with a theme), ``mean_sentiment`` (when
        sentiment was computed).
    assignments : DataFrame
        Per text (same index as the input): ``theme`` (or NaN), ``weight``, and when
        available ``language``, ``sentiment``, ``segment``.
    quotes : DataFrame
        Up to ``n_quotes`` most representative distinct REDACTED texts per theme: ``theme``,
        ``label``, ``rank``, ``quote``, ``weight``.
    by_segment : DataFrame or None
        Theme x group counts after small-cell suppression (NaN = hidden), when ``by`` was
        given.
    n_texts : int
    k : int
        The suppression threshold used.

    Only redacted text is held: the quotes, and (privately, for :meth:`subset`) the
    redacted comments. :meth:`~cocreate_kit._result.Result.to_dict` exports the quotes.
    """

    title = lazy("Themes in the comments")

    def __init__(
        self,
        themes: pd.DataFrame,
        assignments: pd.DataFrame,
        quotes: pd.DataFrame,
        by_segment: pd.DataFrame | None,
        n_texts: int,
        k: int,
        texts: pd.Series | None = None,
        n_quotes: int = 3,
    ) -> None:
        self.themes = themes
        self.assignments = assignments
        self.quotes = quotes
        self.by_segment = by_segment
        self.n_texts = n_texts
        self.k = k
        self._texts = texts
        self._n_quotes = n_quotes

    def warnings(self) -> list[str]:
        """Unassigned texts and hidden cells, in the current language."""
        out = []
        unassigned = int(self.assignments["theme"].isna().sum())
        if unassigned:
            out.append(
                ngettext(
                    "{n} text shares no term with any theme and is left unassigned.",
                    "{n} texts share no term with any theme and are left unassigned.",
                    unassigned,
                ).format(n=fmt_int(unassigned))
            )
        if self.by_segment is not None and self.by_segment.isna().any().any():
            out.append(
                _(
                    "Some theme-by-segment counts are hidden (groups under {k}, or cells that "
                    "would reveal one)."
                ).format(k=fmt_int(self.k))
            )
        return out

    def summary(self) -> str:
        if self.themes.empty:
            return _("No themes found (too few texts or no shared words).")
        if self.themes["n_texts"].isna().all():
            return _("All themes hidden: fewer than {k} comments in each.").format(
                k=fmt_int(self.k)
            )
        top = self.themes.sort_values("n_texts", ascending=False).iloc[0]
        return _(
            "{n} themes in {n_texts} comments; the largest is '{label}' with {top_n} comments "
            "({share})."
        ).format(
            n=fmt_int(len(self.themes)),
            n_texts=fmt_int(self.n_texts),
            label=top["label"],
            top_n=fmt_int(top["n_texts"]),
            share=fmt_percent(top["share"] / 100),
        )

    def to_html(self, *, include_chart: bool = True) -> str:
        """As :meth:`Result.to_html <cocreate_kit._result.Result.to_html>`, with ``lang`` on
        each quote in another language than the page's (:func:`._charts.mark_quotes`)."""
        quotes = self.quotes["quote"] if "quote" in self.quotes.columns else []
        return mark_quotes(super().to_html(include_chart=include_chart), quotes)

    def share_by_segment(self) -> pd.DataFrame | None:
        """Percent of each shown segment's comments per theme (hidden cells stay NaN)."""
        if self.by_segment is None:
            return None
        col_tot = self.by_segment.sum(axis=0, min_count=1)
        return 100 * self.by_segment / col_tot

    def subset(self, mask: pd.Series | np.ndarray, *, k: int | None = None) -> ThemeResult:
        """The same themes (same model, labels and terms) counted over some texts only,
        e.g. the comments of one group of respondents, with small counts suppressed.

        Parameters
        ----------
        mask : boolean Series or array
            Which texts to keep: a Series is aligned on the index of the texts given to
            :func:`themes` (e.g. :meth:`Survey.in_group`); an array follows their order.
        k : int, optional
            Suppression threshold (default: the result's own :attr:`k`).

        Returns
        -------
        ThemeResult
            ``themes`` is recounted over the kept texts (``n_texts``, ``share``,
            ``mean_sentiment``) with a ``suppressed`` column: themes with fewer than ``k``
            kept texts are blanked, with secondary suppression
            (:func:`~cocreate_kit.privacy.suppress_counts`). ``quotes`` are the most
            representative distinct kept texts of each shown theme (none for a hidden
            theme); ``by_segment`` is recounted and suppressed the same way.

        Examples
        --------
        >>> docs = ["the app login fails", "app login is broken", "cannot log in to the app",
        ...         "staff are kind", "kind and friendly staff", "friendly staff help"] * 2
        >>> r = themes(docs, n_themes=2, with_sentiment=False)
        >>> sub = r.subset([True] * 6 + [False] * 6, k=2)
        >>> sub.themes["n_texts"].tolist(), sub.n_texts
        ([3, 3], 6)
        >>> one = r.subset([True] + [False] * 11, k=2)  # one comment: its theme is hidden
        >>> t = one.themes
        >>> int(t["suppressed"].sum()), int(t["n_texts"].isna().sum()), one.quotes.empty
        (1, 1, True)
        """
        k = self.k if k is None else k
        a = self.assignments
        if isinstance(mask, pd.Series):
            keep = mask.reindex(a.index).fillna(False).astype(bool).to_numpy()
        else:
            keep = np.asarray(mask, dtype=bool)
            if len(keep) != len(a):
                msg = _("mask has {n} values; the themes were found in {total} texts.").format(
                    n=len(keep), total=len(a)
                )
                raise ValueError(msg)
        a = a.loc[keep]
        assigned = a.dropna(subset=["theme"])
        counts = assigned.groupby("theme").size()
        t = self.themes.copy()
        t["n_texts"] = t["theme"].map(counts).fillna(0).astype(int)
        n_with = int(t["n_texts"].sum())
        t["share"] = 100 * t["n_texts"] / n_with if n_with else math.nan
        if "sentiment" in a:
            t["mean_sentiment"] = t["theme"].map(assigned.groupby("theme")["sentiment"].mean())
        blank = [c for c in ("n_texts", "share", "mean_sentiment") if c in t.columns]
        t = suppress_counts(t, "n_texts", k=k, columns=blank)
        quotes = pd.DataFrame(columns=self.quotes.columns)
        if self._texts is not None:
            shown = t.loc[~t["suppressed"], ["theme", "label"]]
            quotes = _quotes(assigned, shown, self._texts, self._n_quotes)
        by_seg = _by_segment(assigned, self.themes, k) if "segment" in a else None
        return ThemeResult(t, a, quotes, by_seg, int(keep.sum()), k, self._texts, self._n_quotes)

    def chart(self) -> Any:
        """Comments per theme (:func:`._charts.theme_chart`)."""
        return theme_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        out = [
            (_("Themes"), shown(self.themes)),
            (_("Most representative comments (redacted)"), shown(self.quotes)),
        ]
        if self.by_segment is not None:
            out.append(
                (
                    _("Comments per theme and segment (small groups hidden)"),
                    shown(self.by_segment.reset_index()),
                )
            )
        return out


_TOKEN = r"(?u)\b[^\W\d_][^\W\d_]+\b"


def _stop_words(names: Sequence[str] = ()) -> list[str]:
    """Danish and English stop words, plus the words of deny-listed names."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    own = {t for t in name_terms(names) if re.fullmatch(_TOKEN, t)}
    return sorted(set(ENGLISH_STOP_WORDS) | DANISH_STOP_WORDS | own)


def themes(
    texts: pd.Series | Sequence[str],
    *,
    n_themes: int = 6,
    seed: int = 0,
    n_terms: int = 8,
    n_quotes: int = 3,
    by: pd.Series | None = None,
    k: int = DEFAULT_K,
    with_sentiment: bool = True,
    names: Sequence[str] = (),
    max_features: int = 5000,
    segment: pd.Series | None = None,
) -> ThemeResult:
    """Reproducible themes with TF-IDF + NMF, with quotes, segment shares and sentiment.

    Parameters
    ----------
    texts : Series or list of str
        Free text; redacted here first.
    n_themes : int
        Number of themes (NMF components).
    seed : int
        ``random_state`` of NMF; the same seed and input give the same themes.
    by : Series, optional
        A group per text (same index), e.g. ``survey.data["role"]``, for the theme-by-group
        table, which is suppressed with :func:`~cocreate_kit.privacy.suppress_crosstab`
        (threshold ``k``). ``segment=`` is its deprecated name.
    with_sentiment : bool
        Also compute :func:`sentiment` and the mean sentiment per theme.
    names : sequence of str
        Participant deny-list: redacted from the texts and quotes, and every word of it
        kept out of theme labels and top terms (see module Notes).

    Examples
    --------
    >>> docs = ["the app login fails", "app login is broken", "cannot log in to the app",
    ...         "staff are kind", "kind and friendly staff", "friendly staff help"] * 2
    >>> r = themes(docs, n_themes=2, with_sentiment=False)
    >>> sorted(r.themes["n_texts"].tolist())
    [6, 6]
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    by = renamed(by, segment, old="segment", new="by", where="themes")
    s = pd.Series(texts) if not isinstance(texts, pd.Series) else texts
    s = s[s.notna() & (s.astype(str).str.strip() != "")].astype(str)
    red = redact(s, names=names)
    placeholder = re.compile(r"\[(?:EMAIL|URL|CPR|PHONE|ADDRESS|NAME)(?:-[0-9a-f]+)?\]")
    clean = red.str.replace(placeholder, " ", regex=True)
    empty_assign = pd.DataFrame(
        {"theme": pd.Series(dtype="float64"), "weight": pd.Series(dtype="float64")}
    )
    if len(clean) < max(2, n_themes):
        return ThemeResult(
            pd.DataFrame(columns=["theme", "label", "top_terms", "n_texts", "share"]),
            empty_assign,
            pd.DataFrame(columns=["theme", "label", "rank", "quote", "weight"]),
            None,
            len(clean),
            k,
            red,
            n_quotes,
        )
    vec = TfidfVectorizer(
        stop_words=_stop_words(names),
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.9,
        max_features=max_features,
        sublinear_tf=True,
        token_pattern=_TOKEN,
    )
    X = vec.fit_transform(clean.str.lower())
    n_comp = min(n_themes, X.shape[1], X.shape[0])
    model = NMF(n_components=n_comp, init="nndsvda", random_state=seed, max_iter=400)
    W = model.fit_transform(X)
    H = model.components_
    terms = np.asarray(vec.get_feature_names_out())
    assigned = np.where(W.max(axis=1) > 0, W.argmax(axis=1), -1)
    weight = W.max(axis=1)
    assign = pd.DataFrame(
        {"theme": np.where(assigned >= 0, assigned + 1, np.nan), "weight": weight}, index=s.index
    )
    if with_sentiment:
        sen = sentiment(red)
        assign["language"] = sen["language"]
        assign["sentiment"] = sen["score"]
    if by is not None:
        assign["segment"] = by.reindex(s.index).fillna(NO_ANSWER).astype(str)
    rows, quotes = [], []
    n_with = int((assigned >= 0).sum())
    for t in range(n_comp):
        top = terms[np.argsort(-H[t])[:n_terms]]
        label = ", ".join(top[:3])
        members = assigned == t
        r = {
            "theme": t + 1,
            "label": label,
            "top_terms": ", ".join(top),
            "n_texts": int(members.sum()),
            "share": 100 * members.sum() / n_with if n_with else math.nan,
        }
        if with_sentiment:
            r["mean_sentiment"] = float(assign.loc[members, "sentiment"].mean())
        rows.append(r)
        order, seen = [], set()
        for i in np.argsort(-W[:, t], kind="stable"):
            if members[i] and red.iloc[i] not in seen:
                seen.add(red.iloc[i])
                order.append(i)
            if len(order) == n_quotes:
                break
        for rank, i in enumerate(order, start=1):
            quotes.append(
                {
                    "theme": t + 1,
                    "label": label,
                    "rank": rank,
                    "quote": red.iloc[i],
                    "weight": float(W[i, t]),
                }
            )
    th = pd.DataFrame(rows)
    by_seg = _by_segment(assign.dropna(subset=["theme"]), th, k) if by is not None else None
    return ThemeResult(th, assign, pd.DataFrame(quotes), by_seg, len(s), k, red, n_quotes)


def _by_segment(assigned: pd.DataFrame, themes: pd.DataFrame, k: int) -> pd.DataFrame:
    """Theme (label) x group counts of the assigned texts, suppressed below ``k``."""
    ct = pd.crosstab(assigned["theme"].astype(int), assigned["segment"])
    ct.index = [themes.set_index("theme").loc[i, "label"] for i in ct.index]
    ct.index.name = "theme"
    return suppress_crosstab(ct, k=k)


def _quotes(
    assigned: pd.DataFrame, shown: pd.DataFrame, texts: pd.Series, n_quotes: int
) -> pd.DataFrame:
    """Up to ``n_quotes`` distinct redacted texts per shown theme, largest weight first."""
    rows = []
    for theme, label in zip(shown["theme"], shown["label"], strict=True):
        members = assigned[assigned["theme"] == theme].sort_values("weight", ascending=False)
        found = texts.reindex(members.index).dropna()
        seen: dict[str, float] = {}
        for ix, text in found.items():
            seen.setdefault(text, float(members.at[ix, "weight"]))
        for rank, (text, weight) in enumerate(list(seen.items())[:n_quotes], start=1):
            rows.append(
                {"theme": theme, "label": label, "rank": rank, "quote": text, "weight": weight}
            )
    return pd.DataFrame(rows, columns=["theme", "label", "rank", "quote", "weight"])
