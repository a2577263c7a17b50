"""Load the rulesets and the shared vocabulary into a Catalog; a bad ruleset is a hard error.

A ruleset folder is read in three steps: parse and schema-check every file, *expand* it (named
conditions substituted, per-file `defaults` applied, `effective: NAME` replaced by the named schedule)
and check what the schema cannot (`ruleset_checks`), then build the frozen model. The expanded data is
what the catalog cache stores, so a cached load does no expansion.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache, partial
from pathlib import Path
from typing import Any

from . import catalog_cache
from .errors import ComplianceError, Problem
from .model import (
    EMPTY,
    Amendment,
    Check,
    ContentNeed,
    Crosswalk,
    Effective,
    EffectiveCase,
    EvidenceCheck,
    Fact,
    FactCase,
    FactSum,
    FieldCheck,
    Instrument,
    Kind,
    ManualCheck,
    Measure,
    MetricCheck,
    RelatedInstrument,
    Requirement,
    RoleDefinition,
    Ruleset,
    SectionRule,
    Text,
    Threshold,
    Verification,
    Vocabulary,
    natural_key,
)
from .records import record
from .resources import rulesets_dir, schema
from .schema_check import schema_problems
from .yaml_source import DEFAULT_MAX_BYTES, YamlDocument, load_yaml, read_bytes

RULESET_FILE = "ruleset.yaml"
VOCABULARY_FILE = "vocabulary.yaml"
LOCK_FILE = "versions.lock"
DEFAULTABLE = ("chapter", "applies_to", "applies_when", "effective")
MAX_CONDITION_CHAIN = 16  # a condition naming a condition naming ...
MAX_EXPANDED_DEPTH = 96   # nesting of a fact, role or requirement once its conditions are expanded


@record
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

    @property
    def thresholds(self) -> dict[str, Threshold]:
        return {t.id: t for r in self.rulesets for t in r.thresholds}

    @property
    def practice_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rulesets if r.is_practice)

    def select(self, ids: Iterable[str] | None, profiles: Iterable[str] = ()) -> tuple[Ruleset, ...]:
        """The rulesets named, else every legal ruleset plus the practice profiles the card lists."""
        wanted = list(ids or [])
        if wanted:
            return tuple(self.ruleset(i) for i in wanted)
        listed = set(profiles)
        return tuple(r for r in self.rulesets if not r.is_practice or r.id in listed)


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


def folder_files(folder: Path) -> list[Path]:
    """The files whose content a ruleset's SHA-256 covers: the header and the requirement files.

    Everything named `*.yaml` is listed, FIFOs and devices included: reading refuses them by name, so a
    requirements file swapped for a pipe is an error, never silently skipped and never a hang.
    """
    return [folder / name for name in _folder_names(folder)]


def _folder_names(folder: Path) -> list[str]:
    """`folder_files` as names relative to `folder` (`requirements/x.yaml`): every `check` lists them to key
    the catalog cache, and strings cost less than paths."""
    requirements = os.path.join(folder, "requirements")
    try:  # the entries Path.glob("*.yaml") lists, of any type, without its pattern machinery
        with os.scandir(requirements) as entries:
            listed = [f"requirements/{name}" for name in sorted(e.name for e in entries if e.name.endswith(".yaml"))]
    except OSError:  # absent, not a folder, unreadable: glob lists nothing either
        listed = []
    header = folder / RULESET_FILE
    return [RULESET_FILE, *listed] if header.exists() or header.is_symlink() else listed


def file_content(path: Path, name: str) -> bytes:
    """The bytes a hash covers: the file's, or (FIFO, device, symlink loop, over the cap) why it has none."""
    try:
        return read_bytes(path, name)
    except ComplianceError as exc:
        return b"\0unreadable\0" + exc.message.encode("utf-8", "replace")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _key_content(path: str) -> bytes:
    """`file_content` of the file at `path`, in one `read` for the usual file (regular, under the cap, the size
    it had when opened): the catalog cache's key covers every ruleset file, read on each run. Any other file
    is read by `file_content`, which says why it has no content."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return file_content(Path(path), os.path.basename(path))
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size <= DEFAULT_MAX_BYTES:
            raw = os.read(fd, info.st_size + 1)
            if len(raw) == info.st_size:
                return raw
    except OSError:
        pass
    finally:
        os.close(fd)
    return file_content(Path(path), os.path.basename(path))


def ruleset_files(root: Path) -> list[Path]:
    """Every file `load_catalog(root)` reads: the shared vocabulary and each ruleset folder's files."""
    return [root / name for name in _ruleset_names(root)]


