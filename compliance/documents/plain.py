"""Plain text and CSV. Text: Markdown headings when it has `#` headings, else headings recovered from numbering,
capitals and underlines. CSV: each column of the first row is a heading over that column's values."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from typing import Any

from .markdown import atx_heading, read_markdown
from .model import Document, Unreadable
from .outline import OutlineBuilder

MAX_CSV_ROWS = 100_000


def read_text(text: str) -> Document:
    if any(atx_heading(line) for line in text.splitlines()):
        marked = read_markdown(text)
        return Document("text", text, marked.headings, marked.preamble)
    from .recover import Line, recover  # its patterns are compiled only when plain text is read

    preamble, headings = recover([Line(line) for line in text.splitlines()], styled=False)
    return Document("text", text, headings, preamble)


# The csv module's reader and error come from `_csv` (`csv.reader is _csv.reader`): importing csv itself adds its
# dialect classes, Sniffer and DictReader/DictWriter (~0.35 ms), for nothing used here. `_csv` is a shared library
# (~0.2-0.4 ms to load, with its page faults), imported only for a file `_plain_rows` cannot split.
_FROM_CSV = {"csv_reader": "reader", "CsvError": "Error"}
# The csv module's default limit on a field's length (`_csv.field_size_limit()`): a text no longer than it holds no
# field over it.
_FIELD_LIMIT = 128 * 1024


def __getattr__(name: str) -> Any:
    """`csv_reader` and `CsvError`, the csv module's own, read from this module: `_csv` imported then."""
    if name not in _FROM_CSV:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import _csv

    return getattr(_csv, _FROM_CSV[name])


def _plain_rows(text: str) -> list[list[str]] | None:
    """The rows the csv module's reader (excel dialect) makes of a text, split at newlines and commas without
    it, or None when the reader must decide: a quote, a carriage return or a NUL is special to it, and a text over
    its default field limit may hold a field it refuses. The reader gets the text's lines as `io.StringIO` yields
    them (each up to and with its newline, none empty), ends a field at each comma and a row at the line's end, and
    makes an empty row of an empty line (tests/documents/test_csv_rows.py compares the two on thousands of texts)."""
    if len(text) > _FIELD_LIMIT or '"' in text or "\r" in text or "\x00" in text:
        return None
    lines = text.split("\n")
    if not lines[-1]:  # the text ends with a newline (or is empty): no line after it
        lines.pop()
    return [line.split(",") if line else [] for line in lines]


def _columns(rows: Iterable[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The first row's fields, and under each the values of the rows after it (up to `MAX_CSV_ROWS` of them)."""
    rows = iter(rows)
    header = next(rows, [])
    columns: list[list[str]] = [[] for _ in header]
    for number, row in enumerate(rows):
        if number >= MAX_CSV_ROWS:
            break
        for index, value in enumerate(row[:len(header)]):
            columns[index].append(value)
    return header, columns


def read_csv(text: str) -> Document | Unreadable:
    """Each column a heading over its values; a file the csv module refuses (a field over its limit of 131,072
    characters, a carriage return inside an unquoted field) is unreadable, as an invalid YAML or JSON file is."""
    rows = None if "_csv" in sys.modules else _plain_rows(text)  # once loaded, its limit may have been changed
    if rows is not None:
        header, columns = _columns(rows)
    else:
        from _csv import Error as CsvError
        from _csv import reader as csv_reader

        try:
            header, columns = _columns(csv_reader(io.StringIO(text)))
        except CsvError as exc:
            return Unreadable("invalid", {"format": "csv", "detail": str(exc)})
    outline = OutlineBuilder()
    for title, values in zip(header, columns, strict=True):
        outline.heading(1, title)
        for value in values:
            outline.line(value)
    preamble, headings = outline.build()
    return Document("csv", text, headings, preamble)
