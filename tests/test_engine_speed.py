"""The batch speed-ups keep results identical: per-card memo of predicate outcomes and card lines,
one card schema per vocabulary, and a cheaper `show`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from compliance import engine
from compliance.card import card_schema, load_card
from compliance.engine import _Facts
from compliance.pipeline import assess_card
from compliance.report.locale import show
from compliance.rulesets import Catalog

from .conftest import EXAMPLE
from .demo_cards import DEMO_CARDS


def test_outcome_is_memoised_per_predicate_object(demo_catalog: Catalog) -> None:
    card = load_card(DEMO_CARDS / "provider.yaml", demo_catalog.vocabulary)
    facts = _Facts(card, demo_catalog.facts)
    predicate = {"path": "system.physician_review", "op": "eq", "value": True}
    first = facts.outcome(predicate)
    assert facts.outcome(predicate) is first
    assert first.holds and first.reads[0].line == 5
    equal_but_new = dict(predicate, value=False)
    assert facts.outcome(equal_but_new).holds is False  # a different object is evaluated on its own
    assert facts.line_of("system.physician_review") == 5


def test_card_schema_is_a_fresh_copy_each_time(demo_catalog: Catalog) -> None:
    first = card_schema(demo_catalog.vocabulary)
    first["properties"].clear()
    second = card_schema(demo_catalog.vocabulary)
    assert "system" in second["properties"]
    assert second["$defs"]["evidence"]["properties"]["kind"]["enum"] == sorted(demo_catalog.vocabulary.kinds)


@pytest.mark.parametrize("value", [True, False, 0, 3, 1.5, 3e23, 0.1, -2, ["provider", "中文"], {"b": 1, "a": [1, 2]},
                                   [], {}])
def test_show_matches_sorted_json(value: Any) -> None:
    assert show(value) == json.dumps(value, ensure_ascii=False, sort_keys=True)


def test_show_strings_and_null() -> None:
    assert show("EU") == "EU" and show(None) == "null"


def test_catalog_mappings_are_made_once_for_each_catalog(catalog: Catalog) -> None:
    """A batch asks for the catalog's facts, requirements and thresholds once a card: one object each, the catalog's
    own (a catalog of fewer rulesets has its own), so the sum facts worked out from them are kept once."""
    assert catalog.facts is catalog.facts and catalog.requirements is catalog.requirements
    assert catalog.thresholds is catalog.thresholds and catalog.practice_ids is catalog.practice_ids
    assert dict(catalog.facts) == {f.id: f for r in catalog.rulesets for f in r.facts}
    assert dict(catalog.requirements) == {q.id: q for r in catalog.rulesets for q in r.requirements}
    first = catalog.rulesets[0]
    fewer = Catalog(catalog.vocabulary, (first,))
    assert dict(fewer.requirements) == {q.id: q for q in first.requirements} != dict(catalog.requirements)
    assert dict(fewer.facts) == {f.id: f for f in first.facts} != dict(catalog.facts)
    kept = len(engine._SUM_FACTS)
    for card in (EXAMPLE, EXAMPLE):
        assess_card(card, (), "2026-11-25", catalog)
    assert len(engine._SUM_FACTS) <= kept + 1
