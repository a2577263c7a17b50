"""Read fields of an untrusted document with the type the importers expect; anything else reads as absent,
so a badly typed field is skipped instead of crashing or reaching the card."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: Any) -> str | None:
    """A non-empty string (numbers such as a version 2.1 are read as written), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def texts(value: Any) -> list[str]:
    """A string or a list of strings; other list entries are skipped."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [v for v in items(value) if isinstance(v, str) and v.strip()]


def number(value: Any) -> float | None:
    """A number, or a string holding one (CycloneDX writes metric values as strings)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
