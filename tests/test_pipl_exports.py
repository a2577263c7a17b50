"""PIPL exports (issue 13): the tier comes from the handler's totals over all routes, and the reasons say how.

The statuses are covered by the ruleset cases; these tests check the words a DPO reads: the arithmetic of the
totals in the tier fact's reason and every applicable Art. 55 ground in the PIPIA fact's reason.
"""

from __future__ import annotations

from functools import cache

import pytest

from compliance.cases import Case, load_cases, run_case
from compliance.model import Assessment, FactValue
from compliance.report.locale import locale
from compliance.rulesets import load_catalog


@cache
def _assessment(case_id: str) -> Assessment:
    catalog = load_catalog()
    pipl = next(r for r in catalog.rulesets if r.id == "pipl")
    case: Case = next(c for c in load_cases(pipl) if c.id == case_id)
    return run_case(case, catalog)


def _fact(assessment: Assessment, fact_id: str) -> FactValue:
    return next(f for f in assessment.facts if f.id == fact_id)


@pytest.mark.parametrize(("lang", "colon"), [("en", ": "), ("zh", "：")])
def test_two_routes_of_6000_give_the_assessment_with_the_arithmetic(lang: str, colon: str) -> None:
    assessment = _assessment("hospital-exports/two-routes-6000-standard-contracts")
    tier = _fact(assessment, "pipl.cross_border.route")
    assert tier.value == "security_assessment"
    arithmetic = f"data.cross_border.0{colon}6,000 + data.cross_border.1{colon}6,000 = 12,000"
    assert arithmetic in locale(lang).reasons(tier.reasons)
    total = _fact(assessment, "pipl.export.sensitive_total")
    assert total.value == 12000
    assert locale(lang).reasons(total.reasons) == arithmetic


def test_one_route_of_12000_gives_the_assessment() -> None:
    tier = _fact(_assessment("hospital-exports/one-route-12000-standard-contract"), "pipl.cross_border.route")
    assert tier.value == "security_assessment"
    assert "data.cross_border.0: 12,000 = 12,000" in locale("en").reasons(tier.reasons)


def test_a_route_without_a_count_leaves_the_tier_undetermined_never_exempt() -> None:
    assessment = _assessment("hospital-exports/sensitive-count-missing")
    assert _fact(assessment, "pipl.export.sensitive_total").value is None
    tier = _fact(assessment, "pipl.cross_border.route")
    assert tier.value is None  # unknown until the count is given: the requirements that depend on it stay manual
    assert [q.path for q in tier.questions] == ["data.cross_border.0.sensitive_subjects"]
    assert "data.cross_border.0.sensitive_subjects" in locale("en").reasons(
        _fact(assessment, "pipl.export.sensitive_total").reasons)


def test_a_route_inside_china_is_not_an_export() -> None:
    assessment = _assessment("cross-border/cn-to-cn-is-not-an-export")
    assert _fact(assessment, "pipl.cross_border.outbound").value is False
    assert _fact(assessment, "pipl.export.sensitive_total").value == 0


def test_every_applicable_pipia_ground_is_listed() -> None:
    words = locale("en").reasons(_fact(_assessment("handler/complete"), "pipl.pipia_trigger").reasons)
    for ground in ("Art. 55(1)", "Art. 55(2)", "Art. 55(3)", "Art. 55(4)"):
        assert ground in words
