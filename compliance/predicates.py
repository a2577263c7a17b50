"""The predicate language: all/any/not over card paths and derived facts, evaluated with a trace.

A predicate is data (a mapping), never code. Evaluation returns whether it holds and the
conditions that decided it, so every status can say *why*.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .model import FieldRead, Predicate

OPS = ("eq", "ne", "in", "contains", "gte", "lte", "exists")
_MISSING = object()


@dataclass(frozen=True)
class Condition:
    """One decided leaf (or a labelled group) of a predicate, as data for a reason.

    `detail` says what was compared: `{path, op, value, actual}` (with `unset: true` when the card
    leaves the field out), `{fact, op, value, actual}`, `{label, parts}` for a labelled group, or
    `{some|every: LIST, where: PREDICATE}` when no list entry decided; an optional `label` (Text as
    {lang: text}) and `entries` (the list entries it was read in). The report layer words it.
    """

    holds: bool
    negated: bool
    detail: Mapping[str, Any]

    def param(self) -> dict[str, Any]:
        return {**self.detail, "negated": True} if self.negated else dict(self.detail)


@dataclass(frozen=True)
class Outcome:
    holds: bool
    conditions: tuple[Condition, ...]
    reads: tuple[FieldRead, ...]
    facts: tuple[str, ...]


FactLookup = Callable[[str], Any]
LineLookup = Callable[[str], int | None]


QUANTIFIERS = ("some", "every")


def leaves(predicate: Predicate) -> Iterator[Mapping[str, Any]]:
    """Every leaf ({path: ...} or {fact: ...}) of a predicate tree, paths made absolute.

    Inside `some`/`every`, paths are relative to each list entry; they come out as `list.*.path`.
    """
    if "all" in predicate or "any" in predicate:
        for child in predicate.get("all", predicate.get("any", [])):
            yield from leaves(child)
    elif "not" in predicate:
        yield from leaves(predicate["not"])
    elif any(q in predicate for q in QUANTIFIERS):
        base = predicate.get("some") or predicate["every"]
        for leaf in leaves(predicate["where"]):
            yield {**leaf, "path": f"{base}.*.{leaf['path']}"} if "path" in leaf else leaf
    else:
        yield predicate


def read_path(data: Mapping[str, Any], path: str) -> tuple[Any, list[tuple[str, Any]]]:
    """Value at a dotted path; with '*' segments, the list of matched values. Also the concrete reads."""
    items: list[tuple[str, Any]] = [("", data)]
    multi = False
    for part in path.split("."):
        nxt: list[tuple[str, Any]] = []
        for where, value in items:
            prefix = f"{where}." if where else ""
            if part == "*":
                multi = True
                if isinstance(value, list):
                    nxt.extend((f"{prefix}{i}", v) for i, v in enumerate(value))
            elif isinstance(value, Mapping) and part in value:
                nxt.append((f"{prefix}{part}", value[part]))
            elif not multi:
                nxt.append((f"{prefix}{part}", _MISSING))
        items = nxt
    reads = [(w, None if v is _MISSING else v) for w, v in items]
    if multi:
        return [v for w, v in reads], reads
    return reads[0][1] if reads else None, reads


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _ordered(actual: Any, expected: Any) -> tuple[Any, Any] | None:
    numbers = (int, float)
    if isinstance(actual, bool) or isinstance(expected, bool):
        return None
    if isinstance(actual, numbers) and isinstance(expected, numbers):
        return actual, expected
    if isinstance(actual, str) and isinstance(expected, str):
        return actual, expected
    return None


def compare(actual: Any, op: str, expected: Any) -> bool:
    """Apply one operator to a single card value."""
    if op == "exists":
        return (actual is not None) == bool(expected if expected is not None else True)
    if op == "eq":
        return _same(actual, expected)
    if op == "ne":
        return not _same(actual, expected)
    if op == "in":
        options = expected if isinstance(expected, list) else [expected]
        values = actual if isinstance(actual, list) else [actual]
        return any(_same(v, o) for v in values for o in options)
    if op == "contains":
        if isinstance(actual, list):
            return any(_same(v, expected) for v in actual)
        return isinstance(actual, str) and isinstance(expected, str) and expected in actual
    pair = _ordered(actual, expected)
    if pair is None:
        return False
    return bool(pair[0] >= pair[1]) if op == "gte" else bool(pair[0] <= pair[1])


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def show(value: Any) -> str:
    """Compact, deterministic text for a value in a reason."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # thresholds and counts read as written: 300, not 300.0
    return _ENCODER.encode(value)


