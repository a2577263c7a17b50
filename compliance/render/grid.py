"""A fast box-drawn text table for the terminal: fixed column widths, word wrap, CJK-aware folding.

rich's Table measures and pads every cell through its renderable protocol, which for a few hundred
findings costs more than the whole assessment. The gap-analysis table has fixed widths, so this module
lays it out directly. Widths: ASCII text is its length, common scripts and CJK come from `unicodedata`, and
only rarer characters borrow rich's tables, so a table written to a pipe does not import rich.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

from ..records import record
from ..report.escaping import visible

_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35",
         "cyan": "36"}


@record
class Cell:
    text: str
    style: str = ""  # rich-style words, e.g. "bold red"


@cache
def _cell_size(ch: str) -> int:
    """Cells of one character: letters, digits, punctuation and symbols of the common blocks (Latin, Greek,
    Cyrillic, general punctuation, CJK, Hangul syllables, full-width forms) by their East Asian width, which
    is what rich's tables say for them; anything else (combining marks, controls, emoji) from rich."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if (code < 0x1100 or 0x2000 <= code < 0xD7A4 or 0xF900 <= code < 0x10000) \
            and (unicodedata.category(ch)[0] in "LNPS" or ch == "\u3000"):
        return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    from rich.cells import get_character_cell_size

    return get_character_cell_size(ch)


def _plain(text: str) -> bool:
    """Printable ASCII: one cell a character."""
    return text.isascii() and text.isprintable()


def text_width(text: str) -> int:
    """Terminal cells the text occupies (CJK characters take two)."""
    if text.isascii() and text.isprintable():  # `_plain`, without a call: a table measures ~500 words this way
        return len(text)
    return sum(map(_cell_size, text))  # the cached sizes through map: no Python frame a character


def _fold(word: str, width: int) -> list[str]:
    if _plain(word):
        return [word[i:i + width] for i in range(0, len(word), width)] or [""]
    pieces: list[str] = []
    current, used = "", 0
    for ch in word:
        size = _cell_size(ch)
        if current and used + size > width:
            pieces.append(current)
            current, used = "", 0
        current += ch
        used += size
    pieces.append(current)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; a word wider than the column (CJK runs, hashes) is folded."""
    plain = _plain(text)
    if plain and len(text) <= width and text == " ".join(text.split()):
        return [text]  # what the loop gives for a short plain text with single spaces (most cells), without it
    measure = len if plain else text_width  # printable ASCII: a character is a cell
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = measure(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
        pieces = _fold(word, width) if size > width else [word]
        lines.extend(pieces[:-1])
        line, used = pieces[-1], measure(pieces[-1])
    lines.append(line)
    return lines


def paint(text: str, style: str, color: bool) -> str:
    if not color:
        return text
    codes = [_ANSI[w] for w in style.split() if w in _ANSI]
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes and text.strip() else text


def _rule(left: str, line: str, joint: str, right: str, widths: Sequence[int]) -> str:
    return left + joint.join(line * (w + 2) for w in widths) + right


def _padded(text: str, width: int, style: str, color: bool) -> list[str]:
    """A cell's text wrapped to `width`, each line painted and padded to the column (a space either side).

    Every line of a printable ASCII text is as wide as it is long: measured by `len` (as `text_width` would, after
    asking each line whether it is ASCII), and painted only in colour and with a style (else `paint` returns it)."""
    if not text.isprintable():
        text = visible(text)
    plain = text.isascii() and text.isprintable()
    if plain and len(text) <= width and text == " ".join(text.split()) and not (color and style):
        return [f" {text}{' ' * (width - len(text) + 1)}"]  # wrap's one line of a short plain text, padded
    lines = wrap(text, width)
    measure = len if plain else text_width
    if color and style:
        return [" " + paint(line, style, color) + " " * (width - measure(line) + 1) for line in lines]
    return [" " + line + " " * (width - measure(line) + 1) for line in lines]  # what paint returns unstyled


def _row(cells: Sequence[Cell], widths: Sequence[int], bar: str, color: bool) -> list[str]:
    """A row's lines: each cell wrapped to its width and padded, a cell with fewer lines than the row padded with
    blank ones."""
    columns = [_padded(c.text, w, c.style, color) for c, w in zip(cells, widths, strict=True)]
    height = max(map(len, columns))
    if height > 1:
        for padded, width in zip(columns, widths, strict=True):
            padded += [" " * (width + 2)] * (height - len(padded))
    return [bar + bar.join(parts) + bar for parts in zip(*columns, strict=True)]


def grid(headers: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[int], color: bool) -> list[str]:
    """The table as lines: a heavy header box, then one wrapped row per finding."""
    lines = [_rule("┏", "━", "┳", "┓", widths)]
    lines += _row([Cell(h, "bold") for h in headers], widths, "┃", color)
    lines.append(_rule("┡", "━", "╇", "┩", widths))
    for cells in rows:
        lines += _row(cells, widths, "│", color)
    lines.append(_rule("└", "─", "┴", "┘", widths))
    return lines
