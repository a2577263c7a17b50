"""Compact, format-independent outcomes of assessments, for golden files.

One line per requirement: ``status [reason codes] from DATE``. It leaves out everything that is
presentation (texts, parameters, card lines), so a golden file changes only when what the engine decides
changes: a requirement's status, why (the reason codes, sorted) or from when it applies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from .model import Assessment, Finding

EXPECTED_SUFFIX = ".expected.json"


def outcome(finding: Finding) -> str:
    """``gap [evidence.none, evidence.stale] from 2027-12-02``."""
    codes = ", ".join(sorted(r.code for r in finding.reasons))
    return f"{finding.status.value} [{codes}] from {finding.effective.applies_from}"


def outcomes(assessment: Assessment) -> dict[str, str]:
    """Every requirement of the assessment → its outcome, sorted by requirement id."""
    return {f.id: outcome(f) for f in sorted(assessment.findings, key=lambda f: f.id)}


def dump(data: Mapping[str, object]) -> str:
    """Deterministic JSON: sorted keys, one requirement per line, real Chinese, trailing newline."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def expected_path(case_file: Path) -> Path:
    """``cases/deployer.yaml`` → ``cases/deployer.expected.json``."""
    return case_file.with_name(case_file.stem + EXPECTED_SUFFIX)


def case_file_outcomes(runs: Iterable[tuple[str, str, Assessment]]) -> dict[str, object]:
    """The golden document of one case file from (case name, as_of, assessment) triples."""
    return {name: {"as_of": as_of, "requirements": outcomes(assessment)} for name, as_of, assessment in runs}
