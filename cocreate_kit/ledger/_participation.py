"""Who took part: representativeness of participants against a population, and quotas.

:func:`representativeness` compares the participants of a redesign (the ledger's
``participants`` table: ``id, role, age_band, sex, area, ...``) with a :class:`Population`,
one dimension at a time; :func:`._quotas.quotas` turns the population into Sortition Foundation
quotas for the next recruitment round.

Decisions, for experts who need to know:

* **Shares.** For each dimension, a participant's share ``s`` is their category's count over
  the participants whose category is *recorded and in the population*; ``p`` is the
  population share; the representation ratio is ``s / p`` (1 = as in the population).
  Participants with no value are shown as "not recorded", and values the population does
  not have (a typo, an area outside the service) as "not in the population"; both are
  counted and shown, never dropped silently, but are not part of ``s``, D or the test.
* **Dissimilarity index** D = ½ Σ |s − p| (Duncan & Duncan 1955): the share of participants
  who would have to be in another category for the participants to match the population
  (0 = identical, 1 = no overlap).
* **Goodness of fit** per dimension: exact multinomial, Monte Carlo or Pearson chi-square,
  picked by the rule in :mod:`._gof` (exact for workshop-sized samples). The verdict
  "differ" is p < 1 − ``level``. With a dozen people only large differences can be
  detected, so "no clear difference" is not evidence of a representative group; the
  summary says so when n < 30.
* **Under/over-represented** (descriptive, not a test): a shown category with ratio below
  0.8 or above 1.25 (symmetric on the log scale; the US "four-fifths rule" for adverse
  impact uses 0.8).
* **Small groups.** A category with fewer than ``k`` participants is shown as "fewer than
  k" everywhere (table, chart and summary), with the kit's secondary suppression within
  each dimension (:func:`cocreate_kit.privacy.suppress_counts`), so its count, share and
  ratio cannot be read or subtracted from the total. D and the test use *every*
  participant: leaving small groups out would bias both towards "representative", exactly
  when a group is missing. They are aggregates over the whole dimension and each result
  says that it was computed on the full data. Residual risk, stated plainly: when only two
  categories of a dimension are hidden, D or the test statistic together with the shown
  counts can narrow down the two hidden counts; the public export
  (:func:`public_export`) carries no participant counts at all.
* **Consent.** Participants whose ``consent`` is false are left out of every figure (and
  of the quotas' "already recruited"), and the result says how many (or "fewer than k").
* The summary names a hidden category only with its population share and the number of
  participants that share would mean (``14% of the population would be 3.4 of 24``).
* **Language.** The DataFrames keep codes and English verdicts (``tests.verdict``, the
  "not recorded" category); summary, warnings, tables and chart translate them when shown.

Why this module is long: the comparison and the sentences that report it (with their
suppression rules and translations) must change together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._result import Result
from ..i18n import N_, _, fmt_int, fmt_percent
from ..privacy import suppress_counts
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._gof import METHODS, goodness_of_fit
from ._labels import PLURALS, fixed
from ._labels import label as _code_label
from ._links import took_part
from ._population import Population, read_population

__all__ = [
    "NOT_IN_POPULATION",
    "NOT_RECORDED",
    "Representativeness",
    "representativeness",
]

NOT_RECORDED = N_("not recorded")
NOT_IN_POPULATION = N_("not in the population")
#: Verdicts of a dimension (kept in English in ``tests.verdict``; translated when shown).
_VERDICTS = (
    N_("no participants with a recorded value"),
    N_("participants differ from the population"),
    N_("no clear difference from the population"),
    N_("the population has one category only"),
)
#: Ratios below / above these are described as under / over-represented.
UNDER, OVER = 0.8, 1.25
#: The participant groups a role filter names in sentences.
_NOUNS = {**PLURALS, "other": N_("other participants"), None: N_("participants")}


def _as_population(population: Any, ledger: Any = None) -> Population:
    """A :class:`Population`; ``None`` reads the file the ledger's project names."""
    if population is None:
        project = getattr(ledger, "project", None)
        named = None
        if isinstance(project, pd.DataFrame) and "population" in project.columns and len(project):
            named = project["population"].iloc[0]
        if named is None or pd.isna(named) or not str(named).strip():
            msg = _(
                "No population given, and the ledger's project names no population file "
                "(its 'population' column); pass population= (a StatBank or shares CSV)."
            )
            raise ValueError(msg)
        base = getattr(ledger, "base", None)
        population = Path(base) / str(named) if base is not None else Path(str(named))
    return population if isinstance(population, Population) else read_population(population)


