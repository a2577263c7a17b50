"""Cards for the engine-test rulesets (tests/rulesets), written into a temp folder with their evidence."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from compliance.model import Assessment
from compliance.pipeline import assess_card
from compliance.rulesets import Catalog

from .conftest import ROOT, TEST_RULESETS

DEMO_CARDS = TEST_RULESETS / "demo" / "cases" / "cards"
DEMO_CARD = (DEMO_CARDS / "provider.yaml").read_text(encoding="utf-8")


def write_card(folder: Path, text: str = DEMO_CARD, name: str = "card.yaml") -> Path:
    """Write a card and a copy of the demo evidence files into `folder`; return the card path."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DEMO_CARDS / "evidence", folder / "evidence", dirs_exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def demo_assessment(folder: Path, catalog: Catalog, as_of: str = "2028-09-01", text: str = DEMO_CARD) -> Assessment:
    """Assess a demo card (optionally edited) against the engine-test rulesets."""
    return assess_card(write_card(folder, text), as_of=as_of, catalog=catalog)


def edited(old: str, new: str, text: str = DEMO_CARD) -> str:
    """The demo card with one exact snippet replaced (fails loudly if the snippet is gone)."""
    assert old in text, f"{old!r} not in the demo card"
    return text.replace(old, new)


def generated_cards(folder: Path, count: int) -> list[Path]:
    """`count` cards of `bench/portfolio.py`'s generated portfolio written under `folder` (the batch the per-card
    memos are measured on), in path order."""
    spec = importlib.util.spec_from_file_location("bench_portfolio", ROOT / "bench" / "portfolio.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.write_portfolio(folder, count)
    return sorted(folder.rglob("card.yaml"))
