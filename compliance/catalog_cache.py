"""Remember a cleanly loaded catalog between runs, keyed by the content of everything it came from (a memo of the
key spares reading files that have not changed: `catalog_key`), and, through the same sealed store, the outline of
each PDF/DOCX evidence file (`documents/stored.py`).

The cache holds data only, never pickles or code: an outline is JSON; the catalog (the validated ruleset
data and vocabulary, `rulesets._cache_entry`) is `marshal` data, which decodes several times faster than
JSON and keeps equal values one object. marshal is not meant for bytes someone else wrote, so nothing of an
entry is decoded before its seal authenticates, on this run or on an earlier one of the very same file, unchanged
since (`read_authenticated`: a sealed memo names it by an identity no write leaves as it was). It lives in
$COMPLIANCE_CACHE_DIR, else $XDG_CACHE_HOME/compliance, else ~/.cache/compliance; set COMPLIANCE_NO_CACHE=1 to
disable it.

A cache is not trusted: a shared or restored CI cache, or anyone able to write the folder, could
otherwise lower every severity while reports still show the rulesets' real hashes. Each entry carries
a seal (`digests.seal`: BLAKE2b keyed, a MAC) made with a per-installation secret that is kept outside
the cache folder, in $XDG_STATE_HOME/compliance (else ~/.local/state/compliance), readable only by its
owner (0600); a cache folder copied from elsewhere, or edited, does not authenticate. Any mismatch, malformed entry or
structural surprise is a cache miss (the rulesets are loaded and checked afresh), never data and never
fatal; no secret, no cache.
"""

from __future__ import annotations

import json
import marshal
import mmap
import os
import stat
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .digests import SEAL_HEX, key_digest, same, seal
from .resources import PACKAGE_DIR

# 5: the catalog marshalled, its requirements' checks apart, what only describing reads in its own entry;
# 6: each check stored as rows of its records' fields (check_rows.check_row); 7: keyed and sealed by BLAKE2b;
# 8: each requirement stored as a tuple (catalog_stored.REQUIREMENT_ROW); 9: each requirement's description a part
# with its own texts, authenticated by its digest in the catalog's entry (catalog_stored.Descriptions); 10: the checks
# and the texts stored after the marshalled catalog, read where they lie (catalog_stored.Parts); 11: equal strings
# stored once (rulesets._shared), facts as tuples (catalog_stored.FACT_ROW), where parts end in native byte order;
# 12: a check stored as a tuple (check_rows.check_row), the vocabulary as rows; 13: the card schema in the entry
# (card.keep_schema); 14: each requirement's title, citation and interpretation in its row (catalog_stored._SHOWN)
_FORMAT = "14"
_KEEP = 8  # catalogs of other roots (custom rulesets, tests) stay cached too
_MAPPED_FROM = 64 * 1024  # an entry at least this large is mapped, not read (`_sealed_bytes`)
_SECRET_BYTES = 32
_SECRET_NAME = "catalog-cache.key"
_pruned: set[str] = set()
_PREAD = hasattr(os, "pread")  # POSIX; not on Windows


# The cache's folder and files are named as strings (os.path), not Path objects: a check reads four sealed files,
# and the nine Paths made for each were ~0.1 M instructions of the ~0.3 M it cost.

