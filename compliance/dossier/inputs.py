"""Everything a dossier is made from: the assessment, the card it came from and the evidence bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..documents import Document, document_format, read_document
from ..errors import ComplianceError
from ..evidence import MAX_EVIDENCE_BYTES, EvidenceIndex
from ..model import Assessment, Card, Fact
from ..pipeline import load_inputs
from ..rulesets import Catalog, load_catalog
from ..yaml_source import read_bytes


@dataclass(frozen=True)
class DossierInputs:
    """The assessment plus what only the dossier needs: card lines, parsed evidence and file contents."""

    assessment: Assessment
    card: Card | None = None
    index: EvidenceIndex | None = None
    contents: Mapping[str, bytes] = field(default_factory=dict)
    card_bytes: bytes | None = None
    rules: Mapping[str, Fact] = field(default_factory=dict)  # the catalog's fact definitions (transfer routes)

    def document_of(self, evidence_id: str, path: str) -> Document | None:
        """An evidence file read as a document (None when absent or unreadable)."""
        indexed = self.index.files.get(evidence_id) if self.index is not None else None
        if indexed is not None:
            return indexed.document
        raw = self.contents.get(evidence_id)
        document = read_document(raw, document_format(path), path) if raw is not None else None
        return document if isinstance(document, Document) else None


def read_contents(card: Card, index: EvidenceIndex) -> dict[str, bytes]:
    """The bytes of every readable evidence file, refused if it changed since it was hashed."""
    folder = card.folder.resolve()
    contents: dict[str, bytes] = {}
    for entry in card.evidence:
        indexed = index[entry.id]
        if not indexed.exists or indexed.sha256 is None:
            continue
        path = (folder / entry.path).resolve()
        if not path.is_relative_to(folder):
            continue  # the card loader already refused these; never embed a file outside the card folder
        raw = read_bytes(path, entry.path, MAX_EVIDENCE_BYTES, one_name=True)
        if hashlib.sha256(raw).hexdigest() != indexed.sha256:
            raise ComplianceError(f"{entry.path}: evidence file changed while the dossier was being made")
        contents[entry.id] = raw
    return contents


def gather(card_path: Path, ruleset_ids: Sequence[str] = (), as_of: str | None = None,
           catalog: Catalog | None = None, default_rulesets: Sequence[str] = ()) -> DossierInputs:
    """Assess a card and keep the card, its evidence index and the evidence bytes for the dossier.

    Without `ruleset_ids`, the target's own rulesets (`default_rulesets`) that are installed are used,
    or every ruleset when none of them is.
    """
    catalog = catalog or load_catalog()
    if not ruleset_ids:
        installed = {r.id for r in catalog.rulesets}
        ruleset_ids = [r for r in default_rulesets if r in installed]
    inputs = load_inputs(card_path, ruleset_ids, as_of, catalog)
    card, index = inputs.card, inputs.index
    assessment = inputs.assess()
    try:
        card_bytes = card.path.read_bytes()
    except OSError as exc:
        raise ComplianceError(f"{card_path}: cannot read card: {exc.strerror or exc}") from None
    if hashlib.sha256(card_bytes).hexdigest() != card.sha256:
        raise ComplianceError(f"{card_path}: card changed while the dossier was being made")
    return DossierInputs(assessment, card, index, read_contents(card, index), card_bytes, dict(catalog.facts))
