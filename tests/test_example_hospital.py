"""The hospital-deployer example (AI Act Art. 26-27, 86 for a deployer of an Annex III 5(d) triage system):
golden JSON once the deployer obligations apply, and the statuses the example is written to show.

Regenerate the golden file after an intended change with:
    COMPLIANCE_UPDATE_GOLDEN=1 python -m pytest -q tests/test_example_hospital.py
and review the diff like any other change.
"""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from compliance.model import Status
from compliance.pipeline import assess_card
from compliance.render import RenderOptions
from compliance.render.json_report import JsonRenderer
from compliance.resources import schema

from .conftest import ROOT, TESTS, assert_golden

HOSPITAL = ROOT / "examples" / "hospital-deployer" / "card.yaml"
AS_OF = "2028-03-01"


def test_golden_json() -> None:
    assessment = assess_card(HOSPITAL, ("eu-ai-act",), AS_OF)
    data = JsonRenderer().render(assessment, RenderOptions(indent=2))
    Draft202012Validator(schema("assessment")).validate(json.loads(data))
    path = TESTS / "golden" / f"hospital-deployer-{AS_OF}.json"
    assert_golden(path, data)


def test_the_deployer_obligations_apply_and_are_met() -> None:
    assessment = assess_card(HOSPITAL, ("eu-ai-act",), AS_OF)
    statuses = {f.id: f.status for f in assessment.findings}
    facts = {f.id: f.value for f in assessment.facts}
    assert facts["eu.fria_deployer"] is True and facts["eu.public_deployer"] is False
    assert facts["eu.high_risk.route"] == "both"
    assert statuses["EU-AIA-27.1"] is Status.ATTESTED and statuses["EU-AIA-27.3"] is Status.MET
    assert statuses["EU-AIA-26.8"] is Status.NOT_APPLICABLE  # registration of use: public authorities only
    live = {rid: s for rid, s in statuses.items() if s is not Status.NOT_APPLICABLE}
    assert {s for s in live.values()} <= {Status.MET, Status.ATTESTED}, live
    # a provider's obligations are not the hospital's
    assert statuses["EU-AIA-11.1"] is Status.NOT_APPLICABLE
    before = {f.id: f.status for f in assess_card(HOSPITAL, ("eu-ai-act",), "2027-11-01").findings}
    assert before["EU-AIA-27.1"] is Status.UPCOMING
