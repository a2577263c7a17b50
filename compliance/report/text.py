"""Localised text for the parts of an assessment every output prints."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Assessment, Finding, Notice, Reason, Requirement, Ruleset, Status
from .locale import Locale, locale


def reason_text(reason: Reason | Notice, lang: str | Locale) -> str:
    return _locale(lang).reason(reason)


def reasons_text(reasons: Iterable[Reason], lang: str | Locale, sep: str = "; ") -> str:
    return _locale(lang).reasons(reasons, sep)


def status_label(status: Status, lang: str, short: bool = False) -> str:
    return locale(lang).message(f"status{'_short' if short else ''}.{status.value}")


def title(requirement: Requirement, lang: str) -> str:
    return requirement.title.get(lang)


def citation(requirement: Requirement, lang: str) -> str:
    return locale(lang).citation(requirement.citation)


def remediation(requirement: Requirement, lang: str) -> str:
    return requirement.remediation.get(lang)


def summary_line(assessment: Assessment, lang: str) -> str:
    loc = locale(lang)
    counts = assessment.counts()
    parts = [f"{status_label(s, lang, short=True)} {counts[s]}" for s in Status if counts[s]]
    score = assessment.score()
    score_text = loc.message("ui.score_none") if score is None else f"{loc.message('ui.score')} {score:.0%}"
    sep = "，" if loc.zh else ", "
    return f"{sep.join(parts)} — {score_text}"


def finding_short_reason(finding: Finding, lang: str | Locale) -> str:
    return _locale(lang).reason(finding.reasons[0]) if finding.reasons else ""


def roles_text(roles: Iterable[str], lang: str) -> str:
    """Role names in the report language: provider, deployer → 提供者、部署者."""
    loc = locale(lang)
    return loc.join(loc.role(r) for r in roles)


def effective_text(requirement: Requirement, ruleset: Ruleset, lang: str) -> str:
    """A requirement's application dates in one line: the default, then each conditional case (by its
    note, or its condition), with the amended date and the amending act where an amendment moved it."""
    from .conditions import describe

    loc = locale(lang)

    def one(from_: str, amended_from: str | None, amended_by: str | None) -> str:
        if not amended_from:
            return loc.date(from_)
        amendment = ruleset.amendment(amended_by)
        name = loc.text(amendment.name) if amendment else str(amended_by)
        return f"{loc.date(from_)} → {loc.date(amended_from)} ({loc.message('ui.amended_by')} {name})"

    effective = requirement.effective
    parts = [one(effective.from_, effective.amended_from, effective.amended_by)]
    for case in effective.cases:
        label = loc.text(case.note) or describe(case.condition, loc)
        parts.append(f"{label}: {one(case.from_, case.amended_from, case.amended_by)}")
    return "; ".join(parts)


def _locale(lang: str | Locale) -> Locale:
    return lang if isinstance(lang, Locale) else locale(lang)
