"""`compliance dossier`: a PDF file and a one-line summary, HTML on request, one-line errors with exit 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from compliance.cli import app

from ..render.standalone import check_standalone
from .conftest import AS_OF, FIXTURE_CARD


def test_dossier_writes_a_pdf_and_says_what_is_left(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    out = tmp_path / "pipia.pdf"
    result = runner.invoke(app, ["dossier", str(FIXTURE_CARD), "--target", "pipl-pipia", "--as-of", AS_OF,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert "pipl-pipia (zh)" in result.output and "placeholder(s) to complete" in result.output


def test_dossier_html_goes_to_stdout(runner: CliRunner, demo_env: None) -> None:
    result = runner.invoke(app, ["dossier", str(FIXTURE_CARD), "--target", "gdpr-dpia", "--as-of", AS_OF,
                                 "--format", "html", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "数据保护影响评估报告" in result.output and "<style>" in result.output
    # one file a reader can open anywhere: the CJK font subset travels inside it, not beside it
    assert "数" in check_standalone(result.output)


def test_dossier_html_file_is_self_contained(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    out = tmp_path / "gap.html"
    result = runner.invoke(app, ["dossier", str(FIXTURE_CARD), "--target", "gap-analysis", "--as-of", AS_OF,
                                 "--format", "html", "--lang", "zh", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "fonts/NotoSansSC" not in html
    assert {"合", "规"} <= check_standalone(html)


def test_usage_errors_are_one_line_exit_2(runner: CliRunner, demo_env: None, tmp_path: Path) -> None:
    cases = [
        ["dossier", str(FIXTURE_CARD), "--target", "eu-annex-iv"],  # no -o for a PDF
        ["dossier", str(FIXTURE_CARD), "-o", str(tmp_path / "x.pdf")],  # no target
        ["dossier", str(tmp_path / "missing.yaml"), "--target", "gap-analysis", "-o", str(tmp_path / "x.pdf")],
        ["dossier", str(FIXTURE_CARD), "--target", "gap-analysis", "--as-of", "2028-13-01", "-o",
         str(tmp_path / "x.pdf")],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
