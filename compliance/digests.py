"""The digests a `check` computes, without loading OpenSSL when that does not pay.

`import hashlib` (and `hmac`, which imports it) loads `_hashlib`, which maps OpenSSL's libcrypto: ~3 ms of CPU
and ~200 page faults per process, more than all the hashing a `check` of the example does. So:

- SHA-256 where the digest is shown or compared with one a user wrote (a card's, an evidence file's, a
  ruleset's): CPython's own implementation (`_sha256` on 3.11, `_sha2` since 3.12) for the first
  `BUILTIN_SHA256_BYTES` a process hashes, OpenSSL's beyond (the same digests; with SHA-NI it is ~5x faster,
  which pays for loading it once a process hashes more than about a MiB), and OpenSSL's as soon as anything
  else has loaded it.
- BLAKE2b (`_blake2`, as small a module as the builtin SHA-256 and ~3x faster) where a digest only keys the
  cache (`key_digest`), and keyed BLAKE2b, a MAC by design (RFC 7693), where it seals an entry
  (`seal`), compared in constant time (`same`) by the `_operator` function that `hmac.compare_digest` falls
  back to.

A Python without one of these private modules uses hashlib and hmac instead: the same SHA-256 digests, and keys
and seals of SHA-256 (an HMAC), which only such a Python then reads (another's entries are misses).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

same: Callable[[bytes, bytes], bool]  # in constant time
try:
    from _operator import _compare_digest as same
except ImportError:  # a Python without it: hmac's (which is this one where CPython has no OpenSSL)
    from hmac import compare_digest as same

if TYPE_CHECKING:  # (no Protocol class made at run time: a `check` imports this module)
    from _blake2 import blake2b
    from _hashlib import HASH
    from typing import Protocol

    from _typeshed import ReadableBuffer

    class _Digest(Protocol):
        """What `key_digest` gives: a BLAKE2b, or hashlib's SHA-256 where there is no BLAKE2b."""

        def update(self, data: ReadableBuffer, /) -> None: ...
        def digest(self) -> bytes: ...
        def hexdigest(self) -> str: ...

__all__ = ["BUILTIN_SHA256_BYTES", "SEAL_HEX", "key_digest", "same", "seal", "sha256_hex"]

# Measured on the CI machines: builtin SHA-256 3.1 ms/MB, OpenSSL's 0.57 ms/MB, loading OpenSSL 3.1 ms.
BUILTIN_SHA256_BYTES = 1 << 20
_DIGEST_SIZE = 32  # bytes: keys and seals keep the 64 hex digits SHA-256 gave them
SEAL_HEX = 2 * _DIGEST_SIZE  # characters of a `seal`, BLAKE2b or HMAC-SHA256 alike


def _builtin_sha256() -> Callable[[bytes], HASH] | None:
    """CPython's own SHA-256 constructor (no OpenSSL), None where this Python has none."""
    try:  # named by the version: looking for a module that is not there costs a search of sys.path
        constructor: Callable[[bytes], HASH] = __import__("_sha2" if sys.version_info >= (3, 12) else "_sha256").sha256
    except (ImportError, AttributeError):
        return None
    return constructor


def _blake2b() -> type[blake2b] | None:
    """CPython's BLAKE2b (hashlib has it from the same module), None in a Python built without it."""
    try:
        from _blake2 import blake2b
    except ImportError:
        return None
    return blake2b


_builtin = _builtin_sha256()
_builtin_left = BUILTIN_SHA256_BYTES
_blake = _blake2b()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data` in hex, from CPython's own implementation while this process has hashed less than
    `BUILTIN_SHA256_BYTES` with it and OpenSSL is not loaded, else from OpenSSL (hashlib)."""
    global _builtin_left
    _builtin_left -= len(data)
    if _builtin is not None and _builtin_left >= 0 and "_hashlib" not in sys.modules:
        return _builtin(data).hexdigest()
    import hashlib

    return hashlib.sha256(data).hexdigest()


def key_digest(data: bytes = b"") -> _Digest:
    """A BLAKE2b of 32 bytes, to feed: what keys a cache entry (never shown, never compared with a user's).
    Without BLAKE2b, hashlib's SHA-256."""
    if _blake is None:
        import hashlib

        return hashlib.sha256(data)
    return _blake(data, digest_size=_DIGEST_SIZE)


def seal(secret: bytes, body: bytes | memoryview) -> bytes:
    """The seal of a cache entry, in ASCII hex: BLAKE2b keyed with the installation's `secret`; without BLAKE2b,
    an HMAC-SHA256 (hmac)."""
    if _blake is None:
        import hmac

        return hmac.new(secret, body, "sha256").hexdigest().encode("ascii")
    return _blake(body, digest_size=_DIGEST_SIZE, key=secret).hexdigest().encode("ascii")
