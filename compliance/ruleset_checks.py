"""Every check on a ruleset that its JSON Schema cannot make, in one place, as a stream of problems.

Severity `error`: the catalog cannot be used (unknown facts, paths, roles, kinds, amendments,
duplicate ids, fact cycles) — loading fails. Severity `lint`: quality the author must fix before
release (bilingual text, a Chinese heading in every section group, crosswalk targets, dates, metric
citations, fact comparisons, the version lock) — `compliance rulesets lint` fails on them, `check` does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from .errors import Problem
from .model import Vocabulary
from .predicates import leaves
from .resources import schema
from .rulesets import LOCK_FILE, Expanded, Located

_CJK = re.compile(r"[\u3400-\u9fff]")
# Text fields that readers see in both languages: a plain (language-neutral) string is not enough.
BILINGUAL = ("title", "summary", "test", "remediation", "interpretation_note", "note", "because", "label",
             "message", "disclaimer", "name", "short_name", "rationale")


# --- the card schema, for predicate paths ------------------------------------------------------

def _schema_node(node: Mapping[str, Any], defs: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The schema node and the alternatives it refers to (resolving $ref/anyOf/oneOf)."""
    if "$ref" in node:
        yield from _schema_node(defs[node["$ref"].rsplit("/", 1)[1]], defs)
        return
    yield node
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in node.get(key, []):
            yield from _schema_node(alternative, defs)


@cache
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


# --- predicates ------------------------------------------------------------------------------

def predicates_of(item: Mapping[str, Any]) -> Iterator[tuple[list[str | int], Mapping[str, Any]]]:
    """Every predicate inside a fact, role or requirement mapping, with its path."""
    if "applies_when" in item:
        yield ["applies_when"], item["applies_when"]
    if "when" in item:
        yield ["when"], item["when"]
    for i, case in enumerate(item.get("cases", [])):
        yield ["cases", i, "when"], case["when"]
    total = item.get("sum")
    if isinstance(total, Mapping) and "where" in total:
        # `where` is relative to one entry of the summed list, as inside `some`/`every`
        yield ["sum", "where"], {"some": total["over"], "where": total["where"]}
    effective = item.get("effective")
    if isinstance(effective, Mapping):
        for i, case in enumerate(effective.get("cases", [])):
            yield ["effective", "cases", i, "if"], case["if"]
    for i, check in enumerate(item.get("check", {}).get("fields", [])):
        yield ["check", "fields", i, "when"], check["when"]


def _predicate_problems(item: Located, facts: Mapping[str, Mapping[str, Any]]) -> Iterator[Problem]:
    total = item.data.get("sum")
    if isinstance(total, Mapping):
        summed = f"{total['over']}.*.{total['value']}"
        if not card_path_exists(summed):
            yield item.problem(["sum", "value"], f"card path {summed!r} is not in the card schema")
    for rel, predicate in predicates_of(item.data):
        for leaf in leaves(predicate):
            fact = facts.get(leaf.get("fact", ""))
            if "fact" in leaf and fact is None:
                yield item.problem(rel, f"unknown fact {leaf['fact']!r}")
            for key in ("path", "claim"):
                if key in leaf and not card_path_exists(leaf[key]):
                    yield item.problem(rel, f"card path {leaf[key]!r} is not in the card schema")
            if leaf.get("op") == "in" and not isinstance(leaf.get("value"), list):
                yield item.problem(rel, "op 'in' needs a list value")
            if fact is None:
                continue
            valued = "cases" in fact or "sum" in fact
            if valued and "op" not in leaf:
                yield item.problem(rel, f"valued fact {leaf['fact']} used as a boolean; compare it with op/value",
                                   "lint")
            values = fact.get("values")
            if values and leaf.get("op") in ("eq", "ne", "in"):
                wanted = leaf["value"] if isinstance(leaf.get("value"), list) else [leaf.get("value")]
                for value in wanted:
                    if value not in values:
                        yield item.problem(rel, f"{leaf['fact']} never takes the value {value!r} "
                                                f"(values: {', '.join(map(str, values))})", "lint")


MAX_FACT_CHAIN = 32  # a fact reading a fact reading a fact ... (the engine evaluates them on demand)


