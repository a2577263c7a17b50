"""`compliance` leaves without tearing the interpreter down only when nothing is left to do at exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from compliance import __main__ as entry

ROOT = Path(__file__).resolve().parents[1]
CARD = ROOT / "examples" / "medtriage" / "card.yaml"


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "compliance", *args], cwd=ROOT, capture_output=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_output_is_whole_and_the_exit_status_kept(tmp_path: Path) -> None:
    piped = _run("check", str(CARD), "--as-of", "2026-11-25", "--format", "json")
    assert piped.returncode == 1  # the example has gaps
    assert json.loads(piped.stdout)["card"]["system"] == "MedTriage"
    written = _run("check", str(CARD), "--as-of", "2026-11-25", "--format", "json", "-o", str(tmp_path / "a.json"))
    assert written.returncode == 1 and (tmp_path / "a.json").read_bytes() == piped.stdout
    missing = _run("check", "no-such-card.yaml")
    assert missing.returncode == 2
    assert missing.stderr.decode().strip() == "error: no-such-card.yaml: card file not found"


@pytest.mark.parametrize("code", [None, 0, 1, 2, 70])
def test_nothing_pending_leaves_at_once_with_the_status(code: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit

    left: list[int] = []
    monkeypatch.setattr(entry.os, "_exit", left.append)
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0, raising=False)  # pytest's own are not the CLI's
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    entry._leave(SystemExit(code))
    assert left == [code or 0]


def test_pending_work_gets_the_ordinary_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit

    monkeypatch.setattr(entry.os, "_exit", lambda code: pytest.fail("left without the ordinary exit"))
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 1, raising=False)  # a library registered a callback
    with pytest.raises(SystemExit):
        entry._leave(SystemExit(0))
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0, raising=False)
    with pytest.raises(SystemExit) as done:
        entry._leave(SystemExit("a message for stderr"))  # not an integer status: Python prints it
    assert done.value.code == "a message for stderr"
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit):
            entry._leave(SystemExit(0))  # another thread is still running
    finally:
        stop.set()
        worker.join()


def test_a_batch_with_workers_writes_every_line_before_it_leaves(tmp_path: Path) -> None:
    """Worker processes and the pool's threads are gone before the command leaves, and the output file is
    whole: one JSON line per card."""
    from .conftest import TEST_RULESETS
    from .demo_cards import write_card

    for i in range(20):  # MIN_CARDS_PER_WORKER is 8: two workers
        write_card(tmp_path / "cards" / f"c{i:02d}")
    out = tmp_path / "out.jsonl"
    done = subprocess.run([sys.executable, "-m", "compliance", "check", str(tmp_path / "cards"), "-f", "jsonl",
                           "--jobs", "2", "--as-of", "2028-09-01", "-o", str(out)], cwd=ROOT, capture_output=True,
                          check=False, env={**os.environ, "PYTHONPATH": str(ROOT),
                                            "COMPLIANCE_RULESETS": str(TEST_RULESETS)})
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 20 and all(json.loads(line)["exit_code"] == 0 for line in lines)


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_reader_that_stops_early_is_no_error(fmt: str) -> None:
    """`check ... | head`: a reader that closes the pipe before the end gets what it read, and the run ends
    quietly with its findings' status (the example has gaps: 1), not with "error: Broken pipe" and exit 2."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte is written
    try:
        done = subprocess.run([sys.executable, "-m", "compliance", "check", str(CARD), "--as-of", "2026-11-25",
                               "--format", fmt], cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE,
                              check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr.decode()) == (1, "")


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_a_folder_whose_reader_stops_early_is_still_assessed_whole(fmt: str) -> None:
    """The same for a folder: every card is still assessed, and the status is the worst card's (an example has
    gaps: 1), with nothing on standard error."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "compliance", "check", str(ROOT / "examples"), "--as-of",
                               "2026-11-25", "--format", fmt, "--jobs", "1"], cwd=ROOT, stdout=write_end,
                              stderr=subprocess.PIPE, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr.decode()) == (1, "")
