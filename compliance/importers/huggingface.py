"""Hugging Face model cards: YAML front matter (license, base_model, language, pipeline_tag, model-index)
and the template's sections (Model Description, Uses / Intended uses & limitations, Training Data,
Evaluation) and its `**Developed by:**`-style bullet fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from ..init_card import EvidenceDraft, Imported, Value
from ..model import Vocabulary
from ..yaml_source import parse_yaml
from .evidence_files import evidence_id, metric_name, placeholder_date, relative_to_card
from .fields import items, mapping, number, text, texts

GENERATIVE_TASKS = {
    "text-generation": "text", "text2text-generation": "text", "summarization": "text", "translation": "text",
    "conversational": "text", "image-text-to-text": "text", "visual-question-answering": "text",
    "image-to-text": "text", "question-answering": "text", "text-to-image": "image", "image-to-image": "image",
    "text-to-speech": "audio", "text-to-audio": "audio", "text-to-video": "video",
}
NON_GENERATIVE_TASKS = {"text-classification", "token-classification", "image-classification", "fill-mask",
                        "feature-extraction", "sentence-similarity", "zero-shot-classification",
                        "object-detection", "image-segmentation", "tabular-classification", "tabular-regression"}
UNKNOWN = re.compile(r"^\[?more information needed\]?$|^\[.*\]$", re.IGNORECASE)
PURPOSE_SECTIONS = ("intended uses & limitations", "intended uses and limitations", "intended use", "direct use",
                    "uses")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*]\s+\*\*(.+?):?\*\*:?\s*(.*)$")


def split_front_matter(markdown: str, source: str) -> tuple[dict[str, Any], str]:
    """(front matter mapping, Markdown body)."""
    if not markdown.startswith("---"):
        return {}, markdown
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            doc = parse_yaml("".join(lines[1:index]), f"{source} front matter")
            if doc.data is not None and not isinstance(doc.data, dict):
                raise ComplianceError(f"{source}: front matter is not a YAML mapping")
            return doc.data or {}, "".join(lines[index + 1:])
    raise ComplianceError(f"{source}: front matter starts with --- but never ends")


def sections(body: str) -> dict[str, str]:
    """Heading (lower-case) → its text up to the next heading, first occurrence wins."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            key = match.group(2).strip().lower()
            current = None if key in found else found.setdefault(key, [])
        elif current is not None:
            current.append(line)
    return {k: "\n".join(v).strip() for k, v in found.items()}


def first_paragraph(text: str) -> str:
    """The first prose paragraph (no headings, comments, bullets of fields), on one line."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip() and not _BULLET.match(ln)]
        paragraph = " ".join(lines)
        if paragraph and not UNKNOWN.match(paragraph):
            return paragraph
    return ""


def bullet_fields(body: str) -> dict[str, str]:
    """The template's `- **Developed by:** value` lines, known values only."""
    fields: dict[str, str] = {}
    for line in body.splitlines():
        match = _BULLET.match(line)
        if match:
            key, value = match.group(1).strip().rstrip(":").lower(), match.group(2).strip()
            if value and not UNKNOWN.match(value):
                fields.setdefault(key, value)
    return fields


def _title(body: str) -> str:
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match and len(match.group(1)) == 1:
            name = re.sub(r"^model card for\s+", "", match.group(2).strip(), flags=re.IGNORECASE)
            return "" if UNKNOWN.match(name) or "{{" in name else name
    return ""


