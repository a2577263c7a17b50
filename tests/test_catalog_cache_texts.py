"""A cached catalog keeps its texts apart, each decoded on first read; it equals a fresh load in every field."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compliance import catalog_cache
from compliance.model import EMPTY, Text
from compliance.resources import rulesets_dir
from compliance.rulesets import _cache_entry, _cached_catalog, read_rulesets

from .conftest import TEST_RULESETS

KEY = "0" * 64


def _stored(root: Path, change: Callable[[dict[str, Any]], object] = lambda p: None) -> catalog_cache.Entry | None:
    """The catalog of `root` written to the cache (after `change` to its payload) and read back."""
    loaded = read_rulesets(root)
    assert loaded.catalog is not None
    payload, texts = _cache_entry(loaded.expanded, loaded.catalog.vocabulary)
    change(payload)
    catalog_cache.write(KEY, payload, values=texts)
    return catalog_cache.read_entry(KEY)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.mark.parametrize("root", [rulesets_dir(), TEST_RULESETS], ids=["shipped", "engine-tests"])
def test_a_cached_catalog_equals_a_fresh_one(root: Path) -> None:
    fresh = read_rulesets(root).catalog
    cached = _cached_catalog(_stored(root))
    assert cached is not None and fresh is not None
    assert cached == fresh  # every field of every record, texts compared by their items
    for ours, theirs in zip(cached.rulesets, fresh.rulesets, strict=True):
        for mine, other in zip(ours.requirements, theirs.requirements, strict=True):
            assert (mine.title, mine.summary, mine.remediation, mine.check) == \
                (other.title, other.summary, other.remediation, other.check)
            assert mine.title.as_json() == other.title.as_json() and bool(mine.test) == bool(other.test)


def test_the_entry_is_json_with_the_texts_apart(tmp_path: Path) -> None:
    _stored(TEST_RULESETS)
    (path,) = (tmp_path / "cache").glob("catalog-*.json")
    body = json.loads(path.read_bytes().partition(b"\n")[2])
    first = body["payload"]["rulesets"][0]["requirements"][0]["data"]
    assert type(first["title"]) is int  # its number among the values, not the text
    assert Text.of(body["values"][first["title"]])
    assert len(body["values"]) == len(set(map(json.dumps, body["values"])))  # each text once


@pytest.mark.parametrize("change", [
    lambda p: p["rulesets"][0]["requirements"][0]["data"].update(title=10**6),
    lambda p: p["rulesets"][0]["requirements"][0]["data"].update(title=-1),
    lambda p: p["rulesets"][0]["requirements"][0]["data"].update(title="a text where a number belongs"),
], ids=["number-past-the-table", "negative-number", "text-not-a-number"])
def test_a_text_outside_the_table_is_a_miss(change: Callable[[dict[str, Any]], object]) -> None:
    assert _cached_catalog(_stored(TEST_RULESETS, change)) is None


@pytest.mark.parametrize("body", [
    b'{"key": "KEY", "ends": [], "payload": {}}',                               # one line
    b'{"key": "KEY", "ends": [], "payload": {},\n"values": []',                 # cut short
    b'{"key": "KEY", "ends": [13], "payload": {},\n"values": []}',              # an end past the values
    b'{"key": "KEY", "ends": [16, 14], "payload": {},\n"values": [1, 2]}',      # ends unsorted
    b'{"key": "KEY", "ends": [12.5], "payload": {},\n"values": [1]}',           # an end not a number
    b'{"key": "KEY", "ends": [], "payload": [],\n"values": []}',                # a payload not an object
    b'{"key": "other", "ends": [], "payload": {},\n"values": []}',              # another key
    b'{"key": "KEY", "ends": [], "payload": {"a": "\xff"},\n"values": []}',       # not UTF-8
], ids=["one-line", "cut-short", "end-past", "unsorted", "float-end", "list-payload", "other-key", "not-utf-8"])
def test_an_entry_of_another_shape_is_a_miss(body: bytes) -> None:
    try:
        entry = catalog_cache._entry("KEY", body)
    except ValueError:  # read_entry turns it into a miss
        entry = None
    assert entry is None


def test_values_are_read_one_by_one() -> None:
    catalog_cache.write(KEY, {"a": 1}, values=["x", {"en": "y", "zh": "是"}, [1, None]])
    entry = catalog_cache.read_entry(KEY)
    assert entry is not None and entry.payload == {"a": 1} and len(entry.values) == 3
    assert [entry.values.value(i) for i in range(3)] == ["x", {"en": "y", "zh": "是"}, [1, None]]
    assert catalog_cache.read(KEY) == {"a": 1}


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
