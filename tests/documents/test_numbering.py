"""A heading's numbering matched with string methods ends where the pattern `NUMBERING` ends."""

from __future__ import annotations

import random
import re

from compliance.documents.text import NUMBERING, _may_be_numbered, _numbering_end, _unnumbered

# Digits of other scripts (\d takes them), a superscript (a digit, not a decimal one), spaces of every kind
# (\s is str.isspace: the ideographic one, no-break, a separator control), and the branches' own pieces.
_TOKENS = ["0", "1", "4", "9", "٣", "３", "⁵", ".", "．", "(", ")", "（", "i", "v", "x", "l", "a", "c", "z", "p",
           "point", "poin", " ", "  ", "\t", "\n", "\u3000", "\xa0", "\x1c", "\u200b", "A", "中", "_", "-", "12", "123",
           "12345", "1.2", "iv", "xiv", "llllll", "lllllll"]


def _pattern_end(pattern: re.Pattern[str], value: str) -> int:
    found = pattern.match(value)
    return -1 if found is None else found.end()


def _pattern_unnumbered(pattern: re.Pattern[str], value: str) -> str:
    for _ in range(3):
        found = pattern.match(value)
        if found is None:
            break
        value = value[found.end():]
    return value


def test_the_numbering_ends_where_the_pattern_ends() -> None:
    pattern = re.compile(NUMBERING)
    rng = random.Random(19)
    cases = ["", " ", "3 x", "3.2 x", "3. x", "3.x", "(iv) x", "iv) x", "a) x", "(a) x", "a. x", "point 3 x",
             "point     3 x", "point 12345 x", "1.2.3.4.5.6.7 x", "1.2.3.4.5.6.7.8 x", "12345 x", "(lllllll) x"]
    cases += ["".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 9))) for _ in range(200_000)]
    matched = 0
    for value in cases:
        assert _numbering_end(value) == _pattern_end(pattern, value), repr(value)
        assert _unnumbered(value) == _pattern_unnumbered(pattern, value), repr(value)
        if _numbering_end(value) >= 0:
            assert _may_be_numbered(value), repr(value)  # the quick test never turns a numbering away
            matched += 1
    assert matched > 5_000  # matches and misses are both compared
