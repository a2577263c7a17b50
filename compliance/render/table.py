"""The terminal gap analysis: the summary first (per regulation, and what needs attention), then one table per
regulation or dimension listing what needs attention (every requirement with `--all`), then notes and totals.

At 100 columns and more each finding is a table row; narrower, each finding is a short block (id, status,
severity and citation on one line, the title and the reason under it), so nothing is wider than the terminal.
"""

from __future__ import annotations

import io
from typing import IO, Protocol

from ..model import SEVERITIES, Assessment, Finding, Status, counts_of, open_questions
from ..report.escaping import visible
from ..report.grouping import groups, repeated_note
from ..report.locale import locale, message
from ..report.text import (
    citation,
    finding_short_reason,
    findings_summary,
    reason_text,
    status_label,
    summary_line,
    title,
)
from . import RenderOptions
from .grid import Cell, grid, paint, text_width, wrap

STATUS_STYLE = {
    Status.MET: "green", Status.ATTESTED: "cyan", Status.GAP: "bold red", Status.ERROR: "bold magenta",
    Status.MANUAL: "yellow", Status.WAIVED: "blue", Status.UPCOMING: "dim", Status.NOT_APPLICABLE: "dim",
}
SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


ACTIONABLE = ("gap", "error", "manual")   # what the table lists unless asked for more (`--all`, `--only`)
STACKED_BELOW = 100                       # narrower terminals get one block per finding instead of a row
FULL_FROM = 120                           # from here the citation has a column; below it follows the title

_COLUMNS = ("ui.requirement", "ui.citation", "ui.title", "ui.status", "ui.severity", "ui.reason")
_BORDERS = 3 * len(_COLUMNS) + 1  # a bar and a space either side of every cell


def _widths(rows: list[tuple[Cell, ...]], lang: str, total: int, with_citation: bool = True) -> tuple[int, ...]:
    """Column widths: id, status and severity as wide as their longest value, citation up to 22 (or none),
    and the rest shared 3:4 between title and reason. Measured on the rows' cells (`_rows`), which hold those
    values: each is worded once, for its row."""
    def widest(column: int, key: str) -> int:
        return max([text_width(message(key, lang)), *(text_width(row[column].text) for row in rows)])
    ident = widest(0, "ui.requirement")
    status = widest(-3, "ui.status")
    severity = widest(-2, "ui.severity")
    if not with_citation:
        rest = max(total - (_BORDERS - 3) - ident - status - severity, 30)
        title_width = rest // 2   # the title carries the citation here
        return ident, title_width, status, severity, rest - title_width
    cite = min(22, widest(1, "ui.citation"))
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


