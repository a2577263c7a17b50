"""The outline's tidying of a heading's lines: joined at C speed, the same text as going through them one by one."""

from __future__ import annotations

import random

from compliance.documents.outline import _tidy, tidy_line_by_line


def test_tidy_is_the_line_by_line_text_on_stripped_lines() -> None:
    """Readers strip every line; a YAML value's line may hold newlines, blank lines among them, of its own."""
    rng = random.Random(19)
    pieces = ["", "", "", "a", "b c", "x\ny", "x\n\ny", "x\n\n\ny", "x\n\n\n\ny", "中文", "a \n b"]
    cases = [[], [""], ["", ""], ["a"], ["", "a", ""], ["a", "", "", "b"]]
    cases += [[rng.choice(pieces) for _ in range(rng.randint(0, 9))] for _ in range(20_000)]
    for lines in cases:
        assert all(line == line.strip() for line in lines)
        assert _tidy(list(lines)) == tidy_line_by_line(lines), lines
