"""Real-format evidence documents built in the test run (no checked-in binaries): PDF via weasyprint or
pypdf, DOCX via python-docx. The content reads like what organisations keep: numbered sections, a
header and footer on every page, tables, a signature block."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

Section = tuple[int, str, Sequence[str]]        # (level, title, paragraphs; "a | b" is a table row)

DPIA_EN: list[Section] = [
    (1, "Data Protection Impact Assessment — DischargeWriter", [
        "Controller: Klinikum Nord GmbH, Hamburg. Version 1.2, approved 15 March 2027."]),
    (2, "1. Description of the processing", [
        "DischargeWriter drafts discharge letters from structured ward records. Physicians review every "
        "draft before it is signed and sent to the patient's general practitioner.",
        "Categories of data | Health data, identification data, admission and discharge dates",
        "Retention period | Drafts are deleted after 30 days; signed letters follow the 10-year record duty"]),
    (3, "1.1 Purposes", ["Drafting discharge letters for inpatients of the internal medicine wards."]),
    (3, "1.2 Recipients", ["Treating physicians, the patient's general practitioner, the hosting processor."]),
    (2, "2. Necessity and proportionality", [
        "Only the fields needed for the letter are sent to the model; free-text notes are excluded. "
        "The lawful basis is Art. 9(2)(h) GDPR together with national hospital law."]),
    (2, "3. Risks to the rights and freedoms of data subjects", [
        "R1 Incorrect medication lists in a draft | likelihood medium | severity high",
        "R2 Unauthorised access to ward records through the integration | likelihood low | severity high"]),
    (2, "4. Measures to address the risks", [
        "Mandatory physician sign-off, role-based access, pseudonymised prompts, audit logging, "
        "and quarterly accuracy reviews against a reference set of 400 letters."]),
    (2, "5. Consultation of the data protection officer", [
        "The DPO (dpo@klinikum-nord.example, +49 40 1234 5678) was consulted on 2 March 2027 and "
        "agrees with the residual risk assessment."]),
    (2, "6. Sign-off", ["Signed: Dr. A. Weber, Medical Director, 15 March 2027."]),
]

PIPIA_ZH: list[Section] = [
    (1, "个人信息保护影响评估报告", ["评估对象：出院小结生成服务。版本1.0，2027年3月15日批准。"]),
    (2, "一、个人信息的处理目的和处理方式", ["为住院患者生成出院小结草稿，由主治医师审核后签发。"]),
    (2, "二、处理目的、处理方式的合法性、正当性和必要性", ["仅处理生成出院小结所必需的字段。"]),
    (2, "三、对个人权益的影响及安全风险", ["主要风险为用药信息错误和未经授权的访问，风险等级为中。"]),
    (2, "四、所采取的保护措施", ["医师审核、访问控制、去标识化处理、审计日志。保存期限：30日。"]),
]


def html_document(sections: Sequence[Section], *, bookmarks: bool, lang: str = "en") -> str:
    """HTML as a word processor would export it; without bookmarks the PDF has no outline."""
    font = "font-family: 'Noto Sans SC', sans-serif;" if lang == "zh" else "font-family: serif;"
    css = f"""
      @page {{ size: A4; margin: 2.5cm 2cm;
               @top-center {{ content: "Klinikum Nord — confidential"; font-size: 8pt; }}
               @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }} }}
      body {{ {font} font-size: 10.5pt; line-height: 1.4; }}
      h1 {{ font-size: 18pt; }} h2 {{ font-size: 14pt; }} h3 {{ font-size: 12pt; }}
      h1, h2, h3 {{ {'' if bookmarks else 'bookmark-level: none;'} }}
      td {{ border: 1px solid #999; padding: 2pt 4pt; }}
      .break {{ break-before: page; }}
    """
    parts = [f"<html lang='{lang}'><head><style>{css}</style></head><body>"]
    for index, (level, title, paragraphs) in enumerate(sections):
        cls = " class='break'" if index and level == 2 and index % 3 == 0 else ""
        parts.append(f"<h{level}{cls}>{escape(title)}</h{level}>")
        rows = [p for p in paragraphs if " | " in p]
        parts.extend(f"<p>{escape(p)}</p>" for p in paragraphs if " | " not in p)
        if rows:
            parts.append("<table>" + "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row.split(" | ")) + "</tr>" for row in rows)
                + "</table>")
    parts.append("</body></html>")
    return "".join(parts)


def pdf_bytes(sections: Sequence[Section], *, bookmarks: bool = True, lang: str = "en") -> bytes:
    from weasyprint import HTML

    base = None
    if lang == "zh":
        from compliance.resources import templates_dir
        base = str(templates_dir())
    html = html_document(sections, bookmarks=bookmarks, lang=lang)
    if lang == "zh":
        html = html.replace("<style>", "<style>@font-face { font-family: 'Noto Sans SC'; "
                            "src: url(fonts/NotoSansSC-Regular-GB2312.otf); }", 1)
    return bytes(HTML(string=html, base_url=base).write_pdf())


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF whose pages carry only an image (what a scanner produces): no text layer."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        image = DecodedStreamObject()
        image.set_data(bytes([128]) * 16)
        image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                      NameObject("/Width"): NumberObject(4), NameObject("/Height"): NumberObject(4),
                      NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                      NameObject("/BitsPerComponent"): NumberObject(8)})
        resources = DictionaryObject({NameObject("/XObject"): DictionaryObject(
            {NameObject("/Im0"): writer._add_object(image)})})
        page[NameObject("/Resources")] = resources
        content = DecodedStreamObject()
        content.set_data(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
        page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class DocxParagraph:
    text: str
    style: str = "Normal"


def docx_bytes(sections: Sequence[Section], *, heading_style: str = "Heading {level}") -> bytes:
    """A Word document with heading styles (or custom ones) and tables for `a | b` rows."""
    import docx

    document = docx.Document()
    for level, title, paragraphs in sections:
        document.add_paragraph(title, style=heading_style.format(level=level))
        rows = [p.split(" | ") for p in paragraphs if " | " in p]
        for paragraph in paragraphs:
            if " | " not in paragraph:
                document.add_paragraph(paragraph)
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
