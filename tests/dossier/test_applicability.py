"""A dossier target whose instrument does not apply, or whose trigger is not met, is refused (exit 2) unless
--force, which stamps the cover; an unanswered scoping question never makes a target "not required"."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from compliance.cli import app

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "medtriage"
AS_OF = ["--as-of", "2026-11-25"]


def edited(tmp_path: Path, edit: Callable[[dict[str, object]], None]) -> Path:
    folder = tmp_path / "medtriage"
    shutil.copytree(EXAMPLE, folder)
    card = folder / "card.yaml"
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    edit(data)
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return card


def eu_only(data: dict[str, object]) -> None:
    deployment = data["deployment"]
    assert isinstance(deployment, dict)
    deployment["markets"] = ["EU"]
    deployment["public_service_cn"] = False
    data["data"]["cross_border"] = []  # type: ignore[index]


def china_only(data: dict[str, object]) -> None:
    data["organisation"]["established_in"] = "CN"  # type: ignore[index]
    data["deployment"]["markets"] = ["CN"]  # type: ignore[index]
    data["deployment"]["output_used_in_eu"] = False  # type: ignore[index]


def dossier(runner: CliRunner, card: Path, target: str, *extra: str) -> tuple[int, str]:
    out = card.parent / "out.html"
    result = runner.invoke(app, ["dossier", str(card), "--target", target, "--format", "html", "-o", str(out),
                                 *AS_OF, *extra])
    text = out.read_text(encoding="utf-8") if out.is_file() else ""
    return result.exit_code, result.output + text


@pytest.mark.parametrize(("edit", "target", "reason"), [
    (eu_only, "pipl-pipia", "pipl-pipia is not required for this system: "),
    (eu_only, "cn-genai-filing", "cn-genai-filing is not required for this system: "),
    (china_only, "eu-annex-iv", "eu-annex-iv is not required for this system: "),
    (china_only, "gdpr-dpia", "gdpr-dpia is not required for this system: "),
])
def test_refused_with_a_one_line_reason_and_exit_2(tmp_path: Path, runner: CliRunner,
                                                   edit: Callable[[dict[str, object]], None], target: str,
                                                   reason: str) -> None:
    card = edited(tmp_path, edit)
    code, out = dossier(runner, card, target)
    assert code == 2, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and reason in lines[0] and "--force" in lines[0], out
    assert not (card.parent / "out.html").exists()


def test_force_stamps_the_cover_in_both_languages(tmp_path: Path, runner: CliRunner) -> None:
    card = edited(tmp_path, eu_only)
    code, out = dossier(runner, card, "pipl-pipia", "--force")
    assert code == 0, out
    assert "本系统无须编制本文件" in out and 'class="stamp stamp-not-required"' in out
    code, out = dossier(runner, card, "pipl-pipia", "--force", "--lang", "en")
    assert code == 0, out
    assert "Not required for this system" in out


def test_a_required_target_has_no_stamp(runner: CliRunner, tmp_path: Path) -> None:
    card = edited(tmp_path, lambda data: None)
    code, out = dossier(runner, card, "gdpr-dpia")
    assert code == 0, out
    assert 'class="stamp' not in out


def test_an_unanswered_question_leaves_the_target_open_not_refused(tmp_path: Path, runner: CliRunner) -> None:
    def unanswered_establishment(data: dict[str, object]) -> None:
        data["organisation"]["established_in"] = None  # type: ignore[index]
        data["deployment"]["markets"] = None  # type: ignore[index]
    card = edited(tmp_path, unanswered_establishment)
    code, out = dossier(runner, card, "pipl-pipia")
    assert code == 0, out
    assert 'class="stamp stamp-open"' in out and "是否须编制本文件尚待确定" in out


def test_an_unanswered_annex_i_question_leaves_annex_iv_open(tmp_path: Path, runner: CliRunner) -> None:
    def no_annex_iii(data: dict[str, object]) -> None:
        data["classification"] = {"medical_device": {"regulation": "none"}, "annex_iii": [], "profiling": False}
    card = edited(tmp_path, no_annex_iii)
    code, out = dossier(runner, card, "eu-annex-iv")
    assert code == 0, out
    assert 'class="stamp stamp-open"' in out and "Whether this document is required is open" in out
