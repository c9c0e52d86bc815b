"""REFI-QDA export: ``.qdc`` codebooks and ``.qdpx`` projects (QDA-XML 1.0).

* ``.qdc``: one XML document, namespace ``urn:QDA-XML:codebook:1.0``, root ``CodeBook``.
* ``.qdpx``: a ZIP holding ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``) and one
  ``Sources/<guid>.txt`` per text source, UTF-8 without BOM, LF line endings.
  ``plainTextPath="internal://<guid>.txt"`` points at it. Coded selections are character
  offsets (``startPosition`` inclusive, ``endPosition`` exclusive) into that text.

Decisions
---------
* One text source per respondent: the respondent's coded segments, REDACTED, separated by
  a blank line. Coders become ``User`` elements; each applied code is a ``Coding`` on the
  segment's ``PlainTextSelection``, created by its coder.
* Cases: one per respondent, with the survey's segment columns as text variables, each
  linked to its source. Only segment attributes (never free text) become variables.
* GUIDs are UUID-5 values derived from the content, so the same input always gives the
  same file (diff-able, reproducible).
* Both files are checked against the REFI schemas kept in ``feedback/schemas`` (see the
  README there for their provenance) by :func:`validate_refi`.
"""

from __future__ import annotations

import datetime as _dt
import uuid
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pandas as pd

from ._coding import Codebook, CodingSheet, load_codebook

__all__ = ["export_qdc", "export_qdpx", "validate_refi", "SCHEMA_DIR"]

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
_ROOT_UUID = uuid.UUID("6f1c1f5e-8a1b-5c1e-9d3e-2b7a0c4f9e11")
_ORIGIN = "cocreate-kit"


def _guid(*parts: Any) -> str:
    return str(uuid.uuid5(_ROOT_UUID, "\x1f".join(map(str, parts)))).upper()


def _code_elements(parent: ET.Element, cb: Codebook, ns: str, parent_code: str = "") -> None:
    for _, r in cb.codes[cb.codes["parent"] == parent_code].iterrows():
        el = ET.SubElement(
            parent,
            f"{{{ns}}}Code",
            {
                "guid": _guid("code", r["code"]),
                "name": r["code"],
                "isCodable": "true",
                "color": r["color"],
            },
        )
        if r["description"]:
            ET.SubElement(el, f"{{{ns}}}Description").text = r["description"]
        _code_elements(el, cb, ns, r["code"])


def _write_xml(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True).replace(b"\r\n", b"\n")


def export_qdc(codebook: Codebook, path: str | Path) -> Path:
    """Write the codebook as a REFI-QDA ``.qdc`` file.

    Examples
    --------
    >>> import tempfile, os
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_codebook
    >>> cb = load_codebook(dataset_path("feedback/codebook.csv"))
    >>> p = export_qdc(cb, os.path.join(tempfile.mkdtemp(), "codes.qdc"))
    >>> validate_refi(p)
    'codebook'
    """
    root = ET.Element(f"{{{NS_CODEBOOK}}}CodeBook", {"origin": _ORIGIN})
    codes = ET.SubElement(root, f"{{{NS_CODEBOOK}}}Codes")
    _code_elements(codes, codebook, NS_CODEBOOK)
    p = Path(path)
    p.write_bytes(_write_xml(root, NS_CODEBOOK))
    return p


