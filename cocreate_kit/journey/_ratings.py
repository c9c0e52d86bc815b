"""Participant ratings: emotion curves per persona and pain per stage, with suppression.

Ratings are one row per participant and step: ``participant, persona, step, emotion,
comment`` with emotion on the -2..+2 scale used by journey-mapping tools (Smaply). They
live in the journey (sheet ``ratings``) or in a separate file read by :func:`load_ratings`.

Method
------
For every persona and step: ``n`` (participants who rated it), the mean emotion, the
sample standard deviation (``ddof=1``; missing when n < 2), the band ``mean ± sd`` clipped
to -2..+2, and min / max. Groups smaller than ``k`` participants (default 5) are
suppressed with :func:`cocreate_kit.privacy.suppress_counts` (primary and secondary
suppression within each persona) before anything is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._result import Result
from ..i18n import _, fmt_int
from ..privacy import suppress_counts, suppress_crosstab
from ..thresholds import DEFAULT_K
from ._cards import emotion_cards, emotion_notes
from ._charts import emotion_curve_chart, fixed
from ._io import journey_from_tables
from ._model import Journey, Rating

__all__ = [
    "eligible_ratings",
    "persona_sizes",
    "load_ratings",
    "emotion_curve",
    "EmotionCurve",
    "stage_emotion",
    "pain_heatmap",
]


def load_ratings(path: str | Path, journey: Journey) -> Journey:
    """Read a ratings file (CSV/xlsx/JSON) and return ``journey`` with those ratings.

    The file needs columns ``participant, persona, step, emotion`` (``comment`` optional).
    Step and persona ids are checked against ``journey``; the file is never modified.

    Raises
    ------
    DataError
        Every problem at once: unknown step or persona ids, emotions outside -2..+2,
        a participant rating the same step twice.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> j = load(dataset_path("journey/home_care_as_is.json"))
    >>> j2 = load_ratings(dataset_path("journey/home_care_ratings.csv"), j)
    >>> len(j2.ratings) > 0
    True
    """
    from ..io import read_table

    df = read_table(path)
    tables = {k: v for k, v in journey.tables().items() if k != "ratings"}
    for v in tables.values():
        v.attrs["row_offset"] = 2
    tables["ratings"] = df
    name = Path(path).name
    parsed = journey_from_tables(tables, file=name, where="file")
    return journey._replace(ratings=parsed.ratings)


def eligible_ratings(journey: Journey, k: int = DEFAULT_K) -> pd.DataFrame:
    """Ratings of personas with at least ``k`` participants (all personas' otherwise hidden).

    Statistics pooled over personas (stage emotion, pain heatmap, Mermaid scores) use only
    these, so a small persona's ratings cannot be recovered by subtracting the shown
    personas from a pooled value.
    """
    df = _ratings_frame(journey)
    sizes = persona_sizes(journey, k=k)
    keep = set(sizes.loc[~sizes["suppressed"], "persona"])
    return df[df["persona"].isin(keep)].reset_index(drop=True)


def persona_sizes(journey: Journey, *, k: int = DEFAULT_K) -> pd.DataFrame:
    """How many participants rated the journey, per persona, with small personas suppressed.

    This is the one rule for "may this persona's ratings be shown": a persona is shown when
    at least ``k`` distinct participants rated any of its steps. :func:`eligible_ratings`, the
    app's persona list and the pooled statistics all use it.

    Parameters
    ----------
    journey : Journey
    k : int, default :data:`cocreate_kit.thresholds.DEFAULT_K`
        Smallest number of participants shown.

    Returns
    -------
    DataFrame
        One row per persona, in the journey's order: ``persona`` (id), ``persona_name``,
        ``participants`` (nullable integer; missing when suppressed, so a small count is
        never shown) and ``suppressed`` (fewer than ``k`` participants, including none).
        Only primary suppression: the kit publishes no participant total per journey that
        a hidden count could be recovered from.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> persona_sizes(load(dataset_path("journey/home_care_as_is.json")))
          persona   persona_name  participants  suppressed
    0     citizen  Older citizen             9       False
    1    relative       Relative             8       False
    2  caseworker     Caseworker          <NA>        True
    """
    counts: dict[str, set[str]] = {}
    for r in journey.ratings:
        counts.setdefault(r.persona, set()).add(r.participant)
    n = [len(counts.get(p.id, ())) for p in journey.personas]
    suppressed = [x < k for x in n]
    return pd.DataFrame(
        {
            "persona": [p.id for p in journey.personas],
            "persona_name": [p.name for p in journey.personas],
            "participants": pd.array(
                [None if hide else x for x, hide in zip(n, suppressed, strict=True)],
                dtype="Int64",
            ),
            "suppressed": pd.Series(suppressed, dtype=bool),
        }
    )


def _ratings_frame(journey: Journey) -> pd.DataFrame:
    df = pd.DataFrame(
        [r.__dict__ for r in journey.ratings], columns=[f for f in Rating.__dataclass_fields__]
    )
    steps = {s.id: s for s in journey.steps}
    stage_names = {s.id: s.name for s in journey.stages}
    position = {s.id: i + 1 for i, s in enumerate(journey.ordered_steps())}
    df["stage"] = df["step"].map(lambda x: steps[x].stage)
    df["stage_name"] = df["stage"].map(stage_names)
    df["position"] = df["step"].map(position)
    df["step_title"] = df["step"].map(lambda x: steps[x].title)
    return df


class EmotionCurve(Result):
    """Emotion per persona and step: mean, spread and n, with small groups suppressed.

    Attributes
    ----------
    table : DataFrame
        ``persona, persona_name, position, step, step_title, stage_name, n, mean, sd, low,
        high, min, max, suppressed``; ``low``/``high`` are ``mean ∓ sd`` clipped to -2..+2.
    k : int
        Suppression threshold used.
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Emotion curve per persona")

    def __init__(self, table: pd.DataFrame, k: int) -> None:
        self.table = table
        self.k = k
        hidden = int(table["suppressed"].sum())
        self._warnings = []
        if hidden:
            self._warnings.append(
                _(
                    "{hidden} of {n} persona-step groups are hidden because fewer than {k} "
                    "participants rated them (or to protect such a group)."
                ).format(hidden=fmt_int(hidden), n=fmt_int(len(table)), k=fmt_int(k))
            )

    @property
    def shown(self) -> pd.DataFrame:
        """The rows of :attr:`table` that are not suppressed (empty: nothing may be shown)."""
        return self.table[~self.table["suppressed"]]

    def summary(self) -> str:
        """The lowest point of each persona's curve."""
        shown = self.shown
        if shown.empty:
            return _(
                "No persona has {k} or more participants rating a step, so no emotion curve "
                "can be shown."
            ).format(k=fmt_int(self.k))
        parts = []
        for _pid, g in shown.groupby("persona", sort=False):
            low = g.sort_values(["mean", "position"]).iloc[0]
            parts.append(
                _("{persona}: lowest at '{step}' (mean {mean}, n={n})").format(
                    persona=low["persona_name"],
                    step=low["step_title"],
                    mean=fixed(low["mean"], sign=True),
                    n=fmt_int(low["n"]),
                )
            )
        return _("Emotion from -2 to +2. {parts}.").format(parts="; ".join(parts))

    def headline_cards(self) -> list[Any]:
        """Each shown persona's lowest-rated step, with a t interval and n (at most two)."""
        return emotion_cards(self)

    def method_notes(self) -> list[str]:
        """The rating scale, the band, suppression below ``k`` and the interval."""
        return emotion_notes(self)

    def chart(self) -> Any:
        """Mean emotion per step and persona, with a mean ± SD band; point size shows n."""
        return emotion_curve_chart(self)

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(_("Emotion per persona and step"), self.table)]


