"""The card schema kept in the catalog cache is a hint like the catalog: the same schema as built afresh,
and an entry edited, not a mapping or not marshal data is a miss, built afresh."""

from __future__ import annotations

import json
import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from compliance import catalog_cache
from compliance.card_text import add_translations
from compliance.resources import PACKAGE_DIR, schema


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    schema.cache_clear()
    yield tmp_path / "cache"
    schema.cache_clear()


def _afresh() -> str:
    raw = (PACKAGE_DIR / "schemas" / "card.schema.json").read_bytes()
    return json.dumps(add_translations(json.loads(raw)))


def _read() -> str:
    schema.cache_clear()
    return json.dumps(schema("card"))


def test_the_cached_schema_is_the_one_built_afresh(cache: Path) -> None:
    assert _read() == _afresh()  # built, then written
    (entry,) = cache.glob("card-schema-*.marshal")
    assert _read() == _afresh()  # read from the entry
    assert list(cache.glob("card-schema-*.marshal")) == [entry]


def test_an_edited_entry_is_built_afresh(cache: Path) -> None:
    _read()
    (entry,) = cache.glob("card-schema-*.marshal")
    seal, body = entry.read_bytes().split(b"\n", 1)
    body = body.replace(b"prose", b"prosE")
    entry.write_bytes(seal + b"\n" + body)
    assert _read() == _afresh()


@pytest.mark.parametrize("content", [marshal.dumps(["not", "a", "mapping"]), b"\xffnot marshal"])
def test_a_sealed_entry_that_is_no_schema_is_built_afresh(cache: Path, content: bytes) -> None:
    _read()
    (entry,) = cache.glob("card-schema-*.marshal")
    key = entry.name.removeprefix("card-schema-").removesuffix(".marshal")
    catalog_cache.write_sealed(key, content, "card-schema", ".marshal")
    assert _read() == _afresh()
