"""The predicate language: all/any/not over card paths and derived facts, evaluated with a trace.

A predicate is data (a mapping), never code. Evaluation is three-valued (Kleene): a card field that is
absent, null or `unknown` makes its leaf *unknown* (None), not false, and the outcome lists the
questions left to answer. `all` is false if any operand is false, else unknown if any is unknown; `any`
is true if any operand is true, else unknown if any is unknown; `not unknown` is unknown. A `claim`
leaf reads an exemption the card claims: true only with supporting evidence, unknown without it,
false when not claimed. Every outcome keeps the conditions that decided it, so a status can say *why*.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Any, Protocol

from .model import FieldRead, Predicate, Question
from .strict_json import exact_key as value_key  # what a batch shares outcomes by (`shared_outcomes`)

OPS = ("eq", "ne", "in", "contains", "gte", "lte", "exists")
_MISSING = object()
UNKNOWN_WORD = "unknown"  # a card may answer a scoping question with `unknown`: same as leaving it out


class Condition:
    """One decided leaf (or a labelled group) of a predicate, as data for a reason.

    `detail` says what was compared: `{path, op, value, actual}` (with `unset: true` when the card
    leaves the field out), `{fact, op, value, actual}`, `{claim, value, supported}`, `{label, parts}`
    for a labelled group, or `{some|every: LIST, where: PREDICATE}` when no list entry decided; an
    optional `label` (Text as {lang: text}) and `entries` (the list entries it was read in). `holds`
    is None when the condition is unknown. The report layer words it.

    Made once and never changed, as `Outcome` is (a card's evaluation makes ~600 of them).
    """

    __slots__ = ("detail", "holds", "negated")

    def __init__(self, holds: bool | None, negated: bool, detail: Mapping[str, Any]) -> None:
        self.holds = holds
        self.negated = negated
        self.detail = detail

    def param(self) -> Mapping[str, Any]:
        """The detail as a reason's parameter: itself when the condition is decided and not negated (most: a
        detail is never changed once its condition is made, and reasons and reports only read it), else a copy
        saying so."""
        if self.holds is not None and not self.negated:
            return self.detail
        detail = {**self.detail, "negated": True} if self.negated else dict(self.detail)
        if self.holds is None:
            detail["unknown"] = True
        return detail


class Outcome:
    """What a predicate says of a card: whether it holds (None: unknown), the conditions that decided it, the
    card fields and derived facts it read, and the questions an unknown outcome waits on.

    Made once and never changed: a plain class with slots, not a frozen record, because evaluating the
    example's catalog makes ~900 of them and a record's `__init__` (each field set through
    `object.__setattr__`) cost three times as much; nothing compares, hashes or copies outcomes."""

    __slots__ = ("conditions", "facts", "holds", "questions", "reads")

    def __init__(self, holds: bool | None, conditions: tuple[Condition, ...], reads: tuple[FieldRead, ...],
                 facts: tuple[str, ...], questions: tuple[Question, ...] = ()) -> None:
        self.holds = holds
        self.conditions = conditions
        self.reads = reads
        self.facts = facts
        self.questions = questions


FactLookup = Callable[[str], Any]
LineLookup = Callable[[str], int | None]
QuestionLookup = Callable[[str], tuple[Question, ...]]
SupportLookup = Callable[[str], bool]


def _no_questions(_fact: str) -> tuple[Question, ...]:
    return ()


def _unsupported(_path: str) -> bool:
    return False


QUANTIFIERS = ("some", "every")


def kleene_all(values: Iterable[bool | None]) -> bool | None:
    seen = list(values)
    if False in seen:  # `in` compares by identity first: only False itself (or 0) is False here
        return False
    return None if None in seen else True


def kleene_any(values: Iterable[bool | None]) -> bool | None:
    seen = list(values)
    if True in seen:
        return True
    return None if None in seen else False


def is_unanswered(value: Any) -> bool:
    """Absent, null or `unknown`: the card does not answer."""
    return value is None or value is _MISSING or value == UNKNOWN_WORD


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
            for key in ("path", "claim"):
                if key in leaf:
                    leaf = {**leaf, key: f"{base}.*.{leaf[key]}"}
            yield leaf
    else:
        yield predicate


def _value_at(data: Mapping[str, Any], parts: list[str]) -> Any:
    """The value a path without `*` names (split at its dots); None when any step is missing."""
    value: Any = data
    for part in parts:
        if (type(value) is not dict and not isinstance(value, Mapping)) or part not in value:
            return None
        value = value[part]
    return value


def read_path(data: Mapping[str, Any], path: str) -> tuple[Any, list[tuple[str, Any]]]:
    """Value at a dotted path; with '*' segments, the list of matched values. Also the concrete reads."""
    parts = path.split(".")
    if "*" not in parts:  # one value, read where the path says
        value = _value_at(data, parts)
        return value, [(path, value)]
    items: list[tuple[str, Any]] = [("", data)]
    multi = False
    for part in parts:
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


def _leaf(subject: Mapping[str, Any], label: Any, actual: Any, unset: bool) -> dict[str, Any]:
    """A leaf's condition detail: what it compares (`subject`: path or fact, op, value), what the card
    says (or that it is unset), and the leaf's label if it has one."""
    detail: dict[str, Any] = {**subject, "unset": True} if unset else {**subject, "actual": actual}
    if label:
        detail["label"] = label
    return detail


