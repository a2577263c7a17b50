"""Every ruleset case: one test per (requirement, case), ids `<requirement>::<file>/<case>`.

`pytest -k EU-AIA-9.1` runs every case of one requirement (`compliance rulesets cases EU-AIA-9.1 --run`
lists them with their reasons). A requirement without a case that meets it and one that shows its check
failing (`gap`; `manual` when the check is a reviewer's confirmation only) fails
`test_every_requirement_has_both_cases`; `not_applicable` shows scoping, not the check.
"""

from __future__ import annotations

import pytest

from compliance.cases import Case, load_cases, run_case
from compliance.model import Assessment, Status
from compliance.requirement_cases import coverage_problems
from compliance.rulesets import Catalog, load_catalog

from .conftest import TEST_RULESETS


def _catalogs() -> list[Catalog]:
    return [load_catalog(), load_catalog(TEST_RULESETS)]


def _params() -> list[object]:
    params = []
    for catalog in _catalogs():
        for ruleset in catalog.rulesets:
            for case in load_cases(ruleset):
                for requirement_id, status in sorted(case.expect.items()):
                    params.append(pytest.param(catalog, case, requirement_id, status,
                                               id=f"{requirement_id}::{case.id}"))
    return params


_RESULTS: dict[tuple[int, str, str], Assessment] = {}


def _run(catalog: Catalog, case: Case) -> Assessment:
    key = (id(catalog), case.ruleset, case.id)
    if key not in _RESULTS:
        _RESULTS[key] = run_case(case, catalog)
    return _RESULTS[key]


@pytest.mark.parametrize(("catalog", "case", "requirement_id", "expected"), _params())
def test_case(catalog: Catalog, case: Case, requirement_id: str, expected: Status) -> None:
    assessment = _run(catalog, case)
    finding = next((f for f in assessment.findings if f.id == requirement_id), None)
    assert finding is not None, f"{requirement_id} is not a requirement of {case.ruleset}"
    reasons = "; ".join(f"{r.code} {dict(r.params)}" for r in finding.reasons)
    assert finding.status is expected, f"{case.source}:{case.line} expected {expected.value}, got " \
                                       f"{finding.status.value}: {reasons}"


@pytest.mark.parametrize("catalog", _catalogs(), ids=["shipped", "engine-tests"])
def test_every_requirement_has_both_cases(catalog: Catalog) -> None:
    missing = [f"{q.id}: {problem}" for ruleset in catalog.rulesets
               for q, problem in coverage_problems(ruleset, load_cases(ruleset))]
    assert not missing, "\n".join(missing)
