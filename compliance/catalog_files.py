"""Which files a catalog is read from, and their content as the catalog cache's key covers it.

Every `check` lists and reads them to key the cache (`catalog.load_catalog`); reading, expanding and checking
them afresh is `rulesets`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .digests import sha256_hex
from .errors import ComplianceError
from .yaml_source import DEFAULT_MAX_BYTES, read_bytes

RULESET_FILE = "ruleset.yaml"
VOCABULARY_FILE = "vocabulary.yaml"


def folder_files(folder: Path) -> list[Path]:
    """The files whose content a ruleset's SHA-256 covers: the header and the requirement files.

    Everything named `*.yaml` is listed, FIFOs and devices included: reading refuses them by name, so a
    requirements file swapped for a pipe is an error, never silently skipped and never a hang.
    """
    return [folder / name for name in _folder_names(folder)]


def _folder_names(folder: Path) -> list[str]:
    """`folder_files` as names relative to `folder` (`requirements/x.yaml`)."""
    listed = _requirement_names(folder)
    return [RULESET_FILE, *listed] if _has_header(folder) else listed


def _requirement_names(folder: Path) -> list[str]:
    """The requirement files of `folder` as names relative to it: every `check` lists them to key the catalog
    cache, and strings cost less than paths."""
    requirements = os.path.join(folder, "requirements")
    try:  # the entries Path.glob("*.yaml") lists, of any type, without its pattern machinery
        with os.scandir(requirements) as entries:
            return [f"requirements/{name}" for name in sorted(e.name for e in entries if e.name.endswith(".yaml"))]
    except OSError:  # absent, not a folder, unreadable: glob lists nothing either
        return []


def _has_header(folder: Path) -> bool:
    """Whether `folder` has a ruleset.yaml, of any file type (a FIFO is then refused by name)."""
    header = folder / RULESET_FILE
    return header.exists() or header.is_symlink()


def file_content(path: Path, name: str) -> bytes:
    """The bytes a hash covers: the file's, or (FIFO, device, symlink loop, over the cap) why it has none."""
    try:
        return read_bytes(path, name)
    except ComplianceError as exc:
        return b"\0unreadable\0" + exc.message.encode("utf-8", "replace")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def key_content(path: str) -> bytes:
    """`file_content` of the file at `path`, in one `read` for the usual file (regular, under the cap, the size
    it had when opened): the catalog cache's key covers every ruleset file, read on each run. Any other file
    is read by `file_content`, which says why it has no content."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return file_content(Path(path), os.path.basename(path))
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size <= DEFAULT_MAX_BYTES:
            raw = os.read(fd, info.st_size + 1)
            if len(raw) == info.st_size:
                return raw
    except OSError:
        pass
    finally:
        os.close(fd)
    return file_content(Path(path), os.path.basename(path))


def ruleset_files(root: Path) -> list[Path]:
    """Every file `load_catalog(root)` reads: the shared vocabulary and each ruleset folder's files."""
    return [root / name for name in ruleset_names(root)]


def ruleset_names(root: Path) -> list[str]:
    """`ruleset_files` as names relative to `root`, with `/` between parts (what the cache key names). Each folder
    `ruleset_folders` lists has its header (`_folder_names` without looking for it again)."""
    names = [VOCABULARY_FILE]
    for folder in ruleset_folders(root):
        name = folder.name
        names.append(f"{name}/{RULESET_FILE}")
        names.extend([f"{name}/{listed}" for listed in _requirement_names(folder)])
    return names


def ruleset_folders(root: Path) -> list[Path]:
    """Folders of `root` with a ruleset.yaml (of any file type: a FIFO is then refused by name)."""
    return sorted(p for p in root.iterdir() if _has_header(p))


def content_hash(folder: Path) -> str:
    """The ruleset's SHA-256 that reports show: each file's name and content, each followed by a NUL byte."""
    return sha256_hex(b"".join(path.relative_to(folder).as_posix().encode() + b"\0" + file_content(path, path.name)
                               + b"\0" for path in folder_files(folder)))
