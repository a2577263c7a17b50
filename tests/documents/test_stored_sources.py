"""The source a stored outline is keyed by: every module of compliance/documents the PDF and DOCX readers use."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.documents import stored

FOLDER = Path(stored.__file__).parent


def relative_imports(path: Path, package: str) -> set[str]:
    """The modules that the module at `path`, in the package `package`, imports relatively (dotted names)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1])
            if node.module:
                found.add(f"{base}.{node.module}")
            else:
                found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _imported_here(name: str) -> set[str]:
    """The modules of this folder that the module `name` imports (relative imports of one dot), as file names."""
    here = "compliance.documents."
    return {f"{module.removeprefix(here).split('.')[0]}.py"
            for module in relative_imports(FOLDER / name, here[:-1]) if module.startswith(here)}


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
    expected.update(stored.library_identities().encode())
    assert stored._readers_digest.__wrapped__() == expected.hexdigest()


def test_the_reader_libraries_are_found_without_importing_them() -> None:
    found = stored.library_files()
    assert [Path(path).parent.name for path in found] == ["pypdf", "docx"]
    assert all(Path(path).name == "__init__.py" and Path(path).is_file() for path in found)
    assert all(str(path) in stored.library_identities() for path in found)
    imported = subprocess.run([sys.executable, "-c", "import sys; from compliance.documents import stored; "
                               "stored.library_files(); print(sorted({'pypdf', 'docx'} & set(sys.modules)))"],
                              capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"


def test_another_install_of_a_reader_library_names_other_outlines(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """pip writes a library's files anew when it installs another version: the outlines an older one made are not
    served (their key is another), even where the file's content is the same."""
    library = tmp_path / "pypdf" / "__init__.py"
    library.parent.mkdir()
    library.write_text("# pypdf\n")
    monkeypatch.setattr(stored, "library_files", lambda: (str(library),))
    before = stored._readers_digest.__wrapped__()
    assert stored._readers_digest.__wrapped__() == before
    copy = tmp_path / "new.py"
    copy.write_text("# pypdf\n")
    os.replace(copy, library)  # the same content, installed again
    assert stored._readers_digest.__wrapped__() != before
