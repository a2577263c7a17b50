"""Hugging Face model cards: front matter and sections become card values with their source."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.card import parse_card
from compliance.errors import ComplianceError
from compliance.importers import import_description
from compliance.init_card import answer_questions, render_card
from compliance.model import Vocabulary

TODAY = "2027-01-10"


def test_values_and_their_sources(fixture_copy: Path, vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "huggingface"
    imported = import_description(folder / "README.md", folder, vocabulary, TODAY)
    got = {path: (v.value, v.source) for path, v in imported.values.items()}
    assert got["system.name"] == ("TriageLM-7B", "from README.md:14 front matter: model-index[0].name")
    assert got["model.licence"] == ("apache-2.0", "from README.md:5 front matter: license")
    assert got["model.base_model"][0] == "example-org/base-7b"
    assert got["model.fine_tuned"] == (True, "from README.md:7 front matter: base_model_relation = finetune")
    assert got["system.generative"][0] is True and got["system.output_modalities"][0] == ["text"]
    assert got["system.languages"][0] == ["en", "de"]
    assert got["organisation.name"] == ("Example Health GmbH", "from README.md:38 field: Developed by")
    assert imported.values["organisation.name"].line == 38
    assert got["system.intended_purpose"][0].startswith("Suggesting a triage category to nurses")
    assert got["system.description"][0].startswith("TriageLM-7B suggests an urgency level")
    assert any("example-org/triage-notes" in note for note in imported.notes)


def test_card_is_valid_and_evidence_carries_metrics(fixture_copy: Path, vocabulary: Vocabulary) -> None:
    folder = fixture_copy / "huggingface"
    imported = import_description(folder / "README.md", folder, vocabulary, TODAY)
    text = render_card(answer_questions(imported, {}, None), imported)
    card = parse_card(text.encode(), folder / "card.yaml", vocabulary)
    assert "  licence: \"apache-2.0\"  # from README.md:5 front matter: license" in text
    evaluation = next(e for e in card.evidence if e.kind == "accuracy-evaluation")
    assert evaluation.path == "README.md"
    assert dict(evaluation.metrics) == {"medqa__accuracy": 0.71, "medqa__refusal_rate": 0.96}
    assert "#   medqa__accuracy: accuracy on medqa (model-index[0].results[0].metrics[0], README.md:22)" in text
    assert evaluation.date == TODAY
    assert "today's date as a placeholder — to be confirmed" in text


def test_readme_outside_the_card_folder_is_not_evidence(fixture_copy: Path, vocabulary: Vocabulary,
                                                        tmp_path: Path) -> None:
    elsewhere = tmp_path / "cards"
    elsewhere.mkdir()
    imported = import_description(fixture_copy / "huggingface" / "README.md", elsewhere, vocabulary, TODAY)
    assert imported.evidence == ()
    assert any("outside the card's folder" in note for note in imported.notes)
    parse_card(render_card(answer_questions(imported, {}, None), imported).encode(), elsewhere / "card.yaml",
               vocabulary)


def test_unknown_kinds_are_notes_not_guesses(fixture_copy: Path) -> None:
    folder = fixture_copy / "huggingface"
    bare = Vocabulary({}, {})
    imported = import_description(folder / "README.md", folder, bare, TODAY)
    assert imported.evidence == ()
    assert any("'technical-documentation'" in note and "not in the installed vocabulary" in note
               for note in imported.notes)


def test_template_placeholders_are_not_imported(tmp_path: Path, vocabulary: Vocabulary) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Model Card for {{ model_id | default('Model ID', true) }}\n\n## Model Description\n\n"
                      "[More Information Needed]\n\n- **Developed by:** [More Information Needed]\n")
    imported = import_description(readme, tmp_path, vocabulary, TODAY)
    assert "system.name" not in imported.values
    assert "organisation.name" not in imported.values
    assert "system.description" not in imported.values


@pytest.mark.parametrize(("content", "message"), [
    ("---\nlicense: mit\n", "never ends"),
    ("---\n- a\n- b\n---\n# x\n", "not a YAML mapping"),
    ("---\nlicense: [unclosed\n---\n", "front matter"),
])
def test_bad_front_matter_is_one_error(tmp_path: Path, vocabulary: Vocabulary, content: str, message: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(content)
    with pytest.raises(ComplianceError, match=message):
        import_description(readme, tmp_path, vocabulary, TODAY)
