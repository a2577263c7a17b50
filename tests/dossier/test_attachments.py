"""Per-target attachments (issue 16): a dossier embeds the evidence its sections and requirements cite, plus
the card, the assessment and the manifest; the card's other evidence is listed by SHA-256, not attached.
Read back from the example's PDFs with pypdf (attachments) and pdftotext (the appendix a reader sees)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from compliance.dossier.render import RenderedDossier
from compliance.dossier.verify import verify_pdf

from .conftest import EXAMPLE
from .test_impact_assessments import pdf_text

TARGETS = [("eu-annex-iv", "en"), ("cn-genai-filing", "zh"), ("gdpr-dpia", "en"), ("pipl-pipia", "zh")]
CARD_EVIDENCE = {str(e["id"]): str(e["path"]) for e in yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["evidence"]}
# Evidence a document of another regime must not carry (ids of the medtriage example).
EU_ONLY = {"nb-cert", "mdr-class", "scope", "classification", "art5", "techdoc", "qms", "capa", "pms", "logging",
           "dpia", "dpo"}
MUST_NOT = {
    "eu-annex-iv": {i for i, p in CARD_EVIDENCE.items() if p.startswith("evidence/cn/")},
    "gdpr-dpia": {i for i, p in CARD_EVIDENCE.items() if p.startswith("evidence/cn/")} | {"pipia"},
    "pipl-pipia": EU_ONLY,
    "cn-genai-filing": EU_ONLY | {"lawful-basis", "ropa", "privacy-notice"},
}
MUST = {
    "eu-annex-iv": {"techdoc", "rms", "pms", "ifu", "oversight", "data-gov"},
    "gdpr-dpia": {"dpia", "ropa", "lawful-basis", "dpo", "privacy-notice", "dpa", "retention"},
    "pipl-pipia": {"pipia", "cn-consent", "deidentification"},
    "cn-genai-filing": {"cn-filing", "cn-self-assessment", "cn-techdoc", "cn-classification", "cn-keywords",
                        "cn-question-bank"},
}
LISTED = {"en": "Other evidence of the card: listed, not attached", "zh": "模型卡所列其他证明材料（仅列明，未随附）"}
REGISTER = {"en": ("Appendix A. Evidence register", "Appendix B. Manifest"),
            "zh": ("附录一证明材料清单", "附录二文件清单")}  # pdf_text drops spaces between hanzi


def _manifest_and_names(rendered: RenderedDossier) -> tuple[dict[str, object], dict[str, bytes]]:
    assert rendered.pdf is not None
    attachments = {name: data[0] for name, data in PdfReader(io.BytesIO(rendered.pdf)).attachments.items()}
    return json.loads(attachments["manifest.json"]), attachments


@pytest.mark.parametrize(("target", "lang"), TARGETS, ids=[t for t, _ in TARGETS])
def test_attachments_are_the_cited_evidence_and_no_other_regimes(example: Callable[[str, str], RenderedDossier],
                                                                 target: str, lang: str) -> None:
    rendered = example(target, lang)
    manifest, attachments = _manifest_and_names(rendered)
    cited = set(rendered.dossier.cited)
    files = manifest["files"]
    assert isinstance(files, list)
    evidence = {f["evidence_id"]: f["name"] for f in files if f["role"] == "evidence"}
    missing = {m["evidence_id"] for m in manifest["missing"]}  # type: ignore[attr-defined]
    # exactly the cited files, each once, plus the card, the assessment and the manifest
    assert set(evidence) | missing == cited
    assert sorted(attachments) == sorted([*evidence.values(), "card.yaml", "assessment.json", "manifest.json"])
    assert len(attachments) == len(cited - missing) + 3 < len(CARD_EVIDENCE)
    assert all(name == CARD_EVIDENCE[i] for i, name in evidence.items())
    assert not (cited & MUST_NOT[target]), sorted(cited & MUST_NOT[target])
    assert MUST[target] <= set(evidence), sorted(MUST[target] - set(evidence))
    # every other evidence file of the card is listed by its SHA-256, never attached
    listed = {x["evidence_id"]: x for x in manifest["listed"]}  # type: ignore[attr-defined]
    assert set(listed) == set(CARD_EVIDENCE) - cited
    assert not {x["name"] for x in listed.values()} & set(attachments)
    records = {r.id: r.sha256 for r in rendered.dossier.assessment.evidence}
    assert all(x["sha256"] == records[i] for i, x in listed.items())


@pytest.mark.parametrize(("target", "lang"), TARGETS, ids=[t for t, _ in TARGETS])
def test_the_appendix_lists_the_rest_by_hash_and_verify_passes(example: Callable[[str, str], RenderedDossier],
                                                               target: str, lang: str, tmp_path: Path) -> None:
    rendered = example(target, lang)
    manifest, _ = _manifest_and_names(rendered)
    assert rendered.pdf is not None
    text = pdf_text(rendered.pdf)
    start, end = REGISTER[lang]
    assert text.count(start) == 2 and text.count(end) == 2  # table of contents, then the appendix
    register = text.split(start)[-1].split(end)[0]
    appendix = text.split(LISTED[lang])[-1]
    assert LISTED[lang] in text
    joined = re.sub(r"\s+", "", appendix)
    for item in manifest["listed"]:  # type: ignore[attr-defined]
        assert item["evidence_id"] in joined, item
        assert item["sha256"] is None or item["sha256"] in joined, item
        assert CARD_EVIDENCE[item["evidence_id"]] not in re.sub(r"\s+", "", register), item  # not in the register
    for evidence_id in MUST_NOT[target]:
        assert CARD_EVIDENCE[evidence_id] not in re.sub(r"\s+", "", register), evidence_id
    path = tmp_path / f"{target}.pdf"
    path.write_bytes(rendered.pdf)
    result = verify_pdf(path)
    assert result.ok, result.problems


@pytest.mark.parametrize(("target", "lang"), TARGETS, ids=[t for t, _ in TARGETS])
def test_dates_in_the_appendix_never_split_across_lines(example: Callable[[str, str], RenderedDossier],
                                                        target: str, lang: str) -> None:
    """A date in the narrow date column reads as one date (not '2026年9月10' over '日')."""
    rendered = example(target, lang)
    assert rendered.pdf is not None
    start, _ = REGISTER[lang]
    appendix = pdf_text(rendered.pdf).split(start)[-1]
    if lang == "zh":
        starts = re.findall(r"\d{4}年[\d月日 ]{0,8}", appendix)
        dates = [s for s in starts if re.match(r"\d{4}年\d{1,2}月\d{1,2}日", s)]
    else:
        starts = re.findall(r"(?<![\w-])\d{4}-[\d\- ]{0,6}", appendix)  # not the dates in file names
        dates = [s for s in starts if re.match(r"\d{4}-\d{2}-\d{2}", s)]
    assert starts and dates == starts, sorted(set(starts) - set(dates))
