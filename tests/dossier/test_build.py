"""Filling an outline: sources on every statement, a counted placeholder for every gap, quoted evidence."""

from __future__ import annotations

import re
from collections.abc import Callable

from compliance.documents.markdown import read_markdown
from compliance.dossier.build import build_dossier, format_value, section_number
from compliance.dossier.excerpt import excerpt
from compliance.dossier.html import TemplateHelpers
from compliance.dossier.inputs import DossierInputs
from compliance.dossier.outline import load_outline
from compliance.dossier.render import RenderedDossier
from compliance.model import Status

from ..conftest import TESTS

PLACEHOLDER = re.compile(r'<span class="placeholder">')


def test_cover_count_equals_the_placeholders_in_the_document(html_of: Callable[[str, str], RenderedDossier]) -> None:
    for target in ("gap-analysis", "eu-annex-iv", "cn-genai-filing", "gdpr-dpia", "pipl-pipia"):
        for lang in ("en", "zh"):
            rendered = html_of(target, lang)
            shown = len(PLACEHOLDER.findall(rendered.html))
            assert shown == rendered.dossier.placeholder_count, f"{target}/{lang}"
            assert f">{rendered.dossier.placeholder_count}</span>" in rendered.html


def test_missing_card_fields_are_placeholders_never_invented(html_of: Callable[[str, str], RenderedDossier]) -> None:
    html = html_of("eu-annex-iv", "zh").html
    assert "【待补充：由提供者填写】基础模型（模型卡字段 model.base_model）" in html
    html_en = html_of("eu-annex-iv", "en").html
    assert "[To be completed by the provider: Base model (card field model.base_model)]" in html_en


def test_card_statements_name_field_and_line(html_of: Callable[[str, str], RenderedDossier]) -> None:
    html = html_of("eu-annex-iv", "en").html
    assert "Source: card card.yaml, field system.intended_purpose, line 6" in html


def test_evidence_is_quoted_with_id_hash_and_date(html_of: Callable[[str, str], RenderedDossier],
                                                  fixture_inputs: DossierInputs) -> None:
    html = html_of("eu-annex-iv", "en").html.replace("<wbr>", "")
    rms = next(e for e in fixture_inputs.assessment.evidence if e.id == "rms")
    assert f"SHA-256 {rms.sha256}" in html
    assert "Source: evidence rms (evidence/rms.md), dated 2028-03-01," in html
    assert "Excerpt from “1. Risk identification” (rms):" in html
    assert "风险识别按临床功能逐项开展。" in html


def test_single_technical_file_note_only_for_devices(fixture_inputs: DossierInputs) -> None:
    outline = load_outline("eu-annex-iv")
    dossier = build_dossier(fixture_inputs, outline, "en")
    assert any("Single technical file" in n.text for n in dossier.notes)
    card = dict(fixture_inputs.assessment.card)
    card["classification"] = {"medical_device": {"regulation": "none"}}
    from dataclasses import replace
    other = DossierInputs(replace(fixture_inputs.assessment, card=card))
    assert not any("Single technical file" in n.text for n in build_dossier(other, outline, "en").notes)


def test_filing_dossier_rates_clauses_as_the_form_does(html_of: Callable[[str, str], RenderedDossier]) -> None:
    filing = TemplateHelpers("zh", "filing")
    assert [filing.status(s) for s in (Status.MET, Status.GAP, Status.NOT_APPLICABLE)] == ["符合", "不符合", "不适用"]
    assert TemplateHelpers("zh", "status").status(Status.GAP) == "存在差距"
    html = html_of("cn-genai-filing", "zh").html
    assert "安全自评估报告" in html
    assert "【待补充：由提供者填写】法定代表人（签字）" in html
    assert "单位公章" in html


def test_action_plan_orders_by_severity_then_deadline(fixture_inputs: DossierInputs) -> None:
    dossier = build_dossier(fixture_inputs, load_outline("gap-analysis"), "en")
    order = [(a.finding.requirement.severity, a.deadline) for a in dossier.actions]
    ranks = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    assert order == sorted(order, key=lambda x: (ranks[x[0]], x[1] or ""))
    assert dossier.actions[0].finding.id == "DEMO-30.1"


def test_value_and_number_formats() -> None:
    assert format_value(True, "zh") == "是"
    assert format_value(["web", "api"], "zh") == "网页、应用程序接口"  # no English code in a Chinese document
    assert format_value(["web", "api"], "en") == "web, API (api)"
    assert format_value("Decision support for triage", "zh") == "Decision support for triage"
    assert section_number(1, 1, "zh", "") == "二、"
    assert section_number(0, 2, "zh", "二、") == "（一）"
    assert section_number(2, 2, "en", "4") == "4.3"


def test_excerpt_stops_at_the_next_heading_and_truncates() -> None:
    text = (TESTS / "fixtures" / "dossier" / "evidence" / "rms.md").read_text(encoding="utf-8")
    quote = excerpt(read_markdown(text), ("risk identification",))
    assert quote is not None and "Hazards are identified" in quote.text and "misuse" not in quote.text
    assert excerpt(read_markdown(text), ("nothing like this",)) is None
    long = "# A\n\n" + "word " * 1000
    cut = excerpt(read_markdown(long), ("a",), limit=100)
    assert cut is not None and cut.truncated and len(cut.text) <= 102


def test_excerpts_from_pdf_and_word_documents() -> None:
    from compliance.documents import Document, read_document

    from ..documents import samples

    for fmt, raw in (("pdf", samples.pdf_bytes(samples.DPIA_EN)), ("docx", samples.docx_bytes(samples.DPIA_EN))):
        document = read_document(raw, fmt)
        assert isinstance(document, Document)
        quote = excerpt(document, ("Description of the processing",))
        assert quote is not None and "DischargeWriter drafts discharge letters" in quote.text
        assert "1.1 Purposes" in quote.text.splitlines()         # subheadings are their own paragraphs
