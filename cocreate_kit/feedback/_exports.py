"""Survey-tool exports recognised by their shape, and identifying metadata dropped on load.

:func:`read_export` reads a file (or takes a frame) and returns an :class:`Export`: the
answers, one row per respondent, the tool's name as a user would say it, the question text
of each column where the tool keeps it apart from the column name, and the identifying
columns it removed. Shapes recognised (sources: each tool's documentation and public
exports; see the README's "Bring your own data" table):

* **Qualtrics** CSV/xlsx: row 1 column ids (``ResponseId``, ``Q1`` ...), row 2 question
  text, row 3 ``{"ImportId": ...}`` (the legacy export has only the first two). The header
  rows are removed (so n counts respondents only) and the question text is kept for
  matching statements and labelling charts. ``ResponseId`` is the respondent id.
* **Google Forms** CSV: first column ``Timestamp`` (or its translation), then one column per
  question headed by its full text; no id column.
* **Microsoft Forms** xlsx: ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``
  (``Last modified time`` in newer exports), then one column per question.
* **SurveyXact** (Ramboll; no public export exists, the shape is taken from the open-source
  readers readSX and indsight, which document it): an xlsx with a ``Dataset`` sheet (one row
  per respondent, ``respondentid``, ``statoverall_*`` status columns, background variables
  such as ``email``/``name``, question variables such as ``s_1``) and a ``Variables`` (or
  ``Structure``) sheet whose first two columns are variable name and question text; or the
  dataset alone as CSV (recognised by ``statoverall_*`` columns).
* **LimeSurvey** CSV: ``id``, ``submitdate``, ``lastpage``, ``startlanguage``, ``seed`` ...
  (or with question text headings: ``Response ID``, ``Date submitted``, ``Last page`` ...).

Anything else is read as a plain table. Identifying columns are dropped whatever the tool
(:func:`identifying`): IP address, latitude/longitude, e-mail, name (incl. Qualtrics
``Recipient*`` and Microsoft Forms ``Email``/``Name``), phone, CPR, Qualtrics
``ExternalReference`` and LimeSurvey ``token``/``refurl``, and any column where half the
distinct values are e-mail addresses. They never reach a result, an app or an export; the
note lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..i18n import N_
from ..roles import Phrase

__all__ = ["Export", "identifying", "metadata_reason", "read_export"]


@dataclass
class Export:
    """A survey file as read: answers, tool, question texts and what was dropped."""

    data: pd.DataFrame
    tool: str
    questions: dict[str, str] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    source: str | None = None
    row_offset: int = 2
    #: The dropped columns' values, kept only so that a user may map one as free text
    #: (redacted on load); never part of :attr:`data` otherwise.
    held: dict[str, pd.Series] = field(default_factory=dict, repr=False)


_GF_TIMESTAMP = {
    "timestamp",
    "tidsstempel",
    "marca temporal",
    "zeitstempel",
    "horodateur",
    "tijdstempel",
    "informazioni cronologiche",
    "carimbo de data/hora",
    "sygnatura czasowa",
    "stempel waktu",
}
_MS_FORMS = ("id", "start time", "completion time")
_LIME = {"id", "submitdate", "lastpage", "startlanguage"}
_LIME_TEXT = {"response id", "date submitted", "last page", "start language"}
_QUALTRICS_META = {
    "startdate",
    "enddate",
    "status",
    "progress",
    "duration (in seconds)",
    "finished",
    "recordeddate",
    "distributionchannel",
    "userlanguage",
    "q_recaptchascore",
    "q_relevantidduplicate",
    "q_relevantidduplicatescore",
    "q_relevantidfraudscore",
    "q_relevantidlaststartdate",
    "q_totalduration",
}
_LIME_META = {
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "date submitted",
    "last page",
    "start language",
    "date started",
    "date last action",
}
_TIMES = {"start time", "completion time", "last modified time", "starttidspunkt"}

_IDENTIFYING = (
    (re.compile(r"(^|\b)(ip ?address|ipaddress|ipaddr|ip-adresse|ip)$"), N_("IP address")),
    (
        re.compile(r"latitude|longitude|breitengrad|längengrad|breddegrad|længdegrad|^gps"),
        N_("location (latitude/longitude)"),
    ),
    (re.compile(r"e-?mail|^mail$|^mailadresse$"), N_("e-mail")),
    (
        re.compile(
            r"^(recipient ?(first|last) ?name|(first|last|full|given|family|your|sur) ?name|"
            r"name|names|navn|fornavn|efternavn|fulde navn|dit navn|nama|nama anda|nom|"
            r"nombre|nome|naam|respondent name|participant name|deltagernavn)$"
        ),
        N_("name"),
    ),
    (
        re.compile(r"\b(phone|telephone|telefon|telefonnummer|tlf|mobil|mobile|mobilnummer)\b"),
        N_("phone number"),
    ),
    (re.compile(r"^cpr|personnummer"), N_("CPR number")),
    (re.compile(r"^externalreference$|^externaldatareference$"), N_("external reference")),
    (re.compile(r"^(token|access code|refurl|referrer url)$"), N_("access token / referrer URL")),
)
_MAX_METADATA_WORDS = 4
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)


def _key(name: object) -> str:
    return re.sub(r"\s+", " ", str(name)).strip().strip(":?").strip().lower()


def identifying(name: str, values: pd.Series | None = None) -> str | None:
    """Why a column identifies people (to drop it on load), or None.

    Examples
    --------
    >>> identifying("IPAddress"), identifying("Nama Anda "), identifying("Alder")
    ('IP address', 'name', None)
    """
    key = _key(name)
    # Metadata headers are short; a long header is a question's text ("Which smartphone
    # did you use?"), not an identifying field (its values are still checked below).
    if len(key.split()) <= _MAX_METADATA_WORDS:
        for pattern, why in _IDENTIFYING:
            if pattern.search(key):
                return why
    if values is not None:
        text = pd.Series(pd.unique(values.dropna().astype(str).str.strip()), dtype=object)
        text = text[text != ""]
        if len(text) and text.str.match(_EMAIL).mean() >= 0.5:
            return N_("e-mail (its values are e-mail addresses)")
    return None


def metadata_reason(name: str, tool: str) -> str | None:
    """Why a tool's own metadata column is not used (times, progress ...), or None."""
    key = _key(name)
    if key in _GF_TIMESTAMP or key in _TIMES or key in {"startdate", "enddate", "recordeddate"}:
        return N_("submission time, never an id: two people can submit in the same second")
    if tool.startswith("Qualtrics") and key in _QUALTRICS_META:
        return N_("Qualtrics metadata")
    if tool.startswith("LimeSurvey") and key in _LIME_META:
        return N_("LimeSurvey metadata")
    if tool.startswith("SurveyXact") and key.startswith("statoverall"):
        return N_("SurveyXact status")
    if tool.startswith("Microsoft Forms") and key == "last modified time":
        return N_("Microsoft Forms metadata")
    return None


