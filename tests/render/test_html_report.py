"""`check --format html`: one self-contained file (inline CSS, nothing fetched), autoescaped, no WeasyPrint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app

from ..conftest import ROOT, TEST_RULESETS, TESTS
from .standalone import check_standalone

CARD = TESTS / "fixtures" / "dossier" / "card.yaml"


def test_html_report_is_self_contained(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["check", str(CARD), "--format", "html", "-o", str(out), "--as-of", "2028-09-01",
                                 "--lang", "zh"])
    assert result.exit_code == 1, result.output  # DEMO-30.1 is a critical gap
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN"' in html
    assert "<style>" in html
    shown = check_standalone(html)  # nothing external; the embedded CJK subset draws every Chinese character
    assert {"合", "规", "差", "距"} <= shown
    for words in ("合规差距分析报告", "评估结论摘要", "整改计划", "DEMO-30.1", "<svg"):
        assert words in html


def test_english_html_report_embeds_the_chinese_of_its_card(runner: CliRunner, demo_env: None,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    runner.invoke(app, ["check", str(CARD), "--format", "html", "-o", str(out), "--as-of", "2028-09-01"])
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert {"问", "诊", "助", "手"} <= check_standalone(html)  # the system's name: 问诊助手 TriageBot


def test_subset_without_harfbuzz_draws_the_same_characters() -> None:
    import io

    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    from compliance.dossier.fonts import subset_font

    text = "合规差距分析报告 MedTriage（第三条）"
    for harfbuzz in (True, False):
        font = TTFont(io.BytesIO(subset_font((ord(c) for c in text), harfbuzz=harfbuzz)))
        assert set(font.getBestCmap()) == {ord(c) for c in text}, harfbuzz


def test_html_report_escapes_card_text(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    folder = tmp_path / "card"
    import shutil
    shutil.copytree(CARD.parent, folder)
    card = folder / "card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "name: 问诊助手 TriageBot", "name: '<script>alert(1)</script><img src=x onerror=alert(2)>'"), encoding="utf-8")
    out = tmp_path / "report.html"
    runner.invoke(app, ["check", str(card), "--format", "html", "-o", str(out), "--as-of", "2028-09-01"])
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_check_does_not_import_weasyprint(fmt: str, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from compliance.cli import app\n"
        "try:\n"
        f"    app(['check', {str(CARD)!r}, '--format', {fmt!r}, '-o', {str(tmp_path / 'out')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('weasyprint' in sys.modules, 'jinja2' in sys.modules)\n"
    )
    env = {"COMPLIANCE_RULESETS": str(TEST_RULESETS), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                            check=False)
    assert (tmp_path / "out").stat().st_size > 0, result.stderr
    weasy, jinja = result.stdout.split()
    assert weasy == "False", "check imported weasyprint"
    assert jinja == ("True" if fmt == "html" else "False")


def test_html_summary_counts_are_the_clis(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    """Gaps and unreadable evidence are counted apart, as the CLI's summary line counts them; duties already
    in force say since when, never 'overdue'."""
    import shutil

    folder = tmp_path / "card"
    shutil.copytree(CARD.parent, folder)
    card = folder / "card.yaml"
    (folder / "evidence" / "rms.md").write_bytes(b"\x00\x01 binary")  # unreadable: an error finding
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["check", str(card), "--format", "html", "-o", str(out), "--as-of", "2028-09-01"])
    assert result.exit_code == 1, result.output
    table = runner.invoke(app, ["check", str(card), "--as-of", "2028-09-01"])
    summary = table.stdout.strip().splitlines()[-1]
    html = out.read_text(encoding="utf-8")
    import re

    gaps = int(re.search(r"\bgap (\d+)", summary).group(1))  # type: ignore[union-attr]
    errors = int(re.search(r"\berror (\d+)", summary).group(1))  # type: ignore[union-attr]
    assert errors >= 1
    assert f"{gaps} gap(s), {errors} with unreadable evidence" in html
    assert "overdue" not in html and "in force since" in html


def test_only_is_honoured_by_html_and_refused_by_records(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    every = runner.invoke(app, ["check", str(CARD), "--format", "html", "--as-of", "2028-09-01"])
    gaps = runner.invoke(app, ["check", str(CARD), "--format", "html", "--as-of", "2028-09-01", "--only", "gap"])
    assert every.exit_code == gaps.exit_code == 1
    assert gaps.stdout != every.stdout  # the view lists fewer findings
    assert "DEMO-30.1" in gaps.stdout
    for format in ("json", "sarif", "junit", "oscal"):
        refused = runner.invoke(app, ["check", str(CARD), "--format", format, "--only", "gap"])
        assert refused.exit_code == 2 and "always holds every finding" in refused.stderr, format


def test_grouping_by_dimension_says_what_is_listed_twice(runner: CliRunner, demo_env: None) -> None:
    by_dimension = runner.invoke(app, ["check", str(CARD), "--as-of", "2028-09-01", "--group-by", "dimension",
                                        "--all"])
    by_regulation = runner.invoke(app, ["check", str(CARD), "--as-of", "2028-09-01"])
    assert "tagged with several dimensions are listed under each" in by_dimension.stdout
    assert "several dimensions" not in by_regulation.stdout
    md = runner.invoke(app, ["check", str(CARD), "--as-of", "2028-09-01", "--group-by", "dimension", "-f", "md",
                             "--lang", "zh"])
    assert "涉及多个维度，在各维度下均予列出" in md.stdout
