"""The structure of a Markdown README as model cards write it: headings, the prose under each, and the
`**Key:** value` fields, all with their line numbers.

Text inside fenced code blocks and HTML comments is never prose: a `# comment` in a Python example is not
a heading (Llama 3.1's card would otherwise be named "First, define a tool"), and the template's
`<!-- Provide a quick summary -->` is not a description. Inline Markdown is reduced to its words:
`**bold**` to bold, `[text](url)` to text, images and HTML tags dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*(?:[ \t]#+[ \t]*)?$")
_HTML_HEADING = re.compile(r"^\s*(?:<[^>]+>\s*)*<h([1-6])\b[^>]*>(.*?)</h\1>", re.IGNORECASE)
_FIELD = re.compile(r"^ {0,3}(?:[-*+]\s+)?(?:\*\*|__)(?P<key>[^*_\n]{1,80}?)(?:\*\*|__)(?P<rest>.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_COLONS = ":："
# Template text that stands for "nothing written yet".
PLACEHOLDER = re.compile(
    r"^\W*(?:more information needed|more info needed|needs more information|to be added|tbd|todo|n/?a|"
    r"待补充|待定|暂无)\W*$|\{\{.*?\}\}|\[more information needed\]"
    r"|this model card has been automatically generated|model that has been pushed on the hub", re.IGNORECASE)
# Symbols, emoji and numbering in front of a heading: "## 👨‍⚕️ Introduction", "# 1. Models", "## 一、简介".
_CN_NUMBER = "[一二三四五六七八九十]"
_HEADING_LEAD = re.compile(r"^(?:[^\w\s(（\[]|\s)+|^(?:\d{1,2}(?:\.\d{1,2})*[.)、:]?|" + _CN_NUMBER + r"{1,3}[、.．]|"
                           r"[(（](?:" + _CN_NUMBER + r"|\d){1,3}[)）])\s*")


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
    """Inline Markdown and HTML reduced to words, on one line."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", "", text, flags=re.IGNORECASE)
    for _ in range(2):  # a link whose text is itself a link or emphasis
        text = re.sub(r"\[([^\[\]]*)\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)", r"\1", text)
        text = re.sub(r"\[([^\[\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"<[^>]{0,400}>", " ", text)  # HTML tags (their content stays)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", r"\1", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"^\s*(?:>\s*)+", "", text)
    text = html.unescape(text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def is_placeholder(text: str) -> bool:
    return not text.strip() or bool(PLACEHOLDER.search(text))


def field_key(label: str) -> str:
    """`Finetuned from model [optional]:` → `finetuned from model`."""
    key = re.sub(r"\[optional\]|\(optional\)", "", label, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", key).strip().strip(_COLONS).strip().lower()


def heading_keys(title: str) -> set[str]:
    """Names a heading can be looked up by: `## 👨‍⚕️ 介绍（Introduction）` → 介绍（introduction）, 介绍, introduction."""
    text = title
    for _ in range(3):
        stripped = _HEADING_LEAD.sub("", text, count=1).strip()
        if stripped == text:
            break
        text = stripped
    text = re.sub(r"\[optional\]", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", " ", text).strip().strip(_COLONS + " ").lower()
    keys = {text}
    outer = re.sub(r"\s*[(（][^()（）]*[)）]\s*", " ", text).strip()
    keys.add(outer)
    keys.update(inner.strip().lower() for inner in re.findall(r"[(（]([^()（）]+)[)）]", text))
    return {k for k in keys if k}


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
            yield Line(first_line + offset, "".join(out))

    def find(self, names: Iterable[str]) -> list[Section]:
        """Sections whose heading matches one of `names` (lower case), in document order."""
        wanted = set(names)
        return [s for s in self.sections if s.heading is not None and heading_keys(s.heading.title) & wanted]

    def first_field(self, keys: Iterable[str]) -> Field | None:
        """The first field with one of `keys` and a real value, in the order of `keys`."""
        for key in keys:
            for found in self.fields:
                if found.key == key and found.value and not is_placeholder(found.value):
                    return found
        return None

    def section_after(self, section: Section) -> list[Section]:
        """The subsections of a section."""
        start = self.sections.index(section) + 1
        return self.sections[start:section.end]


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
    match = _ATX.match(line.text)
    if match:
        return Heading(len(match.group(1)), plain(match.group(2) or ""), line.number)
    match = _HTML_HEADING.match(line.text)
    if match:
        return Heading(int(match.group(1)), plain(match.group(2)), line.number)
    return None


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
