"""`compliance evidence scaffold KIND`: a template of one evidence kind with the headings its checks look
for and a one-line prompt under each, plus the card entry to add.

The headings are chosen from the checks' own alternatives (so the template passes the heading checks as
written) and cover every required section with as few headings as possible: one heading "Deletion"
satisfies both `[删除, delet]` and `[删除, Deletion]`. Prompts are placeholders (`[TODO: …]`,
`【待补充：…】`), which the content rules never count as substance: an unfilled template is a `gap`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from .documents.content import Need
from .documents.text import is_cjk, normalize_heading


@dataclass(frozen=True)
class RequiredSection:
    """One section a requirement asks an evidence kind to have, in the template's language."""

    alternatives: tuple[str, ...]
    requirement: str
    citation: str
    title: str                                   # the requirement's title: the default prompt
    prompt: str = ""                             # the ruleset's own prompt for this section, if any
    needs: tuple[tuple[Need, str], ...] = ()     # (need, label)


@dataclass(frozen=True)
class TemplateSection:
    heading: str
    covers: tuple[RequiredSection, ...]

    @property
    def requirements(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.requirement for s in self.covers))


@dataclass(frozen=True)
class Template:
    kind: str
    title: str
    lang: str
    sections: tuple[TemplateSection, ...] = field(default=())


def _in_language(text: str, lang: str) -> bool:
    return any(is_cjk(ch) for ch in text) == (lang == "zh")


def _covers(heading: str, section: RequiredSection) -> bool:
    written = normalize_heading(heading)
    return any(wanted and wanted in written for wanted in map(normalize_heading, section.alternatives))


def choose_headings(sections: Sequence[RequiredSection], lang: str) -> tuple[TemplateSection, ...]:
    """Headings, in the order the sections are first asked for, that together match every section."""
    uncovered = list(range(len(sections)))
    chosen: list[tuple[int, str, list[int]]] = []
    while uncovered:
        best: tuple[tuple[int, int, int, int, int], str, list[int]] | None = None
        for origin in uncovered:
            alternatives = sections[origin].alternatives
            preferred = [a for a in alternatives if _in_language(a, lang)] or list(alternatives)
            for rank, candidate in enumerate(preferred):
                covered = [j for j in uncovered if _covers(candidate, sections[j])]
                # most sections covered; then written like a heading (capital or Chinese first); then the
                # earliest section; then that section's first alternative in the language
                heading_like = int(candidate[:1].isupper() or is_cjk(candidate[:1]))
                score = (len(covered), heading_like, -origin, -rank, len(candidate))
                if best is None or score > best[0]:
                    best = (score, candidate, covered)
        assert best is not None
        _, heading, covered = best
        chosen.append((min(covered), heading, covered))
        uncovered = [j for j in uncovered if j not in covered]
    return tuple(TemplateSection(heading, tuple(sections[j] for j in covered))
                 for _, heading, covered in sorted(chosen))


def _placeholder(text: str, lang: str) -> str:
    return f"【待补充：{text}】" if lang == "zh" else f"[TODO: {text}]"


def prompt_line(section: TemplateSection, lang: str) -> str:
    """What belongs under the heading: the rulesets' prompt, else what the requirements asking for it say."""
    own = [s.prompt for s in section.covers if s.prompt]
    if own:
        text = own[0]
    else:
        titles = list(dict.fromkeys(f"{s.title} ({s.requirement}, {s.citation})" for s in section.covers))
        text = ("；" if lang == "zh" else "; ").join(titles[:3])
    return _placeholder(text, lang)


def need_lines(section: TemplateSection, lang: str) -> list[str]:
    """A labelled line per field to fill in, then one prompt for the phrases and kinds of value needed."""
    lines: list[str] = []
    asks: list[str] = []
    seen: set[str] = set()
    for required in section.covers:
        for need, label in required.needs:
            if label in seen:
                continue
            seen.add(label)
            if need.kind == "field":
                name = next((v for v in need.values if _in_language(v, lang)), need.values[0])
                lines.append(f"{name}{'：' if lang == 'zh' else ': '}{_placeholder(label, lang)}")
            else:
                asks.append(label)
    if asks:
        lead = "须写明：" if lang == "zh" else "state "
        lines.append(_placeholder(lead + ("、" if lang == "zh" else "; ").join(asks), lang))
    return lines


def markdown_template(template: Template) -> str:
    lines = [f"# {template.title}", ""]
    for section in template.sections:
        if section.heading:
            lines.extend([f"## {section.heading}", ""])
        lines.append(prompt_line(section, template.lang))
        extra = need_lines(section, template.lang)
        if extra:
            lines.append("")
            lines.extend(extra)
        lines.append("")
    return "\n".join(lines)


def docx_template(template: Template) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(template.title, level=1)
    for section in template.sections:
        if section.heading:
            document.add_heading(section.heading, level=2)
        document.add_paragraph(prompt_line(section, template.lang))
        for line in need_lines(section, template.lang):
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def card_entry(kind: str, path: str, day: str, measures: Sequence[str], lang: str) -> str:
    """The YAML to add to the card for the new document (evidence entry, and the measures that list it)."""
    zh = lang == "zh"
    lines = ["# 添加到模型卡的 evidence: 列表（路径相对于模型卡所在目录）：" if zh else
             "# add to the card's evidence: list (the path is relative to the card's folder):",
             f"  - {{id: {kind}, kind: {kind}, path: {path}, date: \"{day}\"}}"]
    if measures:
        lines.append("# 并在 measures: 下登记：" if zh else "# and list it under measures:")
        lines.extend(f"  {measure}: [{kind}]" for measure in measures)
    return "\n".join(lines) + "\n"
