"""Localised text for the parts of an assessment every output prints."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import (
    Assessment,
    Finding,
    MetricCheck,
    Notice,
    Reason,
    Requirement,
    Ruleset,
    Status,
    counts_of,
    score_from,
)
from .locale import Locale, locale


def reason_text(reason: Reason | Notice, lang: str | Locale) -> str:
    return _locale(lang).reason(reason)


def reasons_text(reasons: Iterable[Reason], lang: str | Locale, sep: str | None = None) -> str:
    return _locale(lang).reasons(reasons, sep)


def status_label(status: Status, lang: str, short: bool = False) -> str:
    return locale(lang).message(f"status{'_short' if short else ''}.{status.value}")


def title(requirement: Requirement, lang: str) -> str:
    return requirement.title.get(lang)


def citation(requirement: Requirement, lang: str) -> str:
    return locale(lang).citation(requirement.citation)


def remediation(requirement: Requirement, lang: str) -> str:
    return requirement.remediation.get(lang)


def crosswalks_text(requirement: Requirement, lang: str) -> str:
    """The requirement's crosswalks, each as its relation in words and the target id ('overlaps EU-AIA-11.1')."""
    loc = _locale(lang)
    return ", ".join(f"{loc.message(f'crosswalk.{c.relation}')} {c.target}" for c in requirement.crosswalk)


def _counts_and_score(findings: Iterable[Finding], lang: str) -> tuple[str, str]:
    """The findings counted once: their counts and their score in words."""
    loc = locale(lang)
    counts = counts_of(findings)
    parts = [f"{status_label(s, lang, short=True)} {n}" for s, n in counts.items() if n]  # in Status's order
    score = score_from(counts)
    score_text = loc.message("ui.score_none") if score is None else f"{loc.message('ui.score')} {score:.0%}"
    return ("，" if loc.zh else ", ").join(parts), score_text


def findings_summary(findings: Iterable[Finding], lang: str) -> str:
    """Counts and score of some findings (one ruleset's, one card's), worded as the summary line words them."""
    counts, score = _counts_and_score(findings, lang)
    return f"{counts} — {score}"


def summary_line(assessment: Assessment, lang: str) -> str:
    """Counts and score of the legal rulesets; practice profiles on a line of their own, never in the score."""
    lines = []
    if len(assessment.practice_ids) < len(assessment.rulesets):
        counts, score = _counts_and_score(assessment.law_findings, lang)
        lines.append(f"{counts} — {score}")
    if assessment.practice_ids:
        counts, score = _counts_and_score(assessment.practice_findings, lang)
        lines.append(locale(lang).message("ui.practice_summary", {"counts": counts, "score": score}))
    return "\n".join(lines)


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
        if loc.zh:
            return f"{loc.date(from_)} → {loc.date(amended_from)}（{loc.message('ui.amended_by')}：{name}）"
        return f"{loc.date(from_)} → {loc.date(amended_from)} ({loc.message('ui.amended_by')} {name})"

    effective = requirement.effective
    parts = [one(effective.from_, effective.amended_from, effective.amended_by)]
    for case in effective.cases:
        label = loc.text(case.note) or describe(case.condition, loc)
        parts.append(f"{label}{'：' if loc.zh else ': '}{one(case.from_, case.amended_from, case.amended_by)}")
    return ("；" if loc.zh else "; ").join(parts)


def _locale(lang: str | Locale) -> Locale:
    return lang if isinstance(lang, Locale) else locale(lang)


def metric_rule(metric: MetricCheck, lang: str | Locale) -> str:
    """What a metric check compares, in words: `every attack_success_rate figure ≤ 0.05 (threshold …)`."""
    loc = _locale(lang)
    shape = metric.aggregate if metric.over else "fixed"
    params = {"metric": "*" if metric.metric == "*" else metric.metric, "op": metric.op, "value": metric.value}
    text = loc.message(f"metric_rule.{shape or 'worst'}", params)
    if metric.threshold and metric.range:
        text += loc.message("metric_rule.threshold", {"threshold": metric.threshold, "unit": metric.unit,
                                                      "low": metric.range[0], "high": metric.range[1]})
    if metric.datasets:
        text += loc.message("metric_rule.datasets", {"fields": list(metric.datasets)})
    return text
