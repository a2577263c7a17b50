"""The frozen data of the pipeline: rulesets, cards, and the assessment that joins them."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .lazy_regex import lazy_pattern
from .records import field, record
from .yaml_source import YamlDocument

Predicate = Mapping[str, Any]
JsonValue = Any


class Status(StrEnum):
    MET = "met"
    GAP = "gap"
    ATTESTED = "attested"
    MANUAL = "manual"
    NOT_APPLICABLE = "not_applicable"
    UPCOMING = "upcoming"
    WAIVED = "waived"
    ERROR = "error"


STATUS_ORDER: tuple[Status, ...] = (
    Status.GAP, Status.ERROR, Status.MANUAL, Status.WAIVED, Status.ATTESTED, Status.MET,
    Status.UPCOMING, Status.NOT_APPLICABLE,
)
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
DIMENSIONS: tuple[str, ...] = ("accuracy", "safety", "interpretability", "fairness", "privacy", "accountability")


# A YAML folded scalar joins its lines with a space, which Chinese does not put between characters: a run
# of spaces and line breaks between two Chinese characters (or the curly quotes and full-width forms Chinese
# uses) is removed. A character class of these ranges costs milliseconds to compile in every process, so
# the runs are found with a small pattern and their neighbours compared as code points.
_CJK_RANGES = (("\u2018", "\u201d"), ("\u3000", "\u303f"), ("\u3400", "\u9fff"), ("\uff00", "\uffef"))
_BLANK_RUN = lazy_pattern("[ \n]+")  # folded Chinese is read by few runs (table titles, dossiers)


def _cjk(char: str) -> bool:
    return any(low <= char <= high for low, high in _CJK_RANGES)


def fold_cjk(text: str) -> str:
    """`text` without the spaces and line breaks a folded YAML scalar put between Chinese characters."""
    if " " not in text and "\n" not in text:
        return text
    end = len(text)
    return _BLANK_RUN.sub(lambda m: "" if m.start() > 0 and m.end() < end and _cjk(text[m.start() - 1])
                          and _cjk(text[m.end()]) else m.group(), text)


@record
class Text:
    """One piece of human-readable text in several languages.

    Rulesets write it as `{en: ..., zh: ...}`; a plain string reads the same in every language
    (stored under `und`, BCP 47's "undetermined"). Adding a language is adding a key, not code.
    """

    items: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, value: object) -> Text:
        if value is None:
            return EMPTY
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls((("und", value),)) if value else EMPTY
        if type(value) is dict or isinstance(value, Mapping):  # a dict skips the ABC check: thousands a catalog
            items = []
            for k, v in value.items():
                if v:
                    if type(k) is not str or type(v) is not str:
                        k, v = str(k), str(v)
                    items.append((k, fold_cjk(v) if k == "zh" else v))
            items.sort()
            return cls(tuple(items))
        return EMPTY

    @classmethod
    def later(cls, source: Callable[[], object]) -> Text:
        """`Text.of(source())`, worked out when first read: a catalog holds thousands of texts that a `check`
        never reads (titles, summaries, notes), and building them was most of loading it from the cache."""
        text = object.__new__(cls)
        object.__setattr__(text, "_source", source)
        return text

    def __reduce__(self) -> tuple[type[Text], tuple[tuple[tuple[str, str], ...]]]:
        return Text, (self.items,)  # a deferred text is sent (pickled, copied) as its items, never as its source

    def get(self, lang: str) -> str:
        """The text in `lang`, else the language-neutral or English text, else any text there is."""
        found = dict(self.items)
        for key in (lang, "und", "en"):
            if key in found:
                return found[key]
        return self.items[0][1] if self.items else ""

    def exact(self, lang: str) -> str | None:
        """The text written for exactly `lang` (no fallback), or None."""
        return dict(self.items).get(lang)

    @property
    def en(self) -> str:
        return self.get("en")

    def as_json(self) -> str | dict[str, str]:
        """A plain string when language-neutral, else {lang: text}."""
        if len(self.items) == 1 and self.items[0][0] == "und":
            return self.items[0][1]
        return dict(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class _DeferredItems:
    """`Text.items` of a text made by `Text.later`: made from its source on first read, then kept on the text
    (a non-data descriptor: an instance's own `items` is found first, so a built text reads at full speed)."""

    def __get__(self, text: Text | None, owner: type | None = None) -> tuple[tuple[str, str], ...]:
        if text is None:
            return ()  # the field's default, as the class attribute was
        try:
            source = vars(text)["_source"]
        except KeyError:
            raise AttributeError("items") from None
        items = Text.of(source()).items
        object.__setattr__(text, "items", items)
        return items


setattr(Text, "items", _DeferredItems())  # noqa: B010 (a descriptor in the class body would be the field's default)
EMPTY = Text()


_DIGIT_RUNS = lazy_pattern(r"(\d+)")  # compiled here, not looked up in re's cache at each call


@lru_cache(maxsize=8192)  # requirement ids, asked for at every sort of every card's findings
def natural_key(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders EU-AIA-4 before EU-AIA-10 and 9.2 before 9.10."""
    return tuple([(0, int(part)) if part.isdigit() else (1, part) for part in _DIGIT_RUNS.split(identifier) if part])


# --- rulesets -------------------------------------------------------------------------------

@record
class Kind:
    id: str
    title: Text
    description: Text = EMPTY
    formats: tuple[str, ...] = ()
    origin: str = "vocabulary"


@record
class Measure:
    id: str
    title: Text
    description: Text = EMPTY
    origin: str = "vocabulary"


@record
class Vocabulary:
    kinds: Mapping[str, Kind]
    measures: Mapping[str, Measure]


@record
class FactCase:
    when: Predicate
    value: JsonValue
    because: Text = EMPTY
    citation: Text = EMPTY


@record
class FactSum:
    """A numeric fact: the total of `value` over the entries of the card list `over` that satisfy `where`."""

    over: str
    value: str
    where: Predicate | None = None


@record
class Fact:
    id: str
    title: Text
    citation: Text
    ruleset: str
    when: Predicate | None = None
    cases: tuple[FactCase, ...] = ()
    sum: FactSum | None = None
    default: JsonValue = None
    values: tuple[JsonValue, ...] = ()
    interpretation: bool = False
    note: Text = EMPTY


@record
class RoleDefinition:
    name: str
    when: Predicate
    citation: Text = EMPTY
    title: Text = EMPTY


@record
class Threshold:
    """A figure a practice profile checks against, that each card may tune (`thresholds:` in the card)."""

    id: str
    ruleset: str
    title: Text
    default: float
    unit: str                          # rate | proportion | count | score | days | ...
    range: tuple[float, float]         # every figure compared with it must lie in this range
    rationale: Text                    # why the default is what it is
    source: Text = EMPTY               # where the default comes from


@record
class ThresholdSetting:
    """A card's value for a threshold, with the reason it differs from the default."""

    id: str
    value: float
    justification: str
    approved_by: str = ""
    line: int | None = None


AGGREGATES = ("worst", "sum", "subgroup_gap", "present")


@record
class MetricCheck:
    """A figure of an evidence entry compared with a value.

    Without `over`, `metric` is one key of the entry's metrics. With `over: datasets`, it is the last part of
    imported keys `<dataset>[__<qualifier>]__<metric>` (any of `names`; `*` for every metric), and
    `aggregate` says what is compared: the worst figure, their sum, the largest gap between a subgroup
    and its overall figure, or only that a figure is present. `value` is the fixed figure, or the
    default of `threshold` (which a card may tune)."""

    metric: str
    op: str
    value: float
    citation: Text = EMPTY
    label: Text = EMPTY
    interpretation: bool = False
    threshold: str = ""
    over: str = ""                      # "datasets": every imported figure of the metric
    names: tuple[str, ...] = ()
    aggregate: str = ""
    datasets: tuple[str, ...] = ()      # fields each matched figure's dataset must declare (name, version)
    unit: str = ""
    range: tuple[float, float] | None = None  # the figures possible at all; outside it is an error

    def out_of_range(self, figure: float) -> bool:
        """An impossible figure (a percentage written for a rate, a negative count, NaN)."""
        if not math.isfinite(figure):
            return True
        return self.range is not None and not self.range[0] <= figure <= self.range[1]


@record
class ContentNeed:
    """Something a required section must contain: a labelled `field`, a `phrase`, or a `pattern` kind of value
    (any of `values`); `label` names it in "section X lacks <label>"."""

    kind: str
    values: tuple[str, ...]
    label: Text = EMPTY


@record
class SectionRule:
    """What a required section says beyond its heading: a prompt for templates and the content it needs."""

    prompt: Text = EMPTY
    needs: tuple[ContentNeed, ...] = ()


@record
class EvidenceCheck:
    kinds: tuple[str, ...]
    measure: str | None = None
    sections: tuple[tuple[str, ...], ...] = ()          # alternative headings per required section
    max_age_days: int | None = None
    metrics: tuple[MetricCheck, ...] = ()
    label: Text = EMPTY
    section_rules: tuple[SectionRule, ...] = ()         # one per section (empty when none has a rule)
    source: tuple[str, ...] = ()        # fields of the entry's `source` that must be recorded
    entries: str = ""                   # "": one passing entry is enough; "every": every entry must pass

    def rule(self, position: int) -> SectionRule:
        return self.section_rules[position] if position < len(self.section_rules) else SectionRule()


@record
class FieldCheck:
    when: Predicate
    message: Text = EMPTY


@record
class ManualCheck:
    confirm: tuple[Text, ...]


@record
class Check:
    evidence: tuple[EvidenceCheck, ...] = ()
    fields: tuple[FieldCheck, ...] = ()
    manual: ManualCheck | None = None


@record
class EffectiveCase:
    condition: Predicate
    from_: str
    amended_from: str | None = None
    amended_by: str | None = None
    until: str | None = None
    note: Text = EMPTY
    interpretation: bool = False


@record
class Effective:
    from_: str
    amended_from: str | None = None
    amended_by: str | None = None
    until: str | None = None
    note: Text = EMPTY
    interpretation: bool = False
    cases: tuple[EffectiveCase, ...] = ()
    schedule: str = ""  # the named schedule of ruleset.yaml it came from, if any


@record
class Crosswalk:
    target: str
    relation: str
    note: Text = EMPTY


VERIFICATION_LEVELS = ("official_text", "verbatim_quote", "consolidation", "secondary", "unverified")


@record
class Verification:
    """How an encoded provision was checked against the law (see VERIFICATION_LEVELS)."""

    level: str
    note: str = ""


@record
class Requirement:
    id: str
    ruleset: str
    title: Text
    citation: Text
    summary: Text
    test: Text
    applies_to: tuple[str, ...]
    applies_when: Predicate | None
    effective: Effective
    severity: str
    dimensions: tuple[str, ...]
    check: Check
    remediation: Text
    chapter: Text = EMPTY
    annex_iv: tuple[str, ...] = ()
    crosswalk: tuple[Crosswalk, ...] = ()
    interpretation: bool = False
    interpretation_note: Text = EMPTY
    verification: Verification | None = None
    references: tuple[str, ...] = ()
    source: str = ""
    line: int | None = None

    @property
    def is_manual(self) -> bool:
        return self.check.manual is not None

    @classmethod
    def later(cls, make: Callable[[Requirement, str], None], id: str, ruleset: str,
              applies_to: tuple[str, ...], applies_when: Predicate | None, effective: Effective,
              severity: str) -> Requirement:
        """A requirement with the fields that assessing it reads; `make(requirement, name)` sets each other
        field when first read. A `check` assesses every requirement of the catalog but reads the check of
        half of them and the texts of none, and building them all was most of loading a cached catalog."""
        made, put = object.__new__(cls), object.__setattr__
        put(made, "id", id)
        put(made, "ruleset", ruleset)
        put(made, "applies_to", applies_to)
        put(made, "applies_when", applies_when)
        put(made, "effective", effective)
        put(made, "severity", severity)
        put(made, "_make", make)
        return made

    def __reduce__(self) -> tuple[type[Requirement], tuple[Any, ...]]:
        from dataclasses import fields

        return Requirement, tuple(getattr(self, f.name) for f in fields(self))  # made fields, never the maker


class _Later:
    """A field of a requirement made by `Requirement.later`: made on first read (a non-data descriptor, so a
    field once set, or given to `__init__`, is read from the instance as any other)."""

    def __init__(self, name: str, default: object) -> None:
        self.name = name
        self.default = default

    def __get__(self, requirement: Requirement | None, owner: type | None = None) -> Any:
        if requirement is None:
            if self.default is _NO_DEFAULT:
                raise AttributeError(self.name)
            return self.default  # the field's default, as the class attribute was
        found = vars(requirement)
        if "_make" not in found:
            raise AttributeError(self.name)
        found["_make"](requirement, self.name)
        return found[self.name]


_NO_DEFAULT = object()
for _name in Requirement.__annotations__:  # its fields, in order (their Field objects are made when first asked for)
    if _name not in ("id", "ruleset", "applies_to", "applies_when", "effective", "severity"):
        setattr(Requirement, _name, _Later(_name, getattr(Requirement, _name, _NO_DEFAULT)))


@record
class Amendment:
    id: str
    name: Text
    in_force: str
    reference: str = ""


@record
class RelatedInstrument:
    """Another instrument a ruleset encodes alongside its primary one; `note` records how it was verified."""
    name: Text
    reference: str = ""
    in_force: str = ""
    note: Text = EMPTY


@record
class Instrument:
    name: Text
    number: str
    reference: str
    in_force: str                      # "" for a practice profile's source (a publication, not in force)
    short_name: Text = EMPTY
    url: str = ""
    amendments: tuple[Amendment, ...] = ()
    related: tuple[RelatedInstrument, ...] = ()


@record
class Ruleset:
    id: str
    title: Text
    version: str
    consolidated_as_of: str
    regime: str
    jurisdiction: str
    instrument: Instrument
    requirement_prefix: str
    roles: Mapping[str, RoleDefinition]
    kinds: tuple[Kind, ...]
    measures: tuple[Measure, ...]
    facts: tuple[Fact, ...]
    requirements: tuple[Requirement, ...]
    sha256: str
    path: Path
    source: str = ""
    disclaimer: Text = EMPTY
    kind: str = "law"                   # law | practice (a profile of good practice, never legal score)
    thresholds: tuple[Threshold, ...] = ()

    @property
    def is_practice(self) -> bool:
        return self.kind == "practice"

    def amendment(self, amendment_id: str | None) -> Amendment | None:
        for amendment in self.instrument.amendments:
            if amendment.id == amendment_id:
                return amendment
        return None


# --- cards ----------------------------------------------------------------------------------

@record
class EvidenceEntry:
    id: str
    kind: str
    path: str
    date: str
    title: str = ""
    valid_until: str | None = None
    sha256: str | None = None
    metrics: Mapping[str, float] = field(default_factory=dict)
    line: int | None = None
    source: Mapping[str, str] = field(default_factory=dict)             # tool, version, format, model
    datasets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by metric-key prefix
    supports: tuple[str, ...] = ()  # card answers (paths) a scope or qualification assessment backs


@record
class Attestation:
    requirement: str
    statement: str
    by: str
    date: str
    expires: str | None = None


@record
class Waiver:
    requirement: str
    justification: str
    approver: str
    expires: str
    date: str | None = None


@record
class Card:
    path: Path
    source: str
    data: Mapping[str, Any]
    sha256: str
    evidence: tuple[EvidenceEntry, ...]
    measures: Mapping[str, tuple[str, ...]]
    attestations: tuple[Attestation, ...]
    waivers: tuple[Waiver, ...]
    document: YamlDocument
    thresholds: Mapping[str, ThresholdSetting] = field(default_factory=dict)
    profiles: tuple[str, ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent

    @cached_property
    def evidence_by_kind(self) -> Mapping[str, tuple[EvidenceEntry, ...]]:
        """The evidence entries of each kind, in card order (checks look entries up by kind, many times)."""
        found: dict[str, list[EvidenceEntry]] = {}
        for entry in self.evidence:
            found.setdefault(entry.kind, []).append(entry)
        return {kind: tuple(entries) for kind, entries in found.items()}

    @cached_property
    def measure_ids(self) -> Mapping[str, frozenset[str]]:
        """The evidence ids each measure lists, as sets (membership is asked per entry and per check)."""
        return {measure: frozenset(ids) for measure, ids in self.measures.items()}

    def line_of(self, dotted: str) -> int | None:
        """Line where the value at a dotted card path (list indexes as numbers) was written; None if unset."""
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in dotted.split(".")]
        return self.document.exact_line(parts)


# --- results --------------------------------------------------------------------------------

@record
class Question:
    """A scoping question the card leaves open: a field to answer, or a claim that needs support."""

    path: str
    claim: bool = False  # a claimed exemption without a supporting assessment


@record
class Reason:
    """A machine-readable reason: a message code and typed parameters (JSON values).

    Its text in each language comes from the message catalogs (`compliance.report.locale`); a
    parameter is a string, number, boolean, list, a condition (see `predicates.Condition.param`) or
    a Text written as {lang: text}.
    """

    code: str
    params: Mapping[str, JsonValue] = field(default_factory=dict)


@record
class FieldRead:
    path: str
    value: JsonValue
    line: int | None


@record
class EvidenceRecord:
    """One evidence entry of the card as the index found it."""

    id: str
    kind: str
    path: str
    date: str
    valid_until: str | None
    declared_sha256: str | None
    sha256: str | None
    size: int | None
    status: str  # ok | missing | tampered | unreadable | stale | not_yet_produced
    detail: Reason | None = None
    title: str = ""
    line: int | None = None  # where the entry is written in the card


@record
class EvidenceUse:
    id: str
    kind: str
    path: str
    sha256: str | None
    date: str
    satisfied: bool
    line: int | None = None  # where the entry is written in the card


@record
class EffectiveDates:
    from_: str
    amended_from: str | None
    amended_by: str | None
    applies_from: str
    until: str | None
    note: Text = EMPTY
    interpretation: bool = False
    case: int | None = None  # the requirement's date case that chose the dates; None for its default dates


@record
class FactValue:
    id: str
    ruleset: str
    title: Text
    citation: Text
    value: JsonValue
    reasons: tuple[Reason, ...]
    interpretation: bool
    fields: tuple[FieldRead, ...] = ()
    questions: tuple[Question, ...] = ()  # what the card must answer for an unknown (null) value


@record
class Finding:
    requirement: Requirement
    status: Status
    reasons: tuple[Reason, ...]
    effective: EffectiveDates
    evidence: tuple[EvidenceUse, ...] = ()
    fields: tuple[FieldRead, ...] = ()
    facts: tuple[str, ...] = ()
    waiver: Waiver | None = None
    attestation: Attestation | None = None
    questions: tuple[Question, ...] = ()  # the open scoping questions a live finding waits on

    @property
    def id(self) -> str:
        return self.requirement.id


@record
class RulesetInfo:
    id: str
    title: Text
    version: str
    sha256: str
    consolidated_as_of: str
    instrument: Text
    short_name: Text = EMPTY
    kind: str = "law"


@record
class Notice:
    """Something the reader must know that is not a finding: expired waivers, unknown references."""

    code: str
    params: Mapping[str, JsonValue] = field(default_factory=dict)


@record
class Assessment:
    tool_version: str
    as_of: str
    card_path: str
    card_sha256: str
    system_name: str
    organisation_name: str
    rulesets: tuple[RulesetInfo, ...]
    facts: tuple[FactValue, ...]
    findings: tuple[Finding, ...]
    evidence: tuple[EvidenceRecord, ...]
    waivers: tuple[Waiver, ...]
    attestations: tuple[Attestation, ...]
    notices: tuple[Notice, ...]
    card: Mapping[str, Any] = field(default_factory=dict)

    @property
    def practice_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.rulesets if r.kind == "practice")

    @property
    def law_findings(self) -> tuple[Finding, ...]:
        """Findings of legal rulesets: the only ones the counts and the score are made of."""
        practice = self.practice_ids
        return tuple(f for f in self.findings if f.requirement.ruleset not in practice)

    @property
    def practice_findings(self) -> tuple[Finding, ...]:
        """Findings of practice profiles: reported apart, never in the legal score."""
        practice = self.practice_ids
        return tuple(f for f in self.findings if f.requirement.ruleset in practice)

    def counts(self) -> dict[Status, int]:
        return counts_of(self.law_findings)

    def score(self) -> float | None:
        return score_of(self.law_findings)


def counts_of(findings: Iterable[Finding]) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for finding in findings:
        counts[finding.status] += 1
    return counts


def open_questions(findings: Iterable[Finding]) -> dict[str, tuple[str, ...]]:
    """Unanswered scoping questions (card paths) → the requirements that wait on each, sorted."""
    waiting: dict[str, set[str]] = {}
    for finding in findings:
        for question in finding.questions:
            waiting.setdefault(question.path, set()).add(finding.id)
    return {path: tuple(sorted(waiting[path])) for path in sorted(waiting)}


def score_of(findings: Iterable[Finding]) -> float | None:
    """met+attested over applicable requirements in force (never n/a or upcoming)."""
    return score_from(counts_of(findings))


def score_from(counts: Mapping[Status, int]) -> float | None:
    """`score_of` the findings counted in `counts` (`counts_of`): where they are counted already."""
    in_force = sum(n for s, n in counts.items() if s not in (Status.NOT_APPLICABLE, Status.UPCOMING))
    if in_force == 0:
        return None
    return (counts[Status.MET] + counts[Status.ATTESTED]) / in_force
