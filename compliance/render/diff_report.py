"""An assessment diff as a terminal table, Markdown or JSON; regressions first."""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .. import strict_json
from ..diff import AssessmentDiff, RequirementChange, attention
from ..model import Status
from ..report.escaping import markdown as _cell
from ..report.escaping import visible
from ..report.locale import Locale, locale, message

DIFF_SCHEMA = "compliance-diff/1"


def _status(status: str | None, lang: str) -> str:
    return message(f"status_short.{Status(status).value}", lang) if status else message("diff.absent", lang)


def _sections(diff: AssessmentDiff) -> list[tuple[str, tuple[RequirementChange, ...]]]:
    return [("diff.regressions", diff.regressions), ("diff.improvements", diff.improvements),
            ("diff.changed", diff.changed), ("diff.added", diff.added), ("diff.removed", diff.removed)]


def summary(diff: AssessmentDiff, lang: str) -> str:
    return message("diff.summary", lang, {"regressions": str(len(diff.regressions)),
                                          "improvements": str(len(diff.improvements)),
                                          "changed": str(len(diff.changed)), "added": str(len(diff.added)),
                                          "removed": str(len(diff.removed))})


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _row(change: RequirementChange, loc: Locale) -> tuple[str, str, str, str, str, str]:
    return (change.id, loc.citation(change.citation), loc.text(change.title),
            loc.message(f"severity.{change.severity}"),
            f"{_status(change.old, loc.lang)} → {_status(change.new, loc.lang)}", loc.reasons(change.reasons))


def _header_lines(diff: AssessmentDiff, lang: str) -> list[str]:
    lines = []
    for key, side in (("diff.old", diff.old), ("diff.new", diff.new)):
        lines.append(f"{message(key, lang)}: {side.path} — {side.system}, {message('ui.as_of', lang)} {side.as_of}, "
                     f"{message('ui.card', lang)} {side.card_sha256[:12]}, {message('ui.score', lang)} "
                     f"{_score(side.score)}")
    for r in diff.rulesets:
        lines.append(f"{message('diff.rulesets', lang)}: {r.id} {r.old_version or message('diff.absent', lang)} "
                     f"({(r.old_sha256 or '')[:12]}) → {r.new_version or message('diff.absent', lang)} "
                     f"({(r.new_sha256 or '')[:12]})")
    return lines


def diff_table(diff: AssessmentDiff, lang: str, color: bool, width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, width=width, highlight=False)
    loc = locale(lang)
    console.print(Text(message("diff.title", lang), style="bold"))
    for line in _header_lines(diff, lang):  # the assessments compared are files anyone may have written
        console.print(visible(line), style="dim", markup=False)
    for key, changes in _sections(diff):
        if not changes:
            continue
        table = Table(title=f"{message(key, lang)} ({len(changes)})", title_justify="left", title_style="bold",
                      pad_edge=False)
        for column, options in (("ui.requirement", {"no_wrap": True}), ("ui.citation", {"max_width": 22}),
                                ("ui.title", {"ratio": 3}), ("ui.severity", {"no_wrap": True}),
                                ("diff.change", {"no_wrap": True}), ("ui.reasons", {"ratio": 4})):
            table.add_column(message(column, lang), **options)
        for change in changes:
            cells = [visible(c) for c in _row(change, loc)]
            style = "bold red" if attention(change.new) > attention(change.old) else ""
            table.add_row(*(Text(c) for c in cells[:4]), Text(cells[4], style=style), Text(cells[5]))
        console.print()
        console.print(table)
    console.print()
    if not any(changes for _, changes in _sections(diff)):
        console.print(message("diff.no_changes", lang))
    console.print(visible(summary(diff, lang)), style="bold red" if diff.has_regressions else "bold", markup=False)
    return out.getvalue()


def diff_markdown(diff: AssessmentDiff, lang: str) -> str:
    loc = locale(lang)
    lines = [f"# {message('diff.title', lang)}", "", *(f"- {_cell(line)}" for line in _header_lines(diff, lang)),
             "", f"**{summary(diff, lang)}**", ""]
    for key, changes in _sections(diff):
        if not changes:
            continue
        lines += [f"## {message(key, lang)} ({len(changes)})", "",
                  "| " + " | ".join(message(k, lang) for k in ("ui.requirement", "ui.citation", "ui.title",
                                                               "ui.severity", "diff.change", "ui.reasons")) + " |",
                  "|---|---|---|---|---|---|"]
        lines += ["| " + " | ".join(_cell(c) for c in _row(change, loc)) + " |" for change in changes]
        lines.append("")
    if not any(changes for _, changes in _sections(diff)):
        lines += [message("diff.no_changes", lang), ""]
    return "\n".join(lines).rstrip() + "\n"


def diff_document(diff: AssessmentDiff) -> dict[str, Any]:
    document: dict[str, Any] = {"schema": DIFF_SCHEMA, "old": asdict(diff.old), "new": asdict(diff.new),
                                "regressed": diff.has_regressions}
    for key, changes in _sections(diff):
        document[key.removeprefix("diff.")] = [_change_json(c) for c in changes]
    document["rulesets"] = [asdict(r) for r in diff.rulesets]
    return document


def _change_json(change: RequirementChange) -> dict[str, Any]:
    return {"id": change.id, "ruleset": change.ruleset, "title": change.title.as_json(),
            "citation": change.citation.as_json(), "severity": change.severity, "old": change.old,
            "new": change.new, "reasons": [{"code": r.code, "params": dict(r.params)} for r in change.reasons]}


def diff_json(diff: AssessmentDiff) -> str:
    return strict_json.dumps(diff_document(diff), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
