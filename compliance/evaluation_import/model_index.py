"""Hugging Face `model-index` evaluation results, from a model card (README.md front matter) or a YAML/JSON
file holding `model-index`: each metric keyed by its dataset (type, config and split as written), so the
same benchmark on two splits stays two figures. Values are recorded as written: the format does not say
whether 61.2 is a percentage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ComplianceError
from ..importers.fields import items, mapping, number, text
from ..yaml_source import decode_text, parse_yaml
from .documents import json_document
from .result import Dataset, Evaluation, MetricRow, dataset_table, finite, metric_table

FORMAT = "hf-model-index"
TOOL = "Hugging Face model-index"
_RATES = {"accuracy", "acc", "f1", "precision", "recall", "exact_match", "em", "auc", "roc_auc"}


def looks_like(document: Mapping[str, Any]) -> bool:
    return isinstance(document.get("model-index"), list)


def document_of(raw: bytes, source: str) -> Any:
    """The metadata: a model card's front matter, or a whole YAML or JSON file."""
    content = decode_text(raw, source)
    if content.startswith("---"):
        from ..importers.huggingface import split_front_matter

        return split_front_matter(content, source)[0]
    if content.lstrip().startswith(("{", "[")):
        return json_document(raw, source)
    return parse_yaml(content, source).data


def read(raw: bytes, source: str) -> Evaluation:
    document = document_of(raw, source)
    if not isinstance(document, dict) or not looks_like(document):
        raise ComplianceError(f"{source}: no 'model-index' list of evaluation results")
    return read_document(document, source)


def read_document(document: Mapping[str, Any], source: str) -> Evaluation:
    rows, datasets, names, notes = metric_rows(document, source)
    if not rows:
        raise ComplianceError(f"{source}: the model-index holds no numeric metric values")
    model_name = ", ".join(n for n in names if n)
    return Evaluation(FORMAT, TOOL, "", model_name, None, metric_table(rows, source),
                      dataset_table(datasets, source), tuple(notes))


def metric_rows(document: Mapping[str, Any], source: str) -> tuple[list[MetricRow], list[tuple[str, Dataset]],
                                                                     list[str], list[str]]:
    """(metric rows, datasets, model names, notes); `init --from README.md` keys its metrics the same way."""
    models = items(document.get("model-index"))
    if not models:
        raise ComplianceError(f"{source}: 'model-index' is empty or not a list")
    notes: list[str] = []
    rows: list[MetricRow] = []
    datasets: list[tuple[str, Dataset]] = []
    names = [text(mapping(m).get("name")) or "" for m in models]
    for m, model in enumerate(models):
        qualifier = names[m] if len(models) > 1 else ""
        for r, result in enumerate(items(mapping(model).get("results"))):
            data = mapping(mapping(result).get("dataset"))
            identifier = text(data.get("type")) or text(data.get("name"))
            where = f"model-index[{m}].results[{r}]"
            if identifier is None:
                notes.append(f"{where} names no dataset; skipped")
                continue
            config, split = text(data.get("config")) or "", text(data.get("split")) or ""
            raw = " ".join(part for part in (identifier, config, split) if part)
            found = False
            for k, metric in enumerate(items(mapping(result).get("metrics"))):
                kind = text(mapping(metric).get("type")) or text(mapping(metric).get("name"))
                raw_value = mapping(metric).get("value")
                value = finite(number(raw_value)) if not isinstance(raw_value, bool) else None
                if kind is None or value is None:
                    notes.append(f"{where}.metrics[{k}]: no metric type or no numeric value "
                                 f"({raw_value!r}); skipped")
                    continue
                if value > 1 and kind.casefold() in _RATES:
                    notes.append(f"{raw} {kind} = {value:g} looks like a percentage; it is recorded as written")
                rows.append(MetricRow(raw, kind, value, qualifier, f"{where}.metrics[{k}]"))
                found = True
            if found:
                datasets.append((raw, Dataset(name=identifier, config=config, split=split,
                                              revision=text(data.get("revision")) or "")))
    return rows, datasets, names, notes
