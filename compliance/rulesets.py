"""Load the rulesets and the shared vocabulary into a Catalog; a bad ruleset is a hard error."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import catalog_cache
from .errors import ComplianceError, Problem
from .model import (
    Amendment,
    Check,
    Crosswalk,
    Effective,
    EffectiveCase,
    EvidenceCheck,
    Fact,
    FactCase,
    FieldCheck,
    Instrument,
    Kind,
    ManualCheck,
    Measure,
    MetricCheck,
    Requirement,
    RoleDefinition,
    Ruleset,
    Vocabulary,
    natural_key,
)
from .predicates import leaves
from .resources import rulesets_dir, schema
from .schema_check import schema_problems
from .yaml_source import YamlDocument, load_yaml

RULESET_FILE = "ruleset.yaml"
VOCABULARY_FILE = "vocabulary.yaml"


@dataclass(frozen=True)
class Catalog:
    """Every installed ruleset plus the vocabulary they share."""

    vocabulary: Vocabulary
    rulesets: tuple[Ruleset, ...]

    @property
    def facts(self) -> dict[str, Fact]:
        return {f.id: f for r in self.rulesets for f in r.facts}

    @property
    def requirements(self) -> dict[str, Requirement]:
        return {q.id: q for r in self.rulesets for q in r.requirements}

    def ruleset(self, ruleset_id: str) -> Ruleset:
        for ruleset in self.rulesets:
            if ruleset.id == ruleset_id:
                return ruleset
        known = ", ".join(r.id for r in self.rulesets) or "none installed"
        raise ComplianceError(f"unknown ruleset {ruleset_id!r} (available: {known})")

    def select(self, ids: Iterable[str] | None) -> tuple[Ruleset, ...]:
        wanted = list(ids or [])
        return tuple(self.ruleset(i) for i in wanted) if wanted else self.rulesets


def _requirements_file_schema() -> dict[str, Any]:
    base = schema("ruleset")
    return {
        "$schema": base["$schema"],
        "type": "object",
        "additionalProperties": False,
        "required": ["requirements"],
        "properties": {"requirements": {"type": "array", "items": {"$ref": "#/$defs/requirement"}}},
        "$defs": base["$defs"],
    }


def _vocabulary_schema() -> dict[str, Any]:
    base = schema("ruleset")
    return {
        "$schema": base["$schema"],
        "type": "object",
        "additionalProperties": False,
        "properties": {"kinds": base["properties"]["kinds"], "measures": base["properties"]["measures"]},
        "$defs": base["$defs"],
    }


def _t(items: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(items or ())


def _effective(d: Mapping[str, Any]) -> Effective:
    return Effective(
        from_=d["from"], amended_from=d.get("amended_from"), amended_by=d.get("amended_by"),
        until=d.get("until"), note=d.get("note", ""), note_zh=d.get("note_zh", ""),
        interpretation=d.get("interpretation", False),
        cases=tuple(EffectiveCase(
            condition=c["if"], from_=c["from"], amended_from=c.get("amended_from"),
            amended_by=c.get("amended_by"), until=c.get("until"), note=c.get("note", ""),
            note_zh=c.get("note_zh", ""), interpretation=c.get("interpretation", False))
            for c in d.get("cases", [])),
    )


def _section(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _check(d: Mapping[str, Any]) -> Check:
    manual = d.get("manual")
    return Check(
        evidence=tuple(EvidenceCheck(
            kinds=tuple(e.get("kinds", [e["kind"]] if "kind" in e else [])),
            measure=e.get("measure"),
            sections=tuple(_section(s) for s in e.get("sections", [])),
            max_age_days=e.get("max_age_days"),
            metrics=tuple(MetricCheck(
                metric=m["metric"], op=m["op"], value=float(m["value"]), citation=m.get("citation", ""),
                label=m.get("label", ""), label_zh=m.get("label_zh", ""),
                interpretation=m.get("interpretation", False)) for m in e.get("metrics", [])),
            label=e.get("label", ""), label_zh=e.get("label_zh", ""),
        ) for e in d.get("evidence", [])),
        fields=tuple(FieldCheck(f["when"], f.get("message", ""), f.get("message_zh", ""))
                     for f in d.get("fields", [])),
        manual=ManualCheck(tuple(manual["confirm"]), tuple(manual["confirm_zh"])) if manual else None,
    )


def _requirement(d: Mapping[str, Any], ruleset_id: str, source: str, line: int | None) -> Requirement:
    return Requirement(
        id=d["id"], ruleset=ruleset_id, title=d["title"], title_zh=d["title_zh"], citation=d["citation"],
        citation_zh=d.get("citation_zh", ""), summary=d["summary"], summary_zh=d["summary_zh"],
        chapter=d.get("chapter", ""), applies_to=_t(d["applies_to"]), applies_when=d.get("applies_when"),
        effective=_effective(d["effective"]), severity=d["severity"], dimensions=_t(d["dimensions"]),
        check=_check(d["check"]), annex_iv=_t(d.get("annex_iv")), remediation=d["remediation"],
        remediation_zh=d["remediation_zh"],
        crosswalk=tuple(Crosswalk(c["target"], c["relation"], c.get("note", "")) for c in d.get("crosswalk", [])),
        interpretation=d.get("interpretation", False), interpretation_note=d.get("interpretation_note", ""),
        interpretation_note_zh=d.get("interpretation_note_zh", ""), verification=d.get("verification", ""),
        references=_t(d.get("references")), source=source, line=line,
    )


def _fact(d: Mapping[str, Any], ruleset_id: str) -> Fact:
    return Fact(
        id=d["id"], title=d["title"], title_zh=d["title_zh"], citation=d["citation"], ruleset=ruleset_id,
        when=d.get("when"),
        cases=tuple(FactCase(c["when"], c["value"], c.get("because", ""), c.get("because_zh", ""),
                             c.get("citation", "")) for c in d.get("cases", [])),
        default=d.get("default", False if "when" in d else None), values=_t(d.get("values")),
        interpretation=d.get("interpretation", False), note=d.get("note", ""), note_zh=d.get("note_zh", ""),
    )


def _kinds(items: Iterable[Mapping[str, Any]], origin: str) -> tuple[Kind, ...]:
    return tuple(Kind(k["id"], k["title"], k["title_zh"], k.get("description", ""), _t(k.get("formats")), origin)
                 for k in items)


def _measures(items: Iterable[Mapping[str, Any]], origin: str) -> tuple[Measure, ...]:
    return tuple(Measure(m["id"], m["title"], m["title_zh"], m.get("description", ""), origin) for m in items)


@dataclass(frozen=True)
class _Source:
    """A parsed ruleset folder before it becomes a Ruleset: the documents, for locating problems."""

    folder: Path
    header: YamlDocument
    requirement_docs: tuple[YamlDocument, ...]
    sha256: str


def _folder_files(folder: Path) -> list[Path]:
    files = [folder / RULESET_FILE, *sorted((folder / "requirements").glob("*.yaml"))]
    return [f for f in files if f.is_file()]


def _hash(folder: Path, files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _display(path: Path, root: Path) -> str:
    try:
        return f"rulesets/{path.relative_to(root).as_posix()}"
    except ValueError:
        return str(path)


def _parse_folder(folder: Path, root: Path, problems: list[Problem]) -> _Source | None:
    files = _folder_files(folder)
    docs: list[YamlDocument] = []
    for path in files:
        try:
            doc = load_yaml(path, _display(path, root))
        except ComplianceError as exc:
            problems.extend(exc.problems or (Problem(_display(path, root), None, "", exc.message),))
            continue
        file_schema = schema("ruleset") if path.name == RULESET_FILE and path.parent == folder \
            else _requirements_file_schema()
        found = schema_problems(doc, file_schema)
        problems.extend(found)
        if not found:
            docs.append(doc)
    if not docs or docs[0].source != _display(folder / RULESET_FILE, root):
        return None
    return _Source(folder, docs[0], tuple(docs[1:]), _hash(folder, files))


def _compiled(src: _Source) -> dict[str, Any]:
    """The validated data of a ruleset folder, with requirement lines: what the cache stores."""
    return {
        "folder": str(src.folder), "sha256": src.sha256, "header": src.header.data,
        "files": [{"source": doc.source, "items": doc.data.get("requirements", []),
                   "lines": [doc.line_for(["requirements", i]) for i in range(len(doc.data.get("requirements", [])))]}
                  for doc in (src.header, *src.requirement_docs)],
    }


def _build(compiled: Mapping[str, Any]) -> Ruleset:
    h = compiled["header"]
    requirements = [
        _requirement(item, h["id"], file["source"], line)
        for file in compiled["files"]
        for item, line in zip(file["items"], file["lines"], strict=True)
    ]
    inst = h["instrument"]
    return Ruleset(
        id=h["id"], title=h["title"], title_zh=h["title_zh"], version=h["version"],
        consolidated_as_of=h["consolidated_as_of"], regime=h["regime"], jurisdiction=h["jurisdiction"],
        instrument=Instrument(
            name=inst["name"], name_zh=inst["name_zh"], number=inst["number"], reference=inst["reference"],
            in_force=inst["in_force"], short_name=inst.get("short_name", ""),
            short_name_zh=inst.get("short_name_zh", ""), url=inst.get("url", ""),
            amendments=tuple(Amendment(a["id"], a["name"], a["in_force"], a.get("name_zh", ""),
                                       a.get("reference", "")) for a in inst.get("amendments", []))),
        requirement_prefix=h.get("requirement_prefix", ""),
        roles={name: RoleDefinition(name, r["when"], r.get("citation", ""), r.get("title", ""),
                                    r.get("title_zh", "")) for name, r in h.get("roles", {}).items()},
        kinds=_kinds(h.get("kinds", []), h["id"]), measures=_measures(h.get("measures", []), h["id"]),
        facts=tuple(_fact(f, h["id"]) for f in h.get("facts", [])),
        requirements=tuple(sorted(requirements, key=lambda q: natural_key(q.id))),
        sha256=compiled["sha256"], path=Path(compiled["folder"]), source=h.get("source", ""),
        disclaimer=h.get("disclaimer", ""), disclaimer_zh=h.get("disclaimer_zh", ""),
    )


def _schema_node(node: Mapping[str, Any], defs: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The schema node and the alternatives it refers to (resolving $ref/anyOf/oneOf)."""
    if "$ref" in node:
        yield from _schema_node(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        return
    yield node
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in node.get(key, []):
            yield from _schema_node(alternative, defs)


def card_path_exists(path: str) -> bool:
    """Whether a dotted predicate path names a field the card schema defines."""
    card = schema("card")
    defs = card["$defs"]
    nodes = list(_schema_node(card, defs))
    for part in path.split("."):
        nxt: list[Mapping[str, Any]] = []
        for node in nodes:
            if part == "*":
                if "items" in node:
                    nxt.extend(_schema_node(node["items"], defs))
            elif part in node.get("properties", {}):
                nxt.extend(_schema_node(node["properties"][part], defs))
            elif isinstance(node.get("additionalProperties"), dict):
                nxt.extend(_schema_node(node["additionalProperties"], defs))
        if not nxt:
            return False
        nodes = nxt
    return True


def _role_names(regime: str) -> set[str]:
    roles = schema("card")["properties"]["organisation"]["properties"]["roles"]["properties"]
    return set(roles.get(regime, {}).get("items", {}).get("enum", []))


def _predicates_of(item: Mapping[str, Any]) -> Iterator[tuple[list[str | int], Mapping[str, Any]]]:
    """Every predicate inside a fact or requirement mapping, with its path."""
    if "applies_when" in item:
        yield ["applies_when"], item["applies_when"]
    if "when" in item:
        yield ["when"], item["when"]
    for i, case in enumerate(item.get("cases", [])):
        yield ["cases", i, "when"], case["when"]
    for i, case in enumerate(item.get("effective", {}).get("cases", [])):
        yield ["effective", "cases", i, "if"], case["if"]
    for i, field in enumerate(item.get("check", {}).get("fields", [])):
        yield ["check", "fields", i, "when"], field["when"]


@dataclass(frozen=True)
class _Item:
    """A fact, role or requirement mapping and where it was written, for locating problems."""

    doc: YamlDocument
    base: tuple[str | int, ...]
    data: Mapping[str, Any]

    def problem(self, rel: list[str | int], message: str) -> Problem:
        full = [*self.base, *rel]
        return Problem(self.doc.source, self.doc.line_for(full), "/".join(str(p) for p in full), message)


def _predicate_problems(item: _Item, fact_ids: Mapping[str, str]) -> Iterator[Problem]:
    for rel, predicate in _predicates_of(item.data):
        for leaf in leaves(predicate):
            if "fact" in leaf and leaf["fact"] not in fact_ids:
                yield item.problem(rel, f"unknown fact {leaf['fact']!r}")
            if "path" in leaf and not card_path_exists(leaf["path"]):
                yield item.problem(rel, f"card path {leaf['path']!r} is not in the card schema")
            if leaf.get("op") == "in" and not isinstance(leaf.get("value"), list):
                yield item.problem(rel, "op 'in' needs a list value")


def _requirement_problems(item: _Item, header: Mapping[str, Any], vocabulary: Vocabulary) -> Iterator[Problem]:
    q = item.data
    prefix = header.get("requirement_prefix", "")
    if prefix and not q["id"].startswith(prefix):
        yield item.problem(["id"], f"requirement id must start with {prefix!r}")
    roles = _role_names(header["regime"]) | set(header.get("roles", {}))
    for i, role in enumerate(q.get("applies_to", [])):
        if role not in roles:
            yield item.problem(["applies_to", i], f"unknown role {role!r} for regime {header['regime']} "
                                                  f"(known: {', '.join(sorted(roles))})")
    amendments = {a["id"] for a in header["instrument"].get("amendments", [])}
    effective = q["effective"]
    dated: list[tuple[list[str | int], Mapping[str, Any]]] = [(["effective"], effective)]
    dated += [(["effective", "cases", i], c) for i, c in enumerate(effective.get("cases", []))]
    for rel, block in dated:
        if block.get("amended_by") and block["amended_by"] not in amendments:
            yield item.problem([*rel, "amended_by"], f"unknown amendment {block['amended_by']!r} "
                                                     "(declare it under instrument.amendments)")
        if bool(block.get("amended_from")) != bool(block.get("amended_by")):
            yield item.problem(rel, "amended_from and amended_by go together")
    for i, ev in enumerate(q["check"].get("evidence", [])):
        for kind in ev.get("kinds", [ev["kind"]] if "kind" in ev else []):
            if kind not in vocabulary.kinds:
                yield item.problem(["check", "evidence", i], f"unknown evidence kind {kind!r}")
        if ev.get("measure") and ev["measure"] not in vocabulary.measures:
            yield item.problem(["check", "evidence", i, "measure"], f"unknown measure {ev['measure']!r}")


def _reference_problems(sources: list[_Source], vocabulary: Vocabulary) -> Iterator[Problem]:
    fact_ids: dict[str, str] = {}
    requirement_ids: dict[str, str] = {}
    for src in sources:
        for i, fact in enumerate(src.header.data.get("facts", [])):
            if fact["id"] in fact_ids:
                yield _Item(src.header, ("facts", i), fact).problem(
                    ["id"], f"duplicate fact id {fact['id']!r} (also in {fact_ids[fact['id']]})")
            fact_ids.setdefault(fact["id"], src.header.source)
    for src in sources:
        h = src.header.data
        items = [_Item(src.header, ("facts", i), f) for i, f in enumerate(h.get("facts", []))]
        items += [_Item(src.header, ("roles", name), r) for name, r in h.get("roles", {}).items()]
        for item in items:
            yield from _predicate_problems(item, fact_ids)
        for doc in (src.header, *src.requirement_docs):
            for i, q in enumerate(doc.data.get("requirements", [])):
                item = _Item(doc, ("requirements", i), q)
                yield from _predicate_problems(item, fact_ids)
                yield from _requirement_problems(item, h, vocabulary)
                if q["id"] in requirement_ids:
                    yield item.problem(["id"], f"duplicate requirement id {q['id']!r} "
                                               f"(also in {requirement_ids[q['id']]})")
                requirement_ids.setdefault(q["id"], doc.source)


def _fact_cycles(facts: Mapping[str, Fact]) -> Iterator[str]:
    def deps(fact: Fact) -> set[str]:
        predicates = [fact.when] if fact.when else [c.when for c in fact.cases]
        return {leaf["fact"] for p in predicates for leaf in leaves(p) if "fact" in leaf}
    state: dict[str, int] = {}

    def visit(fid: str, trail: list[str]) -> Iterator[str]:
        if state.get(fid) == 2 or fid not in facts:
            return
        if state.get(fid) == 1:
            yield " -> ".join([*trail[trail.index(fid):], fid])
            return
        state[fid] = 1
        for dep in sorted(deps(facts[fid])):
            yield from visit(dep, [*trail, fid])
        state[fid] = 2
    for fid in sorted(facts):
        yield from visit(fid, [])


def _vocabulary(root: Path, sources: list[_Source], problems: list[Problem]) -> Vocabulary:
    kinds: dict[str, Kind] = {}
    measures: dict[str, Measure] = {}
    declared: list[tuple[str, Iterable[Kind], Iterable[Measure]]] = []
    path = root / VOCABULARY_FILE
    if path.is_file():
        try:
            doc = load_yaml(path, _display(path, root))
            found = schema_problems(doc, _vocabulary_schema())
            problems.extend(found)
            if not found:
                declared.append((doc.source, _kinds(doc.data.get("kinds", []), "vocabulary"),
                                 _measures(doc.data.get("measures", []), "vocabulary")))
        except ComplianceError as exc:
            problems.extend(exc.problems or (Problem(str(path), None, "", exc.message),))
    for src in sources:
        h = src.header.data
        declared.append((src.header.source, _kinds(h.get("kinds", []), h["id"]),
                         _measures(h.get("measures", []), h["id"])))
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


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and cross-check every ruleset under `root` (default: the shipped rulesets).

    A catalog that loaded cleanly is remembered in the user's cache, keyed by the SHA-256 of every
    ruleset file, the schemas and the tool version; any change to them loads and checks afresh.
    """
    return _load_catalog((root or rulesets_dir()).resolve())


def _from_compiled(payload: Mapping[str, Any]) -> Catalog:
    vocabulary = payload["vocabulary"]
    return Catalog(
        Vocabulary({k["id"]: Kind(**{**k, "formats": tuple(k["formats"])}) for k in vocabulary["kinds"]},
                   {m["id"]: Measure(**m) for m in vocabulary["measures"]}),
        tuple(_build(r) for r in payload["rulesets"]),
    )


@cache
def _load_catalog(root: Path) -> Catalog:
    if not root.is_dir():
        raise ComplianceError(f"rulesets folder not found: {root}")
    key = catalog_cache.fingerprint(root)
    cached = catalog_cache.read(key)
    if cached is not None:
        return _from_compiled(cached)
    problems: list[Problem] = []
    sources: list[_Source] = []
    for folder in sorted(p for p in root.iterdir() if (p / RULESET_FILE).is_file()):
        src = _parse_folder(folder, root, problems)
        if src is not None:
            sources.append(src)
    ids = [s.header.data["id"] for s in sources]
    for src in sources:
        if src.header.data["id"] != src.folder.name:
            problems.append(Problem(src.header.source, src.header.line_for(["id"]), "id",
                                    f"ruleset id {src.header.data['id']!r} must match its folder name"))
        if ids.count(src.header.data["id"]) > 1:
            problems.append(Problem(src.header.source, None, "id", "duplicate ruleset id"))
    vocabulary = _vocabulary(root, sources, problems)
    if not problems:
        problems.extend(_reference_problems(sources, vocabulary))
    compiled = [_compiled(s) for s in sources]
    rulesets = tuple(_build(c) for c in compiled) if not problems else ()
    if rulesets:
        facts = {f.id: f for r in rulesets for f in r.facts}
        problems.extend(Problem("rulesets", None, "facts", f"fact cycle: {c}") for c in _fact_cycles(facts))
    if problems:
        unique = sorted(set(problems), key=lambda p: (p.source, p.line or 0, p.path))
        raise ComplianceError(f"{len(unique)} problem(s) in the rulesets", tuple(unique))
    catalog_cache.write(key, {"rulesets": compiled, "vocabulary": {
        "kinds": [dataclasses.asdict(k) for k in vocabulary.kinds.values()],
        "measures": [dataclasses.asdict(m) for m in vocabulary.measures.values()]}})
    return Catalog(vocabulary, rulesets)
