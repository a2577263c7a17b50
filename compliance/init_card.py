"""`compliance init`: the scoping questionnaire and a starter card that says where every value came from.

`init` never guesses. A value is written when the user answered it (or set it with --set) or an
import read it (the comment names the file and field); every other scoping question is written as
`null` with an `unanswered` comment, so that `compliance check` keeps the obligations it decides live
(manual, naming the question) and `compliance scope` lists it. Only the names a card cannot do
without get placeholders, marked `to be confirmed`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .card import parse_card
from .errors import ComplianceError
from .model import Vocabulary
from .report.locale import message

TO_CONFIRM = "to be confirmed"
UNANSWERED = "unanswered: `compliance scope` shows what waits on it"
SECTIONS = ("system", "organisation", "deployment", "model", "classification", "data")


@dataclass(frozen=True)
class Question:
    """One scoping question: the card path it fills and how to ask it (it has no default: init never guesses)."""

    path: str  # also names its prompt and help text in the message catalogs: init.<path>.prompt / .help
    kind: str  # text | bool | choice | multi | list | date
    choices: tuple[str, ...] = ()
    required: bool = False
    placeholder: str = ""
    when: Callable[[Mapping[str, Any]], bool] | None = None


def _in_cn(values: Mapping[str, Any]) -> bool:
    return "CN" in (values.get("deployment.markets") or [])


def _is_device(values: Mapping[str, Any]) -> bool:
    return values.get("classification.medical_device.regulation") in ("MDR", "IVDR")


def _has_personal_data(values: Mapping[str, Any]) -> bool:
    return bool(values.get("data.personal_data"))


MODALITIES = ("text", "image", "audio", "video")
USERS = ("clinicians", "patients", "public", "minors", "staff", "researchers")
CLINICAL_FUNCTIONS = ("information", "education", "documentation", "triage", "diagnosis", "treatment_recommendation",
                      "prescription", "monitoring")
SPECIAL_CATEGORIES = ("health", "genetic", "biometric", "minors", "financial", "location", "religion", "ethnicity",
                      "sex_life", "political", "trade_union", "criminal", "identity")
EU_ROLES = ("provider", "deployer", "importer", "distributor", "authorised_representative", "product_manufacturer",
            "gpai_provider")

# In the order asked; prompts and help text are in the message catalogs (init.<path>.prompt / .help).
QUESTIONS: tuple[Question, ...] = (
    Question("system.name", "text", required=True, placeholder="SYSTEM NAME (to be confirmed)"),
    Question("system.intended_purpose", "text", required=True, placeholder="INTENDED PURPOSE (to be confirmed)"),
    Question("system.ai_system", "bool"),
    Question("system.generative", "bool"),
    Question("system.output_modalities", "multi", MODALITIES),
    Question("system.interacts_with_persons", "bool"),
    Question("system.users", "multi", USERS),
    Question("system.clinical_functions", "multi", CLINICAL_FUNCTIONS),
    Question("system.physician_review", "bool"),
    Question("organisation.name", "text", required=True, placeholder="ORGANISATION NAME (to be confirmed)"),
    Question("organisation.established_in", "text"),
    Question("organisation.size", "choice", ("micro", "small", "medium", "small_mid_cap", "large")),
    Question("deployment.markets", "list"),
    Question("organisation.roles.eu_ai_act", "multi", EU_ROLES),
    Question("organisation.roles.gdpr", "multi", ("controller", "joint_controller", "processor")),
    Question("organisation.roles.cn_genai", "multi", ("service_provider", "technical_supporter")),
    Question("organisation.roles.pipl", "multi", ("handler", "entrusted_party")),
    Question("deployment.public_service_cn", "bool", when=_in_cn),
    Question("deployment.placed_on_market", "date"),
    Question("deployment.research_only", "bool"),
    Question("classification.medical_device.regulation", "choice", ("MDR", "IVDR", "none")),
    Question("classification.medical_device.class", "choice", ("I", "IIa", "IIb", "III", "A", "B", "C", "D"),
             when=_is_device),
    Question("classification.medical_device.notified_body", "bool", when=_is_device),
    Question("classification.annex_iii", "list"),
    Question("data.personal_data", "bool"),
    Question("data.special_categories", "multi", SPECIAL_CATEGORIES, when=_has_personal_data),
    Question("model.base_model", "text"),
)
QUESTION_PATHS = {q.path: q for q in QUESTIONS}


def prompt_text(question: Question, lang: str) -> str:
    return message(f"init.{question.path}.prompt", lang)


def help_text(question: Question, lang: str) -> str:
    return message(f"init.{question.path}.help", lang)


@dataclass(frozen=True)
class Value:
    """A card value and where it came from."""

    value: Any
    source: str  # shown as a comment: "answered", "from README.md:4 front matter: license", "default — ..."
    confirmed: bool
    line: int | None = None  # where an import read it, when the source has lines (README, XML BOM)


@dataclass(frozen=True)
class EvidenceDraft:
    """An evidence entry found by an importer, with where each part came from."""

    id: str
    kind: str
    path: str
    date: str
    source: str
    date_source: str
    sha256: str | None = None
    title: str = ""
    metrics: Mapping[str, float] = field(default_factory=dict)
    metric_sources: Mapping[str, str] = field(default_factory=dict)  # metric key -> what and where it was read


@dataclass(frozen=True)
class Imported:
    """What an importer read: values by card path, evidence entries, and what it could not use."""

    source: str
    values: Mapping[str, Value]
    evidence: tuple[EvidenceDraft, ...] = ()
    notes: tuple[str, ...] = ()


def parse_answer(question: Question, text: str, lang: str = "en") -> Any:
    """Turn typed text into the card value a question wants; ComplianceError (in `lang`) if it does not fit."""

    def refuse(key: str, **params: str) -> ComplianceError:
        return ComplianceError(f"{question.path}: " + message(f"init.error.{key}", lang, {"text": text, **params}))

    raw = text.strip()
    if not question.required and raw.lower() in UNKNOWN_WORDS:
        return None  # left unanswered: the card says so and the check keeps what it decides live
    if question.kind == "bool":
        lowered = raw.lower()
        if lowered in ("y", "yes", "true", "1", "是", "是的", "对"):
            return True
        if lowered in ("n", "no", "false", "0", "否", "不是", "不"):
            return False
        raise refuse("yes_no")
    if question.kind in ("multi", "list"):
        if raw.lower() in NONE_WORDS:
            return []
        items = [item.strip() for item in re.split(r"[,，、\s]+", raw) if item.strip()]
        if question.path == "deployment.markets":
            items = [item.upper() for item in items]
            bad = [item for item in items if not re.fullmatch(r"EU|CN|[A-Z]{2}", item)]
            if bad or not items:
                raise refuse("markets")
        if question.path == "classification.annex_iii":
            bad = [item for item in items if item not in ANNEX_III_POINTS]
            if bad:
                raise refuse("annex_iii", items=", ".join(bad))
        bad = [item for item in items if question.choices and item not in question.choices]
        if bad:
            raise refuse("choices", items=", ".join(bad), choices=", ".join(question.choices))
        return list(dict.fromkeys(items))
    if question.kind == "choice":
        if raw not in question.choices:
            raise refuse("choices", items=raw, choices=", ".join(question.choices))
        return raw
    if question.kind == "date":
        if not raw:
            return None
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise refuse("date") from None
    if question.path == "organisation.established_in":
        raw = raw.upper()
        if not re.fullmatch(r"EU|[A-Z]{2}", raw):
            raise refuse("country")
    if question.required and not raw:
        raise refuse("required")
    return raw or None


UNKNOWN_WORDS = ("", "?", "unknown", "not sure", "skip", "不知道", "不确定", "未知", "跳过")
NONE_WORDS = ("none", "no", "-", "无", "没有")
ANNEX_III_POINTS = ("1(a)", "1(b)", "1(c)", "2", "3(a)", "3(b)", "3(c)", "3(d)", "4(a)", "4(b)", "5(a)", "5(b)", "5(c)",
                    "5(d)", "6(a)", "6(b)", "6(c)", "6(d)", "6(e)", "7(a)", "7(b)", "7(c)", "7(d)", "8(a)", "8(b)")


def show_default(value: Any) -> str:
    """A value as the user would type it back."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


