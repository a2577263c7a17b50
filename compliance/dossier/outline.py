"""The structure of each dossier target, read from `templates/outlines/<target>.yaml`.

An outline maps each section of the official form to the card fields, evidence kinds and sections,
and requirements that fill it. Titles and hints are message-catalog keys, never text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import ComplianceError
from ..model import Predicate
from ..resources import templates_dir
from ..yaml_source import load_yaml
from . import TARGETS

TABLES = ("summary", "scope", "facts", "findings", "action_plan", "approvals", "clause_ratings", "metrics",
          "signature", "standard_clauses", "placeholders", "grounds", "transfers", "risk_register",
          "risk_sources", "risk_impact", "risk_level", "risk_measures", "residual")
RISK_TABLES = ("risk_register", "risk_sources", "risk_impact", "risk_level", "risk_measures", "residual")
ACTORS = ("provider", "controller", "handler", "deployer")


@dataclass(frozen=True)
class EvidenceRef:
    """Evidence of these kinds documents the section; `sections` are headings to quote from it."""

    kinds: tuple[str, ...]
    sections: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class RequirementSelector:
    """Which findings a section lists: by id, by Annex IV point, or every finding of some rulesets."""

    ids: tuple[str, ...] = ()
    annex_iv: tuple[str, ...] = ()
    rulesets: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()   # only ids starting with one of these (e.g. a standard's requirements)
    exclude: tuple[str, ...] = ()  # never ids starting with one of these


@dataclass(frozen=True)
class Note:
    """A catalog text shown when a predicate over the card holds (or always)."""

    key: str
    when: Predicate | None = None


@dataclass(frozen=True)
class Section:
    id: str
    key: str
    fields: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    requirements: RequirementSelector | None = None
    notes: tuple[Note, ...] = ()
    table: str | None = None
    provider_statement: bool = False
    children: tuple[Section, ...] = ()
    clauses: str | None = None  # `<ruleset>/<standard>`: the clause list a `standard_clauses` table rates
    facts: tuple[str, ...] = ()  # derived facts a `grounds` table states, with their reasons

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Outline:
    target: str
    key: str
    default_lang: str
    rating: str
    rulesets: tuple[str, ...]
    notes: tuple[Note, ...]
    sections: tuple[Section, ...]
    actor: str = "provider"  # who completes and signs: words the placeholders and the sign-off
    regime: str | None = None  # which risks of the card's register and which transfer routes belong here
    transfers: str | None = None  # the derived fact whose `some … where` picks the routes this instrument governs
    signature: tuple[str, ...] = ()  # signatory roles; default: legal representative (and seal in Chinese)
    required: tuple[str, ...] = ()  # derived facts that must all hold for the document to be required

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def catalog_keys(self) -> set[str]:
        """Every message key this outline needs (titles, hints, notes)."""
        keys = {f"target.{self.key}.title", f"target.{self.key}.subtitle"}
        keys.update(f"target.{self.key}.{n.key}" for n in self.notes)
        for section in self.walk():
            keys.add(f"target.{self.key}.{section.key}")
            keys.update(f"target.{self.key}.{n.key}" for n in section.notes)
            if section.provider_statement:
                keys.add(f"target.{self.key}.{section.key}.hint")
            if section.table == "residual":
                keys.update(f"target.{self.key}.residual.{x}" for x in ("high", "not_high", "none"))
        keys.update(f"dossier.signature.{role}" for role in self.signature)
        return keys


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def _evidence(item: Mapping[str, Any]) -> EvidenceRef:
    sections = tuple(_strings(s) for s in item.get("sections", []))
    return EvidenceRef(_strings(item["kind"]), sections)


def _notes(items: Any) -> tuple[Note, ...]:
    return tuple(Note(n["key"], n.get("when")) for n in items or [])


def _section(item: Mapping[str, Any]) -> Section:
    unknown = set(item) - {"id", "key", "fields", "evidence", "requirements", "notes", "table",
                           "provider_statement", "children", "clauses", "facts"}
    if unknown or "key" not in item:
        raise ValueError(f"section {item.get('key', '?')}: unknown keys {sorted(unknown)} or no key")
    table = item.get("table")
    if table is not None and table not in TABLES:
        raise ValueError(f"section {item['key']}: unknown table {table!r}")
    selector = item.get("requirements")
    return Section(
        id=str(item.get("id", "")),
        key=str(item["key"]),
        fields=_strings(item.get("fields")),
        evidence=tuple(_evidence(e) for e in item.get("evidence", [])),
        requirements=None if selector is None else RequirementSelector(
            _strings(selector.get("ids")), _strings(selector.get("annex_iv")), _strings(selector.get("rulesets")),
            _strings(selector.get("prefix")), _strings(selector.get("exclude"))),
        notes=_notes(item.get("notes")),
        table=table,
        provider_statement=bool(item.get("provider_statement", False)),
        children=tuple(_section(c) for c in item.get("children", [])),
        clauses=str(item["clauses"]) if "clauses" in item else None,
        facts=_strings(item.get("facts")),
    )


def _actor(value: Any) -> str:
    if value not in ACTORS:
        raise ValueError(f"unknown actor {value!r} (one of {', '.join(ACTORS)})")
    return str(value)


@cache
def load_outline(target: str) -> Outline:
    """The outline of one dossier target (raises ComplianceError for an unknown or broken one)."""
    if target not in TARGETS:
        raise ComplianceError(f"unknown dossier target {target!r} (choose from: {', '.join(TARGETS)})")
    path = templates_dir() / "outlines" / f"{target}.yaml"
    data = load_yaml(path, f"outlines/{target}.yaml").data
    try:
        return Outline(
            target=target,
            key=str(data["key"]),
            default_lang=str(data.get("default_lang", "en")),
            rating=str(data.get("rating", "status")),
            rulesets=_strings(data.get("rulesets")),
            notes=_notes(data.get("notes")),
            sections=tuple(_section(s) for s in data["sections"]),
            actor=_actor(data.get("actor", "provider")),
            regime=data.get("regime"),
            transfers=data.get("transfers"),
            signature=_strings(data.get("signature")),
            required=_strings(data.get("required")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ComplianceError(f"outlines/{target}.yaml: broken outline: {exc}") from None
