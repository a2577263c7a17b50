"""What an import found: card values keyed by card path, each with the file, line and field of the source
that says it (and, for statements found in prose, the words), plus notes on what was read but not used.

The first source to give a path wins, so importers offer values in order of authority (front matter
before body text, the BOM's own component before its parts). Nothing is inferred here: a value is put
only where the source states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..init_card import EvidenceDraft, Imported, Value

QUOTE_LIMIT = 160


def quoted(text: str) -> str:
    """Source words for a one-line comment: whitespace collapsed, long text cut with an ellipsis."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= QUOTE_LIMIT else flat[:QUOTE_LIMIT - 1].rstrip() + "…"


@dataclass(frozen=True)
class Origin:
    """Where in the source a value was read."""

    file: str
    where: str  # "front matter: license", "field: Developed by", "components[0].name"
    line: int | None = None
    quote: str = ""  # the source's words, for statements read from prose
    remark: str = ""  # what the reader should know before confirming it

    def describe(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        text = f"from {place} {self.where}"
        if self.quote:
            text += f' "{quoted(self.quote)}"'
        if self.remark:
            text += f" — {self.remark}"
        return text


class Findings:
    """Values, evidence and notes collected while reading one source."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[str, Value] = {}
        self.notes: list[str] = []
        self.evidence: list[EvidenceDraft] = []

    def put(self, path: str, value: Any, origin: Origin) -> bool:
        """Offer a value for a card path; empty values and paths already given are ignored."""
        if value in (None, "", []) or path in self.values:
            return False
        self.values[path] = Value(value, origin.describe(), False, origin.line)
        return True

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def origin(self, where: str, line: int | None = None, quote: str = "", remark: str = "") -> Origin:
        return Origin(self.file, where, line, quote, remark)

    def imported(self) -> Imported:
        return Imported(self.file, dict(self.values), tuple(self.evidence), tuple(self.notes))
