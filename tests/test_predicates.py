"""The predicate language: operators, wildcards, negation and the conditions that decide."""

from __future__ import annotations

from typing import Any

import pytest

from compliance.predicates import Condition, compare, evaluate, read_path
from compliance.report.conditions import condition_text, describe
from compliance.report.locale import locale

CARD: dict[str, Any] = {
    "system": {"generative": True, "users": ["clinicians", "patients"], "name": "MedTriage"},
    "data": {"subjects_count": 250000, "cross_border": [{"to": "US", "subjects": 15000}, {"to": "DE", "subjects": 10}]},
    "deployment": {"placed_on_market": "2026-03-01"},
}


def shown(condition: Condition, lang: str) -> str:
    return condition_text(condition.param(), locale(lang))


def holds(predicate: dict[str, Any], facts: dict[str, Any] | None = None) -> bool:
    return evaluate(predicate, CARD, (facts or {}).__getitem__, lambda path: None).holds


@pytest.mark.parametrize(("predicate", "expected"), [
    ({"path": "system.generative", "op": "eq", "value": True}, True),
    ({"path": "system.generative", "op": "eq", "value": 1}, False),  # booleans are not numbers
    ({"path": "system.generative", "op": "ne", "value": False}, True),
    ({"path": "system.users", "op": "contains", "value": "patients"}, True),
    ({"path": "system.users", "op": "contains", "value": "minors"}, False),
    ({"path": "system.users", "op": "in", "value": ["public", "patients"]}, True),
    ({"path": "system.name", "op": "in", "value": ["Other"]}, False),
    ({"path": "data.subjects_count", "op": "gte", "value": 100000}, True),
    ({"path": "data.subjects_count", "op": "lte", "value": 100000}, False),
    ({"path": "deployment.placed_on_market", "op": "lte", "value": "2026-08-01"}, True),
    ({"path": "system.missing", "op": "exists", "value": True}, False),
    ({"path": "system.missing", "op": "exists", "value": False}, True),
    ({"path": "system.missing", "op": "gte", "value": 1}, None),
    ({"path": "data.cross_border.*.subjects", "op": "gte", "value": 10000}, True),
    ({"path": "data.cross_border.*.to", "op": "eq", "value": "CN"}, False),
    ({"all": [{"path": "system.generative", "op": "eq", "value": True}, {"not": {"fact": "x.research"}}]}, True),
    ({"any": [{"fact": "x.research"}, {"fact": "x.route", "op": "eq", "value": "annex_i"}]}, True),
])
def test_operators(predicate: dict[str, Any], expected: bool | None) -> None:
    assert holds(predicate, {"x.research": False, "x.route": "annex_i"}) is expected


def test_deciding_conditions_of_a_failed_all_are_the_failing_leaves() -> None:
    predicate = {"all": [{"path": "system.generative", "op": "eq", "value": True},
                         {"path": "data.subjects_count", "op": "lte", "value": 10, "label": "small scale"}]}
    outcome = evaluate(predicate, CARD, {}.__getitem__, lambda path: 7)
    assert not outcome.holds
    assert [shown(c, "en") for c in outcome.conditions] == ["small scale: data.subjects_count ≤ 10 (card: 250000)"]
    assert [(r.path, r.value, r.line) for r in outcome.reads] == [
        ("system.generative", True, 7), ("data.subjects_count", 250000, 7)]


def test_negated_condition_reads_as_not() -> None:
    outcome = evaluate({"not": {"fact": "x.research", "label": {"en": "research exclusion", "zh": "科研豁免"}}},
                       CARD, {"x.research": True}.__getitem__, lambda path: None)
    assert not outcome.holds
    assert shown(outcome.conditions[0], "en") == "not (research exclusion: x.research = true (derived: true))"
    assert shown(outcome.conditions[0], "zh") == "非（科研豁免：x.research = true（推导值：true））"
    assert outcome.facts == ("x.research",)


def test_wildcard_reads_every_element() -> None:
    values, reads = read_path(CARD, "data.cross_border.*.to")
    assert values == ["US", "DE"]
    assert [r[0] for r in reads] == ["data.cross_border.0.to", "data.cross_border.1.to"]


def test_missing_path_reads_null() -> None:
    assert read_path(CARD, "model.general_purpose") == (None, [("model.general_purpose", None)])


def test_compare_refuses_mixed_types() -> None:
    assert not compare("10", "gte", 5)
    assert not compare(True, "gte", 0)


def test_describe() -> None:
    predicate = {"all": [{"fact": "eu.high_risk"}, {"not": {"path": "deployment.research_only", "op": "eq",
                                                            "value": True}}]}
    assert describe(predicate, locale("en")) == "all of (eu.high_risk; not (deployment.research_only = true))"
    assert describe(predicate, locale("zh")) == "同时满足（eu.high_risk；非（deployment.research_only = true））"


def test_labelled_not_keeps_the_negation_in_its_detail() -> None:
    predicate = {"not": {"fact": "x.eu"}, "label": "established in a third country"}
    outcome = evaluate(predicate, CARD, {"x.eu": True}.__getitem__, lambda path: None)
    assert not outcome.holds
    assert shown(outcome.conditions[0], "en") == (
        "established in a third country (not (x.eu = true (derived: true)))")