def _ruleset_names(root: Path) -> list[str]:
    """`ruleset_files` as names relative to `root`, with `/` between parts (what the cache key names)."""
    return [VOCABULARY_FILE, *(f"{folder.name}/{name}" for folder in _ruleset_folders(root)
                               for name in _folder_names(folder))]


def _ruleset_folders(root: Path) -> list[Path]:
    """Folders of `root` with a ruleset.yaml (of any file type: a FIFO is then refused by name)."""
    def has_header(folder: Path) -> bool:
        header = folder / RULESET_FILE
        return header.exists() or header.is_symlink()
    return sorted(p for p in root.iterdir() if has_header(p))


def content_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in folder_files(folder):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(file_content(path, path.name) + b"\0")
    return digest.hexdigest()


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

class _Texts:
    """How the builders make a text, from the mapping (or list) that holds it and its key there: a fresh
    load makes each text at once from the ruleset data."""

    def at(self, holder: Any, key: str | int) -> Text:
        return Text.of(holder[key])

    def get(self, holder: Mapping[str, Any], key: str) -> Text:
        return Text.of(holder.get(key))


_FRESH = _Texts()


class _TextTable(_Texts):
    """A cached load: each text is its number in the entry's table of texts (every distinct text once, as
    the items of its Text, marshalled apart), made a Text when a builder first asks for it and decoded when
    that Text is first read. A `check` reads few of them; decoding and building all of them was most of a
    cached load."""

    def __init__(self, stored: list[bytes]) -> None:
        self.stored = stored
        self.made: list[Text | None] = [None] * len(stored)

    def at(self, holder: Any, key: str | int) -> Text:
        return self.text(holder[key])

    def text(self, number: Any) -> Text:
        """The text numbered `number` (None: the empty text)."""
        if number is None:
            return EMPTY
        if type(number) is not int or number < 0:  # past the end: IndexError, a miss too
            raise ValueError("a text that is not in the table")
        made = self.made[number]
        if made is None:
            stored = self.stored[number]
            if type(stored) is not bytes:
                raise ValueError("a text that is not stored as one")
            made = self.made[number] = Text.later(partial(_stored_text, stored))
        return made

    def get(self, holder: Mapping[str, Any], key: str) -> Text:
        return self.at(holder, key) if key in holder else EMPTY


def _stored_text(stored: bytes) -> Text:
    return Text(marshal.loads(stored))


class _TextCollector(_Texts):
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


def _t(items: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(items or ())


def _effective(d: Mapping[str, Any], texts: _Texts) -> Effective:
    return Effective(
        from_=d["from"], amended_from=d.get("amended_from"), amended_by=d.get("amended_by"),
        until=d.get("until"), note=texts.get(d, "note"), interpretation=d.get("interpretation", False),
        cases=tuple(EffectiveCase(
            condition=c["if"], from_=c["from"], amended_from=c.get("amended_from"),
            amended_by=c.get("amended_by"), until=c.get("until"), note=texts.get(c, "note"),
            interpretation=c.get("interpretation", False)) for c in d.get("cases", [])),
        schedule=d.get("schedule", ""),
    )


def _section(value: str | list[str] | Mapping[str, Any]) -> tuple[str, ...]:
    if isinstance(value, Mapping):
        value = value["heading"]
    return (value,) if isinstance(value, str) else tuple(value)


def _need(d: Mapping[str, Any], texts: _Texts) -> ContentNeed:
    kind = next(k for k in ("field", "phrase", "pattern") if k in d)
    return ContentNeed(kind, _section(d[kind]), texts.get(d, "label"))


def _section_rules(sections: list[Any], texts: _Texts) -> tuple[SectionRule, ...]:
    if not any(isinstance(s, Mapping) for s in sections):
        return ()
    return tuple(SectionRule(texts.get(s, "prompt"), tuple(_need(n, texts) for n in s.get("needs", [])))
                 if isinstance(s, Mapping) else SectionRule() for s in sections)


# The figures a unit allows when a metric check gives no `range` of its own.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "rate": (0.0, 1.0), "proportion": (0.0, 1.0),
    **{unit: (0.0, math.inf) for unit in ("count", "minutes", "hours", "days", "months", "years")},
}


