"""The card's risk register and transfer routes as the impact assessments (DPIA, PIPIA, FRIA) state them.

Plain data read from the card; the builder words the text (`source`/`source_zh`, `impact`/`impact_zh`) and
turns what is missing into counted placeholders. Nothing here rates a risk: likelihood, severity, level
and residual risk are the assessor's, as written in the card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Predicate
from ..predicates import evaluate

LEVELS = ("low", "medium", "high", "very_high")
HIGH = frozenset({"high", "very_high"})


@dataclass(frozen=True)
class Risk:
    """One entry of the card's `risks:` register."""

    id: str
    entry: Mapping[str, Any]  # the card's entry: `source`, `impact` and their `_zh` texts
    affected: tuple[str, ...]
    rights: tuple[str, ...]
    regimes: tuple[str, ...]
    likelihood: str
    severity: str
    level: str | None
    measures: tuple[str, ...]
    residual: str
    index: int

    def belongs_to(self, regime: str | None) -> bool:
        return regime is None or not self.regimes or regime in self.regimes


def register(card: Mapping[str, Any], regime: str | None) -> tuple[Risk, ...]:
    """The risks of the card that belong to one assessment (`regime` as in organisation.roles)."""
    risks = []
    for index, item in enumerate(card.get("risks") or []):
        risk = Risk(
            id=str(item["id"]), entry=item,
            affected=tuple(item.get("affected") or ()), rights=tuple(item.get("rights") or ()),
            regimes=tuple(item.get("regimes") or ()), likelihood=str(item["likelihood"]),
            severity=str(item["severity"]), level=item.get("level"), measures=tuple(item.get("measures") or ()),
            residual=str(item["residual"]), index=index)
        if risk.belongs_to(regime):
            risks.append(risk)
    return tuple(risks)


@dataclass(frozen=True)
class Route:
    """A transfer route of `data.cross_border` that the assessment's instrument governs."""

    index: int
    data: Mapping[str, Any]
    open: bool  # whether the instrument governs the route depends on an unanswered question


def routes(card: Mapping[str, Any], where: Predicate | None) -> tuple[Route, ...]:
    """The routes for which `where` (the `some … where` of the instrument's transfer fact) holds or is open."""
    found = []
    entries: Sequence[Any] = card.get("data", {}).get("cross_border") or []
    for index, route in enumerate(entries):
        if not isinstance(route, Mapping):
            continue
        if where is None:
            found.append(Route(index, route, False))
            continue
        holds = evaluate(where, route, lambda _fact: None, lambda _path: None).holds
        if holds is not False:
            found.append(Route(index, route, holds is None))
    return tuple(found)
