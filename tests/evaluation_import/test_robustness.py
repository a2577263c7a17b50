"""Truncated, corrupted and oddly typed evaluation files never crash a reader: each read either gives an
Evaluation whose every figure is a finite number under a schema-valid key, or one ComplianceError."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from compliance.errors import ComplianceError
from compliance.evaluation_import.formats import FORMATS, detect

from .conftest import GARAK, INSPECT_EVAL, INSPECT_JSON, LM_EVAL, SAMPLES

ODD: tuple[Any, ...] = (None, 1, -3, 2.5, True, [], {}, "x", ["a", 1], {"a": [1]}, "", "NaN", float("inf"))
KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _mutate(node: Any, rng: random.Random) -> None:
    if isinstance(node, dict) and node:
        key = rng.choice(sorted(node))
        if rng.random() < 0.5:
            node[key] = copy.deepcopy(rng.choice(ODD))
        else:
            _mutate(node[key], rng)
    elif isinstance(node, list) and node:
        index = rng.randrange(len(node))
        if rng.random() < 0.5:
            node[index] = copy.deepcopy(rng.choice(ODD))
        else:
            _mutate(node[index], rng)


def _variants() -> list[tuple[str, bytes]]:
    rng = random.Random(20261205)
    out: list[tuple[str, bytes]] = []
    for path in SAMPLES:
        raw = path.read_bytes()
        for cut in (1, len(raw) // 3, len(raw) // 2, len(raw) - 2):
            out.append((path.name, raw[:cut]))
        out.append((path.name, raw.replace(b"0", b"\x00", 1)))
    for path in (LM_EVAL, INSPECT_JSON):
        document = json.loads(path.read_text())
        for _ in range(40):
            mutated = copy.deepcopy(document)
            _mutate(mutated, rng)
            _mutate(mutated, rng)
            out.append((path.name, json.dumps(mutated).encode()))
    lines = [json.loads(line) for line in GARAK.read_text().splitlines()]
    for _ in range(40):
        mutated = copy.deepcopy(lines)
        _mutate(mutated, rng)
        out.append((GARAK.name, "\n".join(json.dumps(line) for line in mutated).encode()))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("header.json", "{not json")
    out.append((INSPECT_EVAL.name, archive.getvalue()))
    return out


@pytest.mark.parametrize(("name", "raw"), _variants())
def test_reads_or_refuses(name: str, raw: bytes) -> None:
    for format_id in FORMATS:
        try:
            evaluation = FORMATS[format_id].read(raw, name)
        except ComplianceError as error:
            assert str(error)
            continue
        assert evaluation.metrics
        assert all(KEY.match(k) and math.isfinite(v) for k, v in evaluation.metrics.items())
    with contextlib.suppress(ComplianceError):
        detect(raw, name)


def test_unfinished_inspect_archive_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "running.eval"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("_journal/start.json", json.dumps({"version": 2, "eval": {"task": "t"}}))
    with pytest.raises(ComplianceError, match="still running or was interrupted"):
        FORMATS["inspect"].read(archive.read_bytes(), archive.name)


def test_failed_inspect_run_is_not_evidence() -> None:
    document = json.loads(INSPECT_JSON.read_text())
    document["status"] = "error"
    with pytest.raises(ComplianceError, match="status is 'error'"):
        FORMATS["inspect"].read(json.dumps(document).encode(), INSPECT_JSON.name)
