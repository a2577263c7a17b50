"""Conditions and predicates in words: why a fact holds, why a requirement does not apply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Predicate
from ..predicates import QUANTIFIERS
from .locale import Locale, show


def _core(detail: Mapping[str, Any], locale: Locale) -> str:
    subject = detail.get("fact") or detail.get("path", "")
    op = detail.get("op", "eq")
    if op == "exists":
        want = detail.get("value") if detail.get("value") is not None else True
        return locale.message("cond.set" if want else "cond.not_set", {"subject": subject})
    return locale.message("cond.compare", {"subject": subject, "op": op, "value": detail.get("value")})


def condition_text(detail: Mapping[str, Any], locale: Locale) -> str:
    """One decided condition (see `predicates.Condition`) as a sentence fragment."""
    if "parts" in detail:
        parts = ("；" if locale.zh else "; ").join(condition_text(p, locale) for p in detail["parts"])
        text = locale.message("cond.group", {"label": detail["label"], "details": parts})
    elif any(q in detail for q in QUANTIFIERS):
        is_some = "some" in detail
        text = locale.message("cond.no_entry" if is_some else "cond.every_entry",
                              {"base": detail["some" if is_some else "every"],
                               "where": describe(detail["where"], locale)})
    elif "claim" in detail:
        key = ("cond.claim_supported" if detail.get("supported") else "cond.claim_unsupported") \
            if detail.get("claimed") else "cond.claim_not_made"
        text = locale.message(key, {"path": detail["claim"], "op": detail.get("op", "eq"),
                                    "value": detail.get("value")})
        if detail.get("label"):
            text = locale.message("cond.labelled", {"label": detail["label"], "text": text})
    else:
        core = _core(detail, locale)
        if "fact" in detail and detail.get("unknown"):
            text = locale.message("cond.derived_unknown", {"core": core})
        elif "fact" in detail and "addends" in detail:
            text = locale.message("cond.derived_sum", {"core": core, "addends": detail["addends"],
                                                       "total": detail["total"]})
        elif "fact" in detail:
            text = locale.message("cond.derived", {"core": core, "actual": detail.get("actual")})
        elif detail.get("unset"):
            text = locale.message("cond.card_unset", {"core": core})
        else:
            text = locale.message("cond.card", {"core": core, "actual": detail.get("actual")})
        if detail.get("label"):
            text = locale.message("cond.labelled", {"label": detail["label"], "text": text})
    for entry in reversed(detail.get("entries", [])):
        text = locale.message("cond.entry", {"entry": entry, "text": text})
    if detail.get("negated"):
        text = locale.message("cond.negated", {"text": text})
    return text


def describe(predicate: Predicate, locale: Locale) -> str:
    """A predicate as readable text: all of (…), any of (…), not (…), leaves as `path op value`."""
    zh = locale.zh
    label = locale.text(predicate.get("label")) if predicate.get("label") else ""
    if "all" in predicate or "any" in predicate:
        is_all = "all" in predicate
        parts = [describe(c, locale) for c in predicate["all" if is_all else "any"]]
        if len(parts) == 1:
            body = parts[0]
        else:
            head = ("同时满足" if is_all else "满足其一") if zh else ("all of" if is_all else "any of")
            body = f"{head}（{'；'.join(parts)}）" if zh else f"{head} ({'; '.join(parts)})"
    elif "not" in predicate:
        inner = describe(predicate["not"], locale)
        body = f"非（{inner}）" if zh else f"not ({inner})"
    elif any(q in predicate for q in QUANTIFIERS):
        base = predicate.get("some") or predicate["every"]
        where = describe(predicate["where"], locale)
        if zh:
            body = f"{base} 中{'存在' if 'some' in predicate else '每一'}条目满足（{where}）"
        else:
            body = f"{'some' if 'some' in predicate else 'every'} entry of {base} has ({where})"
    elif "claim" in predicate:
        body = f"{'主张' if zh else 'claim'} {predicate['claim']} = {show(predicate.get('value', True))}"
    else:
        subject = predicate.get("fact") or predicate.get("path", "")
        op = predicate.get("op", "eq")
        if op == "exists":
            want = predicate.get("value", True)
            body = f"{subject} {('已填写' if want else '未填写') if zh else ('is set' if want else 'is not set')}"
        elif "fact" in predicate and "op" not in predicate:
            body = subject
        else:
            body = f"{subject} {locale.message(f'op.{op}')} {show(predicate.get('value'))}"
    return f"{label} [{body}]" if label else body
