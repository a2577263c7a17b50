"""Batch `compliance check DIR/`: one row / JSON line per card, bad cards reported, worst exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.model import Status, counts_of, score_of
from compliance.portfolio import CardSummary, RulesetScore, assess_portfolio, find_cards, summarise
from compliance.render.grid import text_width
from compliance.render.portfolio_report import portfolio_table
from compliance.report.document import assessment_document
from compliance.rulesets import Catalog

from .demo_cards import edited, write_card


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """Three systems: one compliant, one with a gap, one invalid card; plus files that are not cards."""
    write_card(tmp_path / "alpha")
    write_card(tmp_path / "beta", edited("  physician_review: true\n", "  physician_review: false\n")
               .replace("DemoBot", "BetaBot"))
    (tmp_path / "gamma").mkdir()
    (tmp_path / "gamma" / "triage.card.yaml").write_text("card_version: 1\nsystem: {name: Gamma}\n")
    (tmp_path / "alpha" / "notes.yaml").write_text("not: a card\n")
    write_card(tmp_path / ".git" / "x")
    return tmp_path


def test_find_cards_by_name_in_path_order(portfolio: Path) -> None:
    assert [p.relative_to(portfolio).as_posix() for p in find_cards(portfolio)] == [
        "alpha/card.yaml", "beta/card.yaml", "gamma/triage.card.yaml"]


def test_bad_card_does_not_stop_the_rest(portfolio: Path, demo_catalog: Catalog) -> None:
    seen: list[str] = []
    outcomes = list(assess_portfolio(portfolio, demo_catalog, as_of="2028-09-01", on_card=seen.append))
    assert seen == ["alpha/card.yaml", "beta/card.yaml", "gamma/triage.card.yaml"]
    assert [o.exit_code for o in outcomes] == [0, 1, 2]
    assert outcomes[2].assessment is None
    assert "missing required key" in outcomes[2].error and "\n" not in outcomes[2].error
    assert outcomes[1].assessment is not None and outcomes[1].assessment.system_name == "BetaBot"


def test_cli_table_is_one_row_per_system_with_worst_exit(portfolio: Path, demo_env: None, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", str(portfolio), "--as-of", "2028-09-01"])
    assert result.exit_code == 2
    rows = [line for line in result.stdout.splitlines() if "card.yaml" in line]
    assert len(rows) == 3
    assert "100%" in rows[0] and "passes" in rows[0]
    assert "75% · 1 gap" in rows[1] and "BetaBot" in rows[1]
    assert "error: " in rows[2] and "missing required key" in rows[2]
    assert "3 card(s): 1 pass, 1 with gaps, 1 could not be assessed" in result.stdout
    assert "Checking cards" not in result.stdout + result.stderr  # no progress when not on a terminal


def test_cli_fail_on_none_and_only_good_cards(portfolio: Path, demo_env: None, runner: CliRunner) -> None:
    import shutil

    shutil.rmtree(portfolio / "gamma")
    assert runner.invoke(app, ["check", str(portfolio), "--as-of", "2028-09-01"]).exit_code == 1
    assert runner.invoke(app, ["check", str(portfolio), "--as-of", "2028-09-01", "--fail-on", "none"]).exit_code == 0


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_json_lines(portfolio: Path, demo_env: None, runner: CliRunner, demo_catalog: Catalog,
                        fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["check", str(portfolio), "--as-of", "2028-09-01", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["card"], r["exit_code"]) for r in records] == [
        ("alpha/card.yaml", 0), ("beta/card.yaml", 1), ("gamma/triage.card.yaml", 2)]
    assert "error" in records[2] and "assessment" not in records[2]
    # each line carries the same canonical document `check --format json` writes for that card
    single = next(assess_portfolio(portfolio, demo_catalog, as_of="2028-09-01"))
    assert single.assessment is not None
    assert records[0]["assessment"] == assessment_document(single.assessment)


def test_cli_markdown_and_unsupported_formats(portfolio: Path, demo_env: None, runner: CliRunner) -> None:
    md = runner.invoke(app, ["check", str(portfolio), "--as-of", "2028-09-01", "-f", "md", "--lang", "zh"])
    assert "| `beta/card.yaml` | BetaBot | 75% · 1 差距 |" in md.stdout
    oscal = runner.invoke(app, ["check", str(portfolio), "-f", "oscal"])  # sarif and junit work for folders
    assert oscal.exit_code == 2 and "not available for a folder" in oscal.stderr


def test_cli_empty_folder_and_unknown_ruleset(tmp_path: Path, portfolio: Path, demo_env: None,
                                              runner: CliRunner) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["check", str(empty)])
    assert result.exit_code == 2 and "no card.yaml" in result.stderr
    result = runner.invoke(app, ["check", str(portfolio), "--ruleset", "nope"])
    assert result.exit_code == 2 and "unknown ruleset 'nope'" in result.stderr


def test_worker_processes_give_the_same_output_in_order(tmp_path: Path, demo_env: None, runner: CliRunner) -> None:
    for n in range(17):
        text = edited("DemoBot", f"Bot{n:02d}")
        if n % 4 == 0:
            text = edited("  physician_review: true\n", "  physician_review: false\n", text)
        write_card(tmp_path / "cards" / f"s{n:02d}", text)
    (tmp_path / "cards" / "s05" / "card.yaml").write_text("card_version: 2\n")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        result = runner.invoke(app, ["check", str(tmp_path / "cards"), "--as-of", "2028-09-01", "-f", "jsonl",
                                     "-j", jobs, "-o", str(out)])
        assert result.exit_code == 2, result.output
        outputs[jobs] = out.read_bytes()
    assert outputs["1"] == outputs["2"]
    records = [json.loads(line) for line in outputs["2"].splitlines()]
    assert [r["card"] for r in records] == [f"s{n:02d}/card.yaml" for n in range(17)]
    assert [r["exit_code"] for r in records][:6] == [1, 0, 0, 0, 1, 2]


def _summaries(count: int) -> list[CardSummary]:
    counts = {s: 0 for s in Status} | {Status.GAP: 45, Status.MANUAL: 31}
    scores = tuple(RulesetScore(r, "1.2.3", 0.25, counts) for r in ("cn-anthropomorphic", "eu-ai-act", "gdpr"))
    return [CardSummary(f"vendor-{i:02d}/a-rather-long-system-folder-{i:04d}/card.yaml", 1, f"系统 {i}",
                        scores=scores) for i in range(count)]


def test_piped_table_gives_each_card_one_line_however_long_its_path() -> None:
    text = portfolio_table(_summaries(12), "en", False, None)
    rows = [line for line in text.splitlines() if "card.yaml" in line]
    assert len(rows) == 12
    assert all("25% · 45 gap · 31 manual" in row and "gaps at --fail-on" in row for row in rows)
    assert len({text_width(line) for line in text.splitlines()[1:-1]}) == 1  # every box line equally wide


@pytest.mark.parametrize("width", [100, 120])
def test_terminal_table_fits_its_width_and_keeps_every_cell(width: int) -> None:
    text = portfolio_table(_summaries(3), "zh", False, width)
    lines = text.splitlines()
    assert max(text_width(line) for line in lines) <= width
    first_column = "".join(line.split("│")[1].strip() for line in lines if line.startswith("│"))
    assert first_column == "".join(f"vendor-{i:02d}/a-rather-long-system-folder-{i:04d}/card.yaml"
                                   for i in range(3))  # folded, not cut
    assert lines[-1] == "共 3 份模型卡：0 份通过，3 份存在差距，0 份无法评估"


@pytest.mark.parametrize("as_of", ["2024-01-01", "2026-11-25", "2028-09-01"])
def test_summary_counts_and_scores_each_rulesets_findings(catalog: Catalog, as_of: str) -> None:
    """`summarise` counts all findings in one pass: each ruleset's counts and score are those of its own findings."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    for outcome in assess_portfolio(examples, catalog, as_of=as_of):
        assessment = outcome.assessment
        assert assessment is not None
        expected = []
        for info in assessment.rulesets:
            findings = [f for f in assessment.findings if f.requirement.ruleset == info.id]
            expected.append(RulesetScore(info.id, info.version, score_of(findings), counts_of(findings)))
        scores = summarise(outcome).scores
        assert scores == tuple(expected)
        assert [list(s.counts.items()) for s in scores] == [list(s.counts.items()) for s in expected]  # order too
        assert len({tuple(s.counts.values()) for s in scores}) > 1  # rulesets' counts differ