class _Env:
    """What a predicate is evaluated against: card data (or one list entry of it) and lookups."""

    __slots__ = ("data", "facts", "lines", "memo", "prefix", "questions", "supported")

    def __init__(self, data: Mapping[str, Any], facts: FactLookup, lines: LineLookup, questions: QuestionLookup,
                 supported: SupportLookup, prefix: str = "", memo: Callable[[Node], Outcome] | None = None) -> None:
        self.data = data
        self.facts = facts
        self.lines = lines
        self.questions = questions
        self.supported = supported
        self.prefix = prefix  # where `data` sits in the card, for list entries inside some/every
        self.memo = memo  # the card's remembered outcomes (the whole card only)

    def child(self, prepared: Node) -> Outcome:
        return self.memo(prepared) if self.memo is not None else prepared.run(self)

    def children(self, prepared: tuple[Node, ...]) -> list[Outcome]:
        """The outcomes of a node's operands (from the card's remembered outcomes, when it keeps them: mapped in C)."""
        memo = self.memo
        return list(map(memo, prepared)) if memo is not None else [c.run(self) for c in prepared]

    def absolute(self, path: str) -> str:
        return f"{self.prefix}.{path}" if self.prefix else path

    def entry(self, index: int, base: str, data: Mapping[str, Any]) -> _Env:
        prefix = self.absolute(f"{base}.{index}")
        return _Env(data, self.facts, lambda path: self.lines(f"{base}.{index}.{path}"), self.questions,
                    self.supported, prefix)


def evaluate(predicate: Predicate, data: Mapping[str, Any], facts: FactLookup, lines: LineLookup,
             questions: QuestionLookup | None = None, supported: SupportLookup | None = None,
             memo: Callable[[Node], Outcome] | None = None) -> Outcome:
    """Evaluate a predicate against card data and derived facts (three-valued, see the module doc).

    `questions` gives the open questions behind an unknown fact; `supported` says whether a claimed
    exemption at a card path has a supporting assessment among the evidence; `memo` evaluates a nested
    (prepared) predicate against the same card data (so a condition shared by many requirements is
    evaluated once).
    """
    return node(predicate).run(environment(data, facts, lines, questions, supported, memo))


def environment(data: Mapping[str, Any], facts: FactLookup, lines: LineLookup,
                questions: QuestionLookup | None = None, supported: SupportLookup | None = None,
                memo: Callable[[Node], Outcome] | None = None) -> _Env:
    """What `Node.run` evaluates against: the arguments of `evaluate`, given once (a card asks hundreds)."""
    return _Env(data, facts, lines, questions or _no_questions, supported or _unsupported, memo=memo)


class KeySource(Protocol):
    """What `Node.shared_key` reads: the card, and the tokens of kept fact values and outcomes (`engine._Facts`)."""

    data: Mapping[str, Any]
    supported: frozenset[str]

    def line_of(self, dotted: str) -> int | None: ...

    def fact_token(self, fact_id: str) -> int | None: ...

    def outcome_tokens(self, operands: tuple[Node, ...]) -> tuple[int, ...] | None: ...


