"""`compliance rulesets oscal ID`: an OSCAL catalog per ruleset that compliance-trestle loads, stable bytes
and UUIDs, and crosswalk links that resolve to controls of the catalogs they name."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from trestle.oscal.catalog import Catalog as OscalCatalog
from typer.testing import CliRunner

from compliance.cli import app
from compliance.oscal_catalog import catalog_document, catalog_file_name, catalog_uuid, render_catalog
from compliance.rulesets import Catalog, load_catalog


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


def _owners(catalog: Catalog) -> dict[str, str]:
    return {q.id: q.ruleset for r in catalog.rulesets for q in r.requirements}


def _controls(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for g in document["catalog"]["groups"] for c in g["controls"]}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_ruleset_is_a_catalog_trestle_loads(shipped: Catalog, lang: str) -> None:
    for ruleset in shipped.rulesets:
        document = catalog_document(ruleset, lang, _owners(shipped))
        loaded = OscalCatalog.model_validate(document["catalog"])
        assert {c.id for g in loaded.groups or [] for c in g.controls or []} == {q.id for q in ruleset.requirements}


def test_a_control_carries_citation_dates_roles_and_dimensions(shipped: Catalog) -> None:
    ruleset = shipped.ruleset("eu-ai-act")
    requirement = next(q for q in ruleset.requirements if q.effective.amended_from)
    control = _controls(catalog_document(ruleset, "en"))[requirement.id]
    props = {(p["name"], p["value"]) for p in control["props"]}
    assert ("label", requirement.citation.get("en")) in props
    assert ("applies-from", requirement.effective.amended_from) in props
    assert ("originally-applies-from", requirement.effective.from_) in props
    assert {("dimension", d) for d in requirement.dimensions} <= props
    assert {("applies-to", role) for role in requirement.applies_to} <= props
    parts = {p["name"]: p["prose"] for p in control["parts"]}
    assert parts["statement"] == " ".join(requirement.summary.get("en").split())
    assert parts["assessment-objective"] == " ".join(requirement.test.get("en").split())


def test_crosswalk_links_resolve(shipped: Catalog) -> None:
    owners = _owners(shipped)
    documents = {r.id: catalog_document(r, "en", owners) for r in shipped.rulesets}
    files = {catalog_file_name(r): _controls(d) for r, d in documents.items()}
    linked = 0
    for ruleset_id, document in documents.items():
        for control in _controls(document).values():
            for link in control.get("links", []):
                where, _, target = link["href"].partition("#")
                assert target in (files[where] if where else _controls(document)), (ruleset_id, link)
                linked += 1
    assert linked > 0


def test_same_ruleset_same_bytes_and_version_5_uuid(shipped: Catalog) -> None:
    ruleset = shipped.ruleset("gdpr")
    assert render_catalog(ruleset) == render_catalog(ruleset)
    document = catalog_document(ruleset)
    assert document["catalog"]["uuid"] == catalog_uuid("gdpr", ruleset.version)
    assert uuid.UUID(document["catalog"]["uuid"]).version == 5
    assert catalog_uuid("gdpr", "9.9.9") != document["catalog"]["uuid"]


def test_cli_writes_the_catalog(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "pipl.oscal-catalog.json"
    result = runner.invoke(app, ["rulesets", "oscal", "pipl", "--lang", "zh", "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in document["catalog"]["metadata"]["title"])  # in Chinese
    unknown = runner.invoke(app, ["rulesets", "oscal", "nope"])
    assert unknown.exit_code == 2 and "unknown ruleset 'nope'" in unknown.stderr
