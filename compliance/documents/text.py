"""Normalised forms of headings and text, so matching ignores case, width, numbering and punctuation.

Every function here is linear in its input (no backtracking patterns): evidence files are untrusted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Anchored at the start and bounded, so each call inspects a few characters before giving up.
_NUMBERING = re.compile(r"^(?:\d{1,4}(?:\.\d{1,4}){0,6}\.?|\(?[a-z]\)|\(?[ivxl]{1,6}\)|[a-z]\.|point\s{1,4}\d{1,4}\.?)"
                        r"\s+")
# The first characters of an ASCII text `_NUMBERING` may match (else the second is ")" or ".").
_NUMBER_STARTS = frozenset("0123456789(ivxlp")


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
    look-up a character for Chinese), that text is the result."""
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
        number = _NUMBERING.match(value)
        if number is None:
            break
        value = value[number.end():]
    return value


def _may_be_numbered(value: str) -> bool:
    """False when `_NUMBERING` cannot match the case-folded text: each of its branches starts with a decimal digit
    (`\\d`, a Unicode one included), "(", a letter followed by ")" or ".", one of "ivxl" or "point"."""
    return value[:1] in _NUMBER_STARTS or value[1:2] in (")", ".") or value[:1].isdecimal()


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF


# The UTF-8 form of a character `is_cjk` accepts: U+3400-U+3FFF, U+4000-U+9FFF, U+F900-U+FAFF, U+20000-U+2FFFF
# (a class of those characters takes `re` over a millisecond to compile; this one, of bytes, does not).
_CJK_UTF8 = re.compile(rb"\xe3[\x90-\xbf][\x80-\xbf]|[\xe4-\xe9][\x80-\xbf]{2}|\xef[\xa4-\xab][\x80-\xbf]"
                       rb"|\xf0[\xa0-\xaf][\x80-\xbf]{2}")


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
