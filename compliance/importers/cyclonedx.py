"""CycloneDX 1.5–1.7 ML-BOMs (JSON): the machine-learning-model component and its `modelCard`, its
datasets, and the external references and data files it hashes, which become evidence entries with
their declared SHA-256 when the files lie inside the card's folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from ..init_card import SPECIAL_CATEGORIES, USERS, EvidenceDraft, Imported, Value
from ..model import Vocabulary
from .evidence_files import evidence_id, inside, metric_name, placeholder_date, relative_to_card
from .fields import items, mapping, number, text, texts
from .huggingface import GENERATIVE_TASKS, NON_GENERATIVE_TASKS

SUPPORTED = ("1.5", "1.6", "1.7")
# External reference types (CycloneDX enum) that document a model or dataset → our evidence kinds.
REFERENCE_KINDS = {"model-card": "technical-documentation", "documentation": "technical-documentation",
                   "evidence": "technical-documentation", "risk-assessment": "risk-management-plan",
                   "quality-metrics": "accuracy-evaluation", "attestation": "technical-documentation"}
DATA_KIND = "data-governance-record"


def _sha256(item: Mapping[str, Any]) -> str | None:
    for entry in items(item.get("hashes")):
        if (text(mapping(entry).get("alg")) or "").upper() in ("SHA-256", "SHA256"):
            value = (text(mapping(entry).get("content")) or "").lower()
            if len(value) == 64 and all(c in "0123456789abcdef" for c in value):
                return value
    return None


def _models(bom: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    found: list[tuple[str, Mapping[str, Any]]] = []
    main = mapping(mapping(bom.get("metadata")).get("component"))
    if main.get("type") == "machine-learning-model":
        found.append(("metadata.component", main))
    for index, component in enumerate(items(bom.get("components"))):
        if mapping(component).get("type") == "machine-learning-model":
            found.append((f"components[{index}]", component))
    return found


class _Reader:
    def __init__(self, source: Path, card_folder: Path, vocabulary: Vocabulary, today: str,
                 bom: Mapping[str, Any]) -> None:
        self.name = source.name
        self.source = source
        self.folder = card_folder
        self.vocabulary = vocabulary
        self.values: dict[str, Value] = {}
        self.notes: list[str] = []
        self.evidence: list[EvidenceDraft] = []
        self.taken: set[str] = set()
        stamp = (text(mapping(bom.get("metadata")).get("timestamp")) or "")[:10]
        if len(stamp) == 10 and stamp[4] == "-" and stamp[7] == "-":
            self.day, self.day_source = stamp, f"from {self.name} metadata.timestamp"
        else:
            self.day, self.day_source = placeholder_date(today)

    def put(self, path: str, value: Any, where: str) -> None:
        if value not in (None, "", []) and path not in self.values:
            self.values[path] = Value(value, f"from {self.name} {where}", False)

    def add_file(self, reference: str, declared: tuple[str, str] | None, kind: str, name: str, where: str,
                 metrics: Mapping[str, float] | None = None) -> None:
        """An evidence entry for a referenced file inside the card's folder; `declared` is (sha256, where)."""
        path = inside(self.folder, reference)
        if path is None:
            self.notes.append(f"{where}: {reference} is not a file inside the card's folder; not listed as evidence")
            return
        if kind not in self.vocabulary.kinds:
            self.notes.append(f"{where}: evidence kind {kind!r} is not in the installed vocabulary; not listed")
            return
        hashed = f", SHA-256 as declared at {declared[1]}" if declared else ""
        self.evidence.append(EvidenceDraft(
            evidence_id(name, self.taken), kind, path, self.day, f"from {self.name} {where}{hashed}; kind {kind} "
            "to be confirmed", self.day_source, declared[0] if declared else None, metrics=metrics or {}))

    def model(self, where: str, component: Mapping[str, Any]) -> None:
        self.put("system.name", text(component.get("name")), f"{where}.name")
        self.put("system.version", text(component.get("version")), f"{where}.version")
        self.put("system.description", text(component.get("description")), f"{where}.description")
        for party in ("supplier", "manufacturer"):
            self.put("organisation.name", text(mapping(component.get(party)).get("name")), f"{where}.{party}.name")
        for index, item in enumerate(items(component.get("licenses"))):
            licence = mapping(mapping(item).get("license"))
            self.put("model.licence", text(licence.get("id")) or text(licence.get("name")),
                     f"{where}.licenses[{index}]")
        card = mapping(component.get("modelCard"))
        task = text(mapping(card.get("modelParameters")).get("task"))
        if task in GENERATIVE_TASKS:
            self.put("system.generative", True, f"{where}.modelCard.modelParameters.task = {task}")
            self.put("system.output_modalities", [GENERATIVE_TASKS[task]],
                     f"{where}.modelCard.modelParameters.task = {task}")
        elif task in NON_GENERATIVE_TASKS:
            self.put("system.generative", False, f"{where}.modelCard.modelParameters.task = {task}")
        elif task:
            self.notes.append(f"{where}.modelCard.modelParameters.task {task!r}: not mapped")
        considerations = mapping(card.get("considerations"))
        uses = texts(considerations.get("useCases"))
        self.put("system.intended_purpose", "; ".join(uses), f"{where}.modelCard.considerations.useCases")
        users = [u.strip().lower() for u in texts(considerations.get("users"))]
        known = [u for u in users if u in USERS]
        self.put("system.users", known, f"{where}.modelCard.considerations.users")
        if set(users) - set(known):
            self.notes.append(f"users not in the card vocabulary: {', '.join(sorted(set(users) - set(known)))}")
        metrics: dict[str, float] = {}
        for metric in items(mapping(card.get("quantitativeAnalysis")).get("performanceMetrics")):
            key = metric_name(text(mapping(metric).get("type")) or "")
            value = number(mapping(metric).get("value"))
            if key and value is not None and not mapping(metric).get("slice"):
                metrics.setdefault(key, value)
        if metrics:
            bom_path = relative_to_card(self.folder, self.source)
            if bom_path is not None:
                self.add_file(bom_path, None, "accuracy-evaluation", "performance-metrics",
                              f"{where}.modelCard.quantitativeAnalysis", metrics)
            else:
                self.notes.append(f"performance metrics {sorted(metrics)}: the BOM is outside the card's folder")
        for index, reference in enumerate(items(component.get("externalReferences"))):
            kind = REFERENCE_KINDS.get(text(mapping(reference).get("type")) or "")
            url = text(mapping(reference).get("url")) or ""
            if kind and url:
                spot = f"{where}.externalReferences[{index}]"
                digest = _sha256(mapping(reference))
                self.add_file(url, (digest, f"{spot}.hashes") if digest else None, kind, url.rsplit("/", 1)[-1],
                              spot)

    def data(self, where: str, component: Mapping[str, Any]) -> None:
        for index, entry in enumerate(items(component.get("data"))):
            item = mapping(entry)
            spot = f"{where}.data[{index}]"
            sensitive = [s.strip().lower() for s in texts(item.get("sensitiveData"))]
            if sensitive:
                self.put("data.personal_data", True, f"{spot}.sensitiveData")
                self.put("data.special_categories", [s for s in SPECIAL_CATEGORIES if s in sensitive],
                         f"{spot}.sensitiveData")
            url = text(mapping(item.get("contents")).get("url")) or ""
            if url:
                own, whole = _sha256(mapping(item.get("contents"))), _sha256(component)
                declared = (own, f"{spot}.contents.hashes") if own else (whole, f"{where}.hashes") if whole else None
                self.add_file(url, declared, DATA_KIND, text(item.get("name")) or text(component.get("name")) or url,
                              f"{spot}.contents.url")


