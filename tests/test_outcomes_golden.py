"""Golden outcomes: every requirement's status, reason codes and start date, for every case and the example.

Each case file `rulesets/<id>/cases/<name>.yaml` has a golden `<name>.expected.json` beside it holding
the outcome of *every* requirement of the ruleset in every case (not only those the case `expect`s), and
`tests/golden/medtriage-outcomes.json` holds the showcase example's at the as-of dates of
tests/test_example.py. The outcome is format-independent (no texts, parameters or card lines), so
reshaping rulesets, the model or the outputs must leave these files unchanged (issue 10); a change to a
rule shows here as a reviewable diff of exactly the cases it moves.

Regenerate after an intended change with

    COMPLIANCE_UPDATE_GOLDEN=1 python -m pytest -q tests/test_outcomes_golden.py

and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.cases import load_cases, run_case
from compliance.outcomes import case_file_outcomes, dump, expected_path, outcomes
from compliance.pipeline import assess_card
from compliance.rulesets import Catalog, load_catalog

from .conftest import EXAMPLE, TEST_RULESETS, TESTS, assert_golden
from .test_example import DATES

_CATALOGS: dict[str, Catalog] = {}


def _catalog(name: str) -> Catalog:
    if name not in _CATALOGS:
        _CATALOGS[name] = load_catalog() if name == "shipped" else load_catalog(TEST_RULESETS)
    return _CATALOGS[name]


def _case_files() -> list[object]:
    params = []
    for name in ("shipped", "engine-tests"):
        for ruleset in _catalog(name).rulesets:
            for path in sorted((ruleset.path / "cases").glob("*.yaml")):
                params.append(pytest.param(name, ruleset.id, path, id=f"{ruleset.id}/{path.stem}"))
    return params


@pytest.mark.parametrize(("catalog_name", "ruleset_id", "case_file"), _case_files())
def test_case_file_outcomes_match_golden(catalog_name: str, ruleset_id: str, case_file: Path) -> None:
    catalog = _catalog(catalog_name)
    cases = [c for c in load_cases(catalog.ruleset(ruleset_id)) if c.file == case_file.stem]
    assert cases, f"{case_file} has no cases"
    document = case_file_outcomes((c.name, c.as_of, run_case(c, catalog)) for c in cases)
    assert_golden(expected_path(case_file), dump(document))


def test_example_outcomes_match_golden() -> None:
    document = {as_of: outcomes(assess_card(EXAMPLE, (), as_of, _catalog("shipped"))) for as_of in DATES}
    assert_golden(TESTS / "golden" / "medtriage-outcomes.json", dump(document))


def test_every_golden_belongs_to_a_case_file() -> None:
    """A renamed or deleted case file must not leave its golden behind."""
    orphans = []
    for name in ("shipped", "engine-tests"):
        for ruleset in _catalog(name).rulesets:
            for golden in (ruleset.path / "cases").glob("*.expected.json"):
                if not golden.with_name(golden.name.removesuffix(".expected.json") + ".yaml").is_file():
                    orphans.append(str(golden))
    assert not orphans, f"golden files without a case file: {orphans}"
