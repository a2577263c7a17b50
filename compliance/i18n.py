"""Message catalogs (EN, ZH) for every word a report prints, and Chinese date/citation conventions."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache

from .resources import PACKAGE_DIR

LANGUAGES = ("en", "zh")


@cache
def catalog(lang: str) -> dict[str, str]:
    path = PACKAGE_DIR / "locales" / f"{lang}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(key: str, lang: str, params: Mapping[str, str] | None = None) -> str:
    """The catalog text for `key` in `lang`, with `{name}` filled (the `name_zh` param wins in Chinese)."""
    text = catalog(lang).get(key) or catalog("en").get(key, key)
    values = _Params()
    for name, value in (params or {}).items():
        if name.endswith("_zh"):
            continue
        zh = (params or {}).get(f"{name}_zh")
        if lang == "zh" and name in ("date", "expires", "valid_until", "original", "amended") and value:
            value = zh_date(value)
        values[name] = zh if lang == "zh" and zh else value
    return text.format_map(values)


def zh_date(iso: str) -> str:
    """2026-08-02 → 2026年8月2日 (GB/T 9704 style, no leading zeros)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


_ANNEX = {"I": "一", "II": "二", "III": "三", "IV": "四", "V": "五", "VI": "六", "VII": "七", "VIII": "八",
          "IX": "九", "X": "十", "XI": "十一", "XII": "十二", "XIII": "十三"}
_ARTICLE = re.compile(r"Art\.\s*(\d+[a-z]?)((?:\(\d+[a-z]?\))?)((?:\([a-z]+\))?)((?:\([ivx]+\))?)")
_ANNEX_RX = re.compile(r"Annex\s+([IVX]+)(?:\s+(?:point|points)\s+([\w().,\s-]+?))?(?=$|[;,]|\s+Section)")


def zh_citation(citation: str) -> str:
    """EU citation in the Chinese convention: Art. 9(2)(a) → 第9条第2款(a)项; Annex IV → 附件四."""
    if not citation.isascii() or ("Art" not in citation and "Annex" not in citation):
        return citation

    def article(match: re.Match[str]) -> str:
        number, para, point, sub = match.groups()
        text = f"第{number}条"
        if para:
            text += f"第{para[1:-1]}款"
        if point:
            text += f"{point}项"
        if sub:
            text += f"{sub}目"
        return text

    def annex(match: re.Match[str]) -> str:
        roman, points = match.groups()
        text = f"附件{_ANNEX.get(roman, roman)}"
        return f"{text}第{points.strip()}点" if points else text

    text = _ARTICLE.sub(article, citation)
    text = _ANNEX_RX.sub(annex, text)
    text = re.sub(r"\bSection\s+([A-Z0-9]+)", r"第\1节", text)
    return text.replace(" and ", "和").replace("; ", "；")
