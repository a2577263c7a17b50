"""Headings and body text recovered from PDF text layers: pypdf (the project's reader) against pdfminer.six.

    python bench/pdf_headings.py [PDF ...]

Each document is read without its outline, so the headings must come from the text layer; the truth is
the outline (for PDFs that have one) or the headings the sample was generated from. Reported per library:
recall and precision of heading titles, nesting (same parent as in the truth), whether each sample
paragraph is found under its own heading, and CPU time. pdfminer.six is optional (`pip install
pdfminer.six`); without it only pypdf is measured. Default documents: the generated English DPIA and
Chinese PIPIA of the tests, plus the LaTeX manuals Debian ships, when present.
"""

from __future__ import annotations

import io
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.documents.model import Document, Heading  # noqa: E402
from compliance.documents.pdf import _outline_entries, _PageLines  # noqa: E402
from compliance.documents.recover import Line, drop_furniture, recover  # noqa: E402
from compliance.documents.text import normalize_heading, normalize_text  # noqa: E402
from tests.documents import samples  # noqa: E402

SYSTEM_PDFS = ("/usr/share/doc/libtasn1-doc/libtasn1.pdf", "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|bd\b|cmbx|sfbx", re.I)
Truth = tuple[list[tuple[int, str]], list[tuple[str, str]]]     # headings, (heading, paragraph) pairs


def pypdf_lines(raw: bytes) -> list[Line]:
    import pypdf

    lines: list[Line] = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(raw)).pages):
        collector = _PageLines(number, [10**9])
        page.extract_text(visitor_text=collector.visit)
        collector.flush()
        lines.extend(collector.lines)
    return lines


def pdfminer_lines(raw: bytes) -> list[Line]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    lines: list[Line] = []
    for number, page in enumerate(extract_pages(io.BytesIO(raw))):
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                if not isinstance(line, LTTextLine) or not line.get_text().strip():
                    continue
                styles: dict[tuple[float, bool], int] = {}
                for char in line:
                    if isinstance(char, LTChar):
                        key = (round(char.size, 1), bool(_BOLD.search(char.fontname)))
                        styles[key] = styles.get(key, 0) + 1
                size, bold = max(styles.items(), key=lambda item: item[1])[0] if styles else (0.0, False)
                lines.append(Line(line.get_text().strip(), size, bold, number))
    return lines


def _key(text: str) -> str:
    return normalize_heading(text).replace(" ", "")


def _parents(headings: list[tuple[int, str]]) -> dict[str, str]:
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for level, title in headings:
        while stack and stack[-1][0] >= level:
            stack.pop()
        parents[_key(title)] = stack[-1][1] if stack else ""
        stack.append((level, _key(title)))
    return parents


def score(headings: tuple[Heading, ...], truth: Truth) -> str:
    wanted = [_key(t) for _, t in truth[0]]
    got = [_key(h.title) for h in headings]
    recall = sum(1 for w in wanted if w in got) / len(wanted)
    precision = sum(1 for g in got if g in wanted) / max(1, len(got))
    truth_parents, got_parents = _parents(truth[0]), _parents([(h.level, h.title) for h in headings])
    nested = sum(1 for k, parent in truth_parents.items() if got_parents.get(k) == parent)
    document = Document("pdf", "", headings)
    placed = sum(1 for title, paragraph in truth[1]
                 if (s := document.find((title,))) and normalize_text(paragraph) in normalize_text(s.heading.text))
    body = f"{placed}/{len(truth[1])}" if truth[1] else "-"
    return (f"recall {recall:.2f}  precision {precision:.2f}  nesting {nested}/{len(wanted)}  "
            f"paragraphs placed {body}")


def documents(paths: list[str]) -> dict[str, tuple[bytes, Truth]]:
    found: dict[str, tuple[bytes, Truth]] = {}
    if not paths:
        for name, sections, lang in (("dpia-en (weasyprint)", samples.DPIA_EN, "en"),
                                     ("pipia-zh (weasyprint)", samples.PIPIA_ZH, "zh")):
            pairs = [(t, cell) for _, t, paragraphs in sections for p in paragraphs for cell in p.split(" | ")]
            found[name] = (samples.pdf_bytes(sections, bookmarks=False, lang=lang),
                           ([(level, t) for level, t, _ in sections], pairs))
        paths = [p for p in SYSTEM_PDFS if Path(p).is_file()]
    import pypdf

    for path in paths:
        raw = Path(path).read_bytes()
        entries = _outline_entries(pypdf.PdfReader(io.BytesIO(raw)))
        if entries:
            found[Path(path).name] = (raw, ([(level, title) for level, title, _ in entries], []))
    return found


def main(argv: list[str]) -> int:
    extractors: dict[str, Callable[[bytes], list[Line]]] = {"pypdf": pypdf_lines}
    try:
        import pdfminer  # noqa: F401
        extractors["pdfminer.six"] = pdfminer_lines
    except ImportError:
        print("pdfminer.six not installed: measuring pypdf only")
    for name, (raw, truth) in documents(argv).items():
        print(f"{name}: {len(truth[0])} headings")
        for library, extract in extractors.items():
            started = time.process_time()
            _, headings = recover(drop_furniture(extract(raw)), styled=True)
            elapsed = time.process_time() - started
            print(f"  {library:13} {score(headings, truth)}  {elapsed:.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
