"""A catalog cache is a hint, never a source of truth: edited, restored from elsewhere, malformed or
keyed with a leaked secret, it is a miss and the rulesets are read afresh."""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import shutil
from pathlib import Path

import pytest

from compliance import catalog_cache
from compliance.catalog_stored import REQUIREMENT_ROW
from compliance.errors import ComplianceError
from compliance.rulesets import _load_catalog, file_content, ruleset_files

from ..conftest import TEST_RULESETS


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shutil.copytree(TEST_RULESETS, tmp_path / "rulesets")
    _load_catalog.cache_clear()
    return tmp_path / "rulesets"


def _entry(tmp_path: Path) -> Path:
    (entry,) = (tmp_path / "cache").glob("catalog-*.marshal")
    return entry


def _severities(root: Path) -> list[str]:
    _load_catalog.cache_clear()
    return [q.severity for r in _load_catalog(root).rulesets for q in r.requirements]


def _lowered_body(entry: Path) -> tuple[bytes, bytes]:
    """The entry's seal, and its body (the key, then the marshalled catalog) with every severity 'low'."""
    tag, _, body = entry.read_bytes().partition(b"\n")
    key, _, content = body.partition(b"\n")
    payload = marshal.loads(content)
    for ruleset in payload["rulesets"]:
        ruleset["requirements"] = [tuple("low" if field == "severity" else value
                                         for field, value in zip(REQUIREMENT_ROW, row, strict=True))
                                   for row in ruleset["requirements"]]
    return tag, key + b"\n" + marshal.dumps(payload)


def _lower_every_severity(entry: Path) -> None:
    """What an attacker with write access to the cache does: same key and seal, every severity 'low'."""
    tag, body = _lowered_body(entry)
    entry.write_bytes(tag + b"\n" + body)


def test_an_edited_cache_entry_is_a_miss(root: Path, tmp_path: Path) -> None:
    fresh = _severities(root)
    assert set(fresh) != {"low"}
    _lower_every_severity(_entry(tmp_path))
    assert _severities(root) == fresh


def test_an_edited_entry_resealed_without_the_secret_is_a_miss(root: Path, tmp_path: Path) -> None:
    fresh = _severities(root)
    entry = _entry(tmp_path)
    _, body = _lowered_body(entry)
    entry.write_bytes(hashlib.blake2b(body, digest_size=32).hexdigest().encode() + b"\n" + body)
    assert _severities(root) == fresh


