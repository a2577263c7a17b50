"""`compliance scope` as a terminal table, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import Assessment
from ..report.locale import locale, show
from ..scope import ScopeQuestion
from .grid import Cell, grid, text_width

SCOPE_SCHEMA = "compliance-scope/1"
_STYLE = {"open": "bold yellow", "answered": "", "not_claimed": "dim", "moot": "dim"}


def _answer(question: ScopeQuestion, lang: str) -> str:
    if question.answered:
        return show(question.answer)
    return locale(lang).message(f"scope.state.{question.state}")


def _source(question: ScopeQuestion, lang: str) -> str:
    loc = locale(lang)
    where = loc.message(f"scope.source.{question.source}")
    if question.line:
        where += f" :{question.line}"
    if question.source == "import" and question.note:
        where += f" ({question.note.removeprefix('from ').strip()})"
    return where


def _ids(ids: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" +{len(ids) - limit}" if len(ids) > limit else "")


_COLUMNS = ("question", "answer", "source", "decides", "waiting", "changes")
_NARROW = ("question", "answer", "source", "waiting")   # below WIDE columns: what a reviewer needs first
WIDE = 110


def _rows(questions: Sequence[ScopeQuestion], lang: str, ids_shown: int = 4) -> list[dict[str, Cell]]:
    loc = locale(lang)
    rows: list[dict[str, Cell]] = []
    for q in questions:
        asked = loc.word(q.path, "question") if q.state == "open" else q.path
        mark = " ⚑" if q.claim else ""
        rows.append({
            "question": Cell(asked + mark, _STYLE[q.state]), "answer": Cell(_answer(q, lang), _STYLE[q.state]),
            "source": Cell(_source(q, lang), "cyan" if q.source == "import" else _STYLE[q.state]),
            "decides": Cell(str(len(q.decides))),
            "waiting": Cell(_ids(q.waiting, ids_shown) if q.waiting else "—",
                            "bold yellow" if q.waiting else "dim"),
            "changes": Cell("—" if q.changes is None else str(q.changes)),
        })
    return rows


_CAPS = {"answer": 22, "source": 26, "decides": 8, "waiting": 30, "changes": 8}
_NARROW_CAPS = {"answer": 14, "source": 10, "waiting": 16}


def _widths(rows: Sequence[Sequence[Cell]], headers: Sequence[str], columns: Sequence[str], total: int) -> list[int]:
    """Every column but the question as wide as its content (up to a cap); the question takes the rest."""
    caps = _CAPS if len(columns) == len(_COLUMNS) else _NARROW_CAPS
    fixed = [max([text_width(headers[i])] + [min(text_width(r[i].text), caps[c]) for r in rows])
             for i, c in enumerate(columns) if c != "question"]
    question = max(24, total - sum(fixed) - 3 * len(columns) - 1)
    return [question, *fixed]


def scope_table(assessment: Assessment, questions: Sequence[ScopeQuestion], lang: str, color: bool,
                width: int, show_all: bool = False) -> str:
    """The table; questions the other answers make moot are counted in one line unless `show_all`."""
    loc = locale(lang)
    moot = [q for q in questions if q.state == "moot"]
    shown = list(questions) if show_all else [q for q in questions if q.state != "moot"]
    columns = _COLUMNS if width >= WIDE else _NARROW
    headers = [loc.message(f"scope.column.{c}") for c in columns]
    rows = [[row[c] for c in columns] for row in _rows(shown, lang, 4 if width >= WIDE else 1)]
    comma = "，" if loc.zh else ", "
    lines = [f"{assessment.system_name} — {loc.message('scope.title')}{comma}{loc.message('ui.as_of')} "
             f"{loc.date(assessment.as_of)}", ""]
    lines += grid(headers, rows, _widths(rows, headers, columns, width), color)
    open_questions = [q for q in questions if q.state == "open"]
    claims = [q for q in questions if q.claim and q.answered]
    if moot and not show_all:
        lines += ["", loc.message("scope.moot_hidden", {"count": len(moot)})]
    lines += ["", loc.message("scope.legend"),
              loc.message("scope.summary", {"total": len(questions), "open": len(open_questions),
                                            "waiting": len({i for q in questions for i in q.waiting}),
                                            "claims": len(claims)})]
    return "\n".join(lines) + "\n"


def scope_markdown(assessment: Assessment, questions: Sequence[ScopeQuestion], lang: str) -> str:
    loc = locale(lang)
    headers = [loc.message(f"scope.column.{c}") for c in _COLUMNS]
    lines = [f"# {assessment.system_name} — {loc.message('scope.title')}", "",
             f"{loc.message('ui.as_of')} {loc.date(assessment.as_of)}", "",
             "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in _rows(questions, lang):
        lines.append("| " + " | ".join(row[c].text.replace("|", "\\|") for c in _COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def scope_document(assessment: Assessment, questions: Sequence[ScopeQuestion], lang: str) -> dict[str, Any]:
    loc = locale(lang)
    return {
        "schema": SCOPE_SCHEMA, "as_of": assessment.as_of,
        "card": {"path": assessment.card_path, "sha256": assessment.card_sha256, "system": assessment.system_name},
        "questions": [{"path": q.path, "question": loc.word(q.path, "question"), "answer": q.answer,
                       "answered": q.answered, "state": q.state, "source": q.source, "note": q.note, "line": q.line,
                       "claim": q.claim,
                       "decides": list(q.decides), "waiting": list(q.waiting), "changes_if_flipped": q.changes}
                      for q in questions],
    }


def scope_json(assessment: Assessment, questions: Sequence[ScopeQuestion], lang: str) -> str:
    return json.dumps(scope_document(assessment, questions, lang), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
