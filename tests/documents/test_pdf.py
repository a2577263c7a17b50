from __future__ import annotations

import io

import pytest

from compliance.documents import Document, Need, Unreadable, assess_section, read_document
from compliance.documents.pdf import MAX_PAGES
from compliance.evidence import unreadable_reason
from compliance.report.locale import message

from . import samples


def read(raw: bytes) -> Document:
    document = read_document(raw, "pdf")
    assert isinstance(document, Document), document
    return document


@pytest.fixture(scope="module")
def dpia_with_outline() -> Document:
    return read(samples.pdf_bytes(samples.DPIA_EN, bookmarks=True))


@pytest.fixture(scope="module")
def dpia_without_outline() -> Document:
    return read(samples.pdf_bytes(samples.DPIA_EN, bookmarks=False))


def test_outline_gives_headings_and_levels(dpia_with_outline: Document) -> None:
    assert dpia_with_outline.notes == ("outline",)
    assert [(h.level, h.title) for h in dpia_with_outline.headings] == [(level, t) for level, t, _ in samples.DPIA_EN]


def test_headings_recovered_from_the_text_layer(dpia_without_outline: Document) -> None:
    document = dpia_without_outline
    assert document.notes == ("recovered headings",)
    assert [h.title for h in document.headings] == [t for _, t, _ in samples.DPIA_EN]
    purposes = document.find(("Description of the processing",))
    assert purposes is not None and [h.title for h in purposes.subheadings] == ["1.1 Purposes", "1.2 Recipients"]


@pytest.mark.parametrize("name", ["dpia_with_outline", "dpia_without_outline"])
def test_text_under_headings_without_page_furniture(name: str, request: pytest.FixtureRequest) -> None:
    document: Document = request.getfixturevalue(name)
    verdict = assess_section(document, ("Consultation of the data protection officer",),
                             [Need("pattern", ("email",)), Need("pattern", ("phone",)), Need("pattern", ("date",))])
    assert verdict.met
    signed = document.find(("Sign-off",))
    assert signed is not None and signed.content == "Signed: Dr. A. Weber, Medical Director, 15 March 2027."
    assert "confidential" not in document.text and "Page 1" not in document.text
    retention = assess_section(document, ("Description of the processing",), [Need("field", ("Retention period",))])
    assert retention.met


def test_chinese_pdf() -> None:
    document = read(samples.pdf_bytes(samples.PIPIA_ZH, bookmarks=False, lang="zh"))
    assert [h.title for h in document.headings] == [t for _, t, _ in samples.PIPIA_ZH]
    verdict = assess_section(document, ("所采取的保护措施",),
                             [Need("field", ("保存期限",)), Need("pattern", ("duration",))])
    assert verdict.met


def test_scanned_pdf_is_unreadable_not_empty() -> None:
    result = read_document(samples.scanned_pdf_bytes(pages=3), "pdf")
    assert isinstance(result, Unreadable) and result.code == "no_text_layer"
    reason = unreadable_reason(result, "pdf")
    assert reason.params["pages"] == 3
    assert "no text layer" in message(f"unreadable.{reason.code}", "en", reason.params)
    assert "无文本层" in message(f"unreadable.{reason.code}", "zh", reason.params)


def test_encrypted_pdf() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples.pdf_bytes(samples.DPIA_EN[:2]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    result = read_document(out.getvalue(), "pdf")
    assert isinstance(result, Unreadable) and result.code == "encrypted"


@pytest.mark.parametrize("raw", [b"%PDF-1.7\n", b"not a pdf at all", b"%PDF-1.4\n1 0 obj <</Type /Catalog", b""])
def test_damaged_pdf_is_unreadable(raw: bytes) -> None:
    result = read_document(raw, "pdf")
    assert isinstance(result, Unreadable) and result.code in ("invalid", "no_text_layer")


def test_page_cap() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(MAX_PAGES + 1):
        writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    result = read_document(out.getvalue(), "pdf")
    assert isinstance(result, Unreadable) and result.code == "too_many_pages"
