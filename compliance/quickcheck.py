"""A fast yes/no JSON Schema check for the subset of Draft 2020-12 our schemas use.

`jsonschema` costs ~60–100 ms to import, more than the rest of `compliance check`. Valid input is the
common case, so it is checked here first; only invalid input (or a schema keyword this module does
not know) goes to `jsonschema`, which then reports every problem with its message. This module must
never call valid what `jsonschema` calls invalid: unknown keywords raise `Unsupported`, and a test
compares both on thousands of mutated cards.

Patterns follow JSON Schema (ECMA-262) semantics, not Python's: `$` matches only at the very end of the
string. Python's `$` also matches before a final newline, so `"CN\n"` would pass `^(EU|CN)$`;
`schema_regex` translates every `$` to `\\Z`, and `schema_check` gives jsonschema the same regexes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples", "$defs",
                          "deprecated", "readOnly", "writeOnly"})
_KNOWN = frozenset({"type", "properties", "required", "additionalProperties", "enum", "const", "pattern", "items",
                    "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "minLength", "format", "$ref",
                    "anyOf", "oneOf", "allOf", "not", "propertyNames", "minProperties", "patternProperties"})


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z", re.ASCII)


class Unsupported(Exception):
    """The schema uses something this checker does not implement; use jsonschema."""


def _ecma_anchors(pattern: str) -> str:
    """`$` (outside a character class, unescaped) becomes `\\Z`: end of the string and nothing after it."""
    out: list[str] = []
    escaped = in_class = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            out.append("\\Z")
            continue
        out.append(ch)
    return "".join(out)


@cache
def schema_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema `pattern` compiled with ECMA-262 anchoring (search, `$` only at the very end)."""
    return re.compile(_ecma_anchors(pattern))



def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _identity(value: Any) -> Any:
    """A hashable stand-in equal for exactly the values `_equal` calls equal (JSON Schema equality: 1 and 1.0
    are the same number, true is not 1, objects compare by keys and values), so uniqueness is one set."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, Mapping):
        return ("object", frozenset((key, _identity(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_identity(item) for item in value))
    return ("value", value)


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, int | float)
    raise Unsupported(f"type {name}")


class _Checker:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self._keys: dict[int, tuple[Mapping[str, Any], tuple[str, ...]]] = {}

    def keys(self, schema: Mapping[str, Any]) -> tuple[str, ...]:
        """The keywords of a sub-schema to check, worked out once per sub-schema (a card's evidence list
        asks the same sub-schema for every entry); raises Unsupported for a keyword not implemented."""
        found = self._keys.get(id(schema))
        if found is None or found[0] is not schema:
            unknown = schema.keys() - _KNOWN - _ANNOTATIONS
            if unknown:
                raise Unsupported(", ".join(sorted(unknown)))
            found = self._keys[id(schema)] = (schema, tuple(key for key in schema if key in _KNOWN))
        return found[1]

    def ref(self, ref: str) -> Mapping[str, Any]:
        if not ref.startswith("#/$defs/"):
            raise Unsupported(ref)
        found: Mapping[str, Any] = self.root["$defs"][ref.removeprefix("#/$defs/")]
        return found

    def valid(self, value: Any, schema: Any) -> bool:
        if schema is True:
            return True
        if schema is False:
            return False
        return all(self._keyword(value, schema, key) for key in self.keys(schema))

    def _keyword(self, value: Any, schema: Mapping[str, Any], key: str) -> bool:
        rule = schema[key]
        if key == "$ref":
            return self.valid(value, self.ref(rule))
        if key == "type":
            names = rule if isinstance(rule, list) else [rule]
            return any(_is_type(value, n) for n in names)
        if key == "enum":
            if isinstance(value, str):  # a string equals only a string: one C-speed membership test
                return value in rule
            return any(_equal(value, option) for option in rule)
        if key == "const":
            return _equal(value, rule)
        if key == "anyOf":
            return any(self.valid(value, s) for s in rule)
        if key == "oneOf":
            return sum(1 for s in rule if self.valid(value, s)) == 1
        if key == "allOf":
            return all(self.valid(value, s) for s in rule)
        if key == "not":
            return not self.valid(value, rule)
        if isinstance(value, dict):
            return self._object(value, schema, key, rule)
        if isinstance(value, list):
            return self._array(value, key, rule)
        if isinstance(value, str):
            return self._string(value, key, rule)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if key == "minimum":
                return bool(value >= rule)
            if key == "maximum":
                return bool(value <= rule)
        return True

    def _object(self, value: dict[str, Any], schema: Mapping[str, Any], key: str, rule: Any) -> bool:
        if key == "properties":
            return all(self.valid(value[k], s) for k, s in rule.items() if k in value)
        if key == "required":
            return all(k in value for k in rule)
        if key == "minProperties":
            return len(value) >= int(rule)
        if key == "propertyNames":
            return all(self.valid(k, rule) for k in value)
        if key == "patternProperties":
            return all(self.valid(v, s) for p, s in rule.items() for k, v in value.items()
                       if schema_regex(p).search(k))
        if key == "additionalProperties":
            named = schema.get("properties", {})
            patterns = [schema_regex(p) for p in schema.get("patternProperties", {})]
            extra = [k for k in value if k not in named and not any(p.search(k) for p in patterns)]
            return all(self.valid(value[k], rule) for k in extra)
        return True

    def _array(self, value: list[Any], key: str, rule: Any) -> bool:
        if key == "items":
            return all(self.valid(item, rule) for item in value)
        if key == "minItems":
            return len(value) >= int(rule)
        if key == "maxItems":
            return len(value) <= int(rule)
        if key == "uniqueItems" and rule:
            return len({_identity(item) for item in value}) == len(value)
        return True

    def _string(self, value: str, key: str, rule: Any) -> bool:
        if key == "pattern":
            return schema_regex(rule).search(value) is not None
        if key == "minLength":
            return len(value) >= int(rule)
        if key == "format":
            if rule != "date":
                raise Unsupported(f"format {rule}")
            if not _DATE.fullmatch(value):
                return False
            try:
                date.fromisoformat(value)
            except ValueError:
                return False
        return True


def is_valid(instance: Any, schema: Mapping[str, Any]) -> bool:
    """Whether `instance` is valid; raises Unsupported when only jsonschema can tell."""
    return _Checker(schema).valid(instance, schema)
