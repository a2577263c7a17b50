"""The source a stored outline is keyed by: every module of compliance/documents the PDF and DOCX readers use."""

from __future__ import annotations

import ast
from pathlib import Path

from compliance.documents import stored

FOLDER = Path(stored.__file__).parent


def _imported_here(name: str) -> set[str]:
    """The modules of this folder that the module `name` imports (relative imports of one dot), as file names."""
    tree = ast.parse((FOLDER / name).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(f"{node.module.split('.')[0]}.py")
            else:
                found.update(f"{alias.name}.py" for alias in node.names)
    return found


def test_the_outline_sources_hold_every_module_the_readers_import() -> None:
    sources = set(stored.OUTLINE_SOURCES)
    assert {"pdf.py", "docx.py", "stored.py"} <= sources
    for name in sorted(sources):
        assert (FOLDER / name).is_file(), name
        assert _imported_here(name) <= sources, (name, _imported_here(name) - sources)


def test_the_digest_is_of_each_source_whole() -> None:
    from compliance import __version__
    from compliance.digests import key_digest

    expected = key_digest(__version__.encode())
    for name in stored.OUTLINE_SOURCES:
        expected.update(name.encode() + b"\0" + (FOLDER / name).read_bytes())
    assert stored._readers_digest.__wrapped__() == expected.hexdigest()
