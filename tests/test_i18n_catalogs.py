"""The EN and ZH message catalogs carry the same keys, none empty (every report word exists in both)."""

from __future__ import annotations

import json

import pytest

from compliance.resources import PACKAGE_DIR
from compliance.rulesets import Catalog

from .conftest import ROOT

# Renderings the glossary (shared/legal/glossary-en-zh.md) does not use, with the term it does: every Chinese
# word the product prints (message catalogs, rulesets and their vocabulary of evidence kinds, templates).
NOT_GLOSSARY = [  # (English term, avoided rendering, the glossary's term and section)
    ("human-oversight", "人类监督", "人工监督 (§1 Art. 14; §6.4)"),
    ("prohibited-practices", "禁止性做法", "禁止的人工智能实践 (§1 Art. 5)"),
    ("joint-controllers", "联合控制者", "共同控制者 (§2 Art. 26)"),
    ("evidence", "证据无法读取", "证明材料 (§5.3; the error status §5.1)"),
    ("conformity-assessment", "符合性评估", "合格评定 (§6.4)"),
    ("technical-documentation", "技术文档", "技术文件 (§6.4)"),
    ("general-purpose-ai-model", "通用目的人工智能", "通用人工智能模型 (§1 Art. 3(63))"),
    ("data-portability", "数据可携权", "数据可携带权 (§6.4)"),
    ("executive-summary", "执行摘要", "评估结论摘要 (§5.3)"),
]
SHIPPED_TEXT = [*(PACKAGE_DIR / "locales").glob("*.json"),
                *(p for p in (ROOT / "rulesets").rglob("*") if p.suffix in (".yaml", ".md")),
                *(p for p in (ROOT / "templates").rglob("*") if p.suffix in (".j2", ".yaml", ".css"))]


def _load(lang: str) -> dict[str, str]:
    """Both files of a language (`report.locale.COMMAND_PREFIXES`)."""
    data: dict[str, str] = {}
    for name in (f"{lang}.json", f"{lang}.commands.json"):
        data.update(json.loads((PACKAGE_DIR / "locales" / name).read_text(encoding="utf-8")))
    return data


def test_same_keys_in_both_languages() -> None:
    en, zh = _load("en"), _load("zh")
    assert sorted(set(en) - set(zh)) == [], "keys missing in zh.json"
    assert sorted(set(zh) - set(en)) == [], "keys missing in en.json"


def test_no_empty_message() -> None:
    for lang in ("en", "zh"):
        empty = sorted(k for k, v in _load(lang).items() if not v.strip() and k != "dossier.page.after")
        assert not empty, f"{lang}.json has empty messages: {empty}"


def test_chinese_report_words_use_the_glossary_terms() -> None:
    zh = _load("zh")
    assert zh["dossier.placeholder"].startswith("【待补充：由提供者填写】")
    assert zh["dossier.rating.filing.met"] == "符合"
    assert zh["dossier.rating.filing.gap"] == "不符合"
    assert zh["dossier.rating.filing.not_applicable"] == "不适用"
    assert "证明材料" in zh["dossier.evidence_register"]


@pytest.mark.parametrize(("avoided", "use"), [(a, u) for _, a, u in NOT_GLOSSARY], ids=[i for i, _, _ in NOT_GLOSSARY])
def test_chinese_text_has_no_rendering_the_glossary_avoids(avoided: str, use: str) -> None:
    found = [f"{p.relative_to(ROOT)}:{n}" for p in SHIPPED_TEXT
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if avoided in line]
    assert not found, f"{avoided}: the glossary writes {use}; found in {found}"


def test_each_language_is_two_files_parted_by_prefix() -> None:
    """`<lang>.commands.json` holds exactly the messages under `COMMAND_PREFIXES`, `<lang>.json` the others."""
    from compliance.report.locale import COMMAND_PREFIXES, catalog, report_catalog

    for lang in ("en", "zh"):
        report = report_catalog(lang)
        commands = {k: v for k, v in catalog(lang).items() if k not in report}
        assert catalog(lang) == _load(lang) and len(report) + len(commands) == len(_load(lang))
        assert all(k.split(".")[0] in COMMAND_PREFIXES for k in commands), lang
        assert not any(k.split(".")[0] in COMMAND_PREFIXES for k in report), lang


def test_a_table_reads_only_the_reports_messages(catalog: Catalog) -> None:
    """A check's table (and Markdown), in both languages, with every finding and by dimension, finds every message
    it prints in `<lang>.json`: it never parses the other commands' and the dossiers' messages."""
    from compliance.pipeline import assess_card
    from compliance.render import RenderOptions, renderer
    from compliance.report import locale

    assessment = assess_card(ROOT / "examples" / "medtriage" / "card.yaml", (), "2026-11-25", catalog)
    locale.catalog.cache_clear()
    for lang in ("en", "zh"):
        for group_by in ("regulation", "dimension"):
            for format in ("table", "md"):
                assert renderer(format).render(assessment, RenderOptions(lang=lang, group_by=group_by, only=()))
    assert locale.catalog.cache_info().currsize == 0
