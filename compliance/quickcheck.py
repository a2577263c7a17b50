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

import operator
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from .schema_patterns import PATTERN_TESTS

_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples", "$defs",
                          "deprecated", "readOnly", "writeOnly"})
_KNOWN = frozenset({"type", "properties", "required", "additionalProperties", "enum", "const", "pattern", "items",
                    "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "minLength", "format", "$ref",
                    "anyOf", "oneOf", "allOf", "not", "propertyNames", "minProperties", "patternProperties"})
_ALLOWED = _KNOWN | _ANNOTATIONS
# JSON Schema types that are exactly one Python type of a parsed document (integer and number are not: a bool
# is an int, and 1.0 is an integer)
_PYTHON_TYPES: dict[str, type] = {"string": str, "boolean": bool, "null": type(None), "object": dict, "array": list}
_TYPE_NAMES = frozenset({*_PYTHON_TYPES, "integer", "number"})
_SHAPES: dict[str, type] = {"enum": list, "required": list, "properties": dict}  # what a plan relies on
_REF_ONLY = frozenset({"$ref", *_ANNOTATIONS})


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



_NEITHER = frozenset({str, int, float, type(None)})  # exactly these types are never a Mapping or a list


def _equal(a: Any, b: Any) -> bool:
    """JSON Schema equality. A string, number or null as `a` (most values an enum or a const is tested with) is
    compared at once: the Mapping test is an ABC's, whose `__instancecheck__` is a Python call."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if type(a) in _NEITHER:
        return bool(a == b)
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


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# One test a keyword: (value, rule) -> bool, where `rule` is the keyword's value as `_Checker.plan` prepares
# it. A keyword about one kind of value (properties, items, pattern, minimum...) passes any other kind.

def _type(value: Any, names: tuple[str, ...]) -> bool:
    return any(_is_type(value, name) for name in names)


def _instance_or_number(value: Any, rule: tuple[tuple[type, ...], tuple[str, ...]]) -> bool:
    """`type` naming integer or number as well (`["integer", "null"]`): `_is_type` of each name, written out (a
    bool is neither; an integer is a number, and so is a float; a float is an integer when it is whole)."""
    types, numbers = rule
    if isinstance(value, types):
        return True
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return "number" in numbers or isinstance(value, int) or value.is_integer()


def _type_test(rule: Any) -> tuple[Any, Any]:
    """The test of a `type` keyword: isinstance against the Python types it names when every name is known
    (any() of `_is_type` over the names, which raises Unsupported for an unknown one, otherwise). Worked out once
    per list of names (a card's check plans ~120 `type`s, of a handful of lists)."""
    names = (rule,) if isinstance(rule, str) else tuple(rule) if isinstance(rule, list) else (rule,)
    try:
        return _kept_names_test(names)
    except TypeError:  # a name that cannot be hashed (a malformed schema): not kept
        return _names_test(names)


@cache
def _kept_names_test(names: tuple[Any, ...]) -> tuple[Any, Any]:
    """`_names_test`, kept: the test it gives is the same for every sub-schema naming them."""
    return _names_test(names)


def _names_test(names: tuple[Any, ...]) -> tuple[Any, Any]:
    """`_type_test` of the names a `type` keyword gives."""
    if not all(isinstance(name, str) and name in _TYPE_NAMES for name in names):
        return _type, names
    types = tuple(_PYTHON_TYPES[name] for name in names if name in _PYTHON_TYPES)
    numbers = tuple(name for name in names if name not in _PYTHON_TYPES)
    # `type` naming only types of `_PYTHON_TYPES`: the test is `isinstance` itself, called as tests are (value,
    # rule), a C call where a function around it was a Python frame (~840 tests of a card)
    return (_instance_or_number, (types, numbers)) if numbers else (isinstance, types)


def _never(_value: Any, _rule: Any) -> bool:
    return False


def _enum(value: Any, rule: tuple[frozenset[str], frozenset[int], Any]) -> bool:
    strings, singletons, options = rule
    if isinstance(value, str):  # a string equals only a string: one hashed membership test
        return value in strings
    if value is None or value is True or value is False:  # equal only to itself (`_equal`): the option, if listed
        return id(value) in singletons
    for option in options:  # noqa: SIM110 - a loop: no generator frame
        if _equal(value, option):
            return True
    return False


def _const(value: Any, rule: Any) -> bool:
    return _equal(value, rule)


def _required(value: Any, rule: Any) -> bool:
    return not isinstance(value, dict) or all(k in value for k in rule)


def _required_keys(value: Any, keys: frozenset[str]) -> bool:
    """`required` naming only strings: one set comparison."""
    return not isinstance(value, dict) or value.keys() >= keys


def _keys(value: Any, rule: tuple[frozenset[str], frozenset[str]]) -> bool:
    """`additionalProperties: false` (without `patternProperties`) and `required` naming strings, in one call: no
    key but the named ones, and every required one (most of a card's objects are such)."""
    if not isinstance(value, dict):
        return True
    names, required = rule
    keys = value.keys()
    return keys <= names and keys >= required


def _closed(value: Any, names: frozenset[str]) -> bool:
    """`additionalProperties: false` without `patternProperties`: no key but the named ones."""
    return not isinstance(value, dict) or value.keys() <= names


def _min_properties(value: Any, rule: Any) -> bool:
    return not isinstance(value, dict) or len(value) >= int(rule)


def _min_items(value: Any, rule: Any) -> bool:
    return not isinstance(value, list) or len(value) >= int(rule)


def _max_items(value: Any, rule: Any) -> bool:
    return not isinstance(value, list) or len(value) <= int(rule)


def _unique_items(value: Any, rule: Any) -> bool:
    """No two items equal as JSON Schema compares them (`_identity`). Items that Python calls all different (one
    set built in C, for the common list of strings) are: JSON Schema's equality is Python's for these values but
    for `true` and `1` (and `false` and `0`), which Python calls equal and JSON Schema does not."""
    if not isinstance(value, list) or not rule:
        return True
    try:
        if len(set(value)) == len(value):
            return True
    except TypeError:  # an object or a list among the items: not hashable as they are
        pass
    return len({_identity(item) for item in value}) == len(value)


def _pattern(value: Any, rule: Any) -> bool:
    return not isinstance(value, str) or schema_regex(rule).search(value) is not None


def _min_length(value: Any, rule: Any) -> bool:
    return not isinstance(value, str) or len(value) >= int(rule)


def _format(value: Any, rule: Any) -> bool:
    if not isinstance(value, str):
        return True
    if rule != "date":
        raise Unsupported(f"format {rule}")
    return _date_format(value, rule)


def _date_format(value: Any, _rule: Any) -> bool:
    """`format: date`: the shape `^\\d{4}-\\d{2}-\\d{2}\\Z` (ASCII digits, tested with string methods: no pattern
    to compile), since `date.fromisoformat` also takes `20260101` and `2026-W01-1`, and a real date."""
    if not isinstance(value, str):
        return True
    if not (len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii()
            and (value[:4] + value[5:7] + value[8:]).isdigit()):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _minimum(value: Any, rule: Any) -> bool:
    return not _is_number(value) or bool(value >= rule)


def _maximum(value: Any, rule: Any) -> bool:
    return not _is_number(value) or bool(value <= rule)


_TESTS: dict[str, Any] = {"const": _const, "minProperties": _min_properties,
                          "minItems": _min_items, "maxItems": _max_items, "uniqueItems": _unique_items,
                          "pattern": _pattern, "minLength": _min_length, "format": _format, "minimum": _minimum,
                          "maximum": _maximum}

Plan = tuple[tuple[Any, Any], ...]


def _keys_step(schema: Mapping[str, Any]) -> tuple[Any, Any] | None:
    """One `_keys` step for `additionalProperties: false` (no `patternProperties`) and `required` naming strings
    together (most of a card's objects), else None: each keyword then has its own step."""
    required = schema.get("required")
    if schema.get("additionalProperties") is not False or type(required) is not list or "patternProperties" in schema:
        return None
    if not all(isinstance(key, str) for key in required):
        return None
    named = schema.get("properties", {})
    return (_keys, (frozenset(named), frozenset(required))) if isinstance(named, dict) else None


class _Checker:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self._plans: dict[int, Plan] = {}

    def plan(self, schema: Any) -> Plan:
        """The tests of a sub-schema, as (test, rule) pairs in the schema's order, worked out once per
        sub-schema (a card's evidence list asks the same sub-schema for every entry); raises Unsupported
        for a keyword not implemented. Plans are kept by identity: every sub-schema belongs to the root
        schema, which outlives the checker, so no identity is reused while it runs."""
        if schema is True or schema is False:
            plan: Plan = () if schema else ((_never, None),)
            self._plans[id(schema)] = plan
            return plan
        keys = schema.keys()
        if not keys <= _ALLOWED:
            raise Unsupported(", ".join(sorted(keys - _ALLOWED)))
        if "$ref" in schema and keys <= _REF_ONLY:  # a reference alone (most are): the plan it refers to
            target = self.ref(schema["$ref"])
            known = self._plans.get(id(target))
            self._plans[id(schema)] = plan = self.plan(target) if known is None else known
            return plan
        steps: list[tuple[Any, Any]] = []
        keys_step = _keys_step(schema) if "required" in schema else None
        for key, rule in schema.items():
            if key not in _KNOWN:
                continue
            if keys_step is not None and (key == "required" or key == "additionalProperties"):
                if keys_step not in steps:  # where the first of the two is
                    steps.append(keys_step)
                continue
            shape = _SHAPES.get(key)
            if shape is not None and not isinstance(rule, shape):
                raise Unsupported(f"{key} of {type(rule).__name__}")  # a malformed schema: jsonschema's to judge
            if key == "$ref":
                steps.append((self.valid, self.ref(rule)))
            elif key == "type":
                steps.append(_type_test(rule))
            elif key == "enum":
                strings = frozenset(o for o in rule if isinstance(o, str))
                singletons = frozenset() if len(strings) == len(rule) else frozenset(
                    id(o) for o in rule if o is None or o is True or o is False)
                steps.append((_enum, (strings, singletons, rule)))
            elif key == "required":
                steps.append((_required_keys, frozenset(rule)) if all(isinstance(k, str) for k in rule) else
                             (_required, rule))
            elif key == "anyOf":
                steps.append((self._any_of, rule))
            elif key == "oneOf":
                steps.append((self._one_of, rule))
            elif key == "allOf":
                steps.append((self._all_of, rule))
            elif key == "not":
                steps.append((self._not, rule))
            elif key == "properties":
                steps.append((self._properties, rule))
            elif key == "propertyNames":
                steps.append((self._property_names, rule))
            elif key == "patternProperties":
                steps.append((self._pattern_properties, tuple((schema_regex(p), s) for p, s in rule.items())))
            elif key == "additionalProperties":
                patterns = tuple(schema_regex(p) for p in schema.get("patternProperties", {}))
                named = schema.get("properties", {})
                steps.append((_closed, frozenset(named)) if rule is False and not patterns else
                             (self._additional, (named, patterns, rule)))
            elif key == "items":
                steps.append((self._items, rule))
            elif key == "pattern" and isinstance(rule, str) and rule in PATTERN_TESTS:
                steps.append((PATTERN_TESTS[rule], None))  # the keyword's test itself (`schema_patterns`)
            elif key == "minLength" and type(rule) is int and rule == 1:
                # `len(value) >= 1` of a string, true of any other value: `value != ""` exactly, a C call
                steps.append((operator.ne, ""))
            elif key == "format" and rule == "date":
                steps.append((_date_format, None))
            else:
                steps.append((_TESTS[key], rule))
        plan = tuple(steps)
        self._plans[id(schema)] = plan
        return plan

    def ref(self, ref: str) -> Mapping[str, Any]:
        if not ref.startswith("#/$defs/"):
            raise Unsupported(ref)
        found: Mapping[str, Any] = self.root["$defs"][ref.removeprefix("#/$defs/")]
        return found

    def valid(self, value: Any, schema: Any) -> bool:
        plan = self._plans.get(id(schema))
        if plan is None:
            plan = self.plan(schema)
        for test, rule in plan:  # noqa: SIM110 - a loop: no generator frame a value
            if not test(value, rule):
                return False
        return True

    def _any_of(self, value: Any, rule: Any) -> bool:
        """`valid` of each alternative written out in the loop (an optional text is `anyOf` text or null: ~45 a
        card), no call a try."""
        plans = self._plans
        for schema in rule:
            plan = plans.get(id(schema))
            for test, step in self.plan(schema) if plan is None else plan:
                if not test(value, step):
                    break
            else:
                return True
        return False

    def _one_of(self, value: Any, rule: Any) -> bool:
        return sum(1 for s in rule if self.valid(value, s)) == 1

    def _all_of(self, value: Any, rule: Any) -> bool:
        return all(self.valid(value, s) for s in rule)

    def _not(self, value: Any, rule: Any) -> bool:
        return not self.valid(value, rule)

    def _properties(self, value: Any, rule: Mapping[str, Any]) -> bool:
        """Each key of the value that the schema names (a card's object has a few of the many it names: its
        translations double them); any order gives the same answer, as every test runs when it is True.
        `valid` written out in the loop: the card's values are mostly reached from here and `_items`."""
        if isinstance(value, dict):
            plans = self._plans
            for key, item in value.items():
                if key in rule:
                    schema = rule[key]
                    plan = plans.get(id(schema))
                    for test, step in self.plan(schema) if plan is None else plan:
                        if not test(item, step):
                            return False
        return True

    def _property_names(self, value: Any, rule: Any) -> bool:
        """Each key valid against `rule`: the keys checked as a list's items are (`_items`), not by `valid` a key."""
        return not isinstance(value, dict) or self._items(list(value), rule)

    def _pattern_properties(self, value: Any, rule: tuple[tuple[re.Pattern[str], Any], ...]) -> bool:
        return not isinstance(value, dict) or all(self.valid(v, s) for p, s in rule for k, v in value.items()
                                                  if p.search(k))

    def _additional(self, value: Any, rule: tuple[Mapping[str, Any], tuple[re.Pattern[str], ...], Any]) -> bool:
        if not isinstance(value, dict):
            return True
        named, patterns, schema = rule
        for key in value:
            if key not in named and not any(p.search(key) for p in patterns) and not self.valid(value[key], schema):
                return False
        return True

    def _items(self, value: Any, rule: Any) -> bool:
        if isinstance(value, list):
            plan = self._plans.get(id(rule))
            for test, step in self.plan(rule) if plan is None else plan:
                for item in value:
                    if not test(item, step):
                        return False
        return True


# The checker of the schema checked against last, and the schema (held, so that no sub-schema's identity is
# reused while its plan is kept): a batch checks every card against one card schema.
_last: tuple[Mapping[str, Any], _Checker] | None = None


def is_valid(instance: Any, schema: Mapping[str, Any]) -> bool:
    """Whether `instance` is valid; raises Unsupported when only jsonschema can tell. The plans of the schema
    checked against last are kept (planning was ~0.5 ms of each card of a batch): a schema is never changed once
    it is checked against (the package's are shared and read only)."""
    global _last
    if _last is None or _last[0] is not schema:
        _last = (schema, _Checker(schema))
    return _last[1].valid(instance, schema)
