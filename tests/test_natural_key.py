"""The sort key of requirement ids: digit runs compare as numbers, as `re.split(r"(\\d+)")` cuts them."""

from __future__ import annotations

import random
import re

import pytest

from compliance.model import natural_key


def _by_re_split(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """The key as it was first written (the pattern looked up in re's cache at each call)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", identifier) if part)


def test_requirement_ids_sort_naturally() -> None:
    ids = ["EU-AIA-10", "EU-AIA-4", "CN-ANT-8.10", "CN-ANT-8.2", "GDPR-35", "GDPR-35.7.a"]
    assert sorted(ids, key=natural_key) == ["CN-ANT-8.2", "CN-ANT-8.10", "EU-AIA-4", "EU-AIA-10", "GDPR-35",
                                             "GDPR-35.7.a"]


def test_the_key_is_the_re_split_one_for_any_text() -> None:
    """Equal keys (or the same ValueError, for a run of digits int() refuses) on 20,000 random identifiers of
    ASCII, Arabic-Indic, fullwidth, superscript and mathematical digits."""
    chosen = random.Random(19)
    alphabet = "AZaz09-._ \u0660\u0669\u00b2\u2460\uff10\uff19\u4e2d\u0966\U0001d7ce" + "0123456789" * 3
    for _ in range(20_000):
        identifier = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(0, 14)))
        try:
            expected: object = _by_re_split(identifier)
        except ValueError as error:
            with pytest.raises(ValueError, match=re.escape(str(error))):
                natural_key.__wrapped__(identifier)
            continue
        assert natural_key.__wrapped__(identifier) == expected, identifier
