"""A plain YAML document is read from the parser's events (`yaml_source._Events`); every document gives the same
values, line tree and problems as through PyYAML's composer and the node walk (`yaml_source._composed`)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from compliance import yaml_source
from compliance.errors import ComplianceError
from compliance.yaml_source import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
_SPECIALS = ("!!set ", "!!binary ", "! ", "!foo ", "&a ", "*a", "<<: ", "? ", "- ", ": ", "'", '"', "#", "{", "}",
             "[", "]", ",", "|", ">", "\n", "  ", "~", "null", "true", "NO", "0x1F", "017", "1_000", "3e+21", "1:30",
             ".inf", "-.5", "1.5e3", "2026-01-01", "=", "!!int ", "!!float ", "!!bool ", "!!str ", "!!timestamp ",
             "\t", "中文", "\ufeff", "--- ", "...\n", "!!merge ", "=: x", "<<: *a", "a: 1\n", "0b_", "1e999")
_SCALARS = ("x", "true", "False", "null", "~", "", "NO", "yes", "1", "-2", "0x1F", "017", "0b101", "0b_", "1_000",
            "3e+21", "1e999", "-.inf", ".NaN", "1:30", "1:30.5", "2.5", "=", "<<", "!", "&", "*", "'1'", '"true"',
            "'a: b'", "2026-01-01", "中文", "a b", ".5", "+1", "-", "0", "00", "1.", "...")
_KEYS = ("a", "b", "name", "true", "null", "1", "'1'", "<<", "=", "~", "n", "t", "x y", "中")


def _outcome(parse: Any, text: str) -> tuple[Any, ...]:
    """What parsing `text` gives, comparable: values with their types (repr), line tree, or the error."""
    try:
        doc = parse(text, "src")
    except ComplianceError as exc:
        return ("error", exc.message, exc.problems)
    return ("ok", repr(doc.data), repr(doc.root), doc.source)


def _document(rnd: random.Random, depth: int = 0) -> str:
    """A random block or flow document of mappings, lists and scalars of every implicit type."""
    lines: list[str] = []
    for index in range(rnd.randint(1, 4)):
        key, choice = rnd.choice(_KEYS) if rnd.random() < 0.1 else f"k{index}", rnd.random()
        if choice < 0.5 or depth > 3:
            lines.append(f"{key}: {rnd.choice(_SCALARS)}")
        elif choice < 0.65:
            lines.append(f"{key}: [{', '.join(rnd.choice(_SCALARS[:20]) for _ in range(rnd.randint(0, 3)))}]")
        elif choice < 0.8:
            lines.append(f"{key}:")
            lines += [f"  - {rnd.choice(_SCALARS)}" for _ in range(rnd.randint(1, 3))]
        else:
            lines.append(f"{key}:")
            lines += ["  " + line for line in _document(rnd, depth + 1).splitlines()]
    return "\n".join(lines) + "\n"


def _mutated(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(text) + 1)
        text = text[:at] + rnd.choice(_SPECIALS) + text[at:] if rnd.random() < 0.7 else text[:at] + text[at + 5:]
    return text


def _repository_texts() -> list[str]:
    files = sorted(path for folder in ("examples", "rulesets", "tests") for path in (ROOT / folder).rglob("*.y*ml"))
    return [path.read_text(encoding="utf-8", errors="replace") for path in files if path.stat().st_size < 300_000]


def test_the_example_cards_take_the_plain_path() -> None:
    for card in sorted((ROOT / "examples").glob("*/card.yaml")):
        text = card.read_text(encoding="utf-8")
        assert yaml_source._plain(text) is not None, card
        assert _outcome(parse_yaml, text) == _outcome(yaml_source._composed, text)


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: 1\na: 2\n", "true: 1\n", "<<: {a: 1}\n", "? [1]\n: 2\n",
                                  "a: !!str 1\n", "a: !!set {x}\n", "a: !!int ''\n", "a: !!timestamp soon\n", "",
                                  "--- 1\n--- 2\n", "a: [1\n", "a: 0b_\n", "a: 1\n- b\n", "[" * 70 + "]" * 70])
def test_what_is_not_plain_goes_through_the_composer(text: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 - whatever it raises, the composer reads the text
        assert yaml_source._plain(text) is not None
    assert _outcome(parse_yaml, text) == _outcome(yaml_source._composed, text)


def test_every_text_parses_as_through_the_composer() -> None:
    """The repository's YAML, 3,000 random documents and 3,000 mutations of both: same values (and types), line
    trees, problems and errors; a good share of each kind takes the plain path."""
    rnd = random.Random(7)
    generated = [_document(rnd) for _ in range(3000)]
    texts = _repository_texts() + generated
    texts += [_mutated(rnd, rnd.choice(texts)) for _ in range(3000)]
    kinds: dict[tuple[str, bool], int] = {}
    for text in texts:
        try:
            plain = yaml_source._plain(text) is not None
        except Exception:  # not plain: parse_yaml leaves it to the composer
            plain = False
        outcome = _outcome(parse_yaml, text)
        assert outcome == _outcome(yaml_source._composed, text), text
        kinds[outcome[0], plain] = kinds.get((outcome[0], plain), 0) + 1
    assert kinds["ok", True] > 2000 and kinds["ok", False] > 100 and kinds["error", False] > 1000, kinds
