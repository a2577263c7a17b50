"""Remember a cleanly loaded catalog between runs, keyed by the content of everything it came from.

The cache holds plain JSON (never pickles): the validated ruleset data and vocabulary. It lives in
$COMPLIANCE_CACHE_DIR, else $XDG_CACHE_HOME/compliance, else ~/.cache/compliance; set
COMPLIANCE_NO_CACHE=1 to disable it. An unwritable or corrupt cache is ignored, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import __version__
from .resources import PACKAGE_DIR

_FORMAT = "1"
_KEEP = 8  # catalogs of other roots (custom rulesets, tests) stay cached too


def _directory() -> Path | None:
    if os.environ.get("COMPLIANCE_NO_CACHE"):
        return None
    explicit = os.environ.get("COMPLIANCE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "compliance"


def fingerprint(root: Path) -> str:
    """SHA-256 over the tool version, the schemas and every ruleset file (cases excluded)."""
    digest = hashlib.sha256(f"{_FORMAT}\0{__version__}\0{root}\0".encode())
    for schema in sorted((PACKAGE_DIR / "schemas").glob("*.json")):
        digest.update(schema.read_bytes())
    files: list[Path] = []
    for folder, _dirs, names in os.walk(root, followlinks=True):  # rulesets may be symlinked in
        files.extend(Path(folder) / n for n in names if n.endswith(".yaml"))
    for path in sorted(files):
        relative = path.relative_to(root)
        if "cases" in relative.parts:
            continue
        digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def read(key: str) -> dict[str, Any] | None:
    directory = _directory()
    if directory is None:
        return None
    try:
        payload = json.loads((directory / f"catalog-{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("key") != key:
        return None
    return payload


def write(key: str, payload: dict[str, Any]) -> None:
    directory = _directory()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        stale = sorted(directory.glob("catalog-*.json"), key=lambda p: p.stat().st_mtime)[:-_KEEP]
        for old in stale:
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, suffix=".tmp", encoding="utf-8") as tmp:
            json.dump({**payload, "key": key}, tmp, ensure_ascii=False)
        os.replace(tmp.name, directory / f"catalog-{key}.json")
    except OSError:
        return
