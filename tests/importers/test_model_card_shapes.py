"""Model cards in the shapes of public medical-LLM cards (tests/fixtures/model-cards/README.md says which):
each imports what the card says, at the line it says it, and nothing it does not say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance.card import parse_card
from compliance.cli import app
from compliance.importers import import_description
from compliance.init_card import Imported, answer_questions, render_card
from compliance.model import Vocabulary

from .conftest import FIXTURES

TODAY = "2027-01-10"
CARDS = FIXTURES / "model-cards"
ABSENT = object()

# shape → {card path: (value, line it was read from) or ABSENT}
EXPECTED: dict[str, dict[str, Any]] = {
    "meditron-shape.md": {
        "system.name": ("Clinora-70B-v1.0", 12),
        "system.description": ("Clinora is a suite of open medical large language models adapted from a general "
                               "base model.", 14),
        # "Uses" says what it is for; the "Direct Use" subsection is a disclaimer
        "system.intended_purpose": ("Clinora-70B is made available for further testing and assessment as an AI "
                                    "assistant to support clinical decision-making. Potential use cases may include "
                                    "but are not limited to: Medical exam question answering; Supporting "
                                    "differential diagnosis; General health information query", 49),
        "organisation.name": ("Example Lab LLM Team", 30),  # [text](url) reduced to its text
        "model.licence": ("llama2", 2),
        "model.base_model": ("meta-llama/Llama-2-70b", 10),
        "model.fine_tuned": (True, 35),
        "system.generative": (True, 38),
        "system.output_modalities": (["text"], 38),
        "deployment.research_only": ABSENT,
        "model.general_purpose": ABSENT,
    },
    "llama31-shape.md": {
        "system.name": ABSENT,  # its only H1 lines are comments inside code blocks
        "organisation.name": ("Orbis Labs", 35),  # **Model developer**: Orbis Labs, outside any list
        "model.gpai_placed_on_market": ("2024-07-23", 53),
        "system.intended_purpose": ("Orbis 3.1 is intended for commercial and research use in multiple languages. "
                                    "Instruction tuned text only models are intended for assistant-like chat.", 61),
        "model.licence": ("llama3.1", 6),
        "system.languages": (["en", "de", "fr"], 2),
        "system.generative": (True, 7),
        "deployment.research_only": ABSENT,  # "commercial and research use" is not research only
    },
    "biomistral-shape.md": {
        "system.name": ("MedLark", 20),  # the paper-title heading, without its subtitle
        "deployment.research_only": (True, 30),
        "model.general_purpose": ABSENT,  # "adapting general-purpose LLMs" is about other models
        "model.licence": ("apache-2.0", 2),
        "system.intended_purpose": ABSENT,
    },
    "template-shape.md": {
        "system.name": ABSENT,  # "Model Card for Model ID"
        "system.description": ABSENT,  # the template's own boilerplate
        "organisation.name": ABSENT,  # [More Information Needed]
        "model.licence": ("acme-health-research-licence", 5),  # license: other + license_name
        "system.intended_purpose": ABSENT,
    },
    "leaderboard-shape.md": {
        "system.name": ("MedSage-13B", 12),
        "model.licence": ("medsage-community-licence", 5),
    },
    "chinese-shape.md": {
        "system.name": ("岐黄医疗大模型", 1),
        "system.description": ("岐黄是一个面向中文医疗问答的大语言模型，"
                               "在约十万条高质量中文医疗对话数据上以 QLoRA 方式微调而成。", 11),
        "system.intended_purpose": ("岐黄用于为医学生和研究人员提供中文医疗知识问答，辅助医学教育。", 20),
        "organisation.name": ("示例大学医学人工智能实验室", 13),
        "model.base_model": ("Baichuan2-13B-Base", 14),
        "model.gpai_placed_on_market": ("2024-03-15", 15),
        "deployment.research_only": (True, 37),
        "system.languages": ABSENT,  # written in Chinese is not a statement of the languages it handles
    },
    "modelscope-shape.md": {
        "system.name": ("仁术医疗对话模型", 15),
        "system.description": ("本模型以开源中文大模型为底座，在医患对话和医学教材数据上进行了指令微调。", 21),
        "system.intended_purpose": ("本模型主要用于健康科普问答和导诊前的信息收集，不用于诊断或治疗决策。", 25),
        "system.generative": (True, 2),
        "model.licence": ("Apache License 2.0", 4),
    },
    "huatuo-shape.md": {
        "system.name": ("BianqueGPT (扁鹊GPT)", 1),
        "model.general_purpose": (True, 7),
        "system.generative": ABSENT,
        "classification.medical_device.regulation": ABSENT,  # a disclaimer is a note, not an answer
    },
}


def _import(name: str, vocabulary: Vocabulary) -> Imported:
    return import_description(CARDS / name, CARDS, vocabulary, TODAY)


@pytest.mark.parametrize(("name", "path"), [(n, p) for n, paths in EXPECTED.items() for p in paths])
def test_what_each_shape_imports(vocabulary: Vocabulary, name: str, path: str) -> None:
    imported = _import(name, vocabulary)
    expected = EXPECTED[name][path]
    if expected is ABSENT:
        assert path not in imported.values, imported.values.get(path)
        return
    value, line = expected
    got = imported.values[path]
    assert (got.value, got.line) == (value, line)
    assert got.source.startswith(f"from {name}:{line} ")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_shape_gives_a_card_that_validates(vocabulary: Vocabulary, name: str) -> None:
    imported = _import(name, vocabulary)
    text = render_card(answer_questions(imported, {}, None), imported)
    parse_card(text.encode(), CARDS / "card.yaml", vocabulary)
    for path, value in imported.values.items():
        assert value.source in text, path  # every imported value is written with its source


def test_no_name_is_said_out_loud(vocabulary: Vocabulary) -> None:
    notes = " ".join(_import("llama31-shape.md", vocabulary).notes)
    assert "'Model Information' names a section, not the model" in notes
    template = " ".join(_import("template-shape.md", vocabulary).notes)
    assert "'Model Card for Model ID' is template text" in template


def test_exemption_claims_say_so(vocabulary: Vocabulary) -> None:
    claim = _import("biomistral-shape.md", vocabulary).values["deployment.research_only"]
    assert '"We recommend using MedLark 7B strictly as a research tool' in claim.source
    assert "exemption claim" in claim.source and "scope-assessment" in claim.source


def test_release_date_is_marked_for_confirmation(vocabulary: Vocabulary) -> None:
    released = _import("llama31-shape.md", vocabulary).values["model.gpai_placed_on_market"]
    assert "confirm it was the first placing on the EU market" in released.source


def test_model_index_results_are_never_collapsed(vocabulary: Vocabulary) -> None:
    imported = _import("leaderboard-shape.md", vocabulary)
    evaluation = next(e for e in imported.evidence if e.kind == "accuracy-evaluation")
    # keyed as `compliance evidence import` keys them: dataset, config and split, then the metric
    assert dict(evaluation.metrics) == {
        "ai2_arc_arc_challenge_test__acc_norm": 62.12, "hellaswag_validation__acc_norm": 83.45,
        "cais_mmlu_all_test__acc": 58.24, "truthful_qa_multiple_choice_validation__mc2": 50.81,
        # the same dataset and metric twice: told apart by their configs
        "bigbio_med_qa_med_qa_en_4options_source_test__acc": 41.3, "bigbio_med_qa_med_qa_en_source_test__acc": 37.9}
    assert set(evaluation.metric_sources) == set(evaluation.metrics)
    assert evaluation.metric_sources["hellaswag_validation__acc_norm"] == (
        "acc_norm on hellaswag validation (model-index[0].results[1].metrics[0], leaderboard-shape.md:41)")
    assert "6 metric(s) keyed by dataset, config and split" in evaluation.source
    assert "scale is not converted" in evaluation.source
    assert any("acc = 58.24 looks like a percentage" in note for note in imported.notes)


def test_conflicting_results_are_reported_not_merged(tmp_path: Path, vocabulary: Vocabulary) -> None:
    result = ("  - task: {type: text-generation}\n    dataset: {name: MedQA, type: medqa}\n"
              "    metrics: [{type: accuracy, value: VALUE}]\n")
    readme = tmp_path / "README.md"
    readme.write_text("---\nmodel-index:\n- name: M\n  results:\n" + result.replace("VALUE", "0.7")
                      + result.replace("VALUE", "0.6") + "---\n# M\n")
    imported = import_description(readme, tmp_path, vocabulary, TODAY)
    assert [e.kind for e in imported.evidence] == ["technical-documentation"]
    assert any("given twice with different values (0.7 and 0.6)" in note and "not imported" in note
               for note in imported.notes)


def test_cli_init_from_a_chinese_readme(tmp_path: Path, demo_env: None, runner: CliRunner) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes((CARDS / "chinese-shape.md").read_bytes())
    result = runner.invoke(app, ["init", str(tmp_path / "card.yaml"), "--from", str(readme), "--yes"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "card.yaml").read_text(encoding="utf-8")
    assert 'name: "岐黄医疗大模型"  # from README.md:1 title heading' in text
    claim = 'research_only: true  # from README.md:37 text "本项目相关资源仅供学术研究之用，严禁用于商业用途。"'
    assert claim in text
