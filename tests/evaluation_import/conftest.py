"""Sample evaluation outputs (tests/fixtures/evaluations, written by hand in each tool's documented shape)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evaluations"
LM_EVAL = FIXTURES / "results_2026-11-18T14-02-37.118204.json"
GARAK = FIXTURES / "medtriage.report.jsonl"
INSPECT_JSON = FIXTURES / "2026-11-20T10-15-02+00-00_medqa_Hk3vQm8XcTn2bWp9Lr4sYd.json"
INSPECT_EVAL = INSPECT_JSON.with_suffix(".eval")
MODEL_CARD = FIXTURES / "README.md"
CSV = FIXTURES / "clinical-review.csv"
SAMPLES = (LM_EVAL, GARAK, INSPECT_JSON, INSPECT_EVAL, MODEL_CARD, CSV)
