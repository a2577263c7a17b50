"""`rulesets docs`: the related instruments a ruleset encodes, with how each was verified."""

from __future__ import annotations

from compliance.render.ruleset_docs import ruleset_reference
from compliance.rulesets import load_catalog


def _reference(lang: str) -> str:
    catalog = load_catalog()
    ruleset = next(r for r in catalog.rulesets if r.id == "cn-genai")
    return ruleset_reference(ruleset, catalog, lang)


def test_related_instruments_listed_with_their_verification_in_chinese() -> None:
    text = _reference("zh")
    section = text.split("## 相关规定及核实情况", 1)[1].split("\n## ", 1)[0]
    assert "**未成年人网络保护条例（国务院令第766号）**" in section
    assert "施行/生效日期 2024年1月1日" in section
    assert "核实情况：依据官方文本核对（LawRefBook镜像" in section
    assert "核实情况：二级来源（S+" in section


def test_related_instruments_listed_in_english() -> None:
    text = _reference("en")
    section = text.split("## Related instruments and how they were verified", 1)[1].split("\n## ", 1)[0]
    assert "National Cybersecurity Incident Reporting Measures" in section
    assert "Verification: verbatim reproduction citing the CAC page" in section
