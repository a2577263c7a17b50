"""PDF and DOCX outlines kept between runs: the same Document back, and never one that was not ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.documents import stored
from compliance.documents.model import Document, Heading


def _document() -> Document:
    return Document("pdf", "Risk plan\nHazards listed", (Heading(1, "1. Risks", "Hazards listed"),), "Risk plan",
                    notes=("outline",))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "cache"


def test_a_stored_outline_comes_back_equal(cache: Path) -> None:
    assert stored.stored_document("ab" * 32, "pdf") is None
    stored.store_document("ab" * 32, _document())
    assert stored.stored_document("ab" * 32, "pdf") == _document()
    assert stored.stored_document("ab" * 32, "docx") is None  # the format is part of the key
    assert stored.stored_document("cd" * 32, "pdf") is None


def test_other_formats_are_not_stored(cache: Path) -> None:
    stored.store_document("ab" * 32, Document("markdown", "# x", (Heading(1, "x"),)))
    assert not list(cache.glob("document-*.json")) if cache.exists() else True
    assert stored.stored_document("ab" * 32, "markdown") is None


def test_an_edited_entry_is_a_miss(cache: Path) -> None:
    stored.store_document("ab" * 32, _document())
    [entry] = cache.glob("document-*.json")
    entry.write_bytes(entry.read_bytes().replace(b"Hazards listed", b"Hazards handled"))
    assert stored.stored_document("ab" * 32, "pdf") is None


def test_a_changed_reader_is_a_miss(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored.store_document("ab" * 32, _document())
    monkeypatch.setattr(stored, "_readers_digest", lambda: "another reader")
    assert stored.stored_document("ab" * 32, "pdf") is None
