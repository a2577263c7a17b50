"""Cards, evidence and rulesets that tried to crash, hang or silently pass: refused with one line (exit 2)
or an `error` finding, never exit 70 and never a silent `met` or `not_applicable`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance import schema_check
from compliance.card import load_card
from compliance.errors import ComplianceError
from compliance.quickcheck import Unsupported, schema_regex
from compliance.resources import schema
from compliance.rulesets import load_catalog
from compliance.yaml_source import parse_yaml

from ..conftest import TEST_RULESETS, words
from .conftest import AS_OF, cli, edit, findings

# --- YAML aliases of every node kind -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "a: &s hello\nb: *s\n",                                  # scalar alias
    "a: &s hello\n*s : 1\n",                                 # an alias as a key
    "a: &l [1, 2]\nb: *l\n",                                 # sequence alias
    "a: &m {x: 1}\nb: {<<: *m}\n",                           # merge key
], ids=["scalar", "key", "sequence", "merge"])
def test_aliases_of_every_kind_are_refused(text: str) -> None:
    with pytest.raises(ComplianceError, match=r"alias|merge"):
        parse_yaml(text, "doc.yaml")


@pytest.mark.parametrize(("value", "detail"), [
    ("!!bool maybe", "'maybe'"), ('!!int ""', "string index out of range"), ("!!int ''", "string index out of range"),
    ("!!timestamp soon", "'NoneType' object has no attribute 'groupdict'"),
])
def test_a_tagged_value_its_tag_cannot_hold_is_a_one_line_error(card_dir: Path, value: str, detail: str) -> None:
    """PyYAML's constructors index into such scalars (KeyError, IndexError) or read the groups of a match that
    failed (AttributeError): exit 2 with one line, not 70."""
    card = card_dir / "provider.yaml"
    card.write_text(card.read_text(encoding="utf-8") + f"extra: {value}\n", encoding="utf-8")
    code, out = cli("validate", str(card))
    assert code == 2, out
    assert out.strip().splitlines() == [f"error: {card}: invalid YAML: a value cannot be read as its tag says "
                                        f"({detail})"]


def test_a_scalar_alias_bomb_is_refused_before_expansion(card_dir: Path) -> None:
    """One 1 MB anchored string referenced a thousand times would be a gigabyte of JSON."""
    card = card_dir / "provider.yaml"
    blob = "x" * (1024 * 1024)
    text = card.read_text().replace("intended_purpose: Test system",
                                    f"intended_purpose: &big {blob}\n  name_zh: *big")
    text += "".join(f"  - {{requirement: DEMO-5.1, statement: *big, by: b{i}, date: '2028-01-01'}}\n"
                    for i in range(1000))
    card.write_text(text)
    code, out = cli("check", str(card), "--as-of", AS_OF, "--format", "json")
    assert code == 2 and "aliases are not allowed (*big)" in out


# --- anchoring: "CN\n" is not CN -----------------------------------------------------------

def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


@pytest.mark.parametrize("name", ["card", "ruleset", "assessment"])
def test_every_schema_pattern_anchors_at_the_very_end(name: str) -> None:
    patterns = _patterns(schema(name))
    assert patterns
    for pattern in patterns:
        compiled = schema_regex(pattern).pattern
        assert not re.search(r"(?<!\\)\$", compiled), pattern
        if pattern.endswith("$"):
            assert compiled.endswith("\\Z")


@pytest.mark.parametrize(("old", "new", "where"), [
    ("markets: [EU]", 'markets: ["EU\\n"]', "deployment/markets/0"),
    ("markets: [EU]", "markets:\n    - |\n      EU", "deployment/markets/0"),   # a block scalar keeps the newline
    ("markets: [EU]", 'markets: [" EU"]', "deployment/markets/0"),
    ("markets: [EU]", 'markets: ["EU "]', "deployment/markets/0"),
    ("established_in: DE", 'established_in: "DE\\n"', "organisation/established_in"),
    ("eu_ai_act: [provider]", 'eu_ai_act: ["provider\\n"]', "organisation/roles/eu_ai_act/0"),
    ("eu_ai_act: [provider]", 'eu_ai_act: [" provider"]', "organisation/roles/eu_ai_act/0"),
    ("{id: rms,", '{id: "rms\\n",', "evidence/0/id"),
    ('date: "2028-03-01"}', 'date: "2028-03-01\\n"}', "evidence/0/date"),
    ("refusal_rate: 0.97", '"refusal_rate\\n": 0.97', "evidence/1/metrics"),
], ids=["newline", "block-scalar", "leading-space", "trailing-space", "country", "role-enum", "role-space",
        "evidence-id", "date", "metric-name"])
def test_surrounding_whitespace_in_enumerated_values_is_refused(card_dir: Path, old: str, new: str,
                                                                 where: str) -> None:
    card = edit(card_dir / "provider.yaml", old, new)
    code, out = cli("validate", str(card))
    assert code == 2 and where in out, out


def test_jsonschema_anchors_like_the_quick_check(card_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When only jsonschema decides (a keyword the quick check lacks), "CN\\n" is still refused."""
    def unsupported(instance: object, schema: object) -> bool:
        raise Unsupported("test")
    monkeypatch.setattr(schema_check, "is_valid", unsupported)
    card = edit(card_dir / "provider.yaml", "markets: [EU]", 'markets: [EU, "CN\\n"]')
    code, out = cli("validate", str(card))
    assert code == 2 and "deployment/markets/1" in out and "does not match" in out


