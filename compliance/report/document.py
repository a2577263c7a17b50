"""The canonical JSON document of an assessment (schema: `compliance schema assessment`).

Compact by design (issue 19): a finding carries codes and parameters — status, severity, reasons, dates,
the evidence ids it used, the card paths it read — and nothing that is the same for every card. Each
card value read is written once, under `fields`. The fixed data of the rulesets (titles, citations,
summaries, remediation, dimensions, crosswalks, notes, in every language) is what the rulesets named in
`rulesets` (id, version, SHA-256) say; `catalog_block` adds it to the document for a reader without those
rulesets (`check --format json --with-catalog`, and every dossier's embedded assessment).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from ..model import (
    Assessment,
    EffectiveDates,
    FactValue,
    FieldRead,
    Finding,
    Notice,
    Reason,
    Requirement,
    counts_of,
    open_questions,
    score_from,
)

_Item = TypeVar("_Item")

SCHEMA_ID = "compliance-assessment/3"
PREVIOUS_SCHEMA_IDS = ("compliance-assessment/2",)  # `diff` still reads these


def _reason(reason: Reason | Notice) -> dict[str, Any]:
    """A reason as code and typed parameters; its words come from the catalogs (`report.locale`)."""
    return {"code": reason.code, "params": dict(reason.params)}


def _effective(dates: EffectiveDates) -> dict[str, Any]:
    found: dict[str, Any] = {"from": dates.from_}
    if dates.applies_from is not None and dates.applies_from != dates.from_:
        found["applies_from"] = dates.applies_from
    if dates.amended_from is not None:
        found["amended_from"] = dates.amended_from
    if dates.amended_by is not None:
        found["amended_by"] = dates.amended_by
    if dates.until is not None:
        found["until"] = dates.until
    if dates.case is not None:
        found["case"] = dates.case
    if dates.interpretation:
        found["interpretation"] = dates.interpretation
    return found


def _paths(reads: tuple[FieldRead, ...], seen: dict[str, dict[str, Any]]) -> list[str]:
    """The paths of `reads` once each, in order; the first read of a path new to `seen` is filed there.

    Only a path's first read in `reads` can be new to `seen` (the loop files it), so later ones skip both
    look-ups."""
    paths: dict[str, None] = {}
    for read in reads:
        path = read.path
        if path not in paths:
            paths[path] = None
            if path not in seen:
                seen[path] = {"line": read.line, "value": read.value}
    return list(paths)


def _finding(dated: dict[int, dict[str, Any]], f: Finding, paths: list[str]) -> dict[str, Any]:
    q = f.requirement
    # Keys in sorted order (as the encoder writes them): sorting a finding's keys then costs one pass
    found: dict[str, Any] = {}
    if f.attestation is not None:
        found["attestation"] = {"by": f.attestation.by, "date": f.attestation.date, "expires": f.attestation.expires,
                                "statement": f.attestation.statement}
    effective = dated.get(id(f.effective))  # one object per distinct dates of the assessment (53 for 383 findings)
    if effective is None:
        effective = dated[id(f.effective)] = _effective(f.effective)
    found["effective"] = effective
    if f.evidence:
        found["evidence"] = [{"id": u.id, "satisfied": u.satisfied} for u in f.evidence]
    if f.facts:
        found["facts"] = list(f.facts)
    if paths:
        found["fields"] = paths
    found["id"] = q.id
    if f.questions:
        found["questions"] = [{"claim": x.claim, "path": x.path} for x in f.questions]
    found["reasons"] = [{"code": r.code, "params": dict(r.params)} for r in f.reasons]
    found["ruleset"] = q.ruleset
    found["severity"] = q.severity
    found["status"] = f.status._value_  # what the enum's `value` property returns, without its two Python calls
    if f.waiver is not None:
        found["waiver"] = {"approver": f.waiver.approver, "expires": f.waiver.expires,
                           "justification": f.waiver.justification}
    return found


def _fact(f: FactValue, paths: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {"id": f.id, "ruleset": f.ruleset, "value": f.value,
                             "reasons": [_reason(r) for r in f.reasons]}
    if paths:
        found["fields"] = paths
    return found


def _summary(findings: list[Finding]) -> dict[str, Any]:
    counts = counts_of(findings)  # once, for the counts and the score
    score = score_from(counts)
    return {"counts": {s.value: n for s, n in counts.items()},
            "score": None if score is None else round(score, 4), "total": len(findings)}


def _requirement_data(q: Requirement) -> dict[str, Any]:
    effective = q.effective
    return {"title": q.title.as_json(), "citation": q.citation.as_json(), "summary": q.summary.as_json(),
            "remediation": q.remediation.as_json(), "dimensions": list(q.dimensions),
            "interpretation": q.interpretation, "interpretation_note": q.interpretation_note.as_json(),
            "crosswalk": [{"target": c.target, "relation": c.relation} for c in q.crosswalk],
            "effective_notes": [effective.note.as_json(), *(c.note.as_json() for c in effective.cases)]}


def catalog_block(a: Assessment) -> dict[str, Any]:
    """The rulesets' fixed data for every requirement and fact of the assessment, by id."""
    return {"requirements": {f.id: _requirement_data(f.requirement) for f in a.findings},
            "facts": {f.id: {"title": f.title.as_json(), "citation": f.citation.as_json(),
                             "interpretation": f.interpretation} for f in a.facts}}


