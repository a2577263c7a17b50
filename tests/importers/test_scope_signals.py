"""Scope statements are imported only where the card says them about its own model, in so many words."""

from __future__ import annotations

import pytest

from compliance.importers.found import Findings
from compliance.importers.markdown import Document
from compliance.importers.scope_signals import read_scope_signals


def _read(body: str, names: tuple[str, ...] = ("MedBot",)) -> Findings:
    findings = Findings("README.md")
    read_scope_signals(Document(body), names, findings)
    return findings


@pytest.mark.parametrize("sentence", [
    "This model is intended for research purposes only.",
    "MedBot is released for research use only.",
    "We recommend using MedBot strictly as a research tool.",
    "It must be used solely for academic research.",
    "> [!CAUTION]\n> Research-only release.",
    "本项目相关资源仅供学术研究之用，严禁用于商业用途。",
    "本模型仅用于科研，不得用于临床。",
])
def test_research_only_statements(sentence: str) -> None:
    found = _read(f"# MedBot\n\n{sentence}\n")
    value = found.values["deployment.research_only"]
    assert value.value is True and value.line is not None and "exemption claim" in value.source


@pytest.mark.parametrize("sentence", [
    "MedBot is intended for commercial and research use in multiple languages.",
    "It is not only for research: hospitals deploy it too.",
    "The research team thanks the hospitals.",
    "Not for clinical use.",
])
def test_not_research_only(sentence: str) -> None:
    assert "deployment.research_only" not in _read(f"{sentence}\n").values


@pytest.mark.parametrize(("sentence", "expected"), [
    ("MedBot is a general-purpose AI model adapted to medicine.", True),
    ("This model is a general purpose language model.", True),
    ("本模型是一个通用大模型。", True),
    ("Adapting general-purpose LLMs to the medical domain presents challenges.", False),
    ("Unlike general-purpose models, MedBot answers medical questions only.", False),
    ("OtherLM is a general-purpose model; MedBot is not.", False),
])
def test_general_purpose_only_about_itself(sentence: str, expected: bool) -> None:
    assert ("model.general_purpose" in _read(f"{sentence}\n").values) is expected


def test_model_type_field_can_say_general_purpose() -> None:
    found = _read("- **Model type:** general-purpose foundation model\n")
    assert found.values["model.general_purpose"].source == (
        'from README.md:1 field: Model type "general-purpose foundation model"')


@pytest.mark.parametrize(("field", "day"), [
    ("**Model Release Date:** July 23, 2024.", "2024-07-23"),
    ("- **Release date:** 2024-02-15", "2024-02-15"),
    ("- **发布日期：** 2024年3月15日", "2024-03-15"),
    ("**Released**: 5 Sept 2024", "2024-09-05"),
])
def test_release_dates(field: str, day: str) -> None:
    assert _read(field + "\n").values["model.gpai_placed_on_market"].value == day


@pytest.mark.parametrize("field", ["**Release date:** Q3 2024", "**Release date:** 2024-02-30",
                                   "**Model date:** 2024-01-01"])
def test_no_full_release_date_no_value(field: str) -> None:
    assert "model.gpai_placed_on_market" not in _read(field + "\n").values


def test_output_field_says_generative_and_what() -> None:
    found = _read("- **Output:** Model generates text only\n")
    assert found.values["system.generative"].value is True
    assert found.values["system.output_modalities"].value == ["text"]


def test_inside_code_nothing_counts() -> None:
    assert _read("```\nThis model is for research purposes only.\n```\n").values == {}


def test_device_disclaimer_is_a_note_not_an_answer() -> None:
    found = _read("MedBot is not intended to be used as a medical device.\n")
    assert not found.values
    assert any("classification.medical_device.regulation" in note for note in found.notes)
