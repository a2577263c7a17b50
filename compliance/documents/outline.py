"""Build headings from a stream of (heading | line) events: shared by every reader."""

from __future__ import annotations

from .model import Heading


def _tidy(lines: list[str]) -> str:
    """Lines with runs of blank lines collapsed to one and none at either end. The readers strip every line (a
    blank one is empty), so the lines joined and stripped of newlines at C speed are that text already, unless
    it holds three newlines in a row (two blank lines meet, or a YAML value holds blank lines of its own): only
    then are the lines gone through one by one."""
    text = "\n".join(lines).strip("\n")
    return text if "\n\n\n" not in text else tidy_line_by_line(lines)


def tidy_line_by_line(lines: list[str]) -> str:
    """`_tidy`, a line at a time (tests/documents/test_outline.py compares the two)."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


class OutlineBuilder:
    """Collects the lines of the preamble and of each heading in document order. (A plain class: defining a
    dataclass cost ~0.4 ms of every run that reads a document.)"""

    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.titles: list[tuple[int, str]] = []
        self.bodies: list[list[str]] = []
        self.current = self.preamble  # where lines go: the preamble, then the body of the latest heading

    def heading(self, level: int, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            return
        self.titles.append((max(1, min(level, 9)), title))
        self.current = []
        self.bodies.append(self.current)

    def line(self, text: str) -> None:
        self.current.append(text.strip())

    def build(self) -> tuple[str, tuple[Heading, ...]]:
        headings = tuple(Heading(level, title, _tidy(body)) for (level, title), body in zip(self.titles, self.bodies,
                                                                                             strict=True))
        return _tidy(self.preamble), headings
