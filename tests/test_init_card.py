"""`compliance init`: questionnaire, --yes and --set for scripts, sources as comments, never overwrites
without --force, and every generated card passes load_card."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.card import load_card
from compliance.cli import app
from compliance.errors import ComplianceError
from compliance.init_card import QUESTION_PATHS, TO_CONFIRM, parse_answer, parse_sets
from compliance.rulesets import Catalog

VALUE_LINE = re.compile(r"^\s+[a-z_]+: (?!$)")


def test_yes_never_guesses(tmp_path: Path, demo_env: None, runner: CliRunner, demo_catalog: Catalog) -> None:
    """--yes writes placeholders for the names a card needs and leaves every scoping question unanswered."""
    target = tmp_path / "card.yaml"
    result = runner.invoke(app, ["init", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    card = load_card(target, demo_catalog.vocabulary)
    assert card.data["deployment"]["markets"] is None
    assert card.data["classification"]["medical_device"]["regulation"] is None
    assert card.data["organisation"]["established_in"] is None
    text = target.read_text(encoding="utf-8")
    value_lines = [line for line in text.splitlines() if VALUE_LINE.match(line)]
    placeholders = [line for line in value_lines if TO_CONFIRM in line]
    open_lines = [line for line in value_lines if ": null  # unanswered" in line]
    assert len(placeholders) == 3 and len(placeholders) + len(open_lines) == len(value_lines)
    assert 'name: "SYSTEM NAME (to be confirmed)"  # placeholder — to be confirmed' in text
    assert f"3 placeholder(s) to replace and {len(open_lines)} question(s) left unanswered" in result.stderr
    check = runner.invoke(app, ["check", str(target), "--format", "json"])
    assert check.exit_code in (0, 1), check.output
    assert '"unanswered":{' in check.stdout


def test_never_overwrites_without_force(tmp_path: Path, demo_env: None, runner: CliRunner) -> None:
    target = tmp_path / "card.yaml"
    target.write_text("keep me\n")
    result = runner.invoke(app, ["init", str(target), "--yes"])
    assert result.exit_code == 2 and "already exists; use --force" in result.stderr
    assert target.read_text() == "keep me\n"
    assert runner.invoke(app, ["init", str(target), "--yes", "--force"]).exit_code == 0
    assert target.read_text().startswith("# Model card written by `compliance init`.")


def test_set_answers_questions_for_scripts(tmp_path: Path, demo_env: None, runner: CliRunner,
                                           demo_catalog: Catalog) -> None:
    target = tmp_path / "card.yaml"
    result = runner.invoke(app, ["init", str(target), "--yes", "--set", "system.name=MedBot",
                                 "--set", "deployment.markets=eu,cn",
                                 "--set", "classification.medical_device.regulation=none",
                                 "--set", "system.physician_review=yes"])
    assert result.exit_code == 0, result.output
    card = load_card(target, demo_catalog.vocabulary)
    assert card.data["system"]["name"] == "MedBot"
    assert card.data["system"]["physician_review"] is True
    assert card.data["deployment"]["markets"] == ["EU", "CN"]
    # China in the markets brings the China questions; nobody answered them, so they stay unanswered
    assert card.data["deployment"]["public_service_cn"] is None
    assert card.data["organisation"]["roles"]["cn_genai"] is None
    assert "class" not in card.data["classification"]["medical_device"]  # no device, no class question
    text = target.read_text()
    assert 'name: "MedBot"  # answered (--set)\n' in text  # every value names its source
    bad = runner.invoke(app, ["init", str(tmp_path / "x.yaml"), "--yes", "--set", "system.colour=red"])
    assert bad.exit_code == 2 and "give path=value with one of" in bad.stderr


def test_interactive_questionnaire(tmp_path: Path, demo_env: None, runner: CliRunner, demo_catalog: Catalog) -> None:
    answers = [
        "",                # name is required: asked again
        "MedBot",
        "Suggests triage categories to nurses",
        "是",              # an AI system (yes/no in Chinese too)
        "maybe", "yes",    # not yes/no: asked again
        "",                # output modalities: left unanswered
        "unknown",         # interacts with persons: left unanswered
        "clinicians",
        "triage, documentation",
        "yes",             # physician review
        "Acme Health",
        "de",
        "small",
        "EU",
        "provider",
        "processor",
        "none",            # cn_genai roles: none
        "none",            # pipl roles: none
        "2027-03-01",
        "no",              # research only
        "MDR", "IIb", "yes",
        "5(d)",
        "yes",             # personal data
        "health, genetic",
        "example-org/base-7b",
    ]
    target = tmp_path / "card.yaml"
    result = runner.invoke(app, ["init", str(target)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    card = load_card(target, demo_catalog.vocabulary)
    assert card.data["system"]["name"] == "MedBot"
    assert card.data["system"]["ai_system"] is True and card.data["system"]["generative"] is True
    assert card.data["system"]["output_modalities"] is None and card.data["system"]["interacts_with_persons"] is None
    assert card.data["organisation"]["roles"]["cn_genai"] == []
    assert card.data["system"]["clinical_functions"] == ["triage", "documentation"]
    assert card.data["organisation"]["established_in"] == "DE"
    assert card.data["organisation"]["roles"]["gdpr"] == ["processor"]
    assert card.data["deployment"]["placed_on_market"] == "2027-03-01"
    assert card.data["classification"]["medical_device"] == {"regulation": "MDR", "class": "IIb", "notified_body": True}
    assert card.data["classification"]["annex_iii"] == ["5(d)"]
    assert card.data["data"]["special_categories"] == ["health", "genetic"]
    assert card.data["model"]["base_model"] == "example-org/base-7b"
    assert TO_CONFIRM not in target.read_text() and "interacts_with_persons: null  # unanswered" in target.read_text()
    assert "an answer is required" in result.stderr and "'maybe' is not yes or no" in result.stderr


@pytest.mark.parametrize(("path", "text", "message"), [
    ("system.generative", "perhaps", "not yes or no"),
    ("organisation.size", "huge", "not allowed"),
    ("system.users", "clinicians, aliens", "aliens not allowed"),
    ("deployment.placed_on_market", "March 2027", "not a date"),
    ("deployment.markets", "Europe", "two-letter"),
    ("classification.annex_iii", "5d", "Annex III point"),
    ("organisation.established_in", "Germany", "two-letter country code"),
])
def test_bad_answers_are_refused(path: str, text: str, message: str) -> None:
    with pytest.raises(ComplianceError, match=message):
        parse_answer(QUESTION_PATHS[path], text)


def test_parse_sets_needs_path_and_value() -> None:
    with pytest.raises(ComplianceError, match="path=value"):
        parse_sets(["system.name"])
    assert parse_sets(["system.users=patients"])["system.users"].value == ["patients"]


def _answer_variants() -> list[tuple[str, str]]:
    """Every choice of every choice question, and both answers of every yes/no question."""
    variants: list[tuple[str, str]] = []
    for question in QUESTION_PATHS.values():
        if question.kind == "bool":
            variants += [(question.path, "yes"), (question.path, "no")]
        elif question.kind in ("choice", "multi"):
            variants += [(question.path, choice) for choice in question.choices]
            if question.kind == "multi":
                variants.append((question.path, ""))
    return [*variants, ("deployment.markets", "CN"), ("deployment.markets", "EU, CN, US"),
            ("classification.annex_iii", "5(a), 5(d)"), ("deployment.placed_on_market", "2026-08-02")]


@pytest.mark.parametrize(("path", "text"), _answer_variants())
def test_every_answer_gives_a_valid_card(tmp_path: Path, demo_catalog: Catalog, path: str, text: str) -> None:
    from compliance.card import parse_card
    from compliance.init_card import answer_questions, render_card

    values = answer_questions(None, parse_sets([f"{path}={text}"]), None)
    card = parse_card(render_card(values, None).encode(), tmp_path / "card.yaml", demo_catalog.vocabulary)
    assert card.data["card_version"] == 1


def test_every_question_has_prompt_and_help_in_both_languages() -> None:
    from compliance.report.locale import catalog

    for lang in ("en", "zh"):
        texts = catalog(lang)
        missing = [f"init.{path}.{part}" for path in QUESTION_PATHS for part in ("prompt", "help")
                   if not texts.get(f"init.{path}.{part}")]
        assert not missing, f"{lang}: {missing}"
    assert catalog("zh")["init.system.name.prompt"] != catalog("en")["init.system.name.prompt"]


def test_questions_in_chinese(tmp_path: Path, demo_env: None, runner: CliRunner) -> None:
    target = tmp_path / "card.yaml"
    answers = "\n".join(["MedBot", "分诊建议", "是", "也许", "否", *[""] * 5, "Acme", *[""] * 20]) + "\n"
    result = runner.invoke(app, ["init", str(target), "--lang", "zh"], input=answers)
    assert result.exit_code == 0, result.output
    assert "系统名称" in result.stdout and "预期用途" in result.stdout
    assert f"已写入 {target}" in result.stderr
    assert "错误：" in result.stderr or "错误:" in result.stderr
    assert "“也许”不是“是”或“否”" in result.stderr  # a wrong answer is explained in Chinese, then asked again
    text = target.read_text(encoding="utf-8")
    assert 'name: "MedBot"  # answered' in text
