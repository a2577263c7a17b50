"""`compliance rulesets kinds`: each evidence kind with the requirements that use it and its sections."""

from __future__ import annotations

from ..evidence_kinds import kind_uses, measures_of
from ..report.locale import locale
from ..report.sections import sections_text
from ..rulesets import Catalog


def kinds_text(catalog: Catalog, lang: str, only: str | None = None) -> str:
    loc = locale(lang)
    m = loc.message
    lines: list[str] = []
    uses = kind_uses(catalog)
    for kind in catalog.vocabulary.kinds.values():
        if only is not None and kind.id != only:
            continue
        used = uses.get(kind.id, [])
        origin = f" ({kind.origin})" if kind.origin != "vocabulary" else ""
        lines.append(f"{kind.id} — {loc.text(kind.title)}{origin}")
        if not used:
            lines.append(f"  {m('kinds.unused')}")
        else:
            ids = list(dict.fromkeys(u.requirement.id for u in used))
            lines.append(f"  {m('kinds.used_by', {'count': len(ids)})}: {', '.join(ids)}")
            measures = measures_of(used)
            if measures:
                lines.append(f"  {m('kinds.listed_under')}: " + ", ".join(f"measures.{x}" for x in measures))
            for use in used:
                if use.check.sections:
                    lines.append(f"  {use.requirement.id}: {sections_text(use.check, loc)}")
        lines.append("")
    lines.append(m("kinds.legend"))
    if only is None:
        lines.extend(["", m("kinds.measures")])
        lines.extend(f"  {x.id} — {loc.text(x.title)}" for x in catalog.vocabulary.measures.values())
    return "\n".join(lines).rstrip() + "\n"
