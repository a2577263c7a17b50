"""Files an imported description names, as evidence entries: only files inside the card's folder,
hashed as declared, with an evidence kind the installed vocabulary knows."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ..init_card import TO_CONFIRM


def inside(card_folder: Path, reference: str) -> str | None:
    """The reference as a card-relative POSIX path if it names an existing file inside the folder."""
    if "://" in reference or reference.startswith(("/", "\\")) or (len(reference) > 1 and reference[1] == ":"):
        return None
    pure = PurePosixPath(reference.replace("\\", "/"))
    if ".." in pure.parts:
        return None
    target = (card_folder / pure).resolve()
    if not target.is_file() or not target.is_relative_to(card_folder.resolve()):
        return None
    return pure.as_posix()


def relative_to_card(card_folder: Path, source: Path) -> str | None:
    """The imported file itself, as a card-relative path, when it lies inside the card's folder."""
    try:
        return source.resolve().relative_to(card_folder.resolve()).as_posix()
    except ValueError:
        return None


def evidence_id(name: str, taken: set[str]) -> str:
    """A card evidence id from free text, unique among `taken` (which it extends)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._") or "evidence"
    if not base[0].isalnum():
        base = "e" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def metric_name(name: str) -> str | None:
    """A metric key as the card schema allows it (`^[a-z][a-z0-9_]*$`), or None."""
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return key if key and key[0].isalpha() else None


def placeholder_date(today: str) -> tuple[str, str]:
    """No source says when the evidence was produced: today's date, marked to be confirmed."""
    return today, f"today's date as a placeholder — {TO_CONFIRM}"
