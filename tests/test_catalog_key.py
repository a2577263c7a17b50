"""The catalog's key is taken from a memo only while every file it covers is as it was when the key was worked
out from their content; any change (even one that keeps the size and the modification time) works it out again."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from compliance import catalog_cache, catalog_key
from compliance.catalog import _load_catalog
from compliance.catalog_files import file_content, ruleset_files, ruleset_names
from compliance.errors import ComplianceError

from .conftest import TEST_RULESETS

MAIN = Path("demo") / "requirements" / "main.yaml"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test rulesets, with a cache of its own."""
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    copied = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, copied)
    return copied


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as they are written (the copies are seconds old at most)."""
    monkeypatch.setattr(catalog_key, "SETTLED_NS", 0)


def from_content(root: Path) -> str:
    """The key worked out from the files' content, as every run did before the memo."""
    return catalog_cache.fingerprint(root, ((f.relative_to(root).as_posix(), file_content(f, f.name))
                                            for f in ruleset_files(root)))


def key(root: Path) -> str:
    """The key, and its memo written as a load writes it (with no catalog entry read)."""
    looked = time.time_ns()
    memo = catalog_key.catalog_key(root, ruleset_names(root))
    catalog_key.remember(memo, None, looked)
    return memo.key


def memos(root: Path) -> list[Path]:
    return sorted((root.parent / "cache").glob(f"{catalog_key.MEMO_KIND}-*"))


