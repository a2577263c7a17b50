"""Golden HTML for every dossier target: the exact document the PDF is made from.

Regenerate after an intended change with

    COMPLIANCE_UPDATE_GOLDEN=1 python -m pytest tests/dossier/test_golden.py

and review the diff of tests/golden/dossier/. Ruleset hashes, the assessment file's hash and size and the
tool version are replaced by tokens, so editing the engine-test rulesets' text or bumping the version does
not churn these files.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from compliance.dossier.inputs import DossierInputs
from compliance.dossier.render import RenderedDossier

from ..conftest import TESTS, assert_golden

GOLDEN = TESTS / "golden" / "dossier"
CASES = [("gap-analysis", "en"), ("gap-analysis", "zh"), ("eu-annex-iv", "en"), ("cn-genai-filing", "zh"),
         ("gdpr-dpia", "en"), ("pipl-pipia", "zh")]


def normalise(html: str, rendered: RenderedDossier, inputs: DossierInputs) -> str:
    for ruleset in inputs.assessment.rulesets:
        html = html.replace(ruleset.sha256, "<ruleset-sha256>")
    for item in rendered.manifest.files:
        if item.role == "assessment":
            html = html.replace(item.sha256, "<assessment-sha256>")
            html = re.sub(rf'(assessment\.json</td><td>[^<]*</td><td class="num">){item.size}<', r"\1<size><", html)
    return html.replace(f"compliance {inputs.assessment.tool_version}", "compliance <version>").replace(
        f"compliance（版本{inputs.assessment.tool_version}）", "compliance（版本<version>）")


@pytest.mark.parametrize(("target", "lang"), CASES, ids=[f"{t}-{lang}" for t, lang in CASES])
def test_dossier_html_matches_golden(target: str, lang: str, html_of: Callable[[str, str], RenderedDossier],
                                     fixture_inputs: DossierInputs) -> None:
    rendered = html_of(target, lang)
    actual = normalise(rendered.html, rendered, fixture_inputs)
    path = GOLDEN / f"{target}-{lang}.html"
    assert_golden(path, actual)
