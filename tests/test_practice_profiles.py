"""Practice profiles (rulesets of kind practice, e.g. med-llm): chosen by the card or --ruleset, reported
apart, never in the legal score; tunable thresholds; and imported evaluations feeding their findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.errors import ComplianceError
from compliance.evaluation_import import ImportRequest, import_evaluation
from compliance.model import Assessment, Status
from compliance.pipeline import assess_card
from compliance.report.text import summary_line
from compliance.rulesets import Catalog

from .conftest import EXAMPLE
from .evaluation_import.conftest import GARAK, LM_EVAL

AS_OF = "2026-12-05"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    folder = tmp_path / "medtriage"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder / "card.yaml"


def statuses(assessment: Assessment, prefix: str = "MED-") -> dict[str, Status]:
    return {f.id: f.status for f in assessment.findings if f.id.startswith(prefix)}


def without_profiles(card: Path) -> None:
    text = card.read_text()
    card.write_text(text.replace("profiles: [med-llm]\n", ""))


def test_the_card_chooses_the_profile_and_the_legal_score_ignores_it(example: Path, catalog: Catalog) -> None:
    with_profile = assess_card(example, (), AS_OF, catalog)
    assert "med-llm" in with_profile.practice_ids and len(statuses(with_profile)) == 28
    without_profiles(example)
    legal_only = assess_card(example, (), AS_OF, catalog)
    assert not legal_only.practice_ids and not statuses(legal_only)
    assert with_profile.counts() == legal_only.counts()
    assert with_profile.score() == legal_only.score()
    explicit = assess_card(example, ["med-llm"], AS_OF, catalog)
    assert set(statuses(explicit)) == set(statuses(with_profile)) and explicit.law_findings == ()


def test_reports_show_practice_apart(example: Path, catalog: Catalog, runner: CliRunner) -> None:
    assessment = assess_card(example, (), AS_OF, catalog)
    legal, practice = summary_line(assessment, "en").splitlines()
    assert "score" in legal and practice.startswith("practice profiles (not law, not in the score): ")
    assert "实践规范（非法律要求，不计入符合率）" in summary_line(assessment, "zh")
    result = runner.invoke(app, ["check", str(example), "--as-of", AS_OF, "-f", "json"])
    document = json.loads(result.stdout)
    kinds = {r["id"]: r["kind"] for r in document["rulesets"]}
    assert kinds["med-llm"] == "practice" and kinds["eu-ai-act"] == "law"
    law = [f for f in document["findings"] if kinds[f["ruleset"]] == "law"]
    assert document["summary"]["total"] == len(law)
    assert document["summary"]["practice"]["total"] == 28
    table = runner.invoke(app, ["check", str(example), "--as-of", AS_OF, "--ruleset", "med-llm"]).stdout
    version = next(r.version for r in assessment.rulesets if r.id == "med-llm")
    assert f"(med-llm {version}) — practice, not law" in table and "\nmet " not in table
    by_dimension = runner.invoke(app, ["check", str(example), "--as-of", AS_OF, "--group-by", "dimension",
                                       "-f", "md"]).stdout
    assert "Accuracy — practice, not law" in by_dimension


def import_file(catalog: Catalog, file: Path, card: Path) -> str:
    return import_evaluation(ImportRequest(file, card), catalog).action


def test_imported_evaluations_change_the_findings_they_feed(example: Path, catalog: Catalog) -> None:
    """A later lm-evaluation-harness run and a later garak run, imported into a copy of the example, decide
    the benchmark and red-team requirements: the newest result counts, an older passing run does not mask it."""
    before = statuses(assess_card(example, (), AS_OF, catalog))
    assert before["MED-SAF-1"] is Status.MET and before["MED-ACC-1"] is Status.GAP
    folder = example.parent / "evidence" / "evals"
    results = json.loads(LM_EVAL.read_text())
    results["date"] += 14 * 86400                                       # two weeks after the example's run
    for task in results["results"].values():                            # a fine-tune that passes every benchmark
        for metric in ("acc,none", "acc_norm,none"):
            if metric in task:
                task[metric] = 0.7
    newer_results = folder / "results_2026-12-02T14-02-37.000000.json"
    newer_results.write_text(json.dumps(results))
    newer_garak = folder / "release-2.2.report.jsonl"
    newer_garak.write_text(GARAK.read_text().replace("2026-11-19", "2026-12-03"))   # dan bypass on 1 of 5
    assert import_file(catalog, newer_results, example) == "added"
    assert import_file(catalog, newer_garak, example) == "added"
    after = assess_card(example, (), AS_OF, catalog)
    changed = {k: (before[k].value, v.value) for k, v in statuses(after).items() if before[k] is not v}
    assert changed == {"MED-ACC-1": ("gap", "met"), "MED-SAF-1": ("met", "gap")}
    saf = next(f for f in after.findings if f.id == "MED-SAF-1")
    assert [r.params["key"] for r in saf.reasons] == ["dan_dan_11_0__mitigation_mitigationbypass__attack_success_rate"]
    assert saf.reasons[0].params["id"] == "garak-2026-12-03"
    assert after.counts() == assess_card(EXAMPLE, (), AS_OF, catalog).counts()   # the law is not moved


@pytest.mark.parametrize(("addition", "message"), [
    ("profiles: [med-lm]\n", "unknown practice profile 'med-lm' (installed: med-llm)"),
    ("thresholds:\n  med.hallucination_rate:\n    value: 0.1\n    justification: x\n", "unknown threshold"),
    ("thresholds:\n  med.pii_leak_rate_max:\n    value: 5\n    justification: x\n",
     "5 is outside the range of med.pii_leak_rate_max (0 to 1, rate)"),
    ("thresholds:\n  med.pii_leak_rate_max:\n    value: 0.1\n", "justification"),
])
def test_card_profile_and_threshold_mistakes(tmp_path: Path, catalog: Catalog, addition: str, message: str) -> None:
    card = tmp_path / "card.yaml"
    text = EXAMPLE.read_text()
    start, end = text.index("# Practice profile"), text.index("measures:\n")
    card.write_text(text[:start] + addition + text[end:])
    with pytest.raises(ComplianceError) as raised:
        assess_card(card, (), AS_OF, catalog)
    assert message in str(raised.value)


def test_a_requirement_for_whoever_is_in_scope_reads_no_role(catalog: Catalog) -> None:
    """A practice profile names no roles (its regime is `none`): its findings list no `organisation.roles.none`
    among the card fields they read (there is no such answer); a requirement addressed to a role lists its
    regime's role field."""
    assessment = assess_card(EXAMPLE, as_of="2026-11-25", catalog=catalog)
    practice = [f for f in assessment.findings if f.requirement.ruleset == "med-llm"]
    assert practice and all(not f.requirement.applies_to for f in practice)
    assert not [f.requirement.id for f in practice if any(r.path.startswith("organisation.roles.") for r in f.fields)]
    addressed = next(f for f in assessment.findings if f.requirement.id == "EU-AIA-9.1")
    assert "organisation.roles.eu_ai_act" in [f.path for f in addressed.fields]
