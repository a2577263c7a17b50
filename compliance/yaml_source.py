"""Safe YAML reading for cards, rulesets and evidence, with line numbers for every value.

Aliases of every node kind are refused (alias bombs explode in whatever walks the tree later; one
anchored 1 MB string referenced a thousand times is a gigabyte), dates stay strings
(an invalid unquoted date would otherwise raise a bare ValueError), only `true`/`false` are booleans
(YAML 1.1 would read the country code `NO` as False), numbers in exponent form without a dot
(`3e+21`, as JSON writes them) are numbers as in YAML 1.2 and JSON, keys must be unique strings, and
input is size-capped before parsing.

PyYAML is imported with the patterns its modules compile at import made lazy (`lazy_regex.compiled_on_use`):
libyaml's parser, which we use, never tries the pure-Python reader's `NON_PRINTABLE` (a class of Unicode
ranges that takes ~4.5 ms to compile, a thirtieth of a `check`), and our resolver tests scalars with string
methods instead of PyYAML's resolver patterns (`yaml_scalars`), so none is compiled on its path. A stand-in
compiles its pattern on first use, so the pure-Python reader and constructors stay exactly as correct;
`re.compile` is PyYAML's again, and everyone's, as soon as the import is done.
"""

from __future__ import annotations

import errno
import math
import operator
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ComplianceError, Problem
from .lazy_regex import compiled_on_use
from .records import record
from .utf8 import utf8_text
from .yaml_scalars import BOOL, YAML11, Exponent, Matcher

with compiled_on_use("yaml"):  # why: the module's docstring
    import yaml

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64  # nested mappings/lists: cards use ~8, rulesets ~30; deeper only exhausts recursion later
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_Scalar, _Mapping, _Sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode


# libyaml's loader when PyYAML was built with it (10x faster on rulesets), else the pure-Python one.
# Aliases are found after composition: an aliased node is the same object reached twice.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[valid-type, misc]
    # The composer calls these two around every node, for path resolvers, which are never added here
    # (PyYAML's own return at once): C functions taking the same arguments and doing nothing cost no Python
    # frame (~3 M instructions of a card's ~29 M to compose).
    descend_resolver = operator.is_  # (parent, index)
    ascend_resolver = tuple  # ()

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:
        """PyYAML's `Resolver.resolve` for a loader without path resolvers (none is ever added): the libyaml
        composer asks it for every scalar, so it reads the table of its first character and nothing else."""
        if kind is _Scalar:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], ()):  # type: ignore[index]
                    if pattern.match(value):  # type: ignore[arg-type]
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is _Sequence else _MAP_TAG


