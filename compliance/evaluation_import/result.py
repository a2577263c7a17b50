"""What an evaluation output says, whatever tool wrote it: metrics keyed by dataset, the datasets, the tool."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from ..errors import ComplianceError

SEPARATOR = "__"


@dataclass(frozen=True)
class Dataset:
    """One dataset (benchmark, task, probe) an evaluation ran, as the tool describes it."""

    name: str = ""                   # the dataset's identifier (Hugging Face path, probe, file)
    config: str = ""                 # dataset configuration or subset
    version: str = ""                # task or benchmark version as the tool reports it
    revision: str = ""               # dataset revision (commit) when recorded
    split: str = ""
    samples: int | None = None       # items evaluated
    samples_total: int | None = None  # items in the dataset, when a limit evaluated fewer
    n_shot: int | None = None

    def as_dict(self) -> dict[str, str | int]:
        """The fields the file gave, in declaration order."""
        out: dict[str, str | int] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in ("", None):
                out[f.name] = value
        return out


@dataclass(frozen=True)
class MetricRow:
    """One figure as the file names it: dataset, an optional qualifier (filter, detector, scorer, subgroup)
    and the metric."""

    dataset: str
    metric: str
    value: float
    qualifier: str = ""
    where: str = ""                  # where in the file, for messages

    @property
    def identity(self) -> tuple[str, str, str]:
        return self.dataset, self.qualifier, self.metric

    @property
    def key(self) -> str:
        parts = [key_part(self.dataset, self.where)]
        if self.qualifier:
            parts.append(key_part(self.qualifier, self.where))
        parts.append(key_part(self.metric, self.where))
        return SEPARATOR.join(parts)


@dataclass(frozen=True)
class Evaluation:
    """A parsed evaluation output."""

    format: str
    tool: str
    tool_version: str
    model: str
    date: str | None                 # YYYY-MM-DD when the file says when it ran
    metrics: Mapping[str, float]
    datasets: Mapping[str, Dataset]
    notes: tuple[str, ...] = ()


def key_part(name: str, where: str = "") -> str:
    """A name as one part of a metric key: lower-case ASCII letters, digits and single underscores."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    part = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
    if not part:
        at = f" ({where})" if where else ""
        raise ComplianceError(f"cannot make a metric key from {name!r}{at}: it has no ASCII letters or digits")
    return part if part[0].isalpha() else "n" + part


def finite(value: object) -> float | None:
    """A finite number, else None (booleans, strings such as 'N/A', NaN and infinities are not figures)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def metric_table(rows: Iterable[MetricRow], source: str) -> dict[str, float]:
    """Metrics by key. Two different figures never share a key: the same figure listed twice is kept once,
    anything else that would collide is an error naming both."""
    table: dict[str, float] = {}
    seen: dict[str, MetricRow] = {}
    for row in rows:
        key = row.key
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = row
            table[key] = row.value
            continue
        if earlier.identity == row.identity and earlier.value == row.value:
            continue
        if earlier.identity == row.identity:
            raise ComplianceError(f"{source}: {row.where or key} is given twice with different values "
                                  f"({earlier.value:g} and {row.value:g}); which one is the result is unclear")
        raise ComplianceError(f"{source}: {earlier.where or earlier.identity} and {row.where or row.identity} "
                              f"would both become metric {key}; two results are never merged into one key")
    return dict(sorted(table.items()))


def dataset_table(datasets: Iterable[tuple[str, Dataset]], source: str) -> dict[str, Dataset]:
    """Datasets by the key part their metrics start with; two different datasets never share one."""
    table: dict[str, tuple[str, Dataset]] = {}
    for raw, info in datasets:
        key = key_part(raw, raw)
        earlier = table.get(key)
        if earlier is None:
            table[key] = (raw, info)
        elif earlier[0] != raw:
            raise ComplianceError(f"{source}: datasets {earlier[0]!r} and {raw!r} would both become {key!r} "
                                  "in metric keys; two datasets are never merged")
        elif earlier[1] != info:
            raise ComplianceError(f"{source}: dataset {raw!r} is described twice, differently")
    return {k: v[1] for k, v in sorted(table.items())}
