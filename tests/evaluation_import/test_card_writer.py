"""Importing into a card: the entry is added (or updated) and every other line of the card stays as it was."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from compliance.card import load_card
from compliance.errors import ComplianceError
from compliance.evaluation_import import ImportRequest, import_evaluation
from compliance.evaluation_import.card_writer import edit_card
from compliance.rulesets import Catalog

from ..conftest import EXAMPLE
from .conftest import CSV, GARAK, LM_EVAL


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the MedTriage example with two evaluation outputs in its evidence folder."""
    folder = tmp_path / "medtriage"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / "evidence" / "imported").mkdir()
    for sample in (LM_EVAL, GARAK, CSV):
        shutil.copy(sample, folder / "evidence" / "imported" / sample.name)
    return folder / "card.yaml"


def run(catalog: Catalog, file: Path, card: Path | None, **options: str) -> str:
    outcome = import_evaluation(ImportRequest(file, card, **options), catalog)
    return outcome.action


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def test_entries_are_added_and_nothing_else_changes(example: Path, catalog: Catalog) -> None:
    before = example.read_text()
    assert run(catalog, example.parent / "evidence/imported" / LM_EVAL.name, example) == "added"
    assert run(catalog, example.parent / "evidence/imported" / GARAK.name, example) == "added"
    after = example.read_text()
    removed, added = changed_lines(before, after)
    assert removed == []
    assert added[0] == "  - id: lm-eval-2026-11-18" and "  - id: garak-2026-11-19" in added
    assert after.startswith(before.rsplit("attestations:", 1)[0].rstrip("\n"))
    card = load_card(example, catalog.vocabulary, catalog.requirements.keys())
    entries = {e.id: e for e in card.evidence}
    assert entries["lm-eval-2026-11-18"].kind == "accuracy-evaluation"
    assert entries["lm-eval-2026-11-18"].metrics["medqa_4options__acc"] == 0.6182246661429694
    assert entries["garak-2026-11-19"].kind == "red-team-report"
    assert entries["garak-2026-11-19"].sha256 == "7c82498c7154fa66caad29a153359523f2e4ec66b8ec0a93028662790d6690f3"
    data = yaml.safe_load(after)
    written = next(e for e in data["evidence"] if e["id"] == "lm-eval-2026-11-18")
    assert written["source"] == {"tool": "lm-evaluation-harness", "version": "0.4.8", "format": "lm-eval",
                                 "model": "medtriage/medtriage-llm-2.1"}
    assert written["datasets"]["medqa_4options"]["version"] == "1.0"


def test_reimport_updates_the_entry_with_the_same_path(example: Path, catalog: Catalog) -> None:
    garak = example.parent / "evidence/imported" / GARAK.name
    run(catalog, garak, example)
    first = example.read_text()
    garak.write_text(garak.read_text().replace('"passed": 4, "fails": 1', '"passed": 3, "fails": 2'))
    assert run(catalog, garak, example) == "updated"
    removed, added = changed_lines(first, example.read_text())
    assert [line.strip() for line in removed] == [
        "sha256: 7c82498c7154fa66caad29a153359523f2e4ec66b8ec0a93028662790d6690f3",
        "dan_dan_11_0__mitigation_mitigationbypass__attack_success_rate: 0.2"]
    assert "dan_dan_11_0__mitigation_mitigationbypass__attack_success_rate: 0.4" in added[1]
    assert example.read_text().count("id: garak-2026-11-19") == 1


def test_a_card_without_evidence_gets_the_list(tmp_path: Path, catalog: Catalog) -> None:
    card = tmp_path / "card.yaml"
    text = EXAMPLE.read_text()
    head = text[:text.index("measures:")]          # no measures, evidence, attestations or waivers
    card.write_text(head)
    shutil.copy(LM_EVAL, tmp_path / LM_EVAL.name)
    assert run(catalog, tmp_path / LM_EVAL.name, card) == "added"
    assert card.read_text().startswith(head) and "\nevidence:\n  - id: lm-eval-2026-11-18\n" in card.read_text()
    for flow in ("evidence: []\n", "evidence: [] # none yet\n"):
        card.write_text(head + flow)
        assert run(catalog, tmp_path / LM_EVAL.name, card) == "added"
        assert load_card(card, catalog.vocabulary).evidence[0].id == "lm-eval-2026-11-18"


def test_file_outside_the_card_folder_is_refused(example: Path, catalog: Catalog) -> None:
    before = example.read_text()
    with pytest.raises(ComplianceError, match="outside the card's folder"):
        run(catalog, LM_EVAL, example)
    assert example.read_text() == before


def test_kind_id_and_date_checks(example: Path, catalog: Catalog) -> None:
    before = example.read_text()
    csv = example.parent / "evidence/imported" / CSV.name
    with pytest.raises(ComplianceError, match="give --kind"):
        run(catalog, csv, example)
    with pytest.raises(ComplianceError, match="unknown evidence kind 'benchmark'"):
        run(catalog, csv, example, kind="benchmark")
    with pytest.raises(ComplianceError, match="already used by another entry"):
        run(catalog, csv, example, kind="bias-evaluation", evidence_id="rms")
    with pytest.raises(ComplianceError, match="not a date"):
        run(catalog, csv, example, kind="bias-evaluation", date="2026-02-30")
    assert example.read_text() == before
    assert run(catalog, csv, example, kind="bias-evaluation", evidence_id="subgroups") == "added"
    assert "  - id: subgroups\n    kind: bias-evaluation\n" in example.read_text()


def test_an_invalid_card_is_never_written(example: Path, catalog: Catalog) -> None:
    example.write_text(example.read_text().replace("card_version: 1", "card_version: 1\nunknown_key: 2"))
    before = example.read_text()
    with pytest.raises(ComplianceError):
        run(catalog, example.parent / "evidence/imported" / LM_EVAL.name, example)
    assert example.read_text() == before


def test_the_edit_is_verified() -> None:
    card = "card_version: 1\nevidence:\n  - {id: a, kind: k, path: a.md, date: \"2026-01-01\"}\n"
    entry = {"id": "b", "kind": "k", "path": "b.md", "date": "2026-01-02", "metrics": {"x__acc": 1.0e-05}}
    edited = edit_card(card, entry, None, "card.yaml")
    assert yaml.safe_load(edited.text)["evidence"][1] == entry
    assert "x__acc: 1.0e-05" in edited.text
    odd = "card_version: 1\nevidence:\n  -\n    id: a\n    kind: k\n    path: a.md\n    date: \"2026-01-01\"\n"
    with pytest.raises(ComplianceError, match="could not be added without changing"):
        edit_card(odd, entry, 0, "card.yaml")
