"""JSON Schema validation that reports every problem at once, located by file and line."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .errors import Problem
from .quickcheck import Unsupported, is_valid, schema_regex
from .yaml_source import LARGEST_INT, YamlDocument

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_MAX_MESSAGE = 240


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf failures, the sub-error that explains the most specific mistake."""
    from jsonschema.exceptions import best_match

    while error.context:
        nested = best_match(error.context, key=lambda e: (len(e.absolute_path), -len(e.context or ())))
        if nested is None:
            break
        error = nested
    return error


def _problems_for(error: ValidationError, doc: YamlDocument) -> Iterator[Problem]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        error = _deepest(error)
    path = list(error.absolute_path)
    shown = "/".join(str(p) for p in path) or "<root>"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        for key in sorted(k for k in error.instance if k not in known):
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            hint += f" (allowed: {', '.join(known)})" if known else ""
            yield Problem(doc.source, doc.line_for([*path, key]), "/".join(str(p) for p in [*path, key]),
                          _shorten(f"unknown key {key!r}{hint}"))
        return
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield Problem(doc.source, doc.line_for(path), shown, f"missing required key '{missing}'")
        return
    if error.validator == "enum":
        options = [_yaml_word(v) for v in error.validator_value]  # type: ignore[union-attr]
        close = difflib.get_close_matches(str(error.instance), options, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        allowed = f"allowed: {', '.join(options)}" if len(options) <= 20 else f"{len(options)} allowed values"
        yield Problem(doc.source, doc.line_for(path), shown,
                      _shorten(f"{error.instance!r} is not allowed{hint} ({allowed})"))
        return
    if error.validator == "format" and error.validator_value == "date":
        yield Problem(doc.source, doc.line_for(path), shown, f"{error.instance!r} is not a valid date (YYYY-MM-DD)")
        return
    is_date = isinstance(error.schema, dict) and error.schema.get("format") == "date"
    if error.validator == "pattern" and is_date:
        yield Problem(doc.source, doc.line_for(path), shown, f"{error.instance!r} is not a date in YYYY-MM-DD form")
        return
    message = error.message
    wants_string = "string" in str(error.validator_value)
    if error.validator == "type" and isinstance(error.instance, float | int | bool) and wants_string:
        message += " (quote it in YAML)"
    yield Problem(doc.source, doc.line_for(path), shown, _shorten(message))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """jsonschema's `pattern` with JSON Schema's anchoring (Python's `$` would accept "CN\\n")."""
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not schema_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def validator_for(schema: dict[str, Any]) -> Any:
    """A Draft 2020-12 validator (with date formats) whose patterns anchor as JSON Schema says."""
    from jsonschema import Draft202012Validator, validators  # only invalid input pays for importing it

    strict = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})  # type: ignore[no-untyped-call]
    return strict(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
def _yaml_word(value: object) -> str:
    """An allowed value as the card would write it: true, false, null, 5(d)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def schema_problems(doc: YamlDocument, schema: dict[str, Any]) -> list[Problem]:
    """All schema violations of `doc`, sorted by line, one per offending value."""
    problems = number_problems(doc)
    try:
        if is_valid(doc.data, schema):
            return problems
    except Unsupported:
        pass
    validator = validator_for(schema)
    found = {*problems, *(p for e in validator.iter_errors(doc.data) for p in _problems_for(e, doc))}
    return sorted(found, key=lambda p: (p.line or 0, p.path, p.message))


def _numbers(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, (*path, index))
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, f"{value!r} is not a finite number"
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_INT:
        yield path, f"a {len(str(abs(value)))}-digit number is too large (beyond ±1.8e308)"


def number_problems(doc: YamlDocument) -> list[Problem]:
    """Numbers JSON cannot carry: infinities, NaN (`.inf`, `1e999`) and integers beyond the float range."""
    if doc.fits_json:  # found while parsing (`YamlDocument.fits_json`): most documents, no walk
        return []
    return [Problem(doc.source, doc.line_for(path), "/".join(str(p) for p in path) or "<root>", message)
            for path, message in _numbers(doc.data, ())]
