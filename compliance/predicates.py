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
    """One decided leaf (or a labelled group) of a predicate."""

    holds: bool
    negated: bool
    text: str
    text_zh: str

    def shown(self, lang: str) -> str:
        text = self.text_zh if lang == "zh" else self.text
        if not self.negated:
            return text
        return f"非（{text}）" if lang == "zh" else f"not ({text})"


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


_OP_TEXT = {"eq": "=", "ne": "≠", "in": "in", "contains": "contains", "gte": "≥", "lte": "≤"}
_OP_TEXT_ZH = {"eq": "=", "ne": "≠", "in": "属于", "contains": "包含", "gte": "≥", "lte": "≤"}


def _describe(subject: str, op: str, expected: Any, actual: Any, is_fact: bool) -> tuple[str, str]:
    if op == "exists":
        want = expected if expected is not None else True
        core, core_zh = (f"{subject} is set", f"{subject} 已填写") if want else (
            f"{subject} is not set", f"{subject} 未填写")
    else:
        shown = show(expected)
        core = f"{subject} {_OP_TEXT[op]} {shown}"
        core_zh = f"{subject} {_OP_TEXT_ZH[op]} {shown}"
    if actual is None and not is_fact:
        return f"{core} (card: not set)", f"{core_zh}（模型卡：未填写）"
    value = show(actual)
    if is_fact:
        return f"{core} (derived: {value})", f"{core_zh}（推定：{value}）"
    return f"{core} (card: {value})", f"{core_zh}（模型卡：{value}）"


def _labelled(node: Mapping[str, Any], text: str, text_zh: str) -> tuple[str, str]:
    label = node.get("label")
    if not label:
        return text, text_zh
    return f"{label}: {text}", f"{node.get('label_zh') or label}：{text_zh}"


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
        conditions = tuple(Condition(c.holds, c.negated, f"{prefix}: {c.text}", f"{prefix}：{c.text_zh}")
                           for c in outcome.conditions)
        outcomes.append(Outcome(outcome.holds, conditions, reads, outcome.facts))
    holds = any(o.holds for o in outcomes) if is_some else all(o.holds for o in outcomes)
    decisive = next((o for o in outcomes if o.holds == is_some), None)
    if decisive is not None:
        conditions = decisive.conditions
    else:
        where, where_zh = describe(predicate["where"]), describe(predicate["where"], "zh")
        text, text_zh = ((f"no entry of {base} has {where}", f"{base} 中没有满足（{where_zh}）的条目") if is_some
                         else (f"every entry of {base} has {where}", f"{base} 的每一条目均满足（{where_zh}）"))
        conditions = (Condition(holds, False, text, text_zh),)
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
        flipped = tuple(Condition(c.holds, not c.negated, c.text, c.text_zh) for c in inner.conditions)
        return _group(predicate, Outcome(not inner.holds, flipped, inner.reads, inner.facts))
    op = predicate.get("op", "eq")
    expected = predicate.get("value", True if "fact" in predicate and op == "eq" else None)
    if "fact" in predicate:
        actual = facts(predicate["fact"])
        holds = compare(actual, op, expected)
        text, text_zh = _describe(predicate["fact"], op, expected, actual, True)
        text, text_zh = _labelled(predicate, text, text_zh)
        return Outcome(holds, (Condition(holds, False, text, text_zh),), (), (predicate["fact"],))
    actual, reads = read_path(data, predicate["path"])
    if "*" in predicate["path"].split("."):
        holds = any(compare(v, op, expected) for v in actual)
    else:
        holds = compare(actual, op, expected)
    text, text_zh = _describe(predicate["path"], op, expected, actual, False)
    text, text_zh = _labelled(predicate, text, text_zh)
    return Outcome(holds, (Condition(holds, False, text, text_zh),),
                   tuple(FieldRead(w, v, lines(w)) for w, v in reads), ())


def _group(node: Mapping[str, Any], outcome: Outcome) -> Outcome:
    """A labelled composite node reads as one condition: its label, with the details after it."""
    label = node.get("label")
    if not label:
        return outcome
    detail = "; ".join(c.shown("en") for c in outcome.conditions)
    detail_zh = "；".join(c.shown("zh") for c in outcome.conditions)
    label_zh = node.get("label_zh") or label
    condition = Condition(outcome.holds, False, f"{label} ({detail})", f"{label_zh}（{detail_zh}）")
    return Outcome(outcome.holds, (condition,), outcome.reads, outcome.facts)


def describe(predicate: Predicate, lang: str = "en") -> str:
    """A predicate as readable text: all of (…), any of (…), not (…), leaves as `path op value`."""
    zh = lang == "zh"
    label = predicate.get("label_zh" if zh else "label") or predicate.get("label")
    if "all" in predicate or "any" in predicate:
        is_all = "all" in predicate
        parts = [describe(c, lang) for c in predicate["all" if is_all else "any"]]
        if len(parts) == 1:
            body = parts[0]
        else:
            head = ("同时满足" if is_all else "满足其一") if zh else ("all of" if is_all else "any of")
            body = f"{head} ({'; '.join(parts)})"
    elif "not" in predicate:
        body = f"{'非' if zh else 'not'} ({describe(predicate['not'], lang)})"
    elif any(q in predicate for q in QUANTIFIERS):
        base = predicate.get("some") or predicate["every"]
        where = describe(predicate["where"], lang)
        if zh:
            body = f"{base} 中{'存在' if 'some' in predicate else '每一'}条目满足 ({where})"
        else:
            body = f"{'some' if 'some' in predicate else 'every'} entry of {base} has ({where})"
    else:
        subject = predicate.get("fact") or predicate.get("path", "")
        op = predicate.get("op", "eq")
        if op == "exists":
            want = predicate.get("value", True)
            body = f"{subject} {('已填写' if want else '未填写') if zh else ('is set' if want else 'is not set')}"
        elif "fact" in predicate and "op" not in predicate:
            body = subject
        else:
            table = _OP_TEXT_ZH if zh else _OP_TEXT
            body = f"{subject} {table[op]} {show(predicate.get('value'))}"
    return f"{label} [{body}]" if label else body
