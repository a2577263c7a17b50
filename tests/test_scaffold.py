from __future__ import annotations

from compliance.documents import Document, Need, assess_section, read_document
from compliance.scaffold import RequiredSection, Template, choose_headings, docx_template, markdown_template


def section(*alternatives: str, req: str = "R-1", needs: tuple[tuple[Need, str], ...] = ()) -> RequiredSection:
    return RequiredSection(alternatives, req, "Art. 1", f"Title of {req}", needs=needs)


CHECKS = [section("查阅", "access", req="CN-1"), section("删除", "delet", req="CN-1"),
          section("Access", "访问", req="EU-15"), section("Erasure", "删除", req="EU-17"),
          section("删除", "Deletion", req="PIPL-47"), section("Time limit", "One month", "期限", req="EU-12")]


def test_fewest_headings_that_match_every_check() -> None:
    english = choose_headings(CHECKS, "en")
    assert [s.heading for s in english] == ["Access", "Deletion", "Erasure", "Time limit"]
    assert english[1].requirements == ("CN-1", "PIPL-47")
    chinese = choose_headings(CHECKS, "zh")
    assert [s.heading for s in chinese] == ["查阅", "删除", "访问", "期限"]
    assert chinese[1].requirements == ("CN-1", "EU-17", "PIPL-47")


def _read(raw: bytes, fmt: str) -> Document:
    document = read_document(raw, fmt)
    assert isinstance(document, Document)
    return document


def test_unfilled_template_has_every_heading_and_no_substance() -> None:
    needs = ((Need("field", ("Contact", "联系方式")), "the DPO's contact details"),
             (Need("pattern", ("email",)), "an e-mail address"))
    template = Template("dpia", "Data protection impact assessment", "en",
                        choose_headings([*CHECKS, section("DPO", "数据保护官", needs=needs)], "en"))
    text = markdown_template(template)
    assert "Contact: [TODO: the DPO's contact details]" in text and "[TODO: state an e-mail address]" in text
    for fmt, raw in (("markdown", text.encode()), ("docx", docx_template(template))):
        document = _read(raw, fmt)
        for check in [*CHECKS, section("DPO")]:
            verdict = assess_section(document, check.alternatives, [n for n, _ in needs] if check.alternatives == (
                "DPO",) else ())
            assert verdict.found and not verdict.substantive, (fmt, check.alternatives)
    filled = text.replace("[TODO: the DPO's contact details]", "dpo@example.org").replace(
        "[TODO: state an e-mail address]", "Write to the DPO.")
    verdict = assess_section(_read(filled.encode(), "markdown"), ("DPO",), [n for n, _ in needs])
    assert verdict.substantive and not verdict.lacking


def test_chinese_template_uses_chinese_placeholders() -> None:
    template = Template("dsr", "个人权利请求处理程序", "zh", choose_headings(CHECKS, "zh"))
    text = markdown_template(template)
    assert "## 删除\n\n【待补充：" in text
    assert not assess_section(_read(text.encode(), "markdown"), ("删除",)).substantive
