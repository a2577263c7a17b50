"""The dimension scorecard (issue 15): per alignment dimension, legal findings beside practice-profile
findings — in the terminal (`check --group-by dimension`), as one SVG figure per dimension in the HTML
report and in the gap-analysis PDF. Counts are recomputed here from the findings, independently."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from compliance.dossier.inputs import DossierInputs
from compliance.dossier.render import dossier_pdf, screen_report
from compliance.model import DIMENSIONS, Assessment, Status
from compliance.pipeline import assess_card
from compliance.render import RenderOptions
from compliance.render.grid import text_width
from compliance.render.table import TableRenderer
from compliance.report.locale import message

from ..conftest import EXAMPLE
from .standalone import check_standalone

AS_OF = "2026-11-25"
FOLD = {Status.MET: "met", Status.ATTESTED: "met", Status.GAP: "gap", Status.ERROR: "gap",
        Status.MANUAL: "manual", Status.WAIVED: "waived", Status.UPCOMING: "upcoming",
        Status.NOT_APPLICABLE: "not_applicable"}
ZH = {"accuracy": "准确性", "safety": "安全性", "interpretability": "可解释性", "fairness": "公平性",
      "privacy": "隐私性", "accountability": "可追责性"}  # Liu, Huang & Zhang 2024, section 3.1-3.6


@pytest.fixture(scope="module")
def assessment() -> Assessment:
    return assess_card(EXAMPLE, (), AS_OF)


def expected(assessment: Assessment, dimension: str, practice: bool) -> Counter[str]:
    """Counts of one side, straight from the findings: practice = rulesets of kind practice."""
    kinds = {r.id: r.kind for r in assessment.rulesets}
    return Counter(FOLD[f.status] for f in assessment.findings if dimension in f.requirement.dimensions
                   and (kinds[f.requirement.ruleset] == "practice") == practice)


def figures(html: str) -> dict[str, ET.Element]:
    found = re.findall(r'<svg class="scorecard-figure".*?</svg>', html, flags=re.S)
    parsed = [ET.fromstring(svg) for svg in found]
    return {svg.attrib["data-dimension"]: svg for svg in parsed}


def test_example_has_both_sides_and_every_dimension(assessment: Assessment) -> None:
    for dimension in DIMENSIONS:
        assert sum(expected(assessment, dimension, False).values()) > 0
        assert sum(expected(assessment, dimension, True).values()) > 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_report_has_one_svg_per_dimension_with_its_counts(assessment: Assessment, lang: str) -> None:
    html = screen_report(assessment, lang, "dimension")
    check_standalone(html)
    shown = figures(html)
    assert list(shown) == list(DIMENSIONS)
    for dimension, svg in shown.items():
        sides = svg.findall("{*}g") or svg.findall("g")
        assert [g.attrib["data-side"] for g in sides] == ["law", "practice"]  # side by side, law first
        for g in sides:
            want = expected(assessment, dimension, g.attrib["data-side"] == "practice")
            got = {k[5:]: int(v) for k, v in g.attrib.items()
                   if k.startswith("data-") and k[5:] in FOLD.values()}
            assert got == {b: want.get(b, 0) for b in got}, (dimension, g.attrib["data-side"])
            assert sum(got.values()) == sum(want.values())  # no bucket left out
            # the bar draws each non-zero count, proportional to the side's total
            widths = {float(r.attrib["width"]) for r in g.iter() if r.tag.endswith("rect")}
            assert 154.0 in widths
        title = "".join(svg.itertext())
        assert (ZH[dimension] if lang == "zh" else dimension.capitalize()) in title


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figure_labels_count_met_and_gap_and_only_the_other_statuses_that_occur(assessment: Assessment,
                                                                               lang: str) -> None:
    """'met 8 · gap 1', not 'met 8 · gap 1 · manual 0 · waived 0 · upcoming 0 · n/a 0' (issue 15)."""
    label = {message(f"status_short.{b}", lang): b for b in set(FOLD.values())}
    html = screen_report(assessment, lang, "dimension")
    for dimension, svg in figures(html).items():
        for g in svg:
            if not g.tag.endswith("g"):
                continue
            printed: dict[str, int] = {}
            for line in ("".join(t.itertext()) for t in g if t.tag.endswith("text")):
                items = [re.fullmatch(r"(\S+) (\d+)", item) for item in line.split(" · ")]
                printed.update({label[m[1]]: int(m[2]) for m in items if m and m[1] in label})
            want = expected(assessment, dimension, g.attrib["data-side"] == "practice")
            assert printed == {b: want.get(b, 0) for b in FOLD.values() if b in ("met", "gap") or want.get(b)}, (
                dimension, g.attrib["data-side"], printed)


def test_screen_figures_scale_to_the_column_and_print_keeps_its_size(assessment: Assessment) -> None:
    """On screen a figure is as wide as the text column allows (it is vector: it stays crisp); in print
    (PDF) it keeps the size it is drawn at."""
    html = screen_report(assessment, "en", "dimension")
    rule = re.search(r"html\.medium-screen svg\.scorecard-figure \{([^}]*)\}", html)
    assert rule and "width: 100%" in rule.group(1) and "height: auto" in rule.group(1), rule
    assert not re.search(r"(^|\n)\s*svg\.scorecard-figure \{[^}]*width", html)  # print: the svg's own width


def test_practice_never_enters_the_legal_side(assessment: Assessment) -> None:
    html = screen_report(assessment, "en", "dimension")
    law = [g for svg in figures(html).values() for g in svg if g.attrib.get("data-side") == "law"]
    total_law = sum(int(g.attrib["data-met"]) for g in law)
    assert total_law == sum(expected(assessment, d, False)["met"] for d in DIMENSIONS)
    practice_met = sum(expected(assessment, d, True)["met"] for d in DIMENSIONS)
    assert practice_met and total_law != total_law + practice_met


def _terminal(assessment: Assessment, lang: str, width: int) -> list[str]:
    out = TableRenderer().render(assessment, RenderOptions(lang=lang, group_by="dimension", width=width))
    lines = out.decode("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("Alignment dimensions", "对齐维度记分卡")))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return lines[start:end]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 100])
def test_terminal_scorecard_fits_and_counts(assessment: Assessment, lang: str, width: int) -> None:
    block = _terminal(assessment, lang, width)
    table = block[:-2 if lang == "en" else -1]  # the notes wrap at the console width
    assert all(text_width(line) <= width for line in block), "\n".join(block)
    dims = [ZH[d] if lang == "zh" else d.capitalize() for d in DIMENSIONS]
    rows = [line for line in table if line.split() and line.split()[0] in dims]
    assert [r.split()[0] for r in rows] == dims
    side_by_side = width == 100
    for dimension, row in zip(DIMENSIONS, rows, strict=True):
        numbers = [int(n) for n in re.findall(r"(?<![\d%])\d+(?![\d%])", row)]
        law = expected(assessment, dimension, False)
        assert numbers[:2] == [law["met"], law["gap"]], row
        if side_by_side:  # the practice side on the same row
            practice = expected(assessment, dimension, True)
            assert practice["met"] in numbers[6:], row
    tag = "实践规范" if lang == "zh" else "practice"
    practice_rows = [line for line in table[1:] if re.search(rf"(^|\s){tag}\s+\d", line)]
    assert len(practice_rows) == (0 if side_by_side else len(DIMENSIONS)), "\n".join(block)


def test_terminal_scorecard_only_when_grouped_by_dimension(assessment: Assessment) -> None:
    out = TableRenderer().render(assessment, RenderOptions(group_by="regulation", width=100)).decode("utf-8")
    assert "Alignment dimensions" not in out


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_shows_the_scorecard_with_fonts_embedded(lang: str, tmp_path: Path) -> None:
    small = assess_card(EXAMPLE, ("eu-ai-act", "med-llm"), AS_OF)
    rendered = dossier_pdf(DossierInputs(small), "gap-analysis", lang)
    assert rendered.pdf is not None
    pdf = tmp_path / "gap.pdf"
    pdf.write_bytes(rendered.pdf)
    text = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    if lang == "zh":
        assert "对齐维度记分卡" in flat and "实践规范（非法律要求）" in flat
        assert all(ZH[d] in flat for d in DIMENSIONS)
    else:
        assert "Alignment dimensions: legal requirements beside practice profiles" in re.sub(r"\s+", " ", text)
        assert "practice (not law) — score" in re.sub(r"\s+", " ", text)
    accuracy = expected(small, "accuracy", True)
    assert re.sub(r"\s+", "", f"met {accuracy['met']} · gap {accuracy['gap']}") in flat or lang == "zh"
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # emb column
    if lang == "zh":
        assert any(row[0].endswith("+Report-CJK") for row in rows), fonts  # the shipped Noto Sans SC subset
