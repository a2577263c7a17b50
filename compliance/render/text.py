"""Localised text for the parts of an assessment every renderer prints."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import message, zh_citation
from ..model import Assessment, Finding, Notice, Reason, Requirement, Status


def reason_text(reason: Reason | Notice, lang: str) -> str:
    prefix = "notice" if isinstance(reason, Notice) else "reason"
    return message(f"{prefix}.{reason.code}", lang, reason.params)


def reasons_text(reasons: Iterable[Reason], lang: str, sep: str = "; ") -> str:
    return sep.join(reason_text(r, lang) for r in reasons)


def status_label(status: Status, lang: str, short: bool = False) -> str:
    return message(f"status{'_short' if short else ''}.{status.value}", lang)


def title(requirement: Requirement, lang: str) -> str:
    return requirement.title_zh if lang == "zh" else requirement.title


def citation(requirement: Requirement, lang: str) -> str:
    if lang != "zh":
        return requirement.citation
    return requirement.citation_zh or zh_citation(requirement.citation)


def remediation(requirement: Requirement, lang: str) -> str:
    return requirement.remediation_zh if lang == "zh" else requirement.remediation


def summary_line(assessment: Assessment, lang: str) -> str:
    counts = assessment.counts()
    parts = [f"{status_label(s, lang, short=True)} {counts[s]}" for s in Status if counts[s]]
    score = assessment.score()
    score_text = message("ui.score_none", lang) if score is None else f"{message('ui.score', lang)} {score:.0%}"
    sep = "，" if lang == "zh" else ", "
    return f"{sep.join(parts)} — {score_text}"


def finding_short_reason(finding: Finding, lang: str) -> str:
    return reason_text(finding.reasons[0], lang) if finding.reasons else ""


def roles_text(roles: Iterable[str], lang: str) -> str:
    """Role names in the report language: provider, deployer → 提供者、部署者."""
    return ("、" if lang == "zh" else ", ").join(message(f"role.{r}", lang) for r in roles)
