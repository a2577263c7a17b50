"""The fast schema check agrees with jsonschema on thousands of mutated cards and rulesets."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from compliance.card import card_schema
from compliance.quickcheck import Unsupported, is_valid
from compliance.resources import schema
from compliance.rulesets import load_catalog
from compliance.yaml_source import load_yaml

from .conftest import TEST_RULESETS

SAMPLES: list[Any] = ["x", "", "2026-02-30", "2026-01-01", "NO", 0, 1, 1.0, 2.5, -1, True, False, None, [], ["x"],
                      ["clinicians", "clinicians"], {}, {"a": 1}, "IIa", "provider", "5(d)", "EU", "a" * 70]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _sample(rng: random.Random) -> Any:
    """A fresh copy: a shared list that a later mutation appends to could end up containing itself."""
    return copy.deepcopy(rng.choice(SAMPLES))


def _mutate(document: Any, rng: random.Random) -> Any:
    doc = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_paths(doc)[1:])
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = rng.random()
        if action < 0.45:
            parent[last] = _sample(rng)
        elif action < 0.6 and isinstance(parent, dict):
            del parent[last]
        elif action < 0.75 and isinstance(parent, dict):
            parent[rng.choice(["unknown", "genrative", "name", "kind"])] = _sample(rng)
        elif isinstance(parent[last], list):
            parent[last].append(_sample(rng))
        else:
            parent[last] = [parent[last]]
    return doc


def _agree(document: Any, schema_: dict[str, Any], rng: random.Random, rounds: int) -> int:
    validator = Draft202012Validator(schema_, format_checker=Draft202012Validator.FORMAT_CHECKER)
    invalid = 0
    for _ in range(rounds):
        mutated = _mutate(document, rng)
        expected = validator.is_valid(mutated)
        try:
            assert is_valid(mutated, schema_) is expected, mutated
        except Unsupported:
            continue
        invalid += not expected
    return invalid


def test_cards() -> None:
    catalog = load_catalog(TEST_RULESETS)
    card = load_yaml(TEST_RULESETS / "demo" / "cases" / "cards" / "provider.yaml").data
    full = card_schema(catalog.vocabulary)
    assert is_valid(card, full)
    invalid = _agree(card, full, random.Random(7), 3000)
    assert invalid > 1000  # the mutations really do produce invalid cards


def test_rulesets() -> None:
    header = load_yaml(TEST_RULESETS / "demo" / "ruleset.yaml").data
    assert is_valid(header, schema("ruleset"))
    assert _agree(header, schema("ruleset"), random.Random(11), 1500) > 300


@pytest.mark.parametrize(("value", "expected"), [(1.0, True), (True, False), ("2026-01-01", True),
                                                  ("2026-1-01", False), ("2026-02-30", False)])
def test_edge_values(value: Any, expected: bool) -> None:
    schema_ = {"anyOf": [{"type": "integer"}, {"type": "string", "format": "date"}]}
    assert is_valid(value, schema_) is expected


def test_unknown_keyword_defers_to_jsonschema() -> None:
    with pytest.raises(Unsupported):
        is_valid("x", {"type": "string", "maxLength": 3})


@pytest.mark.parametrize(("items", "unique"), [
    ([1, 1.0], False), ([True, 1], True), ([False, 0, None, ""], True), ([{"a": [1, 2]}, {"a": [1, 2.0]}], False),
    ([{"a": 1, "b": 2}, {"b": 2, "a": 1}], False), ([[1, 2], [2, 1]], True), (["x", "x"], False),
])
def test_unique_items_means_what_jsonschema_means(items: list[Any], unique: bool) -> None:
    rule = {"type": "array", "uniqueItems": True}
    assert is_valid(items, rule) is unique
    assert Draft202012Validator(rule).is_valid(items) is unique


def test_unique_items_is_one_pass_over_ten_thousand_ids() -> None:
    """Issue 19: every pair was compared (10,000 evidence ids under one measure took half a minute)."""
    ids = [f"evidence-{n:05d}" for n in range(10_000)]
    assert is_valid(ids, {"type": "array", "uniqueItems": True})
    assert not is_valid([*ids, "evidence-00042"], {"type": "array", "uniqueItems": True})


_ATOMS: list[Any] = [0, 1, 2, -1, 1.0, 2.0, 0.0, -0.0, 1.5, True, False, None, "a", "1", "", "true", 2**53, 2.0**53]


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON value, mostly numbers, booleans, null and strings that Python and JSON Schema compare apart."""
    roll = rng.random()
    if depth < 2 and roll < 0.15:
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 2 and roll < 0.3:
        return {rng.choice("ab"): _json_value(rng, depth + 1) for _ in range(rng.randint(0, 2))}
    return rng.choice(_ATOMS)


def test_unique_items_types_enums_and_consts_agree_with_jsonschema() -> None:
    """The shortcuts (a set of the items as Python compares them; numeric types tested directly; strings,
    numbers and null compared without the Mapping test) answer as jsonschema on 4,000 random values each."""
    rng = random.Random(19)
    schemas: list[dict[str, Any]] = [{"uniqueItems": True}, {"type": ["integer", "null"]},
                                     {"type": ["number", "string"]}, {"type": ["string", "integer", "number"]}]
    for _ in range(40):
        options = [_json_value(rng) for _ in range(rng.randint(1, 4))]
        schemas += [{"enum": options}, {"const": options[0]}]
    validators = [(rule, Draft202012Validator(rule)) for rule in schemas]
    for _ in range(4000):
        value = _json_value(rng)
        items = [_json_value(rng) for _ in range(rng.randint(0, 5))]
        if items and rng.random() < 0.5:
            items.append(copy.deepcopy(rng.choice(items)))
        for tested in (value, items):
            for rule, validator in validators:
                assert is_valid(tested, rule) is validator.is_valid(tested), (tested, rule)
