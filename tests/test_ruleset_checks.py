"""Checks on rulesets that the schema cannot make: sum facts' paths are read relative to the summed list; every
section group has a Chinese heading."""

from __future__ import annotations

import shutil
from pathlib import Path

from compliance.lint import lint_rulesets
from compliance.ruleset_checks import card_path_exists, predicates_of

TEST_RULESETS = Path(__file__).parent / "rulesets"


def test_sum_where_paths_are_relative_to_the_list_entry() -> None:
    fact = {"id": "x.total", "sum": {"over": "data.cross_border", "value": "subjects",
                                     "where": {"all": [{"path": "from", "op": "eq", "value": "CN"},
                                                       {"path": "to", "op": "ne", "value": "CN"}]}}}
    [(rel, predicate)] = list(predicates_of(fact))
    assert rel == ["sum", "where"]
    assert predicate["some"] == "data.cross_border"
    from compliance.predicates import leaves
    assert [leaf["path"] for leaf in leaves(predicate)] == ["data.cross_border.*.from", "data.cross_border.*.to"]


def test_sum_value_path_must_be_a_field_of_the_list_entries() -> None:
    assert card_path_exists("data.cross_border.*.sensitive_subjects")
    assert not card_path_exists("data.cross_border.*.sensitive_subject")


def _lint_demo_with(tmp_path: Path, old: str, new: str) -> list[str]:
    root = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, root)
    main = root / "demo" / "requirements" / "main.yaml"
    text = main.read_text(encoding="utf-8")
    assert old in text
    main.write_text(text.replace(old, new), encoding="utf-8")
    _, problems = lint_rulesets(root)
    return [f"{p.severity} {p}" for p in problems if "Chinese heading" in p.message]


def test_every_section_group_needs_a_chinese_heading(tmp_path: Path) -> None:
    assert _lint_demo_with(tmp_path, "sections:", "sections:") == []   # the shipped demo has one per group
    found = _lint_demo_with(tmp_path / "plain", '["Risk identification", "风险识别"]', '"Risk identification"')
    assert found == ["lint rulesets/demo/requirements/main.yaml:38: requirements/0/check/evidence/0/sections/0: "
                     "section 'Risk identification' has no Chinese heading: add one to its alternatives, "
                     "e.g. ['Risk identification', 中文标题]"]
    listed = _lint_demo_with(tmp_path / "list", ', "可合理预见的误用"]', "]")
    assert len(listed) == 1 and "section 'Foreseeable misuse' has no Chinese heading" in listed[0]


def test_a_section_rule_heading_needs_a_chinese_heading_too(tmp_path: Path) -> None:
    rule = '{heading: ["Risk identification"], prompt: {en: Hazards., zh: 危害。}}'
    found = _lint_demo_with(tmp_path, '["Risk identification", "风险识别"]', rule)
    assert len(found) == 1 and "sections/0/heading: section 'Risk identification'" in found[0]
    assert _lint_demo_with(tmp_path / "zh", '["Risk identification", "风险识别"]',
                           rule.replace('["Risk identification"]', '["Risk identification", 风险识别]')) == []
