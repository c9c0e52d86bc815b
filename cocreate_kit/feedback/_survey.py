"""Survey loading and the standard usability / satisfaction metrics.

Methods
-------
* **SUS** (Brooke 1996): ten items on 1-5; odd items contribute ``x - 1``, even items
  ``5 - x``; the sum times 2.5 gives 0-100. A missing item is scored neutral (3) and the
  respondent is flagged; a respondent with no SUS answers gets no score. The mean is
  reported with a Student t interval and graded on the Sauro-Lewis curved scale.
* **NPS** (0-10): % promoters (9-10) minus % detractors (0-6). Standard error of the
  difference of the two proportions (from the same multinomial sample):
  ``sqrt((p+ + p- - (p+ - p-)^2) / n)``; the interval is NPS ± z·SE (Wald), clipped to
  -100..100.
* **UMUX-Lite** (Lewis et al. 2013): two 7-point items, ``((i1 - 1) + (i2 - 1)) * 100 / 12``;
  mean with a t interval.
* **CSAT top-2-box**: share answering 4 or 5 on a 1-5 scale, with an Agresti-Coull interval
  (the adjusted Wald interval recommended by Sauro & Lewis for small samples); the 1-5 mean
  is reported too, as Danish municipal user surveys do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._result import Result, Results
from .._stats import t_interval, z_crit
from .._sus import sus_grade
from ..privacy import DEFAULT_K, redact, suppress_segments
from ._scales import LIKERT_LABELS_EN, expectation, to_scale

__all__ = [
    "A11_ITEMS",
    "SMALL_N",
    "Survey",
    "load_survey",
    "sus_scores",
    "sus_summary",
    "sus_grade",
    "nps",
    "umux_lite",
    "csat_top2",
    "metrics_by_segment",
    "likert",
    "SUSSummary",
    "NPSResult",
    "SegmentMetrics",
    "LikertResult",
]

#: Below this many answers a metric is shown with a "small sample" warning.
SMALL_N = 30

#: OMB Circular A-11 section 280 customer-experience items (first version), 1-5 agreement.
A11_ITEMS = {
    "a11_satisfaction": "I am satisfied with the service I received.",
    "a11_confidence": "This interaction increased my confidence in the service.",
    "a11_effectiveness": "My need was addressed.",
    "a11_ease": "It was easy to complete what I needed to do.",
    "a11_efficiency": "It took a reasonable amount of time to do what I needed to do.",
    "a11_equity": "I was treated fairly.",
    "a11_employee": "Employees I interacted with were helpful.",
}


def _t_interval(x: np.ndarray, confidence: float) -> tuple[float, float, float, float]:
    """(mean, sd, low, high) of the non-missing values, via the shared t interval."""
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return (math.nan,) * 4
    mean, lo, hi = t_interval(x, confidence)
    sd = float(np.std(x, ddof=1)) if len(x) > 1 else math.nan
    return mean, sd, lo, hi


# --------------------------------------------------------------------------------------
# SUS
# --------------------------------------------------------------------------------------


def sus_scores(
    data: pd.DataFrame, items: Sequence[str] | None = None, *, file: str | None = None
) -> pd.Series:
    """One 0-100 SUS score per respondent (Brooke's scoring).

    Parameters
    ----------
    data : DataFrame
        One row per respondent.
    items : list of 10 str, optional
        The SUS item columns in questionnaire order; default ``sus_1`` ... ``sus_10``.
    file : str, optional
        File name for error messages (default ``data.attrs["source"]``).

    Returns
    -------
    Series
        Named ``"sus"``, same index as ``data``. ``attrs["imputed"]`` maps the index of each
        respondent with missing items (scored 3) to how many were missing; respondents with
        no SUS answer at all get NaN.

    Raises
    ------
    DataError
        When item columns are missing or an answer is not a whole number 1-5.

    Examples
    --------
    >>> df = pd.DataFrame([[5, 1] * 5, [3] * 10, [4, 2, 4, 2, 4, 2, 4, 2, 4, None]],
    ...                   columns=[f"sus_{i}" for i in range(1, 11)])
    >>> s = sus_scores(df)
    >>> s.tolist(), s.attrs["imputed"]
    ([100.0, 50.0, 72.5], {2: 1})
    """
    items = list(items) if items is not None else [f"sus_{i}" for i in range(1, 11)]
    pc = ProblemCollector(
        file or data.attrs.get("source"), row_offset=int(data.attrs.get("row_offset", 0))
    )
    if len(items) != 10:
        pc.add(
            column=", ".join(items),
            value=len(items),
            expected="exactly 10 SUS item columns in questionnaire order",
        )
        pc.raise_if_any()
    missing = [c for c in items if c not in data.columns]
    for c in missing:
        pc.add(
            row=1 if "row_offset" in data.attrs else None,
            column=c,
            value=None,
            expected=f"a SUS item column named {c!r} (the file has: "
            f"{', '.join(map(str, list(data.columns)[:15]))})",
        )
    pc.raise_if_any()
    vals = []
    for c in items:
        v, bad = to_scale(data[c], 1, 5, labels=False)
        for pos in np.flatnonzero(bad.to_numpy()):
            pc.add_position(
                pos, column=c, value=data[c].iloc[pos], expected=expectation(1, 5, labels=False)
            )
        vals.append(v.to_numpy())
    pc.raise_if_any()
    m = np.column_stack(vals)
    n_missing = np.isnan(m).sum(axis=1)
    filled = np.where(np.isnan(m), 3.0, m)
    contrib = np.where(np.arange(10) % 2 == 0, filled - 1, 5 - filled)
    score = contrib.sum(axis=1) * 2.5
    score[n_missing == 10] = np.nan
    out = pd.Series(score, index=data.index, name="sus")
    out.attrs["imputed"] = {
        _plain(ix): int(k) for ix, k in zip(data.index, n_missing, strict=True) if 0 < k < 10
    }
    return out


def _plain(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


class SUSSummary(Result):
    """Mean SUS score with its t interval, Sauro-Lewis grade and n.

    Attributes
    ----------
    mean, ci_low, ci_high, sd : float
    n : int
    grade : str
    confidence : float
    n_imputed : int
        Respondents with at least one missing item scored 3.
    """

    title = "System Usability Scale (SUS)"

    def __init__(self, scores: pd.Series, confidence: float = 0.95) -> None:
        x = pd.to_numeric(scores, errors="coerce").to_numpy(dtype=float)
        self.mean, self.sd, self.ci_low, self.ci_high = _t_interval(x, confidence)
        self.n = int((~np.isnan(x)).sum())
        self.grade = sus_grade(self.mean)
        self.confidence = confidence
        self.n_imputed = len(getattr(scores, "attrs", {}).get("imputed", {}))
        self._warnings = []
        if self.n_imputed:
            self._warnings.append(
                f"{self.n_imputed} respondent(s) skipped at least one SUS item; each missing "
                "item was scored as the neutral answer 3."
            )
        if 0 < self.n < SMALL_N:
            self._warnings.append(
                f"Only {self.n} respondents: the interval is wide; treat the grade as rough."
            )

    def table(self) -> pd.DataFrame:
        """One row: n, mean, sd, ci_low, ci_high, grade."""
        return pd.DataFrame(
            [
                {
                    "n": self.n,
                    "mean": self.mean,
                    "sd": self.sd,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                    "grade": self.grade,
                }
            ]
        )

    def summary(self) -> str:
        if self.n == 0:
            return "No SUS answers."
        rel = "above" if self.mean > 68 else "below" if self.mean < 68 else "at"
        return (
            f"Mean SUS score {self.mean:.1f} (n = {self.n}; {self.confidence:.0%} confidence "
            f"interval {self.ci_low:.1f} to {self.ci_high:.1f}), grade {self.grade} on the "
            f"Sauro-Lewis curved scale; {rel} the benchmark average of 68."
        )

    def chart(self) -> Any:
        import altair as alt

        from ..charts import figure

        t = self.table()
        base = alt.Chart(t).encode(y=alt.Y("grade:N", title=None))
        bar = base.mark_rule(strokeWidth=3).encode(
            x=alt.X("ci_low:Q", title="SUS score (0-100)", scale=alt.Scale(domain=[0, 100])),
            x2="ci_high:Q",
        )
        pt = base.mark_point(size=120).encode(x="mean:Q")
        ref = alt.Chart(pd.DataFrame({"x": [68]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
        return figure(
            (bar + pt + ref).properties(height=60),
            title="Mean SUS score",
            description=self.summary(),
            table=t,
        )

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [("SUS summary", self.table())]


def sus_summary(scores: pd.Series, *, confidence: float = 0.95) -> SUSSummary:
    """Mean SUS with a t interval, Sauro-Lewis grade and n.

    Examples
    --------
    >>> s = sus_summary(pd.Series([70.0, 80.0, 90.0]))
    >>> round(s.mean, 1), s.n, s.grade, round(s.ci_low, 2)
    (80.0, 3, 'A-', 55.16)
    """
    return SUSSummary(scores, confidence)


# --------------------------------------------------------------------------------------
# NPS, UMUX-Lite, CSAT
# --------------------------------------------------------------------------------------


class NPSResult(Result):
    """Net Promoter Score with its standard error and Wald interval (all in points).

    Attributes
    ----------
    value : float
        NPS in points, -100..100.
    se, ci_low, ci_high : float
    n, promoters, passives, detractors : int
    """

    title = "Net Promoter Score (NPS)"

    def __init__(self, scores: pd.Series, confidence: float = 0.95) -> None:
        x = pd.to_numeric(pd.Series(scores), errors="coerce").dropna().to_numpy()
        bad = x[(x < 0) | (x > 10) | (x != np.floor(x))]
        if len(bad):
            pc = ProblemCollector(getattr(scores, "attrs", {}).get("source"))
            for v in bad[:20]:
                pc.add(
                    column=getattr(scores, "name", None),
                    value=v,
                    expected="a whole number from 0 to 10",
                )
            pc.raise_if_any()
        self.n = len(x)
        self.promoters = int((x >= 9).sum())
        self.detractors = int((x <= 6).sum())
        self.passives = self.n - self.promoters - self.detractors
        self.confidence = confidence
        if self.n:
            pp, pd_ = self.promoters / self.n, self.detractors / self.n
            self.value = 100 * (pp - pd_)
            self.se = 100 * math.sqrt((pp + pd_ - (pp - pd_) ** 2) / self.n)
            z = z_crit(confidence)
            self.ci_low = max(-100.0, self.value - z * self.se)
            self.ci_high = min(100.0, self.value + z * self.se)
        else:
            self.value = self.se = self.ci_low = self.ci_high = math.nan
        self._warnings = []
        if 0 < self.n < SMALL_N:
            self._warnings.append(f"Only {self.n} answers: the NPS interval is wide.")

    def table(self) -> pd.DataFrame:
        """One row: n, promoters, passives, detractors, nps, se, ci_low, ci_high."""
        return pd.DataFrame(
            [
                {
                    "n": self.n,
                    "promoters": self.promoters,
                    "passives": self.passives,
                    "detractors": self.detractors,
                    "nps": self.value,
                    "se": self.se,
                    "ci_low": self.ci_low,
                    "ci_high": self.ci_high,
                }
            ]
        )

    def summary(self) -> str:
        if not self.n:
            return "No NPS answers."
        return (
            f"NPS {self.value:+.0f} (n = {self.n}: {self.promoters} promoters, "
            f"{self.passives} passives, {self.detractors} detractors; {self.confidence:.0%} "
            f"interval {self.ci_low:+.0f} to {self.ci_high:+.0f})."
        )

    def chart(self) -> Any:
        import altair as alt

        from ..charts import PALETTE, figure

        t = pd.DataFrame(
            {
                "group": ["Detractors (0-6)", "Passives (7-8)", "Promoters (9-10)"],
                "n": [self.detractors, self.passives, self.promoters],
            }
        )
        t["percent"] = 100 * t["n"] / max(self.n, 1)
        ch = (
            alt.Chart(t)
            .mark_bar()
            .encode(
                x=alt.X("percent:Q", stack="zero", title="% of answers"),
                color=alt.Color(
                    "group:N",
                    sort=list(t["group"]),
                    title=None,
                    scale=alt.Scale(range=[PALETTE[1], "#9e9e9e", PALETTE[0]]),
                ),
                order=alt.Order("order:Q"),
            )
            .transform_calculate(
                order="indexof(['Detractors (0-6)','Passives (7-8)',"
                "'Promoters (9-10)'], datum.group)"
            )
            .properties(height=50)
        )
        return figure(
            ch, title="Promoters, passives and detractors", description=self.summary(), table=t
        )

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [("NPS", self.table())]


def nps(scores: pd.Series | Sequence[float], *, confidence: float = 0.95) -> NPSResult:
    """Net Promoter Score with standard error and interval.

    Examples
    --------
    >>> r = nps([10, 9, 8, 7, 6, 0, 10, 10, 3, 9])
    >>> r.value, r.promoters, r.detractors, round(r.se, 2)
    (20.0, 5, 3, 27.57)
    """
    return NPSResult(pd.Series(scores) if not isinstance(scores, pd.Series) else scores, confidence)


def umux_lite(data: pd.DataFrame, items: Sequence[str] = ("umux_1", "umux_2")) -> pd.Series:
    """UMUX-Lite score 0-100 per respondent: ``((i1 - 1) + (i2 - 1)) * 100 / 12``.

    Examples
    --------
    >>> umux_lite(pd.DataFrame({"umux_1": [7, 4], "umux_2": [7, 1]})).tolist()
    [100.0, 25.0]
    """
    a, b = (pd.to_numeric(data[c], errors="coerce") for c in items)
    return ((a - 1) + (b - 1)) * 100 / 12


def csat_top2(values: pd.Series, *, confidence: float = 0.95) -> dict[str, float]:
    """Top-2-box share (answers 4 or 5 on 1-5) with an Agresti-Coull interval, and the mean.

    Examples
    --------
    >>> r = csat_top2(pd.Series([5, 4, 4, 3, 1]))
    >>> r["top2"], r["n"], r["mean"]
    (0.6, 5, 3.4)
    """
    from statsmodels.stats.proportion import proportion_confint

    x = pd.to_numeric(values, errors="coerce").dropna()
    n = len(x)
    if n == 0:
        return {"n": 0, "top2": math.nan, "ci_low": math.nan, "ci_high": math.nan, "mean": math.nan}
    k = int((x >= 4).sum())
    lo, hi = proportion_confint(k, n, alpha=1 - confidence, method="agresti_coull")
    return {
        "n": n,
        "top2": k / n,
        "ci_low": float(max(lo, 0.0)),
        "ci_high": float(min(hi, 1.0)),
        "mean": float(x.mean()),
    }


# --------------------------------------------------------------------------------------
# Survey loading
# --------------------------------------------------------------------------------------


@dataclass
class Survey:
    """A validated survey: numeric answers, segments, and REDACTED free text only.

    Attributes
    ----------
    data : DataFrame
        One row per respondent: the id, segment columns, numeric item columns (1..k,
        0-10 for NPS) and the redacted free-text columns. The raw text never stays here.
    respondent : str
    segments, likert, sus, umux, a11, text : list of str
    nps, csat : str or None
    source : str or None
    redaction : DataFrame
        :func:`cocreate_kit.privacy.redaction_report` of the free text (counts only).
    names : tuple of str
        The participant deny-list the text was redacted with. It is kept (out of the
        ``repr``) so that later analyses of this survey, such as :meth:`themes` and the
        feedback app's themes view, keep every word of those names out of theme labels.
    """

    data: pd.DataFrame
    respondent: str
    segments: list[str] = field(default_factory=list)
    likert: list[str] = field(default_factory=list)
    sus: list[str] = field(default_factory=list)
    nps: str | None = None
    umux: list[str] = field(default_factory=list)
    a11: list[str] = field(default_factory=list)
    csat: str | None = None
    text: list[str] = field(default_factory=list)
    source: str | None = None
    redaction: pd.DataFrame | None = None
    labels: dict[str, str] = field(default_factory=dict)
    names: tuple[str, ...] = field(default=(), repr=False)

    @property
    def n(self) -> int:
        """Number of respondents."""
        return len(self.data)

    def likert_items(self) -> list[str]:
        """All 1-5 agreement items (Likert plus A-11)."""
        return [*self.likert, *self.a11]

    def subset(self, mask: pd.Series | np.ndarray) -> Survey:
        """The same survey restricted to some respondents (e.g. one segment)."""
        from dataclasses import replace

        return replace(self, data=self.data.loc[np.asarray(mask, dtype=bool)].copy())

    def themes(self, *, segment: str | None = None, k: int = DEFAULT_K, **kwargs: Any) -> Any:
        """:func:`~cocreate_kit.feedback.themes` of the first free-text column, by
        ``segment`` (default: the first segment column), or None without free text.

        The survey's deny-list (:attr:`names`) is passed on unless ``names=`` is given."""
        from ._text import themes

        if not self.text:
            return None
        seg = segment or (self.segments[0] if self.segments else None)
        kwargs.setdefault("names", self.names)
        return themes(
            self.data[self.text[0]], segment=self.data[seg] if seg else None, k=k, **kwargs
        )

    def metrics(self, *, k: int = DEFAULT_K, segments: Sequence[str] | None = None) -> Results:
        """SUS and NPS for everyone, then the metrics by segment (suppressed below ``k``).

        ``segments`` names the segment columns to break down by (default: all of them).

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
        >>> len(s.metrics())  # SUS, NPS and one table per segment column
        6
        """
        items: list[Any] = []
        if self.sus:
            items.append(sus_summary(sus_scores(self.data, self.sus)))
        if self.nps:
            items.append(nps(self.data[self.nps]))
        by = self.segments if segments is None else segments
        items.extend(metrics_by_segment(self, seg, k=k) for seg in by)
        return Results(items)

    def describe(self) -> str:
        """A short multi-line description of what was found (used by the CLI)."""
        lines = [f"{self.n} respondents (id column {self.respondent!r})."]
        if self.segments:
            parts = [f"{s} ({self.data[s].nunique()} groups)" for s in self.segments]
            lines.append("Segments: " + ", ".join(parts) + ".")
        for label, cols in (
            ("Likert items", self.likert),
            ("SUS items", self.sus),
            ("UMUX-Lite items", self.umux),
            ("A-11 items", self.a11),
            ("Free-text columns (redacted on load)", self.text),
        ):
            if cols:
                lines.append(f"{label}: {', '.join(cols)}.")
        if self.nps:
            lines.append(f"NPS column: {self.nps}.")
        if self.csat:
            lines.append(f"CSAT column: {self.csat}.")
        if self.redaction is not None and self.redaction["replacements"].sum():
            r = self.redaction[self.redaction["replacements"] > 0]
            lines.append(
                "Redacted personal data: "
                + ", ".join(
                    f"{int(n)} {t}" for t, n in zip(r["type"], r["replacements"], strict=True)
                )
                + "."
            )
        return "\n".join(lines)


_PREFIXES = {"sus": r"sus_?(\d+)$", "umux": r"umux_?(\d+)$"}


def _auto(cols: list[str], pattern: str) -> list[str]:
    found = [(int(m.group(1)), c) for c in cols if (m := re.match(pattern, c, re.I))]
    return [c for _, c in sorted(found)]


def load_survey(
    source: str | Path | pd.DataFrame,
    *,
    respondent: str | None = None,
    segments: Sequence[str] | None = None,
    likert: Sequence[str] | None = None,
    sus: Sequence[str] | None = None,
    nps: str | None = None,
    umux: Sequence[str] | None = None,
    a11: Sequence[str] | None = None,
    csat: str | None = None,
    text: Sequence[str] | None = None,
    layout: str = "wide",
    item: str = "item",
    value: str = "value",
    names: Sequence[str] = (),
    salt: str | bytes | None = None,
    labels: dict[str, str] | None = None,
) -> Survey:
    """Load and validate a survey, wide or long, redacting free text on the way in.

    Column roles not given are found by name: ``sus_1``..``sus_10``, ``umux_1``/``umux_2``,
    ``nps``, ``csat``, ``a11_*``, ``likert_*`` (or ``q_*``), free text ``comment*`` /
    ``text*`` / ``kommentar*``, segments ``segment*`` / ``seg_*`` plus ``role``,
    ``age_group``, ``area``, ``channel``, ``municipality``; the id is ``respondent_id``,
    ``respondent`` or ``id``.

    Parameters
    ----------
    source : path or DataFrame
        A CSV / xlsx / JSON file (read with :func:`cocreate_kit.io.read_table`) or a frame.
    layout : {"wide", "long"}
        Long data has one row per respondent x item with columns ``item`` and ``value``;
        segment and text columns are taken from each respondent's first row.
    names, salt
        Passed to :func:`cocreate_kit.privacy.redact` for every free-text column. The raw
        text is replaced in the returned data; it is never kept.
    labels : dict, optional
        Column -> question wording shown in charts.

    Raises
    ------
    DataError
        Listing every problem: missing columns, answers outside their scale (Likert labels
        not on the Danish/English 5-point scales, SUS not 1-5, NPS not 0-10, UMUX not 1-7),
        duplicate respondent ids.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    >>> s.n, len(s.sus), s.nps
    (600, 10, 'nps')
    """
    from ..io import read_table

    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.attrs = dict(source.attrs)
    else:
        df = read_table(source)
    file = df.attrs.get("source")
    pc = ProblemCollector(file, row_offset=int(df.attrs.get("row_offset", 0)))
    cols = [str(c) for c in df.columns]
    if respondent is None:
        respondent = next((c for c in ("respondent_id", "respondent", "id") if c in cols), None)
    if respondent is None or respondent not in cols:
        pc.add(
            row=1,
            column=respondent or "respondent_id",
            value=None,
            expected="a respondent id column (respondent_id, respondent or id); "
            f"the file has: {', '.join(cols[:15])}",
        )
        pc.raise_if_any()
    if layout == "long":
        df = _long_to_wide(df, respondent, item, value, pc)
        cols = [str(c) for c in df.columns]
    elif layout != "wide":
        msg = f"layout must be 'wide' or 'long', got {layout!r}."
        raise ValueError(msg)
    low = {c: c.lower() for c in cols}
    sus = list(sus) if sus is not None else _auto(cols, _PREFIXES["sus"])
    umux = list(umux) if umux is not None else _auto(cols, _PREFIXES["umux"])
    a11 = list(a11) if a11 is not None else [c for c in cols if low[c].startswith("a11_")]
    likert = (
        list(likert)
        if likert is not None
        else [c for c in cols if low[c].startswith(("likert_", "q_"))]
    )
    if nps is None:
        nps = next((c for c in cols if low[c] == "nps"), None)
    if csat is None:
        csat = next((c for c in cols if low[c] == "csat"), None)
    text = (
        list(text)
        if text is not None
        else [c for c in cols if low[c].startswith(("comment", "text", "kommentar", "fritekst"))]
    )
    if segments is None:
        named = ("role", "age_group", "area", "channel", "municipality", "rolle", "kommune")
        segments = [c for c in cols if low[c].startswith(("segment", "seg_")) or low[c] in named]
    segments = list(segments)
    for c in [*segments, *likert, *sus, *umux, *a11, *text, nps, csat]:
        if c is not None and c not in cols:
            pc.add(
                row=1 if "row_offset" in df.attrs else None,
                column=c,
                value=None,
                expected=f"a column named {c!r}; the file has: {', '.join(cols[:15])}",
            )
    if sus and len(sus) != 10:
        pc.add(
            column=", ".join(sus),
            value=f"{len(sus)} SUS columns",
            expected="all 10 SUS items sus_1 ... sus_10",
        )
    if len(umux) not in (0, 2):
        pc.add(
            column=", ".join(umux),
            value=f"{len(umux)} UMUX-Lite columns",
            expected="the 2 UMUX-Lite items umux_1 and umux_2",
        )
    pc.raise_if_any()
    out = df.copy()
    ids = df[respondent]
    dup = ids.duplicated(keep="first") & ids.notna()
    for pos in np.flatnonzero(dup.to_numpy()):
        pc.add_position(
            pos,
            column=respondent,
            value=ids.iloc[pos],
            expected="a respondent id not used in an earlier row",
        )
    for pos in np.flatnonzero(ids.isna().to_numpy()):
        pc.add_position(pos, column=respondent, value=None, expected="a respondent id")

    def scale(c: str, lo: int, hi: int, lab: bool) -> None:
        v, bad = to_scale(df[c], lo, hi, labels=lab)
        for pos in np.flatnonzero(bad.to_numpy())[:20]:
            pc.add_position(pos, column=c, value=df[c].iloc[pos], expected=expectation(lo, hi, lab))
        out[c] = v

    for c in [*likert, *a11]:
        scale(c, 1, 5, True)
    for c in sus:
        scale(c, 1, 5, False)
    for c in umux:
        scale(c, 1, 7, False)
    if nps:
        scale(nps, 0, 10, False)
    if csat:
        scale(csat, 1, 5, True)
    for c in segments:
        out[c] = df[c].where(df[c].isna(), df[c].astype(str).str.strip())
    pc.raise_if_any()
    from ..privacy import redaction_report

    reports = []
    for c in text:
        raw = df[c].where(df[c].isna(), df[c].astype(str))
        reports.append(redaction_report(raw, names=names, salt=salt))
        out[c] = redact(raw, names=names, salt=salt)
    rep = None
    if reports:
        rep = reports[0].copy()
        for r in reports[1:]:
            rep[["replacements", "texts"]] += r[["replacements", "texts"]].to_numpy()
    keep = [
        respondent,
        *segments,
        *likert,
        *a11,
        *sus,
        *umux,
        *([nps] if nps else []),
        *([csat] if csat else []),
        *text,
    ]
    out = out[list(dict.fromkeys(keep))].reset_index(drop=True)
    out.attrs = {"source": file}
    lab = {**A11_ITEMS, **(labels or {})}
    return Survey(
        out,
        respondent,
        segments,
        likert,
        sus,
        nps,
        umux,
        a11,
        csat,
        text,
        file,
        rep,
        {c: lab.get(c, c) for c in [*likert, *a11]},
        tuple(str(n) for n in ([names] if isinstance(names, str) else names)),
    )


def _long_to_wide(
    df: pd.DataFrame, respondent: str, item: str, value: str, pc: ProblemCollector
) -> pd.DataFrame:
    for c in (item, value):
        if c not in df.columns:
            pc.add(
                row=1,
                column=c,
                value=None,
                expected=f"a column {c!r} in long layout (one row per respondent x item)",
            )
    pc.raise_if_any()
    dup = df.duplicated([respondent, item], keep="first")
    for pos in np.flatnonzero(dup.to_numpy()):
        pc.add_position(
            pos,
            column=item,
            value=df[item].iloc[pos],
            expected="one row per respondent and item (this pair is repeated)",
        )
    pc.raise_if_any()
    wide = df.pivot(index=respondent, columns=item, values=value)
    wide.columns = [str(c) for c in wide.columns]
    other = [c for c in df.columns if c not in (item, value, respondent)]
    first = df.groupby(respondent, sort=False)[other].first() if other else None
    out = wide if first is None else first.join(wide)
    out = out.reset_index()
    out.attrs = {"source": df.attrs.get("source")}
    return out


# --------------------------------------------------------------------------------------
# Metrics by segment
# --------------------------------------------------------------------------------------


class SegmentMetrics(Result):
    """SUS, NPS, UMUX-Lite and CSAT per segment, with intervals, n and suppression.

    Attributes
    ----------
    table : DataFrame
        One row per segment plus an ``All respondents`` row: ``n``, ``sus_mean``,
        ``sus_ci_low``, ``sus_ci_high``, ``sus_grade``, ``nps``, ``nps_ci_low``,
        ``nps_ci_high``, ``umux_mean``, ``umux_ci_low``, ``umux_ci_high``, ``csat_top2``
        (percent), ``csat_ci_low``, ``csat_ci_high``, ``csat_mean``, ``small_n`` and
        ``suppressed``. Segments smaller than ``k`` are blanked, with secondary suppression.
    """

    title = "Metrics by segment"

    def __init__(self, table: pd.DataFrame, segment: str, k: int) -> None:
        self.table = table
        self.segment = segment
        self.k = k
        hidden = table.loc[table["suppressed"], segment].tolist()
        small = table.loc[(table["small_n"] == 1).to_numpy(), segment].tolist()
        self._warnings = []
        if hidden:
            self._warnings.append(
                f"{len(hidden)} segment(s) hidden because they (or a group that could be "
                f"worked out from them) have fewer than {k} respondents."
            )
        if small:
            self._warnings.append(
                f"Fewer than {SMALL_N} respondents in: {', '.join(map(str, small))}; "
                "intervals there are wide."
            )

    def summary(self) -> str:
        t = self.table[~self.table["suppressed"] & (self.table[self.segment] != "All respondents")]
        if t.empty or "sus_mean" not in t or t["sus_mean"].isna().all():
            return f"{len(t)} segment(s) of {self.segment!r} shown."
        hi = t.loc[t["sus_mean"].idxmax()]
        lo = t.loc[t["sus_mean"].idxmin()]
        return (
            f"Across {len(t)} shown segments of {self.segment!r}, mean SUS ranges from "
            f"{lo['sus_mean']:.1f} ({lo[self.segment]}, n = {int(lo['n'])}) to "
            f"{hi['sus_mean']:.1f} ({hi[self.segment]}, n = {int(hi['n'])})."
        )

    def chart(self) -> Any:
        import altair as alt

        from ..charts import figure

        t = self.table[~self.table["suppressed"]].dropna(subset=["sus_mean"])
        t = t[[self.segment, "n", "sus_mean", "sus_ci_low", "sus_ci_high"]].copy()
        t["label"] = t[self.segment].astype(str) + " (n=" + t["n"].astype(int).astype(str) + ")"
        base = alt.Chart(t).encode(y=alt.Y("label:N", title=None, sort="-x"))
        rule = base.mark_rule(strokeWidth=3).encode(
            x=alt.X(
                "sus_ci_low:Q", title="Mean SUS with 95% interval", scale=alt.Scale(domain=[0, 100])
            ),
            x2="sus_ci_high:Q",
        )
        pt = base.mark_point(size=100).encode(x="sus_mean:Q")
        ref = alt.Chart(pd.DataFrame({"x": [68]})).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
        return figure(
            rule + pt + ref,
            title=f"Mean SUS by {self.segment}",
            description=self.summary(),
            table=t.drop(columns="label"),
        )

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(f"Metrics by {self.segment} (segments under {self.k} hidden)", self.table)]


