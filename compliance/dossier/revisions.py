"""How a PDF file was written, read from its bytes: one revision per `startxref … %%EOF` section.

A dossier is written in one go (WeasyPrint writes one revision); signing adds exactly one more. An
incremental update (a changed page, a new annotation, a replaced attachment appended as a new revision)
or bytes appended after the last `%%EOF` are visible here whatever the objects say, because a PDF reader
shows the newest revision and silently ignores what follows the end marker.
"""

from __future__ import annotations

import mmap
import re
from dataclasses import dataclass

_REVISION_END = re.compile(rb"startxref\s+(\d+)\s*%%EOF")
_TRAILING_OK = frozenset(b"\r\n\t \x00")


@dataclass(frozen=True)
class Layout:
    """Where each revision of the file ends, and what follows the last one."""

    revision_ends: tuple[int, ...]  # byte offset just after each `%%EOF`, in file order
    size: int

    @property
    def revisions(self) -> int:
        return len(self.revision_ends)

    @property
    def trailing_bytes(self) -> int:
        """Bytes after the last `%%EOF` other than line ends and padding."""
        return self.size - self.revision_ends[-1] if self.revision_ends else self.size


def layout(data: bytes | mmap.mmap) -> Layout:
    """Find every `startxref N %%EOF` whose N points at a cross-reference section (or stream) of this file;
    bytes that only look like a marker (inside a compressed attachment, say) point elsewhere."""
    ends: list[int] = []
    for match in _REVISION_END.finditer(data):
        offset = int(match.group(1))
        if _points_at_xref(data, offset):
            ends.append(match.end())
    size = len(data)
    if ends:
        tail = data[ends[-1]:]
        size = ends[-1] + len(tail.rstrip(bytes(_TRAILING_OK)))
    return Layout(tuple(ends), size)


def _points_at_xref(data: bytes | mmap.mmap, offset: int) -> bool:
    if not 0 <= offset < len(data):
        return False
    head = data[offset:offset + 32].lstrip()
    return head.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj", head) is not None


def describe(found: Layout, expected: int) -> list[str]:
    """Problems with the file's layout for a dossier that should have `expected` revisions."""
    problems: list[str] = []
    if found.revisions == 0:
        problems.append("no end-of-file marker (startxref … %%EOF): the file is truncated or not a PDF")
    elif found.revisions > expected:
        added = found.revisions - expected
        problems.append(f"incremental update: {added} revision(s) appended to the dossier as written "
                        f"({found.revisions} in all, expected {expected}); a viewer shows the newest one")
    if found.trailing_bytes > 0:
        problems.append(f"{found.trailing_bytes} byte(s) appended after the last %%EOF")
    return problems