def emotion_curve(
    journey: Journey, *, personas: list[str] | None = None, k: int = DEFAULT_K
) -> EmotionCurve:
    """Aggregate the journey's ratings into an emotion curve per persona.

    Parameters
    ----------
    journey : Journey
        Journey with ratings.
    personas : list of str, optional
        Persona ids to include (default: all with ratings).
    k : int, default 5
        Minimum participants per persona and step shown.

    Returns
    -------
    EmotionCurve

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> curve = emotion_curve(load(dataset_path("journey/home_care_as_is.json")))
    >>> sorted(curve.table["persona"].unique())
    ['caseworker', 'citizen', 'relative']
    """
    df = _ratings_frame(journey)
    if personas is not None:
        df = df[df["persona"].isin(personas)]
    names = {p.id: p.name for p in journey.personas}
    cols = [
        "persona",
        "persona_name",
        "position",
        "step",
        "step_title",
        "stage_name",
        "n",
        "mean",
        "sd",
        "low",
        "high",
        "min",
        "max",
    ]
    if df.empty:
        table = pd.DataFrame(columns=cols)
        table["suppressed"] = pd.Series(dtype=bool)
        return EmotionCurve(table, k)
    g = df.groupby(["persona", "position", "step", "step_title", "stage_name"], sort=True)
    agg = (
        g["emotion"]
        .agg(n="count", mean="mean", sd=lambda s: s.std(ddof=1), min="min", max="max")
        .reset_index()
    )
    agg["low"] = (agg["mean"] - agg["sd"].fillna(0)).clip(-2, 2)
    agg["high"] = (agg["mean"] + agg["sd"].fillna(0)).clip(-2, 2)
    agg["persona_name"] = agg["persona"].map(names)
    order = {p.id: i for i, p in enumerate(journey.personas)}
    agg = agg.sort_values(
        ["persona", "position"],
        key=lambda s: s.map(order) if s.name == "persona" else s,
        kind="stable",
    )
    agg = agg[cols].reset_index(drop=True)
    agg["n"] = agg["n"].astype("int64")
    out = suppress_counts(
        agg, "n", k=k, by="persona", columns=["n", "mean", "sd", "low", "high", "min", "max"]
    )
    return EmotionCurve(out, k)


