"""The dossier's manifest: every embedded file with its SHA-256, the ruleset and card hashes, the tool
version and the as-of date. It ends the PDF as a table and is embedded as `manifest.json` for `--verify`.

A dossier embeds the card, the assessment and the evidence it cites; the card's other evidence is
`listed` (id, path, SHA-256), not attached, so a DPIA carries no China filing material and a filing no
notified-body certificate, while the reader still sees every file the assessment was made from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath

from .. import strict_json
from ..report.document import assessment_document
from .inputs import DossierInputs

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = "compliance-dossier-manifest/1"


@dataclass(frozen=True)
class ManifestFile:
    """One file embedded in the PDF (role: card, evidence or assessment)."""

    name: str
    role: str
    sha256: str
    size: int
    date: str
    evidence_id: str = ""
    kind: str = ""
    media_type: str = "application/octet-stream"


@dataclass(frozen=True)
class MissingFile:
    """An evidence entry of the card whose file could not be embedded, and why."""

    evidence_id: str
    path: str
    status: str


@dataclass(frozen=True)
class ListedFile:
    """An evidence file of the card the dossier does not cite: listed by its SHA-256, not attached."""

    evidence_id: str
    name: str
    sha256: str | None
    status: str
    date: str


@dataclass(frozen=True)
class Manifest:
    target: str
    lang: str
    tool_version: str
    as_of: str
    card_path: str
    card_sha256: str
    rulesets: tuple[tuple[str, str, str], ...]
    files: tuple[ManifestFile, ...]
    missing: tuple[MissingFile, ...]
    listed: tuple[ListedFile, ...] = ()

    def to_json(self) -> bytes:
        data = {
            "schema": MANIFEST_SCHEMA,
            "target": self.target, "lang": self.lang,
            "tool": {"name": "compliance", "version": self.tool_version},
            "as_of": self.as_of,
            "card": {"path": self.card_path, "sha256": self.card_sha256},
            "rulesets": [{"id": i, "version": v, "sha256": h} for i, v, h in self.rulesets],
            "files": [{"name": f.name, "role": f.role, "sha256": f.sha256, "size": f.size, "date": f.date,
                       "evidence_id": f.evidence_id, "kind": f.kind, "media_type": f.media_type}
                      for f in self.files],
            "missing": [{"evidence_id": m.evidence_id, "path": m.path, "status": m.status} for m in self.missing],
            "listed": [{"evidence_id": x.evidence_id, "name": x.name, "sha256": x.sha256, "status": x.status,
                        "date": x.date} for x in self.listed],
        }
        return (strict_json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


_MEDIA = {".md": "text/markdown", ".markdown": "text/markdown", ".yaml": "application/yaml",
          ".yml": "application/yaml", ".json": "application/json", ".txt": "text/plain", ".csv": "text/csv",
          ".pdf": "application/pdf"}


def media_type(name: str) -> str:
    return _MEDIA.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def _file(name: str, role: str, raw: bytes, date: str, evidence_id: str = "", kind: str = "") -> ManifestFile:
    return ManifestFile(name, role, hashlib.sha256(raw).hexdigest(), len(raw), date, evidence_id, kind,
                        media_type(name))


def assessment_json(inputs: DossierInputs) -> bytes:
    """The canonical assessment document, as `check --format json --with-catalog --indent 2` writes it."""
    document = assessment_document(inputs.assessment, with_catalog=True)  # a dossier stands alone
    text = strict_json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def embedded_name(path: str) -> str:
    """One spelling per file: `./x`, `x`, `.//x` and `a/./x` name the same file, embedded once as `x`."""
    return PurePosixPath(path.replace("\\", "/")).as_posix()


def embedded_files(inputs: DossierInputs, cited: Collection[str]) -> list[tuple[ManifestFile, bytes]]:
    """Every file the PDF embeds, in manifest order: the card, each cited evidence file once, the assessment."""
    a = inputs.assessment
    files: list[tuple[ManifestFile, bytes]] = []
    if inputs.card_bytes is not None:
        files.append((_file(a.card_path, "card", inputs.card_bytes, a.as_of), inputs.card_bytes))
    seen: set[str] = set()
    for record in a.evidence:
        if record.id not in cited:
            continue
        raw = inputs.contents.get(record.id)
        name = embedded_name(record.path)
        if raw is None or name in seen:
            continue
        seen.add(name)
        files.append((_file(name, "evidence", raw, record.date, record.id, record.kind), raw))
    report = assessment_json(inputs)
    files.append((_file("assessment.json", "assessment", report, a.as_of), report))
    return files


def build_manifest(inputs: DossierInputs, target: str, lang: str, cited: Collection[str]) -> Manifest:
    """The files `embedded_files` embeds, the cited evidence that could not be, and the rest, listed."""
    a = inputs.assessment
    files = tuple(f for f, _ in embedded_files(inputs, cited))
    embedded = {f.evidence_id for f in files if f.role == "evidence"}
    by_path = {f.name for f in files}
    missing = tuple(MissingFile(r.id, r.path, r.status) for r in a.evidence
                    if r.id in cited and r.id not in embedded and embedded_name(r.path) not in by_path)
    listed = tuple(ListedFile(r.id, embedded_name(r.path), r.sha256, r.status, r.date) for r in a.evidence
                   if r.id not in cited and embedded_name(r.path) not in by_path)
    return Manifest(target, lang, a.tool_version, a.as_of, a.card_path, a.card_sha256,
                    tuple((r.id, r.version, r.sha256) for r in a.rulesets), files, missing, listed)
