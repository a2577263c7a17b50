"""A file the system refuses is worded in the report's language: a Chinese report words every refusal
`read_bytes` makes by its code (`report.refusals`), never in the system's English; an English one as before."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from compliance import evidence
from compliance.model import EvidenceEntry
from compliance.report.locale import catalog, message
from compliance.report.refusals import _CODES, refusal

ZH = {
    "permission": "没有读取该文件的权限",
    "folder": "该路径是文件夹，不是文件",
    "loop": "符号链接循环",
    "fifo": "该路径是命名管道（FIFO），不是文件",
    "hard_links": "该文件有2个硬链接，其他名称可能位于模型卡所在文件夹之外，故不予读取（请复制该文件，不要建立链接）",
}


def _why(tmp_path: Path, name: str) -> dict[str, object]:
    """The parameters of the `os_error` reason evidence `name` (in `tmp_path`) is given."""
    entry = EvidenceEntry("plan", "risk-management-plan", name, "2026-01-01")
    found = evidence._read_file(entry, tmp_path, f"{tmp_path}{os.sep}")
    assert found.unreadable is not None and found.unreadable.code == "os_error", found.unreadable
    return dict(found.unreadable.params)


def _made(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An evidence file the system refuses for `case`; its name."""
    if case == "folder":
        (tmp_path / "plan.md").mkdir()
    elif case == "loop":
        (tmp_path / "plan.md").symlink_to("plan.md")
    elif case == "fifo":
        os.mkfifo(tmp_path / "plan.md")
    elif case == "hard_links":
        (tmp_path / "real.md").write_text("# Plan\n", encoding="utf-8")
        os.link(tmp_path / "real.md", tmp_path / "plan.md")
    else:  # permission: refused however privileged the test runs
        (tmp_path / "plan.md").write_text("# Plan\n", encoding="utf-8")
        real_open = os.open

        def refused(path: str | Path, *args: int, **kwargs: int) -> int:
            if str(path).endswith("plan.md"):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refused)
    return "plan.md"


@pytest.mark.skipif(os.name != "posix", reason="FIFOs, symlinks and hard links as POSIX makes them")
@pytest.mark.parametrize("case", sorted(ZH))
def test_each_refusal_is_worded_in_chinese(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    params = _why(tmp_path, _made(tmp_path, case, monkeypatch))
    assert message("unreadable.os_error", "zh", params) == f"无法读取文件：{ZH[case]}"
    assert message("unreadable.os_error", "en", params) == f"cannot read file: {params['error']}"  # as before


def test_a_refusal_this_module_does_not_know_is_framed_in_chinese() -> None:
    params = {"format": "markdown", "error": "Stale file handle"}
    assert refusal("Stale file handle") == ("other", {"detail": "Stale file handle"})
    assert message("unreadable.os_error", "zh", params) == "无法读取文件：系统拒绝读取（Stale file handle）"
    assert message("unreadable.os_error", "en", params) == "cannot read file: Stale file handle"


def test_hard_links_need_a_count() -> None:
    assert refusal("the file has 3 hard links; another name ...") == ("hard_links", {"count": "3"})
    assert refusal("the file has many hard links; another name ...")[0] == "other"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_code_has_its_words(lang: str) -> None:
    for code in {*_CODES.values(), "hard_links", "other"}:
        assert f"refusal.{code}" in catalog(lang)
