"""A cached catalog keeps its texts and the requirement fields assessing does not read apart, each made on
first read; it equals a fresh load in every field."""

from __future__ import annotations

import copy
import hashlib
import json
import marshal
import pickle
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from compliance import catalog_cache
from compliance.card import _card_schema, card_schema
from compliance.catalog_stored import FACT_ROW, PART_BYTES, REQUIREMENT_ROW, description_parts, parts_of, stored_parts
from compliance.model import EMPTY, Requirement, Text
from compliance.resources import rulesets_dir
from compliance.rulesets import Catalog, _cache_entry, _cached_catalog, read_rulesets

from .conftest import TEST_RULESETS

KEY = "0" * 64


def _fresh(root: Path) -> Catalog:
    catalog = read_rulesets(root).catalog
    assert catalog is not None
    return catalog


Change = Callable[[dict[str, Any]], object]


def _stored(root: Path, change: Change = lambda p: None, describe: Change = lambda d: None) -> memoryview | None:
    """The catalog of `root` written to the cache (after `change` to its payload, its checks and texts as lists,
    and `describe` to what only describing reads) and read back."""
    loaded = read_rulesets(root)
    assert loaded.catalog is not None
    entry, described = _cache_entry(loaded.expanded, loaded.catalog.vocabulary)
    payload = _payload(entry)
    descriptions = {"requirements": [_part(described, payload["parts"], i) for i in range(_count(payload))]}
    change(payload)
    describe(descriptions)
    described, payload["parts"] = description_parts(descriptions["requirements"])
    payload["described"] = hashlib.sha256(described).hexdigest()
    after = b""
    for name in ("checks", "texts"):  # stored after the payload, in this order (a change may store them otherwise)
        if type(payload[name]) is list:
            stored, payload[name] = stored_parts(payload[name])
            after += stored
    catalog_cache.write_sealed(payload["described"], described, "described", ".marshal")
    catalog_cache.write_sealed(KEY, marshal.dumps(payload) + after, "catalog", ".marshal")
    return catalog_cache.read_sealed(KEY, "catalog", ".marshal")


def _payload(entry: bytes | memoryview) -> dict[str, Any]:
    """The catalog's entry as its marshalled core, with the checks and texts stored after it as lists of bytes."""
    payload = marshal.loads(entry)
    checks, texts = parts_of(memoryview(entry), payload)
    payload["checks"], payload["texts"] = [bytes(c) for c in checks], [bytes(t) for t in texts]
    return payload


def _count(payload: dict[str, Any]) -> int:
    """How many descriptions the catalog's entry names."""
    return len(payload["parts"]) // PART_BYTES


def _part(described: bytes, parts: bytes, number: int) -> bytes:
    """The marshalled description numbered `number` in the content of the descriptions' entry."""
    at = number * PART_BYTES
    offset, length = int.from_bytes(parts[at:at + 4], "big"), int.from_bytes(parts[at + 4:at + 8], "big")
    return described[offset:offset + length]


def _replaced(row: tuple[Any, ...], name: str, value: object) -> tuple[Any, ...]:
    """A stored requirement (a `REQUIREMENT_ROW`) with its field `name` replaced by `value`."""
    return tuple(value if field == name else stored for field, stored in zip(REQUIREMENT_ROW, row, strict=True))


def _each_row(change: Callable[[tuple[Any, ...]], tuple[Any, ...]]) -> Change:
    """`change` applied to every stored requirement of the payload."""
    def changed(payload: dict[str, Any]) -> None:
        for ruleset in payload["rulesets"]:
            ruleset["requirements"] = [change(row) for row in ruleset["requirements"]]
    return changed


def _cached(root: Path, change: Change = lambda p: None, afresh: Callable[[], Catalog] | None = None,
            describe: Change = lambda d: None) -> Catalog | None:
    return _cached_catalog(_stored(root, change, describe), afresh or partial(_fresh, root))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.mark.parametrize("root", [rulesets_dir(), TEST_RULESETS], ids=["shipped", "engine-tests"])
