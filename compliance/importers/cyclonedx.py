"""CycloneDX 1.5–1.7 ML-BOMs (JSON): the machine-learning-model component and its `modelCard`, its
datasets, and the external references and data files it hashes, which become evidence entries with
their declared SHA-256 when the files lie inside the card's folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from ..init_card import EvidenceDraft, Imported, Value
from ..model import Vocabulary
from .evidence_files import evidence_id, inside, metric_name, placeholder_date, relative_to_card
from .huggingface import GENERATIVE_TASKS, NON_GENERATIVE_TASKS

SUPPORTED = ("1.5", "1.6", "1.7")
# External reference types (CycloneDX enum) that document a model or dataset → our evidence kinds.
REFERENCE_KINDS = {"model-card": "technical-documentation", "documentation": "technical-documentation",
                   "evidence": "technical-documentation", "risk-assessment": "risk-management-plan",
                   "quality-metrics": "accuracy-evaluation", "attestation": "technical-documentation"}
DATA_KIND = "data-governance-record"
USERS = ("clinicians", "patients", "public", "minors", "staff", "researchers")
SPECIAL = ("health", "genetic", "biometric", "minors", "financial", "location", "religion", "ethnicity", "sex_life",
           "political", "trade_union", "criminal", "identity")


def _sha256(item: Mapping[str, Any]) -> str | None:
    for entry in item.get("hashes") or []:
        if isinstance(entry, dict) and str(entry.get("alg", "")).upper() in ("SHA-256", "SHA256"):
            value = str(entry.get("content", "")).lower()
            if len(value) == 64 and all(c in "0123456789abcdef" for c in value):
                return value
    return None


def _models(bom: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    found: list[tuple[str, Mapping[str, Any]]] = []
    main = (bom.get("metadata") or {}).get("component")
    if isinstance(main, dict) and main.get("type") == "machine-learning-model":
        found.append(("metadata.component", main))
    for index, component in enumerate(bom.get("components") or []):
        if isinstance(component, dict) and component.get("type") == "machine-learning-model":
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
        stamp = str((bom.get("metadata") or {}).get("timestamp") or "")[:10]
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
        self.put("system.name", component.get("name"), f"{where}.name")
        self.put("system.version", component.get("version"), f"{where}.version")
        self.put("system.description", component.get("description"), f"{where}.description")
        for party in ("supplier", "manufacturer"):
            self.put("organisation.name", (component.get(party) or {}).get("name"), f"{where}.{party}.name")
        for index, item in enumerate(component.get("licenses") or []):
            licence = (item or {}).get("license") or {}
            self.put("model.licence", licence.get("id") or licence.get("name"), f"{where}.licenses[{index}]")
        card = component.get("modelCard") or {}
        parameters = card.get("modelParameters") or {}
        task = parameters.get("task")
        if task in GENERATIVE_TASKS:
            self.put("system.generative", True, f"{where}.modelCard.modelParameters.task = {task}")
            self.put("system.output_modalities", [GENERATIVE_TASKS[task]],
                     f"{where}.modelCard.modelParameters.task = {task}")
        elif task in NON_GENERATIVE_TASKS:
            self.put("system.generative", False, f"{where}.modelCard.modelParameters.task = {task}")
        elif task:
            self.notes.append(f"{where}.modelCard.modelParameters.task {task!r}: not mapped")
        considerations = card.get("considerations") or {}
        uses = [str(u) for u in considerations.get("useCases") or [] if u]
        self.put("system.intended_purpose", "; ".join(uses), f"{where}.modelCard.considerations.useCases")
        users = [str(u).strip().lower() for u in considerations.get("users") or []]
        known = [u for u in users if u in USERS]
        self.put("system.users", known, f"{where}.modelCard.considerations.users")
        if set(users) - set(known):
            self.notes.append(f"users not in the card vocabulary: {', '.join(sorted(set(users) - set(known)))}")
        metrics: dict[str, float] = {}
        for metric in (card.get("quantitativeAnalysis") or {}).get("performanceMetrics") or []:
            key = metric_name(str((metric or {}).get("type") or ""))
            try:
                value = float(str((metric or {}).get("value")))
            except ValueError:
                continue
            if key and not (metric or {}).get("slice"):
                metrics.setdefault(key, value)
        if metrics:
            bom_path = relative_to_card(self.folder, self.source)
            if bom_path is not None:
                self.add_file(bom_path, None, "accuracy-evaluation", "performance-metrics",
                              f"{where}.modelCard.quantitativeAnalysis", metrics)
            else:
                self.notes.append(f"performance metrics {sorted(metrics)}: the BOM is outside the card's folder")
        for index, reference in enumerate(component.get("externalReferences") or []):
            kind = REFERENCE_KINDS.get(str((reference or {}).get("type")))
            url = str((reference or {}).get("url") or "")
            if kind and url:
                spot = f"{where}.externalReferences[{index}]"
                digest = _sha256(reference)
                self.add_file(url, (digest, f"{spot}.hashes") if digest else None, kind, url.rsplit("/", 1)[-1],
                              spot)

    def data(self, where: str, component: Mapping[str, Any]) -> None:
        for index, item in enumerate(component.get("data") or []):
            if not isinstance(item, dict):
                continue
            spot = f"{where}.data[{index}]"
            sensitive = [str(s).strip().lower() for s in item.get("sensitiveData") or []]
            if sensitive:
                self.put("data.personal_data", True, f"{spot}.sensitiveData")
                self.put("data.special_categories", [s for s in SPECIAL if s in sensitive], f"{spot}.sensitiveData")
            url = str((item.get("contents") or {}).get("url") or "")
            if url:
                own, whole = _sha256(item.get("contents") or {}), _sha256(component)
                declared = (own, f"{spot}.contents.hashes") if own else (whole, f"{where}.hashes") if whole else None
                self.add_file(url, declared, DATA_KIND, str(item.get("name") or component.get("name") or url),
                              f"{spot}.contents.url")


def import_bom(bom: Any, source: Path, card_folder: Path, vocabulary: Vocabulary, today: str) -> Imported:
    """Values, evidence and notes from a CycloneDX ML-BOM."""
    if not isinstance(bom, dict) or bom.get("bomFormat") != "CycloneDX":
        raise ComplianceError(f"{source}: not a CycloneDX BOM (bomFormat is not 'CycloneDX')")
    version = str(bom.get("specVersion", ""))
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
        reader.put("organisation.name", ((bom.get("metadata") or {}).get(party) or {}).get("name"),
                   f"metadata.{party}.name")
    for index, component in enumerate(bom.get("components") or []):
        if isinstance(component, dict) and component.get("type") == "data":
            reader.data(f"components[{index}]", component)
    return Imported(source.name, reader.values, tuple(reader.evidence), tuple(reader.notes))
