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
