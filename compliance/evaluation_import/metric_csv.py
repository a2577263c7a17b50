"""A plain CSV of metric rows, for results no supported tool wrote (clinical validation, hallucination
review, subgroup analyses). Header row required; columns:

    dataset, metric, value                     required on every row
    subgroup                                   optional qualifier (a population, a site, a language)
    dataset_version, split, samples            optional, per dataset
    date, tool, tool_version, model            optional, one value for the whole file

Each row becomes `<dataset>[__<subgroup>]__<metric>`. Every problem is reported with its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from ..errors import ComplianceError, Problem
from ..yaml_source import decode_text
from .documents import valid_day
from .result import Dataset, Evaluation, MetricRow, dataset_table, finite, metric_table

FORMAT = "csv"
TOOL = "CSV metric table"
REQUIRED = ("dataset", "metric", "value")
PER_DATASET = ("dataset_version", "split", "samples")
PER_FILE = ("date", "tool", "tool_version", "model")
COLUMNS = (*REQUIRED, "subgroup", *PER_DATASET, *PER_FILE)


def _number(text: str) -> float | None:
    try:
        return finite(float(text))
    except ValueError:
        return None


def _samples(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def read(raw: bytes, source: str) -> Evaluation:
    content = decode_text(raw, source)
    try:
        table = list(csv.reader(io.StringIO(content, newline="")))
    except csv.Error as exc:
        raise ComplianceError(f"{source}: not a readable CSV file ({exc})") from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise ComplianceError(f"{source}: empty CSV; the first row must name the columns "
                              f"({', '.join(REQUIRED)}, ...)")
    header = [cell.strip().lower() for cell in table[0]]
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        what = "; ".join(filter(None, (
            f"unknown column(s) {', '.join(unknown)}" if unknown else "",
            f"missing column(s) {', '.join(missing)}" if missing else "",
            "a column is named twice" if len(set(header)) != len(header) else "")))
        raise ComplianceError(f"{source}:1: {what} (columns: {', '.join(COLUMNS)})")
    problems: list[Problem] = []
    rows: list[MetricRow] = []
    per_dataset: dict[str, dict[str, str]] = {}
    per_file: dict[str, tuple[str, int]] = {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(source, line, "", f"{len(cells)} cells, the header has {len(header)}"))
            continue
        row: Mapping[str, str] = {c: v.strip() for c, v in zip(header, cells, strict=True)}
        empty = [c for c in REQUIRED if not row[c]]
        if empty:
            problems.append(Problem(source, line, "", f"empty {', '.join(empty)}"))
            continue
        value = _number(row["value"])
        if value is None:
            problems.append(Problem(source, line, "value", f"{row['value']!r} is not a finite number "
                                    "(write rates as fractions: 0.031, not 3.1%)"))
            continue
        rows.append(MetricRow(row["dataset"], row["metric"], value, row.get("subgroup", ""), f"line {line}"))
        described = per_dataset.setdefault(row["dataset"], {})
        for column in (*PER_DATASET, *PER_FILE):
            given = row.get(column, "")
            if not given:
                continue
            if column == "samples" and _samples(given) is None:
                problems.append(Problem(source, line, column, f"{given!r} is not a whole number"))
            elif column == "date" and valid_day(given) is None:
                problems.append(Problem(source, line, column, f"{given!r} is not a date (YYYY-MM-DD)"))
            if column in PER_FILE:
                first = per_file.setdefault(column, (given, line))
                if first[0] != given:
                    problems.append(Problem(source, line, column, f"{given!r} differs from {first[0]!r} on line "
                                            f"{first[1]}; one file holds one evaluation"))
            elif described.setdefault(column, given) != given:
                problems.append(Problem(source, line, column, f"{given!r} differs from {described[column]!r} "
                                        f"given earlier for dataset {row['dataset']!r}"))
    if problems:
        raise ComplianceError(f"{source}: {len(problems)} problem(s)", tuple(problems))
    if not rows:
        raise ComplianceError(f"{source}: no metric rows under the header")
    datasets = [(name, Dataset(name=name, version=about.get("dataset_version", ""), split=about.get("split", ""),
                               samples=_samples(about.get("samples", ""))))
                for name, about in per_dataset.items()]
    whole_file = {column: value for column, (value, _) in per_file.items()}
    return Evaluation(FORMAT, whole_file.get("tool", TOOL), whole_file.get("tool_version", ""),
                      whole_file.get("model", ""), whole_file.get("date"),
                      metric_table(rows, source), dataset_table(datasets, source))
