"""utf8_text answers as bytes.decode("utf-8-sig"): the same text, or an error at the same offsets."""

from __future__ import annotations

import random
from collections.abc import Callable

from compliance.utf8 import utf8_text

_PIECES = [b"\xef\xbb\xbf", b"\xef\xbb", b"\xef", b"a", b"\n", b"\xc3\xa9", b"\xc3", b"\xe4\xb8\xad", b"\xe4\xb8",
           b"\xf0\x9f\x98\x80", b"\xf0\x9f", b"\x80", b"\xff", b"\xed\xa0\x80", b"\x00", b"\xc0\xaf"]


def _answer(decode: Callable[[bytes], str], raw: bytes) -> object:
    try:
        return decode(raw)
    except UnicodeDecodeError as exc:
        return exc.start, exc.end, exc.reason


def test_utf8_text_answers_as_utf_8_sig() -> None:
    rng = random.Random(8)
    samples = [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbfx", b"\xef\xbb\xbf\xff",
               *(b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8))) for _ in range(30_000))]
    assert [_answer(utf8_text, s) for s in samples] == [_answer(lambda b: b.decode("utf-8-sig"), s) for s in samples]
