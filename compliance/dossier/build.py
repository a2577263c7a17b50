"""Fill a target's outline from the assessment: every statement with its source, every gap a placeholder.

The result is plain data for the templates. Placeholders are created only here, so the number the
cover page shows is exactly the number the reader will find in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..card_text import TRANSLATIONS, has_han, prose_paths, text_in
from ..model import (
    SEVERITIES,
    Assessment,
    EvidenceRecord,
    FactValue,
    FieldRead,
    Finding,
    MetricCheck,
    Status,
    fold_cjk,
)
from ..predicates import compare, evaluate, read_path
from ..report.grouping import groups
from ..report.locale import catalog, message, show
from ..resources import schema
from .applicability import Applicability, applicability
from .charts import Charts, build_charts
from .clauses import Chapter, ClauseList, RatedClause, load_clauses, rate_all
from .excerpt import Excerpt, excerpt
from .inputs import DossierInputs
from .outline import RISK_TABLES, EvidenceRef, Note, Outline, RequirementSelector, Section
from .register import HIGH, Risk, Route, register, routes

_ZH_NUMERALS = "一二三四五六七八九十"
_CODE = re.compile(r"[a-z][a-z_]*")  # card codes (roles, users, categories): shown with their catalog label


@dataclass(frozen=True)
class Placeholder:
    """Something the provider must still supply; rendered as 【待补充：由提供者填写】 / [To be completed …]."""

    what: str


@dataclass(frozen=True)
class CardValue:
    """One card field as the dossier states it, with the line it was written on."""

    path: str
    label: str
    value: str | None
    line: int | None
    placeholder: Placeholder | None = None


@dataclass(frozen=True)
class EvidenceItem:
    record: EvidenceRecord
    kind_title: str
    excerpts: tuple[Excerpt, ...] = ()


@dataclass(frozen=True)
class EvidenceBlock:
    kinds: tuple[str, ...]
    kind_title: str
    items: tuple[EvidenceItem, ...]
    placeholders: tuple[Placeholder, ...]


@dataclass(frozen=True)
class ShownNote:
    text: str
    reads: tuple[FieldRead, ...]


@dataclass(frozen=True)
class MetricRow:
    """One threshold of a requirement's check against the figure the evidence reports."""

    finding: Finding
    metric: MetricCheck
    actual: float | None
    record: EvidenceRecord | None
    met: bool | None
    placeholder: Placeholder | None


@dataclass(frozen=True)
class MeasureRef:
    """A measure of the risk register: an evidence id of the card, with the record the index made of it."""

    id: str
    record: EvidenceRecord | None
    kind_title: str


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    source: str | Placeholder
    impact: str | Placeholder
    measures: tuple[MeasureRef, ...]
    line: int | None


@dataclass(frozen=True)
class RouteRow:
    route: Route
    mechanism: str | Placeholder
    line: int | None


@dataclass(frozen=True)
class FilledSection:
    section: Section
    number: str
    title: str
    level: int
    notes: tuple[ShownNote, ...] = ()
    fields: tuple[CardValue, ...] = ()
    evidence: tuple[EvidenceBlock, ...] = ()
    findings: tuple[Finding, ...] = ()
    metrics: tuple[MetricRow, ...] = ()
    statement: Placeholder | None = None
    children: tuple[FilledSection, ...] = ()
    clauses: tuple[tuple[Chapter, tuple[RatedClause, ...]], ...] = ()
    clause_source: ClauseList | None = None
    grounds: tuple[FactValue, ...] = ()
    risks: tuple[RiskRow, ...] = ()
    routes: tuple[RouteRow, ...] = ()
    residual: str | None = None  # high | not_high | none: what the register says about residual risk
    register_missing: Placeholder | None = None


@dataclass(frozen=True)
class Action:
    """One line of the action plan: what to do for a requirement, and by when."""

    finding: Finding
    deadline: str | None
    due: str  # in_force | upcoming | expiry


@dataclass(frozen=True)
class SignatureLine:
    role: str
    placeholder: Placeholder


