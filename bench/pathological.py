"""Cards built to find quadratic paths and output that grows with the input: time and size of `check`.

    python bench/pathological.py                      # both cards, JSON and table
    python bench/pathological.py --ids 10000 --failing 1000

Both start from the example card (a copy of examples/medtriage) and add risk-management plans to it:
* `ids`: 10,000 more evidence entries (one file each) listed under the one risk-management measure —
  schema uniqueItems, measure membership and evidence indexing must stay linear.
* `failing`: 1,000 more plans that lack the required sections — a finding lists a few of them and
  "N more", so the JSON and the table do not grow with the number of entries.

Each card is written to a temporary folder (removed afterwards) and checked once per format as a
subprocess of `python -m compliance` from the checkout; the figures are wall seconds and output bytes.
The `failing` card is also made into the gap-analysis dossier (`--dossier`, on by default; it needs
WeasyPrint's Pango): seconds, pages and PDF bytes, the figure that was 915 pages in 109 s before findings
were bounded. Exit status 1 when a run fails, its output exceeds --max-bytes, or the dossier exceeds
--max-pages.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "medtriage"
EMPTY_PLAN = "# Risk management plan\n\nTo be completed.\n"
PLAN = ("# Risk management plan\n\n## 1. Risk identification\n\nHazards of entry {n} are listed with their causes "
        "and the patients they affect.\n\n## 2. Reasonably foreseeable misuse\n\nMisuse scenarios are listed with "
        "their controls.\n")


def write_card(folder: Path, entries: int, failing: bool) -> Path:
    """The example card (in a copy of its folder) whose risk-management measure lists `entries` more plans."""
    shutil.copytree(EXAMPLE, folder)
    ids = [f"rms-{n:05d}" for n in range(entries)]
    (folder / "evidence" / "many").mkdir()
    extra = []
    for n, evidence_id in enumerate(ids):
        path = folder / "evidence" / "many" / f"{evidence_id}.md"
        path.write_text(EMPTY_PLAN if failing else PLAN.format(n=n), encoding="utf-8")
        extra.append(f'  - {{id: {evidence_id}, kind: risk-management-plan, path: evidence/many/{evidence_id}.md, '
                     f'date: "2026-{1 + n % 9:02d}-{1 + n % 28:02d}"}}')
    card = folder / "card.yaml"
    text = card.read_text(encoding="utf-8")
    text = text.replace("  risk_management: [rms]", f"  risk_management: [rms, {', '.join(ids)}]", 1)
    text = text.replace("\nevidence:\n", "\nevidence:\n" + "\n".join(extra) + "\n", 1)
    card.write_text(text, encoding="utf-8")
    return card


def run(card: Path, fmt: str, as_of: str) -> tuple[float, int, int]:
    command = [sys.executable, "-m", "compliance", "check", str(card), "--format", fmt, "--as-of", as_of,
               "--fail-on", "none"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stderr.decode("utf-8", "replace")[-2000:], file=sys.stderr)
    return elapsed, len(result.stdout), result.returncode


def dossier(card: Path, as_of: str, out: Path) -> tuple[float, int, int, int]:
    """Seconds, pages (as the command reports them), PDF bytes and exit code of the gap-analysis dossier."""
    command = [sys.executable, "-m", "compliance", "dossier", str(card), "--target", "gap-analysis", "--as-of", as_of,
               "-o", str(out)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    found = re.search(r"(\d+) page\(s\)", result.stdout + result.stderr)
    if result.returncode != 0 or found is None:
        print(result.stderr[-2000:], file=sys.stderr)
    size = out.stat().st_size if out.exists() else 0
    return elapsed, int(found.group(1)) if found else 0, size, result.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=10_000, help="evidence ids under one measure")
    parser.add_argument("--failing", type=int, default=1_000, help="failing entries of one kind")
    parser.add_argument("--as-of", default="2028-09-01")
    parser.add_argument("--max-bytes", type=int, default=5_000_000,
                        help="largest output allowed per run (the card's evidence list is written once: 10,000 "
                             "entries are about 3 MB of it)")
    parser.add_argument("--dossier", action=argparse.BooleanOptionalAction, default=True,
                        help="also make the failing card's gap-analysis dossier")
    parser.add_argument("--max-pages", type=int, default=120, help="most pages allowed for that dossier")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="compliance-pathological-") as tmp:
        for name, entries, failing in (("ids", args.ids, False), ("failing", args.failing, True)):
            card = write_card(Path(tmp) / name, entries, failing)
            for fmt in ("json", "table"):
                elapsed, size, code = run(card, fmt, args.as_of)
                print(f"{name:<8} {entries:>6} entries  --format {fmt:<5} {elapsed:6.1f} s  {size:>10,} bytes  "
                      f"exit {code}")
                failed |= code != 0 or size > args.max_bytes
            if failing and args.dossier:
                elapsed, pages, size, code = dossier(card, args.as_of, Path(tmp) / "gap-analysis.pdf")
                print(f"{name:<8} {entries:>6} entries  dossier gap-analysis {elapsed:6.1f} s  {pages:>4} pages  "
                      f"{size:>10,} bytes  exit {code}")
                failed |= code != 0 or not 0 < pages <= args.max_pages
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