def test_an_edited_entry_sealed_with_the_secret_as_an_hmac_is_a_miss(root: Path, tmp_path: Path) -> None:
    """A seal is keyed BLAKE2b: the HMAC-SHA256 of cache format 6 does not authenticate, even with the secret."""
    fresh = _severities(root)
    entry = _entry(tmp_path)
    _, body = _lowered_body(entry)
    secret = (tmp_path / "state" / "compliance" / "catalog-cache.key").read_bytes()
    entry.write_bytes(hmac.new(secret, body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
    assert _severities(root) == fresh


def test_the_edit_shows_once_sealed_with_the_secret(root: Path, tmp_path: Path) -> None:
    """The tests above can fail: the same edit, sealed with this installation's secret, is read."""
    assert set(_severities(root)) != {"low"}
    entry = _entry(tmp_path)
    _, body = _lowered_body(entry)
    secret = (tmp_path / "state" / "compliance" / "catalog-cache.key").read_bytes()
    entry.write_bytes(hashlib.blake2b(body, digest_size=32, key=secret).hexdigest().encode() + b"\n" + body)
    assert set(_severities(root)) == {"low"}


def test_an_edited_description_entry_is_not_read(root: Path, tmp_path: Path) -> None:
    """What only describing a requirement reads is stored apart, each requirement's part authenticated by its
    digest in the catalog's (sealed) entry: edited, even with the whole entry sealed again with the secret,
    a part is read afresh. (A requirement's summary: its title is in the catalog's entry, `catalog_stored._SHOWN`.)"""
    def summaries() -> list[str]:
        _load_catalog.cache_clear()
        return [q.summary.en for r in _load_catalog(root).rulesets for q in r.requirements]

    fresh = summaries()
    (entry,) = (tmp_path / "cache").glob("described-*.marshal")
    _, _, body = entry.read_bytes().partition(b"\n")
    written = fresh[0].encode("utf-8")
    assert written in body and written.isascii()  # marshal writes an ASCII text as its bytes
    edited = body.replace(written, b"x" * len(written))  # the same length: every part still decodes where it lies
    secret = (tmp_path / "state" / "compliance" / "catalog-cache.key").read_bytes()
    entry.write_bytes(hashlib.blake2b(edited, digest_size=32, key=secret).hexdigest().encode() + b"\n" + edited)
    assert summaries() == fresh


def test_a_cache_folder_restored_from_another_installation_is_not_trusted(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = _severities(root)
    _lower_every_severity(_entry(tmp_path))
    # another machine's secret sealed it: the poisoned entry authenticates there, not here
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "other-state"))
    assert _severities(root) == fresh


def test_the_secret_is_private_and_outside_the_cache(root: Path, tmp_path: Path) -> None:
    _severities(root)
    secret = tmp_path / "state" / "compliance" / "catalog-cache.key"
    assert secret.is_file() and not secret.is_relative_to(tmp_path / "cache")
    assert secret.stat().st_mode & 0o777 == 0o600


def test_a_readable_secret_is_replaced_not_used(root: Path, tmp_path: Path) -> None:
    fresh = _severities(root)
    secret = tmp_path / "state" / "compliance" / "catalog-cache.key"
    leaked = secret.read_bytes()
    secret.chmod(0o644)  # anyone could have read it: entries sealed with it prove nothing
    _load_catalog.cache_clear()
    assert _severities(root) == fresh
    assert secret.stat().st_mode & 0o777 == 0o600 and secret.read_bytes() != leaked


def _key(root: Path) -> str:
    return catalog_cache.fingerprint(root, ((f.relative_to(root).as_posix(), file_content(f, f.name))
                                            for f in ruleset_files(root)))


@pytest.mark.parametrize("payload", [
    {"rulesets": [{"header": {"id": 1}}], "vocabulary": {"kinds": [], "measures": []}, "texts": []},
    {"rulesets": "not a list", "vocabulary": None, "texts": []},
    {"vocabulary": {"kinds": [{"id": "x"}]}},
    {"rulesets": [[]], "vocabulary": {"kinds": [], "measures": []}, "texts": []},
    {"rulesets": [], "vocabulary": {"kinds": [{"id": "x", "title": 0, "description": None, "formats": [],
                                               "origin": "vocabulary"}], "measures": []}, "texts": [1]},
    ["not", "a", "mapping"],
], ids=["wrong-types", "wrong-containers", "missing-keys", "list-for-object", "text-not-stored", "a-list"])
def test_a_structurally_wrong_entry_that_authenticates_is_a_miss(root: Path, payload: object) -> None:
    """Even a correctly sealed entry (a bug, an older format) is checked by building it: never exit 70."""
    fresh = _severities(root)
    catalog_cache.write_sealed(_key(root), marshal.dumps(payload), "catalog", ".marshal")
    assert _severities(root) == fresh


@pytest.mark.parametrize("content", [b"", b"{\"rulesets\": []}", b"\xfb\x00\x00", b"\x00" * 7])
def test_sealed_content_that_is_not_marshal_data_is_a_miss(root: Path, content: bytes) -> None:
    fresh = _severities(root)
    catalog_cache.write_sealed(_key(root), content, "catalog", ".marshal")
    assert _severities(root) == fresh


def test_a_cut_short_entry_that_authenticates_is_a_miss(root: Path, tmp_path: Path) -> None:
    fresh = _severities(root)
    content = _entry(tmp_path).read_bytes().split(b"\n", 2)[2]
    catalog_cache.write_sealed(_key(root), content[:len(content) // 2], "catalog", ".marshal")
    assert _severities(root) == fresh


@pytest.mark.parametrize("content", [b"", b"{not json", b"0" * 64 + b"\n[1, 2]", b"\xff\xfe\x00garbage",
                                     b"x" * 64 + b"\n{\"a\": 1, \"a\": 2}"])
def test_garbage_entries_are_misses(root: Path, tmp_path: Path, content: bytes) -> None:
    fresh = _severities(root)
    _entry(tmp_path).write_bytes(content)
    assert _severities(root) == fresh


def test_an_unwritable_state_folder_means_no_cache_not_an_error(root: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "blocked").write_text("a file where the state folder would be")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "blocked"))
    assert _severities(root) == _severities(root)
    assert not list((tmp_path / "cache").glob("catalog-*.json"))


# --- the fingerprint walk: what the catalog is read from, bounded ------------------------------

def test_a_fifo_requirements_file_is_an_error_not_a_hang(root: Path) -> None:
    os.mkfifo(root / "demo" / "requirements" / "zz-pipe.yaml")
    with pytest.raises(ComplianceError) as caught:
        _load_catalog(root)
    assert any("FIFO" in p.message for p in caught.value.problems)


def test_a_requirements_file_linked_to_dev_zero_is_refused(root: Path) -> None:
    (root / "demo" / "requirements" / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(ComplianceError) as caught:
        _load_catalog(root)
    assert any("device" in p.message for p in caught.value.problems)


def test_symlink_cycles_in_the_rulesets_folder_are_not_followed(root: Path) -> None:
    (root / "demo" / "requirements" / "loop").symlink_to(root / "demo")
    (root / "cycle").symlink_to(root)
    (root / "self").symlink_to(root / "self")
    assert [r.id for r in _load_catalog(root).rulesets] == ["demo"]


def test_a_symlink_loop_as_a_requirements_file_is_an_error(root: Path) -> None:
    (root / "demo" / "requirements" / "loop.yaml").symlink_to(root / "demo" / "requirements" / "loop.yaml")
    with pytest.raises(ComplianceError) as caught:
        _load_catalog(root)
    assert any("symlink loop" in p.message for p in caught.value.problems)


def test_nothing_is_decoded_before_the_seal_authenticates(root: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """marshal is not meant for data someone else wrote: an entry is decoded only once it authenticates. The run that
    finds an edited entry builds the catalog afresh, writes the entry anew and reads back only that one."""
    fresh = _severities(root)
    decoded: list[bytes] = []
    loads = marshal.loads
    monkeypatch.setattr(marshal, "loads", lambda data: decoded.append(bytes(data)) or loads(data))
    assert _severities(root) == fresh and decoded  # an entry that authenticates is decoded
    _lower_every_severity(_entry(tmp_path))
    edited = _entry(tmp_path).read_bytes()
    decoded.clear()
    assert _severities(root) == fresh
    rewritten = _entry(tmp_path).read_bytes()
    assert rewritten != edited and decoded
    assert all(blob in rewritten and blob not in edited for blob in decoded)
