"""Each reason a dossier prints is printed once: a check whose alternatives all fail (CN-GAI-20: no public-
opinion attribute, no filing number, no registration number) gives one reason per alternative, all carrying
the rule's one message, and the dossier once printed that sentence three times (issue 16)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from compliance.dossier.html import TemplateHelpers
from compliance.dossier.inputs import DossierInputs, gather
from compliance.dossier.render import dossier_html
from compliance.model import Reason
from compliance.rulesets import load_catalog

from ..conftest import ROOT

EXAMPLE = ROOT / "examples" / "medtriage" / "card.yaml"
AS_OF = "2026-12-05"
SENTENCE = {"en": "A service offered into China from abroad has neither a generative-AI filing number nor a "
                  "registration number; it is exposed to blocking under Art. 20.",
            "zh": "境外向境内提供的服务既无生成式人工智能服务备案号，也无登记编号，"
                  "存在依第二十条被采取技术处置措施的风险。"}


@pytest.fixture(scope="module")
def inputs() -> DossierInputs:
    return gather(EXAMPLE, ("cn-genai",), AS_OF, load_catalog())


def test_the_example_finding_carries_three_reasons_with_one_message(inputs: DossierInputs) -> None:
    finding = next(f for f in inputs.assessment.findings if f.id == "CN-GAI-20")
    assert len(finding.reasons) == 3  # what made the sentence appear three times; if this changes, so may the test
    assert len({str(r.params.get("message")) for r in finding.reasons}) == 1


@pytest.mark.parametrize(("target", "lang"), [("gap-analysis", "en"), ("gap-analysis", "zh"),
                                               ("cn-genai-filing", "zh")])
def test_cn_gai_20_reason_is_printed_once(inputs: DossierInputs, target: str, lang: str) -> None:
    html = dossier_html(inputs, target, lang).html
    rows = re.findall(r"<tr[^>]*>(?:(?!</tr>).)*CN-GAI-20(?:(?!</tr>).)*</tr>", html, re.S)
    assert rows, "CN-GAI-20 is not in the document"
    for row in rows:
        assert row.count(SENTENCE[lang]) <= 1, row
        assert "另有2项" not in row and "2 more" not in row, row
    assert sum(row.count(SENTENCE[lang]) for row in rows) >= 1


def test_distinct_reasons_keep_their_order_and_count(inputs: DossierInputs) -> None:
    finding = next(f for f in inputs.assessment.findings if f.id == "CN-GAI-20")
    other = Reason("field.unmet", {"message": {"en": "Another sentence.", "zh": "另一句。"}})
    mixed = replace(finding, reasons=(*finding.reasons, other, finding.reasons[0]))
    helpers = TemplateHelpers("en", "status")
    assert helpers.reason_lines(mixed) == [SENTENCE["en"], "Another sentence."]


@pytest.mark.parametrize(("target", "lang"), [("gdpr-dpia", "en"), ("gdpr-dpia", "zh"), ("pipl-pipia", "zh"),
                                               ("gap-analysis", "zh"), ("eu-annex-iv", "en")])
def test_every_dossier_words_reasons_as_sentences(target: str, lang: str) -> None:
    """No engine notation (`gdpr.basis.consent = true（推定：…）`) in a document a DPO or a reviewer reads."""
    everything = gather(EXAMPLE, (), AS_OF, load_catalog())
    html = dossier_html(everything, target, lang).html
    html = re.sub(r'<span class="mono[^"]*">[^<]*</span>', "", html)   # ids kept for tracing, set apart
    assert not re.search(r"[a-z_]+\.[a-z_.]+ (=|≠|属于) ", html), target
    assert "（推定：" not in html and "(derived:" not in html and "推导值：" not in html
