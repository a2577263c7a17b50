"""Compare two canonical JSON assessments: what regressed, what improved, what the rulesets changed.

A status is ranked by how much attention it needs: gap and error 2, manual 1, everything else 0
(met, attested, waived, not applicable, upcoming). A requirement *regressed* when its rank rose
(met → gap, attested → manual, not applicable → gap, ...) and *improved* when it fell; other status
changes of the same rank (met → attested, gap → error) are listed as changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .errors import ComplianceError, Problem
from .model import SEVERITIES, Reason, Requirement, Text
from .report.document import PREVIOUS_SCHEMA_IDS, SCHEMA_ID
from .resources import schema
from .strict_json import loads as strict_json

MAX_ASSESSMENT_BYTES = 64 * 1024 * 1024
RANK = {"gap": 2, "error": 2, "manual": 1}


def attention(status: str | None) -> int:
    return RANK.get(status or "", 0)


@dataclass(frozen=True)
class RequirementChange:
    id: str
    ruleset: str
    title: Text
    citation: Text
    severity: str
    old: str | None  # status in the old assessment; None when the requirement is new
    new: str | None  # status in the new assessment; None when the requirement was removed
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class RulesetChange:
    id: str
    old_version: str | None
    new_version: str | None
    old_sha256: str | None
    new_sha256: str | None


@dataclass(frozen=True)
class Side:
    """What identifies one assessment of the pair."""

    path: str
    as_of: str
    system: str
    card_sha256: str
    tool_version: str
    score: float | None


@dataclass(frozen=True)
class AssessmentDiff:
    old: Side
    new: Side
    regressions: tuple[RequirementChange, ...]
    improvements: tuple[RequirementChange, ...]
    changed: tuple[RequirementChange, ...]
    added: tuple[RequirementChange, ...]
    removed: tuple[RequirementChange, ...]
    rulesets: tuple[RulesetChange, ...]

    @property
    def has_regressions(self) -> bool:
        return bool(self.regressions)


def load_assessment(path: Path) -> dict[str, Any]:
    """Read a canonical JSON assessment; ComplianceError naming every schema problem if it is not one."""
    source = str(path)
    if not path.is_file():
        raise ComplianceError(f"{source}: assessment file not found")
    if path.stat().st_size > MAX_ASSESSMENT_BYTES:
        raise ComplianceError(f"{source}: file is larger than {MAX_ASSESSMENT_BYTES:,} bytes")
    try:
        data = strict_json(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ComplianceError(f"{source}: not UTF-8 text; give the output of `compliance check --format json`") \
            from None
    except json.JSONDecodeError as exc:
        raise ComplianceError(f"{source}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise ComplianceError(f"{source}: invalid JSON: {exc or 'nested too deeply'}") from None
    if not isinstance(data, dict) or data.get("schema") not in (SCHEMA_ID, *PREVIOUS_SCHEMA_IDS):
        raise ComplianceError(f"{source}: not a compliance assessment (expected the output of "
                              f"`compliance check --format json`, schema {SCHEMA_ID})")
    errors = sorted(_validator(data["schema"]).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        problems = tuple(Problem(source, None, "/".join(map(str, e.absolute_path)) or "<root>", e.message[:240])
                         for e in errors[:20])
        raise ComplianceError(f"{source}: {len(errors)} problem(s): not a valid compliance assessment", problems)
    return data


@cache
def _validator(schema_id: str) -> Draft202012Validator:
    version = schema_id.rsplit("/", 1)[1]
    return Draft202012Validator(schema("assessment" if schema_id == SCHEMA_ID else f"assessment-{version}"))


Texts = Mapping[str, tuple[Text, Text]]


def requirement_texts(data: Mapping[str, Any]) -> Texts:
    """Title and citation of each finding's requirement: written in the document (its `catalog` block, or in
    each finding before schema 3), else as the installed rulesets give the same id (ids are never reused;
    the rulesets' versions and SHA-256 in both documents say whether the words are the same version's)."""
    written = data.get("catalog", {}).get("requirements", {})
    texts: dict[str, tuple[Text, Text]] = {}
    missing = []
    for finding in data["findings"]:
        source = written.get(finding["id"]) or (finding if "title" in finding else None)
        if source is not None:
            texts[finding["id"]] = (Text.of(source["title"]), Text.of(source["citation"]))
        else:
            missing.append(finding["id"])
    if missing:
        installed = _installed_requirements()
        texts.update((rid, (installed[rid].title, installed[rid].citation)) for rid in missing if rid in installed)
    return texts


def _installed_requirements() -> Mapping[str, Requirement]:
    from .rulesets import load_catalog

    try:
        return load_catalog().requirements
    except ComplianceError:  # rulesets that do not load: the ids stand for themselves
        return {}


def _side(path: Path, data: Mapping[str, Any]) -> Side:
    return Side(str(path), data["as_of"], data["card"]["system"], data["card"]["sha256"], data["tool"]["version"],
                data["summary"]["score"])


def _change(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, texts: Texts) -> RequirementChange:
    ref = new or old
    assert ref is not None
    reasons = (new or {}).get("reasons", [])
    title, citation = texts.get(ref["id"], (Text.of(ref["id"]), Text()))  # words nowhere: the id stands for itself
    return RequirementChange(
        id=ref["id"], ruleset=ref["ruleset"], title=title, citation=citation,
        severity=ref["severity"], old=old["status"] if old else None, new=new["status"] if new else None,
        reasons=tuple(Reason(r["code"], r["params"]) for r in reasons))


def _order(change: RequirementChange) -> tuple[int, int, str]:
    return (-attention(change.new), SEVERITIES.index(change.severity), change.id)


def compare(old_path: Path, old: Mapping[str, Any], new_path: Path, new: Mapping[str, Any]) -> AssessmentDiff:
    """The differences between two loaded assessments, each list in report order."""
    before = {f["id"]: f for f in old["findings"]}
    after = {f["id"]: f for f in new["findings"]}
    texts = {**requirement_texts(old), **requirement_texts(new)}  # the newer document's words where both have them
    regressions, improvements, changed = [], [], []
    for rid in sorted(before.keys() & after.keys()):
        a, b = before[rid], after[rid]
        if a["status"] == b["status"]:
            continue
        change = _change(a, b, texts)
        if attention(b["status"]) > attention(a["status"]):
            regressions.append(change)
        elif attention(b["status"]) < attention(a["status"]):
            improvements.append(change)
        else:
            changed.append(change)
    added = [_change(None, after[rid], texts) for rid in after.keys() - before.keys()]
    removed = [_change(before[rid], None, texts) for rid in before.keys() - after.keys()]
    old_rulesets = {r["id"]: r for r in old["rulesets"]}
    new_rulesets = {r["id"]: r for r in new["rulesets"]}
    rulesets = []
    for rid in sorted(old_rulesets.keys() | new_rulesets.keys()):
        a, b = old_rulesets.get(rid, {}), new_rulesets.get(rid, {})
        if a.get("version") != b.get("version") or a.get("sha256") != b.get("sha256"):
            rulesets.append(RulesetChange(rid, a.get("version"), b.get("version"), a.get("sha256"), b.get("sha256")))
    return AssessmentDiff(
        old=_side(old_path, old), new=_side(new_path, new),
        regressions=tuple(sorted(regressions, key=_order)), improvements=tuple(sorted(improvements, key=_order)),
        changed=tuple(sorted(changed, key=_order)), added=tuple(sorted(added, key=_order)),
        removed=tuple(sorted(removed, key=lambda c: c.id)), rulesets=tuple(rulesets))


def diff_files(old_path: Path, new_path: Path) -> AssessmentDiff:
    return compare(old_path, load_assessment(old_path), new_path, load_assessment(new_path))
