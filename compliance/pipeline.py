"""card + evidence + rulesets → Assessment: the one pipeline every command runs (check, explain,
dossier, cases, batch), and the exit-code policy for its result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .card import load_card, parse_card
from .catalog import Catalog, load_catalog
from .engine import assess
from .errors import ComplianceError
from .evidence import EvidenceIndex, index_evidence
from .model import SEVERITIES, Assessment, Card, Ruleset, Status
from .records import record

if TYPE_CHECKING:
    from .shared_outcomes import SharedOutcomes


def today() -> str:
    """Today's date in UTC: the default as-of date, the same on every machine at the same moment
    (a local date would differ across time zones near midnight, and with it the report)."""
    return datetime.now(UTC).date().isoformat()


def parse_as_of(value: str | None) -> str:
    """An ISO date string; today (UTC) when not given."""
    if value is None:
        return today()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ComplianceError(f"--as-of: {value!r} is not a date in YYYY-MM-DD form") from None


@record
class Inputs:
    """Everything an assessment is computed from, loaded and checked."""

    catalog: Catalog
    rulesets: tuple[Ruleset, ...]
    card: Card
    index: EvidenceIndex
    as_of: str

    def assess(self, shared: SharedOutcomes | None = None) -> Assessment:
        return assess(self.card, self.index, self.catalog, self.rulesets, self.as_of, shared)


def load_inputs(card_path: Path, ruleset_ids: Sequence[str] = (), as_of: str | None = None,
                catalog: Catalog | None = None, card_bytes: bytes | None = None, remember: bool = False) -> Inputs:
    """Load the catalog (unless given), select rulesets, load and validate the card (from `card_bytes`
    when given, as if it were at `card_path`) and index its evidence (with `remember`, through the memo of its
    files: `evidence_memo`). Bad input raises ComplianceError."""
    when = parse_as_of(as_of)
    catalog = catalog or load_catalog()
    profiles, thresholds = catalog.practice_ids, catalog.thresholds
    if card_bytes is None:
        card = load_card(card_path, catalog.vocabulary, catalog.requirements.keys(), profiles=profiles,
                         thresholds=thresholds)
    else:
        card = parse_card(card_bytes, card_path, catalog.vocabulary, catalog.requirements.keys(), profiles=profiles,
                          thresholds=thresholds)
    selected = catalog.select(ruleset_ids, card.profiles)
    return Inputs(catalog, selected, card, index_evidence(card, remember), when)


def assess_card(card_path: Path, ruleset_ids: Sequence[str] = (), as_of: str | None = None,
                catalog: Catalog | None = None, remember: bool = False,
                shared: SharedOutcomes | None = None) -> Assessment:
    """Load everything, evaluate, and return the assessment (raises ComplianceError on bad input); `remember` as
    `load_inputs` says; `shared` holds the outcomes of a batch's earlier cards (`engine.assess`)."""
    return load_inputs(card_path, ruleset_ids, as_of, catalog, remember=remember).assess(shared)


def exit_code(assessment: Assessment, fail_on: str) -> int:
    """1 when a gap or error at or above `fail_on` (critical|high|medium|low) exists, else 0; never with none."""
    if fail_on == "none":
        return 0
    threshold = SEVERITIES.index(fail_on)
    failing = any(f.status in (Status.GAP, Status.ERROR) and SEVERITIES.index(f.requirement.severity) <= threshold
                  for f in assessment.findings)
    return 1 if failing else 0
