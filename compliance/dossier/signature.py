"""PAdES signatures on dossiers (pyHanko, the optional `sign` extra; imported only here, only when used).

`sign` appends one incremental revision holding a PAdES baseline signature (CMS, SHA-256) over the whole
PDF as WeasyPrint wrote it. `check` validates every signature the PDF carries: the signed bytes are intact,
the CMS signature is cryptographically valid for the certificate embedded in it, and whether the document
changed after signing (the signature must cover the entire file). That proves the dossier is the one the
holder of that certificate's key signed; it proves **who** only if the certificate chains to a trust root
the reader gives (`--trust CERT.pem`): without one the signer's name is what the certificate claims.
"""

from __future__ import annotations

import io
import logging
import mmap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ComplianceError

FIELD_NAME = "ComplianceDossierSignature"
_MISSING = "signing needs pyHanko: pip install 'compliance[sign]'"


@dataclass(frozen=True)
class SignatureCheck:
    """What one signature establishes."""

    field: str
    signer: str
    intact: bool            # the signed byte ranges hash to the signed digest
    valid: bool             # and the CMS signature verifies with the embedded certificate
    covers_whole_file: bool  # nothing was added or changed after signing
    trusted: bool | None     # chains to a given trust root; None when no trust root was given
    signed_at: str
    problems: tuple[str, ...]


def _pyhanko() -> None:
    try:
        import pyhanko  # noqa: F401
    except ImportError:
        raise ComplianceError(_MISSING) from None
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


def sign(pdf: bytes, key: Path, cert: Path, passphrase: bytes | None = None) -> bytes:
    """The PDF with one more revision holding a PAdES signature by `key` with certificate `cert`."""
    _pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    for path in (key, cert):
        if not path.is_file():
            raise ComplianceError(f"{path}: file not found")
    try:
        signer = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase)  # type: ignore[no-untyped-call]
    except (ValueError, TypeError, OSError) as exc:
        raise ComplianceError(f"{key}, {cert}: cannot load the signing key and certificate ({exc})") from None
    if signer is None:
        raise ComplianceError(f"{key}, {cert}: cannot load the signing key and certificate (PEM or DER, "
                              "unencrypted key)")
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    try:
        out = signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
    except Exception as exc:  # pyHanko raises many kinds (SigningError, PdfWriteError, ValueError, ...)
        raise ComplianceError(f"cannot sign the dossier: {type(exc).__name__}: {exc}") from None
    return bytes(out.getvalue())


def has_signature(pdf: bytes | mmap.mmap) -> bool:
    """Cheap pre-check before importing pyHanko: a signature dictionary has a /ByteRange."""
    return pdf.find(b"/ByteRange") >= 0


def load_trust(paths: Sequence[Path]) -> list[Any]:
    _pyhanko()
    from pyhanko.keys import load_cert_from_pemder

    roots = []
    for path in paths:
        try:
            roots.append(load_cert_from_pemder(str(path)))  # type: ignore[no-untyped-call]
        except (ValueError, TypeError, OSError) as exc:
            raise ComplianceError(f"{path}: not a PEM or DER certificate ({exc})") from None
    return roots


def check(pdf: Path, trust: Sequence[Path] = ()) -> list[SignatureCheck]:
    """Every signature of the PDF, validated offline against the embedded certificate (and `trust`)."""
    _pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader

    roots = load_trust(trust)
    with pdf.open("rb") as handle:
        return _check(PdfFileReader, handle, roots)


def _check(reader_class: Any, handle: Any, roots: list[Any]) -> list[SignatureCheck]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = reader_class(handle, strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # a malformed signature dictionary is bad input, not a traceback
        return [SignatureCheck("?", "?", False, False, False, None, "", (f"unreadable signature: {exc}",))]
    results: list[SignatureCheck] = []
    for embedded in signatures:
        name = str(embedded.field_name)
        try:
            status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))
        except Exception as exc:
            results.append(SignatureCheck(name, "?", False, False, False, None, "",
                                          (f"signature {name}: cannot be validated ({type(exc).__name__}: {exc})",)))
            continue
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        signer = status.signing_cert.subject.human_friendly if status.signing_cert is not None else "?"
        problems: list[str] = []
        if not status.intact:
            problems.append(f"signature {name}: the signed bytes were changed (digest mismatch)")
        elif not status.valid:
            problems.append(f"signature {name}: the signature does not verify with its certificate")
        if not whole:
            problems.append(f"signature {name}: the document was changed after signing (the signature covers "
                            f"{_coverage(status.coverage)}, not the entire file)")
        if roots and not status.trusted:
            problems.append(f"signature {name}: the signer's certificate does not chain to the given trust root(s)")
        signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
        results.append(SignatureCheck(name, signer, bool(status.intact), bool(status.valid), whole,
                                      bool(status.trusted) if roots else None, signed_at, tuple(problems)))
    return results


def _coverage(level: Any) -> str:
    return str(getattr(level, "name", "an unclear part")).lower().replace("_", " ")


def authenticity(checks: Sequence[SignatureCheck]) -> str:
    """One sentence: what the signatures prove (the `authenticity:` line of `--verify`)."""
    if not checks:
        return ("not proven: the dossier is not signed, so anyone could have rebuilt it with other files and a "
                "new consistent manifest; only a signature proves who made it")
    parts = []
    for c in checks:
        if c.problems:
            parts.append(f"NOT established by signature {c.field} ({c.signer})")
        elif c.trusted:
            parts.append(f"signed by {c.signer} at {c.signed_at or 'an unstated time'}, certificate chains to the "
                         "given trust root; the document is unchanged since signing")
        else:
            parts.append(f"signed with the key of the embedded certificate {c.signer!r} at "
                         f"{c.signed_at or 'an unstated time'}; the document is unchanged since signing. This checks "
                         "integrity against the certificate embedded in the signature, not trust in the signer: "
                         "give --trust CA.pem to check the certificate chains to a root you trust")
    return "; ".join(parts)