def export_qdpx(
    sheet: CodingSheet | None,
    path: str | Path | None,
    *,
    codebook: Codebook | None = None,
    survey: Any = None,
    case: str = "respondent_id",
    project_name: str = "cocreate-kit feedback coding",
    created: _dt.datetime | None = None,
) -> Path | None:
    """Write a REFI-QDA ``.qdpx`` project: users, codebook, text sources, codings, cases.

    Both the sheet and the export are optional in a notebook: when ``sheet`` or ``path``
    is None nothing is written and None is returned.

    Parameters
    ----------
    sheet : CodingSheet
        Coded segments (text already redacted by :func:`load_coding_sheet`).
    codebook : Codebook, optional
        Defaults to ``sheet.codebook``; without one, a flat codebook of the codes used.
    survey : Survey, optional
        Adds one case per respondent with the survey's segment columns as variables.
    case : str
        Column of the sheet identifying the respondent (one text source per value); when
        absent, each segment is its own source.
    created : datetime, optional
        Timestamp written into the file (default: now, UTC).

    Examples
    --------
    >>> import tempfile, os
    >>> from cocreate_kit.datasets import dataset_path
    >>> from cocreate_kit.feedback import load_codebook, load_coding_sheet
    >>> cb = load_codebook(dataset_path("feedback/codebook.csv"))
    >>> cs = load_coding_sheet(dataset_path("feedback/coding_sheet.csv"), cb)
    >>> p = export_qdpx(cs, os.path.join(tempfile.mkdtemp(), "project.qdpx"))
    >>> validate_refi(p)
    'project'
    >>> export_qdpx(cs, None) is None
    True
    """
    if sheet is None or path is None:
        return None
    cb = codebook or sheet.codebook
    if cb is None:
        cb = load_codebook(pd.DataFrame({"code": sorted(sheet.data[sheet.code].unique())}))
    when = (created or _dt.datetime.now(_dt.UTC)).replace(microsecond=0)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    q = NS_PROJECT
    root = ET.Element(
        f"{{{q}}}Project", {"name": project_name, "origin": _ORIGIN, "creationDateTime": stamp}
    )
    users = ET.SubElement(root, f"{{{q}}}Users")
    user_guid = {}
    for c in sheet.coders:
        user_guid[c] = _guid("user", c)
        ET.SubElement(users, f"{{{q}}}User", {"guid": user_guid[c], "name": str(c), "id": str(c)})
    book = ET.SubElement(root, f"{{{q}}}CodeBook")
    _code_elements(ET.SubElement(book, f"{{{q}}}Codes"), cb, q)
    d = sheet.data
    src_col = case if case in d.columns else sheet.segment
    variables = list(survey.segments) if survey is not None else []
    if variables:
        vs = ET.SubElement(root, f"{{{q}}}Variables")
        for v in variables:
            ET.SubElement(
                vs,
                f"{{{q}}}Variable",
                {"guid": _guid("var", v), "name": v, "typeOfVariable": "Text"},
            )
    # Build the text of each source and the offsets of its segments.
    files: dict[str, str] = {}
    sources = []
    for src_id, g in d.groupby(src_col, sort=False):
        parts, offsets, pos = [], {}, 0
        for seg_id in pd.unique(g[sheet.segment]):
            txt = ""
            if sheet.text:
                txt = str(g.loc[g[sheet.segment] == seg_id, sheet.text].iloc[0])
            txt = txt.replace("\r\n", "\n").replace("\r", "\n")
            if parts:
                pos += 2
            offsets[seg_id] = (pos, pos + len(txt))
            parts.append(txt)
            pos += len(txt)
        sguid = _guid("source", src_id)
        files[sguid] = "\n\n".join(parts)
        sources.append((src_id, sguid, g, offsets))
    if survey is not None and variables:
        cases = ET.SubElement(root, f"{{{q}}}Cases")
        sdata = survey.data.set_index(survey.respondent)
        for src_id, sguid, _g, _o in sources:
            if src_id not in sdata.index:
                continue
            ce = ET.SubElement(
                cases, f"{{{q}}}Case", {"guid": _guid("case", src_id), "name": str(src_id)}
            )
            for v in variables:
                val = sdata.loc[src_id, v]
                vv = ET.SubElement(ce, f"{{{q}}}VariableValue")
                ET.SubElement(vv, f"{{{q}}}VariableRef", {"targetGUID": _guid("var", v)})
                ET.SubElement(vv, f"{{{q}}}TextValue").text = "" if pd.isna(val) else str(val)
            ET.SubElement(ce, f"{{{q}}}SourceRef", {"targetGUID": sguid})
    src_el = ET.SubElement(root, f"{{{q}}}Sources")
    for src_id, sguid, g, offsets in sources:
        ts = ET.SubElement(
            src_el,
            f"{{{q}}}TextSource",
            {
                "guid": sguid,
                "name": str(src_id),
                "plainTextPath": f"internal://{sguid}.txt",
                "creationDateTime": stamp,
            },
        )
        for seg_id, (start, end) in offsets.items():
            sel = ET.SubElement(
                ts,
                f"{{{q}}}PlainTextSelection",
                {
                    "guid": _guid("sel", src_id, seg_id),
                    "name": str(seg_id),
                    "startPosition": str(start),
                    "endPosition": str(end),
                },
            )
            for _, r in g[g[sheet.segment] == seg_id].iterrows():
                co = ET.SubElement(
                    sel,
                    f"{{{q}}}Coding",
                    {
                        "guid": _guid("coding", seg_id, r[sheet.coder], r[sheet.code]),
                        "creatingUser": user_guid[r[sheet.coder]],
                        "creationDateTime": stamp,
                    },
                )
                ET.SubElement(co, f"{{{q}}}CodeRef", {"targetGUID": _guid("code", r[sheet.code])})
    p = Path(path)
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", _write_xml(root, q))
        for sguid, text in files.items():
            z.writestr(f"Sources/{sguid}.txt", text.encode("utf-8"))
    return p


def validate_refi(path: str | Path) -> str:
    """Validate a ``.qdc`` or ``.qdpx`` file against the REFI schemas; return its kind.

    For a ``.qdpx``, also checks that every ``plainTextPath`` has its file in the ZIP,
    UTF-8 without BOM, LF line endings, and that every selection lies inside its text.
    Raises ``ValueError`` (with the schema's message) when the file does not conform.
    """
    import xmlschema

    p = Path(path)
    if p.suffix.lower() == ".qdc":
        xmlschema.XMLSchema(SCHEMA_DIR / "Codebook.xsd").validate(str(p))
        return "codebook"
    with zipfile.ZipFile(p) as z:
        qde = z.read("project.qde")
        schema = xmlschema.XMLSchema(SCHEMA_DIR / "Project-mrt2019.xsd")
        schema.validate(qde.decode("utf-8"))
        root = ET.fromstring(qde)
        names = set(z.namelist())
        problems = []
        for ts in root.iter(f"{{{NS_PROJECT}}}TextSource"):
            ptp = ts.get("plainTextPath", "")
            member = "Sources/" + ptp.removeprefix("internal://")
            if member not in names:
                problems.append(f"{member} missing")
                continue
            raw = z.read(member)
            if raw.startswith(b"\xef\xbb\xbf"):
                problems.append(f"{member} starts with a BOM")
            if b"\r" in raw:
                problems.append(f"{member} has CR line endings")
            n = len(raw.decode("utf-8"))
            for sel in ts.iter(f"{{{NS_PROJECT}}}PlainTextSelection"):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                if not 0 <= a <= b <= n:
                    problems.append(f"selection {sel.get('name')} {a}-{b} outside 0-{n}")
        if problems:
            msg = "Invalid REFI-QDA project: " + "; ".join(problems[:10])
            raise ValueError(msg)
    return "project"
