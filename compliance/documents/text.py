"""Normalised forms of headings and text, so matching ignores case, width, numbering and punctuation.

Every function here is linear in its input (no backtracking patterns): evidence files are untrusted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import cast

from ..lazy_regex import LazyPattern

# A heading's numbering ("3.2", "(iv)", "a.", "point 3") and the spaces after it, as a pattern: `_numbering_end`
# matches it with string methods (compiling it was ~0.2 ms of a check), as tests/documents/test_numbering.py checks.
NUMBERING = (r"^(?:\d{1,4}(?:\.\d{1,4}){0,6}\.?|\(?[a-z]\)|\(?[ivxl]{1,6}\)|[a-z]\.|point\s{1,4}\d{1,4}\.?)"
             r"\s+")
# The first characters of an ASCII text `NUMBERING` may match with any second one.
_NUMBER_STARTS = frozenset("0123456789(")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")  # [a-z]
_ROMAN = frozenset("ivxl")  # [ivxl]


# str.translate with a mapping costs hundreds of instructions a character, and a table worked out per character
# costs a Python call for each new one: ASCII punctuation goes by `bytes.translate` of the UTF-8 text (every byte
# of a multi-byte character is 0x80 or more, and kept), the rest by one pattern of Unicode categories.
# The table maps the ASCII bytes that are neither letters, digits nor spaces (str.isalnum, str.isspace: control
# characters, punctuation, DEL) to a space and keeps every other byte (written out: no Python loop at import).
_ASCII_MARKS = bytes(range(0x09)) + bytes(range(0x0E, 0x1C)) + b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\x7f"
_UTF8_PUNCTUATION = bytes.maketrans(_ASCII_MARKS, b" " * len(_ASCII_MARKS))
_OTHER_PUNCTUATION = re.compile(r"[^\w\s]+")  # \w is a letter, a digit (str.isalnum) or "_", already a space


def _words_kept(value: str) -> str:
    """Letters, digits and spaces kept; everything else, in runs, a space."""
    if value.isascii():
        return value.encode("ascii").translate(_UTF8_PUNCTUATION).decode("ascii")
    kept = value.encode("utf-8", "surrogatepass").translate(_UTF8_PUNCTUATION).decode("utf-8", "surrogatepass")
    return _OTHER_PUNCTUATION.sub(" ", kept)


def _words(value: str) -> str:
    return " ".join(_words_kept(value).split())


def _nfkc(text: str) -> str:
    """NFKC, worked out line by line, on the lines it changes: once one character of a text needs it, the full
    algorithm costs hundreds of instructions for every character (a newline composes with nothing, and no
    character's NFKC form holds one, so the lines normalise apart)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return "\n".join(line if line.isascii() else _nfkc_narrowed(line) for line in text.split("\n"))


# Fullwidth punctuation of Chinese text (and the ideographic space), each with its compatibility decomposition
# (NFKD): the characters that most often keep a Chinese line from being in NFKC already.
_WIDE_FORMS = (("，", ","), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")"), ("！", "!"), ("？", "?"), ("／", "/"),
               ("％", "%"), ("～", "~"), ("\u3000", " "))


