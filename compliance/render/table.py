"""The terminal gap analysis: one rich table per regulation or dimension, then the summary."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import message
from ..model import Assessment, Status
from . import RenderOptions
from .grouping import groups
from .text import citation, finding_short_reason, reason_text, status_label, summary_line, title

STATUS_STYLE = {
    Status.MET: "green", Status.ATTESTED: "cyan", Status.GAP: "bold red", Status.ERROR: "bold magenta",
    Status.MANUAL: "yellow", Status.WAIVED: "blue", Status.UPCOMING: "dim", Status.NOT_APPLICABLE: "dim",
}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


class TableRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        lang = options.lang
        out = io.StringIO()
        console = Console(file=out, force_terminal=options.color, no_color=not options.color,
                          width=options.width, highlight=False, soft_wrap=False)
        heading = Text()
        heading.append(f"{assessment.system_name}", style="bold")
        heading.append(f" — {message('ui.gap_analysis', lang)}, {message('ui.as_of', lang)} {assessment.as_of}")
        console.print(heading)
        rulesets = ", ".join(f"{r.id} {r.version} ({r.sha256[:12]})" for r in assessment.rulesets)
        console.print(f"{message('ui.rulesets', lang)}: {rulesets}", style="dim")
        console.print(f"{message('ui.card', lang)}: {assessment.card_path} ({assessment.card_sha256[:12]})",
                      style="dim")
        for group_title, findings in groups(assessment, options.group_by, lang, options.only):
            if not findings:
                continue
            table = Table(title=group_title, title_justify="left", title_style="bold", show_lines=False,
                          expand=False, pad_edge=False)
            table.add_column(message("ui.requirement", lang), no_wrap=True)
            # fold, not ellipsis: Chinese text has no spaces to wrap at
            table.add_column(message("ui.citation", lang), max_width=22, overflow="fold")
            table.add_column(message("ui.title", lang), ratio=3, min_width=20, overflow="fold")
            table.add_column(message("ui.status", lang), no_wrap=True)
            table.add_column(message("ui.severity", lang), no_wrap=True)
            table.add_column(message("ui.reason", lang), ratio=4, min_width=24, overflow="fold")
            for f in findings:
                q = f.requirement
                marker = " *" if q.interpretation or f.effective.interpretation else ""
                table.add_row(
                    q.id, citation(q, lang), title(q, lang) + marker,
                    Text(status_label(f.status, lang, short=True), style=STATUS_STYLE[f.status]),
                    Text(message(f"severity.{q.severity}", lang), style=SEVERITY_STYLE[q.severity]),
                    finding_short_reason(f, lang),
                )
            console.print()
            console.print(table)
        console.print()
        if any(f.requirement.interpretation or f.effective.interpretation for f in assessment.findings):
            console.print(f"* {message('ui.interpretation', lang)}", style="dim")
        for notice in assessment.notices:
            console.print(f"! {reason_text(notice, lang)}", style="yellow")
        console.print(summary_line(assessment, lang), style="bold")
        return out.getvalue().encode("utf-8")
