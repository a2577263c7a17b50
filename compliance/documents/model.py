"""What a reader learns from one document: its text, its headings with levels, the text under each."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property, lru_cache
from typing import Any

from ..records import field, record
from .text import normalize_heading, normalize_headings


class Heading:
    """One heading: its level (1 = top), its title and the lines directly under it, up to the next heading.

    Made once and never changed: a plain class with slots, not a frozen record, because a check makes one for each
    heading of each evidence file (~700 for the example) and a record's `__init__` (each field set through
    `object.__setattr__`) cost twice as much. Equal, hashed and shown as the record was: by its three fields."""

    __slots__ = ("level", "text", "title")

    def __init__(self, level: int, title: str, text: str = "") -> None:
        self.level = level
        self.title = title
        self.text = text

    def _fields(self) -> tuple[int, str, str]:
        return self.level, self.title, self.text

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Heading(level={self.level!r}, title={self.title!r}, text={self.text!r})"


def nest(headings: tuple[Heading, ...], position: int) -> Section:
    """The section of `headings[position]`: it and the headings after it that are deeper."""
    heading = headings[position]
    end = position + 1
    while end < len(headings) and headings[end].level > heading.level:
        end += 1
    return Section(heading, headings[position + 1:end])


@record
class Section:
    """A heading with everything nested under it (the subheadings down to the next heading as high)."""

    heading: Heading
    subheadings: tuple[Heading, ...] = ()

    @property
    def title(self) -> str:
        return self.heading.title

    @property
    def content(self) -> str:
        """The lines under the heading and its subheadings, without the subheadings' titles: the heading's own text
        when it has no subheadings (most sections a check asks for), the same string each time it is asked for."""
        if not self.subheadings:
            return self.heading.text
        return "\n".join(h.text for h in (self.heading, *self.subheadings) if h.text)

    @property
    def body(self) -> str:
        """The lines under the heading, subheading titles included (what an excerpt quotes)."""
        parts = [self.heading.text] if self.heading.text else []
        for sub in self.subheadings:
            parts.append(sub.title)
            if sub.text:
                parts.append(sub.text)
        return "\n".join(parts)

    def parts(self) -> list[Section]:
        """The section of each subheading."""
        return [nest(self.subheadings, i) for i in range(len(self.subheadings))]

    def lines(self) -> list[str]:
        """Every non-blank line of the section, subheading titles included."""
        return [line for line in self.body.splitlines() if line.strip()]


@record
class Document:
    """A readable document; `data` is the parsed value of a YAML/JSON file (None for other formats)."""

    format: str
    text: str
    headings: tuple[Heading, ...] = ()
    preamble: str = ""
    data: Any = None
    notes: tuple[str, ...] = field(default=())

    def sections(self) -> list[Section]:
        return [nest(self.headings, i) for i in range(len(self.headings))]

    def find(self, alternatives: tuple[str, ...]) -> Section | None:
        """The section under the first heading that matches an alternative (alternatives tried in order).

        A heading matches when the normalised alternative occurs in the normalised heading (so numbering,
        case, width and punctuation do not matter: "3.2 Risk Identification:" matches "risk identification").
        """
        titles = self.heading_lines
        for wanted in map(_wanted_heading, alternatives):
            if not wanted:
                continue
            at = titles.find(wanted)  # normalised text has no newline: a match lies within one title
            if at >= 0:
                return nest(self.headings, titles.count("\n", 0, at))
        return None

    @cached_property
    def normalized_headings(self) -> tuple[str, ...]:
        """Each heading's normalised title, worked out once per document (requirements look up many times)."""
        return normalize_headings([h.title for h in self.headings])

    @cached_property
    def heading_lines(self) -> str:
        """The normalised titles, one a line: the first heading holding an alternative is one `str.find`."""
        return "\n".join(self.normalized_headings)

    @cached_property
    def metrics(self) -> Mapping[str, float] | None:
        """Numbers under a top-level `metrics:` mapping of a YAML/JSON file, worked out once per document (the
        requirements comparing figures read them ~5 times a file; nothing changes the mapping it gives)."""
        if not isinstance(self.data, Mapping) or not isinstance(self.data.get("metrics"), Mapping):
            return None
        return {str(k): float(v) for k, v in self.data["metrics"].items()
                if isinstance(v, int | float) and not isinstance(v, bool)}


@lru_cache(maxsize=4096)
def _wanted_heading(alternative: str) -> str:
    """A ruleset's heading alternative, normalised (the same few hundred strings for every card)."""
    return normalize_heading(alternative)


@record
class Unreadable:
    """Why a document could not be read: a stable code (the catalogs word it as `unreadable.<code>`) and the
    values its message needs."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)
