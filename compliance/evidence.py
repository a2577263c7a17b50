"""Index the evidence files a card lists: confinement, hashes, readability, sections."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .documents.markdown import read_markdown
from .documents.text import normalize_heading as normalize_heading  # dossier/excerpt.py imports it from here
from .errors import ComplianceError
from .model import Card, EvidenceEntry, EvidenceRecord, Reason
from .yaml_source import parse_yaml

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
MAX_PARSED_BYTES = 5 * 1024 * 1024
TEXT_FORMATS = ("markdown", "yaml", "json", "text", "csv")
_FORMATS = {".md": "markdown", ".markdown": "markdown", ".yaml": "yaml", ".yml": "yaml", ".json": "json",
            ".txt": "text", ".csv": "csv", ".pdf": "pdf"}


def evidence_format(path: str) -> str:
    return _FORMATS.get(PurePosixPath(path).suffix.lower(), "binary")


def _markdown_sections(text: str) -> list[str]:
    return [heading.title for heading in read_markdown(text).headings]


def _structured_sections(data: Any) -> list[str]:
    return [str(key) for key in data] if isinstance(data, Mapping) else []


@dataclass(frozen=True)
class EvidenceFile:
    """What the index learnt about one evidence entry's file."""

    entry: EvidenceEntry
    format: str
    exists: bool
    size: int | None = None
    sha256: str | None = None
    unreadable: Reason | None = None
    headings: tuple[str, ...] = ()
    structured_metrics: Mapping[str, float] | None = None

    @property
    def tampered(self) -> bool:
        return bool(self.exists and self.entry.sha256 and self.sha256 != self.entry.sha256)

    def has_section(self, alternatives: tuple[str, ...]) -> bool:
        normalized = [normalize_heading(h) for h in self.headings]
        return any(normalize_heading(want) in heading for want in alternatives for heading in normalized)

    def record(self, as_of: str) -> EvidenceRecord:
        entry = self.entry
        status, detail = "ok", None
        if not self.exists:
            status = "missing"
        elif self.tampered:
            status = "tampered"
        elif self.unreadable:
            status, detail = "unreadable", self.unreadable
        elif entry.date > as_of:
            status = "not_yet_produced"
        elif entry.valid_until and entry.valid_until < as_of:
            status = "stale"
        return EvidenceRecord(entry.id, entry.kind, entry.path, entry.date, entry.valid_until, entry.sha256,
                              self.sha256, self.size, status, detail, entry.title, entry.line)


def _unreadable(entry: EvidenceEntry, fmt: str, file_size: int, digest: str | None, code: str,
                **params: str | int) -> EvidenceFile:
    return EvidenceFile(entry, fmt, True, file_size, digest, Reason(code, {"format": fmt, **params}))


def _read_file(entry: EvidenceEntry, folder: Path) -> EvidenceFile:
    path = folder / entry.path
    fmt = evidence_format(entry.path)
    if not path.is_file():
        return EvidenceFile(entry, fmt, exists=False)
    size = path.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        return _unreadable(entry, fmt, size, None, "too_large", size=size, limit=MAX_EVIDENCE_BYTES)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _unreadable(entry, fmt, size, None, "os_error", error=exc.strerror or str(exc))
    digest = hashlib.sha256(raw).hexdigest()
    if fmt not in TEXT_FORMATS:
        return EvidenceFile(entry, fmt, True, size, digest)
    if size > MAX_PARSED_BYTES:
        return _unreadable(entry, fmt, size, digest, "too_large_to_parse", size=size)
    if b"\x00" in raw:
        return _unreadable(entry, fmt, size, digest, "binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _unreadable(entry, fmt, size, digest, "encoding", byte=exc.start)
    try:
        headings: list[str] = []
        metrics: Mapping[str, float] | None = None
        if fmt == "markdown":
            headings = _markdown_sections(text)
        elif fmt in ("yaml", "json"):
            data = parse_yaml(text, entry.path).data if fmt == "yaml" else json.loads(text)
            headings = _structured_sections(data)
            if isinstance(data, Mapping) and isinstance(data.get("metrics"), Mapping):
                metrics = {str(k): float(v) for k, v in data["metrics"].items()
                           if isinstance(v, int | float) and not isinstance(v, bool)}
        elif fmt == "csv":
            first = text.splitlines()[0] if text.strip() else ""
            headings = [c.strip() for c in first.split(",") if c.strip()]
    except ComplianceError as exc:
        detail = exc.message.removeprefix(f"{entry.path}: ").splitlines()[0]
        return _unreadable(entry, fmt, size, digest, "invalid", error=detail)
    except (ValueError, RecursionError) as exc:
        return _unreadable(entry, fmt, size, digest, "invalid", error=str(exc))
    return EvidenceFile(entry, fmt, True, size, digest, None, tuple(headings), metrics)


@dataclass(frozen=True)
class EvidenceIndex:
    """Every evidence entry of a card, read once."""

    files: Mapping[str, EvidenceFile]

    def __getitem__(self, evidence_id: str) -> EvidenceFile:
        return self.files[evidence_id]

    def records(self, as_of: str) -> tuple[EvidenceRecord, ...]:
        return tuple(self.files[k].record(as_of) for k in sorted(self.files))


def index_evidence(card: Card) -> EvidenceIndex:
    """Hash and read every evidence file (paths were confined when the card was loaded)."""
    return EvidenceIndex({e.id: _read_file(e, card.folder) for e in card.evidence})
