"""Golden loaded catalog: what every ruleset means once loaded, independent of how its YAML is written.

`tests/golden/catalog/<ruleset>.json` holds each loaded ruleset (instrument, roles, facts, kinds,
measures, requirements with their dates, conditions, checks and texts) in a normalised form:
- a text is `{en, zh}` whether the model holds an `x`/`x_zh` pair or a Text value;
- empty values (``""``, ``None``, ``[]``, ``{}``) are dropped, so an absent default equals an unset field;
- bookkeeping that changes with the files, not with the meaning, is left out (model fields named in
  `IGNORED`: file names, lines, hashes, version, the verification note; and paths).
Reshaping the rulesets (schedules, named conditions, `defaults:`; issue 10) must leave these files
unchanged; tests/test_outcomes_golden.py proves the same for the assessments of every case card.
A deliberate change (a new field such as `test`, or corrected content) shows as a reviewable diff:

    COMPLIANCE_UPDATE_GOLDEN=1 python -m pytest -q tests/test_catalog_golden.py
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from compliance import strict_json
from compliance.model import Text
from compliance.rulesets import Catalog, load_catalog

from .conftest import TEST_RULESETS, TESTS, assert_golden

GOLDEN = TESTS / "golden" / "catalog"
IGNORED = frozenset({"source", "line", "sha256", "path", "version", "verification", "schedule"})
LANGUAGES = frozenset({"en", "zh"})
_CATALOGS: dict[str, Catalog] = {}


def _catalog(name: str) -> Catalog:
    if name not in _CATALOGS:
        _CATALOGS[name] = load_catalog() if name == "shipped" else load_catalog(TEST_RULESETS)
    return _CATALOGS[name]


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, tuple, dict)) and not value)


def _text(en: Any, zh: Any) -> Any:
    if isinstance(en, (list, tuple)):  # confirm / confirm_zh: a list of texts
        zh = list(zh or [])
        return [_text(e, zh[i] if i < len(zh) else "") for i, e in enumerate(en)]
    return {k: v for k, v in (("en", en), ("zh", zh)) if not _empty(v)}


def normalise(value: Any) -> Any:
    """Plain JSON with texts as {en, zh}, empty values and bookkeeping dropped, keys sorted."""
    if isinstance(value, Text):
        value = value.as_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name not in IGNORED}
    if isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            key = str(key)
            if isinstance(item, Path) or (key.endswith("_zh") and key[:-3] in value):
                continue
            if f"{key}_zh" in value:
                item = _text(item, value[f"{key}_zh"])
            item = normalise(item)
            if not _empty(item):
                result[key] = item
        return dict(sorted(result.items()))
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _rulesets() -> list[object]:
    return [pytest.param(name, r.id, id=r.id) for name in ("shipped", "engine-tests") for r in _catalog(name).rulesets]


@pytest.mark.parametrize(("catalog_name", "ruleset_id"), _rulesets())
def test_loaded_ruleset_matches_golden(catalog_name: str, ruleset_id: str) -> None:
    ruleset = _catalog(catalog_name).ruleset(ruleset_id)
    actual = strict_json.dumps(normalise(ruleset), indent=1, ensure_ascii=False) + "\n"  # an open range: "Infinity"
    path = GOLDEN / f"{ruleset_id}.json"
    assert_golden(path, actual)


def test_normalise_reads_a_pair_and_a_text_alike() -> None:
    @dataclasses.dataclass(frozen=True)
    class Old:
        title: str
        title_zh: str
        note: str = ""
        line: int = 3

    assert normalise(Old("Risk", "风险")) == normalise({"title": {"en": "Risk", "zh": "风险"}, "note": ""}) \
        == {"title": {"en": "Risk", "zh": "风险"}}
    assert normalise({"confirm": ["a", "b"], "confirm_zh": ["甲", "乙"]}) == \
        {"confirm": [{"en": "a", "zh": "甲"}, {"en": "b", "zh": "乙"}]}
