"""Recover headings from lines of text that carry no markup: PDF text layers and plain-text files.

A line is a heading when its style sets it apart (a larger font or a bold line, where the text layer says
so) or, in unstyled text, when it is numbered like a heading ("2.1 Risk analysis", "第二章", "（一）"),
written in capitals, or underlined. Levels come from the numbering depth, else from the font size rank.
Running headers and footers (the same line on many pages) are dropped first.
"""

from __future__ import annotations

import re
from collections import Counter

from ..records import record
from .model import Heading
from .outline import OutlineBuilder
from .text import is_cjk, normalize_text

MAX_HEADING_CHARS = 150
MAX_HEADING_WORDS = 16
_SIZE_RATIO = 1.12
_ENDINGS = (".", ",", ";", ":", "，", "。", "；", "：", "、")
_CN_DIGITS = "一二三四五六七八九十百零〇两"
# Each pattern is anchored and bounded: at most a few dozen characters are inspected per line.
_DOTTED = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,4})\.?[ \t]{1,8}(\S)")
_NAMED = re.compile(r"(?:annex|appendix|chapter|part|section|article|schedule)[ \t]{1,4}[\dA-Za-z]{1,6}\b", re.I)
_CN_CHAPTER = re.compile(f"第[{_CN_DIGITS}\\d]{{1,4}}([章节部分条篇])")
_CN_ITEM = re.compile(f"[{_CN_DIGITS}]{{1,3}}、")
_CN_PAREN = re.compile(f"[（(][{_CN_DIGITS}]{{1,3}}[）)]")


@record
class Line:
    """A line of a text layer: its text, font size in points (0 = unknown), boldness, page (0-based)."""

    text: str
    size: float = 0.0
    bold: bool = False
    page: int = 0


def numbering_level(text: str) -> int | None:
    """The level a heading's numbering implies ("2" → 1, "2.1" → 2, "第二章" → 1, "（一）" → 2), else None."""
    dotted = _DOTTED.match(text)
    if dotted:
        first = dotted.group(2)
        if first.isupper() or is_cjk(first):
            return dotted.group(1).count(".") + 1
        return None
    if _NAMED.match(text):
        return 1
    chapter = _CN_CHAPTER.match(text)
    if chapter:
        return {"章": 1, "部": 1, "篇": 1, "节": 2, "条": 3}.get(chapter.group(1), 1)
    if _CN_ITEM.match(text):
        return 1
    if _CN_PAREN.match(text):
        return 2
    return None


def _heading_shape(text: str) -> bool:
    """Short, has letters, does not end like a sentence or a field label."""
    if not 2 <= len(text) <= MAX_HEADING_CHARS or text.endswith(_ENDINGS):
        return False
    if len(text.split()) > MAX_HEADING_WORDS:
        return False
    return any(ch.isalpha() for ch in text)


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha() and not is_cjk(ch)]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _underline(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) >= 3 and stripped[0] in "=-~" and not stripped.strip(stripped[0])


def _page_number(text: str) -> bool:
    """"3", "- 3 -", "Page 3 of 8", "第3页 共8页" and the like."""
    words = normalize_text(text).replace("第", " ").replace("页", " ").replace("共", " ").split()
    return bool(words) and all(w.isdigit() or w in ("page", "of", "p", "seite", "von") for w in words) \
        and any(w.isdigit() for w in words)


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Without page numbers, running headers and footers (text repeated on at least half of 2+ pages)."""
    lines = [line for line in lines if line.text.strip() and not _page_number(line.text)]
    pages = len({line.page for line in lines})
    if pages < 2:
        return lines
    keys = [normalize_text("".join(ch for ch in line.text if not ch.isdigit())) for line in lines]
    seen: dict[str, set[int]] = {}
    for key, line in zip(keys, lines, strict=True):
        seen.setdefault(key, set()).add(line.page)
    repeated = {key for key, where in seen.items() if len(where) >= max(2, (pages + 1) // 2)}
    return [line for key, line in zip(keys, lines, strict=True) if key and key not in repeated]


def body_size(lines: list[Line]) -> float:
    """The font size most characters are set in (0 when the text layer gives none)."""
    weights: Counter[float] = Counter()
    for line in lines:
        if line.size:
            weights[round(line.size, 1)] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _styled_candidates(lines: list[Line], body: float) -> list[int | None]:
    """Per line: the rank of its style among heading styles (0 = most prominent), None for body text."""
    def prominent(line: Line) -> bool:
        return _heading_shape(line.text.strip()) and (line.size >= body * _SIZE_RATIO or line.bold)

    styles = sorted({(round(line.size * 2) / 2, line.bold) for line in lines if prominent(line)}, reverse=True)
    rank = {style: index for index, style in enumerate(styles)}
    return [rank[(round(line.size * 2) / 2, line.bold)] if prominent(line) else None for line in lines]


def _plain_candidates(lines: list[Line]) -> list[int | None]:
    marks: list[int | None] = []
    for index, line in enumerate(lines):
        text = line.text.strip()
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if _underline(text) and marks and marks[-1] is not None:
            marks.append(None)
            continue
        level = numbering_level(text) if _heading_shape(text) else None
        if level is None and _heading_shape(text) and (_capitals(text) or _underline(following)):
            level = 1 if _underline(following) and following.strip()[0] == "=" else 2
        marks.append(None if level is None else level - 1)
    return marks


def recover(lines: list[Line], styled: bool) -> tuple[str, tuple[Heading, ...]]:
    """(preamble, headings) recovered from the lines; `styled` when sizes/boldness are known."""
    lines = drop_furniture(lines)
    body = body_size(lines) if styled else 0.0
    has_style = styled and body > 0 and any(line.size >= body * _SIZE_RATIO or line.bold for line in lines)
    marks = _styled_candidates(lines, body) if has_style else _plain_candidates(lines)
    depths: dict[int, int] = {}
    for line, mark in zip(lines, marks, strict=True):
        depth = numbering_level(line.text.strip()) if mark is not None else None
        if mark is not None and depth is not None:
            depths[mark] = min(depths.get(mark, depth), depth)
    outline = OutlineBuilder()
    index = 0
    while index < len(lines):
        line, mark = lines[index], marks[index]
        if mark is None:
            if not (_underline(line.text) and index and marks[index - 1] is not None):
                outline.line(line.text)
            index += 1
            continue
        title = line.text.strip()
        # A heading set over two lines: the same style continues and the next line is not numbered itself.
        while (index + 1 < len(lines) and marks[index + 1] == mark and has_style
               and numbering_level(lines[index + 1].text.strip()) is None
               and len(title) + len(lines[index + 1].text) <= MAX_HEADING_CHARS
               and not _is_complete_numbered(title, lines[index + 1].text)):
            index += 1
            title = f"{title} {lines[index].text.strip()}"
        outline.heading(_level(title, mark, has_style, depths), title)
        index += 1
    preamble, headings = outline.build()
    return preamble, headings


def _level(title: str, mark: int, styled: bool, depths: dict[int, int]) -> int:
    """Styled text: the style's rank, deeper by the numbering within one style ("2" and "2.1" in one font).
    Unstyled text: the numbering depth, else what the line's shape suggested."""
    numbered = numbering_level(title)
    if not styled:
        return numbered if numbered is not None else mark + 1
    return mark + 1 + (numbered - depths.get(mark, numbered) if numbered is not None else 0)


def _is_complete_numbered(title: str, following: str) -> bool:
    """A numbered title already has its words; a bare number ("3") waits for the words on the next line."""
    number = _DOTTED.match(title)
    return number is not None or (bool(following) and following.strip()[:1].isdigit())
