"""Reference documentation generated from the rules themselves (`compliance rulesets docs|show`)."""

from __future__ import annotations

from ..model import RelatedInstrument, Requirement, Ruleset
from ..report.conditions import describe
from ..report.locale import Locale, locale, show
from ..report.sections import sections_line
from ..report.text import citation, effective_text, remediation, roles_text, title
from ..rulesets import Catalog


def ruleset_overview(ruleset: Ruleset, lang: str) -> str:
    loc = locale(lang)
    inst = ruleset.instrument
    lines = [
        f"{ruleset.id} {ruleset.version} — {loc.text(ruleset.title)}",
        f"{loc.text(inst.name)} ({inst.reference}); {loc.message('docs.in_force')} {loc.date(inst.in_force)}",
        f"{loc.message('docs.consolidated_as_of')} {ruleset.consolidated_as_of}; sha256 {ruleset.sha256}",
    ]
    for a in inst.amendments:
        lines.append(f"{loc.message('ui.amended_by')} {a.id}: {loc.text(a.name)}, "
                     f"{loc.message('docs.in_force')} {loc.date(a.in_force)}")
    lines.append(f"{loc.message('docs.roles')} ({ruleset.regime}): "
                 + (loc.join(loc.role(r) for r in ruleset.roles) or loc.message("docs.roles_declared")))
    lines.append(f"{loc.message('ui.facts')}: {len(ruleset.facts)}")
    for fact in ruleset.facts:
        lines.append(f"  {fact.id} — {loc.text(fact.title)} ({loc.citation(fact.citation)})")
    lines.append(f"{loc.message('docs.requirements')}: {len(ruleset.requirements)}")
    for q in ruleset.requirements:
        lines.append(f"  {q.id:<18} {citation(q, lang):<24} {q.severity:<8} {title(q, lang)}")
    return "\n".join(lines) + "\n"


def _check_lines(q: Requirement, catalog: Catalog, loc: Locale) -> list[str]:
    m = loc.message
    out = [f"- **{m('ui.what_is_checked')}**: {loc.text(q.test)}"]
    kinds = catalog.vocabulary.kinds
    for item in q.check.evidence:
        names = " / ".join(loc.text(kinds[k].title) for k in item.kinds)
        extra = [sections_line(item, loc)] if item.sections else []
        extra += [f"{x.metric} {m(f'op.{x.op}')} {show(x.value)} ({loc.citation(x.citation)})" for x in item.metrics]
        if item.max_age_days:
            extra.append(m("explain.max_age", {"days": item.max_age_days}))
        detail = f" — {'; '.join(extra)}" if extra else ""
        out.append(f"- **{m('ui.evidence')}**: {names or item.measure}{detail}")
    for field in q.check.fields:
        out.append(f"- **{m('explain.card')}**: {loc.text(field.message) or describe(field.when, loc)}")
    if q.check.manual:
        out += [f"- **{m('explain.reviewer_confirms')}**: {loc.text(c)}" for c in q.check.manual.confirm]
    return out


def _related_lines(related: tuple[RelatedInstrument, ...], loc: Locale) -> list[str]:
    """The other instruments the ruleset encodes, each with its reference, date and verification note."""
    if not related:
        return []
    out = ["", f"## {loc.message('docs.related')}", ""]
    for r in related:
        parts = [f"- **{loc.text(r.name)}**"]
        if r.reference:
            parts.append(r.reference)
        if r.in_force:
            parts.append(f"{loc.message('docs.in_force')} {loc.date(r.in_force)}")
        out.append(" — ".join(parts))
        if r.note:
            out.append(f"  - {loc.text(r.note)}")
    return out


def ruleset_reference(ruleset: Ruleset, catalog: Catalog, lang: str) -> str:
    """Markdown: instrument, facts, then every requirement grouped by chapter."""
    loc = locale(lang)
    m = loc.message
    inst = ruleset.instrument
    out = [f"# {loc.text(ruleset.title)}", "",
           f"- {loc.text(inst.name)}", f"- {inst.reference}",
           f"- {m('docs.in_force')}: {loc.date(inst.in_force)}",
           f"- {m('ui.ruleset')}: `{ruleset.id}` {ruleset.version}, "
           f"{m('docs.consolidated_as_of')} {ruleset.consolidated_as_of}"]
    out += [f"- {m('ui.amended_by')}: {loc.text(a.name)} ({loc.date(a.in_force)})" for a in inst.amendments]
    if ruleset.disclaimer:
        out += ["", f"> {loc.text(ruleset.disclaimer)}"]
    out += _related_lines(inst.related, loc)
    out += ["", f"## {m('ui.facts')}", ""]
    for fact in ruleset.facts:
        out.append(f"- **{fact.id}** — {loc.text(fact.title)} ({loc.citation(fact.citation)})"
                   + (f" *{m('ui.interpretation_short')}*" if fact.interpretation else ""))
        if fact.when is not None:
            out.append(f"  - {describe(fact.when, loc)}")
        for case in fact.cases:
            out.append(f"  - `{case.value}` ⇐ {describe(case.when, loc)}")
    chapters: dict[str, list[Requirement]] = {}
    for q in ruleset.requirements:
        chapters.setdefault(loc.text(q.chapter), []).append(q)
    for chapter, items in chapters.items():
        out += ["", f"## {chapter or m('docs.requirements')}"]
        for q in items:
            out += ["", f"### {q.id} — {title(q, lang)}", "",
                    f"*{citation(q, lang)}* · {m('severity.' + q.severity)} · "
                    + loc.join(m("dimension." + d) for d in q.dimensions), "",
                    loc.text(q.summary), "",
                    f"- **{m('ui.who')}**: {roles_text(q.applies_to, lang) or m('ui.any_actor')}"]
            if q.applies_when is not None:
                out.append(f"- **{m('ui.when')}**: {describe(q.applies_when, loc)}")
            out.append(f"- **{m('ui.effective')}**: {effective_text(q, ruleset, lang)}")
            out += _check_lines(q, catalog, loc)
            out.append(f"- **{m('ui.remediation')}**: {remediation(q, lang)}")
            if q.crosswalk:
                out.append(f"- **{m('ui.crosswalk')}**: " + ", ".join(f"{c.relation} {c.target}" for c in q.crosswalk))
            if q.interpretation:
                out.append(f"- **{m('ui.interpretation_short')}**: {loc.text(q.interpretation_note)}")
            if q.verification:
                out.append(f"- **{m('explain.verification')}**: {m(f'verification.{q.verification.level}')}"
                           + (f" ({q.verification.note})" if q.verification.note else ""))
    return "\n".join(out) + "\n"
