from __future__ import annotations

import pytest

from compliance.documents import Need, assess_section, is_substantive, read_document
from compliance.documents.content import PATTERNS

from .budget import within_cpu_budget


def markdown(text: str):  # type: ignore[no-untyped-def]
    document = read_document(text.encode(), "markdown")
    assert document is not None and not hasattr(document, "code")
    return document


@pytest.mark.parametrize("text", [
    "", "TBD", "TODO", "To be completed.", "待补充", "【待补充】", "[TODO: describe how requests are verified]",
    "【待补充：说明核验请求人身份的方式】", "N/A", "n/a", "None.", "不适用", "无", "Owner:\nDate:",
    "| Owner | |\n| Date | TBD |",
    "- [ ] TBD\n- [ ] TODO", "Lorem ipsum", "<insert text here>", "{{describe the process}}", "Yes.",
])
def test_placeholders_are_not_substantive(text: str) -> None:
    assert not is_substantive(text)


@pytest.mark.parametrize("text", [
    "We answer within one month.", "See annex 2.", "见附件二。", "由数据保护官负责。", "Owner: Dr. A. Weber",
    "| Retention | 30 days |", "TODO: confirm wording. Requests are answered by the DPO within one month.",
])
def test_substantive_text(text: str) -> None:
    assert is_substantive(text)


def test_structured_values_need_only_one_word() -> None:
    assert is_substantive("30", structured=True)
    assert not is_substantive("TBD", structured=True)


def test_empty_skeleton_sections_are_found_but_not_substantive() -> None:
    document = markdown("# DSR procedure\n## Access\n## Erasure\nTBD\n## Rectification\nWe correct records "
                        "within a month.\n")
    verdicts = {name: assess_section(document, (name,)) for name in ("Access", "Erasure", "Rectification", "Objection")}
    assert [v.found for v in verdicts.values()] == [True, True, True, False]
    assert [v.substantive for v in verdicts.values()] == [False, False, True, False]
    assert verdicts["Rectification"].met and not verdicts["Access"].met
    assert assess_section(document, ("DSR procedure",)).substantive      # its subsection carries text


DPO = """# Controller
Controller: Klinikum Nord GmbH
Data protection officer: dpo@klinikum-nord.example, +49 40 1234 5678
Retention period: TBD
## Contact
Write to the DPO.
## Retention
Records are kept for 10 years.
"""


def test_fields_phrases_and_patterns() -> None:
    document = markdown(DPO)
    needs = [Need("field", ("Data protection officer", "DPO")), Need("field", ("Retention period",)),
             Need("field", ("Retention",)), Need("phrase", ("Klinikum Nord",)), Need("phrase", ("processor",)),
             Need("pattern", ("email",)), Need("pattern", ("phone",)), Need("pattern", ("url",)),
             Need("pattern", ("duration",))]
    verdict = assess_section(document, ("Controller",), needs)
    assert verdict.substantive
    # "Retention period: TBD" is no value; the "Retention" subsection is (fields may be subsections)
    assert verdict.lacking == (needs[1], needs[4], needs[7])
    # phrases are looked for under the heading, not in it
    assert assess_section(document, ("Contact",), [Need("phrase", ("contact",))]).lacking


def test_field_value_on_the_next_line_and_in_tables() -> None:
    document = markdown("# Record\nRetention period\n\n6 months\n\n| Lawful basis | Art. 6(1)(c) |\n")
    verdict = assess_section(document, ("Record",), [Need("field", ("retention period",)),
                                                      Need("field", ("lawful basis",)), Need("field", ("owner",))])
    assert verdict.lacking == (Need("field", ("owner",)),)


def test_chinese_fields_and_phrases() -> None:
    document = markdown("# 个人信息保护负责人\n联系方式：dpo@example.cn\n保存期限：六个月\n")
    verdict = assess_section(document, ("个人信息保护负责人",), [
        Need("field", ("联系方式",)), Need("pattern", ("duration",)), Need("phrase", ("保存",)),
        Need("field", ("处理目的",))])
    assert verdict.lacking == (Need("field", ("处理目的",)),)


@pytest.mark.parametrize(("name", "text"), [
    ("email", "dpo@klinikum-nord.example"), ("url", "https://example.org/privacy"), ("phone", "+49 40 1234 5678"),
    ("date", "2027-03-15"), ("date", "15 March 2027"), ("date", "2027年3月"), ("duration", "within 30 days"),
    ("duration", "six months"), ("duration", "72 hours"), ("duration", "十五个工作日"), ("percentage", "95 %"),
])
def test_patterns(name: str, text: str) -> None:
    assert PATTERNS[name].search(text)


def test_content_rules_are_linear_on_hostile_text() -> None:
    code = ("from compliance.documents.content import PATTERNS, is_substantive\n"
            "hostile = ['1' * 200_000, 'a@' * 100_000, 'http://' * 30_000, '[' * 200_000, '[TODO' * 40_000,\n"
            "           '1 ' * 100_000, 'a.' * 100_000 + '@', '<' * 100_000 + 'x', '年' * 200_000, ':|' * 100_000]\n"
            "for text in hostile:\n"
            "    is_substantive(text)\n"
            "    for pattern in PATTERNS.values():\n"
            "        pattern.search(text)\n")
    finished = within_cpu_budget(code, seconds=5)
    assert finished.returncode == 0, finished.stderr[-500:]
