"""Checks on rulesets that the schema cannot make: sum facts' paths are read relative to the summed list."""

from __future__ import annotations

from compliance.ruleset_checks import card_path_exists, predicates_of


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
