"""The companion example (China's Anthropomorphic AI Interaction Measures): golden JSON before and after
15 July 2026, and the statuses issue 12 asks for.

Regenerate the golden files after an intended change with:
    COMPLIANCE_UPDATE_GOLDEN=1 python -m pytest -q tests/test_example_companion.py
and review the diff like any other change.
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from compliance.model import Assessment, Status
from compliance.pipeline import assess_card
from compliance.render import RenderOptions
from compliance.render.json_report import JsonRenderer
from compliance.resources import schema

from .conftest import ROOT, TESTS, assert_golden

COMPANION = ROOT / "examples" / "companion" / "card.yaml"
RULESET = "cn-anthropomorphic"
BEFORE, AFTER = "2026-06-01", "2026-12-10"


def _assess(as_of: str) -> Assessment:
    return assess_card(COMPANION, (RULESET,), as_of)


def _statuses(as_of: str) -> dict[str, Status]:
    return {f.id: f.status for f in _assess(as_of).findings}


@pytest.mark.parametrize("as_of", [BEFORE, AFTER])
def test_golden_json(as_of: str) -> None:
    assessment = _assess(as_of)
    data = JsonRenderer().render(assessment, RenderOptions(indent=2))  # indented: goldens are read in review
    compact = JsonRenderer().render(assessment, RenderOptions())
    assert compact == (json.dumps(json.loads(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                       + "\n").encode("utf-8")
    Draft202012Validator(schema("assessment")).validate(json.loads(compact))
    path = TESTS / "golden" / f"companion-{as_of}.json"
    assert_golden(path, data)


def test_the_measures_apply_after_15_july_2026_including_the_user_scale_assessment() -> None:
    after = _statuses(AFTER)
    live = {Status.MET, Status.GAP, Status.ATTESTED, Status.MANUAL}
    core = ["CN-ANT-8.2", "CN-ANT-13.1", "CN-ANT-13.2", "CN-ANT-14.1", "CN-ANT-18.1", "CN-ANT-18.3",
            "CN-ANT-19", "CN-ANT-22.1", "CN-ANT-22.3", "CN-ANT-26.1", "CN-ANT-31"]
    assert {rid: after[rid] for rid in core if after[rid] not in live} == {}
    # 1.2 million registered users: Art. 22(3) applies, and the July report does not cover user scale.
    assert after["CN-ANT-22.3"] is Status.GAP
    # Only the Art. 2(3) exclusion memo (a companion claims no exclusion) and the under-14 consent
    # (registration refuses children under 14) do not apply.
    assert {rid for rid, s in after.items() if s is Status.NOT_APPLICABLE} == {"CN-ANT-2", "CN-ANT-14.2"}


def test_before_15_july_2026_every_applicable_obligation_is_upcoming() -> None:
    before, after = _statuses(BEFORE), _statuses(AFTER)
    upcoming = {rid for rid, s in before.items() if s is Status.UPCOMING}
    applicable = {rid for rid, s in after.items() if s is not Status.NOT_APPLICABLE}
    assert upcoming == applicable
    assert {s for rid, s in before.items() if rid not in upcoming} == {Status.NOT_APPLICABLE}
    assert all(f.effective.applies_from == "2026-07-15" for f in _assess(BEFORE).findings if f.id in upcoming)
