"""The structure of a Markdown README as model cards write it: headings, the prose under each, and the
`**Key:** value` fields, all with their line numbers.

Text inside fenced code blocks and HTML comments is never prose: a `# comment` in a Python example is not
a heading (Llama 3.1's card would otherwise be named "First, define a tool"), and the template's
`<!-- Provide a quick summary -->` is not a description. Inline Markdown is reduced to its words:
`**bold**` to bold, `[text](url)` to text, images and HTML tags dropped.

READMEs are untrusted input: headings go through the project's linear ATX parser
(`documents.markdown.atx_heading`), every pattern here is free of nested backtracking, and lines are
cut at MAX_LINE characters, so a hostile line costs what its length costs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..documents.markdown import atx_heading
from ..documents.text import normalize_heading

MAX_LINE = 10_000
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TAGS_ONLY = re.compile(r"^\s*(?:<[^<>]*>\s*)*$")
_FIELD = re.compile(r"^ {0,3}(?:[-*+]\s+)?(?:\*\*|__)(?P<key>[^*_\n]{1,80}?)(?:\*\*|__)(?P<rest>.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_COLONS = ":："
# Template text that stands for "nothing written yet".
PLACEHOLDER = re.compile(
    r"^\W*(?:more information needed|more info needed|needs more information|to be added|tbd|todo|n/?a|"
    r"待补充|待定|暂无)\W*$|\{\{[^{}]*\}\}|\[more information needed\]"
    r"|this model card has been automatically generated|model that has been pushed on the hub", re.IGNORECASE)
# Chinese numbering in front of a heading ("## 一、简介", "（二）用途"); digits, emoji and punctuation are
# dropped by normalize_heading.
_CN_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the file
    text: str


@dataclass(frozen=True)
class Heading:
    level: int
    title: str  # plain text
    line: int


@dataclass(frozen=True)
class Field:
    """A `**Key:** value` line (or `**Key** value` when `labelled` is False)."""

    key: str  # normalised: lower case, no colon, no "[optional]"
    label: str  # as written, plain text
    value: str  # plain text; "" when nothing follows
    line: int
    with_colon: bool


@dataclass(frozen=True)
class Paragraph:
    text: str  # plain text on one line; list items joined with "; "
    line: int  # of its first line
    label: str = ""  # a bold lead without a colon, "**Intended Use Cases** Llama 3.1 is ..." → Intended Use Cases
    after_label: str = ""  # the text after that label


@dataclass(frozen=True)
class Section:
    heading: Heading | None  # None: the text before the first heading
    lines: tuple[Line, ...]  # its own prose lines, up to the next heading of any level
    end: int  # index in Document.sections of the first section after its subsections


def plain(text: str) -> str:
    """Inline Markdown and HTML reduced to words, on one line (linear: markers are removed one by one)."""
    text = text[:MAX_LINE]
    text = re.sub(r"!\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)", "", text)  # images
    text = re.sub(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", "", text, flags=re.IGNORECASE)
    for _ in range(2):  # a link whose text is itself a link
        text = re.sub(r"\[([^\[\]]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)", r"\1", text)
        text = re.sub(r"\[([^\[\]]+)\]\[[^\[\]]*\]", r"\1", text)
    text = re.sub(r"<(https?://[^<>\s]+)>", r"\1", text)
    text = re.sub(r"<[^<>]{0,400}>", " ", text)  # HTML tags (their content stays)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\*\*|~~|(?<![\w_])__|__(?![\w_])", "", text)
    text = re.sub(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])", "", text)
    text = re.sub(r"(?<![\w_])_(?=[^\s_])|(?<=[^\s_])_(?![\w_])", "", text)
    text = re.sub(r"^\s*(?:>\s*)+", "", text)
    text = html.unescape(text).replace("\u00a0", " ")
    return " ".join(text.split())


def is_placeholder(text: str) -> bool:
    return not text.strip() or bool(PLACEHOLDER.search(text))


def field_key(label: str) -> str:
    """`Finetuned from model [optional]:` → `finetuned from model`."""
    key = re.sub(r"\[optional\]|\(optional\)", "", label, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", key).strip().strip(_COLONS).strip().lower()


def heading_keys(title: str) -> set[str]:
    """Normalised names a heading can be looked up by: `## 👨‍⚕️ 2. 介绍（Introduction）` → 介绍 introduction,
    介绍, introduction (translations in brackets are names of their own)."""
    text = title[:300]
    text = text[next((i for i, ch in enumerate(text) if ch.isalnum() or ch in "(（["), len(text)):]  # emoji first
    text = _CN_NUMBERING.sub("", text, count=1)
    text = re.sub(r"\[optional\]", "", text, flags=re.IGNORECASE)
    parts = [text, re.sub(r"[(（][^()（）]*[)）]", " ", text), *re.findall(r"[(（]([^()（）]*)[)）]", text)]
    return {key for key in (normalize_heading(part) for part in parts) if key}


class Document:
    """A Markdown body: its headings, sections, fields and prose, with file line numbers."""

    def __init__(self, body: str, first_line: int = 1) -> None:
        self.prose: list[Line] = []
        self.headings: list[Heading] = []
        self.code_lines = 0
        starts: list[int] = []  # index into prose where each heading's section starts
        for line in _outside_code(self._uncommented(body, first_line), self):
            heading = _heading(line)
            if heading is not None:
                self.headings.append(heading)
                starts.append(len(self.prose))
            else:
                self.prose.append(line)
        lead = Section(None, tuple(self.prose[:starts[0]] if starts else self.prose), 0)
        self.sections: list[Section] = [lead]
        for index, heading in enumerate(self.headings):
            stop = starts[index + 1] if index + 1 < len(starts) else len(self.prose)
            end = next((n + 1 for n in range(index + 1, len(self.headings))
                        if self.headings[n].level <= heading.level), len(self.headings) + 1)
            self.sections.append(Section(heading, tuple(self.prose[starts[index]:stop]), end))
        self.fields: list[Field] = [f for f in (_field(line) for line in self.prose) if f is not None]
        self.keys: list[set[str]] = [heading_keys(s.heading.title) if s.heading else set() for s in self.sections]

    @staticmethod
    def _uncommented(body: str, first_line: int) -> Iterator[Line]:
        """Lines with HTML comments blanked out (a comment may span lines)."""
        in_comment = False
        for offset, raw in enumerate(body.splitlines()):
            out, rest = [], raw
            while rest:
                if in_comment:
                    end = rest.find("-->")
                    if end < 0:
                        rest = ""
                    else:
                        rest, in_comment = rest[end + 3:], False
                else:
                    start = rest.find("<!--")
                    if start < 0:
                        out.append(rest)
                        rest = ""
                    else:
                        out.append(rest[:start])
                        rest, in_comment = rest[start + 4:], True
            yield Line(first_line + offset, "".join(out)[:MAX_LINE])

    def find(self, names: Iterable[str]) -> list[Section]:
        """Sections whose heading matches one of `names`, in document order (names are normalised too)."""
        wanted = {normalize_heading(name) for name in names}
        return [s for s, keys in zip(self.sections, self.keys, strict=True) if keys & wanted]

    def first_field(self, keys: Iterable[str]) -> Field | None:
        """The first field with one of `keys` and a real value, in the order of `keys`."""
        for key in keys:
            for found in self.fields:
                if found.key == key and found.value and not is_placeholder(found.value):
                    return found
        return None

    def subsections(self, index: int) -> list[Section]:
        """The subsections of `sections[index]`."""
        return self.sections[index + 1:self.sections[index].end]


def _outside_code(lines: Iterable[Line], document: Document) -> Iterator[Line]:
    fence = ""
    for line in lines:
        match = _FENCE.match(line.text)
        if fence:
            document.code_lines += 1
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.text.strip()[len(match.group(1)):].strip():
                fence = ""
            continue
        if match and not (match.group(1)[0] == "`" and "`" in line.text.strip()[len(match.group(1)):]):
            fence = match.group(1)
            document.code_lines += 1
            continue
        yield line


def _heading(line: Line) -> Heading | None:
    atx = atx_heading(line.text)
    if atx is not None:
        return Heading(atx[0], plain(atx[1]), line.number)
    lower = line.text.lower()
    start = lower.find("<h")
    if start < 0 or start + 2 >= len(lower) or lower[start + 2] not in "123456" or not _TAGS_ONLY.match(lower[:start]):
        return None
    level, opened = lower[start + 2], lower.find(">", start)
    close = lower.find(f"</h{level}", opened)
    if opened < 0 or close < 0 or lower[start + 3] not in " >\t/":
        return None
    return Heading(int(level), plain(line.text[opened + 1:close]), line.number)


def _field(line: Line) -> Field | None:
    match = _FIELD.match(line.text)
    if not match:
        return None
    label, rest = match.group("key").strip(), match.group("rest")
    with_colon = label.endswith(tuple(_COLONS)) or rest.lstrip()[:1] in tuple(_COLONS)
    value = rest.lstrip()
    if value[:1] in tuple(_COLONS):
        value = value[1:]
    return Field(field_key(label), plain(label).strip(_COLONS + " "), plain(value), line.number, with_colon)


def paragraphs(lines: Iterable[Line]) -> list[Paragraph]:
    """Prose blocks separated by blank lines, each on one line; tables and `**Key:** value` lines skipped."""
    found: list[Paragraph] = []
    block: list[Line] = []

    def flush() -> None:
        parts: list[str] = []
        label = ""
        for line in block:
            raw = line.text
            if raw.lstrip().startswith("|") or _field_line(raw):
                continue
            item = bool(_LIST_ITEM.match(raw))
            text = plain(_LIST_ITEM.sub("", raw, count=1) if item else raw)
            if not parts and not item:
                lead = _field(line)
                label = lead.label if lead is not None and lead.value else ""
            if text:
                if not parts:
                    parts.append(text)
                else:
                    after_colon = parts[-1].endswith(tuple(_COLONS))
                    parts.append(("; " if item and not after_colon else " ") + text)
        joined = "".join(parts).strip()
        if joined and not is_placeholder(joined) and re.search(r"\w", joined):
            first = next(line.number for line in block if line.text.strip())
            after = joined[len(label):].strip() if label and joined.startswith(label) else ""
            found.append(Paragraph(joined, first, label if after else "", after))
        block.clear()

    for line in lines:
        if line.text.strip():
            block.append(line)
        else:
            flush()
    flush()
    return found


def _field_line(raw: str) -> bool:
    """A `**Key:** value` line (with a colon): a field, not prose."""
    found = _field(Line(0, raw))
    return found is not None and found.with_colon
