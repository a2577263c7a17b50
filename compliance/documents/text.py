"""Normalised forms of headings and text, so matching ignores case, width, numbering and punctuation.

Every function here is linear in its input (no backtracking patterns): evidence files are untrusted.
"""

from __future__ import annotations

import re
import unicodedata

# Anchored at the start and bounded, so each call inspects a few characters before giving up.
_NUMBERING = re.compile(r"^(?:\d{1,4}(?:\.\d{1,4}){0,6}\.?|\(?[a-z]\)|\(?[ivxl]{1,6}\)|[a-z]\.|point\s{1,4}\d{1,4}\.?)"
                        r"\s+")


class _Punctuation(dict[int, str]):
    """str.translate table: letters, digits and spaces stay, everything else becomes a space; each character's
    answer is worked out on first sight and kept (one C-level pass a string instead of a Python loop). At most
    _KEPT characters are kept, so a file written with every code point cannot grow it without bound."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        kept = ch if ch.isalnum() or ch.isspace() else " "
        if len(self) < _KEPT:
            self[code] = kept
        return kept


_KEPT = 1 << 16


_PUNCTUATION = _Punctuation()


def _words(value: str) -> str:
    return " ".join(value.translate(_PUNCTUATION).split())


def normalize_text(text: str) -> str:
    """Case- and width-insensitive, punctuation as spaces, whitespace collapsed."""
    return _words(unicodedata.normalize("NFKC", text).casefold())


def normalize_heading(text: str) -> str:
    """Case-, width-, numbering- and punctuation-insensitive form of a heading."""
    value = unicodedata.normalize("NFKC", text).casefold().strip()
    for _ in range(3):
        stripped = _NUMBERING.sub("", value, count=1)
        if stripped == value:
            break
        value = stripped
    return _words(value)


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether the normalised phrase occurs in the normalised text, on word boundaries for Latin words."""
    wanted = normalize_text(phrase)
    if not wanted:
        return False
    haystack = normalize_text(text)
    if any(is_cjk(ch) for ch in wanted):
        return wanted in haystack
    return f" {wanted} " in f" {haystack} "
