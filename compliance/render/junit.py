"""JUnit XML for CI dashboards: one test suite per ruleset, one test case per applicable requirement.

Gaps are failures, unreadable evidence is an error, and manual, upcoming and waived requirements are
skipped with the reason. The attributes strict consumers require (timestamp, hostname, id, package,
properties, system-out, system-err) are always written; the timestamp is the as-of date, never the clock.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import Assessment, Finding, RulesetInfo, Status
from ..report.escaping import xml_text
from ..report.locale import message
from ..report.text import citation, reasons_text, remediation, status_label, summary_line, title
from . import RenderOptions
from .locate import deciding_line

SKIPPED = (Status.MANUAL, Status.UPCOMING, Status.WAIVED)


def _counts(findings: list[Finding]) -> dict[str, str]:
    return {
        "tests": str(len(findings)),
        "failures": str(sum(f.status is Status.GAP for f in findings)),
        "errors": str(sum(f.status is Status.ERROR for f in findings)),
        "skipped": str(sum(f.status in SKIPPED for f in findings)),
        "time": "0",
    }


def _details(finding: Finding, card: str, lang: str) -> str:
    q = finding.requirement
    lines = [f"{q.id} — {title(q, lang)} ({citation(q, lang)})",
             *(f"- {reason}" for reason in reasons_text(finding.reasons, lang, sep="\n").splitlines()),
             f"{message('ui.remediation', lang)}: {remediation(q, lang)}",
             f"{message('ui.card', lang)}: {card}:{deciding_line(finding)}"]
    return "\n".join(lines)


def _testcase(parent: ET.Element, finding: Finding, card: str, lang: str) -> None:
    q = finding.requirement
    case = ET.SubElement(parent, "testcase", {"name": f"{q.id} {title(q, lang)}",
                                              "classname": f"compliance.{q.ruleset}", "time": "0"})
    reasons = reasons_text(finding.reasons, lang)
    if finding.status is Status.GAP:
        failure = ET.SubElement(case, "failure", {"message": reasons, "type": q.severity})
        failure.text = _details(finding, card, lang)
    elif finding.status is Status.ERROR:
        error = ET.SubElement(case, "error", {"message": reasons, "type": "evidence-unreadable"})
        error.text = _details(finding, card, lang)
    elif finding.status in SKIPPED:
        ET.SubElement(case, "skipped", {"message": f"{status_label(finding.status, lang)}: {reasons}"})


def _suite(parent: ET.Element, index: int, info: RulesetInfo, findings: list[Finding], assessment: Assessment,
           card: str, lang: str) -> None:
    suite = ET.SubElement(parent, "testsuite", {
        "name": info.id, "package": f"compliance.{info.id}", "id": str(index),
        "timestamp": f"{assessment.as_of}T00:00:00", "hostname": "compliance", **_counts(findings)})
    properties = ET.SubElement(suite, "properties")
    for name, value in (("as_of", assessment.as_of), ("system", assessment.system_name),
                        ("card", card), ("card.sha256", assessment.card_sha256),
                        ("ruleset.version", info.version), ("ruleset.sha256", info.sha256),
                        ("tool.version", assessment.tool_version)):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for finding in findings:
        _testcase(suite, finding, card, lang)
    ET.SubElement(suite, "system-out").text = summary_line(assessment, lang)
    ET.SubElement(suite, "system-err")


class JunitRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        card = options.card_uri or assessment.card_path
        applicable = sorted((f for f in assessment.findings if f.status is not Status.NOT_APPLICABLE),
                            key=lambda f: (f.requirement.ruleset, f.id))
        root = ET.Element("testsuites", {"name": f"compliance: {assessment.system_name}", **_counts(applicable)})
        for index, info in enumerate(assessment.rulesets):
            _suite(root, index, info, [f for f in applicable if f.requirement.ruleset == info.id], assessment,
                   card, options.lang)
        for element in root.iter():  # card text may hold characters XML 1.0 cannot carry (ESC, NUL, U+FFFE)
            element.text = xml_text(element.text) if element.text else element.text
            element.attrib = {k: xml_text(v) for k, v in element.attrib.items()}
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")
