"""SARIF 2.1.0 for code scanning and CI annotations: one rule per requirement, one result per finding
that needs attention, located at the card line that decided it."""

from __future__ import annotations

import hashlib
from typing import Any

from .. import strict_json
from ..model import Assessment, Finding, Status
from ..report.locale import message
from ..report.text import citation, reasons_text, remediation, title
from . import RenderOptions
from .locate import card_uri, deciding_line, evidence_uri

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
# GitHub code scanning ranks results by this number (0.1–10, CVSS-like bands).
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
REPORTED = (Status.GAP, Status.ERROR, Status.MANUAL, Status.WAIVED)


def _rule(finding: Finding, lang: str, practice: frozenset[str]) -> dict[str, Any]:
    q = finding.requirement
    cited = citation(q, lang)
    summary = q.summary.get(lang)
    fix = remediation(q, lang)
    help_text = f"{summary}\n\n{message('ui.remediation', lang)}: {fix}"
    return {
        "id": q.id,
        "name": q.id.replace("-", "_").replace(".", "_"),
        "shortDescription": {"text": f"{title(q, lang)} ({cited})"},
        "fullDescription": {"text": summary},
        "help": {"text": help_text, "markdown": f"**{cited}** — {summary}\n\n"
                                                f"**{message('ui.remediation', lang)}:** {fix}"},
        "defaultConfiguration": {"level": LEVEL[q.severity]},
        "properties": {
            "tags": [q.ruleset, *q.dimensions, "practice" if q.ruleset in practice else "compliance"],
            "citation": q.citation.as_json(),
            "ruleset": q.ruleset,
            "severity": q.severity,
            "security-severity": SECURITY_SEVERITY[q.severity],
            "interpretation": q.interpretation,
        },
    }


def _result(finding: Finding, rule_index: int, card: str, lang: str) -> dict[str, Any]:
    q = finding.requirement
    level = "note" if finding.status is Status.MANUAL else LEVEL[q.severity]
    text = f"{title(q, lang)} ({citation(q, lang)}): {reasons_text(finding.reasons, lang)}"
    result: dict[str, Any] = {
        "ruleId": q.id,
        "ruleIndex": rule_index,
        "level": "error" if finding.status is Status.ERROR else level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": card, "index": 0},
            "region": {"startLine": deciding_line(finding)},
        }}],
        "partialFingerprints": {
            "complianceRequirement/v1": hashlib.sha256(f"{card}\n{q.id}".encode()).hexdigest()[:32],
        },
        "properties": {"status": finding.status.value, "severity": q.severity},
    }
    related = [{"id": i + 1, "physicalLocation": {"artifactLocation": {"uri": evidence_uri(card, u.path)}},
                "message": {"text": f"{u.id} ({u.kind})"}}
               for i, u in enumerate(finding.evidence)]
    if related:
        result["relatedLocations"] = related
    if finding.waiver is not None:
        w = finding.waiver
        result["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": f"{w.justification} — {message('ui.approver', lang)} {w.approver}, "
                             f"{message('ui.expires', lang)} {w.expires}",
        }]
    return result


class SarifRenderer:
    """SARIF 2.1.0 (OASIS errata 01); validated against the official schema in the tests."""

    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        lang = options.lang
        card = card_uri(assessment, options)
        findings = sorted(assessment.findings, key=lambda f: (f.requirement.ruleset, f.id))
        rules = [_rule(f, lang, assessment.practice_ids) for f in findings]
        index = {f.id: i for i, f in enumerate(findings)}
        results = [_result(f, index[f.id], card, lang) for f in findings if f.status in REPORTED]
        artifacts = [{"location": {"uri": card}, "hashes": {"sha-256": assessment.card_sha256},
                      "roles": ["analysisTarget"]}]
        artifacts += [{"location": {"uri": evidence_uri(card, e.path)}, "hashes": {"sha-256": e.sha256},
                       "roles": ["attachment"]}
                      for e in assessment.evidence if e.sha256]
        document = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "compliance",
                    "version": assessment.tool_version,
                    "semanticVersion": assessment.tool_version,
                    "rules": rules,
                    "properties": {"rulesets": [{"id": r.id, "version": r.version, "sha256": r.sha256,
                                                 "kind": r.kind} for r in assessment.rulesets]},
                }},
                "automationDetails": {"id": f"compliance/{assessment.system_name}/"},
                "artifacts": artifacts,
                "results": results,
                "columnKind": "unicodeCodePoints",
                "properties": {"asOf": assessment.as_of, "system": assessment.system_name,
                               "organisation": assessment.organisation_name,
                               "score": assessment.score()},
            }],
        }
        return (strict_json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
