"""Evaluate requirements against a card, its evidence and the derived facts, as of a date (DESIGN §6)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from . import __version__
from .catalog import Catalog
from .documents import Need, assess_section
from .evidence import EvidenceFile, EvidenceIndex
from .metric_checks import ERROR_CODES, carries, entry_problems
from .model import (
    Assessment,
    Attestation,
    Card,
    ContentNeed,
    Effective,
    EffectiveDates,
    EvidenceCheck,
    EvidenceEntry,
    EvidenceUse,
    Fact,
    FactValue,
    FieldRead,
    Finding,
    Notice,
    Question,
    Reason,
    Requirement,
    Ruleset,
    RulesetInfo,
    Status,
    ThresholdSetting,
    Vocabulary,
    Waiver,
)
from .predicates import Condition, Node, Outcome, environment, evaluate, is_unanswered, kleene_any, node, read_path
from .records import record

if TYPE_CHECKING:  # only a batch makes one (`portfolio`): a check does not import it
    from .shared_outcomes import SharedOutcomes

# The statuses, read once: an enum member read from its class goes through the enum metaclass's attribute hook
# in Python 3.11 (~0.3 us a read, five times a module global), and the engine names one or two per finding.
_NOT_APPLICABLE = Status.NOT_APPLICABLE
_UPCOMING = Status.UPCOMING
_WAIVED = Status.WAIVED
_MANUAL = Status.MANUAL
_ERROR = Status.ERROR
_GAP = Status.GAP
_MET = Status.MET
_ATTESTED = Status.ATTESTED


def _days_between(earlier: str, later: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def _condition_reason(code: str, condition: Condition) -> Reason:
    return Reason(code, {"condition": condition.param()})


SUPPORT_KINDS = ("scope-memo", "mdr-classification-memo")


def supported_answers(card: Card, index: EvidenceIndex, as_of: str) -> frozenset[str]:
    """The card answers backed by a usable scope or qualification assessment (its `supports:` paths)."""
    backed: set[str] = set()
    for entry in card.evidence:
        file = index[entry.id]
        if entry.kind in SUPPORT_KINDS and file.exists and not file.tampered and not file.unreadable \
                and entry.date <= as_of and (entry.valid_until is None or entry.valid_until >= as_of):
            backed.update(entry.supports)
    return frozenset(backed)


_NOTHING_KEPT: dict[int, Any] = {}  # the kept objects of `_Facts` without a memo (never looked up then)


class _Facts:
    """Derived facts, computed on first use and remembered with their reasons. A plain class, never compared or
    shown: as a dataclass, its `__init__` was compiled from text on every run (~0.3 ms)."""

    def __init__(self, card: Card, catalog_facts: Mapping[str, Fact], supported: frozenset[str] = frozenset(),
                 shared: SharedOutcomes | None = None) -> None:
        self.card = card
        self.data = card.data
        self._shared = shared  # a batch's outcomes and fact values of earlier cards (`shared_outcomes`), and its
        self._find: Callable[[Hashable], Any] | None = None if shared is None else shared.outcomes.get  # lookups,
        self._kept = (_NOTHING_KEPT if shared is None else shared.kept).get  # bound once
        self.catalog_facts = catalog_facts
        self.supported = supported
        self.values: dict[str, FactValue] = {}
        self._active: set[str] = set()
        self._outcomes: dict[Node, Outcome] = {}
        self._lines: dict[str, int | None] = {}
        self.roles: dict[tuple[str, tuple[str, ...]], _Role] = {}
        self._env: Any = environment(card.data, self.value, self.line_of, self.questions, supported.__contains__,
                                     self.evaluated)
        self._sums = sum_facts(catalog_facts)

    def value(self, fact_id: str) -> Any:
        return self.get(fact_id).value

    def release(self) -> None:
        """Drop the evaluation environment, which refers back to these facts through its lookups: without
        the cycle, a card's outcomes are freed as soon as its assessment is made, not by a later collection
        (a batch assesses cards with the cycle collector off)."""
        self._env = None
        self._outcomes.clear()

    def outcome(self, predicate: Mapping[str, Any]) -> Outcome:
        """Evaluate once per card: the same role or date condition is asked by many requirements (named
        conditions and schedules expand into copies, which a cached catalog holds as one object), so each
        predicate's node is evaluated once."""
        prepared = node(predicate)
        return self._outcomes.get(prepared) or self.evaluated(prepared)  # an outcome is never false

    def evaluated(self, prepared: Node) -> Outcome:
        """`outcome` of a prepared predicate (how nested predicates are asked for)."""
        result = self._outcomes.get(prepared)
        if result is None:
            find = self._find
            key = None if find is None else prepared.shared_key(self)
            if key is not None:
                kept: Outcome | None = find(key)  # type: ignore[misc]  # key is None without a memo
                if kept is not None:
                    self._outcomes[prepared] = kept
                    return kept
            result = prepared.run(self._env)
            if self._sums and not self._sums.isdisjoint(result.facts):  # a condition on a fact names it here
                key = None  # the arithmetic of this card's totals: never shared (nor is a sum fact's value)
                summed: list[Condition] | None = None
                for index, condition in enumerate(result.conditions):
                    detail = self._with_sums(condition.detail)
                    if detail is not condition.detail:
                        summed = summed or list(result.conditions)
                        summed[index] = Condition(condition.holds, condition.negated, detail)
                if summed is not None:
                    result = Outcome(result.holds, tuple(summed), result.reads, result.facts, result.questions)
            if key is not None:
                self._shared.keep(key, result)  # type: ignore[union-attr]
            self._outcomes[prepared] = result
        return result

    def questions(self, fact_id: str) -> tuple[Question, ...]:
        return self.get(fact_id).questions

    def fact_token(self, fact_id: str) -> int | None:
        """The token of a fact's value when the batch keeps it (`SharedOutcomes.token`); only asked with a memo."""
        value = self.get(fact_id)
        return id(value) if self._kept(id(value)) is value else None

    def outcome_tokens(self, operands: tuple[Node, ...]) -> tuple[int, ...] | None:
        """The tokens of the operands' outcomes, evaluated in order; None once one is not kept."""
        kept = self._kept
        tokens: list[int] = []
        for operand in operands:
            outcome = self.evaluated(operand)
            if kept(id(outcome)) is not outcome:
                return None
            tokens.append(id(outcome))
        return tuple(tokens)

    def _with_sums(self, detail: Mapping[str, Any]) -> Mapping[str, Any]:
        """A condition on a sum fact carries the arithmetic of the total, so reasons show how it was reached
        (the same object when nothing is added)."""
        if "parts" in detail:
            parts = [self._with_sums(part) for part in detail["parts"]]
            if all(new is old for new, old in zip(parts, detail["parts"], strict=True)):
                return detail
            return {**detail, "parts": parts}
        fact = self.catalog_facts.get(detail.get("fact", ""))
        if fact is None or fact.sum is None:
            return detail
        reason = self.get(fact.id).reasons[0]
        if reason.code != "fact.sum":
            return detail
        return {**detail, "addends": reason.params["addends"], "total": reason.params["total"]}

    def line_of(self, dotted: str) -> int | None:
        """The card line of a path, looked up once per card."""
        if dotted not in self._lines:
            self._lines[dotted] = self.card.line_of(dotted)
        return self._lines[dotted]

    def get(self, fact_id: str) -> FactValue:
        if fact_id not in self.values:
            if fact_id in self._active:
                raise RuntimeError(f"fact cycle through {fact_id}")  # the loader rejects cycles
            self._active.add(fact_id)
            self.values[fact_id] = self._compute(self.catalog_facts[fact_id])
            self._active.discard(fact_id)
        return self.values[fact_id]

    def _compute(self, fact: Fact) -> FactValue:
        if fact.sum is not None and fact.when is None:
            return self._sum(fact)
        outcomes = self._case_outcomes(fact)
        shared = self._shared
        if shared is None:
            return self._fact_value(fact, outcomes)
        tokens = [shared.token(o) for o in outcomes]
        if None in tokens:
            return self._fact_value(fact, outcomes)
        key = ("fact", shared.anchor(fact), *tokens)  # made from kept outcomes: one value for them in a batch
        found: FactValue | None = shared.outcomes.get(key)
        return found if found is not None else shared.keep(key, self._fact_value(fact, outcomes))

    def _case_outcomes(self, fact: Fact) -> list[Outcome]:
        """The outcomes a fact's value is made from: its condition's, or its cases' to the first that holds or may."""
        if fact.when is not None:
            return [self.outcome(fact.when)]
        outcomes: list[Outcome] = []
        for case in fact.cases:
            outcome = self.outcome(case.when)
            outcomes.append(outcome)
            if outcome.holds is None or outcome.holds:
                break
        return outcomes

    def _fact_value(self, fact: Fact, outcomes: list[Outcome]) -> FactValue:
        """A fact's value from the outcomes of `_case_outcomes`."""
        reads: list[FieldRead] = []
        if fact.when is not None:
            outcome = outcomes[0]
            reasons = tuple(_condition_reason("fact.condition", c) for c in outcome.conditions)
            return FactValue(fact.id, fact.ruleset, fact.title, fact.citation, outcome.holds,
                             reasons, fact.interpretation, outcome.reads, outcome.questions)
        for case, outcome in zip(fact.cases, outcomes, strict=False):
            reads.extend(outcome.reads)
            if outcome.holds is None:  # this case may apply: the value is unknown until it is answered
                reasons = tuple(_condition_reason("fact.condition", c) for c in outcome.conditions)
                return FactValue(fact.id, fact.ruleset, fact.title, fact.citation, None, reasons,
                                 fact.interpretation, tuple(reads), outcome.questions)
            if outcome.holds:
                reasons = tuple(_condition_reason("fact.condition", c) for c in outcome.conditions)
                if case.because:
                    reasons = (Reason("fact.because", {"text": case.because.as_json()}), *reasons)
                return FactValue(fact.id, fact.ruleset, fact.title, case.citation or fact.citation,
                                 case.value, reasons, fact.interpretation, tuple(reads))
        return FactValue(fact.id, fact.ruleset, fact.title, fact.citation, fact.default,
                         (Reason("fact.default", {"value": fact.default}),), fact.interpretation, tuple(reads))

    def _entry_lines(self, prefix: str) -> Callable[[str], int | None]:
        return lambda path: self.line_of(f"{prefix}.{path}")

    def _sum(self, fact: Fact) -> FactValue:
        """The total over the matching list entries, with the arithmetic; None when an addend is missing."""
        assert fact.sum is not None
        total_spec = fact.sum
        items, _ = read_path(self.card.data, total_spec.over)
        entries = items if isinstance(items, list) else []
        addends: list[dict[str, Any]] = []
        missing: list[str] = [total_spec.over] if is_unanswered(items) else []
        reads: list[FieldRead] = [FieldRead(total_spec.over, items, self.line_of(total_spec.over))]
        for index, entry in enumerate(entries):
            prefix = f"{total_spec.over}.{index}"
            if total_spec.where is not None:
                data = entry if isinstance(entry, Mapping) else {}
                outcome = evaluate(total_spec.where, data, self.value, self._entry_lines(prefix), self.questions)
                if outcome.holds is False:
                    continue
                if outcome.holds is None:  # cannot tell whether this entry counts
                    missing.extend(q.path if q.path.startswith(prefix) else f"{prefix}.{q.path}"
                                   for q in outcome.questions)
                    continue
            value, _ = read_path(entry, total_spec.value) if isinstance(entry, Mapping) else (None, [])
            path = f"{prefix}.{total_spec.value}"
            reads.append(FieldRead(path, value, self.line_of(path)))
            if isinstance(value, int | float) and not isinstance(value, bool):
                addends.append({"entry": prefix, "value": value})
            else:
                missing.append(path)
        if missing:
            reason = Reason("fact.sum_unknown", {"missing": missing, "addends": addends})
            return FactValue(fact.id, fact.ruleset, fact.title, fact.citation, None, (reason,),
                             fact.interpretation, tuple(reads), tuple(Question(p) for p in missing))
        total = sum(a["value"] for a in addends)
        reason = Reason("fact.sum", {"addends": addends, "total": total})
        return FactValue(fact.id, fact.ruleset, fact.title, fact.citation, total, (reason,),
                         fact.interpretation, tuple(reads))


