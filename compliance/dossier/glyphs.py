"""Characters of a dossier that its fonts cannot draw: rare CJK (𠀀 龘 㐀 𪚥, outside the shipped GB2312
subset) and most emoji would print as empty boxes, so the command names them instead of staying silent.

The fonts checked are the ones the stylesheet names first: the shipped Noto Sans SC subset and DejaVu Sans
(a system package every installation needs). A system font may still supply a missing glyph; the PDF
then depends on that machine, which is worth knowing too.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from ..resources import templates_dir
from .fonts import FONT_FILE

_DEJAVU = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
           "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/local/share/fonts/DejaVuSans.ttf",
           "/Library/Fonts/DejaVuSans.ttf")
_SILENT = ("Cc", "Cf", "Zs", "Zl", "Zp")  # controls, format characters and spaces draw no glyph


def _dejavu() -> Path | None:
    for candidate in _DEJAVU:
        if Path(candidate).is_file():
            return Path(candidate)
    matcher = shutil.which("fc-match")
    if matcher is None:
        return None
    try:
        found = subprocess.run([matcher, "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True,
                               timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found.endswith((".ttf", ".otf")) and "DejaVuSans" in found else None


@cache
def covered() -> frozenset[int]:
    """Code points the shipped CJK font and DejaVu Sans have glyphs for (ASCII at least)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # WeasyPrint's dependency

    points: set[int] = set(range(0x20, 0x7F))
    for path in (templates_dir() / FONT_FILE, _dejavu()):
        if path is None:
            continue
        try:
            points.update(TTFont(str(path), lazy=True).getBestCmap())
        except (OSError, ValueError, KeyError, AttributeError):
            continue
    return frozenset(points)


def missing_glyphs(text: str) -> tuple[str, ...]:
    """Characters of `text` no shipped font can draw, each once, in code-point order."""
    fonts = covered()
    return tuple(sorted({ch for ch in set(text) if ord(ch) not in fonts
                         and unicodedata.category(ch) not in _SILENT}))


def describe(characters: tuple[str, ...], shown: int = 12) -> str:
    """`𠀀 (U+20000), 龘 (U+9F98), …` for a warning line."""
    parts = [f"{ch} (U+{ord(ch):04X})" for ch in characters[:shown]]
    more = len(characters) - shown
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")
