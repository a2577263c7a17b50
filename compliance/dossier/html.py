"""Render a filled dossier as one HTML document (Jinja2, autoescaped), for print (PDF) or screen.

All words come from the message catalogs through `t()`; card and evidence text is escaped, never
marked safe. CSS is inlined; the CJK font is referenced relative to the templates folder, the only
place the PDF fetcher may read, and `fonts.embed_font` swaps in an embedded subset for HTML output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..card_text import has_han
from ..model import EvidenceRecord, Finding, MetricCheck, Reason, Requirement, Status, Text
from ..report.escaping import visible
from ..report.locale import catalog, locale, message, zh_date
from ..report.prose import ProseLocale
from ..report.text import citation, reason_text, remediation, status_label, title
from ..resources import templates_dir
from .build import Dossier, format_value
from .excerpt import Excerpt
from .fonts import FONT_FILE
from .manifest import Manifest

CJK_FAMILY = "Report CJK"
_FILING_RATINGS = {Status.MET: "met", Status.GAP: "gap", Status.ERROR: "gap", Status.NOT_APPLICABLE: "not_applicable",
                   Status.UPCOMING: "upcoming", Status.MANUAL: "manual", Status.ATTESTED: "attested",
                   Status.WAIVED: "waived"}


def breakable_hash(value: str | None) -> Markup:
    """A hex digest with invisible break opportunities every 16 characters (wrapping it per character is
    slow in WeasyPrint and a 64-character word overflows narrow cells)."""
    text = str(value or "")
    return Markup("<wbr>").join(escape(text[i:i + 16]) for i in range(0, len(text), 16))


# A run of characters with no break opportunity (no space, not CJK) that could overflow a page; digests
# (64 characters) stay whole, so a hash copied from the PDF is the hash.
_LONG_WORD = re.compile(r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{80,}")
_BREAK_EVERY = 40
# A Chinese date (2026年9月10日, or a month 2027年2月) is one unit: CJK text may break between any two
# characters, and a date split as "2026年9月10" / "日" across lines in a narrow column misreads.
_ZH_DATE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")


def _breakable(word: str) -> Markup:
    return Markup("<wbr>").join(escape(word[i:i + _BREAK_EVERY]) for i in range(0, len(word), _BREAK_EVERY))


def _unbroken_dates(text: str) -> Markup:
    """Text with each Chinese date in a `date` span (no line break inside it)."""
    pieces: list[Markup] = []
    last = 0
    for match in _ZH_DATE.finditer(text):
        pieces += [escape(text[last:match.start()]), Markup('<span class="date">%s</span>') % match.group()]
        last = match.end()
    return Markup("").join([*pieces, escape(text[last:])])


def printable(value: Any) -> Any:
    """Every printed value: control characters and bidi overrides (U+202E) in card or evidence text are
    shown as escapes, never able to reorder or hide what the reader sees; a word of 10,000 characters
    gets break opportunities (`<wbr>`, invisible when copied) so it wraps instead of running off the page;
    a Chinese date never splits across lines. Markup we made is left alone. (Wrapping rules on every cell
    would cost ~15% of layout time.)"""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    text = visible(value)
    if len(text) < 80 or not _LONG_WORD.search(text):
        return _unbroken_dates(text) if "年" in text and _ZH_DATE.search(text) else text
    pieces: list[Markup] = []
    last = 0
    for match in _LONG_WORD.finditer(text):
        pieces += [_unbroken_dates(text[last:match.start()]), _breakable(match.group())]
        last = match.end()
    return Markup("").join([*pieces, _unbroken_dates(text[last:])])


def _distinct(lines: Iterable[str]) -> list[str]:
    """Lines in order, each text once."""
    return list(dict.fromkeys(lines))


@cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: templates folder, autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=printable,
    )
    env.filters["hash"] = breakable_hash
    return env


class TemplateHelpers:
    """What templates may call: localised labels and formatting, all in one language."""

    def __init__(self, lang: str, rating: str, dossier: Dossier | None = None) -> None:
        self.lang = lang
        self.rating = rating
        self.dossier = dossier
        self.actor = dossier.outline.actor if dossier is not None else "provider"
        self.facts = {f.id: f.title for f in dossier.assessment.facts} if dossier is not None else {}
        # A dossier is read by a regulator, a DPO or a notified body: reasons as sentences, no engine notation,
        # no command hints.
        self.prose: ProseLocale | None = None
        if dossier is not None:
            titles = {f.id: locale(lang).text(f.title) for f in dossier.assessment.facts}
            self.prose = ProseLocale(lang, titles, dossier.local_texts)

    def freason(self, finding: Finding, reason: Reason) -> str:
        """A finding's reason: as a sentence in a filing (with the waiver's or attestation's own-language text)."""
        if self.prose is not None:
            return self.prose.reason(reason, finding.id)
        return reason_text(reason, self.lang)

    def reason_lines(self, finding: Finding) -> list[str]:
        """A finding's reasons as printed, each sentence once: a check whose alternatives all fail gives one
        reason per alternative, and a rule's own message is then the same sentence for each of them."""
        return _distinct(self.freason(finding, r) for r in finding.reasons)

    def fact_lines(self, reasons: Sequence[Reason], as_ground: bool = False) -> list[str]:
        """A derived fact's reasons as printed (as a ground reads them, or in full), each sentence once."""
        return _distinct(self.ground_reason(r) if as_ground else self.reason(r) for r in reasons)

    def metric_label(self, metric: MetricCheck) -> str:
        label = locale(self.lang).text(metric.label) if metric.label else ""
        if self.prose is not None and (not label or (self.lang == "zh" and not has_han(label))):
            return self.prose.metric(metric.metric) if self.prose.has(f"metric.{metric.metric}") else label
        return label

    def target_key(self, suffix: str, default: str) -> str:
        """`target.<key>.<suffix>` when the target words it itself, else the shared key."""
        if self.dossier is None:
            return default
        key = f"target.{self.dossier.outline.key}.{suffix}"
        return key if locale(self.lang).has(key) else default

    def evidence_title(self, record: EvidenceRecord) -> str:
        """An evidence title in the document's language (`title_zh`), or none where it has no such text."""
        if self.dossier is None or not record.title:
            return record.title
        return self.dossier.evidence_titles.get(record.id, "")

    def has(self, key: str) -> bool:
        return locale(self.lang).has(key)

    def by_actor(self, key: str) -> str:
        """The message for whoever completes this document (`<key>@controller`), or the provider's."""
        own = f"{key}@{self.actor}"
        return own if self.actor != "provider" and own in catalog(self.lang) else key

    def t(self, key: str, **params: Any) -> str:
        return message(key, self.lang, {k: str(v) for k, v in params.items()})

    def tx(self, text: Text | None) -> str:
        """A ruleset text in the document's language."""
        return locale(self.lang).text(text)

    def citation(self, text: Text) -> str:
        return locale(self.lang).citation(text)

    def date(self, iso: str | None) -> str:
        if not iso:
            return ""
        return zh_date(iso) if self.lang == "zh" else iso

    def status(self, status: Status) -> str:
        if self.rating == "filing":
            return message(f"dossier.rating.filing.{_FILING_RATINGS[status]}", self.lang)
        return status_label(status, self.lang)

    def reason(self, reason: Reason) -> str:
        if self.prose is not None:
            return self.prose.reason(reason)
        return reason_text(reason, self.lang)

    def cite(self, requirement: Requirement) -> str:
        return citation(requirement, self.lang)

    def title(self, requirement: Requirement) -> str:
        return title(requirement, self.lang)

    def remediation(self, requirement: Requirement) -> str:
        return remediation(requirement, self.lang)

    def interpretation(self, requirement: Requirement) -> str:
        return requirement.interpretation_note.get(self.lang)

    def pct(self, score: float | None) -> str:
        return "—" if score is None else f"{score:.0%}"

    def severity(self, severity: str) -> str:
        return message(f"severity.{severity}", self.lang)

    def dimension(self, dimension: str) -> str:
        return message(f"dimension.{dimension}", self.lang)

    def ground_state(self, value: object) -> str:
        """A derived fact as the grounds tables state it: holds, not_holding, or open (unanswered)."""
        if value is None:
            return "open"
        return "holds" if value not in (False, "none", 0) else "not_holding"

    def ground_reason(self, reason: Reason) -> str:
        """A fact's reason as a ground reads: the rule's own words and the card's answer, not the predicate."""
        condition = reason.params.get("condition") if reason.code == "fact.condition" else None
        if not isinstance(condition, Mapping):
            return self.reason(reason)
        label = condition.get("label")
        words = label.get(self.lang) if isinstance(label, Mapping) else None
        if "path" in condition:
            actual = condition.get("actual")
            answer = (self.t("dossier.ground.unanswered") if condition.get("unset") or actual is None
                      else format_value(actual, self.lang))
            return self.t("dossier.ground.card_answer", what=words or condition["path"], answer=answer)
        if not words and condition.get("fact") in self.facts:
            words = self.tx(self.facts[condition["fact"]])
        return str(words) if words else self.reason(reason)

    def fact_value(self, value: object) -> str:
        """A derived fact's value in the facts table: JSON in English (as the engine has it), words in Chinese
        (是/否, the card's enumeration labels), as a Chinese reader reads the rest of the dossier."""
        if self.lang != "zh":
            return json.dumps(value, ensure_ascii=False)
        return self.t("dossier.fact_undecided") if value is None else format_value(value, self.lang)

    def foreign(self, text: str) -> bool:
        """Evidence text a Chinese document does not quote: it has no Chinese at all (it is not translated)."""
        return self.lang == "zh" and not has_han(text)

    def any_foreign(self, excerpts: Sequence[Excerpt]) -> bool:
        """Whether a Chinese document leaves some of these quotes out (one note says so, not one per quote)."""
        return any(self.foreign(q.text) for q in excerpts)

    def country(self, code: str) -> str:
        return catalog(self.lang).get(f"country.{code}") or code

    def values(self, codes: Sequence[object], family: str | None = None) -> str:
        """Card codes as words: `family` names their catalog (`dossier.<family>.<code>`), else card enum labels."""
        if family is None:
            return format_value(list(codes), self.lang)
        sep = "、" if self.lang == "zh" else ", "
        return sep.join(self.t(f"dossier.{family}.{c}") for c in codes) or self.t("dossier.value.none")

    def needs_remediation(self, finding: Finding) -> bool:
        return finding.status in (Status.GAP, Status.ERROR, Status.MANUAL, Status.UPCOMING, Status.WAIVED)


def render_html(dossier: Dossier, manifest: Manifest | None, medium: str = "print",
                extra: Mapping[str, Any] | None = None) -> str:
    """The dossier as HTML: `print` for the PDF (running header), `screen` for a report file."""
    env = environment()
    template = env.get_template("dossier/document.html.j2")
    helpers = TemplateHelpers(dossier.lang, dossier.outline.rating, dossier)
    # Our own stylesheet, not user content: inlined as is (escaping would break CSS selectors and quotes).
    css = Markup((templates_dir() / "dossier" / "dossier.css").read_text(encoding="utf-8"))
    return template.render(
        d=dossier, a=dossier.assessment, manifest=manifest, medium=medium, lang=dossier.lang, h=helpers,
        t=helpers.t, css=css, font_file=FONT_FILE, cjk_family=CJK_FAMILY, Status=Status, **(extra or {}),
    )
