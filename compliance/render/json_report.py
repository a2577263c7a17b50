"""Canonical JSON: sorted keys, no wall-clock time, byte-identical for the same inputs."""

from __future__ import annotations

from .. import strict_json
from ..model import Assessment
from ..report.document import assessment_document
from . import RenderOptions


class JsonRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        text = strict_json.dumps(assessment_document(assessment), ensure_ascii=False, indent=2, sort_keys=True)
        return (text + "\n").encode("utf-8")
