"""card + evidence + rulesets → Assessment: the one pipeline every command runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .card import load_card
from .engine import assess
from .errors import ComplianceError
from .evidence import index_evidence
from .model import Assessment
from .rulesets import Catalog, load_catalog


def parse_as_of(value: str | None) -> str:
    """An ISO date string; today when not given."""
    if value is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ComplianceError(f"--as-of: {value!r} is not a date in YYYY-MM-DD form") from None


def assess_card(card_path: Path, ruleset_ids: Sequence[str] = (), as_of: str | None = None,
                catalog: Catalog | None = None) -> Assessment:
    """Load everything, evaluate, and return the assessment (raises ComplianceError on bad input)."""
    when = parse_as_of(as_of)
    catalog = catalog or load_catalog()
    selected = catalog.select(ruleset_ids)
    card = load_card(card_path, catalog.vocabulary, catalog.requirements.keys())
    return assess(card, index_evidence(card), catalog, selected, when)
