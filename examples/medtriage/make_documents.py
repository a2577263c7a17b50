"""Build the example's Word and signed-PDF evidence from the Markdown in document-sources/.

    python examples/medtriage/make_documents.py

Organisations keep most evidence as signed PDFs and Word files, so the example does too:
evidence/privacy/dpia.pdf (digitally signed, as a DPO signs off a DPIA) and
evidence/eu/risk-management-plan.docx (heading styles, as Word writes them). The outputs are committed so
the example works from a clone; run this only after editing a source. Needs weasyprint and python-docx
(project dependencies) and pyhanko for the signature (`pip install pyhanko`). The signing certificate is a
throw-away self-signed one made here: the signature is structurally real, its signer is fictitious.
"""

from __future__ import annotations

import datetime
import io
import sys
import tempfile
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from compliance.documents.markdown import read_markdown  # noqa: E402

# Fixed so that regenerating gives the same document text (the signature bytes still differ per run).
SIGNED_AT = datetime.datetime(2024, 6, 30, 12, 0, tzinfo=datetime.UTC)
CSS = """@page { size: A4; margin: 2.2cm;
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
         body { font-family: serif; font-size: 10.5pt; } h1 { font-size: 17pt; } h2 { font-size: 13pt; }
         .signature { margin-top: 2em; font-size: 9pt; }"""


def _html(markdown: str, signature_line: str) -> str:
    document = read_markdown(markdown)
    parts = [f"<html><head><style>{CSS}</style></head><body>"]
    if document.preamble:
        parts.append(f"<p>{escape(document.preamble)}</p>")
    for heading in document.headings:
        parts.append(f"<h{heading.level}>{escape(heading.title)}</h{heading.level}>")
        parts.extend(f"<p>{escape(p)}</p>" for p in heading.text.split("\n\n") if p.strip())
    parts.append(f"<p class='signature'>{escape(signature_line)}</p></body></html>")
    return "".join(parts)


def _self_signed(name: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "MedTriage GmbH (example)")])
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(SIGNED_AT - datetime.timedelta(days=1))
                   .not_valid_after(SIGNED_AT + datetime.timedelta(days=3650))
                   .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), True)
                   .sign(key, hashes.SHA256()))
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()),
            certificate.public_bytes(serialization.Encoding.PEM))


def signed_pdf(markdown: str, signer: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from weasyprint import HTML

    line = f"Approved and digitally signed by {signer}, {SIGNED_AT:%d %B %Y}."
    pdf = HTML(string=_html(markdown, line)).write_pdf()
    key, certificate = _self_signed(signer)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "key.pem").write_bytes(key)
        (Path(folder) / "cert.pem").write_bytes(certificate)
        signer_obj = signers.SimpleSigner.load(str(Path(folder) / "key.pem"), str(Path(folder) / "cert.pem"))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = io.BytesIO()
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="DPO", reason="DPIA approved",
                                                          location="Berlin", md_algorithm="sha256"),
                     signer=signer_obj, output=out,
                     new_field_spec=fields.SigFieldSpec("DPO", on_page=-1, box=(60, 60, 260, 110)))
    return out.getvalue()


def word_document(markdown: str) -> bytes:
    import docx

    source = read_markdown(markdown)
    document = docx.Document()
    document.core_properties.created = SIGNED_AT.replace(tzinfo=None)
    for heading in source.headings:
        document.add_heading(heading.title, level=heading.level)
        for paragraph in heading.text.split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(" ".join(paragraph.split("\n")))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    sources = HERE / "document-sources"
    dpia = signed_pdf((sources / "dpia.md").read_text(encoding="utf-8"), "Dr. Jana Novak, Data Protection Officer")
    (HERE / "evidence/privacy/dpia.pdf").write_bytes(dpia)
    plan = word_document((sources / "risk-management-plan.md").read_text(encoding="utf-8"))
    (HERE / "evidence/eu/risk-management-plan.docx").write_bytes(plan)
    print(f"dpia.pdf {len(dpia):,} bytes, risk-management-plan.docx {len(plan):,} bytes")


if __name__ == "__main__":
    main()