def _leaf(predicate: Predicate, subject: Mapping[str, Any], op: str, expected: Any, actual: Any,
          unset: bool) -> dict[str, Any]:
    detail: dict[str, Any] = {**subject, "op": op, "value": expected}
    if unset:
        detail["unset"] = True
    else:
        detail["actual"] = actual
    if predicate.get("label"):
        detail["label"] = predicate["label"]
    return detail


def _quantified(predicate: Predicate, data: Mapping[str, Any], facts: FactLookup, lines: LineLookup) -> Outcome:
    """`some`/`every` entry of a list satisfies `where`, with the conditions of one entry together."""
    is_some = "some" in predicate
    base = predicate["some" if is_some else "every"]
    items, _ = read_path(data, base)
    entries = items if isinstance(items, list) else []
    outcomes = []

    def entry_lines(prefix: str) -> LineLookup:
        return lambda path: lines(f"{prefix}.{path}")

    for index, entry in enumerate(entries):
        prefix = f"{base}.{index}"
        outcome = evaluate(predicate["where"], entry if isinstance(entry, Mapping) else {}, facts,
                           entry_lines(prefix))
        reads = tuple(FieldRead(f"{prefix}.{r.path}", r.value, r.line) for r in outcome.reads)
        conditions = tuple(Condition(c.holds, c.negated,
                                     {**c.detail, "entries": [prefix, *c.detail.get("entries", [])]})
                           for c in outcome.conditions)
        outcomes.append(Outcome(outcome.holds, conditions, reads, outcome.facts))
    holds = any(o.holds for o in outcomes) if is_some else all(o.holds for o in outcomes)
    decisive = next((o for o in outcomes if o.holds == is_some), None)
    if decisive is not None:
        conditions = decisive.conditions
    else:
        conditions = (Condition(holds, False, {"some" if is_some else "every": base, "where": predicate["where"]}),)
    reads = tuple(r for o in outcomes for r in o.reads) or (FieldRead(base, items, lines(base)),)
    return _group(predicate, Outcome(holds, conditions, reads, tuple(f for o in outcomes for f in o.facts)))


def evaluate(predicate: Predicate, data: Mapping[str, Any], facts: FactLookup, lines: LineLookup) -> Outcome:
    """Evaluate a predicate against card data and derived facts."""
    if any(q in predicate for q in QUANTIFIERS):
        return _quantified(predicate, data, facts, lines)
    if "all" in predicate or "any" in predicate:
        is_all = "all" in predicate
        children = [evaluate(c, data, facts, lines) for c in predicate["all" if is_all else "any"]]
        holds = all(c.holds for c in children) if is_all else any(c.holds for c in children)
        deciding = [c for c in children if c.holds == holds]
        conditions = tuple(x for c in deciding for x in c.conditions)
        outcome = Outcome(holds, conditions, tuple(r for c in children for r in c.reads),
                          tuple(f for c in children for f in c.facts))
        return _group(predicate, outcome)
    if "not" in predicate:
        inner = evaluate(predicate["not"], data, facts, lines)
        flipped = tuple(Condition(c.holds, not c.negated, c.detail) for c in inner.conditions)
        return _group(predicate, Outcome(not inner.holds, flipped, inner.reads, inner.facts))
    op = predicate.get("op", "eq")
    expected = predicate.get("value", True if "fact" in predicate and op == "eq" else None)
    if "fact" in predicate:
        actual = facts(predicate["fact"])
        holds = compare(actual, op, expected)
        detail = _leaf(predicate, {"fact": predicate["fact"]}, op, expected, actual, False)
        return Outcome(holds, (Condition(holds, False, detail),), (), (predicate["fact"],))
    actual, reads = read_path(data, predicate["path"])
    if "*" in predicate["path"].split("."):
        holds = any(compare(v, op, expected) for v in actual)
    else:
        holds = compare(actual, op, expected)
    detail = _leaf(predicate, {"path": predicate["path"]}, op, expected, actual, actual is None)
    return Outcome(holds, (Condition(holds, False, detail),),
                   tuple(FieldRead(w, v, lines(w)) for w, v in reads), ())


def _group(node: Mapping[str, Any], outcome: Outcome) -> Outcome:
    """A labelled composite node reads as one condition: its label, with the details after it."""
    label = node.get("label")
    if not label:
        return outcome
    condition = Condition(outcome.holds, False, {"label": label, "parts": [c.param() for c in outcome.conditions]})
    return Outcome(outcome.holds, (condition,), outcome.reads, outcome.facts)
