"""Reference documentation generated from the rules themselves (`compliance rulesets docs|show`)."""

from __future__ import annotations

from ..i18n import message, zh_date
from ..model import Requirement, Ruleset
from ..predicates import describe
from ..rulesets import Catalog
from .text import citation, remediation, roles_text, title


def _when(value: str, lang: str) -> str:
    return zh_date(value) if lang == "zh" else value


def _effective(q: Requirement, ruleset: Ruleset, lang: str) -> str:
    def one(from_: str, amended_from: str | None, amended_by: str | None) -> str:
        if not amended_from:
            return _when(from_, lang)
        amendment = ruleset.amendment(amended_by)
        by = (amendment.name_zh or amendment.name) if amendment and lang == "zh" else (
            amendment.name if amendment else amended_by)
        return f"{_when(from_, lang)} → {_when(amended_from, lang)} ({by})"
    text = one(q.effective.from_, q.effective.amended_from, q.effective.amended_by)
    for case in q.effective.cases:
        cond = describe(case.condition, lang)
        text += f"; {cond}: {one(case.from_, case.amended_from, case.amended_by)}"
    return text


def ruleset_overview(ruleset: Ruleset, lang: str) -> str:
    zh = lang == "zh"
    inst = ruleset.instrument
    lines = [
        f"{ruleset.id} {ruleset.version} — {ruleset.title_zh if zh else ruleset.title}",
        f"{inst.name_zh if zh else inst.name} ({inst.reference}); in force {_when(inst.in_force, lang)}",
        f"consolidated as of {ruleset.consolidated_as_of}; sha256 {ruleset.sha256}",
    ]
    for a in inst.amendments:
        name = a.name_zh if zh and a.name_zh else a.name
        lines.append(f"amended by {a.id}: {name}, in force {_when(a.in_force, lang)}")
    lines.append(f"roles ({ruleset.regime}): " + (", ".join(ruleset.roles) or "as declared in the card"))
    lines.append(f"facts: {len(ruleset.facts)}")
    for fact in ruleset.facts:
        lines.append(f"  {fact.id} — {fact.title_zh if zh else fact.title} ({fact.citation})")
    lines.append(f"requirements: {len(ruleset.requirements)}")
    for q in ruleset.requirements:
        lines.append(f"  {q.id:<18} {citation(q, lang):<24} {q.severity:<8} {title(q, lang)}")
    return "\n".join(lines) + "\n"


def ruleset_reference(ruleset: Ruleset, catalog: Catalog, lang: str) -> str:
    """Markdown: instrument, facts, then every requirement grouped by chapter."""
    zh = lang == "zh"
    def m(key: str) -> str:
        return message(key, lang)

    inst = ruleset.instrument
    out = [f"# {ruleset.title_zh if zh else ruleset.title}", "",
           f"- {inst.name_zh if zh else inst.name}", f"- {inst.reference}",
           f"- {'施行/生效日期' if zh else 'In force'}: {_when(inst.in_force, lang)}",
           f"- {m('ui.ruleset')}: `{ruleset.id}` {ruleset.version}, "
           f"{'汇编截至' if zh else 'consolidated as of'} {ruleset.consolidated_as_of}"]
    out += [f"- {m('ui.amended_by')}: {a.name_zh if zh and a.name_zh else a.name} ({_when(a.in_force, lang)})"
            for a in inst.amendments]
    disclaimer = ruleset.disclaimer_zh if zh else ruleset.disclaimer
    if disclaimer:
        out += ["", f"> {disclaimer}"]
    out += ["", f"## {m('ui.facts')}", ""]
    for fact in ruleset.facts:
        out.append(f"- **{fact.id}** — {fact.title_zh if zh else fact.title} ({fact.citation})"
                   + (f" *{m('ui.interpretation_short')}*" if fact.interpretation else ""))
        if fact.when is not None:
            out.append(f"  - {describe(fact.when, lang)}")
        for case in fact.cases:
            out.append(f"  - `{case.value}` ⇐ {describe(case.when, lang)}")
    chapters: dict[str, list[Requirement]] = {}
    for q in ruleset.requirements:
        chapters.setdefault(q.chapter or "", []).append(q)
    kinds = catalog.vocabulary.kinds
    for chapter, items in chapters.items():
        out += ["", f"## {chapter or ('要求' if zh else 'Requirements')}"]
        for q in items:
            out += ["", f"### {q.id} — {title(q, lang)}", "",
                    f"*{citation(q, lang)}* · {m('severity.' + q.severity)} · "
                    + ", ".join(m("dimension." + d) for d in q.dimensions), "",
                    q.summary_zh if zh else q.summary, "",
                    f"- **{m('ui.who')}**: {roles_text(q.applies_to, lang) or m('ui.any_actor')}"]
            if q.applies_when is not None:
                out.append(f"- **{m('ui.when')}**: {describe(q.applies_when, lang)}")
            out.append(f"- **{m('ui.effective')}**: {_effective(q, ruleset, lang)}")
            for item in q.check.evidence:
                names = " / ".join(kinds[k].title_zh if zh else kinds[k].title for k in item.kinds)
                extra = [f"{'章节' if zh else 'sections'}: " + "; ".join(" | ".join(s) for s in item.sections)] \
                    if item.sections else []
                extra += [f"{x.metric} {({'gte': '≥', 'lte': '≤', 'eq': '='})[x.op]} {x.value:g} ({x.citation})"
                          for x in item.metrics]
                if item.max_age_days:
                    extra.append(f"≤ {item.max_age_days} {'天' if zh else 'days old'}")
                detail = f" — {'; '.join(extra)}" if extra else ""
                out.append(f"- **{m('ui.evidence')}**: {names or item.measure}{detail}")
            for field in q.check.fields:
                text = (field.message_zh if zh else field.message) or describe(field.when, lang)
                out.append(f"- **{m('ui.what_is_checked')}**: {text}")
            if q.check.manual:
                for item_text in (q.check.manual.confirm_zh if zh else q.check.manual.confirm):
                    out.append(f"- **{'人工确认' if zh else 'Reviewer confirms'}**: {item_text}")
            out.append(f"- **{m('ui.remediation')}**: {remediation(q, lang)}")
            if q.crosswalk:
                out.append(f"- **{m('ui.crosswalk')}**: " + ", ".join(f"{c.relation} {c.target}" for c in q.crosswalk))
            if q.interpretation:
                note = q.interpretation_note_zh if zh and q.interpretation_note_zh else q.interpretation_note
                out.append(f"- **{m('ui.interpretation_short')}**: {note}")
    return "\n".join(out) + "\n"