def metrics_by_segment(
    survey: Survey, segment: str, *, k: int = DEFAULT_K, confidence: float = 0.95
) -> SegmentMetrics:
    """SUS, NPS, UMUX-Lite and CSAT top-2-box for each value of ``segment``.

    Small segments (n < k) are suppressed, and secondary suppression hides the next
    smallest segment when exactly one would be hidden (so the total cannot reveal it).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    >>> m = metrics_by_segment(s, "role")
    >>> m.table["role"].tolist()
    ['All respondents', 'relative', 'user']
    """
    if segment not in survey.data.columns:
        msg = f"Unknown segment {segment!r}; the survey's segments are {survey.segments}."
        raise ValueError(msg)
    rows = []
    groups = [("All respondents", survey.data)]
    seg = survey.data[segment].fillna("(no answer)")
    groups += [(str(v), g) for v, g in survey.data.groupby(seg, sort=True)]
    for name, g in groups:
        r: dict[str, Any] = {segment: name, "n": len(g)}
        if survey.sus:
            s = sus_summary(sus_scores(g, survey.sus), confidence=confidence)
            r.update(sus_mean=s.mean, sus_ci_low=s.ci_low, sus_ci_high=s.ci_high, sus_grade=s.grade)
        if survey.nps:
            p = nps(g[survey.nps], confidence=confidence)
            r.update(nps=p.value, nps_ci_low=p.ci_low, nps_ci_high=p.ci_high)
        if survey.umux:
            u = umux_lite(g, survey.umux).to_numpy(dtype=float)
            m, _sd, lo, hi = _t_interval(u, confidence)
            r.update(umux_mean=m, umux_ci_low=lo, umux_ci_high=hi)
        if survey.csat:
            c = csat_top2(g[survey.csat], confidence=confidence)
            r.update(
                csat_top2=100 * c["top2"],
                csat_ci_low=100 * c["ci_low"],
                csat_ci_high=100 * c["ci_high"],
                csat_mean=c["mean"],
            )
        r["small_n"] = len(g) < SMALL_N
        rows.append(r)
    t = pd.DataFrame(rows)
    t = suppress_segments(t, segment, k=k, total_label="All respondents")
    return SegmentMetrics(t, segment, k)