def import_bom(bom: Any, source: Path, card_folder: Path, vocabulary: Vocabulary, today: str) -> Imported:
    """Values, evidence and notes from a CycloneDX ML-BOM."""
    if not isinstance(bom, dict) or bom.get("bomFormat") != "CycloneDX":
        raise ComplianceError(f"{source}: not a CycloneDX BOM (bomFormat is not 'CycloneDX')")
    version = text(bom.get("specVersion")) or ""
    if version not in SUPPORTED:
        raise ComplianceError(f"{source}: CycloneDX {version or '(no specVersion)'} is not supported "
                              f"(supported: {', '.join(SUPPORTED)})")
    models = _models(bom)
    if not models:
        raise ComplianceError(f"{source}: no component of type machine-learning-model")
    reader = _Reader(source, card_folder, vocabulary, today, bom)
    for where, component in models:
        reader.model(where, component)
    if len(models) > 1:
        reader.notes.append(f"{len(models)} machine-learning-model components; the first named the system")
    for party in ("manufacturer", "supplier"):
        reader.put("organisation.name", text(mapping(mapping(bom.get("metadata")).get(party)).get("name")),
                   f"metadata.{party}.name")
    for index, component in enumerate(items(bom.get("components"))):
        if mapping(component).get("type") == "data":
            reader.data(f"components[{index}]", mapping(component))
    return Imported(source.name, reader.values, tuple(reader.evidence), tuple(reader.notes))
