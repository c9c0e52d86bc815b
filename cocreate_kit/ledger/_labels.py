"""Display names of the ledger's codes: one ``N_()`` table, translated when shown.

The ledger's vocabularies (roles, kinds, severities, statuses, bottom lines, KPIs, designs,
relations, table names) are **codes** in the data and in every documented DataFrame: a
Danish ledger says ``citizen`` and ``service_experience`` like an English one, so files,
links and results are the same in both languages. Only what a person reads is translated,
through :func:`label` at display time.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..i18n import LOCALES, N_, _, fmt_int, get_language, ngettext
from ._links import is_blank

__all__ = [
    "HEADERS",
    "LABELS",
    "PLURALS",
    "SINGULAR",
    "count_of",
    "fixed",
    "display_table",
    "label",
    "labels",
    "plural",
]

#: Code -> English display name (msgid). Codes not listed are shown with "_" as a space.
LABELS = {
    # participant roles
    "citizen": N_("citizen"),
    "relative": N_("relative"),
    "staff": N_("staff"),
    "manager": N_("manager"),
    "politician": N_("politician"),
    "expert": N_("expert"),
    "other": N_("other"),
    "all": N_("all"),
    "not recorded": N_("not recorded"),
    # participant dimensions
    "age_band": N_("age band"),
    "sex": N_("sex"),
    "area": N_("area"),
    "channel": N_("channel"),
    # sexes
    "female": N_("female"),
    "male": N_("male"),
    # activity kinds
    "interview": N_("interview"),
    "observation": N_("observation"),
    "workshop": N_("workshop"),
    "prototype_test": N_("prototype test"),
    "survey": N_("survey"),
    # insight kinds, severities, idea kinds
    "pain_point": N_("pain point"),
    "insight": N_("insight"),
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
    "idea": N_("idea"),
    "prototype": N_("prototype"),
    # decision statuses (MADR)
    "proposed": N_("proposed"),
    "accepted": N_("accepted"),
    "rejected": N_("rejected"),
    "deprecated": N_("deprecated"),
    "superseded": N_("superseded"),
    # Bason's bottom lines
    "productivity": N_("productivity"),
    "service_experience": N_("service experience"),
    "results": N_("results"),
    "democracy": N_("democracy"),
    # GOV.UK Service Standard KPIs
    "cost_per_transaction": N_("cost per transaction"),
    "user_satisfaction": N_("user satisfaction"),
    "completion_rate": N_("completion rate"),
    "digital_take_up": N_("digital take-up"),
    # designs
    "randomised": N_("randomised"),
    "quasi_random": N_("quasi-random"),
    "difference_in_differences": N_("difference-in-differences"),
    "controlled": N_("controlled"),
    "before_after": N_("before/after"),
    "cross_section": N_("cross-section"),
    "account": N_("account"),
    # relations
    "addresses": N_("addresses"),
    "supports": N_("supports"),
    "contradicts": N_("contradicts"),
    "tested_by": N_("tested by"),
    "decided_by": N_("decided by"),
    "supersedes": N_("supersedes"),
    "activity": N_("activity"),
    # tables
    "project": N_("project"),
    "participants": N_("participants"),
    "activities": N_("activities"),
    "insights": N_("insights"),
    "ideas": N_("ideas"),
    "tests": N_("tests"),
    "feedback": N_("feedback"),
    "decisions": N_("decisions"),
    "measures": N_("measures"),
    "links": N_("links"),
    # chain directions
    "upstream": N_("upstream"),
    "self": N_("start"),
    "downstream": N_("downstream"),
}

#: Role -> plural display name, for sentences ("the 27 citizens compared ...").
PLURALS = {
    "citizen": N_("citizens"),
    "relative": N_("relatives"),
    "staff": N_("staff"),
    "manager": N_("managers"),
    "politician": N_("politicians"),
    "expert": N_("experts"),
    "other": N_("others"),
}

#: Table -> singular noun ("Decision D1 ...").
SINGULAR = {
    "participants": N_("participant"),
    "activities": N_("activity"),
    "insights": N_("insight"),
    "ideas": N_("idea"),
    "tests": N_("test"),
    "feedback": N_("feedback record"),
    "decisions": N_("decision"),
    "measures": N_("measure"),
    "links": N_("link"),
}

_COUNTS = {
    "participants": lambda n: ngettext("{n} participant", "{n} participants", n),
    "activities": lambda n: ngettext("{n} activity", "{n} activities", n),
    "insights": lambda n: ngettext("{n} insight", "{n} insights", n),
    "ideas": lambda n: ngettext("{n} idea", "{n} ideas", n),
    "tests": lambda n: ngettext("{n} test", "{n} tests", n),
    "feedback": lambda n: ngettext("{n} feedback record", "{n} feedback records", n),
    "decisions": lambda n: ngettext("{n} decision", "{n} decisions", n),
    "measures": lambda n: ngettext("{n} measure", "{n} measures", n),
    "links": lambda n: ngettext("{n} link", "{n} links", n),
    "interview": lambda n: ngettext("{n} interview", "{n} interviews", n),
    "observation": lambda n: ngettext("{n} observation", "{n} observations", n),
    "workshop": lambda n: ngettext("{n} workshop", "{n} workshops", n),
    "prototype_test": lambda n: ngettext("{n} prototype test", "{n} prototype tests", n),
    "survey": lambda n: ngettext("{n} survey", "{n} surveys", n),
}


def count_of(n: Any, code: str) -> str:
    """``n`` things of a table or activity kind, in the current language ("3 decisions").

    Examples
    --------
    >>> count_of(1, "activities"), count_of(1234, "links")
    ('1 activity', '1,234 links')
    """
    n = int(n)
    if code in _COUNTS:
        return _COUNTS[code](n).format(n=fmt_int(n))
    return f"{fmt_int(n)} {label(code)}"


def plural(role: Any) -> str:
    """The plural display name of a role ("citizens"; "borgere" in Danish)."""
    text = str(role)
    return _(PLURALS[text]) if text in PLURALS else label(text) + "s"


def fixed(value: Any, digits: int) -> str:
    """``value`` with exactly ``digits`` decimals in the current locale ("0,40" in Danish),
    for statistics whose precision is part of the reading (p-values, ratios).

    Examples
    --------
    >>> fixed(0.4, 2), fixed(1234.5, 1)
    ('0.40', '1,234.5')
    """
    from babel.numbers import format_decimal

    language = get_language()
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES.get(language, language))


def label(code: Any) -> str:
    """The display name of a code in the current language.

    Examples
    --------
    >>> label("service_experience"), label("age_band")
    ('service experience', 'age band')
    >>> from cocreate_kit.i18n import use_language
    >>> with use_language("da"):
    ...     label("citizen")
    'borger'
    """
    text = str(code)
    return _(LABELS[text]) if text in LABELS else text.replace("_", " ")


def labels(values: Any) -> list[str]:
    """:func:`label` of every value (a column shown to people)."""
    return [label(v) for v in values]


#: Headers of the scorecard table shown to people (the DataFrame keeps its column names).
HEADERS = {
    "bottom_line": N_("Bottom line"),
    "indicator": N_("Indicator"),
    "kpi": N_("KPI"),
    "value": N_("Value"),
    "low": N_("Low"),
    "high": N_("High"),
    "level": N_("Level"),
    "interval": N_("Interval"),
    "unit": N_("Unit"),
    "baseline": N_("Baseline"),
    "n": N_("n"),
    "source": N_("Source"),
    "entity": N_("Id"),
    "evidence_level": N_("Evidence level"),
    "evidence": N_("Evidence"),
    "supported": N_("Supported"),
    "flagged": N_("Flagged"),
    "note": N_("Note"),
}


def display_table(cells: pd.DataFrame) -> pd.DataFrame:
    """A copy of scorecard cells for people: codes as display names, translated headers.

    Examples
    --------
    >>> from cocreate_kit.ledger._scorecard import CELL_COLUMNS
    >>> cells = pd.DataFrame([{"bottom_line": "service_experience", "unit": "hours"}],
    ...     columns=CELL_COLUMNS)
    >>> display_table(cells).iloc[0]["Bottom line"]
    'service experience'
    """
    out = cells.drop(columns=["key", "null"]).copy()
    out["bottom_line"] = out["bottom_line"].map(label)
    out["kpi"] = out["kpi"].map(lambda v: v if is_blank(v) else label(v))
    for col in ("indicator", "interval", "unit", "source", "note"):
        out[col] = out[col].map(lambda v: v if is_blank(v) else _(str(v)))
    return out.rename(columns={c: _(h) for c, h in HEADERS.items()})
