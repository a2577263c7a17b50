"""Self-contained HTML gap analysis (`check --format html`): inline CSS, no external requests.

The same document as the gap-analysis dossier, laid out for the screen and printable from a browser.
"""

from __future__ import annotations

from ..model import Assessment
from . import RenderOptions


class HtmlRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        from ..dossier.build import build_dossier
        from ..dossier.html import render_html
        from ..dossier.inputs import DossierInputs
        from ..dossier.outline import load_outline

        dossier = build_dossier(DossierInputs(assessment), load_outline("gap-analysis"), options.lang,
                                options.group_by)
        return render_html(dossier, None, "screen").encode("utf-8")
