"""visible() skips its pattern for a text str.isprintable accepts: no character it escapes is printable."""

from __future__ import annotations

from compliance.report.escaping import _UNSAFE, visible


def test_every_character_visible_escapes_is_one_isprintable_refuses() -> None:
    escaped = [chr(c) for c in range(0x110000) if _UNSAFE.search(chr(c))]
    assert len(escaped) == 2124
    assert not any(ch.isprintable() for ch in escaped)


def test_printable_and_unprintable_texts() -> None:
    assert visible("Art. 9(2) — 风险管理") == "Art. 9(2) — 风险管理"
    assert visible("a\tb\nc\u00a0d") == "a\tb\nc\u00a0d"  # not printable, nothing to escape
    assert visible("x\x1b[2J\u202ey") == "x\\x1b[2J<U+202E>y"
