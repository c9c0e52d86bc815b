"""REFI-QDA exports validated against the schemas kept in the repository."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from cocreate_kit.datasets import dataset_path
from cocreate_kit.feedback import (
    export_qdc,
    export_qdpx,
    load_codebook,
    load_coding_sheet,
    load_survey,
    validate_refi,
)
from cocreate_kit.feedback._refi import NS_PROJECT, SCHEMA_DIR

PII = json.loads((Path(__file__).parent / "data" / "planted_pii.json").read_text("utf-8"))
WHEN = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def parts():
    cb = load_codebook(dataset_path("feedback/codebook.csv"))
    cs = load_coding_sheet(
        dataset_path("feedback/coding_sheet.csv"), cb, names=PII["participant_names"]
    )
    s = load_survey(dataset_path("feedback/homecare_survey.csv"), names=PII["participant_names"])
    return cb, cs, s


def test_schemas_are_the_refi_files():
    assert (SCHEMA_DIR / "Project-mrt2019.xsd").read_text("utf-8").count(
        "urn:QDA-XML:project:1.0"
    ) >= 2
    xmlschema.XMLSchema(SCHEMA_DIR / "Codebook.xsd")


def test_qdc_valid_and_hierarchical(parts, tmp_path):
    cb, _, _ = parts
    p = export_qdc(cb, tmp_path / "codes.qdc")
    assert validate_refi(p) == "codebook"
    root = ET.parse(p).getroot()
    ns = "{urn:QDA-XML:codebook:1.0}"
    staff = [c for c in root.iter(f"{ns}Code") if c.get("name") == "staff"][0]
    assert [c.get("name") for c in staff.findall(f"{ns}Code")] == ["kind_staff", "many_carers"]


def test_qdpx_valid_offsets_encoding_and_no_pii(parts, tmp_path):
    cb, cs, s = parts
    p = export_qdpx(cs, tmp_path / "p.qdpx", survey=s, created=WHEN)
    assert validate_refi(p) == "project"
    with zipfile.ZipFile(p) as z:
        root = ET.fromstring(z.read("project.qde"))
        q = f"{{{NS_PROJECT}}}"
        texts = {}
        for ts in root.iter(f"{q}TextSource"):
            raw = z.read("Sources/" + ts.get("plainTextPath").removeprefix("internal://"))
            assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
            texts[ts.get("name")] = raw.decode("utf-8")
            for sel in ts.iter(f"{q}PlainTextSelection"):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                seg = cs.data[cs.data["segment"] == sel.get("name")]
                assert texts[ts.get("name")][a:b] == seg["text"].iloc[0]
                assert len(sel.findall(f"{q}Coding")) == len(seg)
        everything = z.read("project.qde").decode("utf-8") + "".join(texts.values())
    assert len(list(root.iter(f"{q}Case"))) == cs.data["respondent_id"].nunique()
    assert len(list(root.iter(f"{q}User"))) == 2
    leaked = [v for v in PII["values"] if v in everything]
    assert leaked == []


def test_qdpx_is_reproducible(parts, tmp_path):
    cb, cs, s = parts
    a = export_qdpx(cs, tmp_path / "a.qdpx", survey=s, created=WHEN)
    b = export_qdpx(cs, tmp_path / "b.qdpx", survey=s, created=WHEN)
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.read("project.qde") == zb.read("project.qde")


def test_validation_rejects_a_broken_project(parts, tmp_path):
    cb, cs, _ = parts
    p = export_qdpx(cs, tmp_path / "p.qdpx", created=WHEN)
    with zipfile.ZipFile(p) as z:
        qde = z.read("project.qde").decode("utf-8")
        members = {n: z.read(n) for n in z.namelist()}
    broken = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(broken, "w") as z:
        for n, data in members.items():
            z.writestr(
                n,
                qde.replace('isCodable="true"', 'isCodable="maybe"', 1)
                if n == "project.qde"
                else data,
            )
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        validate_refi(broken)
    qdc = export_qdc(cb, tmp_path / "c.qdc")
    qdc.write_text(qdc.read_text("utf-8").replace(' isCodable="true"', "", 1), "utf-8")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        validate_refi(qdc)
