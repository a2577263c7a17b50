"""A demo card in a temporary folder, run through the CLI against the engine-test rulesets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app

from ..conftest import TEST_RULESETS

DEMO_CARDS = TEST_RULESETS / "demo" / "cases" / "cards"
AS_OF = "2028-09-01"


@pytest.fixture
def card_dir(tmp_path: Path, demo_env: None) -> Path:
    shutil.copytree(DEMO_CARDS, tmp_path / "card")
    return tmp_path / "card"


def cli(*args: str) -> tuple[int, str]:
    """Exit code and output (stdout and stderr) of one command; a traceback fails the test."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def findings(card: Path, *extra: str) -> dict[str, dict[str, object]]:
    """The JSON findings of `check`, by requirement id."""
    code, out = cli("check", str(card), "--as-of", AS_OF, "--format", "json", *extra)
    assert code in (0, 1), out
    return {f["id"]: f for f in json.loads(out)["findings"]}