def _qualtrics_header_rows(df: pd.DataFrame) -> int:
    """How many rows under the header are Qualtrics header rows (0, 1 or 2)."""
    if len(df) >= 2:
        second = df.iloc[1].astype(str).str.strip()
        if second.str.startswith('{"ImportId"').mean() >= 0.5:
            return 2
    # The legacy export: one row of question text, where the id column says "Response ID".
    low = {_key(c): c for c in df.columns}
    rid = low.get("responseid")
    if rid is not None and len(df) and _key(df[rid].iloc[0]) in {"response id", "responseid"}:
        return 1
    return 0


def _tool(df: pd.DataFrame, suffix: str) -> str:
    keys = [_key(c) for c in df.columns]
    kset = set(keys)
    if keys and keys[0] in _GF_TIMESTAMP and not kset & {"id", "respondent_id", "respondent"}:
        return N_("Google Forms export")
    if keys[:3] == list(_MS_FORMS):
        return N_("Microsoft Forms export")
    if _LIME <= kset or _LIME_TEXT <= kset:
        return N_("LimeSurvey export")
    if any(k.startswith("statoverall") for k in keys):
        return N_("SurveyXact export")
    if {"responseid", "startdate"} <= kset:
        return N_("Qualtrics export")
    kinds = {".xlsx": N_("Excel workbook"), ".xlsm": N_("Excel workbook"), ".json": N_("JSON file")}
    kind = kinds.get(suffix, N_("CSV file") if suffix else N_("table"))
    return Phrase(N_("{kind} (no survey tool recognised)"), kind=Phrase(kind))


