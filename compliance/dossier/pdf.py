"""HTML → PDF/A-3b with the evidence embedded: the only module that imports WeasyPrint.

Output is reproducible: a fixed document identifier derived from the content, dates taken from the
as-of date and the evidence dates, never from the clock. Attachments are built fresh for every call
(WeasyPrint's Attachment objects are single-use).
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from weasyprint import HTML, Attachment  # type: ignore[import-untyped]

from ..errors import ComplianceError
from ..resources import templates_dir
from .fetcher import SandboxFetcher
from .manifest import MANIFEST_NAME, ManifestFile

PDF_VARIANT = "pdf/a-3b"
_RELATIONSHIP = {"card": "Source", "evidence": "Source", "assessment": "Data"}


def _moment(iso_date: str) -> datetime:
    return datetime.fromisoformat(iso_date).replace(tzinfo=UTC)


def _attachments(files: Sequence[tuple[ManifestFile, bytes]], manifest_json: bytes, as_of: str,
                 fetcher: SandboxFetcher) -> list[Attachment]:
    made = [Attachment(file_obj=io.BytesIO(raw), name=f.name, url_fetcher=fetcher,
                       description=f"{f.role}: {f.evidence_id or f.name} (SHA-256 {f.sha256})",
                       created=_moment(f.date), modified=_moment(f.date),
                       relationship=_RELATIONSHIP.get(f.role, "Unspecified"))
            for f, raw in files]
    made.append(Attachment(file_obj=io.BytesIO(manifest_json), name=MANIFEST_NAME, url_fetcher=fetcher,
                           description="manifest: SHA-256 of every embedded file, rulesets, card, tool, as-of date",
                           created=_moment(as_of), modified=_moment(as_of), relationship="Data"))
    return made


@dataclass(frozen=True)
class PdfOutput:
    data: bytes
    pages: int
    refused: tuple[str, ...]  # URLs the sandbox refused: nothing outside templates/fonts is ever read


def write_pdf(html: str, files: Sequence[tuple[ManifestFile, bytes]], manifest_json: bytes, as_of: str) -> PdfOutput:
    """Lay out the HTML and write it as PDF/A-3b with every file and the manifest embedded."""
    fonts = templates_dir() / "fonts"
    fetcher = SandboxFetcher(fonts)
    identifier = hashlib.sha256(html.encode("utf-8") + manifest_json).hexdigest()[:32].encode("ascii")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        document = HTML(string=html, base_url=fonts.parent.as_uri() + "/", url_fetcher=fetcher).render()
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier, uncompressed_pdf=False,
                                 attachments=_attachments(files, manifest_json, as_of, fetcher))
    except (OSError, ValueError) as exc:
        raise ComplianceError(f"cannot render the PDF: {exc}") from None
    if pdf is None:
        raise ComplianceError("cannot render the PDF: WeasyPrint returned nothing")
    return PdfOutput(pdf, len(document.pages), tuple(fetcher.refused))
