"""`compliance rulesets lint` and `lock`: every ruleset problem of every severity, and the case coverage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .cases import load_cases
from .errors import ComplianceError, Problem
from .model import Ruleset
from .requirement_cases import coverage_problems
from .resources import rulesets_dir
from .ruleset_checks import read_lock
from .rulesets import LOCK_FILE, Catalog, read_rulesets


def _case_problems(ruleset: Ruleset, catalog: Catalog) -> Iterator[Problem]:
    try:
        cases = load_cases(ruleset)
    except ComplianceError as exc:
        yield from exc.problems or (Problem(f"rulesets/{ruleset.id}/cases", None, "", exc.message),)
        return
    for case in cases:
        for requirement_id in case.expect:
            if requirement_id not in catalog.requirements:
                yield Problem(case.source, case.line, case.name, f"unknown requirement {requirement_id!r}")
            elif catalog.requirements[requirement_id].ruleset != ruleset.id:
                yield Problem(case.source, case.line, case.name,
                              f"{requirement_id} belongs to another ruleset; cases run one ruleset")
    for q, message in coverage_problems(ruleset, cases):
        yield Problem(q.source, q.line, q.id, message, "lint")


def lint_rulesets(root: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Every problem of every severity across the rulesets (read afresh, not from the cache), and the
    case coverage; the catalog when it could be built."""
    loaded = read_rulesets((root or rulesets_dir()).resolve())
    problems = list(loaded.problems)
    if loaded.catalog is not None:
        for ruleset in loaded.catalog.rulesets:
            problems.extend(_case_problems(ruleset, loaded.catalog))
    return loaded.catalog, sorted(set(problems), key=lambda p: (p.source, p.line or 0, p.path, p.message))


def lock_versions(root: Path | None = None) -> list[str]:
    """Record each ruleset's content hash under its (new) version in versions.lock; what was recorded.

    A version already recorded with other content is refused: the content changed without a version bump.
    """
    loaded = read_rulesets((root or rulesets_dir()).resolve())
    changed: list[str] = []
    for ex in loaded.expanded:
        recorded = read_lock(ex)
        version = ex.header["version"]
        if recorded.get(version) == ex.source.sha256:
            continue
        if version in recorded:
            raise ComplianceError(f"{ex.header['id']}: version {version} is already recorded with other content; "
                                  "bump `version` in ruleset.yaml first")
        recorded[version] = ex.source.sha256
        lines = [f'"{v}": {h}' for v, h in sorted(recorded.items(), key=lambda kv: _version_key(kv[0]))]
        header = "# version → SHA-256 of the ruleset's content; written by `compliance rulesets lock`\n"
        (ex.source.folder / LOCK_FILE).write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
        changed.append(f"{ex.header['id']} {version}")
    return changed


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())
