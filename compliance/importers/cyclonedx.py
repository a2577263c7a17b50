"""CycloneDX 1.5–1.7 ML-BOMs (JSON or XML): the component the BOM describes, its machine-learning models
with their `modelCard`, its datasets, and the external references and data files it hashes, which become
evidence entries with their declared SHA-256 when the files lie inside the card's folder.

The system is the BOM's `metadata.component` (an application that uses several models is still one
system): its name, licence and organisation come from there, never from whichever model happens to be
listed first. A model's own task and use cases describe the system only when the model is what the BOM
describes; otherwise they are reported for the user to judge. `metadata.manufacturer` (CycloneDX 1.6+)
is whoever created the BOM, not the system's provider, and is not taken as the organisation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from ..init_card import SPECIAL_CATEGORIES, USERS, EvidenceDraft, Imported
from ..model import Vocabulary
from .evidence_files import evidence_id, inside, metric_name, placeholder_date, relative_to_card
from .fields import items, mapping, number, text, texts
from .found import Findings, Origin
from .huggingface import GENERATIVE_TASKS, NON_GENERATIVE_TASKS

SUPPORTED = ("1.5", "1.6", "1.7")
MODEL = "machine-learning-model"
# External reference types (CycloneDX enum) that document a model or dataset → our evidence kinds.
REFERENCE_KINDS = {"model-card": "technical-documentation", "documentation": "technical-documentation",
                   "evidence": "technical-documentation", "risk-assessment": "risk-management-plan",
                   "quality-metrics": "accuracy-evaluation", "attestation": "technical-documentation"}
DATA_KIND = "data-governance-record"
MAX_NESTING = 16


def _sha256(item: Mapping[str, Any]) -> str | None:
    for entry in items(item.get("hashes")):
        if (text(mapping(entry).get("alg")) or "").upper() in ("SHA-256", "SHA256"):
            value = (text(mapping(entry).get("content")) or "").lower()
            if len(value) == 64 and all(c in "0123456789abcdef" for c in value):
                return value
    return None


def _components(node: Mapping[str, Any], where: str, depth: int = 0) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every component under `node`, nested ones included, with its path."""
    if depth > MAX_NESTING:
        return
    for index, component in enumerate(items(node.get("components"))):
        path = f"{where}components[{index}]"
        yield path, mapping(component)
        yield from _components(mapping(component), f"{path}.", depth + 1)


def _licence(component: Mapping[str, Any]) -> tuple[str, str] | None:
    """(licence, where below the component) of its first licence entry."""
    for index, entry in enumerate(items(component.get("licenses"))):
        licence = mapping(mapping(entry).get("license"))
        value = text(licence.get("id")) or text(licence.get("name")) or text(mapping(entry).get("expression"))
        if value:
            return value, f"licenses[{index}]"
    return None


