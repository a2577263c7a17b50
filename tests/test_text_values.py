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


def test_a_locale_reads_a_dict_as_its_text_reads_it() -> None:
    """Locale.text of a dict (a reason's {lang: text}) is Text.of(dict).get(lang), folding only what it returns."""
    import random

    from compliance.report.locale import Locale

    texts = ["", "plain", "第一句。 第二句", "中 文\n字", "a b", "x"]
    values: list[object] = [*texts, None, 0, 1, True, ["list"]]
    keys = ["en", "zh", "und", "fr", "de"]
    rng = random.Random(11)
    for _ in range(20_000):
        pool = values if rng.random() < 0.2 else texts
        value = {rng.choice(keys): rng.choice(pool) for _ in range(rng.randint(0, 4))}
        for lang in ("en", "zh", "fr"):
            assert Locale(lang).text(value) == Text.of(value).get(Locale(lang).lang), (value, lang)
