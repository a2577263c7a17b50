"""Evidence content in the engine: sections of PDF and Word files are read, an empty or placeholder
section is a gap naming it, a section can be asked for named fields, and a scan is an error."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from compliance.model import ContentNeed, Finding, SectionRule, Status, Text
from compliance.pipeline import assess_card
from compliance.report.locale import locale
from compliance.rulesets import Catalog

from .conftest import TEST_RULESETS
from .documents import samples

CARDS = TEST_RULESETS / "demo" / "cases" / "cards"
RMS = [(1, "Risk management plan", ["Owner: Head of Clinical Safety. Reviewed every quarter."]),
       (2, "1. Risk identification", ["Hazards are identified in clinician workshops and from complaints."]),
       (2, "2. Reasonably foreseeable misuse", ["Use by patients at home; copying drafts without review."])]


@pytest.fixture
def card(tmp_path: Path) -> Path:
    shutil.copytree(CARDS, tmp_path / "card")
    return tmp_path / "card" / "provider.yaml"


def use(card: Path, name: str, content: bytes | str) -> None:
    target = card.parent / "evidence" / name
    target.write_bytes(content.encode() if isinstance(content, str) else content)
    card.write_text(card.read_text(encoding="utf-8").replace("path: evidence/rms.md", f"path: evidence/{name}"),
                    encoding="utf-8")


def finding(card: Path, catalog: Catalog) -> Finding:
    assessment = assess_card(card, as_of="2028-09-01", catalog=catalog)
    return next(f for f in assessment.findings if f.id == "DEMO-9.1")


def words(f: Finding, lang: str = "en") -> list[str]:
    return [locale(lang).reason(r) for r in f.reasons]


@pytest.mark.parametrize(("name", "build"), [
    ("rms.pdf", lambda: samples.pdf_bytes(RMS, bookmarks=False)),
    ("rms-outline.pdf", lambda: samples.pdf_bytes(RMS, bookmarks=True)),
    ("rms.docx", lambda: samples.docx_bytes(RMS)),
    ("rms.html", lambda: samples.html_document(RMS, bookmarks=True)),
])
def test_pdf_word_and_html_sections_are_read(card: Path, demo_catalog: Catalog, name: str, build) -> None:  # type: ignore[no-untyped-def]
    use(card, name, build())
    assert finding(card, demo_catalog).status is Status.MET


def test_empty_headings_skeleton_is_a_gap_naming_the_empty_sections(card: Path, demo_catalog: Catalog) -> None:
    use(card, "rms.md", "# Risk management plan\n\n## Risk identification\n\n## Foreseeable misuse\nTBD\n")
    result = finding(card, demo_catalog)
    assert result.status is Status.GAP
    assert [r.code for r in result.reasons] == ["evidence.section_empty", "evidence.section_empty"]
    assert words(result) == [
        'evidence rms: section "Risk identification" has no substantive text (empty, or only placeholders '
        "such as TBD, TODO or 待补充)",
        'evidence rms: section "Foreseeable misuse" has no substantive text (empty, or only placeholders '
        "such as TBD, TODO or 待补充)"]
    assert "章节“Risk identification”没有实质内容" in words(result, "zh")[0]


def test_missing_section_names_the_alternatives(card: Path, demo_catalog: Catalog) -> None:
    use(card, "rms.md", "# Plan\n\n## Risk identification\nHazards from clinician workshops.\n")
    assert words(finding(card, demo_catalog)) == [
        'evidence rms: no section headed "Foreseeable misuse" or "Misuse" or "可合理预见的误用"']


def test_scanned_pdf_is_an_error_never_met(card: Path, demo_catalog: Catalog) -> None:
    use(card, "rms.pdf", samples.scanned_pdf_bytes())
    result = finding(card, demo_catalog)
    assert result.status is Status.ERROR
    assert "no text layer" in words(result)[0] and "无文本层" in words(result, "zh")[0]


def _with_needs(catalog: Catalog) -> Catalog:
    """The demo catalog with DEMO-9.1 asking its first section for an owner and a review interval."""
    needs = (ContentNeed("field", ("Owner", "负责人"), Text.of({"en": "the risk owner", "zh": "风险负责人"})),
             ContentNeed("pattern", ("duration",), Text.of({"en": "a review interval", "zh": "审查周期"})))
    rulesets = []
    for ruleset in catalog.rulesets:
        requirements = []
        for q in ruleset.requirements:
            if q.id == "DEMO-9.1":
                check = q.check.evidence[0]
                rules = (SectionRule(needs=needs), *(SectionRule() for _ in check.sections[1:]))
                q = replace(q, check=replace(q.check, evidence=(replace(check, section_rules=rules),)))
            requirements.append(q)
        rulesets.append(replace(ruleset, requirements=tuple(requirements)))
    return replace(catalog, rulesets=tuple(rulesets))


def test_named_fields_inside_a_section(card: Path, demo_catalog: Catalog) -> None:
    catalog = _with_needs(demo_catalog)
    use(card, "rms.md", "# Plan\n## Risk identification\nOwner: TBD\nHazards from clinician workshops.\n"
                        "## Misuse\nUse at home by patients.\n")
    result = finding(card, catalog)
    assert result.status is Status.GAP
    assert words(result) == ['evidence rms: section "Risk identification" lacks the risk owner',
                             'evidence rms: section "Risk identification" lacks a review interval']
    assert words(result, "zh")[0] == "证明材料 rms：章节“Risk identification”缺少风险负责人"
    use(card, "rms.md", "# Plan\n## Risk identification\nOwner: Head of Clinical Safety\nHazards reviewed every "
                        "6 months.\n## Misuse\nUse at home by patients.\n")
    assert finding(card, catalog).status is Status.MET


SECTIONS = [
    "Risk identification",
    ["Foreseeable misuse", "Misuse"],
    {"heading": ["DPO", "数据保护官"], "prompt": {"en": "Who the DPO is.", "zh": "数据保护官是谁。"},
     "needs": [{"field": ["Contact", "联系方式"], "label": {"en": "the DPO's contact details", "zh": "联系方式"}},
               {"pattern": "email", "label": {"en": "an e-mail address", "zh": "电子邮件地址"}},
               {"phrase": "consulted", "label": {"en": "that the DPO was consulted", "zh": "已征求意见"}}]},
]


def test_ruleset_section_syntax_loads_and_validates() -> None:
    from jsonschema import Draft202012Validator

    from compliance.resources import schema
    from compliance.rulesets import _check

    check = _check({"evidence": [{"kind": "dpia", "sections": SECTIONS}]}).evidence[0]
    assert check.sections == (("Risk identification",), ("Foreseeable misuse", "Misuse"), ("DPO", "数据保护官"))
    assert check.rule(0) == SectionRule() and check.rule(2).prompt.get("zh") == "数据保护官是谁。"
    assert [(n.kind, n.values) for n in check.rule(2).needs] == [
        ("field", ("Contact", "联系方式")), ("pattern", ("email",)), ("phrase", ("consulted",))]
    definitions = schema("ruleset")["$defs"]
    validator = Draft202012Validator({"$defs": definitions, "type": "array", "items": {"$ref": "#/$defs/section"}})
    assert not list(validator.iter_errors(SECTIONS))
    for bad in ({"heading": "x", "needs": [{"pattern": "regex:.*", "label": "x"}]},
                {"heading": "x", "needs": [{"field": "a", "phrase": "b", "label": "x"}]},
                {"heading": "x", "needs": [{"field": "a"}]}, {"needs": []}):
        assert list(validator.iter_errors([bad])), bad
