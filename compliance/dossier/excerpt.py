"""Quote a section of an evidence document: the text under a heading, up to the next one as high.

Any readable format (Markdown, PDF, Word, HTML, …) is quoted the same way: the document readers give the
headings, so the dossier matches sections exactly as the checks do."""

from __future__ import annotations

from dataclasses import dataclass

from ..documents import Document

MAX_EXCERPT_CHARS = 1200


@dataclass(frozen=True)
class Excerpt:
    heading: str
    text: str
    truncated: bool


def _paragraphs(text: str) -> list[str]:
    """Lines joined into paragraphs (blank lines separate them); markup is shown, never interpreted."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def excerpt(document: Document, alternatives: tuple[str, ...], limit: int = MAX_EXCERPT_CHARS) -> Excerpt | None:
    """The section under the first heading matching an alternative (tried in order; matched as checks do)."""
    section = document.find(alternatives)
    if section is None:
        return None
    paragraphs = _paragraphs(section.heading.text)
    for sub in section.subheadings:
        paragraphs.append(sub.title)
        paragraphs.extend(_paragraphs(sub.text))
    body = "\n".join(paragraphs)
    truncated = len(body) > limit
    if truncated:
        body = body[:limit].rstrip() + " …"
    return Excerpt(section.title, body, truncated)
