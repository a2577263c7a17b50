"""Canonical JSON: sorted keys, no wall-clock time, byte-identical for the same inputs.

One compact line by default: Python's C encoder writes it (an indent forces the pure-Python encoder, several
times slower on a large assessment); `--indent N` is for people reading it."""

from __future__ import annotations

from _json import encode_basestring
from collections.abc import Iterator
from typing import Any

from .. import strict_json
from ..model import Assessment
from ..report.document import Deferred, assessment_document, document_parts
from . import RenderOptions

CHUNK = 32  # items of a long list or object written at a time


def canonical_pieces(value: Any, depth: int = 0, memo: strict_json.CompactMemo | None = None) -> Iterator[str]:
    """`value` in compact canonical JSON, in pieces whose concatenation is `strict_json.compact(value)`.

    The C encoder keeps every string it writes (each key, value, comma and bracket) until it joins them at the
    end: for a whole assessment ~50,000 small strings alive at once, ~2 MB of memory to touch (page faults cost
    CPU time here). Written CHUNK items of a long list or object at a time (objects of the top two levels key by
    key), it keeps a few thousand. The encoder writes a nested value the same wherever it stands, and the keys
    of an object (str here) in the order `sorted` gives them. A `Deferred` list (in an object of the top two
    levels) is made CHUNK items at a time, each chunk written and dropped before the next is made, each item
    through `memo` when there is one (a batch's cards repeat most of their findings and facts)."""
    if isinstance(value, Deferred):
        opening = "["
        for chunk in value.chunks(CHUNK):
            yield opening + (strict_json.compact(chunk)[1:-1] if memo is None else ",".join(map(memo.compact, chunk)))
            opening = ","
        yield "]" if opening == "," else "[]"
    elif isinstance(value, list) and len(value) > CHUNK:
        for i in range(0, len(value), CHUNK):
            yield ("," if i else "[") + strict_json.compact(value[i:i + CHUNK])[1:-1]
        yield "]"
    elif isinstance(value, dict) and len(value) > CHUNK:
        keys = sorted(value)
        for i in range(0, len(keys), CHUNK):
            yield ("," if i else "{") + strict_json.compact({k: value[k] for k in keys[i:i + CHUNK]})[1:-1]
        yield "}"
    elif isinstance(value, dict) and value and depth < 2:
        opening = "{"
        for key in sorted(value):
            head = f"{opening}{encode_basestring(key)}:"
            opening = ","
            for piece in canonical_pieces(value[key], depth + 1, memo):
                yield head + piece
                head = ""
        yield "}"
    else:
        yield strict_json.compact(value)


class JsonRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        return b"".join(self.pieces(assessment, options))

    def pieces(self, assessment: Assessment, options: RenderOptions) -> Iterator[bytes]:
        """The output in pieces, each made as the one before is written (`render.rendered`): the findings' objects
        and text are never all alive at once, nor the whole output joined (~70 pages of bytes to touch)."""
        if options.indent is None:
            for piece in canonical_pieces(document_parts(assessment, options.with_catalog)):
                yield piece.encode("utf-8")
            yield b"\n"
            return
        yield self._indented(assessment, options)

    def _indented(self, assessment: Assessment, options: RenderOptions) -> bytes:
        document = assessment_document(assessment, options.with_catalog)
        # The document is a tree built just now (no container holds itself): without the encoder's guard against
        # cycles, which files every list and object by address on the way in and out, it writes ~15% faster.
        text = strict_json.dumps(document, ensure_ascii=False, sort_keys=True, check_circular=False,
                                 **strict_json.layout(options.indent))
        # Encoded first, then the newline added to the bytes: `text + "\n"` would copy the whole text (two or four
        # bytes a character when one is beyond Latin-1), ~100 more pages to touch than copying the UTF-8 bytes.
        return text.encode("utf-8") + b"\n"
