"""The numbers behind the executive-summary charts; the templates draw them as SVG."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import DIMENSIONS, STATUS_ORDER, Assessment, Finding, Status, counts_of, score_of
from ..report.locale import message

BAR_WIDTH = 300.0


@dataclass(frozen=True)
class Segment:
    status: Status
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class StatusBar:
    """One regulation's findings as a stacked bar, in report order of statuses."""

    ruleset: str
    title: str
    total: int
    score: float | None
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Cell:
    """Regulation × dimension: how many requirements are in force, met (or attested) and open."""

    in_force: int
    met: int
    gaps: int
    score: float | None


@dataclass(frozen=True)
class Charts:
    bars: tuple[StatusBar, ...]
    statuses: tuple[Status, ...]
    dimensions: tuple[str, ...]
    matrix: tuple[tuple[str, tuple[Cell, ...]], ...]
    bar_width: float = BAR_WIDTH


def _bar(ruleset: str, title: str, findings: list[Finding]) -> StatusBar:
    counts = counts_of(findings)
    total = len(findings)
    segments: list[Segment] = []
    x = 0.0
    for status in STATUS_ORDER:
        if counts[status] and total:
            width = BAR_WIDTH * counts[status] / total
            segments.append(Segment(status, counts[status], round(x, 2), round(width, 2)))
            x += width
    return StatusBar(ruleset, title, total, score_of(findings), tuple(segments))


def _cell(findings: list[Finding]) -> Cell:
    counts = counts_of(findings)
    in_force = sum(n for s, n in counts.items() if s not in (Status.NOT_APPLICABLE, Status.UPCOMING))
    return Cell(in_force, counts[Status.MET] + counts[Status.ATTESTED], counts[Status.GAP] + counts[Status.ERROR],
                score_of(findings))


def build_charts(assessment: Assessment, lang: str) -> Charts:
    """Status per regulation and the regulation × six-dimension matrix."""
    bars: list[StatusBar] = []
    matrix: list[tuple[str, tuple[Cell, ...]]] = []
    for info in assessment.rulesets:
        findings = [f for f in assessment.findings if f.requirement.ruleset == info.id]
        title = info.title.get(lang)
        if info.kind == "practice":  # a profile of practice: its own bar, never part of the overall score
            title += f" — {message('ui.practice', lang)}"
        bars.append(_bar(info.id, title, findings))
        matrix.append((info.id, tuple(_cell([f for f in findings if d in f.requirement.dimensions])
                                      for d in DIMENSIONS)))
    present = {f.status for f in assessment.findings}
    return Charts(tuple(bars), tuple(s for s in STATUS_ORDER if s in present), DIMENSIONS, tuple(matrix))
