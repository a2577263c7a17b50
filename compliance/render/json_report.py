"""Canonical JSON: sorted keys, no wall-clock time, byte-identical for the same inputs.

One compact line by default: Python's C encoder writes it (an indent forces the pure-Python encoder, several
times slower on a large assessment); `--indent N` is for people reading it."""

from __future__ import annotations

from .. import strict_json
from ..model import Assessment
from ..report.document import assessment_document
from . import RenderOptions


class JsonRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        document = assessment_document(assessment, options.with_catalog)
        text = strict_json.dumps(document, ensure_ascii=False, sort_keys=True, **strict_json.layout(options.indent))
        return (text + "\n").encode("utf-8")