def _surveyxact_workbook(p: Path) -> tuple[pd.DataFrame, dict[str, str]] | None:
    """The ``Dataset`` sheet and variable texts of a SurveyXact workbook, or None."""
    from openpyxl import load_workbook

    from ..io import check_workbook, read_table

    check_workbook(p)
    try:
        wb = load_workbook(p, read_only=True)
    except Exception:  # a damaged workbook: read_table reports it as a DataError
        return None
    try:
        names = list(wb.sheetnames)
    finally:
        wb.close()
    if "Dataset" not in names:
        return None
    df = read_table(p, sheet="Dataset")
    questions: dict[str, str] = {}
    meta = next((s for s in ("Variables", "Structure") if s in names), None)
    if meta is not None:
        var = read_table(p, sheet=meta)
        if var.shape[1] >= 2:
            for name, text in zip(var.iloc[:, 0], var.iloc[:, 1], strict=True):
                if pd.notna(name) and pd.notna(text):
                    questions[str(name)] = str(text)
    return df, questions


def read_export(source: str | Path | pd.DataFrame) -> Export:
    """Read a survey file or frame, recognise the tool, drop header rows and identifying
    columns.

    Examples
    --------
    >>> df = pd.DataFrame({"Timestamp": ["1/2/2026 10:00:00"], "Email Address": ["a@b.dk"],
    ...                    "How likely are you to recommend us?": [9]})
    >>> e = read_export(df)
    >>> e.tool, list(e.data.columns), e.dropped
    ('Google Forms export', ['Timestamp', 'How likely are you to recommend us?'], {'Email Address': 'e-mail'})
    """
    from ..io import read_table

    questions: dict[str, str] = {}
    if isinstance(source, pd.DataFrame):
        df = source.copy()
        df.attrs = dict(source.attrs)
        suffix = ""
    else:
        p = Path(source)
        suffix = p.suffix.lower()
        found = _surveyxact_workbook(p) if suffix in {".xlsx", ".xlsm"} and p.is_file() else None
        if found is not None:
            df, questions = found
        else:
            df = read_table(p)
    name = df.attrs.get("source")
    offset = int(df.attrs.get("row_offset", 2))
    df.columns = [str(c) for c in df.columns]
    header_rows = _qualtrics_header_rows(df)
    tool = _tool(df, suffix)
    if header_rows:
        questions = {c: str(v) for c, v in df.iloc[0].items() if pd.notna(v)}
        df = df.iloc[header_rows:].reset_index(drop=True)
        offset += header_rows
        tool = Phrase(N_("Qualtrics export ({n} header rows)"), n=header_rows + 1)
    elif tool == "SurveyXact export" and questions:
        tool = N_("SurveyXact export (question text from the workbook's variables sheet)")
    columns = list(df.columns)
    dropped = {c: why for c in columns if (why := identifying(c, df[c])) is not None}
    data = df.drop(columns=list(dropped))
    data.attrs = {"source": name, "row_offset": offset}
    held = {c: df[c] for c in dropped}
    return Export(data, tool, questions, dropped, columns, name, offset, held)
