"""The eu-fria target (AI Act Art. 27) on the hospital-deployer example: the sections of Art. 27(1)(a)-(f) and
27(2)-(4) read back from the PDF in English and Chinese, the risk register with the rights concerned, what is
attached, and the applicability guard (Art. 27(1): which deployers, Art. 6(2) systems, never Annex III point 2)."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from compliance.cli import app
from compliance.dossier.render import RenderedDossier
from compliance.rulesets import Catalog

from ..conftest import ROOT
from .conftest import example_renderer
from .test_impact_assessments import pdf_text

HOSPITAL = ROOT / "examples" / "hospital-deployer" / "card.yaml"
AS_OF = "2028-03-01"  # after 2 Dec 2027, when Art. 27 applies to Annex III systems (Art. 113(c) as amended)


@pytest.fixture(scope="module")
def fria(shipped: Catalog) -> Callable[[str, str], RenderedDossier]:
    return example_renderer(HOSPITAL, AS_OF, shipped)


def _text(rendered: RenderedDossier) -> str:
    assert rendered.pdf is not None
    return pdf_text(rendered.pdf)


def test_english_fria_follows_art_27(fria: Callable[[str, str], RenderedDossier]) -> None:
    rendered = fria("eu-fria", "en")
    text = _text(rendered)
    for heading in ("Fundamental rights impact assessment", "Why the assessment is required (Art. 27(1))",
                    "in line with its intended purpose (Art. 27(1)(a))", "frequency with which", "(Art. 27(1)(b))",
                    "likely to be affected by its use in this context (Art. 27(1)(c))",
                    "taking into account the provider's information under Art. 13 (Art. 27(1)(d))",
                    "human oversight measures according to the instructions for use (Art. 27(1)(e))",
                    "including internal governance and complaint mechanisms (Art. 27(1)(f))",
                    "(Art. 27(2))", "Notification of the market surveillance authority (Art. 27(3))",
                    "Relation to the data protection impact assessment (Art. 27(4))", "Deployer's sign-off"):
        assert heading in text, heading
    # the grounds, from the card's facts: a private entity providing public services, Annex III 5(d)
    assert "private entity providing public services (recital 96 names healthcare) (card: yes)" in text
    assert "an Annex III point other than point 2 (card: 5(d))" in text
    # the deployer's own document, the provider's Art. 13 information, the register with the rights concerned
    assert "About 38,000 emergency attendances a year" in text
    assert "Excerpt from “Known and foreseeable risks” (ifu)" in text
    assert "right to life (Charter Art. 2)" in text and "non-discrimination (Charter Art. 21)" in text
    # the AI Office template is not published: said, never imitated
    assert "It was not published when this outline was written, so this document is not that template" in text
    assert "MSA-FRIA-2028-0042" not in text  # the notification record is cited and attached, not quoted
    assert rendered.dossier.placeholder_count == 2  # the sign-off: signature and date
    assert "Not applicable" in text and "Attested" in text


def test_chinese_fria_uses_the_glossary_terms_and_no_english_prose(fria: Callable[[str, str], RenderedDossier]
                                                                   ) -> None:
    text = _text(fria("eu-fria", "zh"))
    for phrase in ("基本权利影响评估报告", "部署者（deployer）", "市场监督管理机关", "人工监督", "投诉机制",
                   "第27条第1款(a)项", "第27条第3款", "尚未发布", "数据保护影响评估",
                   "生命权（《基本权利宪章》第2条）"):
        assert phrase in text, phrase
    for english in ("Deployer processes", "Fundamental rights", "About 38,000", "Known and foreseeable risks",
                    "To be completed", "Evidence:", "Source:"):
        assert english not in text, english
    assert text.count("该部分原文为外文") == text.count("全文见所附证明材料")  # one note per file, not per quote
    assert "本报告不予转录；全文见所附证明材料ifu（evidence/instructions-for-use.md）。该部分原文为外文" not in text


def test_fria_attaches_the_deployer_documents(fria: Callable[[str, str], RenderedDossier]) -> None:
    rendered = fria("eu-fria", "en")
    assert rendered.pdf is not None
    names = set(PdfReader(io.BytesIO(rendered.pdf)).attachments)
    for name in ("evidence/fria.md", "evidence/fria-notification.md", "evidence/dpia.md",
                 "evidence/instructions-for-use.md", "evidence/complaints-mechanism.md", "card.yaml",
                 "assessment.json", "manifest.json"):
        assert name in names, name


def _dossier(card: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["dossier", str(card), "--target", "eu-fria", "--as-of", AS_OF,
                                      "--format", "html", "-o", str(card.parent / "out.html"), *extra])
    return result.exit_code, result.output


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "hospital"
    shutil.copytree(HOSPITAL.parent, folder)
    card = folder / "card.yaml"
    text = card.read_text(encoding="utf-8")
    assert old in text
    card.write_text(text.replace(old, new, 1), encoding="utf-8")
    return card


def test_the_example_renders_from_the_cli(tmp_path: Path) -> None:
    code, out = _dossier(_edited(tmp_path, "size: large", "size: large"))
    assert code == 0, out


@pytest.mark.parametrize(("old", "new", "why"), [
    ("  provides_public_services: true", "  provides_public_services: false",
     "Deployer that must carry out a FRIA does not hold"),
    ('  annex_iii: ["5(d)"]', '  annex_iii: ["2"]', "Listed in Annex III other than point 2"),
    ('  annex_iii: ["5(d)"]', "  annex_iii: []", "High-risk via Art. 6(2) and Annex III does not hold"),
    ("eu_ai_act: [deployer]", "eu_ai_act: [provider]", "Deployer that must carry out a FRIA does not hold"),
], ids=["private-without-public-service", "annex-iii-point-2", "art-6-1-device-only", "provider-not-deployer"])
def test_fria_is_refused_where_art_27_does_not_ask_for_it(tmp_path: Path, old: str, new: str, why: str) -> None:
    card = _edited(tmp_path, old, new)
    code, out = _dossier(card)
    assert code == 2 and "eu-fria is not required for this system" in out and why in re.sub(r"\s+", " ", out), out
    code, out = _dossier(card, "--force")
    assert code == 0, out
    assert "Not required for this system" in (card.parent / "out.html").read_text(encoding="utf-8")


def test_a_credit_scoring_deployer_needs_a_fria_without_providing_public_services(tmp_path: Path) -> None:
    card = _edited(tmp_path, '  annex_iii: ["5(d)"]', '  annex_iii: ["5(b)"]')
    card.write_text(card.read_text(encoding="utf-8").replace("  provides_public_services: true",
                                                             "  provides_public_services: false"), encoding="utf-8")
    code, out = _dossier(card)
    assert code == 0, out
