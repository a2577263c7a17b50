"""Measured figures in reasons: four decimals at most, never rounded into agreeing with their threshold."""

from __future__ import annotations

import math

import pytest

from compliance.model import Reason
from compliance.report.locale import figure, locale


@pytest.mark.parametrize(("value", "op", "threshold", "shown"), [
    (0.5712407363136505, "gte", 0.6, "0.5712"),     # failing, rounded, still reads failing
    (0.59996, "gte", 0.6, "0.59996"),               # would read 0.6 against ≥ 0.6: in full
    (0.59996, "gte", 0.59997, "0.59996"),           # would read 0.6 ≥ 0.59997 (met): in full
    (0.04004, "lte", 0.04, "0.04004"),              # would read 0.04 against ≤ 0.04: in full
    (0.123456, "lte", 0.05, "0.1235"),
    (0.25, "gte", 0.6, "0.25"),                     # exact figures unchanged
    (300.0, "gte", 100, "300"),
    (7, "gte", 10, "7"),
    (math.inf, "lte", 0.05, "Infinity"),            # impossible values are shown as they are
    (None, "gte", 0.6, "null"),
])
def test_figures(value: object, op: str, threshold: float, shown: str) -> None:
    assert figure(value, op, threshold) == shown


def test_a_failed_metric_reads_with_four_decimals_in_both_languages() -> None:
    reason = Reason("evidence.metric_failed", {"id": "lm-eval", "metric": "medmcqa__acc", "actual": 0.5712407363136505,
                                               "op": "gte", "value": 0.6, "citation": "§4.5"})
    assert "medmcqa__acc = 0.5712, required ≥ 0.6" in locale("en").reason(reason)
    assert "medmcqa__acc = 0.5712，要求 ≥ 0.6" in locale("zh").reason(reason)
    close = Reason("evidence.figure_failed", {"id": "x", "key": "a__rate", "actual": 0.59996, "op": "gte", "value": 0.6,
                                              "limit": None})
    assert "a__rate = 0.59996" in locale("en").reason(close)
