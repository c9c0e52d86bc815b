"""A public, de-identified accountability export: decision log, scorecard and milestones.

:func:`public_export` writes six files (JSON and CSV of each) that a participation platform
can take, with **no participant-level rows**: no participant table, no participant ids, no
activity notes, no quotes. Free text that is published (titles, outcomes, rationales,
options, deciders, consulted groups, indicator names) goes through
:func:`cocreate_kit.privacy.redact` (e-mails, phone and CPR numbers, addresses, URLs, and
the names on the deny-list given as ``names``: redaction cannot find a name that is not on
it, so decisions should name roles and bodies, not people). Counts of people below ``k``
are shown as "fewer than k". CSV files are written by :func:`cocreate_kit.io.write_csv`
(formula injection neutralised, UTF-8, comma-separated as Decidim's default).

``decisions.csv`` / ``decisions.json``: the decision log as **Decidim accountability
results** (the CSV header is what Decidim's results importer reads; the JSON uses the plain
field names). The project is the parent result; each decision is a child.

==================  ====================  ==================================================
CSV (Decidim)       JSON                  from the ledger
==================  ====================  ==================================================
``id``              ``id``                project id / decision id
``parent/id``       ``parent_id``         empty for the project; the project id for decisions
``title/<locale>``  ``title``             project / decision title (redacted)
``description/..``  ``description``       project description; for a decision: outcome,
                                          rationale, options considered, consulted, deciders,
                                          evidence level (redacted)
``start_date``      ``start_date``        earliest activity date / decision date
``end_date``        ``end_date``          latest decision date / review date
``status``          ``status``            MADR status (``superseded by DEC03`` when a
                                          newer decision supersedes it). Decidim's
                                          ``status/id`` is an id of a status configured in
                                          your component: map this key to it on import
``progress``        ``progress``          empty: the ledger records decisions, not how far
                                          their implementation has come
``evidence_level``  ``evidence_level``    the decision's weakest link (1-5; empty if none)
==================  ====================  ==================================================

``milestones.csv`` / ``milestones.json``: a **CONSUL milestone list** (``title``,
``description``, ``publication_date``, ``status``) for the project: every activity
(``Workshop: <title>``, how many people took part, or "fewer than k"), every test (its design and evidence
level) and every decision (its status and outcome), in date order.

``cocreate check ledger FILE --public FOLDER [--names FILE]`` runs it after the check.

``scorecard.csv`` / ``scorecard.json``: the public value scorecard's cells (bottom line,
indicator, KPI, value, interval, unit, n, evidence level, supported, note; see
:func:`.scorecard`), with the headline in the JSON. Only aggregates, suppressed below ``k``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .._result import jsonable
from ..i18n import N_, _, fmt_int, get_language, use_language
from ..thresholds import DEFAULT_K
from ._evidence import evidence_levels
from ._links import is_blank, ledger_tables
from ._scorecard import CELL_COLUMNS, scorecard

__all__ = ["PUBLIC_FILES", "public_export"]

#: The files :func:`public_export` writes, in this order.
PUBLIC_FILES = (
    "decisions.json",
    "decisions.csv",
    "milestones.json",
    "milestones.csv",
    "scorecard.json",
    "scorecard.csv",
)
#: Scorecard columns published (the ledger ids, machine keys and no-effect values are not).
_SCORECARD_COLUMNS = [c for c in CELL_COLUMNS if c not in ("key", "null", "entity")]
_KIND_WORDS = {
    "interview": N_("Interview"),
    "observation": N_("Observation"),
    "workshop": N_("Workshop"),
    "prototype_test": N_("Prototype test"),
    "survey": N_("Survey"),
}


def _date(value: Any) -> str | None:
    if is_blank(value) or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return "" if is_blank(value) else str(value)


def _decisions(t: dict[str, pd.DataFrame], claims: pd.DataFrame, clean: Any) -> pd.DataFrame:
    project = t["project"].iloc[0]
    newer = {
        str(r.target): str(r.source)
        for r in t["links"].itertuples(index=False)
        if r.relation == "supersedes"
    }
    level = claims.set_index("entity")["evidence_level"]
    rows = [
        {
            "id": str(project["id"]),
            "parent_id": None,
            "title": clean(_text(project["title"])),
            "description": clean(_text(project.get("description"))),
            "start_date": _date(min(t["activities"]["date"].dropna(), default=None)),
            "end_date": _date(max(t["decisions"]["date"].dropna(), default=None)),
            "status": None,
            "progress": None,
            "evidence_level": None,
        }
    ]
    for d in t["decisions"].itertuples(index=False):
        lvl = level.get(str(d.id), pd.NA)
        evidence = (
            _("none linked")
            if pd.isna(lvl)
            else _("level {level} (weakest link)").format(level=int(lvl))
        )
        parts = [
            (_("Outcome"), _text(d.outcome)),
            (_("Rationale"), _text(d.rationale)),
            (_("Options considered"), _text(d.options)),
            (_("Consulted"), _text(d.consulted)),
            (_("Decided by"), _text(d.deciders)),
            (_("Evidence"), evidence),
        ]
        status = str(d.status)
        if str(d.id) in newer:
            status = f"superseded by {newer[str(d.id)]}"
        rows.append(
            {
                "id": str(d.id),
                "parent_id": str(project["id"]),
                "title": clean(_text(d.title)),
                "description": clean(". ".join(f"{k}: {v.rstrip('.')}" for k, v in parts if v)),
                "start_date": _date(d.date),
                "end_date": _date(d.review_date),
                "status": status,
                "progress": None,
                "evidence_level": None if pd.isna(lvl) else int(lvl),
            }
        )
    return pd.DataFrame(rows).astype({"evidence_level": "Int64"})


def _milestones(
    t: dict[str, pd.DataFrame], items: pd.DataFrame, claims: pd.DataFrame, clean: Any, k: int
) -> pd.DataFrame:
    rows = []
    for a in t["activities"].itertuples(index=False):
        n = len(a.participants or [])
        people = (
            _("{n} people took part").format(n=fmt_int(n))
            if n >= k
            else _("fewer than {k} people took part").format(k=fmt_int(k))
        )
        kind = _(_KIND_WORDS[a.kind]) if a.kind in _KIND_WORDS else str(a.kind)
        rows.append(
            {
                "title": clean(f"{kind}: {_text(a.title)}"),
                "description": people if n else "",
                "publication_date": _date(a.date),
                "status": "completed",
            }
        )
    short = items.set_index("entity")
    for x in t["tests"].itertuples(index=False):
        g = short.loc[str(x.id)]
        rows.append(
            {
                "title": clean(_("Test: {title}").format(title=_text(x.title))),
                "description": _("{design}; evidence level {level}").format(
                    design=g["short"], level=int(g["evidence_level"])
                ),
                "publication_date": _date(x.date),
                "status": "completed",
            }
        )
    for d in t["decisions"].itertuples(index=False):
        rows.append(
            {
                "title": clean(_("Decision: {title}").format(title=_text(d.title))),
                "description": clean(_text(d.outcome)),
                "publication_date": _date(d.date),
                "status": str(d.status),
            }
        )
    out = pd.DataFrame(rows, columns=["title", "description", "publication_date", "status"])
    return out.sort_values("publication_date", kind="stable", na_position="last").reset_index(
        drop=True
    )


def _write(
    frame: pd.DataFrame, folder: Path, stem: str, extra: dict[str, Any], csv_frame: pd.DataFrame
) -> list[Path]:
    """``stem.json`` (``extra`` plus the rows under ``stem``) and ``stem.csv``."""
    from ..io import write_csv

    js = folder / f"{stem}.json"
    payload = {**extra, stem: jsonable(frame)}
    js.write_text(
        json.dumps(payload, ensure_ascii=False, allow_nan=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return [js, write_csv(csv_frame, folder / f"{stem}.csv")]


def public_export(
    ledger: Any,
    folder: str | Path,
    *,
    names: Any = (),
    k: int = DEFAULT_K,
    locale: str | None = None,
    population: Any = None,
) -> list[Path]:
    """Write the de-identified accountability export (see the module docstring).

    Parameters
    ----------
    ledger : Ledger
    folder : str or Path
        Created if missing. Existing files of the export are refused (nothing is
        overwritten).
    names : iterable of str
        Deny-list of names to redact from published text (e.g.
        :func:`cocreate_kit.feedback.load_names` of the recruitment sheet).
    k : int
        Counts of people below ``k`` are hidden.
    locale : str, optional
        The language of the published text (one of :func:`cocreate_kit.i18n.languages`;
        default: the current language), also the locale of the Decidim CSV columns
        ``title/<locale>`` and ``description/<locale>``. Field names (JSON keys, CSV
        headers) stay as the platforms read them; descriptions, milestone titles and the
        headline are written in this language.
    population : optional
        Passed to :func:`.scorecard` (default ``project.population``).

    Returns
    -------
    list of Path
        The six files, in the order of :data:`PUBLIC_FILES`.

    Examples
    --------
    >>> import tempfile
    >>> from cocreate_kit import ledger, datasets
    >>> led = ledger.load(datasets.dataset_path("ledger/home_care_ledger.json"))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in public_export(led, d)][:2]
    ['decisions.json', 'decisions.csv']
    """

    out = Path(folder)
    existing = [str(out / f) for f in PUBLIC_FILES if (out / f).exists()]
    if existing:
        msg = _("Not overwriting the existing export file(s): {files}.").format(
            files=", ".join(existing)
        )
        raise FileExistsError(msg)
    with use_language(locale):
        return _export(ledger, out, names, k, locale or get_language(), population)


def _export(ledger: Any, out: Path, names: Any, k: int, locale: str, population: Any) -> list[Path]:
    from ..privacy import redact

    deny = list(names)

    def clean(text: str) -> str:
        return redact(text, names=deny) if text else text

    t = ledger_tables(ledger)
    ev = evidence_levels(ledger)
    card = scorecard(ledger, population=population, k=k)
    decisions = _decisions(t, ev.claims, clean)
    milestones = _milestones(t, ev.items, ev.claims, clean, k)
    cells = card.cells.reindex(columns=_SCORECARD_COLUMNS).copy()
    # Every text cell can carry the team's own words (a measure's unit, indicator and
    # source, a note quoting them), so all of them are redacted, not only the obvious two.
    for col in ("indicator", "source"):
        cells[col] = cells[col].map(lambda s: clean(_text(s)))
    for col in ("interval", "unit", "indicator"):  # the kit's own names, translated
        cells[col] = cells[col].map(lambda s: s if is_blank(s) else _(str(s)))
    for col in ("interval", "unit", "evidence", "note"):
        cells[col] = cells[col].map(lambda s: s if is_blank(s) else clean(str(s)))
    csv_decisions = decisions.rename(
        columns={
            "parent_id": "parent/id",
            "title": f"title/{locale}",
            "description": f"description/{locale}",
        }
    )
    out.mkdir(parents=True, exist_ok=True)
    meta = {"project": str(t["project"].iloc[0]["id"]), "locale": locale}
    paths = _write(
        decisions,
        out,
        "decisions",
        {**meta, "format": "Decidim accountability results"},
        csv_decisions,
    )
    paths += _write(
        milestones, out, "milestones", {**meta, "format": "CONSUL milestones"}, milestones
    )
    paths += _write(
        cells, out, "scorecard", {**meta, "headline": clean(card.headline()), "k": k}, cells
    )
    return paths
