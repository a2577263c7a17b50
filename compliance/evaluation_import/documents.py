"""Reading untrusted evaluation files: JSON documents and the timestamps tools write."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

from ..errors import ComplianceError
from ..strict_json import loads as strict_json
from ..yaml_source import decode_text

_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_FILENAME_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})T\d{2}[-:]\d{2}")


def json_document(raw: bytes, source: str) -> Any:
    """The JSON value of a file; a syntax error names the line."""
    text = decode_text(raw, source)
    try:
        return strict_json(text, non_finite=True)
    except json.JSONDecodeError as exc:
        raise ComplianceError(f"{source}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise ComplianceError(f"{source}: JSON nested too deeply") from None
    except ValueError as exc:  # a key written twice: which figure is meant cannot be told
        raise ComplianceError(f"{source}: invalid JSON: {exc}") from None


def json_object(raw: bytes, source: str, what: str) -> dict[str, Any]:
    value = json_document(raw, source)
    if not isinstance(value, dict):
        raise ComplianceError(f"{source}: {what} must be a JSON object")
    return value


def valid_day(text: str) -> str | None:
    """YYYY-MM-DD if `text` is a real calendar date in that form."""
    try:
        return date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def day_of_timestamp(value: object) -> str | None:
    """The calendar day (UTC) of an ISO 8601 timestamp string or a UNIX time in seconds."""
    if isinstance(value, str):
        match = _ISO_DAY.match(value.strip())
        return valid_day(match.group(1)) if match else None
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 4102444800:
        return datetime.fromtimestamp(value, tz=UTC).date().isoformat()
    return None


def day_in_filename(name: str) -> str | None:
    """The day of a `..._2026-11-20T09-12-44...` stamp in a file name (lm-eval and garak name files so)."""
    match = _FILENAME_STAMP.search(name)
    return valid_day(match.group(1)) if match else None


def version_text(value: object) -> str:
    """A version as written ('0.4.8'), '' for anything that is not one (lm-eval writes an error message
    when it cannot find its own version)."""
    if isinstance(value, str) and re.fullmatch(r"v?\d+(?:\.[0-9A-Za-z]+)*(?:[-+.][0-9A-Za-z.]+)?", value.strip()):
        return value.strip()
    return ""
