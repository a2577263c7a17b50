"""Outlines of PDF and DOCX evidence kept between runs, keyed by the file's content.

Reading a PDF or DOCX costs more than the rest of `check` together (importing pypdf or python-docx alone
does), and evidence files rarely change between runs. The outline a reader made of a file (text, headings,
preamble, notes) is stored in the catalog cache's sealed store (`catalog_cache`: sealed with a secret kept
outside the cache folder, so an edited or foreign entry is a miss, never data), keyed by a digest of
the bytes' SHA-256, the format and the readers' own source, so a changed reader never serves an old outline.
Unreadable files are not stored: they are read again, and say why, every run.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from .. import __version__, catalog_cache
from ..digests import key_digest
from .model import Document, Heading

STORED_FORMATS = ("pdf", "docx")
_KIND = "document"
_KEEP = 4096  # outlines are small (a few KB); a portfolio of cards with PDF evidence stays cached


# The source an outline is only as good as: the PDF and DOCX readers, the modules of this folder they import
# (tests/documents/test_stored_sources.py checks that none is missing) and this one, which stores and reads it.
OUTLINE_SOURCES = ("docx.py", "model.py", "outline.py", "pdf.py", "recover.py", "stored.py", "text.py")


# The libraries the PDF and DOCX readers call: another version of one may read the same file otherwise.
READER_LIBRARIES = ("pypdf", "docx")


@cache
def library_files() -> tuple[str, ...]:
    """The first module of each reader library installed, found without importing it (importing pypdf alone costs
    more than a check): installing another version writes it anew, with another inode and change time."""
    from importlib.util import find_spec

    found = (find_spec(name) for name in READER_LIBRARIES)
    return tuple(spec.origin for spec in found if spec is not None and spec.origin is not None)


def library_identities() -> str:
    """What the file system says of each of `library_files` (`catalog_cache.identity`), one line each."""
    lines = []
    for path in library_files():
        try:
            identity = catalog_cache.identity(os.stat(path))
        except OSError:
            identity = None
        lines.append(f"{path}\0{identity}\n")
    return "".join(lines)


@cache
def _readers_digest() -> str:
    """A digest (BLAKE2b) of the source that makes and keeps an outline (`OUTLINE_SOURCES`, read with `os.read`:
    half the folder's source, and no buffered file objects, ~0.15 ms less than hashing every module here), and of
    the reader libraries as installed (`library_identities`)."""
    digest = key_digest(__version__.encode())
    folder = os.path.dirname(__file__)
    for name in OUTLINE_SOURCES:
        descriptor = os.open(os.path.join(folder, name), os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            source = os.read(descriptor, os.fstat(descriptor).st_size + 1)
        finally:
            os.close(descriptor)
        digest.update(name.encode() + b"\0")
        digest.update(source)
    digest.update(library_identities().encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _key(sha256: str, fmt: str) -> str:
    return key_digest(f"{_readers_digest()}\0{fmt}\0{sha256}".encode()).hexdigest()


def _as_json(document: Document) -> dict[str, Any]:
    return {"format": document.format, "text": document.text, "preamble": document.preamble,
            "notes": list(document.notes), "headings": [[h.level, h.title, h.text] for h in document.headings]}


def _from_json(payload: dict[str, Any], fmt: str) -> Document | None:
    try:
        headings = tuple(Heading(int(level), str(title), str(text)) for level, title, text in payload["headings"])
        fields = (payload["format"], payload["text"], payload["preamble"])
        notes = tuple(str(note) for note in payload["notes"])
    except (KeyError, TypeError, ValueError):
        return None
    if fields[0] != fmt or not all(isinstance(value, str) for value in fields):
        return None
    return Document(fmt, fields[1], headings, fields[2], notes=notes)


def stored_document(sha256: str, fmt: str) -> Document | None:
    """The outline made earlier of a file with this content, if the store has an authentic one."""
    if fmt not in STORED_FORMATS:
        return None
    payload = catalog_cache.read(_key(sha256, fmt), _KIND)
    return None if payload is None else _from_json(payload, fmt)


def store_document(sha256: str, document: Document) -> None:
    """Keep the outline of a PDF or DOCX file for the next run (nothing for other formats)."""
    if document.format in STORED_FORMATS:
        catalog_cache.write(_key(sha256, document.format), _as_json(document), _KIND, _KEEP)
