"""Markdown: ATX (`## Title`) and setext (`Title` over `===`/`---`) headings, outside code fences.

The project's one heading parser: the engine's section checks and the dossier's excerpts both read it.
Each line is classified with a constant number of linear string operations (no backtracking patterns),
so a hostile line such as `# a` followed by 200,000 spaces costs what its length costs.
"""

from __future__ import annotations

from .model import Document
from .outline import OutlineBuilder

_LIST_MARKERS = ("- ", "* ", "+ ", "> ")
# A line whose first character after spaces and tabs is none of these opens no fence and is no ATX heading and
# no setext underline: most lines of a document, taken without the three tests.
_MARKUP_STARTS = frozenset("#`~=-")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line, else None: up to three spaces, one to six `#`, then a space, a tab or
    the end of the line; the title without its closing run of `#` (when a space or tab comes before it)."""
    stripped = line.lstrip(" ")
    rest = stripped.lstrip("#")
    hashes = len(stripped) - len(rest)
    if not 0 < hashes <= 6 or len(line) - len(stripped) > 3 or rest[:1] not in " \t":  # "" (the end) is in it
        return None
    title = rest.strip(" \t")
    closing = title.rstrip("#")
    if not closing:
        return hashes, ""
    if closing != title and closing[-1] in " \t":
        return hashes, closing.rstrip(" \t")
    return hashes, title


def _setext_level(line: str) -> int | None:
    if _indent(line) > 3:
        return None
    stripped = line.strip(" \t")
    if not stripped or stripped.strip(stripped[0]) or stripped[0] not in "=-":
        return None
    return 1 if stripped[0] == "=" else 2


def _fence(line: str) -> tuple[str, int] | None:
    if _indent(line) > 3:
        return None
    stripped = line.lstrip(" ")
    for char in "`~":
        run = len(stripped) - len(stripped.lstrip(char))
        if run >= 3:
            return char, run
    return None


def _starts_block(line: str) -> bool:
    stripped = line.lstrip(" ")
    if stripped.startswith(_LIST_MARKERS):
        return True
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    return 0 < digits <= 9 and stripped[digits:digits + 2] in (". ", ") ")


class _Comments:
    """Drops `<!-- ... -->` spans, which may run over several lines."""

    def __init__(self) -> None:
        self.open = False

    def strip(self, line: str) -> str:
        kept: list[str] = []
        position = 0
        while position <= len(line):
            if self.open:
                end = line.find("-->", position)
                if end < 0:
                    break
                self.open, position = False, end + 3
            else:
                start = line.find("<!--", position)
                if start < 0:
                    kept.append(line[position:])
                    break
                kept.append(line[position:start])
                self.open, position = True, start + 4
        return "".join(kept)


def _front_matter_end(lines: list[str]) -> int:
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index + 1
    return 0


def read_markdown(text: str) -> Document:
    lines = text.splitlines()
    outline = OutlineBuilder()
    comments = _Comments()
    fence: tuple[str, int] | None = None
    paragraph: list[str] = []      # the open paragraph's lines (a setext underline turns them into a title)
    body = outline.current         # where `outline.line` puts a line: kept here, appended to without a call
    for raw in lines[_front_matter_end(lines):]:
        if fence is not None:
            closing = _fence(raw)
            if closing and closing[0] == fence[0] and closing[1] >= fence[1] and not raw.strip(" \t" + fence[0]):
                fence = None
            else:
                body.append(raw.strip())
            continue
        line = comments.strip(raw) if comments.open or "<!--" in raw else raw
        first = line.lstrip(" \t")[:1]
        if first not in _MARKUP_STARTS:
            kept = line.strip()
            if not kept:
                if paragraph:
                    paragraph = []
            elif paragraph or not line.startswith("    "):  # indented by fewer than four spaces (`_indent`)
                paragraph.append(kept)
            body.append(kept)
            continue
        # A fence opens with a backtick or a tilde, an ATX heading with "#", an underline is "=" or "-": the
        # other tests cannot succeed on a line that starts otherwise.
        opening = _fence(line) if first in "`~" else None
        if opening:
            fence, paragraph = opening, []
            continue
        atx = atx_heading(line) if first == "#" else None
        if atx:
            outline.heading(*atx)
            body = outline.current
            paragraph = []
            continue
        level = _setext_level(line) if first in "=-" else None
        if level is not None and paragraph and not _starts_block(paragraph[0]):
            del body[len(body) - len(paragraph):]
            outline.heading(level, " ".join(paragraph))
            body = outline.current
            paragraph = []
            continue
        if level == 2:
            paragraph = []
            continue                      # a thematic break: no text
        if not line.strip():
            paragraph = []
        elif _indent(line) < 4 or paragraph:
            paragraph.append(line.strip())
        body.append(line.strip())
    preamble, headings = outline.build()
    return Document("markdown", text, headings, preamble)
