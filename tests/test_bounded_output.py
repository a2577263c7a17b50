"""A finding lists a few failing evidence entries and how many more: its size does not grow with the number of
entries a card lists (issue 19: 1,000 failing entries made 10.5 MB of JSON and a 915-page dossier)."""

from __future__ import annotations

import json
from pathlib import Path

from compliance.engine import MAX_LISTED
from compliance.model import Finding, Status
from compliance.render import RenderOptions, renderer
from compliance.rulesets import Catalog

from .demo_cards import DEMO_CARD, demo_assessment, edited


def _card(folder: Path, failing: int) -> str:
    """The demo card with `failing` more risk-management plans, each without the required sections."""
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    ids = [f"plan-{n:04d}" for n in range(failing)]
    for evidence_id in ids:
        (folder / "evidence" / f"{evidence_id}.md").write_text("# Risk management plan\n\nTo be completed.\n",
                                                               encoding="utf-8")
    entries = "".join(f'  - {{id: {i}, kind: risk-management-plan, path: evidence/{i}.md, date: "2028-02-01"}}\n'
                      for i in ids)
    text = edited("  risk_management: [rms]\n", f"  risk_management: [{', '.join(ids)}]\n", DEMO_CARD)
    return edited("evidence:\n", "evidence:\n" + entries, text)


def _finding(folder: Path, catalog: Catalog, failing: int) -> tuple[Finding, int]:
    assessment = demo_assessment(folder, catalog, "2028-09-01", _card(folder, failing))
    finding = next(f for f in assessment.findings if f.id == "DEMO-9.1")
    size = len(json.dumps(json.loads(renderer("json").render(assessment, RenderOptions()))["findings"]))
    return finding, size


def test_a_finding_lists_a_few_failing_entries_and_counts_the_rest(tmp_path: Path, demo_catalog: Catalog) -> None:
    finding, _ = _finding(tmp_path, demo_catalog, 40)
    assert finding.status is Status.GAP
    assert len(finding.evidence) == MAX_LISTED
    more = [r for r in finding.reasons if r.code == "evidence.more_failing"]
    assert [r.params["count"] for r in more] == [40 - MAX_LISTED]
    assert len({r.params.get("id") for r in finding.reasons if r.code != "evidence.more_failing"}) == MAX_LISTED


def test_findings_do_not_grow_with_the_entries(tmp_path: Path, demo_catalog: Catalog) -> None:
    few = _finding(tmp_path / "few", demo_catalog, 5)[1]
    many = _finding(tmp_path / "many", demo_catalog, 200)[1]
    assert many - few < 50  # the count's digits, nothing per entry


def test_no_more_reason_when_all_are_listed(tmp_path: Path, demo_catalog: Catalog) -> None:
    finding, _ = _finding(tmp_path, demo_catalog, MAX_LISTED)
    assert not any(r.code == "evidence.more_failing" for r in finding.reasons)
