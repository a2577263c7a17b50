"""The compact canonical JSON written in pieces is strict_json.dumps's text, whatever the value."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from compliance import strict_json
from compliance.catalog import Catalog
from compliance.model import Assessment
from compliance.pipeline import assess_card
from compliance.render import RenderOptions
from compliance.render.json_report import CHUNK, JsonRenderer, canonical_pieces
from compliance.report.document import Deferred, assessment_document, document_parts

_WORDS = ("", "a", "id", "Z", "é", "中文", "\u2028", "\x1b[2J", '"q"', "back\\slash", "tab\t", "😀", "key")


def _scalar(rng: random.Random) -> Any:
    return rng.choice([None, True, False, 0, -1, 2**70, 0.1, -0.0, 1e300, math.inf, -math.inf, math.nan,
                       rng.random(), rng.randint(-9, 9), rng.choice(_WORDS), rng.choice(_WORDS) * rng.randint(1, 3)])


def _value(rng: random.Random, depth: int) -> Any:
    """Lists and objects of every size around CHUNK (the top two levels; small ones below), nested, with the
    scalars JSON has and the floats it has not."""
    kind = rng.random()
    if depth > 3 or kind < 0.4:
        return _scalar(rng)
    sizes = [0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 3, rng.randint(0, 80)] if depth < 2 else [0, 1, 3]
    size = rng.choice(sizes)
    if kind < 0.7:
        return [_value(rng, depth + 1) for _ in range(size)]
    return {rng.choice(_WORDS) + str(rng.randint(0, 500)): _value(rng, depth + 1) for _ in range(size)}


def _dumps(value: Any) -> str:
    return strict_json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False)


@pytest.mark.parametrize("seed", range(4))
def test_pieces_join_to_the_compact_text(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        value = _value(rng, 0)
        assert "".join(canonical_pieces(value)) == _dumps(value)


def test_non_finite_floats_are_written_by_name_in_the_piece_that_holds_them() -> None:
    value = {"a": [math.nan] * (CHUNK + 2), "b": {"x": math.inf}, "c": list(range(3 * CHUNK))}
    text = "".join(canonical_pieces(value))
    assert text == _dumps(value)
    assert json.loads(text)["a"][0] == "NaN"


def test_a_value_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError):
        "".join(canonical_pieces({"a": [object()] * (CHUNK + 1)}))


def _assessments(catalog: Catalog) -> list[Assessment]:
    """The example cards' (each with facts, findings reading card fields, evidence), before and after most dates."""
    cards = sorted(Path("examples").glob("*/card.yaml"))
    return [assess_card(card, (), day, catalog) for card in cards for day in ("2024-01-01", "2028-09-01")]


def test_a_document_written_as_it_is_made_is_the_whole_document(catalog: Catalog) -> None:
    """The facts and findings made CHUNK at a time (`Deferred`) are what the whole document holds: the text, and
    the document's `fields` (which making them fills) written before `findings`."""
    renderer = JsonRenderer()
    for assessment in _assessments(catalog):
        for with_catalog in (False, True):
            whole = assessment_document(assessment, with_catalog)
            assert len(whole["findings"]) > CHUNK
            text = "".join(canonical_pieces(document_parts(assessment, with_catalog))) + "\n"
            assert text == _dumps(whole) + "\n"
            pieces = list(renderer.pieces(assessment, RenderOptions(with_catalog=with_catalog)))
            assert len(pieces) > len(whole["findings"]) // CHUNK
            assert b"".join(pieces) == text.encode("utf-8") == renderer.render(assessment, RenderOptions(
                with_catalog=with_catalog))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5])
def test_a_deferred_list_of_any_size_is_written_as_the_list(size: int) -> None:
    items = [f"item {i}" for i in range(size)]
    paths = [[f"path.{i}"] * (i % 3) for i in range(size)]

    def make(item: str, read: list[str]) -> dict[str, Any]:
        return {"name": item, "fields": read}

    deferred = Deferred(make, items, paths)
    assert deferred.made() == [make(i, p) for i, p in zip(items, paths, strict=True)]
    value = {"a": 1, "list": deferred, "z": [deferred.made()]}
    assert "".join(canonical_pieces(value)) == _dumps({**value, "list": deferred.made()})