@dataclass(frozen=True)
class Dossier:
    outline: Outline
    lang: str
    group_by: str
    assessment: Assessment
    title: str
    subtitle: str
    notes: tuple[ShownNote, ...]
    sections: tuple[FilledSection, ...]
    charts: Charts
    groups: tuple[tuple[str, tuple[Finding, ...]], ...]
    actions: tuple[Action, ...]
    signature: tuple[SignatureLine, ...]
    cover: tuple[CardValue, ...]
    placeholders: tuple[Placeholder, ...]
    kind_titles: Mapping[str, str] = field(default_factory=dict)
    applicability: Applicability = field(default_factory=lambda: Applicability("required"))
    # waiver justifications and attestation statements in the document's language, by (kind, requirement)
    local_texts: Mapping[tuple[str, str], str] = field(default_factory=dict)
    evidence_titles: Mapping[str, str] = field(default_factory=dict)  # evidence id → title in this language
    cited: tuple[str, ...] = ()  # evidence ids the document cites, in the card's order: the files it embeds

    @property
    def placeholder_count(self) -> int:
        return len(self.placeholders)

    @property
    def cited_evidence(self) -> tuple[EvidenceRecord, ...]:
        """The card's evidence this document cites (its evidence register; embedded in the PDF)."""
        cited = set(self.cited)
        return tuple(r for r in self.assessment.evidence if r.id in cited)

    @property
    def uncited_evidence(self) -> tuple[EvidenceRecord, ...]:
        """The rest of the card's evidence: listed by SHA-256, not attached."""
        cited = set(self.cited)
        return tuple(r for r in self.assessment.evidence if r.id not in cited)


def format_value(value: Any, lang: str, plain: bool = False) -> str:
    """A card value as prose: yes/no, lists joined, mappings as `key: value`."""
    if isinstance(value, bool):
        return message(f"dossier.value.{'yes' if value else 'no'}", lang)
    if isinstance(value, list):
        sep = "、" if lang == "zh" else ", "
        return sep.join(format_value(v, lang, plain) for v in value) if value else message("dossier.value.none", lang)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {format_value(v, lang)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str) and _CODE.fullmatch(value):
        label = catalog(lang).get(f"dossier.enum.{value}")
        if label and (plain or lang == "zh"):
            return label  # a filing names values; a Chinese document never shows the card's English code
        if label and label != value:
            return f"{label} ({value})"
    return show(value)


