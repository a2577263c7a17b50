"""`compliance todo CARD`: the evidence work plan — what to write or fix, grouped by evidence kind.

Each item is one evidence kind (or a set of interchangeable kinds) that open findings need: the
requirements it would satisfy, the sections, fields, freshness and metrics they ask of it, what is wrong
with what the card lists today, the worst severity and the earliest application date. Items are ordered by
how many requirements they unlock (requirements that become met once the item alone is done), then by
severity and date; items only for requirements not yet in force follow, with their date. Card answers that
fail a check and requirements waiting for a human confirmation are listed after the evidence.

Scoping questions the card leaves open come first: until they are answered nobody knows whether the
requirements that wait on them apply, so those requirements get no evidence item (writing a document for
an obligation that may not exist is wasted work) — the plan asks the question instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .engine import evidence_check
from .model import SEVERITIES, EvidenceCheck, Finding, Reason, Status
from .pipeline import Inputs
from .report.locale import show
from .resources import schema

PLANNED = (Status.GAP, Status.ERROR, Status.UPCOMING)
UNDECIDED = ("scope.unanswered", "scope.claim_unsupported")   # reasons of a finding whose applicability is open


@dataclass(frozen=True)
class Need:
    """One evidence check of one requirement that is not satisfied yet."""

    finding: Finding
    check: EvidenceCheck
    reasons: tuple[Reason, ...]


@dataclass
class WorkItem:
    kinds: tuple[str, ...]
    needs: list[Need] = field(default_factory=list)
    unlocks: list[str] = field(default_factory=list)

    @property
    def requirements(self) -> list[Finding]:
        return list({n.finding.id: n.finding for n in self.needs}.values())

    @property
    def severity(self) -> str:
        return min((f.requirement.severity for f in self.requirements), key=SEVERITIES.index)

    @property
    def applies_from(self) -> str:
        return min(f.effective.applies_from for f in self.requirements)

    @property
    def in_force(self) -> bool:
        return any(f.status is not Status.UPCOMING for f in self.requirements)

    @property
    def measures(self) -> list[str]:
        return list(dict.fromkeys(n.check.measure for n in self.needs if n.check.measure))

    @property
    def max_age_days(self) -> int | None:
        return min((n.check.max_age_days for n in self.needs if n.check.max_age_days), default=None)

    @property
    def checks(self) -> list[EvidenceCheck]:
        return [n.check for n in self.needs]

    @property
    def problems(self) -> list[Reason]:
        """What is wrong with the entries listed today (each reason once)."""
        seen: dict[tuple[str, str], Reason] = {}
        for need in self.needs:
            for reason in need.reasons:
                seen.setdefault((reason.code, repr(sorted(reason.params.items()))), reason)
        return list(seen.values())


@dataclass(frozen=True)
class CardAnswer:
    """A card field a failing field check reads, with what the card schema allows there."""

    path: str
    allowed: tuple[str, ...] = ()       # enum values (for a list: of its items); ("true", "false") for booleans
    is_list: bool = False
    country: bool = False               # EU or an ISO 3166-1 alpha-2 code
    fields: tuple[str, ...] = ()        # a list of objects: the fields of each entry


@dataclass(frozen=True)
class OpenQuestion:
    """A scoping question the card leaves open, with the requirements that wait on it."""

    answer: CardAnswer
    claim: bool  # answered with an exemption no assessment supports yet
    waiting: tuple[str, ...]


@dataclass(frozen=True)
class WorkPlan:
    system: str
    card: str
    as_of: str
    items: tuple[WorkItem, ...]
    card_answers: tuple[Finding, ...] = ()     # gaps from card fields (answers or design changes)
    answers: Mapping[str, tuple[CardAnswer, ...]] = field(default_factory=dict)   # per requirement id
    to_confirm: tuple[Finding, ...] = ()       # manual requirements waiting for an attestation
    questions: tuple[OpenQuestion, ...] = ()   # scoping questions to answer first

    @property
    def open_requirements(self) -> int:
        return len({f.id for item in self.items for f in item.requirements} | {f.id for f in self.card_answers})


def _paths(predicate: Any) -> list[str]:
    if isinstance(predicate, dict):
        found = [predicate["path"]] if isinstance(predicate.get("path"), str) else []
        return found + [p for value in predicate.values() for p in _paths(value)]
    if isinstance(predicate, list):
        return [p for item in predicate for p in _paths(item)]
    return []


def _resolve(node: Any, root: Mapping[str, Any]) -> Any:
    """A schema node with its `$ref` followed and a nullable `anyOf` reduced to its non-null branch."""
    if not isinstance(node, dict):
        return {}
    if "$ref" in node:
        target: Any = root
        for key in node["$ref"].removeprefix("#/").split("/"):
            target = target.get(key, {})
        return _resolve({**target, **{k: v for k, v in node.items() if k != "$ref"}}, root)
    branches = [b for b in node.get("anyOf", ()) if b.get("type") != "null"]
    return _resolve(branches[0], root) if len(branches) == 1 else node


def card_answer(path: str) -> CardAnswer:
    """What the card schema says a field may hold (null and "unknown", which leave it unanswered, aside)."""
    root: Any = schema("card")
    node: Any = root
    for key in path.split("."):
        node = _resolve(node, root)
        node = node.get("items", {}) if key == "*" else node.get("properties", {}).get(key, {})
    node = _resolve(node, root)
    types = node.get("type", ())
    is_list = "array" in ([types] if isinstance(types, str) else types)
    values = [v for v in _resolve(node.get("items", {}), root).get("enum", ()) if v is not None] if is_list \
        else [v for v in node.get("enum", ()) if v is not None and v != "unknown"]
    if "boolean" in ([types] if isinstance(types, str) else types):
        values = [True, False]
    pattern = str((_resolve(node.get("items", {}), root) if is_list else node).get("pattern", ""))
    entry_fields = tuple(_resolve(node.get("items", {}), root).get("properties", {})) if is_list else ()
    return CardAnswer(path, tuple(show(v) for v in values), is_list, country="EU|" in pattern, fields=entry_fields)


def _undecided(finding: Finding) -> bool:
    """Whether the finding's applicability waits on an open scoping question."""
    return any(r.code in UNDECIDED for r in finding.reasons)