@cache
def _declared_role(path: str, role: str) -> Mapping[str, Any]:
    """The predicate of a role the ruleset does not define (one object a role, so its outcome is remembered)."""
    return {"path": path, "op": "contains", "value": role}


_SUM_FACTS: dict[int, tuple[Mapping[str, Fact], frozenset[str]]] = {}


def sum_facts(facts: Mapping[str, Fact]) -> frozenset[str]:
    """The facts of a catalog that total list entries (their conditions carry the arithmetic), worked out
    once per catalog in a process."""
    found = _SUM_FACTS.get(id(facts))
    if found is None or found[0] is not facts:
        found = _SUM_FACTS[id(facts)] = (facts, frozenset(f.id for f in facts.values() if f.sum is not None))
    return found[1]


@record
class _Role:
    """Whether the actor holds one of a requirement's roles, the card fields read to decide it, its conditions
    still unknown (which leave a requirement in scope undecided) and, when it does not, why the requirement is
    not applicable with those fields unique and in path order."""

    outcome: Outcome
    reads: tuple[FieldRead, ...]
    unknown: tuple[Condition, ...]
    not_held: tuple[Reason, ...] = ()
    fields: tuple[FieldRead, ...] = ()


def _holds_role(requirement: Requirement, ruleset: Ruleset, facts: _Facts) -> _Role:
    """Whether the actor holds one of the requirement's roles: a role the ruleset defines by a predicate
    (conduct, or the declaration) decides by it; any other role by the card's declared list. An absent
    declared list is an unanswered question, not a "no". Worked out once per ruleset and roles for a card
    (most requirements of a ruleset name the same roles; 153 of a portfolio card's 355 findings are
    addressed to roles it does not hold)."""
    key = (ruleset.id, requirement.applies_to)
    found = facts.roles.get(key)
    if found is None:
        outcome, reads = _decide_role(requirement, ruleset, facts)
        unknown = tuple([c for c in outcome.conditions if c.holds is None])
        if outcome.holds is False:
            found = _Role(outcome, tuple(reads), unknown, _not_held(requirement, ruleset, facts.card), _unique(reads))
        else:
            found = _Role(outcome, tuple(reads), unknown)
        facts.roles[key] = found
    return found


