"""Hostile card and evidence text: nothing is fetched, everything is escaped, nothing extra is embedded."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from compliance.dossier.fetcher import SandboxFetcher
from compliance.dossier.pdf import write_pdf
from compliance.dossier.render import dossier_pdf
from compliance.resources import templates_dir
from compliance.rulesets import Catalog

from .conftest import FIXTURE_CARD, inputs_for

HOSTILE = ('<img src="file:///etc/passwd"> <a rel="attachment" href="file:///etc/passwd">x</a> '
           '<img src="http://127.0.0.1:9/x.png"> <link rel="stylesheet" href="http://127.0.0.1:9/s.css">')


def _annotated_files(reader: PdfReader) -> list[object]:
    return [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])
            if a.get_object().get("/Subtype") == "/FileAttachment"]


@pytest.fixture
def hostile_card(tmp_path: Path) -> Path:
    folder = tmp_path / "card"
    shutil.copytree(FIXTURE_CARD.parent, folder)
    card = folder / "card.yaml"
    text = card.read_text(encoding="utf-8").replace("Suggests an urgency level", f"{HOSTILE} Suggests an urgency level")
    card.write_text(text.replace("name: 问诊助手 TriageBot", f"name: '{HOSTILE}'"), encoding="utf-8")
    rms = folder / "evidence" / "rms.md"
    rms.write_text(rms.read_text(encoding="utf-8").replace("Hazards are identified", f"{HOSTILE} Hazards"),
                   encoding="utf-8")
    return card


def test_hostile_text_is_escaped_and_nothing_is_fetched(hostile_card: Path, test_catalog: Catalog) -> None:
    rendered = dossier_pdf(inputs_for(hostile_card, test_catalog), "eu-annex-iv", "en")
    assert rendered.pdf is not None
    assert rendered.refused == ()  # escaped text never becomes an element, so nothing was even asked for
    assert '<img src="file:' not in rendered.html and '<a rel="attachment"' not in rendered.html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in rendered.html
    reader = PdfReader(io.BytesIO(rendered.pdf))
    expected = {f.name for f in rendered.manifest.files} | {"manifest.json"}
    assert set(reader.attachments) == expected
    assert not _annotated_files(reader)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "file:///etc/passwd" in text  # shown as text, in the cover and the quoted evidence
    assert "root:x:" not in text


def test_sandbox_refuses_what_escaping_would_have_let_through() -> None:
    """Even raw HTML (as if escaping failed) cannot read files, reach the network or attach anything."""
    html = f"<html><body><p>{HOSTILE}</p><p style=\"background: url('file:///etc/hostname')\">x</p></body></html>"
    output = write_pdf(html, [], b"{}", "2028-01-01")
    assert "file:///etc/passwd" in output.refused
    assert "http://127.0.0.1:9/x.png" in output.refused
    reader = PdfReader(io.BytesIO(output.data))
    assert set(reader.attachments) == {"manifest.json"}
    assert not _annotated_files(reader)


def test_fetcher_serves_only_the_fonts_folder(tmp_path: Path) -> None:
    fonts = templates_dir() / "fonts"
    fetcher = SandboxFetcher(fonts)
    font = next(fonts.glob("*.otf"))
    assert fetcher.fetch(font.as_uri()).read(4) == b"OTTO"
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x", (fonts / ".." / "dossier" / "dossier.css").as_uri(),
                "file://evil.example/etc/passwd"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    (tmp_path / "fonts").mkdir()
    link = tmp_path / "fonts" / "passwd.otf"
    link.symlink_to("/etc/passwd")
    with pytest.raises(ValueError, match="refused"):
        SandboxFetcher(tmp_path / "fonts").fetch(link.as_uri())