def test_a_cached_catalog_equals_a_fresh_one(root: Path) -> None:
    fresh = _fresh(root)
    cached = _cached(root)
    assert cached is not None
    assert cached == fresh  # every field of every record, texts compared by their items
    for ours, theirs in zip(cached.rulesets, fresh.rulesets, strict=True):
        for mine, other in zip(ours.requirements, theirs.requirements, strict=True):
            assert (mine.title, mine.summary, mine.remediation, mine.check) == \
                (other.title, other.summary, other.remediation, other.check)
            assert mine.title.as_json() == other.title.as_json() and bool(mine.test) == bool(other.test)


def test_the_entry_keeps_texts_and_what_assessing_does_not_read_apart() -> None:
    payload = _payload(_stored(TEST_RULESETS) or b"")
    row = payload["rulesets"][0]["requirements"][0]
    assert type(row) is tuple and len(row) == len(REQUIREMENT_ROW)
    first = dict(zip(REQUIREMENT_ROW, row, strict=True))
    assert type(first["applies_to"]) is tuple and first["severity"] in ("critical", "high", "medium", "low")
    evidence, _, manual = marshal.loads(payload["checks"][first["check"]])  # stored after the catalog, by its number
    assert evidence or manual
    assert len(payload["checks"]) == sum(len(r["requirements"]) for r in payload["rulesets"])
    described = bytes(catalog_cache.read_sealed(payload["described"], "described", ".marshal") or b"")
    description = marshal.loads(_part(described, payload["parts"], first["described"]))
    assert description["id"] == first["id"] and "check" not in description
    assert type(description["summary"]) is int  # its number among its own texts, not the text
    assert Text(marshal.loads(description["texts"][description["summary"]]))  # in the table only describing it reads
    assert not {"title", "citation", "interpretation"} & set(description)  # what a table shows is in the row
    assert Text(marshal.loads(payload["texts"][first["title"]])) and first["citation"] != first["title"]
    assert type(first["interpretation"]) is bool
    fact = dict(zip(FACT_ROW, payload["rulesets"][0]["header"]["facts"][0], strict=True))  # a row, as requirements
    assert Text(marshal.loads(payload["texts"][fact["title"]]))  # in the entry's own table
    assert _count(payload) == sum(len(r["requirements"]) for r in payload["rulesets"])
    for table in (payload["texts"], description["texts"]):
        assert len(table) == len(set(table))  # each text once


