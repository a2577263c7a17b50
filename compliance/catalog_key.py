"""The catalog cache's key, worked out from the rulesets' content again only when their files have changed.

The key (`catalog_cache.fingerprint`) is a BLAKE2b of the content of every file the catalog is read from: the
vocabulary, each ruleset's header and requirement files (1.3 MB as shipped) and the schemas. Reading and hashing
them was ~3 ms of every `check`. A sealed memo in the cache names the key worked out from a set of files by what
the file system says of each one: device, inode, size, mode, and its modification and change times to the
nanosecond. While every file says the same, it holds the bytes that were hashed, and the key is the memo's; any
difference (a file edited, replaced, added, removed, renamed or made unreadable) names another memo, none is
found, and the key is worked out from the content as before.

The change time (ctime) is what makes this safe: the system sets it on every write, on a rename onto the file and
on a chmod, and no program can set it back (`touch -d` and `os.utime` set the modification time only). A file
written twice within one tick of the file system's clock can keep one time for both contents, so a memo is
written only when every file's times are `SETTLED_NS` older than the moment its content was read; a file changed
more recently is hashed on every run until it settles (git does the same with a "racily clean" file). Only
regular files with an inode number and a change time count: anything else (a FIFO, a file system without inode
numbers) is hashed on every run. The memo is sealed like every entry (`catalog_cache`), so a cache folder copied
from elsewhere or edited names no key.

The memo also names, by the same identity, the catalog's entry as it was when its seal last authenticated
(`remember`): while the entry file is that one, it has not been written since, and its seal (a BLAKE2b over its
0.4 MB) is not worked out again (`catalog_cache.read_authenticated`). A changed, replaced or restored entry has
another identity and is authenticated as before. Only a private entry (this user's, written by no one else)
counts, and only once it is `SETTLED_NS` old.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from . import catalog_cache
from .catalog_cache import CHANGE_TIMES as _CHANGE_TIMES
from .catalog_cache import SETTLED_NS, Identity
from .catalog_cache import settled as _settled
from .catalog_files import key_content
from .digests import key_digest
from .yaml_source import DEFAULT_MAX_BYTES

MEMO_KIND = "catalog-key"
MEMO_SUFFIX = ".key"
_KEY_HEX = frozenset(b"0123456789abcdef")
_KEY_LENGTH = 64


class KeyMemo:
    """The catalog's key, and what its memo knows: its name (None: no cache, or a file without an identity), the
    identity of the catalog's entry last authenticated under the key (None: none yet), whether the memo was
    found, and whether a memo may be written (every file had settled before it was looked at)."""

    __slots__ = ("entry", "found", "key", "name", "settled")

    def __init__(self, key: str, name: str | None, entry: Identity | None, found: bool, settled: bool) -> None:
        self.key, self.name, self.entry, self.found, self.settled = key, name, entry, found, settled


def catalog_key(root: Path, names: Sequence[str]) -> KeyMemo:
    """`catalog_cache.fingerprint` of the files `names` (relative to `root`) and the schemas: the memo's key when
    every file is as it was when the memo was written, else worked out from their content. The time is taken
    before the files are looked at: a file changed after that has a later change time than any settled one."""
    looked = time.time_ns()
    base = f"{root}{os.sep}"
    paths = [base + name for name in names]
    every = [*paths, *catalog_cache.schema_paths()]
    identities = memo_identities(every) if catalog_cache.enabled() and _CHANGE_TIMES else None
    name = None if identities is None else _memo_name(root, every, identities)
    if name is not None:
        found = _read_memo(name)
        if found is not None:
            return KeyMemo(found[0], name, found[1], found=True, settled=True)
    key = catalog_cache.fingerprint(root, ((n, key_content(path)) for n, path in zip(names, paths, strict=True)))
    settled = identities is not None and _settled(identities, looked - SETTLED_NS)
    return KeyMemo(key, name, None, found=False, settled=settled)


def remember(memo: KeyMemo, entry: Identity | None, looked: int) -> None:
    """Write the memo where it is missing or names another entry than `entry`, the identity of the catalog entry
    just authenticated under its key (taken at or after `looked`, ns since the epoch), when the files had settled;
    the entry is named only once it has settled too."""
    if memo.name is None or not memo.settled:
        return
    if entry is not None and not _settled((entry,), looked - SETTLED_NS):
        entry = None
    if memo.found and entry == memo.entry:
        return
    content = memo.key.encode("ascii") + (b"" if entry is None else b"\n" + catalog_cache.identity_text(entry))
    catalog_cache.write_sealed(memo.name, content, MEMO_KIND, MEMO_SUFFIX)


def _read_memo(name: str) -> tuple[str, Identity | None] | None:
    """The key and entry identity the memo `name` holds; None when there is none, or it is not one."""
    found = catalog_cache.read_sealed(name, MEMO_KIND, MEMO_SUFFIX)
    if found is None or not _KEY_HEX.issuperset(found[:_KEY_LENGTH]) or len(found) < _KEY_LENGTH:
        return None
    key, rest = bytes(found[:_KEY_LENGTH]).decode("ascii"), bytes(found[_KEY_LENGTH:])
    if not rest:
        return key, None
    entry = catalog_cache.identity_of(rest[1:]) if rest[:1] == b"\n" else None
    return None if entry is None else (key, entry)


def _memo_name(root: Path, paths: Sequence[str], identities: Sequence[Identity]) -> str:
    """The name of the memo for these files as they are: a BLAKE2b of everything the key covers but their content
    (`catalog_cache.key_prefix`), and each file's path and identity."""
    digest = key_digest(catalog_cache.key_prefix(root))
    for path, found in zip(paths, identities, strict=True):
        digest.update(f"{path}\0{found}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def memo_identities(paths: Sequence[str]) -> list[Identity] | None:
    """What the file system says of each file, or None when one is not a regular file of at most the size read
    whole (`key_content`), or has no inode number or change time."""
    identities = []
    for path in paths:
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None
        found = catalog_cache.identity(info)
        if found is None or not stat.S_ISREG(info.st_mode) or info.st_size > DEFAULT_MAX_BYTES:
            return None
        identities.append(found)
    return identities

