"""The EN and ZH message catalogs carry the same keys, none empty (every report word exists in both)."""

from __future__ import annotations

import json

from compliance.resources import PACKAGE_DIR


def _load(lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((PACKAGE_DIR / "locales" / f"{lang}.json").read_text(encoding="utf-8"))
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
