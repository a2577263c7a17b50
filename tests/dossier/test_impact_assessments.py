"""The impact assessments read as the documents themselves: the example's DPIA and PIPIA, read back from the
PDF as a reader (pdftotext) sees them, and the decisions the risk register drives."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import yaml
from pypdf import PdfReader

from compliance.dossier.inputs import gather
from compliance.dossier.render import RenderedDossier, dossier_html
from compliance.rulesets import Catalog

from .conftest import EXAMPLE
from .conftest import EXAMPLE_AS_OF as AS_OF


def pdf_text(pdf: bytes) -> str:
    """The text a reader copies out of the PDF: pdftotext where installed (install.sh --test), else pypdf."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        text = done.stdout.decode("utf-8")
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)  # lines wrap where the page does; phrases are compared, not lines
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


def text_of(rendered: RenderedDossier) -> str:
    assert rendered.pdf is not None
    return pdf_text(rendered.pdf)


def test_dpia_states_its_grounds_from_the_card_facts(example: Callable[[str, str], RenderedDossier]) -> None:
    text = text_of(example("gdpr-dpia", "en"))
    assert "Why an assessment is required (Art. 35(1) and (3))" in text
    assert "Art. 35(3)(b): large-scale processing of special categories" in text
    assert "WP248 criterion 7" in text and "WP248 criterion 8" in text
    assert "decisions with legal or similarly significant effects are based on it (card: no)" in text


def test_dpia_systematic_description_and_transfers(example: Callable[[str, str], RenderedDossier]) -> None:
    text = text_of(example("gdpr-dpia", "en"))
    for heading in ("Nature, scope, context and purposes", "Lawful basis (Art. 6(1) and Art. 9(2))",
                    "Data flows, processors and recipients", "Retention and erasure (Art. 5(1)(e))",
                    "Necessity and proportionality of the processing"):
        assert heading in text
    assert "Excerpt from “data flows” (ropa)" in text
    assert "health or social care (Art. 9(2)(h))" in text
    # the example's only route is China → Germany: an import into the Union, not a Chapter V transfer
    assert "Routes that end in the EEA are not transfers under Chapter V" in text
    assert "mainland China →" not in text


def test_dpia_risks_measures_residual_and_sign_off(example: Callable[[str, str], RenderedDossier]) -> None:
    text = text_of(example("gdpr-dpia", "en"))
    assert "Under-triage: a lower Manchester category" in text
    assert "R8" not in re.findall(r"\bR\d+\b", text)  # the transfer-mechanism risk is PIPL's, not the GDPR's
    assert {"R1", "R2", "R3", "R4", "R5", "R9", "R10"} <= set(re.findall(r"\bR\d+\b", text))
    assert "validation-study Clinical validation study" in text
    assert "prior consultation of the supervisory authority under Art. 36(1) is not required" in text
    assert "Views of data subjects or their representatives (Art. 35(9))" in text
    assert "Advice of the data protection officer (Art. 35(2))" in text
    assert "Review of the assessment (Art. 35(11))" in text
    assert "Controller's sign-off" in text
    assert "[To be completed by the controller:" in text
    assert "Provider" not in text and "provider:" not in text


def _edited_example(tmp_path: Path, edit: Callable[[dict[str, object]], None]) -> Path:
    folder = tmp_path / "medtriage"
    shutil.copytree(EXAMPLE.parent, folder)
    card = folder / "card.yaml"
    data = yaml.safe_load(card.read_text(encoding="utf-8"))
    edit(data)
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return card


def test_a_high_residual_risk_calls_for_prior_consultation(tmp_path: Path, shipped: Catalog) -> None:
    def raise_r1(data: dict[str, object]) -> None:
        risks = data["risks"]
        assert isinstance(risks, list)
        risks[0]["residual"] = "high"
    card = _edited_example(tmp_path, raise_r1)
    html = dossier_html(gather(card, ["gdpr"], AS_OF, shipped), "gdpr-dpia", "en").html
    assert "the controller consults the supervisory authority before the processing starts (Art. 36(1))" in html


def test_without_a_register_the_risk_sections_are_placeholders(tmp_path: Path, shipped: Catalog) -> None:
    card = _edited_example(tmp_path, lambda data: data.pop("risks"))
    rendered = dossier_html(gather(card, ["gdpr"], AS_OF, shipped), "gdpr-dpia", "en")
    assert rendered.html.count("the risk register for this assessment (card field risks") == 3
    assert "the residual risk, and so the Art. 36(1) decision, cannot be stated" in rendered.html


def test_pipia_states_the_art_55_cases_and_follows_gb_t_39335(example: Callable[[str, str], RenderedDossier]) -> None:
    text = text_of(example("pipl-pipia", "zh"))
    assert "需要开展评估的情形（第五十五条；GB/T 39335-2020 5.1 评估必要性分析）" in text
    assert "影响评估情形：处理敏感个人信息（第五十五条第一项）" in text
    assert "影响评估情形：向境外提供个人信息（第五十五条第四项）" in text
    for step in ("数据映射分析", "风险源识别（GB/T 39335-2020 5.4）", "个人权益影响分析", "安全风险综合分析",
                 "风险处置"):
        assert step in text
    assert "个人信息处理者 MedTriage GmbH" in text
    assert "敏感个人信息种类（第二十八条）医疗健康" in text
    # GDPR words do not appear in a PIPL assessment
    for gdpr_word in ("处理个人数据", "特殊类别个人数据", "数据主体", "控制者"):
        assert gdpr_word not in text


def test_pipia_transfers_are_sentences_not_yaml(example: Callable[[str, str], RenderedDossier]) -> None:
    text = text_of(example("pipl-pipia", "zh"))
    assert "中国境内 → 德国" in text
    assert "其中涉及敏感个人信息：15000" in text
    assert "【待补充：由个人信息处理者填写】传输机制（模型卡字段" in text
    assert "mechanism: null" not in text and "from: CN" not in text


def test_pipia_register_levels_and_conclusion(example: Callable[[str, str], RenderedDossier]) -> None:
    text = text_of(example("pipl-pipia", "zh"))
    assert "分诊级别偏低：给出的曼彻斯特分诊级别低于病情所需" in text
    assert "R6" not in text  # the jailbreak risk belongs to the AI Act register only
    assert "下列风险仍为高风险：现有措施尚未与该等风险程度相适应（第五十六条第三项）" in text
    assert "R8 在出境机制尚未落实的情况下" in text
    assert "个人信息保护负责人（签字）" in text
    assert "Under-triage" not in text and "To be completed" not in text
