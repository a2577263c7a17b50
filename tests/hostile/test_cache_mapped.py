"""A large cache entry is mapped rather than read (`catalog_cache._sealed_bytes`), and only when no one but
this user can change it; mapped, it is authenticated like any other before anything of it is decoded."""

from __future__ import annotations

import hashlib
import mmap
import shutil
from pathlib import Path
from typing import Any

import pytest

from compliance import catalog_cache
from compliance.rulesets import _load_catalog

from ..conftest import TEST_RULESETS
from .test_cache import _entry, _lower_every_severity, _lowered_body, _severities


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(catalog_cache, "_MAPPED_FROM", 1)  # the engine-test catalog is small: map it too
    shutil.copytree(TEST_RULESETS, tmp_path / "rulesets")
    _load_catalog.cache_clear()
    return tmp_path / "rulesets"


@pytest.fixture
def mapped(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the files mapped from now on."""
    sizes: list[int] = []
    real = mmap.mmap

    def recorded(fileno: int, length: int, *args: Any, **kwargs: Any) -> mmap.mmap:
        made = real(fileno, length, *args, **kwargs)
        sizes.append(len(made))
        return made
    monkeypatch.setattr(catalog_cache.mmap, "mmap", recorded)
    return sizes


def test_an_entry_only_this_user_can_write_is_mapped(root: Path, tmp_path: Path, mapped: list[int]) -> None:
    fresh = _severities(root)
    size = _entry(tmp_path).stat().st_size
    assert mapped == [size]  # written, then read back
    assert _severities(root) == fresh and mapped == [size, size]


@pytest.mark.parametrize("mode", [0o620, 0o602], ids=["group-writable", "world-writable"])
def test_an_entry_others_may_write_is_read_not_mapped(root: Path, tmp_path: Path, mapped: list[int],
                                                      mode: int) -> None:
    fresh = _severities(root)
    mapped.clear()  # the run that wrote the entry read it back while only this user could write it
    _entry(tmp_path).chmod(mode)
    assert _severities(root) == fresh and not mapped


def test_a_mapped_entry_edited_in_place_is_a_miss(root: Path, tmp_path: Path, mapped: list[int]) -> None:
    fresh = _severities(root)
    assert set(fresh) != {"low"}
    _lower_every_severity(_entry(tmp_path))  # the same file, rewritten: still this user's, 0600
    assert _severities(root) == fresh and mapped


def test_a_mapped_entry_sealed_with_the_secret_is_read(root: Path, tmp_path: Path, mapped: list[int]) -> None:
    """The test above can fail: the same edit, sealed with this installation's secret, is read from the map."""
    assert set(_severities(root)) != {"low"}
    entry = _entry(tmp_path)
    _, body = _lowered_body(entry)
    secret = (tmp_path / "state" / "compliance" / "catalog-cache.key").read_bytes()
    entry.write_bytes(hashlib.blake2b(body, digest_size=32, key=secret).hexdigest().encode() + b"\n" + body)
    assert set(_severities(root)) == {"low"} and mapped
