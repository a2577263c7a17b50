"""One bad card never kills a batch: `check DIR/` over 200 cards, 20 of them hostile, reports the 180 good
ones and 20 error rows (the issue's "done when")."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance import portfolio

from .conftest import AS_OF, DEMO_CARDS, cli

BASE = (DEMO_CARDS / "provider.yaml").read_text(encoding="utf-8")


def _write(folder: Path, text: str) -> None:
    (folder / "card.yaml").write_text(text, encoding="utf-8")


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        assert old in BASE, old
        _write(folder, BASE.replace(old, new, 1))
    return make


def _symlink_loop(folder: Path) -> None:
    (folder / "card.yaml").symlink_to("card.yaml")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "card.yaml")


def _device(folder: Path) -> None:
    (folder / "card.yaml").symlink_to("/dev/zero")


def _evidence_loop(folder: Path) -> None:
    (folder / "evidence" / "loop.md").symlink_to("loop.md")
    _write(folder, BASE.replace("path: evidence/rms.md", "path: evidence/loop.md"))


def _raw(content: bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / "card.yaml").write_bytes(content)
    return make


HOSTILE: dict[str, Callable[[Path], None]] = {
    "symlink-loop": _symlink_loop,
    "fifo": _fifo,
    "device": _device,
    "nul-in-path": _replace("path: evidence/rms.md", 'path: "evidence/r\\0ms.md"'),
    "300-char-name": _replace("path: evidence/rms.md", "path: evidence/" + "n" * 300 + ".md"),
    "evidence-loop": _evidence_loop,
    "metric-10^400": _replace("refusal_rate: 0.97", "refusal_rate: 1" + "0" * 400),
    "metric-inf": _replace("refusal_rate: 0.97", "refusal_rate: .inf"),
    "nan": _replace("markets: [EU]", "markets: [EU]\n  monthly_active_users: .nan"),
    "scalar-alias": _replace("intended_purpose: Test system", "intended_purpose: &p x\n  intended_purpose_zh: *p"),
    "trailing-newline": _replace("markets: [EU]", 'markets: ["EU\\n"]'),
    "nested-200": _replace("intended_purpose: Test system", "intended_purpose: " + "[" * 200 + "]" * 200),
    "malformed": _replace("markets: [EU]", "markets: [EU"),
    "binary": _raw(b"card_version: 1\n\x00\x01\x02"),
    "huge": _raw(b"# " + b"x" * (3 * 1024 * 1024) + b"\n"),
    "not-utf8": _raw(BASE.encode("utf-8").replace(b"Test system", b"Test \xff system")),
    "unknown-key": _replace("markets: [EU]", "markets: [EU]\n  market: [CN]"),
    "escape": _replace("path: evidence/rms.md", "path: evidence/../../rms.md"),
    "duplicate-key": _replace("markets: [EU]", "markets: [EU]\n  markets: [CN]"),
    "a-list": _raw(b"- card_version: 1\n"),
}


@pytest.fixture
def portfolio_dir(tmp_path: Path, demo_env: None) -> Path:
    """200 card folders: every tenth (from the fifth) hostile, the rest good."""
    root = tmp_path / "cards"
    hostile = iter(HOSTILE.values())
    for index in range(200):
        folder = root / f"c{index:03d}"
        shutil.copytree(DEMO_CARDS / "evidence", folder / "evidence")
        if index % 10 == 5:
            next(hostile)(folder)
        else:
            _write(folder, BASE.replace("name: DemoBot", f"name: Bot {index}"))
    return root


def test_200_cards_with_20_hostile_ones(portfolio_dir: Path) -> None:
    code, out = cli("check", str(portfolio_dir), "--as-of", AS_OF, "--format", "jsonl", "--jobs", "1")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 200
    good = [r for r in rows if "assessment" in r]
    bad = [r for r in rows if "error" in r]
    assert len(good) == 180 and len(bad) == 20
    assert all(r["exit_code"] == 2 for r in bad), [r for r in bad if r["exit_code"] != 2]
    assert sorted(r["card"] for r in bad) == [f"c{i:03d}/card.yaml" for i in range(5, 200, 10)]
    assert {r["assessment"]["card"]["system"] for r in good} == {f"Bot {i}" for i in range(200) if i % 10 != 5}
    assert all(len(r["error"].splitlines()) == 1 for r in bad)
    assert code == 2


def test_the_portfolio_table_shows_every_row(portfolio_dir: Path) -> None:
    code, out = cli("check", str(portfolio_dir), "--as-of", AS_OF, "--jobs", "1")
    assert code == 2
    assert "200 card(s): 180 pass, 0 with gaps, 20 could not be assessed" in out


def test_a_bug_met_by_one_card_is_that_cards_row(portfolio_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever escapes the input checks (here: a simulated bug) is reported in the card's row, exit 70."""
    real = portfolio.assess_card

    def flaky(path: Path, *args: object, **kwargs: object) -> object:
        if path.parent.name == "c000":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(portfolio, "assess_card", flaky)
    code, out = cli("check", str(portfolio_dir), "--as-of", AS_OF, "--format", "jsonl", "--jobs", "1")
    rows = {json.loads(line)["card"]: json.loads(line) for line in out.splitlines()}
    assert len(rows) == 200 and code == 70
    broken = rows["c000/card.yaml"]
    assert broken["exit_code"] == 70 and "internal error: RecursionError" in broken["error"]
    assert sum("assessment" in r for r in rows.values()) == 179


def test_a_fifo_card_is_listed_not_skipped(tmp_path: Path, demo_env: None) -> None:
    os.mkfifo(tmp_path / "card.yaml")
    assert portfolio.find_cards(tmp_path) == (tmp_path / "card.yaml",)
