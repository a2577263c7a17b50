"""Read the rulesets and the shared vocabulary afresh into a Catalog; a bad ruleset is a hard error.

A ruleset folder is read in three steps: parse and schema-check every file, *expand* it (named
conditions substituted, per-file `defaults` applied, `effective: NAME` replaced by the named schedule)
and check what the schema cannot (`ruleset_checks`), then build the frozen model (`ruleset_model`). The
expanded data is what the catalog cache stores (`_cache_entry`), so a cached load (`catalog`,
`catalog_stored`) does no expansion and does not import this module.
"""

from __future__ import annotations

import json
import marshal
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import catalog_cache
from .card import card_schema
from .catalog import Catalog as Catalog  # each `X as X`: a name other modules and the tests read from here
from .catalog import _load_catalog as _load_catalog
from .catalog import load_catalog as load_catalog
from .catalog_files import RULESET_FILE, VOCABULARY_FILE, content_hash, folder_files, ruleset_folders
from .catalog_files import file_content as file_content
from .catalog_files import ruleset_files as ruleset_files
from .catalog_stored import CACHE_KIND, CACHE_SUFFIX, DESCRIBED_KIND, REQUIREMENT_ROW, description_parts, stored_parts
from .catalog_stored import cached_catalog as _cached_catalog  # noqa: F401 (the tests read cached forms through it)
from .check_rows import check_row
from .digests import key_digest
from .errors import ComplianceError, Problem
from .model import (
    EMPTY,
    Check,
    ContentNeed,
    EvidenceCheck,
    FieldCheck,
    Kind,
    ManualCheck,
    Measure,
    MetricCheck,
    Requirement,
    Ruleset,
    SectionRule,
    Text,
    Vocabulary,
    natural_key,
)
from .records import record
from .resources import schema
from .ruleset_model import FRESH, Texts, as_tuple, described_fields, effective_of, kinds_of, measures_of, ruleset_of
from .schema_check import schema_problems
from .yaml_source import YamlDocument, load_yaml

LOCK_FILE = "versions.lock"
DEFAULTABLE = ("chapter", "applies_to", "applies_when", "effective")
MAX_CONDITION_CHAIN = 16  # a condition naming a condition naming ...
MAX_EXPANDED_DEPTH = 96   # nesting of a fact, role or requirement once its conditions are expanded


def _file_schema(name: str) -> dict[str, Any]:
    base = schema("ruleset")
    shapes: dict[str, dict[str, Any]] = {
        "requirements": {"type": "object", "additionalProperties": False, "required": ["requirements"],
                         "properties": {"defaults": {"$ref": "#/$defs/defaults"},
                                        "requirements": {"type": "array",
                                                         "items": {"$ref": "#/$defs/requirement"}}}},
        "vocabulary": {"type": "object", "additionalProperties": False,
                       "properties": {"kinds": base["properties"]["kinds"],
                                      "measures": base["properties"]["measures"]}},
    }
    return {"$schema": base["$schema"], **shapes[name], "$defs": base["$defs"]}


# --- reading ---------------------------------------------------------------------------------

def _display(path: Path, root: Path) -> str:
    try:
        return f"rulesets/{path.relative_to(root).as_posix()}"
    except ValueError:
        return str(path)


@record
class Source:
    """A parsed ruleset folder: its documents, for locating problems."""

    folder: Path
    header: YamlDocument
    requirement_docs: tuple[YamlDocument, ...]
    sha256: str


def _parse_folder(folder: Path, root: Path, problems: list[Problem]) -> Source | None:
    docs: list[YamlDocument] = []
    for path in folder_files(folder):
        try:
            doc = load_yaml(path, _display(path, root))
        except ComplianceError as exc:
            problems.extend(exc.problems or (Problem(_display(path, root), None, "", exc.message),))
            continue
        is_header = path.name == RULESET_FILE and path.parent == folder
        found = schema_problems(doc, schema("ruleset") if is_header else _file_schema("requirements"))
        problems.extend(found)
        if not found:
            docs.append(doc)
    if not docs or docs[0].source != _display(folder / RULESET_FILE, root):
        return None
    return Source(folder, docs[0], tuple(docs[1:]), content_hash(folder))


# --- expansion -------------------------------------------------------------------------------