def _fact_graph_problems(facts: Mapping[str, Mapping[str, Any]]) -> Iterator[str]:
    """Cycles, and chains longer than MAX_FACT_CHAIN, among facts; walked without recursion."""
    deps = {fid: sorted({leaf["fact"] for _, p in predicates_of(fact) for leaf in leaves(p)
                         if "fact" in leaf and leaf["fact"] in facts})
            for fid, fact in facts.items()}
    state: dict[str, int] = {}
    chain: dict[str, int] = {}  # longest chain of facts starting at each fact
    for start in sorted(facts):
        if start in state:
            continue
        state[start] = 1
        stack: list[tuple[str, int]] = [(start, 0)]
        trail = [start]
        while stack:
            fid, index = stack[-1]
            if index < len(deps[fid]):
                stack[-1] = (fid, index + 1)
                dep = deps[fid][index]
                if state.get(dep) == 1:
                    yield "fact cycle: " + " -> ".join([*trail[trail.index(dep):], dep])
                elif dep not in state:
                    state[dep] = 1
                    stack.append((dep, 0))
                    trail.append(dep)
                continue
            stack.pop()
            trail.pop()
            state[fid] = 2
            chain[fid] = 1 + max((chain.get(d, 0) for d in deps[fid]), default=0)
    longest = max(sorted(chain), key=lambda f: chain[f], default=None)
    if longest is not None and chain[longest] > MAX_FACT_CHAIN:
        yield (f"fact chain of {chain[longest]} facts from {longest} (at most {MAX_FACT_CHAIN}: each reads the "
               "next, and a longer chain cannot be evaluated)")


def _metric_problems(item: Located, rel: list[str | int], metric: Mapping[str, Any],
                     header: Mapping[str, Any]) -> Iterator[Problem]:
    name = metric["metric"]
    if not metric.get("citation"):
        yield item.problem(rel, f"metric {name} has no citation", "lint")
    threshold = metric.get("threshold")
    named = header.get("thresholds", {}).get(threshold, {}) if threshold else {}
    if threshold and not named:
        yield item.problem([*rel, "threshold"], f"unknown threshold {threshold!r} (declare it under `thresholds:` "
                                                "in ruleset.yaml)")
    if "over" not in metric and (isinstance(name, list) or name == "*" or "aggregate" in metric):
        yield item.problem(rel, "a list of metrics, '*' and `aggregate` need `over: datasets`")
    if metric.get("aggregate") in ("sum", "subgroup_gap") and metric.get("datasets"):
        yield item.problem([*rel, "datasets"], "`datasets` applies to the figures compared one by one (worst, "
                                               "present), not to a sum or a gap", "lint")
    # a threshold declares the unit and range of the figures compared with it
    unit, limits = named.get("unit", metric.get("unit")), named.get("range", metric.get("range"))
    value = named.get("default", metric.get("value"))
    if not unit:
        yield item.problem(rel, f"metric {name} declares no unit (rate, count, days, ...): without one, 80 "
                                "written for a rate of 0.80 would pass", "lint")
    elif unit in ("score", "ratio") and not limits:
        yield item.problem(rel, f"metric {name}: a {unit} needs a `range` of possible figures", "lint")
    if limits and limits[0] > limits[1]:
        yield item.problem([*rel, "range"], "range must be [lowest, highest]")
    elif value is None:
        return
    elif limits and not limits[0] <= value <= limits[1]:
        yield item.problem([*rel, "value"], f"value {value} is outside its range {limits}")
    elif not limits and unit in ("rate", "proportion") and not 0 <= value <= 1:
        yield item.problem([*rel, "value"], f"value {value} is not a {unit} (a fraction from 0 to 1)")


# --- texts -----------------------------------------------------------------------------------

