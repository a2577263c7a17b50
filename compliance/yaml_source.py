"""Safe YAML reading for cards, rulesets and evidence, with line numbers for every value.

Aliases of every node kind are refused (alias bombs explode in whatever walks the tree later; one
anchored 1 MB string referenced a thousand times is a gigabyte), dates stay strings
(an invalid unquoted date would otherwise raise a bare ValueError), only `true`/`false` are booleans
(YAML 1.1 would read the country code `NO` as False), numbers in exponent form without a dot
(`3e+21`, as JSON writes them) are numbers as in YAML 1.2 and JSON, keys must be unique strings, and
input is size-capped before parsing.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from .errors import ComplianceError, Problem
from .records import record

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64  # nested mappings/lists: cards use ~8, rulesets ~30; deeper only exhausts recursion later
_STR_TAG = "tag:yaml.org,2002:str"
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)\Z")
# YAML 1.1 wants a dot in a float (`3.0e+21`); JSON and YAML 1.2 do not (`3e+21`).
_EXPONENT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+\Z")


# libyaml's loader when PyYAML was built with it (10x faster on rulesets), else the pure-Python one.
# Aliases are found after composition: an aliased node is the same object reached twice.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[valid-type, misc]
    pass


def _resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag not in ("tag:yaml.org,2002:timestamp",
                                                                "tag:yaml.org,2002:bool")]
        if first in "tTfF":
            kept.append(("tag:yaml.org,2002:bool", _BOOL))
        if first in "-+0123456789.":
            kept.append(("tag:yaml.org,2002:float", _EXPONENT))
        if kept:
            table[first] = kept
    return table


_StrictLoader.yaml_implicit_resolvers = _resolvers()


@record
class YamlDocument:
    """Parsed YAML data plus the node tree that knows where each value was written."""

    source: str
    data: Any
    root: yaml.Node | None

    def line_for(self, path: Sequence[str | int]) -> int | None:
        """1-based line where the value at `path` is written (its key's line for mapping entries).

        For a path that does not exist, the line of the deepest existing parent's key: where a
        problem about a missing or unknown key should point.
        """
        return self._locate(path)[0]

    def exact_line(self, path: Sequence[str | int]) -> int | None:
        """Like `line_for`, but None when the path is not written in the document."""
        line, found = self._locate(path)
        return line if found else None

    def _locate(self, path: Sequence[str | int]) -> tuple[int | None, bool]:
        node = self.root
        if node is None:
            return None, False
        line = int(node.start_mark.line) + 1
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == str(part):
                        node, line = value, int(key.start_mark.line) + 1
                        break
                else:
                    return line, False
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = int(node.start_mark.line) + 1
            else:
                return line, False
        return line, True


class _AliasFound(Exception):
    """A node reached twice: the document uses an alias."""


def _visit(node: yaml.Node, seen_nodes: set[int]) -> None:
    """Every node, scalars and keys included, may be reached once: a second visit is an alias."""
    if id(node) in seen_nodes:
        raise _AliasFound
    seen_nodes.add(id(node))


def _key_problems(source: str, node: yaml.Node | None, path: tuple[str | int, ...],
                  seen_nodes: set[int]) -> Iterator[Problem]:
    if node is None:
        return
    _visit(node, seen_nodes)
    if len(path) > MAX_DEPTH and isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        yield Problem(source, node.start_mark.line + 1, "/".join(str(p) for p in path[:8]) + "/…",
                      f"nested more than {MAX_DEPTH} levels deep")
        return
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            _visit(key, seen_nodes)
            line = key.start_mark.line + 1
            shown = "/".join(str(p) for p in path)
            if not isinstance(key, yaml.ScalarNode) or key.tag != _STR_TAG:
                what = "merge keys (<<) are not supported" if key.tag.endswith(":merge") else (
                    f"keys must be strings, got {key.value!r}" if isinstance(key, yaml.ScalarNode)
                    else "keys must be strings")
                yield Problem(source, line, shown, what)
                continue
            if key.value in seen:
                yield Problem(source, line, "/".join(str(p) for p in (*path, key.value)),
                              f"duplicate key (first written on line {seen[key.value]})")
            else:
                seen[key.value] = line
            yield from _key_problems(source, value, (*path, key.value), seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _key_problems(source, item, (*path, index), seen_nodes)


def _first_alias(text: str) -> tuple[int | None, str]:
    """Line and anchor of the first alias (re-scanned only when an alias was found)."""
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return int(event.start_mark.line) + 1, str(event.anchor)
    return None, "?"


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse one YAML document; every problem becomes a ComplianceError naming the line."""
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        try:
            problems = tuple(_key_problems(source, root, (), set()))
        except _AliasFound:
            line, anchor = _first_alias(text)
            problem = Problem(source, line, "", f"YAML aliases are not allowed (*{anchor})")
            raise ComplianceError(str(problem), (problem,)) from None
        if problems:
            raise ComplianceError(f"{source}: {len(problems)} problem(s) in YAML structure", problems)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        problem = Problem(source, line, "", f"invalid YAML: {message}")
        raise ComplianceError(str(problem), (problem,)) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        problem = Problem(source, None, "", f"invalid YAML: {exc}")
        raise ComplianceError(str(problem), (problem,)) from None
    finally:
        loader.dispose()
    return YamlDocument(source, data, root)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def path_problem(exc: OSError | ValueError | RuntimeError) -> str:
    """Why a path cannot be used, in words (symlink loop, NUL byte, name too long, ...)."""
    if isinstance(exc, ValueError):
        return "the path contains a NUL byte" if "null" in str(exc) else f"unusable path ({exc})"
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return "symlink loop"
    if getattr(exc, "errno", None) == errno.ENAMETOOLONG:
        return "file name too long"
    return str(getattr(exc, "strerror", None) or exc)


def read_bytes(path: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES, *, one_name: bool = False) -> bytes:
    """Read a regular file, refusing FIFOs and devices (reading one would block or never end) and files
    over the size cap; opened without blocking and checked on the open descriptor, so swapping the file
    for a FIFO after a check cannot hang the run; never more than the cap even if the file grows.

    `one_name`: refuse a file with more than one hard link. Its other names cannot be found without
    searching the whole disk, so one may lie outside the folder the file was confined to (evidence)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ComplianceError(f"{source}: is {_kind(info.st_mode)}, not a file")
            if info.st_size > max_bytes:
                raise ComplianceError(f"{source}: file is {info.st_size:,} bytes; the limit is {max_bytes:,} bytes")
            if one_name and info.st_nlink > 1:
                raise ComplianceError(f"{source}: the file has {info.st_nlink} hard links; another name may lie "
                                      "outside the card's folder, so it is not read (copy it instead of linking)")
            raw = handle.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        raise ComplianceError(f"{source}: cannot read file: {path_problem(exc)}") from None
    if len(raw) > max_bytes:
        raise ComplianceError(f"{source}: file is over the limit of {max_bytes:,} bytes")
    return raw


def decode_text(raw: bytes, source: str) -> str:
    """UTF-8 text of `raw`, refusing binary or undecodable content."""
    if b"\x00" in raw:
        raise ComplianceError(f"{source}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ComplianceError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def load_yaml(path: Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> YamlDocument:
    """Read and parse a YAML file safely."""
    name = source or str(path)
    return parse_yaml(decode_text(read_bytes(path, name, max_bytes), name), name)