def _people(participants: Any, role: str | None) -> pd.DataFrame:
    """The participants table (a DataFrame or a ledger), filtered to ``role``; those who
    did not consent are left out (``attrs["no_consent"]`` counts them)."""
    table = getattr(participants, "participants", participants)
    if not isinstance(table, pd.DataFrame):
        msg = _("participants must be the ledger's participants table (a DataFrame) or a ledger.")
        raise TypeError(msg)
    if role is not None and "role" in table.columns:
        table = table[table["role"].astype("string").str.strip() == role]
    refused = pd.Series(False, index=table.index)
    if "consent" in table.columns:
        refused = table["consent"].map(lambda v: v is False or v is np.False_)
    out = table[~refused.astype(bool)]
    out.attrs = {**table.attrs, "no_consent": int(refused.sum())}
    return out


def _p_text(p: float) -> str:
    """``p = 0.43``, ``p = 0.004``, ``p < 0.001``.

    Examples
    --------
    >>> _p_text(0.4321), _p_text(0.0042), _p_text(0.00001)
    ('p = 0.43', 'p = 0.004', 'p < 0.001')
    """
    if p < 0.001:
        return "p < " + fixed(0.001, 3)
    return "p = " + (fixed(p, 3) if p < 0.01 else fixed(p, 2))


def _count_text(count: int, k: int) -> str:
    """``count`` as shown: the number, or "fewer than k" for a small group."""
    return _("fewer than {k}").format(k=fmt_int(k)) if 0 < count < k else fmt_int(count)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _group(dimension: str, category: str, noun: str, role: Any = None) -> str:
    """``Citizens aged 80+`` / ``Women`` / ``Citizens from Nord``."""
    if dimension == "sex" and category in ("female", "male"):
        word = {"female": _("Women"), "male": _("Men")}[category]
        return word if role in ("citizen", None) else f"{_cap(noun)}: {word}"
    if dimension == "age_band":
        return _("{who} aged {category}").format(who=_cap(noun), category=category)
    if dimension == "area":
        return _("{who} from {category}").format(who=_cap(noun), category=category)
    return _("{who} with {dimension} {category}").format(
        who=_cap(noun), dimension=_code_label(dimension), category=_(str(category))
    )