class _Reader:
    def __init__(self, source: Path, card_folder: Path, vocabulary: Vocabulary, today: str,
                 bom: Mapping[str, Any], lines: Mapping[str, int]) -> None:
        self.source = source
        self.folder = card_folder
        self.vocabulary = vocabulary
        self.lines = lines
        self.found = Findings(source.name)
        self.taken: set[str] = set()
        stamp = (text(mapping(bom.get("metadata")).get("timestamp")) or "")[:10]
        if len(stamp) == 10 and stamp[4] == "-" and stamp[7] == "-":
            self.day, self.day_source = stamp, f"from {source.name} metadata.timestamp"
        else:
            self.day, self.day_source = placeholder_date(today)

    def at(self, where: str, detail: str = "", remark: str = "") -> Origin:
        line = self.lines.get(where, self.lines.get(f"{where}[0]"))
        return self.found.origin(where + (f" = {detail}" if detail else ""), line, remark=remark)

    def put(self, path: str, value: Any, where: str, detail: str = "", remark: str = "") -> None:
        self.found.put(path, value, self.at(where, detail, remark))

    def add_file(self, reference: str, declared: tuple[str, str] | None, kind: str, name: str, where: str,
                 metrics: Mapping[str, float] | None = None, sources: Mapping[str, str] | None = None) -> None:
        """An evidence entry for a referenced file inside the card's folder; `declared` is (sha256, where)."""
        path = inside(self.folder, reference)
        if path is None:
            self.found.note(f"{where}: {reference} is not a file inside the card's folder; not listed as evidence")
            return
        if kind not in self.vocabulary.kinds:
            self.found.note(f"{where}: evidence kind {kind!r} is not in the installed vocabulary; not listed")
            return
        hashed = f", SHA-256 as declared at {declared[1]}" if declared else ""
        self.found.evidence.append(EvidenceDraft(
            evidence_id(name, self.taken), kind, path, self.day,
            f"from {self.source.name} {where}{hashed}; kind {kind} to be confirmed", self.day_source,
            declared[0] if declared else None, metrics=metrics or {}, metric_sources=sources or {}))

    def system(self, where: str, component: Mapping[str, Any]) -> None:
        """The component the BOM describes: the system's name, version, description, licence, organisation."""
        self.put("system.name", text(component.get("name")), f"{where}.name")
        self.put("system.version", text(component.get("version")), f"{where}.version")
        self.put("system.description", text(component.get("description")), f"{where}.description")
        for party in ("manufacturer", "supplier"):
            self.put("organisation.name", text(mapping(component.get(party)).get("name")), f"{where}.{party}.name")
        licence = _licence(component)
        if licence:
            self.put("model.licence", licence[0], f"{where}.{licence[1]}")

    def model_card(self, where: str, component: Mapping[str, Any]) -> None:
        """A model that is itself what the BOM describes: its task and considerations describe the system."""
        card = mapping(component.get("modelCard"))
        task = text(mapping(card.get("modelParameters")).get("task"))
        spot = f"{where}.modelCard.modelParameters.task"
        if task in GENERATIVE_TASKS:
            self.put("system.generative", True, spot, task)
            self.put("system.output_modalities", [GENERATIVE_TASKS[task]], spot, task)
        elif task in NON_GENERATIVE_TASKS:
            self.put("system.generative", False, spot, task)
        elif task:
            self.found.note(f"{spot} {task!r}: not mapped; answer whether the system is generative")
        considerations = mapping(card.get("considerations"))
        uses = texts(considerations.get("useCases"))
        self.put("system.intended_purpose", "; ".join(uses), f"{where}.modelCard.considerations.useCases")
        users = [u.strip().lower() for u in texts(considerations.get("users"))]
        known = [u for u in users if u in USERS]
        self.put("system.users", known, f"{where}.modelCard.considerations.users")
        if set(users) - set(known):
            self.found.note(f"users not in the card vocabulary: {', '.join(sorted(set(users) - set(known)))}")

    def part(self, where: str, component: Mapping[str, Any]) -> None:
        """A model inside a larger system: reported, not taken as the system's answers."""
        name = text(component.get("name")) or "(unnamed)"
        card = mapping(component.get("modelCard"))
        said = [f"task {task}" for task in [text(mapping(card.get("modelParameters")).get("task"))] if task]
        uses = texts(mapping(card.get("considerations")).get("useCases"))
        if uses:
            said.append("use cases: " + "; ".join(uses))
        licence = _licence(component)
        if licence:
            said.append(f"licence {licence[0]}")
        supplier = text(mapping(component.get("supplier")).get("name")) or text(
            mapping(component.get("manufacturer")).get("name"))
        if supplier:
            said.append(f"from {supplier}")
        self.found.note(f"{where} is a model inside the system ({name}" + "".join(f"; {s}" for s in said)
                        + "): whether the system is generative and what it is for are for you to answer")

    def metrics(self, where: str, component: Mapping[str, Any], several: bool) -> None:
        metrics: dict[str, float] = {}
        sources: dict[str, str] = {}
        spot = f"{where}.modelCard.quantitativeAnalysis.performanceMetrics"
        for index, entry in enumerate(items(mapping(mapping(component.get("modelCard")).get("quantitativeAnalysis"))
                                            .get("performanceMetrics"))):
            metric = mapping(entry)
            kind, value, part = text(metric.get("type")), number(metric.get("value")), text(metric.get("slice"))
            key = metric_name(f"{kind}_{part}" if kind and part else kind or "")
            if key is None or value is None:
                continue
            line = self.lines.get(f"{spot}[{index}]")
            place = f"{self.source.name}:{line}" if line else self.source.name
            described = f"{kind}" + (f" on slice {part}" if part else "") + f" ({spot}[{index}], {place})"
            if key in metrics:
                self.found.note(f"{described} = {value:g} repeats {key}; only the first is used")
                continue
            metrics[key], sources[key] = value, described
        if not metrics:
            return
        bom_path = relative_to_card(self.folder, self.source)
        name = f"{text(component.get('name')) or 'model'}-metrics" if several else "performance-metrics"
        if bom_path is None:
            self.found.note(f"performance metrics {sorted(metrics)}: the BOM is outside the card's folder")
        else:
            self.add_file(bom_path, None, "accuracy-evaluation", name, spot, metrics, sources)

    def references(self, where: str, component: Mapping[str, Any]) -> None:
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


