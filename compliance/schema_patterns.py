"""The card schema's `pattern`s as string tests: compiling their regular expressions was ~0.4 ms of every
card load (a check compiles nothing else of the schema's). Each test answers exactly as the pattern with
JSON Schema's anchoring (`quickcheck.schema_regex`: `$` only at the very end), which
tests/test_schema_patterns.py checks on random strings; a pattern not listed here is compiled as before.

Each test is the whole `pattern` keyword, called as `quickcheck` calls a keyword's test (value, rule): a value that
is not a string passes (JSON Schema applies `pattern` to strings only), so a check makes one call a value, not two.
"""

from __future__ import annotations

from collections.abc import Callable

_DIGITS = frozenset("0123456789")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SNAKE = _LOWER | _DIGITS | {"_"}  # [a-z0-9_]
_ALNUM = _LOWER | _UPPER | _DIGITS  # [A-Za-z0-9]
_NAME = _ALNUM | {".", "_", "-"}  # [A-Za-z0-9._-]
_HEX = _DIGITS | frozenset("abcdef")
_USCC = _DIGITS | frozenset("ABCDEFGHJKLMNPQRTUWXY")  # [0-9A-HJ-NPQRTUWXY]: GB 32100's characters


def _date(value: object, _rule: object = None) -> bool:
    """^[0-9]{4}-[0-9]{2}-[0-9]{2}$"""
    if not isinstance(value, str):
        return True
    return (len(value) == 10 and value[4] == "-" and value[7] == "-"
            and set(value[:4] + value[5:7] + value[8:]) <= _DIGITS)


def _sha256(value: object, _rule: object = None) -> bool:
    """^[0-9a-f]{64}$"""
    if not isinstance(value, str):
        return True
    return len(value) == 64 and set(value) <= _HEX


def _snake(value: object, _rule: object = None) -> bool:
    """^[a-z][a-z0-9_]*$"""
    if not isinstance(value, str):
        return True
    return value[:1] in _LOWER and set(value) <= _SNAKE


def _name(value: object, _rule: object = None) -> bool:
    """^[A-Za-z0-9][A-Za-z0-9._-]*$"""
    if not isinstance(value, str):
        return True
    return value[:1] in _ALNUM and set(value) <= _NAME


def _two_capitals(value: object, _rule: object = None) -> bool:
    """^(EU|[A-Z]{2})$ and ^(EU|CN|[A-Z]{2})$: EU and CN are two capitals too."""
    if not isinstance(value, str):
        return True
    return len(value) == 2 and set(value) <= _UPPER


def _uscc(value: object, _rule: object = None) -> bool:
    """^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"""
    if not isinstance(value, str):
        return True
    return len(value) == 18 and set(value[:2] + value[8:]) <= _USCC and set(value[2:8]) <= _DIGITS


def _dotted(value: object, _rule: object = None) -> bool:
    """^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$: a snake name and one or more non-empty [a-z0-9_] parts after dots."""
    if not isinstance(value, str):
        return True
    first, *rest = value.split(".")
    return bool(rest) and _snake(first) and all(part and set(part) <= _SNAKE for part in rest)


def _path(value: object, _rule: object = None) -> bool:
    """^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*$: parts after dots, each a snake name that may start with _."""
    if not isinstance(value, str):
        return True
    return all((part[:1] in _LOWER or part[:1] == "_") and set(part) <= _SNAKE for part in value.split("."))


PATTERN_TESTS: dict[str, Callable[[object, object], bool]] = {
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": _date,
    "^[0-9a-f]{64}$": _sha256,
    "^[a-z][a-z0-9_]*$": _snake,
    "^[A-Za-z0-9][A-Za-z0-9._-]*$": _name,
    "^(EU|[A-Z]{2})$": _two_capitals,
    "^(EU|CN|[A-Z]{2})$": _two_capitals,
    "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$": _uscc,
    "^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$": _dotted,
    "^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*$": _path,
}