class Representativeness(Result):
    """How the participants compare with the population, per dimension.

    Attributes
    ----------
    table : DataFrame
        One row per dimension and category: ``dimension, category, participants`` (count),
        ``share`` (s), ``population`` (p), ``ratio`` (s/p), ``suppressed``. Hidden values
        (groups under ``k``) are missing; "not recorded" and "not in the population" rows
        have counts only.
    tests : DataFrame
        One row per dimension: ``n`` (recorded, in the population), ``not_recorded``,
        ``not_in_population``, ``D``, ``method``, ``statistic`` (Pearson X²), ``df``,
        ``p_value``, ``mc_se``, ``verdict``; computed on the full data.
    n : int
        Participants of the role compared.
    role : str or None
    k, level : int, float
    population_source : str or None
    """

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Who took part")

    def __init__(
        self,
        table: pd.DataFrame,
        tests: pd.DataFrame,
        *,
        n: int,
        role: str | None,
        k: int,
        level: float,
        population_source: str | None,
        n_sim: int,
        seed: int | None,
        warnings: Sequence[str] = (),
    ) -> None:
        self.table = table
        self.tests = tests
        self.n = int(n)
        self.role = role
        self.k = int(k)
        self.level = float(level)
        self.population_source = population_source
        self.n_sim = int(n_sim)
        self.seed = seed
        self._warnings = list(warnings)

    def _noun(self) -> str:
        if self.role in _NOUNS:
            return _(_NOUNS[self.role])
        return _("participants ({role})").format(role=self.role)

    def _hidden(self) -> str:
        return _("fewer than {k}").format(k=fmt_int(self.k))

    def summary(self) -> str:
        noun = self._noun()
        if self.n == 0:
            return _(
                "No {who} in the participants table, so representativeness is not assessed."
            ).format(who=noun)
        parts = [_("{n} {who} took part.").format(n=fmt_int(self.n), who=noun)]
        for t in self.tests.itertuples():
            dim = _code_label(t.dimension)
            if pd.isna(t.p_value):
                parts.append(
                    _("{dimension}: not tested ({verdict}).").format(
                        dimension=_cap(dim), verdict=_(t.verdict)
                    )
                )
                continue
            method = {
                "exact": _("exact multinomial test"),
                "monte_carlo": _("Monte Carlo test"),
                "chi_square": _("chi-square test"),
            }[t.method]
            se = _("below {x}").format(x=fixed(0.001, 3)) if t.mc_se < 0.001 else fixed(t.mc_se, 3)
            mc = ", " + _("simulation SE {se}").format(se=se) if t.method == "monte_carlo" else ""
            parts.append(
                _("{dimension}: {verdict} (D = {d}, {method} {p}{mc}).").format(
                    dimension=_cap(dim),
                    verdict=_(t.verdict),
                    d=fmt_percent(t.D),
                    method=method,
                    p=_p_text(t.p_value),
                    mc=mc,
                )
            )
            rows = self.table[
                (self.table["dimension"] == t.dimension) & self.table["population"].notna()
            ]
            shown = rows[~rows["suppressed"]]
            low = shown[shown["ratio"] < UNDER].sort_values("ratio")
            high = shown[shown["ratio"] > OVER].sort_values("ratio", ascending=False)
            for key, picked in (("under", low), ("over", high)):
                if len(picked):
                    r = picked.iloc[0]
                    others = [_(str(c)) for c in picked["category"].iloc[1:]]
                    also = ", ".join(others[:4]) + (
                        " " + _("and {n} more").format(n=fmt_int(len(others) - 4))
                        if len(others) > 4
                        else ""
                    )
                    values = {
                        "group": _group(t.dimension, r["category"], noun, self.role),
                        "share": fmt_percent(r["share"]),
                        "population": fmt_percent(r["population"]),
                        "also": also,
                    }
                    if key == "under":
                        text = _(
                            "{group} were under-represented: {share} of participants, "
                            "{population} of the population"
                        )
                        more = _(" (also under-represented: {also}).")
                    else:
                        text = _(
                            "{group} were over-represented: {share} of participants, "
                            "{population} of the population"
                        )
                        more = _(" (also over-represented: {also}).")
                    parts.append((text + (more if others else ".")).format(**values))
            hidden = rows[rows["suppressed"]]
            if len(hidden):
                cats = ", ".join(_(str(c)) for c in hidden["category"])
                shares = ", ".join(fmt_percent(x) for x in hidden["population"])
                expect = ", ".join(fixed(x * self.n, 1) for x in hidden["population"])
                parts.append(
                    _(
                        "Not shown, fewer than {k} {who} each: {dimension} {categories}; their "
                        "population shares ({shares}) would mean about {expect} of {n}."
                    ).format(
                        k=fmt_int(self.k),
                        who=noun,
                        dimension=dim,
                        categories=cats,
                        shares=shares,
                        expect=expect,
                        n=fmt_int(self.n),
                    )
                )
        if self.n < 30:
            parts.append(
                _(
                    "With {n} people only large differences can be detected: no clear "
                    "difference does not show the group is representative."
                ).format(n=fmt_int(self.n))
            )
        return " ".join(parts)

    def warnings(self) -> list[str]:
        out = list(self._warnings)
        if self.table["suppressed"].any():
            out.append(
                _(
                    "Groups with fewer than {k} participants are hidden (with one more per "
                    "dimension where needed, so totals do not reveal them); D and the tests are "
                    "computed on all participants."
                ).format(k=fmt_int(self.k))
            )
        return out

    def display_table(self) -> pd.DataFrame:
        """The table as shown: percentages; a hidden group's count reads "fewer than k" and
        its share and ratio "hidden"."""

        def pct(x: float) -> str:
            return "" if pd.isna(x) else fmt_percent(x)

        hidden = _("hidden")
        rows = []
        for r in self.table.itertuples():
            rows.append(
                {
                    _("Dimension"): _code_label(r.dimension),
                    _("Category"): _(str(r.category)),
                    _("Participants"): self._hidden() if r.suppressed else fmt_int(r.participants),
                    _("Share of participants"): hidden if r.suppressed else pct(r.share),
                    _("Share of population"): pct(r.population),
                    _("Ratio"): hidden
                    if r.suppressed
                    else ("" if pd.isna(r.ratio) else fixed(r.ratio, 2)),
                }
            )
        return pd.DataFrame(rows)

    def tests_table(self) -> pd.DataFrame:
        """The goodness-of-fit table as shown (plain column names, p below 0.001 as such)."""

        def num(x: float, digits: int) -> str:
            return "" if pd.isna(x) else fixed(x, digits)

        t = self.tests
        names = {
            "exact": _("exact multinomial"),
            "monte_carlo": _("Monte Carlo"),
            "chi_square": _("Pearson chi-square"),
            "": "",
        }
        return pd.DataFrame(
            {
                _("Dimension"): t["dimension"].map(_code_label),
                _("Compared"): t["n"].map(lambda x: num(x, 0)),
                _("Not recorded"): t["not_recorded"].map(lambda x: num(x, 0)),
                _("Not in population"): t["not_in_population"].map(lambda x: num(x, 0)),
                "D": t["D"].map(lambda x: "" if pd.isna(x) else fmt_percent(x)),
                _("Test"): t["method"].map(names),
                "Pearson X²": t["statistic"].map(lambda x: num(x, 2)),
                "df": t["df"],
                _("p-value"): t["p_value"].map(
                    lambda x: (
                        "" if pd.isna(x) else _p_text(x).removeprefix("p = ").removeprefix("p ")
                    )
                ),
                _("Simulation SE"): t["mc_se"].map(lambda x: num(x, 4)),
                _("Verdict"): t["verdict"].map(_),
            }
        )

    def chart(self) -> Any:
        """Share of participants and of the population per category, one panel per dimension."""
        import altair as alt

        from ..charts import PALETTE, figure

        body = self.table[self.table["population"].notna()].reset_index(drop=True)
        # a hidden group is named on its axis label, and has no participant mark
        names = body["category"].map(lambda c: _(str(c)))
        label = np.where(body["suppressed"], names + f" ({self._hidden()})", names)
        dims = body["dimension"].map(_code_label)
        long = pd.concat(
            [
                pd.DataFrame(
                    {
                        "dimension": dims,
                        "category": label,
                        "order": body.index,
                        "group": group,
                        "percent": (body[column] * 100).round(1),
                    }
                )
                for group, column in ((_("Participants"), "share"), (_("Population"), "population"))
            ],
            ignore_index=True,
        )
        groups = [_("Participants"), _("Population")]
        points = (
            alt.Chart(long)
            .mark_point(size=90, filled=True)
            .encode(
                y=alt.Y("category:N", title=None, sort=alt.EncodingSortField("order")),
                x=alt.X("percent:Q", title=_("Share (%)"), axis=alt.Axis(format=",.0f")),
                color=alt.Color(
                    "group:N", title=None, scale=alt.Scale(domain=groups, range=PALETTE[:2])
                ),
                shape=alt.Shape(
                    "group:N",
                    title=None,
                    scale=alt.Scale(domain=groups, range=["circle", "diamond"]),
                ),
                tooltip=[
                    alt.Tooltip("dimension:N", title=_("Dimension")),
                    alt.Tooltip("category:N", title=_("Category")),
                    alt.Tooltip("group:N", title=_("Group")),
                    alt.Tooltip("percent:Q", title=_("Share (%)"), format=",.1f"),
                ],
            )
        )
        chart = (
            points.properties(width=320)
            .facet(row=alt.Row("dimension:N", title=None, sort=list(dict.fromkeys(dims))))
            .resolve_scale(y="independent")
        )
        if len(self.tests) and self.tests["D"].notna().any():
            worst = self.tests.loc[self.tests["D"].idxmax()]
            desc = _(
                "Participants against the population in {n} dimensions; they differ most by "
                "{dimension} (D = {d}). Groups of fewer than {k} are named on the axis, with no "
                "participant mark."
            ).format(
                n=fmt_int(len(self.tests)),
                dimension=_code_label(worst["dimension"]),
                d=fmt_percent(worst["D"]),
                k=fmt_int(self.k),
            )
        else:
            desc = _("No participants to compare with the population.")
        return figure(
            chart,
            title=_("Participants and population"),
            description=desc,
            table=self.display_table(),
        )

    def _tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [
            (_("Participants and population per category"), self.display_table()),
            (_("Goodness of fit per dimension (on all participants)"), self.tests_table()),
        ]


