"""Model cards as medical LLMs publish them: Hugging Face READMEs (YAML front matter with license /
license_name, base_model, language, pipeline_tag, model-index; the template's sections and `**Key:**`
fields), ModelScope cards and GitHub READMEs in Chinese without front matter (模型简介, 用途, 局限性).

Every value names the line it was read from. The name comes from the front matter or from the card's
first heading outside code, never from a template placeholder ("Model Card for Model ID") or a section
name; the intended purpose from "Intended use" / "Uses" before the "Direct Use" subsection, which the
template fills with disclaimers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..documents.text import normalize_heading
from ..errors import ComplianceError
from ..evaluation_import.model_index import metric_rows
from ..evaluation_import.result import dataset_table, metric_table
from ..init_card import EvidenceDraft, Imported
from ..model import Vocabulary
from ..yaml_source import YamlDocument, parse_yaml
from .evidence_files import evidence_id, placeholder_date, relative_to_card
from .fields import items, mapping, text, texts
from .found import Findings, Origin
from .markdown import Document, Paragraph, Section, field_key, heading_keys, is_placeholder, paragraphs
from .scope_signals import read_scope_signals

GENERATIVE_TASKS = {
    "text-generation": "text", "text2text-generation": "text", "summarization": "text", "translation": "text",
    "conversational": "text", "image-text-to-text": "text", "visual-question-answering": "text",
    "image-to-text": "text", "question-answering": "text", "text-to-image": "image", "image-to-image": "image",
    "text-to-speech": "audio", "text-to-audio": "audio", "text-to-video": "video",
    "chat": "text", "text-generation-inference": "text",
}
NON_GENERATIVE_TASKS = {"text-classification", "token-classification", "image-classification", "fill-mask",
                        "feature-extraction", "sentence-similarity", "zero-shot-classification",
                        "object-detection", "image-segmentation", "tabular-classification", "tabular-regression",
                        "named-entity-recognition"}
DESCRIPTION_HEADINGS = ("model description", "model summary", "model information", "model overview", "model details",
                        "overview", "introduction", "about", "description", "模型描述", "模型简介", "模型介绍",
                        "模型概述", "简介", "介绍", "概述", "项目简介", "项目介绍")
# In order of authority: the template's "Direct Use" comes last (it mostly holds disclaimers).
PURPOSE_HEADINGS = ("intended uses & limitations", "intended uses and limitations", "intended use", "intended uses",
                    "intended use cases", "uses", "use cases", "用途", "预期用途", "模型用途", "用途与局限性",
                    "用途和局限性", "期望模型使用方式以及适用范围", "适用范围", "使用场景", "适用场景", "应用场景",
                    "direct use", "downstream use")
PURPOSE_LABELS = ("intended use", "intended uses", "intended use cases", "primary intended uses", "用途", "预期用途")
DEVELOPER_KEYS = ("developed by", "model developer", "model developers", "developers", "developer", "organization",
                  "organisation", "开发者", "开发单位", "研发单位", "开发团队", "研发团队", "开发机构", "研发机构")
LICENCE_KEYS = ("model license", "model licence", "license", "licence", "license(s)", "模型许可", "许可证",
                "许可协议", "开源协议")
FINE_TUNED_KEYS = ("finetuned from model", "fine-tuned from model", "finetuned from", "fine-tuned from",
                   "continue-pretrained from model", "continued pretraining from", "further pre-trained from",
                   "微调自", "基于模型微调")
BASE_KEYS = (*FINE_TUNED_KEYS, "base model", "基座模型", "基础模型", "底座模型", "基模型")
VERSION_KEYS = ("model version", "version", "模型版本", "版本")
# Sections whose content belongs in an evidence document rather than in the card.
NOTE_HEADINGS = {normalize_heading(heading): use for heading, use in {
    "training data": "a data governance record", "训练数据": "a data governance record",
    "训练数据介绍": "a data governance record", "数据集": "a data governance record",
    "evaluation": "an accuracy evaluation", "results": "an accuracy evaluation", "评测": "an accuracy evaluation",
    "评估": "an accuracy evaluation", "评测效果": "an accuracy evaluation", "数据评估及结果": "an accuracy evaluation",
    "bias, risks, and limitations": "the risk management plan", "limitations": "the risk management plan",
    "out-of-scope use": "the instructions for use", "局限性": "the risk management plan",
    "模型局限性以及可能的偏差": "the risk management plan", "局限性与偏差": "the risk management plan",
    "免责声明": "the instructions for use", "license": "the licence record", "使用协议": "the licence record",
    "开源协议": "the licence record",
}.items()}
# First headings that are section names, not the model's name.
GENERIC_TITLES = {normalize_heading(title) for title in (
    "model details", "model information", "model description", "model summary", "model card", "introduction",
    "overview", "abstract", "about", "citation", "license", "disclaimer", "usage", "how to use", "quick start",
    "quickstart", "evaluation", "results", "news", "updates", "open llm leaderboard evaluation results",
    "table of contents", "contents", "requirements", "installation", "model", "readme", "模型介绍", "模型简介", "简介",
    "介绍", "概述", "目录", "更新")}
_TEMPLATE_TITLE = re.compile(r"^(?:model id|model name|your model name|model_id|\[?model[ _-]?name\]?|模型名称)$",
                             re.IGNORECASE)


@dataclass(frozen=True)
class _Front:
    data: Mapping[str, Any]
    doc: YamlDocument | None

    def line(self, *path: str | int) -> int | None:
        found = self.doc.exact_line(path) if self.doc is not None else None
        return found + 1 if found is not None else None  # the front matter starts on line 2


def read_front_matter(markdown: str, source: str) -> tuple[_Front, str, int]:
    """(front matter, Markdown body, line number of the body's first line)."""
    if not markdown.startswith("---"):
        return _Front({}, None), markdown, 1
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            doc = parse_yaml("".join(lines[1:index]), f"{source} front matter")
            if doc.data is not None and not isinstance(doc.data, dict):
                raise ComplianceError(f"{source}: front matter is not a YAML mapping")
            return _Front(doc.data or {}, doc), "".join(lines[index + 1:]), index + 2
    raise ComplianceError(f"{source}: front matter starts with --- but never ends")


def split_front_matter(markdown: str, source: str) -> tuple[Mapping[str, Any], str]:
    """(front matter mapping, Markdown body)."""
    front, body, _ = read_front_matter(markdown, source)
    return front.data, body


def _split_subtitle(title: str) -> tuple[str, str]:
    """"BioX: A Collection of ... Models" → ("BioX", "A Collection ..."); the split is at the first ": ", "：",
    ", " or " - " outside brackets, and only when a short name precedes a longer subtitle."""
    depth = 0
    for index, char in enumerate(title):
        if char in "([（【":
            depth += 1
        elif char in ")]）】":
            depth = max(depth - 1, 0)
        if depth:
            continue
        pair = title[index:index + 2]
        if char == "：" or pair in (": ", ", ") or title[index:index + 3] in (" - ", " – ", " — "):
            head, tail = title[:index].strip(), title[index + 1:].strip(" -–—:：,")
            if head and len(head) <= 40 and len(head.split()) <= 5 and len(tail) >= 12:
                return head, tail
            return title, ""
    return title, ""


def _read_title(document: Document, findings: Findings) -> list[str]:
    """Put system.name from the card's first heading; the names the card may use for its own model."""
    first = document.headings[0] if document.headings else None
    if first is None or first.level > 2:
        findings.note("no title heading outside code blocks: answer system.name")
        return []
    title = re.sub(r"^model card (?:for|of)\s*:?\s*", "", first.title, flags=re.IGNORECASE).strip()
    title = re.sub(r"^模型卡片?[:：]?\s*", "", title)
    title = re.sub(r"(?<=\S)(?:介绍|简介|模型卡片?)$", "", title).strip(" .。")
    keys = heading_keys(first.title) | heading_keys(title)
    if not title or _TEMPLATE_TITLE.match(title) or is_placeholder(title) or "{{" in first.title:
        findings.note(f"line {first.line}: the title heading {first.title!r} is template text, not a name")
        return []
    if keys & GENERIC_TITLES or re.match(r"^\d+(?:\.\d+)*[.)]?\s", first.title):
        findings.note(f"line {first.line}: the first heading {first.title!r} names a section, not the model")
        return []
    head, tail = _split_subtitle(title)
    remark = f"the name before its subtitle \"{tail[:60]}\"" if tail else ""
    findings.put("system.name", head, findings.origin("title heading", first.line, remark=remark))
    return [head, title, re.sub(r"\s*[(（][^()（）]*[)）]", "", head)]


def _first_text(sections: Sequence[Section], labels: Sequence[str] = ()) -> tuple[Paragraph, Section] | None:
    for section in sections:
        for paragraph in paragraphs(section.lines):
            if paragraph.label and field_key(paragraph.label) in labels:
                return Paragraph(paragraph.after_label, paragraph.line), section
            return paragraph, section
    return None


def _section_origin(findings: Findings, found: tuple[Paragraph, Section]) -> Origin:
    paragraph, section = found
    where = f"section: {section.heading.title}" if section.heading is not None else "text before the first heading"
    return findings.origin(where, paragraph.line)


def _read_body(document: Document, findings: Findings, titled: bool) -> None:
    for heading in DESCRIPTION_HEADINGS:
        found = _first_text(document.find([heading]))
        if found is not None:
            findings.put("system.description", found[0].text, _section_origin(findings, found))
            break
    else:
        lead = document.sections[1] if titled else document.sections[0]
        found = _first_text([lead])
        if found is not None:
            where = "text under the title" if titled else "text before the first heading"
            findings.put("system.description", found[0].text, findings.origin(where, found[0].line))
    for heading in PURPOSE_HEADINGS:
        found = _first_text(document.find([heading]), PURPOSE_LABELS)
        if found is not None:
            findings.put("system.intended_purpose", found[0].text, _section_origin(findings, found))
            break
    purpose = document.first_field(PURPOSE_LABELS)
    if purpose is not None:
        findings.put("system.intended_purpose", purpose.value,
                     findings.origin(f"field: {purpose.label}", purpose.line))
    fields = (("organisation.name", DEVELOPER_KEYS), ("model.licence", LICENCE_KEYS), ("model.base_model", BASE_KEYS),
              ("system.version", VERSION_KEYS))
    for path, keys in fields:
        found_field = document.first_field(keys)
        if found_field is not None:
            findings.put(path, found_field.value, findings.origin(f"field: {found_field.label}", found_field.line))
    tuned = document.first_field(FINE_TUNED_KEYS)
    if tuned is not None:
        findings.put("model.fine_tuned", True, findings.origin(f"field: {tuned.label}", tuned.line, tuned.value))
    for index, section in enumerate(document.sections):
        use = next((NOTE_HEADINGS[k] for k in document.keys[index] if k in NOTE_HEADINGS), None)
        if use and section.heading and (paragraphs(section.lines)
                                        or any(paragraphs(s.lines) for s in document.subsections(index))):
            findings.note(f"section {section.heading.title!r} (line {section.heading.line}) has content: use it in "
                          f"{use}")


def _read_front(front: _Front, findings: Findings) -> None:
    data = front.data
    for index, model in enumerate(items(data.get("model-index"))[:1]):
        findings.put("system.name", text(mapping(model).get("name")),
                     findings.origin("front matter: model-index[0].name", front.line("model-index", index, "name")))
    findings.put("system.name", text(data.get("model_name")),
                 findings.origin("front matter: model_name", front.line("model_name")))
    licence = ", ".join(texts(data.get("license")))
    if licence.lower() == "other":
        name, link = text(data.get("license_name")), text(data.get("license_link"))
        where = "front matter: license_name (license: other" + (f", license_link {link})" if link else ")")
        findings.put("model.licence", name, findings.origin(where, front.line("license_name")))
    else:
        findings.put("model.licence", licence, findings.origin("front matter: license", front.line("license")))
    bases = texts(data.get("base_model"))
    findings.put("model.base_model", ", ".join(bases), findings.origin("front matter: base_model",
                                                                       front.line("base_model")))
    relation = text(data.get("base_model_relation"))
    if relation in ("finetune", "adapter"):
        findings.put("model.fine_tuned", True, findings.origin(f"front matter: base_model_relation = {relation}",
                                                               front.line("base_model_relation")))
    elif relation:
        findings.note(f"base_model_relation {relation!r}: whether this counts as fine-tuning is left to you")
    findings.put("system.languages", texts(data.get("language")),
                 findings.origin("front matter: language", front.line("language")))
    key = "pipeline_tag" if text(data.get("pipeline_tag")) else "tasks"  # ModelScope cards write `tasks:`
    for task in (texts(data.get(key)) or [""])[:1]:
        said = findings.origin(f"front matter: {key} = {task}", front.line(key))
        if task in GENERATIVE_TASKS:
            findings.put("system.generative", True, said)
            findings.put("system.output_modalities", [GENERATIVE_TASKS[task]], said)
        elif task in NON_GENERATIVE_TASKS:
            findings.put("system.generative", False, said)
        elif task:
            findings.note(f"{key} {task!r}: not mapped; answer whether the system is generative")
    datasets = texts(data.get("datasets"))
    if datasets:
        findings.note(f"datasets (front matter): {', '.join(datasets)} — document them in a data governance record")
    creator = text(data.get("model_creator"))
    if creator:
        findings.note(f"model_creator {creator!r} (front matter) made the original model; organisation.name is "
                      "whoever provides this one")


def import_model_card(markdown: str, source: Path, card_folder: Path, vocabulary: Vocabulary,
                      today: str) -> Imported:
    """Values, evidence and notes from a model card README."""
    findings = Findings(source.name)
    front, body, first_line = read_front_matter(markdown, str(source))
    document = Document(body, first_line)
    _read_front(front, findings)
    names = _read_title(document, findings)
    _read_body(document, findings, bool(names))
    named = findings.values.get("system.name")
    read_scope_signals(document, [*names, str(named.value) if named else ""], findings)
    if "model.licence" not in findings.values and text(front.data.get("license")) == "other":
        findings.put("model.licence", "other", findings.origin("front matter: license", front.line("license"),
                                                               remark="the card names no licence"))
    if "model.licence" in findings.values:
        findings.note("whether the licence is free and open-source with the weights public (model.open_weights, "
                      "system.open_source) is left to you")
    _evidence(source, card_folder, vocabulary, front, today, findings)
    return findings.imported()


def _model_index(front: _Front, source: str, findings: Findings) -> tuple[dict[str, float], dict[str, str]]:
    """Metrics keyed as `compliance evidence import` keys them (dataset, config and split, then the metric), so
    results on several datasets or splits stay apart; and where each was read."""
    if not front.data.get("model-index"):
        return {}, {}
    try:
        rows, datasets, _, notes = metric_rows(front.data, source)
        metrics = metric_table(rows, source)
        dataset_table(datasets, source)
    except ComplianceError as error:
        findings.note(f"model-index: {error.message}; its metrics are not imported")
        return {}, {}
    for note in notes:
        findings.note(f"model-index: {note}")
    sources: dict[str, str] = {}
    for row in rows:
        if row.key in metrics and row.key not in sources:
            path = re.findall(r"\w[\w-]*|\d+", row.where)  # model-index[0].results[2].metrics[0]
            line = front.line(*(int(p) if p.isdigit() else p for p in path))
            shown = f"{row.metric} on {row.dataset}" + (f" ({row.qualifier})" if row.qualifier else "")
            sources[row.key] = f"{shown} ({row.where}, {findings.file}:{line})" if line else f"{shown} ({row.where})"
    return metrics, sources


def _evidence(source: Path, card_folder: Path, vocabulary: Vocabulary, front: _Front, today: str,
              findings: Findings) -> None:
    path = relative_to_card(card_folder, source)
    metrics, sources = _model_index(front, source.name, findings)
    if path is None:
        findings.note(f"{source.name} is outside the card's folder, so it is not listed as evidence")
        return
    taken: set[str] = set()
    day, day_source = placeholder_date(today)
    wanted: list[tuple[str, str, dict[str, float], str]] = [
        ("technical-documentation", "model-card", {}, "the model card itself")]
    if metrics:
        wanted.append(("accuracy-evaluation", "eval-results", metrics,
                       f"front matter model-index, {len(metrics)} metric(s) keyed by dataset, config and split, "
                       "values as written (a 0-100 or 0-1 scale is not converted)"))
    for kind, name, figures, why in wanted:
        if kind not in vocabulary.kinds:
            findings.note(f"evidence kind {kind!r} ({why}) is not in the installed vocabulary; not listed")
            continue
        findings.evidence.append(EvidenceDraft(
            evidence_id(name, taken), kind, path, day, f"from {source.name}: {why}; kind {kind} to be confirmed",
            day_source, metrics=figures, metric_sources={k: sources[k] for k in figures if k in sources}))