def _metric(m: Mapping[str, Any], thresholds: Mapping[str, Any], texts: _Texts) -> MetricCheck:
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
        over=m.get("over", ""), names=names if "over" in m else (), aggregate=aggregate, datasets=_t(m.get("datasets")),
        unit=unit, range=(float(limits[0]), float(limits[1])) if limits else UNIT_RANGES.get(unit))


def _check(d: Mapping[str, Any], thresholds: Mapping[str, Any] | None = None, texts: _Texts | None = None) -> Check:
    texts = texts or _FRESH
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
            source=_t(e.get("source")),
            entries="every" if e.get("every") else "",
        ) for e in d.get("evidence", [])),
        fields=tuple(FieldCheck(f["when"], texts.get(f, "message")) for f in d.get("fields", [])),
        manual=ManualCheck(tuple(texts.at(manual["confirm"], i) for i in range(len(manual["confirm"]))))
        if manual else None,
    )


def _check_row(check: Check, texts: _TextCollector) -> dict[str, Any]:
    """A built check as the cache stores it: each record as the tuple of its fields in order, each text as its
    number in `texts`, so that a cached load builds it with positional calls (`_check_from_row`), none of
    the defaults, lookups and conversions that `_check` makes from the ruleset's mappings."""
    n = texts.number
    return {
        "evidence": tuple((e.kinds, e.measure, e.sections, e.max_age_days,
                           tuple((m.metric, m.op, m.value, n(m.citation), n(m.label), m.interpretation, m.threshold,
                                  m.over, m.names, m.aggregate, m.datasets, m.unit, m.range) for m in e.metrics),
                           n(e.label), tuple((n(r.prompt), tuple((c.kind, c.values, n(c.label)) for c in r.needs))
                                             for r in e.section_rules), e.source, e.entries)
                          for e in check.evidence),
        "fields": tuple((f.when, n(f.message)) for f in check.fields),
        "manual": tuple(n(t) for t in check.manual.confirm) if check.manual else None,
    }


def _check_from_row(row: Mapping[str, Any], texts: _TextTable) -> Check:
    """The check `_check_row` stored."""
    text = texts.text
    manual = row["manual"]
    return Check(
        tuple(EvidenceCheck(kinds, measure, sections, max_age_days,
                            tuple(MetricCheck(metric, op, value, text(citation), text(label), *rest)
                                  for metric, op, value, citation, label, *rest in metrics),
                            text(label), tuple(SectionRule(text(prompt), tuple(ContentNeed(kind, values, text(need))
                                                                               for kind, values, need in needs))
                                               for prompt, needs in rules), source, entries)
              for kinds, measure, sections, max_age_days, metrics, label, rules, source, entries in row["evidence"]),
        tuple(FieldCheck(when, text(message)) for when, message in row["fields"]),
        ManualCheck(tuple(map(text, manual))) if manual is not None else None)


def _requirement(d: Mapping[str, Any], ruleset_id: str, source: str, line: int | None,
                 thresholds: Mapping[str, Any], texts: _Texts) -> Requirement:
    """A requirement built at once, as a fresh load builds it (a cached one: `_Stored.requirement`)."""
    return Requirement(
        id=d["id"], ruleset=ruleset_id, applies_to=_t(d["applies_to"]), applies_when=d.get("applies_when"),
        effective=_effective(d["effective"], texts), severity=d["severity"],
        check=_check(d["check"], thresholds, texts), **_described(d, source, line, texts))


def _described(d: Mapping[str, Any], source: str, line: int | None, texts: _Texts) -> dict[str, Any]:
    """The fields of a requirement that neither assessing it nor its check reads: its texts, links and source."""
    verification = d.get("verification")
    return {
        "title": texts.at(d, "title"), "citation": texts.at(d, "citation"), "summary": texts.at(d, "summary"),
        "test": texts.at(d, "test"), "chapter": texts.get(d, "chapter"), "dimensions": _t(d["dimensions"]),
        "remediation": texts.at(d, "remediation"), "annex_iv": _t(d.get("annex_iv")),
        "crosswalk": tuple(Crosswalk(c["target"], c["relation"], texts.get(c, "note")) for c in d.get("crosswalk", [])),
        "interpretation": d.get("interpretation", False), "interpretation_note": texts.get(d, "interpretation_note"),
        "verification": Verification(verification["level"], verification.get("note", "")) if verification else None,
        "references": _t(d.get("references")), "source": source, "line": line,
    }


