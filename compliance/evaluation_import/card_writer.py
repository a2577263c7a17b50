"""Write an evidence entry into a card without disturbing the rest of it.

ruamel.yaml reads the card (round trip: comments, order, line positions) and renders the entry. A plain
ruamel dump of the whole card would also re-flow every multi-line `{...}` entry onto one line and turn
`null` into nothing, so the rendered entry is placed at the line ruamel reports for the end of the
evidence list, and every other line stays byte for byte. The result is parsed again and must equal the old
card plus (or with) the new entry, else nothing is written. Only cards whose evidence is not a block list
(absent is fine) go through a full ruamel dump.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ComplianceError
from ..yaml_source import parse_yaml

_BLANK_OR_COMMENT = re.compile(r"^\s*(#.*)?$")


@dataclass(frozen=True)
class CardEdit:
    text: str
    action: str                       # added | updated


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096                 # never re-wrap a line the user wrote
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.representer.add_representer(type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null",
                                                                                     "null"))
    yaml.representer.add_representer(float, lambda rep, value: rep.represent_scalar("tag:yaml.org,2002:float",
                                                                                    float_text(value)))
    return yaml


def float_text(value: float) -> str:
    """The shortest text that reads back as exactly this float, with the dot YAML 1.1 readers need
    (`1e-05` would be a string to them)."""
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def _commented(entry: Mapping[str, Any]) -> Any:
    """The entry as ruamel nodes: dates quoted like the rest of the card, small mappings in flow style."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def flow(data: Mapping[str, Any]) -> CommentedMap:
        node = CommentedMap(data)
        node.fa.set_flow_style()
        return node

    out = CommentedMap()
    for key, value in entry.items():
        if key in ("date", "valid_until"):
            out[key] = DoubleQuotedScalarString(value)
        elif key == "source":
            out[key] = flow(value)
        elif key == "datasets":
            out[key] = CommentedMap((name, flow(info)) for name, info in value.items())
        elif isinstance(value, Mapping):
            out[key] = CommentedMap(value)
        else:
            out[key] = value
    return out


def render_entry(entry: Mapping[str, Any], indent: int = 2) -> str:
    """The entry as a YAML list item, its dash at column `indent`."""
    from ruamel.yaml.comments import CommentedSeq

    buffer = io.StringIO()
    _yaml().dump(CommentedSeq([_commented(entry)]), buffer)
    return "".join(" " * indent + line if line.strip() else line
                   for line in buffer.getvalue().splitlines(keepends=True))


def _last_content_line(lines: list[str], start: int, end: int) -> int:
    """Index of the last line in [start, end) that is not blank or a comment (a comment before the next
    section belongs to that section)."""
    last = start
    for index in range(start, end):
        if not _BLANK_OR_COMMENT.match(lines[index]):
            last = index
    return last


def _plain(text: str, source: str) -> Any:
    return parse_yaml(text, source).data


def edit_card(card_text: str, entry: Mapping[str, Any], replace_index: int | None, source: str) -> CardEdit:
    """The card text with `entry` appended to its evidence list, or replacing item `replace_index`."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml()
    try:
        root = yaml.load(card_text)
    except Exception as exc:  # ruamel's errors share no base class worth naming; the card was parsed before
        raise ComplianceError(f"{source}: cannot read the card for writing ({type(exc).__name__})") from None
    if not isinstance(root, CommentedMap):
        raise ComplianceError(f"{source}: a card must be a YAML mapping")
    evidence = root.get("evidence")
    lines = card_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if "evidence" not in root:
        new_text = "".join(lines) + "evidence:\n" + render_entry(entry)
    elif isinstance(evidence, CommentedSeq) and len(evidence) and not evidence.fa.flow_style():
        new_text = _splice(lines, root, evidence, entry, replace_index)
    else:
        if not isinstance(evidence, CommentedSeq):
            evidence = CommentedSeq()
            root["evidence"] = evidence
        if replace_index is None:
            evidence.append(_commented(entry))
        else:
            evidence[replace_index] = _commented(entry)
        buffer = io.StringIO()
        yaml.dump(root, buffer)
        new_text = buffer.getvalue()
    _verify(card_text, new_text, entry, replace_index, source)
    return CardEdit(new_text, "added" if replace_index is None else "updated")


def _splice(lines: list[str], root: Any, evidence: Any, entry: Mapping[str, Any], replace_index: int | None) -> str:
    keys = list(root)
    following = keys[keys.index("evidence") + 1:]
    list_end = root.lc.key(following[0])[0] if following else len(lines)
    item_line, item_column = evidence.lc.item(0)
    dash = lines[item_line].rfind("-", 0, item_column + 1)
    indent = dash if dash >= 0 else 2
    rendered = render_entry(entry, indent)
    if replace_index is None:
        start = evidence.lc.item(len(evidence) - 1)[0]
        after = _last_content_line(lines, start, list_end) + 1
        return "".join(lines[:after]) + rendered + "".join(lines[after:])
    start = evidence.lc.item(replace_index)[0]
    end = evidence.lc.item(replace_index + 1)[0] if replace_index + 1 < len(evidence) else list_end
    stop = _last_content_line(lines, start, end) + 1
    return "".join(lines[:start]) + rendered + "".join(lines[stop:])


def _verify(old_text: str, new_text: str, entry: Mapping[str, Any], replace_index: int | None, source: str) -> None:
    """The new card must mean exactly the old one with the entry added or replaced."""
    expected = _plain(old_text, source)
    listed = list(expected.get("evidence") or [])
    if replace_index is None:
        listed.append(dict(entry))
    else:
        listed[replace_index] = dict(entry)
    expected["evidence"] = listed
    try:
        written = _plain(new_text, source)
    except ComplianceError:
        written = None
    if written != expected:
        raise ComplianceError(f"{source}: the entry could not be added without changing other content of the "
                              "card; nothing was written (add it by hand: run without --card to print it)")


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step (a crash leaves the old card or the new one, never half of each)."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ComplianceError(f"cannot write {path}: {exc.strerror or exc}") from None

