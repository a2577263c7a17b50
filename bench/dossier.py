"""Render time and page count of every dossier target for a card (default: the showcase example).

    python bench/dossier.py                              # examples/medtriage/card.yaml, each target's language
    python bench/dossier.py --lang en --lang zh          # both languages for every target
    python bench/dossier.py --card tests/fixtures/dossier/card.yaml --rulesets tests/rulesets --as-of 2028-09-01

The card is assessed once per target (with the target's own rulesets, as the CLI does); the time shown
is the dossier itself: outline filled, HTML, layout and PDF/A-3b with the evidence embedded. WeasyPrint
is imported before the first measurement so its import cost (about 0.5 s) is reported separately.
Exits 1 when the gap-analysis dossier takes longer than --budget seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.dossier import TARGETS  # noqa: E402
from compliance.dossier.inputs import gather  # noqa: E402
from compliance.dossier.outline import load_outline  # noqa: E402
from compliance.dossier.render import dossier_pdf  # noqa: E402
from compliance.errors import ComplianceError  # noqa: E402
from compliance.rulesets import load_catalog  # noqa: E402

# The engineering notes' table benchmark (400 rows, 5 columns, A4): 1.70 s layout + 0.69 s write on the
# machine they were measured on. Timing the same job here turns seconds into a machine-independent ratio.
NOTES_REFERENCE = 2.39


def _reference_seconds(weasyprint: Any) -> float:
    row = ("<tr><td>EU-AIA-{0}</td><td>Art. {0}(1)</td><td>A requirement title long enough to wrap once</td>"
           "<td>gap</td><td>the reason for the finding, in a sentence or so</td></tr>")
    html = ("<html><head><style>@page{size:A4;margin:2cm} body{font:10pt 'DejaVu Sans'} "
            "tr{page-break-inside:avoid}</style></head><body><table><thead><tr><th>a</th><th>b</th><th>c</th>"
            "<th>d</th><th>e</th></tr></thead>" + "".join(row.format(i) for i in range(400)) + "</table></body></html>")
    begin = time.perf_counter()
    weasyprint.HTML(string=html).write_pdf()
    return time.perf_counter() - begin


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--card", type=Path, default=ROOT / "examples" / "medtriage" / "card.yaml")
    parser.add_argument("--rulesets", type=Path, default=None, help="rulesets folder (default: the shipped ones)")
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--lang", action="append", choices=["en", "zh"], help="default: each target's own")
    parser.add_argument("--target", action="append", choices=TARGETS)
    parser.add_argument("--out", type=Path, default=None, help="keep the PDFs in this folder")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds allowed for the gap analysis")
    args = parser.parse_args()

    started = time.perf_counter()
    import weasyprint
    print(f"import weasyprint: {time.perf_counter() - started:.2f} s")
    reference = _reference_seconds(weasyprint)
    print(f"reference job (400-row table, engineering notes §1: {NOTES_REFERENCE:.1f} s there): "
          f"{reference:.2f} s here, so this machine is {reference / NOTES_REFERENCE:.1f}x the notes' machine")
    try:
        catalog = load_catalog(args.rulesets)
    except ComplianceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{'target':<17} {'lang':<4} {'pages':>5} {'seconds':>8} {'x ref':>6} {'s/page':>6} {'KiB':>6} "
          f"{'files':>5} {'placeholders':>12}")
    over = False
    for target in args.target or TARGETS:
        outline = load_outline(target)
        for lang in args.lang or [outline.default_lang]:
            try:
                inputs = gather(args.card, (), args.as_of, catalog, outline.rulesets)
            except ComplianceError as error:
                print(f"{target:<17} {lang:<4} skipped: {error.message}")
                continue
            titles = {k.id: (k.title_zh if lang == "zh" else k.title) for k in catalog.vocabulary.kinds.values()}
            begin = time.perf_counter()
            rendered = dossier_pdf(inputs, target, lang, "regulation", titles)
            seconds = time.perf_counter() - begin
            assert rendered.pdf is not None
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{target}-{lang}.pdf").write_bytes(rendered.pdf)
            print(f"{target:<17} {lang:<4} {rendered.pages:>5} {seconds:>8.2f} {seconds / reference:>6.1f} "
                  f"{seconds / rendered.pages:>6.2f} "
                  f"{len(rendered.pdf) / 1024:>6.0f} {len(rendered.manifest.files) + 1:>5} "
                  f"{rendered.dossier.placeholder_count:>12}")
            over = over or (target == "gap-analysis" and seconds > args.budget)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
