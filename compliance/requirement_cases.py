"""One requirement's cases in one place (`compliance rulesets cases REQ-ID`), and the coverage rule.

A requirement's expectations are spread over the case files of its ruleset; this module gathers them
from the id, summarises what each case changes in its base card, runs them on request, and says which
side of the requirement no case shows yet.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .cases import Case, load_cases, run_case
from .errors import ComplianceError
from .model import Reason, Requirement, Ruleset, Status
from .report.text import reason_text
from .rulesets import Catalog
from .yaml_source import load_yaml

PASSING = frozenset({Status.MET, Status.ATTESTED})
_VALUE_WIDTH = 40


def failing_side(requirement: Requirement) -> Status:
    """The status a case must show for the requirement's check failing.

    `gap` when the tool checks something (evidence or card fields), since only a gap shows that check
    failing; `manual` when the check is a reviewer's confirmation only (it can never be a gap).
    """
    check = requirement.check
    return Status.MANUAL if check.manual is not None and not check.evidence and not check.fields else Status.GAP


def coverage_problems(ruleset: Ruleset, cases: Iterable[Case]) -> Iterator[tuple[Requirement, str]]:
    """Requirements without a case that passes (met/attested) or without one that shows the check failing."""
    seen: dict[str, set[Status]] = {}
    for case in cases:
        for requirement_id, status in case.expect.items():
            seen.setdefault(requirement_id, set()).add(status)
    for requirement in ruleset.requirements:
        statuses = seen.get(requirement.id, set())
        if not statuses & PASSING:
            yield requirement, "no case where it is met (met/attested)"
        wanted = failing_side(requirement)
        if wanted not in statuses:
            what = "its check fails" if wanted is Status.GAP else "it awaits a reviewer (manual check only)"
            yield requirement, f"no case where {what} ({wanted.value}; not_applicable does not count)"


@dataclass(frozen=True)
class Expectation:
    """One case's expected status for the requirement, where it is written, and what the case changes."""

    case: Case
    expected: Status
    line: int | None
    changes: str


@dataclass(frozen=True)
class Outcome:
    expectation: Expectation
    actual: Status
    reasons: tuple[Reason, ...]

    @property
    def as_expected(self) -> bool:
        return self.actual is self.expectation.expected


def find_requirement(catalog: Catalog, requirement_id: str) -> Requirement:
    """The requirement with this id (exact, then case-insensitive), or an error naming close ids."""
    found = catalog.requirements.get(requirement_id)
    if found is None:
        folded = {k.casefold(): v for k, v in catalog.requirements.items()}
        found = folded.get(requirement_id.casefold())
    if found is None:
        close = difflib.get_close_matches(requirement_id, list(catalog.requirements), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ComplianceError(f"unknown requirement {requirement_id!r}{hint}")
    return found


def expectations(requirement: Requirement, catalog: Catalog) -> list[Expectation]:
    """Every case of the requirement's ruleset that expects a status of it, in file and case order."""
    ruleset = catalog.ruleset(requirement.ruleset)
    found: list[Expectation] = []
    documents: dict[str, Any] = {}
    for index, case in _indexed(load_cases(ruleset)):
        if requirement.id not in case.expect:
            continue
        path = ruleset.path / "cases" / f"{case.file}.yaml"
        if case.file not in documents:
            documents[case.file] = load_yaml(path, case.source)
        line = documents[case.file].exact_line(["cases", index, "expect", requirement.id])
        found.append(Expectation(case, case.expect[requirement.id], line, changes(case)))
    return found


def _indexed(cases: list[Case]) -> Iterator[tuple[int, Case]]:
    """Each case with its index in its file (load_cases keeps file order)."""
    counters: dict[str, int] = {}
    for case in cases:
        index = counters.get(case.file, 0)
        counters[case.file] = index + 1
        yield index, case


def run(found: Iterable[Expectation], requirement: Requirement, catalog: Catalog) -> list[Outcome]:
    """Evaluate each case and read the requirement's actual status and reasons."""
    outcomes = []
    for expectation in found:
        assessment = run_case(expectation.case, catalog)
        finding = next(f for f in assessment.findings if f.id == requirement.id)
        outcomes.append(Outcome(expectation, finding.status, finding.reasons))
    return outcomes


def changes(case: Case) -> str:
    """What the case does to its base card, in short: `a.b=value; c=null; +evidence:id`."""
    parts = [f"{path}={_short(value)}" for path, value in _leaves(case.patch, "")]
    for dotted, items in case.append.items():
        for item in items:
            shown = item["id"] if isinstance(item, Mapping) and "id" in item else _short(item)
            parts.append(f"+{dotted}:{shown}")
    return "; ".join(parts) or "(base card)"


def _leaves(patch: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for key, value in patch.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            yield from _leaves(value, f"{path}.")
        else:
            yield path, value


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text if len(text) <= _VALUE_WIDTH else text[:_VALUE_WIDTH - 1] + "…"


def _status_cell(expectation: Expectation, outcome: Outcome | None) -> str:
    if outcome is None:
        return expectation.expected.value
    mark = "ok" if outcome.as_expected else "NOT AS EXPECTED"
    return f"{expectation.expected.value} → {outcome.actual.value} {mark}"


def cases_text(requirement: Requirement, found: list[Expectation], outcomes: list[Outcome] | None,
               ruleset: Ruleset, lang: str) -> str:
    """The plain-text listing `compliance rulesets cases` prints."""
    title = requirement.title.get(lang)
    where = f"{requirement.source}:{requirement.line}" if requirement.line else requirement.source
    side = failing_side(requirement)
    lines = [f"{requirement.id}  {title}"]
    if requirement.test.get(lang):
        lines.append(f"checks: {requirement.test.get(lang)}")
    lines.append(f"{where} · failing side: {side.value}")
    counts: dict[str, int] = {}
    for e in found:
        counts[e.expected.value] = counts.get(e.expected.value, 0) + 1
    files = {e.case.file for e in found}
    tally = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    lines.append(f"{len(found)} case(s) in {len(files)} file(s)" + (f": {tally}" if tally else ""))
    results = {id(o.expectation): o for o in outcomes or []}
    width = max((len(e.case.name) for e in found), default=4)
    shown = {id(e): _status_cell(e, results.get(id(e))) for e in found}
    status_width = max((len(text) for text in shown.values()), default=4)
    current = ""
    for e in found:
        if e.case.source != current:
            current = e.case.source
            cases_dir = ruleset.path / "cases"
            base = e.case.base.relative_to(cases_dir) if e.case.base.is_relative_to(cases_dir) else e.case.base
            lines += ["", f"{current} (base {base.as_posix()})"]
        lines.append(f"  {e.line or '?':>4}  {e.case.name:<{width}}  {e.case.as_of}  {shown[id(e)]:<{status_width}}"
                     f"  {e.changes}")
        outcome = results.get(id(e))
        texts = [reason_text(reason, lang) for reason in (outcome.reasons if outcome is not None else ())]
        lines.extend(f"{'':8}{text}" for text in dict.fromkeys(texts))   # each reason once
    statuses = {e.expected for e in found}
    missing = ([] if statuses & PASSING else ["met/attested"]) + ([] if side in statuses else [side.value])
    lines += ["", "coverage: " + (f"missing a {' and a '.join(missing)} case" if missing
                                  else f"met/attested and {side.value} cases present")]
    if outcomes is not None:
        wrong = sum(not o.as_expected for o in outcomes)
        lines.append(f"ran {len(outcomes)} case(s): " + (f"{wrong} not as expected" if wrong else "all as expected"))
    return "\n".join(lines) + "\n"
