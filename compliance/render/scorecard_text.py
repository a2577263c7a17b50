"""The dimension scorecard in the terminal (`check --group-by dimension`): law and practice side by side
when the terminal is wide enough, one above the other when it is not (an 80-column terminal in Chinese)."""

from __future__ import annotations

from ..report.locale import message
from ..report.scorecard import ALWAYS_SHOWN, SIDES, Scorecard, Side, bucket_label
from .grid import text_width

_STYLE = {"met": "green", "gap": "red", "manual": "yellow", "waived": "blue", "upcoming": "dim",
          "not_applicable": "dim"}
_ANSI = {"green": "32", "red": "31", "yellow": "33", "blue": "34", "dim": "2", "bold": "1"}
_GAP = "   "  # between the two sides


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if color and style and text.strip() else text


def _left(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def _right(text: str, width: int) -> str:
    return " " * (width - text_width(text)) + text


def _pct(score: float | None) -> str:
    return "—" if score is None else f"{score:.0%}"


class _Columns:
    """The numeric columns of one side: a bucket count each, then the score."""

    def __init__(self, buckets: tuple[str, ...], lang: str) -> None:
        self.buckets = buckets
        self.headers = [bucket_label(b, lang) for b in buckets] + [message("scorecard.score", lang)]
        self.widths = [max(text_width(h), 3) for h in self.headers]
        self.widths[-1] = max(self.widths[-1], 4)

    @property
    def width(self) -> int:
        return sum(self.widths) + len(self.widths) - 1

    def header(self) -> str:
        return " ".join(_right(h, w) for h, w in zip(self.headers, self.widths, strict=True))

    def cells(self, side: Side, color: bool) -> str:
        if not side.assessed:
            return _right("—", self.width)
        parts = [_paint(_right(str(side.count(b)), w), _STYLE[b] if side.count(b) else "", color)
                 for b, w in zip(self.buckets, self.widths[:-1], strict=True)]
        parts.append(_paint(_right(_pct(side.score), self.widths[-1]), "bold", color))
        return " ".join(parts)


def _shown(card: Scorecard, side: str) -> tuple[str, ...]:
    """The buckets one side shows: the four always, waived and upcoming where that side has any."""
    return tuple(b for b in card.buckets
                 if b in ALWAYS_SHOWN or any(d.side(side).count(b) for d in card.dimensions))


def scorecard_lines(card: Scorecard, lang: str, width: int, color: bool) -> list[str]:
    """The scorecard as lines no wider than `width` where that is possible at all: each side with its own
    columns side by side, or (narrow terminals) one row per side under a shared header."""
    names = [message(f"dimension.{d.dimension}", lang) for d in card.dimensions]
    label = max(text_width(n) for n in names)
    sides = [s for s in SIDES if any(d.side(s).assessed for d in card.dimensions)] or ["law"]
    lines = [_paint(message("scorecard.title", lang), "bold", color)]
    own = {s: _Columns(_shown(card, s), lang) for s in sides}
    if label + 2 + sum(c.width for c in own.values()) + (len(sides) - 1) * len(_GAP) <= width:
        titles = [message(f"scorecard.{s}", lang) for s in sides]
        lines.append(" " * (label + 2) + _GAP.join(_left(t, own[s].width) for t, s in zip(titles, sides,
                                                                                             strict=True)).rstrip())
        lines.append(" " * (label + 2) + _GAP.join(own[s].header() for s in sides))
        for name, row in zip(names, card.dimensions, strict=True):
            lines.append(_left(name, label) + "  " + _GAP.join(own[s].cells(row.side(s), color) for s in sides))
        return lines
    shared = _Columns(card.buckets, lang)
    tags = {s: message(f"scorecard.{s}_tag", lang) for s in sides}
    tag = max(text_width(t) for t in tags.values())
    lines.append(" " * (label + 2 + tag + 2) + shared.header())
    for name, row in zip(names, card.dimensions, strict=True):
        for i, s in enumerate(sides):
            lines.append(_left(name if i == 0 else "", label) + "  " + _left(tags[s], tag) + "  "
                         + shared.cells(row.side(s), color))
    return lines


def scorecard_notes(card: Scorecard, lang: str) -> list[str]:
    """What the counts mean, and what is missing (no practice profile assessed)."""
    notes = [message("scorecard.note", lang)]
    if not any(d.practice.assessed for d in card.dimensions):
        notes.append(message("scorecard.no_practice", lang))
    return notes