@record
class Located:
    """A fact, role or requirement mapping (expanded) and where it was written."""

    doc: YamlDocument
    base: tuple[str | int, ...]
    data: Mapping[str, Any]

    def problem(self, rel: Iterable[str | int], message: str, severity: str = "error") -> Problem:
        full = [*self.base, *rel]
        return Problem(self.doc.source, self.doc.line_for(full), "/".join(str(p) for p in full), message, severity)


@dataclass(eq=False, repr=False)  # built while loading, never compared or shown: no methods to compile at import
class Expanded:
    """A ruleset folder after expansion: what the checks read and the cache stores."""

    source: Source
    header: dict[str, Any]
    facts: list[Located] = field(default_factory=list)
    roles: list[Located] = field(default_factory=list)
    requirements: list[Located] = field(default_factory=list)


class _Conditions:
    """Substitutes `{condition: NAME}` leaves by the named predicates of ruleset.yaml."""

    def __init__(self, named: Mapping[str, Any], where: Located, problems: list[Problem]) -> None:
        self.named = named
        self.where = where
        self.problems = problems
        self.done: dict[str, Any] = {}

    def resolve(self, name: str, rel: list[str | int], trail: tuple[str, ...]) -> Any:
        if len(trail) >= MAX_CONDITION_CHAIN:
            self.problems.append(self.where.problem(rel, f"conditions nested more than {MAX_CONDITION_CHAIN} "
                                                         f"deep: {' -> '.join((*trail[:4], '…', name))}"))
            return {"all": []}
        if name in trail:
            self.problems.append(self.where.problem(rel, f"condition cycle: {' -> '.join((*trail, name))}"))
            return {"all": []}
        if name not in self.named:
            known = ", ".join(sorted(self.named)) or "none declared"
            self.problems.append(self.where.problem(rel, f"unknown condition {name!r} (declared: {known})"))
            return {"all": []}
        if name not in self.done:
            self.done[name] = self.expand(self.named[name], ["conditions", name], (*trail, name))
        return self.done[name]

    def expand(self, node: Any, rel: list[str | int], trail: tuple[str, ...] = ()) -> Any:
        if isinstance(node, Mapping):
            if "condition" in node:
                return self.resolve(node["condition"], rel, trail)
            return {k: self.expand(v, [*rel, k], trail) for k, v in node.items()}
        if isinstance(node, list):
            return [self.expand(v, [*rel, i], trail) for i, v in enumerate(node)]
        return node


def _expand_requirement(item: Mapping[str, Any], defaults: Mapping[str, Any], schedules: Mapping[str, Any],
                        conditions: _Conditions, where: Located, problems: list[Problem]) -> dict[str, Any]:
    data = {**{k: v for k, v in defaults.items() if k not in item}, **item}
    for key in ("applies_to", "effective"):
        if key not in data:
            problems.append(where.problem([], f"no `{key}` (give it here or in the file's `defaults`)"))
    effective = data.get("effective")
    if isinstance(effective, str):
        if effective in schedules:
            data["effective"] = {**schedules[effective], "schedule": effective}
        else:
            known = ", ".join(sorted(schedules)) or "none declared"
            problems.append(where.problem(["effective"], f"unknown schedule {effective!r} (declared: {known})"))
            data.pop("effective")
    return dict(conditions.expand(data, []))


def expand(src: Source, problems: list[Problem]) -> Expanded:
    h = src.header.data
    header_where = Located(src.header, (), h)
    conditions = _Conditions(h.get("conditions", {}), header_where, problems)
    for name in h.get("conditions", {}):
        conditions.resolve(name, ["conditions", name], ())
    schedules = {name: conditions.expand(block, ["schedules", name])
                 for name, block in h.get("schedules", {}).items()}
    header = {k: v for k, v in h.items() if k not in ("requirements", "conditions", "schedules")}
    header["facts"] = [conditions.expand(f, ["facts", i]) for i, f in enumerate(h.get("facts", []))]
    header["roles"] = {n: conditions.expand(r, ["roles", n]) for n, r in h.get("roles", {}).items()}
    out = Expanded(src, header)
    out.facts = [Located(src.header, ("facts", i), f) for i, f in enumerate(header["facts"])]
    out.roles = [Located(src.header, ("roles", n), r) for n, r in header["roles"].items()]
    for doc in (src.header, *src.requirement_docs):
        defaults = doc.data.get("defaults", {})
        for i, item in enumerate(doc.data.get("requirements", [])):
            where = Located(doc, ("requirements", i), item)
            data = _expand_requirement(item, defaults, schedules, conditions, where, problems)
            out.requirements.append(Located(doc, ("requirements", i), data))
    for located in (*out.facts, *out.roles, *out.requirements):
        if nesting(located.data) > MAX_EXPANDED_DEPTH:
            problems.append(located.problem([], f"nested more than {MAX_EXPANDED_DEPTH} levels deep once its "
                                                "conditions are expanded"))
    return out


