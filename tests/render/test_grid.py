"""The terminal grid: widths hold for Latin and CJK text, long words fold, colour only when asked."""

from __future__ import annotations

from compliance.render.grid import Cell, grid, text_width, wrap


def test_wrap_words_and_fold_long_runs() -> None:
    assert wrap("a requirement title long enough", 12) == ["a", "requirement", "title long", "enough"]
    assert wrap("境外向境内提供的服务符合法律", 10) == ["境外向境内", "提供的服务", "符合法律"]
    assert wrap("registrations.cn_genai_filing_no", 10) == ["registrati", "ons.cn_gen", "ai_filing_", "no"]
    assert wrap("", 5) == [""]


def test_every_line_has_the_same_width() -> None:
    rows = [(Cell("CN-GAI-20"), Cell("第二十条 境外向境内提供的服务", "bold red")),
            (Cell("EU-AIA-9.1"), Cell("Risk management system established and documented"))]
    lines = grid(["id", "标题"], rows, [10, 14], color=False)
    assert {text_width(line) for line in lines} == {10 + 14 + 7}
    assert "\x1b[" not in "".join(lines)
    assert lines[0].startswith("┏") and lines[-1].startswith("└")


def test_colour_codes_only_when_asked() -> None:
    lines = grid(["s"], [(Cell("gap", "bold red"),)], [5], color=True)
    assert "\x1b[1;31mgap\x1b[0m" in "".join(lines)


def test_widths_agree_with_rich_on_common_text() -> None:
    from rich.cells import cell_len

    for text in ("Risk management — Art. 9(1)", "境外向境内提供的服务，符合法律（第二十条）", "ＡＢＣ１２３",
                 "Größe ±5 % · café", "한국어 텍스트", "emoji 😀 and e\u0301"):
        assert text_width(text) == cell_len(text), text
