"""Plain text and CSV. Text: Markdown headings when it has `#` headings, else headings recovered from numbering,
capitals and underlines. CSV: each column of the first row is a heading over that column's values."""

from __future__ import annotations

import io

# The csv module's reader and error are these (`csv.reader is _csv.reader`); importing csv itself adds its
# dialect classes, Sniffer and DictReader/DictWriter: ~0.35 ms of a run with CSV evidence, for nothing used here.
from _csv import Error as CsvError
from _csv import reader as csv_reader

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


def read_csv(text: str) -> Document | Unreadable:
    """Each column a heading over its values; a file the csv module refuses (a field over its limit of 131,072
    characters, a carriage return inside an unquoted field) is unreadable, as an invalid YAML or JSON file is."""
    rows = csv_reader(io.StringIO(text))
    columns: list[list[str]] = []
    try:
        header = next(rows, [])
        columns = [[] for _ in header]
        for number, row in enumerate(rows):
            if number >= MAX_CSV_ROWS:
                break
            for index, value in enumerate(row[:len(header)]):
                columns[index].append(value)
    except CsvError as exc:
        return Unreadable("invalid", {"format": "csv", "detail": str(exc)})
    outline = OutlineBuilder()
    for title, values in zip(header, columns, strict=True):
        outline.heading(1, title)
        for value in values:
            outline.line(value)
    preamble, headings = outline.build()
    return Document("csv", text, headings, preamble)
