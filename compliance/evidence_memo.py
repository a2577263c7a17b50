"""What indexing learnt of a card's evidence files, remembered by what the file system says of each one.

Indexing the example's 69 evidence files read, hashed (SHA-256 of 135 KB: ~6 M instructions) and parsed each
(Markdown, YAML, CSV: ~19 M) on every `check`: ~29 M instructions of ~450 M, the same each time while no file
changed. A sealed memo in the cache (`catalog_cache`) holds what indexing learnt of every file a card lists (its
size, SHA-256, and its document or why it cannot be read), named by a BLAKE2b of each file's path and identity
(device, inode, size, mode, modification and change times to the nanosecond: `catalog_cache.identity`) and of the
identity of the code that reads them (`_CODE`). While every file and every module says the same, no file is read;
any difference (an edit, a replacement, a rename, a chmod, a new link, another version of the code) names
another memo, none is found, and the files are read as before.

The change time is what makes this safe, as for the rulesets' key (`catalog_key` says why): no program can set it
back. A memo is written only when every file and module was last changed `SETTLED_NS` before it was looked at,
and every file was read whole as a regular file with one name; anything else (a missing or unreadable file, a
FIFO, a second hard link, a file system without inode numbers or change times, Windows, where `st_ctime` is the
creation time) is read on every run. Only `check` of one card remembers: a portfolio's cards each list their own
files, and a memo per card would only be written.

A second, small sealed memo under the same name (`SEEN_KIND`) names the memo's file as it was when its seal last
authenticated, by its identity, as `catalog_key` names the catalog's entry: while the memo's file is that one, it has
not been written since, and its seal (a BLAKE2b over the example's 129 KB: 1.8 M instructions) is not worked out
again (`catalog_cache.read_authenticated`). A changed, replaced or restored memo file has another identity and is
authenticated as before; only a private one counts (this user's, written by no one else), and only once it is
`SETTLED_NS` old.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import time
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from . import __version__, catalog_cache
from .catalog_cache import CHANGE_TIMES as _CHANGE_TIMES
from .catalog_cache import SETTLED_NS, Identity
from .catalog_cache import settled as _settled
from .digests import key_digest
from .documents.model import Document, Heading
from .model import Reason

MEMO_KIND = "evidence"
MEMO_SUFFIX = ".marshal"
# The memo naming the memo's file whose seal last authenticated (not "evidence-...": writing a memo keeps the newest
# files whose names start with its kind and a dash, and would count these among them).
SEEN_KIND = "seen_evidence"
SEEN_SUFFIX = ".key"
_FORMAT = "2"  # 2: each document's normalised headings
_KEEP = 16  # a few cards' evidence
_PACKAGE = os.path.dirname(__file__)
# The code whose output a memo holds, besides every module of `documents` (listed at run time): the modules of the
# package that those, the index and this module import, all the way down (tests/test_evidence_memo.py checks it).
_CODE = ("card_text.py", "catalog_cache.py", "digests.py", "errors.py", "evidence.py", "evidence_memo.py",
         "lazy_regex.py", "model.py", "record_templates.py", "records.py", "resources.py", "strict_json.py", "utf8.py",
         "yaml_scalars.py", "yaml_source.py")
# What a malformed memo's content makes the builders raise: a miss, never an error.
SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, EOFError)

# What a memo holds of one file, in the card's order (`_row`): its size, SHA-256, why it cannot be read (a reason's
# code and parameters, or None) and its document (`_document_row`, or None), with its normalised headings.
Row = tuple[int, str, tuple[str, dict[str, object]] | None, tuple[object, ...] | None]


@cache
def _code_files() -> tuple[str, ...]:
    """Every module whose code makes what a memo holds: `_CODE`, the `documents` package, PyYAML's package and
    constructors and libyaml's extension (another version of PyYAML replaces them; 40 files stat'ed cost ~80 us),
    and the PDF and DOCX readers' libraries (`documents.stored.library_files`)."""
    import yaml

    from .documents.stored import library_files

    documents = os.path.join(_PACKAGE, "documents")
    libyaml = getattr(yaml, "_yaml", None)  # none in a PyYAML built without it
    return (*(os.path.join(_PACKAGE, name) for name in _CODE),
            *sorted(os.path.join(documents, n) for n in os.listdir(documents) if n.endswith(".py")),
            yaml.__file__, yaml.constructor.__file__, *((libyaml.__file__,) if libyaml is not None else ()),
            *library_files())


