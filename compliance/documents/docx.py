"""DOCX (Word): paragraphs in heading styles (or with an outline level) are headings; tables become
`cell | cell` lines. The package is size-checked before python-docx opens it (zip bombs)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from .model import Document, Unreadable
from .outline import OutlineBuilder

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s?([1-9])$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _outline_level(element: Any) -> int | None:
    """w:pPr/w:outlineLvl of a paragraph or a style (0-8 = heading levels 1-9, 9 = body text)."""
    ppr = element.find(f"{_W}pPr")
    level = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
    if level is None:
        return None
    value = level.get(f"{_W}val", "")
    return int(value) + 1 if value.isdigit() and int(value) < 9 else 0


def heading_level(paragraph: Any) -> int | None:
    """The heading level of a paragraph: its own outline level, else its style's (following `based on`)."""
    own = _outline_level(paragraph._p)
    if own is not None:
        return own or None
    style = paragraph.style
    for _ in range(10):
        if style is None:
            return None
        name = (style.name or "").strip()
        if name.lower() == "title":
            return 1
        match = _HEADING_STYLE.match(name)
        if match:
            return int(match.group(1))
        level = _outline_level(style.element)
        if level is not None:
            return level or None
        style = style.base_style
    return None


def _row_text(row: Any) -> str:
    cells: list[str] = []
    for cell in row.cells:
        text = " ".join(cell.text.split())
        if text and (not cells or cells[-1] != text):      # merged cells repeat their text
            cells.append(text)
    return " | ".join(cells)


def _unpacked_size(raw: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return sum(info.file_size for info in archive.infolist())


def read_docx(raw: bytes) -> Document | Unreadable:
    try:
        size = _unpacked_size(raw)
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return Unreadable("invalid", {"detail": f"not a Word package ({exc})"})
    if size > MAX_UNPACKED_BYTES:
        return Unreadable("archive_too_large", {"size": str(size), "limit": str(MAX_UNPACKED_BYTES)})
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
        outline = OutlineBuilder()
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    outline.line(_row_text(row))
                continue
            level = heading_level(block)
            if level:
                outline.heading(level, block.text)
            else:
                outline.line(block.text)
    except Exception as exc:  # python-docx and lxml fail on damaged packages in many ways: all mean unreadable
        return Unreadable("invalid", {"detail": str(exc).splitlines()[0][:200] if str(exc)
                                      else type(exc).__name__})
    preamble, headings = outline.build()
    text = "\n".join([preamble] + [part for h in headings for part in (h.title, h.text) if part])
    return Document("docx", text, headings, preamble)
