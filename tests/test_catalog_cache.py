"""The catalog cache returns exactly what a fresh load returns, and notices every change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compliance import catalog_cache
from compliance.card import load_card
from compliance.catalog import Catalog
from compliance.engine import assess
from compliance.errors import ComplianceError
from compliance.evidence import index_evidence
from compliance.render import RenderOptions
from compliance.render.json_report import JsonRenderer
from compliance.rulesets import _load_catalog, file_content, ruleset_files

from .conftest import TEST_RULESETS

CARD = TEST_RULESETS / "demo" / "cases" / "cards" / "provider.yaml"


def fingerprint(root: Path) -> str:
    return catalog_cache.fingerprint(root, ((f.relative_to(root).as_posix(), file_content(f, f.name))
                                            for f in ruleset_files(root)))


def _json(root: Path) -> bytes:
    catalog = _load_catalog(root)
    card = load_card(CARD, catalog.vocabulary, catalog.requirements.keys())
    assessment = assess(card, index_evidence(card), catalog, catalog.rulesets, "2028-09-01")
    return JsonRenderer().render(assessment, RenderOptions())


def test_cached_catalog_gives_identical_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, root)
    _load_catalog.cache_clear()
    fresh = _json(root)
    assert len(list((tmp_path / "cache").glob("catalog-*.marshal"))) == 1
    _load_catalog.cache_clear()
    assert _json(root) == fresh


def test_a_changed_ruleset_is_reloaded_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, root)
    _load_catalog.cache_clear()
    _load_catalog(root)
    before = fingerprint(root)
    main = root / "demo" / "requirements" / "main.yaml"
    main.write_text(main.read_text().replace("severity: medium", "severity: urgent"))
    assert fingerprint(root) != before
    _load_catalog.cache_clear()
    with pytest.raises(ComplianceError, match="1 problem"):
        _load_catalog(root)


def test_corrupt_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "rulesets"
    shutil.copytree(TEST_RULESETS, root)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f"catalog-{fingerprint(root)}.marshal").write_text("{not json")
    _load_catalog.cache_clear()
    assert [r.id for r in _load_catalog(root).rulesets] == ["demo"]


def test_symlinked_rulesets_are_fingerprinted(tmp_path: Path) -> None:
    real = tmp_path / "real"
    shutil.copytree(TEST_RULESETS / "demo", real / "demo")
    root = tmp_path / "root"
    root.mkdir()
    (root / "demo").symlink_to(real / "demo")
    before = fingerprint(root)
    main = real / "demo" / "requirements" / "main.yaml"
    main.write_text(main.read_text() + "\n")
    assert fingerprint(root) != before


def test_pruning_a_kind_keeps_the_entries_of_kinds_whose_name_begins_with_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing catalogs keeps the newest `keep` catalogs and never deletes a `catalog-key-*` memo (nor the reverse):
    the kinds were told apart by the start of the name only, so each counted the other's files as its own."""
    import os

    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(catalog_cache, "_pruned", set())
    catalog_cache.write_sealed("a" * 64, b"memo", "catalog-key", ".key")
    for n in range(5):
        catalog_cache.write_sealed(f"{n}" * 64, b"catalog", "catalog", ".marshal")
        os.utime(tmp_path / "cache" / f"catalog-{f'{n}' * 64}.marshal", (n, n))  # oldest first
    monkeypatch.setattr(catalog_cache, "_pruned", set())
    catalog_cache.write_sealed("f" * 64, b"catalog", "catalog", ".marshal", keep=2)
    names = sorted(p.name for p in (tmp_path / "cache").iterdir() if not p.name.endswith(".tmp"))
    assert f"catalog-key-{'a' * 64}.key" in names
    catalogs = [n for n in names if n.startswith("catalog-") and n.endswith(".marshal")]
    assert catalogs == [f"catalog-{'3' * 64}.marshal", f"catalog-{'4' * 64}.marshal", f"catalog-{'f' * 64}.marshal"]
    monkeypatch.setattr(catalog_cache, "_pruned", set())
    catalog_cache.write_sealed("b" * 64, b"memo", "catalog-key", ".key", keep=1)
    assert len([n for n in os.listdir(tmp_path / "cache") if n.endswith(".marshal")]) == 3


def _shared(catalog: Catalog) -> tuple[int, int]:
    """How many distinct condition and date objects the catalog's requirements hold (fewer: more shared)."""
    requirements = [q for r in catalog.rulesets for q in r.requirements]
    return len({id(q.applies_when) for q in requirements}), len({id(q.effective) for q in requirements})


def test_the_run_that_builds_the_catalog_assesses_with_the_stored_one(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """After a miss the catalog is built, stored and read back, so the first run holds the objects every later run
    holds (equal conditions and dates as one object, which a batch shares scopes and outcomes by)."""
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    root = Path("rulesets").resolve()
    _load_catalog.cache_clear()
    first = _load_catalog(root)
    _load_catalog.cache_clear()
    later = _load_catalog(root)
    _load_catalog.cache_clear()
    assert _shared(first) == _shared(later)
    monkeypatch.setenv("COMPLIANCE_NO_CACHE", "1")  # nothing to read back: the catalog as built
    built = _load_catalog(root)
    _load_catalog.cache_clear()
    assert _shared(built)[0] > _shared(later)[0]