def nesting(node: Any) -> int:
    """How deeply mappings and lists nest in `node`, counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(node, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        else:
            continue
        deepest = max(deepest, depth + 1)
    return deepest


def _compiled(ex: Expanded) -> dict[str, Any]:
    """The expanded data of a ruleset folder with requirement sources and lines: what the cache stores."""
    return {"folder": str(ex.source.folder), "sha256": ex.source.sha256, "header": ex.header,
            "requirements": [{"source": r.doc.source, "line": r.doc.line_for(r.base), "data": r.data}
                             for r in ex.requirements]}


# --- building the model ----------------------------------------------------------------------

class _TextCollector(Texts):
    """Writing the cache: replaces each text the builders read by its number in the text table (a text
    read twice is numbered once; an empty one becomes null)."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[tuple[str, str], ...], int] = {}

    def number(self, text: Text) -> int | None:
        return self.numbers.setdefault(text.items, len(self.numbers)) if text else None

    def at(self, holder: Any, key: str | int) -> Text:
        value = holder[key]
        if type(value) is not int:  # an int: numbered already (a mapping read twice)
            holder[key] = self.number(Text.of(value))
        return EMPTY

    def get(self, holder: Mapping[str, Any], key: str) -> Text:
        return self.at(holder, key) if key in holder else EMPTY

    def table(self) -> list[bytes]:
        return [marshal.dumps(items) for items in self.numbers]


def _section(value: str | list[str] | Mapping[str, Any]) -> tuple[str, ...]:
    if isinstance(value, Mapping):
        value = value["heading"]
    return (value,) if isinstance(value, str) else tuple(value)


def _need(d: Mapping[str, Any], texts: Texts) -> ContentNeed:
    kind = next(k for k in ("field", "phrase", "pattern") if k in d)
    return ContentNeed(kind, _section(d[kind]), texts.get(d, "label"))


def _section_rules(sections: list[Any], texts: Texts) -> tuple[SectionRule, ...]:
    if not any(isinstance(s, Mapping) for s in sections):
        return ()
    return tuple(SectionRule(texts.get(s, "prompt"), tuple(_need(n, texts) for n in s.get("needs", [])))
                 if isinstance(s, Mapping) else SectionRule() for s in sections)


# The figures a unit allows when a metric check gives no `range` of its own.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "rate": (0.0, 1.0), "proportion": (0.0, 1.0),
    **{unit: (0.0, math.inf) for unit in ("count", "minutes", "hours", "days", "months", "years")},
}


def _metric(m: Mapping[str, Any], thresholds: Mapping[str, Any], texts: Texts) -> MetricCheck:
    """A metric check; a named threshold gives its default as the value, and its unit and range."""
    named = thresholds.get(m.get("threshold", ""), {})
    names = tuple(m["metric"]) if isinstance(m["metric"], list) else (m["metric"],)
    limits = named.get("range", m.get("range"))
    aggregate = m.get("aggregate", "worst" if "over" in m else "")
    unit = named.get("unit", m.get("unit", ""))
    return MetricCheck(
        metric="|".join(names), op=m.get("op", "gte"), value=float(named.get("default", m.get("value", 0))),
        citation=texts.get(m, "citation"), label=texts.get(m, "label"),
        interpretation=m.get("interpretation", False), threshold=m.get("threshold", ""),
        over=m.get("over", ""), names=names if "over" in m else (), aggregate=aggregate,
        datasets=as_tuple(m.get("datasets")), unit=unit,
        range=(float(limits[0]), float(limits[1])) if limits else UNIT_RANGES.get(unit))


