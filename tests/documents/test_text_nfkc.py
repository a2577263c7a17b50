"""The NFKC shortcut for Chinese lines (fullwidth punctuation replaced by its NFKD form, then an exact test) gives
what `unicodedata.normalize` gives, also where replacing alone would not be NFKC (a combining mark after the
punctuation, halfwidth katakana and their voiced marks, Hangul jamo, ligatures)."""

from __future__ import annotations

import random
import unicodedata

from compliance.documents.text import _WIDE_FORMS, _nfkc_narrowed, normalize_heading, normalize_text

_RANGES = ((0x20, 0x7F), (0x4E00, 0x4E40), (0xFF00, 0xFFF0), (0x3000, 0x3100), (0x300, 0x370), (0x1100, 0x1200),
           (0x3130, 0x3190), (0xFB00, 0xFB07), (0xAC00, 0xAC20))
_POOLS = (*([chr(c) for c in range(low, high)] for low, high in _RANGES),
          [wide for wide, _ in _WIDE_FORMS], ["\n", " ", "\u0301", "\u3099", "\u309a", "。", "、"])


def test_the_replacements_are_the_characters_nfkd_forms() -> None:
    assert all(unicodedata.normalize("NFKD", wide) == plain for wide, plain in _WIDE_FORMS)


def test_equal_to_unicodedata_on_random_text() -> None:
    rng = random.Random(19)
    for _ in range(20_000):
        text = "".join(rng.choice(rng.choice(_POOLS)) for _ in range(rng.randint(0, 24)))
        assert _nfkc_narrowed(text) == unicodedata.normalize("NFKC", text), repr(text)


def test_chinese_headings_and_text() -> None:
    assert normalize_heading("3.2 风险识别（第9条）：") == "风险识别 第9条"
    assert normalize_text("数据（训练集）；ｶﾞ\u3000Ａ\u0301") == "数据 训练集 ガ á"
