"""The string tests of plain scalars answer as PyYAML's YAML 1.1 patterns (and as our own two did)."""

from __future__ import annotations

import random
import re

import pytest
import yaml

from compliance.yaml_scalars import BOOL, YAML11, Exponent, Float, Int

_PIECES = [*"0123456789_-+.:eExXbBoO~=<!&*aAfFnN \n\t", "inf", "Inf", "INF", "nan", "NaN", "null", "Null", "0b", "0x",
           "1:3", ":59", ":60", "e+", "E-", "١", "²", "true", "TRUE", "False", "<<", "\n\n"]


def _strings(count: int, seed: int) -> list[str]:
    """Short strings of number-like pieces and of number characters, the shapes the patterns tell apart."""
    rng = random.Random(seed)
    return [*("".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 7))) for _ in range(count)),
            *("".join(rng.choice("0123456789_.:-+eE") for _ in range(rng.randint(1, 9))) for _ in range(count))]


def _pyyaml_pattern(tag: str) -> re.Pattern[str]:
    """PyYAML's own pattern of the tag, compiled here (the one it holds may be waiting to be compiled)."""
    found = {(rx.pattern, rx.flags) for entries in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
             for name, rx in entries if name == tag}
    assert len(found) == 1
    ((source, flags),) = found
    return re.compile(source, flags)


@pytest.mark.parametrize("tag", sorted(YAML11))
def test_each_yaml11_test_answers_as_pyyamls_pattern(tag: str) -> None:
    pattern, ours = _pyyaml_pattern(tag), YAML11[tag]
    samples = [*_strings(15_000, len(tag)), "0", "-0", "0b", "0x_", "08", "1:60", "1:5:59.", "+.inf", "-.nan", ".5",
               "-.5", "1_000", "0o17", "1e3", "1.e+3", "1.0e3", "\n", "~\n", "<<\n\n", ""]
    assert [bool(pattern.match(s)) for s in samples] == [bool(ours.match(s)) for s in samples]


@pytest.mark.parametrize(("ours", "pattern"), [
    (Exponent(), r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+\Z"),
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)\Z")])
def test_our_two_answer_as_the_patterns_they_replaced(ours: object, pattern: str) -> None:
    compiled = re.compile(pattern)
    samples = [*_strings(15_000, 7), "3e+21", "-.5E3", "5.e1", "1e", ".e1", "TRUE\n"]
    assert [bool(compiled.match(s)) for s in samples] == [bool(ours.match(s)) for s in samples]  # type: ignore[attr-defined]


def test_int_and_float_are_those_of_yaml_1_1() -> None:
    assert Int.match("0x1F") and Int.match("-0b101") and Int.match("1:30") and not Int.match("1:60")
    assert Float.match("1:30.5") and Float.match(".5") and not Float.match("-.5") and not Float.match("1e3")
