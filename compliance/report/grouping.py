"""Group findings by regulation (ruleset) or by alignment dimension, in report order."""

from __future__ import annotations

from collections.abc import Collection

from ..model import DIMENSIONS, SEVERITIES, STATUS_ORDER, Assessment, Finding, natural_key
from .locale import message


def report_order(finding: Finding) -> tuple[int, int, tuple[tuple[int, int | str], ...]]:
    """Gaps first, then by severity, then by id in natural order."""
    return (STATUS_ORDER.index(finding.status), SEVERITIES.index(finding.requirement.severity),
            natural_key(finding.id))


def _urgency(finding: Finding) -> tuple[int, int]:
    """`report_order` without the id: for one ruleset's findings, which the assessment lists in natural order of
    their ids already (`report.document.assessment_document`), so a stable sort by this puts them in report order
    without making the key of each id."""
    return STATUS_ORDER.index(finding.status), SEVERITIES.index(finding.requirement.severity)


def groups(assessment: Assessment, group_by: str, lang: str,
           only: Collection[str] = ()) -> list[tuple[str, list[Finding]]]:
    """Findings per regulation or per dimension, in report order; `only` keeps just those statuses."""
    # a status is a StrEnum, equal to its value: no call of the enum's `value` property a finding
    shown = [f for f in assessment.findings if f.status in only] if only else list(assessment.findings)
    practice = assessment.practice_ids
    label = f" — {message('ui.practice', lang)}"
    if group_by == "dimension":
        law = [f for f in shown if f.requirement.ruleset not in practice]
        result = [(message(f"dimension.{d}", lang),
                   sorted((f for f in law if d in f.requirement.dimensions), key=report_order))
                  for d in DIMENSIONS]
        other = [f for f in shown if f.requirement.ruleset in practice]
        for d in DIMENSIONS if practice else ():
            result.append((message(f"dimension.{d}", lang) + label,
                           sorted((f for f in other if d in f.requirement.dimensions), key=report_order)))
        return result
    result = []
    for info in sorted(assessment.rulesets, key=lambda r: r.kind == "practice"):
        name = info.title.get(lang)
        title = f"{name} ({info.id} {info.version})" + (label if info.kind == "practice" else "")
        result.append((title, sorted((f for f in shown if f.requirement.ruleset == info.id), key=_urgency)))
    return result


def repeated_note(assessment: Assessment, group_by: str, lang: str, only: Collection[str] = ()) -> str:
    """Grouped by dimension, a requirement tagged with several dimensions is listed under each: say so, and
    how many are; "" when nothing is listed twice."""
    if group_by != "dimension":
        return ""
    listed = [f.id for _, findings in groups(assessment, group_by, lang, only) for f in findings]
    repeated = len({i for i in listed if listed.count(i) > 1})
    return message("ui.repeated_dimensions", lang, {"n": repeated}) if repeated else ""