def _not_held(requirement: Requirement, ruleset: Ruleset, card: Card) -> tuple[Reason, ...]:
    declared = card.data.get("organisation", {}).get("roles", {}).get(ruleset.regime, [])
    instrument = ruleset.instrument.short_name or ruleset.title
    return (Reason("role.not_held", {"roles": list(requirement.applies_to), "regime": ruleset.regime,
                                     "declared": declared, "instrument": instrument.as_json()}),)


def _decide_role(requirement: Requirement, ruleset: Ruleset, facts: _Facts) -> tuple[Outcome, list[FieldRead]]:
    if not requirement.applies_to:  # binds whoever is in scope: no role is read (a practice profile has none)
        return Outcome(True, (), (), ()), []
    path = f"organisation.roles.{ruleset.regime}"
    reads = [FieldRead(path, facts.card.data.get("organisation", {}).get("roles", {}).get(ruleset.regime),
                       facts.line_of(path))]
    outcomes: list[Outcome] = []
    for role in requirement.applies_to:
        definition = ruleset.roles.get(role)
        predicate = definition.when if definition else _declared_role(path, role)
        outcome = facts.outcome(predicate)
        reads.extend(outcome.reads)
        outcomes.append(outcome)
        if outcome.holds:
            return outcome, reads
    holds = kleene_any(o.holds for o in outcomes)
    questions = tuple(q for o in outcomes for q in o.questions) if holds is None else ()
    return Outcome(holds, tuple(c for o in outcomes for c in o.conditions), (), (), questions), reads


_DATES: dict[tuple[int, int, str, tuple[bool | None, ...]],
             tuple[Effective, Ruleset, EffectiveDates, int | None]] = {}


def effective_dates(requirement: Requirement, ruleset: Ruleset, facts: _Facts,
                    as_of: str) -> tuple[EffectiveDates, Outcome | None]:
    """The application dates of a requirement for this card, the one that applies as of `as_of`, and the
    outcome of the date case that chose them (None for the default dates).

    A date case that holds picks its dates; one that is unknown (an unanswered question) may: the earliest
    such date applies if it is earlier than the default, else the default does, and the outcome then names
    the questions that could move it. Which dates follow from which cases hold is worked out once per
    block of dates, ruleset, date and pattern of case outcomes in a process, and the same dates are one
    object (383 requirements of the catalog share 52 blocks; a batch asks for every card; the block and the
    ruleset are kept, so their ids are never reused for others)."""
    effective = requirement.effective
    outcomes: list[Outcome] = []
    for case in effective.cases:
        outcome = facts.outcome(case.condition)
        outcomes.append(outcome)
        if outcome.holds:
            break
    holds = tuple([o.holds for o in outcomes]) if outcomes else ()
    key = (id(effective), id(ruleset), as_of, holds)
    known = _DATES.get(key)
    if known is None or known[0] is not effective or known[1] is not ruleset:
        known = _DATES[key] = (effective, ruleset, *_dates(effective, ruleset, as_of, holds))
    dates, chosen = known[2], known[3]
    if chosen is not None:
        return dates, outcomes[chosen]
    if not outcomes:
        return dates, None
    possible = [o for o in outcomes if o.holds is None]
    if not possible:
        return dates, None
    # the default date applies unless an open question picks a later one: say which
    return dates, Outcome(None, (), tuple(r for o in possible for r in o.reads), (),
                          tuple(q for o in possible for q in o.questions))


