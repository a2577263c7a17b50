"""inspect-ai evaluation logs, `.eval` (a zip archive; its `header.json` is the log without samples) or
`.json`: each scorer's metrics keyed `<task>__<scorer>__<metric>`, the dataset, task version and sample
counts, the model and the inspect_ai version. Only logs of finished evaluations (status `success`) are
evidence; standard errors are not imported."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from ..errors import ComplianceError
from ..importers.fields import items, mapping, text
from .documents import day_of_timestamp, json_object, version_text
from .result import Dataset, Evaluation, MetricRow, dataset_table, finite, metric_table

FORMAT = "inspect"
TOOL = "inspect-ai"
ZIP_MAGIC = b"PK\x03\x04"
MAX_HEADER_BYTES = 16 * 1024 * 1024
_UNCERTAINTY = {"stderr", "bootstrap_stderr"}


def looks_like(document: Mapping[str, Any]) -> bool:
    return isinstance(document.get("eval"), dict) and "task" in document["eval"] and "status" in document


def _header(raw: bytes, source: str) -> dict[str, Any]:
    """header.json of an .eval archive, read with a size cap (the sizes in a zip directory can lie)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "header.json" not in names:
                unfinished = "_journal/start.json" in names
                raise ComplianceError(f"{source}: no header.json in the .eval archive" + (
                    ": the evaluation is still running or was interrupted; import the log of a finished one"
                    if unfinished else ": not an inspect-ai log"))
            info = archive.getinfo("header.json")
            if info.file_size > MAX_HEADER_BYTES:
                raise ComplianceError(f"{source}: header.json is {info.file_size:,} bytes; the limit is "
                                      f"{MAX_HEADER_BYTES:,}")
            with archive.open(info) as member:
                data = member.read(MAX_HEADER_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise ComplianceError(f"{source}: not a readable .eval archive ({exc})") from None
    if len(data) > MAX_HEADER_BYTES:
        raise ComplianceError(f"{source}: header.json is larger than {MAX_HEADER_BYTES:,} bytes")
    return json_object(data, f"{source}!header.json", "header.json")


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def read(raw: bytes, source: str) -> Evaluation:
    log = _header(raw, source) if raw.startswith(ZIP_MAGIC) else json_object(raw, source, "an inspect-ai log")
    if not looks_like(log):
        raise ComplianceError(f"{source}: not an inspect-ai log (no 'eval' with a task, or no 'status')")
    status = text(log.get("status"))
    if status != "success":
        raise ComplianceError(f"{source}: the evaluation's status is {status!r}; only the log of a finished "
                              "evaluation (status 'success') is evidence")
    spec = mapping(log.get("eval"))
    results = mapping(log.get("results"))
    task = (text(spec.get("task")) or "").rsplit("/", 1)[-1]
    notes: list[str] = []
    rows: list[MetricRow] = []
    for index, score in enumerate(items(results.get("scores"))):
        scorer = text(mapping(score).get("name")) or text(mapping(score).get("scorer"))
        if scorer is None:
            notes.append(f"results.scores[{index}] has no name; skipped")
            continue
        for name, metric in sorted(mapping(mapping(score).get("metrics")).items()):
            metric_name = text(mapping(metric).get("name")) or name
            if metric_name in _UNCERTAINTY:
                continue
            value = finite(mapping(metric).get("value"))
            if value is None:
                notes.append(f"results.scores[{index}].metrics.{name} is not a finite number; skipped")
                continue
            rows.append(MetricRow(task, metric_name, value, scorer, f"results.scores[{index}].metrics.{name}"))
    if not rows:
        raise ComplianceError(f"{source}: the inspect-ai log has no scored metrics")
    dataset = mapping(spec.get("dataset"))
    completed, total = _count(results.get("completed_samples")), _count(results.get("total_samples"))
    version = spec.get("task_version")
    info = Dataset(name=text(dataset.get("name")) or text(dataset.get("location")) or "",
                   version="" if version is None or isinstance(version, bool) else str(version),
                   samples=completed, samples_total=total if total is not None and total != completed else None)
    stats = mapping(log.get("stats"))
    date = day_of_timestamp(stats.get("completed_at")) or day_of_timestamp(spec.get("created"))
    return Evaluation(FORMAT, TOOL, version_text(mapping(spec.get("packages")).get("inspect_ai")),
                      text(spec.get("model")) or "", date, metric_table(rows, source),
                      dataset_table([(task, info)], source), tuple(notes))
