"""The required sections of an evidence check in one line: `A | B; C (with: …)`.

`A | B` means either heading will do, `;` separates the sections that are each required, and each section
needs substantive text under it; the catalogs' `explain.sections` label says so wherever the line is shown.
"""

from __future__ import annotations

from ..model import EvidenceCheck
from .locale import Locale


def sections_text(check: EvidenceCheck, loc: Locale) -> str:
    parts: list[str] = []
    for position, alternatives in enumerate(check.sections):
        text = " | ".join(alternatives)
        needs = [loc.text(n.label) for n in check.rule(position).needs]
        if needs:
            text += loc.message("explain.section_needs", {"needs": needs})
        parts.append(text)
    return ("；" if loc.zh else "; ").join(parts)


def sections_line(check: EvidenceCheck, loc: Locale) -> str:
    """`sections (…legend…): A | B; C` or "" when the check asks for none."""
    return f"{loc.message('explain.sections')}: {sections_text(check, loc)}" if check.sections else ""
