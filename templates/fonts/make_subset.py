"""Rebuild NotoSansSC-Regular-GB2312.otf: the Simplified Chinese face of Noto Sans CJK, subset to GB2312.

Why a pre-subset font: the full face is 16 MB and makes every PDF render subset it again (about 1.8 s
without libharfbuzz-subset). GB2312 (6,763 hanzi) plus ASCII, Latin-1 and CJK/full-width punctuation
covers formal Simplified Chinese; rarer characters in user data fall back to the next font.

Usage (from the repository root, in any venv with fontTools):

    pip download noto-cjk-sans-otc==0.0.1 --no-deps -d /tmp/font
    python templates/fonts/make_subset.py /tmp/font/noto_cjk_sans_otc-0.0.1-py3-none-any.whl

The wheel ships `NotoSansCJK-Regular.ttc` (SIL Open Font License 1.1); face 2 is Simplified Chinese.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
TARGET = HERE / "NotoSansSC-Regular-GB2312.otf"
SC_FACE = 2
EXTRA_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≥ ≤)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x25A0, 0x25FF),  # geometric shapes (■ ●)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》【】)
    (0xFF00, 0xFFEF),  # full-width forms (，：；（）)
)


def gb2312() -> set[int]:
    """Every code point GB2312 encodes."""
    points: set[int] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                points.update(ord(c) for c in bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return points


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        ttc = archive.read("noto_cjk_sans_otc/NotoSansCJK-Regular.ttc")
    font = TTCollection(io.BytesIO(ttc)).fonts[SC_FACE]
    wanted = gb2312()
    for start, end in EXTRA_RANGES:
        wanted.update(range(start, end + 1))
    options = Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    font.save(TARGET)
    print(f"{TARGET.name}: {TARGET.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs")


if __name__ == "__main__":
    main(sys.argv[1])
