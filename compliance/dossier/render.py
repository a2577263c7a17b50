"""One dossier from inputs: outline → filled dossier → HTML → PDF (with manifest and attachments)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Assessment
from .build import Dossier, build_dossier
from .fonts import embed_font
from .html import render_html
from .inputs import DossierInputs
from .manifest import Manifest, build_manifest, embedded_files
from .outline import load_outline


@dataclass(frozen=True)
class RenderedDossier:
    dossier: Dossier
    manifest: Manifest
    html: str
    pdf: bytes | None = None
    pages: int = 0
    refused: tuple[str, ...] = ()
    missing_glyphs: tuple[str, ...] = ()  # characters the shipped fonts cannot draw (boxes in the PDF)


def dossier_html(inputs: DossierInputs, target: str, lang: str | None = None, group_by: str = "regulation",
                 kind_titles: Mapping[str, str] | None = None) -> RenderedDossier:
    """The HTML that feeds the PDF (what the golden tests pin down)."""
    outline = load_outline(target)
    language = lang or outline.default_lang
    dossier = build_dossier(inputs, outline, language, group_by, kind_titles)
    manifest = build_manifest(inputs, target, language, dossier.cited)
    return RenderedDossier(dossier, manifest, render_html(dossier, manifest, "print"))


def standalone_html(rendered: RenderedDossier) -> str:
    """The dossier HTML as a file of its own (`dossier --format html`): the CJK font subset embedded."""
    return embed_font(rendered.html)


def screen_report(assessment: Assessment, lang: str, group_by: str = "regulation", only: Sequence[str] = ()) -> str:
    """The gap-analysis document laid out for a screen, from an assessment alone (`check --format html`):
    one file, the CJK font subset embedded; `only` keeps the findings of those statuses."""
    dossier = build_dossier(DossierInputs(assessment), load_outline("gap-analysis"), lang, group_by, only=only)
    return embed_font(render_html(dossier, None, "screen"))


def dossier_pdf(inputs: DossierInputs, target: str, lang: str | None = None, group_by: str = "regulation",
                kind_titles: Mapping[str, str] | None = None) -> RenderedDossier:
    """The PDF/A-3b dossier; imports WeasyPrint."""
    from .glyphs import missing_glyphs
    from .pdf import write_pdf

    rendered = dossier_html(inputs, target, lang, group_by, kind_titles)
    output = write_pdf(rendered.html, embedded_files(inputs, rendered.dossier.cited), rendered.manifest.to_json(),
                       inputs.assessment.as_of)
    return RenderedDossier(rendered.dossier, rendered.manifest, rendered.html, output.data, output.pages,
                           output.refused, missing_glyphs(rendered.html))