def from_memo_only(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The key, failing if any file's content is read for it."""
    def unread(path: str) -> bytes:
        raise AssertionError(f"{path} was read")

    with monkeypatch.context() as patched:
        patched.setattr(catalog_key, "key_content", unread)
        return key(root)


def rewrite_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Replace `old` by `new` (as long) in the file, in place, and set its modification time back; wait for the
    change time to move on (the kernel's clock ticks every few milliseconds)."""
    assert len(old) == len(new)
    before = path.stat()
    content = path.read_bytes()
    assert old in content
    while True:
        with path.open("r+b") as handle:
            handle.write(content.replace(old, new))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = path.stat()
        if after.st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.005)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def replace_by_a_copy(path: Path) -> None:
    """Replace the file by a copy of it: the same content, size and modification time; another inode."""
    copy = path.with_suffix(".tmp")
    shutil.copy2(path, copy)
    os.replace(copy, path)


def test_the_memo_gives_the_key_worked_out_from_content(root: Path, settled: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert key(root) == from_content(root)
    assert len(memos(root)) == 1
    assert from_memo_only(root, monkeypatch) == from_content(root)


def test_an_edit_that_keeps_size_and_modification_time_is_seen(root: Path, settled: None,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = key(root)
    rewrite_keeping_size_and_mtime(root / MAIN, b"severity: medium", b"severity: urgent")
    after = key(root)
    assert after != before
    assert after == from_content(root)
    _load_catalog.cache_clear()
    with pytest.raises(ComplianceError, match="1 problem"):  # the edit is loaded and checked, not the cached catalog
        _load_catalog(root)
    _load_catalog.cache_clear()


def test_a_file_replaced_by_a_copy_is_looked_at_again(root: Path, settled: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    before = key(root)
    replace_by_a_copy(root / MAIN)
    with pytest.raises(AssertionError, match="was read"):
        from_memo_only(root, monkeypatch)
    assert key(root) == before  # worked out again, from the same content


def test_an_added_requirements_file_is_looked_at_again(root: Path, settled: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    before = key(root)
    shutil.copy2(root / MAIN, root / "demo" / "requirements" / "more.yaml")
    after = key(root)
    assert after != before
    assert after == from_content(root)
    assert len(memos(root)) == 2


def test_files_changed_just_now_are_hashed_and_not_remembered(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert key(root) == from_content(root)  # the copies are younger than SETTLED_NS
    assert memos(root) == []
    with pytest.raises(AssertionError, match="was read"):
        from_memo_only(root, monkeypatch)


def test_a_memo_edited_or_forged_is_not_trusted(root: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    right = key(root)
    [memo] = memos(root)
    seal, named, content = memo.read_bytes().split(b"\n")
    assert content == right.encode()  # no catalog entry named: none was read
    wrong = ("0" * 64).encode()
    memo.write_bytes(seal + b"\n" + named + b"\n" + wrong)  # the old seal no longer matches
    assert key(root) == right
    memo.write_bytes(b"0" * len(seal) + b"\n" + named + b"\n" + wrong)
    assert key(root) == right


@pytest.mark.parametrize("content", [b"../not a key", b"A" * 64, b"0" * 63, b"0" * 64 + b"x", b"0" * 64 + b"\n1 2 3",
                                     b"0" * 64 + b"\n1 2 3 4 5 -6", b"0" * 64 + b" 1 2 3 4 5 6"])
def test_a_sealed_memo_that_is_not_a_key_is_ignored(root: Path, settled: None, content: bytes) -> None:
    right = key(root)
    [memo] = memos(root)
    name = memo.name.removeprefix(f"{catalog_key.MEMO_KIND}-").removesuffix(catalog_key.MEMO_SUFFIX)
    catalog_cache.write_sealed(name, content, catalog_key.MEMO_KIND, catalog_key.MEMO_SUFFIX)
    assert key(root) == right


def test_no_memo_without_a_cache(root: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_NO_CACHE", "1")
    assert key(root) == from_content(root)
    assert not (root.parent / "cache").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_among_the_files_is_never_remembered(root: Path, settled: None) -> None:
    os.mkfifo(root / "demo" / "requirements" / "pipe.yaml")
    assert key(root) == from_content(root)  # the FIFO is named, never opened for reading (no hang)
    assert memos(root) == []


# --- the catalog's entry, named in the memo once its seal authenticated -------------------------------------------

def sealed_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every body whose seal is worked out from now on."""
    sizes: list[int] = []
    real = catalog_cache.seal

    def counted(secret: bytes, body: bytes | memoryview) -> bytes:
        sizes.append(len(body))
        return real(secret, body)

    monkeypatch.setattr(catalog_cache, "seal", counted)
    return sizes


def replace_by_a_private_copy(entry: Path) -> None:
    """The same bytes, another file: private, as the cache writes it."""
    copy = entry.with_suffix(".copy")
    copy.write_bytes(entry.read_bytes())
    copy.chmod(0o600)
    os.replace(copy, entry)


def load(root: Path) -> list[str]:
    """The ids of the requirements loaded from `root`, afresh or from the cache."""
    _load_catalog.cache_clear()
    try:
        return sorted(_load_catalog(root).requirements)
    finally:
        _load_catalog.cache_clear()


def entries(root: Path) -> list[Path]:
    return sorted((root.parent / "cache").glob("catalog-*.marshal"))


def entry_body(root: Path) -> int:
    """The size of what the catalog entry's seal covers (all of it but the seal's line)."""
    [entry] = entries(root)
    return entry.stat().st_size - catalog_cache.SEAL_HEX - 1


def test_an_authenticated_entry_is_not_sealed_again_while_unchanged(root: Path, settled: None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ids = load(root)  # read afresh and cached
    assert load(root) == ids  # authenticated (its seal), and named in the memo
    [memo] = memos(root)
    [entry] = entries(root)
    assert memo.read_bytes().endswith(" ".join(map(str, catalog_cache.identity(entry.stat()))).encode())
    sizes = sealed_sizes(monkeypatch)
    assert load(root) == ids
    assert sizes and entry_body(root) not in sizes  # the memo's seal only, never the entry's


def test_an_entry_changed_in_place_is_authenticated_again(root: Path, settled: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    ids = load(root)
    load(root)
    [entry] = entries(root)
    content = bytearray(entry.read_bytes())
    content[-1] ^= 1  # the last byte of the last text: the seal no longer matches
    before = entry.stat()
    while True:
        entry.write_bytes(bytes(content))
        if entry.stat().st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.005)
    sizes = sealed_sizes(monkeypatch)
    assert load(root) == ids  # a miss: read afresh
    assert len(content) - catalog_cache.SEAL_HEX - 1 in sizes  # the entry's seal was worked out


def test_an_entry_replaced_by_another_file_is_authenticated_again(root: Path, settled: None,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    ids = load(root)
    load(root)
    [entry] = entries(root)
    replace_by_a_private_copy(entry)
    sizes = sealed_sizes(monkeypatch)
    assert load(root) == ids
    assert entry_body(root) in sizes


def test_an_entry_written_just_now_is_not_named(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_key, "SETTLED_NS", 0)
    load(root)
    # the rulesets' files have settled, the catalog's entry (one identity) has not
    monkeypatch.setattr(catalog_key, "_settled", lambda identities, before: len(identities) > 1)
    load(root)
    [memo] = memos(root)
    assert b"\n" not in memo.read_bytes().split(b"\n", 2)[2]  # the key alone
    sizes = sealed_sizes(monkeypatch)
    load(root)
    assert entry_body(root) in sizes


def test_no_memo_where_the_change_time_is_the_creation_time(root: Path, settled: None,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_key, "_CHANGE_TIMES", False)  # as on Windows
    assert key(root) == from_content(root)
    assert memos(root) == []
