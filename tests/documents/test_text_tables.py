"""The punctuation table of `documents.text`, written out, is the one its rule gives byte by byte."""

from __future__ import annotations

from compliance.documents.text import _UTF8_PUNCTUATION


def test_table_keeps_letters_digits_spaces_and_non_ascii_bytes() -> None:
    ruled = bytes(b if b >= 0x80 or chr(b).isalnum() or chr(b).isspace() else 0x20 for b in range(256))
    assert ruled == _UTF8_PUNCTUATION
