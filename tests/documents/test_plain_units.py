"""A section without brackets or label separators is counted with its lines normalised once (`_plain_units`): the
same as `content_units`, and 0 when the whole text without placeholders is an empty answer."""

from __future__ import annotations

import random

from compliance.documents.content import (
    EMPTY_ANSWERS,
    PLACEHOLDER_PHRASES,
    _plain_units,
    _without_placeholders,
    content_units,
)
from compliance.documents.text import normalize_text

_PIECES = (*PLACEHOLDER_PHRASES, *EMPTY_ANSWERS, "N/A", "None.", "to be", "completed", "Lorem", "ipsum", "a", "1",
           "x y", "See annex 2.", "见附件二。", "（第9条）", "30 days", " ", "\u3000", "\n", "\r\n", "\u2028",
           "Ａ\u0301", "ﬁ", "ß")


def test_equal_to_content_units() -> None:
    rng = random.Random(19)
    for _ in range(5_000):
        text = "".join(rng.choice(_PIECES) + rng.choice(("", " ", "\n")) for _ in range(rng.randint(0, 8)))
        empty = _without_placeholders(normalize_text(text)) in EMPTY_ANSWERS
        assert _plain_units(text) == (0 if empty else content_units(text)), repr(text)


def test_counted_until_enough_is_exact_below_it() -> None:
    """`is_substantive` counts a section's units only until they reach its minimum: a count under the bound is the
    whole count, and a count that reaches it means the whole count does too (Chinese, mixed and other scripts'
    words, digits, empty answers and placeholders on lines of their own)."""
    rng = random.Random(46)
    pieces = (*_PIECES, "中", "文文", "a中", "中1", "²", "é", "中é", "ab中c", "不适用\n", "\nN/A\n", "x中y中z")
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) + rng.choice(("", " ", "\n")) for _ in range(rng.randint(0, 8)))
        plain, content = _plain_units(text), content_units(text)
        for enough in (1, 2, 3):
            assert min(_plain_units(text, enough), enough) == min(plain, enough), (repr(text), enough)
            assert min(content_units(text, enough), enough) == min(content, enough), (repr(text), enough)