# --------------------------------------------------------------------------------------
# Likert
# --------------------------------------------------------------------------------------


class LikertResult(Result):
    """Answer distributions of 5-point items, drawn as diverging stacked bars.

    Attributes
    ----------
    table : DataFrame
        One row per item (and segment): ``item``, ``label``, [segment], ``n``, ``pct_1`` ..
        ``pct_5`` (percent of answers), ``net_agreement`` (% agree + strongly agree minus
        % disagree + strongly disagree), ``suppressed``. Rows are ordered by net agreement.
    """

    title = "Agreement with statements"

    def __init__(self, table: pd.DataFrame, by: str | None, k: int) -> None:
        self.table = table
        self.by = by
        self.k = k
        hidden = int(table["suppressed"].sum())
        self._warnings = []
        if hidden:
            self._warnings.append(f"{hidden} row(s) hidden: fewer than {k} answers in a group.")

    def summary(self) -> str:
        t = self.table[~self.table["suppressed"]]
        if t.empty:
            return "No answers to show."
        best = t.iloc[0]
        worst = t.iloc[-1]
        seg = f" ({best[self.by]})" if self.by else ""
        seg2 = f" ({worst[self.by]})" if self.by else ""
        return (
            f"Highest net agreement: '{best['label']}'{seg} at {best['net_agreement']:+.0f} "
            f"points (n = {int(best['n'])}); lowest: '{worst['label']}'{seg2} at "
            f"{worst['net_agreement']:+.0f} points (n = {int(worst['n'])})."
        )

    def chart_data(self) -> pd.DataFrame:
        """Segments of the diverging bars: start/end in percent, neutral split across zero."""
        rows = []
        for _, r in self.table[~self.table["suppressed"]].iterrows():
            p = [r[f"pct_{i}"] for i in range(1, 6)]
            # n first, so that a long statement truncated by the axis never hides it
            seg = f"{r[self.by]}, " if self.by else ""
            row_label = f"({seg}n={int(r['n'])}) {r['label']}"
            start = -(p[0] + p[1] + p[2] / 2)
            for i, share in enumerate(p):
                rows.append(
                    {
                        "row": row_label,
                        "answer": LIKERT_LABELS_EN[i],
                        "level": i + 1,
                        "percent": share,
                        "start": start,
                        "end": start + share,
                        "net": r["net_agreement"],
                    }
                )
                start += share
        return pd.DataFrame(rows)

    def chart(self) -> Any:
        import altair as alt

        from ..charts import DIVERGING_5, figure

        d = self.chart_data()
        order = list(dict.fromkeys(d.sort_values("net", ascending=False)["row"]))
        ch = (
            alt.Chart(d)
            .mark_bar()
            .encode(
                y=alt.Y("row:N", sort=order, title=None),
                x=alt.X(
                    "start:Q",
                    title="% of answers (left: disagree, right: agree)",
                    scale=alt.Scale(domain=[-100, 100]),
                ),
                x2="end:Q",
                color=alt.Color(
                    "answer:N",
                    sort=LIKERT_LABELS_EN,
                    title="Answer",
                    scale=alt.Scale(domain=LIKERT_LABELS_EN, range=DIVERGING_5),
                ),
                tooltip=["row:N", "answer:N", alt.Tooltip("percent:Q", format=".0f")],
            )
            .properties(height=max(60, 26 * len(order)))
        )
        zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule().encode(x="x:Q")
        tbl = self.table[~self.table["suppressed"]].drop(columns=["suppressed"])
        return figure(ch + zero, title=self.title, description=self.summary(), table=tbl)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [("Answer distribution (percent) by item", self.table)]


