"""Quote a section of a Markdown evidence file: the text under a heading, up to the next one as high."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..evidence import normalize_heading

MAX_EXCERPT_CHARS = 1200
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class Excerpt:
    heading: str
    text: str
    truncated: bool


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, text) of every ATX heading outside code fences."""
    found: list[tuple[int, int, str]] = []
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _ATX.match(line)
        if match:
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def _plain(lines: list[str]) -> str:
    """Paragraphs of the section as plain text (Markdown markup is shown, never interpreted)."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        heading = _ATX.match(line)
        if heading:
            if current:
                paragraphs.append(" ".join(current))
            current = [heading.group(2)]
            paragraphs.append(" ".join(current))
            current = []
        elif line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def excerpt(text: str, alternatives: tuple[str, ...], limit: int = MAX_EXCERPT_CHARS) -> Excerpt | None:
    """The section under the first heading matching an alternative (tried in order; matched as checks do)."""
    lines = text.splitlines()
    headings = _headings(lines)
    for wanted in (normalize_heading(a) for a in alternatives):
        for position, (index, level, heading) in enumerate(headings):
            if not wanted or wanted not in normalize_heading(heading):
                continue
            end = next((i for i, lvl, _ in headings[position + 1:] if lvl <= level), len(lines))
            body = _plain(lines[index + 1:end])
            truncated = len(body) > limit
            if truncated:
                body = body[:limit].rstrip() + " …"
            return Excerpt(heading, body, truncated)
    return None
