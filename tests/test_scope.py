"""Scoping that never fails open: `compliance scope`, unanswered questions in every report, --strict-scope,
validate warnings, exemption claims and roles that follow conduct."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from compliance.cli import app
from compliance.model import Status
from compliance.pipeline import assess_card

from .conftest import ROOT, words

WELLNESS = ROOT / "examples" / "wellness" / "card.yaml"
MEDTRIAGE = ROOT / "examples" / "medtriage" / "card.yaml"


def _findings(card: Path, *rulesets: str, as_of: str = "2026-12-05") -> dict[str, object]:
    return {f.id: f for f in assess_card(card, rulesets, as_of).findings}


def test_an_incomplete_card_keeps_the_obligations_it_does_not_answer_live() -> None:
    findings = _findings(WELLNESS, "eu-ai-act")
    for rid in ("EU-AIA-50.1", "EU-AIA-50.2", "EU-AIA-4", "EU-AIA-5.1a"):
        finding = findings[rid]
        assert finding.status is not Status.NOT_APPLICABLE, rid  # type: ignore[attr-defined]
    transparency = findings["EU-AIA-50.1"]
    assert transparency.status is Status.MANUAL  # type: ignore[attr-defined]
    reasons = [words({"code": r.code, "params": r.params}) for r in transparency.reasons]  # type: ignore[attr-defined]
    assert any("whether the system is an AI system" in r and "answer system.ai_system" in r for r in reasons)


def test_an_exclusion_claimed_without_an_assessment_stays_live() -> None:
    literacy = _findings(WELLNESS, "eu-ai-act")["EU-AIA-4"]
    assert literacy.status is Status.MANUAL  # type: ignore[attr-defined]
    assert any(q.path == "system.open_source" and q.claim for q in literacy.questions)  # type: ignore[attr-defined]


def test_scope_lists_the_open_questions_first_with_what_waits_on_them(runner: CliRunner) -> None:
    result = runner.invoke(app, ["scope", str(WELLNESS), "--format", "json", "--as-of", "2026-12-05", "--no-impact"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    questions = {q["path"]: q for q in document["questions"]}
    first = document["questions"][0]
    assert first["state"] == "open" and first["waiting"]
    interacts = questions["system.interacts_with_persons"]
    assert interacts["state"] == "open" and interacts["answer"] is None and interacts["source"] == "unanswered"
    assert interacts["question"] == "the card does not say whether users interact with the system directly"
    claim = questions["system.open_source"]
    assert claim["claim"] and claim["answer"] is True and claim["line"] == 14
    table = runner.invoke(app, ["scope", str(WELLNESS), "--as-of", "2026-12-05", "--no-impact", "--lang", "zh"])
    assert table.exit_code == 0 and "模型卡未说明用户是否直接与该系统交互" in table.stdout


def test_scope_counts_what_an_answer_decides(runner: CliRunner) -> None:
    result = runner.invoke(app, ["scope", str(MEDTRIAGE), "--format", "json", "--as-of", "2028-09-01",
                                 "--ruleset", "eu-ai-act"])
    assert result.exit_code == 0, result.output
    questions = {q["path"]: q for q in json.loads(result.stdout)["questions"]}
    assert not [q for q in questions.values() if q["state"] == "open"]
    ai_system = questions["system.ai_system"]
    line = next(n for n, text in enumerate(MEDTRIAGE.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip().startswith("ai_system:"))
    assert ai_system["source"] == "card" and ai_system["line"] == line
    assert ai_system["changes_if_flipped"] > 50  # not an AI system: the Act's system obligations fall away
    research = questions["deployment.research_only"]
    assert research["claim"] and research["answer"] is False


def test_reports_count_the_unanswered_questions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(WELLNESS), "--format", "json", "--as-of", "2026-12-05"])
    unanswered = json.loads(result.stdout)["summary"]["unanswered"]
    assert "system.interacts_with_persons" in unanswered and "EU-AIA-50.1" in unanswered["system.ai_system"]
    table = runner.invoke(app, ["check", str(WELLNESS), "--as-of", "2026-12-05"])
    assert "scoping question(s) unanswered" in table.stdout


def test_strict_scope_fails_an_incomplete_card_after_writing_the_report(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", str(WELLNESS), "--strict-scope", "--format", "json", "-o", str(out)])
    assert result.exit_code == 2 and out.is_file()
    assert "--strict-scope:" in result.stderr and "system.interacts_with_persons" in result.stderr
    complete = runner.invoke(app, ["check", str(MEDTRIAGE), "--strict-scope", "--format", "json",
                                   "--as-of", "2028-09-01"])
    assert complete.exit_code in (0, 1), complete.stderr


def test_validate_warns_about_unanswered_questions_but_passes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(WELLNESS)])
    assert result.exit_code == 0
    assert "warning: unanswered: the card does not say whether users interact with the system directly" in result.stderr
    assert "scoping question(s) unanswered" in result.stdout


def test_roles_follow_conduct_and_the_declaration_is_a_cross_check(tmp_path: Path) -> None:
    """A foreign company offering a Chinese Q&A service and declaring no CN role is the provider (Art. 22(2))."""
    folder = tmp_path / "card"
    import shutil

    shutil.copytree(MEDTRIAGE.parent, folder)
    card = folder / "card.yaml"
    text = card.read_text(encoding="utf-8").replace("  established_in: DE", "  established_in: US")
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("cn_genai:")) + "\n"
    card.write_text(text, encoding="utf-8")
    assessment = assess_card(card, ["cn-genai"], "2026-12-05")
    live = [f for f in assessment.findings if f.status is not Status.NOT_APPLICABLE]
    assert len(live) > 60
    codes = {n.code for n in assessment.notices}
    assert {"role.derived", "role.none_declared"} <= codes
