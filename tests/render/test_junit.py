"""JUnit XML: valid against tests/schemas/junit.xsd, read back by junitparser as CI servers do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml, Skipped
from typer.testing import CliRunner

from compliance.cli import app
from compliance.render import RenderOptions, renderer
from compliance.rulesets import Catalog

from ..demo_cards import demo_assessment, edited

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "junit.xsd"


@pytest.fixture(scope="module")
def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMA)


def _junit(folder: Path, catalog: Catalog, as_of: str, text: str | None = None, lang: str = "en") -> bytes:
    assessment = demo_assessment(folder, catalog, as_of, text) if text else demo_assessment(folder, catalog, as_of)
    return renderer("junit").render(assessment, RenderOptions(lang=lang, card_uri="sys/card.yaml"))


def _write(folder: Path, data: bytes) -> Path:
    path = folder / "report.xml"
    path.write_bytes(data)
    return path


def test_gaps_fail_manual_and_upcoming_skip_not_applicable_left_out(tmp_path: Path, demo_catalog: Catalog,
                                                                    junit_schema: xmlschema.XMLSchema) -> None:
    text = edited("  physician_review: true\n", "  physician_review: false\n")
    text = text[: text.index("attestations:")]
    data = _junit(tmp_path, demo_catalog, "2028-09-01", text)
    junit_schema.validate(_write(tmp_path, data))
    suite = next(iter(JUnitXml.fromfile(str(_write(tmp_path, data)))))
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (4, 1, 0, 1)
    outcomes = {case.name.split()[0]: case.result for case in suite}
    assert isinstance(outcomes["DEMO-30.1"][0], Failure)
    assert outcomes["DEMO-30.1"][0].type == "critical"
    assert "sys/card.yaml:5" in (outcomes["DEMO-30.1"][0].text or "")
    assert isinstance(outcomes["DEMO-5.1"][0], Skipped)
    assert outcomes["DEMO-5.1"][0].message.startswith("Manual review needed: ")
    assert outcomes["DEMO-9.1"] == [] and outcomes["DEMO-20.1"] == []

    importer = edited("roles: {eu_ai_act: [provider]}", "roles: {eu_ai_act: [importer]}")
    suite = next(iter(JUnitXml.fromfile(str(_write(tmp_path, _junit(tmp_path, demo_catalog, "2028-09-01",
                                                                     importer))))))
    assert "DEMO-9.1" not in {case.name.split()[0] for case in suite}  # not applicable: no test case


def test_upcoming_is_skipped_with_its_date(tmp_path: Path, demo_catalog: Catalog,
                                           junit_schema: xmlschema.XMLSchema) -> None:
    data = _junit(tmp_path, demo_catalog, "2028-01-01")
    junit_schema.validate(_write(tmp_path, data))
    suite = next(iter(JUnitXml.fromfile(str(_write(tmp_path, data)))))
    case = next(c for c in suite if c.name.startswith("DEMO-9.1 "))
    assert isinstance(case.result[0], Skipped)
    assert "2028-08-02" in case.result[0].message
    assert suite.timestamp == "2028-01-01T00:00:00"


def test_unreadable_evidence_is_an_error(tmp_path: Path, demo_catalog: Catalog,
                                         junit_schema: xmlschema.XMLSchema) -> None:
    text = edited("path: evidence/safety.yaml", "path: evidence/broken.yaml")
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "broken.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    data = _junit(tmp_path, demo_catalog, "2028-09-01", text)
    junit_schema.validate(_write(tmp_path, data))
    suite = next(iter(JUnitXml.fromfile(str(_write(tmp_path, data)))))
    case = next(c for c in suite if c.name.startswith("DEMO-20.1 "))
    assert isinstance(case.result[0], Error)


def test_schema_follows_jenkins_junit_10(junit_schema: xmlschema.XMLSchema) -> None:
    minimal = '<testsuites><testsuite name="x" tests="1" failures="0" errors="0"><testcase name="a"/>' \
              '</testsuite></testsuites>'
    junit_schema.validate(minimal)  # junit-10.xsd requires only these
    with pytest.raises(xmlschema.XMLSchemaValidationError, match="skipped"):
        junit_schema.validate(minimal.replace("<testsuites>", '<testsuites skipped="0">'))
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        junit_schema.validate(minimal.replace(' failures="0"', ""))


def test_testsuites_have_no_skipped_and_each_suite_its_own_summary(tmp_path: Path, demo_catalog: Catalog,
                                                                   junit_schema: xmlschema.XMLSchema) -> None:
    import xml.etree.ElementTree as ET

    data = _junit(tmp_path, demo_catalog, "2028-01-01")
    junit_schema.validate(_write(tmp_path, data))
    root = ET.fromstring(data)
    assert "skipped" not in root.attrib
    assert root.get("tests") == str(sum(int(s.get("tests", "0")) for s in root))
    for suite in root:
        out = suite.findtext("system-out") or ""
        assert out.startswith(f"{suite.get('name')}: ")
        counted = sum(int(n) for n in re.findall(r"\d+", out.split(" — ")[0].split(": ", 1)[1]))
        assert counted == int(suite.get("tests", "0"))  # its own counts, not the whole assessment's


def test_chinese_and_deterministic(tmp_path: Path, demo_catalog: Catalog, junit_schema: xmlschema.XMLSchema) -> None:
    first = _junit(tmp_path / "a", demo_catalog, "2029-06-01", lang="zh")
    assert first == _junit(tmp_path / "b", demo_catalog, "2029-06-01", lang="zh")
    junit_schema.validate(_write(tmp_path, first))
    assert "风险管理计划" in first.decode("utf-8")


def test_a_folder_is_one_suite_per_card(tmp_path: Path, demo_env: None, runner: CliRunner,
                                        monkeypatch: pytest.MonkeyPatch, junit_schema: xmlschema.XMLSchema) -> None:
    from ..demo_cards import write_card

    for name in ("a", "b"):
        write_card(tmp_path / "cards" / name)
    (tmp_path / "cards" / "broken.card.yaml").write_text("card_version: 1\nsystem: {name: 1}\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "cards", "--format", "junit", "--as-of", "2029-06-01"])
    assert result.exit_code == 2, result.output
    junit_schema.validate(_write(tmp_path, result.stdout_bytes))
    suites = list(JUnitXml.fromfile(str(_write(tmp_path, result.stdout_bytes))))
    assert [s.name for s in suites] == ["cards/a/card.yaml", "cards/b/card.yaml", "cards/broken.card.yaml"]
    assert {c.classname for c in suites[0]} >= {"compliance.demo"}
    broken = next(iter(suites[2]))
    assert isinstance(broken.result[0], Error)
