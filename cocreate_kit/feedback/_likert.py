"""Likert items: answer distributions per item and group, diverging stacked bars."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._result import Result
from ..i18n import _, fmt_int, lazy, ngettext
from ..privacy import suppress_counts
from ..thresholds import DEFAULT_K
from ._charts import NO_ANSWER, fixed, group_label, likert_answers, likert_chart, shown

__all__ = ["LikertResult", "likert"]


class LikertResult(Result):
    """Answer distributions of 5-point items, drawn as diverging stacked bars.

    Attributes
    ----------
    table : DataFrame
        One row per item (and group): ``item``, ``label``, [the ``by`` column], ``n``, ``pct_1`` ..
        ``pct_5`` (percent of answers), ``net_agreement`` (% agree + strongly agree minus
        % disagree + strongly disagree), ``suppressed``. Rows are ordered by net agreement.
    """

    title = lazy("Agreement with statements")

    def __init__(self, table: pd.DataFrame, by: str | None, k: int) -> None:
        self.table = table
        self.by = by
        self.k = k

    def warnings(self) -> list[str]:
        """Hidden rows, in the current language."""
        hidden = int(self.table["suppressed"].sum())
        if not hidden:
            return []
        return [
            ngettext(
                "{n} row hidden: fewer than {k} answers in a group.",
                "{n} rows hidden: fewer than {k} answers in a group.",
                hidden,
            ).format(n=fmt_int(hidden), k=fmt_int(self.k))
        ]

    def _row(self, r: pd.Series) -> str:
        """A row's statement, in quotes, with its group in brackets when grouped."""
        seg = f" ({group_label(r[self.by])})" if self.by else ""
        return f"'{_(r['label'])}'{seg}"

    def summary(self) -> str:
        t = self.table[~self.table["suppressed"]]
        if t.empty:
            return _("No answers to show.")
        best = t.iloc[0]
        worst = t.iloc[-1]
        return _(
            "Highest net agreement: {best} at {best_net} points (n = {best_n}); lowest: "
            "{worst} at {worst_net} points (n = {worst_n})."
        ).format(
            best=self._row(best),
            best_net=fixed(best["net_agreement"], 0, signed=True),
            best_n=fmt_int(best["n"]),
            worst=self._row(worst),
            worst_net=fixed(worst["net_agreement"], 0, signed=True),
            worst_n=fmt_int(worst["n"]),
        )

    def chart_data(self) -> pd.DataFrame:
        """Segments of the diverging bars: start/end in percent, neutral split across zero."""
        rows = []
        answers = likert_answers()
        for _i, r in self.table[~self.table["suppressed"]].iterrows():
            p = [r[f"pct_{i}"] for i in range(1, 6)]
            # n first, so that a long statement truncated by the axis never hides it
            seg = f"{group_label(r[self.by])}, " if self.by else ""
            row_label = f"({seg}n={fmt_int(r['n'])}) {_(r['label'])}"
            start = -(p[0] + p[1] + p[2] / 2)
            for i, share in enumerate(p):
                rows.append(
                    {
                        "row": row_label,
                        "answer": answers[i],
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
        """Diverging stacked bars (:func:`._charts.likert_chart`)."""
        return likert_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        table = self.table
        if self.by:
            table = table.assign(**{self.by: table[self.by].map(group_label)})
        return [(_("Answer distribution (percent) by item"), shown(table))]


def likert(
    survey: Any,
    items: Sequence[str] | None = None,
    *,
    by: str | None = None,
    k: int = DEFAULT_K,
) -> LikertResult:
    """Distributions of 5-point items, per item and optionally per group ``by`` a column.

    ``survey`` is a :class:`~cocreate_kit.feedback.Survey`.

    Items are ordered by net agreement (Heiberger & Robbins 2014). Groups (segments) with
    fewer than ``k`` respondents are hidden, with secondary suppression within each item.
    Answer shares inside a shown group of at least ``k`` are published as percentages.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_survey
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
            else list(data.groupby(data[by].fillna(NO_ANSWER), sort=True))
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
        t["suppressed"] = suppress_counts(t, "group_n", k=k, by="item", columns=[])[
            "suppressed"
        ].to_numpy()
        t = t.drop(columns=["group_n"])
    value_cols = ["n", *[f"pct_{i}" for i in range(1, 6)], "net_agreement"]
    t[value_cols] = t[value_cols].astype("float64")
    t.loc[t["suppressed"].to_numpy(), value_cols] = np.nan
    t = t.sort_values("net_agreement", ascending=False, kind="stable", na_position="last")
    return LikertResult(t.reset_index(drop=True), by, k)
