"""OSCAL assessment-results: one finding per requirement in force, observations that point at the
evidence (hashed in back-matter resources), gaps as open risks and waivers as approved deviations.

Findings, observations, risks and the card's resources have version-5 UUIDs derived from the card's
organisation and system names, the ruleset id and the requirement id: the same finding keeps its UUID
across --as-of dates and runs, so a tool that tracks findings over time can follow it. The document and
its result, which describe one run, take theirs from the card, ruleset and as-of fingerprints. Every
timestamp is the as-of date at midnight UTC: the same inputs give byte-identical documents.

Each ruleset's OSCAL catalog (`compliance rulesets oscal ID -o ID.oscal-catalog.json`) is a back-matter
resource with the catalog's own UUID; the reviewed controls are its control ids and each finding targets
the control's assessment objective (or statement) part, so the import chain resolves.
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import strict_json
from ..model import Assessment, EvidenceRecord, Finding, RulesetInfo, Status
from ..oscal_catalog import NAMESPACE, OSCAL_VERSION, UUID_ROOT, catalog_file_name, catalog_uuid
from ..report.locale import message
from ..report.text import citation, reasons_text, remediation, status_label, title
from . import RenderOptions
from .locate import card_uri, deciding_line, evidence_uri

IN_FORCE = (Status.MET, Status.ATTESTED, Status.GAP, Status.ERROR, Status.MANUAL, Status.WAIVED)
STATE = {Status.MET: ("satisfied", "pass"), Status.ATTESTED: ("satisfied", "pass"),
         Status.GAP: ("not-satisfied", "fail"), Status.ERROR: ("not-satisfied", "fail"),
         Status.MANUAL: ("not-satisfied", "other"), Status.WAIVED: ("not-satisfied", "other")}


class _Ids:
    """Version-5 UUIDs under one base: the same base and key always give the same UUID."""

    def __init__(self, seed: str) -> None:
        self._base = uuid.uuid5(UUID_ROOT, seed)

    def __call__(self, key: str) -> str:
        return str(uuid.uuid5(self._base, key))


def _stable_ids(assessment: Assessment) -> _Ids:
    """For what outlives a run (findings, observations, risks, evidence): the card's identity only."""
    return _Ids(f"card/{assessment.organisation_name}/{assessment.system_name}")


def _run_ids(assessment: Assessment) -> _Ids:
    """For the document and its result: this card's content, these rulesets, this as-of date."""
    return _Ids("|".join([assessment.card_sha256, assessment.as_of, *(r.sha256 for r in assessment.rulesets)]))


def _key(finding: Finding) -> str:
    return f"{finding.requirement.ruleset}/{finding.id}"


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
        "uuid": ids(f"observation/{_key(finding)}"),
        "title": f"{q.id} {title(q, lang)}",
        "description": reasons_text(finding.reasons, lang) or status_label(finding.status, lang),
        "methods": ["INTERVIEW" if manual else "EXAMINE"],
        "types": ["finding"],
        "collected": moment,
        "relevant-evidence": evidence,
    }


def _risk(finding: Finding, ids: _Ids, lang: str) -> dict[str, Any] | None:
    q = finding.requirement
    base = {"uuid": ids(f"risk/{_key(finding)}"), "title": f"{q.id} {title(q, lang)}",
            "description": q.summary.get(lang),
            "related-observations": [{"observation-uuid": ids(f"observation/{_key(finding)}")}]}
    if finding.status is Status.GAP:
        return {**base, "statement": reasons_text(finding.reasons, lang), "status": "open",
                "props": [_prop("severity", q.severity)],
                "remediations": [{"uuid": ids(f"remediation/{_key(finding)}"), "lifecycle": "recommendation",
                                  "title": message("ui.remediation", lang),
                                  "description": remediation(q, lang)}]}
    if finding.waiver is not None:
        w = finding.waiver
        return {**base, "statement": w.justification, "status": "deviation-approved",
                "deadline": f"{w.expires}T00:00:00Z",
                "props": [_prop("approver", w.approver), _prop("waiver-expires", w.expires)]}
    return None