class Node:
    """A predicate made ready to evaluate: what its mapping says is read once (which operator, which path,
    which label, which prepared operands), so evaluating it for a card only reads the card. One node per
    predicate object: a card remembers its outcome by the node. Equal copies of a condition are one object in a
    cached catalog (its entry shares equal mappings), so they share a node there without their content being
    written out to find it (that was 556 marshal calls and 150 KB of keys kept for a check of the example).

    Each kind of predicate is a slotted subclass whose `run` reads what it was made with: one object a node,
    where a closure per node (a function, its cells and the leaf's subject mapping) was ~0.5 KB and seven
    allocations (~840 nodes for a check of the example, each made once per process)."""

    __slots__ = ("_key", "operands", "predicate")

    def __init__(self, predicate: Predicate, operands: tuple[Node, ...] = ()) -> None:
        self.predicate = predicate  # what `facts` and `key` read
        self.operands = operands
        self._key: int | None = None

    def run(self, env: _Env) -> Outcome:
        """The outcome of the predicate against `env` (each kind of node says how)."""
        raise NotImplementedError(type(self).__name__)

    def shared_key(self, source: KeySource) -> Hashable | None:
        """A key equal exactly when the node's outcome on the whole card is equal, so that a batch can share it
        (`shared_outcomes`); None for a node whose outcome is made afresh on every card (lists, claims)."""
        return None

    @property
    def facts(self) -> frozenset[str]:
        """The derived facts its leaves name (inside `some`/`every` too)."""
        return frozenset(leaf["fact"] for leaf in leaves(self.predicate) if "fact" in leaf)

    @property
    def key(self) -> int:
        """A number equal exactly for nodes of equal predicates (written with their keys in the same order),
        worked out when first asked for: a leaf by its content written out in C, a node with operands by its
        operands' keys and the rest of its content."""
        if self._key is None:
            predicate = self.predicate
            operator = _operator(predicate)
            shape: Hashable
            if operator is None:
                shape = _content(predicate)
            else:  # label and all, each operand written out once, not again inside every node above it
                rest = operator if len(predicate) == 1 else _content({**predicate, operator: None})
                shape = (type(predicate[operator]), tuple([o.key for o in self.operands]), rest)
            self._key = _KEYS.setdefault(shape, len(_KEYS))
        return self._key


_NODES: dict[int, Node] = {}  # by id of a predicate object, which its node keeps alive
_KEYS: dict[Hashable, int] = {}  # by content, numbered when first asked for


def _content(predicate: Predicate) -> bytes | str:
    """The content of a predicate, equal exactly for equal predicates written with their keys in the same
    order: marshal's format 2 (no back-references, so it does not depend on which objects are shared; it
    tells True from 1, 1 from 1.0 and "1" from 1), which writes a catalog's texts several times faster than
    repr (repr checks every character of a Chinese label for printability); repr for a value marshal does
    not write (a date read from YAML, a mapping of another type)."""
    try:
        return marshal.dumps(predicate, 2)  # type: ignore[arg-type]  # a mapping it cannot write: ValueError
    except ValueError:
        return repr(predicate)


def _operator(predicate: Predicate) -> str | None:
    """The key holding a node's operands (`all`, `any`, `not`); None for a leaf or a quantifier (whose `where`
    is evaluated per list entry)."""
    if "some" in predicate or "every" in predicate:
        return None
    return "all" if "all" in predicate else "any" if "any" in predicate else "not" if "not" in predicate else None


def node(predicate: Predicate) -> Node:
    """The prepared form of a predicate, made once per predicate object in a process (the object is kept, so
    its id is never reused for another). A node's operands are prepared with it: a card evaluates them all
    whenever it evaluates the node."""
    found = _NODES.get(id(predicate))
    if found is not None and found.predicate is predicate:
        return found
    operator = _operator(predicate)
    prepared: Node
    if operator is None:
        prepared = _leaf_node(predicate)
    elif operator == "not":
        prepared = _Not(predicate, (node(predicate["not"]),), predicate.get("label") or None)
    else:
        operands = tuple(map(node, predicate[operator]))
        prepared = _Composite(predicate, operands, operator == "all", predicate.get("label") or None)
    _NODES[id(predicate)] = prepared
    return prepared