def _dates(effective: Effective, ruleset: Ruleset, as_of: str,
           holds: tuple[bool | None, ...]) -> tuple[EffectiveDates, int | None]:
    """The dates that apply when a requirement's date cases hold as `holds` says (up to the first that
    holds), and the index of the case that chose them (None for the default dates)."""
    if not holds:  # no date cases (most requirements): the default dates
        return EffectiveDates(effective.from_, effective.amended_from, effective.amended_by,
                              _start(effective, ruleset, as_of), effective.until, effective.note,
                              effective.interpretation, None), None
    cases = effective.cases
    chosen_case: int | None = next((i for i, held in enumerate(holds) if held), None)
    possible = [i for i, held in enumerate(holds) if held is None]  # an unanswered question may pick these
    if chosen_case is None and possible:
        earliest = min(possible, key=lambda i: _start(cases[i], ruleset, as_of))
        if _start(cases[earliest], ruleset, as_of) < _start(effective, ruleset, as_of):
            chosen_case = earliest
    chosen: Any = effective if chosen_case is None else cases[chosen_case]
    interpretation = chosen.interpretation or effective.interpretation
    return EffectiveDates(chosen.from_, chosen.amended_from, chosen.amended_by, _start(chosen, ruleset, as_of),
                          chosen.until, chosen.note, interpretation, chosen_case), chosen_case


def _start(block: Any, ruleset: Ruleset, as_of: str) -> str:
    """When a block of dates starts applying: its amended date once the amendment is in force by `as_of`."""
    if block.amended_from:
        amendment = ruleset.amendment(block.amended_by)
        if amendment is not None and amendment.in_force <= as_of:
            return str(block.amended_from)
    return str(block.from_)


@record
class _EvidenceResult:
    reasons: tuple[Reason, ...]
    uses: tuple[EvidenceUse, ...]
    satisfied: bool
    unreadable: bool


def _need(need: ContentNeed) -> Need:
    return Need.of(need.kind, need.values)


def _section_problems(file: EvidenceFile, check: EvidenceCheck, base: Mapping[str, str]) -> list[Reason]:
    """Each required section: present, with substantive text under it, and holding what its rule needs."""
    problems: list[Reason] = []
    assert file.document is not None
    rules = check.section_rules  # a section past the last rule needs nothing beyond substantive text
    for position, alternatives in enumerate(check.sections):
        wanted = rules[position].needs if position < len(rules) else ()
        needs = [_need(n) for n in wanted] if wanted else ()
        verdict = assess_section(file.document, alternatives, needs)
        if not verdict.found:
            problems.append(Reason("evidence.section_missing", {**base, "section": list(alternatives)}))
        elif wanted or not verdict.substantive:  # else nothing to say: most sections
            heading = {**base, "section": list(alternatives), "heading": verdict.heading}
            if not verdict.substantive:
                problems.append(Reason("evidence.section_empty", heading))
            for need, made in zip(wanted, needs, strict=True):
                if made in verdict.lacking:
                    problems.append(Reason("evidence.section_lacks", {**heading, "lacks": need.label.as_json()}))
    return problems


def _candidate_problems(file: EvidenceFile, check: EvidenceCheck, as_of: str,
                        settings: Mapping[str, ThresholdSetting]) -> tuple[list[Reason], bool]:
    entry = file.entry
    base = {"id": entry.id, "path": entry.path}
    if not file.exists:
        return [Reason("evidence.missing", base)], False
    if file.tampered:
        hashes = {"declared": entry.sha256 or "", "actual": file.sha256 or ""}
        return [Reason("evidence.tampered", {**base, **hashes})], False
    if file.unreadable:
        problem = {"code": file.unreadable.code, "params": dict(file.unreadable.params)}
        return [Reason("evidence.unreadable", {**base, "problem": problem})], True
    problems: list[Reason] = []
    if entry.date > as_of:
        problems.append(Reason("evidence.not_yet_produced", {**base, "date": entry.date}))
    if entry.valid_until and entry.valid_until < as_of:
        problems.append(Reason("evidence.expired", {**base, "valid_until": entry.valid_until}))
    if check.max_age_days and entry.date <= as_of and _days_between(entry.date, as_of) > check.max_age_days:
        problems.append(Reason("evidence.stale", {**base, "date": entry.date, "days": check.max_age_days}))
    if check.sections and file.document is None:
        return [*problems, Reason("evidence.sections_unreadable", {**base, "format": file.format})], True
    if check.sections:  # a file without readable text (a .jsonl report, an archive) is still checked for figures
        problems.extend(_section_problems(file, check, base))
    in_file = file.structured_metrics or {}
    for name, value in sorted(entry.metrics.items()):
        figure = in_file.get(name)
        if figure is not None and figure != value:
            problems.append(Reason("evidence.metric_mismatch", {**base, "metric": name, "card": value,
                                                                "file": figure}))
    if not check.metrics and not check.source:  # no provenance or figures to check (most checks)
        return problems, False
    found, figure_error = entry_problems(check, entry, dict(entry.metrics) or dict(in_file), settings, base)
    return [*problems, *found], figure_error


