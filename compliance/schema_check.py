"""JSON Schema validation that reports every problem at once, located by file and line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .errors import Problem
from .yaml_source import YamlDocument

_MAX_MESSAGE = 240


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf failures, the sub-error that explains the most specific mistake."""
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
        allowed = sorted(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        for key in sorted(k for k in error.instance if k not in allowed):
            hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
            yield Problem(doc.source, doc.line_for([*path, key]), "/".join(str(p) for p in [*path, key]),
                          _shorten(f"unknown key{hint}"))
        return
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield Problem(doc.source, doc.line_for(path), shown, f"missing required key '{missing}'")
        return
    if error.validator == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in error.validator_value)
        yield Problem(doc.source, doc.line_for(path), shown,
                      _shorten(f"{error.instance!r} is not allowed (allowed: {allowed})"))
        return
    if error.validator == "format" and error.validator_value == "date":
        yield Problem(doc.source, doc.line_for(path), shown, f"{error.instance!r} is not a valid date (YYYY-MM-DD)")
        return
    if error.validator == "pattern" and isinstance(error.schema, dict) and "date" in str(error.schema.get("format")):
        yield Problem(doc.source, doc.line_for(path), shown, f"{error.instance!r} is not a date in YYYY-MM-DD form")
        return
    message = error.message
    if error.validator == "type" and isinstance(error.instance, float | int) and "string" in str(error.validator_value):
        message += " (quote it in YAML)"
    yield Problem(doc.source, doc.line_for(path), shown, _shorten(message))


def schema_problems(doc: YamlDocument, schema: dict[str, Any]) -> list[Problem]:
    """All schema violations of `doc`, sorted by line, one per offending value."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = {p for e in validator.iter_errors(doc.data) for p in _problems_for(e, doc)}
    return sorted(problems, key=lambda p: (p.line or 0, p.path, p.message))
