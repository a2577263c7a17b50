"""Issue 16, part B: the CN filing is a Chinese document, clause by clause over TC260-003 chapters 5-8."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from compliance.card_text import with_translations
from compliance.cn_codes import uscc_check_character, uscc_problem
from compliance.dossier.clauses import load_clauses
from compliance.dossier.inputs import gather
from compliance.dossier.render import dossier_html, dossier_pdf
from compliance.rulesets import load_catalog

from ..conftest import TESTS

EXAMPLE = TESTS.parent / "examples" / "medtriage" / "card.yaml"
AS_OF = "2026-12-05"
# Latin words a Chinese filing may contain: proper names, citations, identifiers of files and fields.
# Evidence ids and card field paths are identifiers (every statement names its source); a-i are clause letters.
ALLOWED = re.compile(r"(?x) SHA-256 | [0-9a-f]{3,} | CN-GAI-[A-Z0-9.\-]* | NMPA-\d | MedTriage[\w\-.]* "
                     r"| compliance | GmbH "
                     r"| Dr\.? | PDF/A-3b | PDF | GB/T | GB[\w\-]* | ICP | TC260-003 | Markdown | [a-i] | A(\.[1-5])? "
                     r"| [\w\-./]+/ | [\w\-./]+\.(yaml|md|csv|pdf|docx|json) | [a-z0-9]+(?:[_.\-][a-z0-9]*)+ "
                     r"| Martin | Hoffmann | CEO | Shanghai-UpstreamLLM-\d+-\d+ | [\w.\-]+@[\w.\-]+ ")


@pytest.fixture(scope="module")
def filing() -> tuple[str, bytes]:
    catalog = load_catalog()
    inputs = gather(EXAMPLE, (), AS_OF, catalog, ("cn-genai",))
    titles = {k.id: k.title.get("zh") for k in catalog.vocabulary.kinds.values()}
    rendered = dossier_pdf(inputs, "cn-genai-filing", "zh", "regulation", titles)
    assert rendered.pdf is not None
    return rendered.html, rendered.pdf


def test_every_tc260_clause_is_listed_and_rated(filing: tuple[str, bytes]) -> None:
    html, _ = filing
    clauses = load_clauses("cn-genai", "tc260-003")
    catalog = load_catalog()
    known = {r.id for rs in catalog.rulesets for r in rs.requirements}
    for clause in clauses.clauses():
        assert f'<td class="clause-no">{clause.number}</td>' in html, clause.number
        assert set(clause.requirements) <= known, clause.number
    row = r'<td class="clause-no">([^<]+)</td>\s*<td>.*?</td>\s*<td><span class="badge rate-(\w+)">'
    rows = re.findall(row, html, re.S)
    assert len(rows) == len(clauses.clauses())
    assert {rating for _, rating in rows} <= {"met", "gap", "not_applicable", "to_verify"}
    assert dict(rows)["7 d)"] == "to_verify" and "参考资料未载明该条款措辞" in html


def test_no_engine_notation_cli_hints_or_eu_material(filing: tuple[str, bytes]) -> None:
    html, _ = filing
    for forbidden in ("compliance explain", "（推导值", "（推定", "非（", "合格评定", "欧盟官方公报",
                      "keyword_library_size", "should_refuse_bank_size", "Decision support for"):
        assert forbidden not in html, forbidden


def _text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "filing.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_chinese_reads_back_and_no_latin_words_outside_the_allowlist(filing: tuple[str, bytes],
                                                                      tmp_path: Path) -> None:
    text = _text(filing[1], tmp_path)
    assert "急诊预检分诊决策支持" in text and "逐条自评估结果" in text and "待核查" in text
    text = re.sub(r"-\n\s*(?:\S+\s{2,})?", "-", text)  # identifiers wrapped at a hyphen in a table cell
    body = text.split("附录一")[0] if text.count("附录一") < 2 else "附录一".join(text.split("附录一")[:2])
    import yaml
    ids = {str(e["id"]) for e in yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["evidence"]}
    stray = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_\-./@]*", body)
             if not ALLOWED.fullmatch(w) and not any(w.strip("-/") in i for i in ids) and w not in ("AI", "social")
             and not w.startswith("evidence/")]
    assert not stray, sorted(set(stray))[:40]


def test_missing_chinese_text_is_a_placeholder_never_english(tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    shutil.copytree(EXAMPLE.parent, tmp_path / "ex")
    card = tmp_path / "ex" / "card.yaml"
    text = card.read_text(encoding="utf-8")
    start = text.index("  intended_purpose_zh:")
    end = text.index("  description:", start)
    card.write_text(text[:start] + text[end:], encoding="utf-8")
    catalog = load_catalog()
    html = dossier_html(gather(card, (), AS_OF, catalog, ("cn-genai",)), "cn-genai-filing", "zh").html
    assert "Decision support for emergency-department triage" not in html
    assert "预期用途的中文文本（模型卡字段 system.intended_purpose_zh）" in html
    assert "统一社会信用代码（模型卡字段 organisation.cn_uscc）" in html  # listed as to be supplied


def test_every_prose_field_takes_a_chinese_sibling() -> None:
    schema = {"properties": {"system": {"properties": {"intended_purpose": {"$ref": "#/$defs/prose"},
                                                        "name": {"type": "string"}}}}}
    expanded = with_translations(schema)["properties"]["system"]["properties"]
    assert "intended_purpose_zh" in expanded and "name_zh" not in expanded


@pytest.mark.parametrize("code", ["914403001922038216", "91110000802100433B"])
def test_valid_unified_social_credit_codes(code: str) -> None:
    assert uscc_problem(code) is None


def test_bad_unified_social_credit_codes() -> None:
    good = "91310104" + "MA1FL0000"
    good += uscc_check_character(good)
    assert uscc_problem(good) is None
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert "check character" in (uscc_problem(wrong) or "")
    assert "18 characters" in (uscc_problem(good[:17]) or "")
    assert "not a unified social credit code" in (uscc_problem("I" + good[1:]) or "")


def test_a_folded_chinese_card_text_has_no_space_between_sentences(filing: tuple[str, bytes]) -> None:
    """The card's intended_purpose_zh is a folded YAML block: its line breaks become spaces, which the filing
    removes between Chinese characters (as the rulesets' texts are), keeping the space before a Latin word."""
    html, _ = filing
    assert "方可生效。不用于诊断" in html and "方可生效。 不用于诊断" not in html
    assert "主诉、生命体征和病史，MedTriage 给出" in html
