"""Bad input never crashes and never passes silently: one clear line per problem and exit 2,
or the right finding for evidence problems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app

from .conftest import TEST_RULESETS, words

DEMO_CARDS = TEST_RULESETS / "demo" / "cases" / "cards"
AS_OF = ["--as-of", "2028-09-01"]


@pytest.fixture
def card_dir(tmp_path: Path, demo_env: None) -> Path:
    shutil.copytree(DEMO_CARDS, tmp_path / "card")
    return tmp_path / "card"


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def write(card_dir: Path, text: str) -> Path:
    path = card_dir / "provider.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def no_traceback(output: str) -> None:
    assert "Traceback" not in output
    assert all(len(line) < 400 for line in output.splitlines())


def edit(card_dir: Path, old: str, new: str) -> Path:
    path = card_dir / "provider.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["check", "validate"])
def test_malformed_yaml(card_dir: Path, runner: CliRunner, command: str) -> None:
    path = write(card_dir, "card_version: 1\nsystem:\n  name: [unclosed\n  intended_purpose: x\n")
    code, out = run(runner, command, str(path))
    assert code == 2
    assert f"{path}:" in out and "invalid YAML" in out
    no_traceback(out)


def test_alias_bomb_is_refused(card_dir: Path, runner: CliRunner) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = write(card_dir, "\n".join(lines) + "\n")
    code, out = run(runner, "check", str(path))
    assert code == 2
    assert "aliases are not allowed (*a0)" in out
    assert ":2:" in out  # the line of the first alias


def test_huge_card_is_refused_before_parsing(card_dir: Path, runner: CliRunner) -> None:
    path = card_dir / "provider.yaml"
    with path.open("w") as handle:
        handle.write("card_version: 1\n# " + "x" * (50 * 1024 * 1024) + "\n")
    code, out = run(runner, "check", str(path))
    assert code == 2
    assert "the limit is 2,097,152 bytes" in out
    no_traceback(out)


def test_every_schema_problem_at_once_with_lines(card_dir: Path, runner: CliRunner) -> None:
    path = edit(card_dir, "  physician_review: true\n", "  physician_review: yes\n  genrative: true\n")
    path = edit(card_dir, "  established_in: DE", "  established_in: Germany")
    path = edit(card_dir, 'date: "2028-03-01"}\n  - {id: safety', 'date: 2028-13-45}\n  - {id: safety')
    code, out = run(runner, "validate", str(path))
    assert code == 2
    lines = [line for line in out.splitlines() if line.startswith(str(path))]
    assert len(lines) == 4, out
    assert any(":5: system/physician_review: 'yes' is not allowed (allowed: true, false, null, unknown)" in line
               for line in lines)
    assert any(":6: system/genrative: unknown key 'genrative'; did you mean 'generative'?" in line for line in lines)
    assert any("organisation/established_in: 'Germany' does not match" in line for line in lines)
    assert any("evidence/0/date: '2028-13-45' is not a valid date (YYYY-MM-DD)" in line for line in lines)
    no_traceback(out)


def test_enum_error_lists_allowed_values(card_dir: Path, runner: CliRunner) -> None:
    path = edit(card_dir, "class: IIa", "class: 2a")
    code, out = run(runner, "validate", str(path))
    assert code == 2
    assert "classification/medical_device/class: '2a' is not allowed" in out
    assert "IIa" in out


def test_norway_is_not_false(card_dir: Path, runner: CliRunner) -> None:
    path = edit(card_dir, "  established_in: DE", "  established_in: NO")
    code, out = run(runner, "validate", str(path))
    assert code == 0, out


def test_duplicate_and_non_string_keys(card_dir: Path, runner: CliRunner) -> None:
    path = edit(card_dir, "  name: DemoBot\n", "  name: DemoBot\n  name: Other\n  1: one\n")
    code, out = run(runner, "validate", str(path))
    assert code == 2
    assert ":4: system/name: duplicate key (first written on line 3)" in out
    assert ":5: system: keys must be strings, got '1'" in out


@pytest.mark.parametrize(("raw", "message"), [
    ("../../etc/passwd", "'..' is not allowed"),
    ("/etc/passwd", "absolute paths are not allowed"),
])
def test_evidence_path_escapes(card_dir: Path, runner: CliRunner, raw: str, message: str) -> None:
    path = edit(card_dir, "path: evidence/rms.md", f"path: {raw}")
    for command in ("check", "validate"):
        code, out = run(runner, command, str(path))
        assert code == 2
        assert f"evidence/0/path: '{raw}' {message}" in out
        assert "root:" not in out


def test_symlink_out_of_folder(card_dir: Path, runner: CliRunner, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# Risk identification\n# Misuse\n")
    (card_dir / "evidence" / "link.md").symlink_to(outside)
    path = edit(card_dir, "path: evidence/rms.md", "path: evidence/link.md")
    code, out = run(runner, "check", str(path))
    assert code == 2
    assert "resolves outside the card's folder (symlink)" in out


def _finding(runner: CliRunner, path: Path, requirement: str) -> dict[str, object]:
    result = runner.invoke(app, ["check", str(path), "-f", "json", *AS_OF])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.output)
    finding: dict[str, object] = next(f for f in document["findings"] if f["id"] == requirement)
    return finding


def test_missing_evidence_file_is_a_gap(card_dir: Path, runner: CliRunner) -> None:
    (card_dir / "evidence" / "rms.md").unlink()
    finding = _finding(runner, card_dir / "provider.yaml", "DEMO-9.1")
    assert finding["status"] == "gap"
    assert finding["reasons"][0]["code"] == "evidence.missing"  # type: ignore[index]
    assert "evidence/rms.md not found" in words(finding["reasons"][0])  # type: ignore[index]


def test_sha256_mismatch_is_tampered(card_dir: Path, runner: CliRunner) -> None:
    path = edit(card_dir, "path: evidence/rms.md,", f"path: evidence/rms.md, sha256: '{'0' * 64}',")
    finding = _finding(runner, path, "DEMO-9.1")
    assert finding["status"] == "gap"
    reason = finding["reasons"][0]  # type: ignore[index]
    assert reason["code"] == "evidence.tampered"
    assert "may have been altered" in words(reason)


def test_matching_sha256_is_accepted(card_dir: Path, runner: CliRunner) -> None:
    import hashlib
    digest = hashlib.sha256((card_dir / "evidence" / "rms.md").read_bytes()).hexdigest()
    path = edit(card_dir, "path: evidence/rms.md,", f"path: evidence/rms.md, sha256: {digest},")
    assert _finding(runner, path, "DEMO-9.1")["status"] == "met"


def test_binary_evidence_where_markdown_expected_is_an_error_finding(card_dir: Path, runner: CliRunner) -> None:
    (card_dir / "evidence" / "rms.md").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    finding = _finding(runner, card_dir / "provider.yaml", "DEMO-9.1")
    assert finding["status"] == "error"
    assert "binary content in a markdown file" in words(finding["reasons"][0])  # type: ignore[index]


def test_broken_ruleset_predicate(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, root)
    main = root / "demo" / "requirements" / "main.yaml"
    text = main.read_text()
    main.write_text(text.replace("{fact: demo.route, op: ne, value: none}", "{fact: demo.route, op: almost}")
                    .replace("{path: system.physician_review, op: eq", "{path: system.physician_reviw, op: eq"))
    monkeypatch.setenv("COMPLIANCE_RULESETS", str(root))
    code, out = run(runner, "check", str(DEMO_CARDS / "provider.yaml"))
    assert code == 2
    assert "rulesets/demo/requirements/main.yaml:" in out
    assert "'almost' is not allowed" in out
    assert out.startswith("error: rulesets/demo/requirements/main.yaml:18: requirements/0/applies_when/all/0/op:")
    main.write_text(text.replace("{path: system.physician_review, op: eq", "{path: system.physician_reviw, op: eq"))
    code, out = run(runner, "rulesets", "lint")
    assert code == 2
    assert "card path 'system.physician_reviw' is not in the card schema" in out


@pytest.mark.parametrize(("args", "message"), [
    (["check", "nope.yaml"], "card file not found"),
    (["check", str(DEMO_CARDS / "evidence"), "--format", "json"], "no card.yaml or *.card.yaml found"),
    (["check", str(DEMO_CARDS / "provider.yaml"), "--as-of", "2028-02-30"], "not a date in YYYY-MM-DD form"),
    (["check", str(DEMO_CARDS / "provider.yaml"), "--ruleset", "eu-ai-akt"], "unknown ruleset 'eu-ai-akt'"),
    (["check", str(DEMO_CARDS / "provider.yaml"), "--format", "docx"], "'docx' is not one of"),
    (["check", str(DEMO_CARDS / "provider.yaml"), "--format", "jsonl"], "format 'jsonl' is not available for one card"),
    (["explain", "DEMO-9.2"], "unknown requirement 'DEMO-9.2' (did you mean DEMO-9.1"),
])
def test_usage_errors(runner: CliRunner, demo_env: None, args: list[str], message: str) -> None:
    code, out = run(runner, *args)
    assert code == 2
    assert message in out
    no_traceback(out)


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "a: 1\n---\nb: 2\n"])
def test_card_must_be_one_mapping(card_dir: Path, runner: CliRunner, text: str) -> None:
    path = write(card_dir, text)
    code, out = run(runner, "validate", str(path))
    assert code == 2
    no_traceback(out)


def test_validate_fails_on_missing_evidence_unless_allowed(card_dir: Path, runner: CliRunner) -> None:
    path = edit(card_dir, "path: evidence/rms.md", "path: evidence/rms-2027.md")
    code, out = run(runner, "validate", str(path))
    assert code == 2, out
    assert "evidence/0/path: 'evidence/rms-2027.md' does not exist" in out
    assert "--allow-missing" in out
    no_traceback(out)
    code, out = run(runner, "validate", "--allow-missing", str(path))
    assert code == 0, out
    assert "warning: evidence" in out and "missing" in out and out.strip().endswith("valid")
