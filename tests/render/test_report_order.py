"""An assessment lists its findings in report order (by ruleset id, then by the natural order of the requirement
ids), which the JSON document and the per-regulation tables take as it is instead of sorting it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.catalog import Catalog
from compliance.model import Assessment, natural_key
from compliance.pipeline import assess_card
from compliance.report.document import assessment_document
from compliance.report.grouping import groups, report_order
from compliance.resources import rulesets_dir
from compliance.rulesets import read_rulesets

EXAMPLES = sorted(Path("examples").glob("*/card.yaml"))


def _in_report_order(assessment: Assessment) -> bool:
    findings = list(assessment.findings)
    return findings == sorted(findings, key=lambda f: (f.requirement.ruleset, natural_key(f.id)))


def test_both_catalog_loads_keep_each_rulesets_requirements_in_natural_order(catalog: Catalog) -> None:
    """The session's catalog (cached or not) and one read afresh from the rulesets."""
    fresh = read_rulesets(rulesets_dir()).catalog
    assert fresh is not None
    for loaded in (catalog, fresh):
        for ruleset in loaded.rulesets:
            ids = [q.id for q in ruleset.requirements]
            assert ids == sorted(ids, key=natural_key), ruleset.id


@pytest.mark.parametrize("card", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("rulesets", [(), ("pipl", "eu-ai-act"), ("gdpr",)])
def test_assessments_list_findings_in_report_order(card: Path, rulesets: tuple[str, ...], catalog: Catalog) -> None:
    assessment = assess_card(card, rulesets, "2026-11-25", catalog)
    assert assessment.findings and _in_report_order(assessment)
    document = assessment_document(assessment)
    assert [f["id"] for f in document["findings"]] == [f.id for f in assessment.findings]


@pytest.mark.parametrize("card", EXAMPLES, ids=lambda p: p.parent.name)
def test_regulation_groups_are_in_report_order(card: Path, catalog: Catalog) -> None:
    assessment = assess_card(card, (), "2026-11-25", catalog)
    for _, findings in groups(assessment, "regulation", "en"):
        assert findings == sorted(findings, key=report_order)
