"""`compliance explain`: a requirement in full, and with a card, why it got its status."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape as markup_escape

from ..model import Assessment, Effective, EffectiveCase, Fact, FieldRead, Finding, Requirement, Ruleset
from ..report.conditions import describe
from ..report.escaping import visible
from ..report.locale import locale, message, show, zh_date
from ..report.sections import sections_line
from ..report.text import (
    citation,
    crosswalks_text,
    effective_text,
    metric_rule,
    reason_text,
    remediation,
    roles_text,
    status_label,
    title,
)
from ..rulesets import Catalog
from .table import STATUS_STYLE


def escape(text: str) -> str:
    """Card, evidence and ruleset text for a rich markup line: no markup, no control characters."""
    return markup_escape(visible(text))


def _location(read: FieldRead, card_path: str) -> str:
    """Where a card field was read: `card.yaml:LINE`, or just the card for an unset field."""
    return escape(f"{card_path}:{read.line}" if read.line else card_path)


def _c(lang: str) -> str:
    """The colon after a label: full-width in Chinese."""
    return "：" if lang == "zh" else ": "


def _date(value: str, lang: str) -> str:
    return zh_date(value) if lang == "zh" else value


def _checks(q: Requirement, catalog: Catalog, lang: str) -> list[str]:
    def m(key: str, **params: object) -> str:
        return message(key, lang, params)

    lines: list[str] = []
    kinds = catalog.vocabulary.kinds
    loc = locale(lang)
    for item in q.check.evidence:
        names = " / ".join(f"{k} ({kinds[k].title.get(lang)})" for k in item.kinds)
        text = f"{m('explain.evidence')}{_c(lang)}{names or m('explain.any')}"
        if item.measure:
            text += f", {m('explain.listed_under', measure=item.measure)}"
        if item.max_age_days:
            text += f", {m('explain.max_age', days=str(item.max_age_days))}"
        if item.sections:
            text += f"; {sections_line(item, loc)}"
        for metric in item.metrics:
            flag = f" [{m('ui.interpretation_short')}]" if metric.interpretation else ""
            text += f"; {metric_rule(metric, loc)} ({loc.citation(metric.citation)}){flag}"
        if item.source:
            text += f"; {m('explain.source_required', fields=list(item.source))}"
        lines.append(text)
    for field in q.check.fields:
        text = field.message.get(lang)
        lines.append(f"{m('explain.card')}{_c(lang)}{text or describe(field.when, loc)}")
    if q.check.manual:
        lines.extend(f"{m('explain.reviewer_confirms')}{_c(lang)}{c.get(lang)}" for c in q.check.manual.confirm)
    return lines


def explain_text(q: Requirement, ruleset: Ruleset, catalog: Catalog, finding: Finding | None,
                 assessment: Assessment | None, lang: str, color: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, width=110, highlight=False)
    def m(key: str) -> str:
        return message(key, lang)

    loc = locale(lang)
    p = console.print
    p(f"[bold]{q.id}[/bold] — {escape(title(q, lang))}")
    ruleset_title = ruleset.title.get(lang)
    p(f"{m('ui.citation')}{_c(lang)}{escape(citation(q, lang))}  ·  {escape(ruleset_title)} {ruleset.version}")
    p(f"{m('ui.severity')}{_c(lang)}{m('severity.' + q.severity)}  ·  {m('ui.dimensions')}{_c(lang)}"
      + loc.join(m("dimension." + d) for d in q.dimensions))
    p()
    p(escape(q.summary.get(lang)))
    p()
    p(f"[bold]{m('ui.who')}[/bold]{_c(lang)}" + (roles_text(q.applies_to, lang) or m("ui.any_actor")))
    if q.applies_when is not None:
        p(f"[bold]{m('ui.when')}[/bold]{_c(lang)}{escape(describe(q.applies_when, loc))}")
    p(f"[bold]{m('ui.effective')}[/bold]{_c(lang)}" + escape(effective_text(q, ruleset, lang)))
    dates: list[Effective | EffectiveCase] = [q.effective, *q.effective.cases]
    for dated in dates:
        note = dated.note.get(lang)
        if dated.interpretation:
            p(f"  [yellow]{m('ui.interpretation_short')}[/yellow]{_c(lang)}{escape(note or m('ui.interpretation'))}")
    p(f"[bold]{m('ui.what_is_checked')}[/bold]{_c(lang)}{escape(q.test.get(lang))}")
    for line in _checks(q, catalog, lang):
        p(f"  - {escape(line)}")
    p(f"[bold]{m('ui.remediation')}[/bold]{_c(lang)}{escape(remediation(q, lang))}")
    if q.crosswalk:
        p(f"[bold]{m('ui.crosswalk')}[/bold]{_c(lang)}" + crosswalks_text(q, lang))
    if q.interpretation:
        note = q.interpretation_note.get(lang)
        p(f"[yellow]{m('ui.interpretation')}[/yellow]" + (f"{_c(lang)}{escape(note)}" if note else ""))
    if q.verification:
        level = m(f"verification.{q.verification.level}")
        p(f"{m('explain.verification')}{_c(lang)}{escape(level)}" + (f" ({escape(q.verification.note)})"
                                                              if q.verification.note else ""))
    if q.references:
        p(f"{m('explain.references')}{_c(lang)}" + escape("; ".join(q.references)))
    if finding is not None and assessment is not None:
        p()
        style = STATUS_STYLE[finding.status]
        p(f"[bold]{escape(assessment.system_name)}[/bold] ({escape(assessment.card_path)}, "
          f"{m('ui.as_of')} {_date(assessment.as_of, lang)}): [{style}]{status_label(finding.status, lang)}[/{style}]")
        p(f"{m('ui.effective')}{_c(lang)}{_date(finding.effective.applies_from, lang)}")
        for text in dict.fromkeys(reason_text(reason, loc) for reason in finding.reasons):
            p(f"  - {escape(text)}")
        if finding.facts:
            facts = {f.id: f for f in assessment.facts}
            p(f"[bold]{m('ui.facts')}[/bold]{_c(lang)}")
            for fact_id in finding.facts:
                if fact_id in facts:
                    fact = facts[fact_id]
                    p(f"  - {fact_id} = {escape(show(fact.value))} ({escape(loc.citation(fact.citation))})")
                    for reason in fact.reasons[:4]:
                        p(f"      · {escape(reason_text(reason, loc))}")
                    for read in fact.fields[:6]:
                        p(f"      {escape(read.path)} = {escape(show(read.value))}  "
                          f"({_location(read, assessment.card_path)})")
        if finding.fields:
            p(f"[bold]{m('ui.fields_read')}[/bold]{_c(lang)}")
            for read in finding.fields:
                p(f"  - {escape(read.path)} = {escape(show(read.value))}  ({_location(read, assessment.card_path)})")
        if finding.evidence:
            p(f"[bold]{m('ui.evidence')}[/bold]{_c(lang)}")
            for use in finding.evidence:
                mark = "✓" if use.satisfied else "✗"
                p(f"  {mark} {escape(use.id)} {escape(use.path)} sha256:{use.sha256 or '-'} {escape(use.date)}")
    return out.getvalue()


def explain_fact_text(fact: Fact, assessment: Assessment | None, lang: str, color: bool) -> str:
    """A derived fact: its definition and, with a card, its value, reasons and the card lines read."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, width=110, highlight=False)
    p = console.print

    def m(key: str) -> str:
        return message(key, lang)

    loc = locale(lang)
    p(f"[bold]{fact.id}[/bold] — {escape(fact.title.get(lang))}")
    p(f"{m('ui.citation')}{_c(lang)}{escape(loc.citation(fact.citation))}  ·  "
      f"{m('ui.ruleset')}{_c(lang)}{fact.ruleset}")
    if fact.interpretation:
        note = fact.note.get(lang)
        p(f"[yellow]{m('ui.interpretation')}[/yellow]" + (f"{_c(lang)}{escape(note)}" if note else ""))
    p()
    if fact.when is not None:
        p(f"[bold]{m('ui.when')}[/bold]{_c(lang)}{escape(describe(fact.when, loc))}")
    if fact.sum is not None:
        where = f" ({describe(fact.sum.where, loc)})" if fact.sum.where else ""
        p(f"[bold]{m('ui.when')}[/bold]{_c(lang)}Σ {fact.sum.over}.*.{fact.sum.value}{escape(where)}")
    for case in fact.cases:
        p(f"  {escape(show(case.value))} ⇐ {escape(describe(case.when, loc))}")
    if fact.cases:
        p(f"  {escape(show(fact.default))} ⇐ {m('explain.otherwise')}")
    if assessment is not None:
        value = next((f for f in assessment.facts if f.id == fact.id), None)
        if value is not None:
            p()
            p(f"[bold]{escape(assessment.system_name)}[/bold] ({escape(assessment.card_path)}, "
              f"{m('ui.as_of')} {_date(assessment.as_of, lang)}): {fact.id} = [bold]{escape(show(value.value))}[/bold]")
            for reason in value.reasons:
                p(f"  - {escape(reason_text(reason, lang))}")
            if value.fields:
                p(f"[bold]{m('ui.fields_read')}[/bold]{_c(lang)}")
                for read in value.fields:
                    p(f"  - {escape(read.path)} = {escape(show(read.value))}  "
                      f"({_location(read, assessment.card_path)})")
    return out.getvalue()
