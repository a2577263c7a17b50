"""Message catalogs and the one Locale that words everything a report prints.

Catalogs are JSON files, two per language (`compliance/locales/<lang>.json` and `<lang>.commands.json`, see
`COMMAND_PREFIXES`): static keys, `{name}` placeholders with an optional format spec (`{date:date}`,
`{roles:roles}`, `{condition:cond}` …) that says how the typed parameter is worded. A third language is a new
pair of catalog files, not a code change. JSON catalogs rather than gettext/Babel: keys are shared with the
machine-readable reason codes, lookups cost nothing at start-up, and a test checks every key exists in every
catalog.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ..model import Notice, Reason, Text, fold_cjk
from ..resources import PACKAGE_DIR
from .escaping import visible

LANGUAGES = ("en", "zh")
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


class MissingMessage(KeyError):
    """A message key that no catalog has: a programming error, never printed as the key."""


# A language's messages are two files: `<lang>.json`, what the reports of a check print (statuses, severities,
# reasons, notices, conditions, questions, the views' words), and `<lang>.commands.json`, the messages under these
# prefixes, which the other commands (init, explain, diff, the rulesets' docs and kinds, a folder's progress) and
# the dossiers print. A check reads the first alone: parsing all 1,086 messages (89 KB) to print some hundred was
# ~0.5 ms of every table; the first holds 404. A message looked up is found wherever it is (`Locale.message`).
COMMAND_PREFIXES = ("country", "dossier", "target", "init", "todo", "docs", "prose", "explain", "diff", "portfolio",
                    "kinds", "verification")


def _read(name: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((PACKAGE_DIR / "locales" / name).read_text(encoding="utf-8"))
    return data


@cache
def report_catalog(lang: str) -> dict[str, str]:
    """The messages of `lang` that the reports of a check print (`<lang>.json`)."""
    return _read(f"{lang}.json")


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of `lang`: its two files."""
    return {**report_catalog(lang), **_read(f"{lang}.commands.json")}


def show(value: Any) -> str:
    """Compact, deterministic text for a card or rule value."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # thresholds and counts read as written: 300, not 300.0
    return _ENCODER.encode(value)


FIGURE_DECIMALS = 4


def figure(value: Any, op: str | None = None, threshold: Any = None) -> str:
    """A measured figure as a reader wants it: at most four decimals (0.5712, not 0.5712407363136505), unless
    the rounded figure would read differently against its threshold than the figure itself (0.59996 against
    ≥ 0.6 would print as 0.6): then in full. Anything but a finite float is shown as it is."""
    if not isinstance(value, float) or value != value or value in (float("inf"), float("-inf")):
        return show(value)
    rounded = round(value, FIGURE_DECIMALS)
    if rounded == value:
        return show(value)
    if isinstance(threshold, int | float) and not isinstance(threshold, bool) and op in ("gte", "lte"):
        def holds(x: float) -> bool:
            return x >= threshold if op == "gte" else x <= threshold
        if rounded == threshold or holds(rounded) != holds(value):
            return show(value)
    return show(rounded)


def zh_date(iso: str) -> str:
    """2026-08-02 → 2026年8月2日 (GB/T 9704 style, no leading zeros)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


_ANNEX = {"I": "一", "II": "二", "III": "三", "IV": "四", "V": "五", "VI": "六", "VII": "七", "VIII": "八",
          "IX": "九", "X": "十", "XI": "十一", "XII": "十二", "XIII": "十三"}
_SENTENCE = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


