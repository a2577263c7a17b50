"""Evidence records and uses carry the card line of their entry, so reports can point at it."""

from __future__ import annotations

from compliance.pipeline import assess_card
from compliance.rulesets import Catalog

from .conftest import TEST_RULESETS

CARD = TEST_RULESETS / "demo" / "cases" / "cards" / "provider.yaml"


def test_evidence_records_and_uses_carry_entry_lines(demo_catalog: Catalog) -> None:
    assessment = assess_card(CARD, as_of="2028-09-01", catalog=demo_catalog)
    lines = {r.id: r.line for r in assessment.evidence}
    assert lines == {"rms": 17, "safety": 18}
    uses = {u.id: u.line for f in assessment.findings for u in f.evidence}
    assert uses == {"rms": 17, "safety": 18}
