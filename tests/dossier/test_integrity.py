"""Issue 16: `--verify` catches appended bytes, incremental updates, a consistent attachment+manifest
change (against the embedded assessment and the printed appendix), and checks PAdES signatures."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from compliance.cli import app
from compliance.dossier.render import RenderedDossier
from compliance.dossier.signature import sign


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A signing key and self-signed certificate made here, and a second, unrelated certificate."""
    pytest.importorskip("pyhanko", reason="the signing tests need the 'sign' extra (pyHanko)")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("keys")
    made: dict[str, Path] = {}
    for label in ("signer", "stranger"):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Dossier {label}"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Provider GmbH")])
        start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(start)
                .not_valid_after(start + datetime.timedelta(days=365 * 30))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(True, True, False, False, False, True, True, False, False), critical=True)
                .sign(key, hashes.SHA256()))
        made[f"{label}_key"] = folder / f"{label}.key.pem"
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        made[f"{label}_key"].write_bytes(pem)
        made[f"{label}_cert"] = folder / f"{label}.cert.pem"
        made[f"{label}_cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return made


@pytest.fixture
def dossier_file(tmp_path: Path, pdf_of: Callable[[str, str], RenderedDossier]) -> Path:
    rendered = pdf_of("eu-annex-iv", "en")
    assert rendered.pdf is not None
    path = tmp_path / "dossier.pdf"
    path.write_bytes(rendered.pdf)
    return path


def _verify(runner: CliRunner, path: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["dossier", "--verify", str(path), *extra])
    return result.exit_code, result.output


def test_untouched_dossier_is_one_revision_matching_its_appendix(runner: CliRunner, dossier_file: Path) -> None:
    code, out = _verify(runner, dossier_file)
    assert code == 0, out
    assert "printed manifest appendix matches it" in out
    assert "authenticity: not proven" in out


@pytest.mark.parametrize("tail", [b"garbage", b"\n%PDF-1.7 trailing junk\n", b"1 0 obj\n<<>>\nendobj\n"])
def test_bytes_appended_after_eof_fail(runner: CliRunner, dossier_file: Path, tail: bytes) -> None:
    dossier_file.write_bytes(dossier_file.read_bytes() + tail)
    code, out = _verify(runner, dossier_file)
    assert code == 1, out
    assert "appended after the last %%EOF" in out


def test_trailing_newlines_are_not_appended_bytes(runner: CliRunner, dossier_file: Path) -> None:
    dossier_file.write_bytes(dossier_file.read_bytes() + b"\r\n\n")
    code, out = _verify(runner, dossier_file)
    assert code == 0, out


def _incremental(source: Path, target: Path, change: Callable[[PdfWriter], None]) -> Path:
    writer = PdfWriter(source, incremental=True)
    change(writer)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_incremental_update_fails(runner: CliRunner, dossier_file: Path, tmp_path: Path) -> None:
    def retitle(writer: PdfWriter) -> None:
        writer.add_metadata({"/Title": "Approved by the notified body"})
    updated = _incremental(dossier_file, tmp_path / "updated.pdf", retitle)
    assert updated.read_bytes().startswith(dossier_file.read_bytes())
    code, out = _verify(runner, updated)
    assert code == 1, out
    assert "incremental update: 1 revision(s) appended" in out


def _names(writer: PdfWriter) -> list[object]:
    return writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]  # type: ignore[no-any-return]


def _stream(writer: PdfWriter, name: str) -> object:
    names = _names(writer)
    for index in range(0, len(names), 2):
        if names[index] == name:
            return names[index + 1].get_object()["/EF"]["/F"].get_object()  # type: ignore[attr-defined]
    raise AssertionError(f"{name} not embedded")


