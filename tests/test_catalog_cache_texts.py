"""A cached catalog keeps its texts in a table decoded on first read; it equals a fresh load in every field."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from compliance.model import EMPTY, Text
from compliance.resources import rulesets_dir
from compliance.rulesets import _cache_payload, _cached_catalog, read_rulesets

from .conftest import TEST_RULESETS


def _payload(root: Path) -> tuple[Any, dict[str, Any]]:
    loaded = read_rulesets(root)
    assert loaded.catalog is not None
    stored = json.loads(json.dumps(_cache_payload(loaded.expanded, loaded.catalog.vocabulary), ensure_ascii=False))
    return loaded.catalog, stored


@pytest.mark.parametrize("root", [rulesets_dir(), TEST_RULESETS], ids=["shipped", "engine-tests"])
def test_a_cached_catalog_equals_a_fresh_one(root: Path) -> None:
    fresh, stored = _payload(root)
    cached = _cached_catalog(stored)
    assert cached is not None
    assert cached == fresh  # every field of every record, texts compared by their items
    for ours, theirs in zip(cached.rulesets, fresh.rulesets, strict=True):
        for mine, other in zip(ours.requirements, theirs.requirements, strict=True):
            assert (mine.title, mine.summary, mine.remediation, mine.check) == \
                (other.title, other.summary, other.remediation, other.check)
            assert mine.title.as_json() == other.title.as_json() and bool(mine.test) == bool(other.test)


def test_the_texts_are_a_table_of_plain_values() -> None:
    _, stored = _payload(TEST_RULESETS)
    first = stored["rulesets"][0]["requirements"][0]["data"]
    assert type(first["title"]) is int  # a number in the table, not the text
    ends = stored["text_ends"]
    assert json.loads(stored["texts"][ends[first["title"]] - 1 if first["title"] else 0:ends[first["title"]]])


@pytest.mark.parametrize("change", [
    lambda p: p.update(texts=7),
    lambda p: p.update(text_ends=[1, "2"]),
    lambda p: p.update(text_ends=[*p["text_ends"][:-1], len(p["texts"]) + 1]),
    lambda p: p.update(text_ends=list(reversed(p["text_ends"]))),
    lambda p: p["rulesets"][0]["requirements"][0]["data"].update(title=10**6),
    lambda p: p["rulesets"][0]["requirements"][0]["data"].update(title="a text where a number belongs"),
    lambda p: p.pop("text_ends"),
], ids=["texts-not-a-string", "end-not-a-number", "ends-past-the-texts", "ends-unsorted", "number-past-the-table",
        "text-not-a-number", "no-ends"])
def test_a_malformed_text_table_is_a_miss(change: Any) -> None:
    _, stored = _payload(TEST_RULESETS)
    change(stored)
    assert _cached_catalog(stored) is None


def test_a_later_text_behaves_as_the_text_it_stands_for() -> None:
    reads: list[int] = []

    def source() -> object:
        reads.append(1)
        return {"zh": "数据 保护", "en": "Data protection"}

    later = Text.later(source)
    assert not reads  # nothing decoded until read
    made = Text.of({"en": "Data protection", "zh": "数据 保护"})
    assert later == made and hash(later) == hash(made) and repr(later) == repr(made)
    assert later.get("zh") == "数据保护" and reads == [1]
    assert later.items is later.items and reads == [1]  # made once
    for copied in (pickle.loads(pickle.dumps(Text.later(source))), copy.deepcopy(Text.later(source))):
        assert copied == made and "_source" not in vars(copied)
    assert not Text.later(lambda: "") and Text.later(lambda: "") == EMPTY
    assert Text.items == ()  # the class still reads as the field's default
