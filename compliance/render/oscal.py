"""OSCAL assessment-results: one finding per requirement in force, observations that point at the
evidence (hashed in back-matter resources), gaps as open risks and waivers as approved deviations.

Identifiers are version-5 UUIDs derived from the card, ruleset and as-of fingerprints, and every
timestamp is the as-of date at midnight UTC: the same inputs give byte-identical documents.
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import strict_json
from ..model import Assessment, EvidenceRecord, Finding, Status
from ..report.locale import message
from ..report.text import citation, reasons_text, remediation, status_label, title
from . import RenderOptions
from .locate import card_uri, deciding_line, evidence_uri

OSCAL_VERSION = "1.1.3"
NAMESPACE = "urn:compliance:oscal"
_UUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)

IN_FORCE = (Status.MET, Status.ATTESTED, Status.GAP, Status.ERROR, Status.MANUAL, Status.WAIVED)
STATE = {Status.MET: ("satisfied", "pass"), Status.ATTESTED: ("satisfied", "pass"),
         Status.GAP: ("not-satisfied", "fail"), Status.ERROR: ("not-satisfied", "fail"),
         Status.MANUAL: ("not-satisfied", "other"), Status.WAIVED: ("not-satisfied", "other")}


class _Ids:
    """Stable UUIDs: the same assessment inputs always name the same objects."""

    def __init__(self, assessment: Assessment) -> None:
        seed = "|".join([assessment.card_sha256, assessment.as_of, *(r.sha256 for r in assessment.rulesets)])
        self._base = uuid.uuid5(_UUID_ROOT, seed)

    def __call__(self, key: str) -> str:
        return str(uuid.uuid5(self._base, key))


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NAMESPACE, "value": value}


def _evidence_resource(record: EvidenceRecord, card: str, ids: _Ids, lang: str) -> dict[str, Any]:
    rlink: dict[str, Any] = {"href": evidence_uri(card, record.path)}
    if record.sha256:
        rlink["hashes"] = [{"algorithm": "SHA-256", "value": record.sha256}]
    return {
        "uuid": ids(f"evidence/{record.id}"),
        "title": f"{message('ui.evidence', lang)} {record.id}: {record.title or record.kind}",
        "description": f"{record.kind}, {message('ui.date', lang)} {record.date}, "
                       f"{message('ui.evidence_status', lang)} {record.status}",
        "props": [_prop("evidence-id", record.id), _prop("evidence-kind", record.kind),
                  _prop("evidence-status", record.status)],
        "rlinks": [rlink],
    }


def _observation(finding: Finding, card: str, ids: _Ids, moment: str, lang: str) -> dict[str, Any]:
    q = finding.requirement
    evidence = [{"href": f"#{ids('evidence/' + u.id)}",
                 "description": f"{u.id} ({u.kind}) {u.path} SHA-256 {u.sha256 or message('ui.none', lang)}"}
                for u in finding.evidence]
    if not evidence:
        evidence = [{"href": f"#{ids('card')}",
                     "description": f"{message('ui.card', lang)} {card}, {message('ui.line', lang)} "
                                    f"{deciding_line(finding)}"}]
    manual = finding.status in (Status.MANUAL, Status.ATTESTED)
    return {
        "uuid": ids(f"observation/{q.id}"),
        "title": f"{q.id} {title(q, lang)}",
        "description": reasons_text(finding.reasons, lang) or status_label(finding.status, lang),
        "methods": ["INTERVIEW" if manual else "EXAMINE"],
        "types": ["finding"],
        "collected": moment,
        "relevant-evidence": evidence,
    }


def _risk(finding: Finding, ids: _Ids, lang: str) -> dict[str, Any] | None:
    q = finding.requirement
    base = {"uuid": ids(f"risk/{q.id}"), "title": f"{q.id} {title(q, lang)}",
            "description": q.summary.get(lang),
            "related-observations": [{"observation-uuid": ids(f"observation/{q.id}")}]}
    if finding.status is Status.GAP:
        return {**base, "statement": reasons_text(finding.reasons, lang), "status": "open",
                "props": [_prop("severity", q.severity)],
                "remediations": [{"uuid": ids(f"remediation/{q.id}"), "lifecycle": "recommendation",
                                  "title": message("ui.remediation", lang),
                                  "description": remediation(q, lang)}]}
    if finding.waiver is not None:
        w = finding.waiver
        return {**base, "statement": w.justification, "status": "deviation-approved",
                "deadline": f"{w.expires}T00:00:00Z",
                "props": [_prop("approver", w.approver), _prop("waiver-expires", w.expires)]}
    return None


def _finding(finding: Finding, ids: _Ids, has_risk: bool, lang: str) -> dict[str, Any]:
    q = finding.requirement
    state, reason = STATE[finding.status]
    result: dict[str, Any] = {
        "uuid": ids(f"finding/{q.id}"),
        "title": f"{q.id} {title(q, lang)}",
        "description": q.summary.get(lang),
        "props": [_prop("ruleset", q.ruleset), _prop("citation", citation(q, lang)),
                  _prop("severity", q.severity), _prop("status", finding.status.value)],
        "target": {"type": "objective-id", "target-id": q.id,
                   "status": {"state": state, "reason": reason}},
        "related-observations": [{"observation-uuid": ids(f"observation/{q.id}")}],
    }
    if has_risk:
        result["related-risks"] = [{"risk-uuid": ids(f"risk/{q.id}")}]
    if finding.status is Status.MANUAL:
        result["remarks"] = status_label(finding.status, lang)
    return result


class OscalRenderer:
    """OSCAL 1.1 assessment-results JSON; validated with compliance-trestle's models in the tests."""

    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        lang = options.lang
        ids = _Ids(assessment)
        card = card_uri(assessment, options)
        moment = f"{assessment.as_of}T00:00:00Z"
        in_force = sorted((f for f in assessment.findings if f.status in IN_FORCE),
                          key=lambda f: (f.requirement.ruleset, f.id))
        observations = [_observation(f, card, ids, moment, lang) for f in in_force]
        risks = {f.id: risk for f in in_force if (risk := _risk(f, ids, lang)) is not None}
        findings = [_finding(f, ids, f.id in risks, lang) for f in in_force]
        rulesets = ", ".join(f"{r.id} {r.version}" for r in assessment.rulesets)
        heading = f"{assessment.system_name} — {message('ui.gap_analysis', lang)}, " \
                  f"{message('ui.as_of', lang)} {assessment.as_of}"
        result: dict[str, Any] = {
            "uuid": ids("result"),
            "title": heading,
            "description": f"{message('ui.rulesets', lang)}: {rulesets}",
            "start": moment,
            "end": moment,
            "props": [_prop("as-of", assessment.as_of),
                      *(_prop("ruleset", f"{r.id} {r.version} sha256:{r.sha256}") for r in assessment.rulesets)],
            "reviewed-controls": {"control-selections": [{"include-all": {}}],
                                  "description": f"{message('ui.rulesets', lang)}: {rulesets}"},
        }
        if observations:
            result["observations"] = observations
        if risks:
            result["risks"] = list(risks.values())
        if findings:
            result["findings"] = findings
        resources = [
            {"uuid": ids("plan"), "title": f"{message('ui.rulesets', lang)}: {rulesets}",
             "description": f"{message('ui.rulesets', lang)} {rulesets}; {message('ui.card', lang)} {card}",
             "props": [_prop("ruleset", f"{r.id} {r.version} sha256:{r.sha256}") for r in assessment.rulesets]},
            {"uuid": ids("card"), "title": f"{message('ui.card', lang)}: {card}",
             "description": f"{assessment.system_name} — {assessment.organisation_name}",
             "rlinks": [{"href": card, "hashes": [{"algorithm": "SHA-256", "value": assessment.card_sha256}]}]},
            *(_evidence_resource(e, card, ids, lang) for e in assessment.evidence),
        ]
        document = {"assessment-results": {
            "uuid": ids("assessment-results"),
            "metadata": {
                "title": heading,
                "last-modified": moment,
                "version": f"{assessment.as_of}+{assessment.card_sha256[:12]}",
                "oscal-version": OSCAL_VERSION,
                "props": [_prop("tool", f"compliance {assessment.tool_version}")],
            },
            "import-ap": {"href": f"#{ids('plan')}",
                          "remarks": f"{message('ui.rulesets', lang)}: {rulesets}"},
            "results": [result],
            "back-matter": {"resources": resources},
        }}
        return (strict_json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
