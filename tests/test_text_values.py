"""Text values as rulesets write them."""

from __future__ import annotations

from compliance.model import Text


def test_a_folded_chinese_line_joins_without_a_space() -> None:
    text = Text.of({"en": "one\ntwo  words", "zh": "第一句。 第二句\n与 AI 系统相关， 见（附件）。 “解读”"})
    assert text.get("zh") == "第一句。第二句与 AI 系统相关，见（附件）。“解读”"   # spaces next to Latin words stay
    assert text.get("en") == "one\ntwo  words"                                # other languages untouched


def test_fold_cjk_removes_exactly_the_blank_runs_between_chinese_characters() -> None:
    """The code-point comparison gives what the lookaround pattern it replaces gave, on random text."""
    import random
    import re

    from compliance.model import fold_cjk

    cjk = "\u2018-\u201d\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
    oracle = re.compile(f"(?<=[{cjk}])[ \n]+(?=[{cjk}])")
    pieces = ["中", "文", " ", "\n", "a", "\u201c", "\u201d", "。", "（", "1", " \n ", "GB/T"]
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert fold_cjk(text) == oracle.sub("", text), repr(text)
    assert fold_cjk("人工智能 生成\n合成内容 GB/T 45654") == "人工智能生成合成内容 GB/T 45654"
