"""Every outline loads, names real card fields and evidence kinds, and has its words in both catalogs."""

from __future__ import annotations

import pytest

from compliance.dossier import TARGETS
from compliance.dossier.outline import load_outline
from compliance.errors import ComplianceError
from compliance.report.locale import catalog
from compliance.resources import rulesets_dir
from compliance.ruleset_checks import card_path_exists
from compliance.rulesets import load_catalog
from compliance.yaml_source import load_yaml


def _shipped_kinds() -> set[str]:
    """The vocabulary's kinds and those the shipped rulesets declare (e.g. gdpr's retention-schedule)."""
    data = load_yaml(rulesets_dir() / "vocabulary.yaml").data
    return {k["id"] for k in data["kinds"]} | set(load_catalog().vocabulary.kinds)


@pytest.mark.parametrize("target", TARGETS)
def test_outline_fields_and_kinds_exist(target: str) -> None:
    outline = load_outline(target)
    kinds = _shipped_kinds()
    for section in outline.walk():
        for path in section.fields:
            assert card_path_exists(path), f"{target}: {section.key}: {path} is not a card field"
        for ref in section.evidence:
            assert set(ref.kinds) <= kinds, f"{target}: {section.key}: unknown kinds {set(ref.kinds) - kinds}"


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_outline_words_are_in_the_catalogs(target: str, lang: str) -> None:
    outline = load_outline(target)
    keys = outline.catalog_keys() | {f"dossier.field.{p}" for s in outline.walk() for p in s.fields}
    missing = sorted(k for k in keys if not catalog(lang).get(k))
    assert not missing, f"{lang}.json lacks {missing}"


def test_unknown_target_is_an_error() -> None:
    with pytest.raises(ComplianceError, match="unknown dossier target"):
        load_outline("annex-xi")


def test_annex_iv_has_points_1_to_9_with_their_sub_points() -> None:
    outline = load_outline("eu-annex-iv")
    assert [s.id for s in outline.sections] == [str(n) for n in range(1, 10)]
    assert [c.id for c in outline.sections[0].children] == [f"1({c})" for c in "abcdefgh"]
    assert [c.id for c in outline.sections[1].children] == [f"2({c})" for c in "abcdefgh"]