Asker = Callable[[Question, Any, str], Any]  # (question, proposed value, where it came from) -> value


def answer_questions(imported: Imported | None, overrides: Mapping[str, Value], ask: Asker | None) -> dict[str, Value]:
    """Every question's value: a --set override, else an import, else the user's answer, else unanswered.

    With `ask` None (--yes) nothing is asked: questions nobody answered stay unanswered (written as null with
    a comment), and only the required names get placeholders to be confirmed.
    """
    found = dict(imported.values) if imported else {}
    values: dict[str, Value] = {}
    plain: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.when is not None and not question.when(plain):
            continue
        chosen = overrides.get(question.path) or found.get(question.path)
        if chosen is None:
            if ask is not None:
                answer = ask(question, None, "")
                chosen = Value(answer, "answered" if answer is not None else UNANSWERED, answer is not None)
            elif question.required:
                chosen = Value(question.placeholder, f"placeholder — {TO_CONFIRM}", False)
            else:
                chosen = Value(None, UNANSWERED, False)
        elif ask is not None and not chosen.confirmed:
            answer = ask(question, chosen.value, chosen.source)
            chosen = Value(answer, chosen.source if answer == chosen.value else "answered",
                           True)
        plain[question.path] = chosen.value
        values[question.path] = chosen
    for path, value in found.items():
        values.setdefault(path, value)
    for path, value in overrides.items():
        values.setdefault(path, value)
    return values


