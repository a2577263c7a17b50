"""OSCAL assessment-results: loads with compliance-trestle's pydantic models, deterministic UUIDs,
findings satisfied/not-satisfied, evidence hashes in back-matter, waivers as approved deviations."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from trestle.oscal.assessment_results import AssessmentResults

from compliance.render import RenderOptions, renderer
from compliance.rulesets import Catalog

from ..demo_cards import DEMO_CARD, demo_assessment, edited

WAIVER = """waivers:
  - {requirement: DEMO-20.1, justification: Re-test scheduled, approver: CMO, expires: "2029-12-31"}
"""
UUID5 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _oscal(folder: Path, catalog: Catalog, as_of: str, text: str = DEMO_CARD) -> tuple[bytes, dict[str, Any]]:
    data = renderer("oscal").render(demo_assessment(folder, catalog, as_of, text),
                                    RenderOptions(card_uri="sys/card.yaml"))
    document: dict[str, Any] = json.loads(data)["assessment-results"]
    AssessmentResults.model_validate(document)  # raises on any schema violation
    return data, document


def _by_title(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["title"].split()[0]: item for item in items}


def test_findings_observations_and_hashed_evidence(tmp_path: Path, demo_catalog: Catalog) -> None:
    _, document = _oscal(tmp_path, demo_catalog, "2029-06-01")
    result = document["results"][0]
    findings = _by_title(result["findings"])
    assert {k: f["target"]["status"]["state"] for k, f in findings.items()} == {
        "DEMO-20.1": "satisfied", "DEMO-30.1": "satisfied", "DEMO-5.1": "satisfied", "DEMO-9.1": "not-satisfied"}
    assert findings["DEMO-9.1"]["target"]["target-id"] == "DEMO-9.1_obj"  # the catalog's objective part
    risk = _by_title(result["risks"])["DEMO-9.1"]
    assert risk["status"] == "open"
    assert findings["DEMO-9.1"]["related-risks"] == [{"risk-uuid": risk["uuid"]}]
    observation = _by_title(result["observations"])["DEMO-9.1"]
    href = observation["relevant-evidence"][0]["href"]
    resources = {r["uuid"]: r for r in document["back-matter"]["resources"]}
    rlink = resources[href.removeprefix("#")]["rlinks"][0]
    assert rlink["href"] == "sys/evidence/rms.md"
    assert rlink["hashes"] == [{"algorithm": "SHA-256", "value":
                                "52744ff89cf886fea9d73d96935db08c3d72a8603cbd3fae2ca8b470aa90f8af"}]
    assert document["import-ap"]["href"].removeprefix("#") in resources
    assert result["start"] == document["metadata"]["last-modified"] == "2029-06-01T00:00:00Z"


def test_waiver_is_a_deviation_and_manual_is_not_satisfied(tmp_path: Path, demo_catalog: Catalog) -> None:
    text = DEMO_CARD[: DEMO_CARD.index("attestations:")] + WAIVER
    _, document = _oscal(tmp_path, demo_catalog, "2028-09-01", text)
    result = document["results"][0]
    findings = _by_title(result["findings"])
    assert findings["DEMO-20.1"]["target"]["status"] == {"state": "not-satisfied", "reason": "other"}
    assert findings["DEMO-5.1"]["target"]["status"] == {"state": "not-satisfied", "reason": "other"}
    deviation = _by_title(result["risks"])["DEMO-20.1"]
    assert deviation["status"] == "deviation-approved"
    assert deviation["statement"] == "Re-test scheduled"
    assert deviation["deadline"] == "2029-12-31T00:00:00Z"


def test_not_applicable_and_upcoming_are_left_out(tmp_path: Path, demo_catalog: Catalog) -> None:
    _, document = _oscal(tmp_path, demo_catalog, "2028-01-01",
                         edited("  markets: [EU]\n", "  markets: [EU]\n  research_only: true\n"))
    assert "DEMO-9.1" not in _by_title(document["results"][0]["findings"])


def test_uuids_are_version_5_and_stable(tmp_path: Path, demo_catalog: Catalog) -> None:
    first, document = _oscal(tmp_path / "a", demo_catalog, "2029-06-01")
    second, _ = _oscal(tmp_path / "b", demo_catalog, "2029-06-01")
    assert first == second
    uuids = re.findall(r'"(?:uuid|observation-uuid|risk-uuid)": "([^"]+)"', first.decode())
    assert uuids and all(UUID5.match(u) for u in uuids)
    _, later = _oscal(tmp_path / "c", demo_catalog, "2029-06-02")
    assert later["uuid"] != document["uuid"]  # another run
    # a finding, its observation and its risk keep their UUIDs across as-of dates (and runs)
    for kind in ("findings", "observations"):
        before = {item["title"]: item["uuid"] for item in document["results"][0][kind]}
        after = {item["title"]: item["uuid"] for item in later["results"][0][kind]}
        assert before == after
    assert {r["uuid"] for r in document["results"][0]["risks"]} == {r["uuid"] for r in later["results"][0]["risks"]}
    _, changed = _oscal(tmp_path / "d", demo_catalog, "2029-06-01",
                                  edited("  physician_review: true\n", "  physician_review: false\n"))
    kept = {f["title"]: f["uuid"] for f in changed["results"][0]["findings"]}
    assert all(kept[t] == u for t, u in ((f["title"], f["uuid"]) for f in document["results"][0]["findings"])
               if t in kept)  # the card's content changed, its findings are the same findings


def test_the_catalogs_resolve(tmp_path: Path, demo_catalog: Catalog) -> None:
    from trestle.oscal.catalog import Catalog as OscalCatalog

    from compliance.oscal_catalog import catalog_document, catalog_file_name

    _, document = _oscal(tmp_path, demo_catalog, "2029-06-01")
    resources = {r["uuid"]: r for r in document["back-matter"]["resources"]}
    parts: dict[str, set[str]] = {}
    for ruleset in demo_catalog.rulesets:
        catalog = catalog_document(ruleset)
        OscalCatalog.model_validate(catalog["catalog"])
        resource = resources[catalog["catalog"]["uuid"]]  # referenced by the catalog's own UUID
        assert resource["rlinks"][0]["href"] == catalog_file_name(ruleset.id)
        parts[ruleset.id] = {p["id"] for g in catalog["catalog"]["groups"] for c in g["controls"]
                             for p in c["parts"]} | {c["id"] for g in catalog["catalog"]["groups"]
                                                     for c in g["controls"]}
    result = document["results"][0]
    everything = set().union(*parts.values())
    selected = result["reviewed-controls"]["control-selections"][0]["include-controls"]
    assert selected and {c["control-id"] for c in selected} <= everything
    for finding in result["findings"]:
        ruleset = next(p["value"] for p in finding["props"] if p["name"] == "ruleset")
        assert finding["target"]["target-id"] in parts[ruleset]
        where, _, control = finding["links"][0]["href"].partition("#")
        assert where == catalog_file_name(ruleset) and control in parts[ruleset]


def test_trestle_rejects_a_bad_state(tmp_path: Path, demo_catalog: Catalog) -> None:
    _, document = _oscal(tmp_path, demo_catalog, "2029-06-01")
    document["results"][0]["findings"][0]["target"]["status"]["state"] = "partially-satisfied"
    with pytest.raises(ValidationError, match="satisfied"):
        AssessmentResults.model_validate(document)
