"""A vocabulary with the evidence kinds the importers map to, independent of the shipped rulesets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compliance.model import Kind, Measure, Vocabulary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KINDS = ("technical-documentation", "accuracy-evaluation", "data-governance-record", "risk-management-plan")


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary({k: Kind(k, k, k) for k in KINDS}, {"risk_management": Measure("risk_management", "r", "r")})


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures (the importers read files relative to the card's folder)."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    return target
