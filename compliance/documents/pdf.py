"""PDF: headings from the outline (bookmarks) when present, else recovered from the text layer's styles.

pypdf reads the text layer (chosen over pdfminer.six: on the benchmark documents in bench/pdf_headings.py
both recover the same headings and body text, pypdf in half the time, and it is already a dependency).
A PDF whose pages carry no text (a scan) is unreadable, never an empty document that could pass a check.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from typing import Any

from .model import Document, Heading, Unreadable
from .outline import OutlineBuilder
from .recover import Line, drop_furniture, recover
from .text import normalize_heading

MAX_PAGES = 500
MAX_TEXT_CHARS = 5_000_000
MAX_OUTLINE_ENTRIES = 2_000
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|bd\b|cmbx|sfbx", re.I)


class _TooMuchText(Exception):
    pass


class _PageLines:
    """Groups the text-showing operations of one page into lines with their dominant font size and weight."""

    def __init__(self, page: int, budget: list[int]) -> None:
        self.page = page
        self.budget = budget
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.styles: dict[tuple[float, bool], int] = {}
        self.y: float | None = None

    def flush(self) -> None:
        text = "".join(self.parts).strip()
        if text:
            size, bold = max(self.styles.items(), key=lambda item: item[1])[0] if self.styles else (0.0, False)
            self.lines.append(Line(text, size, bold, self.page))
        self.parts, self.styles = [], {}

    def visit(self, text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text:
            return
        self.budget[0] -= len(text)
        if self.budget[0] < 0:
            raise _TooMuchText
        a, b, c, d, e, f = (float(v) for v in tm)
        m0, m1, m2, m3, _m4, m5 = (float(v) for v in cm)
        scale = math.sqrt(abs((a * m0 + b * m2) * (c * m1 + d * m3) - (a * m1 + b * m3) * (c * m0 + d * m2)))
        effective = float(size) * (scale or 1.0)
        y = e * m1 + f * m3 + m5
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        bold = bool(_BOLD.search(name))
        if self.y is not None and abs(y - self.y) > max(effective, 1.0) * 0.5:
            self.flush()
        self.y = y
        for number, part in enumerate(text.split("\n")):
            if number:
                self.flush()
            if part.strip():
                self.parts.append(part)
                key = (round(effective, 1), bold)
                self.styles[key] = self.styles.get(key, 0) + len(part)


def _outline_entries(reader: Any) -> list[tuple[int, str, int | None]]:
    """(level, title, page index) of every bookmark, in document order."""
    found: list[tuple[int, str, int | None]] = []

    def walk(items: Any, level: int) -> None:
        for item in items:
            if len(found) >= MAX_OUTLINE_ENTRIES:
                return
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # a dangling destination: keep the title, place it by text
                page = None
            found.append((level, str(getattr(item, "title", "") or ""), page))

    walk(reader.outline, 1)
    return [entry for entry in found if entry[1].strip()]


def _squeezed(text: str) -> str:
    return normalize_heading(text).replace(" ", "")


def _anchors(entries: list[tuple[int, str, int | None]], lines: list[Line]) -> Iterator[tuple[int, int]]:
    """Per bookmark: (index of its first line, number of title lines) in the text layer, in order."""
    cursor = 0
    for _, title, page in entries:
        wanted = _squeezed(title)
        start = cursor
        while page is not None and start < len(lines) and lines[start].page < page:
            start += 1
        match: tuple[int, int] | None = None
        for index in range(start, min(len(lines), start + 400)):
            key = _squeezed(lines[index].text)
            if key and wanted.startswith(key):
                taken, joined = 1, key
                while joined != wanted and index + taken < len(lines):
                    nxt = _squeezed(lines[index + taken].text)
                    if not nxt or not wanted.startswith(joined + nxt):
                        break
                    joined, taken = joined + nxt, taken + 1
                if joined == wanted:
                    match = (index, taken)
                    break
        if match is None:
            match = (start, 0)
        cursor = match[0] + match[1]
        yield match


def _from_outline(entries: list[tuple[int, str, int | None]], lines: list[Line]) -> tuple[str, tuple[Heading, ...]]:
    outline = OutlineBuilder()
    anchors = list(_anchors(entries, lines))
    position = 0
    for (level, title, _), (start, taken) in zip(entries, anchors, strict=True):
        for line in lines[position:start]:
            outline.line(line.text)
        outline.heading(level, title)
        position = max(position, start + taken)
    for line in lines[position:]:
        outline.line(line.text)
    return outline.build()


def read_pdf(raw: bytes) -> Document | Unreadable:
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return Unreadable("encrypted")
        pages = len(reader.pages)
        if pages > MAX_PAGES:
            return Unreadable("too_many_pages", {"pages": str(pages), "limit": str(MAX_PAGES)})
        budget = [MAX_TEXT_CHARS]
        lines: list[Line] = []
        for number, page in enumerate(reader.pages):
            collector = _PageLines(number, budget)
            page.extract_text(visitor_text=collector.visit)
            collector.flush()
            lines.extend(collector.lines)
        entries = _outline_entries(reader)
    except _TooMuchText:
        return Unreadable("too_much_text", {"limit": str(MAX_TEXT_CHARS)})
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            ZeroDivisionError, OverflowError) as exc:
        # pypdf reports damaged files through many exception types; any of them means "cannot read this PDF".
        return Unreadable("invalid", {"detail": str(exc).splitlines()[0][:200] if str(exc)
                                      else type(exc).__name__})
    if not any(line.text.strip() for line in lines):
        return Unreadable("no_text_layer", {"pages": str(pages)})
    body = drop_furniture(lines)
    preamble, headings = _from_outline(entries, body) if entries else recover(body, styled=True)
    text = "\n".join(line.text for line in body)
    return Document("pdf", text, headings, preamble,
                    notes=("outline",) if entries else ("recovered headings",))
