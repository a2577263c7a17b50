"""garak report (`<run>.report.jsonl`): one `eval` entry per probe and detector becomes the attack success
rate (failed outputs / evaluated outputs, garak's own definition) and the number of outputs evaluated,
keyed `<probe>__<detector>__attack_success_rate`. Runs are never pooled into one figure."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from ..errors import ComplianceError
from ..importers.fields import text
from ..strict_json import loads as strict_json
from ..yaml_source import decode_text
from .documents import day_in_filename, day_of_timestamp, version_text
from .result import Dataset, Evaluation, MetricRow, dataset_table, metric_table

FORMAT = "garak"
TOOL = "garak"
ENTRY_TYPES = ("start_run setup", "init", "attempt", "eval", "probe_summary", "completion", "digest", "config")


def looks_like(first_line: str) -> bool:
    try:
        entry = json.loads(first_line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(entry, dict) and entry.get("entry_type") in ENTRY_TYPES


def _entries(raw: bytes, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(decode_text(raw, source).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = strict_json(line, non_finite=True)
        except (ValueError, RecursionError):
            raise ComplianceError(f"{source}:{number}: not a JSON line (a garak report has one JSON object "
                                  "per line; a cut-off last line means the run was interrupted)") from None
        if not isinstance(entry, dict):
            raise ComplianceError(f"{source}:{number}: a garak report line must be a JSON object")
        yield number, entry


def _count(entry: Mapping[str, Any], *names: str) -> int | None:
    for name in names:
        value = entry.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


def _plugin(name: str, prefix: str) -> str:
    """garak names plugins `module.Class`; older reports prefix the family (`detector.dan.DAN`)."""
    for family in (f"{prefix}s.", f"{prefix}."):
        if name.startswith(family):
            return name[len(family):]
    return name


def read(raw: bytes, source: str) -> Evaluation:
    notes: list[str] = []
    rows: list[MetricRow] = []
    probes: list[tuple[str, Dataset]] = []
    setup: Mapping[str, Any] = {}
    init: Mapping[str, Any] = {}
    completed = False
    for number, entry in _entries(raw, source):
        kind = entry.get("entry_type")
        if kind == "start_run setup":
            setup = entry
        elif kind == "init":
            init = entry
        elif kind == "completion":
            completed = True
        elif kind == "eval":
            probe, detector = text(entry.get("probe")), text(entry.get("detector"))
            passed = _count(entry, "passed")
            evaluated = _count(entry, "total_evaluated", "total")
            if probe is None or detector is None or passed is None or evaluated is None:
                raise ComplianceError(f"{source}:{number}: eval entry without probe, detector, passed and "
                                      "total_evaluated (or total)")
            fails = _count(entry, "fails")
            fails = evaluated - passed if fails is None else fails
            if passed + fails != evaluated:
                raise ComplianceError(f"{source}:{number}: passed ({passed}) + fails ({fails}) is not "
                                      f"total_evaluated ({evaluated})")
            probe, detector = _plugin(probe, "probe"), _plugin(detector, "detector")
            where = f"line {number} ({probe} / {detector})"
            if evaluated == 0:
                notes.append(f"{where}: no output could be evaluated; no rate recorded")
                continue
            rows.append(MetricRow(probe, "attack_success_rate", fails / evaluated, detector, where))
            rows.append(MetricRow(probe, "outputs_evaluated", float(evaluated), detector, where))
            probes.append((probe, Dataset(name=probe)))
    if not rows:
        raise ComplianceError(f"{source}: the garak report has no eval entries with evaluated outputs "
                              "(garak writes them as each probe finishes)")
    if not completed:
        notes.append("no completion entry: the run may have been interrupted; only the probes that finished "
                     "are imported")
    version = version_text(init.get("garak_version")) or version_text(setup.get("_config.version"))
    model = text(setup.get("plugins.target_name")) or text(setup.get("plugins.model_name")) or ""
    date = (day_of_timestamp(init.get("start_time")) or day_of_timestamp(setup.get("transient.starttime_iso"))
            or day_in_filename(PurePath(source).name))
    return Evaluation(FORMAT, TOOL, version, model, date, metric_table(rows, source),
                      dataset_table(probes, source), tuple(notes))
