"""The clause-by-clause self-assessment of a standard: every clause listed, rated from the findings of the
requirements that check it, and rated 待核查 (to be verified) with the reason where none does.

The clause list is data (`rulesets/<ruleset>/clauses/<standard>.yaml`), never clause text: a paraphrase
with the reference's verification tag, or only the number where the reference lacks the wording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import ComplianceError
from ..model import Finding, Status, Text
from ..resources import PACKAGE_DIR, rulesets_dir
from ..yaml_source import load_yaml

RATINGS = ("met", "gap", "not_applicable", "to_verify")


@dataclass(frozen=True)
class Clause:
    number: str
    heading: Text
    summary: Text | None
    verified: str | None          # V | S | M (the reference's tag for the paraphrase); None: no wording
    requirements: tuple[str, ...]
    unchecked: Text | None        # why no requirement checks it
    note: Text | None = None


@dataclass(frozen=True)
class Chapter:
    number: str
    heading: Text
    complete: bool  # False: the reference may not list every clause of the chapter
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class ClauseList:
    source: Text
    reference: str
    chapters: tuple[Chapter, ...]

    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for chapter in self.chapters for c in chapter.clauses)


@dataclass(frozen=True)
class RatedClause:
    clause: Clause
    rating: str                    # one of RATINGS
    findings: tuple[Finding, ...]  # the findings it was rated from (none: to_verify, unchecked)


def _text(value: Any) -> Text | None:
    return None if value is None else Text.of(value)


def _clause(item: Mapping[str, Any]) -> Clause:
    unknown = set(item) - {"number", "heading", "summary", "verified", "requirements", "unchecked", "note"}
    if unknown:
        raise ValueError(f"clause {item.get('number')}: unknown keys {sorted(unknown)}")
    requirements = tuple(str(r) for r in item.get("requirements", []))
    if not requirements and "unchecked" not in item:
        raise ValueError(f"clause {item['number']}: neither requirements nor the reason it is unchecked")
    if ("summary" in item) != ("verified" in item) or item.get("verified") not in (None, "V", "S", "M"):
        raise ValueError(f"clause {item['number']}: a summary needs its verification tag (V, S or M)")
    return Clause(str(item["number"]), Text.of(item["heading"]), _text(item.get("summary")), item.get("verified"),
                  requirements, _text(item.get("unchecked")), _text(item.get("note")))


@cache
def load_clauses(ruleset: str, standard: str) -> ClauseList:
    """`rulesets/<ruleset>/clauses/<standard>.yaml` (ComplianceError when missing or broken)."""
    where = f"rulesets/{ruleset}/clauses/{standard}.yaml"
    candidates = [rulesets_dir(), PACKAGE_DIR / "_bundled" / "rulesets", PACKAGE_DIR.parent / "rulesets"]
    path = next((c / ruleset / "clauses" / f"{standard}.yaml" for c in candidates
                 if (c / ruleset / "clauses" / f"{standard}.yaml").is_file()), candidates[0] / where)
    if not path.is_file():
        raise ComplianceError(f"{where}: clause list not found")
    data = load_yaml(path, where).data
    try:
        return ClauseList(Text.of(data["source"]), str(data["reference"]), tuple(
            Chapter(str(c["number"]), Text.of(c["heading"]), bool(c.get("complete", False)),
                    tuple(_clause(x) for x in c["clauses"])) for c in data["chapters"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ComplianceError(f"{where}: broken clause list: {exc}") from None


def rate(clause: Clause, findings: Mapping[str, Finding]) -> RatedClause:
    """符合 when every applicable finding is met or attested; 不符合 on any gap, error or waiver (a waiver is
    an accepted non-conformity); 不适用 when none applies; otherwise (a person must confirm, not yet in
    force, or no requirement checks the clause, or its findings are not in this assessment) 待核查."""
    found = tuple(findings[r] for r in clause.requirements if r in findings)
    if not found:
        return RatedClause(clause, "to_verify", ())
    statuses = {f.status for f in found}
    if statuses & {Status.GAP, Status.ERROR, Status.WAIVED}:
        rating = "gap"
    elif statuses == {Status.NOT_APPLICABLE}:
        rating = "not_applicable"
    elif statuses - {Status.NOT_APPLICABLE} <= {Status.MET, Status.ATTESTED}:
        rating = "met"
    else:
        rating = "to_verify"
    return RatedClause(clause, rating, found)


def rate_all(clauses: ClauseList, findings: Sequence[Finding]) -> tuple[tuple[Chapter, tuple[RatedClause, ...]], ...]:
    by_id = {f.id: f for f in findings}
    return tuple((chapter, tuple(rate(c, by_id) for c in chapter.clauses)) for chapter in clauses.chapters)