def _leaf_node(predicate: Predicate) -> Node:
    """The node of a predicate without operands: a quantifier, a claim, or a comparison of a fact or a card path."""
    if "some" in predicate or "every" in predicate:  # QUANTIFIERS
        return _Quantified(predicate)
    if "claim" in predicate:
        return _Claim(predicate)
    op = predicate.get("op", "eq")
    label = predicate.get("label") or None
    if "fact" in predicate:
        return _FactLeaf(predicate, predicate["fact"], op, predicate.get("value", True if op == "eq" else None), label)
    path = predicate["path"]
    parts = path.split(".")
    if "*" in parts:
        return _ListLeaf(predicate)
    return _PathLeaf(predicate, path, parts, op, predicate.get("value"), label)


class _Not(Node):
    """`{not: P}`: P's outcome flipped (unknown stays unknown)."""

    __slots__ = ("label",)

    def __init__(self, predicate: Predicate, operands: tuple[Node, ...], label: Any) -> None:
        super().__init__(predicate, operands)
        self.label = label

    def shared_key(self, source: KeySource) -> Hashable | None:
        tokens = source.outcome_tokens(self.operands)
        return None if tokens is None else (self, tokens)

    def run(self, env: _Env) -> Outcome:
        inner = env.child(self.operands[0])
        flipped = [Condition(c.holds if c.holds is None else not c.holds, not c.negated, c.detail)
                   for c in inner.conditions]
        holds = None if inner.holds is None else not inner.holds
        return Outcome(holds, _labelled_conditions(self.label, holds, flipped), inner.reads, inner.facts,
                       inner.questions)


_HOLDS = attrgetter("holds")


class _Composite(Node):
    """`{all: [...]}` or `{any: [...]}`: the operands' outcomes combined (Kleene)."""

    __slots__ = ("combine", "label")

    def __init__(self, predicate: Predicate, operands: tuple[Node, ...], is_all: bool, label: Any) -> None:
        super().__init__(predicate, operands)
        self.combine = kleene_all if is_all else kleene_any
        self.label = label

    def shared_key(self, source: KeySource) -> Hashable | None:
        tokens = source.outcome_tokens(self.operands)
        return None if tokens is None else (self, tokens)

    def run(self, env: _Env) -> Outcome:
        children = env.children(self.operands)
        holds = self.combine(map(_HOLDS, children))
        conditions: list[Condition] = []
        questions: list[Question] = []
        everyones: list[FieldRead] = []
        facts: list[str] = []
        for c in children:  # the deciding children's conditions (and open questions), everyone's reads
            if c.holds == holds:
                conditions.extend(c.conditions)
                if holds is None:
                    questions.extend(c.questions)
            everyones.extend(c.reads)
            facts.extend(c.facts)
        return Outcome(holds, _labelled_conditions(self.label, holds, conditions), tuple(everyones), tuple(facts),
                       tuple(questions))


class _FactLeaf(Node):
    """`{fact: F, op, value}`: a derived fact compared (unknown while the fact is)."""

    __slots__ = ("expected", "fact", "facts_read", "label", "op")

    def __init__(self, predicate: Predicate, fact: str, op: str, expected: Any, label: Any) -> None:
        super().__init__(predicate)
        self.fact, self.op, self.expected, self.label = fact, op, expected, label
        self.facts_read = (fact,)

    def shared_key(self, source: KeySource) -> Hashable | None:
        token = source.fact_token(self.fact)
        return None if token is None else (self, token)

    def run(self, env: _Env) -> Outcome:
        fact, op = self.fact, self.op
        actual = env.facts(fact)
        if actual is None and op != "exists":
            detail = {"fact": fact, "op": op, "value": self.expected, "actual": None}
            if self.label:
                detail["label"] = self.label
            return Outcome(None, (Condition(None, False, detail),), (), self.facts_read, env.questions(fact))
        holds = compare(actual, op, self.expected)
        detail = {"fact": fact, "op": op, "value": self.expected, "actual": actual}
        if self.label:
            detail["label"] = self.label
        return Outcome(holds, (Condition(holds, False, detail),), (), self.facts_read)


