"""Build the frozen model of a ruleset from its expanded data (`rulesets._compiled`) or its cached form.

What a fresh load and a cached one (`catalog_stored`) build alike: the ruleset's header (instrument, roles,
kinds, measures, facts, thresholds), a requirement's effective dates and the fields that describe it. A
`Texts` says how a builder makes each text: at once from the ruleset data (`FRESH`), or from the cache's
table of texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .model import (
    Amendment,
    Crosswalk,
    Effective,
    EffectiveCase,
    Fact,
    FactCase,
    FactSum,
    Instrument,
    Kind,
    Measure,
    RelatedInstrument,
    Requirement,
    RoleDefinition,
    Ruleset,
    Text,
    Threshold,
    Verification,
)


class Texts:
    """How the builders make a text, from the mapping (or list) that holds it and its key there: a fresh
    load makes each text at once from the ruleset data."""

    def at(self, holder: Any, key: str | int) -> Text:
        return Text.of(holder[key])

    def get(self, holder: Mapping[str, Any], key: str) -> Text:
        return Text.of(holder.get(key))


FRESH = Texts()


def as_tuple(items: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(items or ())


def effective_of(d: Mapping[str, Any], texts: Texts) -> Effective:
    cases = d.get("cases")
    return Effective(
        from_=d["from"], amended_from=d.get("amended_from"), amended_by=d.get("amended_by"),
        until=d.get("until"), note=texts.get(d, "note"), interpretation=d.get("interpretation", False),
        cases=tuple([EffectiveCase(
            condition=c["if"], from_=c["from"], amended_from=c.get("amended_from"),
            amended_by=c.get("amended_by"), until=c.get("until"), note=texts.get(c, "note"),
            interpretation=c.get("interpretation", False)) for c in cases]) if cases else (),
        schedule=d.get("schedule", ""),
    )


def described_fields(d: Mapping[str, Any], source: str, line: int | None, texts: Texts) -> dict[str, Any]:
    """The fields of a requirement that neither assessing it nor its check reads: its texts, links and source."""
    return {name: described_field(name, d, source, line, texts) for name in DESCRIBED}


def described_field(name: str, d: Mapping[str, Any], source: str, line: int | None, texts: Texts) -> Any:
    """One of `described_fields`, alone: a cached load makes each when first read (an HTML report reads five of the
    fifteen; making all of them was a third of describing a requirement)."""
    if name == "source":
        return source
    if name == "line":
        return line
    return _DESCRIBED[name](d, texts)


def _verification(d: Mapping[str, Any], texts: Texts) -> Verification | None:
    verification = d.get("verification")
    return Verification(verification["level"], verification.get("note", "")) if verification else None


_DESCRIBED: dict[str, Callable[[Mapping[str, Any], Texts], Any]] = {
    "title": lambda d, texts: texts.at(d, "title"),
    "citation": lambda d, texts: texts.at(d, "citation"),
    "summary": lambda d, texts: texts.at(d, "summary"),
    "test": lambda d, texts: texts.at(d, "test"),
    "chapter": lambda d, texts: texts.get(d, "chapter"),
    "dimensions": lambda d, texts: as_tuple(d["dimensions"]),
    "remediation": lambda d, texts: texts.at(d, "remediation"),
    "annex_iv": lambda d, texts: as_tuple(d.get("annex_iv")),
    "crosswalk": lambda d, texts: tuple(Crosswalk(c["target"], c["relation"], texts.get(c, "note"))
                                        for c in d.get("crosswalk", [])),
    "interpretation": lambda d, texts: d.get("interpretation", False),
    "interpretation_note": lambda d, texts: texts.get(d, "interpretation_note"),
    "verification": _verification,
    "references": lambda d, texts: as_tuple(d.get("references")),
}
DESCRIBED = (*_DESCRIBED, "source", "line")  # in the order the fields were always made


def fact_of(d: Mapping[str, Any], ruleset_id: str, texts: Texts) -> Fact:
    """A fact; lists, not generators, and none for a fact without cases (134 of the 138)."""
    total, cases = d.get("sum"), d.get("cases")
    return Fact(
        id=d["id"], title=texts.at(d, "title"), citation=texts.at(d, "citation"), ruleset=ruleset_id,
        when=d.get("when"),
        cases=tuple([FactCase(c["when"], c["value"], texts.get(c, "because"), texts.get(c, "citation"))
                     for c in cases]) if cases else (),
        sum=FactSum(total["over"], total["value"], total.get("where")) if total else None,
        default=d.get("default", False if "when" in d else None), values=as_tuple(d.get("values")),
        interpretation=d.get("interpretation", False), note=texts.get(d, "note"),
    )


def kinds_of(items: Iterable[Mapping[str, Any]], origin: str, texts: Texts | None = None) -> tuple[Kind, ...]:
    texts = texts or FRESH
    return tuple(Kind(k["id"], texts.at(k, "title"), texts.get(k, "description"), as_tuple(k.get("formats")), origin)
                 for k in items)


def measures_of(items: Iterable[Mapping[str, Any]], origin: str, texts: Texts | None = None) -> tuple[Measure, ...]:
    texts = texts or FRESH
    return tuple(Measure(m["id"], texts.at(m, "title"), texts.get(m, "description"), origin) for m in items)


def ruleset_of(compiled: Mapping[str, Any], requirements: tuple[Requirement, ...], texts: Texts = FRESH,
               facts: tuple[Fact, ...] | None = None) -> Ruleset:
    """A ruleset with `requirements` from its expanded data (`rulesets._compiled`) or its cached form, with `facts`
    where they were built already (a cached load stores them as rows), else those of its header."""
    h = compiled["header"]
    thresholds = h.get("thresholds", {})
    inst = h["instrument"]
    return Ruleset(
        id=h["id"], title=texts.at(h, "title"), version=h["version"],
        consolidated_as_of=h["consolidated_as_of"], regime=h["regime"], jurisdiction=h["jurisdiction"],
        instrument=Instrument(
            name=texts.at(inst, "name"), number=inst["number"], reference=inst["reference"],
            in_force=inst.get("in_force", ""), short_name=texts.get(inst, "short_name"), url=inst.get("url", ""),
            amendments=tuple(Amendment(a["id"], texts.at(a, "name"), a["in_force"], a.get("reference", ""))
                             for a in inst.get("amendments", [])),
            related=tuple(RelatedInstrument(texts.at(r, "name"), r.get("reference", ""), r.get("in_force", ""),
                                            texts.get(r, "note")) for r in inst.get("related", []))),
        requirement_prefix=h.get("requirement_prefix", ""),
        roles={name: RoleDefinition(name, r["when"], texts.get(r, "citation"), texts.get(r, "title"))
               for name, r in h.get("roles", {}).items()},
        kinds=kinds_of(h.get("kinds", []), h["id"], texts), measures=measures_of(h.get("measures", []), h["id"], texts),
        facts=tuple(fact_of(f, h["id"], texts) for f in h.get("facts", [])) if facts is None else facts,
        requirements=requirements,
        sha256=compiled["sha256"], path=Path(compiled["folder"]), source=h.get("source", ""),
        disclaimer=texts.get(h, "disclaimer"), kind=h.get("kind", "law"),
        thresholds=tuple(Threshold(tid, h["id"], texts.at(t, "title"), float(t["default"]), t["unit"],
                                   (float(t["range"][0]), float(t["range"][1])), texts.at(t, "rationale"),
                                   texts.get(t, "source"))
                         for tid, t in sorted(thresholds.items())),
    )
