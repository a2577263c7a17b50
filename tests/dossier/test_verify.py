"""`compliance dossier --verify`: exit 0 when every embedded file matches, 1 on any mismatch, 2 for bad input."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from compliance.cli import app
from compliance.dossier.render import RenderedDossier


@pytest.fixture
def dossier_file(tmp_path: Path, pdf_of: Callable[[str, str], RenderedDossier]) -> Path:
    rendered = pdf_of("eu-annex-iv", "en")
    assert rendered.pdf is not None
    path = tmp_path / "dossier.pdf"
    path.write_bytes(rendered.pdf)
    return path


def _rewrite(source: Path, target: Path, change: Callable[[PdfWriter], None]) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    change(writer)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _embedded_stream(writer: PdfWriter, name: str) -> object:
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    for index in range(0, len(names), 2):
        if names[index] == name:
            return names[index + 1].get_object()["/EF"]["/F"].get_object()
    raise AssertionError(f"{name} not embedded")


def test_untouched_dossier_verifies(runner: CliRunner, dossier_file: Path) -> None:
    result = runner.invoke(app, ["dossier", "--verify", str(dossier_file)])
    assert result.exit_code == 0, result.output
    assert "ok        evidence/rms.md" in result.output
    assert "match the manifest" in result.output


def test_altered_evidence_is_a_mismatch(runner: CliRunner, dossier_file: Path, tmp_path: Path) -> None:
    def tamper(writer: PdfWriter) -> None:
        stream = _embedded_stream(writer, "evidence/rms.md")
        stream.set_data(b"# Risk management plan\n\nEverything is fine.\n")  # type: ignore[attr-defined]
    bad = _rewrite(dossier_file, tmp_path / "tampered.pdf", tamper)
    result = runner.invoke(app, ["dossier", "--verify", str(bad)])
    assert result.exit_code == 1, result.output
    assert "MISMATCH  evidence/rms.md: SHA-256" in result.output


def test_extra_attachment_is_a_mismatch(runner: CliRunner, dossier_file: Path, tmp_path: Path) -> None:
    bad = _rewrite(dossier_file, tmp_path / "extra.pdf", lambda w: w.add_attachment("passwd", b"root:x:0:0"))
    result = runner.invoke(app, ["dossier", "--verify", str(bad)])
    assert result.exit_code == 1
    assert "passwd: embedded but not in the manifest" in result.output


def test_removed_attachment_is_a_mismatch(runner: CliRunner, dossier_file: Path, tmp_path: Path) -> None:
    def drop(writer: PdfWriter) -> None:
        names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        index = list(names).index("evidence/rms.md")
        del names[index:index + 2]
    bad = _rewrite(dossier_file, tmp_path / "dropped.pdf", drop)
    result = runner.invoke(app, ["dossier", "--verify", str(bad)])
    assert result.exit_code == 1
    assert "evidence/rms.md: listed in the manifest but not embedded" in result.output


def test_evidence_listed_not_attached_verifies_and_is_printed(dossier_file: Path) -> None:
    from compliance.dossier.verify import verify_pdf

    result = verify_pdf(dossier_file)
    assert result.ok, result.problems
    assert [x["evidence_id"] for x in result.manifest["listed"]] == ["lost", "safety", "terms"]
    assert "evidence/terms.md" not in result.checked  # listed, not attached


def test_a_listed_file_attached_after_all_is_a_mismatch(runner: CliRunner, dossier_file: Path,
                                                        tmp_path: Path) -> None:
    bad = _rewrite(dossier_file, tmp_path / "attached.pdf",
                   lambda w: w.add_attachment("evidence/terms.md", b"# User agreement\n"))
    result = runner.invoke(app, ["dossier", "--verify", str(bad)])
    assert result.exit_code == 1
    assert "evidence/terms.md: embedded but not in the manifest" in result.output


def _edit_manifest(dossier_file: Path, target: Path, edit: Callable[[dict[str, object]], None]) -> Path:
    def change(writer: PdfWriter) -> None:
        stream = _embedded_stream(writer, "manifest.json")
        data = json.loads(stream.get_data())  # type: ignore[attr-defined]
        edit(data)
        stream.set_data(json.dumps(data, indent=2).encode("utf-8"))  # type: ignore[attr-defined]
    return _rewrite(dossier_file, target, change)


def test_a_listed_hash_changed_in_the_manifest_is_a_mismatch(runner: CliRunner, dossier_file: Path,
                                                             tmp_path: Path) -> None:
    def swap(data: dict[str, Any]) -> None:
        data["listed"][2]["sha256"] = "0" * 64
    result = runner.invoke(app, ["dossier", "--verify", str(_edit_manifest(dossier_file, tmp_path / "x.pdf", swap))])
    assert result.exit_code == 1
    assert f"evidence/terms.md: the manifest's SHA-256 {'0' * 64} differs from the one the assessment" in result.output
    assert "listed evidence terms: the printed manifest appendix shows another SHA-256" in result.output


def test_evidence_dropped_from_the_listing_is_a_mismatch(runner: CliRunner, dossier_file: Path,
                                                         tmp_path: Path) -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["listed"][2]
    result = runner.invoke(app, ["dossier", "--verify", str(_edit_manifest(dossier_file, tmp_path / "x.pdf", drop))])
    assert result.exit_code == 1
    assert "evidence 'terms' of the assessment is neither attached nor listed" in result.output
    assert "the printed manifest appendix lists SHA-256" in result.output


@pytest.mark.parametrize("content", [b"not a pdf at all", b""])
def test_not_a_pdf_is_bad_input(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    result = runner.invoke(app, ["dossier", "--verify", str(path)])
    assert result.exit_code == 2
    assert "not a readable PDF" in result.output


def test_pdf_without_manifest_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "plain.pdf"
    path.write_bytes(buffer.getvalue())
    result = runner.invoke(app, ["dossier", "--verify", str(path)])
    assert result.exit_code == 2
    assert "no embedded manifest.json" in result.output


def test_missing_file_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["dossier", "--verify", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2
