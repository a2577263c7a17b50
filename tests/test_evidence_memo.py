"""`check` of one card takes what indexing learnt of its evidence from a memo only while every file (and the code that
reads them) is as it was when the memo was written; any change, even one that keeps the size and the modification
time, reads the files again, and the index is always the one reading them gives."""

from __future__ import annotations

import marshal
import os
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compliance import catalog_cache, evidence, evidence_memo
from compliance.evidence import EvidenceIndex, index_evidence
from compliance.model import Card
from compliance.pipeline import load_inputs

from .conftest import EXAMPLE
from .documents.test_stored_sources import relative_imports
from .test_catalog_key import (
    replace_by_a_copy,
    replace_by_a_private_copy,
    rewrite_keeping_size_and_mtime,
    sealed_sizes,
)

RISK_PLAN = Path("evidence") / "eu" / "risk-management-plan.docx"
MDR = Path("evidence") / "eu" / "mdr-classification.md"
ACCURACY = Path("evidence") / "eu" / "accuracy-evaluation.yaml"
MISSING = Path("evidence") / "cn" / "minors-protection-policy.md"  # the example lists it; it is not there


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example, with a cache of its own."""
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    copied = tmp_path / "medtriage"
    shutil.copytree(EXAMPLE.parent, copied)
    return copied


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as they are written (the copies are seconds old at most)."""
    monkeypatch.setattr(evidence_memo, "SETTLED_NS", 0)


def card_of(folder: Path) -> Card:
    return load_inputs(folder / "card.yaml").card


def remembered(folder: Path) -> EvidenceIndex:
    return index_evidence(card_of(folder), remember=True)


def memos(folder: Path) -> list[Path]:
    return sorted((folder.parent / "cache").glob(f"{evidence_memo.MEMO_KIND}-*"))


def from_memo_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> EvidenceIndex:
    """The index, failing if any evidence file is read for it."""
    card = card_of(folder)

    def unread(*args: object) -> None:
        raise AssertionError("an evidence file was read")

    with monkeypatch.context() as patched:
        patched.setattr(evidence, "_read_file", unread)
        return index_evidence(card, remember=True)


