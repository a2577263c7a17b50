"""`compliance diff`: regressions first, improvements, new/removed requirements, ruleset changes;
exit 1 on a regression, 2 on input that is not an assessment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.diff import compare, load_assessment
from compliance.errors import ComplianceError
from compliance.render import RenderOptions, renderer
from compliance.rulesets import Catalog

from .demo_cards import demo_assessment, edited


def _write_assessment(folder: Path, catalog: Catalog, as_of: str, text: str | None = None) -> Path:
    assessment = demo_assessment(folder, catalog, as_of, text) if text else demo_assessment(folder, catalog, as_of)
    path = folder / f"assessment-{as_of}.json"
    path.write_bytes(renderer("json").render(assessment, RenderOptions()))
    return path


@pytest.fixture
def pair(tmp_path: Path, demo_catalog: Catalog) -> tuple[Path, Path]:
    """All met as of 2028-09-01; a year later the risk plan is stale and physician review is off."""
    old = _write_assessment(tmp_path / "old", demo_catalog, "2028-09-01")
    text = edited("  physician_review: true\n", "  physician_review: false\n")
    new = _write_assessment(tmp_path / "new", demo_catalog, "2029-06-01", text)
    return old, new


def test_regressions_first_in_severity_order(pair: tuple[Path, Path]) -> None:
    old, new = pair
    result = compare(old, load_assessment(old), new, load_assessment(new))
    assert [(c.id, c.old, c.new) for c in result.regressions] == [("DEMO-30.1", "met", "gap"),
                                                                   ("DEMO-9.1", "met", "gap")]
    assert result.improvements == () and result.added == () and result.removed == ()
    assert result.has_regressions
    reverse = compare(new, load_assessment(new), old, load_assessment(old))
    assert [c.id for c in reverse.improvements] == ["DEMO-30.1", "DEMO-9.1"]
    assert not reverse.has_regressions


def test_added_removed_and_ruleset_changes(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair
    data: dict[str, Any] = json.loads(new.read_text())
    data["findings"] = [f for f in data["findings"] if f["id"] != "DEMO-5.1"]
    extra = dict(data["findings"][0], id="DEMO-99.1", status="gap")
    data["findings"].append(extra)
    data["rulesets"][0]["version"] = "1.1.0"
    data["rulesets"][0]["sha256"] = "0" * 64
    edited_path = tmp_path / "edited.json"
    edited_path.write_text(json.dumps(data))
    result = compare(old, load_assessment(old), edited_path, load_assessment(edited_path))
    assert [(c.id, c.old, c.new) for c in result.added] == [("DEMO-99.1", None, "gap")]
    assert [(c.id, c.old, c.new) for c in result.removed] == [("DEMO-5.1", "attested", None)]
    shipped = json.loads(old.read_text())["rulesets"][0]["version"]   # the demo ruleset's current version
    assert [(r.id, r.old_version, r.new_version) for r in result.rulesets] == [("demo", shipped, "1.1.0")]


def test_cli_table_md_json_and_exit_codes(pair: tuple[Path, Path], runner: CliRunner) -> None:
    old, new = pair
    table = runner.invoke(app, ["diff", str(old), str(new)])
    assert table.exit_code == 1
    assert table.stdout.index("Regressed (2)") < table.stdout.index("DEMO-30.1") < table.stdout.index("DEMO-9.1")
    assert "met → gap" in table.stdout
    assert "2 regressed, 0 improved" in table.stdout
    markdown = runner.invoke(app, ["diff", str(new), str(old), "--format", "md", "--lang", "zh"])
    assert markdown.exit_code == 0
    assert "## 改进 (2)" in markdown.stdout and "差距 → 已满足" in markdown.stdout
    as_json = runner.invoke(app, ["diff", str(old), str(new), "-f", "json"])
    document = json.loads(as_json.stdout)
    assert as_json.exit_code == 1
    assert document["schema"] == "compliance-diff/1" and document["regressed"] is True
    assert [c["id"] for c in document["regressions"]] == ["DEMO-30.1", "DEMO-9.1"]
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.exit_code == 0 and "No requirement changed status." in same.stdout


@pytest.mark.parametrize(("content", "expected"), [
    ("not json", "invalid JSON"),
    ('{"schema": "other"}', "not a compliance assessment"),
    ("[1, 2]", "not a compliance assessment"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, pair: tuple[Path, Path], runner: CliRunner,
                                          content: str | bytes, expected: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = runner.invoke(app, ["diff", str(bad), str(pair[1])])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_violations_are_listed(pair: tuple[Path, Path], tmp_path: Path) -> None:
    data = json.loads(pair[0].read_text())
    data["findings"][0]["status"] = "great"
    del data["as_of"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(ComplianceError) as caught:
        load_assessment(bad)
    shown = str(caught.value)
    assert "'great' is not one of" in shown and "'as_of' is a required property" in shown


def test_missing_file(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["diff", str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert result.exit_code == 2 and "assessment file not found" in result.stderr


def _as_schema_2(document: dict[str, Any]) -> dict[str, Any]:
    """A `--with-catalog` document written the way schema compliance-assessment/2 wrote it."""
    catalog, fields = document.pop("catalog"), document.pop("fields")
    old = dict(document, schema="compliance-assessment/2")

    def reads(paths: list[str]) -> list[dict[str, Any]]:
        return [{"path": p, **fields[p]} for p in paths]

    old["facts"] = [{"title": catalog["facts"][f["id"]]["title"], "citation": catalog["facts"][f["id"]]["citation"],
                     "interpretation": catalog["facts"][f["id"]]["interpretation"],
                     "fields": reads(f.get("fields", [])),
                     **{k: f[k] for k in ("id", "ruleset", "value", "reasons")}} for f in document["facts"]]
    evidence = {e["id"]: e for e in document["evidence"]}
    old["findings"] = []
    for f in document["findings"]:
        text = catalog["requirements"][f["id"]]
        dates = f["effective"]
        old["findings"].append({
            **{k: f[k] for k in ("id", "ruleset", "status", "reasons", "severity")},
            **{k: text[k] for k in ("title", "citation", "remediation", "dimensions", "interpretation",
                                    "interpretation_note", "crosswalk")},
            "effective": {"from": dates["from"], "amended_from": dates.get("amended_from"),
                          "amended_by": dates.get("amended_by"),
                          "applies_from": dates.get("applies_from", dates["from"]),
                          "until": dates.get("until"), "note": text["effective_notes"][dates.get("case", -1) + 1],
                          "interpretation": dates.get("interpretation", False)},
            "evidence": [{"id": u["id"], "kind": evidence[u["id"]]["kind"], "path": evidence[u["id"]]["path"],
                          "sha256": evidence[u["id"]]["sha256"], "date": evidence[u["id"]]["date"],
                          "satisfied": u["satisfied"]} for u in f.get("evidence", [])],
            "fields": reads(f.get("fields", [])), "facts": f.get("facts", []), "questions": f.get("questions", []),
            "waiver": f.get("waiver"), "attestation": f.get("attestation")})
    return old


def test_an_assessment_of_the_previous_schema_is_still_read(pair: tuple[Path, Path], tmp_path: Path,
                                                            demo_catalog: Catalog) -> None:
    """Schema 3 (issue 19) moved the rulesets' words out of each finding; `diff` reads schema 2 files as well."""
    new = pair[1]
    assessment = demo_assessment(tmp_path / "v2", demo_catalog, "2028-09-01")
    document = json.loads(renderer("json").render(assessment, RenderOptions(with_catalog=True)))
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps(_as_schema_2(document), ensure_ascii=False))
    result = compare(v2, load_assessment(v2), new, load_assessment(new))
    assert [(c.id, c.old, c.new) for c in result.regressions] == [("DEMO-30.1", "met", "gap"),
                                                                   ("DEMO-9.1", "met", "gap")]
    assert result.regressions[1].title.get("en") == "Risk management plan"


def test_titles_come_from_the_catalog_block_when_written(pair: tuple[Path, Path], tmp_path: Path,
                                                         demo_catalog: Catalog) -> None:
    old = pair[0]
    assessment = demo_assessment(tmp_path / "later", demo_catalog, "2029-06-01",
                                 edited("  physician_review: true\n", "  physician_review: false\n"))
    document = json.loads(renderer("json").render(assessment, RenderOptions(with_catalog=True)))
    document["catalog"]["requirements"]["DEMO-9.1"]["title"] = {"en": "Plan as the file says"}
    path = tmp_path / "with-catalog.json"
    path.write_text(json.dumps(document))
    result = compare(old, load_assessment(old), path, load_assessment(path))
    assert {c.id: c.title.get("en") for c in result.regressions}["DEMO-9.1"] == "Plan as the file says"
