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
    return _wrapped(text, width, _plain(text))[0]


def _wrapped(text: str, width: int, plain: bool) -> tuple[list[str], list[int]]:
    """`wrap`'s lines of `text` (`plain`: printable ASCII, `_plain`), and the cells each takes, so that no line is
    measured again: a plain line's length, else what `text_width` gives for it, added up word by word while wrapping
    (cells add up, a space is one), each word measured as `text_width` measures it, without a call for each."""
    if plain and width > 0:
        found = _plain_lines(text, width)
        return found, list(map(len, found))  # printable ASCII: a character is a cell
    lines: list[str] = []
    sizes: list[int] = []
    line, used = "", 0
    for word in text.split():
        size = len(word) if plain or (word.isascii() and word.isprintable()) else sum(map(_cell_size, word))
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
            sizes.append(used)
        if size > width:
            *folded, line = _fold(word, width)
            lines += folded
            sizes += map(text_width, folded)
            used = text_width(line)
        else:
            line, used = word, size
    lines.append(line)
    sizes.append(used)
    return lines, sizes


def _plain_lines(text: str, width: int) -> list[str]:
    """`wrap` of printable ASCII text (`width` at least 1): each line is the longest run of whole words that fits,
    which ends at the last space of the words that fits (`rfind`), where the greedy loop added one word at a time.
    A first word wider than the column is folded, and its last piece starts the next line, as in the loop."""
    rest = text if "  " not in text and text[:1] != " " and text[-1:] != " " else " ".join(text.split())
    lines: list[str] = []
    while len(rest) > width:
        cut = rest.rfind(" ", 0, width + 1)
        if cut > 0:
            lines.append(rest[:cut])
            rest = rest[cut + 1:]
            continue
        end = rest.find(" ")
        word, tail = (rest, "") if end < 0 else (rest[:end], rest[end:])
        *folded, last = _fold(word, width)
        lines += folded
        rest = last + tail
    lines.append(rest)
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

    Each line is padded by the cells `_wrapped` counted for it, and painted only in colour and with a style (else
    `paint` returns it)."""
    if not text.isprintable():
        text = visible(text)
    plain = text.isascii() and text.isprintable()
    if plain and len(text) <= width and "  " not in text and text[:1] != " " and text[-1:] != " " and not (
            color and style):  # a short plain text with single spaces (most cells): wrap's one line of it, padded
        return [f" {text}{' ' * (width - len(text) + 1)}"]
    lines, sizes = _wrapped(text, width, plain)
    if color and style:
        lines = [paint(line, style, color) for line in lines]
    return [" " + line + " " * (width - size + 1) for line, size in zip(lines, sizes, strict=True)]


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