def _fact(d: Mapping[str, Any], ruleset_id: str, texts: _Texts) -> Fact:
    total = d.get("sum")
    return Fact(
        id=d["id"], title=texts.at(d, "title"), citation=texts.at(d, "citation"), ruleset=ruleset_id,
        when=d.get("when"),
        cases=tuple(FactCase(c["when"], c["value"], texts.get(c, "because"), texts.get(c, "citation"))
                    for c in d.get("cases", [])),
        sum=FactSum(total["over"], total["value"], total.get("where")) if total else None,
        default=d.get("default", False if "when" in d else None), values=_t(d.get("values")),
        interpretation=d.get("interpretation", False), note=texts.get(d, "note"),
    )


def _kinds(items: Iterable[Mapping[str, Any]], origin: str, texts: _Texts | None = None) -> tuple[Kind, ...]:
    texts = texts or _FRESH
    return tuple(Kind(k["id"], texts.at(k, "title"), texts.get(k, "description"), _t(k.get("formats")), origin)
                 for k in items)


def _measures(items: Iterable[Mapping[str, Any]], origin: str, texts: _Texts | None = None) -> tuple[Measure, ...]:
    texts = texts or _FRESH
    return tuple(Measure(m["id"], texts.at(m, "title"), texts.get(m, "description"), origin) for m in items)


def _build(compiled: Mapping[str, Any], texts: _Texts = _FRESH, stored: _Stored | None = None) -> Ruleset:
    """A ruleset from its expanded data (`_compiled`), or from its cached form when `stored` says how."""
    h = compiled["header"]
    thresholds = h.get("thresholds", {})
    if stored is None:
        requirements = tuple(sorted((_requirement(r["data"], h["id"], r["source"], r["line"], thresholds, texts)
                                     for r in compiled["requirements"]), key=lambda q: natural_key(q.id)))
    else:  # cached in that order
        requirements = tuple(stored.requirement(r, h["id"]) for r in compiled["requirements"])
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
        kinds=_kinds(h.get("kinds", []), h["id"], texts), measures=_measures(h.get("measures", []), h["id"], texts),
        facts=tuple(_fact(f, h["id"], texts) for f in h.get("facts", [])),
        requirements=requirements,
        sha256=compiled["sha256"], path=Path(compiled["folder"]), source=h.get("source", ""),
        disclaimer=texts.get(h, "disclaimer"), kind=h.get("kind", "law"),
        thresholds=tuple(Threshold(tid, h["id"], texts.at(t, "title"), float(t["default"]), t["unit"],
                                   (float(t["range"][0]), float(t["range"][1])), texts.at(t, "rationale"),
                                   texts.get(t, "source"))
                         for tid, t in sorted(thresholds.items())),
    )


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


# --- loading ---------------------------------------------------------------------------------

def load_catalog(root: Path | None = None) -> Catalog:
    """Load and cross-check every ruleset under `root` (default: the shipped rulesets).

    A catalog that loaded cleanly is remembered in the user's cache, keyed by the SHA-256 of every
    ruleset file, the schemas and the tool version; any change to them loads and checks afresh.
    """
    return _load_catalog((root or rulesets_dir()).resolve())


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
    for folder in _ruleset_folders(root):
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


@cache
def _load_catalog(root: Path) -> Catalog:
    if not root.is_dir():
        raise ComplianceError(f"rulesets folder not found: {root}")
    base = f"{root}{os.sep}"
    key = catalog_cache.fingerprint(root, ((name, _key_content(base + name)) for name in _ruleset_names(root)))
    afresh = cache(partial(_read_and_cache, root, key))
    return _cached_catalog(catalog_cache.read_sealed(key, _CACHE_KIND, _CACHE_SUFFIX), afresh) or afresh()