class _PathLeaf(Node):
    """`{path: P, op, value}`: one card value (no `*` in its path, split at its dots as `parts`) compared."""

    __slots__ = ("expected", "label", "op", "parts", "path")

    def __init__(self, predicate: Predicate, path: str, parts: list[str], op: str, expected: Any, label: Any) -> None:
        super().__init__(predicate)
        self.path, self.parts, self.op, self.expected, self.label = path, parts, op, expected, label

    def shared_key(self, source: KeySource) -> Hashable | None:
        found = value_key(_value_at(source.data, self.parts))
        return None if found is None else (self, found, source.line_of(self.path))

    def run(self, env: _Env) -> Outcome:
        path, op = self.path, self.op
        actual = _value_at(env.data, self.parts)
        where = f"{env.prefix}.{path}" if env.prefix else path
        reads = (FieldRead(where, actual, env.lines(path)),)
        detail: dict[str, Any]
        if op != "exists" and is_unanswered(actual):  # `exists` tests presence, so it is never unknown
            detail = {"path": path, "op": op, "value": self.expected, "unset": True}
            if self.label:
                detail["label"] = self.label
            return Outcome(None, (Condition(None, False, detail),), reads, (), (Question(where),))
        single = compare(actual, op, self.expected)
        if actual is None:
            detail = {"path": path, "op": op, "value": self.expected, "unset": True}
        else:
            detail = {"path": path, "op": op, "value": self.expected, "actual": actual}
        if self.label:
            detail["label"] = self.label
        return Outcome(single, (Condition(single, False, detail),), reads, ())


class _ListLeaf(Node):
    """`{path: "a.*.b", ...}`: the entries of a list (`_list_leaf`)."""

    __slots__ = ()

    def shared_key(self, source: KeySource) -> Hashable | None:
        """The values and lines read, and whether the list is there: all `_list_leaf` reads of the card."""
        path = self.predicate["path"]
        found = _reads_key(source, path)
        return None if found is None else (self, found, _unset(source.data, path))

    def run(self, env: _Env) -> Outcome:
        return _list_leaf(self.predicate, env)


class _Claim(Node):
    """`{claim: PATH, ...}`: an exemption the card claims (`_claim`)."""

    __slots__ = ()

    def shared_key(self, source: KeySource) -> Hashable | None:
        """The values and lines read, and whether the claim is supported: all `_claim` reads of the card."""
        path = self.predicate["claim"]
        found = _reads_key(source, path)
        return None if found is None else (self, found, path in source.supported)

    def run(self, env: _Env) -> Outcome:
        return _claim(self.predicate, env)


def _reads_key(source: KeySource, path: str) -> Hashable | None:
    """What `read_path` reads of the card at `path` (each path read and its value; the value is made from them) with
    each read's line, exactly (`value_key`); None when a value cannot be keyed."""
    _, read = read_path(source.data, path)
    found = value_key(read)
    return None if found is None else (found, tuple([source.line_of(where) for where, _ in read]))


class _Quantified(Node):
    """`{some|every: LIST, where: P}`: P of each list entry (`_quantified`)."""

    __slots__ = ()

    def run(self, env: _Env) -> Outcome:
        return _quantified(self.predicate, env)


def _list_leaf(predicate: Predicate, env: _Env) -> Outcome:
    """A leaf on the entries of a list (`a.*.b`): true when some entry's value satisfies it."""
    op = predicate.get("op", "eq")
    expected = predicate.get("value")
    path = predicate["path"]
    subject = {"path": path, "op": op, "value": expected}
    actual, read = read_path(env.data, path)
    reads = tuple(FieldRead(env.absolute(w), v, env.lines(w)) for w, v in read)
    if _unset(env.data, path):
        detail = _leaf(subject, predicate.get("label"), None, True)
        base = path.split(".*", 1)[0]
        return Outcome(None, (Condition(None, False, detail),), reads, (), (Question(env.absolute(base)),))
    found = any(compare(v, op, expected) for v in actual if not is_unanswered(v))
    open_entries = tuple(Question(env.absolute(w)) for w, v in read if is_unanswered(v)) if op != "exists" else ()
    result = None if not found and open_entries else found
    detail = _leaf(subject, predicate.get("label"), actual, False)
    return Outcome(result, (Condition(result, False, detail),), reads, (), open_entries if result is None else ())


