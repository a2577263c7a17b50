"""What a Chinese compliance officer reads: no English status words, Python reprs or half-width joins in zh output."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from compliance.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_attention_line_uses_the_glossary_status_words() -> None:
    out = _run("check", str(EXAMPLES / "medtriage" / "card.yaml"), "--lang", "zh", "--as-of", "2026-11-25")
    line = next(x for x in out.splitlines() if x.startswith("需关注"))
    assert "项无法评估" in line and "项待人工核查" in line, line
    assert "错误" not in line and "待人工确认" not in line, line


def test_markdown_facts_show_values_not_python_reprs() -> None:
    out = _run("check", str(EXAMPLES / "medtriage" / "card.yaml"), "--lang", "zh", "--as-of", "2026-11-25",
               "--format", "md")
    facts = out.split("## 推导事实", 1)[1].split("\n## ", 1)[0]
    assert "`true`" in facts and "`false`" in facts
    assert "`True`" not in facts and "`False`" not in facts and "`None`" not in facts


def test_explain_joins_dimensions_and_shows_values_in_chinese_style() -> None:
    out = _run("explain", "EU-AIA-9.1", "--lang", "zh")
    assert "对齐维度：安全性、可追责性" in out and "条文依据：" in out, out
    out = _run("explain", "MED-ACC-1", str(EXAMPLES / "medtriage" / "card.yaml"), "--lang", "zh",
               "--as-of", "2026-11-25")
    assert " = None" not in out, out


def test_scope_heading_uses_a_chinese_comma() -> None:
    out = _run("scope", str(EXAMPLES / "medtriage" / "card.yaml"), "--lang", "zh")
    assert out.splitlines()[0].startswith("MedTriage — 适用范围问题，评估基准日"), out.splitlines()[0]


def test_markdown_report_uses_chinese_punctuation_between_chinese_texts() -> None:
    out = _run("check", str(EXAMPLES / "companion" / "card.yaml"), "--lang", "zh", "--as-of", "2026-11-25",
               "--format", "md")
    assert "- 评估基准日：2026年11月25日" in out
    assert "（解读）" in out and " (解读)" not in out
    assert "；证明材料" in out and "; 证明材料" not in out  # two reasons of one finding


def test_work_plan_labels_and_lists_in_chinese_punctuation() -> None:
    out = _run("todo", str(EXAMPLES / "companion" / "card.yaml"), "--lang", "zh", "--as-of", "2026-11-25")
    assert "   对应要求：" in out and "   现状：" in out, out[:2000]
    assert "   对应要求: " not in out and "   现状: " not in out and "; 证明材料" not in out


def test_explain_conditions_and_dates_in_chinese_punctuation() -> None:
    out = _run("explain", "EU-AIA-9.1", "--lang", "zh")
    assert "同时满足（eu.in_scope；eu.high_risk；" in out, out
    assert "（修订依据：欧盟第2026/1744号条例" in out, out


def test_overview_marks_a_practice_ruleset_in_chinese_brackets() -> None:
    out = _run("check", str(EXAMPLES / "medtriage" / "card.yaml"), "--lang", "zh", "--as-of", "2026-11-25")
    line = next(x for x in out.splitlines() if "刘通等" in x and "符合率" in x)
    assert "（实践规范，非法律要求）：" in line and " (实践规范" not in line, line


def test_chinese_gap_analysis_dossier_words_fact_values_and_card_enums(tmp_path: Path) -> None:
    out = tmp_path / "gap.html"
    _run("dossier", str(EXAMPLES / "companion" / "card.yaml"), "--target", "gap-analysis", "--lang", "zh",
         "--as-of", "2026-11-25", "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    facts = html.split('class="grid facts-table"', 1)[1].split("</table>", 1)[0]
    assert '<td class="mono">是</td>' in facts and '<td class="mono">true</td>' not in facts
    assert "种族或民族出身" in html and "、ethnicity" not in html  # a card enumeration in words
    assert "cn.ant.exclusion_claimed = 否" in html and "= false" not in html
    assert "，第65行；" in html and "行; " not in html
    assert "取默认值 无" in html and "undetermined" not in html  # case-valued facts in words


def test_roles_the_card_declares_are_named_in_chinese() -> None:
    out = _run("check", str(EXAMPLES / "hospital-deployer" / "card.yaml"), "--lang", "zh", "--as-of", "2026-11-25",
               "--format", "md")
    assert "身份（模型卡：部署者）" in out and '（模型卡：["deployer"]）' not in out


def test_report_headings_give_the_as_of_date_as_chinese_prose_does() -> None:
    out = _run("check", str(EXAMPLES / "medtriage" / "card.yaml"), "--lang", "zh", "--as-of", "2026-11-25")
    assert out.splitlines()[0] == "MedTriage — 合规差距分析，评估基准日 2026年11月25日", out.splitlines()[0]
    out = _run("explain", "MED-ACC-1", str(EXAMPLES / "medtriage" / "card.yaml"), "--lang", "zh",
               "--as-of", "2026-11-25")
    assert "(card.yaml, 评估基准日 2026年11月25日)" in out, out
