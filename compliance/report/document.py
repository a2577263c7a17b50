"""The canonical JSON document of an assessment (schema: `compliance schema assessment`)."""

from __future__ import annotations

from typing import Any

from ..model import (
    Assessment,
    EffectiveDates,
    FieldRead,
    Finding,
    Notice,
    Reason,
    counts_of,
    natural_key,
    open_questions,
    score_of,
)

SCHEMA_ID = "compliance-assessment/2"


def _reason(reason: Reason | Notice) -> dict[str, Any]:
    """A reason as code and typed parameters; its words come from the catalogs (`report.locale`)."""
    return {"code": reason.code, "params": dict(reason.params)}


def _fields(reads: tuple[FieldRead, ...]) -> list[dict[str, Any]]:
    return [{"path": r.path, "value": r.value, "line": r.line} for r in reads]


def _effective(dates: EffectiveDates) -> dict[str, Any]:
    return {"from": dates.from_, "amended_from": dates.amended_from, "amended_by": dates.amended_by,
            "applies_from": dates.applies_from, "until": dates.until, "note": dates.note.as_json(),
            "interpretation": dates.interpretation}


def _finding(f: Finding) -> dict[str, Any]:
    q = f.requirement
    return {
        "id": q.id, "ruleset": q.ruleset, "citation": q.citation.as_json(), "title": q.title.as_json(),
        "status": f.status.value, "reasons": [_reason(r) for r in f.reasons], "severity": q.severity,
        "dimensions": list(q.dimensions), "effective": _effective(f.effective),
        "evidence": [{"id": u.id, "kind": u.kind, "path": u.path, "sha256": u.sha256, "date": u.date,
                      "satisfied": u.satisfied} for u in f.evidence],
        "fields": _fields(f.fields), "facts": list(f.facts),
        "questions": [{"path": q.path, "claim": q.claim} for q in f.questions],
        "remediation": q.remediation.as_json(),
        "interpretation": q.interpretation, "interpretation_note": q.interpretation_note.as_json(),
        "crosswalk": [{"target": c.target, "relation": c.relation} for c in q.crosswalk],
        "waiver": None if f.waiver is None else {"justification": f.waiver.justification,
                                                 "approver": f.waiver.approver, "expires": f.waiver.expires},
        "attestation": None if f.attestation is None else {
            "statement": f.attestation.statement, "by": f.attestation.by, "date": f.attestation.date,
            "expires": f.attestation.expires},
    }


def _summary(findings: list[Finding]) -> dict[str, Any]:
    score = score_of(findings)
    return {"counts": {s.value: n for s, n in counts_of(findings).items()},
            "score": None if score is None else round(score, 4), "total": len(findings)}


def assessment_document(a: Assessment) -> dict[str, Any]:
    """Everything a reader needs to trust and reproduce the result, in a stable shape."""
    findings = sorted(a.findings, key=lambda f: (f.requirement.ruleset, natural_key(f.id)))
    by_ruleset = {r.id: _summary([f for f in findings if f.requirement.ruleset == r.id]) for r in a.rulesets}
    practice = {"practice": _summary(list(a.practice_findings))} if a.practice_ids else {}
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "compliance", "version": a.tool_version},
        "as_of": a.as_of,
        "card": {"path": a.card_path, "sha256": a.card_sha256, "system": a.system_name,
                 "organisation": a.organisation_name},
        "rulesets": [{"id": r.id, "title": r.title.as_json(), "version": r.version,
                      "sha256": r.sha256, "consolidated_as_of": r.consolidated_as_of,
                      "instrument": r.instrument.as_json(), "short_name": r.short_name.as_json(), "kind": r.kind}
                     for r in a.rulesets],
        "summary": {**_summary(list(a.law_findings)), "by_ruleset": by_ruleset, **practice,
                    "unanswered": {path: list(ids) for path, ids in open_questions(a.findings).items()}},
        "facts": [{"id": f.id, "ruleset": f.ruleset, "title": f.title.as_json(),
                   "citation": f.citation.as_json(), "value": f.value, "interpretation": f.interpretation,
                   "reasons": [_reason(r) for r in f.reasons], "fields": _fields(f.fields)} for f in a.facts],
        "findings": [_finding(f) for f in findings],
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