def test_a_trailing_newline_cannot_turn_a_gap_into_not_applicable(card_dir: Path) -> None:
    """The issue's silent pass: `"CN\\n"` read as a market that is not CN."""
    card = edit(card_dir / "provider.yaml", "markets: [EU]", 'markets: ["EU\\n"]')
    code, out = cli("check", str(card), "--as-of", AS_OF, "--format", "json")
    assert code == 2 and "does not match" in out


# --- numbers ------------------------------------------------------------------------------

def test_a_json_card_reads_exponents_as_numbers(card_dir: Path) -> None:
    data = yaml.safe_load((card_dir / "provider.yaml").read_text())
    data["model"] = {"training_compute_flops": 3e21, "fine_tune_compute_fraction": 1e-3}
    path = card_dir / "card.json"
    path.write_text(json.dumps(data))
    assert '"training_compute_flops": 3e+21' in path.read_text()
    catalog = load_catalog(TEST_RULESETS)
    card = load_card(path, catalog.vocabulary, catalog.requirements.keys())
    assert card.data["model"] == {"training_compute_flops": 3e21, "fine_tune_compute_fraction": 0.001}


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e999", "-1e999", "1" + "0" * 400, "1.0e+400"])
def test_a_card_number_beyond_the_float_range_is_refused_with_its_line(card_dir: Path, value: str) -> None:
    card = edit(card_dir / "provider.yaml", "refusal_rate: 0.97", f"refusal_rate: {value}")
    code, out = cli("check", str(card), "--as-of", AS_OF)
    assert code == 2, out
    assert "provider.yaml:19: evidence/1/metrics/refusal_rate" in out
    assert "not a finite number" in out or "too large" in out


def _json_evidence(card_dir: Path, body: str) -> Path:
    (card_dir / "evidence" / "safety.json").write_text(body)
    return edit(card_dir / "provider.yaml",
                "path: evidence/safety.yaml, date: \"2028-03-01\",\n     metrics: {refusal_rate: 0.97, "
                "false_refusal_rate: 0.03}}",
                "path: evidence/safety.json, date: \"2028-03-01\"}")


@pytest.mark.parametrize(("body", "detail"), [
    ('{"metrics": {"refusal_rate": 0.5, "refusal_rate": 0.99, "false_refusal_rate": 0.01}}', "duplicate key"),
    ('{"metrics": {"refusal_rate": NaN, "false_refusal_rate": 0.01}}', "NaN"),
    ('{"metrics": {"refusal_rate": Infinity, "false_refusal_rate": 0.01}}', "Infinity"),
    ('{"metrics": {"refusal_rate": 1e999, "false_refusal_rate": 0.01}}', "1e999"),
    ('{"metrics": {"refusal_rate": 0.99, "false_refusal_rate": -1e999}}', "-1e999"),
], ids=["duplicate-key", "nan", "infinity", "overflow", "negative-overflow"])
def test_json_evidence_that_json_does_not_allow_is_an_error_finding(card_dir: Path, body: str, detail: str) -> None:
    card = _json_evidence(card_dir, body)
    finding = findings(card)["DEMO-20.1"]
    assert finding["status"] == "error", finding
    assert detail in json.dumps(finding["reasons"])


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1" + "0" * 400])
def test_yaml_evidence_metrics_beyond_the_float_range_are_an_error_finding(card_dir: Path, value: str) -> None:
    (card_dir / "evidence" / "safety.yaml").write_text(f"metrics:\n  refusal_rate: {value}\n"
                                                      "  false_refusal_rate: 0.01\n")
    card = edit(card_dir / "provider.yaml", "metrics: {refusal_rate: 0.97, false_refusal_rate: 0.03}}", "}")
    finding = findings(card)["DEMO-20.1"]
    assert finding["status"] == "error", finding
    assert "not a finite number" in json.dumps(finding["reasons"])


