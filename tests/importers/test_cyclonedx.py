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
    assert got["organisation.name"] == ("Example Health GmbH", "from bom.json components[0].manufacturer.name")
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
    # a sliced metric keeps its slice in its key instead of being dropped or mixed with the headline figure
    assert dict(by_path["bom.json"].metrics) == {"accuracy": 0.71, "accuracy_paediatric": 0.5}
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


def test_metadata_manufacturer_created_the_bom_and_is_not_the_provider(fixture_copy: Path,
                                                                          vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "cyclonedx"
    bom = json.loads((folder / "bom.json").read_text())
    del bom["components"][0]["manufacturer"]
    (folder / "bom.json").write_text(json.dumps(bom))
    imported = import_description(folder / "bom.json", folder, vocabulary, TODAY)
    assert "organisation.name" not in imported.values
    assert any("'Example BOM Tools Ltd' created the BOM" in note for note in imported.notes)
    bom["metadata"]["supplier"] = {"name": "Example Health GmbH"}  # "supplied the component the BOM describes"
    (folder / "bom.json").write_text(json.dumps(bom))
    imported = import_description(folder / "bom.json", folder, vocabulary, TODAY)
    assert imported.values["organisation.name"].source == "from bom.json metadata.supplier.name"


def test_xml_bom_reads_like_json_with_lines(fixture_copy: Path, vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "cyclonedx"
    from_json = import_description(folder / "bom.json", folder, vocabulary, TODAY)
    from_xml = import_description(folder / "bom.xml", folder, vocabulary, TODAY)
    assert {p: v.value for p, v in from_xml.values.items()} == {p: v.value for p, v in from_json.values.items()}
    got = {path: (v.source, v.line) for path, v in from_xml.values.items()}
    assert got["system.name"] == ("from bom.xml:13 metadata.component.name", 13)
    assert got["organisation.name"] == ("from bom.xml:11 metadata.component.manufacturer.name", 11)
    assert got["system.generative"] == (
        "from bom.xml:37 metadata.component.modelCard.modelParameters.task = text-generation", 37)
    assert got["data.special_categories"][1] == 79  # the first <sensitiveData>
    text = render_card(answer_questions(from_xml, {}, None), from_xml)
    card = parse_card(text.encode(), folder / "card.yaml", vocabulary)
    statuses = {r.path: r.status for r in index_evidence(card).records("2027-06-01")}
    assert statuses == {"bom.xml": "ok", "docs/model-card.md": "ok", "data/datasheet.md": "ok"}


def test_multi_model_bom_is_described_by_its_metadata_component(fixture_copy: Path,
                                                               vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "cyclonedx"
    imported = import_description(folder / "multi-model.json", folder, vocabulary, TODAY)
    got = {path: (v.value, v.source) for path, v in imported.values.items()}
    assert got["system.name"] == ("WardAssistant", "from multi-model.json metadata.component.name")
    assert got["organisation.name"] == ("Klinikum Beispiel gGmbH",
                                        "from multi-model.json metadata.component.manufacturer.name")
    assert got["model.licence"] == ("Proprietary", "from multi-model.json metadata.component.licenses[0]")
    # the models' tasks and use cases are the parts', not the system's answers
    for unanswered in ("system.generative", "system.intended_purpose", "model.name"):
        assert unanswered not in got
    notes = " ".join(imported.notes)
    assert "components[0] is a model inside the system (letter-writer-8b; task text-generation" in notes
    assert "components[1] is a model inside the system (urgency-classifier; task text-classification" in notes
    metrics = {e.id: dict(e.metrics) for e in imported.evidence}
    assert metrics == {"letter-writer-8b-metrics": {"rougel": 0.41},
                       "urgency-classifier-metrics": {"recall": 0.93, "recall_night_shift": 0.88}}


def test_several_models_without_metadata_component_name_nothing(tmp_path: Path, vocabulary: Vocabulary) -> None:
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
        {"type": "machine-learning-model", "name": "first", "supplier": {"name": "A"}},
        {"type": "machine-learning-model", "name": "second", "supplier": {"name": "B"}}]}
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(bom))
    imported = import_description(path, tmp_path, vocabulary, TODAY)
    assert "system.name" not in imported.values and "organisation.name" not in imported.values
    assert any("does not say which is the system" in note for note in imported.notes)


@pytest.mark.parametrize(("content", "message"), [
    ('<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><metadata><component type="machine-learning-model">'
     "<name>&x;</name></component></metadata></bom>", "declares a document type"),
    ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
     '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components/></bom>', "declares a document type"),
    ('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components/></bom>',
     "CycloneDX 1.4 is not supported"),
    ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
     "not a CycloneDX BOM"),
    ('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n<components>\n</bom>',
     r"bom.xml:4: invalid XML: mismatched tag"),
    ('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><name>&undefined;</name></bom>',
     "invalid XML: undefined entity"),
    ('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6">' + "<a>" * 80 + "</a>" * 80
     + "</bom>", "nested deeper than"),
    ('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>'
     '<component type="library"><name>x</name></component></components></bom>',
     "no component of type machine-learning-model"),
])
def test_unusable_xml_is_one_error(tmp_path: Path, vocabulary: Vocabulary, content: str, message: str) -> None:
    path = tmp_path / "bom.xml"
    path.write_text(content)
    with pytest.raises(ComplianceError, match=message):
        import_description(path, tmp_path, vocabulary, TODAY)


def test_xml_is_recognised_without_the_suffix(tmp_path: Path, vocabulary: Vocabulary) -> None:
    path = tmp_path / "sbom.cdx"
    path.write_text('<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component '
                    'type="machine-learning-model"><name>x</name></component></components></bom>')
    assert import_description(path, tmp_path, vocabulary, TODAY).values["system.name"].value == "x"


def test_cli_init_from_xml_bom(fixture_copy: Path, demo_env: None, runner: CliRunner) -> None:
    folder = fixture_copy / "cyclonedx"
    result = runner.invoke(app, ["init", str(folder / "card.yaml"), "--from", str(folder / "bom.xml"), "--yes"])
    assert result.exit_code == 0, result.output
    assert 'name: "TriageLM"  # from bom.xml:13 metadata.component.name' in (folder / "card.yaml").read_text()