def _check(d: Mapping[str, Any], thresholds: Mapping[str, Any] | None = None, texts: Texts | None = None) -> Check:
    texts = texts or FRESH
    manual = d.get("manual")
    thresholds = thresholds or {}
    return Check(
        evidence=tuple(EvidenceCheck(
            kinds=tuple(e.get("kinds", [e["kind"]] if "kind" in e else [])),
            measure=e.get("measure"),
            sections=tuple(_section(s) for s in e.get("sections", [])),
            section_rules=_section_rules(e.get("sections", []), texts),
            max_age_days=e.get("max_age_days"),
            metrics=tuple(_metric(m, thresholds, texts) for m in e.get("metrics", [])),
            label=texts.get(e, "label"),
            source=as_tuple(e.get("source")),
            entries="every" if e.get("every") else "",
        ) for e in d.get("evidence", [])),
        fields=tuple(FieldCheck(f["when"], texts.get(f, "message")) for f in d.get("fields", [])),
        manual=ManualCheck(tuple(texts.at(manual["confirm"], i) for i in range(len(manual["confirm"]))))
        if manual else None,
    )


def _requirement(d: Mapping[str, Any], ruleset_id: str, source: str, line: int | None,
                 thresholds: Mapping[str, Any], texts: Texts) -> Requirement:
    """A requirement built at once, as a fresh load builds it (a cached one: `_Stored.requirement`)."""
    return Requirement(
        id=d["id"], ruleset=ruleset_id, applies_to=as_tuple(d["applies_to"]), applies_when=d.get("applies_when"),
        effective=effective_of(d["effective"], texts), severity=d["severity"],
        check=_check(d["check"], thresholds, texts), **described_fields(d, source, line, texts))


def _build(compiled: Mapping[str, Any], texts: Texts = FRESH) -> Ruleset:
    """A ruleset from its expanded data (`_compiled`), its requirements in the catalog's order."""
    h = compiled["header"]
    thresholds = h.get("thresholds", {})
    requirements = tuple(sorted((_requirement(r["data"], h["id"], r["source"], r["line"], thresholds, texts)
                                 for r in compiled["requirements"]), key=lambda q: natural_key(q.id)))
    return ruleset_of(compiled, requirements, texts)


# --- the vocabulary --------------------------------------------------------------------------

def _vocabulary(root: Path, sources: list[Source], problems: list[Problem]) -> Vocabulary:
    kinds: dict[str, Kind] = {}
    measures: dict[str, Measure] = {}
    declared: list[tuple[str, Iterable[Kind], Iterable[Measure]]] = []
    path = root / VOCABULARY_FILE
    if path.exists() or path.is_symlink():
        try:
            doc = load_yaml(path, _display(path, root))
            found = schema_problems(doc, _file_schema("vocabulary"))
            problems.extend(found)
            if not found:
                declared.append((doc.source, kinds_of(doc.data.get("kinds", []), "vocabulary"),
                                 measures_of(doc.data.get("measures", []), "vocabulary")))
        except ComplianceError as exc:
            problems.extend(exc.problems or (Problem(str(path), None, "", exc.message),))
    for src in sources:
        h = src.header.data
        declared.append((src.header.source, kinds_of(h.get("kinds", []), h["id"]),
                         measures_of(h.get("measures", []), h["id"])))
    for source, new_kinds, new_measures in declared:
        for kind in new_kinds:
            if kind.id in kinds:
                problems.append(Problem(source, None, "kinds", f"evidence kind {kind.id!r} is already declared "
                                        f"by {kinds[kind.id].origin}"))
            kinds.setdefault(kind.id, kind)
        for measure in new_measures:
            if measure.id in measures:
                problems.append(Problem(source, None, "measures", f"measure {measure.id!r} is already declared "
                                        f"by {measures[measure.id].origin}"))
            measures.setdefault(measure.id, measure)
    return Vocabulary(dict(sorted(kinds.items())), dict(sorted(measures.items())))


# --- loading ---------------------------------------------------------------------------------

@record
class Loaded:
    """Everything a fresh (uncached) load saw, for `rulesets lint`: problems of every severity."""

    catalog: Catalog | None
    expanded: tuple[Expanded, ...]
    problems: tuple[Problem, ...]


