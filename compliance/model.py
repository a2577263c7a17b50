"""The frozen data of the pipeline: rulesets, cards, and the assessment that joins them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

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


def natural_key(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders EU-AIA-4 before EU-AIA-10 and 9.2 before 9.10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", identifier) if part)


# --- rulesets -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    id: str
    title: str
    title_zh: str
    description: str = ""
    formats: tuple[str, ...] = ()
    origin: str = "vocabulary"


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    title_zh: str
    description: str = ""
    origin: str = "vocabulary"


@dataclass(frozen=True)
class Vocabulary:
    kinds: Mapping[str, Kind]
    measures: Mapping[str, Measure]


@dataclass(frozen=True)
class FactCase:
    when: Predicate
    value: JsonValue
    because: str = ""
    because_zh: str = ""
    citation: str = ""


@dataclass(frozen=True)
class Fact:
    id: str
    title: str
    title_zh: str
    citation: str
    ruleset: str
    when: Predicate | None = None
    cases: tuple[FactCase, ...] = ()
    default: JsonValue = None
    values: tuple[JsonValue, ...] = ()
    interpretation: bool = False
    note: str = ""
    note_zh: str = ""


@dataclass(frozen=True)
class RoleDefinition:
    name: str
    when: Predicate
    citation: str = ""
    title: str = ""
    title_zh: str = ""


@dataclass(frozen=True)
class MetricCheck:
    metric: str
    op: str
    value: float
    citation: str = ""
    label: str = ""
    label_zh: str = ""
    interpretation: bool = False


@dataclass(frozen=True)
class EvidenceCheck:
    kinds: tuple[str, ...]
    measure: str | None = None
    sections: tuple[tuple[str, ...], ...] = ()
    max_age_days: int | None = None
    metrics: tuple[MetricCheck, ...] = ()
    label: str = ""
    label_zh: str = ""


@dataclass(frozen=True)
class FieldCheck:
    when: Predicate
    message: str = ""
    message_zh: str = ""


@dataclass(frozen=True)
class ManualCheck:
    confirm: tuple[str, ...]
    confirm_zh: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    evidence: tuple[EvidenceCheck, ...] = ()
    fields: tuple[FieldCheck, ...] = ()
    manual: ManualCheck | None = None


@dataclass(frozen=True)
class EffectiveCase:
    condition: Predicate
    from_: str
    amended_from: str | None = None
    amended_by: str | None = None
    until: str | None = None
    note: str = ""
    note_zh: str = ""
    interpretation: bool = False


@dataclass(frozen=True)
class Effective:
    from_: str
    amended_from: str | None = None
    amended_by: str | None = None
    until: str | None = None
    note: str = ""
    note_zh: str = ""
    interpretation: bool = False
    cases: tuple[EffectiveCase, ...] = ()


@dataclass(frozen=True)
class Crosswalk:
    target: str
    relation: str
    note: str = ""


@dataclass(frozen=True)
class Requirement:
    id: str
    ruleset: str
    title: str
    title_zh: str
    citation: str
    summary: str
    summary_zh: str
    applies_to: tuple[str, ...]
    applies_when: Predicate | None
    effective: Effective
    severity: str
    dimensions: tuple[str, ...]
    check: Check
    remediation: str
    remediation_zh: str
    citation_zh: str = ""
    chapter: str = ""
    annex_iv: tuple[str, ...] = ()
    crosswalk: tuple[Crosswalk, ...] = ()
    interpretation: bool = False
    interpretation_note: str = ""
    interpretation_note_zh: str = ""
    verification: str = ""
    references: tuple[str, ...] = ()
    source: str = ""
    line: int | None = None

    @property
    def is_manual(self) -> bool:
        return self.check.manual is not None


@dataclass(frozen=True)
class Amendment:
    id: str
    name: str
    in_force: str
    name_zh: str = ""
    reference: str = ""


@dataclass(frozen=True)
class Instrument:
    name: str
    name_zh: str
    number: str
    reference: str
    in_force: str
    short_name: str = ""
    short_name_zh: str = ""
    url: str = ""
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True)
class Ruleset:
    id: str
    title: str
    title_zh: str
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
    disclaimer: str = ""
    disclaimer_zh: str = ""

    def amendment(self, amendment_id: str | None) -> Amendment | None:
        return next((a for a in self.instrument.amendments if a.id == amendment_id), None)


# --- cards ----------------------------------------------------------------------------------

@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Attestation:
    requirement: str
    statement: str
    by: str
    date: str
    expires: str | None = None


@dataclass(frozen=True)
class Waiver:
    requirement: str
    justification: str
    approver: str
    expires: str
    date: str | None = None


@dataclass(frozen=True)
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

    @property
    def folder(self) -> Path:
        return self.path.parent

    def line_of(self, dotted: str) -> int | None:
        """Line where the value at a dotted card path (list indexes as numbers) was written; None if unset."""
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in dotted.split(".")]
        return self.document.exact_line(parts)


# --- results --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    """A machine-readable reason; its text in each language comes from the message catalogs."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldRead:
    path: str
    value: JsonValue
    line: int | None


@dataclass(frozen=True)
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
    detail: str = ""
    title: str = ""
    line: int | None = None  # where the entry is written in the card


@dataclass(frozen=True)
class EvidenceUse:
    id: str
    kind: str
    path: str
    sha256: str | None
    date: str
    satisfied: bool
    line: int | None = None  # where the entry is written in the card


@dataclass(frozen=True)
class EffectiveDates:
    from_: str
    amended_from: str | None
    amended_by: str | None
    applies_from: str
    until: str | None
    note: str = ""
    note_zh: str = ""
    interpretation: bool = False


@dataclass(frozen=True)
class FactValue:
    id: str
    ruleset: str
    title: str
    title_zh: str
    citation: str
    value: JsonValue
    reasons: tuple[Reason, ...]
    interpretation: bool
    fields: tuple[FieldRead, ...] = ()


@dataclass(frozen=True)
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

    @property
    def id(self) -> str:
        return self.requirement.id


@dataclass(frozen=True)
class RulesetInfo:
    id: str
    title: str
    title_zh: str
    version: str
    sha256: str
    consolidated_as_of: str
    instrument: str
    instrument_zh: str


@dataclass(frozen=True)
class Notice:
    """Something the reader must know that is not a finding: expired waivers, unknown references."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
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

    def counts(self) -> dict[Status, int]:
        return counts_of(self.findings)

    def score(self) -> float | None:
        return score_of(self.findings)


def counts_of(findings: Iterable[Finding]) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for finding in findings:
        counts[finding.status] += 1
    return counts


def score_of(findings: Iterable[Finding]) -> float | None:
    """met+attested over applicable requirements in force (never n/a or upcoming)."""
    counts = counts_of(findings)
    in_force = sum(n for s, n in counts.items() if s not in (Status.NOT_APPLICABLE, Status.UPCOMING))
    if in_force == 0:
        return None
    return (counts[Status.MET] + counts[Status.ATTESTED]) / in_force
