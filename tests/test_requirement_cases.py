"""`compliance rulesets cases REQ-ID` and the coverage rule (a passing case and a failing-check case)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cases import load_cases
from compliance.cli import app
from compliance.model import Status
from compliance.requirement_cases import changes, coverage_problems, failing_side
from compliance.rulesets import Catalog

from .conftest import TEST_RULESETS


def test_lists_every_case_of_a_requirement_with_line_date_change_and_status(runner: CliRunner,
                                                                              demo_env: None) -> None:
    result = runner.invoke(app, ["rulesets", "cases", "DEMO-9.1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("DEMO-9.1  ")
    assert lines[1].startswith("checks: ")  # the requirement's `test` sentence
    assert "failing side: gap" in lines[2]
    assert "8 case(s) in 1 file(s): gap 1, manual 1, met 3, not_applicable 2, upcoming 1" in lines[3]
    assert "rulesets/demo/cases/main.yaml (base cards/provider.yaml)" in result.output
    row = next(line for line in lines if " research " in line)  # the line of its `expect` entry
    assert row.split()[:4] == ["9", "research", "2028-09-01", "manual"]
    assert row.endswith("deployment.research_only=true")
    assert next(line for line in lines if " stale-plan " in line).split()[2] == "2029-06-01"
    assert "not_applicable → " not in result.output  # nothing run without --run
    assert lines[-1] == "coverage: met/attested and gap cases present"


def test_run_shows_expected_and_actual_with_the_reasons(runner: CliRunner, demo_env: None) -> None:
    result = runner.invoke(app, ["rulesets", "cases", "DEMO-30.1", "--run"])
    assert result.exit_code == 0, result.output
    assert "gap → gap ok" in result.output
    assert "met → met ok" in result.output
    assert "physician" in result.output.split("gap → gap ok")[1].splitlines()[1]  # the reason under the row
    assert result.output.rstrip().endswith("all as expected")


def test_run_exits_1_and_marks_a_case_not_as_expected(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, root)
    cases = root / "demo" / "cases" / "main.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("expect: {DEMO-30.1: gap}", "expect: {DEMO-30.1: met}"),
                     encoding="utf-8")
    monkeypatch.setenv("COMPLIANCE_RULESETS", str(root))
    result = runner.invoke(app, ["rulesets", "cases", "DEMO-30.1", "--run"])
    assert result.exit_code == 1, result.output
    assert "met → gap NOT AS EXPECTED" in result.output
    assert "1 not as expected" in result.output
    assert "coverage: missing a gap case" in result.output


def test_lint_reports_a_requirement_whose_check_is_never_seen_failing(runner: CliRunner, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, root)
    cases = root / "demo" / "cases" / "main.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("expect: {DEMO-30.1: gap}",
                                                               "expect: {DEMO-30.1: not_applicable}"),
                     encoding="utf-8")
    monkeypatch.setenv("COMPLIANCE_RULESETS", str(root))
    result = runner.invoke(app, ["rulesets", "lint"])
    assert result.exit_code == 1, result.output  # a quality problem: the ruleset stays usable
    assert "DEMO-30.1: no case where its check fails (gap; not_applicable does not count)" in result.output


def test_unknown_requirement_is_one_line_exit_2_with_suggestions(runner: CliRunner, demo_env: None) -> None:
    result = runner.invoke(app, ["rulesets", "cases", "DEMO-9.2"])
    assert result.exit_code == 2
    assert "unknown requirement 'DEMO-9.2'; did you mean DEMO-9.1" in result.output
    assert "Traceback" not in result.output
    assert runner.invoke(app, ["rulesets", "cases", "demo-9.1"]).exit_code == 0


def test_failing_side_is_manual_only_for_confirmation_only_checks(demo_catalog: Catalog) -> None:
    assert failing_side(demo_catalog.requirements["DEMO-5.1"]) is Status.MANUAL
    assert failing_side(demo_catalog.requirements["DEMO-9.1"]) is Status.GAP


def test_not_applicable_is_not_the_failing_side(demo_catalog: Catalog) -> None:
    ruleset = demo_catalog.ruleset("demo")
    cases = load_cases(ruleset)
    assert not list(coverage_problems(ruleset, cases))
    without_gap = [dataclasses.replace(c, expect={k: v for k, v in c.expect.items()
                                                  if not (k == "DEMO-9.1" and v is Status.GAP)}) for c in cases]
    assert [(q.id, p) for q, p in coverage_problems(ruleset, without_gap)] == [
        ("DEMO-9.1", "no case where its check fails (gap; not_applicable does not count)")]
    without_manual = [dataclasses.replace(c, expect={k: v for k, v in c.expect.items() if v is not Status.MANUAL})
                      for c in cases]
    assert [q.id for q, _ in coverage_problems(ruleset, without_manual)] == ["DEMO-5.1"]


def test_changes_in_short(demo_catalog: Catalog) -> None:
    by_name = {c.name: c for c in load_cases(demo_catalog.ruleset("demo"))}
    assert changes(by_name["complete"]) == "(base card)"
    assert changes(by_name["unattested"]) == "attestations=null"
    assert changes(by_name["deployer-modifies"]) == \
        'organisation.roles.eu_ai_act=["deployer"]; value_chain.substantial_modification=true'
    assert changes(by_name["low-refusal"]).startswith('evidence=[{"id":"rms"')
    assert len(changes(by_name["low-refusal"])) <= len("evidence=") + 40
