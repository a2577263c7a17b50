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
    dataclass cost ~0.4 ms of every run that reads a document.) Levels, titles and bodies are kept in lists of
    their own, so that `build` makes the headings by one `map` (no generator frame, no tuple unpacked per
    heading: a document of the example has ~15 headings, a check ~700)."""

    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.levels: list[int] = []
        self.titles: list[str] = []
        self.bodies: list[list[str]] = []
        self.current = self.preamble  # where lines go: the preamble, then the body of the latest heading

    def heading(self, level: int, title: str) -> None:
        """A heading of `level`, kept between 1 and 9 (compared here: `max(1, min(level, 9))` was two calls)."""
        title = " ".join(title.split())
        if not title:
            return
        self.levels.append(level if 1 <= level <= 9 else 1 if level < 1 else 9)
        self.titles.append(title)
        self.current = []
        self.bodies.append(self.current)

    def line(self, text: str) -> None:
        self.current.append(text.strip())

    def build(self) -> tuple[str, tuple[Heading, ...]]:
        return _tidy(self.preamble), tuple(map(Heading, self.levels, self.titles, map(_tidy, self.bodies)))
