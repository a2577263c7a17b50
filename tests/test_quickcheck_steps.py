"""The quick check's combined and C-level steps answer as the keywords they stand for (JSON Schema's meaning),
for values of every type a document holds, the ones a keyword does not apply to included."""

from __future__ import annotations

from typing import Any

import pytest

from compliance.quickcheck import is_valid

VALUES: list[Any] = ["", "x", "2026-01-01", "2026-02-30", "20260101", "EU", 0, 1, 1.0, 2.5, True, False, None, [],
                     [""], {}, {"a": 1}]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_min_length_one_is_about_strings_only(value: Any) -> None:
    assert is_valid(value, {"minLength": 1}) is (not isinstance(value, str) or len(value) >= 1)


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_pattern_written_out_passes_what_is_not_a_string(value: Any) -> None:
    shaped = isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-"
    assert is_valid(value, {"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}) is (not isinstance(value, str) or shaped)
    assert is_valid(value, {"format": "date"}) is (not isinstance(value, str) or value == "2026-01-01")


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_an_enum_of_true_false_null_and_a_word_matches_each_by_json_equality(value: Any) -> None:
    """true is not 1 and false is not 0 (JSON Schema), though Python calls them equal."""
    expected = value is True or value is False or value is None or value == "EU"
    assert is_valid(value, {"enum": [True, False, None, "EU"]}) is expected
    assert is_valid(value, {"enum": [1, "x"]}) is (value == "x" or (type(value) in (int, float) and value == 1))


@pytest.mark.parametrize(("value", "expected"), [({"a": 1}, True), ({"a": 1, "b": 2}, True), ({"b": 2}, False),
                                                 ({"a": 1, "c": 3}, False), ({}, False), ("a", True), (None, True)])
def test_a_closed_object_with_required_keys(value: Any, expected: bool) -> None:
    for schema in ({"additionalProperties": False, "required": ["a"], "properties": {"a": {}, "b": {}}},
                   {"required": ["a"], "properties": {"a": {}, "b": {}}, "additionalProperties": False}):
        assert is_valid(value, schema) is expected


def test_the_plans_of_the_last_schema_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch checks every card against one schema: it is planned once, and another schema afresh."""
    from compliance import quickcheck

    planned: list[object] = []
    plan = quickcheck._Checker.plan
    monkeypatch.setattr(quickcheck._Checker, "plan", lambda self, schema: planned.append(schema) or plan(self, schema))
    card_like = {"type": "object", "properties": {"a": {"type": "string", "minLength": 1}}}
    assert is_valid({"a": "x"}, card_like) and not is_valid({"a": ""}, card_like)
    assert len(planned) == 2  # the object and its property, once
    other = {"type": "object", "properties": {"a": {"type": "string", "minLength": 1}}}
    assert is_valid({"a": "x"}, other) and len(planned) == 4