@cache
def _citation_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Article, bare paragraph and annex references, compiled on first use: only Chinese citations need them,
    and compiling them was a cost of every English table."""
    return (re.compile(r"Art\.\s*(\d+[a-z]?)((?:\(\d+[a-z]?\))?)((?:\([a-z]+\))?)((?:\([ivx]+\))?)"),
            re.compile(r"(?<![\w第(.])(\d+[a-z]?)\((\d+[a-z]?)\)((?:\([a-z]+\))?)"),
            re.compile(r"Annex\s+([IVX]+)(?:\s+(?:point|points)\s+([\w().,\s-]+?))?(?=$|[;,]|\s+Section)"))


def zh_citation(citation: str) -> str:
    """EU citation in the Chinese convention: Art. 9(2)(a) → 第9条第2款(a)项; Annex IV → 附件四."""
    if not citation.isascii() or not any(w in citation for w in ("Art", "Annex", "ecital")):
        return citation

    def article(match: re.Match[str]) -> str:
        number, para, point, sub = match.groups()
        text = f"第{number}条"
        if number == "3" and para and not point:  # Art. 3 defines terms in numbered points, not paragraphs
            return f"第3条第{para}项"
        if para:
            text += f"第{para[1:-1]}款"
        if point:
            text += f"{point}项"
        if sub:
            text += f"{sub}目"
        return text

    def annex(match: re.Match[str]) -> str:
        roman, points = match.groups()
        text = f"附件{_ANNEX.get(roman, roman)}"
        if not points:
            return text
        lettered = re.fullmatch(r"(\d+)\(([a-z])\)", points.strip())
        return f"{text}第{lettered[1]}点({lettered[2]})项" if lettered else f"{text}第{points.strip()}点"

    def bare(match: re.Match[str]) -> str:  # "Art. 49(1), 49(3)": the second one names no "Art."
        number, para, point = match.groups()
        return f"第{number}条第{para}款" + (f"{point}项" if point else "")

    article_rx, bare_rx, annex_rx = _citation_patterns()
    text = article_rx.sub(article, citation)
    text = re.sub(r"款[-–]\((\d+[a-z]?)\)", r"款至第\1款", text)  # 7(1)-(4)
    text = re.sub(r"项[-–]\(([a-z]+)\)", r"项至(\1)项", text)  # 27(1)(a)-(f)
    text = bare_rx.sub(bare, text)
    text = re.sub(r"款[-–]\((\d+[a-z]?)\)", r"款至第\1款", text)  # 30(1), 30(3)-(5): the range after a bare one
    text = re.sub(r"第(\d+[a-z]?)条(第[^、；;,]+?)[,、] 第\1条", r"第\1条\2、", text)  # one article, two paragraphs
    text = re.sub(r"(?<=[款项条目点]), (?=第)", "、", text)
    text = re.sub(r"\(([a-z]+)\)项((?:, \([a-z]+\))+)",
                  lambda m: "、".join([f"({m[1]})", *re.findall(r"\([a-z]+\)", m[2])]) + "项", text)
    text = re.sub(r"\s*\b(first|second|third|fourth|fifth) sentence\b",
                  lambda m: f"第{_SENTENCE[m[1]]}句", text)  # Art. 111(2) second sentence → 第111条第2款第2句
    text = re.sub(r"\b[Rr]ecitals?\s+(\d+)", r"序言第(\1)段", text).replace(" as amended", "（经修订）")
    text = annex_rx.sub(annex, text)
    text = re.sub(r"\bSection\s+([A-Z0-9]+)", r"第\1节", text)
    return text.replace(" and ", "和").replace("; ", "；")


class _Worded:
    """A message parameter as `str.format_map` meets it: formatted by the field's spec, it is worded in the locale's
    language. (string.Formatter did this; importing `string` compiles string.Template's pattern, ~3 M instructions
    of every table.)"""

    __slots__ = ("fields", "locale", "value")

    def __init__(self, locale: Locale, value: Any, fields: Mapping[str, Any]) -> None:
        self.locale, self.value, self.fields = locale, value, fields

    def __format__(self, spec: str) -> str:
        # Parameters carry card and evidence text: no control character or bidi override gets through.
        if spec == "figure":  # a figure compared with the message's `op` and `value`
            return visible(figure(self.value, self.fields.get("op"), self.fields.get("value")))
        if spec == "rounded":  # a figure shown beside it, compared with nothing
            return visible(figure(self.value))
        return visible(self.locale.word(self.value, spec))


class _Parameters:
    """A message's parameters for `str.format_map`: each one worded (`_Worded`), a missing one an error."""

    __slots__ = ("fields", "locale")

    def __init__(self, locale: Locale, fields: Mapping[str, Any]) -> None:
        self.locale, self.fields = locale, fields

    def __getitem__(self, key: str) -> _Worded:
        if key not in self.fields:
            raise MissingMessage(f"message parameter {key!r} not given")
        return _Worded(self.locale, self.fields[key], self.fields)