class Deferred(Generic[_Item]):
    """A list of the document whose items are made when it is written: `render.json_report.canonical_pieces`
    makes and writes them CHUNK at a time, so a whole assessment's ~5,000 finding and fact objects are never alive
    at once (each 4 KiB page the heap grows by is a page fault, ~2.5 us here); `made` makes the whole list.
    Item i is `make(sources[i], paths[i])`: a finding or fact and the card paths it read, found beforehand
    because the document's `fields`, which they fill, is written before `findings`."""

    __slots__ = ("make", "paths", "sources")

    def __init__(self, make: Callable[[_Item, list[str]], dict[str, Any]], sources: Sequence[_Item],
                 paths: list[list[str]]) -> None:
        self.make, self.sources, self.paths = make, sources, paths

    def made(self) -> list[dict[str, Any]]:
        return list(map(self.make, self.sources, self.paths))

    def chunks(self, size: int) -> Iterator[list[dict[str, Any]]]:
        """The items, `size` at a time (none for an empty list)."""
        make, sources, paths = self.make, self.sources, self.paths
        for i in range(0, len(sources), size):
            yield list(map(make, sources[i:i + size], paths[i:i + size]))


def assessment_document(a: Assessment, with_catalog: bool = False) -> dict[str, Any]:
    """Everything a reader needs to trust and reproduce the result, in a stable shape (`document_parts` with its
    lists all made)."""
    return {key: value.made() if isinstance(value, Deferred) else value
            for key, value in document_parts(a, with_catalog).items()}


def document_parts(a: Assessment, with_catalog: bool = False) -> dict[str, Any]:
    """The assessment's document, its facts and findings `Deferred` (made as they are written).

    The findings are listed in the assessment's order, which is the report's order (by ruleset id, then by
    `natural_key` of the requirement id: `engine.assess` evaluates the rulesets sorted by id and each one's
    requirements in the catalog's order, which both catalog loaders sort by `natural_key`; a test holds it).
    Sorting them again here was ~0.9 ms of every `check -f json` (the key of each id, made afresh per run)."""
    findings = a.findings
    by_ruleset: dict[str, list[Finding]] = {r.id: [] for r in a.rulesets}
    for finding in findings:
        by_ruleset.setdefault(finding.requirement.ruleset, []).append(finding)
    practice = {"practice": _summary(list(a.practice_findings))} if a.practice_ids else {}
    seen: dict[str, dict[str, Any]] = {}  # each card path read, filed by its first read: facts' first, in order
    fact_paths = [_paths(f.fields, seen) for f in a.facts]
    finding_paths = [_paths(f.fields, seen) for f in findings]
    document = {
        "schema": SCHEMA_ID,
        "tool": {"name": "compliance", "version": a.tool_version},
        "as_of": a.as_of,
        "card": {"path": a.card_path, "sha256": a.card_sha256, "system": a.system_name,
                 "organisation": a.organisation_name},
        "rulesets": [{"id": r.id, "title": r.title.as_json(), "version": r.version,
                      "sha256": r.sha256, "consolidated_as_of": r.consolidated_as_of,
                      "instrument": r.instrument.as_json(), "short_name": r.short_name.as_json(), "kind": r.kind}
                     for r in a.rulesets],
        "summary": {**_summary(list(a.law_findings)),
                    "by_ruleset": {r.id: _summary(by_ruleset[r.id]) for r in a.rulesets}, **practice,
                    "unanswered": {path: list(ids) for path, ids in open_questions(a.findings).items()}},
        "facts": Deferred(_fact, a.facts, fact_paths),
        "findings": Deferred(partial(_finding, {}), findings, finding_paths),
        "fields": seen,
        "evidence": [{"id": e.id, "kind": e.kind, "path": e.path, "title": e.title, "date": e.date,
                      "valid_until": e.valid_until, "declared_sha256": e.declared_sha256, "sha256": e.sha256,
                      "size": e.size, "status": e.status,
                      "detail": None if e.detail is None else _reason(e.detail)} for e in a.evidence],
        "waivers": [{"requirement": w.requirement, "justification": w.justification, "approver": w.approver,
                     "date": w.date, "expires": w.expires} for w in a.waivers],
        "attestations": [{"requirement": t.requirement, "statement": t.statement, "by": t.by, "date": t.date,
                          "expires": t.expires} for t in a.attestations],
        "notices": [_reason(n) for n in a.notices],
    }
    if with_catalog:
        document["catalog"] = catalog_block(a)
    return document
