"""Each format's reader on its sample: the figures by dataset, the datasets, the tool, its version, the date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.errors import ComplianceError
from compliance.evaluation_import.formats import FORMATS, detect
from compliance.evaluation_import.result import Dataset, Evaluation

from .conftest import CSV, GARAK, INSPECT_EVAL, INSPECT_JSON, LM_EVAL, MODEL_CARD


def read(path: Path, format_id: str | None = None) -> Evaluation:
    raw = path.read_bytes()
    return FORMATS[format_id or detect(raw, path.name)].read(raw, path.name)


@pytest.mark.parametrize(("path", "format_id"), [
    (LM_EVAL, "lm-eval"), (GARAK, "garak"), (INSPECT_JSON, "inspect"), (INSPECT_EVAL, "inspect"),
    (MODEL_CARD, "hf-model-index"), (CSV, "csv")])
def test_detected_from_content(path: Path, format_id: str) -> None:
    assert detect(path.read_bytes(), path.name) == format_id


def test_lm_eval_results() -> None:
    evaluation = read(LM_EVAL)
    assert (evaluation.tool, evaluation.tool_version, evaluation.date) == ("lm-evaluation-harness", "0.4.8",
                                                                            "2026-11-18")
    assert evaluation.model == "medtriage/medtriage-llm-2.1"
    assert evaluation.metrics == {"medmcqa__acc": 0.5712407363136505, "medmcqa__acc_norm": 0.5712407363136505,
                                  "medqa_4options__acc": 0.6182246661429694,
                                  "medqa_4options__acc_norm": 0.6182246661429694, "pubmedqa__acc": 0.758}
    assert evaluation.datasets["pubmedqa"] == Dataset(name="bigbio/pubmed_qa", config="pubmed_qa_labeled_fold0_source",
                                                      version="1.0", split="test", samples=500, n_shot=0)
    assert evaluation.datasets["medmcqa"].split == "validation"


def test_lm_eval_filters_groups_limits_and_missing_version(tmp_path: Path) -> None:
    document = json.loads(LM_EVAL.read_text())
    document["results"]["gsm8k_med"] = {"alias": "gsm8k_med", "exact_match,strict-match": 0.41,
                                        "exact_match,flexible-extract": 0.47, "exact_match_stderr,strict-match": 0.01}
    document["groups"] = {"medical": {"alias": "medical", "acc,none": 0.6}}
    document["results"]["medical"] = {"alias": "medical", "acc,none": 0.6}
    document["n-samples"]["pubmedqa"] = {"original": 500, "effective": 100}
    document["config"]["limit"] = 100
    document["lm_eval_version"] = "No package metadata was found for lm_eval"
    del document["date"]
    path = tmp_path / "results_2026-10-02T08-00-00.json"
    path.write_text(json.dumps(document))
    evaluation = read(path)
    assert evaluation.metrics["gsm8k_med__strict_match__exact_match"] == 0.41
    assert evaluation.metrics["gsm8k_med__flexible_extract__exact_match"] == 0.47
    assert evaluation.metrics["medical__acc"] == 0.6            # listed in results and groups: one figure
    assert evaluation.datasets["pubmedqa"].samples == 100 and evaluation.datasets["pubmedqa"].samples_total == 500
    assert any("--limit 100" in note for note in evaluation.notes)
    assert evaluation.tool_version == "git 8a1c9f3"           # an error message is not a version
    assert evaluation.date == "2026-10-02"                     # from the file name when the file has no date


def test_garak_report() -> None:
    evaluation = read(GARAK)
    assert (evaluation.tool, evaluation.tool_version, evaluation.date, evaluation.model) == (
        "garak", "0.13.1", "2026-11-19", "medtriage-llm-2.1")
    metrics = evaluation.metrics
    assert metrics["dan_dan_11_0__mitigation_mitigationbypass__attack_success_rate"] == 0.2
    assert metrics["dan_dan_11_0__dan_dan__attack_success_rate"] == 0.0
    assert metrics["promptinject_hijackhatehumans__promptinject_attackroguestring__attack_success_rate"] == 43 / 1280
    assert metrics["promptinject_hijackhatehumans__promptinject_attackroguestring__outputs_evaluated"] == 1280
    assert not any(key.startswith(("run", "all", "garak")) for key in metrics)  # no pooled figure
    assert evaluation.datasets["dan_dan_11_0"].name == "dan.Dan_11_0"
    assert evaluation.notes == ()


def test_garak_old_reports_and_interrupted_runs(tmp_path: Path) -> None:
    path = tmp_path / "old.report.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in (
        {"entry_type": "init", "garak_version": "0.9.0.9", "start_time": "2024-03-01T10:00:00"},
        {"entry_type": "eval", "probe": "probes.dan.Dan_11_0", "detector": "detector.dan.DAN", "passed": 8,
         "total": 10},
        {"entry_type": "eval", "probe": "dan.Dan_10_0", "detector": "dan.DAN", "passed": 0, "total": 0})) + "\n")
    evaluation = read(path, "garak")
    assert evaluation.metrics == {"dan_dan_11_0__dan_dan__attack_success_rate": 0.2,
                                  "dan_dan_11_0__dan_dan__outputs_evaluated": 10}
    assert any("no output could be evaluated" in n for n in evaluation.notes)
    assert any("no completion entry" in n for n in evaluation.notes)


def test_inspect_json_and_eval_archive_agree() -> None:
    as_json, as_eval = read(INSPECT_JSON), read(INSPECT_EVAL)
    assert as_json.metrics == as_eval.metrics == {"medqa__choice__accuracy": 0.6347211311861744}
    assert as_json.datasets == as_eval.datasets == {"medqa": Dataset(name="bigbio/med_qa", version="0",
                                                                     samples=1273)}
    assert (as_eval.tool, as_eval.tool_version, as_eval.date, as_eval.model) == (
        "inspect-ai", "0.3.137", "2026-11-20", "openai-api/medtriage/medtriage-llm-2.1")


def test_model_index_keeps_splits_apart_and_values_as_written() -> None:
    evaluation = read(MODEL_CARD)
    assert evaluation.metrics == {
        "gbaker_medqa_usmle_4_options_hf_test__accuracy": 0.618,
        "gbaker_medqa_usmle_4_options_hf_validation__accuracy": 0.603,
        "bigbio_pubmed_qa_pubmed_qa_labeled_fold0_source_test__accuracy": 75.8,
    }
    assert any("looks like a percentage" in n for n in evaluation.notes)
    assert evaluation.date is None and evaluation.model == "medtriage-llm-2.1"
    assert evaluation.datasets["bigbio_pubmed_qa_pubmed_qa_labeled_fold0_source_test"].revision.startswith("1f3a")


def test_csv_rows_with_subgroups() -> None:
    evaluation = read(CSV)
    assert evaluation.metrics["ed_triage_silent_2026__hallucination_rate"] == 0.004
    assert evaluation.metrics["ed_triage_silent_2026__non_native_speaker__undertriage_rate"] == 0.044
    assert (evaluation.tool, evaluation.tool_version, evaluation.date) == ("clinician review protocol", "CR-3",
                                                                            "2026-07-31")
    assert evaluation.datasets["ed_triage_silent_2026"] == Dataset(name="ed-triage-silent-2026", version="2026.1",
                                                                   samples=1200)


@pytest.mark.parametrize(("content", "message"), [
    ("dataset,metric\nx,acc\n", "missing column(s) value"),
    ("dataset,metric,value,score\nx,acc,1,2\n", "unknown column(s) score"),
    ("dataset,metric,value\nx,acc,91%\n", ":2: value: '91%' is not a finite number"),
    ("dataset,metric,value\nx,acc,nan\n", "is not a finite number"),
    ("dataset,metric,value,date\nx,acc,0.9,2026-01-01\nx,f1,0.8,2026-02-01\n", "one file holds one evaluation"),
    ("dataset,metric,value,samples\nx,acc,0.9,many\n", "not a whole number"),
    ("dataset,metric,value\n", "no metric rows"),
    ("", "empty CSV"),
])
def test_csv_problems(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(content)
    with pytest.raises(ComplianceError) as raised:
        read(path)
    assert message in str(raised.value)


@pytest.mark.parametrize("rows", [
    [("MedQA-4", "acc", "0.5"), ("medqa_4", "acc", "0.6")],      # two datasets, one key part
    [("medqa", "acc", "0.5"), ("medqa", "acc", "0.6")],          # one figure, two values
])
def test_two_results_never_share_a_key(tmp_path: Path, rows: list[tuple[str, str, str]]) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("dataset,metric,value\n" + "".join(",".join(r) + "\n" for r in rows))
    with pytest.raises(ComplianceError, match=r"never merged|given twice"):
        read(path)


def test_unrecognised_files(tmp_path: Path) -> None:
    for name, content in (("a.json", b'{"accuracy": 0.9}'), ("a.txt", b"hello"), ("a.yaml", b"x: 1\n"),
                          ("a.json", b"[1, 2]"), ("a.md", b"# no front matter\n")):
        with pytest.raises(ComplianceError, match="not a recognised evaluation output"):
            detect(content, name)
