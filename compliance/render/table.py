"""The terminal gap analysis: one table per regulation or dimension, then the summary."""

from __future__ import annotations

import io
from typing import IO, Protocol

from ..model import Assessment, Finding, Status, open_questions
from ..report.escaping import visible
from ..report.grouping import groups, repeated_note
from ..report.locale import message
from ..report.scorecard import scorecard
from ..report.text import citation, finding_short_reason, reason_text, status_label, summary_line, title
from . import RenderOptions
from .grid import Cell, grid, text_width, wrap
from .scorecard_text import scorecard_lines, scorecard_notes

STATUS_STYLE = {
    Status.MET: "green", Status.ATTESTED: "cyan", Status.GAP: "bold red", Status.ERROR: "bold magenta",
    Status.MANUAL: "yellow", Status.WAIVED: "blue", Status.UPCOMING: "dim", Status.NOT_APPLICABLE: "dim",
}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


_COLUMNS = ("ui.requirement", "ui.citation", "ui.title", "ui.status", "ui.severity", "ui.reason")
_BORDERS = 3 * len(_COLUMNS) + 1  # a bar and a space either side of every cell
_TABLE_MIN = 100  # the findings table needs this much; narrower terminals wrap it


def _widths(findings: list[Finding], lang: str, total: int) -> tuple[int, ...]:
    """Column widths: id, status and severity as wide as their longest value, citation up to 22,
    and the rest shared 3:4 between title and reason."""
    def widest(values: list[str], key: str) -> int:
        return max([text_width(message(key, lang)), *(text_width(v) for v in values)])
    ident = widest([f.id for f in findings], "ui.requirement")
    status = widest([status_label(f.status, lang, short=True) for f in findings], "ui.status")
    severity = widest([message(f"severity.{f.requirement.severity}", lang) for f in findings], "ui.severity")
    cite = min(22, widest([citation(f.requirement, lang) for f in findings], "ui.citation"))
    rest = max(total - _BORDERS - ident - status - severity - cite, 44)
    title_width = rest * 3 // 7
    return ident, cite, title_width, status, severity, rest - title_width


class _Lines(Protocol):
    """Where the table's text lines go: rich on a terminal, plain lines otherwise."""

    @property
    def file(self) -> IO[str]: ...

    def print(self, text: str = "", *, style: str = "", markup: bool = False) -> None: ...


class _PlainLines:
    """Unstyled output (a file or a pipe): lines wrapped at the width, as rich would, without importing rich."""

    def __init__(self, file: io.StringIO, width: int) -> None:
        self._file, self.width = file, width

    @property
    def file(self) -> IO[str]:
        return self._file

    def print(self, text: str = "", *, style: str = "", markup: bool = False) -> None:
        for line in text.split("\n"):
            self._file.write("\n".join(wrap(line, self.width) if text_width(line) > self.width else [line]) + "\n")


def _lines(out: io.StringIO, options: RenderOptions) -> _Lines:
    if not options.color:
        return _PlainLines(out, options.width)
    from rich.console import Console

    console: _Lines = Console(file=out, force_terminal=True, width=options.width, highlight=False, soft_wrap=False)
    return console


class TableRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        lang = options.lang
        out = io.StringIO()
        console = _lines(out, options)
        console.print(f"{visible(assessment.system_name)} — {message('ui.gap_analysis', lang)}, "
                      f"{message('ui.as_of', lang)} {assessment.as_of}", style="bold", markup=False)
        rulesets = ", ".join(f"{r.id} {r.version} ({r.sha256[:12]})" for r in assessment.rulesets)
        console.print(f"{message('ui.rulesets', lang)}: {visible(rulesets)}", style="dim", markup=False)
        console.print(f"{message('ui.card', lang)}: {visible(assessment.card_path)} ({assessment.card_sha256[:12]})",
                      style="dim", markup=False)
        if options.group_by == "dimension":  # the scorecard first: law beside practice, per dimension
            card = scorecard(assessment)
            console.print()
            console.file.write("\n".join(scorecard_lines(card, lang, options.width, options.color)) + "\n")
            for note in scorecard_notes(card, lang):
                console.print(note, style="dim", markup=False)
        shown = groups(assessment, options.group_by, lang, options.only)
        repeated = repeated_note(assessment, options.group_by, lang, options.only)
        if repeated:
            console.print(repeated, style="dim")
        widths = _widths([f for _, fs in shown for f in fs], lang, max(options.width, _TABLE_MIN))
        headers = [message(key, lang) for key in _COLUMNS]
        for group_title, findings in shown:
            if not findings:
                continue
            rows = []
            for f in findings:
                q = f.requirement
                marker = " *" if q.interpretation or f.effective.interpretation else ""
                rows.append((
                    Cell(q.id), Cell(citation(q, lang)), Cell(title(q, lang) + marker),
                    Cell(status_label(f.status, lang, short=True), STATUS_STYLE[f.status]),
                    Cell(message(f"severity.{q.severity}", lang), SEVERITY_STYLE[q.severity]),
                    Cell(finding_short_reason(f, lang)),
                ))
            console.print()
            console.print(visible(group_title), style="bold", markup=False)
            console.file.write("\n".join(grid(headers, rows, widths, options.color)) + "\n")
        console.print()
        if any(f.requirement.interpretation or f.effective.interpretation for f in assessment.findings):
            console.print(f"* {message('ui.interpretation', lang)}", style="dim", markup=False)
        for notice in assessment.notices:
            console.print(f"! {reason_text(notice, lang)}", style="yellow", markup=False)
        unanswered = open_questions(assessment.findings)
        if unanswered:
            waiting = len({i for ids in unanswered.values() for i in ids})
            console.print(f"? {message('ui.unanswered', lang, {'open': len(unanswered), 'waiting': waiting})}",
                          style="yellow", markup=False)
        console.print(summary_line(assessment, lang), style="bold", markup=False)
        return out.getvalue().encode("utf-8")
