"""The card schema's patterns written as string tests answer as the patterns themselves."""

from __future__ import annotations

import random

import pytest

from compliance.quickcheck import schema_regex
from compliance.resources import schema
from compliance.schema_patterns import PATTERN_TESTS

_PIECES = [*"0123456789abcdefxyzAEIOUHNCZ_.-/ \n\t", "EU", "CN", "é", "١", "²", "ǅ", "K", "İ", "..", "\n\n",
           "2026-01-01", "91350100", "M000100Y43", "a" * 64, "0123456789abcdef"]


def _strings(count: int, seed: int) -> list[str]:
    """Random strings of the pieces the patterns tell apart, and ones of the exact lengths they take."""
    rng = random.Random(seed)
    made = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 6))) for _ in range(count)]
    for length in (2, 10, 18, 64):
        made += ["".join(rng.choice("0123456789abcdefAEIQZ-._\n") for _ in range(length)) for _ in range(count // 4)]
        made += ["".join(rng.choice("0123456789abcdef") for _ in range(length)) for _ in range(count // 8)]
        made += ["".join(rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(length))
                 for _ in range(count // 8)]
    made += ["".join(rng.choice("0123456789١-") if i not in (4, 7) else rng.choice("-0") for i in range(10))
             for _ in range(count // 4)]  # date-shaped
    made += ["".join(rng.choice("0123456789ABHJNPRTUWXYIOSVZa") if i < 2 or i > 7 else rng.choice("0123456789A")
                     for i in range(18)) for _ in range(count // 4)]  # USCC-shaped
    made += [".".join("".join(rng.choice("ab_1Z") for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(1, 4)))
             for _ in range(count // 4)]  # dotted names
    return made


@pytest.mark.parametrize("pattern", sorted(PATTERN_TESTS))
def test_each_test_answers_as_its_pattern(pattern: str) -> None:
    compiled, test = schema_regex(pattern), PATTERN_TESTS[pattern]
    samples = [*_strings(20_000, len(pattern)), "", "EU", "CN", "EU\n", "a.b", "a..b", "_a._b", "a.", ".a",
               "2026-01-01\n", "91350100M000100Y43"]
    assert [compiled.search(s) is not None for s in samples] == [test(s) for s in samples]


def test_every_pattern_of_the_card_schema_is_written_out() -> None:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema("card"))
    assert found <= PATTERN_TESTS.keys()