# --- paths that made the tool exit 70 ---------------------------------------------------------

@pytest.mark.parametrize(("path", "message"), [
    ('"evidence/r\\0ms.md"', "contains a NUL byte"),
    ("evidence/" + "a" * 300 + ".md", "longer than 255 bytes"),
    ("evidence/" + "a/" * 2100 + "x.md", "longer than 4096 bytes"),
], ids=["nul", "long-name", "long-path"])
def test_unusable_evidence_paths_are_card_problems(card_dir: Path, path: str, message: str) -> None:
    card = edit(card_dir / "provider.yaml", "path: evidence/rms.md", f"path: {path}")
    code, out = cli("check", str(card), "--as-of", AS_OF)
    assert code == 2 and "evidence/0/path" in out and message in out, out


def test_an_evidence_symlink_loop_is_a_card_problem(card_dir: Path) -> None:
    (card_dir / "evidence" / "loop.md").symlink_to("loop.md")
    card = edit(card_dir / "provider.yaml", "path: evidence/rms.md", "path: evidence/loop.md")
    code, out = cli("check", str(card), "--as-of", AS_OF)
    assert code == 2 and "symlink loop" in out, out


def test_a_card_that_is_a_symlink_loop_says_so(card_dir: Path) -> None:
    (card_dir / "loop.yaml").symlink_to("loop.yaml")
    code, out = cli("check", str(card_dir / "loop.yaml"))
    assert code == 2 and "symlink loop" in out


def test_a_card_name_too_long_for_the_file_system(card_dir: Path) -> None:
    code, out = cli("check", str(card_dir / ("c" * 300 + ".yaml")))
    assert code == 2 and "too long" in out


def test_a_fifo_card_is_refused_without_blocking(card_dir: Path) -> None:
    os.mkfifo(card_dir / "fifo.yaml")
    code, out = cli("check", str(card_dir / "fifo.yaml"))
    assert code == 2 and "FIFO" in out


def test_a_fifo_evidence_file_is_an_error_finding_without_blocking(card_dir: Path) -> None:
    os.mkfifo(card_dir / "evidence" / "pipe.md")
    card = edit(card_dir / "provider.yaml", "path: evidence/rms.md", "path: evidence/pipe.md")
    finding = findings(card)["DEMO-9.1"]
    assert finding["status"] == "error" and "FIFO" in json.dumps(finding["reasons"])


# --- structures too deep to evaluate ---------------------------------------------------------

def test_a_card_nested_200_deep_is_refused(card_dir: Path) -> None:
    card = edit(card_dir / "provider.yaml", "intended_purpose: Test system",
                "intended_purpose: " + "[" * 200 + "]" * 200)
    code, out = cli("check", str(card))
    assert code == 2 and "nested more than 64 levels deep" in out


@pytest.fixture
def rulesets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import shutil
    shutil.copytree(TEST_RULESETS, tmp_path / "rulesets")
    monkeypatch.setenv("COMPLIANCE_RULESETS", str(tmp_path / "rulesets"))
    return tmp_path / "rulesets" / "demo" / "ruleset.yaml"


RESEARCH = "    when: {claim: deployment.research_only}"
CARD = TEST_RULESETS / "demo" / "cases" / "cards" / "provider.yaml"


def test_not_nested_200_deep_is_a_ruleset_error(rulesets: Path) -> None:
    edit(rulesets, RESEARCH, "    when: " + "{not: " * 200 + "{claim: deployment.research_only}" + "}" * 200)
    code, out = cli("check", str(CARD), "--as-of", AS_OF)
    assert code == 2 and "nested more than 64 levels deep" in out


def test_a_chain_of_3000_facts_is_a_ruleset_error(rulesets: Path) -> None:
    head = "  - {id: demo.c%d, title: {en: c, zh: 链}, citation: Art. 1, when: "
    chain = "".join(head % i + f"{{fact: demo.c{i + 1}}}}}\n" for i in range(3000))
    chain += head % 3000 + "{path: system.generative, op: eq, value: true}}\n"
    edit(rulesets, "facts:\n", "facts:\n" + chain)
    edit(rulesets, RESEARCH, "    when: {fact: demo.c0}")
    code, out = cli("check", str(CARD), "--as-of", AS_OF)
    assert code == 2 and "fact chain of 3002 facts" in out