def unanswered(values: Mapping[str, Value]) -> int:
    """How many scoping questions the card leaves unanswered."""
    return sum(v.value is None for v in values.values())


# --- writing ---------------------------------------------------------------------------------

def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _comment(value: Value) -> str:
    return f"  # {value.source}"


def _tree(values: Mapping[str, Value]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path in sorted(values, key=lambda p: (SECTIONS.index(p.split(".")[0]) if p.split(".")[0] in SECTIONS
                                               else len(SECTIONS), _order(p))):
        node = tree
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = values[path]
    return tree


def _order(path: str) -> int:
    paths = list(QUESTION_PATHS)
    return paths.index(path) if path in paths else len(paths)


def _lines(node: Mapping[str, Any], indent: int) -> list[str]:
    lines = []
    pad = "  " * indent
    for key, item in node.items():
        if isinstance(item, Value):
            lines.append(f"{pad}{key}: {_scalar(item.value)}{_comment(item)}")
        else:
            lines.append(f"{pad}{key}:")
            lines.extend(_lines(item, indent + 1))
    return lines


def _evidence_lines(entry: EvidenceDraft) -> list[str]:
    fields = [f"id: {_scalar(entry.id)}", f"kind: {entry.kind}", f"path: {_scalar(entry.path)}",
              f"date: {_scalar(entry.date)}"]
    if entry.title:
        fields.append(f"title: {_scalar(entry.title)}")
    if entry.sha256:
        fields.append(f"sha256: {_scalar(entry.sha256)}")
    if entry.metrics:
        fields.append("metrics: {" + ", ".join(f"{k}: {_scalar(v)}" for k, v in sorted(entry.metrics.items())) + "}")
    sources = [f"  #   {key}: {entry.metric_sources[key]}" for key in sorted(entry.metric_sources)]
    return [f"  # {entry.source}; date: {entry.date_source}", *sources, "  - {" + ", ".join(fields) + "}"]


def pending(values: Mapping[str, Value]) -> int:
    """How many values are placeholders (or imported guesses) still to be confirmed."""
    return sum(TO_CONFIRM in v.source for v in values.values())


def render_card(values: Mapping[str, Value], imported: Imported | None) -> str:
    """The starter card as YAML text, every value commented with its source."""
    unconfirmed = pending(values)
    lines = ["# Model card written by `compliance init`."]
    if unconfirmed:
        lines.append(f"# Values marked '{TO_CONFIRM}' are placeholders ({unconfirmed}): replace each one.")
    if unanswered(values):
        lines.append(f"# {unanswered(values)} question(s) are unanswered (null): until they are answered, the "
                     "obligations they decide stay open (manual). `compliance scope` lists them.")
    lines.append("# Then run `compliance validate`, `compliance scope` and `compliance check` on this file.")
    if imported is not None:
        lines.append(f"# Imported from {imported.source}; each imported value names the field it came from.")
    lines += ["card_version: 1", *_lines(_tree(values), 0)]
    if imported is not None and imported.evidence:
        lines.append("evidence:")
        for entry in imported.evidence:
            lines.extend(_evidence_lines(entry))
    if imported is not None and imported.notes:
        lines += ["", f"# Read from {imported.source} but not used in the card:"]
        lines += [f"#   - {note}" for note in imported.notes]
    return "\n".join(lines) + "\n"


def write_card(target: Path, text: str, vocabulary: Vocabulary, force: bool) -> None:
    """Validate the card as if it were at `target`, then write it (never over a file without force)."""
    if target.exists() and not force:
        raise ComplianceError(f"{target}: already exists; use --force to overwrite it")
    if target.is_dir():
        raise ComplianceError(f"{target}: is a folder; give the card's file name")
    parse_card(text.encode("utf-8"), target, vocabulary)  # a starter card must always validate
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ComplianceError(f"cannot write {target}: {exc.strerror or exc}") from None


def parse_sets(items: Sequence[str]) -> dict[str, Value]:
    """`--set path=value` options: questionnaire paths are parsed like answers."""
    values: dict[str, Value] = {}
    for item in items:
        path, sep, text = item.partition("=")
        path = path.strip()
        if not sep or path not in QUESTION_PATHS:
            raise ComplianceError(f"--set {item!r}: give path=value with one of: {', '.join(QUESTION_PATHS)}")
        values[path] = Value(parse_answer(QUESTION_PATHS[path], text), "answered (--set)", True)
    return values