def likert(
    survey: Survey,
    items: Sequence[str] | None = None,
    *,
    by: str | None = None,
    k: int = DEFAULT_K,
) -> LikertResult:
    """Distributions of 5-point items, per item and optionally per segment.

    Items are ordered by net agreement (Heiberger & Robbins 2014). Groups (segments) with
    fewer than ``k`` respondents are hidden, with secondary suppression within each item.
    Answer shares inside a shown group of at least ``k`` are published as percentages.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> s = load_survey(dataset_path("feedback/homecare_survey.csv"))
    >>> r = likert(s)
    >>> bool(r.table["net_agreement"].is_monotonic_decreasing)
    True
    """
    items = list(items) if items is not None else survey.likert_items()
    rows = []
    data = survey.data
    for it in items:
        groups = (
            [(None, data)]
            if by is None
            else list(data.groupby(data[by].fillna("(no answer)"), sort=True))
        )
        for gname, g in groups:
            x = g[it].dropna()
            n = len(x)
            counts = [(x == v).sum() for v in range(1, 6)]
            pct = [100 * c / n if n else math.nan for c in counts]
            r = {"item": it, "label": survey.labels.get(it, it)}
            if by is not None:
                r[by] = str(gname)
                r["group_n"] = len(g)
            r["n"] = n
            r.update({f"pct_{i + 1}": pct[i] for i in range(5)})
            r["net_agreement"] = (pct[3] + pct[4]) - (pct[0] + pct[1]) if n else math.nan
            rows.append(r)
    t = pd.DataFrame(rows)
    if by is None:
        t["suppressed"] = (t["n"] > 0) & (t["n"] < k)
    else:
        from ..privacy import suppress_counts

        t["suppressed"] = suppress_counts(t, "group_n", k=k, by="item", columns=[])[
            "suppressed"
        ].to_numpy()
        t = t.drop(columns=["group_n"])
    value_cols = ["n", *[f"pct_{i}" for i in range(1, 6)], "net_agreement"]
    t[value_cols] = t[value_cols].astype("float64")
    t.loc[t["suppressed"].to_numpy(), value_cols] = np.nan
    t = t.sort_values("net_agreement", ascending=False, kind="stable", na_position="last")
    return LikertResult(t.reset_index(drop=True), by, k)
