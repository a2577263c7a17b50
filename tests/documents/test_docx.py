from __future__ import annotations

import io
import zipfile

import pytest

from compliance.documents import Document, Need, Unreadable, assess_section, read_document
from compliance.documents.docx import MAX_UNPACKED_BYTES

from . import samples


def read(raw: bytes) -> Document:
    document = read_document(raw, "docx")
    assert isinstance(document, Document), document
    return document


def test_heading_styles_levels_and_tables() -> None:
    document = read(samples.docx_bytes(samples.DPIA_EN))
    assert [(h.level, h.title) for h in document.headings] == [(level, t) for level, t, _ in samples.DPIA_EN]
    verdict = assess_section(document, ("Description of the processing",),
                             [Need("field", ("Retention period",)), Need("field", ("Categories of data",))])
    assert verdict.met
    risks = document.find(("Risks to the rights",))
    assert risks is not None and "R1 Incorrect medication lists in a draft | likelihood medium" in risks.content


def _custom_styles() -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    house = document.styles.add_style("Company Section", WD_STYLE_TYPE.PARAGRAPH)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    house.element.get_or_add_pPr().append(level)
    derived = document.styles.add_style("Company Subsection", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 2"]
    document.add_paragraph("Risk management process", style="Company Section")
    document.add_paragraph("Hazards are identified in workshops with clinicians.")
    document.add_paragraph("Review", style="Company Subsection")
    document.add_paragraph("The plan is reviewed every six months.")
    document.add_paragraph("风险评估", style="标题 2")
    document.add_paragraph("每季度评估一次。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_outline_levels_custom_and_localised_styles() -> None:
    document = read(_custom_styles())
    assert [(h.level, h.title) for h in document.headings] == [
        (1, "Risk management process"), (2, "Review"), (2, "风险评估")]
    assert assess_section(document, ("Review",), [Need("pattern", ("duration",))]).met


def test_empty_skeleton_docx() -> None:
    document = read(samples.docx_bytes([(1, "Risk management plan", []), (2, "Process", []),
                                        (2, "Review", ["[TODO: how often the plan is reviewed]"])]))
    assert [assess_section(document, (t,)).substantive for t in ("Process", "Review")] == [False, False]


def test_zip_bomb_refused_before_parsing() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    result = read_document(out.getvalue(), "docx")
    assert isinstance(result, Unreadable) and result.code == "archive_too_large"


@pytest.mark.parametrize("raw", [b"PK\x03\x04 truncated", b"plain text", b""])
def test_damaged_docx(raw: bytes) -> None:
    result = read_document(raw, "docx")
    assert isinstance(result, Unreadable) and result.code == "invalid"


def test_zip_that_is_not_word() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = read_document(out.getvalue(), "docx")
    assert isinstance(result, Unreadable) and result.code == "invalid"
