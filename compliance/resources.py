"""Locate the data the package ships: rulesets, templates, schemas, catalogs.

Installed from a wheel, `rulesets/` and `templates/` live in `compliance/_bundled/`; in a source
checkout (editable install or tests) they are the top-level folders beside the package.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any, cast

PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    bundled = PACKAGE_DIR / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent / name


def rulesets_dir() -> Path:
    """The shipped rulesets, or the folder named by $COMPLIANCE_RULESETS (for custom rulesets)."""
    override = os.environ.get("COMPLIANCE_RULESETS")
    return Path(override) if override else _data_dir("rulesets")


def templates_dir() -> Path:
    return _data_dir("templates")


@cache
def schema(name: str) -> dict[str, Any]:
    """A shipped JSON Schema by name: card, ruleset, assessment."""
    path = PACKAGE_DIR / "schemas" / f"{name}.schema.json"
    if name == "card":  # every free-text field also takes its Chinese text, `<field>_zh`
        from .card_text import translated_schema
        return translated_schema(path.read_bytes())
    return cast(dict[str, Any], json.loads(path.read_text(encoding="utf-8")))
