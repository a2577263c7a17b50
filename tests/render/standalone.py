"""What a self-contained HTML file must satisfy: nothing to fetch, and its one embedded font draws its Chinese."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

_FONT = re.compile(r'url\("data:font/otf;base64,([A-Za-z0-9+/=]+)"\)')
EXTERNAL = ("<link", "<script", "<img", "<iframe", "<object", "src=", "url(", "http://", "https://", "@import",
            "fonts/")


def is_cjk(ch: str) -> bool:
    point = ord(ch)
    return 0x2E80 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF or 0xFF00 <= point <= 0xFFEF


def embedded_font(html: str) -> tuple[TTFont, str]:
    """The one embedded font and the document without it; fails unless there is exactly one."""
    fonts = _FONT.findall(html)
    assert len(fonts) == 1, f"{len(fonts)} embedded fonts"
    rest = _FONT.sub("", html)
    for external in EXTERNAL:
        assert external not in rest, f"the HTML refers to something outside it: {external}"
    return TTFont(io.BytesIO(base64.b64decode(fonts[0]))), rest


def check_standalone(html: str) -> set[str]:
    """Assert the HTML is one file whose font covers every CJK character it shows and nothing else;
    returns those characters."""
    font, rest = embedded_font(html)
    cmap = set(font.getBestCmap())
    used = {ch for ch in rest if is_cjk(ch)}
    missing = sorted(ch for ch in used if ord(ch) not in cmap)
    assert not missing, f"characters the embedded font cannot draw: {''.join(missing)}"
    extra = sorted(chr(p) for p in cmap - {ord(ch) for ch in rest})
    assert not extra, f"glyphs the document does not use: {''.join(extra)[:40]}"
    return used
