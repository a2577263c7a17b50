"""The PDFs read back with pypdf: text (Chinese too), embedded fonts, attachments and their hashes,
page count, PDF/A-3b identification, and byte-identical output for the same inputs."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader

from compliance.dossier.inputs import DossierInputs
from compliance.dossier.render import RenderedDossier, dossier_pdf
from compliance.rulesets import Catalog

from .conftest import kind_titles


def _reader(rendered: RenderedDossier) -> PdfReader:
    assert rendered.pdf is not None
    return PdfReader(io.BytesIO(rendered.pdf))


def _fonts(reader: PdfReader) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            found[str(font["/BaseFont"])] = {"name": str(font["/BaseFont"]),
                                             "embedded": any(k in descriptor for k in
                                                             ("/FontFile", "/FontFile2", "/FontFile3"))}
    return list(found.values())


def test_chinese_text_extracts_and_cjk_font_is_embedded_once(pdf_of: Callable[[str, str], RenderedDossier]) -> None:
    rendered = pdf_of("gap-analysis", "zh")
    reader = _reader(rendered)
    text = "".join(page.extract_text() for page in reader.pages)
    for phrase in ("合规差距分析报告", "评估结论摘要", "整改计划", "证明材料清单", "问诊助手"):
        assert phrase in text
    fonts = _fonts(reader)
    assert fonts and all(f["embedded"] for f in fonts), fonts
    cjk = [f["name"] for f in fonts if "Report" in f["name"] or "CJK" in f["name"] or "Noto" in f["name"]]
    assert cjk, fonts
    assert not [n for n in cjk if "Bold" in n], f"synthetic bold CJK copy embedded: {cjk}"


def test_page_count_and_pdfa_identification(pdf_of: Callable[[str, str], RenderedDossier]) -> None:
    rendered = pdf_of("eu-annex-iv", "en")
    reader = _reader(rendered)
    assert len(reader.pages) == rendered.pages >= 5
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)B', xmp), xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Technical documentation (EU AI Act Annex IV)" in text
    assert "Single technical file" in text


def test_the_cited_evidence_is_embedded_with_the_manifest(pdf_of: Callable[[str, str], RenderedDossier],
                                                          fixture_inputs: DossierInputs) -> None:
    rendered = pdf_of("eu-annex-iv", "en")
    attachments = {name: data[0] for name, data in _reader(rendered).attachments.items()}
    manifest = json.loads(attachments["manifest.json"])
    assert manifest["as_of"] == "2028-09-01" and manifest["card"]["sha256"] == fixture_inputs.assessment.card_sha256
    assert manifest["rulesets"] == [{"id": r.id, "version": r.version, "sha256": r.sha256}
                                    for r in fixture_inputs.assessment.rulesets]
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert set(attachments) == set(listed) | {"manifest.json"}
    for name, sha in listed.items():
        assert hashlib.sha256(attachments[name]).hexdigest() == sha
    # Annex IV cites the risk management plan; the user agreement and the safety figures are listed by hash.
    assert sorted(listed) == ["assessment.json", "card.yaml", "evidence/rms.md"]
    records = {r.id: r for r in fixture_inputs.assessment.evidence}
    assert hashlib.sha256(attachments["evidence/rms.md"]).hexdigest() == records["rms"].sha256
    assert [(x["evidence_id"], x["sha256"], x["status"]) for x in manifest["listed"]] == [
        ("lost", None, "missing"), ("safety", records["safety"].sha256, "ok"), ("terms", records["terms"].sha256, "ok")]
    assert manifest["missing"] == []


def test_cited_evidence_whose_file_is_missing_is_reported_missing(pdf_of: Callable[[str, str], RenderedDossier]
                                                                  ) -> None:
    attachments = _reader(pdf_of("cn-genai-filing", "zh")).attachments
    manifest = json.loads(attachments["manifest.json"][0])
    assert "evidence/terms.md" in attachments and "evidence/rms.md" not in attachments
    assert [m["evidence_id"] for m in manifest["missing"]] == ["lost"]
    assert {x["evidence_id"] for x in manifest["listed"]} == {"rms", "safety"}


def test_same_inputs_give_identical_bytes(pdf_of: Callable[[str, str], RenderedDossier],
                                          fixture_inputs: DossierInputs, test_catalog: Catalog) -> None:
    first = pdf_of("gdpr-dpia", "en")
    again = dossier_pdf(fixture_inputs, "gdpr-dpia", "en", "regulation", kind_titles(test_catalog, "en"))
    assert first.pdf == again.pdf
