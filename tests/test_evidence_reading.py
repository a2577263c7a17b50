"""Reading evidence files: the path text the index opens, and whole files read without the last empty read."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from compliance import evidence
from compliance.errors import ComplianceError
from compliance.evidence import _evidence_path
from compliance.model import EvidenceEntry
from compliance.report.locale import message
from compliance.yaml_source import read_bytes


def _opened(path: str | Path) -> tuple[str, int]:
    """What opening `path` gives: the file's inode, or the error number."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        return "error", exc.errno or 0
    try:
        return "file", os.fstat(fd).st_ino
    finally:
        os.close(fd)


@pytest.mark.skipif(os.name != "posix", reason="the text is used on POSIX systems only")
def test_the_path_text_opens_what_the_path_object_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "d" / "e").mkdir(parents=True)
    for name in ("a.md", "d/a.md", "d/e/a.md", "d/b\\c.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to("d")
    names = ["a.md", "d", "e", "link", "b\\c.md", ".", "", "missing"]
    relatives = {"/".join(parts) for count in (1, 2, 3) for parts in itertools.product(names, repeat=count)}
    relatives |= {f"{relative}/" for relative in list(relatives)} | {f"./{relative}" for relative in list(relatives)}
    relatives = {relative for relative in relatives if relative and not relative.startswith("/")}  # as confined
    folders = [tmp_path, Path(os.path.relpath(tmp_path)), Path(".")]
    monkeypatch.chdir(tmp_path.parent)
    compared = 0
    for folder in folders:
        prefix = os.path.join(folder, "")
        for relative in sorted(relatives):
            assert _opened(_evidence_path(folder, prefix, relative)) == _opened(folder / relative), (folder, relative)
            compared += 1
    assert compared > 3000
    opened = {_opened(tmp_path / relative)[0] for relative in relatives}
    assert opened == {"file", "error"}  # both outcomes are compared


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 65537, 1_000_003])
def test_a_file_is_read_whole(tmp_path: Path, size: int) -> None:
    content = os.urandom(size)
    (tmp_path / "f.bin").write_bytes(content)
    assert read_bytes(tmp_path / "f.bin", "f.bin", 2 * 1024 * 1024) == content
    assert read_bytes(str(tmp_path / "f.bin"), "f.bin", 2 * 1024 * 1024) == content


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_a_file_larger_than_its_stated_size_is_read_on() -> None:
    """/proc files state a size of 0 and hold more: the read goes on past the size `fstat` gave."""
    assert os.stat("/proc/self/status").st_size == 0
    assert b"Name:" in read_bytes(Path("/proc/self/status"), "status")


def test_a_file_the_system_refuses_says_why_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`read_bytes` words a refusal of the system as "<path>: cannot read file: <why>"; the finding's reason
    keeps only <why>, which its own message ("cannot read file: {error}", 无法读取文件：{error}) introduces: no
    doubled phrase, and no English one in the Chinese."""
    (tmp_path / "plan.md").write_text("# Plan\n", encoding="utf-8")

    def refuse(path: str | Path, source: str, *args: object, **kwargs: object) -> bytes:
        raise ComplianceError(f"{source}: cannot read file: permission denied")

    monkeypatch.setattr(evidence, "read_bytes", refuse)
    entry = EvidenceEntry("plan", "risk-management-plan", "plan.md", "2026-01-01")
    found = evidence._read_file(entry, tmp_path, f"{tmp_path}{os.sep}")
    assert found.unreadable is not None and found.unreadable.params["error"] == "permission denied"
    assert message("unreadable.os_error", "en", found.unreadable.params) == "cannot read file: permission denied"
    assert message("unreadable.os_error", "zh", found.unreadable.params) == "无法读取文件：没有读取该文件的权限"