def _consistent_change(source: Path, target: Path, also_assessment: bool) -> Path:
    """Replace an evidence file and rewrite manifest.json to match it (and, if asked, the assessment too):
    every embedded hash agrees with the manifest; only what the manifest cannot rewrite is left."""
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    new = b"# Risk management plan\n\nEverything is fine.\n"
    digest = hashlib.sha256(new).hexdigest()
    _stream(writer, "evidence/rms.md").set_data(new)  # type: ignore[attr-defined]
    manifest = json.loads(_stream(writer, "manifest.json").get_data())  # type: ignore[attr-defined]
    for item in manifest["files"]:
        if item["name"] == "evidence/rms.md":
            item["sha256"], item["size"] = digest, len(new)
    if also_assessment:
        report_stream = _stream(writer, "assessment.json")
        report = json.loads(report_stream.get_data())  # type: ignore[attr-defined]
        for record in report["evidence"]:
            if record["path"] == "evidence/rms.md":
                record["sha256"] = digest
        raw = json.dumps(report).encode()
        report_stream.set_data(raw)  # type: ignore[attr-defined]
        for item in manifest["files"]:
            if item["name"] == "assessment.json":
                item["sha256"], item["size"] = hashlib.sha256(raw).hexdigest(), len(raw)
    _stream(writer, "manifest.json").set_data(json.dumps(manifest).encode())  # type: ignore[attr-defined]
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_consistent_attachment_and_manifest_change_fails(runner: CliRunner, dossier_file: Path,
                                                         tmp_path: Path) -> None:
    bad = _consistent_change(dossier_file, tmp_path / "rebuilt.pdf", also_assessment=False)
    code, out = _verify(runner, bad)
    assert code == 1, out
    assert "ok        evidence/rms.md" in out  # the attachment matches the rewritten manifest ...
    assert "evidence/rms.md: the manifest's SHA-256" in out  # ... but not the assessment
    assert "evidence/rms.md: the printed manifest appendix shows another SHA-256" in out  # nor the pages


def test_appendix_mismatch_alone_fails(runner: CliRunner, dossier_file: Path, tmp_path: Path) -> None:
    bad = _consistent_change(dossier_file, tmp_path / "rebuilt.pdf", also_assessment=True)
    code, out = _verify(runner, bad)
    assert code == 1, out
    mismatches = [line for line in out.splitlines() if line.startswith("MISMATCH")]
    assert mismatches and all("printed manifest appendix" in line for line in mismatches), out


def test_signed_dossier_verifies_against_its_certificate(runner: CliRunner, dossier_file: Path,
                                                         keys: dict[str, Path]) -> None:
    signed = dossier_file.with_name("signed.pdf")
    signed.write_bytes(sign(dossier_file.read_bytes(), keys["signer_key"], keys["signer_cert"]))
    code, out = _verify(runner, signed)
    assert code == 0, out
    assert "ok        signature ComplianceDossierSignature: intact" in out
    assert "not trust in the signer" in out and "Dossier signer" in out
    code, out = _verify(runner, signed, "--trust", str(keys["signer_cert"]))
    assert code == 0, out
    assert "chains to the given trust root" in out
    code, out = _verify(runner, signed, "--trust", str(keys["stranger_cert"]))
    assert code == 1, out
    assert "does not chain to the given trust root" in out


def test_signed_dossier_fails_after_any_change(runner: CliRunner, dossier_file: Path, tmp_path: Path,
                                               keys: dict[str, Path]) -> None:
    data = sign(dossier_file.read_bytes(), keys["signer_key"], keys["signer_cert"])
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(data + b"%% a note\n")
    code, out = _verify(runner, appended)
    assert code == 1, out
    assert "changed after signing" in out
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(data)
    updated = _incremental(signed, tmp_path / "updated.pdf", lambda w: w.add_metadata({"/Title": "Changed"}))
    code, out = _verify(runner, updated)
    assert code == 1, out
    assert "changed after signing" in out and "incremental update" in out
    flipped = bytearray(data)
    position = data.index(b"%%EOF") - 200  # inside the signed first revision
    flipped[position] = ord("0") if flipped[position] != ord("0") else ord("1")
    broken = tmp_path / "flipped.pdf"
    broken.write_bytes(bytes(flipped))
    code, out = _verify(runner, broken)
    assert code != 0, out


def test_sign_option_on_the_command_line(runner: CliRunner, demo_env: None, tmp_path: Path,
                                        keys: dict[str, Path]) -> None:
    from .conftest import FIXTURE_CARD as card

    out_pdf = tmp_path / "signed.pdf"
    result = runner.invoke(app, ["dossier", str(card), "--target", "gap-analysis", "-o", str(out_pdf), "--as-of",
                                 "2028-09-01", "--sign", str(keys["signer_key"]), "--cert", str(keys["signer_cert"])])
    assert result.exit_code == 0, result.output
    assert "signed with" in result.output
    code, out = _verify(runner, out_pdf)
    assert code == 0, out
    result = runner.invoke(app, ["dossier", str(card), "--target", "gap-analysis", "-o", str(out_pdf),
                                 "--sign", str(keys["signer_key"])])
    assert result.exit_code == 2 and "go together" in result.output
