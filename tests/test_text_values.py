"""Text values as rulesets write them."""

from __future__ import annotations

from compliance.model import Text


def test_a_folded_chinese_line_joins_without_a_space() -> None:
    text = Text.of({"en": "one\ntwo  words", "zh": "第一句。 第二句\n与 AI 系统相关， 见（附件）。 “解读”"})
    assert text.get("zh") == "第一句。第二句与 AI 系统相关，见（附件）。“解读”"   # spaces next to Latin words stay
    assert text.get("en") == "one\ntwo  words"                                # other languages untouched