def _target_part(finding: Finding) -> tuple[str, str]:
    """(target type, part id) of the catalog control a finding is about: its assessment objective (what the
    tool checks) when the requirement has one, else its statement."""
    q = finding.requirement
    return ("objective-id", f"{q.id}_obj") if q.test else ("statement-id", f"{q.id}_smt")


def _finding(finding: Finding, ids: _Ids, has_risk: bool, lang: str) -> dict[str, Any]:
    q = finding.requirement
    state, reason = STATE[finding.status]
    kind, part = _target_part(finding)
    result: dict[str, Any] = {
        "uuid": ids(f"finding/{_key(finding)}"),
        "title": f"{q.id} {title(q, lang)}",
        "description": q.summary.get(lang),
        "props": [_prop("ruleset", q.ruleset), _prop("control-id", q.id), _prop("citation", citation(q, lang)),
                  _prop("severity", q.severity), _prop("status", finding.status.value)],
        "links": [{"href": f"{catalog_file_name(q.ruleset)}#{q.id}", "rel": "reference"}],
        "target": {"type": kind, "target-id": part, "status": {"state": state, "reason": reason}},
        "related-observations": [{"observation-uuid": ids(f"observation/{_key(finding)}")}],
    }
    if has_risk:
        result["related-risks"] = [{"risk-uuid": ids(f"risk/{_key(finding)}")}]
    if finding.status is Status.MANUAL:
        result["remarks"] = status_label(finding.status, lang)
    return result


def _catalog_resource(info: RulesetInfo) -> dict[str, Any]:
    return {"uuid": catalog_uuid(info.id, info.version),
            "title": f"OSCAL catalog: {info.id} {info.version}",
            "props": [_prop("ruleset", info.id), _prop("ruleset-version", info.version),
                      _prop("ruleset-sha256", info.sha256)],
            "rlinks": [{"href": catalog_file_name(info.id), "media-type": "application/oscal.catalog+json"}]}


class OscalRenderer:
    """OSCAL 1.1 assessment-results JSON; validated with compliance-trestle's models in the tests."""

    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        lang = options.lang
        ids, run = _stable_ids(assessment), _run_ids(assessment)
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
            "uuid": run("result"),
            "title": heading,
            "description": f"{message('ui.rulesets', lang)}: {rulesets}",
            "start": moment,
            "end": moment,
            "props": [_prop("as-of", assessment.as_of),
                      *(_prop("ruleset", f"{r.id} {r.version} sha256:{r.sha256}") for r in assessment.rulesets)],
            "reviewed-controls": {"control-selections": [
                {"include-controls": [{"control-id": f.id} for f in in_force]} if in_force else {"include-all": {}}],
                "description": f"{message('ui.rulesets', lang)}: {rulesets}"},
        }
        if observations:
            result["observations"] = observations
        if risks:
            result["risks"] = list(risks.values())
        if findings:
            result["findings"] = findings
        resources = [
            {"uuid": run("plan"), "title": f"{message('ui.rulesets', lang)}: {rulesets}",
             "description": f"{message('ui.rulesets', lang)} {rulesets}; {message('ui.card', lang)} {card}",
             "props": [_prop("ruleset", f"{r.id} {r.version} sha256:{r.sha256}") for r in assessment.rulesets]},
            {"uuid": ids("card"), "title": f"{message('ui.card', lang)}: {card}",
             "description": f"{assessment.system_name} — {assessment.organisation_name}",
             "rlinks": [{"href": card, "hashes": [{"algorithm": "SHA-256", "value": assessment.card_sha256}]}]},
            *(_evidence_resource(e, card, ids, lang) for e in assessment.evidence),
            *(_catalog_resource(info) for info in assessment.rulesets),
        ]
        document = {"assessment-results": {
            "uuid": run("assessment-results"),
            "metadata": {
                "title": heading,
                "last-modified": moment,
                "version": f"{assessment.as_of}+{assessment.card_sha256[:12]}",
                "oscal-version": OSCAL_VERSION,
                "props": [_prop("tool", f"compliance {assessment.tool_version}")],
            },
            "import-ap": {"href": f"#{run('plan')}",
                          "remarks": f"{message('ui.rulesets', lang)}: {rulesets}"},
            "results": [result],
            "back-matter": {"resources": resources},
        }}
        return (strict_json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
