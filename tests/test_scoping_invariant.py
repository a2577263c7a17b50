"""Unanswered is not false: taking any scoping answer out of a card never turns a live finding not applicable.

Live statuses are met, gap, manual, attested, error and upcoming (and waived). For every card path the rulesets
read to decide applicability, one card that answers it (a case base card, or an example) is assessed with the
answer removed: no finding may move from a live status to not_applicable. Removing a field and setting it to
null read the same (both are unanswered); the card schema must accept null for every such field, which the
second test checks.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from compliance.cases import load_cases
from compliance.model import Status
from compliance.pipeline import Inputs, load_inputs
from compliance.predicates import is_unanswered, read_path
from compliance.quickcheck import is_valid
from compliance.resources import schema
from compliance.rulesets import Catalog, load_catalog
from compliance.scope import questions_asked

from .conftest import ROOT

EXAMPLES = {ROOT / "examples" / "medtriage" / "card.yaml": "2028-09-01",
            ROOT / "examples" / "companion" / "card.yaml": "2026-12-10"}


def _cards(catalog: Catalog) -> dict[Path, tuple[str, tuple[str, ...]]]:
    """Every case base card (with its ruleset and a case date) and the examples (all rulesets)."""
    cards: dict[Path, tuple[str, tuple[str, ...]]] = {}
    for ruleset in catalog.rulesets:
        for case in load_cases(ruleset):
            cards.setdefault(case.base, (case.as_of, (ruleset.id,)))
    for path, as_of in EXAMPLES.items():
        cards[path] = (as_of, ())
    return cards


def _without(data: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The card data with the answer at `path` (the list itself for `a.*.b`) taken out; None if not answered."""
    concrete = path.split(".*", 1)[0]
    value, _ = read_path(data, concrete)
    if is_unanswered(value):
        return None
    changed = copy.deepcopy(data)
    node: Any = changed
    *parents, leaf = concrete.split(".")
    for part in parents:
        node = node[part]
    del node[leaf]
    return changed


def _plan() -> Iterator[tuple[Path, str, tuple[str, ...], str]]:
    """One (card, as_of, rulesets, path) per scoping path, round-robin over the cards that answer it."""
    catalog = load_catalog()
    cards = _cards(catalog)
    asked = questions_asked(catalog.rulesets, catalog.facts)
    data = {card: load_inputs(card, rulesets, as_of, catalog).card.data for card, (as_of, rulesets) in cards.items()}
    for number, path in enumerate(sorted(asked)):
        answering = [card for card in cards if _without(dict(data[card]), path) is not None]
        if answering:
            card = answering[number % len(answering)]
            yield card, cards[card][0], cards[card][1], path


PLAN = list(_plan())


def _assess(inputs: Inputs, data: dict[str, Any]) -> dict[str, Status]:
    return {f.id: f.status for f in replace(inputs, card=replace(inputs.card, data=data)).assess().findings}


@pytest.mark.parametrize(("card", "as_of", "rulesets", "path"), PLAN,
                         ids=[f"{c.parent.name}/{c.stem}:{p}" for c, _, _, p in PLAN])
def test_removing_an_answer_never_makes_a_live_finding_not_applicable(card: Path, as_of: str, rulesets: tuple[str, ...],
                                                                      path: str) -> None:
    inputs = load_inputs(card, rulesets, as_of)
    before = _assess(inputs, dict(inputs.card.data))
    changed = _without(dict(inputs.card.data), path)
    assert changed is not None
    after = _assess(inputs, changed)
    lost = sorted(rid for rid, status in before.items()
                  if status is not Status.NOT_APPLICABLE and after[rid] is Status.NOT_APPLICABLE)
    assert not lost, f"removing {path} from {card.name} made {', '.join(lost)} not applicable"


def test_the_plan_covers_every_answerable_scoping_path() -> None:
    catalog = load_catalog()
    covered = {path for _, _, _, path in PLAN}
    asked = set(questions_asked(catalog.rulesets, catalog.facts))
    assert len(covered) > 90
    # a path no card answers cannot be removed; list them so that a new field gets an example answer
    unanswered_everywhere = sorted(asked - covered)
    assert len(unanswered_everywhere) < len(asked) // 4, unanswered_everywhere


def test_null_is_accepted_wherever_an_answer_can_be_left_out() -> None:
    """Every optional scoping field may be written as null (the same as leaving it out)."""
    catalog = load_catalog()
    card_schema = schema("card")
    required = {"card_version", "system", "organisation", "deployment", "system.name", "system.intended_purpose",
                "organisation.name", "organisation.roles"}
    base = load_inputs(ROOT / "examples" / "medtriage" / "card.yaml", (), "2028-09-01", catalog).card.data
    refused: set[str] = set()
    for path in sorted(questions_asked(catalog.rulesets, catalog.facts)):
        concrete = path.split(".*", 1)[0]
        if concrete in required or "." not in concrete:
            continue
        data = copy.deepcopy(dict(base))
        node: Any = data
        *parents, leaf = concrete.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = None
        if not is_valid(data, card_schema):
            refused.add(concrete)
    assert not refused, f"null refused for: {', '.join(sorted(refused))}"
