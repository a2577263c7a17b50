"""The CLI against the engine-test rulesets: formats, exit codes, options, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from compliance.cli import app
from compliance.resources import schema

from .conftest import TEST_RULESETS, words

CARD = TEST_RULESETS / "demo" / "cases" / "cards" / "provider.yaml"
ROOT = Path(__file__).parent.parent


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def assessment(runner: CliRunner, *args: str) -> dict[str, object]:
    code, out = invoke(runner, "check", str(CARD), "-f", "json", *args)
    assert code in (0, 1), out
    document: dict[str, object] = json.loads(out)
    Draft202012Validator(schema("assessment")).validate(document)
    return document


def statuses(document: dict[str, object]) -> dict[str, str]:
    return {f["id"]: f["status"] for f in document["findings"]}  # type: ignore[attr-defined]


def test_table_output_and_exit_codes(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "check", str(CARD), "--as-of", "2028-09-01", "--all")
    assert code == 0
    assert "DEMO-9.1" in out and "Art. 9(1)" in out and "met" in out
    assert "met 3, attested 1 — score 100%" in out
    code, out = invoke(runner, "check", str(CARD), "--as-of", "2029-09-01")
    assert code == 1  # the plan is stale: a high-severity gap
    assert "gap" in out and "older than 365 days" in out


def test_fail_on_threshold(runner: CliRunner, demo_env: None) -> None:
    assert invoke(runner, "check", str(CARD), "--as-of", "2029-09-01", "--fail-on", "critical")[0] == 0
    assert invoke(runner, "check", str(CARD), "--as-of", "2029-09-01", "--fail-on", "medium")[0] == 1
    assert invoke(runner, "check", str(CARD), "--as-of", "2029-09-01", "--fail-on", "none")[0] == 0


def test_as_of_moves_statuses(runner: CliRunner, demo_env: None) -> None:
    before = statuses(assessment(runner, "--as-of", "2027-01-01"))
    after = statuses(assessment(runner, "--as-of", "2028-09-01"))
    assert before["DEMO-9.1"] == "upcoming" and after["DEMO-9.1"] == "met"
    document = assessment(runner, "--as-of", "2027-01-01")
    finding = next(f for f in document["findings"] if f["id"] == "DEMO-9.1")  # type: ignore[attr-defined]
    assert finding["effective"]["from"] == "2027-08-02"
    assert finding["effective"]["amended_from"] == "2028-08-02"
    assert finding["effective"]["applies_from"] == "2028-08-02"
    assert [r["code"] for r in finding["reasons"]] == ["effective.upcoming", "effective.amended"]


def test_before_the_amendment_the_original_date_applies(runner: CliRunner, demo_env: None) -> None:
    document = assessment(runner, "--as-of", "2026-07-01")
    finding = next(f for f in document["findings"] if f["id"] == "DEMO-9.1")  # type: ignore[attr-defined]
    assert finding["effective"].get("applies_from", finding["effective"]["from"]) == "2027-08-02"


def test_json_is_deterministic(runner: CliRunner, demo_env: None) -> None:
    first = invoke(runner, "check", str(CARD), "-f", "json", "--as-of", "2028-09-01")[1]
    second = invoke(runner, "check", str(CARD), "-f", "json", "--as-of", "2028-09-01")[1]
    assert first == second
    document = json.loads(first)
    assert document["as_of"] == "2028-09-01"
    assert len(document["card"]["sha256"]) == 64
    assert document["rulesets"][0]["id"] == "demo" and len(document["rulesets"][0]["sha256"]) == 64
    assert first == json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    indented = invoke(runner, "check", str(CARD), "-f", "json", "--as-of", "2028-09-01", "--indent", "2")[1]
    assert indented == json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_json_carries_facts_with_reasons(runner: CliRunner, demo_env: None) -> None:
    document = assessment(runner, "--as-of", "2028-09-01")
    facts = {f["id"]: f for f in document["facts"]}  # type: ignore[attr-defined]
    assert facts["demo.route"]["value"] == "device"
    assert facts["demo.high_risk_device"]["value"] is True
    texts = [words(r) for r in facts["demo.high_risk_device"]["reasons"]]
    assert "classification.medical_device.regulation in [\"MDR\", \"IVDR\"] (card: MDR)" in texts


def test_output_file_and_markdown(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    code, out = invoke(runner, "check", str(CARD), "-f", "md", "-o", str(target), "--as-of", "2028-09-01")
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# DemoBot — Gap analysis")
    assert "| DEMO-9.1 | Art. 9(1) | Risk management plan | Met | high | met by evidence rms |" in text


def test_chinese_table(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "check", str(CARD), "--lang", "zh", "--as-of", "2029-09-01")
    assert code == 1
    assert "合规差距分析" in out and "评估基准日" in out
    assert "第9条第1款" in out and "差距" in out and "风险管理计划" in out
    assert "2028年3月1日" in out


def test_group_by_dimension(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "check", str(CARD), "--group-by", "dimension", "--as-of", "2028-09-01", "--all")
    assert code == 0
    assert "Safety" in out and "Accountability" in out
    assert out.count("DEMO-9.1") == 2  # tagged safety and accountability


def test_waiver_and_expired_waiver(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    import shutil
    shutil.copytree(CARD.parent, tmp_path / "c")
    card = tmp_path / "c" / "provider.yaml"
    card.write_text(card.read_text() + (
        "waivers:\n"
        "  - {requirement: DEMO-30.1, justification: Pilot ward only, approver: CMO, expires: '2028-12-31'}\n"
        "  - {requirement: DEMO-20.1, justification: Old, approver: CMO, expires: '2027-12-31'}\n"))
    card.write_text(card.read_text().replace("physician_review: true", "physician_review: false"))
    result = runner.invoke(app, ["check", str(card), "-f", "json", "--as-of", "2028-09-01"])
    document = json.loads(result.output)
    found = statuses(document)
    assert found["DEMO-30.1"] == "waived" and found["DEMO-20.1"] == "met"
    assert [n["code"] for n in document["notices"]] == ["waiver.expired"]
    assert result.exit_code == 0


def test_validate_ok(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "validate", str(CARD))
    assert code == 0 and out.strip().endswith("valid")


def test_validate_words_each_evidence_problem(runner: CliRunner) -> None:
    """The example lists a missing file and an unreadable one on purpose: both are warnings in words."""
    example = Path(__file__).parent.parent / "examples" / "medtriage" / "card.yaml"
    result = runner.invoke(app, ["validate", "--allow-missing", str(example)])
    assert result.exit_code == 0, result.output
    assert "evidence/cn/minors-protection-policy.md): missing" in result.stderr
    assert "cybersecurity-assessment.md): unreadable — binary content in a markdown file" in result.stderr


def test_explain_with_card(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "explain", "DEMO-9.1", str(CARD), "--as-of", "2029-09-01")
    assert code == 0
    assert "Art. 9(1)" in out and "2027-12-02" in out and "2028-08-02" in out
    assert "Gap" in out and "older than 365 days" in out
    assert "demo.route = device" in out
    assert "organisation.roles.eu_ai_act = [\"provider\"]  (provider.yaml:9)" in out
    assert "rms evidence/rms.md sha256:" in out


def test_explain_without_card(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "explain", "DEMO-20.1")
    assert code == 0
    assert "refusal_rate ≥ 0.95 (9.4 a))" in out


def test_schema_commands(runner: CliRunner, demo_env: None) -> None:
    for name in ("card", "ruleset", "assessment"):
        code, out = invoke(runner, "schema", name)
        assert code == 0
        Draft202012Validator.check_schema(json.loads(out))
    card = json.loads(invoke(runner, "schema", "card")[1])
    assert card["$defs"]["evidence"]["properties"]["kind"]["enum"] == ["risk-management-plan", "safety-evaluation",
                                                                     "scope-memo", "user-agreement"]


def test_rulesets_commands(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "rulesets", "list")
    assert code == 0 and "demo" in out
    code, out = invoke(runner, "rulesets", "lint")
    assert code == 0 and "lint clean: 1 ruleset(s), 4 requirements" in out
    code, out = invoke(runner, "rulesets", "docs", "demo")
    assert code == 0 and "### DEMO-9.1 — Risk management plan" in out
    code, out = invoke(runner, "rulesets", "docs", "demo", "--lang", "zh")
    assert code == 0 and "### DEMO-9.1 — 风险管理计划" in out and "2028年8月2日" in out
    code, out = invoke(runner, "rulesets", "show", "demo")
    assert code == 0 and "demo.route" in out
    code, out = invoke(runner, "rulesets", "kinds")
    assert code == 0 and "safety-evaluation" in out


@pytest.mark.parametrize("fmt", ["json", "table", "md"])
def test_check_does_not_import_heavy_modules(fmt: str, tmp_path: Path) -> None:
    """Nor rich: output to a pipe is not drawn on a terminal (issue 19). With a warm catalog cache of its own
    (a cold or foreign cache is validated with jsonschema, which is not what this measures)."""
    code = (
        "import sys\n"
        "from compliance.cli import main\n"
        f"sys.argv = ['compliance', 'check', {str(CARD)!r}, '-f', {fmt!r}, '--as-of', '2028-09-01']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'jinja2', 'rich') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    env = {"COMPLIANCE_RULESETS": str(TEST_RULESETS), "PATH": "/usr/bin:/bin",
           "COMPLIANCE_CACHE_DIR": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    subprocess.run([sys.executable, "-m", "compliance", "rulesets", "list"], capture_output=True, env=env)  # warm
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


def test_the_table_leads_with_the_summary_and_lists_what_needs_attention(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "check", str(CARD), "--as-of", "2029-09-01")
    assert code == 1
    summary, tables = out.split("Listed below:", 1)
    assert "Summary" in summary and "demo: met 2, gap 1, attested 1" in summary.replace("Demo", "demo")
    assert "Needs attention: 1 gap(s) (1 high)" in summary
    assert "DEMO-9.1" in tables and "DEMO-20.1" not in tables   # met: listed only with --all
    code, everything = invoke(runner, "check", str(CARD), "--as-of", "2029-09-01", "--all")
    assert "DEMO-20.1" in everything and "Listed below" not in everything
    assert invoke(runner, "check", str(CARD), "--all", "--only", "gap")[0] == 2
    assert invoke(runner, "check", str(CARD), "--all", "-f", "json")[0] == 2


def test_a_narrow_terminal_gets_one_block_per_finding() -> None:
    from compliance.pipeline import assess_card
    from compliance.render import RenderOptions
    from compliance.render.grid import text_width
    from compliance.render.table import TableRenderer

    assessment = assess_card(ROOT / "examples" / "medtriage" / "card.yaml", (), "2026-11-25")
    for width in (80, 100, 140):
        text = TableRenderer().render(assessment, RenderOptions(width=width, only=("gap", "error"))).decode()
        assert max(text_width(line) for line in text.splitlines()) <= width, width
    narrow = TableRenderer().render(assessment, RenderOptions(width=80, only=("gap",))).decode()
    assert "PIPL-41 · gap · high · 第四十一条" in narrow and "┃" not in narrow


def test_only_lists_the_chosen_statuses_but_counts_everything(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "check", str(CARD), "--as-of", "2029-09-01", "--only", "gap")
    assert code == 1
    assert "DEMO-9.1" in out and "DEMO-20.1" not in out
    assert "met 2, gap 1, attested 1" in out


def test_only_offers_every_status_in_order() -> None:
    """`--only` names its choices (a list takes no Literal; an enum class cost every run): they are the statuses."""
    from compliance.cli_check import STATUS_NAMES
    from compliance.model import Status

    assert tuple(status.value for status in Status) == STATUS_NAMES


def test_explain_a_fact(runner: CliRunner, demo_env: None) -> None:
    code, out = invoke(runner, "explain", "demo.route", str(CARD), "--as-of", "2028-09-01")
    assert code == 0
    assert "demo.route — High-risk route" in out
    assert "device ⇐ demo.high_risk_device" in out and "none ⇐ otherwise" in out
    assert "demo.route = device" in out
    code, out = invoke(runner, "explain", "demo.high_risk_device", str(CARD))
    assert code == 0
    assert "classification.medical_device.regulation = MDR  (provider.yaml:13)" in out


def test_explain_words_crosswalk_relations_in_the_report_language(runner: CliRunner) -> None:
    """A crosswalk reads 'overlaps EU-AIA-11.1' / '部分重合 EU-AIA-11.1', never the schema's enum word in Chinese."""
    code, english = invoke(runner, "explain", "CN-GAI-19")
    assert code == 0 and "overlaps EU-AIA-11.1" in english
    code, chinese = invoke(runner, "explain", "CN-GAI-19", "--lang", "zh")
    assert code == 0 and "部分重合 EU-AIA-11.1" in chinese and "intersect" not in chinese
    code, docs = invoke(runner, "rulesets", "docs", "cn-genai", "--lang", "zh")
    assert code == 0 and "部分重合" in docs and "intersect" not in docs
