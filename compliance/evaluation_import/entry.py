"""The card evidence entry for an imported evaluation: metrics, SHA-256, date, the tool and its version."""

from __future__ import annotations

from typing import Any

from .result import Evaluation

_TITLE_DATASETS = 4


def entry_title(evaluation: Evaluation) -> str:
    tool = " ".join(p for p in (evaluation.tool, evaluation.tool_version) if p)
    names = list(evaluation.datasets)
    shown = ", ".join(names[:_TITLE_DATASETS]) + (f" and {len(names) - _TITLE_DATASETS} more"
                                                  if len(names) > _TITLE_DATASETS else "")
    model = f" — {evaluation.model}" if evaluation.model else ""
    return f"{tool}: {shown}{model}"


def _figure(value: float) -> int | float:
    """Counts as integers, rates as floats (so the card reads `samples: 1273`, not `1273.0`)."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def evidence_entry(evaluation: Evaluation, evidence_id: str, kind: str, path: str, date: str,
                   sha256: str) -> dict[str, Any]:
    """The entry as plain data, keys in the order the card shows them."""
    source: dict[str, str] = {"tool": evaluation.tool}
    if evaluation.tool_version:
        source["version"] = evaluation.tool_version
    source["format"] = evaluation.format
    if evaluation.model:
        source["model"] = evaluation.model
    entry: dict[str, Any] = {"id": evidence_id, "kind": kind, "title": entry_title(evaluation), "path": path,
                             "date": date, "sha256": sha256, "source": source}
    datasets = {key: info.as_dict() for key, info in evaluation.datasets.items() if info.as_dict()}
    if datasets:
        entry["datasets"] = datasets
    entry["metrics"] = {key: _figure(value) for key, value in evaluation.metrics.items()}
    return entry
