"""`compliance todo`, `compliance evidence scaffold` and `compliance rulesets kinds` from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from compliance.cli import app
from compliance.documents import Document, assess_section, read_document

from .conftest import EXAMPLE


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_todo_on_the_example_in_both_formats_and_languages() -> None:
    code, text = invoke("todo", str(EXAMPLE), "--as-of", "2027-06-01")
    assert code == 0
    first = text.split("\n\n")[1]
    assert first.startswith("1. dpia — Data protection impact assessment  [critical · applies from 2018-05-25")
    assert 'evidence dpia: no section headed "Residual risk" or "剩余风险"' in first
    assert "start with: compliance evidence scaffold dpia -o evidence/dpia.md" in first
    assert "not yet in force" in text and "Card answers that fail a check" in text
    code, md = invoke("todo", str(EXAMPLE), "--as-of", "2027-06-01", "--format", "md", "--lang", "zh")
    assert code == 0
    assert md.startswith("# MedTriage 证明材料工作计划（评估基准日：2027年6月1日）")
    assert "- [ ] 章节: DPO | Data protection officer | 数据保护官" in md
    assert "`compliance evidence scaffold dpia -o evidence/dpia.md --lang zh`" in md


def test_todo_bad_card_is_a_usage_error(tmp_path: Path) -> None:
    code, out = invoke("todo", str(tmp_path / "nope.yaml"))
    assert code == 2 and "Traceback" not in out


def test_scaffold_writes_markdown_and_word_and_prints_the_card_entry(tmp_path: Path) -> None:
    code, out = invoke("evidence", "scaffold", "dpia", "-o", str(tmp_path / "dpia.md"), "--date", "2026-12-05")
    assert code == 0
    assert '  - {id: dpia, kind: dpia, path: ' in out and 'date: "2026-12-05"}' in out
    for name in ("dpia.md", "dpia.docx"):
        if name.endswith(".docx"):
            assert invoke("evidence", "scaffold", "dpia", "-o", str(tmp_path / name), "--lang", "zh")[0] == 0
        document = read_document((tmp_path / name).read_bytes(), "docx" if name.endswith(".docx") else "markdown")
        assert isinstance(document, Document)
        for section in (("Systematic description", "处理操作的系统描述"), ("Residual risk", "剩余风险")):
            verdict = assess_section(document, section)
            assert verdict.found and not verdict.substantive, (name, section)
    code, out = invoke("evidence", "scaffold", "dpia", "-o", str(tmp_path / "dpia.md"))
    assert code == 2 and "--force" in out
    code, out = invoke("evidence", "scaffold", "dpia", "-o", str(tmp_path / "dpia.pdf"))
    assert code == 2 and ".md or .docx" in out
    code, out = invoke("evidence", "scaffold", "dpai")
    assert code == 2 and "did you mean dpia" in out


def test_scaffold_to_stdout_lists_measures() -> None:
    result = CliRunner().invoke(app, ["evidence", "scaffold", "risk-management-plan", "--date", "2026-12-05"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Risk management plan and file\n\n## ")
    assert "[TODO: " in result.stdout and "risk_management: [risk-management-plan]" in result.output


def test_rulesets_kinds_shows_requirements_and_sections() -> None:
    code, out = invoke("rulesets", "kinds", "dpia")
    assert code == 0
    used_by = next(line for line in out.splitlines() if "used by" in line)
    assert {"GDPR-35.1", "GDPR-35.2", "GDPR-36.1"} <= set(used_by.split(": ")[1].split(", "))
    assert "GDPR-36.1: Residual risk | 剩余风险" in out
    assert '"A | B" = either heading' in out
    code, out = invoke("rulesets", "kinds", "--lang", "zh")
    assert code == 0 and "项要求使用" in out and "措施" in out
