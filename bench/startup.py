"""Start-up cost of the CLI as ratios to bare Python start-up, measured in one run.

    python bench/startup.py [--runs N] [--card examples/medtriage/card.yaml]

Prints the median wall time of each command and its ratio to `python -c pass`. The target is
`compliance check` of the example under 10x bare Python start-up (no weasyprint/jinja2 on that path).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--card", default=str(ROOT / "examples" / "medtriage" / "card.yaml"))
    args = parser.parse_args()
    exe = shutil.which("compliance")
    cli = [exe] if exe else [sys.executable, "-m", "compliance"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "compliance --help": [*cli, "--help"],
        "compliance check (json)": [*cli, "check", args.card, "-f", "json", "--as-of", "2026-11-25"],
        "compliance check (table)": [*cli, "check", args.card, "--as-of", "2026-11-25"],
    }
    baseline = median_seconds(commands["python -c pass"], args.runs)
    print(f"{'command':<28} {'median':>9} {'ratio':>7}")
    for name, command in commands.items():
        seconds = baseline if name == "python -c pass" else median_seconds(command, args.runs)
        print(f"{name:<28} {seconds * 1000:8.1f}ms {seconds / baseline:6.1f}x")


if __name__ == "__main__":
    main()
