"""The evaluation formats `compliance evidence import` reads, one module each behind one interface, and
how a file's format is recognised from its content."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from ..errors import ComplianceError
from . import garak, inspect_log, lm_eval, metric_csv, model_index
from .result import Evaluation


@dataclass(frozen=True)
class EvaluationFormat:
    id: str
    tool: str
    default_kind: str | None          # None: the content says too little; --kind is required
    read: Callable[[bytes, str], Evaluation]


FORMATS: dict[str, EvaluationFormat] = {f.id: f for f in (
    EvaluationFormat(lm_eval.FORMAT, lm_eval.TOOL, "accuracy-evaluation", lm_eval.read),
    EvaluationFormat(model_index.FORMAT, model_index.TOOL, "accuracy-evaluation", model_index.read),
    EvaluationFormat(garak.FORMAT, garak.TOOL, "red-team-report", garak.read),
    EvaluationFormat(inspect_log.FORMAT, inspect_log.TOOL, None, inspect_log.read),
    EvaluationFormat(metric_csv.FORMAT, metric_csv.TOOL, None, metric_csv.read),
)}
KNOWN = ("lm-evaluation-harness results JSON, Hugging Face model-index (README.md front matter, YAML or JSON), "
         "garak report JSONL, inspect-ai log (.eval or .json), CSV of metric rows")


def _json_format(raw: bytes) -> str | None:
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    if inspect_log.looks_like(document):
        return inspect_log.FORMAT
    if lm_eval.looks_like(document):
        return lm_eval.FORMAT
    if model_index.looks_like(document):
        return model_index.FORMAT
    return None


def detect(raw: bytes, name: str) -> str:
    """The format id of a file, from its content (the suffix only separates CSV from other text)."""
    suffix = PurePath(name).suffix.lower()
    if raw.startswith(inspect_log.ZIP_MAGIC):
        return inspect_log.FORMAT
    if suffix == ".csv":
        return metric_csv.FORMAT
    head = raw.lstrip()[:1]
    if head == b"{":
        found = _json_format(raw)
        if found:
            return found
        first = raw.decode("utf-8-sig", errors="replace").lstrip().split("\n", 1)[0]
        if garak.looks_like(first):
            return garak.FORMAT
    elif suffix in (".md", ".markdown", ".yaml", ".yml") or raw.startswith(b"---"):
        try:
            document = model_index.document_of(raw, name)
        except ComplianceError:
            document = None
        if isinstance(document, dict) and model_index.looks_like(document):
            return model_index.FORMAT
    raise ComplianceError(f"{name}: not a recognised evaluation output (reads: {KNOWN}); "
                          "give --format if it is one of these")
