"""Index the evidence files a card lists: confinement, hashes, and each file read once as a Document."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from .digests import sha256_hex
from .documents import Document, Unreadable, document_format, read_document
from .documents.reader import MAX_TEXT_BYTES
from .documents.stored import store_document, stored_document
from .documents.text import normalize_heading as normalize_heading  # dossier code imports it from here
from .errors import ComplianceError
from .model import Card, EvidenceEntry, EvidenceRecord, Reason
from .records import record
from .yaml_source import CANNOT_READ, read_bytes

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
MAX_PARSED_BYTES = MAX_TEXT_BYTES


def evidence_format(path: str) -> str:
    """The format a file name announces ("binary" when no reader reads its content)."""
    return document_format(path)


@record
class EvidenceFile:
    """What the index learnt about one evidence entry's file."""

    entry: EvidenceEntry
    format: str
    exists: bool
    size: int | None = None
    sha256: str | None = None
    unreadable: Reason | None = None
    document: Document | None = None

    @property
    def tampered(self) -> bool:
        return bool(self.exists and self.entry.sha256 and self.sha256 != self.entry.sha256)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(h.title for h in self.document.headings) if self.document else ()

    @cached_property
    def structured_metrics(self) -> Mapping[str, float] | None:
        """The document's figures (`Document.metrics`), looked up once per file: the engine asks ~5 times a file."""
        return self.document.metrics if self.document else None

    def has_section(self, alternatives: tuple[str, ...]) -> bool:
        return self.document is not None and self.document.find(alternatives) is not None

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


# Parameters that are counts in the catalogs (`{size:count}`); the readers give every parameter as text.
_COUNTS = ("size", "limit", "pages", "byte")


def unreadable_reason(problem: Unreadable, fmt: str) -> Reason:
    """A reader's problem as the reason the catalogs word (`unreadable.<code>`)."""
    params: dict[str, str | int] = {"format": fmt}
    for key, value in problem.params.items():
        digits = value.replace(",", "")
        params[key] = int(digits) if key in _COUNTS and digits.isdigit() else value
    if "detail" in params:
        params["error"] = params.pop("detail")
    return Reason(problem.code, params)


def _unreadable_file(entry: EvidenceEntry, fmt: str, path: Path, exc: ComplianceError) -> EvidenceFile:
    """A file that is absent, or present but not readable as a regular file (FIFO, device, loop, too big)."""
    info: os.stat_result | None = None
    try:
        info = path.stat()
    except FileNotFoundError:
        if not path.is_symlink():
            return EvidenceFile(entry, fmt, exists=False)
    except (OSError, ValueError):
        pass
    size = info.st_size if info is not None else 0
    if info is not None and stat.S_ISREG(info.st_mode) and size > MAX_EVIDENCE_BYTES:
        return EvidenceFile(entry, fmt, True, size, None,
                            Reason("too_large", {"format": fmt, "size": size, "limit": MAX_EVIDENCE_BYTES}))
    why = exc.message.removeprefix(f"{entry.path}: ").removeprefix(CANNOT_READ)  # the message says it already
    return EvidenceFile(entry, fmt, True, size, None, Reason("os_error", {"format": fmt, "error": why}))


def _evidence_path(folder: Path, prefix: str, relative: str) -> str | Path:
    """The file an entry names, `folder / relative`: as the text `prefix + relative` (`prefix` is the folder's
    name ending in a separator), which the system reads as the same file (a path object cost ~5 µs a file),
    except for a path ending in `/` or `/.`, which a path object drops and the system would not (then the
    path object itself)."""
    if os.name == "posix" and not relative.endswith(("/", "/.")) and relative != ".":
        return prefix + relative
    return folder / relative


def _read_file(entry: EvidenceEntry, folder: Path, prefix: str) -> EvidenceFile:
    path = _evidence_path(folder, prefix, entry.path)
    fmt = evidence_format(entry.path)
    try:
        raw = read_bytes(path, entry.path, MAX_EVIDENCE_BYTES, one_name=True)
    except ComplianceError as exc:
        return _unreadable_file(entry, fmt, Path(path), exc)
    size = len(raw)
    digest = sha256_hex(raw)
    document = stored_document(digest, fmt)
    if document is None:
        read = read_document(raw, fmt, entry.path)
        if isinstance(read, Unreadable):
            return EvidenceFile(entry, fmt, True, size, digest, unreadable_reason(read, fmt))
        if read is not None:
            store_document(digest, read)
        document = read
    return EvidenceFile(entry, fmt, True, size, digest, None, document)


@record
class EvidenceIndex:
    """Every evidence entry of a card, read once."""

    files: Mapping[str, EvidenceFile]

    def __getitem__(self, evidence_id: str) -> EvidenceFile:
        return self.files[evidence_id]

    def records(self, as_of: str) -> tuple[EvidenceRecord, ...]:
        return tuple(self.files[k].record(as_of) for k in sorted(self.files))


def index_evidence(card: Card, remember: bool = False) -> EvidenceIndex:
    """Hash and read every evidence file (paths were confined when the card was loaded). With `remember`, what was
    learnt of them is taken from the memo of the files as they are, if there is one, else kept in it
    (`evidence_memo`: `check` of one card)."""
    folder = card.folder
    prefix = os.path.join(folder, "")
    entries = card.evidence
    if not remember:
        return EvidenceIndex({e.id: _read_file(e, folder, prefix) for e in entries})
    from .evidence_memo import look, row

    memo = look([e.path for e in entries], [str(_evidence_path(folder, prefix, e.path)) for e in entries])
    recalled = _recalled(entries, memo.recall())
    if recalled is not None:
        return EvidenceIndex(recalled)
    files = [_read_file(e, folder, prefix) for e in entries]
    if all(f.sha256 is not None or not f.exists for f in files):  # each read whole (`_read_file`), or not there
        memo.keep([row(f.size or 0, f.sha256, f.unreadable, f.document) if f.sha256 is not None else None
                   for f in files])
    return EvidenceIndex({e.id: f for e, f in zip(entries, files, strict=True)})


def _recalled(entries: tuple[EvidenceEntry, ...], rows: list[Any] | None) -> dict[str, EvidenceFile] | None:
    """The files of `entries` as the memo's `rows` hold them (`evidence_memo.row`); None when there are none, or they
    are not what the memo writes."""
    if rows is None or len(rows) != len(entries):
        return None
    from .evidence_memo import SHAPE_ERRORS, document_of, reason_of

    try:
        files = {}
        for entry, stored in zip(entries, rows, strict=True):
            if stored is None:
                files[entry.id] = EvidenceFile(entry, evidence_format(entry.path), exists=False)
                continue
            size, digest, unreadable, document = stored
            if type(size) is not int or type(digest) is not str:
                raise ValueError("a file not stored as one")
            files[entry.id] = EvidenceFile(entry, evidence_format(entry.path), True, size, digest,
                                           reason_of(unreadable), document_of(document))
    except SHAPE_ERRORS:
        return None
    return files
