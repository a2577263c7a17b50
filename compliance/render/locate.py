"""Where in the card a finding was decided, for formats that point at lines (SARIF, JUnit, OSCAL)."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote, urljoin

from ..model import Assessment, Finding
from ..predicates import leaves
from . import RenderOptions


def card_uri(assessment: Assessment, options: RenderOptions) -> str:
    """The card as the user named it: relative paths stay relative to the checkout, absolute ones become
    file URIs."""
    path = PurePosixPath((options.card_uri or assessment.card_path).replace("\\", "/"))
    return path.as_uri() if path.is_absolute() else quote(str(path))


def evidence_uri(card: str, evidence_path: str) -> str:
    """An evidence file's URI (`card` as card_uri gives it): its path is relative to the card's folder."""
    relative = evidence_path.replace("\\", "/")
    if "://" in card:
        return urljoin(card, quote(relative))
    return str(PurePosixPath(card).parent / quote(relative))


def deciding_line(finding: Finding) -> int:
    """The card line that decided a finding: the unmet evidence entry, else the field a check read,
    else the field that brought the requirement into scope (a role declaration last), else line 1."""
    unmet = [u.line for u in finding.evidence if not u.satisfied and u.line]
    if unmet:
        return unmet[0]
    checked = {leaf.get("path") for item in finding.requirement.check.fields for leaf in leaves(item.when)}
    reads = {r.path: r.line for r in finding.fields if r.line}
    decided = sorted(p for p in checked if p in reads)
    if decided:
        return reads[decided[0]]
    scope = sorted(line for path, line in reads.items() if not path.startswith("organisation.roles."))
    return scope[0] if scope else next(iter(sorted(reads.values())), 1)
