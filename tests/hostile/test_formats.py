"""The same hostile strings, written into a card, fed to every output format: nothing reaches a terminal
raw, Markdown renders as text, JUnit stays well-formed XML, JSON never carries NaN or Infinity, and no
bidi override reorders what a reader sees."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from compliance import strict_json
from compliance.model import Assessment, Reason, Status
from compliance.pipeline import assess_card
from compliance.render import RenderOptions, renderer
from compliance.rulesets import load_catalog

from ..conftest import TEST_RULESETS
from .conftest import AS_OF, cli, edit

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"             # OSC 52: writes the user's clipboard
HIDDEN = "\x1b[8m"                                # SGR 8: concealed text
HTML = '<script>alert(1)</script><img src=x onerror="alert(2)">'
LINK = "[click](javascript:alert(3))"
BIDI = "\u202etxt.exe"                            # shows as exe.txt
# YAML double-quoted escapes for all of them, and the characters each must never show raw
HOSTILE_YAML = r'"Evil\e[2J\e]52;c;ZXZpbA==\a\e[8m<script>alert(1)</script><img src=x onerror=\"alert(2)\">' \
               r'|a|b [click](javascript:alert(3)) \u202etxt.exe\r\0\uFFFE end"'
RAW_CONTROLS = ("\x1b", "\x07", "\r", "\x00", "\u202e", "\ufffe")


@pytest.fixture
def hostile_card(card_dir: Path) -> Path:
    card = card_dir / "provider.yaml"
    edit(card, "name: DemoBot", f"name: {HOSTILE_YAML}")
    edit(card, "name: Demo GmbH", f"name: {HOSTILE_YAML}")
    edit(card, "statement: Screened", f"statement: {HOSTILE_YAML}")
    path = HOSTILE_YAML.replace('"Evil', '"evidence/Evil').replace("\\0", "")  # a NUL would refuse the card
    edit(card, "path: evidence/rms.md", f"path: {path}")
    return card


def _render(card: Path, fmt: str, color: bool = False) -> str:
    assessment = assess_card(card, (), AS_OF, load_catalog(TEST_RULESETS))
    options = RenderOptions(color=color, card_uri=str(card))
    return renderer(fmt).render(assessment, options).decode("utf-8")


def _no_raw_controls(text: str, allow_sgr: bool = False) -> None:
    if allow_sgr:  # the table's own colours: ESC [ digits m, nothing else
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    for ch in RAW_CONTROLS:
        assert ch not in text, repr(ch)


def test_the_card_really_carries_the_hostile_strings(hostile_card: Path, demo_env: None) -> None:
    data = json.loads(_render(hostile_card, "json"))
    assert CLEAR in data["card"]["system"] and BIDI in data["card"]["system"] and HTML in data["card"]["system"]


@pytest.mark.parametrize("color", [False, True], ids=["piped", "terminal"])
def test_table(hostile_card: Path, demo_env: None, color: bool) -> None:
    out = _render(hostile_card, "table", color)
    _no_raw_controls(out, allow_sgr=color)
    assert "\\x1b[2J" in out and "<U+202E>" in out  # shown, not acted on


def test_markdown(hostile_card: Path, demo_env: None) -> None:
    out = _render(hostile_card, "md")
    _no_raw_controls(out)
    text = re.sub(r"`[^`]*`", "``", out)  # inside a code span HTML is shown, never parsed
    assert "<script" not in text and "<img" not in text and not re.search(r"(?<!\\)\]\(javascript:", text)
    assert "&lt;script&gt;" in out
    for line in out.splitlines():
        if line.startswith("| "):  # every table row keeps its columns: no unescaped | from the card
            assert len(re.findall(r"(?<!\\)\|", line)) in (4, 7), line


def test_html(hostile_card: Path, demo_env: None) -> None:
    out = _render(hostile_card, "html")
    _no_raw_controls(out)
    assert "<script>alert" not in out and "<img src=x" not in out and "&lt;script&gt;" in out


def test_junit_is_well_formed_xml(hostile_card: Path, demo_env: None) -> None:
    out = _render(hostile_card, "junit")
    _no_raw_controls(out)
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"


@pytest.mark.parametrize("fmt", ["json", "sarif", "oscal"])
def test_json_formats_keep_the_text_as_escaped_data(hostile_card: Path, demo_env: None, fmt: str) -> None:
    out = _render(hostile_card, fmt)
    _no_raw_controls(out.replace("\u202e", "").replace("\ufffe", ""))  # JSON escapes C0; the rest is data
    strict_json.loads(out)


def _with_non_finite(assessment: Assessment) -> Assessment:
    """An assessment whose reasons carry the floats JSON has no token for (e.g. a sum that overflowed)."""
    finding = assessment.findings[0]
    reasons = (Reason("evidence.metric_failed", {"id": "x", "path": "x", "metric": "m", "op": "gte",
                                                  "value": math.inf, "actual": -math.inf, "citation": math.nan}),)
    broken = dataclasses.replace(finding, status=Status.GAP, reasons=reasons)
    return dataclasses.replace(assessment, findings=tuple(broken if f is finding else f for f in assessment.findings))


@pytest.mark.parametrize("fmt", ["json", "sarif", "oscal"])
def test_json_formats_never_write_nan_or_infinity(card_dir: Path, demo_env: None, fmt: str) -> None:
    assessment = _with_non_finite(assess_card(card_dir / "provider.yaml", (), AS_OF, load_catalog(TEST_RULESETS)))
    out = renderer(fmt).render(assessment, RenderOptions()).decode("utf-8")
    strict_json.loads(out)  # NaN / Infinity tokens would be refused here
    assert "Infinity" in out  # as a string


def test_portfolio_formats(hostile_card: Path, demo_env: None) -> None:
    folder = hostile_card.parent
    hostile_card.rename(folder / "card.yaml")
    for fmt in ("table", "md", "jsonl"):
        code, out = cli("check", str(folder), "--as-of", AS_OF, "--format", fmt)
        assert code in (0, 1), out
        if fmt == "jsonl":
            strict_json.loads(out.splitlines()[0])
            continue
        _no_raw_controls(out)
        if fmt == "md":
            assert "<script" not in re.sub(r"`[^`]*`", "``", out)


def test_explain(hostile_card: Path, demo_env: None) -> None:
    code, out = cli("explain", "DEMO-9.1", str(hostile_card), "--as-of", AS_OF)
    assert code == 0, out
    _no_raw_controls(out)
    assert "\\x1b[2J" in out


def test_error_messages(card_dir: Path, demo_env: None) -> None:
    """A problem naming a hostile value is printed visibly escaped too."""
    card = edit(card_dir / "provider.yaml", "markets: [EU]", f"markets: [{HOSTILE_YAML}]")
    code, out = cli("check", str(card))
    assert code == 2
    _no_raw_controls(out)


def test_diff_of_assessments_someone_else_wrote(hostile_card: Path, demo_env: None, tmp_path: Path) -> None:
    """`diff` reads two JSON files: their titles, names and reasons are as untrusted as a card."""
    assessment = assess_card(hostile_card, (), AS_OF, load_catalog(TEST_RULESETS))
    old = json.loads(renderer("json").render(assessment, RenderOptions(with_catalog=True)))
    new = json.loads(json.dumps(old))
    new["findings"][0]["status"] = "gap"
    new["catalog"]["requirements"][new["findings"][0]["id"]]["title"] = {"en": "Risk " + CLEAR + BIDI + HTML + "|x|",
                                                                         "zh": "x"}
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    for fmt in ("table", "md"):
        code, out = cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", fmt)
        assert code in (0, 1), out
        _no_raw_controls(out)
        if fmt == "md":
            assert "<script" not in re.sub(r"`[^`]*`", "``", out)