def test_assessing_reads_no_text_only_describing_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts only describing a requirement reads (most of the texts' bytes) are read, and so authenticated,
    only when the first is needed."""
    cached = _cached(rulesets_dir())
    assert cached is not None
    read: list[str] = []
    read_sealed, entry_parts = catalog_cache.read_sealed, catalog_cache.entry_parts
    monkeypatch.setattr(catalog_cache, "read_sealed", lambda key, kind, suffix: read.append(kind) or read_sealed(
        key, kind, suffix))
    monkeypatch.setattr(catalog_cache, "entry_parts", lambda key, kind, suffix: read.append(kind) or entry_parts(
        key, kind, suffix))
    for requirement in cached.requirements.values():
        assert requirement.check is not None and requirement.effective.from_
    assert [f.title.en for f in cached.facts.values()] and not read
    shown = [(q.title.en, q.citation.en, q.interpretation) for q in cached.requirements.values()]
    assert shown and any(interpretation for _, _, interpretation in shown) and not read  # what a table shows
    assert [q.summary.en for q in cached.requirements.values()] and read == ["described"]


def test_described_texts_missing_from_the_cache_are_read_afresh(tmp_path: Path) -> None:
    fresh = _fresh(TEST_RULESETS)
    asked: list[int] = []
    cached = _cached(TEST_RULESETS, afresh=lambda: asked.append(1) or fresh)
    for path in (tmp_path / "cache").glob("described-*.marshal"):
        path.unlink()
    assert cached is not None and cached.rulesets[0].requirements[0].check == fresh.rulesets[0].requirements[0].check
    assert not asked
    assert cached == fresh and asked


def test_every_description_is_read_from_the_cache() -> None:
    """The parts are found where the catalog's entry says (none is taken afresh), so the tests of tampering
    below fail for the reason they name."""
    fresh = _fresh(TEST_RULESETS)
    asked: list[int] = []
    cached = _cached(TEST_RULESETS, afresh=lambda: asked.append(1) or fresh)
    assert cached == fresh and not asked


@pytest.mark.parametrize("tamper", [
    lambda content: content[:-100],
    lambda content: content[:-40] + bytes(40),
    lambda content: b"",
    lambda content: content[len(content) // 2:] + content[:len(content) // 2],
], ids=["cut-short", "bytes-changed", "emptied", "parts-moved"])
def test_descriptions_that_are_not_those_the_catalog_names_are_read_afresh(
        tmp_path: Path, tamper: Callable[[bytes], bytes]) -> None:
    """A description is decoded only once its bytes match the digest the catalog's authenticated entry holds for
    it: the descriptions' entry changed after it was written (and sealed again, as its own seal is not what
    authenticates a part) is read afresh where it changed, never decoded."""
    fresh = _fresh(TEST_RULESETS)
    asked: list[int] = []
    cached = _cached(TEST_RULESETS, afresh=lambda: asked.append(1) or fresh)
    (path,) = (tmp_path / "cache").glob("described-*.marshal")
    _, _, body = path.read_bytes().partition(b"\n")
    key, _, content = body.partition(b"\n")
    edited = key + b"\n" + tamper(content)
    secret = (tmp_path / "state" / "compliance" / "catalog-cache.key").read_bytes()
    path.write_bytes(hashlib.blake2b(edited, digest_size=32, key=secret).hexdigest().encode() + b"\n" + edited)
    assert cached is not None and not asked
    assert cached == fresh and asked


def test_equal_schedules_and_conditions_are_stored_once() -> None:
    content = _stored(rulesets_dir())
    assert content is not None
    requirements = [q for r in marshal.loads(content)["rulesets"] for q in r["requirements"]]
    effective = REQUIREMENT_ROW.index("effective")
    assert len({id(q[effective]) for q in requirements}) < len(requirements) / 4


def test_equal_strings_are_stored_once() -> None:
    """marshal writes an object met again as a reference to it: equal strings made one object are decoded once."""
    payload = _payload(_stored(rulesets_dir()) or b"")
    requirements = [q for r in payload["rulesets"] for q in r["requirements"]]
    severity, roles = REQUIREMENT_ROW.index("severity"), REQUIREMENT_ROW.index("applies_to")
    assert len({id(q[severity]) for q in requirements}) == len({q[severity] for q in requirements}) <= 4
    assert len({id(role) for q in requirements for role in q[roles]}) == len({role for q in requirements
                                                                              for role in q[roles]})
    formats = [f for _, _, _, kind_formats, _ in payload["vocabulary"]["kinds"] for f in kind_formats]
    assert len({id(f) for f in formats}) == len(set(formats)) < len(formats)


def test_a_cached_requirement_builds_its_other_fields_when_first_read() -> None:
    cached, fresh = _cached(TEST_RULESETS), _fresh(TEST_RULESETS)
    assert cached is not None
    mine, other = cached.rulesets[0].requirements[0], fresh.rulesets[0].requirements[0]
    assert "check" not in vars(mine) and "title" not in vars(mine)
    assert mine.check == other.check and "title" not in vars(mine)
    assert mine.title == other.title and "citation" not in vars(mine)  # each field when first read
    assert (mine.citation, mine.crosswalk, mine.line) == (other.citation, other.crosswalk, other.line)
    for copied in (pickle.loads(pickle.dumps(cached.rulesets[0].requirements[1])),
                   copy.deepcopy(cached.rulesets[0].requirements[1])):
        assert copied == fresh.rulesets[0].requirements[1] and "_make" not in vars(copied)
    assert Requirement.chapter == EMPTY and Requirement.line is None  # the class reads as the defaults
    with pytest.raises(AttributeError):
        Requirement.title  # noqa: B018 (no default)


def _each(part: str, change: Callable[[Any], Any]) -> Change:
    """`change` applied to the marshalled `part` of every requirement: its check in the catalog's entry, or
    its description in the entry of what only describing reads."""
    if part == "check":
        return lambda p: p.update(checks=[marshal.dumps(change(marshal.loads(c))) for c in p["checks"]])

    def changed(found: dict[str, Any]) -> None:
        found["requirements"] = [marshal.dumps(change(marshal.loads(r))) for r in found["requirements"]]
    return changed


def _set(**values: object) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: {**d, **values}


@pytest.mark.parametrize(("change", "describe"), [
    (lambda p: None, _each("described", _set(summary=10**6))),
    (lambda p: None, _each("described", _set(summary=-1))),
    (lambda p: None, _each("described", _set(id="another requirement"))),
    (lambda p: None, lambda d: d["requirements"].reverse()),
    (lambda p: None, lambda d: d.update(requirements=[b"\x00" + r[1:] for r in d["requirements"]])),
    (_each("check", lambda c: None), lambda d: None),
    (_each("check", lambda c: ([("x", "high")], (), None)), lambda d: None),
    (_each("check", lambda c: {"evidence": [{"metrics": [{"metric": "x", "value": "high"}]}]}), lambda d: None),
    (lambda p: p.update(checks=[b"\x00" + c[1:] for c in p["checks"]]), lambda d: None),
    (_each_row(lambda r: _replaced(r, "check", 10**6)), lambda d: None),
    (_each_row(lambda r: _replaced(r, "check", -1)), lambda d: None),
    (_each_row(lambda r: _replaced(r, "title", 10**6)), lambda d: None),
    (_each_row(lambda r: _replaced(r, "title", -1)), lambda d: None),
    (_each_row(lambda r: _replaced(r, "citation", "a text where a number belongs")), lambda d: None),
    (_each_row(lambda r: _replaced(r, "interpretation", 1)), lambda d: None),
    (_each_row(lambda r: _replaced(r, "interpretation", None)), lambda d: None),
], ids=["text-past-the-table", "negative-text", "another-id", "descriptions-swapped", "description-not-marshal",
        "no-check", "wrong-check", "check-of-another-layout", "check-not-marshal", "check-past-the-checks",
        "negative-check", "title-past-the-table", "negative-title", "citation-not-a-number",
        "interpretation-a-number", "interpretation-none"])
def test_other_fields_that_do_not_build_are_read_afresh(change: Change, describe: Change) -> None:
    """The other fields are built when read, after the entry was accepted: one that does not build is taken
    from the rulesets read afresh, never an error."""
    fresh = _fresh(TEST_RULESETS)
    asked: list[int] = []
    cached = _cached(TEST_RULESETS, change, lambda: asked.append(1) or fresh, describe)
    assert cached is not None and not asked
    assert cached == fresh and asked


def _first_fact(payload: dict[str, Any], **values: object) -> None:
    """The first stored fact (a `FACT_ROW`) with the fields named replaced."""
    facts = payload["rulesets"][0]["header"]["facts"]
    facts[0] = tuple(values.get(name, stored) for name, stored in zip(FACT_ROW, facts[0], strict=True))


@pytest.mark.parametrize("change", [
    lambda p: _first_fact(p, title=10**6),
    lambda p: _first_fact(p, title=-1),
    lambda p: _first_fact(p, title="a text where a number belongs"),
    lambda p: _first_fact(p, note=10**6),
    lambda p: p["rulesets"][0]["header"]["facts"].__setitem__(0, ("a fact", "cut short")),
    lambda p: p.update(texts=("not", "stored", "as", "parts")),
    lambda p: p.update(texts=[]),
    lambda p: p.update(texts=bytes(4 * len(p["texts"])), checks=(1 << 31).to_bytes(4, sys.byteorder)),
    lambda p: p.update(checks=b"\x00" * 3),
], ids=["number-past-the-table", "negative-number", "text-not-a-number", "note-past-the-table", "fact-cut-short",
        "texts-not-stored-as-parts", "no-texts", "parts-longer-than-the-entry",
        "ends-cut-short"])
def test_a_text_outside_the_table_is_a_miss(change: Callable[[dict[str, Any]], object]) -> None:
    assert _cached(TEST_RULESETS, change) is None


@pytest.mark.parametrize("sealed", [
    b"",                                    # empty
    b"0" * 64,                              # a seal and nothing else
    b"0" * 64 + b"\n" + KEY.encode(),       # no line after the key
], ids=["empty", "seal-only", "key-only"])
def test_an_entry_of_another_shape_is_a_miss(tmp_path: Path, sealed: bytes) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f"catalog-{KEY}.marshal").write_bytes(sealed)
    assert catalog_cache.read_sealed(KEY, "catalog", ".marshal") is None


def test_an_entry_naming_another_key_is_a_miss(tmp_path: Path) -> None:
    catalog_cache.write_sealed("1" * 64, b"content", "catalog", ".marshal")
    (tmp_path / "cache" / f"catalog-{'1' * 64}.marshal").rename(tmp_path / "cache" / f"catalog-{KEY}.marshal")
    assert catalog_cache.read_sealed(KEY, "catalog", ".marshal") is None
    catalog_cache.write_sealed(KEY, b"content", "catalog", ".marshal")
    assert catalog_cache.read_sealed(KEY, "catalog", ".marshal") == b"content"


def test_json_entries_round_trip() -> None:
    catalog_cache.write(KEY, {"a": 1, "b": ["x", {"en": "y", "zh": "是"}]}, "document")
    assert catalog_cache.read(KEY, "document") == {"a": 1, "b": ["x", {"en": "y", "zh": "是"}]}
    catalog_cache.write_sealed(KEY, b"[1, 2]", "document", ".json")  # JSON, not an object
    assert catalog_cache.read(KEY, "document") is None


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



@pytest.mark.parametrize("root", [rulesets_dir(), TEST_RULESETS], ids=["shipped", "engine-tests"])
def test_a_cached_catalog_gives_the_card_schema_a_fresh_one_builds(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry holds the card schema filled in with its vocabulary: a card is checked with it, neither the shipped
    schema read nor its translations made, and it is the one (keys in the same order) built from them afresh."""
    cached = _cached(root)
    assert cached is not None

    def unread(name: str) -> None:
        raise AssertionError(f"the shipped schema {name} was read")

    monkeypatch.setattr("compliance.card.schema", unread)
    kept = _card_schema(cached.vocabulary)
    monkeypatch.undo()
    assert json.dumps(kept) == json.dumps(card_schema(_fresh(root).vocabulary))
    assert '"intended_purpose_zh"' in json.dumps(kept)  # with its translations


@pytest.mark.parametrize("value", [None, ["not", "a", "mapping"], "card"], ids=["none", "list", "text"])
def test_an_entry_whose_card_schema_is_no_mapping_is_a_miss(value: object) -> None:
    assert _cached(TEST_RULESETS, lambda p: p.update(card_schema=value)) is None


def test_an_entry_without_the_card_schema_is_a_miss() -> None:
    """An entry of the layout before: read afresh, and written again with it."""
    assert _cached(TEST_RULESETS, lambda p: p.pop("card_schema")) is None


def test_an_entry_whose_rows_are_of_the_layout_before_is_a_miss() -> None:
    """A requirement row of format 13 (no title, citation or interpretation) is a miss, not a row read short."""
    assert _cached(TEST_RULESETS, _each_row(lambda r: r[:REQUIREMENT_ROW.index("title")])) is None