ROUTES: dict[str, Any] = {"data": {"cross_border": [
    {"from": "DE", "to": "US", "mechanism": "scc"},
    {"from": "CN", "to": "DE", "mechanism": None, "subjects": 15000},
]}}


def _eval(predicate: dict[str, Any], data: dict[str, Any] = ROUTES) -> Any:
    return evaluate(predicate, data, {}.__getitem__, lambda path: {"data.cross_border.1.from": 12}.get(path))


def test_some_keeps_the_conditions_of_one_entry_together() -> None:
    # Wildcards would match `from CN` on one route and `mechanism scc` on another; `some` does not.
    loose = {"all": [{"path": "data.cross_border.*.from", "op": "eq", "value": "CN"},
                     {"path": "data.cross_border.*.mechanism", "op": "eq", "value": "scc"}]}
    tight = {"some": "data.cross_border", "where": {"all": [{"path": "from", "op": "eq", "value": "CN"},
                                                            {"path": "mechanism", "op": "eq", "value": "scc"}]}}
    assert _eval(loose).holds
    outcome = _eval(tight)
    assert ("data.cross_border.1.from", "CN", 12) in [(r.path, r.value, r.line) for r in outcome.reads]
    assert outcome.holds is None  # route 1 is from CN but the card does not say its mechanism: unknown, not false
    assert shown(outcome.conditions[0], "en") == "data.cross_border.1: mechanism = scc (card: not set)"
    assert [q.path for q in outcome.questions] == ["data.cross_border.1.mechanism"]
    answered = {"data": {"cross_border": [{"from": "CN", "to": "US", "mechanism": "cn_standard_contract"}]}}
    outcome = _eval(tight, answered)
    assert outcome.holds is False
    assert shown(outcome.conditions[0], "en") == (
        "no entry of data.cross_border has all of (from = CN; mechanism = scc)")


def test_some_reports_the_matching_entry() -> None:
    outcome = _eval({"some": "data.cross_border", "where": {"path": "subjects", "op": "gte", "value": 10000}})
    assert outcome.holds
    assert shown(outcome.conditions[0], "en") == "data.cross_border.1: subjects ≥ 10000 (card: 15000)"


def test_every_reports_the_first_failing_entry_and_is_true_for_none() -> None:
    every = {"every": "data.cross_border", "where": {"path": "mechanism", "op": "exists", "value": True}}
    outcome = _eval(every)
    assert not outcome.holds
    assert shown(outcome.conditions[0], "en") == "data.cross_border.1: mechanism is set (card: not set)"
    assert _eval(every, {"data": {"cross_border": []}}).holds
    assert _eval(every, {"data": {}}).holds is None  # the list itself unanswered: unknown, not vacuously true


def test_quantified_leaves_have_absolute_paths() -> None:
    from compliance.predicates import leaves
    predicate = {"every": "data.cross_border", "where": {"not": {"path": "mechanism", "op": "eq", "value": None}}}
    assert [leaf["path"] for leaf in leaves(predicate)] == ["data.cross_border.*.mechanism"]
    assert describe(predicate, locale("en")) == "every entry of data.cross_border has (not (mechanism = null))"


def test_prepared_predicates_share_a_key_exactly_when_their_content_is_equal() -> None:
    from compliance.predicates import node

    def tree(value: object) -> dict[str, object]:
        return {"all": [{"path": "a", "value": value}, {"not": {"fact": "f"}}], "label": {"en": "x"}}

    assert node(tree(1)).key == node(tree(1)).key  # separate objects, equal content
    assert node(tree(1)).key != node(tree(2)).key  # a leaf deep inside differs
    assert node(tree("1")).key != node(tree(1)).key  # "1" is not 1
    assert node({"any": tree(1)["all"], "label": {"en": "x"}}).key != node(tree(1)).key  # any is not all
    assert node(tree(1)).facts == frozenset({"f"})
    assert node({"some": "xs", "where": {"fact": "g"}}).facts == frozenset({"g"})
    assert node({"path": "a"}).facts == frozenset()


def test_prepared_keys_tell_types_apart_and_take_any_mapping() -> None:
    import datetime
    from types import MappingProxyType

    from compliance.predicates import node

    def leaf(value: object) -> dict[str, object]:
        return {"path": "a", "value": value}

    assert len({node(leaf(v)).key for v in (True, 1, 1.0, "1", None, [1], [True])}) == 7
    dated = node({"path": "a", "value": datetime.date(2026, 1, 1)})  # marshal cannot write it: still keyed
    assert dated.key == node({"path": "a", "value": datetime.date(2026, 1, 1)}).key != node(leaf("2026-01-01")).key
    proxy = MappingProxyType({"all": [leaf(True), {"not": leaf(False)}]})
    assert evaluate(proxy, {"a": True}, lambda _f: None, lambda _p: None).holds


def test_operands_are_prepared_when_first_evaluated_and_shared_by_content() -> None:
    from compliance.predicates import node

    inner = {"path": "x", "op": "gte", "value": 2}
    outer = {"any": [{"path": "y"}, {"not": inner}], "label": {"en": "lazy"}}
    outcome = evaluate(outer, {"x": 1, "y": False}, lambda _f: None, lambda _p: None)
    assert outcome.holds is True
    assert [c.param()["parts"][0]["path"] for c in outcome.conditions] == ["x"]
    assert node(dict(inner)).key == node(inner).key  # the operand's copy shares the node prepared for it
