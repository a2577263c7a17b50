"""JSON read the way YAML is read here: a key written twice is an error, never "the last one wins", and
NaN, Infinity and numbers beyond the float range (`1e999`) are refused unless the caller filters them."""

from __future__ import annotations

import json
import marshal
import math
from _json import encode_basestring, make_encoder
from collections.abc import Hashable
from typing import Any

# The encoder `json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False,
# check_circular=False)` makes afresh for each call; made once, `compact` calls it for each value.
_COMPACT = make_encoder(None, json.JSONEncoder().default, encode_basestring, None, ":", ",", True, False, False)


class DuplicateKey(ValueError):
    """An object names the same key twice."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(f"duplicate key {key!r}")
        result[key] = value
    return result


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is beyond the range of a number")
    return value


def loads(text: str | bytes, *, non_finite: bool = False) -> Any:
    """Parse JSON, refusing duplicate keys; NaN/Infinity/overflowing numbers too unless `non_finite`.

    Raises ValueError (json.JSONDecodeError for syntax, with its line) or RecursionError.
    """
    if non_finite:
        return json.loads(text, object_pairs_hook=_unique)
    return json.loads(text, object_pairs_hook=_unique, parse_constant=_constant, parse_float=_finite)


def json_safe(value: Any) -> Any:
    """`value` with every non-finite float replaced by its name ("Infinity", "-Infinity", "NaN"), so that
    `json.dumps(..., allow_nan=False)` always succeeds and never writes a token JSON does not have."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def layout(indent: int | None) -> dict[str, Any]:
    """`json.dumps` options: compact separators without an indent (so the C encoder runs), else `indent`."""
    return {"separators": (",", ":")} if indent is None else {"indent": indent}


def dumps(value: Any, **options: Any) -> str:
    """`json.dumps` that never writes NaN or Infinity (not JSON): non-finite floats become their names.

    The walk that replaces them runs only when one is there (a sum that overflowed, say)."""
    try:
        return json.dumps(value, allow_nan=False, **options)
    except ValueError:
        return json.dumps(json_safe(value), allow_nan=False, **options)


def compact(value: Any) -> str:
    """`value` in canonical compact JSON: sorted keys, real characters, no spaces, non-finite floats by their
    names (`json_safe`). No guard against cycles: for trees built just now, where it only costs (~20 %)."""
    try:
        return "".join(_COMPACT(value, 0))
    except ValueError:
        return "".join(_COMPACT(json_safe(value), 0))


def exact_key(value: Any) -> Hashable | None:
    """A key equal only for values of the same exact types and content: a `str` itself, else its marshal form
    (format 2, which writes no back-references, so the form does not depend on which parts are shared objects;
    it writes True and 1, 1 and 1.0, 0.0 and -0.0, a list and a tuple apart). None for a value marshal refuses (a
    subclass of str, int or dict, whose text or outcome may differ): such a value is never keyed. An `==` key
    would give `{"a": 1}` what was made for `{"a": true}`."""
    if type(value) is str:
        return value
    try:
        return marshal.dumps(value, 2)
    except ValueError:
        return None


class CompactMemo:
    """`compact` of values met before, by their `exact_key`: for a batch, whose cards repeat most of their
    findings (200 generated cards: 71,000 findings, 1,141 distinct texts). Values with one exact key have one
    compact text; a value with none is written afresh each time. At most `limit` texts are kept: a full memo is
    emptied."""

    __slots__ = ("_texts", "limit")

    def __init__(self, limit: int = 8192) -> None:
        self._texts: dict[Hashable, str] = {}
        self.limit = limit

    def compact(self, value: Any) -> str:
        key = exact_key(value)
        if key is None:
            return compact(value)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) >= self.limit:
                self._texts.clear()
            text = self._texts[key] = compact(value)
        return text