class Locale:
    """Words messages, dates, lists, citations, conditions and texts in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def message(self, key: str, params: Mapping[str, Any] | None = None) -> str:
        """The catalog text for `key` (in the language, else in English), its placeholders worded by their format
        spec. The reports' messages are looked up first, in the one file a check reads (`report_catalog`)."""
        text = report_catalog(self.lang).get(key)
        if text is None:
            text = catalog(self.lang).get(key)
        if text is None:
            text = catalog("en").get(key)
        if text is None:
            raise MissingMessage(key)
        if "{" not in text and "}" not in text:  # a label (most of a table's words): nothing to format
            return text
        return text.format_map(_Parameters(self, params or {}))

    def has(self, key: str) -> bool:
        return key in report_catalog(self.lang) or key in catalog(self.lang) or key in catalog("en")

    def refusal(self, text: str) -> str:
        """Why the system refused a file (`read_bytes`'s English words), in this language: English as it is, any
        other language by the refusal's code (`refusals`)."""
        if self.lang == "en":
            return text
        from .refusals import refusal

        code, params = refusal(text)
        return self.message(f"refusal.{code}", params)

    def parse_problem(self, text: str) -> str:
        """Why a parser refused a file (`documents.reader`'s English words), worded in this language by the problem's
        code (`parse_problems`), with its line; words no code matches are kept as they are (framed in Chinese)."""
        from .parse_problems import parse_problem

        found = parse_problem(text)
        words = self.message(f"parse.{found.code}", found.params)
        if found.context is not None:
            words = self.message(f"parse.context.{found.context}") + ("" if self.zh else " ") + words
        if found.path is not None:
            words = self.message("parse.in_path", {"path": found.path, "problem": words})
        if found.line is not None:
            key = "parse.at_line" if found.column is None else "parse.at_column"
            words = self.message(key, {"line": found.line, "column": found.column, "problem": words})
        return words

    def reason(self, reason: Reason | Notice) -> str:
        prefix = "notice" if isinstance(reason, Notice) else "reason"
        return self.message(f"{prefix}.{reason.code}", reason.params)

    def reasons(self, reasons: Iterable[Reason], sep: str | None = None) -> str:
        """The reasons' texts joined, each text once (conditions that differ only in detail read the same)."""
        if sep is None:
            sep = "；" if self.zh else "; "
        return sep.join(dict.fromkeys(self.reason(r) for r in reasons))

    # --- values ---------------------------------------------------------------------------

    def text(self, value: Text | Mapping[str, str] | str | None) -> str:
        """`Text.of(value).get(lang)`. A dict (a reason's `{en: …, zh: …}`) is read without making its Text: only
        the text chosen is folded (`fold_cjk`), so an English report does not fold, nor compile the fold's pattern
        for, the Chinese texts it never shows. Any other case (no text under lang, und or en; a text that is not a
        string) is Text.of's."""
        if type(value) is dict:
            for key in (self.lang, "und", "en"):  # the order Text.get looks in; Text.of drops empty texts
                found = value.get(key)
                if found:
                    if type(found) is str:
                        return fold_cjk(found) if key == "zh" else found
                    break
        return Text.of(value).get(self.lang)

    def date(self, iso: str | None) -> str:
        if not iso:
            return ""
        return zh_date(iso) if self.zh else iso

    def join(self, items: Iterable[str]) -> str:
        return ("、" if self.zh else ", ").join(items)

    def citation(self, value: Text | str) -> str:
        text = Text.of(value)
        if self.zh and text.exact("zh") is None:
            return zh_citation(text.get("en"))
        return text.get(self.lang)

    def role(self, role: str) -> str:
        key = f"role.{role}"
        return self.message(key) if self.has(key) else role

    def kind(self, kind: str | Mapping[str, Any]) -> str:
        """An evidence kind named in a reason: its id, and in Chinese its title with the id."""
        if isinstance(kind, str):
            return kind
        if self.zh and kind.get("title"):
            return f"{self.text(kind['title'])}（{kind['id']}）"
        return str(kind["id"])

    def word(self, value: Any, spec: str) -> str:
        """One placeholder's value in this language, by the catalog's format spec."""
        if spec == "date":
            return self.date(value)
        if spec == "text":
            return self.text(value)
        if spec == "cond":
            from .conditions import condition_text

            return condition_text(value, self)
        if spec == "roles":
            return self.join(self.role(r) for r in ([value] if isinstance(value, str) else value))
        if spec == "roles_or_none":  # the roles a card declares, in words (部署者), or that it declares none
            return self.word(value, "roles") if value else self.message("ui.none")
        if spec == "kinds":
            return self.join(self.kind(k) for k in value) or self.message("ui.any_kind")
        if spec == "list":
            return self.join(show(v) for v in value)
        if spec == "list_text":
            return self.join(value)
        if spec == "op":
            return self.message(f"op.{value}")
        if spec == "citation":
            return self.citation(value)
        if spec == "problem":
            return self.message(f"unreadable.{value['code']}", value.get("params", {}))
        if spec == "refusal":  # the system's reason a file has no content, in English as `read_bytes` words it
            return self.refusal(value)
        if spec == "parse":  # a parser's reason a file cannot be read, in English as `documents.reader` words it
            return self.parse_problem(value)
        if spec == "section":  # alternative headings: "Access" or "访问"
            headings = value if isinstance(value, list) else [value]
            return ("或" if self.zh else " or ").join(f"“{h}”" if self.zh else f'"{h}"' for h in headings)
        if spec == "question":
            key = f"question.{value}"
            return self.message(key) if self.has(key) else self.message("question.generic", {"path": value})
        if spec == "format":
            return self.message(f"format.{value}")
        if spec == "addends":
            sep = "：" if self.zh else ": "
            return " + ".join(f"{a['entry']}{sep}{self.word(a['value'], 'count')}" for a in value) or "0"
        if spec == "unit":
            return self.message(f"unit.{value}") if value else ""
        if spec == "upper":
            return "∞" if value is None else show(value)
        if spec == "limit":
            kind = value.get("kind", "fixed") if isinstance(value, Mapping) else "fixed"
            return "" if kind == "fixed" else self.message(f"limit.{kind}", {**value, "default": show(
                value.get("default"))})
        if spec == "count":
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return f"{value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else show(value)
        if spec in ("", "value", "fact_value"):
            return show(value)
        raise MissingMessage(f"unknown format spec {spec!r}")


@cache
def locale(lang: str) -> Locale:
    """The Locale of a language, without evidence-kind titles."""
    return Locale(lang)


def message(key: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
    """Shorthand for `locale(lang).message(key, params)`."""
    return locale(lang).message(key, params)
