"""Read one evidence file into a Document: the format from the file name, size caps, lazy imports.

Nothing in a document is executed or fetched. Heavy parsers (pypdf, python-docx) are imported only when
a file of their format is read.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cache
from json import JSONDecodeError
from typing import TYPE_CHECKING, Any

from ..errors import ComplianceError
from ..strict_json import loads as strict_json
from ..utf8 import utf8_text
from .model import Document, Unreadable

NESTED_TOO_DEEPLY = "nested too deeply"

if TYPE_CHECKING:
    from ..yaml_source import YamlDocument

FORMATS = {".md": "markdown", ".markdown": "markdown", ".yaml": "yaml", ".yml": "yaml", ".json": "json",
           ".txt": "text", ".csv": "csv", ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
TEXT_FORMATS = ("markdown", "yaml", "json", "text", "csv", "html")
READABLE_FORMATS = (*TEXT_FORMATS, "pdf", "docx")
MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 30 * 1024 * 1024
MAX_DOCX_BYTES = 20 * 1024 * 1024


def document_format(path: str) -> str:
    """The format a file name announces ("binary" for anything without a reader): the suffix of the last name,
    as `PurePosixPath(path).suffix` gives it, found with string methods (a path object costs ~3 µs a file)."""
    name = path[path.rfind("/") + 1:]
    if not name or name == ".":  # `a.md/`, `a.md/.`: the last name that is not empty or `.`
        name = next((part for part in reversed(path.split("/")) if part and part != "."), "")
    dot = name.rfind(".")
    return FORMATS.get(name[dot:].lower() if 0 < dot < len(name) - 1 else "", "binary")


_LIMITS = {"pdf": MAX_PDF_BYTES, "docx": MAX_DOCX_BYTES}


def _limit(fmt: str) -> int:
    return _LIMITS.get(fmt, MAX_TEXT_BYTES)


def _decode(raw: bytes, fmt: str) -> str | Unreadable:
    if b"\x00" in raw:
        return Unreadable("binary")
    try:
        return utf8_text(raw)
    except UnicodeDecodeError as exc:
        return Unreadable("encoding", {"byte": str(exc.start)})


def _finite_figures(data: Any) -> None:
    """Figures under `metrics:` must be finite numbers: `.inf`, NaN or 1e400 make the file invalid (an
    `error`), never a value that passes every threshold."""
    metrics = data.get("metrics") if isinstance(data, Mapping) else None
    for key, value in (metrics.items() if isinstance(metrics, Mapping) else ()):
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                finite = math.isfinite(float(value))
            except OverflowError:
                finite = False
            if not finite:
                raise ValueError(f"metric {key}: {str(value)[:40]} is not a finite number")


@cache
def _text_reader(fmt: str) -> Callable[[str], Document | Unreadable]:
    """The reader of Markdown, HTML, CSV or plain text, imported when a file of that format is first read (html.parser,
    the heading recovery of plain text: none of it on the path of a check whose evidence is Markdown and YAML), and
    remembered: an import statement costs ~4 µs each time it runs, the module loaded or not (Python 3.11 looks up
    `__path__` on the module, formatting the AttributeError it finds), as much as reading a short Markdown file."""
    reader: Callable[[str], Document | Unreadable]
    if fmt == "markdown":
        from .markdown import read_markdown as reader
    elif fmt == "html":
        from .html import read_html as reader
    elif fmt == "csv":
        from .plain import read_csv as reader
    else:
        from .plain import read_text as reader
    return reader


@cache
def _structured_readers() -> tuple[Callable[[str, str, Any], Document], Callable[[str, str], YamlDocument]]:
    """`structured_document` and `parse_yaml`, imported when a YAML or JSON file is first read (`_text_reader`)."""
    from ..yaml_source import parse_yaml
    from .structured import structured_document

    return structured_document, parse_yaml


def _read_text_format(text: str, fmt: str, name: str) -> Document | Unreadable:
    if fmt not in ("yaml", "json"):
        return _text_reader(fmt)(text)
    structured_document, parse_yaml = _structured_readers()
    try:
        data = parse_yaml(text, name).data if fmt == "yaml" else strict_json(text)
        _finite_figures(data)
        return structured_document(fmt, text, data)
    except ComplianceError as exc:
        return Unreadable("invalid", {"format": fmt, "detail": _first_problem(exc, name)})
    except JSONDecodeError as exc:  # the json module's words, its position first as the YAML parser's is
        return Unreadable("invalid", {"detail": f"line {exc.lineno} column {exc.colno}: {exc.msg}"})
    except RecursionError:
        return Unreadable("invalid", {"detail": NESTED_TOO_DEEPLY})
    except ValueError as exc:
        return Unreadable("invalid", {"detail": str(exc) or type(exc).__name__})


def _first_problem(exc: ComplianceError, name: str) -> str:
    """The parser's first problem as `line N: [path: ]words`: not the file's name (the reason names the file
    already), nor "invalid YAML" again after "invalid yaml", nor "2 problem(s) in YAML structure" for a duplicate key.
    `report.parse_problems` words it in another language."""
    if not exc.problems:
        return exc.message.removeprefix(f"{name}: ").splitlines()[0]
    problem = exc.problems[0]
    where = f"line {problem.line}: " if problem.line else ""
    path = f"{problem.path}: " if problem.path else ""
    return where + path + problem.message.removeprefix("invalid YAML: ").splitlines()[0]


def read_document(raw: bytes, fmt: str, name: str = "") -> Document | Unreadable | None:
    """The document in `raw` (None when the format has no reader: its presence and hash still count)."""
    if fmt not in READABLE_FORMATS:
        return None
    if len(raw) > _limit(fmt):
        return Unreadable("too_large_to_parse", {"size": str(len(raw)), "limit": str(_limit(fmt))})
    if fmt == "pdf":
        from .pdf import read_pdf
        return read_pdf(raw)
    if fmt == "docx":
        from .docx import read_docx
        return read_docx(raw)
    text = _decode(raw, fmt)
    if isinstance(text, Unreadable):
        return text
    try:
        return _read_text_format(text, fmt, name)
    except RecursionError:
        return Unreadable("invalid", {"detail": NESTED_TOO_DEEPLY})
