"""Run a snippet under a CPU-time budget in a child process: a linear parser finishes in milliseconds,
a quadratic one needs minutes on the inputs used here, so the budget separates them without timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_PRELUDE = "import resource; resource.setrlimit(resource.RLIMIT_CPU, ({seconds}, {seconds}))\n"


def within_cpu_budget(code: str, seconds: int = 3) -> subprocess.CompletedProcess[str]:
    """The finished child (returncode 0 when `code` ran within `seconds` of CPU time)."""
    return subprocess.run([sys.executable, "-c", _PRELUDE.format(seconds=seconds) + code], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