def _summary(assessment: Assessment, lang: str, console: _Lines, only: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Per regulation, then what needs attention and what the tables below list. Gives the open scoping questions
    (`open_questions`), which the notes under the tables count again."""
    console.print()
    console.print(message("ui.summary", lang), style="bold")
    by_ruleset: dict[str, list[Finding]] = {r.id: [] for r in assessment.rulesets}
    for finding in assessment.findings:  # one pass, not one per ruleset
        if finding.requirement.ruleset in by_ruleset:
            by_ruleset[finding.requirement.ruleset].append(finding)
    for info in sorted(assessment.rulesets, key=lambda r: r.kind == "practice"):
        practice = message("ui.practice", lang)
        name = (info.short_name.get(lang) or info.id) + (
            (f"（{practice}）" if lang == "zh" else f" ({practice})") if info.kind == "practice" else "")
        console.print(f"  {visible(name)}{'：' if lang == 'zh' else ': '}{findings_summary(by_ruleset[info.id], lang)}",
                      markup=False)
    law = list(assessment.law_findings)
    counts = counts_of(law)
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for finding in law:  # one pass, not one per severity
        if finding.status is Status.GAP and finding.requirement.severity in by_severity:
            by_severity[finding.requirement.severity] += 1
    unanswered = open_questions(assessment.findings)
    attention = message("ui.attention", lang, {
        "gaps": counts[Status.GAP], "errors": counts[Status.ERROR], "manual": counts[Status.MANUAL],
        "severities": _parenthesised(("、" if lang == "zh" else ", ").join(
            f"{message(f'severity.{s}', lang)}{n}项" if lang == "zh" else f"{n} {message(f'severity.{s}', lang)}"
            for s, n in by_severity.items() if n), lang)})
    if unanswered:
        attention += message("ui.attention_questions", lang, {"questions": len(unanswered)})
    console.print(attention, style="bold", markup=False)
    listed = sum(1 for f in assessment.findings if f.status in only) if only else len(assessment.findings)
    if only:
        statuses = ("、" if lang == "zh" else ", ").join(status_label(Status(s), lang, short=True) for s in only)
        key = "ui.listed" if listed else "ui.listed_none"
        console.print(message(key, lang, {"statuses": statuses, "listed": listed, "total": len(assessment.findings)}),
                      style="dim", markup=False)
    return unanswered


def _parenthesised(text: str, lang: str) -> str:
    return "" if not text else f"（{text}）" if lang == "zh" else f" ({text})"


def _rows(findings: list[Finding], lang: str, with_citation: bool = True) -> list[tuple[Cell, ...]]:
    """A row of cells per finding; the cell of a status or a severity is made once and shared by the rows."""
    statuses: dict[Status, Cell] = {}
    severities: dict[str, Cell] = {}
    rows = []
    for f in findings:
        q = f.requirement
        marker = " *" if q.interpretation or f.effective.interpretation else ""
        cite = citation(q, lang)
        cited = (Cell(cite),) if with_citation else ()
        named = title(q, lang) + marker + ("" if with_citation else f"（{cite}）" if lang == "zh" else f" — {cite}")
        status = statuses.get(f.status)
        if status is None:
            status = statuses[f.status] = Cell(status_label(f.status, lang, short=True), STATUS_STYLE[f.status])
        severity = severities.get(q.severity)
        if severity is None:
            severity = severities[q.severity] = Cell(message(f"severity.{q.severity}", lang),
                                                     SEVERITY_STYLE[q.severity])
        rows.append((Cell(q.id), *cited, Cell(named), status, severity, Cell(finding_short_reason(f, lang))))
    return rows


def _stacked(findings: list[Finding], lang: str, width: int, color: bool) -> list[str]:
    """One block per finding for a narrow terminal: `ID · status · severity · citation`, then the title and
    the reason, indented and wrapped to the width."""
    lines: list[str] = []
    for f in findings:
        q = f.requirement
        marker = " *" if q.interpretation or f.effective.interpretation else ""
        parts = [(visible(q.id), "bold"), (status_label(f.status, lang, short=True), STATUS_STYLE[f.status]),
                 (message(f"severity.{q.severity}", lang), SEVERITY_STYLE[q.severity])]
        cited = visible(citation(q, lang))
        if text_width(" · ".join([*(t for t, _ in parts), cited])) <= width:
            parts.append((cited, ""))
            cited = ""
        lines.append(" · ".join(paint(t, style, color) for t, style in parts))
        if cited:
            lines.extend("  " + line for line in wrap(cited, width - 2))
        lines.extend("  " + line for line in wrap(visible(title(q, lang) + marker), width - 2))
        reason = finding_short_reason(f, lang)
        if reason:
            lines.extend("  " + line for line in wrap(visible("→ " + reason), width - 2))
    return lines


class TableRenderer:
    def render(self, assessment: Assessment, options: RenderOptions) -> bytes:
        lang = options.lang
        out = io.StringIO()
        console = _lines(out, options)
        comma, colon = ("，", "：") if lang == "zh" else (", ", ": ")
        console.print(f"{visible(assessment.system_name)} — {message('ui.gap_analysis', lang)}{comma}"
                      f"{message('ui.as_of', lang)} {locale(lang).date(assessment.as_of)}", style="bold", markup=False)
        rulesets = comma.join(f"{r.id} {r.version} ({r.sha256[:12]})" for r in assessment.rulesets)
        console.print(f"{message('ui.rulesets', lang)}{colon}{visible(rulesets)}", style="dim", markup=False)
        console.print(f"{message('ui.card', lang)}{colon}{visible(assessment.card_path)} "
                      f"({assessment.card_sha256[:12]})", style="dim", markup=False)
        unanswered = _summary(assessment, lang, console, options.only)
        if options.group_by == "dimension":  # the scorecard: law beside practice, per dimension
            from ..report.scorecard import scorecard
            from .scorecard_text import scorecard_lines, scorecard_notes

            card = scorecard(assessment)
            console.print()
            console.file.write("\n".join(scorecard_lines(card, lang, options.width, options.color)) + "\n")
            for note in scorecard_notes(card, lang):
                console.print(note, style="dim", markup=False)
        shown = groups(assessment, options.group_by, lang, options.only)
        repeated = repeated_note(assessment, options.group_by, lang, options.only)
        if repeated:
            console.print(repeated, style="dim")
        stacked = options.width < STACKED_BELOW
        full = options.width >= FULL_FROM
        # Every group's rows first: the columns are as wide as the widest cell of any group
        rows = [] if stacked else [_rows(findings, lang, full) for _, findings in shown]
        widths = () if stacked else _widths([row for group in rows for row in group], lang, options.width, full)
        headers = [message(key, lang) for key in _COLUMNS if full or key != "ui.citation"]
        for number, (group_title, findings) in enumerate(shown):
            if not findings:
                continue
            console.print()
            console.print(visible(group_title), style="bold", markup=False)
            lines = _stacked(findings, lang, options.width, options.color) if stacked else \
                grid(headers, rows[number], widths, options.color)
            console.file.write("\n".join(lines) + "\n")
        console.print()
        if any(f.requirement.interpretation or f.effective.interpretation for f in assessment.findings):
            console.print(f"* {message('ui.interpretation', lang)}", style="dim", markup=False)
        for notice in assessment.notices:
            console.print(f"! {reason_text(notice, lang)}", style="yellow", markup=False)
        if unanswered:
            waiting = len({i for ids in unanswered.values() for i in ids})
            console.print(f"? {message('ui.unanswered', lang, {'open': len(unanswered), 'waiting': waiting})}",
                          style="yellow", markup=False)
        console.print(summary_line(assessment, lang), style="bold", markup=False)
        return out.getvalue().encode("utf-8")