def _text_problems(item: Located, node: Any, rel: list[str | int]) -> Iterator[Problem]:
    """Bilingual completeness of every Text below `node` (a plain string is language-neutral)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("crosswalk", "related", "verification") or (key == "note" and "amendments" in rel):
                continue  # notes for maintainers, not report text
            here = [*rel, key]
            if key in BILINGUAL and isinstance(value, str) and _CJK.search(value) is None:
                yield item.problem(here, "text has no Chinese: write it as {en: ..., zh: ...}", "lint")
            elif key in BILINGUAL and isinstance(value, Mapping) and "en" in value:
                zh = value.get("zh")
                if not zh:
                    yield item.problem(here, "missing Chinese text (zh)", "lint")
                elif not _CJK.search(zh):
                    yield item.problem(here, "Chinese text has no Chinese characters", "lint")
                elif zh.strip() == str(value["en"]).strip():
                    yield item.problem(here, "Chinese text is a copy of the English", "lint")
            elif key == "confirm" and isinstance(value, list):
                for i, entry in enumerate(value):
                    yield from _text_problems(item, {"message": entry}, [*here, i])
            else:
                yield from _text_problems(item, value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _text_problems(item, value, [*rel, i])


# --- requirements ----------------------------------------------------------------------------

def _dates_problems(item: Located, header: Mapping[str, Any]) -> Iterator[Problem]:
    effective = item.data.get("effective")
    if not isinstance(effective, Mapping):
        return
    amendments = {a["id"] for a in header["instrument"].get("amendments", [])}
    dated: list[tuple[list[str | int], Mapping[str, Any]]] = [(["effective"], effective)]
    dated += [(["effective", "cases", i], c) for i, c in enumerate(effective.get("cases", []))]
    for rel, block in dated:
        if block.get("amended_by") and block["amended_by"] not in amendments:
            yield item.problem([*rel, "amended_by"], f"unknown amendment {block['amended_by']!r} "
                                                     "(declare it under instrument.amendments)")
        if bool(block.get("amended_from")) != bool(block.get("amended_by")):
            yield item.problem(rel, "amended_from and amended_by go together")
        if block.get("amended_from") and block["amended_from"] == block["from"]:
            yield item.problem(rel, "amended_from equals from; drop it", "lint")


def _requirement_problems(item: Located, header: Mapping[str, Any], vocabulary: Vocabulary,
                          requirement_ids: Sequence[str]) -> Iterator[Problem]:
    q = item.data
    prefix = header.get("requirement_prefix", "")
    if prefix and not q["id"].startswith(prefix):
        yield item.problem(["id"], f"requirement id must start with {prefix!r}")
    roles = _role_names(header["regime"]) | set(header.get("roles", {}))
    for i, role in enumerate(q.get("applies_to", [])):
        if role not in roles:
            yield item.problem(["applies_to", i], f"unknown role {role!r} for regime {header['regime']} "
                                                  f"(known: {', '.join(sorted(roles))})")
    yield from _dates_problems(item, header)
    for i, ev in enumerate(q["check"].get("evidence", [])):
        for kind in ev.get("kinds", [ev["kind"]] if "kind" in ev else []):
            if kind not in vocabulary.kinds:
                yield item.problem(["check", "evidence", i], f"unknown evidence kind {kind!r}")
        if ev.get("measure") and ev["measure"] not in vocabulary.measures:
            yield item.problem(["check", "evidence", i, "measure"], f"unknown measure {ev['measure']!r}")
        for j, metric in enumerate(ev.get("metrics", [])):
            yield from _metric_problems(item, ["check", "evidence", i, "metrics", j], metric, header)
        for j, group in enumerate(ev.get("sections", [])):
            yield from _heading_problems(item, ["check", "evidence", i, "sections", j], group)
    for i, link in enumerate(q.get("crosswalk", [])):
        if link["target"] not in requirement_ids:
            yield item.problem(["crosswalk", i], f"unknown crosswalk target {link['target']!r}", "lint")
    yield from _text_problems(item, q, [])


def _heading_problems(item: Located, rel: list[str | int], group: Any) -> Iterator[Problem]:
    """A section group needs a Chinese heading among its alternatives: else a Chinese evidence document can
    never satisfy it, and `evidence scaffold --lang zh` and the Chinese report fall back to the English one."""
    if isinstance(group, Mapping):
        group, rel = group.get("heading"), [*rel, "heading"]
    alternatives = [group] if isinstance(group, str) else list(group or [])
    if alternatives and not any(_CJK.search(str(a)) for a in alternatives):
        yield item.problem(rel, f"section {alternatives[0]!r} has no Chinese heading: add one to its alternatives, "
                                f"e.g. [{alternatives[0]!r}, 中文标题]", "lint")


def _header_problems(where: Located, header: Mapping[str, Any]) -> Iterator[Problem]:
    practice = header.get("kind", "law") == "practice"
    if not practice and not header["instrument"].get("in_force"):
        yield where.problem(["instrument"], "a legal instrument needs `in_force` (only practice profiles may omit it)")
    if (header["regime"] == "none") != practice:
        yield where.problem(["regime"], "regime `none` is for practice profiles, and only they may use it")
    for name, threshold in header.get("thresholds", {}).items():
        low, high = threshold["range"]
        if not low <= threshold["default"] <= high:
            yield where.problem(["thresholds", name, "default"], f"default {threshold['default']} is outside the "
                                                                 f"range [{low}, {high}]")
        if low > high:
            yield where.problem(["thresholds", name, "range"], "range must be [lowest, highest]")


def _crosswalk_kind_problems(rulesets: Sequence[Expanded]) -> Iterator[Problem]:
    """A practice profile's crosswalks name the legal requirements it helps satisfy."""
    law_ids = {q.data["id"] for ex in rulesets if ex.header.get("kind", "law") == "law" for q in ex.requirements}
    for ex in rulesets:
        if ex.header.get("kind", "law") != "practice":
            continue
        for item in ex.requirements:
            for i, link in enumerate(item.data.get("crosswalk", [])):
                if link["target"] not in law_ids:
                    yield item.problem(["crosswalk", i], f"crosswalk target {link['target']!r} is not a legal "
                                                         "requirement (a practice profile links to the law)", "lint")


