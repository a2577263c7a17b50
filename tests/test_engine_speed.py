"""The batch speed-ups keep results identical: per-card memo of predicate outcomes and card lines,
one card schema per vocabulary, and a cheaper `show`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from compliance import engine
from compliance.card import card_schema, load_card
from compliance.catalog import _load_catalog
from compliance.engine import _current_waivers, _Facts, _Run, _scope_numbers, supported_answers
from compliance.pipeline import assess_card, load_inputs
from compliance.report.locale import show
from compliance.resources import rulesets_dir
from compliance.rulesets import Catalog

from .conftest import EXAMPLE, ROOT
from .demo_cards import DEMO_CARDS, generated_cards


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


@pytest.mark.parametrize("as_of", ["2024-01-01", "2026-11-25", "2028-09-01"])
def test_findings_sharing_a_scope_equal_each_made_alone(catalog: Catalog, tmp_path: Path, as_of: str) -> None:
    """A run works out what roles, dates and condition say once for the requirements that share them (`_Run._scope`):
    each finding equals the one a fresh run makes of its requirement alone, on the examples and generated cards. The
    catalog is the cached one, as a batch has it: there, equal conditions and dates are one object, which is what
    requirements share."""
    stored = _load_catalog.__wrapped__(rulesets_dir().resolve())  # `catalog` wrote the cache
    cards = [*sorted((ROOT / "examples").glob("*/card.yaml")), *generated_cards(tmp_path, 12)]
    shared_scopes = 0
    for path in cards:
        inputs = load_inputs(path, (), as_of, stored)
        card, index = inputs.card, inputs.index
        facts = _Facts(card, stored.facts, supported_answers(card, index, as_of))
        waivers = _current_waivers(card, as_of)
        run = _Run(card, index, as_of, facts, stored.vocabulary, waivers)
        pairs = [(q, r) for r in inputs.rulesets for q in r.requirements]
        together = [f for r in inputs.rulesets for f in run.findings(r)]
        alone = [_Run(card, index, as_of, facts, stored.vocabulary, waivers).finding(q, r) for q, r in pairs]
        assert together == alone, path
        shared_scopes += len(pairs) - sum(_scope_numbers(r)[1] for r in inputs.rulesets)
    assert shared_scopes > 1000  # the memo was used


def test_rulesets_sharing_requirements_keep_their_own_scopes(catalog: Catalog) -> None:
    """Two rulesets whose requirements are the same objects (a cached catalog shares equal conditions and dates
    across rulesets too) but whose roles differ: each ruleset's findings are its own."""
    stored = _load_catalog.__wrapped__(rulesets_dir().resolve())
    inputs = load_inputs(EXAMPLE, (), "2026-11-25", stored)
    first = next(r for r in inputs.rulesets if r.roles)
    other = dataclasses.replace(first, id=f"{first.id}-other", regime="nowhere", roles={})  # no role declared
    card, index, as_of = inputs.card, inputs.index, inputs.as_of
    facts = _Facts(card, stored.facts, supported_answers(card, index, as_of))
    run = _Run(card, index, as_of, facts, stored.vocabulary, {})
    together = [f for r in (first, other) for f in run.findings(r)]
    alone = [_Run(card, index, as_of, facts, stored.vocabulary, {}).finding(q, r)
             for r in (first, other) for q in r.requirements]
    assert together == alone
    assert together[:len(first.requirements)] != together[len(first.requirements):]