def import_bom(bom: Any, source: Path, card_folder: Path, vocabulary: Vocabulary, today: str,
               lines: Mapping[str, int] | None = None) -> Imported:
    """Values, evidence and notes from a CycloneDX ML-BOM (`lines`: element lines of an XML BOM)."""
    if not isinstance(bom, dict) or bom.get("bomFormat") != "CycloneDX":
        raise ComplianceError(f"{source}: not a CycloneDX BOM (bomFormat is not 'CycloneDX')")
    version = text(bom.get("specVersion")) or ""
    if version not in SUPPORTED:
        raise ComplianceError(f"{source}: CycloneDX {version or '(no specVersion)'} is not supported "
                              f"(supported: {', '.join(SUPPORTED)})")
    metadata = mapping(bom.get("metadata"))
    main = mapping(metadata.get("component"))
    parts = list(_components(bom, ""))
    if main:
        parts = [("metadata.component", main), *_components(main, "metadata.component."), *parts]
    models = [(where, c) for where, c in parts if c.get("type") == MODEL]
    if not models:
        raise ComplianceError(f"{source}: no component of type machine-learning-model")
    reader = _Reader(source, card_folder, vocabulary, today, bom, lines or {})
    subject = ("metadata.component", main) if main else models[0] if len(models) == 1 else None
    if subject is not None:
        reader.system(*subject)
    else:
        reader.found.note(f"{len(models)} machine-learning-model components and no metadata.component: the BOM does "
                          "not say which is the system; answer system.name and organisation.name")
    for party in ("manufacture", "supplier"):  # both describe "the component that the BOM describes"
        reader.put("organisation.name", text(mapping(metadata.get(party)).get("name")), f"metadata.{party}.name")
    creator = text(mapping(metadata.get("manufacturer")).get("name"))
    if creator and "organisation.name" not in reader.found.values:
        reader.found.note(f"metadata.manufacturer {creator!r} created the BOM (CycloneDX 1.6); it is not taken as "
                          "the system's organisation")
    own_model = subject if subject is not None and subject[1].get("type") == MODEL else None
    if own_model is not None:
        reader.model_card(*own_model)
    elif len(models) == 1:
        reader.put("model.name", text(models[0][1].get("name")), f"{models[0][0]}.name")
    for where, component in models:
        if own_model is None or where != own_model[0]:
            reader.part(where, component)
        reader.metrics(where, component, len(models) > 1)
        reader.references(where, component)
    if main and main.get("type") != MODEL:
        reader.references("metadata.component", main)
    for where, component in parts:
        if component.get("type") == "data":
            reader.data(where, component)
    return reader.found.imported()