def _resolvers() -> dict[Any, list[tuple[str, Matcher]]]:
    """PyYAML's implicit resolvers by first character, as string tests (`yaml_scalars`), less YAML 1.1's
    timestamps and yes/no booleans, plus our booleans and exponent floats."""
    table: dict[Any, list[tuple[str, Matcher]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        dropped = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
        kept = [(tag, YAML11.get(tag, rx)) for tag, rx in entries if tag not in dropped]
        if first in "tTfF":
            kept.append(("tag:yaml.org,2002:bool", BOOL))
        if first in "-+0123456789.":
            kept.append(("tag:yaml.org,2002:float", Exponent()))
        if kept:
            table[first] = kept
    return table


_IMPLICIT = _StrictLoader.yaml_implicit_resolvers = _resolvers()


def _implicit_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar written without one (`_StrictLoader.resolve`)."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR_TAG


# Where each value was written: a scalar is its 1-based line; a mapping is (line, {key: (key line, value)});
# a sequence is (line, [item, ...]). Plain data (no YAML objects), built in the same walk as the values.
LineTree = Any


@record
class YamlDocument:
    """Parsed YAML data plus a tree of the lines where each value was written, and whether every number in the
    data fits JSON (`fits_json`: no infinity, NaN or integer beyond the float range; `schema_check.number_problems`
    names the others). The plain path learns it as it makes each number; it saves a walk over every value."""

    source: str
    data: Any
    root: LineTree | None
    fits_json: bool

    def line_for(self, path: Sequence[str | int]) -> int | None:
        """1-based line where the value at `path` is written (its key's line for mapping entries).

        For a path that does not exist, the line of the deepest existing parent's key: where a
        problem about a missing or unknown key should point.
        """
        return self._locate(path)[0]

    def exact_line(self, path: Sequence[str | int]) -> int | None:
        """Like `line_for`, but None when the path is not written in the document."""
        line, found, _ = self._locate(path)
        return line if found else None

    def item_lines(self, path: Sequence[str | int], count: int) -> list[int | None]:
        """`line_for([*path, index])` of each index below `count`, the way to the list at `path` walked once, not
        once an item (a card's evidence entries)."""
        _, found, node = self._locate(path)
        items = node[1] if found and not isinstance(node, int) else None
        if not isinstance(items, list) or len(items) < count:
            return [self.line_for([*path, index]) for index in range(count)]
        return [item if isinstance(item, int) else item[0] for item in items[:count]]

    def _locate(self, path: Sequence[str | int]) -> tuple[int | None, bool, LineTree]:
        """The line of the value at `path` (`line_for`), whether it is written, and its line tree."""
        node = self.root
        if node is None:
            return None, False, None
        line: int = node if isinstance(node, int) else node[0]
        for part in path:
            content = None if isinstance(node, int) else node[1]
            if isinstance(content, dict):
                entry = content.get(str(part))
                if entry is None:
                    return line, False, None
                line, node = entry
            elif isinstance(content, list) and isinstance(part, int) and part < len(content):
                node = content[part]
                line = node if isinstance(node, int) else node[0]
            else:
                return line, False, None
        return line, True, node


LARGEST_INT = int(sys.float_info.max)


def unfit_number(value: Any) -> bool:
    """Whether `value` is a number JSON cannot carry: an infinity, NaN, or an integer (not a bool) beyond the float
    range."""
    return (isinstance(value, float) and not math.isfinite(value)) or (
        isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_INT)


def _fits_json(value: Any) -> bool:
    """Whether no number in `value` (mappings' values and lists' items, all the way down) is an `unfit_number`."""
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return not unfit_number(value)
    for item in value:
        if isinstance(item, str):
            continue
        if not _fits_json(item):
            return False
    return True


class _AliasFound(Exception):
    """A node reached twice: the document uses an alias."""


_SCALARS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Walk:
    """One pass over the composed nodes: refuses aliases, checks keys and depth (collecting every problem),
    builds the values and the line tree. Values of the core tags (str, null, bool, int, float, map, seq) are
    built here with PyYAML's own constructors for scalars; any other tag (`!!set`, `!!binary`, `!foo`) or
    a scalar its constructor refuses sets `fallback`, and PyYAML then builds the whole document as before.

    `seen` is None when the text cannot hold an alias (no `&` to define an anchor or no `*` to refer to
    one: libyaml refuses an alias to an undefined anchor): then no node can be reached twice, nothing is
    filed by identity, and a scalar in a mapping or a list is read in the loop, without a call of its own
    (most nodes of a card are scalars)."""

    def __init__(self, source: str, loader: Any, text: str) -> None:
        self.source = source
        self.loader = loader
        self.constructors = loader.yaml_constructors
        self.seen: set[int] | None = set() if "&" in text and "*" in text else None
        self.problems: list[Problem] = []
        self.path: list[str | int] = []
        self.fallback = False

    def _once(self, node: yaml.Node) -> None:
        """Every node, scalars and keys included, may be reached once: twice is an alias. (Called only when
        `seen` is not None: most texts cannot hold an alias, and their nodes pay no call.)"""
        seen: set[int] = self.seen  # type: ignore[assignment]
        if id(node) in seen:
            raise _AliasFound
        seen.add(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value
        if tag in _SCALARS:
            try:
                return self.constructors[tag](self.loader, node)
            except Exception:  # PyYAML raises it again when it builds the document (fallback)
                pass
        self.fallback = True
        return None

    def node(self, node: yaml.Node) -> tuple[Any, LineTree]:
        if self.seen is not None:
            self._once(node)
        line = node.start_mark.line + 1
        if isinstance(node, _Scalar):
            return self._scalar(node), line
        path = self.path
        if len(path) > MAX_DEPTH:
            self.problems.append(Problem(self.source, line, "/".join(str(p) for p in path[:8]) + "/…",
                                         f"nested more than {MAX_DEPTH} levels deep"))
            return None, line
        if isinstance(node, _Mapping):
            return self._mapping(node, line)
        if node.tag != _SEQ_TAG:
            self.fallback = True
        items: list[Any] = []
        trees: list[LineTree] = []
        direct = self.seen is None
        for index, child in enumerate(node.value):
            if direct and type(child) is _Scalar:
                item, tree = child.value if child.tag == _STR_TAG else self._scalar(child), child.start_mark.line + 1
            else:
                item, tree = self._child(child, index)
            items.append(item)
            trees.append(tree)
        return items, (line, trees)

    def _child(self, node: yaml.Node, step: str | int) -> tuple[Any, LineTree]:
        """A mapping's value or a list's item, `step` further down the path. When no node needs filing by
        identity (`seen` is None), the loops read a scalar child themselves, with no call and no path."""
        path = self.path
        path.append(step)
        found = self.node(node)
        path.pop()
        return found

    def _mapping(self, node: yaml.MappingNode, line: int) -> tuple[Any, LineTree]:
        if node.tag != _MAP_TAG:
            self.fallback = True
        path = self.path
        direct = self.seen is None
        data: dict[str, Any] = {}
        lines: dict[str, tuple[int, LineTree]] = {}
        for key, value in node.value:
            if not direct:
                self._once(key)
            key_line = key.start_mark.line + 1
            if not isinstance(key, _Scalar) or key.tag != _STR_TAG:
                what = "merge keys (<<) are not supported" if key.tag.endswith(":merge") else (
                    f"keys must be strings, got {key.value!r}" if isinstance(key, _Scalar)
                    else "keys must be strings")
                self.problems.append(Problem(self.source, key_line, "/".join(str(p) for p in path), what))
                continue
            name = key.value
            if name in lines:
                self.problems.append(Problem(self.source, key_line, "/".join(str(p) for p in (*path, name)),
                                             f"duplicate key (first written on line {lines[name][0]})"))
            if direct and type(value) is _Scalar:
                item, tree = value.value if value.tag == _STR_TAG else self._scalar(value), value.start_mark.line + 1
            else:
                item, tree = self._child(value, name)
            if name not in lines:
                lines[name] = (key_line, tree)
            data[name] = item
        return data, (line, lines)


def _first_alias(text: str) -> tuple[int | None, str]:
    """Line and anchor of the first alias (re-scanned only when an alias was found)."""
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return int(event.start_mark.line) + 1, str(event.anchor)
    return None, "?"


_UNSEEN = object()  # `_Events.plain`: a text not resolved yet


class _Unusual(Exception):
    """The document is not plain (`_Events`): the composer and `_Walk` read it, and judge it."""


_ScalarEvent, _MappingStart, _MappingEnd = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent


class _Events:
    """Values and line tree of a plain document built from the parser's events, with no node tree: mappings,
    lists and scalars without tags or anchors, keys that are unique strings, no more than `MAX_DEPTH - 1` levels.
    Anything else (an alias, an anchor, a tag, another key, a duplicate key, a scalar its constructor refuses,
    a parse error) raises and leaves the document to `_composed`, which gives its values, problems and errors as
    before. Composing a card's ~2,000 nodes (each a Python object with two marks, kept until the walk is done)
    cost more than the walk: an event is dropped once read (~160 fewer pages touched for the example card)."""

    def __init__(self, loader: Any) -> None:
        self.next = loader.get_event
        self.loader = loader
        self.constructors = loader.yaml_constructors
        self.depth = 0
        self.resolved: dict[str, Any] = {}  # `plain`: each distinct text once a document
        self.fits_json = True  # no `unfit_number` made (every number of the document is made by `plain`)

    def scalar(self, event: Any) -> Any:
        """A scalar's value: its text, or what PyYAML's constructor of its implicit tag (null, bool, int, float)
        makes of the node the composer would have made."""
        if event.tag is not None or event.anchor is not None:
            raise _Unusual
        return self.plain(event) if event.implicit[0] else event.value

    def plain(self, event: Any) -> Any:
        """The value of a plain scalar without tag or anchor (`scalar`), each distinct text resolved and constructed
        once a document: a card writes `true`, `false`, `null` and its names again and again (~160 of the example's
        ~330 plain scalars that need resolving), and the constructors are pure. A NaN is made anew each time, as
        the composer makes it (two NaNs are two objects: one is not `in` a list holding the other)."""
        text = event.value
        found = self.resolved.get(text, _UNSEEN)
        if found is not _UNSEEN:
            return found
        tag = _implicit_tag(text)
        if tag == _STR_TAG:
            value = text
        elif tag in _SCALARS:
            value = self.constructors[tag](self.loader, _Scalar(tag, text, event.start_mark, event.end_mark,
                                                                event.style))
            if unfit_number(value):
                self.fits_json = False
        else:
            raise _Unusual
        if value == value:
            self.resolved[text] = value
        return value

    def node(self, event: Any) -> tuple[Any, LineTree]:
        """The value and line tree of the node that starts with `event`, its events read to its end."""
        kind = event.__class__
        if kind is _ScalarEvent:
            return self.scalar(event), event.start_mark.line + 1
        if (kind is not _MappingStart and kind is not _SequenceStart) or event.tag is not None \
                or event.anchor is not None or self.depth >= MAX_DEPTH - 1:
            raise _Unusual
        self.depth += 1
        found = self._mapping(event) if kind is _MappingStart else self._sequence(event)
        self.depth -= 1
        return found

    def _mapping(self, start: Any) -> tuple[Any, LineTree]:
        """A mapping's entries; a scalar value (most of them) is read in the loop, a string without a call."""
        next_event = self.next
        data: dict[str, Any] = {}
        lines: dict[str, tuple[int, LineTree]] = {}
        while True:
            key = next_event()
            kind = key.__class__
            if kind is not _ScalarEvent:
                if kind is _MappingEnd:
                    return data, (start.start_mark.line + 1, lines)
                raise _Unusual
            name = key.value
            if key.tag is not None or key.anchor is not None or name in lines or (
                    key.implicit[0] and name[:1] in _IMPLICIT and type(self.plain(key)) is not str):
                raise _Unusual
            value = next_event()
            kind = value.__class__
            if kind is _ScalarEvent:
                text = value.value
                plain = value.tag is None and value.anchor is None and (
                    not value.implicit[0] or text[:1] not in _IMPLICIT)
                item, tree = text if plain else self.scalar(value), value.start_mark.line + 1
            else:
                item, tree = self.node(value)
            lines[name] = (key.start_mark.line + 1, tree)
            data[name] = item

    def _sequence(self, start: Any) -> tuple[Any, LineTree]:
        """A list's items; a scalar that is a string as written is read in the loop, as in `_mapping`."""
        next_event = self.next
        items: list[Any] = []
        trees: list[LineTree] = []
        while True:
            event = next_event()
            kind = event.__class__
            if kind is _ScalarEvent:
                text = event.value
                plain = event.tag is None and event.anchor is None and (
                    not event.implicit[0] or text[:1] not in _IMPLICIT)
                item, tree = text if plain else self.scalar(event), event.start_mark.line + 1
            elif kind is _SequenceEnd:
                return items, (start.start_mark.line + 1, trees)
            else:
                item, tree = self.node(event)
            items.append(item)
            trees.append(tree)


def _plain(text: str | bytes) -> tuple[Any, LineTree, bool] | None:
    """Values, line tree and whether its numbers fit JSON of a plain document of one root (`_Events`), None for an
    empty stream or more than one document; raises for anything else that is not plain."""
    loader = _StrictLoader(text)
    try:
        next_event = loader.get_event
        next_event()  # the stream's start
        if next_event().__class__ is not yaml.DocumentStartEvent:
            return None
        events = _Events(loader)
        data, tree = events.node(next_event())
        next_event()  # the document's end
        return (data, tree, events.fits_json) if next_event().__class__ is yaml.StreamEndEvent else None
    finally:
        loader.dispose()


def parse_yaml(text: str, source: str) -> YamlDocument:
    """Parse one YAML document; every problem becomes a ComplianceError naming the line. A plain document (most
    cards, rulesets and evidence) is read from the parser's events; any other, or any problem, goes through the
    composer and `_Walk` (`_composed`), which say what is wrong exactly as they did alone."""
    try:
        found = _plain(text)
    except Exception:  # whatever it is (_Unusual, a parse error, a constructor's): _composed says
        found = None
    if found is None:
        return _composed(text, source)
    return YamlDocument(source, *found)


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # libyaml would read bytes after one of these as UTF-16


def parse_utf8(raw: bytes, source: str) -> YamlDocument:
    """`parse_yaml(decode_text(raw, source), source)`. A plain document is read from the bytes themselves: libyaml
    reads UTF-8 (and refuses what is not, as `decode_text` does), where a text was decoded only for PyYAML to encode
    it again (~60 KB of text and 33 KB of bytes made for a card with Chinese in it). Anything else, or any
    problem, is decoded and parsed as text, so every error is the one it was."""
    if b"\x00" not in raw and not raw.startswith(_UTF16_MARKS):
        try:
            found = _plain(raw)
        except Exception:  # whatever it is: parse_yaml says (after decode_text)
            found = None
        if found is not None:
            return YamlDocument(source, *found)
    return parse_yaml(decode_text(raw, source), source)


def _composed(text: str, source: str) -> YamlDocument:
    """`parse_yaml` through PyYAML's composer and `_Walk`: every document the plain path (`_Events`) leaves."""
    loader = _StrictLoader(text)
    tree: LineTree | None = None
    try:
        root = loader.get_single_node()
        data = None
        if root is not None:
            walk = _Walk(source, loader, text)
            try:
                data, tree = walk.node(root)
            except _AliasFound:
                line, anchor = _first_alias(text)
                problem = Problem(source, line, "", f"YAML aliases are not allowed (*{anchor})")
                raise ComplianceError(str(problem), (problem,)) from None
            if walk.problems:
                raise ComplianceError(f"{source}: {len(walk.problems)} problem(s) in YAML structure",
                                      tuple(walk.problems))
            if walk.fallback:
                data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        problem = Problem(source, line, "", f"invalid YAML: {message}")
        raise ComplianceError(str(problem), (problem,)) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        problem = Problem(source, None, "", f"invalid YAML: {exc}")
        raise ComplianceError(str(problem), (problem,)) from None
    except (LookupError, AttributeError) as exc:  # PyYAML's constructors index into a malformed tagged scalar
        # (!!bool maybe, !!int ""), or read the groups of a pattern that did not match it (!!timestamp soon)
        problem = Problem(source, None, "", f"invalid YAML: a value cannot be read as its tag says ({exc})")
        raise ComplianceError(str(problem), (problem,)) from None
    finally:
        loader.dispose()
    return YamlDocument(source, data, tree, _fits_json(data))


# How `read_bytes` and `path_problem` word a refusal of their own, by code: `report.refusals` words each code in a
# report's language (the system's own refusals are in its words, `strerror`).
REFUSALS = {
    "nul": "the path contains a NUL byte",
    "loop": "symlink loop",
    "name_too_long": "file name too long",
    "folder": "is a folder, not a file",
    "fifo": "is a FIFO (named pipe), not a file",
    "device": "is a device, not a file",
    "socket": "is a socket, not a file",
    "special": "is not a regular file, not a file",
}


def _not_a_file(mode: int) -> str:
    """Why a file of `mode` that is not a regular file is not read (`REFUSALS`)."""
    if stat.S_ISDIR(mode):
        return REFUSALS["folder"]
    if stat.S_ISFIFO(mode):
        return REFUSALS["fifo"]
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return REFUSALS["device"]
    if stat.S_ISSOCK(mode):
        return REFUSALS["socket"]
    return REFUSALS["special"]


def path_problem(exc: OSError | ValueError | RuntimeError) -> str:
    """Why a path cannot be used, in words (symlink loop, NUL byte, name too long, ...)."""
    if isinstance(exc, ValueError):
        return REFUSALS["nul"] if "null" in str(exc) else f"unusable path ({exc})"
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return REFUSALS["loop"]
    if getattr(exc, "errno", None) == errno.ENAMETOOLONG:
        return REFUSALS["name_too_long"]
    return str(getattr(exc, "strerror", None) or exc)


def _read_at_most(fd: int, count: int, expected: int = -1) -> bytes:
    """Up to `count` bytes, fewer only at the end of the file (one `read` a chunk the system hands back). Once
    `expected` bytes are read (the size `fstat` gave), the read that would only find the end is not made."""
    chunks: list[bytes] = []
    while count > 0:
        chunk = os.read(fd, count)
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
        expected -= len(chunk)
        if not expected:
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
CANNOT_READ = "cannot read file: "  # before the system's reason when it refuses a file (`read_bytes`)


def read_bytes(path: Path | str, source: str, max_bytes: int = DEFAULT_MAX_BYTES, *, one_name: bool = False) -> bytes:
    """Read a regular file, refusing FIFOs and devices (reading one would block or never end) and files
    over the size cap; opened without blocking and checked on the open descriptor, so swapping the file
    for a FIFO after a check cannot hang the run; never more than the cap even if the file grows. Read with
    `os.read` on the descriptor: a buffered file object around it cost as much as the reading (~5 µs a file).

    `one_name`: refuse a file with more than one hard link. Its other names cannot be found without
    searching the whole disk, so one may lie outside the folder the file was confined to (evidence)."""
    try:
        fd = os.open(path, _READ_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ComplianceError(f"{source}: {_not_a_file(info.st_mode)}")
            if info.st_size > max_bytes:
                raise ComplianceError(f"{source}: file is {info.st_size:,} bytes; the limit is {max_bytes:,} bytes")
            if one_name and info.st_nlink > 1:
                raise ComplianceError(f"{source}: the file has {info.st_nlink} hard links; another name may lie "
                                      "outside the card's folder, so it is not read (copy it instead of linking)")
            want = min(info.st_size, max_bytes) + 1  # a buffer of the file's size, not of the cap (~30 µs a file)
            raw = _read_at_most(fd, want, info.st_size)
            if len(raw) == want and want <= max_bytes:  # it grew since it was measured: read on, up to the cap
                raw += _read_at_most(fd, max_bytes + 1 - want)
        finally:
            os.close(fd)
    except (OSError, ValueError) as exc:
        raise ComplianceError(f"{source}: {CANNOT_READ}{path_problem(exc)}") from None
    if len(raw) > max_bytes:
        raise ComplianceError(f"{source}: file is over the limit of {max_bytes:,} bytes")
    return raw


def decode_text(raw: bytes, source: str) -> str:
    """UTF-8 text of `raw`, refusing binary or undecodable content."""
    if b"\x00" in raw:
        raise ComplianceError(f"{source}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return utf8_text(raw)
    except UnicodeDecodeError as exc:
        raise ComplianceError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def load_yaml(path: Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> YamlDocument:
    """Read and parse a YAML file safely."""
    name = source or str(path)
    return parse_yaml(decode_text(read_bytes(path, name, max_bytes), name), name)