_NEWEST = attrgetter("date", "id")  # sorted by it in reverse: the newest entry first (by id on one date)


def _candidates(check: EvidenceCheck, card: Card) -> list[EvidenceEntry]:
    """The entries of the check's kinds (any kind when it names none) that its measure lists (when it names one),
    newest first (by id on one date)."""
    listed = card.measure_ids.get(check.measure, frozenset()) if check.measure else None
    pool = card.evidence if not check.kinds else [e for kind in dict.fromkeys(check.kinds)
                                                    for e in card.evidence_by_kind.get(kind, ())]
    candidates = [e for e in pool if listed is None or e.id in listed]
    candidates.sort(key=_NEWEST, reverse=True)
    return candidates


_Pools = dict[tuple[tuple[str, ...], str | None], list[EvidenceEntry]]


def _check_evidence(check: EvidenceCheck, card: Card, index: EvidenceIndex, as_of: str, vocabulary: Vocabulary,
                    pools: _Pools) -> _EvidenceResult:
    """Whether an entry (or every entry) satisfies the check. `pools` keeps the candidates of each kinds and measure
    for a card: half of the example's 183 checks ask for entries another check asked for (nothing changes them)."""
    key = (check.kinds, check.measure)
    candidates = pools.get(key)
    if candidates is None:
        candidates = pools[key] = _candidates(check, card)
    if not candidates:
        listed = card.measure_ids.get(check.measure, frozenset()) if check.measure else None
        named = {"kinds": [{"id": k, "title": vocabulary.kinds[k].title.as_json()} if k in vocabulary.kinds else k
                           for k in check.kinds]}
        if check.measure and not listed:
            reason = Reason("evidence.measure_undeclared", {"measure": check.measure, **named})
        elif check.measure:
            reason = Reason("evidence.none_in_measure", {"measure": check.measure, **named})
        else:
            reason = Reason("evidence.none", named)
        return _EvidenceResult((reason,), (), False, False)
    if check.entries == "every":
        return _every([(e, *_candidate_problems(index[e.id], check, as_of, card.thresholds))
                       for e in candidates], index)
    latest = _latest(candidates, index, check, as_of)
    assessed: list[tuple[EvidenceEntry, list[Reason], bool]] = []
    for entry in candidates if latest is None else (latest,):  # newest first, until one passes
        problems, unreadable = _candidate_problems(index[entry.id], check, as_of, card.thresholds)
        if not problems:
            file = index[entry.id]
            use = EvidenceUse(entry.id, entry.kind, entry.path, file.sha256, entry.date, True, entry.line)
            return _EvidenceResult((), (use,), True, False)
        assessed.append((entry, problems, unreadable))
    fewest = min(len(p) for _, p, _ in assessed)
    closest = [found for found in assessed if len(found[1]) == fewest][:MAX_LISTED]
    shown = assessed if len(assessed) <= MAX_LISTED else closest
    uses = tuple(EvidenceUse(e.id, e.kind, e.path, index[e.id].sha256, e.date, False, e.line) for e, _, _ in shown)
    reasons = tuple(r for _, p, _ in closest for r in p) + _more(len(assessed) - len(shown))
    return _EvidenceResult(reasons, uses, False, all(u for _, _, u in assessed))


# A finding lists the problems of at most this many failing evidence entries, then how many more there are:
# its size does not grow with the number of entries a card lists (1,000 failing entries made 10 MB of JSON).
MAX_LISTED = 3


def _more(count: int) -> tuple[Reason, ...]:
    return (Reason("evidence.more_failing", {"count": count}),) if count > 0 else ()


def evidence_check(check: EvidenceCheck, card: Card, index: EvidenceIndex, as_of: str,
                   vocabulary: Vocabulary) -> tuple[bool, tuple[Reason, ...]]:
    """Whether some evidence entry satisfies one evidence check, and if not, why (as a finding would say)."""
    result = _check_evidence(check, card, index, as_of, vocabulary, {})
    return result.satisfied, result.reasons


def _latest(candidates: list[EvidenceEntry], index: EvidenceIndex, check: EvidenceCheck,
            as_of: str) -> EvidenceEntry | None:
    """The newest entry (produced by the as-of date) holding the figures the check compares: a later run of
    an evaluation decides, an older passing run does not mask it, and the other entries' problems are not
    worked out. None when no entry holds them (or the check compares none)."""
    if not check.metrics:
        return None
    for entry in candidates:  # newest first
        metrics = dict(entry.metrics) or dict(index[entry.id].structured_metrics or {})
        if entry.date <= as_of and carries(check, metrics):
            return entry
    return None


def _every(assessed: list[tuple[EvidenceEntry, list[Reason], bool]], index: EvidenceIndex) -> _EvidenceResult:
    """Every entry of the kinds must pass: the problems of each one that does not."""
    failing = [(e, p, u) for e, p, u in assessed if p]
    listed = failing[:MAX_LISTED]
    shown = {e.id for e, _, _ in listed}
    uses = tuple(EvidenceUse(e.id, e.kind, e.path, index[e.id].sha256, e.date, not p, e.line)
                 for e, p, _ in assessed if not p or e.id in shown)
    reasons = tuple(r for _, p, _ in listed for r in p) + _more(len(failing) - len(listed))
    return _EvidenceResult(reasons, uses, not failing, bool(failing) and all(u for _, _, u in failing))


def _current(expires: str | None, since: str | None, as_of: str) -> bool:
    return (since is None or since <= as_of) and (expires is None or expires >= as_of)


