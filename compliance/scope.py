"""`compliance scope`: every scoping question the rulesets ask, the card's answer and where it came from,
the requirements each decides and waits on, and how many would change status if the answer flipped.

A scoping question is a card field read by what decides whether a requirement applies to the card:
roles, `applies_when`, the conditions that pick application dates, and the facts these use.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .model import Assessment, Fact, Predicate, Requirement, Ruleset, Status
from .pipeline import Inputs
from .predicates import is_unanswered, leaves, read_path

_INDEX = re.compile(r"\.\d+(?=\.|$)")
SOURCE_CARD, SOURCE_IMPORT, SOURCE_PLACEHOLDER, SOURCE_UNANSWERED = "card", "import", "placeholder", "unanswered"


@dataclass(frozen=True)
class ScopeQuestion:
    """One scoping question as a compliance officer reviews it."""

    path: str  # a card path; `*` stands for every entry of a list
    answer: Any
    source: str  # card | import | placeholder | unanswered
    note: str  # the comment on the card line (an import names its file and field there)
    line: int | None
    claim: bool  # an answer here can switch obligations off: it counts only with a supporting assessment
    decides: tuple[str, ...]  # requirements whose applicability reads it
    waiting: tuple[str, ...]  # requirements left manual (or undecided) until it is answered or supported
    changes: int | None  # requirements whose status changes if the answer flips (true↔false) or is removed

    @property
    def answered(self) -> bool:
        return self.source not in (SOURCE_UNANSWERED,)

    @property
    def state(self) -> str:
        """open: unanswered and something waits on it; not_claimed: an exemption nobody claims (the obligations
        apply); moot: unanswered, but the card's other answers already decide everything it could; answered."""
        if self.answered:
            return "answered"
        if self.waiting:
            return "open"
        return "not_claimed" if self.claim else "moot"


def pattern(path: str) -> str:
    """A concrete path with list indexes as `*`: data.cross_border.0.subjects → data.cross_border.*.subjects."""
    return _INDEX.sub(".*", path)


def _fact_predicates(fact: Fact) -> Iterator[Predicate]:
    if fact.when is not None:
        yield fact.when
    for case in fact.cases:
        yield case.when
    if fact.sum is not None:
        yield {"path": f"{fact.sum.over}.*.{fact.sum.value}"}
        if fact.sum.where is not None:
            yield {"some": fact.sum.over, "where": fact.sum.where}


def _requirement_predicates(requirement: Requirement, ruleset: Ruleset) -> Iterator[Predicate]:
    for role in requirement.applies_to:
        definition = ruleset.roles.get(role)
        yield definition.when if definition else {"path": f"organisation.roles.{ruleset.regime}"}
    if requirement.applies_when is not None:
        yield requirement.applies_when
    for case in requirement.effective.cases:
        yield case.condition


def questions_asked(rulesets: Iterable[Ruleset], facts: Mapping[str, Fact]) -> dict[str, tuple[set[str], bool]]:
    """Every scoping path → (the requirement ids it helps decide, whether it is read as a claim)."""
    paths: dict[str, tuple[set[str], bool]] = {}
    seen_facts: dict[str, list[tuple[str, bool]]] = {}

    def of_predicate(predicate: Predicate) -> list[tuple[str, bool]]:
        found: list[tuple[str, bool]] = []
        for leaf in leaves(predicate):
            if "path" in leaf:
                found.append((leaf["path"], False))
            elif "claim" in leaf:
                found.append((leaf["claim"], True))
            elif "fact" in leaf and leaf["fact"] in facts:
                found.extend(of_fact(leaf["fact"]))
        return found

    def of_fact(fact_id: str) -> list[tuple[str, bool]]:
        if fact_id not in seen_facts:
            seen_facts[fact_id] = []  # a cycle is impossible (the loader refuses them); this guards recursion
            seen_facts[fact_id] = [p for predicate in _fact_predicates(facts[fact_id]) for p in of_predicate(predicate)]
        return seen_facts[fact_id]

    for ruleset in rulesets:
        for requirement in ruleset.requirements:
            for predicate in _requirement_predicates(requirement, ruleset):
                for path, claim in of_predicate(predicate):
                    path = path.removesuffix(".*")   # the entries of a list are asked as the list
                    ids, was_claim = paths.get(path, (set(), False))
                    ids.add(requirement.id)
                    paths[path] = (ids, was_claim or claim)
    return paths


def _source(inputs: Inputs, path: str, value: Any) -> tuple[str, str, int | None]:
    concrete = path.split(".*", 1)[0]
    line = inputs.card.line_of(concrete)
    if is_unanswered(value) or line is None:
        return SOURCE_UNANSWERED, "", line
    text = inputs.card.source.splitlines()[line - 1] if line - 1 < len(inputs.card.source.splitlines()) else ""
    note = text.split(" #", 1)[1].strip() if " #" in text else ""
    if "to be confirmed" in note:
        return SOURCE_PLACEHOLDER, note, line
    return (SOURCE_IMPORT if note.startswith("from ") else SOURCE_CARD), note, line


def _status_changes(inputs: Inputs, base: Assessment, path: str, value: Any) -> int | None:
    """How many findings change status when the answer at `path` flips (booleans) or is removed (others)."""
    if "*" in path or is_unanswered(value):
        return None
    data = copy.deepcopy(dict(inputs.card.data))
    node: Any = data
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    if not isinstance(node, dict):
        return None
    node[leaf] = (not value) if isinstance(value, bool) else None
    changed = replace(inputs, card=replace(inputs.card, data=data)).assess()
    before = {f.id: f.status for f in base.findings}
    return sum(before.get(f.id) != f.status for f in changed.findings)


def scope_questions(inputs: Inputs, assessment: Assessment, impact: bool = True) -> tuple[ScopeQuestion, ...]:
    """Every scoping question of the selected rulesets for this card, unanswered ones first."""
    asked = questions_asked(inputs.rulesets, inputs.catalog.facts)
    live = {f.id for f in assessment.findings if f.status is not Status.NOT_APPLICABLE}
    waiting: dict[str, set[str]] = defaultdict(set)
    for finding in assessment.findings:
        for question in finding.questions:
            waiting[pattern(question.path)].add(finding.id)
            waiting[question.path].add(finding.id)
    result = []
    for path, (ids, claim) in asked.items():
        value, _ = read_path(inputs.card.data, path)
        if "*" in path:
            value = [v for v in value if not is_unanswered(v)] if isinstance(value, list) else None
            base_value, _ = read_path(inputs.card.data, path.split(".*", 1)[0])
            if is_unanswered(base_value):
                value = None
        source, note, line = _source(inputs, path, value)
        waits = tuple(sorted(waiting.get(path, set()) | waiting.get(pattern(path), set())))
        changes = _status_changes(inputs, assessment, path, value) if impact else None
        result.append(ScopeQuestion(path, value, source, note, line, claim, tuple(sorted(ids & live or ids)),
                                    waits, changes))
    order = {"open": 0, "answered": 1, "not_claimed": 2, "moot": 3}
    return tuple(sorted(result, key=lambda q: (order[q.state], -len(q.waiting), -(q.changes or 0), q.path)))
