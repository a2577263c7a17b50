"""Ruleset test cases: a base card, a patch, and the status expected per requirement."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ComplianceError, Problem
from .model import Assessment, Ruleset, Status
from .pipeline import load_inputs
from .rulesets import Catalog
from .schema_check import schema_problems
from .yaml_source import load_yaml

CASE_FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["base", "cases"],
    "properties": {
        "base": {"type": "string", "minLength": 1},
        "as_of": {"type": "string", "format": "date"},
        "description": {"type": "string"},
        "cases": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "additionalProperties": False, "required": ["name", "expect"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "description": {"type": "string"},
                    "as_of": {"type": "string", "format": "date"},
                    "patch": {"type": "object"},
                    "append": {"type": "object", "additionalProperties": {"type": "array"}},
                    "expect": {"type": "object", "minProperties": 1,
                               "additionalProperties": {"enum": [s.value for s in Status]}},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Case:
    ruleset: str
    file: str
    name: str
    base: Path
    as_of: str
    patch: Mapping[str, Any]
    append: Mapping[str, list[Any]]
    expect: Mapping[str, Status]
    source: str
    line: int | None

    @property
    def id(self) -> str:
        return f"{self.file}/{self.name}"


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: mappings merge, null deletes, anything else replaces."""
    if not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, Mapping) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _append(data: dict[str, Any], dotted: str, items: list[Any]) -> None:
    node: Any = data
    parts = dotted.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node.setdefault(parts[-1], [])
    node[parts[-1]] = [*node[parts[-1]], *copy.deepcopy(items)]


def load_cases(ruleset: Ruleset) -> list[Case]:
    """Every case of a ruleset (files under cases/*.yaml), validated."""
    cases: list[Case] = []
    problems: list[Problem] = []
    for path in sorted((ruleset.path / "cases").glob("*.yaml")):
        source = f"rulesets/{ruleset.id}/cases/{path.name}"
        doc = load_yaml(path, source)
        found = schema_problems(doc, CASE_FILE_SCHEMA)
        if found:
            problems.extend(found)
            continue
        base = (path.parent / doc.data["base"]).resolve()
        if not base.is_file():
            problems.append(Problem(source, doc.line_for(["base"]), "base",
                                    f"base card {doc.data['base']!r} not found"))
            continue
        for i, item in enumerate(doc.data["cases"]):
            as_of = item.get("as_of", doc.data.get("as_of"))
            if as_of is None:
                problems.append(Problem(source, doc.line_for(["cases", i]), f"cases/{i}", "no as_of for this case"))
                continue
            cases.append(Case(ruleset.id, path.stem, item["name"], base, as_of, item.get("patch", {}),
                              item.get("append", {}), {k: Status(v) for k, v in item["expect"].items()},
                              source, doc.line_for(["cases", i])))
    if problems:
        raise ComplianceError(f"{len(problems)} problem(s) in the cases of {ruleset.id}", tuple(problems))
    return cases


def case_card(case: Case) -> bytes:
    """The base card with the case's patch and appends applied, as YAML."""
    data = load_yaml(case.base).data
    data = merge_patch(data, case.patch)
    for dotted, items in case.append.items():
        _append(data, dotted, items)
    import yaml  # after yaml_source has imported it, with the patterns it compiles made lazy (lazy_regex)

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def run_case(case: Case, catalog: Catalog) -> Assessment:
    """Evaluate a case's card against its ruleset."""
    return load_inputs(case.base, [case.ruleset], case.as_of, catalog, card_bytes=case_card(case)).assess()
