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
from .model import Card, EvidenceEntry, EvidenceRecord
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
    unreadable: str = ""
    headings: tuple[str, ...] = ()
    structured_metrics: Mapping[str, float] | None = None
    unreadable_zh: str = ""

    @property
    def tampered(self) -> bool:
        return bool(self.exists and self.entry.sha256 and self.sha256 != self.entry.sha256)

    def has_section(self, alternatives: tuple[str, ...]) -> bool:
        normalized = [normalize_heading(h) for h in self.headings]
        return any(normalize_heading(want) in heading for want in alternatives for heading in normalized)

    def record(self, as_of: str) -> EvidenceRecord:
        entry = self.entry
        status, detail = "ok", ""
        if not self.exists:
            status = "missing"
        elif self.tampered:
            status, detail = "tampered", f"declared {entry.sha256}"
        elif self.unreadable:
            status, detail = "unreadable", self.unreadable
        elif entry.date > as_of:
            status = "not_yet_produced"
        elif entry.valid_until and entry.valid_until < as_of:
            status = "stale"
        return EvidenceRecord(entry.id, entry.kind, entry.path, entry.date, entry.valid_until, entry.sha256,
                              self.sha256, self.size, status, detail, entry.title, entry.line)


_FORMAT_ZH = {"markdown": "Markdown", "yaml": "YAML", "json": "JSON", "text": "文本", "csv": "CSV"}


def _unreadable(entry: EvidenceEntry, fmt: str, size: int, digest: str | None, en: str, zh: str) -> EvidenceFile:
    return EvidenceFile(entry, fmt, True, size, digest, en, unreadable_zh=zh)


def _read_file(entry: EvidenceEntry, folder: Path) -> EvidenceFile:
    path = folder / entry.path
    fmt = evidence_format(entry.path)
    fmt_zh = _FORMAT_ZH.get(fmt, fmt)
    if not path.is_file():
        return EvidenceFile(entry, fmt, exists=False)
    size = path.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        return _unreadable(entry, fmt, size, None, f"file is {size:,} bytes; the limit is {MAX_EVIDENCE_BYTES:,}",
                           f"文件大小为{size:,}字节，超过上限{MAX_EVIDENCE_BYTES:,}字节")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _unreadable(entry, fmt, size, None, f"cannot read file: {reason}", f"无法读取文件：{reason}")
    digest = hashlib.sha256(raw).hexdigest()
    if fmt not in TEXT_FORMATS:
        return EvidenceFile(entry, fmt, True, size, digest)
    if size > MAX_PARSED_BYTES:
        return _unreadable(entry, fmt, size, digest, f"{fmt} file too large to read sections ({size:,} bytes)",
                           f"{fmt_zh}文件过大（{size:,}字节），无法读取章节")
    if b"\x00" in raw:
        return _unreadable(entry, fmt, size, digest, f"binary content in a {fmt} file",
                           f"{fmt_zh}文件中含有二进制内容")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _unreadable(entry, fmt, size, digest, f"not UTF-8 text (byte {exc.start})",
                           f"不是UTF-8编码的文本（第{exc.start}字节）")
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
        return _unreadable(entry, fmt, size, digest, detail, f"{fmt_zh}格式无效：{detail}")
    except (ValueError, RecursionError) as exc:
        return _unreadable(entry, fmt, size, digest, f"invalid {fmt}: {exc}", f"{fmt_zh}格式无效：{exc}")
    return EvidenceFile(entry, fmt, True, size, digest, "", tuple(headings), metrics)


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
