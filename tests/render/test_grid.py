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


def _reference_row(cells: list[Cell], widths: list[int], bar: str, color: bool) -> list[str]:
    """`grid._row` as first written: every line measured by `text_width` and passed to `paint`."""
    from compliance.render.grid import paint
    from compliance.report.escaping import visible

    wrapped = [wrap(visible(c.text), w) for c, w in zip(cells, widths, strict=True)]
    height = max(map(len, wrapped))
    columns = []
    for cell, lines, width in zip(cells, wrapped, widths, strict=True):
        padded = [" " + paint(text, cell.style, color) + " " * (width - text_width(text) + 1) for text in lines]
        padded += [" " * (width + 2)] * (height - len(lines))
        columns.append(padded)
    return [bar + bar.join(parts) + bar for parts in zip(*columns, strict=True)]


def test_rows_are_the_line_by_line_rows() -> None:
    """The same lines as the first `_row` for 20,000 random rows of one to six cells (ASCII words of every
    length, runs of spaces, CJK, full-width forms, combining marks, emoji, controls, tabs and newlines; styles
    and none; colour and none) at widths 1 to 30."""
    import random

    from compliance.render.grid import _row

    chosen = random.Random(19)
    alphabet = ["a", "b", "Z", "9", "-", ".", " ", " ", "  ", "中", "文", "，", "Ａ", "e\u0301", "\u0301", "😀",
                "\t", "\n", "\x1b[2J", "\u202e", "é", "—", "longword" * 3]
    styles = ["", "bold", "bold red", "dim", "yellow", "unknown"]
    for _ in range(20_000):
        cells = []
        for _ in range(chosen.randint(1, 6)):
            text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(0, 30)))
            if chosen.random() < 0.5:
                text = "".join(c for c in text if c.isascii() and c.isprintable())
            cells.append(Cell(text, chosen.choice(styles)))
        widths = [chosen.randint(1, 30) for _ in cells]
        color = chosen.random() < 0.5
        assert _row(cells, widths, "│", color) == _reference_row(cells, widths, "│", color), (cells, widths)


def test_text_width_is_the_length_of_printable_ascii_and_the_cells_of_the_rest() -> None:
    """`text_width` asks whether a text is printable ASCII itself (not through `_plain`): the same answer on
    20,000 random texts (controls, tabs, CJK, combining marks, emoji among ASCII)."""
    import random

    from compliance.render.grid import _cell_size, _plain

    chosen = random.Random(23)
    alphabet = ["a", " ", "Z", "9", "中", "Ａ", "\u0301", "😀", "\t", "\n", "\x1b", "\x7f", "é", "—", "\u202e"]
    for _ in range(20_000):
        text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(0, 12)))
        assert text_width(text) == (len(text) if _plain(text) else sum(map(_cell_size, text))), repr(text)


def _reference_wrap(text: str, width: int) -> list[str]:
    """`grid.wrap` as first written: words added to the line one at a time, each measured by `text_width`."""
    from compliance.render.grid import _fold

    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = text_width(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
        pieces = _fold(word, width) if size > width else [word]
        lines.extend(pieces[:-1])
        line, used = pieces[-1], text_width(pieces[-1])
    lines.append(line)
    return lines


def test_wrap_is_the_word_by_word_wrap() -> None:
    """Printable ASCII is cut at the last space that fits (`_plain_lines`) and every line's cells are counted while
    wrapping (`_wrapped`): the same lines as the word-by-word loop, and cells that `text_width` gives, for 30,000
    random texts (words of every length, runs of spaces at either end, tabs and newlines, CJK, dashes, accents,
    zero-width and control characters) at widths 1 to 60."""
    import random

    from compliance.render.grid import _plain, _wrapped

    chosen = random.Random(50)
    alphabet = ["a", "b", "Z", "9", "-", ".", " ", " ", " ", "  ", "中", "文", "—", "é", "\u200b", "\t", "\n",
                "\x1b", "longword" * 2, "x" * 25, "\u3000"]
    for _ in range(30_000):
        text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(0, 40)))
        if chosen.random() < 0.6:
            text = "".join(c for c in text if c.isascii() and c.isprintable())
        width = chosen.randint(1, 60)
        lines, sizes = _wrapped(text, width, _plain(text))
        assert lines == wrap(text, width) == _reference_wrap(text, width), (text, width)
        assert sizes == [text_width(line) for line in lines], (text, width)
