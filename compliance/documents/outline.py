"""Build headings from a stream of (heading | line) events: shared by every reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Heading


def _tidy(lines: list[str]) -> str:
    """Lines with runs of blank lines collapsed to one and none at either end."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


@dataclass
class OutlineBuilder:
    """Collects the lines of the preamble and of each heading in document order."""

    preamble: list[str] = field(default_factory=list)
    titles: list[tuple[int, str]] = field(default_factory=list)
    bodies: list[list[str]] = field(default_factory=list)

    @property
    def current(self) -> list[str]:
        return self.bodies[-1] if self.bodies else self.preamble

    def heading(self, level: int, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            return
        self.titles.append((max(1, min(level, 9)), title))
        self.bodies.append([])

    def line(self, text: str) -> None:
        self.current.append(text.strip())

    def build(self) -> tuple[str, tuple[Heading, ...]]:
        headings = tuple(Heading(level, title, _tidy(body)) for (level, title), body in zip(self.titles, self.bodies,
                                                                                             strict=True))
        return _tidy(self.preamble), headings