def _directory() -> str | None:
    if os.environ.get("COMPLIANCE_NO_CACHE"):
        return None
    explicit = os.environ.get("COMPLIANCE_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(_home(), ".cache")
    return os.path.join(base, "compliance")


def _home() -> str:
    """The user's home folder, as `Path.home` finds it (RuntimeError where it cannot)."""
    home = os.path.expanduser("~")
    if home[:1] == "~":
        raise RuntimeError("Could not determine home directory.")
    return home


def _secret_path() -> str:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(_home(), ".local", "state")
    return os.path.join(base, "compliance", _SECRET_NAME)


def _read_secret(path: str) -> bytes | None:
    """The secret, if the file is a regular file of the right size, ours, and private (no symlink)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        private = not info.st_mode & 0o077 and (not hasattr(os, "geteuid") or info.st_uid == os.geteuid())
        if not stat.S_ISREG(info.st_mode) or info.st_size != _SECRET_BYTES or not private:
            return None
        secret = handle.read(_SECRET_BYTES + 1)
    return secret if len(secret) == _SECRET_BYTES else None


def _secret() -> bytes | None:
    """This installation's cache secret, made on first use; None when it cannot be kept safely."""
    path = _secret_path()
    try:
        found = _read_secret(path)
        if found is not None:
            return found
        import secrets  # only to make a secret or write an entry (as tempfile): a warm run reads
        import tempfile

        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".key-")  # created 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(_SECRET_BYTES))
        os.replace(temporary, path)  # a wrong one (group-readable, wrong size) is replaced, not trusted
        return _read_secret(path)  # another process may have won the race: use what is there
    except (OSError, ValueError, RuntimeError):
        return None


def enabled() -> bool:
    """Whether there is a cache folder to use (COMPLIANCE_NO_CACHE unset)."""
    return _directory() is not None


def key_prefix(root: Path) -> bytes:
    """What a catalog's key covers besides its files: the format, the tool and Python versions (marshal's format
    may change with Python's), the byte order (the catalog's `Parts` are found by integers in it) and the root."""
    return f"{_FORMAT}\0{__version__}\0{sys.implementation.cache_tag}\0{sys.byteorder}\0{root}\0".encode()


def schema_paths() -> list[str]:
    """The schemas a catalog is checked with, in the order its key covers them."""
    schemas = os.path.join(PACKAGE_DIR, "schemas")
    return [os.path.join(schemas, name) for name in sorted(n for n in os.listdir(schemas) if n.endswith(".json"))]


def fingerprint(root: Path, files: Iterable[tuple[str, bytes]]) -> str:
    """BLAKE2b over `key_prefix`, the schemas and the content of every file the catalog is read from
    (`catalog_key` remembers it for files that have not changed)."""
    digest = key_digest(key_prefix(root))
    for path in schema_paths():
        digest.update(_whole(path))
    for name, content in files:
        digest.update(name.encode("utf-8", "replace") + b"\0" + key_digest(content).digest())
    return digest.hexdigest()


def _whole(path: str) -> bytes:
    """The content of the file at `path`, as `Path.read_bytes` reads it (OSError as it raises), without the file
    objects it makes (~20 us a file; every `check` reads the four schemas)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(descriptor)
        content = os.read(descriptor, info.st_size + 1)
        if stat.S_ISREG(info.st_mode) and len(content) <= info.st_size:
            return content  # whole: a regular file read short has ended
        chunks = [content]
        while chunks[-1]:  # grown since, or not a regular file: read to its end
            chunks.append(os.read(descriptor, 1 << 16))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _path(directory: str, key: str, kind: str, suffix: str) -> str:
    return os.path.join(directory, f"{kind}-{key}{suffix}")


_HEX = frozenset("0123456789abcdef")


def _entries(directory: str, kind: str, suffix: str) -> list[Path]:
    """The entries of `kind` (`_path`: the kind, a key of hex digits, the suffix). Not those of another kind whose
    name begins with this one's: `catalog-*` also named the `catalog-key-*` memos, and writing a catalog counted them
    among its entries to keep (and the memos the catalogs)."""
    start = len(kind) + 1
    return [p for p in Path(directory).glob(f"{kind}-*{suffix}")
            if len(p.name) > start + len(suffix) and set(p.name[start:len(p.name) - len(suffix)]) <= _HEX]


# What the file system says of a file (`identity`): device, inode, size, mode, modified and changed (ns).
Identity = tuple[int, int, int, int, int, int]
# How long a file must have been unchanged before its identity may stand for its content in a memo (`settled`):
# coarser than the timestamps of any file system it may lie on (FAT keeps 2 s; ext4 and tmpfs take the kernel's
# clock tick, a few milliseconds).
SETTLED_NS = 2_000_000_000
# On Windows `st_ctime` is when the file was made, not last changed: an edit that puts the modification time back
# would keep the identity, so there no memo stands for a file's content.
CHANGE_TIMES = os.name != "nt"


def identity(info: os.stat_result) -> Identity | None:
    """A file's identity: any write, rename onto it or chmod changes its change time, which no program can set
    back (`catalog_key` says why that lets a memo stand for its content). None for a file without an inode number
    or a change time (some file systems give neither): nothing to trust."""
    if not info.st_ino or info.st_ctime_ns <= 0:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mode, info.st_mtime_ns, info.st_ctime_ns


def settled(identities: Sequence[Identity], before: int) -> bool:
    """Whether every file was last modified and changed before `before` (ns since the epoch): a later write to one
    within the same tick of the file system's clock would keep its identity (`SETTLED_NS`)."""
    return all(i[4] < before and i[5] < before for i in identities)


