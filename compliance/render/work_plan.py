"""The work plan as text for a terminal or Markdown for a ticket system (`compliance todo`)."""

from __future__ import annotations

from ..model import EvidenceCheck, Finding
from ..report.locale import Locale, locale, show
from ..report.sections import sections_text
from ..work_plan import CardAnswer, OpenQuestion, WorkItem, WorkPlan

SHOWN_QUESTIONS = 12   # in a terminal; the Markdown plan (a ticket) lists every question


def _sections(item: WorkItem, loc: Locale) -> list[str]:
    """Each required section once, across the item's checks (`A | B (with …)`)."""
    seen: dict[tuple[str, ...], str] = {}
    for check in item.checks:
        for position, alternatives in enumerate(check.sections):
            single = EvidenceCheck(check.kinds, sections=(alternatives,), section_rules=(check.rule(position),))
            text = sections_text(single, loc)
            if alternatives not in seen or len(text) > len(seen[alternatives]):
                seen[alternatives] = text
    return list(seen.values())


def _metrics(item: WorkItem, loc: Locale) -> list[str]:
    return list(dict.fromkeys(f"{m.metric} {loc.message(f'op.{m.op}')} {show(m.value)}"
                              for check in item.checks for m in check.metrics))


def _kinds(item: WorkItem, loc: Locale, catalog_titles: dict[str, str]) -> str:
    if item.kinds == ("*",):
        return loc.message("todo.any_kind")
    return (" / " if not loc.zh else "／").join(f"{k} — {catalog_titles.get(k, k)}" for k in item.kinds)


def _field(answer: CardAnswer, loc: Locale) -> str:
    """`path` (one of a, b) — the field and what the card schema allows there."""
    values = loc.message("todo.country") if answer.country else loc.join(answer.allowed) if answer.allowed else \
        loc.message("todo.entries", {"fields": list(answer.fields)}) if answer.fields else ""
    kind = loc.message('todo.list_of' if answer.is_list else 'todo.one_of')
    allowed = f"（{kind}{values}）" if loc.zh else f" ({kind} {values})"
    return f"`{answer.path}`" + (allowed if values else "")


def _field_reasons(finding: Finding, plan: WorkPlan, loc: Locale) -> str:
    semi, colon = ("；", "：") if loc.zh else ("; ", ": ")
    text = semi.join(dict.fromkeys(loc.reason(r) for r in finding.reasons if r.code.startswith("field.")))
    fields = [_field(a, loc) for a in plan.answers.get(finding.id, ())]
    return f"{text} — {loc.message('todo.card_fields')}{colon}{semi.join(fields)}" if fields else text


def _question(question: OpenQuestion, loc: Locale) -> str:
    """One open scoping question: the field, what is missing, how many requirements wait on it."""
    path = question.answer.path
    what = loc.message("todo.claim", {"path": path}) if question.claim else loc.word(path, "question")
    waiting = loc.message("todo.waiting", {"count": len(question.waiting)})
    return f"{_field(question.answer, loc)}——{what}；{waiting}" if loc.zh else \
        f"{_field(question.answer, loc)} — {what} · {waiting}"


def _questions_summary(plan: WorkPlan, loc: Locale) -> str:
    waiting = {r for q in plan.questions for r in q.waiting}
    return loc.message("todo.questions", {"count": len(plan.questions), "requirements": len(waiting)})


def _file_name(item: WorkItem) -> str:
    return f"evidence/{item.kinds[0]}.md" if item.kinds != ("*",) else "evidence/document.md"


def _facts(item: WorkItem, loc: Locale) -> str:
    m = loc.message
    parts = [m(f"severity.{item.severity}"), m("todo.applies_from", {"date": item.applies_from}),
             m("todo.unlocks", {"count": len(item.unlocks)})]
    if not item.in_force:
        parts.insert(0, m("todo.upcoming"))
    return " · ".join(parts)


