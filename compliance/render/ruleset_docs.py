"""Reference documentation generated from the rules themselves (`compliance rulesets docs|show`)."""

from __future__ import annotations

from ..model import RelatedInstrument, Requirement, Ruleset
from ..report.conditions import describe
from ..report.locale import Locale, locale, show
from ..report.sections import sections_line
from ..report.text import citation, crosswalks_text, effective_text, metric_rule, remediation, roles_text, title
from ..rulesets import Catalog


def ruleset_overview(ruleset: Ruleset, lang: str) -> str:
    loc = locale(lang)
    inst = ruleset.instrument
    lines = [
        f"{ruleset.id} {ruleset.version} — {loc.text(ruleset.title)}",
        f"{loc.text(inst.name)} ({inst.reference})" + (
            f"; {loc.message('docs.in_force')} {loc.date(inst.in_force)}" if inst.in_force else ""),
        f"{loc.message('docs.consolidated_as_of')} {ruleset.consolidated_as_of}; sha256 {ruleset.sha256}",
    ]
    if ruleset.is_practice:
        lines.append(loc.message("docs.kind_practice"))
    for a in inst.amendments:
        lines.append(f"{loc.message('ui.amended_by')} {a.id}: {loc.text(a.name)}, "
                     f"{loc.message('docs.in_force')} {loc.date(a.in_force)}")
    if ruleset.regime != "none":
        lines.append(f"{loc.message('docs.roles')} ({ruleset.regime}): "
                     + (loc.join(loc.role(r) for r in ruleset.roles) or loc.message("docs.roles_declared")))
    lines += _threshold_lines(ruleset, loc, "  ")
    lines.append(f"{loc.message('ui.facts')}: {len(ruleset.facts)}")
    for fact in ruleset.facts:
        lines.append(f"  {fact.id} — {loc.text(fact.title)} ({loc.citation(fact.citation)})")
    lines.append(f"{loc.message('docs.requirements')}: {len(ruleset.requirements)}")
    for q in ruleset.requirements:
        lines.append(f"  {q.id:<18} {citation(q, lang):<24} {q.severity:<8} {title(q, lang)}")
    return "\n".join(lines) + "\n"


def _threshold_lines(ruleset: Ruleset, loc: Locale, bullet: str) -> list[str]:
    """The tunable thresholds with their defaults, units, ranges and reasons (the card's `thresholds:`)."""
    if not ruleset.thresholds:
        return []
    ops = {q_metric.threshold: q_metric.op for q in ruleset.requirements for item in q.check.evidence
           for q_metric in item.metrics if q_metric.threshold}
    lines = [f"{loc.message('docs.thresholds')}:"]
    for t in ruleset.thresholds:
        op = loc.message(f"op.{ops[t.id]}") if t.id in ops else ""
        lines.append(bullet + loc.message("docs.threshold_line", {
            "id": t.id, "op": op, "default": show(t.default), "unit": t.unit, "low": show(t.range[0]),
            "high": show(t.range[1]), "title": loc.text(t.title), "rationale": loc.text(t.rationale)}))
    return lines


def _check_lines(q: Requirement, catalog: Catalog, loc: Locale) -> list[str]:
    m = loc.message
    out = [f"- **{m('ui.what_is_checked')}**: {loc.text(q.test)}"]
    kinds = catalog.vocabulary.kinds
    for item in q.check.evidence:
        names = " / ".join(loc.text(kinds[k].title) for k in item.kinds)
        extra = [sections_line(item, loc)] if item.sections else []
        extra += [f"{metric_rule(x, loc)} ({loc.citation(x.citation)})" for x in item.metrics]
        if item.source:
            extra.append(m("explain.source_required", {"fields": list(item.source)}))
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
           *([f"- {m('docs.in_force')}: {loc.date(inst.in_force)}"] if inst.in_force else []),
           f"- {m('ui.ruleset')}: `{ruleset.id}` {ruleset.version}, "
           f"{m('docs.consolidated_as_of')} {ruleset.consolidated_as_of}"]
    out += [f"- {m('ui.amended_by')}: {loc.text(a.name)} ({loc.date(a.in_force)})" for a in inst.amendments]
    if ruleset.is_practice:
        out += ["", f"**{m('docs.kind_practice')}**"]
    if ruleset.disclaimer:
        out += ["", f"> {loc.text(ruleset.disclaimer)}"]
    out += _related_lines(inst.related, loc)
    if ruleset.thresholds:
        out += ["", f"## {m('docs.thresholds')}", "", *_threshold_lines(ruleset, loc, "- ")[1:]]
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
                out.append(f"- **{m('ui.crosswalk')}**: " + crosswalks_text(q, lang))
            if q.interpretation:
                out.append(f"- **{m('ui.interpretation_short')}**: {loc.text(q.interpretation_note)}")
            if q.verification:
                out.append(f"- **{m('explain.verification')}**: {m(f'verification.{q.verification.level}')}"
                           + (f" ({q.verification.note})" if q.verification.note else ""))
    return "\n".join(out) + "\n"