def identity_text(found: Identity) -> bytes:
    """An identity as a memo writes it: its six numbers in ASCII, a space between each (`identity_of`)."""
    return " ".join(map(str, found)).encode("ascii")


def identity_of(text: bytes) -> Identity | None:
    """The identity `identity_text` wrote; None for anything else."""
    numbers = text.split(b" ")
    if len(numbers) != 6 or not all(n.isdigit() for n in numbers):
        return None
    dev, ino, size, mode, modified, changed = (int(n) for n in numbers)
    return dev, ino, size, mode, modified, changed


def _private(info: os.stat_result) -> bool:
    """A regular file this user owns that no one else may write (as `write_sealed` makes them)."""
    return (stat.S_ISREG(info.st_mode) and not info.st_mode & 0o022 and hasattr(os, "geteuid")
            and info.st_uid == os.geteuid())


def _sealed_bytes(path: str) -> tuple[bytes | mmap.mmap, Identity | None]:
    """The bytes of the entry at `path`, and its identity when no one but this user can change it (`_private`;
    else None). A large private entry is mapped rather than read: reading copies
    the catalog's 0.4 MB into fresh memory at a page fault every 4 KiB, where the
    file's cached pages are mapped about sixteen at a fault. The mapping is read twice, to authenticate and
    then to decode: changing or cutting the file in between takes write access to it, which only this user
    has (and this user can read the secret and seal anything anyway); `write_sealed` never changes an entry in
    place (a new file replaces it, and a mapped file that is unlinked stays whole). Elsewhere (no POSIX
    owner, a file system that cannot map) the entry is read."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        private = _private(info)
        found = identity(info) if private else None
        if private and info.st_size >= _MAPPED_FROM:
            try:
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ), found
            except (OSError, ValueError):
                pass
        return handle.read(), found


def read_sealed(key: str, kind: str, suffix: str) -> memoryview | None:
    """The content stored for `key`, only once its seal authenticates and it names `key`: nothing of an entry
    is decoded before that. A view of the file's bytes (the catalog's is over a megabyte: no copies; mapped
    when large, `_sealed_bytes`)."""
    return read_authenticated(key, kind, suffix)[0]


def read_authenticated(key: str, kind: str, suffix: str,
                       known: Identity | None = None) -> tuple[memoryview | None, Identity | None]:
    """`read_sealed`, and the identity of the private file it authenticated (None: not private, or no content).
    A file whose identity is `known` (one that authenticated on an earlier run, as a sealed memo records:
    `catalog_key`) has not been written since, so its seal is not worked out again (~0.5 ms for the catalog's
    0.4 MB); it must still name `key`."""
    directory = _directory()
    if directory is None:
        return None, None
    secret = _secret()
    if secret is None:
        return None, None
    try:
        sealed, found = _sealed_bytes(_path(directory, key, kind, suffix))
    except OSError:
        return None, None
    start = sealed.find(b"\n") + 1
    body = memoryview(sealed)[start:]
    named = key.encode("ascii") + b"\n"
    if not start or body[:len(named)] != named:
        return None, None
    if (found is None or found != known) and not same(sealed[:start - 1], seal(secret, body)):
        return None, None
    return body[len(named):], found


class EntryParts:
    """Parts of the content stored for a key, read where they lie without authenticating the entry: for an entry
    whose parts the caller authenticates one by one, against digests an authenticated entry holds (the catalog's
    descriptions: `explain` reads one of them, and sealing all 0.8 MB was most of reading it). The file stays
    open while this lives (a part is a seek and a read)."""

    def __init__(self, descriptor: int, start: int) -> None:
        self.descriptor, self.start = descriptor, start

    def read(self, offset: int, length: int) -> bytes:
        """`length` bytes from `offset` of the content (fewer where the file ends first): one `pread` where the
        system has it, else a seek and a read."""
        if _PREAD:
            return os.pread(self.descriptor, length, self.start + offset)
        os.lseek(self.descriptor, self.start + offset, os.SEEK_SET)
        return os.read(self.descriptor, length)

    def __del__(self) -> None:
        os.close(self.descriptor)


def entry_parts(key: str, kind: str, suffix: str) -> EntryParts | None:
    """The parts of the entry `write_sealed` stored for `key`; None when there is no cache or no such file."""
    directory = _directory()
    if directory is None:
        return None
    try:
        descriptor = os.open(_path(directory, key, kind, suffix), os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    return EntryParts(descriptor, SEAL_HEX + 1 + len(key.encode("ascii")) + 1)  # after the seal and key lines


def write_sealed(key: str, content: bytes, kind: str, suffix: str, keep: int = _KEEP) -> None:
    """Store `content` sealed under `key`, keeping the `keep` newest entries of `kind`."""
    directory = _directory()
    if directory is None:
        return
    secret = _secret()
    if secret is None:
        return
    import tempfile

    try:
        os.makedirs(directory, exist_ok=True)
        if kind not in _pruned:  # once a process: a batch writing many outlines must not list the folder each time
            _pruned.add(kind)
            stale = sorted(_entries(directory, kind, suffix), key=lambda p: p.stat().st_mtime)[:-keep]
            for old in stale:
                old.unlink(missing_ok=True)
        body = key.encode("ascii") + b"\n" + content
        with tempfile.NamedTemporaryFile("wb", dir=directory, delete=False, suffix=".tmp") as tmp:
            tmp.write(seal(secret, body) + b"\n" + body)
        os.replace(tmp.name, _path(directory, key, kind, suffix))
    except (OSError, ValueError):
        return


def read(key: str, kind: str) -> dict[str, Any] | None:
    """The JSON object cached as `kind` for `key`, only if it authenticates."""
    content = read_sealed(key, kind, ".json")
    if content is None:
        return None
    try:
        found = json.loads(content.tobytes().decode("utf-8"))  # our own writing: no duplicate keys, no NaN
    except (ValueError, RecursionError):
        return None
    return found if isinstance(found, dict) else None


def read_marshalled(key: str, kind: str) -> dict[str, Any] | None:
    """The mapping cached as marshal data as `kind` for `key`, only if it authenticates and decodes to one."""
    content = read_sealed(key, kind, ".marshal")
    if content is None:
        return None
    try:
        found = marshal.loads(content)
    except (ValueError, EOFError, TypeError):
        return None
    return found if isinstance(found, dict) else None


def write_marshalled(key: str, payload: dict[str, Any], kind: str, keep: int = _KEEP) -> None:
    """Store the mapping `payload` (plain data) as marshal data as `kind`, sealed under `key`."""
    try:
        content = marshal.dumps(payload)
    except ValueError:
        return
    write_sealed(key, content, kind, ".marshal", keep)


def write(key: str, payload: dict[str, Any], kind: str, keep: int = _KEEP) -> None:
    """Store the JSON object `payload` as `kind` sealed under `key`, keeping the `keep` newest entries."""
    try:
        content = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except ValueError:
        return
    write_sealed(key, content, kind, ".json", keep)
