"""Codebook and coding sheet: loading, checks, frequencies and agreement per code."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ProblemCollector
from .._html import html_table
from ..i18n import N_, _, fmt_int
from ..privacy import redact, suppress_crosstab
from ..thresholds import DEFAULT_K, DEFAULT_LEVEL
from ._agreement import (
    AgreementResult,
    _agreement_from_matrix,
    _kappa,
    _reading,
    krippendorff_alpha,
)
from ._charts import mark_quotes, shown
from ._compat import renamed

__all__ = ["Codebook", "CodingSheet", "coding_agreement", "load_codebook", "load_coding_sheet"]

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


@dataclass
class Codebook:
    """Codes with a hierarchy and descriptions.

    Attributes
    ----------
    codes : DataFrame
        ``code``, ``parent`` (empty for top-level), ``description``, ``color`` (``#rrggbb``),
        ``level`` (0 = top), ``path`` (``parent / code``).
    """

    codes: pd.DataFrame
    source: str | None = None

    @property
    def names(self) -> list[str]:
        """All code names in codebook order."""
        return self.codes["code"].tolist()

    def children(self, code: str | None) -> list[str]:
        """Direct children of ``code`` (None or "" for the top level)."""
        key = code or ""
        return self.codes.loc[self.codes["parent"] == key, "code"].tolist()

    def to_html(self) -> str:
        """The codebook as an accessible HTML table (path and description)."""
        return html_table(shown(self.codes[["path", "description"]]), _("Codebook"))

    def _repr_html_(self) -> str:
        return self.to_html()


def load_codebook(source: str | Path | pd.DataFrame | None) -> Codebook | None:
    """Load a codebook: columns ``code``, optional ``parent``, ``description``, ``color``.

    A codebook is optional: ``source=None`` returns None (a coding sheet is then checked
    without one), so a notebook can pass its optional path straight through.

    Raises
    ------
    DataError
        Duplicate or empty codes, unknown parents, cycles, invalid colours.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> cb = load_codebook(dataset_path("feedback/codebook.csv"))
    >>> cb.children("staff")
    ['kind_staff', 'many_carers']
    >>> load_codebook(None) is None
    True
    """
    from ..io import read_table

    if source is None:
        return None

    df = source.copy() if isinstance(source, pd.DataFrame) else read_table(source)
    if isinstance(source, pd.DataFrame):
        df.attrs = dict(source.attrs)
    pc = ProblemCollector(df.attrs.get("source"), row_offset=int(df.attrs.get("row_offset", 0)))
    if "code" not in df.columns:
        pc.add(
            row=1,
            column="code",
            value=None,
            expected=_("a column 'code'; the file has: {columns}").format(
                columns=", ".join(map(str, df.columns))
            ),
        )
        pc.raise_if_any()
    out = pd.DataFrame({"code": df["code"].astype("string").str.strip()})
    for c in ("parent", "description", "color"):
        out[c] = df[c].astype("string").str.strip().fillna("") if c in df.columns else ""
    codes = out["code"]
    for pos in np.flatnonzero((codes.isna() | (codes == "")).to_numpy()):
        pc.add_position(pos, column="code", value=None, expected=_("a code name"))
    for pos in np.flatnonzero((codes.duplicated() & codes.notna()).to_numpy()):
        pc.add_position(
            pos,
            column="code",
            value=codes.iloc[pos],
            expected=_("a code name not used in an earlier row"),
        )
    known = set(codes.dropna())
    for pos, p in enumerate(out["parent"]):
        if p and p not in known:
            pc.add_position(
                pos,
                column="parent",
                value=p,
                expected=_("empty (top level) or a code listed in the 'code' column"),
            )
    for pos, col in enumerate(out["color"]):
        if col and not _COLOUR.match(col):
            pc.add_position(pos, column="color", value=col, expected=_("a colour like #1f77b4"))
    pc.raise_if_any()
    parent = dict(zip(out["code"], out["parent"], strict=True))
    levels, paths = [], []
    for pos, c in enumerate(out["code"]):
        chain, cur = [c], parent[c]
        while cur:
            if cur in chain:
                pc.add_position(
                    pos,
                    column="parent",
                    value=parent[c],
                    expected=_(
                        "a parent that does not lead back to this code (the hierarchy has a cycle)"
                    ),
                )
                break
            chain.append(cur)
            cur = parent[cur]
        levels.append(len(chain) - 1)
        paths.append(" / ".join(reversed(chain)))
    pc.raise_if_any()
    out["level"] = levels
    out["path"] = paths
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    out["color"] = [c or palette[i % len(palette)] for i, c in enumerate(out["color"])]
    return Codebook(
        out.astype({"code": object, "parent": object, "description": object, "color": object}),
        df.attrs.get("source"),
    )


# --------------------------------------------------------------------------------------
# Coding sheet
# --------------------------------------------------------------------------------------


def _coder_key(s: str) -> str:
    return re.sub(r"[\s._-]+", "", str(s)).casefold()


@dataclass
class CodingSheet:
    """Codes applied to text segments: one row per segment x coder x code.

    Attributes
    ----------
    data : DataFrame
        Columns ``segment``, ``coder``, ``code``, ``text`` (REDACTED) and any others kept
        from the file (e.g. ``respondent_id``).
    codebook : Codebook or None
    """

    data: pd.DataFrame
    codebook: Codebook | None = None
    source: str | None = None
    segment: str = "segment"
    coder: str = "coder"
    code: str = "code"
    text: str | None = "text"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def coders(self) -> list[str]:
        """Coder ids in order of first appearance."""
        return list(pd.unique(self.data[self.coder]))

    @property
    def segments(self) -> list[Any]:
        """Segment ids in order of first appearance."""
        return list(pd.unique(self.data[self.segment]))

    def describe(self) -> str:
        """Short multi-line description (used by ``cocreate check``)."""
        text = _(
            "Coding sheet: {segments} segments, {n_coders} coders ({coders}), {codes} codes used, "
            "{rows} rows."
        )
        counts = (len(self.segments), len(self.coders), self.data[self.code].nunique())
        segments, n_coders, codes = map(fmt_int, counts)
        coders, rows = ", ".join(map(str, self.coders)), fmt_int(len(self.data))
        lines = [
            text.format(segments=segments, n_coders=n_coders, coders=coders, codes=codes, rows=rows)
        ]
        if len(self.coders) >= 2:
            lines.append(coding_agreement(self, n_boot=200).summary())
        return "\n".join(lines)

    def subset(
        self, ids: Iterable[Any], *, respondent: str = "respondent_id", k: int = DEFAULT_K
    ) -> CodingSheet:
        """The coded comments of some respondents only (e.g. one group of a survey).

        Parameters
        ----------
        ids : iterable
            Respondent ids to keep (e.g. :attr:`Survey.ids` of a survey subset).
        respondent : str
            The sheet's respondent id column.
        k : int
            Small-cell suppression: when the kept rows come from fewer than ``k``
            respondents, none are kept (the coding of a handful of people is not shown
            on its own); ``sheet.extra["suppressed"]`` is then True.

        Raises
        ------
        ValueError
            When the sheet has no ``respondent`` column (it cannot be split by person).

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"))
        >>> ids = sorted(set(cs.data["respondent_id"]))
        >>> len(cs.subset(ids[:10]).segments), len(cs.subset(ids[:2]).data)
        (10, 0)
        >>> cs.subset(ids[:2]).extra["suppressed"]
        True
        """
        if respondent not in self.data.columns:
            msg = _(
                "The coding sheet has no {column} column, so it cannot be split by "
                "respondent; its columns are {columns}."
            ).format(column=repr(respondent), columns=", ".join(map(str, self.data.columns)))
            raise ValueError(msg)
        keep = self.data[respondent].isin(set(ids))
        d = self.data.loc[keep]
        hidden = 0 < d[respondent].nunique() < k
        if hidden:
            d = d.iloc[0:0]
        return replace(self, data=d.copy(), extra={**self.extra, "suppressed": bool(hidden)})

    def to_html(self, *, n_boot: int = 1000, seed: int = 0) -> str:
        """Agreement (:func:`coding_agreement`), codes per comment, co-occurrence and
        disagreements as one accessible HTML fragment (what the feedback app shows).

        With fewer than two coded comments (or after :meth:`subset` suppression) a short
        note is returned instead.

        Examples
        --------
        >>> from cocreate_kit.datasets import dataset_path
        >>> cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"))
        >>> html = cs.to_html(n_boot=10)
        >>> "Coded comments per code" in html, "Comments the coders coded differently" in html
        (True, True)
        """
        if self.extra.get("suppressed"):
            text = _("Coded comments from too few people are hidden to protect privacy.")
            return f'<p class="ck-note">{text}</p>'
        if self.data[self.segment].nunique() < 2:
            text = _("No coded comments in this group.")
            return f'<p class="ck-note">{text}</p>'
        res = coding_agreement(self, n_boot=n_boot, seed=seed)
        dis = res.disagreements
        parts = [
            res.to_html(),
            html_table(shown(self.frequencies()), _("Coded comments per code")),
            html_table(
                shown(self.cooccurrence().reset_index(names="code")),
                _("Co-occurrence: comments with both codes"),
            ),
        ]
        if len(dis):
            caption = _("Comments the coders coded differently: {n}").format(n=fmt_int(len(dis)))
            quotes = dis["text"] if "text" in dis.columns else []
            parts.append(mark_quotes(html_table(shown(dis), caption), quotes))
        return "".join(parts)

    def presence(self) -> pd.DataFrame:
        """Segment x coder x code table of 1 (applied) / 0 (coder coded the segment, not
        with this code); coders who did not code a segment are absent."""
        codes = (
            self.codebook.names
            if self.codebook is not None
            else sorted(self.data[self.code].unique(), key=str)
        )
        pairs = self.data[[self.segment, self.coder]].drop_duplicates()
        rows = pairs.merge(pd.DataFrame({self.code: codes}), how="cross")
        applied = self.data[[self.segment, self.coder, self.code]].drop_duplicates()
        applied = applied.assign(applied=1)
        out = rows.merge(applied, how="left", on=[self.segment, self.coder, self.code])
        out["applied"] = out["applied"].fillna(0).astype(int)
        return out

    def frequencies(
        self, by: str | None = None, *, k: int = DEFAULT_K, survey: Any = None
    ) -> pd.DataFrame:
        """Segments per code (applied by at least one coder), optionally by a group column.

        ``by`` is a column of the sheet, or of ``survey.data`` joined on the respondent id.
        Grouped counts are suppressed with :func:`~cocreate_kit.privacy.suppress_crosstab`.
        """
        d = self.data[
            [
                self.segment,
                self.code,
                *([by] if by and by in self.data else []),
                *([c for c in self.data.columns if c.startswith("respondent")]),
            ]
        ]
        if by is not None and by not in d.columns:
            if survey is None:
                msg = _("Column {by} is not in the coding sheet; pass survey= to join it.").format(
                    by=repr(by)
                )
                raise ValueError(msg)
            d = d.merge(survey.data[[survey.respondent, by]], on=survey.respondent, how="left")
        d = d.drop_duplicates([self.segment, self.code])
        if by is None:
            t = d.groupby(self.code).size().rename("segments").reset_index()
            t["percent"] = 100 * t["segments"] / len(self.segments)
            return t.sort_values("segments", ascending=False).reset_index(drop=True)
        d = d.assign(**{by: d[by].fillna("(no answer)")})
        ct = pd.crosstab(d[self.code], d[by])
        return suppress_crosstab(ct, k=k)

    def cooccurrence(self) -> pd.DataFrame:
        """Code x code count of segments where both codes were applied (by any coder).

        The diagonal is the number of segments with each code.
        """
        d = self.data[[self.segment, self.code]].drop_duplicates()
        x = pd.crosstab(d[self.segment], d[self.code]).clip(upper=1)
        co = x.T @ x
        co.index.name = None
        co.columns.name = None
        return co

    def disagreements(self) -> pd.DataFrame:
        """Segments where coders applied different sets of codes, to review together.

        Columns: segment, text (redacted), then one column per coder with the codes that
        coder applied (``;``-separated), and ``only_some`` (codes not applied by all).
        """
        g = self.data.groupby([self.segment, self.coder], sort=False)[self.code].apply(
            lambda s: tuple(sorted(set(map(str, s))))
        )
        wide = g.unstack(self.coder)
        rows = []
        for seg, r in wide.iterrows():
            sets = [set(v) for v in r.to_numpy() if isinstance(v, tuple)]
            if len(sets) < 2 or all(s == sets[0] for s in sets):
                continue
            diff = set.union(*sets) - set.intersection(*sets)
            row = {"segment": seg}
            if self.text:
                row["text"] = self.data.loc[self.data[self.segment] == seg, self.text].iloc[0]
            for c in wide.columns:
                row[str(c)] = "; ".join(r[c]) if isinstance(r[c], tuple) else ""
            row["only_some"] = "; ".join(sorted(diff))
            rows.append(row)
        return pd.DataFrame(rows)


def load_coding_sheet(
    source: str | Path | pd.DataFrame | None,
    codebook: Codebook | None = None,
    *,
    segment: str = "segment",
    coder: str = "coder",
    code: str = "code",
    text: str | None = "text",
    coders: Sequence[str] | None = None,
    names: Sequence[str] = (),
    salt: str | bytes | None = None,
) -> CodingSheet | None:
    """Load a coding sheet (one row per segment x coder x code) and check it.

    Parameters
    ----------
    source : path, DataFrame or None
        None (no coding sheet: coding is optional) returns None; every feedback function
        that takes a sheet documents what it does with None.
    codebook : Codebook, optional
        When given, every code must be in it.
    segment, coder, code, text : str
        Column names (``text`` may be None when the sheet holds no text).
    coders : list of str, optional
        The expected coder ids; any other id is an error.
    names, salt
        The text column is redacted on load with :func:`~cocreate_kit.privacy.redact`.

    Raises
    ------
    DataError
        Missing columns, empty cells, codes not in the codebook, unexpected coder ids, and
        inconsistent coder ids (the same coder written two ways, e.g. ``AK`` and ``ak``),
        all at once.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"))
    >>> cs.coders
    ['AK', 'MB']
    >>> load_coding_sheet(None) is None
    True
    """
    from ..io import read_table

    if source is None:
        return None

    df = source.copy() if isinstance(source, pd.DataFrame) else read_table(source)
    if isinstance(source, pd.DataFrame):
        df.attrs = dict(source.attrs)
    file = df.attrs.get("source")
    pc = ProblemCollector(file, row_offset=int(df.attrs.get("row_offset", 0)))
    needed = [segment, coder, code, *([text] if text else [])]
    for c in needed:
        if c not in df.columns:
            pc.add(
                row=1 if "row_offset" in df.attrs else None,
                column=c,
                value=None,
                expected=_("a column named {column}; the file has: {columns}").format(
                    column=repr(c), columns=", ".join(map(str, df.columns))
                ),
            )
    pc.raise_if_any()
    for c in (segment, coder, code):
        empty = df[c].isna() | (df[c].astype("string").str.strip() == "")
        for pos in np.flatnonzero(empty.to_numpy())[:20]:
            pc.add_position(pos, column=c, value=None, expected=_("a {column} id").format(column=c))
    ids = df[coder].astype("string").str.strip()
    if coders is not None:
        allowed = [str(c) for c in coders]
        for pos in np.flatnonzero((~ids.isin(allowed) & ids.notna()).to_numpy())[:50]:
            pc.add_position(
                pos,
                column=coder,
                value=df[coder].iloc[pos],
                expected=_("one of the coder ids {ids}").format(ids=", ".join(map(repr, allowed))),
            )
    else:
        counts = ids.value_counts()
        by_key: dict[str, list[str]] = {}
        for v in counts.index:
            by_key.setdefault(_coder_key(v), []).append(v)
        for variants in by_key.values():
            if len(variants) > 1:
                main = max(variants, key=lambda v: counts[v])
                for v in variants:
                    if v == main:
                        continue
                    for pos in np.flatnonzero((ids == v).fillna(False).to_numpy())[:20]:
                        pc.add_position(
                            pos,
                            column=coder,
                            value=df[coder].iloc[pos],
                            expected=_(
                                "the coder id {id} spelled exactly as in its other {n} rows "
                                "(coder ids must be consistent)"
                            ).format(id=repr(main), n=int(counts[main])),
                        )
        raw = df[coder].astype("string")
        for pos in np.flatnonzero((raw != raw.str.strip()).fillna(False).to_numpy())[:20]:
            pc.add_position(
                pos,
                column=coder,
                value=df[coder].iloc[pos],
                expected=_("a coder id without leading or trailing spaces"),
            )
    if codebook is not None:
        known = set(codebook.names)
        cv = df[code].astype("string").str.strip()
        for pos in np.flatnonzero((~cv.isin(known) & cv.notna() & (cv != "")).to_numpy())[:50]:
            pc.add_position(
                pos,
                column=code,
                value=df[code].iloc[pos],
                expected=_("a code from the codebook: {codes}").format(
                    codes=", ".join(codebook.names[:20])
                ),
            )
    dup = df.duplicated([segment, coder, code], keep="first")
    for pos in np.flatnonzero(dup.to_numpy())[:20]:
        pc.add_position(
            pos,
            column=code,
            value=df[code].iloc[pos],
            expected=_("each code once per segment and coder (this row repeats one)"),
        )
    pc.raise_if_any()
    out = df.copy()
    for c in (segment, coder, code):
        out[c] = df[c].astype(str).str.strip()
    if text:
        out[text] = redact(
            df[text].where(df[text].isna(), df[text].astype(str)), names=names, salt=salt
        )
    out.attrs = {"source": file}
    return CodingSheet(out, codebook, file, segment, coder, code, text)


def coding_agreement(
    sheet: CodingSheet | None,
    *,
    method: str = "krippendorff",
    level: float = DEFAULT_LEVEL,
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float | None = None,
) -> AgreementResult:
    """Agreement per code and overall for a coding sheet with several codes per segment.

    See :mod:`cocreate_kit.feedback._agreement` (Methods): per-code binary (applied / not
    applied) coefficients, and an overall coefficient pooling all (segment, code) pairs,
    with a bootstrap interval at ``level`` (``confidence=`` is its deprecated name). The
    result also holds the sheet's :meth:`~CodingSheet.disagreements`.

    ``sheet=None`` (no coding sheet) gives a result that says so (``n_coders == 0``, no
    chart, no tables, empty ``disagreements``), so a notebook shows it without a branch.

    Examples
    --------
    >>> from cocreate_kit.datasets import dataset_path
    >>> cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"))
    >>> r = coding_agreement(cs, n_boot=100)
    >>> r.n_coders, bool(0 < r.value < 1)
    (2, True)
    >>> coding_agreement(None).summary()
    'No coding sheet was given, so agreement between coders was not computed.'
    """
    level = renamed(level, confidence, old="confidence", new="level", where="coding_agreement")
    if sheet is None:
        nan = float("nan")
        empty = pd.DataFrame(columns=["code", "n_units", "value", "reading"])
        return AgreementResult(
            nan, method, "nominal", 0, 0, (nan, nan), empty, level, n_boot, seed, pd.DataFrame()
        )
    p = sheet.presence()
    seg, cod, cde = sheet.segment, sheet.coder, sheet.code
    coders = sheet.coders
    if method == "cohen" and len(coders) != 2:
        pc = ProblemCollector(sheet.source)
        pc.add(
            column=cod, value=", ".join(coders), expected=_("exactly two coders for Cohen's kappa")
        )
        pc.raise_if_any()
    rows = []
    for c, g in p.groupby(cde, sort=False):
        wide = g.pivot(index=seg, columns=cod, values="applied").reindex(columns=coders)
        m = wide.to_numpy(dtype=float)
        used = int((m == 1).any(axis=1).sum())
        if method == "krippendorff":
            v = krippendorff_alpha(m, "nominal")
        else:
            v = _kappa(m[:, 0], m[:, 1])
        rows.append({"code": c, "n_units": used, "value": v, "reading": _reading(v, method)})
    per_code = pd.DataFrame(rows, columns=["code", "n_units", "value", "reading"])
    # Codes nobody applied would add (0, 0) agreements and inflate the pooled value.
    used = set(sheet.data[cde])
    p = p[p[cde].isin(used)]
    p = p.assign(_unit=p[seg].astype(str) + "\x1f" + p[cde].astype(str))
    wide = p.pivot(index="_unit", columns=cod, values="applied").reindex(columns=coders)
    m = wide.to_numpy(dtype=float)
    res = _agreement_from_matrix(
        m,
        [0, 1],
        np.array([0.0, 1.0]),
        method,
        "nominal",
        len(coders),
        level,
        n_boot,
        seed,
        per_code=per_code,
    )
    return res._replace(unit_label=N_("segment-code pairs"), disagreements=sheet.disagreements())