# --- the catalog -----------------------------------------------------------------------------

def catalog_problems(rulesets: Sequence[Expanded], vocabulary: Vocabulary) -> Iterator[Problem]:
    """Every problem across the expanded rulesets: errors first-class, quality as `lint`."""
    facts: dict[str, Mapping[str, Any]] = {}
    fact_sources: dict[str, str] = {}
    ids = [ex.header["id"] for ex in rulesets]
    for ex in rulesets:
        where = Located(ex.source.header, (), ex.source.header.data)
        if ex.header["id"] != ex.source.folder.name:
            yield where.problem(["id"], f"ruleset id {ex.header['id']!r} must match its folder name")
        if ids.count(ex.header["id"]) > 1:
            yield where.problem(["id"], "duplicate ruleset id")
        for fact in ex.facts:
            fid = fact.data["id"]
            if fid in facts:
                yield fact.problem(["id"], f"duplicate fact id {fid!r} (also in {fact_sources[fid]})")
            facts.setdefault(fid, fact.data)
            fact_sources.setdefault(fid, fact.doc.source)
    requirement_ids: dict[str, str] = {}
    for ex in rulesets:
        for item in ex.requirements:
            rid = item.data["id"]
            if rid in requirement_ids:
                yield item.problem(["id"], f"duplicate requirement id {rid!r} (also in {requirement_ids[rid]})")
            requirement_ids.setdefault(rid, item.doc.source)
    for ex in rulesets:
        for item in (*ex.facts, *ex.roles):
            yield from _predicate_problems(item, facts)
            yield from _text_problems(item, item.data, [])
        for item in ex.requirements:
            yield from _predicate_problems(item, facts)
            yield from _requirement_problems(item, ex.header, vocabulary, list(requirement_ids))
        header = Located(ex.source.header, (), ex.source.header.data)
        keep = {k: v for k, v in ex.source.header.data.items() if k not in ("facts", "roles", "requirements")}
        yield from _text_problems(header, keep, [])
        yield from _header_problems(header, ex.header)
        yield from _lock_problems(ex)
    yield from _crosswalk_kind_problems(rulesets)
    for message in _fact_graph_problems(facts):
        yield Problem("rulesets", None, "facts", message)


# --- version lock ----------------------------------------------------------------------------

def read_lock(ex: Expanded) -> dict[str, str]:
    """version → content SHA-256 as recorded in the ruleset's versions.lock (empty when absent)."""
    from .yaml_source import load_yaml

    path = ex.source.folder / LOCK_FILE
    if not path.is_file():
        return {}
    data = load_yaml(path).data
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, Mapping) else {}


def _lock_problems(ex: Expanded) -> Iterator[Problem]:
    version = ex.header["version"]
    source = f"rulesets/{ex.header['id']}/{LOCK_FILE}"
    recorded = read_lock(ex)
    if version not in recorded:
        yield Problem(source, None, version, f"version {version} is not recorded; run `compliance rulesets lock`",
                      "lint")
    elif recorded[version] != ex.source.sha256:
        yield Problem(source, None, version,
                      f"the content changed but the version did not: bump `version` in ruleset.yaml, then run "
                      f"`compliance rulesets lock` (recorded {recorded[version][:12]}, now {ex.source.sha256[:12]})",
                      "lint")
