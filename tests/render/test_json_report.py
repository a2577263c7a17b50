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


class _Word(str):
    """A str of another type: marshal refuses it, so the memo writes it afresh every time."""


def test_a_memo_gives_each_value_its_own_text_however_equal_to_one_before() -> None:
    """`==` holds between True, 1 and 1.0, a list and a tuple, 0.0 and -0.0: their texts differ, and a memo keyed
    by equality would write the first one met for all of them."""
    memo = strict_json.CompactMemo()
    values: list[Any] = [True, 1, 1.0, {"a": True}, {"a": 1}, {"a": 1.0}, [1], (1,), [True], 0.0, -0.0,
                         {"b": [0.0]}, {"b": [-0.0]}, {"b": (False,)}, {"b": [0]}, math.nan, [math.inf], None,
                         _Word("x"), {"k": _Word("y")}, "x", {"k": "y"}, {2: "int key"}, {"2": "int key"}]
    for _ in range(2):
        for value in values:
            assert memo.compact(value) == _dumps(value), value
    assert [memo.compact(v) for v in (True, 1, 1.0, -0.0)] == ["true", "1", "1.0", "-0.0"]


def test_a_memo_writes_a_value_met_before_from_memory_and_empties_when_full() -> None:
    memo = strict_json.CompactMemo(limit=2)
    first = memo.compact({"status": "gap", "ids": ["a", "b"]})
    assert memo.compact({"status": "gap", "ids": ["a", "b"]}) is first  # the text kept, not written again
    assert memo.compact({"k": _Word("v")}) is not memo.compact({"k": _Word("v")})  # refused by marshal: afresh
    memo.compact([1])
    memo.compact([2])  # a third text: the memo was full, so it starts again
    assert memo.compact({"status": "gap", "ids": ["a", "b"]}) is not first
    assert memo.compact({"status": "gap", "ids": ["a", "b"]}) == first


@pytest.mark.parametrize("seed", range(2))
def test_deferred_items_through_one_memo_are_the_text_without_it(seed: int) -> None:
    """Lists of the same few items under many types, across many documents written with one memo."""
    rng = random.Random(seed)
    pool = [rng.choice([_scalar(rng), _value(rng, 2), {"x": _scalar(rng)}, [_scalar(rng)]]) for _ in range(40)]
    pool += [True, 1, 1.0, [True], [1], {"v": 1}, {"v": True}, {"v": 1.0}, {"v": -0.0}, {"v": 0.0}]
    memo = strict_json.CompactMemo(limit=25)
    for _ in range(200):
        items = [rng.choice(pool) for _ in range(rng.choice([0, 1, CHUNK, CHUNK + 1, 70]))]
        deferred = Deferred(lambda item, _: item, items, [[] for _ in items])
        value = {"findings": deferred, "n": len(items)}
        assert "".join(canonical_pieces(value, memo=memo)) == _dumps({**value, "findings": items})


def test_documents_written_with_one_memo_are_the_documents(catalog: Catalog) -> None:
    """Every example assessment, twice over, through one memo (a batch's worker): the same text as alone."""
    memo = strict_json.CompactMemo()
    assessments = _assessments(catalog)
    for assessment in [*assessments, *reversed(assessments)]:
        alone = "".join(canonical_pieces(document_parts(assessment)))
        assert "".join(canonical_pieces(document_parts(assessment), memo=memo)) == alone
