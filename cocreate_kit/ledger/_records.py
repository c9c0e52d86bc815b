"""Scorecard cells from the pillar result records a ledger links (``Result.to_json()``).

Only documented keys of each record are read (the attributes each pillar result documents,
which :meth:`cocreate_kit._result.Result.to_dict` exports):

====================  ============================================  =========================
record ``type``       keys read                                     cells (bottom line)
====================  ============================================  =========================
JourneyComparison     ``totals``: ``measure, saving, saving_low,    staff cost saved (% and
                      saving_high, saving_pct, saving_pct_low,      per year), citizen time
                      saving_pct_high``; ``assumptions.currency``   saved per case, with the
                                                                    cost model's range
                                                                    (productivity)
Report / Comparison   ``results`` (Report); per comparison          one per metric and
                      ``metric, kind, level, arms.n, table:         non-control variant:
                      variant, effect, effect_ci_low,               change with its interval
                      effect_ci_high, effect_label, verdict``       (service experience)
SUSSummary            ``mean, ci_low, ci_high, n, level``           SUS score
NPSResult             ``value, ci_low, ci_high, n, level``          NPS
SegmentMetrics        ``by, level``; ``table`` row "All             SUS, NPS, CSAT top-2
                      respondents": ``n, sus_*, nps*, csat_*``      (service experience)
====================  ============================================  =========================

Changes are shown on a scale where 0 (``null``) is no effect: differences as they are
(proportions in percentage points), ratios (time, counts) as a percent change, and the
Likert probability of superiority in percent (50 = no effect). Survey results are levels,
not changes, so they have no ``null``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._errors import ProblemCollector
from ..i18n import N_, _, pgettext

__all__ = ["READERS", "record_cells"]

#: Experiment kind -> (unit, transform of effect and interval, no-effect value, key).
_KINDS = {
    "binary": (N_("percentage points"), lambda x: 100 * x, 0.0, "completion_change"),
    "sus": (N_("SUS points"), lambda x: x, 0.0, "sus_change"),
    "continuous": (N_("difference in means"), lambda x: x, 0.0, "mean_change"),
    "time": (N_("% time"), lambda x: 100 * (x - 1), 0.0, "time_change"),
    "count": (N_("% events"), lambda x: 100 * (x - 1), 0.0, "count_change"),
    "likert": (N_("% probability of superiority"), lambda x: 100 * x, 50.0, "satisfaction_change"),
}


def _need(record: dict[str, Any], keys: tuple[str, ...], source: str) -> None:
    missing = [k for k in keys if k not in record]
    if missing:
        pc = ProblemCollector(source)
        for k in missing:
            pc.add(
                column=k,
                value=None,
                expected=_("a {type} record (Result.to_json()) with the key {key}").format(
                    type=record.get("type", "result"), key=repr(k)
                ),
            )
        pc.raise_if_any()


def _num(row: dict[str, Any], key: str, source: str, where: str = "") -> float | None:
    """``row[key]`` as a float (None when null); a missing key or a non-number is a
    :class:`~cocreate_kit.DataError` naming the file and the key."""
    value = row.get(key, _MISSING)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    pc = ProblemCollector(source)
    got = None if value is _MISSING else value
    pc.add(
        column=f"{where}{key}",
        value=got,
        expected=_("a number (a Result.to_json() record written by the kit)"),
    )
    pc.raise_if_any()
    return None  # pragma: no cover - raise_if_any raised


_MISSING = object()


def _rows(record: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    """``record[key]`` as a list of row objects, or one clear error."""
    value = record.get(key)
    if isinstance(value, list) and all(isinstance(r, dict) for r in value):
        return value
    pc = ProblemCollector(source)
    pc.add(column=key, value=type(value).__name__, expected=_("a list of rows (JSON objects)"))
    pc.raise_if_any()
    return []  # pragma: no cover - raise_if_any raised


#: The word for an effect when a record names none.
_EFFECT = N_("effect")


def _cell(**kw: Any) -> dict[str, Any]:
    base = {
        "bottom_line": "service_experience",
        "key": None,
        "indicator": "",
        "kpi": None,
        "value": None,
        "low": None,
        "high": None,
        "level": None,
        "interval": "",
        "null": None,
        "unit": "",
        "baseline": None,
        "n": None,
        "note": "",
    }
    base.update(kw)
    return base


_SAVING_KEYS = (
    "saving",
    "saving_low",
    "saving_high",
    "saving_pct",
    "saving_pct_low",
    "saving_pct_high",
)


def _journey(record: dict[str, Any], source: str) -> list[dict[str, Any]]:
    _need(record, ("totals", "assumptions"), source)
    rows = {r.get("measure"): r for r in _rows(record, "totals", source)}
    currency = (record.get("assumptions") or {}).get("currency") or ""
    cells = []
    staff, time = rows.get("staff_cost"), rows.get("citizen_hours_per_case")
    rng = N_("range (cost model assumptions)")
    if staff is not None:
        v = {k: _num(staff, k, source, "totals.staff_cost.") for k in _SAVING_KEYS}
        cells.append(
            _cell(
                bottom_line="productivity",
                key="staff_cost_saved_pct",
                indicator=N_("Staff cost saved"),
                value=100 * v["saving_pct"],
                low=100 * v["saving_pct_low"],
                high=100 * v["saving_pct_high"],
                interval=rng,
                null=0.0,
                unit="%",
            )
        )
        cells.append(
            _cell(
                bottom_line="productivity",
                key="staff_cost_saved",
                indicator=N_("Staff cost saved per year"),
                value=v["saving"],
                low=v["saving_low"],
                high=v["saving_high"],
                interval=rng,
                null=0.0,
                unit=str(currency),
            )
        )
    if time is not None:
        v = {k: _num(time, k, source, "totals.citizen_hours_per_case.") for k in _SAVING_KEYS}
        cells.append(
            _cell(
                bottom_line="productivity",
                key="citizen_hours_saved",
                indicator=N_("Citizen time saved per case"),
                value=v["saving"],
                low=v["saving_low"],
                high=v["saving_high"],
                interval=rng,
                null=0.0,
                unit=N_("hours"),
            )
        )
    return cells


def _comparison(record: dict[str, Any], source: str) -> list[dict[str, Any]]:
    _need(record, ("metric", "kind", "level", "arms", "table"), source)
    unit, f, null, key = _KINDS.get(str(record["kind"]), ("", lambda x: x, 0.0, "change"))
    n = sum(_num(a, "n", source, "arms.") or 0 for a in _rows(record, "arms", source))
    cells = []
    for row in _rows(record, "table", source):
        effect, lo, hi = (
            _num(row, k, source, "table.") for k in ("effect", "effect_ci_low", "effect_ci_high")
        )
        cells.append(
            _cell(
                key=key,
                indicator=_("{metric}: {effect}, {variant} vs control").format(
                    metric=record["metric"],
                    effect=_(str(row.get("effect_label") or _EFFECT)),
                    variant=row.get("variant"),
                ),
                value=None if effect is None else f(effect),
                low=None if lo is None else f(lo),
                high=None if hi is None else f(hi),
                level=_num(record, "level", source),
                interval=N_("confidence interval"),
                null=null,
                unit=unit,
                n=int(n),
                # the experiment's verdict words, in the experiment's own translation
                note=pgettext("verdict", str(row["verdict"])) if row.get("verdict") else "",
            )
        )
    return cells


def _report(record: dict[str, Any], source: str) -> list[dict[str, Any]]:
    _need(record, ("results",), source)
    results = record["results"]
    if not isinstance(results, dict) or not all(isinstance(c, dict) for c in results.values()):
        pc = ProblemCollector(source)
        pc.add(column="results", value=type(results).__name__, expected=_("metric -> comparison"))
        pc.raise_if_any()
    return [c for comp in results.values() for c in _comparison(comp, source)]


def _level_cell(key: str, indicator: str, unit: str, **kw: Any) -> dict[str, Any]:
    return _cell(key=key, indicator=indicator, unit=unit, interval=N_("confidence interval"), **kw)


def _one_score(key: str, indicator: str, unit: str, value: str) -> Any:
    """A reader for a survey record holding one score (``value``) with its interval."""

    def read(record: dict[str, Any], source: str) -> list[dict[str, Any]]:
        _need(record, (value, "ci_low", "ci_high", "n", "level"), source)
        numbers = {
            name: _num(record, field, source)
            for name, field in (
                ("value", value),
                ("low", "ci_low"),
                ("high", "ci_high"),
                ("level", "level"),
                ("n", "n"),
            )
        }
        return [_level_cell(key, indicator, unit, **numbers)]

    return read


_sus = _one_score("sus_score", N_("SUS score (survey)"), N_("SUS points (0-100)"), "mean")
_nps = _one_score("nps", N_("Net Promoter Score (survey)"), N_("NPS points (-100 to 100)"), "value")


def _segments(record: dict[str, Any], source: str) -> list[dict[str, Any]]:
    _need(record, ("by", "level", "table"), source)
    rows = [r for r in _rows(record, "table", source) if r.get(record["by"]) == "All respondents"]
    if not rows:
        return []
    r, lvl = rows[0], _num(record, "level", source)
    spec = [
        ("sus_score", N_("SUS score (survey)"), N_("SUS points (0-100)"), "sus_mean", "sus_ci"),
        ("nps", N_("Net Promoter Score (survey)"), N_("NPS points (-100 to 100)"), "nps", "nps_ci"),
        ("csat_top2", N_("Satisfied (top-2 box, survey)"), "%", "csat_top2", "csat_ci"),
    ]
    return [
        _level_cell(
            key,
            label,
            unit,
            value=_num(r, col, source, "table."),
            low=_num(r, f"{ci}_low", source, "table."),
            high=_num(r, f"{ci}_high", source, "table."),
            level=lvl,
            n=_num(r, "n", source, "table."),
        )
        for key, label, unit, col, ci in spec
        if r.get(col) is not None
    ]


#: Record ``type`` -> reader giving scorecard cells.
READERS = {
    "JourneyComparison": _journey,
    "Report": _report,
    "Comparison": _comparison,
    "SUSSummary": _sus,
    "NPSResult": _nps,
    "SegmentMetrics": _segments,
}


def record_cells(record: Any, source: str | Path) -> list[dict[str, Any]] | None:
    """Scorecard cells of one result record; None when its type is not read.

    Examples
    --------
    >>> record_cells({"type": "NPSResult", "value": 20.0, "ci_low": -34.0,
    ...               "ci_high": 74.0, "n": 10, "level": 0.95}, "nps.json")[0]["value"]
    20.0
    >>> record_cells({"type": "Blueprint"}, "b.json") is None
    True
    """
    name = str(source)
    if not isinstance(record, dict):
        pc = ProblemCollector(name)
        pc.add(value=type(record).__name__, expected=_("a JSON object written by Result.to_json()"))
        pc.raise_if_any()
    reader = READERS.get(str(record.get("type")))
    return None if reader is None else reader(record, name)
