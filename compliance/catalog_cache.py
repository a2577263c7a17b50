"""Remember a cleanly loaded catalog between runs, keyed by the content of everything it came from (and,
through the same sealed store, the outline of each PDF/DOCX evidence file: `documents/stored.py`).

The cache holds plain JSON (never pickles): the validated ruleset data and vocabulary. It lives in
$COMPLIANCE_CACHE_DIR, else $XDG_CACHE_HOME/compliance, else ~/.cache/compliance; set
COMPLIANCE_NO_CACHE=1 to disable it.

A cache is not trusted: a shared or restored CI cache, or anyone able to write the folder, could
otherwise lower every severity while reports still show the rulesets' real hashes. Each entry carries
an HMAC-SHA256 made with a per-installation secret that is kept outside the cache folder, in
$XDG_STATE_HOME/compliance (else ~/.local/state/compliance), readable only by its owner (0600); a cache
folder copied from elsewhere, or edited, does not authenticate. Any mismatch, malformed entry or
structural surprise is a cache miss (the rulesets are loaded and checked afresh), never data and never
fatal; no secret, no cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .records import record
from .resources import PACKAGE_DIR

_FORMAT = "3"  # 3: the payload, then values decoded one by one (a catalog's texts)
_KEEP = 8  # catalogs of other roots (custom rulesets, tests) stay cached too
_SECRET_BYTES = 32
_SECRET_NAME = "catalog-cache.key"
_pruned: set[str] = set()


def _directory() -> Path | None:
    if os.environ.get("COMPLIANCE_NO_CACHE"):
        return None
    explicit = os.environ.get("COMPLIANCE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "compliance"


def _secret_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "compliance" / _SECRET_NAME


def _read_secret(path: Path) -> bytes | None:
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

        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # created 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(_SECRET_BYTES))
        os.replace(temporary, path)  # a wrong one (group-readable, wrong size) is replaced, not trusted
        return _read_secret(path)  # another process may have won the race: use what is there
    except (OSError, ValueError, RuntimeError):
        return None


def fingerprint(root: Path, files: Iterable[tuple[str, bytes]]) -> str:
    """SHA-256 over the tool version, the schemas and the content of every file the catalog is read from."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{root}\0".encode())
    for schema in sorted((PACKAGE_DIR / "schemas").glob("*.json")):
        digest.update(schema.read_bytes())
    for name, content in files:
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _seal(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, body, hashlib.sha256).hexdigest().encode("ascii")


class Values:
    """The values an entry stores after its payload, each decoded (JSON) only when asked for: a catalog's
    texts, which a run reads few of. They are authenticated with the rest of the entry."""

    def __init__(self, stored: bytes, ends: list[int]) -> None:
        self._stored = stored
        self._ends = ends

    def __len__(self) -> int:
        return len(self._ends)

    def value(self, index: int) -> object:
        start = self._ends[index - 1] + len(_BETWEEN) if index else len(_VALUES_OPEN)
        return json.loads(self._stored[start:self._ends[index]].decode("utf-8"))


@record
class Entry:
    """An authenticated cache entry: its payload, and its values to be decoded one by one."""

    payload: dict[str, Any]
    values: Values


# An entry's body is one JSON object, written as two lines (JSON text never holds a raw line break): the key,
# where each value ends and the payload (decoded as a whole), then the values (decoded one by one, when read).
_VALUES_OPEN = b'"values": ['
_BETWEEN = b", "
_VALUES_CLOSE = b"]}"


def _entry(key: str, body: bytes) -> Entry | None:
    head, _, stored = body.partition(b"\n")
    if not head.endswith(b",") or not stored.startswith(_VALUES_OPEN) or not stored.endswith(_VALUES_CLOSE):
        return None
    found = json.loads(head[:-1].decode("utf-8") + "}")  # our own writing: no duplicate keys, no NaN
    if not isinstance(found, dict) or found.get("key") != key or not isinstance(found.get("payload"), dict):
        return None
    ends = found.get("ends")
    if type(ends) is not list or not all(type(end) is int for end in ends) or ends != sorted(set(ends)):
        return None
    if (ends[-1] if ends else len(_VALUES_OPEN)) != len(stored) - len(_VALUES_CLOSE) or (ends and ends[0] < 0):
        return None
    return Entry(found["payload"], Values(stored, ends))


def read_entry(key: str, kind: str = "catalog") -> Entry | None:
    """The cached entry of `kind` for `key`, only if it authenticates and has the shape `write` gives it."""
    directory = _directory()
    if directory is None:
        return None
    secret = _secret()
    if secret is None:
        return None
    try:
        sealed = (directory / f"{kind}-{key}.json").read_bytes()
        tag, _, body = sealed.partition(b"\n")
        if not hmac.compare_digest(tag, _seal(secret, body)):
            return None
        return _entry(key, body)
    except (OSError, ValueError, RecursionError):
        return None


def read(key: str, kind: str = "catalog") -> dict[str, Any] | None:
    """The cached payload of `kind` for `key`, only if it authenticates and is a JSON object naming `key`."""
    entry = read_entry(key, kind)
    return None if entry is None else entry.payload


def write(key: str, payload: dict[str, Any], kind: str = "catalog", keep: int = _KEEP,
          values: Iterable[object] = ()) -> None:
    """Store `payload` (and `values`, read back one by one) sealed under `key`, keeping the `keep` newest
    entries of `kind`."""
    directory = _directory()
    if directory is None:
        return
    secret = _secret()
    if secret is None:
        return
    import tempfile

    try:
        directory.mkdir(parents=True, exist_ok=True)
        if kind not in _pruned:  # once a process: a batch writing many outlines must not list the folder each time
            _pruned.add(kind)
            stale = sorted(directory.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime)[:-keep]
            for old in stale:
                old.unlink(missing_ok=True)
        encoded = [json.dumps(v, ensure_ascii=False, allow_nan=False).encode("utf-8") for v in values]
        ends, end = [], len(_VALUES_OPEN) - len(_BETWEEN)
        for item in encoded:
            end += len(_BETWEEN) + len(item)
            ends.append(end)
        head = json.dumps({"key": key, "ends": ends, "payload": payload}, ensure_ascii=False, allow_nan=False)
        body = head[:-1].encode("utf-8") + b",\n" + _VALUES_OPEN + _BETWEEN.join(encoded) + _VALUES_CLOSE
        with tempfile.NamedTemporaryFile("wb", dir=directory, delete=False, suffix=".tmp") as tmp:
            tmp.write(_seal(secret, body) + b"\n" + body)
        os.replace(tmp.name, directory / f"{kind}-{key}.json")
    except (OSError, ValueError):
        return
