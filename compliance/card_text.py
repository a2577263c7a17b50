"""Free text in the card, and its Chinese version: one rule for every text field.

A field whose schema is `{"$ref": "#/$defs/prose"}` (or `optional_prose`, which may be null) is free text
written by the provider (an intended purpose, a waiver's justification, an evidence title). Each such field
`<name>` gets a sibling `<name>_zh` in the schema: the same text in Chinese. Chinese documents (the CN filing,
the PIPIA) show `<name>_zh`; when it is absent they show a placeholder naming `<name>_zh`, never the other
language. English documents show `<name>`. The siblings are added here, once, to the shipped schema, so a new
text field needs only the `$ref` in `card.schema.json`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

PROSE_REF = "#/$defs/prose"
PROSE_REFS = (PROSE_REF, "#/$defs/optional_prose")   # required text, and text that may be left unanswered
TRANSLATIONS = ("zh",)  # languages with a `_<lang>` sibling; English is the field itself


def _objects(schema: Any) -> list[dict[str, Any]]:
    """Every sub-schema with `properties`, anywhere in the schema (in no particular order: each one's
    siblings are added from its own properties alone). A loop over a stack, not nested generators: the
    card schema has ~1,500 values, and each level of `yield from` costs a frame a value."""
    found: list[dict[str, Any]] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def with_translations(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the card schema in which every prose field has its `_zh` sibling."""
    return add_translations(json.loads(json.dumps(schema)))  # a deep copy at C speed (the schema is JSON)


def add_translations(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` itself, every prose field given its `_zh` sibling: for a schema just read, which nobody else
    holds yet (no copy to make)."""
    for node in _objects(schema):
        properties: dict[str, Any] = node["properties"]
        for name, spec in list(properties.items()):
            if isinstance(spec, dict) and spec.get("$ref") in PROSE_REFS:
                for lang in TRANSLATIONS:
                    properties.setdefault(f"{name}_{lang}", {
                        "$ref": "#/$defs/optional_prose",
                        "description": f"{name} in {'Chinese' if lang == 'zh' else lang}: documents in that "
                                       f"language show this text (a placeholder when it is missing, never "
                                       f"another language)."})
    return schema


_CACHE_KIND = "card-schema"


def translated_schema(raw: bytes) -> dict[str, Any]:
    """The card schema of file content `raw` with its `_zh` siblings, kept in the catalog cache as marshal data
    sealed like the catalog (`catalog_cache`: nothing is decoded before its seal authenticates) under a key
    of the content, this module's code and Python's cache tag: reading the JSON and walking it for prose
    fields was ~0.6 ms of every card load. A miss, or a value that is not a mapping, builds it afresh."""
    from . import catalog_cache
    from .digests import key_digest

    key = key_digest(b"\0".join((sys.implementation.cache_tag.encode(), Path(__file__).read_bytes(), raw)))
    found = catalog_cache.read_marshalled(key.hexdigest(), _CACHE_KIND)
    if found is not None:
        return found
    built = add_translations(json.loads(raw.decode("utf-8")))
    catalog_cache.write_marshalled(key.hexdigest(), built, _CACHE_KIND, keep=2)
    return built


def prose_paths(schema: Mapping[str, Any]) -> frozenset[str]:
    """Dotted paths of the prose fields of the card's top-level objects (`system.intended_purpose`)."""
    found: set[str] = set()
    for section, spec in schema.get("properties", {}).items():
        for name, field in (spec.get("properties", {}) if isinstance(spec, dict) else {}).items():
            if isinstance(field, dict) and field.get("$ref") in PROSE_REFS and not name.endswith(
                    tuple(f"_{lang}" for lang in TRANSLATIONS)):
                found.add(f"{section}.{name}")
    return frozenset(found)


def text_in(item: Mapping[str, Any], key: str, lang: str) -> str | None:
    """`item[key]` in `lang`: `key_zh` for Chinese (None when missing), `key` otherwise."""
    value = item.get(f"{key}_{lang}") if lang in TRANSLATIONS else item.get(key)
    return value if isinstance(value, str) and value.strip() else None


@cache
def _han() -> re.Pattern[str]:
    return re.compile("[\u3400-\u9fff\uf900-\ufaff]")  # ~3 ms to compile: only when a dossier asks


def has_han(text: str) -> bool:
    """Whether `text` has a Chinese character (CJK unified ideographs, extension A, compatibility)."""
    return _han().search(text) is not None
