"""`compliance evidence import` from the command line: the printed entry, the card written, one-line errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from compliance.cli import app

from ..conftest import EXAMPLE
from .conftest import FIXTURES, GARAK, LM_EVAL


def test_without_a_card_the_entry_is_printed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evidence", "import", str(GARAK)])
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(result.stdout)[0]
    assert entry["kind"] == "red-team-report" and entry["date"] == "2026-11-19"
    assert entry["source"]["tool"] == "garak" and entry["source"]["version"] == "0.13.1"


def test_into_a_card(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "medtriage"
    shutil.copytree(EXAMPLE.parent, folder)
    shutil.copy(LM_EVAL, folder / LM_EVAL.name)
    result = runner.invoke(app, ["evidence", "import", str(folder / LM_EVAL.name), "--card", str(folder / "card.yaml")])
    assert result.exit_code == 0, result.output
    assert "added evidence lm-eval-2026-11-18 (accuracy-evaluation, 5 metric(s) from lm-evaluation-harness)" in \
        result.output
    assert "lm-eval-2026-11-18" in (folder / "card.yaml").read_text()


def test_bad_input_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    truncated = tmp_path / "results_2026-11-18T14-02-37.json"
    truncated.write_bytes(LM_EVAL.read_bytes()[:700])
    garbage = tmp_path / "notes.txt"
    garbage.write_text("accuracy was great\n")
    cases = [
        ([str(tmp_path / "missing.json")], "file not found"),
        ([str(garbage)], "not a recognised evaluation output"),
        ([str(truncated), "--format", "lm-eval"], "invalid JSON"),
        ([str(FIXTURES / "README.md")], "give --date"),
        ([str(GARAK), "--format", "nessus"], "unknown format 'nessus'"),
        ([str(GARAK), "--card", str(tmp_path / "nocard.yaml")], "card file not found"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["evidence", "import", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_round_trip_library_is_loaded_only_by_this_command(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from compliance.cli import main\n"
        f"sys.argv = ['compliance', 'check', {str(EXAMPLE)!r}, '-f', 'json', '--as-of', '2026-11-25']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'ruamel' not in sys.modules and 'ruamel.yaml' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "COMPLIANCE_CACHE_DIR": str(tmp_path / "cache"),
                                 "XDG_STATE_HOME": str(tmp_path / "state")})
    assert result.returncode == 0, result.stderr