def stage_emotion(journey: Journey, *, k: int = DEFAULT_K) -> pd.DataFrame:
    """Mean emotion per stage, hidden when fewer than ``k`` participants.

    Pools the ratings of personas that have at least ``k`` participants (see
    :func:`eligible_ratings`).

    Returns
    -------
    DataFrame
        ``stage, stage_name, participants, ratings, mean_emotion`` in stage order.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> t = stage_emotion(load(dataset_path("journey/home_care_as_is.json")))
    >>> list(t.columns)
    ['stage', 'stage_name', 'participants', 'ratings', 'mean_emotion']
    """
    stages = journey.ordered_stages()
    out = pd.DataFrame({"stage": [s.id for s in stages], "stage_name": [s.name for s in stages]})
    df = eligible_ratings(journey, k)
    if len(df):
        agg = (
            df.groupby("stage")
            .agg(
                participants=("participant", "nunique"),
                ratings=("emotion", "count"),
                mean_emotion=("emotion", "mean"),
            )
            .reset_index()
        )
        out = out.merge(agg, on="stage", how="left")
    else:
        out["participants"] = 0
        out["ratings"] = 0
        out["mean_emotion"] = np.nan
    out["participants"] = out["participants"].fillna(0).astype("int64")
    out["ratings"] = out["ratings"].fillna(0).astype("int64")
    small = out["participants"] < k
    out["mean_emotion"] = out["mean_emotion"].astype("float64").where(~small)
    return out


def pain_heatmap(journey: Journey, *, k: int = DEFAULT_K) -> pd.DataFrame:
    """Share of ratings that are painful (emotion -1 or -2) per stage and persona.

    Only personas with at least ``k`` participants are included (:func:`eligible_ratings`).
    A cell counts the participants of that persona who rated a step in that stage; cells
    with fewer than ``k`` participants are suppressed with
    :func:`cocreate_kit.privacy.suppress_crosstab` (primary and secondary).

    Returns
    -------
    DataFrame
        Long table: ``stage, stage_name, persona, persona_name, participants, ratings,
        pain_ratings, pain_share`` (hidden cells have missing values).

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.journey import load
    >>> hm = pain_heatmap(load(dataset_path("journey/home_care_as_is.json")))
    >>> bool(((hm["pain_share"] >= 0) & (hm["pain_share"] <= 1) | hm["pain_share"].isna()).all())
    True
    """
    df = eligible_ratings(journey, k)
    stages = journey.ordered_stages()
    personas = [p for p in journey.personas if p.id in set(df["persona"])]
    agg = (
        df.groupby(["stage", "persona"])
        .agg(
            participants=("participant", "nunique"),
            ratings=("emotion", "count"),
            pain_ratings=("emotion", lambda s: int((s <= -1).sum())),
        )
        .reset_index()
    )
    grid = pd.MultiIndex.from_product(
        [[s.id for s in stages], [p.id for p in personas]], names=["stage", "persona"]
    ).to_frame(index=False)
    out = grid.merge(agg, on=["stage", "persona"], how="left")
    for c in ("participants", "ratings", "pain_ratings"):
        out[c] = out[c].fillna(0).astype("int64")
    ct = out.pivot(index="stage", columns="persona", values="participants")
    hidden = suppress_crosstab(ct, k=k).isna()
    mask = np.array(
        [bool(hidden.loc[s, p]) for s, p in zip(out["stage"], out["persona"], strict=True)]
    )
    out["pain_share"] = out["pain_ratings"] / out["ratings"].where(out["ratings"] > 0)
    for c in ("participants", "ratings", "pain_ratings", "pain_share"):
        out[c] = out[c].astype("float64").where(~mask)
    out.insert(1, "stage_name", out["stage"].map({s.id: s.name for s in stages}))
    out.insert(3, "persona_name", out["persona"].map({p.id: p.name for p in personas}))
    out["suppressed"] = mask
    return out
