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
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from . import catalog_cache
from .catalog_files import key_content
from .digests import key_digest
from .yaml_source import DEFAULT_MAX_BYTES

MEMO_KIND = "catalog-key"
MEMO_SUFFIX = ".key"
# Coarser than the timestamps of any file system the rulesets may lie on (FAT keeps 2 s; ext4 and tmpfs take the
# kernel's clock tick, a few milliseconds).
SETTLED_NS = 2_000_000_000
_KEY_HEX = frozenset(b"0123456789abcdef")

Identity = tuple[int, int, int, int, int, int]  # device, inode, size, mode, modified and changed (ns)


def catalog_key(root: Path, names: Sequence[str]) -> str:
    """`catalog_cache.fingerprint` of the files `names` (relative to `root`) and the schemas: the memo's key when
    every file is as it was when a memo was written, else worked out from their content (and remembered when the
    files had settled before they were read: their identities, taken first, then name their content)."""
    base = f"{root}{os.sep}"
    paths = [base + name for name in names]
    every = [*paths, *catalog_cache.schema_paths()]
    identities = memo_identities(every) if catalog_cache.enabled() else None
    memo = None if identities is None else _memo_name(root, every, identities)
    if memo is not None:
        found = catalog_cache.read_sealed(memo, MEMO_KIND, MEMO_SUFFIX)
        if found is not None and len(found) == 64 and _KEY_HEX.issuperset(found):
            return bytes(found).decode("ascii")
    key = catalog_cache.fingerprint(root, ((name, key_content(path)) for name, path in zip(names, paths, strict=True)))
    if memo is not None and identities is not None and _settled(identities, time.time_ns() - SETTLED_NS):
        catalog_cache.write_sealed(memo, key.encode("ascii"), MEMO_KIND, MEMO_SUFFIX)
    return key


def _memo_name(root: Path, paths: Sequence[str], identities: Sequence[Identity]) -> str:
    """The name of the memo for these files as they are: a BLAKE2b of everything the key covers but their content
    (`catalog_cache.key_prefix`), and each file's path and identity."""
    digest = key_digest(catalog_cache.key_prefix(root))
    for path, identity in zip(paths, identities, strict=True):
        digest.update(f"{path}\0{identity}\0".encode("utf-8", "surrogateescape"))
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
        if not stat.S_ISREG(info.st_mode) or info.st_size > DEFAULT_MAX_BYTES or not info.st_ino \
                or info.st_ctime_ns <= 0:
            return None
        identities.append((info.st_dev, info.st_ino, info.st_size, info.st_mode, info.st_mtime_ns, info.st_ctime_ns))
    return identities


def _settled(identities: Sequence[Identity], before: int) -> bool:
    """Whether every file was last modified and changed before `before` (ns since the epoch): a later write to one
    within the same tick of the file system's clock would keep its identity (`SETTLED_NS`)."""
    return all(i[4] < before and i[5] < before for i in identities)
