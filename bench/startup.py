"""Start-to-exit cost of `compliance check` as a ratio to bare Python, and a failure when it exceeds the limit.

    python bench/startup.py [--runs N] [--limit 10] [--card examples/medtriage/card.yaml]

Each command runs as a whole process, in turn with `python -c pass` (A B A B ...), after a warm-up run
that fills the catalog and document caches; the figure is the process's CPU time (user + system, as the
kernel accounts it for the finished child), and the ratio is the median of the pair-by-pair ratios, so a
machine whose speed drifts during the run still gives a fair comparison. Wall time is printed beside it.

The package's bytecode is compiled first (an installed wheel has it; PYTHONDONTWRITEBYTECODE would
otherwise make every run compile the sources). Commands run as `python -m compliance` from the checkout.

When OpenComplAI is installed (an `opencomplai` executable on PATH, or in the virtual environment named
by $OPENCOMPLAI_VENV), its check is timed the same way and printed side by side: it reads its own input,
so a system manifest for the same system is made first with `opencomplai init`, then
`opencomplai check --manifest system-manifest.json --no-sign` runs in that folder. Otherwise a line
says it was skipped.

Exit status: 1 when `check (json)` or `check (table)` costs more than --limit times bare Python.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-25"


@dataclass(frozen=True)
class Timing:
    name: str
    cpu: float          # median CPU seconds of the command
    wall: float         # median wall seconds of the command
    ratio: float        # median over pairs of command CPU / bare Python CPU
    codes: frozenset[int]


def _run(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, int]:
    """CPU seconds (user + system of the finished child), wall seconds and exit code of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, process.returncode


def measure(name: str, command: list[str], baseline: list[str], runs: int, env: dict[str, str],
            cwd: Path = ROOT) -> Timing:
    """The command and bare Python in turn, after one warm-up run of each."""
    _run(command, env, cwd)
    _run(baseline, env)
    cpus, walls, ratios, codes = [], [], [], set()
    for _ in range(runs):
        cpu, wall, code = _run(command, env, cwd)
        base, _, _ = _run(baseline, env)
        cpus.append(cpu)
        walls.append(wall)
        ratios.append(cpu / max(base, 1e-4))
        codes.add(code)
    return Timing(name, statistics.median(cpus), statistics.median(walls), statistics.median(ratios),
                  frozenset(codes))


def opencomplai_command(folder: Path, env: dict[str, str]) -> list[str] | None:
    """OpenComplAI's check of a manifest for the example's system (made in `folder`), when it is installed."""
    venv = os.environ.get("OPENCOMPLAI_VENV")
    found = shutil.which("opencomplai", path=str(Path(venv) / "bin") if venv else None)
    if not found:
        return None
    subprocess.run([found, "init", "--system-id", "medtriage", "--intended-purpose",
                    "Emergency-department triage assistant for clinicians", "-o", "system-manifest.json"],
                   cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return [found, "check", "--manifest", "system-manifest.json", "--no-sign"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--limit", type=float, default=10.0, help="largest ratio to bare Python allowed")
    parser.add_argument("--card", default="examples/medtriage/card.yaml")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "compliance", quiet=1)
    env = dict(os.environ)
    baseline = [sys.executable, "-c", "pass"]
    cli = [sys.executable, "-m", "compliance"]
    commands = {
        "compliance --help": [*cli, "--help"],
        "check (json)": [*cli, "check", args.card, "--format", "json", "--as-of", AS_OF],
        "check (table)": [*cli, "check", args.card, "--as-of", AS_OF],
    }
    timings = [measure(name, command, baseline, args.runs, env) for name, command in commands.items()]
    with tempfile.TemporaryDirectory(prefix="opencomplai-") as folder:
        peer = opencomplai_command(Path(folder), env)
        if peer is not None:
            timings.append(measure("OpenComplAI check", peer, baseline, args.runs, env, Path(folder)))
    base_cpu = statistics.median(_run(baseline, env)[0] for _ in range(args.runs))
    print(f"{'command':<22} {'cpu':>9} {'wall':>9} {'ratio':>7}   (cpu time to `python -c pass`, "
          f"{base_cpu * 1000:.1f} ms; medians of {args.runs} runs)")
    for t in timings:
        print(f"{t.name:<22} {t.cpu * 1000:7.1f}ms {t.wall * 1000:7.1f}ms {t.ratio:6.1f}x"
              + ("" if t.codes <= {0, 1} else f"   exit {sorted(t.codes)}"))
    if peer is None:
        print("OpenComplAI check: skipped (not installed; `pip install opencomplai` into a venv and set "
              "OPENCOMPLAI_VENV, or put `opencomplai` on PATH)")
    else:
        ours = next(t for t in timings if t.name == "check (json)")
        theirs = timings[-1]
        print(f"side by side: check (json) {ours.ratio:.1f}x, OpenComplAI check {theirs.ratio:.1f}x "
              f"({theirs.cpu / ours.cpu:.1f} times our CPU time)")
    over = [t for t in timings if t.name.startswith("check") and t.ratio > args.limit]
    for t in over:
        print(f"FAIL: {t.name} costs {t.ratio:.1f}x bare Python (limit {args.limit:g}x)", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
