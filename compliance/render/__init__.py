"""One renderer interface: `render(assessment, options) -> bytes`, one class per format.

Renderers are imported on demand so that the formats needing jinja2 or weasyprint cost nothing
to the commands that do not use them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Protocol

from ..errors import ComplianceError
from ..model import Assessment
from ..records import record


@record
class RenderOptions:
    lang: str = "en"
    group_by: str = "regulation"
    color: bool = False
    width: int = 160
    card_uri: str = ""  # the card path as the user gave it, for formats that point into files (SARIF)
    source_root: str = ""  # file URI of the folder card_uri is relative to, when the user gave an absolute path
    card_text: str = ""  # the card as written: line lengths for SARIF regions
    only: tuple[str, ...] = ()  # statuses to list in human-readable formats; () = all
    indent: int | None = None  # JSON: spaces per level for people to read; None = one compact line (C encoder)
    with_catalog: bool = False  # JSON: add the rulesets' fixed data of every requirement (`catalog`)


class Renderer(Protocol):
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes: ...


def rendered(chosen: Renderer, assessment: Assessment, options: RenderOptions) -> Iterable[bytes]:
    """The output to write, in pieces made as they are written when the renderer makes it so (a `pieces` method,
    as JSON's), else whole."""
    pieces = getattr(chosen, "pieces", None)
    if pieces is None:
        return (chosen.render(assessment, options),)
    made: Iterable[bytes] = pieces(assessment, options)
    return made


_RENDERERS = {
    "table": "compliance.render.table:TableRenderer",
    "json": "compliance.render.json_report:JsonRenderer",
    "md": "compliance.render.markdown:MarkdownRenderer",
    "html": "compliance.render.html_report:HtmlRenderer",
    "sarif": "compliance.render.sarif:SarifRenderer",
    "junit": "compliance.render.junit:JunitRenderer",
    "oscal": "compliance.render.oscal:OscalRenderer",
}
FORMATS = tuple(_RENDERERS)


def register(name: str, target: str) -> None:
    """Add a renderer (`module:Class`) for a format."""
    _RENDERERS[name] = target


def renderer(name: str) -> Renderer:
    if name not in _RENDERERS:
        raise ComplianceError(f"format '{name}' is not available for one card (choose from: {', '.join(_RENDERERS)})")
    module, cls = _RENDERERS[name].split(":")
    instance: Renderer = getattr(importlib.import_module(module), cls)()
    return instance
