"""Reasons worded for a document a regulator reads (the Chinese filing): sentences, not engine notation.

The ordinary Locale words a condition as the engine sees it (`cn.genai.minor_users = true（推定：true）`):
right for `explain`, wrong in a filing. `ProseLocale` names facts by their titles and card fields by their
labels, values by their labels (是/否, enumerations), evidence kinds by their titles without ids, metric
keys by their labels, and replaces a waiver's or attestation's text by its version in the document's
language (given by the dossier, which counts a placeholder where there is none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Reason
from .locale import Locale, catalog, show

_NEGATE = {"eq": "ne", "ne": "eq", "gte": "lt", "lte": "gt"}


class ProseLocale(Locale):
    def __init__(self, lang: str, fact_titles: Mapping[str, str], local_texts: Mapping[tuple[str, str], str]) -> None:
        super().__init__(lang)
        self.fact_titles = fact_titles
        self.local_texts = local_texts  # ("waiver"|"attestation", requirement id) → text in this language

    # --- names --------------------------------------------------------------------------------
    def subject(self, detail: Mapping[str, Any]) -> str:
        if detail.get("fact"):
            fact = str(detail["fact"])
            return self.fact_titles.get(fact) or self.label(f"dossier.fact.{fact}", fact)
        path = str(detail.get("path", ""))
        return self.label(f"dossier.field.{path}", path)

    def label(self, key: str, fallback: str) -> str:
        return catalog(self.lang).get(key) or fallback

    def value(self, value: Any) -> str:
        if isinstance(value, bool):
            return self.message(f"dossier.value.{'yes' if value else 'no'}")
        if value is None:
            return self.message("prose.unset")
        if isinstance(value, list):
            return self.join(self.value(v) for v in value) if value else self.message("dossier.value.none")
        if isinstance(value, str):
            return self.label(f"dossier.enum.{value}", value)
        return show(value)

    def kind(self, kind: str | Mapping[str, Any]) -> str:
        if isinstance(kind, str):
            return kind
        return self.text(kind["title"]) if kind.get("title") else str(kind["id"])

    def metric(self, name: str) -> str:
        return self.label(f"metric.{name}", name)

    # --- conditions as sentences ---------------------------------------------------------------
    def condition(self, detail: Mapping[str, Any], negated: bool = False) -> str:
        negated = negated != bool(detail.get("negated"))
        if "parts" in detail:
            sep = "；" if self.zh else "; "
            return self.message("prose.group", {"label": detail["label"], "details": sep.join(
                self.condition(p) for p in detail["parts"])})
        if "some" in detail or "every" in detail:
            return self.message("prose.entries")
        op = str(detail.get("op", "eq"))
        value = detail.get("value", True)
        if op == "exists":
            want = bool(value if value is not None else True) != negated
            text = self.message("prose.set" if want else "prose.not_set", {"subject": self.subject(detail)})
        else:
            if negated:
                op = _NEGATE.get(op, op)
            key = f"prose.op.{op}" if not (negated and op in ("in", "contains")) else f"prose.op.not_{op}"
            text = self.message(key, {"subject": self.subject(detail), "value": self.value(value)})
        if detail.get("unset"):
            text = self.message("prose.actual_unset", {"text": text})
        elif "actual" in detail and op != "exists":
            text = self.message("prose.actual", {"text": text, "actual": self.value(detail.get("actual"))})
        for entry in reversed(detail.get("entries", [])):
            text = self.message("cond.entry", {"entry": entry, "text": text})
        return text

    def word(self, value: Any, spec: str) -> str:
        if spec == "cond":
            return self.condition(value)
        if spec == "list":
            return self.join(self.value(v) for v in value)
        if spec == "fact_value":  # a case-valued fact's value: its label (无, 尚无法确定), as the facts table shows it
            return self.value(value)
        if spec == "section" and self.zh and isinstance(value, list):
            own = [h for h in value if any("\u4e00" <= ch <= "\u9fff" for ch in str(h))]
            return super().word(own or value, spec)  # the headings in the document's language
        return super().word(value, spec)

    def reason(self, reason: Reason | Any, requirement: str = "") -> str:
        code = getattr(reason, "code", "")
        params = dict(getattr(reason, "params", {}))
        if code == "waiver.current" and ("waiver", requirement) in self.local_texts:
            params["justification"] = self.local_texts["waiver", requirement]
        if code == "attestation.current" and ("attestation", requirement) in self.local_texts:
            params["statement"] = self.local_texts["attestation", requirement]
        if code in ("evidence.metric_failed", "evidence.metric_missing", "evidence.figure_failed",
                    "evidence.figure_missing") and "metric" in params:
            params["metric"] = self.metric(str(params["metric"]))
        prose_key = f"prose.reason.{code}"
        if self.has(prose_key):
            return self.message(prose_key, params)
        return super().reason(type(reason)(code, params) if isinstance(reason, Reason) else reason)
