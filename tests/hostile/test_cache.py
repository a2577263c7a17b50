"""A catalog cache is a hint, never a source of truth: edited, restored from elsewhere, malformed or
keyed with a leaked secret, it is a miss and the rulesets are read afresh."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from compliance import catalog_cache
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
    (entry,) = (tmp_path / "cache").glob("catalog-*.json")
    return entry


def _severities(root: Path) -> list[str]:
    _load_catalog.cache_clear()
    return [q.severity for r in _load_catalog(root).rulesets for q in r.requirements]


def _lower_every_severity(entry: Path) -> None:
    """What an attacker with write access to the cache does: same key, every severity 'low'."""
    text = entry.read_text(encoding="utf-8")
    for severity in ("critical", "high", "medium"):
        text = text.replace(f'"severity": "{severity}"', '"severity": "low"')
    entry.write_text(text, encoding="utf-8")


def test_an_edited_cache_entry_is_a_miss(root: Path, tmp_path: Path) -> None:
    fresh = _severities(root)
    assert set(fresh) != {"low"}
    _lower_every_severity(_entry(tmp_path))
    assert _severities(root) == fresh


def test_an_edited_entry_resealed_without_the_secret_is_a_miss(root: Path, tmp_path: Path) -> None:
    fresh = _severities(root)
    entry = _entry(tmp_path)
    _, _, body = entry.read_bytes().partition(b"\n")
    text = body.decode().replace('"severity": "high"', '"severity": "low"')
    import hashlib
    entry.write_bytes(hashlib.sha256(text.encode()).hexdigest().encode() + b"\n" + text.encode())
    assert _severities(root) == fresh


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


@pytest.mark.parametrize("payload", [
    {"rulesets": [{"header": {"id": 1}}], "vocabulary": {"kinds": [], "measures": []}},
    {"rulesets": "not a list", "vocabulary": None},
    {"vocabulary": {"kinds": [{"id": "x"}]}},
    {"rulesets": [[]], "vocabulary": {"kinds": [], "measures": []}},
], ids=["wrong-types", "wrong-containers", "missing-keys", "list-for-object"])
def test_a_structurally_wrong_entry_that_authenticates_is_a_miss(root: Path, payload: dict[str, object]) -> None:
    """Even a correctly sealed entry (a bug, an older format) is checked by building it: never exit 70."""
    fresh = _severities(root)
    key = catalog_cache.fingerprint(root, ((f.relative_to(root).as_posix(), file_content(f, f.name))
                                           for f in ruleset_files(root)))
    catalog_cache.write(key, payload)
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


def test_the_cache_is_not_a_json_dialect(root: Path, tmp_path: Path) -> None:
    """Entries are written with allow_nan=False and read back strictly."""
    _severities(root)
    body = _entry(tmp_path).read_bytes().partition(b"\n")[2]
    assert json.loads(body)["key"]
