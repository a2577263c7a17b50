"""The README's first hour: one command sets everything up and runs the example, one runs the tests, and
CI runs exactly these two."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _commands(text: str) -> list[str]:
    """The commands in the README's ```bash blocks, comments dropped."""
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.DOTALL)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines() if line.split("#")[0].strip()]


def test_readme_sets_up_with_one_command_and_tests_with_another() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme[readme.index("## Set up and run"):readme.index("## A short tour")]
    commands = _commands(setup)
    assert commands[:2] == ["git clone <this repository> compliance && cd compliance", "./install.sh"]
    assert "./test.sh" in commands
    assert "pip install" not in setup.replace("bare `pip install`", "")  # Debian's python3 refuses it


def test_ci_runs_exactly_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = [line.strip() for line in ci.splitlines() if line.strip() in ("./install.sh", "./test.sh")]
    assert steps == ["./install.sh", "./test.sh"]
    assert "/usr/bin/python3" in ci  # Debian's own interpreter where there is one


@pytest.mark.parametrize("script", ["install.sh", "test.sh", ".ci/run"])
def test_scripts_parse(script: str) -> None:
    assert subprocess.run(["bash", "-n", str(ROOT / script)], check=False).returncode == 0


def test_install_refuses_unknown_options_and_a_missing_python(tmp_path: Path) -> None:
    wrong = subprocess.run([str(ROOT / "install.sh"), "--frobnicate"], capture_output=True, text=True, check=False)
    assert wrong.returncode == 2 and "unknown option --frobnicate" in wrong.stderr
    env = {"PATH": "/usr/bin:/bin", "PYTHON": str(tmp_path / "no-python"), "VENV": str(tmp_path / "venv")}
    missing = subprocess.run([str(ROOT / "install.sh")], capture_output=True, text=True, check=False, env=env)
    assert missing.returncode == 1 and "no-python not found" in missing.stderr
    assert not (tmp_path / "venv").exists()


def test_the_tour_quotes_what_check_prints_today() -> None:
    """The tour's sample output names the shipped rulesets' versions and hashes and the example card's hash
    as `check` prints them: a ruleset bump or a card edit must update the README too."""
    from compliance.pipeline import assess_card

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme[readme.index("## A short tour"):]
    assessment = assess_card(ROOT / "examples" / "medtriage" / "card.yaml", as_of="2026-11-25")
    quoted = dict(re.findall(r"([a-z][a-z-]+) (\d+\.\d+\.\d+) \(", " ".join(tour.split())))
    for ruleset in assessment.rulesets:
        assert quoted.get(ruleset.id) == ruleset.version, ruleset.id
        assert f"{ruleset.id} {ruleset.version} ({ruleset.sha256[:12]})" in " ".join(tour.split())
    assert tour.count(f"card.yaml ({assessment.card_sha256[:12]})") == 2
