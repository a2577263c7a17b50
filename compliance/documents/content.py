"""Content rules: a section counts only with substantive text under it, and a requirement may ask for
named fields, phrases or kinds of value inside it ("section X lacks Y").

Placeholders never count: TBD, TODO, "to be completed", 待补充, 【待补充】, bracketed prompts such as
"[TODO: describe the hazards]" (what `compliance evidence scaffold` writes under each heading), and a
section whose whole content is "N/A", "none" or "不适用" says nothing a regulator can check. Labels
without values ("Owner:", "| Owner | |") count as nothing either. Every function is linear in its input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Literal, cast

from ..lazy_regex import lazy_pattern
from ..records import record
from .model import Document, Section
from .text import is_cjk, normalize_each_line, normalize_heading, normalize_text, without_cjk

# Matched as whole normalised words/phrases (Latin) or substrings (Chinese), anywhere in a line.
PLACEHOLDER_PHRASES = (
    "tbd", "tbc", "tba", "todo", "fixme", "xxx", "lorem ipsum", "placeholder", "coming soon",
    "to be completed", "to be confirmed", "to be determined", "to be defined", "to be added", "to be provided",
    "to be written", "to be updated", "to be drafted", "to be decided", "to follow", "insert text here",
    "add text here", "待补充", "待完善", "待填写", "待确认", "待定", "待更新", "待编写", "此处填写", "请填写",
)
# What `_may_hold_placeholder` looks for: Latin phrases by their word or first two words, Chinese ones as they are.
_PLACEHOLDER_WORDS = frozenset(p for p in PLACEHOLDER_PHRASES if p.isascii() and " " not in p)
_PLACEHOLDER_PAIRS = frozenset((p.split()[0], p.split()[1]) for p in PLACEHOLDER_PHRASES if p.isascii() and " " in p)
# Words a pair starts with, and ends with: the pairs of a text are looked for only when it has one of each.
_PAIR_FIRSTS = frozenset(first for first, _ in _PLACEHOLDER_PAIRS)
_PAIR_SECONDS = frozenset(second for _, second in _PLACEHOLDER_PAIRS)
_PLACEHOLDER_CJK = tuple(p for p in PLACEHOLDER_PHRASES if not p.isascii())
# Not substantive when they are the whole content of a section or a field value.
EMPTY_ANSWERS = frozenset({"n a", "na", "not applicable", "none", "nil", "see above", "same as above", "empty",
                           "不适用", "无", "略", "同上", "空", "暂无"})
# Bracketed spans are prompts when their text starts with one of these.
_PROMPT_STARTS = ("todo", "tbd", "tbc", "fixme", "insert", "describe", "add ", "enter", "fill", "state ", "list ",
                  "name ", "explain", "provide", "待", "请", "填写", "此处", "描述", "说明", "列出")
_BRACKETS = (("[", "]"), ("【", "】"), ("{{", "}}"), ("<", ">"), ("〔", "〕"))
_OPENINGS = tuple(opening for opening, _ in _BRACKETS)
_SEPARATORS = (":", "：", "|")
MIN_UNITS = 2              # "See annex 2" and "见附件" pass; "Yes.", "无" and "N/A" do not
MIN_STRUCTURED_UNITS = 1   # a YAML/JSON value: `retention_days: 30` says enough

_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety"
# Bounded quantifiers only: each attempt inspects at most a few hundred characters, so searching is linear.
# Compiled when first tried (~1.4 ms together): only a requirement that needs a kind of value tries its pattern.
PATTERNS: dict[str, re.Pattern[str]] = {
    "email": lazy_pattern(r"(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"),
    "url": lazy_pattern(r"\bhttps?://[^\s<>()\[\]]{3,200}", re.I),
    "phone": lazy_pattern(r"(?<![\w+])\+?\d[\d ()./-]{6,20}\d(?!\w)"),
    "date": lazy_pattern(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
                         r"|\b\d{1,2}\.?\s{1,3}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,3}"
                         r"\d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,3}\d{1,2},?"
                         r"\s{1,3}\d{4}\b|\d{4}\s?年\s?\d{1,2}\s?月", re.I),
    "duration": lazy_pattern(rf"\b(?:\d{{1,4}}(?:[.,]\d{{1,2}})?|{_WORDS})[ \t-]{{0,3}}"
                             r"(?:calendar |working |business )?(?:hours?|days?|weeks?|months?|years?)\b"
                             r"|[\d一二三四五六七八九十百两]{1,6}\s{0,2}个?\s{0,2}(?:小时|工作日|天|日|周|星期|月|年)",
                             re.I),
    "percentage": lazy_pattern(r"\d{1,3}(?:[.,]\d{1,4})?\s?%"),
}


@record
class Need:
    """Something a section must contain: any of `values` as a phrase or as a labelled field with a value,
    or a value of a named `pattern` kind (email, url, phone, date, duration, percentage)."""

    kind: Literal["phrase", "field", "pattern"]
    values: tuple[str, ...]

    @classmethod
    def of(cls, kind: str, values: tuple[str, ...]) -> Need:
        """A need from ruleset data (the schema allows only the three kinds and the named patterns)."""
        if kind not in ("phrase", "field", "pattern") or (kind == "pattern" and values[0] not in PATTERNS):
            raise ValueError(f"unknown section need {kind}: {values}")
        return cls(cast(Literal["phrase", "field", "pattern"], kind), values)


@record
class SectionVerdict:
    """What a required section holds: found (under which heading), substantive, and the needs it lacks."""

    found: bool
    heading: str = ""
    substantive: bool = False
    lacking: tuple[Need, ...] = ()

    @property
    def met(self) -> bool:
        return self.found and self.substantive and not self.lacking


def _strip_prompts(line: str) -> str:
    """The line without bracketed prompts such as "[TODO: …]" or "【待补充】"."""
    for opening, closing in _BRACKETS:
        if opening not in line:
            continue
        kept: list[str] = []
        position = 0
        while True:
            start = line.find(opening, position)
            end = line.find(closing, start + len(opening)) if start >= 0 else -1
            if start < 0 or end < 0:
                kept.append(line[position:])
                break
            inner = normalize_text(line[start + len(opening):end])
            kept.append(line[position:start])
            if not (inner == "" or inner.startswith(_PROMPT_STARTS) or _without_placeholders(inner) == ""):
                kept.append(line[start:end + len(closing)])
            position = end + len(closing)
        line = "".join(kept)
    return line


def _may_hold_placeholder(normalized: str, words: list[str] | None = None) -> bool:
    """False when no placeholder phrase is in the normalised text (a Latin one as whole words), so that
    `_without_placeholders` would change nothing: a word lookup instead of a search for every phrase. `words`: its
    words, when the caller has them."""
    words = normalized.split() if words is None else words
    return (not _PLACEHOLDER_WORDS.isdisjoint(words) or _has_placeholder_pair(words)
            or (not normalized.isascii() and any(map(normalized.__contains__, _PLACEHOLDER_CJK))))


def _has_placeholder_pair(words: list[str]) -> bool:
    """Whether two neighbouring words are a placeholder's first two ("to be", "lorem ipsum"): a tuple a pair of
    words only when the text has both a word a pair starts with and one it ends with."""
    return (not _PAIR_FIRSTS.isdisjoint(words) and not _PAIR_SECONDS.isdisjoint(words)
            and not _PLACEHOLDER_PAIRS.isdisjoint(pairwise(words)))


def _without_placeholders(normalized: str) -> str:
    if not _may_hold_placeholder(normalized):
        return " ".join(normalized.split())
    padded = f" {normalized} "
    for phrase in PLACEHOLDER_PHRASES:
        if phrase in padded:
            padded = padded.replace(f" {phrase} ", " ") if phrase.isascii() else padded.replace(phrase, " ")
    return " ".join(padded.split())


def _units(normalized: str) -> int:
    """Words of two or more characters (or with a digit) plus Chinese characters."""
    return 0 if normalized in EMPTY_ANSWERS else _word_units(normalized)


def _word_units(text: str) -> int:
    """`_units` of every word, whatever the lines: each Chinese character, and each word whose other characters
    are two or more, or one digit (no Chinese character is a digit). One split gives the words, and those of
    one character among them (`str.split` and the `\\s` of patterns agree on what a space is)."""
    rest, cjk = without_cjk(text)
    words = rest.split()
    single = [word for word in words if len(word) == 1]
    return cjk + len(words) - len(single) + sum(map(str.isdigit, single))


def _value_part(line: str) -> str:
    """What a line says beyond a leading label: the text after the first `:` or `|`, or the whole line."""
    stripped = line.strip().lstrip("|").strip()
    cuts = [i for i in map(stripped.find, _SEPARATORS) if i >= 0]
    return stripped[min(cuts) + 1:] if cuts else stripped


def content_units(text: str, enough: int | None = None) -> int:
    """The units of every line's value (prompts, labels and placeholders left out), the lines normalised in one
    pass and counted in one when no line is an empty answer (the lines joined once when no placeholder is in them);
    given `enough`, counted until they reach it (`_counted`)."""
    lines = text.splitlines()
    if any(map(text.__contains__, _OPENINGS)):
        lines = [_strip_prompts(line) for line in lines]
    values = normalize_each_line("\n".join(map(_value_part, lines)))
    joined = "\n".join(values)
    if _may_hold_placeholder(joined):
        values = [_without_placeholders(value) for value in values]
    return _counted(values, enough)


def _counted(values: list[str], enough: int | None, words: list[str] | None = None) -> int:
    """The units of normalised lines (none for a line that is an empty answer): all of them in one pass when
    `enough` is None, else counted word by word until they reach `enough`, which is all `is_substantive` asks (1 or
    2): the first words of a section tell, without taking the Chinese characters out of the whole text (a pattern
    tried at every byte: two thirds of what counting a Chinese section cost). A count under `enough` is exact: a
    word's units add up (its Chinese characters, and one more when what is left of it is two characters or more,
    or a digit). `words`: the words of all the lines, when the caller has them."""
    if enough is None:
        return _word_units("\n".join(values)) if EMPTY_ANSWERS.isdisjoint(values) else sum(map(_units, values))
    if words is not None and EMPTY_ANSWERS.isdisjoint(values):
        return _words_counted(words, 0, enough)
    counted = 0
    for value in values:
        if value not in EMPTY_ANSWERS:
            counted = _words_counted(value.split(), counted, enough)
            if counted >= enough:
                break
    return counted


def _words_counted(words: list[str], counted: int, enough: int) -> int:
    """`counted` plus the units of the words, word by word until the sum reaches `enough`."""
    for word in words:
        if word.isascii():
            counted += len(word) > 1 or word.isdigit()
        else:
            others = ""  # what is left of the word without its Chinese characters, up to two characters
            for character in word:
                if is_cjk(character):
                    counted += 1
                    if counted >= enough:
                        return counted
                elif len(others) < 2:
                    others += character
            counted += len(others) > 1 or others.isdigit()
        if counted >= enough:
            return counted
    return counted


@lru_cache(maxsize=2048)
def is_substantive(text: str, structured: bool = False) -> bool:
    """Whether the text says something beyond placeholders, prompts, empty labels and "N/A" (remembered: many
    requirements ask about the same section of the same file)."""
    minimum = MIN_STRUCTURED_UNITS if structured else MIN_UNITS
    if any(map(text.__contains__, _NOT_PLAIN)):
        whole = _without_placeholders(normalize_text(_strip_prompts(text)))
        if whole in EMPTY_ANSWERS:
            return False
        return content_units(text, minimum) >= minimum
    return _plain_units(text, minimum) >= minimum


# A line holding none of these is its own value part, and no prompt is stripped from it.
_NOT_PLAIN = (*_OPENINGS, *_SEPARATORS)


def _plain_units(text: str, enough: int | None = None) -> int:
    """`content_units` of a text without a bracket or a label separator (most sections), or 0 when the whole text
    normalised without placeholders is an empty answer, with the lines normalised once: each line is its own value
    part, and the normalised lines' words are those of the normalised text (line breaks and the lines' outer spaces
    are spaces, which normalising drops); given `enough`, counted until they reach it (`_counted`)."""
    values = normalize_each_line("\n".join([line.strip() for line in text.splitlines()]))
    words = "\n".join(values).split()
    normalized = " ".join(words)
    if _may_hold_placeholder(normalized, words):  # else no line holds one either: the same words
        if _without_placeholders(normalized) in EMPTY_ANSWERS:
            return 0
        return _counted([_without_placeholders(value) for value in values], enough)
    if normalized in EMPTY_ANSWERS:
        return 0
    return _counted(values, enough, words)


def _field_value(lines: Sequence[str], label: str) -> bool:
    """Whether a line carries `label` followed by a value: after it on the line, or on the next line when the
    label stands alone (forms and PDF tables put values below their labels)."""
    wanted = normalize_text(label)
    if not wanted:
        return False
    for index, line in enumerate(lines):
        clean = _strip_prompts(line)
        normalized = f" {normalize_text(clean)} "
        position = normalized.find(f" {wanted} ") if wanted.isascii() else normalized.find(wanted)
        if position < 0:
            continue
        rest = _without_placeholders(normalized[position + len(wanted) + 1:].strip())
        bare = not rest and normalize_text(clean) == wanted
        if bare and index + 1 < len(lines):
            rest = _without_placeholders(normalize_text(_value_part(_strip_prompts(lines[index + 1]))))
        if _units(rest) >= 1:
            return True
    return False


def _has_need(section: Section, need: Need, structured: bool) -> bool:
    if need.kind == "pattern":
        pattern = PATTERNS[need.values[0]]
        # lines joined: a PDF text layer wraps "2 March" and "2027" onto two lines
        return pattern.search(" ".join(_strip_prompts(line) for line in section.lines())) is not None
    if need.kind == "phrase":
        content = normalize_text(_strip_prompts(section.body))
        return any(_phrase_in(content, normalize_text(value)) for value in need.values)
    lines = [line for line in section.content.splitlines() if line.strip()]
    for value in need.values:
        if _field_value(lines, value):
            return True
        wanted = normalize_heading(value)
        if wanted and any(wanted in normalize_heading(part.title) and is_substantive(part.content, structured)
                          for part in section.parts()):
            return True
    return False


def _phrase_in(content: str, phrase: str) -> bool:
    if not phrase:
        return False
    if any(is_cjk(ch) for ch in phrase):
        return phrase in content
    return f" {phrase} " in f" {content} "


_NOT_FOUND = SectionVerdict(False)  # one verdict for every section not found (records never change)


def assess_section(document: Document, alternatives: tuple[str, ...], needs: Sequence[Need] = ()) -> SectionVerdict:
    """Whether the document has a section under one of the headings, with substance and every need."""
    section = document.find(alternatives)
    if section is None:
        return _NOT_FOUND
    structured = document.format in ("yaml", "json", "csv")
    substantive = is_substantive(section.content, structured)
    lacking = tuple(need for need in needs if not _has_need(section, need, structured)) if needs else ()
    return SectionVerdict(True, section.title, substantive, lacking)