def _open_questions(findings: Sequence[Finding]) -> tuple[OpenQuestion, ...]:
    """The open scoping questions of undecided findings, those most requirements wait on first."""
    waiting: dict[tuple[str, bool], set[str]] = {}
    for finding in findings:
        if _undecided(finding):
            for question in finding.questions:
                waiting.setdefault((question.path, question.claim), set()).add(finding.id)
    ordered = sorted(waiting.items(), key=lambda item: (-len(item[1]), item[0][0]))
    return tuple(OpenQuestion(card_answer(path), claim, tuple(sorted(ids))) for (path, claim), ids in ordered)


def _answers(finding: Finding) -> tuple[CardAnswer, ...]:
    messages = [r.params.get("message") for r in finding.reasons if r.code.startswith("field.")]
    checks = [c for c in finding.requirement.check.fields if c.message.as_json() in messages] \
        or list(finding.requirement.check.fields)
    return tuple(card_answer(p) for p in dict.fromkeys(p for c in checks for p in _paths(c.when)))


def _order(item: WorkItem) -> tuple[int, int, int, str, str]:
    return (0 if item.in_force else 1, -len(item.unlocks), SEVERITIES.index(item.severity), item.applies_from,
            ",".join(item.kinds))


def work_plan(inputs: Inputs, findings: Sequence[Finding]) -> WorkPlan:
    """The plan for a card: every unsatisfied evidence check of a planned finding, grouped by kind."""
    vocabulary = inputs.catalog.vocabulary
    items: dict[tuple[str, ...], WorkItem] = {}
    open_keys: dict[str, set[tuple[str, ...]]] = {}
    card_answers: list[Finding] = []
    for finding in findings:
        if finding.status not in PLANNED or _undecided(finding):
            continue
        keys: set[tuple[str, ...]] = set()
        for check in finding.requirement.check.evidence:
            satisfied, reasons = evidence_check(check, inputs.card, inputs.index, inputs.as_of, vocabulary)
            if satisfied:
                continue
            key = check.kinds or ("*",)
            items.setdefault(key, WorkItem(key)).needs.append(Need(finding, check, reasons))
            keys.add(key)
        fields_fail = any(r.code.startswith("field.") for r in finding.reasons)
        if fields_fail and finding.status is not Status.UPCOMING:
            card_answers.append(finding)
        if keys and not fields_fail:
            open_keys[finding.id] = keys
    for requirement, keys in open_keys.items():
        if len(keys) == 1:
            items[next(iter(keys))].unlocks.append(requirement)
    to_confirm = tuple(f for f in findings if f.status is Status.MANUAL and not _undecided(f))
    card = inputs.card
    return WorkPlan(str(card.data.get("system", {}).get("name", "")), str(card.path), inputs.as_of,
                    tuple(sorted(items.values(), key=_order)), tuple(card_answers),
                    answers={f.id: _answers(f) for f in card_answers}, to_confirm=to_confirm,
                    questions=_open_questions(findings))
