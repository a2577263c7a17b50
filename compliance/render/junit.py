"""JUnit XML for CI dashboards, as Jenkins reads it (the xunit plugin's junit-10.xsd): one test case per
applicable requirement; one test suite per ruleset for a card, one per card for a folder.

Gaps are failures, unreadable evidence is an error, and manual, upcoming and waived requirements are
skipped with the reason. `<testsuites>` carries only name, time, tests, failures and errors (junit-10.xsd
has no `skipped` there); each suite says its own counts, skips included, and its `system-out` is its own
summary line. The timestamp is the as-of date, never the clock.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..model import Assessment, Finding, Status
from ..report.escaping import xml_text
from ..report.locale import message
from ..report.text import citation, findings_summary, reasons_text, remediation, status_label, title
from . import RenderOptions
from .locate import deciding_line

SKIPPED = (Status.MANUAL, Status.UPCOMING, Status.WAIVED)


def _counts(findings: Sequence[Finding], skipped: bool) -> dict[str, str]:
    counts = {
        "tests": str(len(findings)),
        "failures": str(sum(f.status is Status.GAP for f in findings)),
        "errors": str(sum(f.status is Status.ERROR for f in findings)),
        "time": "0",
    }
    if skipped:
        counts["skipped"] = str(sum(f.status in SKIPPED for f in findings))
    return counts


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


def _applicable(assessment: Assessment) -> list[Finding]:
    return sorted((f for f in assessment.findings if f.status is not Status.NOT_APPLICABLE),
                  key=lambda f: (f.requirement.ruleset, f.id))


def _suite(parent: ET.Element, name: str, package: str, findings: list[Finding], assessment: Assessment,
           card: str, lang: str, properties: Sequence[tuple[str, str]]) -> None:
    suite = ET.SubElement(parent, "testsuite", {
        "name": name, "package": package, "id": str(len(parent)),
        "timestamp": f"{assessment.as_of}T00:00:00", "hostname": "compliance", "file": card,
        **_counts(findings, skipped=True)})
    listed = ET.SubElement(suite, "properties")
    for key, value in (("as_of", assessment.as_of), ("system", assessment.system_name), ("card", card),
                       ("card.sha256", assessment.card_sha256), ("tool.version", assessment.tool_version),
                       *properties):
        ET.SubElement(listed, "property", {"name": key, "value": value})
    for finding in findings:
        _testcase(suite, finding, card, lang)
    ET.SubElement(suite, "system-out").text = f"{name}: {findings_summary(findings, lang)}"
    ET.SubElement(suite, "system-err")


def add_card_suites(root: ET.Element, assessment: Assessment, card: str, lang: str, per_ruleset: bool) -> None:
    """A card's test suites under `root`: one per ruleset, or one for the whole card."""
    applicable = _applicable(assessment)
    if per_ruleset:
        for info in assessment.rulesets:
            _suite(root, info.id, f"compliance.{info.id}", [f for f in applicable if f.requirement.ruleset == info.id],
                   assessment, card, lang, (("ruleset.version", info.version), ("ruleset.sha256", info.sha256)))
    else:
        rulesets = tuple((f"ruleset.{info.id}", f"{info.version} sha256:{info.sha256}") for info in assessment.rulesets)
        _suite(root, card, f"compliance.{assessment.system_name}", applicable, assessment, card, lang, rulesets)


def add_error_suite(root: ET.Element, card: str, problem: str) -> None:
    """A card that could not be assessed: one suite with one erroring case, so the rest of a folder still runs."""
    suite = ET.SubElement(root, "testsuite", {"name": card, "id": str(len(root)), "tests": "1", "failures": "0",
                                              "errors": "1", "skipped": "0", "time": "0", "file": card})
    case = ET.SubElement(suite, "testcase", {"name": card, "classname": "compliance.card", "time": "0"})
    ET.SubElement(case, "error", {"message": problem, "type": "bad-input"}).text = problem
    ET.SubElement(suite, "system-out").text = problem


def junit_root(name: str) -> ET.Element:
    return ET.Element("testsuites", {"name": name})


def junit_document(root: ET.Element) -> bytes:
    """The XML, with `<testsuites>` totals summed over its suites (no `skipped`: junit-10.xsd has none there)."""
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    root.set("time", "0")
    for element in root.iter():  # card text may hold characters XML 1.0 cannot carry (ESC, NUL, U+FFFE)
        element.text = xml_text(element.text) if element.text else element.text
        element.attrib = {k: xml_text(v) for k, v in element.attrib.items()}
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


class JunitRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        card = options.card_uri or assessment.card_path
        root = junit_root(f"compliance: {assessment.system_name}")
        add_card_suites(root, assessment, card, options.lang, per_ruleset=True)
        return junit_document(root)
