"""HTML: `<h1>`–`<h6>` are headings; text of block elements becomes lines. Nothing is fetched or run."""

from __future__ import annotations

from html.parser import HTMLParser

from .model import Document
from .outline import OutlineBuilder

_SKIPPED = {"script", "style", "template", "noscript", "head", "svg", "math"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "div", "li", "tr", "br", "table", "ul", "ol", "dl", "dt", "dd", "section", "article", "header",
           "footer", "blockquote", "pre", "hr", "main", "aside", "nav", "figure", "figcaption", "caption",
           "address", "form", "fieldset", "details", "summary", "body", "tbody", "thead"}
_CELLS = {"td", "th"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = OutlineBuilder()
        self.skipping: list[str] = []
        self.heading: int | None = None
        self.buffer: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if self.heading is not None:
            self.outline.heading(self.heading, text)
            self.heading = None
        elif text:
            self.outline.line(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in _SKIPPED:
            if tag in _SKIPPED:
                self.skipping.append(tag)
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
        elif tag in _BLOCKS:
            self._flush()
        elif tag in _CELLS and self.buffer:
            self.buffer.append(" | ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _HEADINGS or tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data)


def read_html(text: str) -> Document:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader._flush()
    preamble, headings = reader.outline.build()
    lines = [preamble] + [part for h in headings for part in (h.title, h.text) if part]
    return Document("html", "\n".join(lines), headings, preamble)
