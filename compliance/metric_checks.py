"""Figures of one evidence entry against a rule's metric checks: fixed values, named thresholds a card may
tune, declared units and ranges, and figures imported per dataset (`<dataset>[__<qualifier>]__<metric>`)
compared as the worst of them, their sum, or the largest gap between a subgroup and its overall figure."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from .model import EvidenceCheck, EvidenceEntry, MetricCheck, Reason, ThresholdSetting
from .records import record

SEPARATOR = "__"
ERROR_CODES = ("evidence.figure_out_of_range",)
_PASSES: dict[str, Callable[[float, float], bool]] = {
    "gte": lambda a, b: a >= b, "lte": lambda a, b: a <= b, "eq": lambda a, b: a == b}


@record
class Limit:
    """The value a figure is compared with, and where it came from."""

    value: float
    setting: ThresholdSetting | None

    def param(self, check: MetricCheck) -> dict[str, Any]:
        """The `limit` reason parameter: a fixed value, a threshold's default, or the card's value."""
        if not check.threshold:
            return {"kind": "fixed"}
        if self.setting is None:
            return {"kind": "default", "threshold": check.threshold}
        return {"kind": "card", "threshold": check.threshold, "default": check.value,
                "justification": self.setting.justification}


def limit_of(check: MetricCheck, settings: Mapping[str, ThresholdSetting]) -> Limit:
    setting = settings.get(check.threshold) if check.threshold else None
    return Limit(check.value if setting is None else setting.value, setting)


def _matching(metrics: Mapping[str, float], names: tuple[str, ...]) -> dict[str, float]:
    """Figures whose key is one of the names or ends in `__<name>` (`*`: every figure)."""
    if "*" in names:
        return dict(metrics)
    return {k: v for k, v in metrics.items()
            if any(k == n or k.endswith(SEPARATOR + n) for n in names)}


def _parts(key: str) -> list[str]:
    return key.split(SEPARATOR)


def _subgroup_pairs(figures: Mapping[str, float],
                    metrics: Mapping[str, float]) -> list[tuple[str, float, str, float]]:
    """(subgroup key, value, overall key, value) for every `<d>__<s>__<m>` whose `<d>__<m>` exists."""
    pairs = []
    for key, value in sorted(figures.items()):
        parts = _parts(key)
        if len(parts) == 3:
            overall = SEPARATOR.join((parts[0], parts[2]))
            if overall in metrics:
                pairs.append((key, value, overall, metrics[overall]))
    return pairs


@record
class _Compared:
    reasons: list[Reason]
    error: bool


def _out_of_range(check: MetricCheck, figures: Mapping[str, float], base: Mapping[str, Any]) -> list[Reason]:
    """Impossible figures (61.2 written for a rate, a negative count, NaN): an error, never compared."""
    low, high = check.range or (math.nan, math.nan)
    return [Reason("evidence.figure_out_of_range", {**base, "key": key, "actual": value, "unit": check.unit or "figure",
                                                    "low": low, "high": high if math.isfinite(high) else None})
            for key, value in sorted(figures.items()) if check.out_of_range(value)]


def _dataset(key: str) -> str:
    """The dataset a figure belongs to: the first part of a key with parts, none for a plain key."""
    parts = _parts(key)
    return parts[0] if len(parts) > 1 else ""


def _declared(check: MetricCheck, entry: EvidenceEntry, key: str) -> list[str]:
    """The dataset fields the check asks for that the entry does not record for this figure."""
    declared = entry.datasets.get(_dataset(key), {})
    return [f for f in check.datasets if declared.get(f) in (None, "")]


def _undeclared(check: MetricCheck, entry: EvidenceEntry, figures: Mapping[str, float],
                base: Mapping[str, Any]) -> list[Reason]:
    """Every figure's dataset declares the fields (a plain key names no dataset, so it cannot)."""
    reasons: dict[str, Reason] = {}
    for key in sorted(figures):
        missing = _declared(check, entry, key)
        dataset = _dataset(key)
        if not missing or (dataset or key) in reasons:
            continue
        reasons[dataset or key] = (
            Reason("evidence.dataset_undeclared", {**base, "dataset": dataset, "fields": missing}) if dataset
            else Reason("evidence.dataset_unnamed", {**base, "key": key}))
    return list(reasons.values())