def _read_and_cache(root: Path, key: str) -> Catalog:
    """The catalog read from the rulesets and checked afresh, then cached under `key`."""
    loaded = read_rulesets(root)
    errors = tuple(p for p in loaded.problems if p.severity == "error")
    if loaded.catalog is None or errors:
        raise ComplianceError(f"{len(errors)} problem(s) in the rulesets", errors)
    entry, described = _cache_entry(loaded.expanded, loaded.catalog.vocabulary)
    catalog_cache.write_sealed(hashlib.sha256(described).hexdigest(), described, _DESCRIBED_KIND, _CACHE_SUFFIX)
    catalog_cache.write_sealed(key, entry, _CACHE_KIND, _CACHE_SUFFIX)
    return loaded.catalog


# --- the cached form -------------------------------------------------------------------------

_CACHE_KIND = "catalog"
_DESCRIBED_KIND = "described"  # what only describing a requirement reads, under the SHA-256 of its content
_CACHE_SUFFIX = ".marshal"
# What assessing reads of every requirement: a cached requirement is built with these fields, the others
# (its check, texts, links) when first read.
_ASSESSED = ("id", "applies_to", "applies_when", "effective", "severity")
# What an authenticated entry of the wrong shape makes the builders raise (marshal: EOFError for a value cut
# short): a miss, or a part read afresh, never a crash.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError, EOFError)


def _cache_entry(expanded: Iterable[Expanded], vocabulary: Vocabulary) -> tuple[bytes, bytes]:
    """What the catalog cache stores, marshalled: the expanded rulesets with each text replaced by its number
    in a table of texts, each requirement's check marshalled apart (as `_check_row`) and its requirements in
    the catalog's order, equal mappings and lists made one object, and the vocabulary; and, in an entry of its own which
    the catalog's names by its SHA-256, what only describing a requirement reads (`_described`: its fields
    and their texts, four fifths of the texts' bytes), which a `check` neither reads nor so authenticates."""
    rulesets = json.loads(json.dumps([_compiled(e) for e in expanded], ensure_ascii=False, allow_nan=False))
    described = _TextCollector()
    for compiled in rulesets:
        for r in compiled["requirements"]:
            _described(r["data"], r["source"], r["line"], described)  # numbers them first, in their own table
    collector = _TextCollector()
    for compiled in rulesets:
        thresholds = compiled["header"].get("thresholds", {})
        for r in compiled["requirements"]:  # before _build numbers the check's texts in place
            r["row"] = marshal.dumps(_check_row(_check(r["data"]["check"], thresholds), collector))
        _build(compiled, collector)  # numbers the texts in place
    seen: dict[Any, Any] = {}
    apart: list[bytes] = []
    stored = [{"folder": c["folder"], "sha256": c["sha256"], "header": _shared(c["header"], seen),
               "requirements": [_stored_requirement(r, seen, apart) for r in
                                sorted(c["requirements"], key=lambda r: natural_key(r["data"]["id"]))]}
              for c in rulesets]
    entry = marshal.dumps({"texts": described.table(), "requirements": apart})
    return marshal.dumps({"rulesets": stored, "vocabulary": _vocabulary_payload(vocabulary, collector),
                          "texts": collector.table(), "described": hashlib.sha256(entry).hexdigest()}), entry


def _stored_requirement(compiled: Mapping[str, Any], seen: dict[Any, Any], apart: list[bytes]) -> dict[str, Any]:
    """A requirement's cached form: what assessing reads (the roles as a tuple, equal ones one object), its
    check marshalled apart, and the number of what only describing it reads among the entries `apart` (to
    which it is added, marshalled, with its id)."""
    data = compiled["data"]
    described = {k: v for k, v in data.items() if k not in _ASSESSED and k != "check"}
    described.update(id=data["id"], source=compiled["source"], line=compiled["line"])
    apart.append(marshal.dumps(described))
    roles = tuple(data["applies_to"])
    return {**{k: _shared(data[k], seen) for k in _ASSESSED if k in data},
            "applies_to": seen.setdefault((tuple, roles), roles), "check": compiled["row"], "described": len(apart) - 1}


def _shared(node: Any, seen: dict[Any, Any]) -> Any:
    """`node` with equal mappings and lists (the same keys in the same order, values of the same types) made
    one object, which marshal writes once: a named schedule or condition expands into a copy in each
    requirement that names it, and equal copies are then decoded, built and prepared once."""
    made: Any
    if type(node) is dict:
        made = {k: _shared(v, seen) for k, v in node.items()}
        key: tuple[Any, ...] = (dict, tuple((k, _identity(v)) for k, v in made.items()))
    elif type(node) is list:
        made = [_shared(v, seen) for v in node]
        key = (list, tuple(_identity(v) for v in made))
    else:
        return node
    return seen.setdefault(key, made)


