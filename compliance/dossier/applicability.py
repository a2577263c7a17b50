"""Whether a dossier target is required for the card: the facts its outline names (`required:`) decide.

A target whose instrument does not apply, or whose trigger is not met, is refused unless forced (then
stamped "not required"). An unanswered scoping question never makes a target "not required": the
target is then made, and says which question is open (unanswered is not false).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Assessment, FactValue
from .outline import Outline

REQUIRED, NOT_REQUIRED, OPEN, UNDECIDED = "required", "not_required", "open", "undecided"


@dataclass(frozen=True)
class Applicability:
    state: str  # required | not_required | open | undecided (the deciding ruleset is not loaded)
    facts: tuple[FactValue, ...] = ()  # the facts that decided it (the failing, open or missing ones)
    missing: tuple[str, ...] = ()  # fact ids no loaded ruleset derives


def applicability(outline: Outline, assessment: Assessment) -> Applicability:
    """The facts of `outline.required` as one decision: any false → not required; else any open → open."""
    if not outline.required:
        return Applicability(REQUIRED)
    by_id = {f.id: f for f in assessment.facts}
    missing = tuple(x for x in outline.required if x not in by_id)
    values = [by_id[x] for x in outline.required if x in by_id]
    failing = tuple(f for f in values if f.value is False)
    if failing:
        return Applicability(NOT_REQUIRED, failing[:1])
    unknown = tuple(f for f in values if f.value is None)
    if unknown:
        return Applicability(OPEN, unknown)
    if missing:
        return Applicability(UNDECIDED, (), missing)
    return Applicability(REQUIRED, tuple(values))
