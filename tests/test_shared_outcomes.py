"""A batch's outcomes shared across cards (`shared_outcomes`): a card takes a kept outcome only when its inputs are
exactly the same (the same types, lines and operands), and its assessment is the one it gets without the memo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compliance.catalog import _load_catalog
from compliance.engine import _Facts
from compliance.model import Fact
from compliance.pipeline import load_inputs
from compliance.portfolio import assess_one
from compliance.predicates import Outcome, node, value_key
from compliance.resources import rulesets_dir
from compliance.rulesets import Catalog
from compliance.shared_outcomes import LEARN, SharedOutcomes

from .conftest import EXAMPLE, ROOT
from .demo_cards import generated_cards

NO_FACTS: dict[str, Fact] = {}


class _Card:
    """What the engine's facts read of a card: its data and the line of a path."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int] | None = None) -> None:
        self.data = data
        self.lines = lines or {}

    def line_of(self, dotted: str) -> int | None:
        return self.lines.get(dotted)


def _outcome(predicate: dict[str, Any], card: _Card, memo: SharedOutcomes) -> Outcome:
    facts = _Facts(card, NO_FACTS, frozenset(), memo.for_card())  # type: ignore[arg-type]
    made = facts.outcome(predicate)
    memo.card_done(len(facts._outcomes))
    return made


def _shown(outcome: Outcome) -> str:
    return repr((outcome.holds, [(c.holds, c.negated, c.detail) for c in outcome.conditions], outcome.reads,
                 outcome.facts, outcome.questions))


@pytest.mark.parametrize("values", [
    (True, 1, 1.0),  # equal in Python, three values in JSON
    (0.0, -0.0),
    ([1, 2], (1, 2)),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # the same mapping, written in another order
    ("1", 1),
    (None, "unknown"),
])
def test_cards_with_equal_but_not_identical_values_keep_their_own_outcomes(values: tuple[Any, ...]) -> None:
    memo = SharedOutcomes(rest=0)
    leaf = {"path": "system.flag", "op": "eq", "value": True}
    both = {"all": [leaf, {"path": "system.other", "op": "exists"}]}
    for predicate in (leaf, both):
        for value in values:
            card = _Card({"system": {"flag": value, "other": 1}})
            alone = _Facts(card, NO_FACTS).outcome(predicate)  # type: ignore[arg-type]
            assert _shown(_outcome(predicate, card, memo)) == _shown(alone), value
    assert len(memo) == 2 * len(values) + 1  # each value its own leaf and group; the other leaf is the same


def test_the_same_value_on_another_line_is_another_outcome() -> None:
    memo = SharedOutcomes(rest=0)
    predicate = {"path": "system.flag", "op": "eq", "value": True}
    first = _outcome(predicate, _Card({"system": {"flag": True}}, {"system.flag": 3}), memo)
    again = _outcome(predicate, _Card({"system": {"flag": True}}, {"system.flag": 3}), memo)
    moved = _outcome(predicate, _Card({"system": {"flag": True}}, {"system.flag": 4}), memo)
    assert again is first and moved is not first
    assert [r.line for r in moved.reads] == [4]


def test_lists_and_claims_are_keyed_by_every_path_they_read() -> None:
    memo = SharedOutcomes(rest=0)
    listed = {"path": "data.transfers.*.to", "op": "eq", "value": "US"}
    first = {"data": {"transfers": [{"to": "US"}, {}]}}
    second = {"data": {"transfers": [{}, {"to": "US"}]}}  # the same values read, at other entries
    for data in (first, second, {"data": {"transfers": []}}, {"data": {}}):
        card = _Card(data)
        assert _shown(_outcome(listed, card, memo)) == _shown(_Facts(card, NO_FACTS).outcome(listed))  # type: ignore[arg-type]
    claim = {"claim": "scope.exempt"}
    for supported in (frozenset(), frozenset({"scope.exempt"})):
        card = _Card({"scope": {"exempt": True}})
        shared = _Facts(card, NO_FACTS, supported, memo.for_card()).outcome(claim)  # type: ignore[arg-type]
        assert _shown(shared) == _shown(_Facts(card, NO_FACTS, supported).outcome(claim))  # type: ignore[arg-type]


def test_value_keys_are_exact() -> None:
    assert len({value_key(v) for v in (True, 1, 1.0, "1", b"1", None, 0.0, -0.0, [1], (1,))}) == 10
    assert value_key("text") == "text" and value_key(True) != value_key("True")

    class Word(str):
        pass

    assert value_key(Word("x")) is None and value_key({"a": Word("x")}) is None  # not shared: repr may differ