def _identity(value: Any) -> Any:
    """A value as `_shared` compares it: a mapping or list by identity (equal ones are one object by then),
    anything else by its type and value (1, 1.0 and True are not the same)."""
    return id(value) if type(value) in (dict, list) else (type(value), value)


def _vocabulary_payload(vocabulary: Vocabulary, texts: _TextCollector) -> dict[str, Any]:
    return {"kinds": [{"id": k.id, "title": texts.number(k.title), "description": texts.number(k.description),
                       "formats": list(k.formats), "origin": k.origin} for k in vocabulary.kinds.values()],
            "measures": [{"id": m.id, "title": texts.number(m.title), "description": texts.number(m.description),
                          "origin": m.origin} for m in vocabulary.measures.values()]}


def _vocabulary_from(payload: Mapping[str, Any], texts: _Texts) -> Vocabulary:
    return Vocabulary(
        {k["id"]: Kind(k["id"], texts.at(k, "title"), texts.at(k, "description"), tuple(k["formats"]), k["origin"])
         for k in payload["kinds"]},
        {m["id"]: Measure(m["id"], texts.at(m, "title"), texts.at(m, "description"), m["origin"])
         for m in payload["measures"]})


class _Stored:
    """How a cached load makes requirements: with the fields assessing reads, each other field made when first
    read (`Requirement.later`) from the requirement's data marshalled apart; effective dates made once per
    distinct block (equal ones are one object in the entry). A part that does not build is taken from the
    rulesets read afresh (`afresh`): an authenticated entry of another layout (a bug) is never fatal."""

    def __init__(self, texts: _TextTable, described: Callable[[], tuple[_TextTable, list[bytes]]],
                 afresh: Callable[[], Catalog]) -> None:
        self.texts = texts
        self.described = described
        self.afresh = afresh
        self.effective: dict[int, Effective] = {}

    def requirement(self, stored: Mapping[str, Any], ruleset_id: str) -> Requirement:
        block = stored["effective"]
        effective = self.effective.get(id(block))  # the entry, and so each block, lives through the load
        if effective is None:
            effective = self.effective[id(block)] = _effective(block, self.texts)
        return Requirement.later(partial(self._make, stored["check"], stored["described"]), stored["id"], ruleset_id,
                                 stored["applies_to"], stored.get("applies_when"), effective, stored["severity"])

    def _make(self, check: bytes, described: int, requirement: Requirement, name: str) -> None:
        """Set the field `name` of `requirement`: its check alone, or every other field at once."""
        try:
            if name == "check":
                made = {"check": _check_from_row(marshal.loads(check), self.texts)}
            else:
                texts, apart = self.described()
                d = marshal.loads(apart[described])
                if d["id"] != requirement.id:
                    raise ValueError("another requirement's description")
                made = _described(d, d["source"], d["line"], texts)
        except _SHAPE_ERRORS:
            fresh = self.afresh().requirements[requirement.id]
            made = {f.name: getattr(fresh, f.name) for f in fields(fresh) if f.name not in vars(requirement)}
        for field_name, value in made.items():
            object.__setattr__(requirement, field_name, value)


def _cached_catalog(content: memoryview | None, afresh: Callable[[], Catalog]) -> Catalog | None:
    """The catalog an authenticated cache entry holds; None (a miss) for anything that does not build."""
    if content is None:
        return None
    try:
        payload = marshal.loads(content)
        texts = _TextTable(payload["texts"])
        stored = _Stored(texts, cache(partial(_described_entry, payload["described"])), afresh)
        return Catalog(_vocabulary_from(payload["vocabulary"], texts),
                       tuple(_build(r, texts, stored) for r in payload["rulesets"]))
    except _SHAPE_ERRORS:
        return None


def _described_entry(key: str) -> tuple[_TextTable, list[bytes]]:
    """What only describing a requirement reads (`_cache_entry`), read when a requirement is first described."""
    content = catalog_cache.read_sealed(key, _DESCRIBED_KIND, _CACHE_SUFFIX)
    if content is None:
        raise ValueError("the descriptions are not cached")
    found = marshal.loads(content)
    return _TextTable(found["texts"]), found["requirements"]
