"""`compliance dossier --verify out.pdf`: re-check every embedded file against the embedded manifest.

Reads the PDF's embedded files (pypdf), never its text. A file missing, altered, or embedded without
being in the manifest (including page-level file-attachment annotations) is a mismatch.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from .manifest import MANIFEST_NAME, MANIFEST_SCHEMA

MAX_PDF_BYTES = 512 * 1024 * 1024
# What a malformed PDF makes pypdf raise besides its own errors; each becomes "bad input", not a traceback.
_READ_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                                             RecursionError)


@dataclass(frozen=True)
class Verification:
    checked: tuple[str, ...]
    problems: tuple[str, ...]
    manifest: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.problems


def _reader(path: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not path.is_file():
        raise ComplianceError(f"{path}: file not found")
    if path.stat().st_size > MAX_PDF_BYTES:
        raise ComplianceError(f"{path}: larger than {MAX_PDF_BYTES:,} bytes")
    errors: tuple[type[Exception], ...] = (*_READ_ERRORS, PyPdfError)
    try:
        return PdfReader(path)
    except errors as exc:
        raise ComplianceError(f"{path}: not a readable PDF ({exc})") from None


def _annotation_files(reader: Any) -> list[str]:
    """Files attached to pages as /FileAttachment annotations (never made by our renderer)."""
    names: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                spec = annotation.get("/FS")
                spec = spec.get_object() if spec is not None else {}
                names.append(f"page {number}: {spec.get('/UF') or spec.get('/F') or '?'}")
    return names


def _manifest(path: Path, attachments: dict[str, list[bytes]]) -> dict[str, Any]:
    if MANIFEST_NAME not in attachments:
        raise ComplianceError(f"{path}: no embedded {MANIFEST_NAME}; not a dossier made by compliance")
    try:
        data = json.loads(attachments[MANIFEST_NAME][0].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ComplianceError(f"{path}: embedded {MANIFEST_NAME} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != MANIFEST_SCHEMA or not isinstance(data.get("files"), list):
        raise ComplianceError(f"{path}: embedded {MANIFEST_NAME} is not a {MANIFEST_SCHEMA} manifest")
    return data


def _cross_checks(manifest: dict[str, Any], attachments: dict[str, list[bytes]]) -> list[str]:
    """The embedded assessment and card must be the ones the manifest names."""
    problems: list[str] = []
    card = manifest.get("card", {})
    cards = [f for f in manifest["files"] if f.get("role") == "card"]
    if cards and cards[0].get("sha256") != card.get("sha256"):
        problems.append("the embedded card's SHA-256 differs from the manifest's card hash")
    reports = [f for f in manifest["files"] if f.get("role") == "assessment"]
    if reports and reports[0].get("name") in attachments:
        try:
            report = json.loads(attachments[reports[0]["name"]][0].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return [*problems, "the embedded assessment is not valid JSON"]
        rulesets = [{"id": r.get("id"), "version": r.get("version"), "sha256": r.get("sha256")}
                    for r in report.get("rulesets", [])]
        if report.get("card", {}).get("sha256") != card.get("sha256"):
            problems.append("the embedded assessment was made from another card")
        if rulesets != manifest.get("rulesets") or report.get("as_of") != manifest.get("as_of"):
            problems.append("the embedded assessment's rulesets or as-of date differ from the manifest")
    return problems


def verify_pdf(path: Path) -> Verification:
    """Check the embedded files of a dossier; raise ComplianceError when it is not one."""
    from pypdf.errors import PyPdfError

    reader = _reader(path)
    errors: tuple[type[Exception], ...] = (*_READ_ERRORS, PyPdfError)
    try:
        attachments = {name: list(data) for name, data in reader.attachments.items()}
        annotated = _annotation_files(reader)
    except errors as exc:
        raise ComplianceError(f"{path}: not a readable PDF ({exc})") from None
    manifest = _manifest(path, attachments)
    problems: list[str] = []
    checked: list[str] = []
    listed: set[str] = set()
    for item in manifest["files"]:
        name = str(item.get("name", ""))
        listed.add(name)
        copies = attachments.get(name)
        if not copies:
            problems.append(f"{name}: listed in the manifest but not embedded")
            continue
        if len(copies) > 1:
            problems.append(f"{name}: embedded {len(copies)} times")
        actual = hashlib.sha256(copies[0]).hexdigest()
        if actual != item.get("sha256"):
            problems.append(f"{name}: SHA-256 {actual} does not match the manifest's {item.get('sha256')}")
        else:
            checked.append(name)
    for name in sorted(set(attachments) - listed - {MANIFEST_NAME}):
        problems.append(f"{name}: embedded but not in the manifest")
    problems.extend(f"{where}: file attachment annotation not in the manifest" for where in annotated)
    problems.extend(_cross_checks(manifest, attachments))
    return Verification(tuple(checked), tuple(problems), manifest)