def _current_waivers(card: Card, as_of: str) -> dict[str, Waiver]:
    """The first waiver (in card order) of each requirement that is current as of the date: worked out once per
    card, not by a pass over the waivers for each finding that gets that far (~200 of the example's)."""
    found: dict[str, Waiver] = {}
    for waiver in card.waivers:
        if _current(waiver.expires, waiver.date, as_of):
            found.setdefault(waiver.requirement, waiver)
    return found


_SCOPE_NUMBERS: dict[int, tuple[Ruleset, tuple[int, ...], int]] = {}


def _scope_numbers(ruleset: Ruleset) -> tuple[tuple[int, ...], int]:
    """The scope of each requirement of a ruleset, numbered from 0 in order, and how many: requirements with the same
    roles, block of dates and condition object have one scope, so one card's `_Run._scope` answers for all of them
    (in a cached catalog, where equal conditions and dates are one object). Worked out once per ruleset in a process,
    the ruleset kept (its id is never another's; its requirements, their dates and conditions never change)."""
    found = _SCOPE_NUMBERS.get(id(ruleset))
    if found is None or found[0] is not ruleset:
        scopes: dict[tuple[tuple[str, ...], int, int], int] = {}
        numbers = tuple(scopes.setdefault((q.applies_to, id(q.effective), id(q.applies_when)), len(scopes))
                        for q in ruleset.requirements)
        found = _SCOPE_NUMBERS[id(ruleset)] = (ruleset, numbers, len(scopes))
    return found[1], found[2]


class _Scope:
    """What `_Run._scope` found of a requirement: a status (not applicable, upcoming) with its reasons when its roles,
    condition or dates decide it; else (status None) whether a question or condition is open (`unknown`: a manual
    finding, with these reasons), and what its own checks start from: the reads and facts so far, the reasons and
    questions its dates depend on. A slotted plain class (~177 a card), never compared or shown."""

    __slots__ = ("date_questions", "dates", "depends", "facts", "facts_used", "fields", "questions", "reads", "reasons",
                 "status", "unknown")

    def __init__(self, dates: EffectiveDates, status: Status | None, reasons: tuple[Reason, ...],
                 fields: tuple[FieldRead, ...], facts: tuple[str, ...] = (), questions: tuple[Question, ...] = (),
                 reads: Sequence[tuple[FieldRead, ...]] = (), facts_used: Sequence[str] = (),
                 depends: tuple[Reason, ...] = (), date_questions: tuple[Question, ...] = (),
                 unknown: bool = False) -> None:
        self.dates, self.status, self.reasons, self.fields, self.facts = dates, status, reasons, fields, facts
        self.questions, self.reads, self.facts_used = questions, reads, facts_used
        self.depends, self.date_questions, self.unknown = depends, date_questions, unknown


