"""`digests`: SHA-256 without OpenSSL gives OpenSSL's digests, cache keys and seals are BLAKE2b, and a `check`
does not load OpenSSL (issue 19)."""

from __future__ import annotations

import hashlib
import hmac
import random
import subprocess
import sys
from pathlib import Path

import pytest

from compliance import digests

ROOT = Path(__file__).resolve().parents[1]
# Every size up to four blocks (each padding case), then sizes around larger powers of two, and random ones.
_SIZES = sorted({*range(260), *(n + d for n in (1 << k for k in range(9, 21)) for d in (-1, 0, 1)),
                 *random.Random(19).sample(range(1, 3 << 20), 40)})


@pytest.fixture
def builtin_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every digest from CPython's own SHA-256, whatever the budget and whether OpenSSL is loaded."""
    if digests._builtin is None:
        pytest.skip("this Python has no builtin SHA-256")
    monkeypatch.setattr(digests, "_builtin_left", 1 << 40)
    monkeypatch.delitem(sys.modules, "_hashlib", raising=False)


def test_builtin_sha256_gives_openssl_digests(builtin_only: None) -> None:
    data = random.Random(7).randbytes(max(_SIZES))
    for size in _SIZES:
        assert digests.sha256_hex(data[:size]) == hashlib.sha256(data[:size]).hexdigest(), size
    assert len(_SIZES) == 336


def test_past_the_budget_openssl_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    builtin, openssl = digests._builtin, sys.modules["_hashlib"]  # (this test imports hashlib itself)
    if builtin is None:
        pytest.skip("this Python has no builtin SHA-256")
    monkeypatch.setattr(digests, "_builtin", lambda data: calls.append(len(data)) or builtin(data))
    monkeypatch.setattr(digests, "_builtin_left", digests.BUILTIN_SHA256_BYTES)
    monkeypatch.delitem(sys.modules, "_hashlib")
    small, large = b"x" * 1000, b"y" * digests.BUILTIN_SHA256_BYTES
    assert digests.sha256_hex(small) == hashlib.sha256(small).hexdigest()
    assert digests.sha256_hex(large) == hashlib.sha256(large).hexdigest()
    assert calls == [1000]  # the large one would pass the budget: OpenSSL's
    monkeypatch.setattr(digests, "_builtin_left", digests.BUILTIN_SHA256_BYTES)
    monkeypatch.setitem(sys.modules, "_hashlib", openssl)
    assert digests.sha256_hex(small) == hashlib.sha256(small).hexdigest()
    assert calls == [1000], "OpenSSL, once loaded, hashes everything"


def test_without_a_builtin_sha256_openssl_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digests, "_builtin", None)
    for size in (0, 1, 64, 100_000):
        assert digests.sha256_hex(b"z" * size) == hashlib.sha256(b"z" * size).hexdigest()


def test_keys_and_seals_are_blake2b() -> None:
    # RFC 7693 Appendix A ("abc", unkeyed) and the BLAKE2 reference known answer (key 00..3f, empty message)
    blake2b = digests._blake
    assert blake2b is not None
    assert blake2b(b"abc").hexdigest().startswith("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b7")
    assert blake2b(b"", key=bytes(range(64))).hexdigest().startswith("10ebb67700b1868efb4417987acf4690")
    body, secret = b"key\ncontent", bytes(range(32))
    assert digests.key_digest(body).hexdigest() == hashlib.blake2b(body, digest_size=32).hexdigest()
    mac = hashlib.blake2b(body, digest_size=32, key=secret).hexdigest().encode()
    assert digests.seal(secret, memoryview(body)) == mac
    assert digests.seal(secret, body) != digests.seal(bytes(32), body) != digests.key_digest(body).hexdigest().encode()


def test_without_blake2b_keys_are_sha256_and_seals_hmacs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A Python built without `_blake2` keeps a cache of its own (an entry sealed by BLAKE2b is a miss there)."""
    from compliance import catalog_cache

    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    key = "1" * 64
    catalog_cache.write_sealed(key, b"sealed by BLAKE2b", "catalog", ".marshal")
    monkeypatch.setattr(digests, "_blake", None)
    body, secret = b"key\ncontent", bytes(range(32))
    assert digests.key_digest(body).hexdigest() == hashlib.sha256(body).hexdigest()
    assert digests.seal(secret, memoryview(body)) == hmac.new(secret, body, hashlib.sha256).hexdigest().encode()
    assert catalog_cache.read_sealed(key, "catalog", ".marshal") is None
    catalog_cache.write_sealed(key, b"sealed by HMAC", "catalog", ".marshal")
    assert catalog_cache.read_sealed(key, "catalog", ".marshal") == b"sealed by HMAC"


def test_a_missing_private_module_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert digests._blake2b() is not None and digests._builtin_sha256() is not None
    for name in ("_blake2", "_sha2", "_sha256"):
        monkeypatch.setitem(sys.modules, name, None)  # what `import` then raises ImportError for
    assert digests._blake2b() is None and digests._builtin_sha256() is None


def test_same_compares_like_hmac() -> None:
    seal = digests.seal(b"s" * 32, b"body")
    for other in (seal, seal[:-1], seal + b"0", b"0" * len(seal), b""):
        assert digests.same(other, seal) is hmac.compare_digest(other, seal)


def test_a_check_does_not_load_openssl(tmp_path: Path) -> None:
    """Nor hashlib or hmac, with a warm cache (the example's PDF and DOCX outlines too)."""
    code = (
        "import sys\n"
        "from compliance.cli import main\n"
        "sys.argv = ['compliance', 'check', 'examples/medtriage/card.yaml', '-f', 'json', '-o', sys.argv[1],"
        " '--as-of', '2026-11-25']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('hashlib', 'hmac', '_hashlib') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    env = {"PATH": "/usr/bin:/bin", "COMPLIANCE_CACHE_DIR": str(tmp_path / "cache"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    outputs = [tmp_path / f"{n}.json" for n in range(2)]
    for output in outputs:  # the first warms the cache
        result = subprocess.run([sys.executable, "-c", code, str(output)], capture_output=True, text=True, env=env,
                                cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
