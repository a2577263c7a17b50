"""Safe YAML details and evidence section extraction."""

from __future__ import annotations

import pytest

from compliance.documents.markdown import read_markdown
from compliance.errors import ComplianceError
from compliance.evidence import normalize_heading
from compliance.report.locale import zh_citation, zh_date
from compliance.yaml_source import parse_yaml


def test_dates_stay_strings_and_invalid_dates_do_not_crash() -> None:
    assert parse_yaml("d: 2025-01-15\n", "x").data == {"d": "2025-01-15"}
    assert parse_yaml("d: 2025-13-45\n", "x").data == {"d": "2025-13-45"}


def test_only_true_and_false_are_booleans() -> None:
    data = parse_yaml("a: NO\nb: yes\nc: true\nd: False\ne: on\n", "x").data
    assert data == {"a": "NO", "b": "yes", "c": True, "d": False, "e": "on"}


def test_python_tags_are_refused() -> None:
    with pytest.raises(ComplianceError, match="could not determine a constructor"):
        parse_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "x")


def test_line_for_nested_paths() -> None:
    doc = parse_yaml("a:\n  b:\n    - x\n    - y: 1\n", "x")
    assert doc.line_for(["a", "b", 1, "y"]) == 4
    assert doc.line_for(["a", "zzz"]) == 1


def test_markdown_sections_ignore_code_fences() -> None:
    text = "# Title\n\n## 2. Risk identification\n```\n# not a heading\n```\nSetext\n------\n"
    assert [h.title for h in read_markdown(text).headings] == ["Title", "2. Risk identification", "Setext"]


@pytest.mark.parametrize(("heading", "normal"), [
    ("2. Detailed description (Annex IV point 2)", "detailed description annex iv point 2"),
    ("(a) General description", "general description"),
    ("1.2.3 Data requirements", "data requirements"),
    ("语料安全评估", "语料安全评估"),
    ("ＡＢＣ：测试", "abc 测试"),
])
def test_normalize_heading(heading: str, normal: str) -> None:
    assert normalize_heading(heading) == normal


def test_chinese_citations_and_dates() -> None:
    assert zh_citation("Art. 9(2)(a)") == "第9条第2款(a)项"
    assert zh_citation("Art. 26(8)") == "第26条第8款"
    assert zh_citation("Art. 4a") == "第4a条"
    assert zh_citation("Annex IV point 2") == "附件四第2点"
    assert zh_citation("第十二条") == "第十二条"
    assert zh_date("2026-08-02") == "2026年8月2日"


@pytest.mark.parametrize(("citation", "chinese"), [
    # ranges, continued paragraphs and points, Art. 3 points, recitals and annex points as Chinese law firms
    # write them (glossary §5.5); the dossiers printed "第7条第1款-(4)" and "第49条第1款, 49(3)" before
    ("Art. 7(1)-(4); Art. 4(11)", "第7条第1款至第4款；第4条第11款"),
    ("Art. 27(1); Art. 49(1), 49(3); Art. 86(1)", "第27条第1款；第49条第1款、第3款；第86条第1款"),
    ("Art. 35(1), 35(3)", "第35条第1款、第3款"),
    ("Art. 9(2)(h), 9(3)", "第9条第2款(h)项、第3款"),
    ("Art. 27(1)(a)-(f)", "第27条第1款(a)项至(f)项"),
    ("Art. 2(1)(a), (d), (e)", "第2条第1款(a)、(d)、(e)项"),
    ("Art. 3(4); Art. 2(10)", "第3条第(4)项；第2条第10款"),
    ("Recital 96; Art. 27", "序言第(96)段；第27条"),
    ("Annex III point 5(d)", "附件三第5点(d)项"),
    ("Art. 113(c) as amended", "第113条(c)项（经修订）"),
    # GDPR-30.1 printed "第30条第1款、第3款-(5)", eu.art111_2_* "第111条第2款 second sentence"
    ("Art. 30(1), 30(3)-(5)", "第30条第1款、第3款至第5款"),
    ("Art. 111(2) second sentence", "第111条第2款第2句"),
    ("Art. 3(63); recital 109", "第3条第(63)项；序言第(109)段"),
    ("Recital 47", "序言第(47)段"),
])
def test_chinese_citations_of_eu_law(citation: str, chinese: str) -> None:
    assert zh_citation(citation) == chinese


def test_exact_line_is_none_for_unset_paths() -> None:
    doc = parse_yaml("a:\n  b: 1\n", "x")
    assert doc.exact_line(["a", "b"]) == 2
    assert doc.exact_line(["a", "c"]) is None
    assert doc.line_for(["a", "c"]) == 1


@pytest.mark.parametrize("text", [
    "a: R&D\nb: 2 * 3\n",            # '&' and '*' in plain text, no anchor: read without the identity walk
    "a: R&D\nb: [x, y]\n",            # '&' only
    "a: '*'\nb: {c: d}\n",            # '*' only
])
def test_ampersand_and_asterisk_in_text_are_plain(text: str) -> None:
    doc = parse_yaml(text, "t.yaml")
    assert doc.data["a"] in ("R&D", "*") and doc.line_for(["b"]) == 2


def test_an_alias_is_refused_when_text_also_has_a_plain_ampersand() -> None:
    with pytest.raises(ComplianceError, match=r"aliases are not allowed \(\*x\)"):
        parse_yaml("t: R&D\na: &x [1]\nb: *x\n", "t.yaml")


def test_item_lines_are_the_lines_of_each_item() -> None:
    """`item_lines` walks to the list once; each line is `line_for` of the item's path, whatever the path and count."""
    from pathlib import Path

    examples = Path(__file__).resolve().parent.parent / "examples"
    texts = [card.read_text(encoding="utf-8") for card in sorted(examples.glob("*/card.yaml"))]
    texts += ["a: [1, 2]\n", "a:\n  - x\n  -\n    b: 1\n  - [1]\n", "a: 1\n", "- 1\n- 2\n", "a: {}\n", "x\n", "a: []\n"]
    compared = 0
    for text in texts:
        doc = parse_yaml(text, "x")
        for path in (["evidence"], ["measures", "risk_management"], ["a"], [], ["risks"], ["missing"], ["a", 0], [0]):
            for count in (0, 1, 2, 3, 70, 200):
                assert doc.item_lines(path, count) == [doc.line_for([*path, i]) for i in range(count)], (path, count)
                compared += 1
    assert compared > 500