def compare(check: MetricCheck, entry: EvidenceEntry, metrics: Mapping[str, float],
            settings: Mapping[str, ThresholdSetting], base: Mapping[str, Any]) -> _Compared:
    """Every unmet condition of one metric check on one entry; `error` when a figure is outside its range."""
    limit = limit_of(check, settings)
    params: dict[str, Any] = {**base, "metric": check.metric, "op": check.op, "value": limit.value,
                              "citation": check.citation.as_json()}
    fixed = not (check.threshold or check.over)  # the legal rulesets' checks keep their reasons' shape
    if not fixed:
        params["limit"] = limit.param(check)
    if not check.over:
        if check.metric not in metrics:
            return _Compared([Reason("evidence.metric_missing" if fixed else "evidence.figure_missing", params)],
                             False)
        figures = {check.metric: metrics[check.metric]}
    else:
        figures = _matching(metrics, check.names)
        if not figures:
            return _Compared([Reason("evidence.figures_none", params)], False)
    out_of_range = _out_of_range(check, figures, base)
    if out_of_range:
        return _Compared(out_of_range, True)
    if fixed:
        actual = figures[check.metric]
        failed = not _PASSES[check.op](actual, check.value)
        return _Compared([Reason("evidence.metric_failed", {**params, "actual": actual})] if failed else [], False)
    if check.aggregate == "present":
        # one figure from a dataset that declares the fields is enough
        if any(not _declared(check, entry, key) for key in figures):
            return _Compared([], False)
        return _Compared(_undeclared(check, entry, figures, base), False)
    reasons = _undeclared(check, entry, figures, base)
    passes = _PASSES[check.op]
    if check.aggregate == "sum":
        total = sum(figures.values())
        if not passes(total, limit.value):
            reasons.append(Reason("evidence.sum_failed", {**params, "actual": total, "count": len(figures)}))
    elif check.aggregate == "subgroup_gap":
        pairs = _subgroup_pairs(figures, metrics)
        if not pairs:
            return _Compared([*reasons, Reason("evidence.subgroups_none", params)], False)
        key, value, overall_key, overall = max(pairs, key=lambda p: (abs(p[1] - p[3]), p[0]))
        gap = abs(value - overall)
        if not passes(gap, limit.value):
            reasons.append(Reason("evidence.subgroup_gap_failed", {
                **params, "key": key, "figure": value, "overall_key": overall_key, "overall": overall,
                "actual": round(gap, 12)}))
    else:
        for key, value in sorted(figures.items()):
            if not passes(value, limit.value):
                reasons.append(Reason("evidence.figure_failed", {**params, "key": key, "actual": value}))
    return _Compared(reasons, False)


def entry_problems(check: EvidenceCheck, entry: EvidenceEntry, metrics: Mapping[str, float],
                   settings: Mapping[str, ThresholdSetting], base: Mapping[str, Any]) -> tuple[list[Reason], bool]:
    """The provenance and metric conditions of an evidence check on one entry, and whether a figure is an
    error (outside its declared range) rather than a gap."""
    reasons: list[Reason] = []
    missing = [f for f in check.source if not str(entry.source.get(f) or "").strip()]
    if missing:
        reasons.append(Reason("evidence.source_missing", {**base, "fields": missing}))
    error = False
    for metric in check.metrics:
        compared = compare(metric, entry, metrics, settings, base)
        reasons.extend(compared.reasons)
        error = error or compared.error
    return reasons, error


def carries(check: EvidenceCheck, metrics: Mapping[str, float]) -> bool:
    """Whether an entry holds a figure for every metric the check compares (a result of that evaluation)."""
    return bool(check.metrics) and all(
        _matching(metrics, m.names) if m.over else m.metric in metrics for m in check.metrics)