def read_rulesets(root: Path) -> Loaded:
    """Parse, expand and check every ruleset folder under `root`, without the cache."""
    from .ruleset_checks import catalog_problems

    if not root.is_dir():
        raise ComplianceError(f"rulesets folder not found: {root}")
    problems: list[Problem] = []
    sources: list[Source] = []
    for folder in ruleset_folders(root):
        src = _parse_folder(folder, root, problems)
        if src is not None:
            sources.append(src)
    vocabulary = _vocabulary(root, sources, problems)
    expanded = tuple(expand(s, problems) for s in sources)
    if not any(p.severity == "error" for p in problems):
        problems.extend(catalog_problems(expanded, vocabulary))
    catalog = None
    if not any(p.severity == "error" for p in problems):
        catalog = Catalog(vocabulary, tuple(_build(_compiled(e)) for e in expanded))
    unique = sorted(set(problems), key=lambda p: (p.source, p.line or 0, p.path, p.message))
    return Loaded(catalog, expanded, tuple(unique))


def read_and_cache(root: Path, key: str) -> Catalog:
    """The catalog read from the rulesets and checked afresh, then cached under `key`."""
    loaded = read_rulesets(root)
    errors = tuple(p for p in loaded.problems if p.severity == "error")
    if loaded.catalog is None or errors:
        raise ComplianceError(f"{len(errors)} problem(s) in the rulesets", errors)
    entry, described = _cache_entry(loaded.expanded, loaded.catalog.vocabulary)
    catalog_cache.write_sealed(key_digest(described).hexdigest(), described, DESCRIBED_KIND, CACHE_SUFFIX)
    catalog_cache.write_sealed(key, entry, CACHE_KIND, CACHE_SUFFIX)
    return loaded.catalog


# --- the cached form -------------------------------------------------------------------------

# What assessing reads of every requirement: a cached requirement is built with these fields, the others
# (its check, texts, links) when first read.
_ASSESSED = ("id", "applies_to", "applies_when", "effective", "severity")
# What a table shows of each requirement it lists beside its status: its title and citation (numbers in the entry's
# table of texts) and whether it is an interpretation, kept in the requirement's row rather than in its description.
_SHOWN_TEXTS = ("title", "citation")
_SHOWN = (*_SHOWN_TEXTS, "interpretation")


def _cache_entry(expanded: Iterable[Expanded], vocabulary: Vocabulary) -> tuple[bytes, bytes]:
    """What the catalog cache stores, marshalled: the expanded rulesets with each text replaced by its number
    in a table of texts, each requirement's check marshalled apart (as `check_rows.check_row`) and its requirements in
    the catalog's order, equal mappings and lists made one object, and the vocabulary; after it, the checks and then
    the texts, each marshalled, one after another (`catalog_stored.Parts`: read where they lie); and, in an entry of its
    own which the catalog's names by its digest (BLAKE2b), what only describing a requirement reads (its fields and
    their texts, most of the texts' bytes), one part per requirement with its own table of texts, each found and
    authenticated through the catalog's entry (`catalog_stored.Descriptions`): a `check` -f json, a table or a Markdown
    report reads none of it (the title, citation and interpretation they show are in each requirement's row,
    `catalog_stored.REQUIREMENT_ROW`). The core also holds the card schema filled in with this vocabulary
    (`card.keep_schema`: the key covers the schemas)."""
    rulesets = json.loads(json.dumps([_compiled(e) for e in expanded], ensure_ascii=False, allow_nan=False))
    collector = _TextCollector()
    for compiled in rulesets:
        for r in compiled["requirements"]:
            for name in _SHOWN_TEXTS:  # in the entry's own table: numbered first, so no description holds them
                collector.at(r["data"], name)
            own = _TextCollector()  # numbers the others first, in each description's own table
            described_fields(r["data"], r["source"], r["line"], own)
            r["texts"] = own.table()
    for compiled in rulesets:
        thresholds = compiled["header"].get("thresholds", {})
        for r in compiled["requirements"]:  # before _build numbers the check's texts in place
            r["row"] = marshal.dumps(check_row(_check(r["data"]["check"], thresholds), collector.number))
        _build(compiled, collector)  # numbers the texts in place
    seen: dict[Any, Any] = {}
    apart: list[bytes] = []
    checks: list[bytes] = []
    stored = [{"folder": c["folder"], "sha256": c["sha256"], "header": _stored_header(_shared(c["header"], seen)),
               "requirements": [_stored_requirement(r, seen, apart, checks) for r in
                                sorted(c["requirements"], key=lambda r: natural_key(r["data"]["id"]))]}
              for c in rulesets]
    entry, parts = description_parts(apart)
    vocabulary_payload = _shared(_vocabulary_payload(vocabulary, collector), seen)  # numbers its texts too
    (checks_stored, checks_ends), (texts_stored, texts_ends) = stored_parts(checks), stored_parts(collector.table())
    return marshal.dumps({"rulesets": stored, "vocabulary": vocabulary_payload, "checks": checks_ends,
                          "texts": texts_ends, "described": key_digest(entry).hexdigest(), "parts": parts,
                          "card_schema": card_schema(vocabulary)}) + checks_stored + texts_stored, entry