def test_a_full_memo_empties_between_cards_and_forgets_its_tokens() -> None:
    memo = SharedOutcomes(limit=2, rest=0)
    predicate = {"all": [{"path": "a", "op": "exists"}, {"path": "b", "op": "exists"}]}
    first = _outcome(predicate, _Card({"a": 1, "b": 2}), memo)
    assert len(memo) == 3 and memo.token(first) == id(first)
    second = _outcome(predicate, _Card({"a": 1, "b": 2}), memo)
    assert second is not first and memo.token(first) is None  # emptied before the second card


def _card_through(memo: SharedOutcomes, card: _Card, predicate: dict[str, Any]) -> SharedOutcomes | None:
    """One card's outcome of `predicate`, as `engine.assess` makes it with a batch's memo; the memo it used."""
    used = memo.for_card()
    facts = _Facts(card, NO_FACTS, frozenset(), used)  # type: ignore[arg-type]
    facts.outcome(predicate)
    if used is not None:
        used.card_done(len(facts._outcomes))
    return used


def test_after_a_card_that_finds_little_the_memo_rests() -> None:
    memo = SharedOutcomes(rest=3)
    predicate = {"path": "a", "op": "exists"}
    made = [_card_through(memo, _Card({"a": 1}, {"a": line}), predicate)  # each on another line: nothing found
            for line in range(1, LEARN + 11)]
    assert all(m is memo for m in made[:LEARN])  # a new memo learns whatever its cards find
    assert [m is memo for m in made[LEARN:]] == [False, False, False, True, False, False, False, True, False, False]
    memo = SharedOutcomes(rest=3)
    for _ in range(LEARN + 4):  # cards that find what they look up never rest
        assert _card_through(memo, _Card({"a": 1}, {"a": 1}), predicate) is memo


@pytest.mark.parametrize("as_of", ["2024-01-01", "2026-11-25", "2028-09-01"])
def test_a_batch_assesses_each_card_as_it_would_alone(catalog: Catalog, tmp_path: Path, as_of: str) -> None:
    """The examples and generated cards through one memo (and one that empties often), with the cached catalog
    (`catalog` wrote it): each assessment's repr (which tells True from 1 and 1.0) is the one made without the memo."""
    stored = _load_catalog.__wrapped__(rulesets_dir().resolve())  # as a batch has it: equal conditions one object
    generated = generated_cards(tmp_path, 8)
    cards = [*generated, *sorted((ROOT / "examples").glob("*/card.yaml")), *generated]
    for memo in (SharedOutcomes(rest=0), SharedOutcomes(limit=40, rest=0), SharedOutcomes()):
        for path in cards:
            folder = path.parents[1]
            shared = assess_one(path, folder, stored, (), as_of, "high", memo)
            assert repr(shared) == repr(assess_one(path, folder, stored, (), as_of, "high", None)), path
        assert len(memo) > 0


def test_only_kept_objects_give_tokens(catalog: Catalog) -> None:
    """A key names its operands' outcomes (and a fact leaf its value) by id only when the memo keeps them: an outcome
    made afresh on every card (a `some` group) would be freed, and its id another object's on a later card."""
    memo = SharedOutcomes(rest=0)
    group = {"any": [{"some": "items", "where": {"path": "x", "op": "eq", "value": 1}}, {"path": "a", "op": "exists"}]}
    facts = _Facts(_Card({"items": [{"x": 1}], "a": 1}), NO_FACTS, frozenset(), memo.for_card())  # type: ignore[arg-type]
    facts.outcome(group)
    operands = node(group).operands
    assert facts.outcome_tokens(operands) is None and len(memo) == 1  # the path leaf alone
    assert facts.outcome_tokens(operands[1:]) == (id(facts.outcome(group["any"][1])),)
    inputs = load_inputs(EXAMPLE, (), "2026-11-25", catalog)
    facts = _Facts(inputs.card, catalog.facts, frozenset(), memo.for_card())
    summed = next(f.id for f in catalog.facts.values() if f.sum is not None)
    assert facts.fact_token(summed) is None  # a sum fact's value is made afresh
    conditional = next(f.id for f in catalog.facts.values() if f.when is not None and f.id != summed)
    value = facts.get(conditional)
    assert facts.fact_token(conditional) in (None, id(value))
    assert [facts.fact_token(f) for f in catalog.facts if f != summed].count(None) < len(catalog.facts) - 1