def test_a_chain_of_3000_conditions_is_a_ruleset_error(rulesets: Path) -> None:
    chain = "".join(f"  k{i}: {{all: [{{condition: k{i + 1}}}]}}\n" for i in range(3000))
    chain += "  k3000: {path: system.generative, op: eq, value: true}\n"
    edit(rulesets, "schedules:\n", "conditions:\n" + chain + "schedules:\n")
    edit(rulesets, RESEARCH, "    when: {condition: k0}")
    code, out = cli("check", str(CARD), "--as-of", AS_OF)
    assert code == 2 and "conditions nested more than 16 deep" in out


# --- impossible metric values: units and ranges -------------------------------------------------

@pytest.fixture
def rated(demo_env: None) -> Path:
    """The engine-test rulesets: DEMO-20.1's figures are rates (`unit: rate`, the shipped rulesets' style)."""
    return TEST_RULESETS


@pytest.mark.parametrize(("metrics", "wrong"), [
    ("{refusal_rate: 97, false_refusal_rate: 0.03}", "refusal_rate = 97"),      # a percentage for a rate
    ("{refusal_rate: 0.97, false_refusal_rate: -1}", "false_refusal_rate = -1"),  # below any rate, under ≤ 0.05
    ("{refusal_rate: 80, false_refusal_rate: 3}", "refusal_rate = 80"),
], ids=["percentage", "negative", "both"])
def test_an_impossible_figure_is_an_error_never_met(card_dir: Path, rated: Path, metrics: str, wrong: str) -> None:
    (card_dir / "evidence" / "safety.yaml").write_text("standard: x\n")
    card = edit(card_dir / "provider.yaml", "metrics: {refusal_rate: 0.97, false_refusal_rate: 0.03}",
                f"metrics: {metrics}")
    finding = findings(card)["DEMO-20.1"]
    assert finding["status"] == "error", finding
    shown = " ".join(words(r) for r in finding["reasons"])  # type: ignore[attr-defined]
    assert wrong in shown and "impossible for a rate" in shown, shown


def test_a_possible_figure_is_compared_as_before(card_dir: Path, rated: Path) -> None:
    assert findings(card_dir / "provider.yaml")["DEMO-20.1"]["status"] == "met"


def test_a_metric_check_without_a_unit_is_a_lint_problem(rulesets: Path) -> None:
    edit(rulesets.parent / "requirements" / "main.yaml", "value: 0.95, unit: rate,", "value: 0.95,")
    code, out = cli("rulesets", "lint")
    assert code == 1 and "metric refusal_rate declares no unit" in out


def test_a_threshold_outside_its_unit_is_a_ruleset_error(rulesets: Path) -> None:
    edit(rulesets.parent / "requirements" / "main.yaml", "value: 0.95, unit: rate", "value: 95, unit: rate")
    code, out = cli("check", str(CARD), "--as-of", AS_OF)
    assert code == 2 and "value 95 is not a rate" in out


def test_a_hostile_markdown_heading_line_is_checked_in_linear_time(card_dir: Path) -> None:
    """`# a` + 200,000 spaces + `b` took minutes through the old heading regex; the whole `check` of a card
    whose evidence holds five such lines now fits a 10-second CPU budget (a quadratic parser needs minutes)."""
    from ..documents.budget import within_cpu_budget

    (card_dir / "evidence" / "rms.md").write_text(("# a" + " " * 200_000 + "b\n") * 5 + "## Risk identification\n")
    code = ("import os, sys\n"
            f"os.environ['COMPLIANCE_RULESETS'] = {str(TEST_RULESETS)!r}\n"
            "from compliance.cli import main\n"
            f"sys.argv = ['compliance', 'check', {str(card_dir / 'provider.yaml')!r}, '--as-of', {AS_OF!r}, "
            "'-f', 'json']\n"
            "main()\n")
    finished = within_cpu_budget(code, seconds=10)
    assert finished.returncode in (0, 1), finished.stderr[-500:]
    assert '"DEMO-9.1"' in finished.stdout


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs a file that is longer than its size says")
def test_a_file_longer_than_its_measured_size_is_read_whole_and_still_capped() -> None:
    """read_bytes sizes its buffer from fstat; a file that grows after that (here a /proc file, size 0) is
    still read to its end, and never past the cap."""
    from compliance.yaml_source import read_bytes

    whole = read_bytes(Path("/proc/self/status"), "status")
    assert whole.startswith(b"Name:") and b"\nPid:" in whole and len(whole) > 100
    with pytest.raises(ComplianceError, match="over the limit of 50 bytes"):
        read_bytes(Path("/proc/self/status"), "status", 50)