def _dimension(
    values: pd.Series,
    shares: pd.Series,
    dim: str,
    *,
    method: str,
    n_sim: int,
    seed: int | None,
    level: float,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows of the table and the test row of one dimension (full data, no suppression)."""
    text = values.astype("string").str.strip()
    recorded = (text.notna() & text.ne("")).fillna(False).astype(bool)
    shares = shares[shares > 0]
    inside = (recorded & text.isin(list(shares.index))).fillna(False).astype(bool)
    counts = text[inside].value_counts().reindex(shares.index, fill_value=0).astype(int)
    n = int(counts.sum())
    s = counts.astype(float) / n if n else pd.Series(math.nan, index=counts.index)
    rows = [
        {
            "dimension": dim,
            "category": cat,
            "participants": int(counts[cat]),
            "share": float(s[cat]),
            "population": float(shares[cat]),
            "ratio": float(s[cat] / shares[cat]),
        }
        for cat in shares.index
    ]
    extra = {
        NOT_RECORDED: int((~recorded).sum()),
        NOT_IN_POPULATION: int((recorded & ~inside).sum()),
    }
    for label, c in extra.items():
        if c:
            rows.append(
                {
                    "dimension": dim,
                    "category": label,
                    "participants": c,
                    "share": math.nan,
                    "population": math.nan,
                    "ratio": math.nan,
                }
            )
    test = {
        "dimension": dim,
        "n": n,
        "not_recorded": extra[NOT_RECORDED],
        "not_in_population": extra[NOT_IN_POPULATION],
        "categories": len(shares),
        "D": float(0.5 * (s - shares).abs().sum()) if n else math.nan,
        "method": "",
        "statistic": math.nan,
        "df": len(shares) - 1,
        "p_value": math.nan,
        "mc_se": math.nan,
        "verdict": "no participants with a recorded value",
    }
    if n and len(shares) >= 2:
        gof = goodness_of_fit(
            counts.to_numpy(), shares.to_numpy(), method=method, n_sim=n_sim, seed=seed
        )
        test.update(gof)
        test["verdict"] = (
            "participants differ from the population"
            if gof["p_value"] < 1 - level
            else "no clear difference from the population"
        )
    elif n:
        test["verdict"] = "the population has one category only"
    return rows, test


def representativeness(
    participants: Any,
    population: Population | str | Path | pd.DataFrame | None = None,
    *,
    by: Sequence[str] = ("age_band", "sex", "area"),
    k: int = DEFAULT_K,
    role: str | None = "citizen",
    method: str = "auto",
    n_sim: int = 20_000,
    seed: int | None = 0,
    level: float = DEFAULT_LEVEL,
) -> Representativeness:
    """Compare participants with the population: shares, ratios, D and a test per dimension.

    Parameters
    ----------
    participants : DataFrame or Ledger
        The ledger's participants table (or a ledger, whose table is used; then only the
        participants listed in at least one activity count, as in the scorecard).
    population : Population, path, DataFrame or None
        Population shares (:func:`read_population` is called on a path or frame). None
        reads the file the ledger's ``project.population`` names, relative to
        ``ledger.base`` (``participants`` must then be a ledger).
    by : sequence of str
        Dimensions to compare (columns of the participants table and of the population).
    k : int, default 5
        Groups with fewer participants are hidden (see the module docstring).
    role : str or None, default "citizen"
        Compare only participants with this role; None for everyone.
    method : {"auto", "exact", "monte_carlo", "chi_square"}
        The goodness-of-fit test; "auto" follows the rule in :mod:`._gof`.
    n_sim : int
        Draws of the Monte Carlo test.
    seed : int or None
        Seed of the Monte Carlo test.
    level : float
        The verdict says "differ" when p < 1 - level.

    Returns
    -------
    Representativeness

    Examples
    --------
    >>> people = pd.DataFrame({"id": [f"p{i}" for i in range(10)], "role": "citizen",
    ...                        "sex": ["female"] * 8 + ["male"] * 2})
    >>> pop = read_population(pd.DataFrame({"dimension": ["sex", "sex"],
    ...     "category": ["female", "male"], "share": [0.5, 0.5]}))
    >>> r = representativeness(people, pop, by=["sex"], k=1)
    >>> t = r.tests.iloc[0]
    >>> round(float(t["D"]), 2), t["method"], round(float(t["p_value"]), 4)
    (0.3, 'exact', 0.1094)
    """
    pop = _as_population(population, participants)
    people, absent = took_part(participants, _people(participants, role))
    if method not in ("auto", *METHODS):
        msg = _("method must be 'auto' or one of {methods}; got {method}.").format(
            methods=", ".join(METHODS), method=repr(method)
        )
        raise ValueError(msg)
    pc = ProblemCollector(pop.source)
    for d in by:
        if d not in pop.dimensions:
            pc.add(
                column="dimension",
                value=d,
                expected=_("a dimension of the population to compare by (it has {names})").format(
                    names=", ".join(pop.dimensions) or _("none")
                ),
            )
        elif d not in people.columns:
            pc.add(
                column=d,
                value=d,
                expected=_("a column of the participants table (it has {names})").format(
                    names=", ".join(map(str, people.columns))
                ),
            )
    pc.raise_if_any()
    rows: list[dict[str, Any]] = []
    tests = []
    for dim in by:
        r, t = _dimension(
            people[dim], pop.shares(dim), dim, method=method, n_sim=n_sim, seed=seed, level=level
        )
        rows += r
        tests.append(t)
    columns = ["dimension", "category", "participants", "share", "population", "ratio"]
    table = pd.DataFrame(rows, columns=columns)
    table = suppress_counts(
        table, "participants", k=k, by="dimension", columns=["participants", "share", "ratio"]
    )
    warnings = []
    if people.attrs.get("no_consent"):
        warnings.append(
            _("{n} {who} without consent (consent false) are left out.").format(
                n=_count_text(people.attrs["no_consent"], k),
                who=_(_NOUNS.get(role, _NOUNS[None])),
            )
        )
    if absent:
        warnings.append(
            _(
                "{n} {who} in the participants table but in no activity are left out: they did "
                "not take part."
            ).format(n=_count_text(absent, k), who=_(_NOUNS.get(role, _NOUNS[None])))
        )
    for key, what in (
        ("not_recorded", N_("{n} with no {dimension} recorded")),
        ("not_in_population", N_("{n} with a value of {dimension} the population does not have")),
    ):
        notes = [
            _(what).format(n=_count_text(t[key], k), dimension=_code_label(t["dimension"]))
            for t in tests
            if t[key]
        ]
        if notes:
            warnings.append(
                _("Not part of the comparison: {notes}.").format(notes="; ".join(notes))
            )
    tests_frame = pd.DataFrame(tests)
    for i, t in enumerate(tests):
        if any(0 < t[key] < k for key in ("not_recorded", "not_in_population")):
            # n = total - not recorded - not in population would reveal a hidden count
            tests_frame.loc[i, ["n", "not_recorded", "not_in_population"]] = np.nan
    warnings += pop.warnings()
    return Representativeness(
        table,
        tests_frame,
        n=len(people),
        role=role,
        k=k,
        level=level,
        population_source=pop.source,
        n_sim=n_sim,
        seed=seed,
        warnings=warnings,
    )
