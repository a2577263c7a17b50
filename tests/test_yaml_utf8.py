"""A card is parsed from its bytes (`yaml_source.parse_utf8`) exactly as its decoded text is (`decode_text` then
`parse_yaml`): the same values, line tree and numbers' fitness, or the same error, for valid and broken UTF-8,
byte-order marks, NUL and control bytes."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compliance.errors import ComplianceError
from compliance.yaml_source import YamlDocument, decode_text, parse_utf8, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
_BYTES = (b"\x00", b"\xff", b"\xfe", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xc0\xaf", b"\xed\xa0\x80",
          b"\xf4\x90\x80\x80", b"\xe4\xb8", b"\x80", b"\r\n", b"\r", b"\x07", b"\t", b"\xc2\x85", b"\xe2\x80\xa8",
          b"\xef\xbf\xbe", b"\xf0\x9f\x98\x80", "中文".encode(), b"a: 1\n", b"- x\n", b"&a ", b"*a", b"!!str ", b"'",
          b": ", b"#", b"\x7f", b"---\n", b"\n\n", b"\xe3\x80\x80")


def _outcome(parse: Callable[[], YamlDocument]) -> tuple[Any, ...]:
    try:
        doc = parse()
    except ComplianceError as exc:
        return ("error", exc.message, exc.problems)
    return ("ok", repr(doc.data), repr(doc.root), doc.fits_json, doc.source)


def _same(raw: bytes) -> str:
    """The outcome's kind, after checking both ways agree."""
    found = _outcome(lambda: parse_utf8(raw, "src"))
    assert found == _outcome(lambda: parse_yaml(decode_text(raw, "src"), "src")), raw[:120]
    return str(found[0])


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbfa: 1\n", b"\xff\xfea\x00:\x00 \x001\x00\n\x00",
                                 b"\xfe\xff\x00a", b"a: 1\n\x00", b"a: \xed\xa0\x80\n", b"a: \xc0\xaf\n",
                                 b"a: \xf4\x90\x80\x80\n", b"a: \x07\n", b"--- 1\n--- 2\n", "a: 中文\n".encode()])
def test_bytes_parse_as_their_text(raw: bytes) -> None:
    _same(raw)


def test_the_example_cards_and_their_mutations_parse_as_their_text() -> None:
    rnd = random.Random(17)
    cards = [path.read_bytes() for path in sorted((ROOT / "examples").glob("*/card.yaml"))]
    kinds = [_same(raw) for raw in cards]
    for _ in range(1500):
        raw = rnd.choice(cards)
        for _ in range(rnd.randint(1, 3)):
            at = 0 if rnd.random() < 0.1 else rnd.randrange(len(raw) + 1)
            raw = raw[:at] + rnd.choice(_BYTES) + raw[at:] if rnd.random() < 0.75 else raw[:at] + raw[at + 3:]
        kinds.append(_same(raw))
    assert kinds.count("ok") > 300 and kinds.count("error") > 300
