"""The output formats the CLI offers (kept import-free: the CLI reads it at start-up)."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Every output format of `check`; `jsonl` (one JSON line per card) only for a folder of cards."""

    table = "table"
    json = "json"
    md = "md"
    html = "html"
    sarif = "sarif"
    junit = "junit"
    oscal = "oscal"
    jsonl = "jsonl"


FOLDER_FORMATS = (Format.table, Format.md, Format.json, Format.jsonl, Format.sarif, Format.junit)
# Formats that are views of an assessment (`--only` picks what they list) rather than records of all of it.
VIEW_FORMATS = (Format.table, Format.md, Format.html)