def _zh_number(n: int) -> str:
    """1-99 in Chinese numerals: 一 … 十, 十一, 二十一."""
    if n <= 10:
        return _ZH_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return (_ZH_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (_ZH_NUMERALS[units - 1] if units else "")


def section_number(index: int, level: int, lang: str, parent: str) -> str:
    """Numbering when the outline gives none: 一、/（一） in Chinese, 1 / 1.1 in English."""
    if lang == "zh":
        numeral = _zh_number(index + 1)
        return f"{numeral}、" if level == 1 else f"（{numeral}）"
    return f"{parent}.{index + 1}" if parent else str(index + 1)


class _Builder:
    def __init__(self, inputs: DossierInputs, outline: Outline, lang: str, kind_titles: Mapping[str, str]) -> None:
        self.inputs = inputs
        self.a = inputs.assessment
        self.outline = outline
        self.lang = lang
        self.kind_titles = kind_titles
        self.placeholders: list[Placeholder] = []
        self.by_id = {f.id: f for f in self.a.findings}
        self.facts = {f.id: f.value for f in self.a.facts}
        self.local_texts: dict[tuple[str, str], str] = {}
        self.cited: set[str] = set()  # evidence ids the document shows: the evidence it embeds
        self.relied_on = {u.id for f in self.a.findings for u in f.evidence if u.satisfied}

    def cite(self, evidence_ids: Iterable[str]) -> None:
        self.cited.update(evidence_ids)

    def cite_findings(self, findings: Iterable[Finding]) -> None:
        """The evidence a listed requirement was assessed on is part of what the document relies on."""
        for finding in findings:
            self.cite(u.id for u in finding.evidence)

    def m(self, key: str, **params: str) -> str:
        return message(key, self.lang, params)

    def placeholder(self, what: str) -> Placeholder:
        item = Placeholder(what)
        self.placeholders.append(item)
        return item

    def line_of(self, path: str) -> int | None:
        return self.inputs.card.line_of(path) if self.inputs.card is not None else None

    # --- blocks ---------------------------------------------------------------------------

    def field_label(self, path: str) -> str:
        """The field's name in this target's words (a DPIA names organisation.name the controller)."""
        own = catalog(self.lang).get(f"target.{self.outline.key}.field.{path}")
        return own or self.m(f"dossier.field.{path}")

    def card_value(self, path: str) -> CardValue:
        label = self.field_label(path)
        if self.lang in TRANSLATIONS and path in prose_paths(schema("card")):
            return self.translated_value(path, label)
        value, _ = read_path(self.a.card, path)
        if value is None or value == "":
            return CardValue(path, label, None, None,
                             self.placeholder(self.m("dossier.placeholder.field", field=label, path=path)))
        plain = self.outline.rating == "filing"  # a filing names values, not the card's codes
        return CardValue(path, label, format_value(value, self.lang, plain), self.line_of(path))

    def translated_value(self, path: str, label: str) -> CardValue:
        """Free text in the document's language: `<path>_zh`, or the text itself when it is already Chinese;
        otherwise a placeholder naming `<path>_zh` (never the English)."""
        parent_path, _, key = path.rpartition(".")
        parent, _ = read_path(self.a.card, parent_path)
        parent = parent if isinstance(parent, Mapping) else {}
        text = self.local_text(parent, key)
        if isinstance(text, Placeholder) and not parent.get(key):  # nothing in any language: the field itself
            return CardValue(path, label, None, None,
                             self.placeholder(self.m("dossier.placeholder.field", field=label, path=path)))
        if isinstance(text, Placeholder):
            return CardValue(path, label, None, None, self.placeholder(
                self.m("dossier.placeholder.translation", field=label, path=f"{path}_{self.lang}")))
        where = f"{path}_{self.lang}" if text_in(parent, key, self.lang) is not None else path
        return CardValue(where, label, text, self.line_of(where))

    def local_text(self, item: Mapping[str, Any], key: str) -> str | Placeholder:
        """`item[key]` in the document's language (see `card_text`), or a Placeholder marker (not counted)."""
        translated = text_in(item, key, self.lang)
        if translated is not None:
            return fold_cjk(translated)  # a folded YAML line leaves a space between Chinese characters
        original = item.get(key)
        if isinstance(original, str) and original and (self.lang not in TRANSLATIONS or has_han(original)):
            return fold_cjk(original)
        return Placeholder(key)

    def local_or_placeholder(self, item: Mapping[str, Any], key: str, label: str, where: str) -> str | Placeholder:
        text = self.local_text(item, key)
        if isinstance(text, Placeholder):
            return self.placeholder(self.m("dossier.placeholder.translation", field=label, path=f"{where}_{self.lang}"))
        return text

    def approval_texts(self, findings: Iterable[Finding]) -> None:
        """The own-language text of each waiver and attestation these findings print (a counted placeholder
        where the card has none), once per requirement."""
        if self.lang not in TRANSLATIONS:
            return
        sources = (("waiver", Status.WAIVED, "waivers", "justification", "dossier.field.waiver.justification"),
                   ("attestation", Status.ATTESTED, "attestations", "statement",
                    "dossier.field.attestation.statement"))
        for finding in findings:
            for kind, status, section, key, label in sources:
                if finding.status is not status or (kind, finding.id) in self.local_texts:
                    continue
                entries = [e for e in self.a.card.get(section, []) if e.get("requirement") == finding.id]
                if entries:
                    index = self.a.card[section].index(entries[0])
                    text = self.local_or_placeholder(entries[0], key, self.m(label, requirement=finding.id),
                                                     f"{section}[{index}].{key}")
                    self.local_texts[kind, finding.id] = text if isinstance(text, str) else self.m(
                        "dossier.placeholder", what=text.what)

    def evidence_titles(self) -> dict[str, str]:
        titles: dict[str, str] = {}
        for entry in self.a.card.get("evidence", []):
            text = self.local_text(entry, "title")
            if isinstance(text, str):
                titles[str(entry.get("id"))] = text
        return titles

    # --- impact assessments: grounds, transfers, risk register ------------------------------

    def grounds(self, section: Section) -> tuple[FactValue, ...]:
        by_id = {f.id: f for f in self.a.facts}
        return tuple(by_id[x] for x in section.facts if x in by_id)

    def routes(self) -> tuple[RouteRow, ...]:
        rule = self.inputs.rules.get(self.outline.transfers or "")
        where = rule.when.get("where") if rule is not None and rule.when and "some" in rule.when else None
        if self.outline.transfers and where is None:
            return ()  # the instrument's ruleset is not loaded: no route can be said to be governed by it
        rows = []
        for route in routes(self.a.card, where):
            path = f"data.cross_border.{route.index}"
            mechanism = route.data.get("mechanism")
            shown: str | Placeholder = (format_value(mechanism, self.lang) if mechanism else self.placeholder(
                self.m("dossier.placeholder.field", field=self.m("dossier.route.mechanism"), path=f"{path}.mechanism")))
            rows.append(RouteRow(route, shown, self.line_of(path)))
        return tuple(rows)

    def risk_rows(self) -> tuple[RiskRow, ...]:
        records = {r.id: r for r in self.a.evidence}
        rows = []
        for risk in register(self.a.card, self.outline.regime):
            where = f"risks[{risk.index}]"
            measures = tuple(MeasureRef(x, records.get(x), self.kind_titles.get(records[x].kind, records[x].kind)
                                        if x in records else "") for x in risk.measures)
            source = self.local_or_placeholder(risk.entry, "source", self.m("dossier.risk.source"), f"{where}.source")
            impact = self.local_or_placeholder(risk.entry, "impact", self.m("dossier.risk.impact"), f"{where}.impact")
            rows.append(RiskRow(risk, source, impact, measures, self.line_of(f"risks.{risk.index}")))
            self.cite(x.id for x in measures if x.record is not None)
        return tuple(rows)

    def residual(self, rows: tuple[RiskRow, ...]) -> str:
        """What the register says about residual risk: high (some risk stays high), not_high, or none."""
        if not rows:
            return "none"
        return "high" if any(r.risk.residual in HIGH for r in rows) else "not_high"

    def kind_title(self, kinds: Iterable[str]) -> str:
        sep = "、" if self.lang == "zh" else " / "
        return sep.join(self.kind_titles.get(k, k) for k in kinds)

    def evidence_block(self, ref: EvidenceRef) -> EvidenceBlock:
        title = self.kind_title(ref.kinds)
        records = [r for r in self.a.evidence if r.kind in ref.kinds]
        records.sort(key=lambda r: (r.date, r.id), reverse=True)
        if not records:
            missing = self.placeholder(self.m("dossier.placeholder.evidence", kind=title, kinds=", ".join(ref.kinds)))
            return EvidenceBlock(ref.kinds, title, (), (missing,))
        items: list[EvidenceItem] = []
        found: set[int] = set()
        documenting: list[tuple[EvidenceRecord, list[Excerpt], bool]] = []
        for record in records:
            document = self.inputs.document_of(record.id, record.path)
            quotes: list[Excerpt] = []
            has_section = False
            for position, alternatives in enumerate(ref.sections):
                quote = excerpt(document, alternatives) if document is not None else None
                has_section = has_section or quote is not None
                if quote is not None and position not in found:
                    found.add(position)
                    quotes.append(quote)
            documenting.append((record, quotes, has_section))
        # Where the form asks for sections, the files of the kind that have none of them document something
        # else (a filing's own document of the same kind) and are not cited here; if none has any, the files
        # this document's requirements were met with stand for the kind (else the newest one).
        if any(has for _, _, has in documenting):
            documenting = [x for x in documenting if x[2]]
        elif ref.sections:
            relied_on = [x for x in documenting if x[0].id in self.relied_on]
            documenting = relied_on or documenting[:1]
        for record, quotes, _ in documenting:
            items.append(EvidenceItem(record, self.kind_titles.get(record.kind, record.kind), tuple(quotes)))
            self.cite((record.id,))
        missing_sections = tuple(
            self.placeholder(self.m("dossier.placeholder.section", section=" / ".join(alternatives), kind=title))
            for position, alternatives in enumerate(ref.sections) if position not in found)
        return EvidenceBlock(ref.kinds, title, tuple(items), missing_sections)

    def note(self, note: Note) -> ShownNote | None:
        if note.when is None:
            return ShownNote(self.m(f"target.{self.outline.key}.{note.key}"), ())
        outcome = evaluate(note.when, self.a.card, self.facts.get, self.line_of)
        if not outcome.holds:
            return None
        return ShownNote(self.m(f"target.{self.outline.key}.{note.key}"), outcome.reads)

    def notes(self, notes: Iterable[Note]) -> tuple[ShownNote, ...]:
        return tuple(n for n in (self.note(x) for x in notes) if n is not None)

    def selected(self, selector: RequirementSelector | None) -> tuple[Finding, ...]:
        if selector is None:
            return ()
        chosen = [f for f in self.a.findings
                  if (f.id in selector.ids
                      or set(selector.annex_iv) & set(f.requirement.annex_iv)
                      or f.requirement.ruleset in selector.rulesets)
                  and (not selector.prefix or f.id.startswith(selector.prefix))
                  and not (selector.exclude and f.id.startswith(selector.exclude))]
        return tuple(chosen)

    def metric_rows(self, findings: Iterable[Finding]) -> tuple[MetricRow, ...]:
        rows: list[MetricRow] = []
        for finding in findings:
            for check in finding.requirement.check.evidence:
                for metric in check.metrics:
                    rows.append(self.metric_row(finding, check.kinds, metric))
        return tuple(rows)

    def metric_row(self, finding: Finding, kinds: tuple[str, ...], metric: MetricCheck) -> MetricRow:
        if finding.status in (Status.NOT_APPLICABLE, Status.UPCOMING):
            return MetricRow(finding, metric, None, None, None, None)
        for record in sorted((r for r in self.a.evidence if not kinds or r.kind in kinds),
                             key=lambda r: (r.date, r.id), reverse=True):
            value = self.metric_value(record.id, metric.metric)
            if value is not None:
                self.cite((record.id,))
                return MetricRow(finding, metric, value, record, compare(value, metric.op, metric.value), None)
        label = metric.label.get(self.lang) or catalog(self.lang).get(f"metric.{metric.metric}") or metric.metric
        missing = self.m("dossier.placeholder.metric", metric=label, kind=self.kind_title(kinds))
        return MetricRow(finding, metric, None, None, None, self.placeholder(missing))

    def metric_value(self, evidence_id: str, metric: str) -> float | None:
        card = self.inputs.card
        if card is not None:
            entry = next((e for e in card.evidence if e.id == evidence_id), None)
            if entry is not None and metric in entry.metrics:
                return entry.metrics[metric]
            index = self.inputs.index
            if index is not None and evidence_id in index.files:
                return (index[evidence_id].structured_metrics or {}).get(metric)
            return None
        for item in self.a.card.get("evidence", []):
            if item.get("id") == evidence_id and metric in item.get("metrics", {}):
                return float(item["metrics"][metric])
        return None

    # --- sections -------------------------------------------------------------------------

    def section(self, section: Section, index: int, level: int, parent: str) -> FilledSection:
        number = section.id or section_number(index, level, self.lang, parent)
        key = f"target.{self.outline.key}.{section.key}"
        fields = tuple(self.card_value(p) for p in section.fields)
        evidence = tuple(self.evidence_block(ref) for ref in section.evidence)
        findings = self.selected(section.requirements)
        self.cite_findings(findings)
        if section.table == "findings":  # the gap analysis lists every finding with its evidence
            self.cite_findings(self.a.findings)
        if self.outline.rating == "filing":
            self.approval_texts(findings)
        metrics = self.metric_rows(findings) if section.table == "metrics" else ()
        statement = None
        if section.provider_statement and not any(item.excerpts for block in evidence for item in block.items):
            statement = self.placeholder(self.m(f"{key}.hint"))
        children = tuple(self.section(child, i, level + 1, number) for i, child in enumerate(section.children))
        clause_list = None
        rated: tuple[tuple[Chapter, tuple[RatedClause, ...]], ...] = ()
        if section.clauses is not None:
            ruleset, standard = section.clauses.split("/", 1)
            clause_list = load_clauses(ruleset, standard)
            rated = rate_all(clause_list, self.a.findings)
            self.cite_findings(f for _, clauses in rated for clause in clauses for f in clause.findings)
        risks: tuple[RiskRow, ...] = ()
        missing = residual = None
        if section.table in RISK_TABLES:
            risks = self.risk_rows()
            residual = self.residual(risks) if section.table == "residual" else None
            if not risks:
                missing = self.placeholder(self.m("dossier.placeholder.register"))
        return FilledSection(section, number, self.m(key), level, self.notes(section.notes), fields, evidence,
                             findings, metrics, statement, children, rated, clause_list,
                             grounds=self.grounds(section), risks=risks,
                             routes=self.routes() if section.table == "transfers" else (), residual=residual,
                             register_missing=missing)

    def actions(self) -> tuple[Action, ...]:
        actions: list[Action] = []
        for f in self.a.findings:
            if f.status in (Status.GAP, Status.ERROR, Status.MANUAL):
                actions.append(Action(f, f.effective.applies_from, "in_force"))
            elif f.status is Status.UPCOMING:
                actions.append(Action(f, f.effective.applies_from, "upcoming"))
            elif f.status is Status.WAIVED and f.waiver is not None:
                actions.append(Action(f, f.waiver.expires, "expiry"))
            elif f.status is Status.ATTESTED and f.attestation is not None and f.attestation.expires:
                actions.append(Action(f, f.attestation.expires, "expiry"))
        actions.sort(key=lambda x: (SEVERITIES.index(x.finding.requirement.severity), x.deadline or "9999",
                                    x.finding.id))
        return tuple(actions)

    def cover(self) -> tuple[CardValue, ...]:
        return tuple(self.card_value(p) for p in ("system.name", "system.version", "organisation.name",
                                                   "organisation.contact"))

    def signature(self) -> tuple[SignatureLine, ...]:
        has_table = any(s.table == "signature" for s in self.outline.walk())
        if not has_table:
            return ()
        default = ("signatory", "seal", "date") if self.lang == "zh" else ("signatory", "date")
        roles = self.outline.signature or default
        return tuple(SignatureLine(self.m(f"dossier.signature.{r}"),
                                   self.placeholder(self.m(f"dossier.signature.{r}"))) for r in roles)


def build_dossier(inputs: DossierInputs, outline: Outline, lang: str, group_by: str = "regulation",
                  kind_titles: Mapping[str, str] | None = None, only: Sequence[str] = ()) -> Dossier:
    """Fill `outline` from `inputs` in `lang`; every missing item becomes a counted placeholder. `only` lists
    the findings of those statuses (`check --format html --only gap`); the summary still counts them all."""
    builder = _Builder(inputs, outline, lang, kind_titles or {})
    cover = builder.cover()
    notes = builder.notes(outline.notes)
    sections = tuple(builder.section(s, i, 1, "") for i, s in enumerate(outline.sections))
    signature = builder.signature()
    a = inputs.assessment
    grouped = tuple((title, tuple(findings)) for title, findings in groups(a, group_by, lang, only) if findings)
    return Dossier(
        outline=outline, lang=lang, group_by=group_by, assessment=a,
        title=builder.m(f"target.{outline.key}.title"), subtitle=builder.m(f"target.{outline.key}.subtitle"),
        notes=notes, sections=sections, charts=build_charts(a, lang), groups=grouped, actions=builder.actions(),
        signature=signature, cover=cover, placeholders=tuple(builder.placeholders),
        kind_titles=dict(kind_titles or {}), local_texts=dict(builder.local_texts),
        evidence_titles=builder.evidence_titles(), applicability=applicability(outline, a),
        cited=tuple(r.id for r in a.evidence if r.id in builder.cited),
    )
