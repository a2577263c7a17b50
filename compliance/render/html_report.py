"""Self-contained HTML gap analysis (`check --format html`): inline CSS, no external requests.

The same document as the gap-analysis dossier, laid out for the screen and printable from a browser.
"""

from __future__ import annotations

from ..model import Assessment
from . import RenderOptions


class HtmlRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        from ..dossier.render import screen_report

        return screen_report(assessment, options.lang, options.group_by, options.only).encode("utf-8")
