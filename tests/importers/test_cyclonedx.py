"""CycloneDX ML-BOMs: model card fields become card values, hashed files inside the folder evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.card import load_card, parse_card
from compliance.cli import app
from compliance.errors import ComplianceError
from compliance.evidence import index_evidence
from compliance.importers import import_description
from compliance.init_card import answer_questions, render_card
from compliance.model import Vocabulary

TODAY = "2027-01-10"


def _card_text(folder: Path, vocabulary: Vocabulary) -> str:
    imported = import_description(folder / "bom.json", folder, vocabulary, TODAY)
    return render_card(answer_questions(imported, {}, None), imported)


def test_values_and_sources(fixture_copy: Path, vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "cyclonedx"
    imported = import_description(folder / "bom.json", folder, vocabulary, TODAY)
    got = {path: (v.value, v.source) for path, v in imported.values.items()}
    assert got["system.name"] == ("TriageLM", "from bom.json components[0].name")
    assert got["system.version"][0] == "2.1"
    assert got["organisation.name"] == ("Example Health GmbH", "from bom.json metadata.manufacturer.name")
    assert got["model.licence"][0] == "Apache-2.0"
    assert got["system.users"][0] == ["clinicians"]
    assert got["data.special_categories"] == (["health"], "from bom.json components[1].data[0].sensitiveData")
    assert any("triage nurses" in note for note in imported.notes)
    assert any("https://example.org/outside.md" in note for note in imported.notes)


def test_hashed_files_become_evidence_that_verifies(fixture_copy: Path, vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "cyclonedx"
    text = _card_text(folder, vocabulary)
    card = parse_card(text.encode(), folder / "card.yaml", vocabulary)
    by_path = {e.path: e for e in card.evidence}
    assert set(by_path) == {"bom.json", "docs/model-card.md", "data/datasheet.md"}
    assert by_path["docs/model-card.md"].sha256 is not None and by_path["data/datasheet.md"].sha256 is not None
    assert by_path["docs/model-card.md"].date == "2027-02-01"  # metadata.timestamp, not today
    assert dict(by_path["bom.json"].metrics) == {"accuracy": 0.71}  # the sliced metric is not the headline
    statuses = {r.path: r.status for r in index_evidence(card).records("2027-06-01")}
    assert statuses == {"bom.json": "ok", "docs/model-card.md": "ok", "data/datasheet.md": "ok"}


def test_declared_hash_is_kept_so_a_changed_file_shows_as_tampered(fixture_copy: Path,
                                                                   vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "cyclonedx"
    (folder / "data" / "datasheet.md").write_text("# Datasheet\n\nchanged after the BOM\n")
    card = parse_card(_card_text(folder, vocabulary).encode(), folder / "card.yaml", vocabulary)
    statuses = {r.path: r.status for r in index_evidence(card).records("2027-06-01")}
    assert statuses["data/datasheet.md"] == "tampered"


@pytest.mark.parametrize(("bom", "message"), [
    ({"bomFormat": "SPDX"}, "not a CycloneDX BOM"),
    ({"bomFormat": "CycloneDX", "specVersion": "1.4", "components": []}, "1.4 is not supported"),
    ({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "x"}]},
     "no component of type machine-learning-model"),
])
def test_unusable_boms_are_one_error(tmp_path: Path, vocabulary: Vocabulary, bom: object, message: str) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(bom))
    with pytest.raises(ComplianceError, match=message):
        import_description(path, tmp_path, vocabulary, TODAY)


def test_invalid_json(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "bom.json"
    path.write_text("{ not json")
    with pytest.raises(ComplianceError, match="invalid JSON"):
        import_description(path, tmp_path, vocabulary, TODAY)


def test_cli_init_from_bom_writes_a_valid_card(fixture_copy: Path, demo_env: None, runner: CliRunner) -> None:
    from compliance.rulesets import load_catalog

    folder = fixture_copy / "cyclonedx"
    result = runner.invoke(app, ["init", str(folder / "card.yaml"), "--from", str(folder / "bom.json"), "--yes"])
    assert result.exit_code == 0, result.output
    card = load_card(folder / "card.yaml", load_catalog().vocabulary)  # the engine-test vocabulary
    assert card.data["system"]["name"] == "TriageLM"
    text = (folder / "card.yaml").read_text()
    assert "# Read from bom.json but not used in the card:" in text
    missing = runner.invoke(app, ["init", str(folder / "other.yaml"), "--from", str(folder / "nope.json"), "--yes"])
    assert missing.exit_code == 2 and "file not found" in missing.stderr
