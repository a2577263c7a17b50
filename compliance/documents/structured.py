"""YAML and JSON: the keys of mappings are headings (nesting is the level), scalar values their text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Document
from .outline import OutlineBuilder

MAX_HEADING_DEPTH = 4


_SCALARS = (str, int, float, bool, type(None))  # what YAML and JSON values are, besides mappings and lists


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _lines(value: Any, prefix: str = "") -> list[str]:
    """A value below the heading depth (or inside a list) as `key: value` lines."""
    if type(value) not in _SCALARS:  # a scalar, the common case, without asking the Mapping ABC
        if isinstance(value, Mapping):
            return [line for key, item in value.items() for line in _lines(item, f"{prefix}{key}: ")]
        if isinstance(value, list):
            return [line for item in value for line in _lines(item, prefix)]
    text = _scalar(value)
    return [f"{prefix}{text}"] if text else []


def _walk(value: Any, depth: int, outline: OutlineBuilder) -> None:
    kind = type(value)
    if depth <= MAX_HEADING_DEPTH and (kind is dict or (kind not in _SCALARS and isinstance(value, Mapping))):
        for key, item in value.items():
            outline.heading(depth, str(key))
            _walk(item, depth + 1, outline)
        return
    body = outline.current  # no heading is added below: every line goes to the same body
    if kind in _SCALARS:  # most values: what `_lines` gives of a scalar, without its calls
        text = _scalar(value)
        if text:
            body.append(text.strip())
        body.append("")
        return
    for item in value if isinstance(value, list) else (value,):
        body.extend([line.strip() for line in _lines(item)])  # one paragraph per list item, so a quoted
        body.append("")                                       # list does not run together


def structured_document(fmt: str, text: str, data: Any) -> Document:
    outline = OutlineBuilder()
    if isinstance(data, Mapping):
        _walk(data, 1, outline)
    else:
        for line in _lines(data):
            outline.line(line)
    preamble, headings = outline.build()
    return Document(fmt, text, headings, preamble, data)
