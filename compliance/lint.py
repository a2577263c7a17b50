"""`compliance rulesets lint`: what the schema cannot check — references, dates, bilingual text, cases."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .cases import NEGATIVE, POSITIVE, load_cases
from .errors import ComplianceError, Problem
from .model import Fact, Predicate, Requirement, Ruleset
from .predicates import leaves
from .rulesets import Catalog

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _zh_problems(where: str, pairs: list[tuple[str, str, str]], source: str, line: int | None) -> Iterator[Problem]:
    for field, en, zh in pairs:
        if not en and not zh:
            continue
        if not zh:
            yield Problem(source, line, f"{where}/{field}_zh", "missing Chinese text")
        elif not _CJK.search(zh):
            yield Problem(source, line, f"{where}/{field}_zh", "Chinese text has no Chinese characters")
        elif zh.strip() == en.strip():
            yield Problem(source, line, f"{where}/{field}_zh", "Chinese text is a copy of the English")


def _requirement_problems(q: Requirement, catalog: Catalog, facts: dict[str, Fact]) -> Iterator[Problem]:
    src, line, where = q.source, q.line, q.id
    yield from _zh_problems(where, [("title", q.title, q.title_zh), ("summary", q.summary, q.summary_zh),
                                    ("remediation", q.remediation, q.remediation_zh),
                                    ("interpretation_note", q.interpretation_note, q.interpretation_note_zh)
                                    if q.interpretation_note_zh else ("interpretation_note", "", "")], src, line)
    if q.check.manual and len(q.check.manual.confirm) != len(q.check.manual.confirm_zh):
        yield Problem(src, line, f"{where}/check/manual", "confirm and confirm_zh differ in length")
    for field in q.check.fields:
        if field.message and not field.message_zh:
            yield Problem(src, line, f"{where}/check/fields", "message without message_zh")
    for c in q.crosswalk:
        if c.target not in catalog.requirements:
            yield Problem(src, line, f"{where}/crosswalk", f"unknown crosswalk target {c.target!r}")
    dates = [(q.effective.from_, q.effective.amended_from)] + [(c.from_, c.amended_from) for c in q.effective.cases]
    for original, amended in dates:
        if amended and amended == original:
            yield Problem(src, line, f"{where}/effective", "amended_from equals from; drop it")
    for item in q.check.evidence:
        for metric in item.metrics:
            if not metric.citation:
                yield Problem(src, line, f"{where}/check/evidence", f"metric {metric.metric} has no citation")
    predicates = [p for p in (q.applies_when, *(c.condition for c in q.effective.cases),
                              *(f.when for f in q.check.fields)) if p is not None]
    yield from _fact_use_problems(predicates, facts, src, line, where)


def _fact_use_problems(predicates: Sequence[Predicate], facts: dict[str, Fact], src: str, line: int | None,
                       where: str) -> Iterator[Problem]:
    for predicate in predicates:
        for leaf in leaves(predicate):
            fact = facts.get(leaf.get("fact", ""))
            if fact is None:
                continue
            if fact.cases and "op" not in leaf:
                yield Problem(src, line, where, f"valued fact {fact.id} used as a boolean; compare it with op/value")
            if fact.values and leaf.get("op") in ("eq", "ne", "in"):
                wanted = leaf["value"] if isinstance(leaf.get("value"), list) else [leaf.get("value")]
                for value in wanted:
                    if value not in fact.values:
                        yield Problem(src, line, where, f"{fact.id} never takes the value {value!r} "
                                      f"(values: {', '.join(map(str, fact.values))})")


def _fact_problems(ruleset: Ruleset, facts: dict[str, Fact]) -> Iterator[Problem]:
    src = f"rulesets/{ruleset.id}/ruleset.yaml"
    for fact in ruleset.facts:
        yield from _zh_problems(fact.id, [("title", fact.title, fact.title_zh),
                                          ("note", fact.note, fact.note_zh) if fact.note_zh else ("note", "", "")],
                                src, None)
        if fact.cases:
            if not fact.values:
                yield Problem(src, None, fact.id, "valued fact without `values`")
            for value in [c.value for c in fact.cases] + [fact.default]:
                if fact.values and value is not None and value not in fact.values:
                    yield Problem(src, None, fact.id, f"value {value!r} not in `values`")
        predicates = [fact.when] if fact.when else [c.when for c in fact.cases]
        yield from _fact_use_problems(list(predicates), facts, src, None, fact.id)


def _case_problems(ruleset: Ruleset, catalog: Catalog) -> Iterator[Problem]:
    try:
        cases = load_cases(ruleset)
    except ComplianceError as exc:
        yield from exc.problems or (Problem(f"rulesets/{ruleset.id}/cases", None, "", exc.message),)
        return
    positive: set[str] = set()
    negative: set[str] = set()
    for case in cases:
        for requirement_id, status in case.expect.items():
            if requirement_id not in catalog.requirements:
                yield Problem(case.source, case.line, case.name, f"unknown requirement {requirement_id!r}")
            elif catalog.requirements[requirement_id].ruleset != ruleset.id:
                yield Problem(case.source, case.line, case.name,
                              f"{requirement_id} belongs to another ruleset; cases run one ruleset")
            if status in POSITIVE:
                positive.add(requirement_id)
            if status in NEGATIVE:
                negative.add(requirement_id)
    for q in ruleset.requirements:
        if q.id not in positive:
            yield Problem(q.source, q.line, q.id, "no case where it is met (met/attested)")
        if q.id not in negative:
            yield Problem(q.source, q.line, q.id, "no case where it is not met (gap/not_applicable/manual)")


def lint_catalog(catalog: Catalog) -> list[Problem]:
    """Every lint problem across all rulesets, sorted by file and line."""
    facts = catalog.facts
    problems: list[Problem] = []
    for ruleset in catalog.rulesets:
        problems.extend(_fact_problems(ruleset, facts))
        for q in ruleset.requirements:
            problems.extend(_requirement_problems(q, catalog, facts))
        problems.extend(_case_problems(ruleset, catalog))
    return sorted(set(problems), key=lambda p: (p.source, p.line or 0, p.path, p.message))