def _nfkc_narrowed(text: str) -> str:
    """NFKC of a text, without the full algorithm (~120 ns a character) when replacing its fullwidth punctuation
    is all it takes. NFKC decomposes every character to its NFKD form first, so putting some characters' NFKD
    forms in their place never changes the result; when the text is then in NFKC (an exact test, a table
    look-up a character for Chinese), that text is the result. A text in NFKC already (every Chinese heading
    alternative of the rulesets, most lines) is the result as it is: that test stops at the first character that
    may change."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    narrow = text
    for wide, plain in _WIDE_FORMS:
        if wide in narrow:
            narrow = narrow.replace(wide, plain)
    return narrow if unicodedata.is_normalized("NFKC", narrow) else unicodedata.normalize("NFKC", text)


def normalize_text(text: str) -> str:
    """Case- and width-insensitive, punctuation as spaces, whitespace collapsed."""
    return _words(_nfkc(text).casefold())


def normalize_each_line(text: str) -> list[str]:
    """`normalize_text` of each line of a text split at newlines, in one pass over the whole text: NFKC, case
    folding and the punctuation tables map no character to or across a newline."""
    value = _words_kept(_nfkc(text).casefold())
    return [" ".join(line.split()) for line in value.split("\n")]


def normalize_heading(text: str) -> str:
    """Case-, width-, numbering- and punctuation-insensitive form of a heading (an ASCII title, most of them, skips
    NFKC and case folding, the identity and `str.lower` there; any title skips the numbering pattern when it
    cannot match)."""
    value = text.lower().strip() if text.isascii() else _nfkc_narrowed(text).casefold().strip()
    return _words(_unnumbered(value) if _may_be_numbered(value) else value)


def normalize_headings(titles: Sequence[str]) -> tuple[str, ...]:
    """`normalize_heading` of each title (a document's headings), NFKC, case folding and the punctuation tables
    applied once to the titles joined by newlines: they map no character to or across a newline."""
    joined = "\n".join(titles)
    if joined.count("\n") != len(titles) - 1:  # a title holding a newline: one at a time
        return tuple(map(normalize_heading, titles))
    lines = [value.strip() for value in _nfkc(joined).casefold().split("\n")]
    numbered = [_unnumbered(value) if _may_be_numbered(value) else value for value in lines]
    return tuple(" ".join(line.split()) for line in _words_kept("\n".join(numbered)).split("\n"))


def _unnumbered(value: str) -> str:
    """The title without up to three leading numberings ("3.2", "(iv)", "a.", "point 3")."""
    for _ in range(3):
        end = _numbering_end(value)
        if end < 0:
            break
        value = value[end:]
    return value


def _numbering_end(value: str) -> int:
    """Where a match of `NUMBERING` at the start of `value` ends, or -1. Its branches are tried in turn, as `re`
    does, each taking all it can: none succeeds by giving characters back (what follows a shorter run is a digit,
    a dot or a letter, never the space the pattern needs next). `\\d` is `str.isdecimal`, `\\s` `str.isspace`."""
    first = value[:1]
    for branch in (_decimal_number,) if first.isdecimal() else _LETTERED if first != "(" else _BRACKETED:
        end = branch(value)
        if end >= 0 and value[end:end + 1].isspace():
            return len(value) - len(value[end:].lstrip())
    return -1


def _digits_end(value: str, start: int) -> int:
    """The end of the one to four decimal digits at `start` (`\\d{1,4}`), or -1 (ASCII ones counted by `lstrip`)."""
    digits = value[start:start + 4]
    end = start + len(digits) - len(digits.lstrip("0123456789"))
    if end == start + 4 or not value[end:end + 1].isdecimal():
        return end if end > start else -1
    while end < start + 4 and value[end:end + 1].isdecimal():
        end += 1
    return end if end > start else -1


def _with_dot(value: str, end: int) -> int:
    """`\\.?` after a match ending at `end` (-1: none)."""
    return end + 1 if end >= 0 and value[end:end + 1] == "." else end


def _decimal_number(value: str) -> int:
    """`\\d{1,4}(?:\\.\\d{1,4}){0,6}\\.?`: "3", "3.2.1", "3."."""
    end = _digits_end(value, 0)
    for _ in range(6):
        after = _digits_end(value, end + 1) if end >= 0 and value[end:end + 1] == "." else -1
        if after < 0:
            break
        end = after
    return _with_dot(value, end)


def _bracketed(value: str, letters: frozenset[str], most: int) -> int:
    """An optional "(", one to `most` of `letters`, and ")"."""
    start = 1 if value[:1] == "(" else 0
    end = start
    while end < start + most and value[end:end + 1] in letters:
        end += 1
    return end + 1 if end > start and value[end:end + 1] == ")" else -1


def _letter_in_brackets(value: str) -> int:
    """`\\(?[a-z]\\)`: "a)", "(b)"."""
    return _bracketed(value, _LOWER, 1)


def _roman_in_brackets(value: str) -> int:
    """`\\(?[ivxl]{1,6}\\)`: "iv)", "(xii)"."""
    return _bracketed(value, _ROMAN, 6)


def _letter_and_dot(value: str) -> int:
    """`[a-z]\\.`: "a."."""
    return 2 if value[:1] in _LOWER and value[1:2] == "." else -1


# The branches that may match a text by its first character: a decimal digit starts only the first, "(" only the
# bracketed ones, anything else (a letter) any but the first.
_BRACKETED = (_letter_in_brackets, _roman_in_brackets)


def _point_number(value: str) -> int:
    """`point\\s{1,4}\\d{1,4}\\.?`: "point 3", "point 12."."""
    if not value.startswith("point"):
        return -1
    spaces = value[5:9]
    start = 5 + len(spaces) - len(spaces.lstrip())
    return _with_dot(value, _digits_end(value, start) if start > 5 else -1)


_LETTERED = (_letter_in_brackets, _roman_in_brackets, _letter_and_dot, _point_number)


def _may_be_numbered(value: str) -> bool:
    """False when `NUMBERING` cannot match the case-folded text: each of its branches starts with a decimal digit
    (`\\d`, a Unicode one included), "(", a letter followed by ")" or ".", letters of "ivxl" followed by ")", or
    "point" (a word starting with one of "ivxlp", most of them, is no numbering)."""
    first = value[:1]
    return (first in _NUMBER_STARTS or value[1:2] in (")", ".") or first.isdecimal() or value.startswith("point")
            or (first in _ROMAN and value.lstrip("ivxl")[:1] == ")"))


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF


# The UTF-8 form of a character `is_cjk` accepts: U+3400-U+3FFF, U+4000-U+9FFF, U+F900-U+FAFF, U+20000-U+2FFFF
# (a class of those characters takes `re` over a millisecond to compile; this one, of bytes, ~0.13 ms, is compiled
# when a text that is not ASCII is first counted: a check whose evidence is all ASCII never compiles it).
_CJK_UTF8 = cast("re.Pattern[bytes]", LazyPattern(rb"\xe3[\x90-\xbf][\x80-\xbf]|[\xe4-\xe9][\x80-\xbf]{2}"
                                                  rb"|\xef[\xa4-\xab][\x80-\xbf]|\xf0[\xa0-\xaf][\x80-\xbf]{2}"))


def without_cjk(text: str) -> tuple[str, int]:
    """The text with its Chinese characters (`is_cjk`) left out, and how many there were, in one C-level pass."""
    if text.isascii():
        return text, 0
    rest, count = _CJK_UTF8.subn(b"", text.encode("utf-8", "surrogatepass"))
    return rest.decode("utf-8", "surrogatepass"), count


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether the normalised phrase occurs in the normalised text, on word boundaries for Latin words."""
    wanted = normalize_text(phrase)
    if not wanted:
        return False
    haystack = normalize_text(text)
    if any(is_cjk(ch) for ch in wanted):
        return wanted in haystack
    return f" {wanted} " in f" {haystack} "
