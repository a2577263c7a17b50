"""Which requirements ask for each evidence kind, and the sections they ask it to have.

One index for `rulesets kinds`, `evidence scaffold` and `todo`: a kind's sections are the union of the
sections its checks require, in the order the requirements are written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .documents import Need
from .errors import ComplianceError
from .model import EvidenceCheck, Kind, Requirement
from .report.locale import Locale
from .rulesets import Catalog
from .scaffold import RequiredSection, Template, TemplateSection, choose_headings


@dataclass(frozen=True)
class KindUse:
    """One evidence check of one requirement that a kind can satisfy."""

    requirement: Requirement
    check: EvidenceCheck


def kind_uses(catalog: Catalog, requirements: Iterable[Requirement] | None = None) -> dict[str, list[KindUse]]:
    """Per kind id, every check that names it (requirements in catalog order)."""
    uses: dict[str, list[KindUse]] = {k: [] for k in catalog.vocabulary.kinds}
    for requirement in requirements if requirements is not None else catalog.requirements.values():
        for check in requirement.check.evidence:
            for kind in check.kinds:
                uses.setdefault(kind, []).append(KindUse(requirement, check))
    return uses


def required_sections(uses: Iterable[KindUse], loc: Locale) -> list[RequiredSection]:
    """The sections the checks ask for, each once (the first rule written for it wins), in `loc`'s language."""
    found: dict[tuple[str, ...], RequiredSection] = {}
    for use in uses:
        for position, alternatives in enumerate(use.check.sections):
            rule = use.check.rule(position)
            needs = tuple((Need.of(n.kind, n.values), loc.text(n.label)) for n in rule.needs)
            existing = found.get(alternatives)
            if existing is None or (not existing.prompt and not existing.needs and (rule.prompt or needs)):
                found[alternatives] = RequiredSection(alternatives, use.requirement.id,
                                                      loc.citation(use.requirement.citation),
                                                      loc.text(use.requirement.title), loc.text(rule.prompt), needs)
    return list(found.values())


def known_kind(catalog: Catalog, kind: str) -> Kind:
    """The kind, or a usage error naming the closest ids."""
    found = catalog.vocabulary.kinds.get(kind)
    if found is None:
        close = difflib.get_close_matches(kind, list(catalog.vocabulary.kinds), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `compliance rulesets kinds` lists them"
        raise ComplianceError(f"unknown evidence kind {kind!r}{hint}")
    return found


def measures_of(uses: Iterable[KindUse]) -> list[str]:
    return list(dict.fromkeys(u.check.measure for u in uses if u.check.measure))


def template_for(catalog: Catalog, kind: str, lang: str) -> Template:
    """The scaffold template of a kind: its title and headings covering every section its checks require."""
    from .report.locale import locale

    found = known_kind(catalog, kind)
    loc = locale(lang)
    uses = kind_uses(catalog)[kind]
    sections = required_sections(uses, loc)
    template = Template(kind, loc.text(found.title), lang, choose_headings(sections, lang))
    if not template.sections and uses:
        # no sections required: one prompt under the title, from what the requirements ask for
        anchor = RequiredSection((), uses[0].requirement.id, loc.citation(uses[0].requirement.citation),
                                 loc.text(uses[0].requirement.title))
        template = Template(kind, template.title, lang, (TemplateSection("", (anchor,)),))
    return template