class Memo:
    """A card's evidence as the file system says it is now: the memo's name (None: nothing may be remembered), whether
    it may be written (every file and module had settled before it was looked at) and which files were there."""

    __slots__ = ("name", "present", "settled")

    def __init__(self, name: str | None, settled: bool, present: tuple[bool, ...] = ()) -> None:
        self.name, self.settled, self.present = name, settled, present

    def recall(self) -> list[Row | None] | None:
        """Each file's row (None: no file at its path), in the card's order, if the memo is there and authentic; None
        otherwise. Its seal is not worked out again while its file is the one whose seal last authenticated (`SEEN_KIND`
        names it); a memo that authenticated and had settled is named so, once."""
        if self.name is None:
            return None
        seen = catalog_cache.read_sealed(self.name, SEEN_KIND, SEEN_SUFFIX)
        known = None if seen is None else catalog_cache.identity_of(bytes(seen))
        looked = time.time_ns()  # before the memo's file is looked at: a later write changes it after this
        found, entry = catalog_cache.read_authenticated(self.name, MEMO_KIND, MEMO_SUFFIX, known)
        if found is None:
            return None
        try:
            rows = marshal.loads(found)
        except SHAPE_ERRORS:
            return None
        if type(rows) is not list:
            return None
        if entry is not None and entry != known and _settled((entry,), looked - SETTLED_NS):
            catalog_cache.write_sealed(self.name, catalog_cache.identity_text(entry), SEEN_KIND, SEEN_SUFFIX, _KEEP)
        return rows

    def keep(self, rows: Sequence[Row | None]) -> None:
        """Write the memo, when its files had settled and were found as they were looked at: a row for each file that
        was there, None for each that was not."""
        if self.name is None or not self.settled or tuple(r is not None for r in rows) != self.present:
            return
        try:
            content = marshal.dumps(list(rows))
        except ValueError:  # a value marshal cannot write (a YAML tag's object): nothing is remembered
            return
        catalog_cache.write_sealed(self.name, content, MEMO_KIND, MEMO_SUFFIX, _KEEP)


def look(names: Sequence[str], paths: Sequence[str]) -> Memo:
    """The memo of the files at `paths` (the card's evidence, in its order), which the card names `names` (as the
    reasons a reader gives name them), as they are now."""
    looked = time.time_ns()
    if not (_CHANGE_TIMES and catalog_cache.enabled()):
        return Memo(None, False)
    code = _identities(_code_files())
    files = _identities(paths, evidence=True)
    if code is None or files is None:
        return Memo(None, False)
    digest = key_digest(f"{_FORMAT}\0{__version__}\0{sys.implementation.cache_tag}\0{sys.byteorder}\0"
                        f"{unicodedata.unidata_version}\0".encode())  # which NFKC normalised the headings
    for path, found in zip(_code_files(), code, strict=True):
        digest.update(f"{path}\0{found}\0".encode("utf-8", "surrogateescape"))
    for name, path, found in zip(names, paths, files, strict=True):
        digest.update(f"{name}\0{path}\0{found}\0".encode("utf-8", "surrogateescape"))
    settled = _settled([i for i in (*code, *files) if i is not None], looked - SETTLED_NS)
    return Memo(digest.hexdigest(), settled, tuple(i is not None for i in files))


def _identities(paths: Sequence[str], evidence: bool = False) -> list[Identity | None] | None:
    """What the file system says of each file, or None when one is not a regular file with an identity. Evidence
    (`evidence`): None for a path where nothing is, not even a symlink (indexing finds no file there), and no
    identity at all for a file with more than one hard link (indexing refuses it)."""
    identities: list[Identity | None] = []
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if not evidence or _lexists(path):
                return None
            identities.append(None)
            continue
        except (OSError, ValueError):
            return None
        found = catalog_cache.identity(info)
        if found is None or not stat.S_ISREG(info.st_mode) or (evidence and info.st_nlink != 1):
            return None
        identities.append(found)
    return identities


def _lexists(path: str) -> bool:
    """Whether anything is at `path`, a dangling symlink included (indexing tells it from a missing file)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True
    return True


def row(size: int, sha256: str, unreadable: Reason | None, document: Document | None) -> Row:
    """What a memo holds of a file that was read whole."""
    reason = None if unreadable is None else (unreadable.code, dict(unreadable.params))
    return size, sha256, reason, None if document is None else _document_row(document)


def _document_row(document: Document) -> tuple[object, ...]:
    """A document's fields, and its headings normalised (`Document.heading_lines`: the 512 headings a check of the
    example looks in took ~2 M instructions to normalise on every run)."""
    return (document.format, document.text, tuple([(h.level, h.title, h.text) for h in document.headings]),
            document.preamble, document.data, tuple(document.notes), document.heading_lines)


def reason_of(stored: tuple[str, Mapping[str, object]] | None) -> Reason | None:
    """The reason a row holds (`row`)."""
    if stored is None:
        return None
    code, params = stored
    if type(code) is not str or type(params) is not dict:
        raise ValueError("a reason not stored as one")
    return Reason(code, params)


def document_of(stored: Sequence[Any] | None) -> Document | None:
    """The document a row holds (`row`)."""
    if stored is None:
        return None
    fmt, text, headings, preamble, data, notes, heading_lines = stored
    if type(fmt) is not str or type(text) is not str or type(preamble) is not str or type(notes) is not tuple or \
            type(heading_lines) is not str or heading_lines.count("\n") != max(len(headings) - 1, 0):
        raise ValueError("a document not stored as one")  # a normalised heading holds no newline: one a line
    document = Document(fmt, text, tuple([Heading(level, title, body) for level, title, body in headings]),
                        preamble, data, notes)
    vars(document)["heading_lines"] = heading_lines  # as the cached property keeps what it worked out
    return document