def _stored_header(header: Mapping[str, Any]) -> dict[str, Any]:
    """A ruleset's header as the entry stores it: its facts as rows (`catalog_stored.FACT_ROW`)."""
    return {**header, "facts": [_fact_row(f) for f in header.get("facts", [])]}


def _fact_row(d: Mapping[str, Any]) -> tuple[Any, ...]:
    """A fact, its texts numbered already (`_build`), as a `catalog_stored.FACT_ROW`: the fields `fact_of` makes."""
    total, cases = d.get("sum"), d.get("cases")
    return (d["id"], d["title"], d["citation"], d.get("when"),
            tuple([(c["when"], c["value"], c.get("because"), c.get("citation")) for c in cases]) if cases else (),
            (total["over"], total["value"], total.get("where")) if total else None,
            d.get("default", False if "when" in d else None), as_tuple(d.get("values")),
            d.get("interpretation", False), d.get("note"))


def _stored_requirement(compiled: Mapping[str, Any], seen: dict[Any, Any], apart: list[bytes],
                        checks: list[bytes]) -> tuple[Any, ...]:
    """A requirement's cached form, a `REQUIREMENT_ROW`: what assessing reads (the roles as a tuple, equal ones one
    object; no condition: None), the number of its check among `checks` (to which it is added, marshalled), the
    number of what only describing it reads among the entries `apart` (to which it is added, marshalled, with its
    id), and what a table shows of it (`_SHOWN`: its texts numbered in the entry's table already)."""
    data = compiled["data"]
    described = {k: v for k, v in data.items() if k not in _ASSESSED and k not in _SHOWN and k != "check"}
    described.update(id=data["id"], source=compiled["source"], line=compiled["line"], texts=compiled["texts"])
    apart.append(marshal.dumps(described))
    roles = tuple([_shared(role, seen) for role in data["applies_to"]])
    checks.append(compiled["row"])
    row = {**{k: _shared(data.get(k), seen) for k in _ASSESSED},
           "applies_to": seen.setdefault((tuple, roles), roles), "check": len(checks) - 1, "described": len(apart) - 1,
           "title": data["title"], "citation": data["citation"], "interpretation": data.get("interpretation", False)}
    return tuple(row[k] for k in REQUIREMENT_ROW)


def _shared(node: Any, seen: dict[Any, Any]) -> Any:
    """`node` with equal mappings and lists (the same keys in the same order, values of the same types) made
    one object, which marshal writes once: a named schedule or condition expands into a copy in each
    requirement that names it, and equal copies are then decoded, built and prepared once. Equal strings are one
    object too (marshal writes the first and refers to it after): JSON gives each "high", "eq" or "markdown" its
    own, and a cached load decoded ~1,700 copies (~100 KB)."""
    made: Any
    if type(node) is dict:
        made = {k: _shared(v, seen) for k, v in node.items()}
        key: tuple[Any, ...] = (dict, tuple((k, _identity(v)) for k, v in made.items()))
    elif type(node) is list:
        made = [_shared(v, seen) for v in node]
        key = (list, tuple(_identity(v) for v in made))
    elif type(node) is str:
        made, key = node, (str, node)
    else:
        return node
    return seen.setdefault(key, made)


def _identity(value: Any) -> Any:
    """A value as `_shared` compares it: a mapping or list by identity (equal ones are one object by then),
    anything else by its type and value (1, 1.0 and True are not the same)."""
    return id(value) if type(value) in (dict, list) else (type(value), value)


def _vocabulary_payload(vocabulary: Vocabulary, texts: _TextCollector) -> dict[str, Any]:
    """Each kind and measure as a row of its fields in order, its texts numbered (lists: `_shared` makes equal
    strings in them one object)."""
    return {"kinds": [[k.id, texts.number(k.title), texts.number(k.description), list(k.formats), k.origin]
                      for k in vocabulary.kinds.values()],
            "measures": [[m.id, texts.number(m.title), texts.number(m.description), m.origin]
                         for m in vocabulary.measures.values()]}