class _Run:
    """One card's assessment as of a date: the card, its evidence, its facts and the findings it makes (a plain class,
    as `_Facts` is)."""

    def __init__(self, card: Card, index: EvidenceIndex, as_of: str, facts: _Facts, vocabulary: Vocabulary,
                 waivers: Mapping[str, Waiver] | None = None) -> None:
        self.card = card
        self.index = index
        self.as_of = as_of
        self.facts = facts
        self.vocabulary = vocabulary
        self.waivers: Mapping[str, Waiver] = {} if waivers is None else waivers  # each requirement's first current one
        self.pools: _Pools = {}
        self._unmets: dict[int, tuple[Outcome, tuple[Reason, ...]]] = {}
        self._upcomings: dict[int, tuple[EffectiveDates, tuple[Reason, ...]]] = {}
        self._fields: dict[tuple[int, ...], tuple[tuple[tuple[FieldRead, ...], ...], tuple[FieldRead, ...]]] = {}

    def fields(self, reads: Sequence[tuple[FieldRead, ...]]) -> tuple[FieldRead, ...]:
        """The fields a finding read (`_unique` of the reads, in turn, of the outcomes it asked for), worked out once
        per card for each sequence of read tuples: a ruleset's requirements share the role's reads, and a card's
        outcomes are remembered, so the example's 383 findings read 99 distinct sequences (each `_unique` made a
        mapping and sorted it). Keyed by the tuples' ids: each sequence is kept with its fields, so the ids of the
        tuples in a key stay theirs for the whole assessment."""
        key = tuple(map(id, reads))
        found = self._fields.get(key)
        if found is None:
            found = self._fields[key] = (tuple(reads), _unique([read for part in reads for read in part]))
        return found[1]

    def findings(self, ruleset: Ruleset) -> list[Finding]:
        """The findings of a ruleset's requirements, in its order; requirements of one scope (`_scope_numbers`) share
        what their roles, dates and condition say."""
        numbers, count = _scope_numbers(ruleset)
        scopes: list[_Scope | None] = [None] * count
        made: list[Finding] = []
        for requirement, number in zip(ruleset.requirements, numbers, strict=True):
            scope = scopes[number]
            if scope is None:
                scope = scopes[number] = self._scope(requirement, ruleset)
            made.append(self._finding(requirement, scope))
        return made

    def finding(self, requirement: Requirement, ruleset: Ruleset) -> Finding:
        """The finding of one requirement (`findings` of a ruleset shares the scope of requirements that have one)."""
        return self._finding(requirement, self._scope(requirement, ruleset))

    def _finding(self, requirement: Requirement, scope: _Scope) -> Finding:
        # Finding's fields by position: requirement, status, reasons, effective, evidence, fields, facts, waiver,
        # attestation, questions (keywords cost a record's __init__ ~0.1 us more, three times a finding)
        if scope.status is not None:  # not applicable or upcoming: the same for each requirement of the scope
            return Finding(requirement, scope.status, scope.reasons, scope.dates, (), scope.fields, scope.facts, None,
                           None, scope.questions)
        waiver = self.waivers.get(requirement.id)
        if waiver is not None:
            return Finding(requirement, _WAIVED, (Reason("waiver.current", {
                "approver": waiver.approver, "expires": waiver.expires, "justification": waiver.justification}),),
                scope.dates, fields=scope.fields, facts=scope.facts, waiver=waiver)
        if scope.unknown:  # a question or condition still open: a manual finding
            return Finding(requirement, _MANUAL, scope.reasons, scope.dates, (), scope.fields, scope.facts, None, None,
                           scope.questions)
        return self._checked(requirement, scope.dates, list(scope.reads), list(scope.facts_used), scope.depends,
                             scope.date_questions)

    def _scope(self, requirement: Requirement, ruleset: Ruleset) -> _Scope:
        """What the requirement's roles, dates and condition say for this card, before its waiver and its own checks:
        the same for every requirement of its scope (`_scope_numbers`), so `findings` works it out once per card for
        each (355 requirements of a portfolio card have 177 scopes)."""
        answer = _holds_role(requirement, ruleset, self.facts)
        role, reads = answer.outcome, [answer.reads]
        dates, date_case = effective_dates(requirement, ruleset, self.facts, self.as_of)
        facts_used: list[str] = []
        questions: list[Question] = list(role.questions)
        date_questions: tuple[Question, ...] = ()
        if date_case is not None:
            reads.append(date_case.reads)
            facts_used.extend(date_case.facts)
            date_questions = date_case.questions
        if role.holds is False:  # the date case's reads, if any, are among the fields too
            return _Scope(dates, _NOT_APPLICABLE, answer.not_held,
                          answer.fields if date_case is None else self.fields(reads))
        scope_conditions = answer.unknown
        if requirement.applies_when is not None:
            outcome = self.facts.outcome(requirement.applies_when)
            reads.append(outcome.reads)
            facts_used.extend(outcome.facts)
            if outcome.holds is False:
                return _Scope(dates, _NOT_APPLICABLE, self._unmet(outcome), self.fields(reads),
                              tuple(dict.fromkeys(facts_used)))
            if outcome.holds is None:
                questions.extend(outcome.questions)
                scope_conditions = (*scope_conditions, *outcome.conditions)
        unknown = role.holds is None or bool(scope_conditions)
        open_questions = tuple(dict.fromkeys(questions)) if unknown else ()
        depends = tuple(Reason("effective.depends_on", {"path": q.path, "claim": q.claim})
                        for q in date_questions) if date_questions else ()
        fields, facts = self.fields(reads), tuple(dict.fromkeys(facts_used))
        if dates.until and self.as_of > dates.until:
            return _Scope(dates, _NOT_APPLICABLE, (Reason("effective.ended", {"date": dates.until}),), fields, facts)
        if self.as_of < dates.applies_from:
            return _Scope(dates, _UPCOMING, (*self._upcoming(dates), *depends, *_question_reasons(open_questions)),
                          fields, facts, open_questions)
        manual = (_question_reasons(open_questions) or tuple(
            _condition_reason("scope.unknown", c) for c in scope_conditions)) if unknown else ()
        return _Scope(dates, None, manual, fields, facts, open_questions, reads, facts_used, depends, date_questions,
                      unknown)

    def _unmet(self, outcome: Outcome) -> tuple[Reason, ...]:
        """Why a requirement whose condition does not hold is not applicable, made once per card for each outcome:
        requirements share conditions (the example's 117 such reasons come from fewer outcomes). Keyed by the
        outcome's id, the outcome kept with them."""
        found = self._unmets.get(id(outcome))
        if found is None:
            reasons = tuple(_condition_reason("condition.unmet", c) for c in outcome.conditions)
            found = self._unmets[id(outcome)] = (outcome, reasons)
        return found[1]

    def _upcoming(self, dates: EffectiveDates) -> tuple[Reason, ...]:
        """Why a requirement not yet applying is upcoming, made once per card for each set of dates (requirements
        share their blocks of dates; the dates kept with them)."""
        found = self._upcomings.get(id(dates))
        if found is None:
            reasons = (Reason("effective.upcoming", {"date": dates.applies_from}), *self._date_reasons(dates))
            found = self._upcomings[id(dates)] = (dates, reasons)
        return found[1]

    def _date_reasons(self, dates: EffectiveDates) -> tuple[Reason, ...]:
        if not dates.amended_from or not dates.amended_by:
            return ()
        return (Reason("effective.amended", {"original": dates.from_, "amended": dates.amended_from,
                                             "by": dates.amended_by}),)

    def _attestation(self, requirement: Requirement) -> Attestation | None:
        for attestation in sorted(self.card.attestations, key=lambda a: a.date, reverse=True):
            if attestation.requirement == requirement.id and _current(attestation.expires, attestation.date,
                                                                      self.as_of):
                return attestation
        return None

    def _checked(self, requirement: Requirement, dates: EffectiveDates, reads: list[tuple[FieldRead, ...]],
                 facts_used: list[str], depends: tuple[Reason, ...], date_questions: tuple[Question, ...]) -> Finding:
        """The finding of a requirement in scope and in force: its evidence and field checks, then what
        decides it (met, a manual confirmation, an attestation), then the open questions that could move its
        dates. The finding is made once, with its status (a copy per status was a third of its cost)."""
        check = requirement.check
        gaps: list[Reason] = []
        errors = False
        uses: list[EvidenceUse] = []
        for item in check.evidence:
            result = _check_evidence(item, self.card, self.index, self.as_of, self.vocabulary, self.pools)
            uses.extend(result.uses)
            if not result.satisfied:
                if result.unreadable:
                    errors = True
                gaps.extend(result.reasons)
        for field_check in check.fields:
            outcome = self.facts.outcome(field_check.when)
            reads.append(outcome.reads)
            facts_used.extend(outcome.facts)
            if not outcome.holds:
                for condition in outcome.conditions:
                    gaps.append(Reason("field.unmet", {"message": field_check.message.as_json(),
                                                       "condition": condition.param()}))
        attestation: Attestation | None = None
        if gaps:
            only_unreadable = errors and all(r.code in ("evidence.unreadable", "evidence.sections_unreadable",
                                                        *ERROR_CODES) for r in gaps)
            status, reasons = (_ERROR if only_unreadable else _GAP), tuple(gaps)
        elif check.manual is None:
            status, reasons = _MET, ((Reason("check.met_by", {"ids": [u.id for u in uses]}),) if uses else (
                Reason("check.met_fields", {}),))
        else:
            attestation = self._attestation(requirement)
            if attestation is not None:
                status, reasons = _ATTESTED, (Reason("attestation.current", {
                    "by": attestation.by, "date": attestation.date, "statement": attestation.statement}),)
            else:
                status = _MANUAL
                reasons = tuple(Reason("manual.confirm", {"item": item.as_json()}) for item in check.manual.confirm)
        if depends:
            reasons = (*reasons, *depends)
        return Finding(requirement, status, reasons, dates, tuple(uses), self.fields(reads),
                       tuple(dict.fromkeys(facts_used)), None, attestation, tuple(dict.fromkeys(date_questions)))