def test_the_memo_gives_the_index_reading_gives(folder: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    read = index_evidence(card_of(folder))
    assert remembered(folder) == read
    assert len(memos(folder)) == 1
    recalled = from_memo_only(folder, monkeypatch)
    assert recalled == read
    formats = {f.format for f in recalled.files.values()}
    assert {"markdown", "yaml", "json", "csv", "pdf", "docx"} <= formats  # every kind of document, remembered
    assert any(not f.exists for f in recalled.files.values())  # and a file that is not there
    for mine, theirs in zip(recalled.files.values(), read.files.values(), strict=True):
        assert mine.document == theirs.document and mine.sha256 == theirs.sha256
        if mine.document is not None:
            assert mine.document.metrics == theirs.document.metrics
            assert mine.document.headings == theirs.document.headings
            assert "heading_lines" in vars(mine.document)  # remembered, not worked out again
            assert mine.document.heading_lines == theirs.document.heading_lines  # as reading works them out
    assert any(f.document is not None and f.document.heading_lines.count("\n") > 5 for f in recalled.files.values())
    for wanted in ("risk management", "数据来源", "accuracy", "no such heading"):
        assert [f.document.find((wanted,)) for f in recalled.files.values() if f.document is not None] == \
            [f.document.find((wanted,)) for f in read.files.values() if f.document is not None]


def test_an_edit_that_keeps_size_and_modification_time_is_seen(folder: Path, settled: None) -> None:
    before = remembered(folder)
    rewrite_keeping_size_and_mtime(folder / ACCURACY, b"metrics:", b"metricz:")
    after = remembered(folder)
    assert after != before
    assert after == index_evidence(card_of(folder))
    changed = [f.entry.path for f in after.files.values() if f.sha256 != before[f.entry.id].sha256]
    assert changed == [ACCURACY.as_posix()]
    [edited] = [f for f in after.files.values() if f.entry.path == ACCURACY.as_posix()]
    assert edited.document is not None and edited.document.metrics is None  # `metrics:` renamed: read again


def test_a_file_replaced_by_a_copy_is_read_again(folder: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered(folder)
    replace_by_a_copy(folder / MDR)
    with pytest.raises(AssertionError, match="was read"):
        from_memo_only(folder, monkeypatch)


def test_a_missing_file_written_later_is_read(folder: Path, settled: None) -> None:
    before = remembered(folder)
    (folder / MISSING).write_text("# Minors protection policy\n\nWe protect minors.\n", encoding="utf-8")
    after = remembered(folder)
    assert after == index_evidence(card_of(folder))
    found = [f for f in after.files.values() if f.entry.path.endswith(MISSING.name)]
    assert found and all(f.exists and f.document is not None for f in found)
    assert [f.entry.id for f in before.files.values() if not f.exists] != \
        [f.entry.id for f in after.files.values() if not f.exists]


def test_a_file_removed_is_missing(folder: Path, settled: None) -> None:
    remembered(folder)
    (folder / MDR).unlink()
    after = remembered(folder)
    assert after == index_evidence(card_of(folder))
    assert [f.exists for f in after.files.values() if f.entry.path.endswith(MDR.name)] == [False]


def test_a_second_hard_link_is_never_remembered(folder: Path, settled: None) -> None:
    os.link(folder / MDR, folder.parent / "elsewhere.md")
    index = remembered(folder)
    assert [f.unreadable.code for f in index.files.values() if f.entry.path.endswith(MDR.name)] == ["os_error"]
    assert memos(folder) == []


def test_files_changed_just_now_are_read_and_not_remembered(folder: Path) -> None:
    assert remembered(folder) == index_evidence(card_of(folder))
    assert memos(folder) == []


def test_other_code_names_another_memo(folder: Path, settled: None, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    remembered(folder)
    module = tmp_path / "reader.py"
    module.write_text("# a reader\n", encoding="utf-8")
    monkeypatch.setattr(evidence_memo, "_code_files", lambda: (str(module),))
    remembered(folder)
    assert len(memos(folder)) == 2
    from_memo_only(folder, monkeypatch)
    rewrite_keeping_size_and_mtime(module, b"a reader", b"b reader")
    with pytest.raises(AssertionError, match="was read"):
        from_memo_only(folder, monkeypatch)


def test_a_memo_edited_or_forged_is_not_trusted(folder: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    read = remembered(folder)
    [memo] = memos(folder)
    content = memo.read_bytes()
    memo.write_bytes(content.replace(b"Risk", b"Rusk"))
    with pytest.raises(AssertionError, match="was read"):
        from_memo_only(folder, monkeypatch)
    assert remembered(folder) == read


def test_rows_unlike_the_files_looked_at_are_not_kept(folder: Path, settled: None) -> None:
    card = card_of(folder)
    names = [e.path for e in card.evidence]
    memo = evidence_memo.look(names, [str(folder / name) for name in names])
    assert memo.name is not None and memo.settled and not all(memo.present)
    memo.keep([None] * len(names))  # every file gone since it was looked at: not the files the name stands for
    assert memos(folder) == []
    assert memo.recall() is None


def test_no_memo_without_a_cache(folder: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_NO_CACHE", "1")
    assert remembered(folder) == index_evidence(card_of(folder))
    assert memos(folder) == []


def test_a_check_of_one_card_remembers_and_gives_the_same_report(folder: Path, settled: None) -> None:
    from typer.testing import CliRunner

    from compliance.cli import app

    args = ["check", str(folder / "card.yaml"), "--format", "json", "--as-of", "2026-11-25"]
    first = CliRunner().invoke(app, args)
    assert len(memos(folder)) == 1
    second = CliRunner().invoke(app, args)
    assert (first.exit_code, first.stdout) == (second.exit_code, second.stdout)


def test_the_code_holds_every_module_the_readers_import() -> None:
    package = Path(evidence.__file__).parent
    todo = ["compliance.evidence", "compliance.evidence_memo",
            *(f"compliance.documents.{p.stem}" for p in (package / "documents").glob("*.py"))]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        path = package.parent / f"{name.replace('.', '/')}.py"
        if name in seen or not path.is_file():  # a package's name (its __init__ is listed) or a name in a module
            continue
        seen.add(name)
        todo += relative_imports(path, name.rsplit(".", 1)[0] if path.name != "__init__.py" else name)
    needed = {f"{name.removeprefix('compliance.')}.py" for name in seen if not name.startswith("compliance.documents.")}
    assert needed == set(evidence_memo._CODE)
    assert {str(package / name) for name in needed} <= set(evidence_memo._code_files())
    assert {str(p) for p in (package / "documents").glob("*.py")} <= set(evidence_memo._code_files())


def test_another_install_of_a_reader_library_names_another_memo(folder: Path, settled: None, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF or DOCX is read by pypdf or python-docx: a memo made with one installed is not taken with another."""
    from compliance.documents import stored

    library = tmp_path / "docx" / "__init__.py"
    library.parent.mkdir()
    library.write_text("# docx\n")
    monkeypatch.setattr(stored, "library_files", lambda: (str(library),))
    evidence_memo._code_files.cache_clear()
    monkeypatch.setattr(evidence_memo, "_code_files", evidence_memo._code_files.__wrapped__)
    remembered(folder)
    assert len(memos(folder)) == 1
    from_memo_only(folder, monkeypatch)
    copy = tmp_path / "new.py"
    copy.write_text("# docx\n")
    os.replace(copy, library)
    remembered(folder)
    assert len(memos(folder)) == 2  # read again, and remembered under another name


# --- the memo's file, named once its seal authenticated --------------------------------------------------------------

def memo_body(folder: Path) -> int:
    """The size of what the memo's seal covers (all of it but the seal's line)."""
    [memo] = memos(folder)
    return memo.stat().st_size - catalog_cache.SEAL_HEX - 1


def seen(folder: Path) -> list[Path]:
    return sorted((folder.parent / "cache").glob(f"{evidence_memo.SEEN_KIND}-*"))


def test_an_authenticated_memo_is_not_sealed_again_while_unchanged(folder: Path, settled: None,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    read = remembered(folder)  # read and remembered
    assert seen(folder) == []
    assert remembered(folder) == read  # authenticated (its seal), and named
    [memo], [named] = memos(folder), seen(folder)
    assert named.read_bytes().endswith(catalog_cache.identity_text(catalog_cache.identity(memo.stat())))
    assert named.name.removeprefix(evidence_memo.SEEN_KIND) == memo.name.removeprefix(evidence_memo.MEMO_KIND).replace(
        evidence_memo.MEMO_SUFFIX, evidence_memo.SEEN_SUFFIX)  # under the memo's own name
    sizes = sealed_sizes(monkeypatch)
    assert from_memo_only(folder, monkeypatch) == read
    assert sizes and memo_body(folder) not in sizes  # the small memo's seal only, never the memo's
    assert seen(folder) == [named]


def test_a_memo_changed_in_place_is_authenticated_again(folder: Path, settled: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    read = remembered(folder)
    remembered(folder)
    [memo] = memos(folder)
    content = memo.read_bytes()
    edited = content.replace(b"Risk", b"Rusk")
    assert edited != content
    before = memo.stat()
    while True:  # in place: the same inode and size, another change time
        with memo.open("r+b") as handle:
            handle.write(edited)
        if memo.stat().st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.005)
    sizes = sealed_sizes(monkeypatch)
    with pytest.raises(AssertionError, match="was read"):  # its seal no longer matches: the files are read
        from_memo_only(folder, monkeypatch)
    assert len(edited) - catalog_cache.SEAL_HEX - 1 in sizes
    assert remembered(folder) == read


def test_a_memo_replaced_by_another_file_is_authenticated_again(folder: Path, settled: None,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    read = remembered(folder)
    remembered(folder)  # authenticated, and named
    replace_by_a_private_copy(*memos(folder))
    sizes = sealed_sizes(monkeypatch)
    assert from_memo_only(folder, monkeypatch) == read
    assert memo_body(folder) in sizes
    sizes.clear()
    assert from_memo_only(folder, monkeypatch) == read  # named again, as it is now
    assert memo_body(folder) not in sizes


def test_a_memo_written_just_now_is_not_named(folder: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered(folder)
    # the evidence and the code have settled, the memo's file (one identity) has not
    monkeypatch.setattr(evidence_memo, "_settled", lambda identities, before: len(identities) > 1)
    remembered(folder)
    assert seen(folder) == []
    sizes = sealed_sizes(monkeypatch)
    from_memo_only(folder, monkeypatch)
    assert memo_body(folder) in sizes


def test_a_small_memo_edited_forged_or_naming_another_file_is_not_trusted(folder: Path, settled: None,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    read = remembered(folder)
    remembered(folder)
    [memo], [named] = memos(folder), seen(folder)
    name = named.name.removeprefix(f"{evidence_memo.SEEN_KIND}-").removesuffix(evidence_memo.SEEN_SUFFIX)
    seal, key, content = named.read_bytes().split(b"\n")
    other = catalog_cache.identity_text((1, 2, 3, 4, 5, 6))
    edited = content[:-1] + str((int(content[-1:]) + 1) % 10).encode()  # another last digit of the change time
    for forged in (seal + b"\n" + key + b"\n" + edited,  # edited: its seal no longer matches
                   b"0" * len(seal) + b"\n" + key + b"\n" + content):  # sealed without the secret
        named.write_bytes(forged)
        with monkeypatch.context() as patched:
            sizes = sealed_sizes(patched)
            assert from_memo_only(folder, monkeypatch) == read
            assert memo_body(folder) in sizes
    for stored in (other, b"1 2 3", b"not an identity", b""):  # sealed, but not this memo's file
        catalog_cache.write_sealed(name, stored, evidence_memo.SEEN_KIND, evidence_memo.SEEN_SUFFIX)
        with monkeypatch.context() as patched:
            sizes = sealed_sizes(patched)
            assert from_memo_only(folder, monkeypatch) == read
            assert memo_body(folder) in sizes
    assert memo.exists()


def test_writing_memos_keeps_the_small_memos() -> None:
    """Writing a memo keeps the newest files whose names start with its kind and a dash: the small memos are not
    among them."""
    assert not evidence_memo.SEEN_KIND.startswith(f"{evidence_memo.MEMO_KIND}-")


Change = Callable[[tuple[Any, ...]], tuple[Any, ...]]


def _rewritten(folder: Path, change: Callable[[list[Any]], object]) -> None:
    """The memo written again, sealed with the secret, its rows after `change`."""
    [memo] = memos(folder)
    name = memo.name.removeprefix(f"{evidence_memo.MEMO_KIND}-").removesuffix(evidence_memo.MEMO_SUFFIX)
    rows = evidence_memo.Memo(name, True).recall()
    assert rows is not None
    change(rows)
    catalog_cache.write_sealed(name, marshal.dumps(rows), evidence_memo.MEMO_KIND, evidence_memo.MEMO_SUFFIX)


def _each_document(change: Change) -> Callable[[list[Any]], object]:
    def changed(rows: list[Any]) -> None:
        for i, row in enumerate(rows):
            if row is not None and row[3] is not None:
                rows[i] = (*row[:3], change(row[3]))
    return changed


@pytest.mark.parametrize("change", [
    lambda d: (*d[:6], d[6] + "\nanother heading"),
    lambda d: (*d[:6], d[6].partition("\n")[2]),
    lambda d: (*d[:6], None),
    lambda d: d[:6],
], ids=["a-line-more", "a-line-less", "none", "not-stored"])
def test_a_memo_whose_headings_are_not_one_a_line_is_not_read(folder: Path, settled: None,
                                                              monkeypatch: pytest.MonkeyPatch, change: Change) -> None:
    read = remembered(folder)
    _rewritten(folder, _each_document(change))
    with pytest.raises(AssertionError, match="was read"):
        from_memo_only(folder, monkeypatch)
    assert remembered(folder) == read


def test_another_unicode_database_names_another_memo(folder: Path, settled: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The headings are normalised with NFKC, which another version of Unicode may change."""
    remembered(folder)
    monkeypatch.setattr(unicodedata, "unidata_version", "99.0.0")
    with pytest.raises(AssertionError, match="was read"):
        from_memo_only(folder, monkeypatch)
    remembered(folder)
    assert len(memos(folder)) == 2