def _metrics(front: Mapping[str, Any]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for model in items(front.get("model-index")):
        for result in items(mapping(model).get("results")):
            for metric in items(mapping(result).get("metrics")):
                key = metric_name(text(mapping(metric).get("type")) or text(mapping(metric).get("name")) or "")
                value = number(mapping(metric).get("value"))
                if key and value is not None:
                    metrics.setdefault(key, value)
    return metrics


def import_model_card(markdown: str, source: Path, card_folder: Path, vocabulary: Vocabulary,
                      today: str) -> Imported:
    """Values, evidence and notes from a Hugging Face README."""
    name = source.name
    front, body = split_front_matter(markdown, str(source))
    parts = sections(body)
    bullets = bullet_fields(body)
    values: dict[str, Value] = {}
    notes: list[str] = []

    def put(path: str, value: Any, where: str) -> None:
        if value not in (None, "", []) and path not in values:
            values[path] = Value(value, f"from {name} {where}", False)

    index = items(front.get("model-index"))
    if index:
        put("system.name", text(mapping(index[0]).get("name")), "front matter: model-index[0].name")
    put("system.name", text(front.get("model_name")), "front matter: model_name")
    put("system.name", _title(body), "title heading")
    description = first_paragraph(parts.get("model description", ""))
    put("system.description", description, "section: Model Description")
    for heading in PURPOSE_SECTIONS:
        put("system.intended_purpose", first_paragraph(parts.get(heading, "")), f"section: {heading.title()}")
    put("organisation.name", bullets.get("developed by"), "field: Developed by")
    put("model.licence", text(front.get("license")), "front matter: license")
    put("model.licence", bullets.get("license"), "field: License")
    bases = texts(front.get("base_model"))
    put("model.base_model", ", ".join(bases), "front matter: base_model")
    put("model.base_model", bullets.get("finetuned from model [optional]") or bullets.get("finetuned from model"),
        "field: Finetuned from model")
    relation = text(front.get("base_model_relation"))
    if relation in ("finetune", "adapter"):
        put("model.fine_tuned", True, f"front matter: base_model_relation = {relation}")
    elif relation:
        notes.append(f"base_model_relation {relation!r}: whether this counts as fine-tuning is left to you")
    put("system.languages", texts(front.get("language")), "front matter: language")
    task = text(front.get("pipeline_tag"))
    if task in GENERATIVE_TASKS:
        put("system.generative", True, f"front matter: pipeline_tag = {task}")
        put("system.output_modalities", [GENERATIVE_TASKS[task]], f"front matter: pipeline_tag = {task}")
    elif task in NON_GENERATIVE_TASKS:
        put("system.generative", False, f"front matter: pipeline_tag = {task}")
    elif task:
        notes.append(f"pipeline_tag {task!r}: not mapped; answer whether the system is generative")
    datasets = texts(front.get("datasets"))
    if datasets:
        notes.append(f"datasets (front matter): {', '.join(datasets)} — document them in a data governance record")
    for heading in ("training data", "evaluation", "testing data, factors & metrics", "results", "bias, risks, and "
                    "limitations"):
        if first_paragraph(parts.get(heading, "")):
            notes.append(f"section {heading.title()!r} has content: use it in the matching evidence document")
    return Imported(name, values, tuple(_evidence(source, card_folder, vocabulary, front, today, notes)), tuple(notes))


def _evidence(source: Path, card_folder: Path, vocabulary: Vocabulary, front: Mapping[str, Any], today: str,
              notes: list[str]) -> list[EvidenceDraft]:
    path = relative_to_card(card_folder, source)
    metrics = _metrics(front)
    if path is None:
        notes.append(f"{source.name} is outside the card's folder, so it is not listed as evidence")
        return []
    taken: set[str] = set()
    drafts = []
    day, day_source = placeholder_date(today)
    wanted: list[tuple[str, str, dict[str, float], str]] = [
        ("technical-documentation", "model-card", {}, "the model card itself")]
    if metrics:
        wanted.append(("accuracy-evaluation", "eval-results", metrics, "front matter: model-index metrics"))
    for kind, name, figures, why in wanted:
        if kind not in vocabulary.kinds:
            notes.append(f"evidence kind {kind!r} ({why}) is not in the installed vocabulary; not listed")
            continue
        drafts.append(EvidenceDraft(evidence_id(name, taken), kind, path, day, f"from {source.name}: {why}; "
                                    f"kind {kind} to be confirmed", day_source, metrics=figures))
    return drafts