def _question_reasons(questions: Iterable[Question]) -> tuple[Reason, ...]:
    """What the card must answer (or support) before the requirement can be decided."""
    return tuple(Reason("scope.claim_unsupported" if q.claim else "scope.unanswered", {"path": q.path})
                 for q in questions)


_PATH = attrgetter("path")


def _unique(reads: Sequence[FieldRead]) -> tuple[FieldRead, ...]:
    """The first read of each path, in path order (the mapping made in C: an earlier read of a path, coming later
    in the reversed reads, overwrites a later one)."""
    backwards = reads[::-1]
    seen = dict(zip(map(_PATH, backwards), backwards, strict=True))
    return tuple(map(seen.__getitem__, sorted(seen)))


def _role_notices(card: Card, rulesets: Iterable[Ruleset], facts: _Facts,
                  findings: Iterable[Finding]) -> list[Notice]:
    """Roles are derived from conduct; the declared roles are a cross-check, never obeyed silently."""
    notices: list[Notice] = []
    live: set[str] | None = None  # rulesets with a live finding addressed to a role, worked out when asked
    for ruleset in rulesets:
        declared = card.data.get("organisation", {}).get("roles", {}).get(ruleset.regime)
        instrument = (ruleset.instrument.short_name or ruleset.title).as_json()
        for name, definition in sorted(ruleset.roles.items()):
            if facts.outcome(definition.when).holds and name not in (declared or []):
                notices.append(Notice("role.derived", {"role": name, "regime": ruleset.regime,
                                                       "instrument": instrument}))
        if not declared:
            if live is None:
                live = {f.requirement.ruleset for f in findings
                        if f.status is not _NOT_APPLICABLE and f.requirement.applies_to}
            if ruleset.id in live:
                notices.append(Notice("role.none_declared", {"regime": ruleset.regime, "instrument": instrument,
                                                             "unanswered": declared is None}))
    return notices


def _stale_approvals(card: Card, requirements: Mapping[str, Requirement], as_of: str) -> list[Notice]:
    notices: list[Notice] = []
    for waiver in card.waivers:
        if waiver.expires < as_of:
            notices.append(Notice("waiver.expired", {"requirement": waiver.requirement, "approver": waiver.approver,
                                                     "expires": waiver.expires}))
    for attestation in card.attestations:
        if attestation.expires and attestation.expires < as_of:
            notices.append(Notice("attestation.expired", {"requirement": attestation.requirement,
                                                          "by": attestation.by, "expires": attestation.expires}))
        requirement = requirements.get(attestation.requirement)
        if requirement is not None and not requirement.is_manual:
            notices.append(Notice("attestation.automated", {"requirement": attestation.requirement,
                                                            "by": attestation.by}))
    return notices


def assess(card: Card, index: EvidenceIndex, catalog: Catalog, rulesets: Iterable[Ruleset], as_of: str,
           shared: SharedOutcomes | None = None) -> Assessment:
    """Evaluate every requirement of the selected rulesets; a pure function of its inputs (`shared`, a batch's outcomes
    of earlier cards, gives objects equal to those it would make)."""
    selected = tuple(sorted(rulesets, key=lambda r: r.id))
    if shared is not None:
        shared = shared.for_card()
    facts = _Facts(card, catalog.facts, supported_answers(card, index, as_of), shared)
    run = _Run(card, index, as_of, facts, catalog.vocabulary, _current_waivers(card, as_of))
    try:
        findings = tuple(f for r in selected for f in run.findings(r))
        for ruleset in selected:
            for fact in ruleset.facts:
                facts.get(fact.id)
        requirements = {q.id: q for r in selected for q in r.requirements} if card.attestations else {}
        notices = _stale_approvals(card, requirements, as_of) + _role_notices(card, selected, facts, findings)
    finally:
        if shared is not None:
            shared.card_done(len(facts._outcomes))
        facts.release()
    org = card.data.get("organisation", {})
    return Assessment(
        tool_version=__version__,
        as_of=as_of,
        card_path=card.path.name,
        card_sha256=card.sha256,
        system_name=card.data["system"]["name"],
        organisation_name=org.get("name", ""),
        rulesets=tuple(RulesetInfo(r.id, r.title, r.version, r.sha256, r.consolidated_as_of,
                                   r.instrument.name, r.instrument.short_name, r.kind) for r in selected),
        facts=tuple(facts.values[k] for k in sorted(facts.values)),
        findings=findings,
        evidence=index.records(as_of),
        waivers=card.waivers,
        attestations=card.attestations,
        notices=tuple(notices),
        card=card.data,
    )
