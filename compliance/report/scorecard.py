"""The dimension scorecard: per alignment dimension, the legal findings beside the practice profiles'.

Each requirement carries the dimensions it serves (accuracy, safety, interpretability, fairness, privacy,
accountability); one tagged with several counts in each. Practice profiles (`kind: practice`) are counted
on their own side and never in the legal score. Statuses fold into what a reader asks of a dimension:
met (met or attested), gap (gap, or evidence that cannot be read), manual review, waived, not yet
applicable, not applicable — the last four only where they occur.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import DIMENSIONS, Assessment, Finding, Status, score_of
from .locale import message

BUCKETS: tuple[str, ...] = ("met", "gap", "manual", "waived", "upcoming", "not_applicable")
ALWAYS_SHOWN: tuple[str, ...] = ("met", "gap", "manual", "not_applicable")  # a table's columns
ALWAYS_COUNTED: tuple[str, ...] = ("met", "gap")  # a figure's counts: these even at zero, the rest where they occur
BUCKET_OF: dict[Status, str] = {
    Status.MET: "met", Status.ATTESTED: "met", Status.GAP: "gap", Status.ERROR: "gap", Status.MANUAL: "manual",
    Status.WAIVED: "waived", Status.UPCOMING: "upcoming", Status.NOT_APPLICABLE: "not_applicable",
}
SIDES: tuple[str, ...] = ("law", "practice")


@dataclass(frozen=True)
class Side:
    """One side (law or practice) of one dimension: counts per bucket, in BUCKETS order."""

    counts: tuple[int, ...]
    score: float | None
    assessed: bool  # a ruleset of this kind was part of the assessment

    @property
    def total(self) -> int:
        return sum(self.counts)

    def count(self, bucket: str) -> int:
        return self.counts[BUCKETS.index(bucket)]


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    law: Side
    practice: Side

    def side(self, name: str) -> Side:
        return self.law if name == "law" else self.practice


@dataclass(frozen=True)
class Scorecard:
    dimensions: tuple[DimensionScore, ...]
    buckets: tuple[str, ...]  # the buckets shown: ALWAYS_SHOWN plus waived/upcoming where they occur


def _side(findings: Iterable[Finding], assessed: bool) -> Side:
    listed = list(findings)
    counts = dict.fromkeys(BUCKETS, 0)
    for finding in listed:
        counts[BUCKET_OF[finding.status]] += 1
    return Side(tuple(counts[b] for b in BUCKETS), score_of(listed), assessed)


def scorecard(assessment: Assessment) -> Scorecard:
    """Every dimension's law and practice sides, from all findings (whatever a report lists)."""
    practice_ids = assessment.practice_ids
    has_law = len(practice_ids) < len(assessment.rulesets)
    rows = []
    for dimension in DIMENSIONS:
        tagged = [f for f in assessment.findings if dimension in f.requirement.dimensions]
        rows.append(DimensionScore(
            dimension,
            _side((f for f in tagged if f.requirement.ruleset not in practice_ids), has_law),
            _side((f for f in tagged if f.requirement.ruleset in practice_ids), bool(practice_ids)),
        ))
    used = {b for row in rows for side in (row.law, row.practice) for b in BUCKETS if side.count(b)}
    return Scorecard(tuple(rows), tuple(b for b in BUCKETS if b in ALWAYS_SHOWN or b in used))


def bucket_label(bucket: str, lang: str) -> str:
    return message(f"status_short.{bucket}", lang)
