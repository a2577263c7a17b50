"""The card's risk register (`risks:`): validated against the schema and the card's evidence ids, with lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app

from .conftest import TEST_RULESETS

DEMO_CARDS = TEST_RULESETS / "demo" / "cases" / "cards"

REGISTER = """risks:
  - id: R1
    source: Under-triage of atypical presentations
    source_zh: 非典型表现的分诊等级偏低
    impact: Delayed care
    affected: [patients, elderly]
    likelihood: medium
    severity: very_high
    measures: [rms, safety]
    residual: medium
  - id: R2
    source: Leak of chat transcripts
    affected: [patients]
    likelihood: low
    severity: high
    measures: []
    residual: low
"""


@pytest.fixture
def card(tmp_path: Path, demo_env: None) -> Path:
    shutil.copytree(DEMO_CARDS, tmp_path / "card")
    path = tmp_path / "card" / "provider.yaml"
    path.write_text(path.read_text(encoding="utf-8") + REGISTER, encoding="utf-8")
    return path


def validate(runner: CliRunner, path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(path)])
    return result.exit_code, result.output


def test_a_register_with_known_evidence_is_valid(card: Path, runner: CliRunner) -> None:
    code, out = validate(runner, card)
    assert code == 0, out


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_unknown_measure_evidence_and_duplicate_ids_are_named_with_lines(card: Path, runner: CliRunner) -> None:
    text = card.read_text(encoding="utf-8").replace("measures: [rms, safety]", "measures: [rms, saftey]")
    card.write_text(text.replace("  - id: R2", "  - id: R1"), encoding="utf-8")
    code, out = validate(runner, card)
    assert code == 2
    assert f"{card}:{line_of(card, 'saftey')}: risks/0/measures/1: unknown evidence id 'saftey'" in out
    second = [i for i, line in enumerate(card.read_text().splitlines(), 1) if "- id: R1" in line][1]
    assert f"{card}:{second}: risks/1/id: duplicate risk id 'R1' (also entry 0)" in out


@pytest.mark.parametrize(("old", "new", "message"), [
    ("likelihood: medium", "likelihood: likely", "risks/0/likelihood: 'likely' is not allowed"),
    ("affected: [patients, elderly]", "affected: [patients, aliens]", "risks/0/affected/1: 'aliens' is not allowed"),
    ("    residual: low\n", "", "risks/1: missing required key 'residual'"),
    ("impact: Delayed care", "impact_fr: Soins retardés", "risks/0/impact_fr"),
])
def test_schema_problems_in_the_register(card: Path, runner: CliRunner, old: str, new: str, message: str) -> None:
    text = card.read_text(encoding="utf-8")
    assert old in text
    card.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = validate(runner, card)
    assert code == 2
    assert message in out, out
    assert "Traceback" not in out
