"""Time `compliance check DIR/` over a generated portfolio of model cards: cards per second, peak memory.

    python bench/portfolio.py                 # 10,000 cards against the shipped rulesets, --jobs 2
    python bench/portfolio.py --cards 200 --rulesets tests/rulesets --jobs 1

Writes the cards into a temporary folder (removed afterwards), runs the batch through the CLI in a
subprocess once with `--format table` (the portfolio view) and once with `--format jsonl` (the full
assessment of every card), checks that every card was assessed, and prints the wall time of each, the
cards per second and the peak resident memory of the largest process (the CLI or one of its workers).
Exits 1 when a run takes longer than --budget seconds (default 60: the target is 10,000 cards in under
a minute on two cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKETS = (["EU"], ["EU", "CN"], ["CN"], ["DE", "FR"])
EU_ROLES = (["provider"], ["deployer"], ["provider", "deployer"], [])
CN_ROLES = (["service_provider"], [], ["technical_supporter"])
CLASSES = (("MDR", "IIa", True), ("MDR", "IIb", True), ("none", None, False), ("MDR", "I", False))
USERS = (["clinicians"], ["patients"], ["clinicians", "patients"], ["public"])
FUNCTIONS = (["triage"], ["documentation"], ["information", "education"], ["diagnosis"])

PLAN = """# Risk management plan

## 1. Risk identification

Hazards of the system {n}.

## 2. Reasonably foreseeable misuse

Misuse scenarios.
"""


def card_text(n: int) -> str:
    """A valid card; fields vary with n so that applicability differs across the portfolio."""
    regulation, device_class, notified_body = CLASSES[n % len(CLASSES)]
    markets = MARKETS[n % len(MARKETS)]
    lines = [
        "card_version: 1",
        "system:",
        f"  name: System {n:04d}",
        f'  version: "{1 + n % 3}.{n % 10}"',
        f"  intended_purpose: Clinical decision support variant {n} for hospital staff",
        "  ai_system: true",
        f"  generative: {'true' if n % 5 else 'false'}",
        "  output_modalities: [text]",
        "  interacts_with_persons: true",
        f"  users: {json.dumps(USERS[n % len(USERS)])}",
        f"  clinical_functions: {json.dumps(FUNCTIONS[n % len(FUNCTIONS)])}",
        f"  physician_review: {'true' if n % 3 else 'false'}",
        "organisation:",
        f"  name: Vendor {n % 37}",
        "  established_in: DE",
        "  size: small",
        "  roles:",
        f"    eu_ai_act: {json.dumps(EU_ROLES[n % len(EU_ROLES)])}",
        "    gdpr: [controller]",
        f"    cn_genai: {json.dumps(CN_ROLES[n % len(CN_ROLES)] if 'CN' in markets else [])}",
        "    pipl: []",
        "deployment:",
        f"  markets: {json.dumps(markets)}",
        '  placed_on_market: "2027-03-01"',
        f"  public_service_cn: {'true' if 'CN' in markets else 'false'}",
        "  channels: [web]",
        "classification:",
        "  medical_device:",
        f"    regulation: {regulation}",
        f"    class: {device_class if device_class else 'null'}",
        f"    notified_body: {'true' if notified_body else 'false'}",
        f"  annex_iii: {json.dumps(['5(a)'] if n % 7 == 0 else [])}",
        "data:",
        "  personal_data: true",
        "  special_categories: [health]",
        "measures:",
        "  risk_management: [rms]",
        "evidence:",
        '  - {id: rms, kind: risk-management-plan, path: evidence/rms.md, date: "2027-01-15"}',
    ]
    return "\n".join(lines) + "\n"


def write_portfolio(root: Path, count: int) -> None:
    for n in range(count):
        folder = root / f"vendor-{n % 37:02d}" / f"system-{n:04d}"
        (folder / "evidence").mkdir(parents=True)
        (folder / "card.yaml").write_text(card_text(n), encoding="utf-8")
        (folder / "evidence" / "rms.md").write_text(PLAN.format(n=n), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (check --jobs)")
    parser.add_argument("--rulesets", type=Path, help="rulesets folder (default: the shipped rulesets)")
    parser.add_argument("--as-of", default="2028-09-01")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per run; exit 1 when exceeded")
    parser.add_argument("--formats", nargs="+", default=["table", "jsonl"], choices=["table", "jsonl"])
    args = parser.parse_args()
    env = dict(os.environ)
    if args.rulesets:
        env["COMPLIANCE_RULESETS"] = str(args.rulesets.resolve())
    with tempfile.TemporaryDirectory(prefix="compliance-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        write_portfolio(root, args.cards)
        print(f"generated {args.cards} cards in {time.perf_counter() - started:.1f} s")
        failed = False
        for fmt in args.formats:
            command = [sys.executable, "-c", "from compliance.cli import main; main()", "check", str(root),
                       "--format", fmt, "--as-of", args.as_of, "--fail-on", "none", "--jobs", str(args.jobs)]
            output = Path(tmp) / f"out.{fmt}"  # streamed to a file: 10,000 assessments do not fit in memory twice
            started = time.perf_counter()
            with output.open("wb") as sink:
                run = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, env=env, check=False)
            elapsed = time.perf_counter() - started
            failed |= not _report(fmt, run, output, elapsed, args.cards, args.budget)
            output.unlink()
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
            print(f"  peak memory (largest process: the CLI or a worker, so far): {peak:.0f} MiB")
    return 1 if failed else 0


def _report(fmt: str, run: subprocess.CompletedProcess[bytes], output: Path, elapsed: float, cards: int,
            budget: float) -> bool:
    size = output.stat().st_size
    if fmt == "jsonl":
        checked = findings = 0
        with output.open("rb") as lines:
            for line in lines:  # one card at a time
                record = json.loads(line)
                if "assessment" in record:
                    checked += 1
                    findings += len(record["assessment"]["findings"])
        detail = f"{findings} findings"
    else:
        out = output.read_text(encoding="utf-8")
        checked = out.count("passes") + out.count("gaps at --fail-on")
        detail = f"{len(out):,} characters of table"
    print(f"--format {fmt}: {checked} cards checked ({detail}) in {elapsed:.1f} s = "
          f"{cards / max(elapsed, 1e-9):.0f} cards/s ({1000 * elapsed / max(cards, 1):.1f} ms/card), "
          f"{size:,} bytes, exit {run.returncode}")
    if run.returncode != 0 or checked != cards:
        print(run.stderr.decode("utf-8")[-2000:], file=sys.stderr)
        return False
    if elapsed > budget:
        print(f"too slow: {elapsed:.1f} s > budget {budget:.0f} s", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
