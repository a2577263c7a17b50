"""The showcase example: golden JSON per as-of date, and key dates change exactly what they should.

Regenerate the golden files after an intended change with:
    COMPLIANCE_UPDATE_GOLDEN=1 python -m pytest -q tests/test_example.py
and review the diff like any other change.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from jsonschema import Draft202012Validator

from compliance.model import Assessment, Status
from compliance.pipeline import assess_card
from compliance.render import RenderOptions
from compliance.render.json_report import JsonRenderer
from compliance.resources import schema

from .conftest import EXAMPLE, TESTS, assert_golden

GOLDEN = TESTS / "golden"
DATES = ["2026-11-25", "2027-06-01", "2028-09-01"]


def _assess(as_of: str) -> Assessment:
    return assess_card(EXAMPLE, (), as_of)


@pytest.mark.parametrize("as_of", DATES)
def test_golden_json(as_of: str) -> None:
    assessment = _assess(as_of)
    data = JsonRenderer().render(assessment, RenderOptions(indent=2))  # indented: goldens are read in review
    compact = JsonRenderer().render(assessment, RenderOptions())
    assert compact == (json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                       + "\n").encode("utf-8")
    Draft202012Validator(schema("assessment")).validate(json.loads(compact))
    path = GOLDEN / f"medtriage-{as_of}.json"
    assert_golden(path, data)


def test_every_status_appears_in_the_showcase() -> None:
    statuses = {f.status for f in _assess("2026-11-25").findings}
    assert statuses == set(Status)


def _statuses(as_of: str) -> dict[str, Status]:
    return {f.id: f.status for f in _assess(as_of).findings}


# 2 Dec 2026: Art. 50(2) grace ends and the new Art. 5 points apply; 2 Dec 2027: the Annex III route
# (MedTriage is high-risk by both routes and follows the earlier date); 2 Aug 2028: the Annex I-only
# route, which is not MedTriage's, so nothing may change.
@pytest.mark.parametrize(("key_date", "minimum"), [("2026-12-02", 3), ("2027-12-02", 40), ("2028-08-02", 0)])
def test_a_key_date_changes_exactly_the_requirements_that_start_applying(key_date: str, minimum: int) -> None:
    day_before = (date.fromisoformat(key_date) - timedelta(days=1)).isoformat()
    before, after = _statuses(day_before), _statuses(key_date)
    changed = {rid for rid in after if before[rid] != after[rid]}
    starting = {f.id for f in _assess(key_date).findings
                if f.effective.applies_from == key_date and before[f.id] is Status.UPCOMING}
    assert changed == starting
    assert all(after[rid] is not Status.UPCOMING for rid in starting)
    assert len(starting) >= minimum
    if minimum == 0:
        assert not changed
