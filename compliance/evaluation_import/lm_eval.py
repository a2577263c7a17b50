"""lm-evaluation-harness results (`results_<timestamp>.json`, v0.4 and v0.3): every task and group with its
metrics (`"acc,none"` → `medqa_4options__acc`; a filter other than `none` becomes a qualifier), the task's
dataset, version, split, few-shot count and sample counts. Standard errors are not imported."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from ..errors import ComplianceError
from ..importers.fields import mapping, text
from .documents import day_in_filename, day_of_timestamp, json_object, version_text
from .result import Dataset, Evaluation, MetricRow, dataset_table, finite, metric_table

FORMAT = "lm-eval"
TOOL = "lm-evaluation-harness"
_NOT_METRICS = {"alias", "name", "sample_len", "samples", "sample_count"}
MARKERS = ("versions", "configs", "n-shot", "lm_eval_version", "config", "group_subtasks", "higher_is_better")


def looks_like(document: Mapping[str, Any]) -> bool:
    """A results file: a `results` mapping of tasks beside the harness's bookkeeping keys."""
    return isinstance(document.get("results"), dict) and any(k in document for k in MARKERS) \
        and not isinstance(document.get("eval"), dict)


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _dataset(task: str, document: Mapping[str, Any]) -> Dataset:
    config = mapping(mapping(document.get("configs")).get(task))
    samples = mapping(mapping(document.get("n-samples")).get(task))
    effective, original = _count(samples.get("effective")), _count(samples.get("original"))
    version = mapping(document.get("versions")).get(task)
    kwargs = mapping(config.get("dataset_kwargs"))
    return Dataset(
        name=text(config.get("dataset_path")) or "",
        config=text(config.get("dataset_name")) or "",
        version="" if version is None or isinstance(version, bool) else str(version),
        revision=text(kwargs.get("revision")) or "",
        split=text(config.get("test_split")) or text(config.get("validation_split")) or "",
        samples=effective,
        samples_total=original if original is not None and original != effective else None,
        n_shot=_count(mapping(document.get("n-shot")).get(task)),
    )


def _model(document: Mapping[str, Any]) -> str:
    """The model's name, never the whole model_args string (it can carry endpoints and options)."""
    named = text(document.get("model_name"))
    if named:
        return named
    args = mapping(document.get("config")).get("model_args")
    if isinstance(args, str):
        for part in args.split(","):
            key, _, value = part.partition("=")
            if key.strip() in ("pretrained", "model", "engine") and value.strip():
                return value.strip()
    if isinstance(args, dict):
        return text(args.get("pretrained")) or text(args.get("model")) or ""
    return ""


def read(raw: bytes, source: str) -> Evaluation:
    document = json_object(raw, source, "an lm-evaluation-harness results file")
    if not looks_like(document):
        raise ComplianceError(f"{source}: not an lm-evaluation-harness results file (no 'results' mapping of tasks)")
    notes: list[str] = []
    rows: list[MetricRow] = []
    datasets: list[tuple[str, Dataset]] = []
    for section in ("results", "groups"):
        for task, values in sorted(mapping(document.get(section)).items()):
            if not isinstance(values, dict):
                notes.append(f"{section}.{task} is not a mapping of metrics; skipped")
                continue
            found = False
            for name, value in values.items():
                metric, _, filter_name = str(name).partition(",")
                if metric in _NOT_METRICS or metric.endswith("_stderr"):
                    continue
                number = finite(value)
                if number is None:
                    if not (isinstance(value, str) and value.strip().upper() in ("N/A", "")):
                        notes.append(f"{section}.{task}.{name} = {value!r} is not a finite number; skipped")
                    continue
                qualifier = "" if filter_name in ("", "none") else filter_name
                rows.append(MetricRow(task, metric, number, qualifier, f"{section}.{task}.{name}"))
                found = True
            if found:
                datasets.append((task, _dataset(task, document)))
    if not rows:
        raise ComplianceError(f"{source}: the lm-evaluation-harness results hold no metric values")
    limit = mapping(document.get("config")).get("limit")
    if limit is not None:
        notes.append(f"the run used --limit {limit}: not every item of the datasets was evaluated "
                     "(see samples and samples_total)")
    version = version_text(document.get("lm_eval_version"))
    git_hash = text(document.get("git_hash"))
    if not version and git_hash:
        version = f"git {git_hash}"
    date = day_of_timestamp(document.get("date")) or day_in_filename(PurePath(source).name)
    return Evaluation(FORMAT, TOOL, version, _model(document), date, metric_table(rows, source),
                      dataset_table(datasets, source), tuple(notes))
