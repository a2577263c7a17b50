"""The numbers behind the executive-summary charts; the templates draw them as SVG."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import DIMENSIONS, STATUS_ORDER, Assessment, Finding, Status, counts_of, score_of
from ..report.locale import message
from ..report.scorecard import ALWAYS_COUNTED, BUCKETS, Side, scorecard

BAR_WIDTH = 300.0
SIDE_WIDTH = 154.0  # one side (law or practice) of a dimension's scorecard figure


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
class BucketSegment:
    bucket: str  # report.scorecard.BUCKETS
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class ScoreSide:
    """Law or practice in one dimension's figure: the counts shown (bucket, n), the bar, the score."""

    side: str
    assessed: bool
    counts: tuple[tuple[str, int], ...]
    total: int
    score: float | None
    segments: tuple[BucketSegment, ...]


@dataclass(frozen=True)
class ScoreFigure:
    dimension: str
    sides: tuple[ScoreSide, ScoreSide]  # law, practice: side by side


@dataclass(frozen=True)
class Charts:
    bars: tuple[StatusBar, ...]
    statuses: tuple[Status, ...]
    dimensions: tuple[str, ...]
    matrix: tuple[tuple[str, tuple[Cell, ...]], ...]
    scorecard: tuple[ScoreFigure, ...] = ()
    scorecard_buckets: tuple[str, ...] = ()
    bar_width: float = BAR_WIDTH
    side_width: float = SIDE_WIDTH


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


def _score_side(name: str, side: Side, shown: tuple[str, ...]) -> ScoreSide:
    segments: list[BucketSegment] = []
    x = 0.0
    for bucket in BUCKETS:
        n = side.count(bucket)
        if n and side.total:
            width = SIDE_WIDTH * n / side.total
            segments.append(BucketSegment(bucket, n, round(x, 2), round(width, 2)))
            x += width
    counts = tuple((b, side.count(b)) for b in shown if side.count(b) or b in ALWAYS_COUNTED)  # no "waived 0"
    return ScoreSide(name, side.assessed, counts, side.total, side.score, tuple(segments))


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
    card = scorecard(assessment)
    figures = tuple(ScoreFigure(row.dimension, (_score_side("law", row.law, card.buckets),
                                                _score_side("practice", row.practice, card.buckets)))
                    for row in card.dimensions)
    return Charts(tuple(bars), tuple(s for s in STATUS_ORDER if s in present), DIMENSIONS, tuple(matrix),
                  figures, card.buckets)
