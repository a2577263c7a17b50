"""The shipped CJK font cut down to the characters of one document, embedded in HTML that must stand alone.

An HTML dossier (`dossier --format html`) or report (`check --format html`) is one file a reader opens
anywhere, so its @font-face cannot point at `templates/fonts/` (which is not beside the output): the
document carries the Noto Sans SC subset (SIL Open Font License 1.1) as a `data:font/otf;base64,…` URI,
cut down to the characters the document contains. The PDF keeps the file URL: WeasyPrint subsets the
font it embeds itself.

Subsetting uses libharfbuzz-subset when the system has it (about 20 ms; `.ci/run` installs it) and
fontTools otherwise (about 1.5 s, same glyphs). The copyright and licence names of the font are kept.
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import io
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..resources import templates_dir

FONT_FILE = "fonts/NotoSansSC-Regular-GB2312.otf"
_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)  # copyright, names, version, PostScript name, licence and its URL
_HB_SUBSET_SETS_NAME_ID = 4
_HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40


def font_path() -> Path:
    return templates_dir() / FONT_FILE


@cache
def _harfbuzz() -> ctypes.CDLL | None:
    """libharfbuzz-subset with the signatures we call, or None where the system lacks it."""
    names = [ctypes.util.find_library("harfbuzz-subset"), "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib"]
    for name in names:
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        p, u = ctypes.c_void_p, ctypes.c_uint
        try:
            signatures: dict[str, tuple[type | None, list[type]]] = {
                "hb_blob_create_from_file": (p, [ctypes.c_char_p]),
                "hb_face_create": (p, [p, u]),
                "hb_subset_input_create_or_fail": (p, []),
                "hb_subset_input_unicode_set": (p, [p]),
                "hb_subset_input_set": (p, [p, ctypes.c_int]),
                "hb_subset_input_set_flags": (None, [p, u]),
                "hb_set_add": (None, [p, ctypes.c_uint32]),
                "hb_subset_or_fail": (p, [p, p]),
                "hb_face_reference_blob": (p, [p]),
                "hb_blob_get_data": (ctypes.c_void_p, [p, ctypes.POINTER(u)]),
                "hb_blob_destroy": (None, [p]),
                "hb_face_destroy": (None, [p]),
                "hb_subset_input_destroy": (None, [p]),
            }
            for function, (result, arguments) in signatures.items():
                getattr(lib, function).restype = result
                getattr(lib, function).argtypes = arguments
        except AttributeError:  # an old HarfBuzz without the subset API we use
            continue
        return lib
    return None


def _harfbuzz_subset(font: Path, codepoints: list[int]) -> bytes | None:
    hb = _harfbuzz()
    if hb is None:
        return None
    blob = hb.hb_blob_create_from_file(os.fsencode(font))
    face = hb.hb_face_create(blob, 0)
    plan = hb.hb_subset_input_create_or_fail()
    subset = result = None
    try:
        if not plan:
            return None
        unicodes = hb.hb_subset_input_unicode_set(plan)
        for point in codepoints:
            hb.hb_set_add(unicodes, point)
        names = hb.hb_subset_input_set(plan, _HB_SUBSET_SETS_NAME_ID)
        for name_id in _NAME_IDS:
            hb.hb_set_add(names, name_id)
        hb.hb_subset_input_set_flags(plan, _HB_SUBSET_FLAGS_NOTDEF_OUTLINE)
        subset = hb.hb_subset_or_fail(face, plan)
        if not subset:
            return None
        result = hb.hb_face_reference_blob(subset)
        size = ctypes.c_uint()
        data = hb.hb_blob_get_data(result, ctypes.byref(size))
        return ctypes.string_at(data, size.value) if data and size.value else None
    finally:
        if result:
            hb.hb_blob_destroy(result)
        if subset:
            hb.hb_face_destroy(subset)
        if plan:
            hb.hb_subset_input_destroy(plan)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def _fonttools_subset(font: Path, codepoints: list[int]) -> bytes:
    from fontTools.subset import Options, Subsetter  # type: ignore[import-untyped]  # WeasyPrint's dependency
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = Options()
    options.name_IDs = list(_NAME_IDS)
    options.notdef_outline = True
    options.hinting = False
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    loaded = TTFont(str(font))
    subsetter.subset(loaded)
    out = io.BytesIO()
    loaded.save(out)
    return out.getvalue()


def subset_font(codepoints: Iterable[int], font: Path | None = None, harfbuzz: bool = True) -> bytes:
    """The font (the shipped CJK font by default) with glyphs for `codepoints` only (those it has)."""
    path = font or font_path()
    wanted = sorted(set(codepoints))
    made = _harfbuzz_subset(path, wanted) if harfbuzz else None
    return made if made is not None else _fonttools_subset(path, wanted)


def font_data_uri(text: str) -> str:
    """`data:font/otf;base64,…` of the shipped CJK font cut down to the characters of `text`."""
    return "data:font/otf;base64," + base64.b64encode(subset_font(ord(ch) for ch in text)).decode("ascii")


def embed_font(html: str) -> str:
    """A rendered document with its CJK @font-face pointing at an embedded subset instead of the file.

    Only our template writes `url("fonts/…")`: card and evidence text is escaped, so it has no `"`."""
    reference = f'url("{FONT_FILE}")'
    if reference not in html:
        raise ValueError("the document names no CJK font file to embed")
    return html.replace(reference, f'url("{font_data_uri(html)}")', 1)
