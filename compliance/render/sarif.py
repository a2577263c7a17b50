"""SARIF 2.1.0 for GitHub code scanning and CI annotations: one rule per requirement, one result per finding
that needs attention, located at the card line that decided it.

What GitHub's SARIF support asks for and this writes: paths relative to the checkout (`uriBaseId`
`%SRCROOT%`, declared in `originalUriBaseIds`); full regions (start and end line and column);
`partialFingerprints.primaryLocationLineHash`, the only fingerprint code scanning reads; rules tagged
`security` with `security-severity`, `precision` and `problem.severity`; a waiver as a suppression
(`kind: external`, its justification) instead of an open alert; one `automationDetails` category per
card, because code scanning rejects two runs of one tool with the same category in an upload.

The fingerprint is the requirement on the card (card path and requirement id), not the text of the line:
an alert is "EU-AIA-9.1 is a gap for this card", and it must survive an edit of the evidence entry that
still leaves the gap open. The upload action, which hashes line text, may say the value differs from its
own; it keeps ours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from .. import strict_json
from ..model import Assessment, Finding, Status
from ..report.locale import message
from ..report.text import citation, reasons_text, remediation, title
from . import RenderOptions
from .locate import card_uri, deciding_line, evidence_uri

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"
MAX_RUNS = 20  # GitHub: runs per SARIF file

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
PROBLEM_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "recommendation"}
# GitHub code scanning ranks security results by this number: over 9.0 critical, 7.0-8.9 high,
# 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
REPORTED = (Status.GAP, Status.ERROR, Status.MANUAL, Status.WAIVED)


def _precision(finding: Finding) -> str:
    """How often a result of this rule is right: checks of evidence and fields are exact, a reviewer's
    confirmation or an encoded reading of the law is less certain."""
    q = finding.requirement
    if q.interpretation or finding.effective.interpretation:
        return "medium"
    return "high" if q.is_manual else "very-high"


def _rule(finding: Finding, lang: str) -> dict[str, Any]:
    q = finding.requirement
    cited = citation(q, lang)
    summary = q.summary.get(lang)
    fix = remediation(q, lang)
    help_text = f"{summary}\n\n{message('ui.remediation', lang)}: {fix}"
    return {
        "id": q.id,
        "name": q.id.replace("-", "_").replace(".", "_"),
        "shortDescription": {"text": f"{title(q, lang)} ({cited})"[:1024]},
        "fullDescription": {"text": summary[:1024]},
        "help": {"text": help_text, "markdown": f"**{cited}** — {summary}\n\n"
                                                f"**{message('ui.remediation', lang)}:** {fix}"},
        "defaultConfiguration": {"level": LEVEL[q.severity]},
        "properties": {
            "tags": ["security", "compliance", q.ruleset, *q.dimensions],
            "precision": _precision(finding),
            "problem.severity": PROBLEM_SEVERITY[q.severity],
            "security-severity": SECURITY_SEVERITY[q.severity],
            "citation": q.citation.as_json(),
            "ruleset": q.ruleset,
            "severity": q.severity,
            "interpretation": q.interpretation,
        },
    }


def fingerprint(card: str, requirement_id: str) -> str:
    """`primaryLocationLineHash`: the requirement on the card, in code scanning's `hash:occurrence` form."""
    return hashlib.sha256(f"{card}\n{requirement_id}".encode()).hexdigest()[:16] + ":1"


def _region(line: int, lines: Sequence[str]) -> dict[str, int]:
    """The whole deciding line: code scanning wants start and end line and column."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return {"startLine": line, "startColumn": 1, "endLine": line, "endColumn": len(text.rstrip("\r\n")) + 1}


def _result(finding: Finding, rule_index: int, card: str, lines: Sequence[str], lang: str) -> dict[str, Any]:
    q = finding.requirement
    level = "note" if finding.status is Status.MANUAL else LEVEL[q.severity]
    text = f"{title(q, lang)} ({citation(q, lang)}): {reasons_text(finding.reasons, lang)}"
    result: dict[str, Any] = {
        "ruleId": q.id,
        "ruleIndex": rule_index,
        "level": "error" if finding.status is Status.ERROR else level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": card, "uriBaseId": SOURCE_ROOT, "index": 0},
            "region": _region(deciding_line(finding), lines),
        }}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint(card, q.id)},
        "properties": {"status": finding.status.value, "severity": q.severity},
    }
    related = [{"id": i + 1, "physicalLocation": {"artifactLocation": {"uri": evidence_uri(card, u.path),
                                                                       "uriBaseId": SOURCE_ROOT}},
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


def sarif_run(assessment: Assessment, options: RenderOptions) -> dict[str, Any]:
    """One run: the card's rules and results, its own code-scanning category."""
    lang = options.lang
    card = card_uri(assessment, options)
    lines = options.card_text.splitlines()
    findings = sorted(assessment.findings, key=lambda f: (f.requirement.ruleset, f.id))
    rules = [_rule(f, lang) for f in findings]
    index = {f.id: i for i, f in enumerate(findings)}
    results = [_result(f, index[f.id], card, lines, lang) for f in findings if f.status in REPORTED]
    artifacts = [{"location": {"uri": card, "uriBaseId": SOURCE_ROOT}, "hashes": {"sha-256": assessment.card_sha256},
                  "roles": ["analysisTarget"]}]
    artifacts += [{"location": {"uri": evidence_uri(card, e.path), "uriBaseId": SOURCE_ROOT},
                   "hashes": {"sha-256": e.sha256}, "roles": ["attachment"]}
                  for e in assessment.evidence if e.sha256]
    root: dict[str, Any] = {"description": {"text": "The checkout the card paths are relative to."}}
    if options.source_root:
        root["uri"] = options.source_root
    return {
        "tool": {"driver": {
            "name": "compliance",
            "version": assessment.tool_version,
            "semanticVersion": assessment.tool_version,
            "rules": rules,
            "properties": {"rulesets": [{"id": r.id, "version": r.version, "sha256": r.sha256}
                                        for r in assessment.rulesets]},
        }},
        "automationDetails": {"id": f"compliance/{card}/"},
        "originalUriBaseIds": {SOURCE_ROOT: root},
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"asOf": assessment.as_of, "system": assessment.system_name,
                       "organisation": assessment.organisation_name, "score": assessment.score()},
    }


def failed_run(card: str, problem: str) -> dict[str, Any]:
    """The run of a card that could not be assessed (bad input): no results, the problem as a notification."""
    return {
        "tool": {"driver": {"name": "compliance", "rules": []}},
        "automationDetails": {"id": f"compliance/{card}/"},
        "invocations": [{"executionSuccessful": False, "toolExecutionNotifications": [
            {"level": "error", "message": {"text": problem},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": card, "uriBaseId": SOURCE_ROOT}}}]}]}],
        "results": [],
    }


def sarif_log(runs: Sequence[dict[str, Any]]) -> bytes:
    """A SARIF log of one or more runs (a folder check: one run per card)."""
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": list(runs)}
    return (strict_json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


class SarifRenderer:
    """SARIF 2.1.0 (OASIS errata 01); validated against the official schema in the tests."""

    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        return sarif_log([sarif_run(assessment, options)])