def _lines(item: WorkItem, loc: Locale, titles: dict[str, str]) -> list[tuple[str, str]]:
    """(label key, text) rows of one item, shared by both formats."""
    m = loc.message
    semi = "；" if loc.zh else "; "
    rows = [("todo.for", ("；" if loc.zh else ", ").join(
        f"{f.id} ({loc.citation(f.requirement.citation)}) {loc.text(f.requirement.title)}" for f in item.requirements))]
    rows.append(("todo.now", loc.reasons(item.problems)))
    sections = _sections(item, loc)
    if sections:
        rows.append(("todo.sections", semi.join(sections)))
    if item.measures:
        rows.append(("todo.list_under", loc.join(f"measures.{x}" for x in item.measures)))
    if item.max_age_days:
        rows.append(("todo.fresh", m("todo.fresh_days", {"days": item.max_age_days})))
    metrics = _metrics(item, loc)
    if metrics:
        rows.append(("todo.metrics", semi.join(metrics)))
    if item.kinds != ("*",) and item.kinds[0] in titles:
        rows.append(("todo.start", f"compliance evidence scaffold {item.kinds[0]} -o {_file_name(item)}"
                                   + (" --lang zh" if loc.zh else "")))
    return rows


def work_plan_text(plan: WorkPlan, titles: dict[str, str], lang: str) -> str:
    loc = locale(lang)
    m = loc.message
    out = [m("todo.title", {"system": plan.system, "date": plan.as_of}),
           m("todo.summary", {"items": len(plan.items), "requirements": plan.open_requirements}), ""]
    if not plan.items and not plan.card_answers and not plan.questions:
        out.append(m("todo.none"))
    if plan.questions:
        out.append(_questions_summary(plan, loc))
        out.extend(f"  {_question(q, loc)}" for q in plan.questions[:SHOWN_QUESTIONS])
        if len(plan.questions) > SHOWN_QUESTIONS:
            out.append("  " + m("todo.more_questions", {"count": len(plan.questions) - SHOWN_QUESTIONS}))
        out.append("")
    for number, item in enumerate(plan.items, 1):
        out.append(f"{number}. {_kinds(item, loc, titles)}  [{_facts(item, loc)}]")
        colon = "：" if loc.zh else ": "
        out.extend(f"   {m(key)}{colon}{text}" for key, text in _lines(item, loc, titles))
        out.append("")
    if plan.card_answers:
        out.append(m("todo.card_answers"))
        out.extend(f"  {f.id}: {_field_reasons(f, plan, loc)}"
                   for f in plan.card_answers)
        out.append("")
    if plan.to_confirm:
        out.append(m("todo.to_confirm", {"count": len(plan.to_confirm)}))
        out.append("  " + ", ".join(f.id for f in plan.to_confirm))
        out.append("")
    out.append(m("todo.next"))
    return "\n".join(out).rstrip() + "\n"


def work_plan_markdown(plan: WorkPlan, titles: dict[str, str], lang: str) -> str:
    loc = locale(lang)
    m = loc.message
    out = [f"# {m('todo.title', {'system': plan.system, 'date': plan.as_of})}", "",
           m("todo.summary", {"items": len(plan.items), "requirements": plan.open_requirements}), ""]
    if not plan.items and not plan.card_answers and not plan.questions:
        out.extend([m("todo.none"), ""])
    if plan.questions:
        out.extend([f"## {m('todo.questions_heading')}", "", _questions_summary(plan, loc), ""])
        out.extend(f"- [ ] {_question(q, loc)}" for q in plan.questions)
        out.append("")
    for number, item in enumerate(plan.items, 1):
        out.extend([f"## {number}. {_kinds(item, loc, titles)}", "", f"*{_facts(item, loc)}*", ""])
        for key, text in _lines(item, loc, titles):
            if key == "todo.sections":
                out.extend(f"- [ ] {m('todo.section')}: {section}" for section in _sections(item, loc))
            elif key == "todo.list_under":
                out.extend(f"- [ ] {m('todo.list_under')}: `measures.{x}`" for x in item.measures)
            elif key == "todo.start":
                out.append(f"- {m(key)}: `{text}`")
            else:
                out.append(f"- **{m(key)}**: {text}")
        out.append("")
    if plan.card_answers:
        out.extend([f"## {m('todo.card_answers')}", ""])
        out.extend(f"- [ ] {f.id}: {_field_reasons(f, plan, loc)}"
                   for f in plan.card_answers)
        out.append("")
    if plan.to_confirm:
        out.extend([f"## {m('todo.to_confirm', {'count': len(plan.to_confirm)})}", ""])
        out.extend(f"- [ ] {f.id}: {loc.text(f.requirement.title)}" for f in plan.to_confirm)
        out.append("")
    out.append(m("todo.next"))
    return "\n".join(out).rstrip() + "\n"