def _unset(data: Mapping[str, Any], path: str) -> bool:
    """For a path through a list (`a.*.b`): unanswered when the list itself is absent."""
    base = path.split(".*", 1)[0]
    value, _ = read_path(data, base)
    return is_unanswered(value)


def _claim(predicate: Predicate, env: _Env) -> Outcome:
    """An exemption the card claims (`{claim: PATH, value: V}`, V defaulting to true)."""
    path = predicate["claim"]
    op = predicate.get("op", "eq")
    wanted = predicate.get("value", True)
    actual, read = read_path(env.data, path)
    reads = tuple(FieldRead(env.absolute(w), v, env.lines(w)) for w, v in read)
    absolute = env.absolute(path)
    detail: dict[str, Any] = {"claim": absolute, "op": op, "value": wanted}
    if predicate.get("label"):
        detail["label"] = predicate["label"]
    if is_unanswered(actual) or not compare(actual, op, wanted):
        detail["claimed"] = False
        if not is_unanswered(actual):
            detail["actual"] = actual
        return Outcome(False, (Condition(False, False, detail),), reads, ())
    detail["claimed"] = True
    if env.supported(absolute):
        detail["supported"] = True
        return Outcome(True, (Condition(True, False, detail),), reads, ())
    detail["supported"] = False
    return Outcome(None, (Condition(None, False, detail),), reads, (), (Question(absolute, claim=True),))


def _quantified(predicate: Predicate, env: _Env) -> Outcome:
    """`some`/`every` entry of a list satisfies `where`, with the conditions of one entry together."""
    is_some = "some" in predicate
    base = predicate["some" if is_some else "every"]
    items, _ = read_path(env.data, base)
    if is_unanswered(items):
        detail = {"some" if is_some else "every": env.absolute(base), "where": predicate["where"], "unset": True}
        reads = (FieldRead(env.absolute(base), None, env.lines(base)),)
        return _group(predicate, Outcome(None, (Condition(None, False, detail),), reads, (),
                                         (Question(env.absolute(base)),)))
    entries = items if isinstance(items, list) else []
    outcomes = []
    for index, entry in enumerate(entries):
        sub = env.entry(index, base, entry if isinstance(entry, Mapping) else {})
        outcome = node(predicate["where"]).run(sub)
        prefix = env.absolute(f"{base}.{index}")
        conditions = tuple(Condition(c.holds, c.negated,
                                     {**c.detail, "entries": [prefix, *c.detail.get("entries", [])]})
                           for c in outcome.conditions)
        outcomes.append(Outcome(outcome.holds, conditions, outcome.reads, outcome.facts, outcome.questions))
    holds = (kleene_any if is_some else kleene_all)(o.holds for o in outcomes)
    decisive = [o for o in outcomes if o.holds == holds]
    if decisive and holds == is_some:
        conditions = decisive[0].conditions
    elif holds is None:
        conditions = tuple(c for o in decisive for c in o.conditions)
    else:
        conditions = (Condition(holds, False, {"some" if is_some else "every": env.absolute(base),
                                               "where": predicate["where"]}),)
    questions = tuple(q for o in decisive for q in o.questions) if holds is None else ()
    read_all = tuple(r for o in outcomes for r in o.reads) or (FieldRead(env.absolute(base), items, env.lines(base)),)
    return _group(predicate, Outcome(holds, conditions, read_all, tuple(f for o in outcomes for f in o.facts),
                                     questions))


def _group(predicate: Mapping[str, Any], outcome: Outcome) -> Outcome:
    """A labelled composite node reads as one condition: its label, with the details after it."""
    return _labelled(predicate.get("label"), outcome)


def _labelled(label: Any, outcome: Outcome) -> Outcome:
    if not label:
        return outcome
    return Outcome(outcome.holds, _labelled_conditions(label, outcome.holds, outcome.conditions), outcome.reads,
                   outcome.facts, outcome.questions)


def _labelled_conditions(label: Any, holds: bool | None, conditions: Sequence[Condition]) -> tuple[Condition, ...]:
    """A labelled node's conditions: one, its label with the details after it (made before the node's outcome,
    which is then made once); unlabelled, its own."""
    if not label:
        return tuple(conditions)
    return (Condition(holds, False, {"label": label, "parts": [c.param() for c in conditions]}),)
