"""Metric checks on one evidence entry: fixed values, tunable thresholds, ranges and figures per dataset."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from compliance.metric_checks import compare, entry_problems
from compliance.model import EvidenceCheck, EvidenceEntry, MetricCheck, Reason, ThresholdSetting

BASE = {"id": "e", "path": "e.json"}


def entry(metrics: Mapping[str, float], datasets: Mapping[str, Mapping[str, Any]] | None = None,
          source: Mapping[str, str] | None = None) -> EvidenceEntry:
    return EvidenceEntry("e", "accuracy-evaluation", "e.json", "2026-01-01", metrics=dict(metrics),
                         datasets=dict(datasets or {}), source=dict(source or {}))


def run(check: MetricCheck, metrics: Mapping[str, float], settings: Mapping[str, ThresholdSetting] | None = None,
        **entry_args: Any) -> tuple[list[Reason], bool]:
    compared = compare(check, entry(metrics, **entry_args), metrics, settings or {}, BASE)
    return compared.reasons, compared.error


def codes(reasons: list[Reason]) -> list[str]:
    return [r.code for r in reasons]


def test_fixed_value_keeps_the_legal_rulesets_reasons() -> None:
    check = MetricCheck("refusal_rate", "gte", 0.95)
    assert run(check, {"refusal_rate": 0.97}) == ([], False)
    reasons, _ = run(check, {"refusal_rate": 0.9})
    assert codes(reasons) == ["evidence.metric_failed"]
    assert "limit" not in reasons[0].params and reasons[0].params["actual"] == 0.9  # unchanged shape
    assert codes(run(check, {})[0]) == ["evidence.metric_missing"]


def test_threshold_default_and_card_setting() -> None:
    check = MetricCheck("hallucination_rate", "lte", 0.02, threshold="med.h", unit="rate", range=(0.0, 1.0))
    assert run(check, {"hallucination_rate": 0.015})[0] == []
    tightened = {"med.h": ThresholdSetting("med.h", 0.01, "patient-facing")}
    reasons, _ = run(check, {"hallucination_rate": 0.015}, tightened)
    assert codes(reasons) == ["evidence.figure_failed"]
    assert reasons[0].params["value"] == 0.01
    assert reasons[0].params["limit"] == {"kind": "card", "threshold": "med.h", "default": 0.02,
                                          "justification": "patient-facing"}
    loosened = {"med.h": ThresholdSetting("med.h", 0.05, "clinician review of every output")}
    assert run(check, {"hallucination_rate": 0.03}, loosened)[0] == []
    assert codes(run(check, {})[0]) == ["evidence.figure_missing"]


def test_out_of_range_is_an_error_not_a_pass() -> None:
    check = MetricCheck(metric="accuracy", op="gte", value=0.6, threshold="t", over="datasets", names=("accuracy",),
                        aggregate="worst", unit="rate", range=(0.0, 1.0))
    reasons, error = run(check, {"medqa__accuracy": 61.2})
    assert error and codes(reasons) == ["evidence.figure_out_of_range"]
    assert reasons[0].params["key"] == "medqa__accuracy"


def over(names: tuple[str, ...], aggregate: str, op: str = "gte", value: float = 0.6,
         datasets: tuple[str, ...] = ()) -> MetricCheck:
    return MetricCheck(metric="|".join(names), op=op, value=value, threshold="t", over="datasets", names=names,
                       aggregate=aggregate, datasets=datasets, unit="rate", range=(0.0, 1.0))


def test_worst_figure_across_datasets_counts_and_never_merges() -> None:
    check = over(("acc", "accuracy"), "worst", datasets=("name", "version"))
    metrics = {"medqa_4options__acc": 0.66, "medmcqa__acc": 0.571, "medqa_4options__acc_norm": 0.1,
               "pubmedqa__accuracy": 0.75}
    declared = {d: {"name": d, "version": "1.0"} for d in ("medqa_4options", "medmcqa", "pubmedqa")}
    reasons, _ = run(check, metrics, datasets=declared)
    assert [(r.code, r.params["key"]) for r in reasons] == [("evidence.figure_failed", "medmcqa__acc")]
    assert codes(run(check, {"x__f1": 0.9})[0]) == ["evidence.figures_none"]


def test_datasets_must_declare_name_and_version() -> None:
    check = over(("accuracy",), "worst", datasets=("name", "version"))
    reasons, _ = run(check, {"medqa_test__accuracy": 0.7}, datasets={"medqa_test": {"name": "medqa"}})
    assert codes(reasons) == ["evidence.dataset_undeclared"]
    assert reasons[0].params["fields"] == ["version"]
    reasons, _ = run(check, {"accuracy": 0.7})
    assert codes(reasons) == ["evidence.dataset_unnamed"]


def test_sum_of_figures() -> None:
    check = replace(over(("outputs_evaluated",), "sum", value=500), unit="count", range=None)
    metrics = {"dan__d__outputs_evaluated": 5.0, "enc__e__outputs_evaluated": 1280.0}
    assert run(check, metrics)[0] == []
    reasons, _ = run(check, {"dan__d__outputs_evaluated": 5.0})
    assert codes(reasons) == ["evidence.sum_failed"] and reasons[0].params["actual"] == 5.0


def test_largest_subgroup_gap() -> None:
    check = over(("*",), "subgroup_gap", op="lte", value=0.05)
    metrics = {"ed__undertriage_rate": 0.031, "ed__age_75_plus__undertriage_rate": 0.038,
               "ed__non_native__undertriage_rate": 0.044, "ed__female__undertriage_rate": 0.029}
    assert run(check, metrics)[0] == []
    metrics["ed__non_native__undertriage_rate"] = 0.111
    reasons, _ = run(check, metrics)
    assert codes(reasons) == ["evidence.subgroup_gap_failed"]
    assert reasons[0].params["key"] == "ed__non_native__undertriage_rate"
    assert reasons[0].params["actual"] == pytest.approx(0.08)
    assert codes(run(check, {"ed__undertriage_rate": 0.03})[0]) == ["evidence.subgroups_none"]


def test_present_needs_one_declared_dataset() -> None:
    check = over(("amb_bias_score", "bias_score"), "present", datasets=("name", "version"))
    bbq = {"bbq__amb_bias_score": 0.04, "ed__undertriage_rate": 0.03}
    assert run(check, bbq, datasets={"bbq": {"name": "oskarvanderwal/bbq", "version": "1.0"}})[0] == []
    assert codes(run(check, bbq, datasets={"bbq": {"name": "oskarvanderwal/bbq"}})[0]) == \
        ["evidence.dataset_undeclared"]
    assert codes(run(check, {"bias_score": 0.1})[0]) == ["evidence.dataset_unnamed"]
    assert codes(run(check, {"ed__undertriage_rate": 0.03})[0]) == ["evidence.figures_none"]


def test_source_fields() -> None:
    check = EvidenceCheck(kinds=("accuracy-evaluation",), source=("tool", "version", "model"))
    found = entry({}, source={"tool": "garak", "version": "0.13.1"})
    reasons, _ = entry_problems(check, found, {}, {}, BASE)
    assert codes(reasons) == ["evidence.source_missing"] and reasons[0].params["fields"] == ["model"]
