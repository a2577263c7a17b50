"""`compliance evidence import`: evaluation outputs (lm-evaluation-harness, Hugging Face model-index, garak,
inspect-ai, CSV) read into a card's evidence list, with their metrics, SHA-256, date and tool."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ComplianceError
from ..evidence import MAX_EVIDENCE_BYTES, MAX_PARSED_BYTES
from ..model import Vocabulary
from ..rulesets import Catalog
from ..yaml_source import read_bytes
from .documents import valid_day
from .entry import evidence_entry
from .formats import FORMATS, detect
from .result import Evaluation


@dataclass(frozen=True)
class ImportRequest:
    file: Path
    card: Path | None = None
    kind: str | None = None
    evidence_id: str | None = None
    date: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class ImportOutcome:
    evaluation: Evaluation
    entry: Mapping[str, Any]
    text: str                         # the card written, or the entry alone when there is no card
    action: str                       # added | updated | preview
    notes: tuple[str, ...]


def _card_relative(file: Path, card: Path) -> str:
    """The file as a path relative to the card's folder; it must lie inside it (as every evidence file)."""
    folder = card.absolute().parent
    relative = PurePosixPath(Path(os.path.relpath(file.absolute(), folder)).as_posix())
    if ".." in relative.parts:
        raise ComplianceError(f"{file}: outside the card's folder ({folder}); evidence must stay inside it — "
                              "copy the file there first")
    if not (folder / relative).resolve().is_relative_to(folder.resolve()):
        raise ComplianceError(f"{file}: resolves outside the card's folder (symlink); evidence must stay inside it")
    return relative.as_posix()


def _date(request: ImportRequest, evaluation: Evaluation, notes: list[str]) -> str:
    if request.date is not None:
        chosen = valid_day(request.date)
        if chosen is None:
            raise ComplianceError(f"--date {request.date!r} is not a date (YYYY-MM-DD)")
        if evaluation.date and evaluation.date != chosen:
            notes.append(f"date {chosen} from --date; the file says {evaluation.date}")
        return chosen
    if evaluation.date is None:
        raise ComplianceError(f"{request.file}: the file does not say when the evaluation ran; give --date YYYY-MM-DD")
    return evaluation.date


def _kind(request: ImportRequest, format_id: str, existing: str | None, vocabulary: Vocabulary) -> str:
    kind = request.kind or existing or FORMATS[format_id].default_kind
    if kind is None:
        raise ComplianceError(f"{request.file}: give --kind: a {FORMATS[format_id].tool} file can hold any kind "
                              "of result (e.g. accuracy-evaluation, bias-evaluation, red-team-report)")
    if kind not in vocabulary.kinds:
        raise ComplianceError(f"unknown evidence kind {kind!r} (see `compliance rulesets kinds`)")
    return kind


def _new_id(evaluation: Evaluation, date: str, taken: Collection[str]) -> str:
    from ..importers.evidence_files import evidence_id

    return evidence_id(f"{evaluation.format}-{date}", set(taken))


def import_evaluation(request: ImportRequest, catalog: Catalog) -> ImportOutcome:
    """Read the evaluation file and put its entry into the card (or return the entry when there is no card)."""
    vocabulary = catalog.vocabulary
    source = str(request.file)
    if not request.file.is_file():
        raise ComplianceError(f"{source}: file not found")
    raw = read_bytes(request.file, source, MAX_EVIDENCE_BYTES)
    format_id = request.format or detect(raw, source)
    if format_id not in FORMATS:
        raise ComplianceError(f"unknown format {format_id!r} (choose from: {', '.join(FORMATS)})")
    evaluation = FORMATS[format_id].read(raw, source)
    notes = list(evaluation.notes)
    date = _date(request, evaluation, notes)
    if raw.lstrip()[:1] == b"{" and len(raw) > MAX_PARSED_BYTES and format_id != "garak":
        notes.append(f"the file is over {MAX_PARSED_BYTES:,} bytes: checks read its hash but not its sections")
    digest = hashlib.sha256(raw).hexdigest()
    if request.card is None:
        kind = _kind(request, format_id, None, vocabulary)
        evidence_id = request.evidence_id or _new_id(evaluation, date, ())
        entry = evidence_entry(evaluation, evidence_id, kind, request.file.as_posix(), date, digest)
        from .card_writer import render_entry

        return ImportOutcome(evaluation, entry, render_entry(entry), "preview", tuple(notes))
    return _into_card(request, request.card, evaluation, format_id, digest, date, notes, catalog)


def _into_card(request: ImportRequest, card_path: Path, evaluation: Evaluation, format_id: str, digest: str,
               date: str, notes: list[str], catalog: Catalog) -> ImportOutcome:
    from ..card import MAX_CARD_BYTES, parse_card
    from .card_writer import edit_card, write_atomically

    card_source = str(card_path)
    if not card_path.is_file():
        raise ComplianceError(f"{card_source}: card file not found")
    card_raw = read_bytes(card_path, card_source, MAX_CARD_BYTES)
    vocabulary = catalog.vocabulary
    profiles, thresholds = catalog.practice_ids, catalog.thresholds
    card = parse_card(card_raw, card_path, vocabulary, catalog.requirements.keys(), profiles=profiles,
                      thresholds=thresholds)   # a card with problems is fixed first
    old_text = card_raw.decode("utf-8-sig")
    path = _card_relative(request.file, card_path)
    listed = list(card.data.get("evidence") or [])
    same_path = next((i for i, e in enumerate(listed) if PurePosixPath(e["path"]) == PurePosixPath(path)), None)
    existing = listed[same_path] if same_path is not None else None
    taken = {e["id"] for i, e in enumerate(listed) if i != same_path}
    if request.evidence_id and request.evidence_id in taken:
        raise ComplianceError(f"{card_source}: evidence id {request.evidence_id!r} is already used by another entry")
    kind = _kind(request, format_id, existing["kind"] if existing else None, vocabulary)
    evidence_id = request.evidence_id or (existing["id"] if existing else _new_id(evaluation, date, taken))
    entry = evidence_entry(evaluation, evidence_id, kind, path, date, digest)
    edit = edit_card(old_text, entry, same_path, card_source)
    parse_card(edit.text.encode("utf-8"), card_path, vocabulary, catalog.requirements.keys(), profiles=profiles,
               thresholds=thresholds)
    write_atomically(card_path, ("\ufeff" if card_raw.startswith(b"\xef\xbb\xbf") else "") + edit.text)
    return ImportOutcome(evaluation, entry, edit.text, edit.action, tuple(notes))
